/* Unit tests for src/typeset/fonts*.c: faces, subset coverage, renaming, sizes, errors. */
#include "typeset/typeset.h"
#include "harness.h"

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PT_SERIF_REGULAR "/usr/share/fonts/truetype/paratype/PTF55F.ttf"

static const char *const RU_TEXT =
    "Съешь же ещё этих мягких французских булок, да выпей чаю. В 1864 г. «Вестник» писал: "
    "«Широкая электрификация южных губерний даст мощный толчок подъёму сельского хозяйства». "
    "Эх, чужак, общий съём цен шляп (юфть) — вдрызг!";

/* A chapter document as the reader builds it: XHTML namespace, <head><title/></head><body>. */
static xmlDocPtr make_doc(const char *body)
{
    static const char head[] = "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                               "xmlns:epub=\"http://www.idpf.org/2007/ops\"><head><title/>"
                               "</head><body>";
    static const char tail[] = "</body></html>";
    size_t n = strlen(head) + strlen(body) + strlen(tail) + 1;
    char *s = malloc(n);
    xmlDocPtr doc;

    if (!s)
        return NULL;
    snprintf(s, n, "%s%s%s", head, body, tail);
    doc = xmlReadMemory(s, (int)strlen(s), "test.xhtml", "UTF-8", XML_PARSE_NONET);
    free(s);
    return doc;
}

static void make_book(epi_book *book, const char *body)
{
    memset(book, 0, sizeof *book);
    book->meta.title = epi_strdup("Статья");
    book->meta.lang = epi_strdup("ru");
    book->chapters = calloc(1, sizeof *book->chapters);
    book->nchapters = 1;
    book->chapters[0].title = epi_strdup("Глава");
    book->chapters[0].doc = make_doc(body);
}

static ep_status embed(epi_book *book, const char *font, size_t *warnings, ep_error *err)
{
    ep_options opt;
    epi_ctx ctx;

    memset(&opt, 0, sizeof opt);
    memset(err, 0, sizeof *err);
    opt.font = font;
    ctx.opt = &opt;
    ctx.err = err;
    ctx.warnings = 0;
    ep_status st = epi_fonts_embed(&ctx, book);
    if (warnings)
        *warnings = ctx.warnings;
    return st;
}

static const epi_resource *find_res(const epi_book *book, const char *id)
{
    for (size_t i = 0; i < book->nresources; i++)
        if (strcmp(book->resources[i].id, id) == 0)
            return &book->resources[i];
    return NULL;
}

/* Rewrites the file `path` in place (same inode) with `len` bytes of `data`. */
static bool write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "r+b");
    bool ok = f && fwrite(data, 1, len, f) == len && ftruncate(fileno(f), (off_t)len) == 0;
    return (f && fclose(f) == 0) && ok;
}

static hb_face_t *face_of(const epi_resource *r)
{
    hb_blob_t *blob = hb_blob_create((const char *)r->data, (unsigned)r->len,
                                     HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    return face;
}

static bool has_all(hb_face_t *face, const char *utf8)
{
    hb_set_t *set = hb_set_create();
    size_t len = strlen(utf8);
    bool ok = true;

    hb_face_collect_unicodes(face, set);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = epi_utf8_decode(utf8 + i, len - i, &cp);
        if (n == 0)
            return false;
        if (cp != ' ' && !hb_set_has(set, cp)) {
            fprintf(stderr, "missing U+%04X\n", (unsigned)cp);
            ok = false;
        }
        i += n;
    }
    hb_set_destroy(set);
    return ok;
}

static bool has_cp(hb_face_t *face, uint32_t cp)
{
    hb_set_t *set = hb_set_create();
    hb_face_collect_unicodes(face, set);
    bool r = hb_set_has(set, cp);
    hb_set_destroy(set);
    return r;
}

static uint32_t be32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static uint32_t sum32(const unsigned char *p, size_t len)
{
    uint32_t s = 0;
    for (size_t i = 0; i < len; i += 4) {
        unsigned char w[4] = {0, 0, 0, 0};
        memcpy(w, p + i, len - i < 4 ? len - i : 4);
        s += be32(w);
    }
    return s;
}

/* The sfnt is well formed: 4-byte aligned tables, table checksums right (head with
 * checkSumAdjustment zeroed), whole-file sum equal to 0xB1B0AFBA. */
static bool sfnt_valid(const epi_resource *r)
{
    const unsigned char *d = r->data;
    unsigned n = (unsigned)((d[4] << 8) | d[5]);
    uint32_t prev = 0;

    if (sum32(d, r->len) != 0xB1B0AFBAu)
        return false;
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *rec = d + 12 + 16 * i;
        uint32_t tag = be32(rec), cs = be32(rec + 4), off = be32(rec + 8), len = be32(rec + 12);
        uint32_t got;
        if (i > 0 && tag <= prev)
            return false;
        prev = tag;
        if (off % 4 != 0 || off + len > r->len)
            return false;
        got = sum32(d + off, len);
        if (tag == 0x68656164u) /* 'head': checkSumAdjustment counts as 0 */
            got -= be32(d + off + 8);
        if (got != cs)
            return false;
    }
    return true;
}

