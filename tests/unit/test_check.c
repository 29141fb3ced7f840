/*
 * The built-in checker on EPUBs built here with libzip: one small valid book with 0 findings,
 * then one mutation per rule, each asserting the epubcheck ID it must produce.
 */
#include "epubpack.h"
#include "harness.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#define MAXF 16
#define MAXD 64

typedef struct file {
    char name[128];
    char *data;
    size_t len;
    bool store;
    bool extra; /* add an extra field (like Info-ZIP's "UT") */
} file;

typedef struct book {
    file f[MAXF];
    size_t n;
} book;

static char tmpdir[] = "/tmp/test_check_XXXXXX";
static int serial;

static void add(book *b, const char *name, const char *data, size_t len, bool store)
{
    file *f = &b->f[b->n++];
    snprintf(f->name, sizeof f->name, "%s", name);
    f->data = malloc(len + 1);
    memcpy(f->data, data, len);
    f->data[len] = '\0';
    f->len = len;
    f->store = store;
}

static void adds(book *b, const char *name, const char *text)
{
    add(b, name, text, strlen(text), false);
}

static file *find(book *b, const char *name)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->f[i].name, name) == 0)
            return &b->f[i];
    return NULL;
}

static void drop(book *b, const char *name)
{
    file *f = find(b, name);
    if (!f)
        return;
    free(f->data);
    size_t i = (size_t)(f - b->f);
    memmove(&b->f[i], &b->f[i + 1], (b->n - i - 1) * sizeof *f);
    b->n--;
}

/* Replaces the first `from` in file `name` with `to`. */
static void subst(book *b, const char *name, const char *from, const char *to)
{
    file *f = find(b, name);
    char *p = f ? strstr(f->data, from) : NULL;
    if (!p) {
        fprintf(stderr, "test bug: \"%s\" not in %s\n", from, name);
        exit(1);
    }
    size_t pre = (size_t)(p - f->data), fl = strlen(from), tl = strlen(to);
    char *d = malloc(f->len - fl + tl + 1);
    memcpy(d, f->data, pre);
    memcpy(d + pre, to, tl);
    memcpy(d + pre + tl, p + fl, f->len - pre - fl + 1);
    free(f->data);
    f->data = d;
    f->len = f->len - fl + tl;
}

static void book_free(book *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->f[i].data);
    b->n = 0;
}

static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x02\0\0\0";
static const char ttf[] = "\0\1\0\0\0\x0a\0\x80\0\3\0\x20";

static void base(book *b)
{
    memset(b, 0, sizeof *b);
    add(b, "mimetype", "application/epub+zip", 20, true);
    adds(b, "META-INF/container.xml",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<container version=\"1.0\" "
         "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
         "<rootfiles><rootfile full-path=\"EPUB/package.opf\" "
         "media-type=\"application/oebps-package+xml\"/></rootfiles></container>\n");
    adds(b, "EPUB/package.opf",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
         "unique-identifier=\"pub-id\" xml:lang=\"ru\">\n"
         "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
         "<dc:identifier id=\"pub-id\">urn:uuid:12345678-1234-5678-1234-567812345678"
         "</dc:identifier>\n"
         "<dc:title id=\"t\">Книга</dc:title>\n"
         "<meta refines=\"#t\" property=\"title-type\">main</meta>\n"
         "<dc:language>ru</dc:language>\n"
         "<meta property=\"dcterms:modified\">2024-05-01T10:00:00Z</meta>\n"
         "</metadata>\n<manifest>\n"
         "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" "
         "properties=\"nav\"/>\n"
         "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n"
         "<item id=\"ch1\" href=\"text/ch1.xhtml\" media-type=\"application/xhtml+xml\"/>\n"
         "<item id=\"css\" href=\"css/style.css\" media-type=\"text/css\"/>\n"
         "<item id=\"img\" href=\"images/a.png\" media-type=\"image/png\"/>\n"
         "<item id=\"font\" href=\"fonts/f.ttf\" media-type=\"font/ttf\"/>\n"
         "</manifest>\n<spine toc=\"ncx\">\n<itemref idref=\"ch1\"/>\n</spine>\n</package>\n");
    adds(b, "EPUB/nav.xhtml",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
         "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
         "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"ru\" xml:lang=\"ru\">\n"
         "<head><title>Содержание</title></head>\n<body>\n"
         "<nav epub:type=\"toc\" id=\"toc\"><h1>Содержание</h1>\n"
         "<ol><li><a href=\"text/ch1.xhtml\">Глава</a>\n"
         "<ol><li><a href=\"text/ch1.xhtml#s1\">Раздел</a></li></ol></li></ol></nav>\n"
         "<nav epub:type=\"landmarks\" hidden=\"\"><ol>\n"
         "<li><a epub:type=\"bodymatter\" href=\"text/ch1.xhtml\">Начало</a></li>\n"
         "</ol></nav>\n</body>\n</html>\n");
    adds(b, "EPUB/toc.ncx",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n"
         "<head><meta name=\"dtb:uid\" "
         "content=\"urn:uuid:12345678-1234-5678-1234-567812345678\"/></head>\n"
         "<docTitle><text>Книга</text></docTitle>\n<navMap>\n"
         "<navPoint id=\"n1\" playOrder=\"1\"><navLabel><text>Глава</text></navLabel>"
         "<content src=\"text/ch1.xhtml#s1\"/></navPoint>\n</navMap>\n</ncx>\n");
    adds(b, "EPUB/text/ch1.xhtml",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
         "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
         "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"ru\" xml:lang=\"ru\">\n"
         "<head><title>Глава</title>"
         "<link rel=\"stylesheet\" type=\"text/css\" href=\"../css/style.css\"/></head>\n"
         "<body>\n<h1 id=\"s1\">Глава</h1>\n"
         "<p>Текст<a epub:type=\"noteref\" href=\"#fn1\" id=\"r1\">1</a>.</p>\n"
         "<p><img src=\"../images/a.png\" alt=\"точка\"/></p>\n"
         "<p><a href=\"https://example.org/\">ссылка</a></p>\n"
         "<aside epub:type=\"footnote\" id=\"fn1\"><p><a href=\"#r1\">1.</a> Примечание.</p>"
         "</aside>\n</body>\n</html>\n");
    adds(b, "EPUB/css/style.css",
         "@font-face { font-family: \"F\"; src: url(\"../fonts/f.ttf\"); }\n"
         "/* comment with url(nothing.png) */\n"
         "body { font-family: \"F\", serif; }\nh1 { hyphens: none; }\n");
    add(b, "EPUB/images/a.png", png, sizeof png - 1, false);
    add(b, "EPUB/fonts/f.ttf", ttf, sizeof ttf - 1, false);
}

