/*
 * The checker's reading of entries: an entry found by its path, and its bytes read under the size
 * limits, from the ZIP (stored, or inflated whole by libdeflate with its CRC-32 checked, else
 * through libzip) or, in folder mode, from disk.
 */
#include "check_int.h"
#include "util/diag.h"

#include <libdeflate.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

epi_chk_entry *epi_chk_entry_find(epi_chk *c, const char *path)
{
    if (!c->entry_by_key || !path)
        return NULL;
    return xmlHashLookup(c->entry_by_key, (const xmlChar *)path);
}

/* Folder mode: reads at most `want` bytes of a file on disk. The file was a regular file when
 * listed; fstat() re-checks after opening, so a file swapped for a FIFO is not read. */
static bool read_disk(epi_chk *c, epi_chk_entry *e, char *buf, size_t want, size_t *got)
{
    struct stat st;
    size_t total = 0;
    bool ok = false;
    int fd = open(e->disk, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0) {
        epi_chk_report(c, EP_SEV_FATAL, "PKG-008", e->name, 0, "cannot read file: %s",
                       strerror(errno));
        return false;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        epi_chk_report(c, EP_SEV_FATAL, "PKG-008", e->name, 0, "not a regular file");
        goto out;
    }
    while (total < want) {
        ssize_t r = read(fd, buf + total, want - total);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            epi_chk_report(c, EP_SEV_FATAL, "PKG-008", e->name, 0, "cannot read file: %s",
                           strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        total += (size_t)r;
    }
    *got = total;
    ok = true;
out:
    close(fd);
    return ok;
}

/* Whole deflated entries are inflated by libdeflate (a third of zlib's instructions, in libzip,
 * on War and Peace) with their CRC-32 checked, in two halves: the compressed bytes are read
 * through the one libzip handle (epi_chk_read_compressed), epi_chk_inflate() may then run on any
 * thread. When either fails the entry is read again through libzip, which says what is wrong with
 * it. */
bool epi_chk_compressed(const epi_chk_entry *e)
{
    /* deflate never grows data by more than a few bytes per 64 KB block: a larger compressed
     * size is a lie of the directory, for libzip to find */
    return !e->disk && e->deflated && e->comp_size <= e->size + e->size / 64 + 1024;
}

char *epi_chk_read_compressed(epi_chk *c, const epi_chk_entry *e, size_t *n)
{
    zip_file_t *zf = NULL;
    char *raw = NULL;
    size_t total = 0;
    if (!epi_chk_compressed(e) || !(raw = malloc((size_t)e->comp_size + 1)) ||
        !(zf = zip_fopen_index(c->zip, e->index, ZIP_FL_COMPRESSED)))
        goto fail;
    while (total < e->comp_size) {
        zip_int64_t r = zip_fread(zf, raw + total, (size_t)e->comp_size - total);
        if (r <= 0)
            goto fail;
        total += (size_t)r;
    }
    zip_fclose(zf);
    *n = total;
    return raw;
fail:
    if (zf)
        zip_fclose(zf);
    free(raw);
    return NULL;
}

/* Inflates raw (n bytes) into buf, which holds e->size, with d (NULL: out of memory): true
 * when exactly that many bytes with the entry's CRC-32 come out. Touches nothing shared. */
bool epi_chk_inflate(struct libdeflate_decompressor *d, const epi_chk_entry *e, const char *raw,
                     size_t n, char *buf)
{
    size_t out = 0;
    return d &&
           libdeflate_deflate_decompress(d, raw, n, buf, (size_t)e->size, &out) ==
               LIBDEFLATE_SUCCESS &&
           out == e->size && libdeflate_crc32(0, buf, out) == e->crc;
}

static bool read_deflated(epi_chk *c, epi_chk_entry *e, char *buf, size_t want, size_t *got)
{
    size_t n = 0;
    char *raw = want == e->size ? epi_chk_read_compressed(c, e, &n) : NULL;
    struct libdeflate_decompressor *d = raw ? libdeflate_alloc_decompressor() : NULL;
    bool ok = raw && epi_chk_inflate(d, e, raw, n, buf);
    libdeflate_free_decompressor(d);
    free(raw);
    *got = ok ? want : 0;
    return ok;
}

static bool read_limited(epi_chk *c, epi_chk_entry *e, char *buf, size_t want, size_t *got)
{
    if (e->disk)
        return read_disk(c, e, buf, want, got);
    if (e->deflated && read_deflated(c, e, buf, want, got))
        return true;
    zip_file_t *zf = zip_fopen_index(c->zip, e->index, 0);
    size_t total = 0;
    bool ok = false;

    if (!zf) {
        epi_chk_report(c, EP_SEV_FATAL, "PKG-008", e->name, 0, "cannot read entry: %s",
                       zip_strerror(c->zip));
        return false;
    }
    while (total < want) {
        zip_int64_t r = zip_fread(zf, buf + total, want - total);
        if (r < 0) {
            epi_chk_report(c, EP_SEV_FATAL, "PKG-008", e->name, 0, "corrupt entry: %s",
                           zip_file_strerror(zf));
            goto out;
        }
        if (r == 0)
            break;
        total += (size_t)r;
    }
    *got = total;
    ok = true;
out:
    zip_fclose(zf);
    return ok;
}

/* Whether an entry may be read under the limits (each refusal reported). */
bool epi_chk_read_allowed(epi_chk *c, const epi_chk_entry *e)
{
    if (e->unsafe || e->is_dir)
        return false;
    /* Sizes come from the central directory; libzip never returns more than the declared
     * size, so the cap holds even when the header lies. */
    if (e->size > EPI_CHK_MAX_ENTRY_READ) {
        epi_chk_report(c, epi_diag_severity(EPI_DIAG_ZIP_SIZE), epi_diag_id(EPI_DIAG_ZIP_SIZE),
                       e->name, 0, "file is too large to check (%llu bytes, limit %llu)",
                       (unsigned long long)e->size, (unsigned long long)EPI_CHK_MAX_ENTRY_READ);
        return false;
    }
    if (c->read_total + e->size > EPI_CHK_MAX_READ_TOTAL) {
        epi_chk_report(c, epi_diag_severity(EPI_DIAG_ZIP_SIZE), epi_diag_id(EPI_DIAG_ZIP_SIZE),
                       e->name, 0, "the files to check exceed %llu bytes in total; not checked",
                       (unsigned long long)EPI_CHK_MAX_READ_TOTAL);
        return false;
    }
    return true;
}

/* epi_chk_read once epi_chk_read_allowed() said yes. */
bool epi_chk_read_whole(epi_chk *c, epi_chk_entry *e, char **data, size_t *len)
{
    char *buf = malloc((size_t)e->size + 1);
    size_t got = 0;
    if (!buf)
        return epi_chk_oom(c);
    if (!read_limited(c, e, buf, (size_t)e->size, &got)) {
        free(buf);
        return false;
    }
    c->read_total += got;
    buf[got] = '\0';
    *data = buf;
    *len = got;
    return true;
}

bool epi_chk_read(epi_chk *c, epi_chk_entry *e, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    return epi_chk_read_allowed(c, e) && epi_chk_read_whole(c, e, data, len);
}

bool epi_chk_read_head(epi_chk *c, epi_chk_entry *e, unsigned char *buf, size_t cap, size_t *got)
{
    *got = 0;
    if (e->unsafe || e->is_dir)
        return false;
    return read_limited(c, e, (char *)buf, cap < e->size ? cap : (size_t)e->size, got);
}
