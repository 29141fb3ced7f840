/* Unit tests for src/read/metadata.c: every key's mapping, author forms, errors with lines. */
#include "harness.h"
#include "read/read_private.h"

#include <stdlib.h>
#include <string.h>

typedef struct captured {
    int count;
    int line;
    char id[32];
    char message[1024];
} captured;

static void on_diag(void *ud, const ep_diag *d)
{
    captured *c = ud;
    c->count++;
    c->line = d->line;
    snprintf(c->id, sizeof c->id, "%s", d->id);
    snprintf(c->message, sizeof c->message, "%s", d->message);
}

static ep_options opts;
static ep_error err;
static captured cap;
static epi_ctx ctx;

static void reset(void)
{
    memset(&opts, 0, sizeof opts);
    memset(&err, 0, sizeof err);
    memset(&cap, 0, sizeof cap);
    opts.diag = on_diag;
    opts.diag_userdata = &cap;
    ctx.opt = &opts;
    ctx.err = &err;
    ctx.warnings = 0;
}

static ep_status parse(const char *yaml, int first_line, epi_meta *m)
{
    reset();
    memset(m, 0, sizeof *m);
    m->title_page = -1;
    return epi_meta_parse(&ctx, "meta.yaml", first_line, yaml, strlen(yaml), m);
}

static void test_all_keys(void)
{
    epi_meta m;
    const char *yaml = "title: Заголовок\n"
                       "subtitle: Подзаголовок\n"
                       "lang: ru\n"
                       "date: 2020-05-21\n"
                       "publisher: Изд\n"
                       "rights: CC BY 4.0\n"
                       "description: Описание.\n"
                       "subject: [Microsoft, ИИ]\n"
                       "identifier: urn:isbn:9780000000000\n"
                       "source: https://example.org/a\n"
                       "cover-image: img/cover.png\n"
                       "css: style.css\n"
                       "belongs-to-collection: Серия\n"
                       "group-position: 2\n"
                       "modified: 2020-05-21T10:00:00Z\n"
                       "hyphenation: soft\n"
                       "typography: off\n"
                       "font: PT Sans\n"
                       "title-page: yes\n"
                       "chapters:\n  - a.md\n  - b.md\n";
    CHECK(parse(yaml, 1, &m) == EP_OK);
    CHECK_STR(m.title, "Заголовок");
    CHECK_STR(m.subtitle, "Подзаголовок");
    CHECK_STR(m.lang, "ru");
    CHECK_STR(m.date, "2020-05-21");
    CHECK_STR(m.publisher, "Изд");
    CHECK_STR(m.rights, "CC BY 4.0");
    CHECK_STR(m.description, "Описание.");
    CHECK(m.nsubjects == 2);
    if (m.nsubjects == 2) {
        CHECK_STR(m.subjects[0], "Microsoft");
        CHECK_STR(m.subjects[1], "ИИ");
    }
    CHECK_STR(m.identifier, "urn:isbn:9780000000000");
    CHECK_STR(m.source, "https://example.org/a");
    CHECK_STR(m.cover_image, "img/cover.png");
    CHECK(m.ncss == 1 && m.css && !strcmp(m.css[0], "style.css"));
    CHECK_STR(m.collection, "Серия");
    CHECK_STR(m.group_position, "2");
    CHECK_STR(m.modified, "2020-05-21T10:00:00Z");
    CHECK(m.hyphenation == EP_HYPHEN_SOFT);
    CHECK(m.typography == EP_TYPO_OFF);
    CHECK_STR(m.font, "PT Sans");
    CHECK(m.title_page == 1);
    CHECK(m.nchapters == 2 && m.chapters && !strcmp(m.chapters[1], "b.md"));
    CHECK(cap.count == 0);
    epi_meta_free(&m);
    CHECK(m.title == NULL && m.nchapters == 0 && m.title_page == -1);

    /* `language` is accepted for lang; css as a list; title-page false */
    CHECK(parse("language: en-GB\ncss: [a.css, b.css]\ntitle-page: false\nhyphenation: css\n", 1,
                &m) == EP_OK);
    CHECK_STR(m.lang, "en-GB");
    CHECK(m.ncss == 2 && !strcmp(m.css[1], "b.css"));
    CHECK(m.title_page == 0);
    CHECK(m.hyphenation == EP_HYPHEN_CSS);
    epi_meta_free(&m);

    /* empty metadata and empty values are fine */
    CHECK(parse("", 2, &m) == EP_OK);
    CHECK(m.title == NULL);
    epi_meta_free(&m);
    CHECK(parse("title:\nsubject: ~\n", 2, &m) == EP_OK);
    CHECK(m.title == NULL && m.nsubjects == 0);
    epi_meta_free(&m);
}

