/* src/package/: the generated documents of a small hand-built book. */
#include "package/pkg_private.h"
#include "harness.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>

/* ---------- a hand-built book ---------- */

static xmlDocPtr chapter_doc(const char *lang, const char *title, const char *body_xml)
{
    /* What read + typeset hand to the package stage: a complete XHTML document. */
    char *xml = NULL;
    size_t n = strlen(body_xml) + strlen(title) + 2 * strlen(lang) + 256;
    xmlDocPtr doc;

    xml = malloc(n);
    if (!xml)
        return NULL;
    snprintf(xml, n,
             "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"%s\" xml:lang=\"%s\">"
             "<head><title>%s</title></head><body>%s</body></html>",
             lang, lang, title, body_xml);
    doc = xmlReadMemory(xml, (int)strlen(xml), "chapter.xhtml", "UTF-8", XML_PARSE_NONET);
    free(xml);
    return doc;
}

static void heading(epi_chapter *ch, int level, const char *id, const char *text)
{
    epi_heading *h = realloc(ch->headings, (ch->nheadings + 1) * sizeof *h);
    if (!h)
        abort();
    ch->headings = h;
    h[ch->nheadings].level = level;
    h[ch->nheadings].id = epi_strdup(id);
    h[ch->nheadings].text = epi_strdup(text);
    ch->nheadings++;
}

static void make_book(epi_book *b, bool images, bool fonts, bool series)
{
    epi_chapter *ch;

    memset(b, 0, sizeof *b);
    b->meta.title = epi_strdup("Статья о «типографике»");
    b->meta.subtitle = epi_strdup("и вёрстке");
    b->meta.lang = epi_strdup("ru");
    b->meta.date = epi_strdup("2024-05-01");
    b->meta.description = epi_strdup("Описание & <разметка>");
    b->meta.creators = calloc(1, sizeof *b->meta.creators);
    b->meta.ncreators = 1;
    b->meta.creators[0].name = epi_strdup("Иван Петров");
    b->meta.creators[0].file_as = epi_strdup("Петров, Иван");
    b->meta.subjects = calloc(2, sizeof *b->meta.subjects);
    b->meta.nsubjects = 2;
    b->meta.subjects[0] = epi_strdup("типографика");
    b->meta.subjects[1] = epi_strdup("вёрстка");
    if (series) {
        b->meta.collection = epi_strdup("Заметки");
        b->meta.group_position = epi_strdup("2");
    }
    b->identifier = epi_strdup("urn:uuid:5e6fd12c-f18e-5c31-a2ff-f2ae40821cf8");
    b->modified = (time_t)1714558830; /* 2024-05-01T10:20:30Z */
    b->font_css = fonts ? epi_strdup("@font-face { font-family: \"X\"; }") : NULL;
    b->user_css = epi_strdup("p { color: black; }");

    b->chapters = calloc(2, sizeof *b->chapters);
    b->nchapters = 2;
    ch = &b->chapters[0];
    ch->out_name = epi_strdup("ch001.xhtml");
    ch->title = epi_strdup("Введение");
    ch->doc = chapter_doc("ru", "Введение",
                          "<h1 id=\"intro\">Введение</h1><p>Текст<br/>строка<a id=\"x\"></a></p>"
                          "<h3 id=\"detail\">Деталь</h3><h2 id=\"sec\">Раздел</h2>"
                          "<h4 id=\"sub\">Подраздел</h4><p>Ещё</p>");
    heading(ch, 1, "intro", "Введение");
    heading(ch, 3, "detail", "Деталь");
    heading(ch, 2, "sec", "Раздел");
    heading(ch, 4, "sub", "  Подраздел\n ");
    ch->has_images = images;
    ch->images_all_alt = images;
    ch = &b->chapters[1];
    ch->out_name = epi_strdup("ch002.xhtml");
    ch->title = epi_strdup("Вторая глава");
    ch->doc = chapter_doc("ru", "Вторая глава", "<p>Без заголовков</p>");

    if (fonts) {
        unsigned char *data = malloc(4);
        memcpy(data, "\0\1\0\0", 4);
        CHECK(epi_book_add_resource(b, "fonts/x-regular.ttf", "font-regular", "font/ttf", NULL,
                                    data, 4));
    }
}

