/* Unit tests for src/read/webmeta.c: the metadata of a web page, from small pages parsed with
 * gumbo here. */
#include "harness.h"
#include "read/read_private.h"

#include <stdlib.h>
#include <string.h>

typedef struct captured {
    int count;
    int line;
    char message[1024];
} captured;

static void on_diag(void *ud, const ep_diag *d)
{
    captured *c = ud;
    c->count++;
    c->line = d->line;
    snprintf(c->message, sizeof c->message, "%s", d->message);
}

static ep_options opts;
static ep_error err;
static captured cap;
static epi_ctx ctx;
static epi_meta meta;
static epi_webmeta web;
static GumboTag byline_tag; /* web.byline's tag, read before the tree is freed */

/* Reads `html` into the fresh `meta` (after `yaml`, the book.yaml, when given). */
static ep_status read_page(const char *html, const char *yaml)
{
    memset(&opts, 0, sizeof opts);
    memset(&err, 0, sizeof err);
    memset(&cap, 0, sizeof cap);
    opts.diag = on_diag;
    opts.diag_userdata = &cap;
    ctx.opt = &opts;
    ctx.err = &err;
    ctx.warnings = 0;
    epi_meta_free(&meta);
    epi_webmeta_free(&web);
    memset(&meta, 0, sizeof meta);
    meta.title_page = -1;
    if (yaml && epi_meta_parse(&ctx, "book.yaml", 1, yaml, strlen(yaml), &meta) != EP_OK)
        return EP_ERR_INPUT;
    GumboOutput *out = gumbo_parse(html);
    ep_status st = epi_webmeta_read(&ctx, out->document, "page.html", &meta, &web);
    byline_tag = web.byline ? web.byline->v.element.tag : GUMBO_TAG_UNKNOWN;
    web.byline = NULL; /* it points into the tree freed below */
    gumbo_destroy_output(&kGumboDefaultOptions, out);
    return st;
}

static void test_jsonld_graph_authors(void)
{
    const char *html =
        "<!DOCTYPE html><html lang=\"ru\"><head><title>Заголовок | Сайт</title>\n"
        "<meta property=\"og:title\" content=\"OG title\">\n"
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":[\n"
        " {\"@type\":\"WebSite\",\"@id\":\"#site\",\"name\":\"Сайт\"},\n"
        " {\"@type\":\"Person\",\"@id\":\"#p2\",\"name\":\"Пётр Петров\"},\n"
        " {\"@type\":[\"NewsArticle\"],\"headline\":\"Новость &amp; дня\",\n"
        "  \"author\":[{\"@type\":\"Person\",\"name\":\"Иван Иванов\"},{\"@id\":\"#p2\"},\n"
        "             \"Мария Сидорова\", \"https://example.ru/authors/x\"],\n"
        "  \"datePublished\":\"2024-03-05T23:30:00+03:00\",\n"
        "  \"dateModified\":\"2024-03-06T01:15:00+0300\",\n"
        "  \"publisher\":{\"@type\":\"Organization\",\"name\":\"Газета\"},\n"
        "  \"description\":\"  Описание\\n статьи. \",\n"
        "  \"image\":[{\"@type\":\"ImageObject\",\"url\":\"img/a.jpg\"},\"img/b.jpg\"],\n"
        "  \"inLanguage\":\"ru-RU\"}]}</script>\n"
        "<link rel=\"canonical\" href=\"https://example.ru/news/1\">\n"
        "</head><body><h1>Новость дня</h1></body></html>";
    CHECK(read_page(html, NULL) == EP_OK);
    CHECK_STR(meta.title, "Новость & дня");
    CHECK(meta.ncreators == 3);
    if (meta.ncreators == 3) {
        CHECK_STR(meta.creators[0].name, "Иван Иванов");
        CHECK_STR(meta.creators[1].name, "Пётр Петров");
        CHECK_STR(meta.creators[2].name, "Мария Сидорова");
        CHECK_STR(meta.creators[0].role, "aut");
    }
    CHECK_STR(meta.date, "2024-03-05"); /* the publisher's day, not UTC's */
    CHECK_STR(meta.modified, "2024-03-05T22:15:00Z");
    CHECK_STR(meta.publisher, "Газета");
    CHECK_STR(meta.description, "Описание статьи.");
    CHECK_STR(meta.lang, "ru-RU");
    CHECK_STR(meta.source, "https://example.ru/news/1");
    CHECK_STR(web.url, "https://example.ru/news/1");
    CHECK_STR(web.image, "img/a.jpg");
    CHECK(web.image_line == 3); /* the <script>'s: a cover's errors name it */
    CHECK(cap.count == 0);
}