static void test_authors(void)
{
    epi_meta m;

    CHECK(parse("author: Лев Толстой\n", 1, &m) == EP_OK);
    CHECK(m.ncreators == 1);
    if (m.ncreators == 1) {
        CHECK_STR(m.creators[0].name, "Лев Толстой");
        CHECK_STR(m.creators[0].role, "aut");
        CHECK(m.creators[0].file_as == NULL);
    }
    epi_meta_free(&m);

    CHECK(parse("author:\n  - A One\n  - B Two\n", 1, &m) == EP_OK);
    CHECK(m.ncreators == 2);
    if (m.ncreators == 2) {
        CHECK_STR(m.creators[0].name, "A One");
        CHECK_STR(m.creators[1].name, "B Two");
        CHECK_STR(m.creators[1].role, "aut");
    }
    epi_meta_free(&m);

    CHECK(parse("creator:\n  - name: Толстой, Лев\n    role: aut\n    file-as: Толстой\n"
                "  - text: John Smith\n    role: translator\n",
                1, &m) == EP_OK);
    CHECK(m.ncreators == 2);
    if (m.ncreators == 2) {
        CHECK_STR(m.creators[0].name, "Толстой, Лев");
        CHECK_STR(m.creators[0].file_as, "Толстой");
        CHECK_STR(m.creators[1].name, "John Smith");
        CHECK_STR(m.creators[1].role, "trl");
    }
    epi_meta_free(&m);

    /* a single map; contributors default to ctb */
    CHECK(parse("author: {name: Solo, role: edt}\ncontributor: [Helper, {name: Ed, role: ill}]\n",
                1, &m) == EP_OK);
    CHECK(m.ncreators == 1 && !strcmp(m.creators[0].role, "edt"));
    CHECK(m.ncontributors == 2);
    if (m.ncontributors == 2) {
        CHECK_STR(m.contributors[0].name, "Helper");
        CHECK_STR(m.contributors[0].role, "ctb");
        CHECK_STR(m.contributors[1].role, "ill");
    }
    epi_meta_free(&m);

    /* a role that is no relator code */
    CHECK(parse("author:\n  name: X\n  role: boss\n", 5, &m) == EP_ERR_INPUT);
    CHECK(err.line == 7);
    CHECK(strstr(err.message, "boss") != NULL);
    epi_meta_free(&m);

    /* a map without a name */
    CHECK(parse("author:\n  role: aut\n", 1, &m) == EP_ERR_INPUT);
    CHECK(strstr(err.message, "author") != NULL);
    epi_meta_free(&m);
}

