/* ep_build: the pipeline (docs/ARCHITECTURE.md "Pipeline") — read, typeset, package, zip, check,
 * then rename. */
#include "book.h"
#include "ocf/ocf.h"
#include "package/pkg.h"
#include "read/read.h"
#include "typeset/typeset.h"
#include "util/init.h"
#include "util/parallel.h"

#include <errno.h>
#include <libgen.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void free_chapter(void *ud, size_t i, size_t worker)
{
    (void)worker;
    epi_chapter_free(&((epi_chapter *)ud)[i]);
}

/* The largest file Send to Kindle takes by e-mail, in bytes. */
enum { KINDLE_MAIL_MAX = 50 * 1000 * 1000 };

/* Findings of the post-write check: passed on to the caller, counted. The check reads the new
 * file through `read_path` (/proc/self/fd/N): a finding on the whole file names the output. */
struct check_relay {
    const ep_options *opt; /* may be NULL */
    const char *read_path, *output;
    ep_diag first_error;
    char first_path[512];
    char first_msg[512];
    char first_id[32];
    bool have_error;
};

static void relay_diag(void *ud, const ep_diag *d)
{
    struct check_relay *r = ud;
    ep_diag named = *d;
    if (d->path && !strcmp(d->path, r->read_path))
        named.path = r->output;
    d = &named;
    if (d->severity <= EP_SEV_ERROR && !r->have_error) {
        r->have_error = true;
        snprintf(r->first_path, sizeof r->first_path, "%s", d->path ? d->path : "");
        snprintf(r->first_msg, sizeof r->first_msg, "%s", d->message ? d->message : "");
        snprintf(r->first_id, sizeof r->first_id, "%s", d->id ? d->id : "");
        r->first_error = *d;
    }
    /* usage notes and infos (epubcheck's -u and -i levels) are not the build's warnings */
    if (r->opt && r->opt->diag && d->severity <= EP_SEV_WARNING)
        r->opt->diag(r->opt->diag_userdata, d);
}

/* The output's folder must exist and be writable, and the output must not be a folder: find out
 * before doing any work, so the message names the real problem. */
static ep_status check_output_path(const char *out, epi_file_id *id, ep_error *err)
{
    struct stat sb;
    char *copy = epi_strdup(out);
    ep_status st = EP_OK;

    if (!copy)
        return epi_fail(err, EP_ERR_NOMEM, out, 0, 0, "out of memory");
    if (stat(out, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            st = epi_fail(err, EP_ERR_IO, out, 0, 0, "the output path is a folder");
            goto out;
        }
        /* No input may be this file (util/str.c epi_input_read). */
        *id = (epi_file_id){.dev = sb.st_dev, .ino = sb.st_ino, .set = true, .name = out};
    }
    const char *dir = dirname(copy);
    if (stat(dir, &sb) != 0) {
        st = epi_fail_sys(err, EP_ERR_IO, errno, dir, "the output folder does not exist");
        goto out;
    }
    if (!S_ISDIR(sb.st_mode)) {
        st = epi_fail(err, EP_ERR_IO, dir, 0, 0, "the output folder is not a folder");
        goto out;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        st = epi_fail_sys(err, EP_ERR_IO, errno, dir, "the output folder is not writable: %s",
                          strerror(errno));
        goto out;
    }
out:
    free(copy);
    return st;
}

ep_target ep_target_of(const ep_options *opts, const char *input)
{
    epi_meta meta = {0};
    ep_error scratch;
    /* No options in the context: the metadata's warnings are the build's to report. */
    epi_ctx ctx = {.err = &scratch};
    ep_target t = opts ? opts->target : EP_TARGET_DEFAULT;

    if (t == EP_TARGET_DEFAULT) {
        epi_init();
        if (epi_book_read_meta(&ctx, input, &meta) == EP_OK)
            t = epi_target_resolve(NULL, &meta);
        epi_meta_free(&meta);
    }
    return t == EP_TARGET_DEFAULT ? EP_TARGET_EPUB : t;
}