/* ---------- helpers ---------- */

static const epi_entry *entry(const epi_entries *e, const char *name)
{
    for (size_t i = 0; i < e->n; i++) {
        if (strcmp(e->v[i].name, name) == 0)
            return &e->v[i];
    }
    return NULL;
}

/* Does the entry's text contain s? (entry data is not NUL-terminated) */
static bool has(const epi_entry *en, const char *s)
{
    char *text = en ? epi_strndup((const char *)en->data, en->len) : NULL;
    bool found = text && strstr(text, s) != NULL;
    free(text);
    return found;
}

static xmlDocPtr parse_entry(const epi_entries *e, const char *name)
{
    const epi_entry *en = entry(e, name);
    if (!en)
        return NULL;
    return xmlReadMemory((const char *)en->data, (int)en->len, name, NULL, XML_PARSE_NONET);
}

static xmlXPathContextPtr xpath_ctx(xmlDocPtr doc)
{
    xmlXPathContextPtr x = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(x, BAD_CAST "opf", BAD_CAST EPI_NS_OPF);
    xmlXPathRegisterNs(x, BAD_CAST "dc", BAD_CAST EPI_NS_DC);
    xmlXPathRegisterNs(x, BAD_CAST "h", BAD_CAST EPI_NS_XHTML);
    xmlXPathRegisterNs(x, BAD_CAST "epub", BAD_CAST EPI_NS_EPUB);
    xmlXPathRegisterNs(x, BAD_CAST "ncx", BAD_CAST EPI_NS_NCX);
    return x;
}

/* The string value of an XPath expression, in a static buffer. */
static const char *xs(xmlXPathContextPtr x, const char *expr)
{
    static char buf[1024];
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, x);
    xmlChar *s = o ? xmlXPathCastToString(o) : NULL;
    snprintf(buf, sizeof buf, "%s", s ? (const char *)s : "(xpath error)");
    xmlFree(s);
    xmlXPathFreeObject(o);
    return buf;
}

static double xn(xmlXPathContextPtr x, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, x);
    double d = o ? xmlXPathCastToNumber(o) : -1;
    xmlXPathFreeObject(o);
    return d;
}

/* The markup of entry `name`'s toc nav without whitespace (nav.xhtml is indented, contents.xhtml
 * is not), malloc'd; NULL if there is none. */
static char *toc_markup(const epi_entries *e, const char *name)
{
    xmlDocPtr doc = parse_entry(e, name);
    xmlXPathContextPtr x = doc ? xpath_ctx(doc) : NULL;
    xmlXPathObjectPtr o =
        x ? xmlXPathEvalExpression(BAD_CAST "//h:nav[@epub:type='toc']", x) : NULL;
    xmlBufferPtr b = xmlBufferCreate();
    char *out = NULL;

    if (o && o->nodesetval && o->nodesetval->nodeNr == 1 && b &&
        xmlNodeDump(b, doc, o->nodesetval->nodeTab[0], 0, 0) > 0) {
        const char *s = (const char *)xmlBufferContent(b);
        size_t n = 0;
        out = malloc(strlen(s) + 1);
        for (; out && *s; s++)
            if (!strchr(" \n\t", *s))
                out[n++] = *s;
        if (out)
            out[n] = '\0';
    }
    xmlBufferFree(b);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(x);
    xmlFreeDoc(doc);
    return out;
}

static ep_status package(const epi_book *b, epi_entries *e, ep_error *err)
{
    ep_options opt;
    epi_ctx ctx;
    memset(&opt, 0, sizeof opt);
    memset(&ctx, 0, sizeof ctx);
    ctx.opt = &opt;
    ctx.err = err;
    return epi_package(&ctx, b, e);
}

/* ---------- tests ---------- */

