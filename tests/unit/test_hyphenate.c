/* Tests for soft hyphenation (src/typeset/hyphenate.c) with the Debian hyph_ru_RU.dic: the
 * word cases in tests/golden/typography/hyphenate.tsv ("-" = U+00AD; hyphenate-<lang>.tsv for
 * uk, be, bg, sr and mn with hyphen-uk, …), then whole trees where
 * headings, code, navigation, notes, URLs and acronyms must stay untouched. */
#include "typeset/typeset.h"
#include "harness.h"

#include <libxml/parser.h>
#include <pthread.h>
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

/* Hyphenates `text` as the one paragraph of a body (twice); malloc'd. */
static char *hyphenated(epi_hyphenator *h, const char *text)
{
    epi_buf src = {0};
    ep_error err;
    memset(&err, 0, sizeof err);
    epi_buf_puts(&src, "<html xmlns=\"" EPI_NS_XHTML "\"><body><p>");
    epi_buf_puts(&src, text);
    epi_buf_puts(&src, "</p><p>");
    epi_buf_puts(&src, text);
    epi_buf_puts(&src, "</p></body></html>");
    xmlDocPtr doc = xmlReadMemory(src.data, (int)src.len, "t.xhtml", "UTF-8", XML_PARSE_NONET);
    epi_buf_free(&src);
    if (!doc)
        return NULL;
    xmlNodePtr body = xmlDocGetRootElement(doc)->children;
    char *s = NULL;
    if (epi_hyphenate_range(h, body->children, NULL, &err) == EP_OK)
        s = text_of(body);
    xmlFreeDoc(doc);
    return s;
}

/* The words a hyphenator has seen give the same breaks as the patterns: Russian and Ukrainian
 * break some words differently and each keeps its own, and a word seen capitalised first is
 * broken as the patterns break it. */
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
    if (!ru || !uk)
        goto out;
    char *want_ru = NULL, *want_uk = NULL;
    for (int round = 0; round < 3; round++) {
        char *got_ru = hyphenated(ru, text), *got_uk = hyphenated(uk, text);
        CHECK(got_ru && got_uk && strcmp(got_ru, got_uk) != 0);
        if (round == 0) {
            want_ru = got_ru;
            want_uk = got_uk;
            continue;
        }
        CHECK_STR(got_ru, want_ru);
        CHECK_STR(got_uk, want_uk);
        free(got_ru);
        free(got_uk);
    }
    uint64_t bits = 0; /* the words are kept by the hyphenator */
    CHECK(epi_hyph_memo_get(epi_hyphenator_memo(uk), "спілкування", strlen("спілкування"), &bits) &&
          bits != 0);
    free(want_ru);
    free(want_uk);
out:
    epi_hyphenator_free(ru);
    epi_hyphenator_free(uk);
}

/* One memo for all the threads of a process: the words one thread hyphenated are known to
 * another (a word goes through the patterns once, not once per thread), and threads adding
 * words at once, through several bigger tables, lose none and change no breaks. */
typedef struct memo_thread {
    epi_hyphenator *h;
    const char *text;
    char *got;
} memo_thread;

static void *memo_thread_run(void *arg)
{
    memo_thread *t = arg;
    t->got = hyphenated(t->h, t->text);
    return NULL;
}

static void memo_threads(void)
{
    ep_error err;
    memset(&err, 0, sizeof err);
    epi_hyphenator *h = NULL;
    CHECK(epi_hyphenator_new("ru", &h, &err) == EP_OK);
    if (!h)
        return;
    /* 3,000 different words: the table starts at 1,024 slots and grows at half full. */
    epi_buf text = {0};
    for (unsigned i = 0; i < 3000; i++) {
        static const char *const stem[] = {"перевозк", "поддержк", "разъяснени", "молочниц"};
        char num[32];
        epi_buf_puts(&text, stem[i % 4]);
        snprintf(num, sizeof num, "%u", i / 4);
        for (const char *d = num; *d; d++) /* digits as letters: а = 0, б = 1, … */
            epi_buf_append(&text, &"абвгдежзик"[2 * (*d - '0')], 2);
        epi_buf_puts(&text, " ");
    }
    memo_thread t[2] = {{h, text.data, NULL}, {h, text.data, NULL}};
    pthread_t tid;
    bool started = pthread_create(&tid, NULL, memo_thread_run, &t[0]) == 0;
    CHECK(started);
    memo_thread_run(&t[1]);
    if (started)
        pthread_join(tid, NULL);
    CHECK(t[0].got && t[1].got);
    CHECK_STR(t[0].got, t[1].got);
    epi_hyphenator *alone = NULL;
    CHECK(epi_hyphenator_new("ru", &alone, &err) == EP_OK);
    char *want = alone ? hyphenated(alone, text.data) : NULL;
    CHECK_STR(t[0].got, want);
    uint64_t bits = 0;
    CHECK(epi_hyph_memo_get(epi_hyphenator_memo(h), "перевозка", strlen("перевозка"), &bits));
    CHECK(epi_hyph_memo_get(epi_hyphenator_memo(h), "молочницздк", strlen("молочницздк"), &bits));
    free(want);
    free(t[0].got);
    free(t[1].got);
    epi_buf_free(&text);
    epi_hyphenator_free(alone);
    epi_hyphenator_free(h);
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
    memo_threads();
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
