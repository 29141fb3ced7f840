/*
 * The OCF ZIP container (EPUB 3.3 §4.2; docs/ARCHITECTURE.md "Container") written with libzip.
 *
 * Entries are added in the given order (mimetype first), each from a caller-owned buffer, with
 * the same DOS timestamp, and without extra fields: the `mimetype` local header must have an
 * extra-field length of 0 (PKG-005), and fixed times make the output reproducible.
 * Torrentzip mode is never used: it sorts entries, which would move `mimetype`.
 *
 * Compression is the floor of a build's time (tests/bench/RESULTS.md), so entries are deflated
 * here with libdeflate at level 6 — about 4× faster than zlib for the same size — on a few
 * threads, before libzip sees them. libzip copies the bytes of a source whose stat reports them
 * as already deflated (method, CRC and both sizes) instead of recompressing them: libzip
 * 1.7.3 lib/zip_close.c add_data(), needs_recompress = st.comp_method != de->comp_method,
 * and the CRC is taken from the stat when nothing is decompressed. The output depends only on
 * the entries, never on the thread count or scheduling: each entry is compressed on its own.
 *
 * The archive is assembled in memory (a libzip buffer source) and written to the descriptor
 * that ocf/output.c opened:
 * writing to a file, libzip creates its own temporary file beside it, named with
 * zip_random_uint32(), which seeds OpenSSL's generator — a third of a small article's build
 * (tests/bench/) — and ep_build already writes to an unnamed file and renames it. The file is
 * flushed to the disk before it is named (epi_output_commit, ocf/output.c), so that once it is
 * renamed over the output, a crash or power cut cannot leave an empty or partly written EPUB
 * under the output's name: without it the rename can reach the disk before the data (ext4
 * flushes early only when a rename replaces an existing file; other file systems promise
 * nothing).
 */
#include "ocf.h"
#include "util/parallel.h"

#include <errno.h>
#include <libdeflate.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

enum {
    DEFLATE_LEVEL = 6,        /* libdeflate's default: zlib -9's size at a fraction of its time */
    PARALLEL_MIN = 256 * 1024 /* below this many bytes, starting threads costs more than it saves */
};

/* One entry deflated ahead of time; also the user data of its libzip source. */
typedef struct deflated {
    unsigned char *data; /* raw DEFLATE stream (RFC 1951), no zlib header */
    size_t len, size;    /* compressed and uncompressed sizes */
    uint32_t crc;
    size_t pos; /* read position while libzip copies it */
    zip_error_t error;
} deflated;

static bool deflate_one(struct libdeflate_compressor *c, const epi_entry *e, deflated *d)
{
    size_t bound = libdeflate_deflate_compress_bound(c, e->len);

    d->data = malloc(bound ? bound : 1);
    if (!d->data)
        return false;
    d->len = libdeflate_deflate_compress(c, e->data, e->len, d->data, bound);
    if (d->len == 0 && e->len > 0)
        return false; /* cannot happen with a buffer of the bound's size */
    d->size = e->len;
    d->crc = libdeflate_crc32(0, e->data, e->len);
    return true;
}

/* An entry's index and size, for sorting the largest first. */
typedef struct sized {
    size_t i, len;
} sized;

/* Deflating on threads (util/parallel.c), one libdeflate compressor per thread, the largest
 * entries first: a large one taken last kept one CPU busy while the other had nothing left. */
typedef struct deflate_job {
    const epi_entries *entries;
    sized *order; /* the entries, largest first */
    deflated *out;
    struct libdeflate_compressor *c[EPI_PARALLEL_MAX];
    bool failed[EPI_PARALLEL_MAX]; /* memory ran out on this thread */
} deflate_job;

static void deflate_work(void *ud, size_t k, size_t worker)
{
    deflate_job *job = ud;
    size_t i = job->order[k].i;
    if (job->entries->v[i].store || job->failed[worker])
        return;
    if (!job->c[worker] && !(job->c[worker] = libdeflate_alloc_compressor(DEFLATE_LEVEL))) {
        job->failed[worker] = true;
        return;
    }
    if (!deflate_one(job->c[worker], &job->entries->v[i], &job->out[i]))
        job->failed[worker] = true;
}

static int largest_first(const void *a, const void *b)
{
    const sized *x = a, *y = b;
    return x->len != y->len ? (x->len < y->len ? 1 : -1) : (x->i > y->i) - (x->i < y->i);
}

/* Deflates every non-stored entry into out[i], on the CPUs when there is enough to deflate.
 * Returns false when memory ran out. */
