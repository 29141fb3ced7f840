/* src/ocf/zip_write.c: the OCF container's bytes (docs/ARCHITECTURE.md "Container"). */
#include "ocf/ocf.h"
#include "harness.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    long n;

    *len = 0;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
        data = malloc((size_t)n);
        if (data && fread(data, 1, (size_t)n, f) == (size_t)n) {
            *len = (size_t)n;
        } else {
            free(data);
            data = NULL;
        }
    }
    fclose(f);
    return data;
}

static unsigned rd16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long rd32(const unsigned char *p)
{
    return (unsigned long)rd16(p) | (unsigned long)rd16(p + 2) << 16;
}

static bool add_text(epi_entries *e, const char *name, const char *text, bool store)
{
    size_t n = strlen(text);
    unsigned char *d = malloc(n);
    if (!d)
        return false;
    memcpy(d, text, n);
    if (!epi_entries_add(e, name, d, n, store)) {
        free(d);
        return false;
    }
    return true;
}

/* Walks the local headers: every one must have extra length 0, no data descriptor flag, and
 * method 0 or 8. Returns the number of entries seen. */
static int walk_local_headers(const unsigned char *d, size_t len)
{
    size_t off = 0;
    int n = 0;

    while (off + 30 <= len && rd32(d + off) == 0x04034b50UL) {
        unsigned flags = rd16(d + off + 6), method = rd16(d + off + 8);
        unsigned long csize = rd32(d + off + 18);
        unsigned nlen = rd16(d + off + 26), xlen = rd16(d + off + 28);
        CHECK(xlen == 0);
        CHECK((flags & 0x0008) == 0);
        CHECK((flags & 0x0001) == 0);
        CHECK(method == 0 || method == 8);
        off += 30 + nlen + xlen + csize;
        n++;
    }
    return n;
}

/* Central directory records: no extra fields either. */
static int walk_central(const unsigned char *d, size_t len)
{
    int n = 0;
    for (size_t off = 0; off + 46 <= len; off++) {
        if (rd32(d + off) != 0x02014b50UL)
            continue;
        CHECK(rd16(d + off + 30) == 0); /* extra field length */
        n++;
        off += 45;
    }
    return n;
}

/* Writes the entries to a new file at `path` through epi_zip_write. */
static ep_status zip_to(const char *path, const epi_entries *e, time_t t, ep_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return EP_ERR_IO;
    ep_status st = epi_zip_write(fd, path, e, t, err);
    close(fd);
    return st;
}

int main(void)
{
    char dir[] = "/tmp/ep-test-zip-XXXXXX";
    char a[64], b[64];
    epi_entries e = {0};
    ep_error err = {0};
    unsigned char *da = NULL, *db = NULL;
    size_t la = 0, lb = 0;
    time_t t = (time_t)1700000000; /* 2023-11-14T22:13:20Z */

    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(a, sizeof a, "%s/a.epub", dir);
    snprintf(b, sizeof b, "%s/b.epub", dir);

    CHECK(add_text(&e, "mimetype", "application/epub+zip", true));
    CHECK(add_text(&e, "META-INF/container.xml", "<?xml version=\"1.0\"?><container/>", false));
    CHECK(add_text(&e, "EPUB/text/ch001.xhtml", "Привет, мир! Привет, мир! Привет, мир!", false));
    CHECK(e.n == 3);

    CHECK(zip_to(a, &e, t, &err) == EP_OK);
    CHECK(zip_to(b, &e, t, &err) == EP_OK);
    da = slurp(a, &la);
    db = slurp(b, &lb);
    CHECK(da != NULL && la > 58);
    if (da && la > 58) {
        /* OCF §4.2.2 / docs/ARCHITECTURE.md "Container": the first 58 bytes. */
        CHECK(memcmp(da, "PK\3\4", 4) == 0);
        CHECK((rd16(da + 6) & 0x0008) == 0);  /* no data descriptor */
        CHECK(rd16(da + 8) == 0);             /* stored */
        CHECK(rd32(da + 14) == 0x2CAB616FUL); /* CRC-32 of the 20 bytes */
        CHECK(rd32(da + 18) == 20 && rd32(da + 22) == 20);
        CHECK(rd16(da + 26) == 8);
        CHECK(rd16(da + 28) == 0); /* no extra field (PKG-005) */
        CHECK(memcmp(da + 30, "mimetype", 8) == 0);
        CHECK(memcmp(da + 38, "application/epub+zip", 20) == 0);
        /* DOS time in UTC: 22:13:20, 2023-11-14 */
        CHECK(rd16(da + 10) == ((22u << 11) | (13u << 5) | 10u));
        CHECK(rd16(da + 12) == (((2023u - 1980u) << 9) | (11u << 5) | 14u));
        CHECK(walk_local_headers(da, la) == 3);
        CHECK(walk_central(da, la) == 3);
        /* the second entry is deflated */
        CHECK(rd16(da + 58 + 8) == 8);
    }
    /* Reproducible: same entries and time → same bytes. */
    CHECK(da && db && la == lb && memcmp(da, db, la) == 0);

    /* A different time changes the bytes. */
    CHECK(zip_to(b, &e, t + 3600, &err) == EP_OK);
    free(db);
    db = slurp(b, &lb);
    CHECK(da && db && (la != lb || memcmp(da, db, la) != 0));

    /* mimetype must come first. */
    {
        epi_entries bad = {0};
        CHECK(add_text(&bad, "META-INF/container.xml", "<container/>", false));
        CHECK(zip_to(b, &bad, t, &err) == EP_ERR_USAGE);
        epi_entries_free(&bad);
    }
    /* A descriptor that cannot be written fails with EP_ERR_ZIP and a message naming `name`. */
    err.message[0] = '\0';
    {
        int fd = open(a, O_RDONLY | O_CLOEXEC);
        CHECK(fd >= 0);
        CHECK(epi_zip_write(fd, "out.epub", &e, t, &err) == EP_ERR_ZIP);
        CHECK(strcmp(err.path, "out.epub") == 0);
        CHECK(strcmp(err.message, "cannot write the EPUB: Bad file descriptor") == 0);
        if (fd >= 0)
            close(fd);
    }

    free(da);
    free(db);
    epi_entries_free(&e);
    epi_entries_free(&e); /* idempotent */
    unlink(a);
    unlink(b);
    rmdir(dir);
    return ep_test_done();
}