/* Writes the book as a zip in file order; returns the path (static buffer). */
static const char *write_book(const book *b)
{
    static char path[256];
    int zerr = 0;
    snprintf(path, sizeof path, "%s/%d.epub", tmpdir, serial++);
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z) {
        fprintf(stderr, "zip_open failed: %d\n", zerr);
        exit(1);
    }
    for (size_t i = 0; i < b->n; i++) {
        zip_source_t *s = zip_source_buffer(z, b->f[i].data, b->f[i].len, 0);
        zip_int64_t idx = zip_file_add(z, b->f[i].name, s, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
            fprintf(stderr, "zip_file_add %s: %s\n", b->f[i].name, zip_strerror(z));
            exit(1);
        }
        zip_set_file_compression(z, (zip_uint64_t)idx,
                                 b->f[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9);
        zip_file_set_mtime(z, (zip_uint64_t)idx, 1700000000, 0);
        if (b->f[i].extra)
            zip_file_extra_field_set(z, (zip_uint64_t)idx, 0x5455, ZIP_EXTRA_FIELD_NEW,
                                     (const zip_uint8_t *)"\1\0\0\0\0", 5,
                                     ZIP_FL_LOCAL | ZIP_FL_CENTRAL);
    }
    if (zip_close(z) != 0) {
        fprintf(stderr, "zip_close: %s\n", zip_strerror(z));
        exit(1);
    }
    return path;
}

typedef struct findings {
    char ids[MAXD][32];
    ep_severity sev[MAXD];
    size_t n;
} findings;

static void collect(void *ud, const ep_diag *d)
{
    findings *fs = ud;
    if (getenv("VERBOSE"))
        fprintf(stderr, "  %s(%s): %s:%d: %s\n", ep_severity_string(d->severity), d->id, d->path,
                d->line, d->message);
    if (fs->n < MAXD) {
        snprintf(fs->ids[fs->n], sizeof fs->ids[0], "%s", d->id);
        fs->sev[fs->n++] = d->severity;
    }
}

static bool has(const findings *fs, ep_severity sev, const char *id)
{
    for (size_t i = 0; i < fs->n; i++)
        if (fs->sev[i] == sev && strcmp(fs->ids[i], id) == 0)
            return true;
    return false;
}

static ep_check_result check_path(const char *path, findings *fs)
{
    ep_check_result r;
    ep_error err;
    memset(fs, 0, sizeof *fs);
    ep_status st = ep_check_file(path, collect, fs, &r, &err);
    CHECK(st == EP_OK);
    return r;
}

/* Checks the book and asserts that `id` is reported with severity `sev`. */
static void expect(book *b, const char *what, ep_severity sev, const char *id)
{
    findings fs;
    if (getenv("VERBOSE"))
        fprintf(stderr, "%s:\n", what);
    check_path(write_book(b), &fs);
    if (!has(&fs, sev, id)) {
        fprintf(stderr, "%s: expected %s(%s), got:", what, ep_severity_string(sev), id);
        for (size_t i = 0; i < fs.n; i++)
            fprintf(stderr, " %s(%s)", ep_severity_string(fs.sev[i]), fs.ids[i]);
        fprintf(stderr, "\n");
    }
    CHECK(has(&fs, sev, id));
    book_free(b);
}

static void test_valid(void)
{
    book b;
    findings fs;
    base(&b);
    ep_check_result r = check_path(write_book(&b), &fs);
    CHECK(r.fatals == 0 && r.errors == 0 && r.warnings == 0);
    /* nothing but usage notes (epubcheck's -u level: CSS-028 for each @font-face declaration) */
    size_t notes = 0;
    for (size_t i = 0; i < fs.n; i++) {
        notes += fs.sev[i] == EP_SEV_USAGE && !strcmp(fs.ids[i], "CSS-028");
        if (fs.sev[i] != EP_SEV_USAGE || strcmp(fs.ids[i], "CSS-028") != 0)
            fprintf(stderr, "valid book: unexpected %s(%s)\n", ep_severity_string(fs.sev[i]),
                    fs.ids[i]);
    }
    CHECK(notes == fs.n);
    book_free(&b);
}

static void test_ocf(void)
{
    book b;

    base(&b);
    b.f[0].store = false;
    expect(&b, "deflated mimetype", EP_SEV_ERROR, "PKG-007");

    base(&b);
    {
        file m = b.f[0];
        memmove(&b.f[0], &b.f[1], (b.n - 1) * sizeof m);
        b.f[b.n - 1] = m;
    }
    expect(&b, "mimetype not first", EP_SEV_ERROR, "PKG-006");

    base(&b);
    b.f[0].extra = true;
    expect(&b, "mimetype with an extra field", EP_SEV_ERROR, "PKG-005");

    base(&b);
    subst(&b, "mimetype", "application/epub+zip", "application/epub+zip\n");
    expect(&b, "mimetype with newline", EP_SEV_ERROR, "PKG-007");

    base(&b);
    drop(&b, "META-INF/container.xml");
    expect(&b, "no container.xml", EP_SEV_FATAL, "RSC-002");

    base(&b);
    subst(&b, "META-INF/container.xml", "EPUB/package.opf", "EPUB/missing.opf");
    expect(&b, "package document missing", EP_SEV_FATAL, "OPF-002");

    base(&b);
    subst(&b, "META-INF/container.xml", "application/oebps-package+xml", "text/xml");
    expect(&b, "no OPF rootfile", EP_SEV_ERROR, "RSC-003");

    base(&b);
    adds(&b, "EPUB/text/CH1.xhtml", "<x/>");
    expect(&b, "duplicate after case folding", EP_SEV_ERROR, "OPF-060");

    base(&b);
    adds(&b, "../evil.txt", "x");
    expect(&b, "entry climbing out", EP_SEV_ERROR, "EPK-ZIP-PATH");

    base(&b);
    adds(&b, "EPUB/a:b.txt", "x");
    expect(&b, "forbidden character", EP_SEV_ERROR, "PKG-009");

    base(&b);
    adds(&b, "EPUB/name.", "x");
    expect(&b, "name ending with a dot", EP_SEV_ERROR, "PKG-011");

    base(&b);
    adds(&b, "EPUB/extra.txt", "x");
    expect(&b, "undeclared file", EP_SEV_USAGE, "OPF-003");

    /* A zip bomb: 24 MiB of zeros deflate to about 24 KiB (ratio ~1000). */
    base(&b);
    {
        size_t big = (size_t)24 << 20;
        char *zeros = calloc(1, big);
        add(&b, "EPUB/zeros.bin", zeros, big, false);
        free(zeros);
    }
    expect(&b, "zip bomb", EP_SEV_FATAL, "EPK-ZIP-BOMB");
}

