/*
 * Allocation-failure test (issue 5): builds BOOK once per N = 1, 2, … with the Nth allocation
 * of the library's own code failing, until a build runs without reaching N. Every failed build
 * must return EP_ERR_NOMEM (an allocation failure reported as bad input or as a checker finding
 * is a masked bug) with a message, and leave neither the output nor a temporary file behind. A
 * build that recovers must write exactly the reference EPUB (builds are reproducible). Under
 * ASan/LSan the process must also end without leaks.
 *
 * usage: failmalloc_driver BOOK [FONT]   (FONT defaults to "none"; env EP_FM_STEP=k tests every
 * kth N only, EP_FM_FIRST=n starts at n, EP_FM_LAST=m stops after m — to bisect a leak report;
 * CI tests every N). EP_FM_FRESH=1 runs each build in a new process, so that each is its
 * process's first: the first book of a process that hyphenates loads a dictionary cut to its
 * words (src/typeset/hyphen_subset.c), the others share the process's.
 */
#include "epubpack.h"
#include "failmalloc.h"

#include <dirent.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void ignore_diag(void *ud, const ep_diag *d)
{
    (void)ud;
    (void)d;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        *len = (size_t)n;
    fclose(f);
    return buf;
}

static int dir_is_empty(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int empty = 1;
    if (!d)
        return 0;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = 0;
    closedir(d);
    return empty;
}

typedef struct result {
    ep_status st;
    unsigned long used; /* allocations the build made */
    ep_error err;
} result;

/* Builds `book` into `out` with the `fail_at`th allocation failing (0: none); with `fresh`, in a
 * child process. False: the child did not end cleanly (LSan's exit status on a leak). */
static int build(const ep_options *opt, const char *book, const char *out, unsigned long fail_at,
                 int fresh, result *r)
{
    if (!fresh) {
        epi_fm_count = 0;
        epi_fm_fail_at = fail_at;
        r->st = ep_build(opt, book, out, NULL, &r->err);
        r->used = epi_fm_count;
        epi_fm_fail_at = 0;
        return 1;
    }
    int fd[2], status = 0;
    if (pipe(fd) != 0)
        return 0;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        build(opt, book, out, fail_at, 0, r);
        exit(write(fd[1], r, sizeof *r) == (ssize_t)sizeof *r ? 0 : 3);
    }
    close(fd[1]);
    ssize_t got = pid > 0 ? read(fd[0], r, sizeof *r) : -1;
    close(fd[0]);
    if (pid > 0)
        waitpid(pid, &status, 0);
    return got == (ssize_t)sizeof *r && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
    char dir[] = "/tmp/ep-failmalloc.XXXXXX", out[64];
    unsigned long step = 1, n, failures = 0, oks = 0;
    const char *env;
    int rc = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s BOOK [FONT]\n", argv[0]);
        return 2;
    }
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    snprintf(out, sizeof out, "%s/out.epub", dir);
    if ((env = getenv("EP_FM_STEP")) && atol(env) > 0)
        step = (unsigned long)atol(env);
    n = (env = getenv("EP_FM_FIRST")) && atol(env) > 0 ? (unsigned long)atol(env) : 1;
    int fresh = (env = getenv("EP_FM_FRESH")) && atoi(env) > 0;

    /* One options object for every build, made while no failure is injected. */
    epi_fm_fail_at = 0;
    ep_options *opt = ep_options_new();
    if (!opt || ep_options_set_font(opt, argc > 2 ? argv[2] : "none") != EP_OK ||
        ep_options_set_diag(opt, ignore_diag, NULL) != EP_OK) {
        fprintf(stderr, "out of memory\n");
        return 2;
    }

    /* The reference: no failure injected. */
    unsigned char *ref = NULL;
    size_t ref_len = 0;
    {
        result r;
        if (!build(opt, argv[1], out, 0, fresh, &r) || r.st != EP_OK ||
            !(ref = slurp(out, &ref_len))) {
            fprintf(stderr, "reference build failed: %s: %s\n", r.err.path, r.err.message);
            return 1;
        }
        unlink(out);
    }

    unsigned long last =
        (env = getenv("EP_FM_LAST")) && atol(env) > 0 ? (unsigned long)atol(env) : 0;
    for (; !last || n <= last; n += step) {
        result r;
        if (!build(opt, argv[1], out, n, fresh, &r)) {
            fprintf(stderr, "N=%lu: the build's process did not end cleanly\n", n);
            rc = 1;
            break;
        }
        ep_status st = r.st;
        unsigned long used = r.used;
        const ep_error err = r.err;
        if (st == EP_OK) {
            size_t got_len = 0;
            unsigned char *got = slurp(out, &got_len);
            if (!got || got_len != ref_len || memcmp(got, ref, ref_len) != 0) {
                fprintf(stderr, "N=%lu: the build succeeded but wrote a different EPUB\n", n);
                rc = 1;
            }
            free(got);
            oks++;
            unlink(out);
            if (used < n) {
                printf("failmalloc: %lu allocations per build; %lu runs failed cleanly, "
                       "%lu recovered\n",
                       used, failures, oks - 1);
                break;
            }
            continue;
        }
        failures++;
        if (st != EP_ERR_NOMEM) {
            fprintf(stderr, "N=%lu: allocation failure reported as %s: %s: %s\n", n,
                    ep_status_string(st), err.path, err.message);
            rc = 1;
        }
        if (err.message[0] == '\0') {
            fprintf(stderr, "N=%lu: %s without a message\n", n, ep_status_string(st));
            rc = 1;
        }
        if (!dir_is_empty(dir)) {
            fprintf(stderr, "N=%lu: failed build left files in %s\n", n, dir);
            rc = 1;
            break;
        }
        if (getenv("EP_FM_VERBOSE"))
            fprintf(stderr, "N=%lu: %s: %s: %s\n", n, ep_status_string(st), err.path, err.message);
    }
    free(ref);
    ep_options_free(opt);
    rmdir(dir);
    FcFini(); /* the library never releases fontconfig's configuration; a program may (epubpack.h)
               */
    return rc;
}
