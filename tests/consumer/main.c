/*
 * A program using the INSTALLED libepubpack the way any other program would
 * (tests/library/consumer.sh builds it with pkg-config and with CMake's find_package): it
 * includes epubpack.h alone, sets nothing up, and builds every INPUT into OUTDIR/N.epub on its
 * own thread at once, all threads sharing one options object. It tests the header's version
 * at compile time (EP_VERSION_*) and the library's at run time, and reads the errno of a failed
 * build from ep_error.
 *
 *   consumer OUTDIR INPUT...
 */
#include <epubpack.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a program needing some version writes; the header of 0.1.0 has the macros. */
#if !defined(EP_VERSION_MAJOR) || !defined(EP_VERSION_MINOR) || !defined(EP_VERSION_PATCH)
#error "epubpack.h defines no EP_VERSION_MAJOR/MINOR/PATCH"
#endif
#if EP_VERSION < ((0 << 16) | (1 << 8) | 0)
#error "this program needs libepubpack 0.1.0 or later"
#endif

typedef struct job {
    const ep_options *opts;
    const char *input;
    char output[4096];
    ep_build_result res;
    ep_error err;
    ep_status st;
} job;

static void *build(void *arg)
{
    job *j = arg;
    j->st = ep_build(j->opts, j->input, j->output, &j->res, &j->err);
    return NULL;
}

int main(int argc, char **argv)
{
    ep_options *opts;
    job *jobs;
    pthread_t *tid;
    int n = argc - 2, failed = 0;

    printf("epubpack %s\n", ep_version_string());
    if (n < 1) {
        fprintf(stderr, "usage: consumer OUTDIR INPUT...\n");
        return 2;
    }
    /* Built and run against the same install: the header's version is the library's. */
    if (strcmp(ep_version_string(), EP_VERSION_STRING) != 0) {
        fprintf(stderr, "compiled against %d.%d.%d (%s), running with %s\n", EP_VERSION_MAJOR,
                EP_VERSION_MINOR, EP_VERSION_PATCH, EP_VERSION_STRING, ep_version_string());
        return 1;
    }
    ep_error e;
    if (ep_build(NULL, argv[2], "/nonexistent-epubpack-folder/x.epub", NULL, &e) != EP_ERR_IO ||
        e.sys_errno != ENOENT) {
        fprintf(stderr, "a build into a missing folder: %s, errno %d, not EP_ERR_IO and ENOENT\n",
                e.message, e.sys_errno);
        return 1;
    }
    jobs = calloc((size_t)n, sizeof *jobs);
    tid = calloc((size_t)n, sizeof *tid);
    opts = ep_options_new();
    if (!jobs || !tid || !opts || ep_options_set_font(opts, "none") != EP_OK)
        return 1;
    for (int i = 0; i < n; i++) {
        jobs[i].opts = opts;
        jobs[i].input = argv[i + 2];
        snprintf(jobs[i].output, sizeof jobs[i].output, "%s/%d.epub", argv[1], i + 1);
        if (pthread_create(&tid[i], NULL, build, &jobs[i]) != 0)
            return 1;
    }
    for (int i = 0; i < n; i++)
        pthread_join(tid[i], NULL);
    for (int i = 0; i < n; i++) {
        if (jobs[i].st == EP_OK) {
            printf("%d.epub: %zu chapters\n", i + 1, jobs[i].res.chapters);
        } else {
            printf("%d.epub: %s: %s\n", i + 1, ep_status_string(jobs[i].st), jobs[i].err.message);
            failed++;
        }
    }
    ep_options_free(opts);
    free(jobs);
    free(tid);
    return failed ? 1 : 0;
}
