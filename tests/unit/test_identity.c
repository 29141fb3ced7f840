/* src/read/identity.c (identifier, modified) and src/util/labels.c. */
#include "util/labels.h"
#include "harness.h"
#include "read/read_private.h"

#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

static ep_status identify(epi_book *book, ep_error *err)
{
    ep_options opt;
    epi_ctx ctx;

    memset(&opt, 0, sizeof opt);
    memset(&ctx, 0, sizeof ctx);
    ctx.opt = &opt;
    ctx.err = err;
    return epi_book_identify(&ctx, book);
}

/* A book with only the fields identify() reads; the strings are not owned. */
static epi_book book_of(char *title, char *date, char *source, char *identifier, char *modified)
{
    epi_book b;
    memset(&b, 0, sizeof b);
    b.meta.title = title;
    b.meta.date = date;
    b.meta.source = source;
    b.meta.identifier = identifier;
    b.meta.modified = modified;
    b.newest_mtime = (time_t)1600000000;
    return b;
}

static void test_identifier(void)
{
    ep_error err = {0};
    epi_person authors[2] = {{.name = "Иван Петров"}, {.name = "Мария Сидорова"}};
    epi_book a = book_of("Статья", "2024-05-01", NULL, NULL, NULL);
    epi_book b = book_of("Статья", "2024-05-01", NULL, NULL, NULL);
    epi_book c = book_of("Статья", "2024-05-02", NULL, NULL, NULL);
    epi_book d = book_of("Статья", "2024-05-01", "https://example.org/article", NULL, NULL);
    epi_book e = book_of("Статья", "2024-05-01", "https://example.org/article", "isbn:978", NULL);
    epi_book f = book_of("Статья", "2024-05-01", NULL, NULL, NULL);

    f.meta.lang = "ru";
    f.meta.creators = authors;
    f.meta.ncreators = 2;
    unsetenv("SOURCE_DATE_EPOCH");
    CHECK(identify(&a, &err) == EP_OK);
    CHECK(identify(&b, &err) == EP_OK);
    CHECK(identify(&c, &err) == EP_OK);
    CHECK(identify(&d, &err) == EP_OK);
    CHECK(identify(&e, &err) == EP_OK);
    CHECK(identify(&f, &err) == EP_OK);
    /* UUIDv5 in the URL namespace of the title, authors, date and language, one "key: value"
     * line each (Python: uuid5(NAMESPACE_URL, "title: Статья\nauthors: \ndate: …\nlang: ")). */
    CHECK_STR(a.identifier, "urn:uuid:bf607cc4-9e51-5ece-b13a-44cb724a17cb");
    CHECK_STR(a.identifier, b.identifier);
    CHECK(a.identifier && c.identifier && strcmp(a.identifier, c.identifier) != 0);
    CHECK_STR(f.identifier, "urn:uuid:e547ae6d-a2e7-56f1-bd52-e7b29539a668");
    /* the canonical URL wins over the metadata */
    CHECK_STR(d.identifier, "urn:uuid:bbb21fe7-f811-507d-a2d8-e8dbb3a11fb9");
    /* an identifier given in the metadata is used as is */
    CHECK_STR(e.identifier, "isbn:978");
    /* identify twice: no leak, same result */
    CHECK(identify(&a, &err) == EP_OK);
    CHECK_STR(a.identifier, "urn:uuid:bf607cc4-9e51-5ece-b13a-44cb724a17cb");
    free(a.identifier);
    free(b.identifier);
    free(c.identifier);
    free(d.identifier);
    free(e.identifier);
    free(f.identifier);
}

/* Issue 15: two untitled books (same empty metadata) must differ, by their text; a titled book
 * keeps its identifier when its text is edited. */
static char *identifier_of(char *title, const char *text)
{
    ep_error err = {0};
    epi_chapter ch;
    epi_book book = book_of(title, NULL, NULL, NULL, NULL);
    char *id = NULL;

    memset(&ch, 0, sizeof ch);
    epi_text_digest(text, strlen(text), ch.text_digest);
    book.meta.lang = "en";
    book.chapters = &ch;
    book.nchapters = 1;
    if (identify(&book, &err) == EP_OK)
        id = book.identifier;
    return id;
}

static void test_identifier_text(void)
{
    char *one = identifier_of(NULL, "Just some text.\n");
    char *two = identifier_of(NULL, "Other article.\n");
    char *one_again = identifier_of(NULL, "Just some text.\n");
    char *titled = identifier_of("T", "Just some text.\n");
    char *titled_edited = identifier_of("T", "Just some other text.\n");
    uuid_t digest;

    CHECK(one && two && strcmp(one, two) != 0);
    CHECK_STR(one, one_again);
    /* Python: t = uuid5(NAMESPACE_URL, "Just some text.\n");
     * uuid5(NAMESPACE_URL, "title: \nauthors: \ndate: \nlang: en\ntext: " + str(t)) */
    CHECK_STR(one, "urn:uuid:003989af-a6b1-5b90-8c2e-e6f6b6716192");
    CHECK(titled && strcmp(titled, one) != 0);
    CHECK_STR(titled, titled_edited);
    /* the digest is the text's own UUIDv5 */
    epi_text_digest("Just some text.\n", 16, digest);
    {
        char hex[UUID_STR_LEN];
        uuid_unparse_lower(digest, hex);
        CHECK_STR(hex, "94ef5626-b849-59e5-b4c1-dd87f81a6b02");
    }
    free(one);
    free(two);
    free(one_again);
    free(titled);
    free(titled_edited);
}

