/* Tests for soft hyphenation (src/typeset/hyphenate.c) with the Debian hyph_ru_RU.dic: the
 * word cases in tests/golden/typography/hyphenate.tsv ("-" = U+00AD; hyphenate-<lang>.tsv for
 * uk, be, bg, sr and mn with hyphen-uk, …), then whole trees where
 * headings, code, navigation, notes, URLs and acronyms must stay untouched. */
#include "typeset/typeset.h"
#include "harness.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#define SHY "\xC2\xAD"

/* "-" → U+00AD. */
static char *decode(const char *s)
{
    epi_buf b = {0};
    for (; *s; s++) {
        if (*s == '-')
            epi_buf_puts(&b, SHY);
        else
            epi_buf_append(&b, s, 1);
    }
    return epi_buf_detach(&b);
}

static void golden(epi_hyphenator *h, const char *name, int min_cases)
{
    char rel[64];
    snprintf(rel, sizeof rel, "tests/golden/typography/%s", name);
    char *path = epi_path_join(EP_SOURCE_DIR, rel);
    char *data = NULL;
    size_t len = 0;
    ep_error err;
    memset(&err, 0, sizeof err);
    CHECK(path && epi_file_read(path, &data, &len, &err) == EP_OK);
    int lineno = 0, cases = 0;
    for (char *line = data; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        char *tab = strchr(line, '\t');
        if (line[0] != '#' && line[0] != '\0' && tab) {
            *tab = '\0';
            char *want = strcmp(tab + 1, "=") == 0 ? decode(line) : decode(tab + 1);
            char *got = epi_hyphenate_word(h, line);
            if (!got || strcmp(got, want) != 0)
                fprintf(stderr, "%s:%d: word \"%s\"\n", name, lineno, line);
            CHECK_STR(got, want);
            free(got);
            free(want);
            cases++;
        }
        line = nl ? nl + 1 : NULL;
    }
    CHECK(cases >= min_cases);
    free(data);
    free(path);
}

static char *text_of(xmlNodePtr n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *s = epi_strdup((const char *)c);
    xmlFree(c);
    return s;
}

static void tree(epi_hyphenator *h)
{
    static const char *const src =
        "<html xmlns=\"" EPI_NS_XHTML "\" xmlns:epub=\"" EPI_NS_EPUB "\"><body>"
        "<h1 id=\"vojna\">Война</h1>"
        "<p>Война и <em>подъезд</em>, мама, ГОСТЫ, asbestos, война2, "
        "https://example.com/война-подъезд mail@война.рф</p>"
        "<p><code>война</code><a href=\"война.xhtml\">война</a></p>"
        "<nav><p>война</p></nav>"
        "<aside epub:type=\"footnote\"><p>война</p></aside>"
        "<p>вой" SHY "на война</p>"
        "</body></html>";
    ep_error err;
    memset(&err, 0, sizeof err);
    xmlDocPtr doc = xmlReadMemory(src, (int)strlen(src), "t.xhtml", "UTF-8", XML_PARSE_NONET);
    CHECK(doc != NULL);
    if (!doc)
        return;
    xmlNodePtr body = xmlDocGetRootElement(doc)->children;
    CHECK(epi_hyphenate_tree(h, body, &err) == EP_OK);
    xmlNodePtr h1 = xmlFirstElementChild(body);
    xmlNodePtr p1 = xmlNextElementSibling(h1);
    xmlNodePtr p2 = xmlNextElementSibling(p1);
    xmlNodePtr nav = xmlNextElementSibling(p2);
    xmlNodePtr aside = xmlNextElementSibling(nav);
    xmlNodePtr p3 = xmlNextElementSibling(aside);
    char *s;
    CHECK_STR(s = text_of(h1), "Война");
    free(s);
    CHECK_STR(s = text_of(p1), "Вой" SHY "на и под"
                               "ъ" SHY "езд, мама, ГОСТЫ, asbestos, война2, "
                               "https://example.com/война-подъезд mail@война.рф");
    free(s);
    CHECK_STR(s = text_of(p2), "войнавой" SHY "на");
    free(s);
    CHECK_STR(s = text_of(nav), "война");
    free(s);
    CHECK_STR(s = text_of(aside), "война");
    free(s);
    /* A token that already has soft hyphens is left as it is; the next one is not. */
    CHECK_STR(s = text_of(p3), "вой" SHY "на вой" SHY "на");
    free(s);
    /* Attributes are never touched. */
    xmlChar *id = xmlGetProp(h1, BAD_CAST "id");
    CHECK_STR((const char *)id, "vojna");
    xmlFree(id);
    /* A heading as the root is skipped as a whole. */
    CHECK(epi_hyphenate_tree(h, h1, &err) == EP_OK);
    CHECK_STR(s = text_of(h1), "Война");
    free(s);
    xmlFreeDoc(doc);
}

/* Hyphenates `text` as the one paragraph of a body, with `memo` (may be NULL); malloc'd. */
static char *hyphenated(epi_hyphenator *h, epi_hyph_memo *memo, const char *text)
{
    char src[2048];
    ep_error err;
    memset(&err, 0, sizeof err);
    snprintf(src, sizeof src,
             "<html xmlns=\"" EPI_NS_XHTML "\"><body><p>%s</p><p>%s</p></body></html>", text, text);
    xmlDocPtr doc = xmlReadMemory(src, (int)strlen(src), "t.xhtml", "UTF-8", XML_PARSE_NONET);
    if (!doc)
        return NULL;
    xmlNodePtr body = xmlDocGetRootElement(doc)->children;
    char *s = NULL;
    if (epi_hyphenate_range(h, memo, body->children, NULL, &err) == EP_OK)
        s = text_of(body);
    xmlFreeDoc(doc);
    return s;
}