static void test_jsonld_array_and_author_object(void)
{
    const char *html = "<html><head><title>x</title>"
                       "<script type=\"application/ld+json\">[{\"@type\":\"Organization\","
                       "\"name\":\"Org\"},{\"@type\":\"BlogPosting\",\"name\":\"Post\","
                       "\"author\":{\"@type\":\"Person\",\"name\":\" Ann  Lee \"},"
                       "\"image\":{\"url\":\"https://e.com/i.png\"}}]</script>"
                       "</head><body></body></html>";
    CHECK(read_page(html, NULL) == EP_OK);
    CHECK_STR(meta.title, "Post");
    CHECK(meta.ncreators == 1 && !strcmp(meta.creators[0].name, "Ann Lee"));
    CHECK_STR(web.image, "https://e.com/i.png");
    CHECK(meta.lang == NULL);
}

static void test_jsonld_not_json(void)
{
    const char *html = "<html><head><title>Title of the page here</title>\n"
                       "<script type=\"application/ld+json\">\n"
                       "{\"@type\": \"NewsArticle\",\n"
                       "  \"headline\": broken}\n"
                       "</script>\n"
                       "<script type=\"application/ld+json\">{\"@type\":\"Article\"} trailing"
                       "</script>\n"
                       "<script type=\"application/ld+json\">  </script>\n"
                       "</head><body></body></html>";
    CHECK(read_page(html, NULL) == EP_OK);
    CHECK(cap.count == 2);
    CHECK(cap.line == 6);
    CHECK(strstr(cap.message, "is not JSON") != NULL);
    CHECK_STR(meta.title, "Title of the page here");
    /* The first broken block's line: the error is on its third line. */
    read_page("<html><head>\n<script type=\"application/ld+json\">\n{\"a\":\n1,\n]</script>", NULL);
    CHECK(cap.count == 1 && cap.line == 5);
}

static void test_meta_order(void)
{
    /* Readability's 003-metadata-preferred: Dublin Core over OpenGraph over the rest. */
    const char *html = "<html><head>"
                       "<meta name=\"title\" content=\"Meta name title\">"
                       "<meta name=\"DC.title\" content=\"Dublin Core name title\">"
                       "<meta property=\"dc:title\" content=\"Dublin Core property title\">"
                       "<meta property=\"og:title\" content=\"Open Graph property title\">"
                       "<meta name=\"author\" content=\"Meta name author\">"
                       "<meta property=\"dc:creator twitter:site_name\" content=\"DC author\">"
                       "<meta name=\"description\" content=\"Meta description\">"
                       "<meta property=\"og:description\" content=\"OG description\">"
                       "<meta property=\"og:site_name\" content=\"Site\">"
                       "<meta property=\"article:published_time\" content=\"2020-01-02\">"
                       "<meta property=\"og:url\" content=\"https://e.com/a\">"
                       "<meta property=\"og:image\" content=\"https://e.com/a.jpg\">"
                       "<meta property=\"og:locale\" content=\"en_GB\">"
                       "</head><body></body></html>";
    CHECK(read_page(html, NULL) == EP_OK);
    CHECK_STR(meta.title, "Dublin Core property title");
    CHECK(meta.ncreators == 1 && !strcmp(meta.creators[0].name, "DC author"));
    CHECK_STR(meta.description, "OG description");
    CHECK_STR(meta.publisher, "Site");
    CHECK_STR(meta.date, "2020-01-02");
    CHECK(meta.modified == NULL);
    CHECK_STR(meta.source, "https://e.com/a");
    CHECK_STR(web.image, "https://e.com/a.jpg");
    CHECK(web.image_line == 1);
    CHECK_STR(meta.lang, "en-GB");
}

static void test_article_authors(void)
{
    const char *html = "<html><head>"
                       "<meta property=\"article:author\" content=\"https://fb.com/x\">"
                       "<meta property=\"article:author\" content=\"Анна\">"
                       "<meta property=\"article:author\" content=\"Борис\">"
                       "</head><body></body></html>";
    CHECK(read_page(html, NULL) == EP_OK);
    CHECK(meta.ncreators == 2);
    if (meta.ncreators == 2) {
        CHECK_STR(meta.creators[0].name, "Анна");
        CHECK_STR(meta.creators[1].name, "Борис");
    }
}

