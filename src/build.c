/* ep_build: the pipeline (docs/ARCHITECTURE.md "Pipeline") — read, typeset, package, zip, check,
 * then rename. */
#include "book.h"
#include "ocf/ocf.h"
#include "package/pkg.h"
#include "read/read.h"
#include "typeset/typeset.h"
#include "util/init.h"

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

/* The largest file Send to Kindle takes by e-mail, in bytes. */
enum { KINDLE_MAIL_MAX = 50 * 1000 * 1000 };

/* Findings of the post-write check: passed on to the caller, counted. */
struct check_relay {
    const ep_options *opt; /* may be NULL */
    ep_diag first_error;
    char first_path[512];
    char first_msg[512];
    char first_id[32];
    bool have_error;
};

static void relay_diag(void *ud, const ep_diag *d)
{
    struct check_relay *r = ud;
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
static ep_status check_output_path(const char *out, ep_error *err)
{
    struct stat sb;
    char *copy = epi_strdup(out);
    ep_status st = EP_OK;

    if (!copy)
        return epi_fail(err, EP_ERR_NOMEM, out, 0, 0, "out of memory");
    if (stat(out, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        st = epi_fail(err, EP_ERR_IO, out, 0, 0, "the output path is a folder");
        goto out;
    }
    const char *dir = dirname(copy);
    if (stat(dir, &sb) != 0) {
        st = epi_fail(err, EP_ERR_IO, dir, 0, 0, "the output folder does not exist");
        goto out;
    }
    if (!S_ISDIR(sb.st_mode)) {
        st = epi_fail(err, EP_ERR_IO, dir, 0, 0, "the output folder is not a folder");
        goto out;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        st = epi_fail(err, EP_ERR_IO, dir, 0, 0, "the output folder is not writable");
        goto out;
    }
out:
    free(copy);
    return st;
}

/* A temporary name beside the output, so the final rename is atomic on one filesystem. It is
 * created with mode 0666 and O_EXCL (not mkstemp's 0600): the kernel applies the umask, so the
 * renamed EPUB gets the usual permissions without reading the umask, which would mean setting it
 * process-wide while batch builds run on other threads. *dirfd receives the output's folder,
 * opened now for the fsync after the rename, so that nothing after the rename can fail for want
 * of memory; -1 for a folder that can be written but not read (mode -wx), which is then not
 * flushed, as SQLite does. */
static char *make_temp(const char *out, int *dirfd, ep_error *err)
{
    static atomic_uint counter;
    char *copy = epi_strdup(out), *tmp = NULL;
    epi_buf b = {0};
    struct timespec ts;

    if (!copy)
        goto oom;
    const char *dir = dirname(copy);
    *dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    for (int attempt = 0; attempt < 100; attempt++) {
        clock_gettime(CLOCK_REALTIME, &ts);
        b.len = 0;
        if (!epi_buf_printf(&b, "%s/.epubpack-tmp.%ld.%u.%09ld", dir, (long)getpid(),
                            atomic_fetch_add(&counter, 1), (long)ts.tv_nsec))
            goto oom;
        int fd = open(b.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            close(fd);
            tmp = epi_buf_detach(&b);
            if (!tmp)
                goto oom;
            goto out;
        }
        if (errno != EEXIST)
            break;
    }
    epi_fail(err, EP_ERR_IO, out, 0, 0,
             "the output folder is not writable: cannot create a temporary file in it: %s",
             strerror(errno));
    goto out;
oom:
    epi_fail(err, EP_ERR_NOMEM, out, 0, 0, "out of memory");
out:
    epi_buf_free(&b);
    free(copy);
    return tmp;
}

ep_target ep_target_of(const ep_options *opts, const char *input)
{
    epi_meta meta = {0};
    ep_error scratch;
    /* No options in the context: the metadata's warnings are the build's to report. */
    epi_ctx ctx = {NULL, &scratch, 0};
    ep_target t = opts ? opts->target : EP_TARGET_DEFAULT;

    if (t == EP_TARGET_DEFAULT) {
        epi_init();
        if (epi_book_read_meta(&ctx, input, &meta) == EP_OK)
            t = epi_target_resolve(NULL, &meta);
        epi_meta_free(&meta);
    }
    return t == EP_TARGET_DEFAULT ? EP_TARGET_EPUB : t;
}

ep_status ep_build(const ep_options *opts, const char *input, const char *output,
                   ep_build_result *result, ep_error *err)
{
    ep_status st = EP_OK;
    epi_book book = {0};
    epi_entries entries = {0};
    epi_ctx ctx = {opts, err, 0};
    char *tmp = NULL;
    int dirfd = -1;
    double t0, t[6] = {0};
    struct stat sb;

    if (err)
        *err = (ep_error){0};
    epi_init();
    if (!input || !output)
        return epi_fail(err, EP_ERR_USAGE, NULL, 0, 0, "input and output are required");
    st = check_output_path(output, err);
    if (st != EP_OK)
        goto out;

    t0 = now_seconds();
    st = epi_book_read(&ctx, input, &book);
    if (st != EP_OK)
        goto out;
    t[0] = now_seconds() - t0;

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

    t0 = now_seconds();
    tmp = make_temp(output, &dirfd, err);
    if (!tmp) {
        st = err ? err->status : EP_ERR_IO;
        goto out;
    }
    st = epi_zip_write(tmp, output, &entries, book.modified, err);
    if (st != EP_OK)
        goto out;
    t[4] = now_seconds() - t0;
    /* Send to Kindle by e-mail refuses a file over 50 MB (docs/ARCHITECTURE.md "Reader
     * quirks"); the book is still a valid EPUB, so this is a warning. */
    if (stat(tmp, &sb) == 0 && sb.st_size > KINDLE_MAIL_MAX)
        epi_warn(&ctx, "EPK-SIZE", output, 0,
                 "the EPUB is %.1f MB; Send to Kindle by e-mail takes at most 50 MB: make the "
                 "images smaller or split the book into several EPUBs",
                 (double)sb.st_size / 1e6);

    if (!opts || opts->check) {
        t0 = now_seconds();
        struct check_relay relay = {.opt = opts};
        ep_check_result cr = {0};
        st = ep_check_file(tmp, relay_diag, &relay, &cr, err);
        if (st != EP_OK)
            goto out;
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

    if (rename(tmp, output) != 0) {
        st = epi_fail(err, EP_ERR_IO, output, 0, 0, "cannot write: %s", strerror(errno));
        goto out;
    }
    free(tmp);
    tmp = NULL;
    /* Then the folder, so that the new name survives a crash as the data does (the file was
     * fsync'ed before the rename, in epi_zip_write), as git and SQLite do. EINVAL: this file
     * system cannot sync a folder; there is nothing to flush. */
    if (dirfd >= 0 && fsync(dirfd) != 0 && errno != EINVAL) {
        st = epi_fail(err, EP_ERR_IO, output, 0, 0,
                      "the EPUB was written, but its folder could not be flushed to the disk: %s",
                      strerror(errno));
        goto out;
    }

    if (result) {
        *result = (ep_build_result){0};
        result->bytes = stat(output, &sb) == 0 ? (size_t)sb.st_size : 0;
        /* The reader's chapters: the generated endnotes file is not one. */
        for (size_t i = 0; i < book.nchapters; i++) {
            result->chapters += !book.chapters[i].generated && !book.chapters[i].part;
            result->words += book.chapters[i].words;
        }
        result->warnings = ctx.warnings;
        memcpy(result->seconds, t, sizeof t);
    }
out:
    if (dirfd >= 0)
        close(dirfd);
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
    epi_entries_free(&entries);
    epi_book_free(&book);
    return st;
}
