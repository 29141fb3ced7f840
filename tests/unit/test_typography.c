/* Golden tests for the typography passes (src/typeset/typography.c). The cases are in
 * tests/golden/typography/<lang>.tsv (ru, en, and uk, be, bg, sr, mk, kk, mn): each input is put
 * in a <p>, typeset, and the <p>'s inner markup is compared with the expected text ("~" =
 * U+00A0). Every case is also run a second time to check that the pass is idempotent. */
#include "typeset/typeset.h"
#include "harness.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Inner markup of an element: text as it is, elements as <name>…</name> or <name/>. */
static void inner(epi_buf *b, xmlNodePtr parent)
{
    for (xmlNodePtr n = parent->children; n; n = n->next) {
        if (n->type == XML_TEXT_NODE) {
            epi_buf_puts(b, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            epi_buf_printf(b, "<%s", (const char *)n->name);
            for (xmlAttrPtr a = n->properties; a; a = a->next) {
                xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
                epi_buf_printf(b, " %s=\"%s\"", (const char *)a->name, (const char *)v);
                xmlFree(v);
            }
            if (!n->children) {
                epi_buf_puts(b, "/>");
                continue;
            }
            epi_buf_puts(b, ">");
            inner(b, n);
            epi_buf_printf(b, "</%s>", (const char *)n->name);
        }
    }
}

/* "~" → U+00A0. */
static char *decode(const char *s)
{
    epi_buf b = {0};
    for (; *s; s++) {
        if (*s == '~')
            epi_buf_puts(&b, "\xC2\xA0");
        else
            epi_buf_append(&b, s, 1);
    }
    return epi_buf_detach(&b);
}

static xmlDocPtr parse(const char *xml)
{
    return xmlReadMemory(xml, (int)strlen(xml), "test.xhtml", "UTF-8", XML_PARSE_NONET);
}

/* Typesets <TAG>input</TAG> (inside a body) and returns the TAG's inner markup. */
static char *typeset_block(const char *input, int times, ep_typography mode)
{
    epi_buf src = {0}, out = {0};
    ep_error err;
    memset(&err, 0, sizeof err);
    epi_ctx ctx = {.err = &err};
    epi_buf_printf(&src, "<html xmlns=\"" EPI_NS_XHTML "\"><body><p>%s</p></body></html>", input);
    xmlDocPtr doc = parse(src.data);
    epi_buf_free(&src);
    if (!doc)
        return NULL;
    xmlNodePtr body = xmlDocGetRootElement(doc)->children;
    for (int k = 0; k < times; k++)
        if (epi_typography(&ctx, body, mode) != EP_OK)
            return NULL;
    inner(&out, body->children);
    xmlFreeDoc(doc);
    return epi_buf_detach(&out);
}

static void golden(const char *name, ep_typography mode, int min_cases)
{
    char *path = NULL, *data = NULL;
    size_t len = 0;
    ep_error err;
    memset(&err, 0, sizeof err);
    char rel[64];
    snprintf(rel, sizeof rel, "tests/golden/typography/%s", name);
    path = epi_path_join(EP_SOURCE_DIR, rel);
    CHECK(epi_file_read(path, &data, &len, &err) == EP_OK);
    if (!data) {
        free(path);
        return;
    }
    int lineno = 0, cases = 0;
    for (char *line = data; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *tab = strchr(line, '\t');
        if (line[0] != '#' && line[0] != '\0') {
            CHECK(tab != NULL);
            if (tab) {
                *tab = '\0';
                char *in = decode(line);
                char *want = strcmp(tab + 1, "=") == 0 ? decode(line) : decode(tab + 1);
                char *once = typeset_block(in, 1, mode);
                char *twice = typeset_block(in, 2, mode);
                if (!once || strcmp(once, want) != 0)
                    fprintf(stderr, "%s:%d: input \"%s\"\n", name, lineno, line);
                CHECK_STR(once, want);
                if (!twice || strcmp(twice, want) != 0)
                    fprintf(stderr, "%s:%d: not idempotent\n", name, lineno);
                CHECK_STR(twice, want);
                free(in);
                free(want);
                free(once);
                free(twice);
                cases++;
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    CHECK(cases >= min_cases);
    free(data);
    free(path);
}

/* Typesets the body of `src` in `mode` and compares its inner markup with `want`; the mode
 * "off" must change nothing. */
static void check_document(const char *src, const char *want, ep_typography mode)
{
    ep_error err;
    memset(&err, 0, sizeof err);
    epi_ctx ctx = {.err = &err};
    epi_buf before = {0}, out = {0};
    xmlDocPtr doc = parse(src);
    CHECK(doc != NULL);
    if (!doc)
        return;
    xmlNodePtr body = xmlDocGetRootElement(doc)->children;
    inner(&before, body);
    CHECK(epi_typography(&ctx, body, EP_TYPO_OFF) == EP_OK);
    inner(&out, body);
    CHECK_STR(out.data, before.data);
    out.len = 0;
    CHECK(epi_typography(&ctx, body, mode) == EP_OK);
    inner(&out, body);
    CHECK_STR(out.data, want);
    /* A verbatim root is left alone. */
    CHECK(epi_typography(&ctx, xmlFirstElementChild(body)->next, mode) == EP_OK);
    CHECK(epi_typography(&ctx, NULL, mode) == EP_OK);
    epi_buf_free(&before);
    epi_buf_free(&out);
    xmlFreeDoc(doc);
}

/* Whole documents: verbatim elements, attributes, URLs, nested blocks. */
static void documents(void)
{
    check_document("<html xmlns=\"" EPI_NS_XHTML "\"><body>"
                   "<h2>Глава \"первая\"</h2>"
                   "<pre>a - b \"c\" ...</pre>"
                   "<blockquote><p>- Да, - сказал он</p><p title=\"a - b &quot;c&quot;\">"
                   "<a href=\"http://x.ru/a - b\">ссылка - текст</a></p></blockquote>"
                   "<ul><li>в доме<ul><li>\"вложенный\"</li></ul></li></ul>"
                   "<script>var s = \"a\" - 1;</script>"
                   "</body></html>",
                   "<h2>Глава «первая»</h2>"
                   "<pre>a - b \"c\" ...</pre>"
                   "<blockquote><p>—\xC2\xA0"
                   "Да,\xC2\xA0— сказал он</p><p title=\"a - b \"c\"\">"
                   "<a href=\"http://x.ru/a - b\">ссылка\xC2\xA0— текст</a></p></blockquote>"
                   "<ul><li>в\xC2\xA0"
                   "доме<ul><li>«вложенный»</li></ul></li></ul>"
                   "<script>var s = \"a\" - 1;</script>",
                   EP_TYPO_RU);
    check_document(
        "<html xmlns=\"" EPI_NS_XHTML "\"><body>"
        "<h2>Chapter \"one\"</h2>"
        "<pre>a -- b \"c\" ...</pre>"
        "<blockquote><p>\"Yes,\" -- he said</p><p title=\"a -- b &quot;c&quot; it's\">"
        "<a href=\"http://x.org/a--b\">link -- text</a> http://x.org/it's--here</p></blockquote>"
        "<ul><li>'tis<ul><li>\"nested\"</li></ul></li></ul>"
        "<script>var s = \"a\" -- 1;</script>"
        "</body></html>",
        "<h2>Chapter “one”</h2>"
        "<pre>a -- b \"c\" ...</pre>"
        "<blockquote><p>“Yes,”\xC2\xA0— he said</p><p title=\"a -- b \"c\" it's\">"
        "<a href=\"http://x.org/a--b\">link\xC2\xA0— text</a> http://x.org/it's--here</p>"
        "</blockquote>"
        "<ul><li>’tis<ul><li>“nested”</li></ul></li></ul>"
        "<script>var s = \"a\" -- 1;</script>",
        EP_TYPO_EN);
}

/* Linear time: a 1 MB paragraph (War and Peace is 6 MB in a few thousand paragraphs). */
static void big_paragraph(void)
{
    epi_buf in = {0};
    for (int k = 0; k < 12000; k++)
        epi_buf_puts(&in, "Он сказал \"да\" - и <em>ушёл</em> в 1905 г. ... ");
    clock_t t0 = clock();
    char *out = typeset_block(in.data, 1, EP_TYPO_RU);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(out != NULL);
    CHECK(out && strstr(out, "«да»\xC2\xA0— и\xC2\xA0<em>ушёл</em> в\xC2\xA0"
                             "1905\xC2\xA0г. …") != NULL);
    CHECK(secs < 5.0);
    free(out);
    /* English: 24,000 single quotes that wait for a closing one that never comes. */
    in.len = 0;
    for (int k = 0; k < 12000; k++)
        epi_buf_puts(&in, "He said \"'tis\" -- and <em>'left</em> in '05 ... ");
    t0 = clock();
    out = typeset_block(in.data, 1, EP_TYPO_EN);
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(out && strstr(out, "He said “’tis”\xC2\xA0— and <em>’left</em> in ’05 … ") != NULL);
    CHECK(secs < 5.0);
    free(out);
    epi_buf_free(&in);
}

int main(void)
{
    golden("ru.tsv", EP_TYPO_RU, 80);
    golden("en.tsv", EP_TYPO_EN, 40);
    golden("uk.tsv", EP_TYPO_UK, 40);
    golden("be.tsv", EP_TYPO_BE, 20);
    golden("bg.tsv", EP_TYPO_BG, 20);
    golden("sr.tsv", EP_TYPO_SR, 20);
    golden("mk.tsv", EP_TYPO_MK, 14);
    golden("kk.tsv", EP_TYPO_KK, 15);
    golden("mn.tsv", EP_TYPO_MN, 12);
    documents();
    big_paragraph();
    xmlCleanupParser();
    return ep_test_done();
}