/* A build that is complete and checked, not yet in place (epubpack.h, "Batches"). */
struct ep_pending {
    epi_output out;
    bool committed_once;
};

/* ep_build_begin; `alone`: the EPUB will be committed on its own (ep_build), so its data is sent
 * to the disk as soon as it is written, to be written while the build checks it: the bundled
 * article's fsync then waited a median 0.18 ms instead of 0.55 ms (strace -T, 15 builds each).
 * Not in a batch, whose commit flushes a whole group with one syncfs on a thread of its own
 * while the next group is built: there the builders' CPU is what counts. */
static ep_status build_begin(const ep_options *opts, const char *input, const char *output,
                             ep_pending **pending, ep_build_result *result, ep_error *err,
                             bool alone)
{
    ep_status st = EP_OK;
    epi_book book = {0};
    epi_entries entries = {0};
    epi_ctx ctx = {.opt = opts, .err = err};
    epi_output out = {.fd = -1, .dirfd = -1};
    epi_fonts_prefetch prefetch = {.running = false};
    char read_path[4200];
    double t0, t[6] = {0};
    struct stat sb;

    if (err)
        *err = (ep_error){0};
    epi_init();
    if (!pending)
        return epi_fail(err, EP_ERR_USAGE, NULL, 0, 0, "pending is required");
    *pending = NULL;
    if (!input || !output)
        return epi_fail(err, EP_ERR_USAGE, NULL, 0, 0, "input and output are required");
    st = check_output_path(output, &ctx.output, err);
    if (st != EP_OK)
        goto out;

    t0 = now_seconds();
    st = epi_book_read(&ctx, input, &book);
    if (st != EP_OK)
        goto out;
    t[0] = now_seconds() - t0;
    /* The font is looked up on another CPU while the book is typeset. */
    if (epi_fonts_family(&ctx, &book))
        epi_fonts_prefetch_start(&prefetch, epi_fonts_family(&ctx, &book));

    t0 = now_seconds();
    st = epi_typeset(&ctx, &book);
    if (st != EP_OK)
        goto out;
    t[1] = now_seconds() - t0;

    /* Fonts last: the subset needs the final text, after typography and hyphenation. */
    t0 = now_seconds();
    st = epi_fonts_embed(&ctx, &book);
    if (st != EP_OK)
        goto out;
    t[2] = now_seconds() - t0;

    t0 = now_seconds();
    st = epi_package(&ctx, &book, &entries);
    if (st != EP_OK)
        goto out;
    t[3] = now_seconds() - t0;

    /* The new file has no name until it is complete and checked (ocf/output.c). */
    t0 = now_seconds();
    if ((st = epi_output_open(&out, output, err)) != EP_OK ||
        (st = epi_zip_write(out.fd, output, &entries, book.modified, err)) != EP_OK)
        goto out;
    if (alone)
        epi_output_start_writeback(&out);
    t[4] = now_seconds() - t0;
    /* The book and its entries are written: freed before the check reads the file back, so
     * that the two are never in memory together (the peak of a big book). */
    size_t chapters = 0, words = 0;
    for (size_t i = 0; i < book.nchapters; i++) {
        chapters += !book.chapters[i].generated && !book.chapters[i].part;
        words += book.chapters[i].words;
    }
    epi_entries_free(&entries);
    /* the chapters' trees on the CPUs: one after another, War and Peace's were 1 % of its build */
    epi_parallel_for(book.nchapters, 2, free_chapter, book.chapters);
    epi_book_free(&book);
    /* Send to Kindle by e-mail refuses a file over 50 MB (docs/ARCHITECTURE.md "Reader
     * quirks"); the book is still a valid EPUB, so this is a warning. */
    if (fstat(out.fd, &sb) == 0 && sb.st_size > KINDLE_MAIL_MAX)
        epi_warn(&ctx, EPI_DIAG_SIZE, output, 0,
                 "the EPUB is %.1f MB; Send to Kindle by e-mail takes at most 50 MB: make the "
                 "images smaller or split the book into several EPUBs",
                 (double)sb.st_size / 1e6);

    if (!opts || opts->check) {
        t0 = now_seconds();
        if ((st = epi_output_read_path(&out, read_path, sizeof read_path, err)) != EP_OK)
            goto out;
        struct check_relay relay = {.opt = opts, .read_path = read_path, .output = output};
        ep_check_result cr = {0};
        st = ep_check_file(read_path, relay_diag, &relay, &cr, err);
        if (st != EP_OK) {
            if (err && !strcmp(err->path, read_path))
                snprintf(err->path, sizeof err->path, "%s", output);
            goto out;
        }
        ctx.warnings += cr.warnings;
        if (cr.fatals + cr.errors > 0) {
            st = epi_fail(err, EP_ERR_CHECK, output, 0, 0,
                          "the written EPUB has %zu error(s); first: %s(%s) %s: %s",
                          cr.fatals + cr.errors, ep_severity_string(relay.first_error.severity),
                          relay.first_id, relay.first_path, relay.first_msg);
            goto out;
        }
        t[5] = now_seconds() - t0;
    }

    if (!(*pending = calloc(1, sizeof **pending))) {
        st = epi_fail(err, EP_ERR_NOMEM, output, 0, 0, "out of memory");
        goto out;
    }
    (*pending)->out = out;
    out = (epi_output){.fd = -1, .dirfd = -1};

    if (result) {
        *result = (ep_build_result){0};
        result->bytes = fstat((*pending)->out.fd, &sb) == 0 ? (size_t)sb.st_size : 0;
        /* The reader's chapters: the generated endnotes file is not one. */
        result->chapters = chapters;
        result->words = words;
        result->warnings = ctx.warnings;
        memcpy(result->seconds, t, sizeof t);
    }
out:
    epi_fonts_prefetch_join(&prefetch);
    epi_output_discard(&out);
    epi_entries_free(&entries);
    epi_book_free(&book);
    return st;
}

