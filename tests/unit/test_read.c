/* Unit tests for src/read/book.c: files and folders → the book model, with the errors. */
#include "harness.h"
#include "read/read_private.h"
#include "util/init.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uninorm.h>
#include <unistd.h>

#ifndef EP_SOURCE_DIR
#define EP_SOURCE_DIR "."
#endif

typedef struct captured {
    int count;
    char ids[512];
    char last[1024];
} captured;

static void on_diag(void *ud, const ep_diag *d)
{
    captured *c = ud;
    c->count++;
    strncat(c->ids, d->id, sizeof c->ids - strlen(c->ids) - 2);
    strncat(c->ids, " ", sizeof c->ids - strlen(c->ids) - 1);
    snprintf(c->last, sizeof c->last, "%s", d->message);
}

static char tmp[256];
static ep_options opts;
static ep_error err;
static captured cap;
static epi_ctx ctx;
static epi_book book;

static void write_file(const char *rel, const char *data, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmp, rel);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fwrite(data, 1, len, f);
    fclose(f);
}

#define WRITE(rel, s) write_file(rel, s, sizeof(s) - 1)

static void new_dir(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/ep-read-XXXXXX");
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        exit(2);
    }
}

static void remove_dir(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", tmp);
}

/* Reads `rel` inside the temporary folder ("" = the folder itself). */
static ep_status read_book(const char *rel)
{
    char path[512];
    epi_book_free(&book);
    memset(&err, 0, sizeof err);
    memset(&cap, 0, sizeof cap);
    opts.diag = on_diag;
    opts.diag_userdata = &cap;
    ctx.opt = &opts;
    ctx.err = &err;
    ctx.warnings = 0;
    if (*rel)
        snprintf(path, sizeof path, "%s/%s", tmp, rel);
    else
        snprintf(path, sizeof path, "%s", tmp);
    return epi_book_read(&ctx, path, &book);
}

/* The serialised body of chapter i. */
static char body[65536];
static const char *chapter_body(size_t i)
{
    xmlChar *mem = NULL;
    int size = 0;
    body[0] = '\0';
    if (i >= book.nchapters || !book.chapters[i].doc)
        return "(none)";
    xmlDocDumpMemoryEnc(book.chapters[i].doc, &mem, &size, "UTF-8");
    const char *b = mem ? strstr((const char *)mem, "<body>") : NULL;
    const char *e = b ? strstr(b, "</body>") : NULL;
    if (b && e)
        snprintf(body, sizeof body, "%.*s", (int)(e - b - 6), b + 6);
    xmlFree(mem);
    return body;
}

static void test_front_matter_errors(void)
{
    new_dir();
    WRITE("open.md", "---\ntitle: x\nlang: ru\n\nText.\n");
    CHECK(read_book("open.md") == EP_ERR_INPUT);
    CHECK(err.line == 1);
    CHECK(strstr(err.path, "open.md") != NULL);
    CHECK(strstr(err.message, "not closed") != NULL);

    /* "---" followed by a blank line is a thematic break, not metadata */
    WRITE("rule.md", "---\n\nText.\n");
    CHECK(read_book("rule.md") == EP_OK);

    /* "..." closes front matter too */
    WRITE("dots.md", "---\ntitle: Dots\nlang: en\n...\nText.\n");
    CHECK(read_book("dots.md") == EP_OK);
    CHECK_STR(book.meta.title, "Dots");

    /* a YAML error in front matter is reported at the file's line */
    WRITE("bad.md", "---\ntitle: [x\nlang: en\n---\nText.\n");
    CHECK(read_book("bad.md") == EP_ERR_INPUT);
    CHECK(err.line >= 2 && strstr(err.path, "bad.md") != NULL);
    remove_dir();
}