static void test_text_book(void)
{
    epi_book b;
    epi_entries e = {0};
    ep_error err = {0};
    xmlDocPtr opf, nav, ncx, ch;
    xmlXPathContextPtr x;
    const epi_entry *en;
    static const char *const order[] = {"mimetype",
                                        "META-INF/container.xml",
                                        "EPUB/package.opf",
                                        "EPUB/nav.xhtml",
                                        "EPUB/contents.xhtml",
                                        "EPUB/toc.ncx",
                                        "EPUB/css/epubpack.css",
                                        "EPUB/text/ch001.xhtml",
                                        "EPUB/text/ch002.xhtml"};

    make_book(&b, false, false, false);
    CHECK(package(&b, &e, &err) == EP_OK);
    if (err.message[0])
        fprintf(stderr, "%s\n", err.message);
    CHECK(e.n == sizeof order / sizeof order[0]);
    for (size_t i = 0; i < e.n && i < sizeof order / sizeof order[0]; i++)
        CHECK_STR(e.v[i].name, order[i]);
    CHECK(e.n > 0 && e.v[0].store && e.v[0].len == 20 &&
          memcmp(e.v[0].data, "application/epub+zip", 20) == 0);
    for (size_t i = 1; i < e.n; i++)
        CHECK(!e.v[i].store);
    CHECK(entry(&e, "META-INF/com.apple.ibooks.display-options.xml") == NULL);

    /* container.xml */
    {
        xmlDocPtr c = parse_entry(&e, "META-INF/container.xml");
        CHECK(c != NULL);
        x = xpath_ctx(c);
        xmlXPathRegisterNs(x, BAD_CAST "c", BAD_CAST EPI_NS_CONTAINER);
        CHECK_STR(xs(x, "/c:container/@version"), "1.0");
        CHECK_STR(xs(x, "/c:container/c:rootfiles/c:rootfile/@full-path"), "EPUB/package.opf");
        CHECK_STR(xs(x, "/c:container/c:rootfiles/c:rootfile/@media-type"),
                  "application/oebps-package+xml");
        xmlXPathFreeContext(x);
        xmlFreeDoc(c);
    }

    /* package.opf */
    en = entry(&e, "EPUB/package.opf");
    CHECK(en && en->len > 40 &&
          memcmp(en->data, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38) == 0);
    opf = parse_entry(&e, "EPUB/package.opf");
    CHECK(opf != NULL);
    x = xpath_ctx(opf);
    CHECK_STR(xs(x, "/opf:package/@version"), "3.0");
    CHECK_STR(xs(x, "/opf:package/@unique-identifier"), "pub-id");
    CHECK_STR(xs(x, "/opf:package/@xml:lang"), "ru");
    CHECK(xn(x, "count(/opf:package/@prefix)") == 0); /* no fonts, no series: no prefix */
    CHECK_STR(xs(x, "//dc:identifier[@id='pub-id']"), b.identifier);
    CHECK_STR(xs(x, "//dc:title[@id='title']"), "Статья о «типографике»");
    CHECK_STR(xs(x, "//opf:meta[@refines='#subtitle'][@property='title-type']"), "subtitle");
    CHECK_STR(xs(x, "//dc:language"), "ru");
    CHECK_STR(xs(x, "//dc:creator[@id='creator-1']"), "Иван Петров");
    CHECK_STR(xs(x, "//opf:meta[@refines='#creator-1'][@property='role'][@scheme='marc:relators']"),
              "aut");
    CHECK_STR(xs(x, "//opf:meta[@refines='#creator-1'][@property='file-as']"), "Петров, Иван");
    CHECK(xn(x, "count(//dc:subject)") == 2);
    CHECK_STR(xs(x, "//dc:description"), "Описание & <разметка>");
    CHECK(xn(x, "count(//opf:meta[@property='dcterms:modified'])") == 1);
    CHECK_STR(xs(x, "//opf:meta[@property='dcterms:modified']"), "2024-05-01T10:20:30Z");
    /* accessibility: a text-only book */
    CHECK(xn(x, "count(//opf:meta[@property='schema:accessMode'])") == 1);
    CHECK_STR(xs(x, "//opf:meta[@property='schema:accessMode']"), "textual");
    CHECK_STR(xs(x, "//opf:meta[@property='schema:accessModeSufficient']"), "textual");
    CHECK(xn(x, "count(//opf:meta[@property='schema:accessibilityFeature'])") == 3);
    CHECK(xn(x, "count(//opf:meta[@property='schema:accessibilityFeature']"
                "[.='structuralNavigation' or .='tableOfContents' or .='readingOrder'])") == 3);
    CHECK_STR(xs(x, "//opf:meta[@property='schema:accessibilityHazard']"), "none");
    CHECK(strstr(xs(x, "//opf:meta[@property='schema:accessibilitySummary']"), "только текст"));
    CHECK(xn(x, "count(//opf:meta[@property='dcterms:conformsTo'])") == 0);
    /* manifest and spine */
    CHECK_STR(xs(x, "//opf:item[@properties='nav']/@href"), "nav.xhtml");
    CHECK_STR(xs(x, "//opf:item[@id='ncx']/@media-type"), "application/x-dtbncx+xml");
    CHECK_STR(xs(x, "//opf:item[@id='ch001']/@href"), "text/ch001.xhtml");
    CHECK(xn(x, "count(//opf:item[@id='ch001']/@properties)") == 0);
    CHECK_STR(xs(x, "/opf:package/opf:spine/@toc"), "ncx");
    CHECK(xn(x, "count(/opf:package/opf:spine/opf:itemref)") == 3);
    CHECK_STR(xs(x, "/opf:package/opf:spine/opf:itemref[1]/@idref"), "ch001");
    CHECK_STR(xs(x, "/opf:package/opf:spine/opf:itemref[2]/@idref"), "ch002");
    /* The contents page ends the spine; the nav document, with its landmarks, is not in it
     * (FBReader and Okular show every spine item and ignore `hidden`). */
    CHECK_STR(xs(x, "/opf:package/opf:spine/opf:itemref[3]/@idref"), "contents");
    CHECK_STR(xs(x, "//opf:item[@id='contents']/@href"), "contents.xhtml");
    CHECK(xn(x, "count(//opf:itemref[@idref='nav'])") == 0);
    CHECK(xn(x, "count(//opf:itemref[@linear='no'])") == 0);
    CHECK_STR(xs(x, "//opf:guide/opf:reference[@type='toc']/@href"), "contents.xhtml#toc");
    CHECK_STR(xs(x, "//opf:guide/opf:reference[@type='text']/@href"), "text/ch001.xhtml");
    xmlXPathFreeContext(x);
    xmlFreeDoc(opf);

    /* nav.xhtml: h1 → [h3, h2 → [h4]], then the chapter without headings */
    en = entry(&e, "EPUB/nav.xhtml");
    CHECK(has(en, "<!DOCTYPE html>"));
    nav = parse_entry(&e, "EPUB/nav.xhtml");
    CHECK(nav != NULL);
    x = xpath_ctx(nav);
    CHECK_STR(xs(x, "/h:html/@lang"), "ru");
    CHECK_STR(xs(x, "/h:html/@xml:lang"), "ru");
    CHECK_STR(xs(x, "//h:nav[@epub:type='toc']/@id"), "toc");
    CHECK_STR(xs(x, "//h:nav[@epub:type='toc']/h:h1"), "Содержание");
    CHECK(xn(x, "count(//h:nav[@epub:type='toc']/h:ol/h:li)") == 2);
    CHECK_STR(xs(x, "//h:nav[@epub:type='toc']/h:ol/h:li[1]/h:a/@href"), "text/ch001.xhtml#intro");
    CHECK(xn(x, "count(//h:nav[@epub:type='toc']/h:ol/h:li[1]/h:ol/h:li)") == 2);
    CHECK_STR(xs(x, "//h:nav[@epub:type='toc']/h:ol/h:li[1]/h:ol/h:li[1]/h:a"), "Деталь");
    CHECK_STR(xs(x, "//h:nav[@epub:type='toc']/h:ol/h:li[1]/h:ol/h:li[2]/h:ol/h:li/h:a"),
              "Подраздел");
    CHECK_STR(xs(x, "//h:nav[@epub:type='toc']/h:ol/h:li[2]/h:a/@href"), "text/ch002.xhtml");
    CHECK_STR(xs(x, "//h:nav[@epub:type='toc']/h:ol/h:li[2]/h:a"), "Вторая глава");
    /* the nav content model: every li has exactly one a, no span */
    CHECK(xn(x, "count(//h:li[count(h:a) != 1])") == 0);
    CHECK(xn(x, "count(//h:span)") == 0);
    CHECK_STR(xs(x, "//h:nav[@epub:type='landmarks']/@hidden"), "");
    CHECK(xn(x, "count(//h:nav[@epub:type='landmarks']/@hidden)") == 1);
    CHECK_STR(xs(x, "//h:nav[@epub:type='landmarks']//h:a[@epub:type='toc']/@href"),
              "contents.xhtml#toc");
    CHECK_STR(xs(x, "//h:nav[@epub:type='landmarks']//h:a[@epub:type='bodymatter']/@href"),
              "text/ch001.xhtml");
    CHECK_STR(xs(x, "//h:nav[@epub:type='landmarks']//h:a[@epub:type='bodymatter']"), "Начало");
    xmlXPathFreeContext(x);
    xmlFreeDoc(nav);

    /* contents.xhtml: the nav's toc nav and nothing else, no landmarks, nothing hidden */
    {
        char *want = toc_markup(&e, "EPUB/nav.xhtml"), *got = toc_markup(&e, "EPUB/contents.xhtml");
        CHECK(want && got && strstr(want, "Подраздел") && strcmp(want, got) == 0);
        free(want);
        free(got);
    }
    nav = parse_entry(&e, "EPUB/contents.xhtml");
    x = xpath_ctx(nav);
    CHECK_STR(xs(x, "/h:html/@xml:lang"), "ru");
    CHECK(xn(x, "count(/h:html/h:body/*)") == 1 && xn(x, "count(//@hidden)") == 0);
    xmlXPathFreeContext(x);
    xmlFreeDoc(nav);

    /* toc.ncx */
    en = entry(&e, "EPUB/toc.ncx");
    CHECK(en && !has(en, "<!DOCTYPE"));
    ncx = parse_entry(&e, "EPUB/toc.ncx");
    CHECK(ncx != NULL);
    x = xpath_ctx(ncx);
    CHECK_STR(xs(x, "//ncx:meta[@name='dtb:uid']/@content"), b.identifier);
    CHECK_STR(xs(x, "//ncx:meta[@name='dtb:depth']/@content"), "3");
    CHECK_STR(xs(x, "//ncx:meta[@name='dtb:totalPageCount']/@content"), "0");
    CHECK_STR(xs(x, "//ncx:meta[@name='dtb:maxPageNumber']/@content"), "0");
    CHECK_STR(xs(x, "/ncx:ncx/@xml:lang"), "ru");
    CHECK_STR(xs(x, "/ncx:ncx/ncx:docTitle/ncx:text"), b.meta.title);
    CHECK(xn(x, "count(//ncx:navPoint)") == 5);
    CHECK(xn(x, "count(/ncx:ncx/ncx:navMap/ncx:navPoint)") == 2);
    CHECK_STR(xs(x, "/ncx:ncx/ncx:navMap/ncx:navPoint[1]/ncx:navPoint[2]/ncx:navPoint/"
                    "ncx:navLabel/ncx:text"),
              "Подраздел");
    CHECK_STR(xs(x, "/ncx:ncx/ncx:navMap/ncx:navPoint[1]/ncx:navPoint[2]/ncx:navPoint/@playOrder"),
              "4");
    CHECK_STR(xs(x, "/ncx:ncx/ncx:navMap/ncx:navPoint[2]/@playOrder"), "5");
    CHECK_STR(xs(x, "/ncx:ncx/ncx:navMap/ncx:navPoint[2]/ncx:content/@src"), "text/ch002.xhtml");
    xmlXPathFreeContext(x);
    xmlFreeDoc(ncx);

    /* chapter: XML declaration, DOCTYPE, raw UTF-8, stylesheet, no <a/> */
    en = entry(&e, "EPUB/text/ch001.xhtml");
    CHECK(en != NULL);
    if (en) {
        char *s = epi_strndup((const char *)en->data, en->len);
        CHECK(strncmp(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n", 55) == 0);
        CHECK(strstr(s, "Введение") != NULL);
        CHECK(strstr(s, "&#") == NULL);
        CHECK(strstr(s, "<a id=\"x\"></a>") != NULL);
        CHECK(strstr(s, "<br/>") != NULL);
        CHECK(strstr(s, "http-equiv") == NULL);
        free(s);
    }
    ch = parse_entry(&e, "EPUB/text/ch001.xhtml");
    CHECK(ch != NULL);
    x = xpath_ctx(ch);
    CHECK_STR(xs(x, "/h:html/h:head/h:link[@rel='stylesheet']/@href"), "../css/epubpack.css");
    CHECK_STR(xs(x, "/h:html/h:head/h:title"), "Введение");
    xmlXPathFreeContext(x);
    xmlFreeDoc(ch);
    /* the book model is left as it was */
    CHECK(strstr((const char *)xmlDocGetRootElement(b.chapters[0].doc)->children->children->name,
                 "title") != NULL);
    CHECK(xmlDocGetRootElement(b.chapters[0].doc)->children->children->next == NULL);

    /* css: ours, then the user's */
    en = entry(&e, "EPUB/css/epubpack.css");
    CHECK(en && en->len >= epi_default_css_len &&
          memcmp(en->data, epi_default_css, epi_default_css_len) == 0);
    CHECK(has(en, "p { color: black; }"));

    epi_entries_free(&e);
    epi_book_free(&b);
}

static void test_fonts_images_series(void)
{
    epi_book b;
    epi_entries e = {0};
    ep_error err = {0};
    xmlDocPtr opf;
    xmlXPathContextPtr x;
    const epi_entry *en;

    make_book(&b, true, true, true);
    CHECK(package(&b, &e, &err) == EP_OK);
    CHECK(entry(&e, "EPUB/fonts/x-regular.ttf") != NULL);
    CHECK(e.n > 0 &&
          strcmp(e.v[e.n - 1].name, "META-INF/com.apple.ibooks.display-options.xml") == 0);
    en = entry(&e, "EPUB/css/epubpack.css");
    CHECK(has(en, "@font-face"));
    opf = parse_entry(&e, "EPUB/package.opf");
    CHECK(opf != NULL);
    x = xpath_ctx(opf);
    CHECK(strstr(xs(x, "/opf:package/@prefix"), "ibooks: http") != NULL);
    CHECK(strstr(xs(x, "/opf:package/@prefix"), "calibre: ") != NULL);
    CHECK_STR(xs(x, "//opf:meta[@property='ibooks:specified-fonts']"), "true");
    CHECK_STR(xs(x, "//opf:item[@id='font-regular']/@media-type"), "font/ttf");
    CHECK_STR(xs(x, "//opf:meta[@property='belongs-to-collection']/@id"), "series");
    CHECK_STR(xs(x, "//opf:meta[@refines='#series'][@property='collection-type']"), "series");
    CHECK_STR(xs(x, "//opf:meta[@refines='#series'][@property='group-position']"), "2");
    CHECK_STR(xs(x, "//opf:meta[@name='calibre:series']/@content"), "Заметки");
    CHECK_STR(xs(x, "//opf:meta[@name='calibre:series_index']/@content"), "2");
    /* images, all with alt */
    CHECK(xn(x, "count(//opf:meta[@property='schema:accessMode'])") == 2);
    CHECK(xn(x, "count(//opf:meta[@property='schema:accessMode'][.='visual'])") == 1);
    CHECK(xn(x, "count(//opf:meta[@property='schema:accessModeSufficient'][.='textual'])") == 1);
    CHECK(xn(x, "count(//opf:meta[@property='schema:accessModeSufficient']"
                "[.='textual,visual'])") == 1);
    CHECK(xn(x, "count(//opf:meta[@property='schema:accessibilityFeature']"
                "[.='alternativeText'])") == 1);
    CHECK(strstr(xs(x, "//opf:meta[@property='schema:accessibilitySummary']"), "только") == NULL);
    xmlXPathFreeContext(x);
    xmlFreeDoc(opf);
    epi_entries_free(&e);

    /* an image without alt: no alternativeText, and text alone no longer suffices */
    b.chapters[0].images_all_alt = false;
    CHECK(package(&b, &e, &err) == EP_OK);
    opf = parse_entry(&e, "EPUB/package.opf");
    x = xpath_ctx(opf);
    CHECK(xn(x, "count(//opf:meta[.='alternativeText'])") == 0);
    CHECK(xn(x, "count(//opf:meta[@property='schema:accessModeSufficient'])") == 1);
    xmlXPathFreeContext(x);
    xmlFreeDoc(opf);
    epi_entries_free(&e);

    /* a resource id that collides with a generated one is an error, not an invalid OPF */
    free(b.resources[0].id);
    b.resources[0].id = epi_strdup("ch001");
    CHECK(package(&b, &e, &err) == EP_ERR_INPUT);
    CHECK(strstr(err.message, "ch001") != NULL);
    epi_entries_free(&e);
    epi_book_free(&b);
}

/* Two entries with the same target share a playOrder (NCX Schematron); heading levels that
 * never go below 2 still give a flat list of depth 1. */
static void test_same_target(void)
{
    epi_book b;
    epi_entries e = {0};
    ep_error err = {0};
    xmlDocPtr ncx, nav;
    xmlXPathContextPtr x;

    make_book(&b, false, false, false);
    for (size_t i = 0; i < b.chapters[0].nheadings; i++) {
        free(b.chapters[0].headings[i].id);
        free(b.chapters[0].headings[i].text);
    }
    b.chapters[0].nheadings = 0;
    heading(&b.chapters[0], 2, "", "Первый");
    heading(&b.chapters[0], 2, "", "Второй");
    CHECK(package(&b, &e, &err) == EP_OK);
    ncx = parse_entry(&e, "EPUB/toc.ncx");
    x = xpath_ctx(ncx);
    CHECK_STR(xs(x, "//ncx:meta[@name='dtb:depth']/@content"), "1");
    CHECK(xn(x, "count(/ncx:ncx/ncx:navMap/ncx:navPoint)") == 3);
    CHECK_STR(xs(x, "//ncx:navPoint[1]/@playOrder"), "1");
    CHECK_STR(xs(x, "//ncx:navPoint[2]/@playOrder"), "1");
    CHECK_STR(xs(x, "//ncx:navPoint[3]/@playOrder"), "2");
    CHECK_STR(xs(x, "//ncx:navPoint[2]/@id"), "navpoint-2");
    xmlXPathFreeContext(x);
    xmlFreeDoc(ncx);
    nav = parse_entry(&e, "EPUB/nav.xhtml");
    x = xpath_ctx(nav);
    CHECK(xn(x, "count(//h:nav[@epub:type='toc']/h:ol/h:li)") == 3);
    CHECK(xn(x, "count(//h:nav[@epub:type='toc']//h:ol//h:ol)") == 0);
    xmlXPathFreeContext(x);
    xmlFreeDoc(nav);
    epi_entries_free(&e);
    epi_book_free(&b);
}

int main(void)
{
    test_text_book();
    test_fonts_images_series();
    test_same_target();
    xmlCleanupParser();
    return ep_test_done();
}
