/*
 * Fontconfig's answer for a family, remembered between runs.
 *
 * Loading fontconfig's configuration parses some fifty XML files with expat; for a short
 * article it was 44 % of a build's instructions (tests/bench/PROFILE.md). The answer it gives
 * for a family (the file of each face) changes only when the configuration, a font folder or
 * a font file changes, so it is kept in a small text file and reused while everything it was
 * drawn from is unchanged, the way fontconfig validates its own caches (by modification times)
 * and git its index (a "racy" entry, changed within the last seconds, is never trusted).
 *
 * A memo records: the environment fontconfig reads, every configuration file and folder it
 * loaded, every font folder it knows (present or not), the user's configuration places that
 * did not exist, and the chosen font files, each with device, inode, size, mtime and ctime.
 * One changed, added or removed entry and the memo is ignored and rewritten. Nothing else is
 * trusted from it: a damaged or foreign file is a miss, never an error, and the font files
 * are opened afterwards as on any build.
 */

#include "fonts_int.h"

#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MEMO_MAGIC "epubpack-font-memo 1"
#define MEMO_MAX (256 * 1024)
/* Entries modified this recently are not trusted: a file system stamps times at a clock tick
 * (coarse on Linux), so a change in the same tick as the memo would go unseen. (ctime is
 * compared, not judged racy: a test or an installer may set mtimes in the past, never
 * ctimes, and a change of content moves the mtime.) */
#define MEMO_RACY_SECONDS 2

/* Variables that change fontconfig's configuration or its default language. */
static const char *const memo_env[] = {"FONTCONFIG_FILE",
                                       "FONTCONFIG_PATH",
                                       "FONTCONFIG_SYSROOT",
                                       "HOME",
                                       "XDG_CONFIG_HOME",
                                       "XDG_DATA_HOME",
                                       "XDG_CACHE_HOME",
                                       "FC_LANG",
                                       "LC_ALL",
                                       "LC_CTYPE",
                                       "LANG"};

char *epi_font_memo_dir(const char *option)
{
    const char *env;

    if (option)
        return option[0] ? epi_strdup(option) : NULL;
    env = getenv("EPUBPACK_CACHE_DIR");
    if (env)
        return env[0] ? epi_strdup(env) : NULL;
    env = getenv("XDG_CACHE_HOME");
    if (env && env[0] == '/')
        return epi_path_join(env, "epubpack");
    env = getenv("HOME");
    if (env && env[0] == '/')
        return epi_path_join(env, ".cache/epubpack");
    return NULL;
}

/* The lookup key: the family and the environment, one line each variable. */
static bool memo_key(const char *family, epi_buf *key)
{
    if (strchr(family, '\n') || !epi_buf_printf(key, "family %s\n", family))
        return false;
    for (size_t i = 0; i < sizeof memo_env / sizeof memo_env[0]; i++) {
        const char *v = getenv(memo_env[i]);
        if (v && (strchr(v, '\n') || !epi_buf_printf(key, "env %s=%s\n", memo_env[i], v)))
            return false;
    }
    return true;
}

/* dir/fonts-<FNV-1a 64 of the key>: one memo per family and environment. */
static char *memo_path(const char *dir, const epi_buf *key)
{
    uint64_t h = 0xcbf29ce484222325u;
    char name[32];

    for (size_t i = 0; i < key->len; i++)
        h = (h ^ (unsigned char)key->data[i]) * 0x100000001b3u;
    snprintf(name, sizeof name, "fonts-%016llx", (unsigned long long)h);
    return epi_path_join(dir, name);
}

/* One entry's identity as a line "stat DEV INO SIZE MS MNS CS CNS PATH" or "absent PATH". */
static bool stat_line(epi_buf *b, const char *path, time_t racy_after, bool *racy)
{
    struct stat sb;

    if (strchr(path, '\n'))
        return false;
    if (stat(path, &sb) != 0)
        return epi_buf_printf(b, "absent %s\n", path);
    if (racy && sb.st_mtim.tv_sec >= racy_after)
        *racy = true;
    /* All as unsigned, as entry_holds() reads them back (a time before 1970 wraps alike). */
    return epi_buf_printf(
        b, "stat %llu %llu %llu %llu %llu %llu %llu %s\n", (unsigned long long)sb.st_dev,
        (unsigned long long)sb.st_ino, (unsigned long long)sb.st_size,
        (unsigned long long)sb.st_mtim.tv_sec, (unsigned long long)sb.st_mtim.tv_nsec,
        (unsigned long long)sb.st_ctim.tv_sec, (unsigned long long)sb.st_ctim.tv_nsec, path);
}