static void test_bad_text(void)
{
    new_dir();
    /* the 0xFF is at byte offset 24, on line 6, its 3rd byte */
    WRITE("bad.md", "---\nlang: ru\n---\n\nabc\nxy\xff\n");
    CHECK(read_book("bad.md") == EP_ERR_INPUT);
    CHECK(err.line == 6);
    CHECK(err.column == 3);
    CHECK(strstr(err.message, "UTF-8") != NULL);
    CHECK(strstr(err.message, "byte offset 24") != NULL);

    WRITE("nul.md", "ab\ncd\0ef\n");
    CHECK(read_book("nul.md") == EP_ERR_INPUT);
    CHECK(err.line == 2 && strstr(err.message, "NUL") != NULL);

    WRITE("ctl.md", "a\nb\x01\n");
    CHECK(read_book("ctl.md") == EP_ERR_INPUT);
    CHECK(err.line == 2 && strstr(err.message, "U+0001") != NULL);
    WRITE("ff.txt", "---\ntitle: T\nlang: en\n---\none.\f\ftwo\n");
    CHECK(read_book("ff.txt") == EP_OK); /* a form feed is a page break: a paragraph break */
    CHECK_STR(chapter_body(0), "<p>one.</p><p>two</p>");

    WRITE("empty.md", "");
    CHECK(read_book("empty.md") == EP_ERR_INPUT);
    WRITE("onlymeta.md", "---\ntitle: T\n---\n\n  \n");
    CHECK(read_book("onlymeta.md") == EP_ERR_INPUT);
    CHECK(strstr(err.message, "no text") != NULL);

    CHECK(read_book("missing.md") == EP_ERR_INPUT);
    WRITE("x.pdf", "%PDF");
    CHECK(read_book("x.pdf") == EP_ERR_INPUT);
    remove_dir();

    new_dir();
    CHECK(read_book("") == EP_ERR_INPUT); /* empty folder */
    CHECK(strstr(err.message, "no chapters") != NULL);
    remove_dir();
}

static void test_nfc_and_single_file(void)
{
    new_dir();
    /* и + U+0306 COMBINING BREVE must become U+0439 (й); a BOM and CRLF are dropped */
    WRITE("a.md", "\xEF\xBB\xBF---\r\ntitle: Т\r\nlang: ru\r\n---\r\n\r\nи\xCC\x86\r\n");
    CHECK(read_book("a.md") == EP_OK);
    CHECK_STR(chapter_body(0), "<p>\xD0\xB9</p>");
    CHECK_STR(book.meta.title, "Т");
    CHECK_STR(book.root, tmp);
    CHECK(book.main_path && strstr(book.main_path, "a.md") != NULL);
    CHECK(book.nchapters == 1);
    CHECK_STR(book.chapters[0].out_name, "ch001.xhtml");
    CHECK_STR(book.chapters[0].src_name, "a.md");
    CHECK(book.chapters[0].title == NULL); /* the front matter was the book's */
    CHECK(book.chapters[0].meta == NULL);
    CHECK(book.newest_mtime > 0);
    CHECK(cap.count == 0);
    remove_dir();
}

static void test_folder_without_yaml(void)
{
    new_dir();
    WRITE("01.md", "---\ntitle: Book\nlang: en\nauthor: A\n---\n# First\n");
    WRITE("02.txt", "Plain\ntext.\n");
    WRITE("03.md", "---\ntitle: Third\n---\nThree.\n");
    WRITE(".hidden.md", "no");
    WRITE("notes.pdf", "no");
    CHECK(read_book("") == EP_OK);
    CHECK(book.nchapters == 3);
    CHECK_STR(book.meta.title, "Book");
    CHECK(book.meta.ncreators == 1);
    if (book.nchapters == 3) {
        CHECK_STR(book.chapters[0].src_name, "01.md");
        CHECK_STR(book.chapters[1].src_name, "02.txt");
        CHECK_STR(book.chapters[2].out_name, "ch003.xhtml");
        CHECK(book.chapters[0].meta == NULL);
        CHECK(book.chapters[2].meta != NULL);
        CHECK_STR(book.chapters[2].title, "Third");
        CHECK_STR(chapter_body(1), "<p>Plain text.</p>");
        CHECK_STR(chapter_body(0), "<h1>First</h1>");
    }
    remove_dir();
}