static void test_raw(void)
{
    findings fs;
    char path[256];
    ep_check_result r;

    snprintf(path, sizeof path, "%s/notzip.epub", tmpdir);
    FILE *f = fopen(path, "wb");
    fputs("This is plain text, long enough to pass the 58-byte minimum of PKG-003 ....", f);
    fclose(f);
    r = check_path(path, &fs);
    CHECK(has(&fs, EP_SEV_FATAL, "PKG-004"));
    CHECK(has(&fs, EP_SEV_FATAL, "PKG-008"));
    CHECK(r.fatals == 2);

    /* A truncated EPUB (the central directory is gone). */
    book b;
    base(&b);
    const char *p = write_book(&b);
    book_free(&b);
    FILE *in = fopen(p, "rb");
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    snprintf(path, sizeof path, "%s/truncated.epub", tmpdir);
    f = fopen(path, "wb");
    fwrite(buf, 1, n / 2, f);
    fclose(f);
    r = check_path(path, &fs);
    CHECK(has(&fs, EP_SEV_FATAL, "PKG-008"));

    snprintf(path, sizeof path, "%s/empty.epub", tmpdir);
    fclose(fopen(path, "wb"));
    r = check_path(path, &fs);
    CHECK(has(&fs, EP_SEV_ERROR, "PKG-003"));
    CHECK(has(&fs, EP_SEV_FATAL, "PKG-008"));

    ep_error err;
    CHECK(ep_check_file("/nonexistent/x.epub", NULL, NULL, &r, &err) == EP_ERR_IO);
    CHECK(ep_check_file(NULL, NULL, NULL, &r, &err) == EP_ERR_USAGE);
}

static void test_opf(void)
{
    book b;
    const char *opf = "EPUB/package.opf";

    base(&b);
    drop(&b, "EPUB/images/a.png");
    expect(&b, "missing file", EP_SEV_ERROR, "RSC-001");

    base(&b);
    subst(&b, opf, "2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000Z");
    expect(&b, "bad dcterms:modified", EP_SEV_ERROR, "RSC-005");

    base(&b);
    subst(&b, opf, "<meta property=\"dcterms:modified\">2024-05-01T10:00:00Z</meta>", "");
    expect(&b, "no dcterms:modified", EP_SEV_ERROR, "RSC-005");

    base(&b);
    subst(&b, opf, "unique-identifier=\"pub-id\"", "unique-identifier=\"other\"");
    expect(&b, "unique-identifier not found", EP_SEV_ERROR, "OPF-030");

    base(&b);
    subst(&b, opf, "<dc:title id=\"t\">Книга</dc:title>", "");
    subst(&b, opf, "<meta refines=\"#t\" property=\"title-type\">main</meta>", "");
    expect(&b, "no dc:title", EP_SEV_ERROR, "RSC-005");

    base(&b);
    subst(&b, opf, "<dc:language>ru</dc:language>", "<dc:language>russian language</dc:language>");
    expect(&b, "bad language tag", EP_SEV_ERROR, "OPF-092");

    base(&b);
    subst(&b, opf, "refines=\"#t\"", "refines=\"#nothing\"");
    expect(&b, "refines target missing", EP_SEV_ERROR, "RSC-005");

    base(&b);
    subst(&b, opf, "idref=\"ch1\"", "idref=\"ch9\"");
    expect(&b, "spine idref unknown", EP_SEV_ERROR, "OPF-049");

    base(&b);
    subst(&b, opf, "<itemref idref=\"ch1\"/>", "<itemref idref=\"ch1\" linear=\"no\"/>");
    expect(&b, "no linear item", EP_SEV_ERROR, "OPF-033");

    base(&b);
    subst(&b, opf, " properties=\"nav\"", "");
    expect(&b, "no nav item", EP_SEV_ERROR, "RSC-005");

    base(&b);
    subst(&b, opf, "id=\"css\"", "id=\"ch1\"");
    expect(&b, "duplicate manifest id", EP_SEV_ERROR, "RSC-005");

    base(&b);
    subst(&b, opf, "media-type=\"image/png\"", "media-type=\"image/jpeg\"");
    expect(&b, "PNG declared as JPEG", EP_SEV_ERROR, "OPF-029");

    base(&b);
    subst(&b, opf, "<spine toc=\"ncx\">", "<spine>");
    expect(&b, "NCX without spine toc", EP_SEV_ERROR, "RSC-005");

    base(&b);
    subst(&b, opf, "<metadata", "<metadata><foo:bar/");
    expect(&b, "malformed package document", EP_SEV_FATAL, "RSC-016");

    base(&b);
    subst(&b, opf, "properties=\"nav\"", "properties=\"nav bogus\"");
    expect(&b, "unknown item property", EP_SEV_ERROR, "OPF-027");
}

/* dc:date (issue 15): OPF-053, epubcheck's message, wherever epubcheck 4.2.6's date parser
 * refuses the value; nothing for the values it takes. */
static void date_message(void *ud, const ep_diag *d)
{
    if (strcmp(d->id, "OPF-053") == 0 && d->severity == EP_SEV_WARNING)
        snprintf(ud, 256, "%s:%d: %s", d->path, d->line, d->message);
}

static void test_dates(void)
{
    static const struct {
        const char *value, *message; /* NULL: no OPF-053 */
    } cases[] = {
        {"21.05.2020", "Date value \"21.05.2020\" does not follow recommended syntax as per "
                       "http://www.w3.org/TR/NOTE-datetime: not YYYY[-MM[-DD[Thh:mm[:ss]TZD]]]."},
        {"May 21, 2020", "Date value \"May 21, 2020\" does not follow recommended syntax as per "
                         "http://www.w3.org/TR/NOTE-datetime: not YYYY[-MM[-DD[Thh:mm[:ss]TZD]]]."},
        {"2020-13-45", "Date value \"2020-13-45\" does not follow recommended syntax as per "
                       "http://www.w3.org/TR/NOTE-datetime: there is no month 13."},
        {"2021-02-29", "Date value \"2021-02-29\" does not follow recommended syntax as per "
                       "http://www.w3.org/TR/NOTE-datetime: February 2021 has 28 days."},
        {"2020-05-21T25:00Z", "Date value \"2020-05-21T25:00Z\" does not follow recommended "
                              "syntax as per http://www.w3.org/TR/NOTE-datetime: there is no "
                              "time 25:00:00."},
        {"", "Date value \"\" does not follow recommended syntax as per "
             "http://www.w3.org/TR/NOTE-datetime: zero-length string."},
        {"20200521", "Date value \"20200521\" does not follow recommended syntax as per "
                     "http://www.w3.org/TR/NOTE-datetime: there is no year 20200521."},
        {"2020", NULL},
        {"2020-05", NULL},
        {"2020-02-29", NULL},
        {"2020-05-21T10:00:00+03:00", NULL},
        {"2020-5-1", NULL},         /* epubcheck takes one-digit fields */
        {"2020-05-21T10:00", NULL}, /* and a time without zone */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        book b;
        char got[256] = "", want[256] = "";
        ep_check_result r;
        ep_error err;
        char elem[96];
        base(&b);
        snprintf(elem, sizeof elem, "<dc:date>%s</dc:date>\n<dc:language>", cases[i].value);
        subst(&b, "EPUB/package.opf", "<dc:language>", elem);
        CHECK(ep_check_file(write_book(&b), date_message, got, &r, &err) == EP_OK);
        if (cases[i].message)
            snprintf(want, sizeof want, "EPUB/package.opf:7: %s", cases[i].message);
        CHECK_STR(got, want);
        /* a valid date leaves the book valid; an empty one is also RSC-005, as in epubcheck */
        CHECK(r.errors == (*cases[i].value ? 0u : 1u));
        book_free(&b);
    }
    /* EPUB 2: the same finding is OPF-054, an error. */
    book b;
    base(&b);
    subst(&b, "EPUB/package.opf", "version=\"3.0\"", "version=\"2.0\"");
    subst(&b, "EPUB/package.opf", "<dc:language>", "<dc:date>21.05.2020</dc:date>\n<dc:language>");
    expect(&b, "EPUB 2 bad dc:date", EP_SEV_ERROR, "OPF-054");
}

