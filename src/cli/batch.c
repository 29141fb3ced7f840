/*
 * Batch builds: `epubpack build IN1 IN2 … -O OUTDIR [-j N]` packages a folder of articles on
 * N threads, each input to OUTDIR/NAME.epub (tests/bench/ measures articles per second).
 *
 * Every build is independent, and ep_build_begin may run on many threads at once with nothing
 * set up beforehand (epubpack.h, "Threads"): the library initialises what it uses itself. The
 * built EPUBs are put in place in groups (ep_build_commit, epubpack.h "Batches"): one flush of
 * the disk per group instead of two per file. A group is put in place on a thread of its own
 * while the threads build the next one, so the wait for the disk and the printing overlap the
 * building.
 */
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* What one build printed: its warnings and error (stderr) and its result line (stdout). */
typedef struct report {
    char *err;
    size_t err_len;
    ep_pending *pending; /* built and checked, not yet in place */
    ep_build_result res;
    bool ok;
} report;

/* Builds are committed in groups of at most this many. Each pending build holds two
 * descriptors (the file and its folder), and two groups are pending at once (one being put in
 * place, the next being built): 512 descriptors, within the usual limit of 1,024 open files;
 * under a lower limit the groups are smaller (group_size). */
enum { COMMIT_GROUP = 128, FDS_PER_PENDING = 2, FDS_SPARE = 64 };

typedef struct batch {
    const ep_options *opts; /* shared, read-only, by every thread */
    char *const *inputs;
    char **outputs;
    size_t n;
    size_t first;  /* the group being built: inputs first .. first + group */
    size_t failed; /* counted by the committing thread, read after it is joined */
    size_t built;
    report *reports; /* report i is written by the one thread that builds input i, then read by
                      * the one that commits its group */
} batch;

/* How many builds a group holds: COMMIT_GROUP, or fewer when two groups' descriptors and a few
 * spare would pass the open-file limit. */
static size_t group_size(void)
{
    struct rlimit rl;
    size_t g = COMMIT_GROUP;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        size_t room = rl.rlim_cur > FDS_SPARE ? (size_t)rl.rlim_cur - FDS_SPARE : 0;
        if (room / (2 * FDS_PER_PENDING) < g)
            g = room / (2 * FDS_PER_PENDING);
    }
    return g ? g : 1;
}

/* Builds input first + i up to its name (ep_build_begin), keeping what it prints. Without
 * memory for that, a build prints as it goes. */
static void build_one(void *arg, size_t i)
{
    batch *b = arg;
    i += b->first;
    report *r = &b->reports[i];
    ep_error err;
    FILE *fe = open_memstream(&r->err, &r->err_len);
    diag_stream = fe;
    r->ok =
        ep_build_begin(b->opts, b->inputs[i], b->outputs[i], &r->pending, &r->res, &err) == EP_OK;
    diag_stream = NULL;
    if (!r->ok)
        print_error_to(fe ? fe : stderr, &err);
    if (fe)
        fclose(fe);
}

/* Puts a group's built EPUBs in place together (ep_build_commit: their data flushed at once,
 * each renamed, each folder flushed once), then prints each build's messages and result in
 * input order. */
static void commit_group(batch *b, size_t first, size_t count)
{
    ep_pending *pending[COMMIT_GROUP];
    size_t which[COMMIT_GROUP], k = 0;
    ep_status st[COMMIT_GROUP];
    ep_error err[COMMIT_GROUP];

    for (size_t i = first; i < first + count; i++)
        if (b->reports[i].ok) {
            which[k] = i;
            pending[k++] = b->reports[i].pending;
        }
    if (k)
        ep_build_commit(pending, k, st, err);
    for (size_t j = 0; j < k; j++)
        b->reports[which[j]].ok = st[j] == EP_OK;
    for (size_t i = first, j = 0; i < first + count; i++) {
        report *r = &b->reports[i];
        if (r->err_len)
            fwrite(r->err, 1, r->err_len, stderr);
        if (j < k && which[j] == i) {
            if (st[j] != EP_OK)
                print_error_to(stderr, &err[j]);
            j++;
        }
        if (r->ok)
            printf("%s: %zu bytes, %zu chapter%s, %zu words\n", b->outputs[i], r->res.bytes,
                   r->res.chapters, r->res.chapters == 1 ? "" : "s", r->res.words);
        fflush(stdout);
        ep_pending_free(r->pending);
        r->pending = NULL;
        free(r->err);
        r->err = NULL;
        if (r->ok)
            b->built++;
        else
            b->failed++;
    }
}

/* The group being put in place while the next one is built. */
typedef struct committer {
    batch *b;
    size_t first, count;
    pthread_t thread;
    bool running;
} committer;

static void *commit_work(void *arg)
{
    committer *c = arg;
    commit_group(c->b, c->first, c->count);
    return NULL;
}

/* Waits until the group being committed is in place and printed. */
static void commit_wait(committer *c)
{
    if (c->running)
        pthread_join(c->thread, NULL);
    c->running = false;
}

/* Puts inputs first .. first + count in place on a thread of its own, after the group before
 * them (so results are printed in input order); on this thread when none can start. */
static void commit_start(committer *c, batch *b, size_t first, size_t count)
{
    commit_wait(c);
    *c = (committer){.b = b, .first = first, .count = count};
    c->running = pthread_create(&c->thread, NULL, commit_work, c) == 0;
    if (!c->running)
        commit_group(b, first, count);
}