static void test_folder_with_yaml(void)
{
    new_dir();
    WRITE("book.yaml", "title: Y\nlang: ru\ncss: [a.css]\nchapters:\n  - b.md\n  - ./a.md\n");
    WRITE("a.md", "---\ntitle: Глава А\nauthor: Кто-то\n---\nТекст а.\n");
    WRITE("b.md", "Текст б.\n");
    WRITE("c.md", "not listed\n");
    WRITE("a.css", "p { margin: 0 }");
    WRITE("extra.css", "h1 { color: red }\n");
    char extra[512];
    snprintf(extra, sizeof extra, "%s/extra.css", tmp);
    opts.css = extra;
    CHECK(read_book("") == EP_OK);
    opts.css = NULL;
    CHECK(book.nchapters == 2);
    CHECK(book.main_path && strstr(book.main_path, "book.yaml") != NULL);
    if (book.nchapters == 2) {
        CHECK_STR(book.chapters[0].src_name, "b.md");
        CHECK_STR(book.chapters[1].src_name, "a.md");
        CHECK_STR(book.chapters[1].title, "Глава А");
        CHECK(book.chapters[1].meta && book.chapters[1].meta->ncreators == 1);
        CHECK(book.chapters[0].title == NULL);
    }
    CHECK_STR(book.user_css, "p { margin: 0 }\n\nh1 { color: red }\n");

    /* a chapters entry that does not exist: error at its line in book.yaml */
    WRITE("book.yaml", "title: Y\nlang: ru\nchapters:\n  - b.md\n  - nope.md\n");
    CHECK(read_book("") == EP_ERR_INPUT);
    CHECK(err.line == 5);
    CHECK(strstr(err.path, "book.yaml") != NULL);
    CHECK(strstr(err.message, "nope.md") != NULL);

    /* paths must stay inside the book folder */
    WRITE("book.yaml", "title: Y\nlang: ru\nchapters: [../etc.md]\n");
    CHECK(read_book("") == EP_ERR_INPUT);
    WRITE("book.yaml", "title: Y\nlang: ru\nchapters: [/etc/passwd]\n");
    CHECK(read_book("") == EP_ERR_INPUT);
    CHECK(strstr(err.message, "absolute") != NULL);
    char link[512];
    snprintf(link, sizeof link, "%s/escape.md", tmp);
    CHECK(symlink("/etc/hostname", link) == 0);
    WRITE("book.yaml", "title: Y\nlang: ru\nchapters: [escape.md]\n");
    CHECK(read_book("") == EP_ERR_INPUT);
    CHECK(strstr(err.message, "outside") != NULL);
    WRITE("book.yaml", "title: Y\nlang: ru\ncss: [escape.md]\nchapters: [a.md]\n");
    CHECK(read_book("") == EP_ERR_INPUT);
    CHECK(err.line == 3);
    remove_dir();
}

static void test_lang_and_title(void)
{
    new_dir();
    WRITE("ru.md", "---\ntitle: T\n---\nВ этом году мы поедем к морю. Hello.\n");
    CHECK(read_book("ru.md") == EP_OK);
    CHECK_STR(book.meta.lang, "ru");
    CHECK(strstr(cap.ids, "EPK-LANG") != NULL);

    /* Other Cyrillic languages are told apart (util/langid.c), in Markdown and plain text. */
    WRITE("uk.md", "---\ntitle: T\n---\nЦього року ми поїдемо до моря.\n");
    CHECK(read_book("uk.md") == EP_OK);
    CHECK_STR(book.meta.lang, "uk");
    WRITE("bg.txt", "Тази година ще отидем на море, защото децата искат.\n");
    CHECK(read_book("bg.txt") == EP_OK);
    CHECK_STR(book.meta.lang, "bg");
    /* A web address is no language's: its Latin letters do not make the text English. */
    WRITE("link.md", "---\ntitle: T\n---\nДивіться [тут](https://example.com/news/world/"
                     "this-week-in-the-greatest-english-speaking-newspapers-and-their-readers).\n");
    CHECK(read_book("link.md") == EP_OK);
    CHECK_STR(book.meta.lang, "uk");

    /* A script of one language without a model: Han is Chinese, Han with kana Japanese,
     * Hangul Korean, even beside a few Latin letters. */
    static const struct {
        const char *file, *text, *lang;
    } scripts[] = {{"zh.txt", "渡船今年冬天继续运行，市议会承诺修建新桥 (AP)。\n", "zh"},
                   {"ja.txt", "フェリーは冬も運航を続ける。\n", "ja"},
                   {"ko.txt", "페리는 겨울에도 운항을 계속한다.\n", "ko"}};
    for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
        write_file(scripts[i].file, scripts[i].text, strlen(scripts[i].text));
        CHECK(read_book(scripts[i].file) == EP_OK);
        CHECK_STR(book.meta.lang, scripts[i].lang);
    }

    WRITE("en.md", "---\ntitle: T\n---\nHello, world. Мир.\n");
    CHECK(read_book("en.md") == EP_OK);
    CHECK_STR(book.meta.lang, "en");

    WRITE("c.md", "---\ntitle: T\nlang: C\n---\nHello.\n");
    CHECK(read_book("c.md") == EP_ERR_INPUT);
    CHECK(err.line == 3);

    /* the title is chosen (and the choice reported) by typeset, from the typeset text */
    WRITE("notitle.md", "---\nlang: en\n---\n# Heading\n");
    CHECK(read_book("notitle.md") == EP_OK);
    CHECK(cap.count == 0 && book.meta.title == NULL);
    remove_dir();
}