static ep_status modified_of(char *modified, time_t *t, ep_error *err)
{
    epi_book b = book_of("T", NULL, NULL, NULL, modified);
    ep_status st = identify(&b, err);
    *t = b.modified;
    free(b.identifier);
    return st;
}

static void test_modified(void)
{
    ep_error err = {0};
    time_t t = 0;

    unsetenv("SOURCE_DATE_EPOCH");
    CHECK(modified_of("2024-05-01T10:20:30Z", &t, &err) == EP_OK);
    CHECK(t == (time_t)1714558830);
    /* only CCYY-MM-DDThh:mm:ssZ is accepted (docs/ARCHITECTURE.md "Package document") */
    CHECK(modified_of("2024-05-01", &t, &err) == EP_ERR_INPUT);
    CHECK(strstr(err.message, "2024-05-01") != NULL);
    CHECK(modified_of("2024-05-01T10:20:30.000Z", &t, &err) == EP_ERR_INPUT);
    CHECK(modified_of("2024-05-01T10:20:30+03:00", &t, &err) == EP_ERR_INPUT);
    CHECK(modified_of("2024-05-01 10:20:30Z", &t, &err) == EP_ERR_INPUT);
    CHECK(modified_of("2023-02-29T00:00:00Z", &t, &err) == EP_ERR_INPUT);
    CHECK(modified_of("2024-02-29T00:00:00Z", &t, &err) == EP_OK);
    CHECK(modified_of("2024-13-01T00:00:00Z", &t, &err) == EP_ERR_INPUT);
    CHECK(modified_of("2024-05-01T24:00:00Z", &t, &err) == EP_ERR_INPUT);

    /* without `modified`: the newest input mtime */
    CHECK(modified_of(NULL, &t, &err) == EP_OK);
    CHECK(t == (time_t)1600000000);
    /* SOURCE_DATE_EPOCH beats the mtime, but not `modified` */
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    CHECK(modified_of(NULL, &t, &err) == EP_OK);
    CHECK(t == (time_t)1700000000);
    CHECK(modified_of("2024-05-01T10:20:30Z", &t, &err) == EP_OK);
    CHECK(t == (time_t)1714558830);
    /* digits only */
    setenv("SOURCE_DATE_EPOCH", "17e8", 1);
    CHECK(modified_of(NULL, &t, &err) == EP_ERR_INPUT);
    setenv("SOURCE_DATE_EPOCH", "-5", 1);
    CHECK(modified_of(NULL, &t, &err) == EP_ERR_INPUT);
    setenv("SOURCE_DATE_EPOCH", "99999999999999999999999", 1);
    CHECK(modified_of(NULL, &t, &err) == EP_ERR_INPUT);
    /* clamped to 1980-01-01, the first instant a ZIP (DOS) time can hold */
    setenv("SOURCE_DATE_EPOCH", "0", 1);
    CHECK(modified_of(NULL, &t, &err) == EP_OK);
    CHECK(t == (time_t)315532800);
    unsetenv("SOURCE_DATE_EPOCH");
}

static void test_labels(void)
{
    CHECK_STR(epi_labels_for("ru")->toc, "Содержание");
    CHECK_STR(epi_labels_for("ru-RU")->landmarks, "Ориентиры");
    CHECK_STR(epi_labels_for("RU")->start, "Начало");
    CHECK_STR(epi_labels_for("ru")->cover, "Обложка");
    CHECK_STR(epi_labels_for("ru")->title_page, "Титульная страница");
    CHECK_STR(epi_labels_for("ru")->notes, "Примечания");
    CHECK(strstr(epi_labels_for("ru")->a11y_summary, "только текст") != NULL);
    CHECK_STR(epi_labels_for("en-GB")->toc, "Contents");
    CHECK_STR(epi_labels_for("xx")->toc, "Contents");
    CHECK_STR(epi_labels_for("")->toc, "Contents");
    CHECK_STR(epi_labels_for(NULL)->toc, "Contents");
    /* "rus" is not "ru": match whole primary subtags only */
    CHECK_STR(epi_labels_for("rus")->toc, "Contents");
}

int main(void)
{
    test_identifier();
    test_identifier_text();
    test_modified();
    test_labels();
    return ep_test_done();
}
