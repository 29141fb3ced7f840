/*
 * A program using the INSTALLED libepubpack the way any other program would
 * (tests/library/consumer.sh builds it with pkg-config and with CMake's find_package): it
 * includes epubpack.h alone, sets nothing up, and builds every INPUT into OUTDIR/N.epub on its
 * own thread at once, all threads sharing one options object.
 *
 *   consumer OUTDIR INPUT...
 */
#include <epubpack.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

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
