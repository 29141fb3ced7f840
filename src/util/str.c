/* Small string and file helpers. */
#include "util/str.h"
#include "util/buf.h"
#include "util/error.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

char *epi_strdup(const char *s)
{
    return s ? epi_strndup(s, strlen(s)) : NULL;
}

char *epi_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *epi_path_join(const char *dir, const char *name)
{
    if (!dir || !*dir || (name && name[0] == '/'))
        return epi_strdup(name);
    size_t dl = strlen(dir), nl = strlen(name);
    bool slash = dir[dl - 1] == '/';
    char *p = malloc(dl + nl + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, dl);
    if (!slash)
        p[dl++] = '/';
    memcpy(p + dl, name, nl + 1);
    return p;
}

/* epi_file_read, and the file's status in *sb, from the descriptor that was read. */
static ep_status read_file(const char *path, char **data, size_t *len, struct stat *sb_out,
                           ep_error *err)
{
    ep_status st = EP_OK;
    char *buf = NULL;
    FILE *f = fopen(path, "rb");
    struct stat sb;

    *data = NULL;
    *len = 0;
    if (!f) {
        st = epi_fail_sys(err, EP_ERR_IO, errno, path, "cannot open: %s", strerror(errno));
        goto out;
    }
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        st = epi_fail(err, EP_ERR_IO, path, 0, 0, "not a regular file");
        goto out;
    }
    size_t cap = (size_t)sb.st_size + 1, n = 0;
    buf = malloc(cap);
    if (!buf) {
        st = epi_fail(err, EP_ERR_NOMEM, path, 0, 0, "out of memory reading the file");
        goto out;
    }
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
        /* The file grew while we read it: room for more (and the NUL). */
        char *p = epi_grow(buf, &cap, n + 1, 1, 0);
        if (!p) {
            st = epi_fail(err, EP_ERR_NOMEM, path, 0, 0, "out of memory reading the file");
            goto out;
        }
        buf = p;
    }
    if (ferror(f)) {
        st = epi_fail_sys(err, EP_ERR_IO, errno, path, "read error: %s", strerror(errno));
        goto out;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    buf = NULL;
    if (sb_out)
        *sb_out = sb;
out:
    free(buf);
    if (f)
        fclose(f);
    return st;
}

ep_status epi_file_read(const char *path, char **data, size_t *len, ep_error *err)
{
    return read_file(path, data, len, NULL, err);
}

ep_status epi_input_read(epi_ctx *ctx, const char *path, char **data, size_t *len, time_t *newest)
{
    struct stat sb;
    ep_status st = read_file(path, data, len, &sb, ctx->err);

    if (st != EP_OK)
        return st;
    if (ctx->output.set && sb.st_dev == ctx->output.dev && sb.st_ino == ctx->output.ino) {
        free(*data);
        *data = NULL;
        *len = 0;
        return epi_fail(ctx->err, EP_ERR_IO, path, 0, 0,
                        "this input file is also the output '%s': the build would replace it; "
                        "choose another output name (-o)",
                        ctx->output.name ? ctx->output.name : "");
    }
    if (newest && sb.st_mtime > *newest)
        *newest = sb.st_mtime;
    return EP_OK;
}

const char *epi_ci_find(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; s && *s; s++)
        if (!strncasecmp(s, w, n))
            return s;
    return NULL;
}

int epi_line_at(const char *s, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n')
            line++;
    return line;
}