static bool deflate_all(const epi_entries *entries, deflated *out)
{
    deflate_job job = {
        .entries = entries, .order = malloc(entries->n * sizeof *job.order), .out = out};
    size_t total = 0;
    bool ok = job.order != NULL;

    for (size_t i = 0; ok && i < entries->n; i++) {
        total += entries->v[i].store ? 0 : entries->v[i].len;
        job.order[i] = (sized){i, entries->v[i].len};
    }
    if (!ok)
        return false;
    qsort(job.order, entries->n, sizeof *job.order, largest_first);
    epi_parallel_for(entries->n, total >= PARALLEL_MIN ? 2 : SIZE_MAX, deflate_work, &job);
    for (size_t t = 0; t < EPI_PARALLEL_MAX; t++) {
        ok = ok && !job.failed[t];
        if (job.c[t])
            libdeflate_free_compressor(job.c[t]);
    }
    free(job.order);
    return ok;
}

/* A read-only libzip source over pre-deflated bytes (zip_source_function(3)). */
static zip_int64_t deflated_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    deflated *d = ud;

    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        d->pos = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        size_t n = d->len - d->pos;
        if (n > len)
            n = (size_t)len;
        memcpy(data, d->data + d->pos, n);
        d->pos += n;
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE: /* the bytes belong to epi_zip_write's array */
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &d->error);
        if (!st)
            return -1;
        zip_stat_init(st);
        st->size = d->size;
        st->comp_size = d->len;
        st->comp_method = ZIP_CM_DEFLATE;
        st->crc = d->crc;
        st->encryption_method = ZIP_EM_NONE;
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
                    ZIP_STAT_ENCRYPTION_METHOD;
        return sizeof *st;
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&d->error, data, len);
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              -1);
    default:
        zip_error_set(&d->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* DOS date/time of t in UTC. libzip's zip_file_set_mtime() converts with localtime(), which
 * would make the bytes depend on the builder's time zone. */
static void dos_time(time_t t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
    struct tm tm;

    if (!gmtime_r(&t, &tm) || tm.tm_year < 80) {
        *dtime = 0;
        *ddate = (1 << 5) | 1; /* 1980-01-01 */
        return;
    }
    if (tm.tm_year > 207) /* 2107-12-31 23:59:58 is the last DOS time */
        tm = (struct tm){
            .tm_year = 207, .tm_mon = 11, .tm_mday = 31, .tm_hour = 23, .tm_min = 59, .tm_sec = 58};
    *dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
    *ddate = (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

/* The time_t whose local time has the DOS date/time's fields, as zip_file_set_dostime()
 * computes it for each entry (libzip 1.7's _zip_d2u_time) before zip_close() turns it back
 * with localtime_r(): once an archive, as mktime() reads the time zone file again at each call
 * (11 stat calls an article). The bytes are those of zip_file_set_dostime() in any TZ. */
static time_t dos_local_time(zip_uint16_t dtime, zip_uint16_t ddate)
{
    struct tm tm = {
        .tm_isdst = -1, /* mktime decides whether DST is in effect */
        .tm_year = (ddate >> 9) + 1980 - 1900,
        .tm_mon = ((ddate >> 5) & 15) - 1,
        .tm_mday = ddate & 31,
        .tm_hour = dtime >> 11,
        .tm_min = (dtime >> 5) & 63,
        .tm_sec = (dtime << 1) & 62,
    };
    return mktime(&tm);
}

/* Writes the archive held by the buffer source `mem` to `fd` (flushed to the disk later, by
 * epi_output_commit).
 * Failures name `name` and are EP_ERR_ZIP, as when libzip wrote the file itself (callers and
 * tests/unit/test_zip.c rely on it). */
static ep_status save(zip_source_t *mem, int fd, const char *name, ep_error *err)
{
    zip_stat_t zst;
    unsigned char buf[65536];
    zip_int64_t n;
    ep_status st = EP_OK;

    if (zip_source_stat(mem, &zst) < 0 || !(zst.valid & ZIP_STAT_SIZE) || zip_source_open(mem) < 0)
        return epi_fail(err, EP_ERR_ZIP, name, 0, 0, "cannot read the archive back: %s",
                        zip_error_strerror(zip_source_error(mem)));
    while ((n = zip_source_read(mem, buf, sizeof buf)) > 0) {
        for (size_t done = 0; done < (size_t)n;) {
            ssize_t w = write(fd, buf + done, (size_t)n - done);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                st = epi_fail_sys(err, EP_ERR_ZIP, w < 0 ? errno : ENOSPC, name,
                                  "cannot write the EPUB: %s",
                                  w < 0 ? strerror(errno) : "no space written");
                goto out;
            }
            done += (size_t)w;
        }
    }
    if (n < 0) {
        st = epi_fail(err, EP_ERR_ZIP, name, 0, 0, "cannot read the archive back: %s",
                      zip_error_strerror(zip_source_error(mem)));
        goto out;
    }
out:
    zip_source_close(mem);
    return st;
}

ep_status epi_zip_write(int fd, const char *name, const epi_entries *entries, time_t mtime,
                        ep_error *err)
{
    zip_t *za = NULL;
    zip_source_t *mem = NULL;
    zip_error_t ze;
    zip_uint16_t dtime, ddate;
    deflated *pre = NULL;
    ep_status st = EP_OK;

    if (!entries || entries->n == 0 || strcmp(entries->v[0].name, "mimetype") != 0)
        return epi_fail(err, EP_ERR_USAGE, name, 0, 0, "the first entry must be mimetype");
    dos_time(mtime, &dtime, &ddate);
    time_t local = dos_local_time(dtime, ddate);

    pre = calloc(entries->n, sizeof *pre);
    if (!pre || !deflate_all(entries, pre)) {
        st = epi_fail(err, EP_ERR_NOMEM, name, 0, 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < entries->n; i++)
        zip_error_init(&pre[i].error);

    zip_error_init(&ze);
    mem = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (mem) {
        /* One reference for zip_close() (or zip_discard()) to drop, one for save() and the
         * zip_source_free() below. When zip_open_from_source() fails it does not take its
         * reference: drop it here, or the buffer leaks. */
        zip_source_keep(mem);
        za = zip_open_from_source(mem, ZIP_CREATE | ZIP_TRUNCATE, &ze);
        if (!za)
            zip_source_free(mem);
    }
    if (!za) {
        st = epi_fail(err, EP_ERR_ZIP, name, 0, 0, "cannot create the EPUB: %s",
                      zip_error_strerror(&ze));
        zip_error_fini(&ze);
        goto out;
    }
    zip_error_fini(&ze);
    for (size_t i = 0; i < entries->n; i++) {
        const epi_entry *e = &entries->v[i];
        /* freep = 0: the data stays owned by `entries` (or `pre`), which outlive zip_close(). */
        zip_source_t *src = e->store ? zip_source_buffer(za, e->data, e->len, 0)
                                     : zip_source_function(za, deflated_source, &pre[i]);
        zip_int64_t idx;

        if (!src) {
            st = epi_fail(err, EP_ERR_ZIP, name, 0, 0, "%s: %s", e->name, zip_strerror(za));
            goto fail;
        }
        /* ENC_GUESS: ASCII names stay plain; others get the UTF-8 flag (bit 11, A.2). */
        idx = zip_file_add(za, e->name, src, ZIP_FL_ENC_GUESS);
        if (idx < 0) {
            zip_source_free(src);
            st = epi_fail(err, EP_ERR_ZIP, name, 0, 0, "%s: %s", e->name, zip_strerror(za));
            goto fail;
        }
        /* Stored for mimetype (OCF §4.2.2), deflate (the only other allowed method) for the
         * rest; deflated entries match their source's method, so libzip copies them as is. */
        if (zip_set_file_compression(za, (zip_uint64_t)idx,
                                     e->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) != 0 ||
            zip_file_set_mtime(za, (zip_uint64_t)idx, local, 0) != 0 ||
            /* a regular file, rw-r--r--, whoever builds it (libzip's default is 0666) */
            zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                             (zip_uint32_t)0100644 << 16) != 0 ||
            zip_file_extra_field_delete(za, (zip_uint64_t)idx, ZIP_EXTRA_FIELD_ALL,
                                        ZIP_FL_CENTRAL | ZIP_FL_LOCAL) < 0) {
            st = epi_fail(err, EP_ERR_ZIP, name, 0, 0, "%s: %s", e->name, zip_strerror(za));
            goto fail;
        }
    }
    if (zip_close(za) != 0) {
        st = epi_fail(err, EP_ERR_ZIP, name, 0, 0, "cannot write the EPUB: %s", zip_strerror(za));
        goto fail;
    }
    st = save(mem, fd, name, err);
    goto out;
fail:
    zip_discard(za);
out:
    zip_source_free(mem);
    if (pre) {
        for (size_t i = 0; i < entries->n; i++) {
            free(pre[i].data);
            zip_error_fini(&pre[i].error);
        }
        free(pre);
    }
    return st;
}