static void test_title_cleaning(void)
{
    static const char *const cases[][3] = {
        /* <title>, the page's <h1> (or ""), the title we keep */
        {"Как сохранить статью для читалки | Хабр", "", "Как сохранить статью для читалки"},
        {"Как сохранить статью для читалки — Хабр", "", "Как сохранить статью для читалки"},
        {"Site » Section » A long enough article title", "",
         "Site » Section » A long enough article title"},
        {"News: The quick brown fox jumps", "", "The quick brown fox jumps"},
        {"Short: A b", "", "Short: A b"},
        {"Hi", "The only heading", "Hi"}, /* four words or fewer: the <title> */
        {"Hi", "The only heading of this page", "The only heading of this page"},
        {"Foo - Bar", "", "Foo - Bar"},
        /* the <h1> is no headline (one word): the title stays (trafilatura's wordsmith.org) */
        {"A.Word.A.Day --maudlin", "A.Word.A.Day", "A.Word.A.Day --maudlin"},
        /* the headline with a name after it */
        {"Ferry timetables change again ~ River News", "Ferry timetables change again",
         "Ferry timetables change again"},
        /* " : " sets a section's name, ": " a subtitle */
        {"Ferry timetables change again : Travel : River News", "Ferry timetables change again",
         "Ferry timetables change again"},
        {"Ferry timetables change again: what to know", "Ferry timetables change again",
         "Ferry timetables change again: what to know"},
        {"A title with a colon: and its heading", "A title with a colon: and its heading",
         "A title with a colon: and its heading"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char html[1024];
        snprintf(html, sizeof html, "<html><head><title>%s</title></head><body>%s%s%s</body>",
                 cases[i][0], *cases[i][1] ? "<h1>" : "", cases[i][1], *cases[i][1] ? "</h1>" : "");
        CHECK(read_page(html, NULL) == EP_OK);
        CHECK_STR(meta.title, cases[i][2]);
    }
}

static void test_byline_element(void)
{
    const char *html = "<html><head><title>An article with a byline</title></head><body>"
                       "<div class=\"author\" hidden>Hidden Person</div>"
                       "<script class=\"byline\">var x = 1;</script>"
                       "<p class=\"byline\">By <span itemprop=\"name\">Jane Doe</span></p>"
                       "<p class=\"byline\">Someone Else</p></body></html>";
    CHECK(read_page(html, NULL) == EP_OK);
    CHECK(meta.ncreators == 1 && !strcmp(meta.creators[0].name, "Jane Doe"));
    CHECK(byline_tag == GUMBO_TAG_P);
    read_page("<html><body><div id=\"author-box\">by Sam Roe</div></body></html>", NULL);
    CHECK(meta.ncreators == 1 && !strcmp(meta.creators[0].name, "Sam Roe"));
}

/* A byline's date after the name, or before "by" and the name, is not part of the name
 * (Postlight Parser's tests: "Laura E. Adkins December 28, 2016", "Wednesday January 18, 2017
 * 10:44 am PST by Juli Clover"); a byline of words that are no name stays as it is. */
static void test_byline_date(void)
{
    static const char *const cases[][2] = {
        {"Laura E. Adkins December 28, 2016", "Laura E. Adkins"},
        {"Emily Kirkpatrick Updated on December 12, 2016 09:22 AM", "Emily Kirkpatrick"},
        {"ZDNet Japan Staff 2019年04月28日 08時00分", "ZDNet Japan Staff"},
        {"Wednesday January 18, 2017 10:44 am PST by Juli Clover", "Juli Clover"},
        {"Last Updated: January 7, 2025", "Last Updated: January 7, 2025"},
        {"VON MORITZ GATHMANN am 21. April 2020", "VON MORITZ GATHMANN"},
        {"John Walk - January 10, 2020 21 minutes", "John Walk"},
        {"Datum: 19.11.2021 Autor: Fritz Imhof", "Datum: 19.11.2021 Autor: Fritz Imhof"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char html[512];
        snprintf(html, sizeof html, "<html><body><div class=\"byline\">%s</div></body></html>",
                 cases[i][0]);
        CHECK(read_page(html, NULL) == EP_OK);
        CHECK(meta.ncreators == 1);
        if (meta.ncreators == 1)
            CHECK_STR(meta.creators[0].name, cases[i][1]);
    }
}

static void test_yaml_wins(void)
{
    const char *html = "<html lang=\"en\"><head><title>Page title</title>"
                       "<meta name=\"author\" content=\"Page Author\">"
                       "<meta name=\"description\" content=\"Page description\">"
                       "<link rel=\"canonical\" href=\"https://e.com/p\"></head></html>";
    CHECK(read_page(html, "title: Мой заголовок\nauthor: [А, Б]\nlang: ru\n") == EP_OK);
    CHECK_STR(meta.title, "Мой заголовок");
    CHECK(meta.ncreators == 2);
    CHECK_STR(meta.lang, "ru");
    CHECK_STR(meta.description, "Page description");
    CHECK_STR(meta.source, "https://e.com/p");
}

static void test_dates_and_lang(void)
{
    read_page("<html lang=\"C\"><head><script type=\"application/ld+json\">{\"@type\":\"Article\","
              "\"datePublished\":\"5 марта 2024\",\"dateModified\":\"2024-03-06 10:00:00Z\"}"
              "</script><!-- saved from url=(0024)https://e.com/saved --></head></html>",
              NULL);
    CHECK(meta.date == NULL);
    CHECK_STR(meta.modified, "2024-03-06T10:00:00Z");
    CHECK(meta.lang == NULL);
    CHECK(cap.count == 2); /* the date and the language tag */
    CHECK_STR(meta.source, "https://e.com/saved");
    read_page("<!-- saved from url=(0024)https://e.com/first -->\n<html><head>"
              "<meta property=\"article:published_time\" content=\"2019-12-31T23:00:00-05:00\">"
              "</head></html>",
              NULL);
    CHECK_STR(meta.date, "2019-12-31");
    CHECK_STR(meta.source, "https://e.com/first");
    /* a zone after a space (huffingtonpost.com's article:published_time) */
    read_page("<html><head><meta property=\"article:published_time\" "
              "content=\"2016-11-28 23:23:00 -0500\"></head></html>",
              NULL);
    CHECK_STR(meta.date, "2016-11-28");
    CHECK(cap.count == 0);
}

static void test_deep_nesting(void)
{
    /* Deeply nested elements: the walk is not recursive, and bylines nested in each other are
     * bounded work. (20 000: gumbo's own parse is quadratic in the depth.) */
    size_t depth = 20000, len = 0;
    char *html = malloc(depth * 40 + 100);
    CHECK(html != NULL);
    if (!html)
        return;
    len += (size_t)sprintf(html + len, "<title>Deep</title>");
    for (size_t i = 0; i < depth; i++)
        len += (size_t)sprintf(html + len, "<div class=author>");
    sprintf(html + len, "x");
    GumboOptions o = kGumboDefaultOptions;
    o.max_errors = 0;
    memset(&err, 0, sizeof err);
    epi_meta_free(&meta);
    memset(&meta, 0, sizeof meta);
    GumboOutput *out = gumbo_parse_with_options(&o, html, strlen(html));
    CHECK(epi_web_metadata(&ctx, out->document, "deep.html", &meta) == EP_OK);
    CHECK_STR(meta.title, "Deep");
    gumbo_destroy_output(&o, out);
    free(html);
}

/* The Russian fixture page (tests/fixtures/web/), also built end to end by
 * tests/e2e/web_metadata.sh. */
static void test_fixture_ru(void)
{
    char *html = NULL;
    size_t len = 0;
    CHECK(epi_file_read(EP_SOURCE_DIR "/tests/fixtures/web/ru-jsonld-authors.html", &html, &len,
                        &err) == EP_OK);
    if (!html)
        return;
    CHECK(read_page(html, NULL) == EP_OK);
    CHECK_STR(meta.title, "Река и город: как Москва училась жить с водой");
    CHECK(meta.ncreators == 3);
    if (meta.ncreators == 3) {
        CHECK_STR(meta.creators[0].name, "Анна Иванова");
        CHECK_STR(meta.creators[1].name, "Пётр Петров");
        CHECK_STR(meta.creators[2].name, "Мария Сидорова");
    }
    CHECK_STR(meta.date, "2024-03-05");
    CHECK_STR(meta.modified, "2024-03-06T06:15:00Z");
    CHECK_STR(meta.publisher, "Вечерние известия");
    CHECK_STR(meta.description, "Как набережные, мосты и ливнёвки изменили город за сто лет.");
    CHECK_STR(meta.lang, "ru");
    CHECK_STR(meta.source, "https://example.ru/news/2024/03/05/reka-i-gorod");
    CHECK_STR(web.image, "https://example.ru/i/reka.jpg");
    CHECK(cap.count == 0);
    free(html);
}

int main(void)
{
    test_jsonld_graph_authors();
    test_jsonld_array_and_author_object();
    test_jsonld_not_json();
    test_meta_order();
    test_article_authors();
    test_title_cleaning();
    test_byline_element();
    test_yaml_wins();
    test_dates_and_lang();
    test_byline_date();
    test_deep_nesting();
    test_fixture_ru();
    epi_meta_free(&meta);
    epi_webmeta_free(&web);
    return ep_test_done();
}