/* No name record of the subset keeps the original family name, in any language. */
static bool names_renamed(hb_face_t *face, const char *ps_want)
{
    unsigned count;
    const hb_ot_name_entry_t *e = hb_ot_name_list_names(face, &count);
    char buf[512];
    unsigned len;
    bool ok = true;

    for (unsigned i = 0; i < count; i++) {
        len = sizeof buf;
        hb_ot_name_get_utf8(face, e[i].name_id, e[i].language, &len, buf);
        if (e[i].name_id != 0 && e[i].name_id != 13 && e[i].name_id != 14 &&
            strstr(buf, "PT Serif")) {
            fprintf(stderr, "name %u still says %s\n", e[i].name_id, buf);
            ok = false;
        }
    }
    len = sizeof buf;
    hb_ot_name_get_utf8(face, HB_OT_NAME_ID_FONT_FAMILY, HB_LANGUAGE_INVALID, &len, buf);
    if (strcmp(buf, "Epubpack Text") != 0)
        ok = false;
    len = sizeof buf;
    hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, buf);
    if (strcmp(buf, ps_want) != 0) {
        fprintf(stderr, "ps name %s\n", buf);
        ok = false;
    }
    /* The licence (ID 13) travels with the font (PTFFL, OFL). */
    len = sizeof buf;
    if (hb_ot_name_get_utf8(face, HB_OT_NAME_ID_LICENSE, HB_LANGUAGE_INVALID, &len, buf) == 0)
        ok = false;
    return ok;
}