static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\10\6\0\0\0";

static void test_images(void)
{
    new_dir();
    write_file("pic.png", png, sizeof png - 1);
    write_file("same.png", png, sizeof png - 1);
    WRITE("draw.svg", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    WRITE("a.md", "---\ntitle: T\nlang: en\ncover-image: pic.png\n---\n"
                  "![One](pic.png) ![Two](same.png) ![](draw.svg)\n\n"
                  "![Remote](https://example.org/x.png)\n");
    CHECK(read_book("a.md") == EP_OK);
    CHECK(book.nresources == 2);
    if (book.nresources == 2) {
        CHECK_STR(book.resources[0].href, "images/pic.png");
        CHECK_STR(book.resources[0].media_type, "image/png");
        CHECK_STR(book.resources[0].properties, "cover-image");
        CHECK(book.resources[0].len == sizeof png - 1);
        CHECK_STR(book.resources[1].href, "images/draw.svg");
        CHECK_STR(book.resources[1].media_type, "image/svg+xml");
    }
    CHECK_STR(chapter_body(0), "<p><img src=\"../images/pic.png\" alt=\"One\"/> "
                               "<img src=\"../images/pic.png\" alt=\"Two\"/> "
                               "<img src=\"../images/draw.svg\" alt=\"\"/></p><p>Remote</p>");
    CHECK(strstr(cap.ids, "RSC-006") != NULL);
    CHECK(book.chapters[0].has_images);
    CHECK(!book.chapters[0].images_all_alt);

    /* a PNG named .jpg, and unknown content: errors naming file and line */
    write_file("fake.jpg", png, sizeof png - 1);
    WRITE("b.md", "---\ntitle: T\nlang: en\n---\n\ntext\n\n![x](fake.jpg)\n");
    CHECK(read_book("b.md") == EP_ERR_INPUT);
    CHECK(err.line == 8);
    CHECK(strstr(err.path, "b.md") != NULL);
    CHECK(strstr(err.message, "fake.jpg") != NULL);
    WRITE("junk.png", "not an image");
    WRITE("c.md", "---\ntitle: T\nlang: en\n---\n![x](junk.png)\n");
    CHECK(read_book("c.md") == EP_ERR_INPUT);
    CHECK(err.line == 5);
    WRITE("d.md", "---\ntitle: T\nlang: en\n---\n![x](../../etc/hostname.png)\n");
    CHECK(read_book("d.md") == EP_ERR_INPUT);
    WRITE("e.md", "---\ntitle: T\nlang: en\n---\n![x](missing.png)\n");
    CHECK(read_book("e.md") == EP_ERR_INPUT);
    CHECK(strstr(err.message, "missing.png") != NULL);
    remove_dir();
}

static void test_bundled_article(void)
{
    snprintf(tmp, sizeof tmp, "%s/book", EP_SOURCE_DIR);
    CHECK(read_book("article.md") == EP_OK);
    CHECK(book.meta.title && strncmp(book.meta.title, "Microsoft сделала шаг", 30) == 0);
    CHECK_STR(book.meta.lang, "ru");
    CHECK_STR(book.meta.date, "2020-05-21");
    CHECK(book.meta.nsubjects == 1 && !strcmp(book.meta.subjects[0], "Microsoft"));
    CHECK(book.meta.description != NULL);
    CHECK(book.meta.ncreators == 0);
    CHECK(cap.count == 0);
    const char *b = chapter_body(0);
    size_t paras = 0;
    for (const char *p = b; (p = strstr(p, "<p>")); p++)
        paras++;
    CHECK(paras == 8);
    CHECK(strncmp(b, "<p>Позавчера Microsoft", 24) == 0);
    CHECK(strstr(b, "<p>Microsoft</p>") == NULL); /* the seed's tag line is not body text */
}

/* NFC in stretches (epi_text_normalize) gives what u8_normalize gives on the whole text:
 * combining marks after inert letters, at the start, at the end, several in a row to reorder,
 * beside characters outside the inert ranges (Greek, Hangul, emoji), stretches back to back. */
static void test_nfc_stretches(void)
{
    static const char *const cases[] = {
        "\xD0\xB8\xCC\x86", /* и + breve → й */
        "\xCC\x81"
        "abc",                                       /* a mark first */
        "abc e\xCC\x81",                             /* at the end */
        "x a\xCC\xA3\xCC\x82 y",                     /* dot below + circumflex, reordered */
        "a\xCC\x82\xCC\xA3 b",                       /* the same, written the other way */
        "\xD0\xB5\xCC\x88\xD0\xB6 \xD0\xB5\xCC\x88", /* ё twice, apart */
        "a\xCC\x81\xCC\x81"
        "e\xCC\x81\xD0\xB8\xCC\x86", /* stretches back to back */
        "\xCE\xB1\xCC\x81 \xE1\x84\x80\xE1\x85\xA1 \xF0\x9F\x98\x80\xCC\x81", /* Greek, Hangul L+V,
                                                                                 emoji */
        "\xE2\x84\xAB \xEF\xAC\x80 \xC3\xA9",                 /* Å sign (a singleton), ﬀ, é */
        "plain \xD1\x82\xD0\xB5\xD0\xBA\xD1\x81\xD1\x82\r\n", /* inert only, CRLF */
        NULL};
    for (size_t k = 0; cases[k]; k++) {
        size_t len = strlen(cases[k]), want_len = 0, got_len = 0;
        uint8_t *want = u8_normalize(UNINORM_NFC, (const uint8_t *)cases[k], len, NULL, &want_len);
        char *got = NULL;
        CHECK(want != NULL);
        CHECK(epi_text_normalize("t.md", cases[k], len, &got, &got_len, &err) == EP_OK);
        /* CR LF becomes LF after composing */
        size_t w = 0;
        for (size_t i = 0; want && i < want_len; i++)
            if (!(want[i] == '\r' && i + 1 < want_len && want[i + 1] == '\n'))
                want[w++] = want[i];
        CHECK(got && got_len == w && memcmp(got, want, w) == 0);
        if (!(got && got_len == w && memcmp(got, want, w) == 0))
            fprintf(stderr, "  case %zu differs\n", k);
        free(want);
        free(got);
    }
}

/* epi_text_normalize_parallel on a malloc'd copy of data[0, len): true and *got its result, or
 * false and *got NULL (the copy was left untouched and is freed). */
static bool normalize_parallel(const char *data, size_t len, char **got, size_t *got_len)
{
    char *copy = malloc(len + 1);
    *got = NULL;
    CHECK(copy != NULL);
    if (!copy)
        return false;
    memcpy(copy, data, len);
    copy[len] = '\0';
    *got_len = len;
    if (epi_text_normalize_parallel(&copy, got_len)) {
        *got = copy;
        return true;
    }
    CHECK(*got_len == len && !memcmp(copy, data, len)); /* untouched */
    free(copy);
    return false;
}

/* The text made of lines[(i * 7 + i / 8) % n] until it is `size` bytes, after `head`. */
static bool make_text(epi_buf *t, const char *head, const char *const *lines, size_t n, size_t size)
{
    bool ok = epi_buf_puts(t, head);
    for (size_t i = 0; ok && t->len < size; i++)
        ok = epi_buf_puts(t, lines[(i * 7 + i / 8) % n]);
    return ok;
}

/* The pieces of `t` against epi_text_normalize of the whole, for texts ending at each of the
 * last 48 characters: the cuts fall on as many places. */
static void check_pieces(const epi_buf *t)
{
    char *want = NULL, *got = NULL;
    size_t want_len = 0, got_len = 0;
    for (size_t len = t->len, k = 0; k < 48; k++, len--) {
        while ((unsigned char)t->data[len - 1] >= 0x80) /* a whole character off */
            len--;
        CHECK(epi_text_normalize("t.md", t->data, len, &want, &want_len, &err) == EP_OK);
        CHECK(normalize_parallel(t->data, len, &got, &got_len));
        CHECK(want && got && got_len == want_len && !memcmp(got, want, want_len) && !got[got_len]);
        free(want);
        free(got);
        want = got = NULL;
    }
}

/* A long text is checked and normalised in pieces (epi_text_normalize_parallel): the text
 * epi_text_normalize makes of the whole, whatever sits at the cuts (combining marks opening a
 * line, CR LF, CR, FF, VT, a byte order mark), in pieces that need changes and pieces that are
 * their own normal form, side by side; a text with a bad byte or a control character anywhere is
 * left to the sequential way, which names the line. */
static void test_long_text(void)
{
    static const char *const lines[] = {
        "\xCC\x81 a mark opens the line\n",
        "\xD0\xB8\xCC\x86 \xD1\x82\xD0\xB5\xD0\xBA\r\n",
        "lone CR\r",
        "form feed\f",
        "vertical tab\v",
        "\xD0\xB5\xCC\x88 end e\xCC\x81\n",
        "plain ASCII line of some length, to vary where the cuts fall\n",
        "\r\n\n"};
    /* Russian, English, tabs, « » — U+2014 and lines, each its own normal form */
    static const char *const plain[] = {
        ("\xD0\x92\xD0\xBE\xD0\xB9\xD0\xBD\xD0\xB0 \xC2\xAB\xD0\xB8\xC2\xBB "
         "\xE2\x80\x94 \xD0\xBC\xD0\xB8\xD1\x80.\n"),
        "\tplain ASCII line of some length, to vary where the cuts fall\n", "\n",
        "\xD1\x91\xD0\xB6 \xD1\x8D\xD1\x82\xD0\xBE caf\xC3\xA9\n"};
    epi_buf t = {0};
    char *got = NULL;
    size_t got_len = 0;
    bool ok = make_text(&t, "\xEF\xBB\xBF", lines, 8, 1200 * 1024);
    CHECK(ok);
    check_pieces(&t);
    CHECK(!normalize_parallel(t.data, 100 * 1024, &got, &got_len)); /* too short */
    t.data[t.len - 10] = '\x01';
    CHECK(!normalize_parallel(t.data, t.len, &got, &got_len));
    t.data[t.len - 10] = '\xFF';
    CHECK(!normalize_parallel(t.data, t.len, &got, &got_len) && !got);
    epi_buf_free(&t);

    /* A text that is its own normal form stays where it is, without a byte order mark */
    CHECK(make_text(&t, "", plain, 4, 1200 * 1024));
    char *text = epi_strdup(t.data), *was = text;
    size_t len = t.len;
    CHECK(text && epi_text_normalize_parallel(&text, &len));
    CHECK(text == was && len == t.len && !memcmp(text, t.data, len));
    free(text);
    check_pieces(&t);
    epi_buf_free(&t);
    CHECK(make_text(&t, "\xEF\xBB\xBF", plain, 4, 1200 * 1024));
    check_pieces(&t);
    epi_buf_free(&t);
    /* and such pieces beside pieces that change: a form feed in one, a mark and CR LF in another */
    CHECK(make_text(&t, "", plain, 4, 600 * 1024) &&
          make_text(&t, "form feed\f", plain, 4, 900 * 1024) &&
          make_text(&t, "e\xCC\x81\r\n", plain, 4, 1200 * 1024));
    check_pieces(&t);
    epi_buf_free(&t);
    /* a piece that NFC makes longer (U+0958 is U+0915 U+093C): the text moves to a new buffer */
    CHECK(make_text(&t, "", plain, 4, 600 * 1024) &&
          make_text(&t, "\xE0\xA5\x98\n", plain, 4, 1200 * 1024));
    check_pieces(&t);
    /* a control character or a bad byte in a piece that is otherwise its own normal form */
    t.data[300 * 1024] = '\x01';
    CHECK(!normalize_parallel(t.data, t.len, &got, &got_len));
    t.data[300 * 1024] = '\xFF';
    CHECK(!normalize_parallel(t.data, t.len, &got, &got_len));
    epi_buf_free(&t);

    new_dir();
    for (int i = 0; ok && i < 200000; i++)
        ok = epi_buf_puts(&t, "ab\n");
    CHECK(ok && epi_buf_puts(&t, "xy\xff\n"));
    write_file("long.md", t.data, t.len);
    CHECK(read_book("long.md") == EP_ERR_INPUT);
    CHECK(err.line == 200001 && err.column == 3 && strstr(err.message, "UTF-8"));
    epi_buf_free(&t);
    remove_dir();
}

int main(void)
{
    epi_init(); /* what ep_build does first; the tests call internals */
    test_front_matter_errors();
    test_bad_text();
    test_nfc_and_single_file();
    test_nfc_stretches();
    test_long_text();
    test_folder_without_yaml();
    test_folder_with_yaml();
    test_lang_and_title();
    test_images();
    test_bundled_article();
    epi_book_free(&book);
    return ep_test_done();
}
