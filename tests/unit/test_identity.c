/* src/package/identity.c (identifier, modified) and src/package/labels.c. */
#include "epi.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static ep_status identify(epi_book *book, ep_error *err)
{
    ep_build_options opt;
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
    epi_book a = book_of("Статья", "2024-05-01", NULL, NULL, NULL);
    epi_book b = book_of("Статья", "2024-05-01", NULL, NULL, NULL);
    epi_book c = book_of("Статья", "2024-05-02", NULL, NULL, NULL);
    epi_book d = book_of("Статья", "2024-05-01", "https://example.org/article", NULL, NULL);
    epi_book e = book_of("Статья", "2024-05-01", "https://example.org/article", "isbn:978", NULL);

    unsetenv("SOURCE_DATE_EPOCH");
    CHECK(identify(&a, &err) == EP_OK);
    CHECK(identify(&b, &err) == EP_OK);
    CHECK(identify(&c, &err) == EP_OK);
    CHECK(identify(&d, &err) == EP_OK);
    CHECK(identify(&e, &err) == EP_OK);
    /* UUIDv5 in the URL namespace of title + "\n" + date (Python: uuid5(NAMESPACE_URL, …)). */
    CHECK_STR(a.identifier, "urn:uuid:5e6fd12c-f18e-5c31-a2ff-f2ae40821cf8");
    CHECK_STR(a.identifier, b.identifier);
    CHECK(a.identifier && c.identifier && strcmp(a.identifier, c.identifier) != 0);
    /* the canonical URL wins over title and date */
    CHECK_STR(d.identifier, "urn:uuid:bbb21fe7-f811-507d-a2d8-e8dbb3a11fb9");
    /* an identifier given in the metadata is used as is */
    CHECK_STR(e.identifier, "isbn:978");
    /* identify twice: no leak, same result */
    CHECK(identify(&a, &err) == EP_OK);
    CHECK_STR(a.identifier, "urn:uuid:5e6fd12c-f18e-5c31-a2ff-f2ae40821cf8");
    free(a.identifier);
    free(b.identifier);
    free(c.identifier);
    free(d.identifier);
    free(e.identifier);
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
    /* only CCYY-MM-DDThh:mm:ssZ is accepted (epub-rules B.3) */
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
    test_modified();
    test_labels();
    return ep_test_done();
}