static void test_content(void)
{
    book b;
    const char *ch = "EPUB/text/ch1.xhtml";

    base(&b);
    subst(&b, ch, "href=\"#fn1\"", "href=\"#nope\"");
    expect(&b, "broken fragment", EP_SEV_ERROR, "RSC-012");

    base(&b);
    subst(&b, ch, "lang=\"ru\" xml:lang=\"ru\"", "lang=\"ru\" xml:lang=\"en\"");
    expect(&b, "lang mismatch", EP_SEV_ERROR, "RSC-005");

    base(&b);
    subst(&b, ch, "id=\"r1\"", "id=\"s1\"");
    expect(&b, "duplicate id", EP_SEV_ERROR, "RSC-005");

    base(&b);
    subst(&b, ch, "<!DOCTYPE html>",
          "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" "
          "\"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd\">");
    expect(&b, "XHTML 1.1 DOCTYPE", EP_SEV_ERROR, "HTM-004");

    base(&b);
    subst(&b, ch, "Текст", "Текст&nbsp;");
    expect(&b, "undeclared entity", EP_SEV_FATAL, "RSC-016");

    /* EPUB 2: epubcheck's copy of XHTML 1.1's DTD declares HTML 4's entities, its copies of
     * XHTML 1.0's declare none (they read them from external parameter entities, which its
     * parser does not read) */
    for (int strict = 0; strict < 2; strict++) {
        findings fs;
        base(&b);
        subst(&b, "EPUB/package.opf", "version=\"3.0\"", "version=\"2.0\"");
        subst(&b, ch, "<!DOCTYPE html>",
              strict ? "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
                       "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">"
                     : "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" "
                       "\"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd\">");
        subst(&b, ch, "Текст", "Текст&rsquo;");
        check_path(write_book(&b), &fs);
        CHECK(has(&fs, EP_SEV_FATAL, "RSC-016") == (strict == 1));
        book_free(&b);
    }

    base(&b);
    subst(&b, ch, "../images/a.png", "../images/b.png");
    expect(&b, "missing image", EP_SEV_ERROR, "RSC-007");

    base(&b);
    adds(&b, "EPUB/images/b.png", "x");
    subst(&b, ch, "../images/a.png", "../images/b.png");
    expect(&b, "undeclared image", EP_SEV_ERROR, "RSC-008");

    base(&b);
    subst(&b, ch, "<p>Текст", "<p><a href=\"../nav.xhtml\">nav</a>Текст");
    expect(&b, "hyperlink outside the spine", EP_SEV_ERROR, "RSC-011");

    base(&b);
    subst(&b, ch, "../images/a.png", "https://example.org/a.png");
    expect(&b, "remote image", EP_SEV_ERROR, "RSC-006");

    base(&b);
    subst(&b, ch, "../images/a.png", "../../../a.png");
    expect(&b, "URL leaking out of the container", EP_SEV_ERROR, "RSC-026");

    base(&b);
    subst(&b, ch, "<head>", "<head><script>var x = 1;</script>");
    expect(&b, "script without scripted", EP_SEV_ERROR, "OPF-014");
    base(&b);
    subst(&b, ch, "../images/a.png\"", "../images/a.png\" onerror=\"this.hidden=1\"");
    expect(&b, "an event handler attribute without scripted", EP_SEV_ERROR, "OPF-014");

    base(&b);
    subst(&b, ch, "<html xmlns=\"http://www.w3.org/1999/xhtml\"", "<html");
    expect(&b, "XHTML without namespace", EP_SEV_ERROR, "RSC-005");
}

static void test_nav_ncx_css(void)
{
    book b;

    base(&b);
    subst(&b, "EPUB/nav.xhtml", "epub:type=\"toc\"", "epub:type=\"lot\"");
    expect(&b, "no toc nav", EP_SEV_ERROR, "RSC-005");

    base(&b);
    subst(&b, "EPUB/nav.xhtml", "<li><a href=\"text/ch1.xhtml#s1\">Раздел</a></li>",
          "<li><span>Раздел</span></li>");
    expect(&b, "span without ol", EP_SEV_ERROR, "RSC-005");

    base(&b);
    subst(&b, "EPUB/nav.xhtml", "epub:type=\"bodymatter\" ", "");
    expect(&b, "landmark without epub:type", EP_SEV_ERROR, "RSC-005");

    base(&b);
    subst(&b, "EPUB/nav.xhtml", "text/ch1.xhtml#s1", "text/ch1.xhtml#s2");
    expect(&b, "toc fragment missing", EP_SEV_ERROR, "RSC-012");

    base(&b);
    subst(&b, "EPUB/nav.xhtml", "text/ch1.xhtml#s1", "https://example.org/");
    expect(&b, "remote toc link", EP_SEV_ERROR, "NAV-010");

    base(&b);
    subst(&b, "EPUB/toc.ncx", "567812345678\"", "567812345679\"");
    expect(&b, "dtb:uid mismatch", EP_SEV_ERROR, "NCX-001");

    base(&b);
    subst(&b, "EPUB/toc.ncx", "ch1.xhtml#s1", "ch2.xhtml");
    expect(&b, "NCX src missing", EP_SEV_ERROR, "RSC-007");

    base(&b);
    subst(&b, "EPUB/css/style.css", "../fonts/f.ttf", "../fonts/g.ttf");
    expect(&b, "CSS font missing", EP_SEV_ERROR, "RSC-007");

    base(&b);
    subst(&b, "EPUB/css/style.css", "h1 {", "@font-face { }\nh1 {");
    expect(&b, "empty @font-face", EP_SEV_WARNING, "CSS-019");

    base(&b);
    subst(&b, "EPUB/css/style.css", "hyphens: none;", "direction: rtl;");
    expect(&b, "direction property", EP_SEV_ERROR, "CSS-001");

    base(&b);
    subst(&b, "EPUB/css/style.css", "hyphens: none; }", "hyphens: none;");
    expect(&b, "unclosed block", EP_SEV_ERROR, "CSS-008");
}