/* The words a thread has seen give the same breaks as the patterns: with a memo shared by two
 * languages in turn (Russian and Ukrainian break some words differently), each paragraph comes
 * out as without one, and a word seen capitalised first is broken as the patterns break it. */
static void memo(void)
{
    static const char *const text =
        "Молоко молоко поддержка Поддержка подъезд Подъезд разъяснение перевозка "
        "перевозка держава державний спілкування";
    ep_error err;
    memset(&err, 0, sizeof err);
    epi_hyphenator *ru = NULL, *uk = NULL;
    CHECK(epi_hyphenator_new("ru", &ru, &err) == EP_OK);
    CHECK(epi_hyphenator_new("uk", &uk, &err) == EP_OK);
    epi_hyph_memo *m = epi_hyph_memo_new();
    CHECK(m != NULL);
    if (!ru || !uk || !m)
        goto out;
    char *want_ru = hyphenated(ru, NULL, text), *want_uk = hyphenated(uk, NULL, text);
    CHECK(want_ru && want_uk && strcmp(want_ru, want_uk) != 0);
    for (int round = 0; round < 2; round++) {
        char *got = hyphenated(ru, m, text);
        CHECK_STR(got, want_ru);
        free(got);
        got = hyphenated(uk, m, text);
        CHECK_STR(got, want_uk);
        free(got);
    }
    free(want_ru);
    free(want_uk);
out:
    epi_hyph_memo_free(m);
    epi_hyphenator_free(ru);
    epi_hyphenator_free(uk);
}

/* The process keeps the tables of the books done (a batch): the next book gets one back, the
 * one that holds its hyphenator's words if any, and one of another hyphenator is emptied before
 * its words are kept. */
static void memo_pool(void)
{
    static const char *const text = "перевозка державний спілкування";
    ep_error err;
    memset(&err, 0, sizeof err);
    epi_hyphenator *ru = NULL, *uk = NULL;
    CHECK(epi_hyphenator_shared("ru", &ru, &err) == EP_OK);
    CHECK(epi_hyphenator_shared("uk", &uk, &err) == EP_OK);
    if (!ru || !uk)
        return;
    char *want_ru = hyphenated(ru, NULL, text), *want_uk = hyphenated(uk, NULL, text);
    CHECK(want_ru && want_uk && strcmp(want_ru, want_uk) != 0);
    epi_hyph_memo *a = epi_hyph_memo_take(ru);
    char *got = hyphenated(ru, a, text);
    CHECK_STR(got, want_ru);
    free(got);
    epi_hyph_memo_give(a);
    uint64_t bits = 0;
    const char *word = "спілкування";
    epi_hyph_memo *b = epi_hyph_memo_take(uk); /* the only one kept: Russian's */
    CHECK(b == a);
    CHECK(b && !epi_hyph_memo_get(b, uk, word, strlen(word), &bits));
    got = hyphenated(uk, b, text);
    CHECK_STR(got, want_uk);
    free(got);
    epi_hyph_memo *c = epi_hyph_memo_take(ru); /* none kept now: a new one */
    CHECK(c && c != b);
    got = hyphenated(ru, c, text);
    CHECK_STR(got, want_ru);
    free(got);
    epi_hyph_memo_give(b);
    epi_hyph_memo_give(c);
    epi_hyph_memo *d = epi_hyph_memo_take(uk); /* Ukrainian's, though Russian's came back last */
    CHECK(d == b);
    CHECK(d && epi_hyph_memo_get(d, uk, word, strlen(word), &bits) && bits != 0);
    epi_hyph_memo_give(d);
    free(want_ru);
    free(want_uk);
}

int main(void)
{
    ep_error err;
    memset(&err, 0, sizeof err);
    epi_hyphenator *h = NULL;
    CHECK(epi_hyphenator_new("ru", &h, &err) == EP_OK);
    if (h) {
        golden(h, "hyphenate.tsv", 7);
        tree(h);
        epi_hyphenator_free(h);
    }
    /* The other Cyrillic languages Debian has patterns for (hyphen-uk, -be, -bg, -sr, -mn). */
    static const char *const others[] = {"uk", "be", "bg", "sr", "mn"};
    for (size_t k = 0; k < sizeof others / sizeof *others; k++) {
        char name[32];
        snprintf(name, sizeof name, "hyphenate-%s.tsv", others[k]);
        h = NULL;
        CHECK(epi_hyphenator_new(others[k], &h, &err) == EP_OK);
        if (h)
            golden(h, name, 8);
        epi_hyphenator_free(h);
    }
    /* Macedonian and Kazakh: Debian packages no patterns (README "Hyphenation"). */
    h = NULL;
    CHECK(epi_hyphenator_new("mk", &h, &err) == EP_ERR_IO);
    CHECK(strstr(err.message, "hyphen-mk") != NULL);
    CHECK(epi_hyphenator_new("kk", &h, &err) == EP_ERR_IO && h == NULL);
    memo();
    memo_pool();
    /* Region subtags resolve to the same dictionary. */
    h = NULL;
    CHECK(epi_hyphenator_new("ru-RU", &h, &err) == EP_OK);
    epi_hyphenator_free(h);
    /* A language without a dictionary is an error naming it. */
    h = NULL;
    CHECK(epi_hyphenator_new("xx", &h, &err) == EP_ERR_IO);
    CHECK(h == NULL);
    CHECK(strstr(err.message, "'xx'") != NULL);
    CHECK(epi_hyphenator_new("", &h, &err) != EP_OK);
    xmlCleanupParser();
    return ep_test_done();
}