ep_status ep_build_begin(const ep_options *opts, const char *input, const char *output,
                         ep_pending **pending, ep_build_result *result, ep_error *err)
{
    return build_begin(opts, input, output, pending, result, err, false);
}

ep_status ep_build_commit(ep_pending *const *pending, size_t n, ep_status *status, ep_error *err)
{
    epi_output **v = NULL;
    ep_status first = EP_OK;

    if (!pending || !status)
        return EP_ERR_USAGE;
    for (size_t i = 0; i < n; i++) {
        if (err)
            err[i] = (ep_error){0};
        if (!pending[i] || pending[i]->committed_once)
            return epi_fail(err ? &err[i] : NULL, EP_ERR_USAGE, NULL, 0, 0,
                            "a pending build is missing or was committed already");
    }
    if (n && !(v = malloc(n * sizeof *v))) {
        for (size_t i = 0; i < n; i++)
            status[i] = epi_fail(err ? &err[i] : NULL, EP_ERR_NOMEM, pending[i]->out.name, 0, 0,
                                 "out of memory");
        return EP_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        v[i] = &pending[i]->out;
        pending[i]->committed_once = true;
    }
    epi_output_commit(v, n, status, err);
    for (size_t i = 0; i < n && first == EP_OK; i++)
        first = status[i];
    free(v);
    return first;
}

void ep_pending_free(ep_pending *pending)
{
    if (!pending)
        return;
    epi_output_discard(&pending->out);
    free(pending);
}

ep_status ep_build(const ep_options *opts, const char *input, const char *output,
                   ep_build_result *result, ep_error *err)
{
    ep_pending *p = NULL;
    ep_status st = build_begin(opts, input, output, &p, result, err, true);

    if (st == EP_OK) {
        ep_build_commit(&p, 1, &st, err);
        if (st != EP_OK && result)
            *result = (ep_build_result){0};
    }
    ep_pending_free(p);
    return st;
}