/* Checks the book and asserts that nothing is reported: no fatal, error or warning. */
static void expect_clean(book *b, const char *what)
{
    findings fs;
    ep_check_result r = check_path(write_book(b), &fs);
    bool clean = r.fatals == 0 && r.errors == 0 && r.warnings == 0;
    if (!clean) {
        fprintf(stderr, "%s: expected nothing, got:", what);
        for (size_t i = 0; i < fs.n; i++)
            fprintf(stderr, " %s(%s)", ep_severity_string(fs.sev[i]), fs.ids[i]);
        fprintf(stderr, "\n");
    }
    CHECK(clean);
    book_free(b);
}

/* Where the checker disagreed with epubcheck 5.3.0 on real books (issue 12). */
static void test_epubcheck53(void)
{
    book b;
    const char *opf = "EPUB/package.opf", *nav = "EPUB/nav.xhtml";
    const char *spine_nav = "<itemref idref=\"ch1\"/>\n<itemref idref=\"nav\" linear=\"no\"/>";

    /* A non-linear nav document is reachable through a link to itself (landmarks "toc"); a
     * link from a document to itself counts as a hyperlink for epubcheck. */
    base(&b);
    subst(&b, opf, "<itemref idref=\"ch1\"/>", spine_nav);
    subst(&b, nav, "</ol></nav>\n</body>",
          "<li><a epub:type=\"toc\" href=\"#toc\">Содержание</a></li>\n</ol></nav>\n</body>");
    expect_clean(&b, "non-linear nav that links to itself");
    base(&b);
    subst(&b, opf, "<itemref idref=\"ch1\"/>", spine_nav);
    expect(&b, "non-linear nav that nothing links to", EP_SEV_ERROR, "OPF-096");

    /* refines: any relative URL (EPUB 3.3 §5.5.6), e.g. a fragment of a content document
     * (of a property package-30.sch does not tie to an element: title-type must refine a
     * dc:title, opf.meta.title-type). */
    base(&b);
    subst(&b, opf, "<meta refines=\"#t\" property=\"title-type\">main</meta>",
          "<meta refines=\"#t\" property=\"title-type\">main</meta>"
          "<meta refines=\"text/ch1.xhtml#s1\" property=\"dcterms:alternative\">A</meta>");
    expect_clean(&b, "refines a fragment of another file");
    base(&b);
    subst(&b, opf, "refines=\"#t\"", "refines=\"text/ch1.xhtml#s1\"");
    expect(&b, "title-type refining no dc:title", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, opf, "refines=\"#t\"", "refines=\"https://example.org/#t\"");
    expect(&b, "refines an absolute URL", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, opf, "refines=\"#t\"", "refines=\"text/ch1.xhtml\"");
    expect(&b, "refines a manifest item by URL", EP_SEV_WARNING, "RSC-017");

    /* An image in the spine with a fallback to a content document: nav links to it are fine. */
    base(&b);
    subst(&b, opf, "media-type=\"image/png\"/>", "media-type=\"image/png\" fallback=\"ch1\"/>");
    subst(&b, opf, "<itemref idref=\"ch1\"/>", "<itemref idref=\"ch1\"/><itemref idref=\"img\"/>");
    subst(&b, nav, "</li></ol></li></ol></nav>",
          "</li></ol></li><li><a href=\"images/a.png\">Рисунок</a></li></ol></nav>");
    expect_clean(&b, "nav link to an image in the spine");
    base(&b);
    subst(&b, nav, "</li></ol></li></ol></nav>",
          "</li></ol></li><li><a href=\"images/a.png\">Рисунок</a></li></ol></nav>");
    expect(&b, "nav link to an image without fallback", EP_SEV_ERROR, "RSC-010");

    /* A URL leaking out of the container is reported, then resolved at the root. */
    base(&b);
    subst(&b, opf, "href=\"text/ch1.xhtml\"", "href=\"../../EPUB/text/ch1.xhtml\"");
    {
        findings fs;
        check_path(write_book(&b), &fs);
        CHECK(has(&fs, EP_SEV_ERROR, "RSC-026"));
        CHECK(!has(&fs, EP_SEV_ERROR, "RSC-001") && !has(&fs, EP_SEV_ERROR, "RSC-008"));
        book_free(&b);
    }

    /* Prefixes (EPUB 3.3 §D.3): msv and prism are no longer reserved; Dublin Core elements
     * must not be declared; item properties need declared prefixes too. */
    base(&b);
    subst(&b, opf, "<dc:language>", "<meta property=\"msv:x\">1</meta><dc:language>");
    expect(&b, "msv: without a declaration", EP_SEV_ERROR, "OPF-028");
    base(&b);
    subst(&b, opf, "version=\"3.0\"",
          "version=\"3.0\" prefix=\"dc: http://purl.org/dc/elements/1.1/\"");
    expect(&b, "the Dublin Core prefix declared", EP_SEV_ERROR, "OPF-007c");
    base(&b);
    subst(&b, opf, "media-type=\"text/css\"", "media-type=\"text/css\" properties=\"foo:bar\"");
    expect(&b, "undeclared prefix on an item", EP_SEV_ERROR, "OPF-028");
    base(&b);
    subst(&b, opf, "version=\"3.0\"", "version=\"3.0\" prefix=\"foo: https://example.org/\"");
    subst(&b, opf, "media-type=\"text/css\"", "media-type=\"text/css\" properties=\"foo:bar\"");
    expect_clean(&b, "declared prefix on an item");
    /* EbookLib's test book: rendition's URI declared (under any name) is still rendition's
     * vocabulary, which has no term for a manifest item (epubcheck's KNOWN_ITEM_VOCAB_URIS) */
    base(&b);
    subst(&b, opf, "version=\"3.0\"",
          "version=\"3.0\" prefix=\"r: http://www.idpf.org/vocab/rendition/#\"");
    subst(&b, opf, "media-type=\"text/css\"",
          "media-type=\"text/css\" properties=\"r:layout-pre-paginated\"");
    expect(&b, "rendition declared, on an item", EP_SEV_ERROR, "OPF-027");

    /* RSC-020: a URL with a space, or a bad percent escape. */
    base(&b);
    subst(&b, "EPUB/text/ch1.xhtml", "href=\"https://example.org/\"",
          "href=\"https://example .org/\"");
    expect(&b, "space in a host", EP_SEV_ERROR, "RSC-020");
    base(&b);
    subst(&b, "EPUB/text/ch1.xhtml", "href=\"#fn1\"", "href=\"#fn%zz\"");
    expect(&b, "bad percent escape", EP_SEV_ERROR, "RSC-020");

    /* Fixed layout (EPUB 3.3 §8.2.2.1): the first viewport meta gives width and height. */
    const char *fxl_meta = "<meta property=\"rendition:layout\">pre-paginated</meta><dc:language>";
    const char *ch1 = "EPUB/text/ch1.xhtml";
    base(&b);
    subst(&b, opf, "<dc:language>", fxl_meta);
    expect(&b, "fixed layout without a viewport", EP_SEV_ERROR, "HTM-046");
    base(&b);
    subst(&b, opf, "<dc:language>", fxl_meta);
    subst(&b, ch1, "<title>",
          "<meta name=\"viewport\" content=\"width=1000, height=600\"/><title>");
    expect_clean(&b, "fixed layout with a viewport");
    base(&b);
    subst(&b, opf, "<dc:language>", fxl_meta);
    subst(&b, ch1, "<title>",
          "<meta name=\"viewport\" content=\"width=1000px, height=600\"/><title>");
    expect(&b, "viewport width with a unit", EP_SEV_ERROR, "HTM-057");
    base(&b);
    subst(&b, opf, "<dc:language>", fxl_meta);
    subst(&b, ch1, "<title>",
          "<meta name=\"viewport\" content=\"width=1, height=2, width=3\"/><title>");
    expect(&b, "viewport width twice", EP_SEV_ERROR, "HTM-059");
    base(&b);
    subst(&b, opf, "<dc:language>", fxl_meta);
    subst(&b, ch1, "<title>", "<meta name=\"viewport\" content=\"width 1, height=2\"/><title>");
    expect(&b, "viewport syntax", EP_SEV_ERROR, "HTM-047");
    base(&b);
    subst(&b, opf, "<dc:language>", fxl_meta);
    subst(&b, ch1, "<title>",
          "<meta name=\"viewport\" content=\"width=9, height=6, extra, x\"/><title>");
    expect_clean(&b, "viewport names without values");
    base(&b);
    subst(&b, opf, "<dc:language>", fxl_meta);
    subst(&b, opf, "<meta property=\"rendition:layout\">",
          "<meta property=\"rendition:layout\">reflowable</meta><meta "
          "property=\"rendition:layout\">");
    expect(&b, "rendition:layout twice", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, opf, "<itemref idref=\"ch1\"/>",
          "<itemref idref=\"ch1\" properties=\"rendition:layout-reflowable "
          "rendition:layout-pre-paginated\"/>");
    expect(&b, "exclusive spine overrides", EP_SEV_ERROR, "RSC-005");

    /* A link to an id of a declared but missing document: RSC-012 besides RSC-001. */
    base(&b);
    drop(&b, ch1);
    expect(&b, "fragment into a missing document", EP_SEV_ERROR, "RSC-012");

    /* OPF-029 is about GIF, JPEG and PNG signatures only: fonts are not checked. */
    base(&b);
    memcpy(find(&b, "EPUB/fonts/f.ttf")->data, "GIF8", 4);
    expect_clean(&b, "font with an unknown signature");
    base(&b);
    memcpy(find(&b, "EPUB/images/a.png")->data, "\xff\xd8\xff\xe0", 4);
    expect(&b, "JPEG declared as PNG", EP_SEV_ERROR, "OPF-029");

    /* Rules found by running epubcheck 5.3.0 live on the W3C test publications. */
    const char *ch = "EPUB/text/ch1.xhtml";
    base(&b);
    subst(&b, opf, "<itemref idref=\"ch1\"/>", "<itemref idref=\"ch1\"/><itemref idref=\"ch1\"/>");
    expect(&b, "the same item twice in the spine (EPUB 3)", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, opf, "<itemref idref=\"ch1\"/>",
          "<itemref idref=\"ch1\" properties=\"untrustworthy\"/>");
    expect(&b, "an unknown itemref property", EP_SEV_ERROR, "OPF-027");
    base(&b);
    subst(&b, opf, "<itemref idref=\"ch1\"/>",
          "<itemref idref=\"ch1\" properties=\"page-spread-left rendition:flow-paginated\"/>");
    expect_clean(&b, "known itemref properties");
    base(&b);
    subst(&b, ch, "<p>Текст", "<unknown>x</unknown><p>Текст");
    expect(&b, "an element HTML does not have", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, ch, "<p>Текст", "<p><dfn>a <dfn>b</dfn></dfn></p><p>Текст");
    expect(&b, "dfn inside dfn", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, ch, "<p>Текст", "<p><ruby>漢<rb>字</rb><rt>ji</rt></ruby> <dfn>d</dfn></p><p>Текст");
    expect_clean(&b, "ruby with rb, one dfn");
    base(&b);
    subst(&b, ch, "<title>Глава</title>", "<title epub:type=\"footnote\">Глава</title>");
    expect(&b, "epub:type in the head", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, ch, "<p><img", "<p><iframe src=\"file:///etc/passwd\"></iframe><img");
    {
        findings fs;
        check_path(write_book(&b), &fs);
        CHECK(has(&fs, EP_SEV_ERROR, "RSC-030") && has(&fs, EP_SEV_ERROR, "RSC-006"));
        book_free(&b);
    }
    base(&b);
    subst(&b, "META-INF/container.xml", "</rootfiles>",
          "<rootfile full-path=\"EPUB/package.opf\" "
          "media-type=\"application/oebps-package+xml\"/></rootfiles>");
    {
        findings fs;
        check_path(write_book(&b), &fs);
        CHECK(has(&fs, EP_SEV_WARNING, "RSC-017") && has(&fs, EP_SEV_WARNING, "RSC-019"));
        book_free(&b);
    }
    base(&b);
    subst(&b, ch, "<!DOCTYPE html>", "<!DOCTYPE html [<!ENTITY x SYSTEM \"nav.xhtml\">]>");
    subst(&b, ch, "<p>Текст", "<p>&x;</p><p>Текст");
    {
        findings fs;
        check_path(write_book(&b), &fs);
        CHECK(has(&fs, EP_SEV_ERROR, "HTM-003") && has(&fs, EP_SEV_FATAL, "RSC-016"));
        book_free(&b);
    }
    base(&b);
    subst(&b, opf, "</manifest>",
          "<item id=\"mo\" href=\"mo.smil\" media-type=\"application/smil+xml\"/></manifest>");
    adds(&b, "EPUB/mo.smil",
         "<smil xmlns=\"http://www.w3.org/ns/SMIL\" version=\"3.0\"><body><par>"
         "<text src=\"text/ch1.xhtml#s1\"/><audio src=\"https://example.org/a.mp4\"/>"
         "</par></body></smil>\n");
    expect(&b, "a media overlay with remote audio, no remote-resources", EP_SEV_ERROR, "OPF-014");
    base(&b);
    subst(&b, nav, "<ol><li><a href=\"text/ch1.xhtml\">Глава</a>\n<ol>",
          "<ol><li><a href=\"text/ch1.xhtml#s1\">Глава</a>\n<ol>");
    subst(&b, nav, "<ol><li><a href=\"text/ch1.xhtml#s1\">Раздел</a>",
          "<ol><li><a href=\"text/ch1.xhtml\">Раздел</a>");
    expect(&b, "toc going back within a document", EP_SEV_WARNING, "NAV-011");
}

