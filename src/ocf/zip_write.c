/*
 * The OCF ZIP container (EPUB 3.3 §4.2; epub-rules A.1, A.2) written with libzip.
 *
 * Entries are added in the given order (mimetype first), each from a caller-owned buffer, with
 * the same DOS timestamp, and without extra fields: the `mimetype` local header must have an
 * extra-field length of 0 (PKG-005), and fixed times make the output reproducible.
 * Torrentzip mode is never used: it sorts entries, which would move `mimetype`.
 */
#include "epi.h"

#include <string.h>
#include <zip.h>

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

ep_status epi_zip_write(const char *path, const epi_entries *entries, time_t mtime, ep_error *err)
{
    zip_t *za = NULL;
    zip_error_t ze;
    zip_uint16_t dtime, ddate;
    int code = 0;
    ep_status st = EP_OK;

    if (!entries || entries->n == 0 || strcmp(entries->v[0].name, "mimetype") != 0)
        return epi_fail(err, EP_ERR_USAGE, path, 0, 0, "the first entry must be mimetype");
    dos_time(mtime, &dtime, &ddate);

    za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (!za) {
        zip_error_init_with_code(&ze, code);
        st = epi_fail(err, EP_ERR_ZIP, path, 0, 0, "cannot create the EPUB: %s",
                      zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return st;
    }
    for (size_t i = 0; i < entries->n; i++) {
        const epi_entry *e = &entries->v[i];
        /* freep = 0: the data stays owned by `entries`, which outlive zip_close(). */
        zip_source_t *src = zip_source_buffer(za, e->data, e->len, 0);
        zip_int64_t idx;

        if (!src) {
            st = epi_fail(err, EP_ERR_ZIP, path, 0, 0, "%s: %s", e->name, zip_strerror(za));
            goto fail;
        }
        /* ENC_GUESS: ASCII names stay plain; others get the UTF-8 flag (bit 11, A.2). */
        idx = zip_file_add(za, e->name, src, ZIP_FL_ENC_GUESS);
        if (idx < 0) {
            zip_source_free(src);
            st = epi_fail(err, EP_ERR_ZIP, path, 0, 0, "%s: %s", e->name, zip_strerror(za));
            goto fail;
        }
        /* Stored for mimetype (OCF §4.2.2), deflate (the only other allowed method) for the
         * rest, at a fixed level so the bytes do not depend on libzip's default. */
        if (zip_set_file_compression(za, (zip_uint64_t)idx,
                                     e->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                     e->store ? 0 : 9) != 0 ||
            zip_file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate, 0) != 0 ||
            /* a regular file, rw-r--r--, whoever builds it (libzip's default is 0666) */
            zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                             (zip_uint32_t)0100644 << 16) != 0 ||
            zip_file_extra_field_delete(za, (zip_uint64_t)idx, ZIP_EXTRA_FIELD_ALL,
                                        ZIP_FL_CENTRAL | ZIP_FL_LOCAL) < 0) {
            st = epi_fail(err, EP_ERR_ZIP, path, 0, 0, "%s: %s", e->name, zip_strerror(za));
            goto fail;
        }
    }
    if (zip_close(za) != 0) {
        st = epi_fail(err, EP_ERR_ZIP, path, 0, 0, "cannot write the EPUB: %s", zip_strerror(za));
        goto fail;
    }
    return EP_OK;
fail:
    zip_discard(za);
    return st;
}