static size_t count_str(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; p && (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void test_regular_and_bold(void)
{
    epi_book book;
    ep_error err;
    char body[2048];

    snprintf(body, sizeof body,
             "<h1>Заголовок</h1><p>%s <strong>Жук</strong></p>"
             "<pre><code>Щука</code></pre>",
             RU_TEXT);
    make_book(&book, body);
    CHECK(embed(&book, NULL, NULL, &err) == EP_OK);
    CHECK(book.nresources == 2);
    const epi_resource *reg = find_res(&book, "font-regular");
    const epi_resource *bold = find_res(&book, "font-bold");
    CHECK(reg && bold);
    CHECK(!find_res(&book, "font-italic") && !find_res(&book, "font-bold-italic"));
    if (reg && bold) {
        CHECK_STR(reg->href, "fonts/epubpack-text-regular.ttf");
        CHECK_STR(reg->media_type, "font/ttf");
        CHECK_STR(bold->href, "fonts/epubpack-text-bold.ttf");
        hb_face_t *rf = face_of(reg), *bf = face_of(bold);
        CHECK(has_all(rf, RU_TEXT));
        CHECK(has_all(rf, "Статья Глава Содержание «»—…№0123456789"));
        CHECK(has_cp(rf, 0x00A0) && has_cp(rf, 0x00AD));
        CHECK(!has_cp(rf, 0x0416)); /* Ж: only inside <strong> */
        CHECK(!has_cp(rf, 0x0429)); /* Щ: only inside <code> (generic monospace) */
        CHECK(has_all(bf, "Жук Заголовок Статья"));
        CHECK(!has_cp(bf, 0x0429));
        CHECK(names_renamed(rf, "EpubpackText-Regular"));
        CHECK(names_renamed(bf, "EpubpackText-Bold"));
        CHECK(sfnt_valid(reg) && sfnt_valid(bold));
        CHECK(reg->len < 60 * 1024);
        printf("paragraph: regular %zu B, bold %zu B\n", reg->len, bold->len);
        hb_face_destroy(rf);
        hb_face_destroy(bf);
    }
    CHECK_STR(book.font_family, "Epubpack Text");
    CHECK(book.font_css && count_str(book.font_css, "@font-face") == 2);
    CHECK(book.font_css && strstr(book.font_css, "src: url(\"../fonts/epubpack-text-bold.ttf\")"));
    CHECK(book.font_css &&
          strstr(book.font_css, "* body {\n    font-family: \"Epubpack Text\", serif;"));
    CHECK(book.font_css && strstr(book.font_css, "\nbody {\n    font-family: serif;"));
    CHECK(book.font_css && !strstr(book.font_css, "italic"));
    epi_book_free(&book);
}

static void test_italic_faces(void)
{
    epi_book book;
    ep_error err;

    make_book(&book, "<p>Текст <em>курсив Ю</em> и <strong><em>жирный курсив Ф</em></strong> "
                     "<i><b>ещё Э</b></i> <cite>Цитата</cite></p>");
    CHECK(embed(&book, "PT Serif", NULL, &err) == EP_OK);
    CHECK(book.nresources == 4);
    const epi_resource *it = find_res(&book, "font-italic");
    const epi_resource *bi = find_res(&book, "font-bold-italic");
    CHECK(it && bi);
    if (it && bi) {
        hb_face_t *fi = face_of(it), *fbi = face_of(bi);
        CHECK(has_all(fi, "курсив Ю Цитата"));
        CHECK(!has_cp(fi, 0x0424)); /* Ф only in bold italic */
        CHECK(has_all(fbi, "жирный курсив Ф ещё Э"));
        CHECK(names_renamed(fbi, "EpubpackText-BoldItalic"));
        CHECK(sfnt_valid(it) && sfnt_valid(bi));
        hb_face_destroy(fi);
        hb_face_destroy(fbi);
    }
    CHECK(book.font_css && count_str(book.font_css, "font-style: italic;") == 2);
    CHECK(book.font_css && count_str(book.font_css, "font-weight: bold;") == 2);
    epi_book_free(&book);
}

static void test_none_and_unknown(void)
{
    epi_book book;
    ep_error err;

    make_book(&book, "<p>Текст</p>");
    CHECK(embed(&book, "none", NULL, &err) == EP_OK);
    CHECK(book.nresources == 0 && book.font_css == NULL && book.font_family == NULL);
    epi_book_free(&book);

    make_book(&book, "<p>Текст</p>");
    book.meta.font = epi_strdup("NONE");
    CHECK(embed(&book, NULL, NULL, &err) == EP_OK);
    CHECK(book.nresources == 0 && book.font_css == NULL);
    epi_book_free(&book);

    make_book(&book, "<p>Текст</p>");
    CHECK(embed(&book, "No Such Family Zzq", NULL, &err) == EP_ERR_FONT);
    CHECK(strstr(err.message, "font family \"No Such Family Zzq\" not found") != NULL);
    CHECK(book.nresources == 0 && book.font_css == NULL);
    epi_book_free(&book);

    make_book(&book, "<p>Текст</p>");
    CHECK(embed(&book, "/nonexistent/font.ttf", NULL, &err) == EP_ERR_FONT);
    epi_book_free(&book);

    /* A family from the book's metadata is used when the options name none. */
    make_book(&book, "<p>Текст</p>");
    book.meta.font = epi_strdup("No Such Family Zzq");
    CHECK(embed(&book, NULL, NULL, &err) == EP_ERR_FONT);
    epi_book_free(&book);
}

static void test_font_file(void)
{
    epi_book book;
    ep_error err;
    size_t warnings = 0;

    make_book(&book, "<p>Текст <em>курсив Ю</em> <strong>Ж</strong></p>");
    CHECK(embed(&book, PT_SERIF_REGULAR, &warnings, &err) == EP_OK);
    CHECK(book.nresources == 1);
    CHECK(warnings >= 1); /* no bold/italic face: readers synthesise them */
    const epi_resource *reg = find_res(&book, "font-regular");
    if (reg) {
        hb_face_t *f = face_of(reg);
        /* the italic and bold text is drawn (slanted/emboldened) from the regular face */
        CHECK(has_all(f, "Текст курсив Ю Ж"));
        hb_face_destroy(f);
    }
    CHECK(book.font_css && count_str(book.font_css, "@font-face") == 1);
    epi_book_free(&book);

    /* A file named in the metadata is relative to the book folder and must stay inside it. */
    make_book(&book, "<p>Текст</p>");
    book.root = epi_strdup("/usr/share/fonts/truetype/paratype");
    book.meta.font = epi_strdup("PTF55F.ttf");
    CHECK(embed(&book, NULL, NULL, &err) == EP_OK && book.nresources == 1);
    epi_book_free(&book);

    make_book(&book, "<p>Текст</p>");
    book.root = epi_strdup("/usr/share/fonts/truetype/paratype");
    book.meta.font = epi_strdup("../dejavu/DejaVuSerif.ttf");
    CHECK(embed(&book, NULL, NULL, &err) == EP_ERR_INPUT);
    CHECK(book.nresources == 0);
    epi_book_free(&book);
}

/* PT Serif has no U+202F (docs/ARCHITECTURE.md "Fonts"): it comes from the fallback family,
 * DejaVu Serif. A character no embedded font has is a warning, not a failure. */
static void test_missing_chars_warn(void)
{
    epi_book book;
    ep_error err;
    size_t warnings = 0;

    make_book(&book, "<p>№\u202F5</p>");
    CHECK(embed(&book, NULL, &warnings, &err) == EP_OK);
    CHECK(warnings == 0);
    CHECK(find_res(&book, "fallback-regular") != NULL);
    CHECK(strstr(book.font_css, "\"Epubpack Text\", \"Epubpack Fallback\", serif") != NULL);
    epi_book_free(&book);

    make_book(&book, "<p>№\U0001F600 5</p>");
    CHECK(embed(&book, NULL, &warnings, &err) == EP_OK);
    CHECK(warnings == 1);
    CHECK(find_res(&book, "fallback-regular") == NULL); /* DejaVu Serif has no emoji */
    epi_book_free(&book);

    make_book(&book, "<p>№\u00A05</p>");
    CHECK(embed(&book, NULL, &warnings, &err) == EP_OK);
    CHECK(warnings == 0);
    epi_book_free(&book);
}

/* A font file is opened once per process and its face kept (fonts_subset.c), but a file that
 * changes is opened again: the same path rewritten in place with another font gives that
 * font's subset, and without a fallback warning for what the new font has. */
static void test_font_file_changes(void)
{
    char dir[] = "/tmp/ep-test-fonts-XXXXXX", path[64];
    epi_book book;
    ep_error err;
    size_t warnings = 0;
    char *data = NULL;
    size_t len = 0;

    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/font.ttf", dir);
    FILE *empty = fopen(path, "wb");
    CHECK(empty != NULL);
    if (!empty)
        return;
    fclose(empty);
    CHECK(epi_file_read(PT_SERIF_REGULAR, &data, &len, &err) == EP_OK &&
          write_file(path, data, len));
    free(data);
    make_book(&book, "<p>Текст ѐ</p>"); /* PT Serif has no ѐ: the fallback draws it */
    CHECK(embed(&book, path, &warnings, &err) == EP_OK);
    CHECK(find_res(&book, "fallback-regular") != NULL);
    epi_book_free(&book);

    CHECK(epi_file_read("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", &data, &len, &err) ==
              EP_OK &&
          write_file(path, data, len));
    free(data);
    make_book(&book, "<p>Текст ѐ</p>"); /* DejaVu Serif has it: no fallback */
    CHECK(embed(&book, path, &warnings, &err) == EP_OK);
    CHECK(find_res(&book, "fallback-regular") == NULL);
    const epi_resource *reg = find_res(&book, "font-regular");
    if (reg) {
        hb_face_t *f = face_of(reg);
        CHECK(has_all(f, "Текст ѐ"));
        hb_face_destroy(f);
    }
    epi_book_free(&book);
    unlink(path);
    rmdir(dir);
}

static void test_deterministic(void)
{
    epi_book a, b;
    ep_error err;

    make_book(&a, "<p>Один <em>два</em></p>");
    make_book(&b, "<p>Один <em>два</em></p>");
    CHECK(embed(&a, NULL, NULL, &err) == EP_OK);
    CHECK(embed(&b, NULL, NULL, &err) == EP_OK);
    CHECK(a.nresources == b.nresources);
    for (size_t i = 0; i < a.nresources && i < b.nresources; i++)
        CHECK(a.resources[i].len == b.resources[i].len &&
              memcmp(a.resources[i].data, b.resources[i].data, a.resources[i].len) == 0);
    CHECK(a.font_css && b.font_css && strcmp(a.font_css, b.font_css) == 0);
    epi_book_free(&a);
    epi_book_free(&b);
}

/* A batch subsets the same faces again and again; after 64 subsets of a face the library takes
 * them from a preprocessed copy of it (fonts_subset.c): the bytes must not change. */
static void test_many_subsets_same_bytes(void)
{
    epi_book first, again;
    ep_error err;
    const char *body = "<p>Один <strong>два</strong> «три» — 1864 <em>ёж</em></p>";

    make_book(&first, body);
    CHECK(embed(&first, NULL, NULL, &err) == EP_OK);
    CHECK(first.nresources == 3);
    for (int i = 0; i < 100; i++) {
        make_book(&again, body);
        CHECK(embed(&again, NULL, NULL, &err) == EP_OK);
        bool same = again.nresources == first.nresources;
        for (size_t k = 0; same && k < first.nresources; k++)
            same = again.resources[k].len == first.resources[k].len &&
                   memcmp(again.resources[k].data, first.resources[k].data,
                          first.resources[k].len) == 0;
        CHECK(same);
        epi_book_free(&again);
    }
    epi_book_free(&first);
}

int main(void)
{
    test_regular_and_bold();
    test_italic_faces();
    test_none_and_unknown();
    test_font_file();
    test_missing_chars_warn();
    test_font_file_changes();
    test_deterministic();
    test_many_subsets_same_bytes();
    xmlCleanupParser();
    FcFini(); /* the library never releases fontconfig's configuration; a program may */
    return ep_test_done();
}