/* The package, container and NCX content models generated from epubcheck's schemas
 * (util/pkg_schema.c), the nav document's (epub-nav-30.rnc), and the rules of package-30.sch
 * and ncx.sch ported beside them; each as epubcheck 5.3.0 reports it. */
static void test_schema_tables(void)
{
    const char *opf = "EPUB/package.opf", *ncx = "EPUB/toc.ncx", *nav = "EPUB/nav.xhtml";
    book b;

    base(&b);
    subst(&b, opf, "</manifest>", "<foo/></manifest>");
    expect(&b, "an unknown element in the manifest", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, opf, "<dc:identifier id=\"pub-id\">",
          "<dc:identifier id=\"pub-id\" xmlns:opf=\"http://www.idpf.org/2007/opf\" "
          "opf:scheme=\"uuid\">");
    expect(&b, "opf:scheme in an EPUB 3 package", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, opf, "<itemref idref=\"ch1\"/>", "<itemref idref=\"ch1\" linear=\"maybe\"/>");
    expect(&b, "a bad linear value", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, opf, "<dc:language>ru</dc:language>",
          "<dc:language>ru</dc:language><dc:date>2020</dc:date><dc:date>2021</dc:date>");
    expect(&b, "two dc:date (the interleave's counts)", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, "META-INF/container.xml", "<rootfile ", "<rootfile foo=\"x\" ");
    expect(&b, "an unknown attribute on a rootfile", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, ncx, "<navLabel><text>Глава</text></navLabel>",
          "<navLabel xml:lang=\"ru\"><text>Глава</text></navLabel>"
          "<navLabel xml:lang=\"ru\"><text>Глава</text></navLabel>");
    expect(&b, "two navLabels of one xml:lang (ncx_multiNavLabel)", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, ncx, "</navMap>",
          "</navMap><pageList><navLabel><text>P</text></navLabel>"
          "<pageTarget id=\"p1\" value=\"1\" type=\"normal\" playOrder=\"2\"><navLabel><text>1"
          "</text></navLabel><content src=\"text/ch1.xhtml\"/></pageTarget>"
          "<pageTarget id=\"p2\" value=\"1\" type=\"normal\" playOrder=\"2\"><navLabel><text>1"
          "</text></navLabel><content src=\"text/ch1.xhtml\"/></pageTarget></pageList>");
    expect(&b, "pageTargets of one value and type (ncx_pageTargUniqValTypeComb)", EP_SEV_ERROR,
           "RSC-005");
    base(&b);
    subst(&b, opf, "<meta refines=\"#t\" property=\"title-type\">main</meta>",
          "<meta refines=\"#t\" property=\"file-as\">A</meta>"
          "<meta refines=\"#t\" property=\"file-as\">B</meta>");
    expect(&b, "file-as twice for one title (opf.meta.file-as)", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, opf, "property=\"title-type\">main", "property=\"role\">aut");
    expect(&b, "a role refining a title (opf.meta.role)", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, opf, "</metadata>", "<meta property=\"meta-auth\">x</meta></metadata>");
    expect(&b, "meta-auth (opf.meta.meta-auth.deprecated)", EP_SEV_WARNING, "RSC-017");
    base(&b);
    subst(&b, opf, "</metadata>",
          "<link rel=\"voicing\" href=\"images/a.png\" media-type=\"image/png\"/></metadata>");
    expect(&b, "a voicing link refining nothing (opf.link.voicing)", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, nav, "</body>", "<nav epub:type=\"lot\"><h2>T</h2><ul><li>x</li></ul></nav></body>");
    expect(&b, "a typed nav holding ul (epub-nav-30.rnc)", EP_SEV_ERROR, "RSC-005");

    /* an empty image: its header may be corrupted, and it cannot be decoded (epubcheck's
     * BitmapChecker), not a type mismatch */
    base(&b);
    drop(&b, "EPUB/images/a.png");
    add(&b, "EPUB/images/a.png", "", 0, false);
    expect(&b, "an empty image (MED-004)", EP_SEV_ERROR, "MED-004");
    base(&b);
    drop(&b, "EPUB/images/a.png");
    add(&b, "EPUB/images/a.png", "", 0, false);
    expect(&b, "an empty image (PKG-021)", EP_SEV_ERROR, "PKG-021");

    /* a spine whose only itemref names no item: OPF-049, and no OPF-033 (OPFChecker counts
     * the linear items among those it found) */
    base(&b);
    subst(&b, opf, "<itemref idref=\"ch1\"/>", "<itemref idref=\"nothing\"/>");
    findings f2;
    check_path(write_book(&b), &f2);
    CHECK(has(&f2, EP_SEV_ERROR, "OPF-049") && !has(&f2, EP_SEV_ERROR, "OPF-033"));
    book_free(&b);

    /* package-30.sch's own findings beside OPFChecker's (OPF-030, OPF-049, OPF-012) */
    base(&b);
    subst(&b, opf, "unique-identifier=\"pub-id\"", "unique-identifier=\"zzz\"");
    expect(&b, "a unique-identifier naming no dc:identifier (opf.uid)", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, opf, "<itemref idref=\"ch1\"/>",
          "<itemref idref=\"ch1\"/><itemref idref=\"nothing\"/>");
    expect(&b, "an itemref naming no item (opf.itemref)", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, opf, "<spine toc=\"ncx\">", "<spine toc=\"nothing\">");
    expect(&b, "a toc naming no item (opf.toc.ncx)", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, opf, " properties=\"nav\"", "");
    subst(&b, opf, "media-type=\"text/css\"", "media-type=\"text/css\" properties=\"nav\"");
    expect(&b, "the nav property on a style sheet (opf.nav.type)", EP_SEV_ERROR, "RSC-005");

    /* SVG in an XHTML document: epub-svg-forgiving-inc.rnc's title and foreignObject */
    base(&b);
    subst(&b, "EPUB/text/ch1.xhtml", "<p>Текст",
          "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><foreignObject "
          "width=\"1\" height=\"1\"><li>x</li></foreignObject></svg><p>Текст");
    subst(&b, opf, "href=\"text/ch1.xhtml\" media-type=\"application/xhtml+xml\"",
          "href=\"text/ch1.xhtml\" media-type=\"application/xhtml+xml\" properties=\"svg\"");
    expect(&b, "li in an SVG foreignObject", EP_SEV_ERROR, "RSC-005");

    /* an SVG content document: epub-svg-30.rnc (elements and attributes of other namespaces,
     * as Inkscape writes, are let through; HTML in its foreignObject is flow content) */
    base(&b);
    adds(&b, "EPUB/images/s.svg",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
         "xmlns:i=\"http://www.inkscape.org/namespaces/inkscape\" i:version=\"1\" "
         "viewBox=\"0 0 1 1\"><i:x/><foreignObject width=\"1\" height=\"1\"><li "
         "xmlns=\"http://www.w3.org/1999/xhtml\">x</li></foreignObject></svg>\n");
    subst(&b, opf, "</manifest>",
          "<item id=\"svg\" href=\"images/s.svg\" media-type=\"image/svg+xml\"/></manifest>");
    expect(&b, "li in a standalone SVG's foreignObject", EP_SEV_ERROR, "RSC-005");

    /* a version epubcheck does not support: OPF-001 and nothing else is checked */
    base(&b);
    subst(&b, opf, "version=\"3.0\"", "version=\"3.1\"");
    subst(&b, opf, "<dc:language>ru</dc:language>", "");
    findings fs;
    check_path(write_book(&b), &fs);
    CHECK(has(&fs, EP_SEV_ERROR, "OPF-001") && !has(&fs, EP_SEV_ERROR, "RSC-005"));
    book_free(&b);
}