static bool stat_list(epi_buf *b, FcStrList *list, time_t racy_after, bool *racy)
{
    FcChar8 *s;
    bool ok = list != NULL;

    while (ok && (s = FcStrListNext(list)))
        ok = stat_line(b, (const char *)s, racy_after, racy);
    FcStrListDone(list);
    return ok;
}

/* Configuration places of the user that fontconfig's 50-user.conf includes when present. */
static bool user_places(epi_buf *b, time_t racy_after, bool *racy)
{
    static const char *const xdg[] = {"fontconfig/fonts.conf", "fontconfig/conf.d"};
    static const char *const home[] = {".fonts.conf", ".fonts.conf.d", ".config/fontconfig"};
    const char *cfg = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");
    bool ok = true;

    for (size_t i = 0; ok && cfg && cfg[0] && i < sizeof xdg / sizeof xdg[0]; i++) {
        char *p = epi_path_join(cfg, xdg[i]);
        ok = p && stat_line(b, p, racy_after, racy);
        free(p);
    }
    for (size_t i = 0; ok && h && h[0] && i < sizeof home / sizeof home[0]; i++) {
        char *p = epi_path_join(h, home[i]);
        ok = p && stat_line(b, p, racy_after, racy);
        free(p);
        if (ok && i == 2) { /* ~/.config/fontconfig/{fonts.conf,conf.d} */
            for (size_t j = 0; ok && j < sizeof xdg / sizeof xdg[0]; j++) {
                char *q = epi_path_join(h, j ? ".config/fontconfig/conf.d"
                                             : ".config/fontconfig/fonts.conf");
                ok = q && stat_line(b, q, racy_after, racy);
                free(q);
            }
        }
    }
    return ok;
}

/* Reads the whole memo file; NULL when absent, too large or unreadable, and when someone
 * else could have written it: a memo names the font files to embed, so one planted in a
 * shared cache folder (EPUBPACK_CACHE_DIR=/tmp) must not be trusted. It must belong to this
 * user and be writable by no one else. */
static char *read_memo(const char *path)
{
    char *data = NULL;
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

    if (fd < 0)
        return NULL;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_uid == geteuid() &&
        !(sb.st_mode & (S_IWGRP | S_IWOTH)) && sb.st_size > 0 && sb.st_size < MEMO_MAX) {
        size_t n = (size_t)sb.st_size;
        data = malloc(n + 1);
        if (data && read(fd, data, n) == (ssize_t)n) {
            data[n] = '\0';
        } else {
            free(data);
            data = NULL;
        }
    }
    close(fd);
    return data;
}

/* True when the line `line` (NUL-terminated, without its newline) describes its path as it
 * is now. The fields are compared as numbers: formatting a line per entry to compare text was
 * most of a warm build's font stage. */
static bool entry_holds(const char *line)
{
    unsigned long long f[7];
    const char *p = line + 5;
    struct stat sb;
    char *e;

    if (strncmp(line, "absent ", 7) == 0)
        return stat(line + 7, &sb) != 0;
    if (strncmp(line, "stat ", 5) != 0)
        return false;
    for (int i = 0; i < 7; i++) {
        if (*p < '0' || *p > '9')
            return false;
        errno = 0;
        f[i] = strtoull(p, &e, 10);
        if (errno || *e != ' ')
            return false;
        p = e + 1;
    }
    return *p && stat(p, &sb) == 0 && f[0] == (unsigned long long)sb.st_dev &&
           f[1] == (unsigned long long)sb.st_ino && f[2] == (unsigned long long)sb.st_size &&
           f[3] == (unsigned long long)sb.st_mtim.tv_sec &&
           f[4] == (unsigned long long)sb.st_mtim.tv_nsec &&
           f[5] == (unsigned long long)sb.st_ctim.tv_sec &&
           f[6] == (unsigned long long)sb.st_ctim.tv_nsec;
}