static void test_errors(void)
{
    epi_meta m;

    /* Wrong type: a map for title; first_line 2 = front matter after the opening '---'. */
    CHECK(parse("lang: ru\ntitle:\n  a: b\n", 2, &m) == EP_ERR_INPUT);
    CHECK_STR(err.path, "meta.yaml");
    CHECK(err.line == 4);
    CHECK(strstr(err.message, "'title'") != NULL);
    CHECK(strstr(err.message, "a map") != NULL);
    epi_meta_free(&m);

    CHECK(parse("date: [2020, 2021]\n", 1, &m) == EP_ERR_INPUT);
    CHECK(err.line == 1 && strstr(err.message, "'date'") != NULL);
    epi_meta_free(&m);

    /* One file name is a list of one (issue 21); a map is not. */
    CHECK(parse("chapters: a.md\n", 1, &m) == EP_OK);
    CHECK(m.nchapters == 1 && !strcmp(m.chapters[0], "a.md"));
    epi_meta_free(&m);
    CHECK(parse("chapters: {a: b}\n", 1, &m) == EP_ERR_INPUT);
    CHECK(strstr(err.message, "a file name or a list of file names") != NULL);
    epi_meta_free(&m);
    CHECK(parse("subject: {a: b}\n", 1, &m) == EP_ERR_INPUT);
    epi_meta_free(&m);
    CHECK(parse("title-page: maybe\n", 1, &m) == EP_ERR_INPUT);
    epi_meta_free(&m);
    CHECK(parse("hyphenation: auto\n", 1, &m) == EP_ERR_INPUT);
    CHECK(strstr(err.message, "auto") != NULL);
    epi_meta_free(&m);
    CHECK(parse("typography: fr\n", 1, &m) == EP_ERR_INPUT);
    epi_meta_free(&m);
    CHECK(parse("typography: uk\n", 1, &m) == EP_OK && m.typography == EP_TYPO_UK);
    epi_meta_free(&m);
    CHECK(parse("typography: mn\n", 1, &m) == EP_OK && m.typography == EP_TYPO_MN);
    epi_meta_free(&m);
    CHECK(parse("modified: 2020-05-21\n", 1, &m) == EP_ERR_INPUT);
    epi_meta_free(&m);
    CHECK(parse("modified: 2020-05-21T10:00:00.000Z\n", 1, &m) == EP_ERR_INPUT);
    epi_meta_free(&m);
    /* the shape is right but the day does not exist: the reader says so at the line */
    CHECK(parse("title: t\nmodified: 2023-02-29T10:00:00Z\n", 1, &m) == EP_ERR_INPUT);
    CHECK(err.line == 2);
    CHECK_STR(err.message, "metadata key 'modified': '2023-02-29T10:00:00Z' is not a real time: "
                           "February 2023 has 28 days");
    epi_meta_free(&m);
    CHECK(parse("- just\n- a list\n", 1, &m) == EP_ERR_INPUT);
    epi_meta_free(&m);

    /* lang must be BCP 47: the POSIX locale names pandoc leaks in CI are rejected */
    CHECK(parse("title: t\nlang: C\n", 2, &m) == EP_ERR_INPUT);
    CHECK(err.line == 3 && strstr(err.message, "BCP 47") != NULL);
    epi_meta_free(&m);
    CHECK(parse("lang: c.utf-8\n", 1, &m) == EP_ERR_INPUT);
    epi_meta_free(&m);
}

static void test_unknown_key_warning(void)
{
    epi_meta m;
    CHECK(parse("title: T\n\nauthr: Typo\n", 2, &m) == EP_OK);
    CHECK(cap.count == 1);
    CHECK(cap.line == 4);
    CHECK(strstr(cap.message, "authr") != NULL);
    CHECK(ctx.warnings == 1);
    CHECK_STR(m.title, "T");
    epi_meta_free(&m);
}

static void test_syntax_errors(void)
{
    epi_meta m;
    /* an unclosed flow sequence: libyaml reports it where the document ends */
    CHECK(parse("title: T\nsubject: [a, b\n", 2, &m) == EP_ERR_INPUT);
    CHECK(strstr(err.message, "YAML") != NULL);
    CHECK(err.line == 4);
    CHECK(err.column == 1);
    epi_meta_free(&m);

    /* a bad indentation: "mapping values are not allowed" at line 2, column 6 */
    CHECK(parse("title: a\nlang: b: c\n", 10, &m) == EP_ERR_INPUT);
    CHECK(err.line == 11);
    CHECK(err.column == 8);
    epi_meta_free(&m);

    /* aliases are refused (billion laughs) */
    CHECK(parse("a: &x [1, 2]\nb: [*x, *x]\n", 1, &m) == EP_ERR_INPUT);
    CHECK(err.line == 2 && strstr(err.message, "alias") != NULL);
    epi_meta_free(&m);
}

static void test_bcp47(void)
{
    CHECK(epi_lang_valid("ru"));
    CHECK(epi_lang_valid("en-GB"));
    CHECK(epi_lang_valid("zh-Hant-TW"));
    CHECK(epi_lang_valid("sr-Latn"));
    CHECK(epi_lang_valid("deu"));
    CHECK(epi_lang_valid("de-CH-1901"));
    CHECK(!epi_lang_valid("C"));
    CHECK(!epi_lang_valid("POSIX"));
    CHECK(!epi_lang_valid("c.utf-8"));
    CHECK(!epi_lang_valid("C.UTF-8"));
    CHECK(!epi_lang_valid("en_US"));
    CHECK(!epi_lang_valid("en-"));
    CHECK(!epi_lang_valid("english language"));
    CHECK(!epi_lang_valid(""));
    CHECK(!epi_lang_valid(NULL));
    CHECK(!epi_lang_valid("egv-n")); /* a singleton with nothing after it (fuzzer find) */
    CHECK(!epi_lang_valid("en-x"));
    CHECK(!epi_lang_valid("en-verylongsubtag"));
}

int main(void)
{
    test_all_keys();
    test_authors();
    test_errors();
    test_unknown_key_warning();
    test_syntax_errors();
    test_bcp47();
    return ep_test_done();
}