/* The content model from epubcheck 5.3.0's schema (util/html_schema.c): issue 19's examples,
 * each checked by tests/e2e/content_model_epubcheck.sh against epubcheck itself. */
static void test_content_model(void)
{
    book b;
    const char *ch = "EPUB/text/ch1.xhtml";
    static const struct {
        const char *what, *html, *id;
    } bad[] = {
        {"figcaption between two paragraphs of a figure",
         "<figure><p>a</p><figcaption>c</figcaption><p>b</p></figure>", "RSC-005"},
        {"tfoot before tbody",
         "<table><tfoot><tr><td>f</td></tr></tfoot><tbody><tr><td>b</td></tr></tbody></table>",
         "RSC-005"},
        {"time without datetime holding an element", "<p><time>a <b>b</b></time></p>", "RSC-005"},
        {"h1 inside p", "<p><h1>x</h1></p>", "RSC-005"},
        {"a dropcap attribute", "<p dropcap-chars=\"3\">x</p>", "RSC-005"},
        {"upper-case data-* name", "<p data-Foo=\"1\">x</p>", "HTM_061"},
        {"a button inside a link", "<p><a href=\"#s1\"><button>x</button></a></p>", "RSC-005"},
        {"an area outside a map", "<p><area alt=\"x\"/></p>", "RSC-005"},
        {"text directly in ul", "<ul>x<li>y</li></ul>", "RSC-005"},
        {"a bad dir value", "<p dir=\"sideways\">x</p>", "RSC-005"},
        {"dl with a group after a dt",
         "<dl><dt>t</dt><dd>d</dd><div><dt>u</dt><dd>e</dd></div></dl>", "RSC-005"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        base(&b);
        char to[512];
        snprintf(to, sizeof to, "%s<p>Текст", bad[i].html);
        subst(&b, ch, "<p>Текст", to);
        expect(&b, bad[i].what, EP_SEV_ERROR, bad[i].id);
    }
    base(&b);
    subst(&b, ch, "<title>Глава</title>",
          "<title>Глава</title><meta http-equiv=\"bogus\" content=\"x\"/>");
    expect(&b, "a bad http-equiv", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, ch, "<p>Текст",
          "<figure><figcaption>c</figcaption><p>a</p></figure>"
          "<figure><p>a</p><figcaption>c</figcaption></figure>"
          "<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td>b</td>"
          "</tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>"
          "<p><time datetime=\"2024-01-01\">New <b>year</b></time> <time>noon</time> "
          "<se-span class=\"x\">custom</se-span> <span data-x-y=\"1\">d</span></p>"
          "<dl><dt>t</dt><dd>d</dd></dl><dl><div><dt>u</dt><dd>e</dd></div></dl><p>Текст");
    subst(&b, ch, "<title>Глава</title>",
          "<title>Глава</title><meta http-equiv=\"Content-Type\" "
          "content=\"text/html; charset=utf-8\"/>");
    expect_clean(&b, "figures, a table, times, a custom element, dl groups, http-equiv");
    base(&b);
    subst(&b, ch, "<p>Текст", "<p xmlns:foo=\"urn:x\" foo:bar=\"1\">x</p><p>Текст");
    expect_clean(&b, "an attribute in a namespace the schema does not know");
    base(&b);
    subst(&b, ch, "<p>Текст", "<p epub:foo=\"1\">x</p><p>Текст");
    expect(&b, "an unknown attribute in the epub namespace", EP_SEV_ERROR, "RSC-005");
    /* epub-nav-30.sch: req-heading, heading-content */
    base(&b);
    subst(&b, "EPUB/nav.xhtml", "</body>",
          "<nav epub:type=\"lot\"><ol><li><a href=\"text/ch1.xhtml\">T</a></li></ol></nav></body>");
    expect(&b, "a nav of another type without a heading", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, "EPUB/nav.xhtml", "<h1>Содержание</h1>", "<h1> </h1>");
    expect(&b, "an empty heading in the nav document", EP_SEV_ERROR, "RSC-005");
    base(&b);
    subst(&b, "EPUB/nav.xhtml", "</body>",
          "<nav epub:type=\"lot\"><h2>T</h2><ol><li><a href=\"text/ch1.xhtml\">T</a></li></ol>"
          "</nav></body>");
    expect_clean(&b, "a nav of another type with its heading");
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_valid();
    test_ocf();
    test_raw();
    test_opf();
    test_dates();
    test_content();
    test_nav_ncx_css();
    test_epubcheck53();
    test_content_model();
    test_schema_tables();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return ep_test_done();
}