/* Names input i's output (ep_target_of reads its metadata: a Kobo book is NAME.kepub.epub). */
typedef struct naming {
    const ep_options *opts;
    char *const *inputs;
    char **names; /* names[i] written by the one thread that names input i; NULL: out of memory */
} naming;

static void name_one(void *arg, size_t i)
{
    naming *nm = arg;
    nm->names[i] = default_output(nm->opts, nm->inputs[i]);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(**(char *const *const *)a, **(char *const *const *)b);
}

/* Two inputs with the same name would overwrite each other's EPUB: found by sorting, not by
 * comparing every pair (1,000 inputs are a normal batch). */
static int check_unique(batch *b)
{
    char ***order = malloc(b->n * sizeof *order);
    int rc = EXIT_OKAY;
    if (!order) {
        fprintf(stderr, "%s: out of memory\n", progname);
        return EXIT_FAIL;
    }
    for (size_t i = 0; i < b->n; i++)
        order[i] = &b->outputs[i];
    qsort(order, b->n, sizeof *order, by_name);
    for (size_t i = 1; i < b->n; i++) {
        if (strcmp(*order[i - 1], *order[i]) == 0) {
            fprintf(stderr, "%s: two inputs would both be written to %s: %s and %s\n", progname,
                    *order[i], b->inputs[order[i - 1] - b->outputs],
                    b->inputs[order[i] - b->outputs]);
            rc = EXIT_USAGE;
            break;
        }
    }
    free(order);
    return rc;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Creates `dir` and its missing parents, as `mkdir -p` does. On failure prints the folder that
 * could not be made and why. */
static int make_folders(const char *dir)
{
    char *path = strdup(dir);
    struct stat sb;
    int rc = EXIT_OKAY;

    if (!path) {
        fprintf(stderr, "%s: out of memory\n", progname);
        return EXIT_FAIL;
    }
    for (char *p = path + (path[0] == '/');; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0) {
            int e = errno;
            if (e == EEXIST) /* fine if it is a folder (or a link to one) */
                e = stat(path, &sb) != 0 ? errno : S_ISDIR(sb.st_mode) ? 0 : ENOTDIR;
            if (e) {
                fprintf(stderr, "%s: %s: cannot create the output folder: %s\n", progname, path,
                        strerror(e));
                rc = EXIT_FAIL;
                break;
            }
        }
        if (c == '\0')
            break;
        *p = c;
    }
    free(path);
    return rc;
}

int build_batch(const ep_options *opts, char *const *inputs, size_t n, const char *outdir, int jobs,
                int stats)
{
    batch b = {.opts = opts, .inputs = inputs, .n = n};
    char *dir = strdup(outdir);
    size_t dl = 0;
    int rc = EXIT_FAIL;
    double t0;

    if (!dir)
        goto oom;
    /* Printed paths are clean: "out/", "out" and "out//" all give "out/NAME.epub" ("/" gives
     * "/NAME.epub"). */
    for (const char *p = outdir; *p; p++)
        if (*p != '/' || dl == 0 || dir[dl - 1] != '/')
            dir[dl++] = *p;
    while (dl > 0 && dir[dl - 1] == '/')
        dl--;
    b.outputs = calloc(n, sizeof *b.outputs);
    b.reports = calloc(n, sizeof *b.reports);
    if (!b.outputs || !b.reports)
        goto oom;
    /* The names, on the threads too: each reads its input's metadata. */
    naming nm = {.opts = opts, .inputs = inputs, .names = b.outputs};
    run_jobs(n, jobs, name_one, &nm);
    for (size_t i = 0; i < n; i++) {
        char *name = b.outputs[i];
        if (!name)
            goto oom;
        b.outputs[i] = malloc(dl + 1 + strlen(name) + 1);
        if (!b.outputs[i]) {
            free(name);
            goto oom;
        }
        memcpy(b.outputs[i], dir, dl);
        b.outputs[i][dl] = '/';
        strcpy(b.outputs[i] + dl + 1, name);
        free(name);
    }
    if ((rc = check_unique(&b)) != EXIT_OKAY || (rc = make_folders(outdir)) != EXIT_OKAY)
        goto out;
    rc = EXIT_FAIL;

    t0 = now_seconds();
    size_t threads = 0, group = group_size();
    committer c = {.running = false};
    for (b.first = 0; b.first < n; b.first += group) {
        size_t count = n - b.first < group ? n - b.first : group;
        size_t t = run_jobs(count, jobs, build_one, &b);
        threads = t > threads ? t : threads;
        commit_start(&c, &b, b.first, count);
    }
    commit_wait(&c);
    double secs = now_seconds() - t0;

    if (stats)
        printf("batch: %zu of %zu built, %zu failed, in %.3f s on %zu thread%s: %.1f per second\n",
               b.built, n, b.failed, secs, threads, threads > 1 ? "s" : "",
               secs > 0 ? (double)b.built / secs : 0.0);
    /* Always the last line: how many, and which failed (their messages are above). */
    printf("%zu built, %zu failed", b.built, b.failed);
    for (size_t i = 0, k = 0; i < n; i++)
        if (!b.reports[i].ok)
            printf("%s%s", k++ ? ", " : ": ", inputs[i]);
    printf("\n");
    rc = b.failed ? EXIT_FAIL : EXIT_OKAY;
    goto out;
oom:
    fprintf(stderr, "%s: out of memory\n", progname);
    rc = EXIT_FAIL;
out:
    if (b.outputs)
        for (size_t i = 0; i < n; i++)
            free(b.outputs[i]);
    free(b.outputs);
    free(b.reports);
    free(dir);
    return rc;
}