bool epi_font_memo_load(const char *dir, const char *family, epi_font_files *out)
{
    epi_buf key = {0};
    char *path = NULL, *data = NULL, *line, *end;
    const char *expect = NULL;
    bool ok = false, ended = false;

    memset(out, 0, sizeof *out);
    if (!dir || !memo_key(family, &key) || !(path = memo_path(dir, &key)) ||
        !(data = read_memo(path)))
        goto out;
    /* Header, then the key verbatim, then faces and entries, then "end". */
    if (strncmp(data, MEMO_MAGIC "\n", sizeof MEMO_MAGIC) != 0)
        goto out;
    line = data + sizeof MEMO_MAGIC;
    {
        char ver[32];
        int n = snprintf(ver, sizeof ver, "fontconfig %d\n", FcGetVersion());
        if (n < 0 || strncmp(line, ver, (size_t)n) != 0)
            goto out;
        line += n;
    }
    if (strncmp(line, key.data, key.len) != 0)
        goto out;
    line += key.len;
    for (; *line; line = end + 1) {
        size_t len;
        end = strchr(line, '\n');
        if (!end)
            goto out;
        len = (size_t)(end - line);
        /* A face line is followed by the stat line of that very file. */
        if (expect) {
            size_t pl = strlen(expect);
            if (len < 5 + pl + 1 || memcmp(line, "stat ", 5) != 0 ||
                memcmp(end - pl - 1, " ", 1) != 0 || memcmp(end - pl, expect, pl) != 0)
                goto out;
            expect = NULL;
        }
        if (len == 3 && memcmp(line, "end", 3) == 0) {
            ended = end[1] == '\0';
            break;
        }
        if (len > 5 && memcmp(line, "face ", 5) == 0) {
            char *p;
            long k = strtol(line + 5, &p, 10), index;
            if (k < 0 || k >= EPI_FACE_COUNT || *p != ' ' || out->path[k])
                goto out;
            index = strtol(p + 1, &p, 10);
            if (index < 0 || index > 0xffff || *p != ' ' || p + 1 >= end)
                goto out;
            out->index[k] = (int)index;
            out->path[k] = epi_strndup(p + 1, (size_t)(end - p - 1));
            if (!out->path[k])
                goto out;
            expect = out->path[k];
        } else {
            bool holds;
            *end = '\0';
            holds = entry_holds(line);
            *end = '\n';
            if (!holds)
                goto out;
        }
    }
    ok = ended && !expect && out->path[EPI_FACE_REGULAR] != NULL;
out:
    if (!ok)
        epi_font_files_free(out);
    epi_buf_free(&key);
    free(path);
    free(data);
    return ok;
}

/* mkdir -p for the cache folder (mode 0700, as fontconfig and the XDG layout use). */
static bool make_dirs(char *dir)
{
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            *p = '/';
            return false;
        }
        *p = '/';
    }
    return mkdir(dir, 0700) == 0 || errno == EEXIST;
}

void epi_font_memo_save(const char *dir, const char *family, void *fc_config,
                        const epi_font_files *files)
{
    FcConfig *cfg = fc_config;
    epi_buf b = {0}, key = {0};
    char *path = NULL, *tmp = NULL, *d = NULL;
    bool racy = false, ok;
    time_t racy_after = time(NULL) - MEMO_RACY_SECONDS;
    int fd = -1;

    if (!dir || !memo_key(family, &key) || !(path = memo_path(dir, &key)))
        goto out;
    ok = epi_buf_printf(&b, "%s\nfontconfig %d\n", MEMO_MAGIC, FcGetVersion()) &&
         epi_buf_append(&b, key.data, key.len);
    for (int k = 0; ok && k < EPI_FACE_COUNT; k++)
        if (files->path[k])
            ok = !strchr(files->path[k], '\n') &&
                 epi_buf_printf(&b, "face %d %d %s\n", k, files->index[k], files->path[k]) &&
                 stat_line(&b, files->path[k], racy_after, &racy);
    ok = ok && stat_list(&b, FcConfigGetConfigFiles(cfg), racy_after, &racy) &&
         stat_list(&b, FcConfigGetConfigDirs(cfg), racy_after, &racy) &&
         stat_list(&b, FcConfigGetFontDirs(cfg), racy_after, &racy) &&
         user_places(&b, racy_after, &racy) && epi_buf_printf(&b, "end\n");
    if (!ok || racy || b.len >= MEMO_MAX) /* too large to be read back: not worth writing */
        goto out;
    /* Written whole to a fresh file, then renamed over the old one: readers running at the
     * same time (batch threads, other processes) see the old memo or the new one. */
    d = epi_strdup(dir);
    tmp = malloc(strlen(path) + sizeof ".XXXXXX");
    if (!d || !tmp || !make_dirs(d))
        goto out;
    strcpy(tmp, path);
    strcat(tmp, ".XXXXXX");
    fd = mkstemp(tmp);
    if (fd < 0)
        goto out;
    if (write(fd, b.data, b.len) != (ssize_t)b.len || close(fd) != 0 || rename(tmp, path) != 0)
        unlink(tmp);
    fd = -1;
out:
    if (fd >= 0)
        close(fd);
    free(d);
    free(tmp);
    free(path);
    epi_buf_free(&key);
    epi_buf_free(&b);
}
