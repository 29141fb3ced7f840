/*
 * The pages epubpack writes itself, before the text: the cover page (EPUB/text/cover.xhtml)
 * and the optional title page (EPUB/text/title.xhtml).
 *
 * The cover page is first in the spine so that every reading system opens the book on it and
 * shows it in the library view even when it ignores the manifest's cover-image property
 * (docs/ARCHITECTURE.md "Reader quirks"); it carries epub:type="cover" and is the `cover` landmark.
 * The image is scaled to the screen by CSS alone (height 100% of the page, width at most 100%): no
 * SVG wrapper, so no reading system has to support inline SVG to show it.
 */
#include "pkg_private.h"

#include <string.h>

const epi_resource *epi_pkg_cover(const epi_book *book)
{
    for (size_t i = 0; i < book->nresources; i++) {
        const char *p = book->resources[i].properties;
        if (p && strstr(p, "cover-image"))
            return &book->resources[i];
    }
    return NULL;
}

bool epi_pkg_has_title_page(const epi_book *book)
{
    size_t sources = 0;
    if (book->meta.title_page >= 0)
        return book->meta.title_page == 1;
    /* On by default for a book of several articles (issue 7); the notes file is not one. */
    for (size_t i = 0; i < book->nchapters; i++)
        if (!book->chapters[i].generated && !book->chapters[i].part)
            sources++;
    return sources > 1;
}

typedef struct page {
    xmlDocPtr doc;
    xmlNodePtr html, body;
    xmlNsPtr xhtml, epub;
} page;

/* <html lang xml:lang><head><title/><link stylesheet/></head><body epub:type=…/></html> */
static bool page_new(page *p, const epi_book *book, const char *title, const char *type)
{
    xmlNodePtr head, link;
    const char *lang = book->meta.lang;

    p->doc = xmlNewDoc(BAD_CAST "1.0");
    p->html = p->doc ? xmlNewNode(NULL, BAD_CAST "html") : NULL;
    if (!p->html)
        return false;
    xmlDocSetRootElement(p->doc, p->html);
    p->xhtml = xmlNewNs(p->html, BAD_CAST EPI_NS_XHTML, NULL);
    p->epub = xmlNewNs(p->html, BAD_CAST EPI_NS_EPUB, BAD_CAST "epub");
    if (!p->xhtml || !p->epub)
        return false;
    xmlSetNs(p->html, p->xhtml);
    if (!epi_pkg_attr(p->html, "lang", lang) || !epi_pkg_xml_lang(p->html, lang))
        return false;
    head = epi_pkg_child(p->html, p->xhtml, "head", NULL);
    if (!head || !epi_pkg_child(head, p->xhtml, "title", title))
        return false;
    link = epi_pkg_child(head, p->xhtml, "link", NULL);
    if (!epi_pkg_attr(link, "rel", "stylesheet") || !epi_pkg_attr(link, "type", "text/css") ||
        !epi_pkg_attr(link, "href", EPI_UP_TO_ROOT EPI_CSS_HREF))
        return false;
    p->body = epi_pkg_child(p->html, p->xhtml, "body", NULL);
    return p->body && xmlSetNsProp(p->body, p->epub, BAD_CAST "type", BAD_CAST type);
}

static ep_status page_done(page *p, bool ok, xmlDocPtr *out, ep_error *err, const char *what)
{
    if (ok && epi_pkg_xhtml_finish(p->doc)) {
        *out = p->doc;
        return EP_OK;
    }
    xmlFreeDoc(p->doc);
    *out = NULL;
    return epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory building the %s", what);
}

ep_status epi_pkg_cover_page(const epi_book *book, xmlDocPtr *out, ep_error *err)
{
    const epi_resource *cover = epi_pkg_cover(book);
    const epi_labels *labels = epi_labels_for(book->meta.lang);
    page p = {0};
    xmlNodePtr div, img;
    epi_buf src = {0};
    bool ok;

    *out = NULL;
    if (!cover)
        return epi_fail(err, EP_ERR_INPUT, book->main_path, 0, 0, "the book has no cover image");
    ok = page_new(&p, book, labels->cover, "cover") &&
         epi_pkg_attr(p.body, "style", "margin: 0; padding: 0; text-align: center") &&
         epi_buf_printf(&src, EPI_UP_TO_ROOT "%s", cover->href);
    div = ok ? epi_pkg_child(p.body, p.xhtml, "div", NULL) : NULL;
    img = div ? epi_pkg_child(div, p.xhtml, "img", NULL) : NULL;
    /* The page box is the screen: the image as tall as the page, never wider than it, the
     * aspect ratio kept (width auto). doc-cover is the DPUB-ARIA role of a cover image; the
     * alt names the book, which is what the picture stands for. */
    ok = ok && epi_pkg_attr(div, "style", "height: 100%; margin: 0; padding: 0") &&
         epi_pkg_attr(img, "src", src.data) && epi_pkg_attr(img, "alt", book->meta.title) &&
         epi_pkg_attr(img, "role", "doc-cover") &&
         epi_pkg_attr(img, "style", "height: 100%; max-width: 100%; width: auto");
    epi_buf_free(&src);
    return page_done(&p, ok, out, err, "cover page");
}

static bool line(page *p, const char *name, const char *cls, const char *text)
{
    xmlNodePtr n;
    if (!text || !*text)
        return true;
    n = epi_pkg_child(p->body, p->xhtml, name, text);
    return n && epi_pkg_attr(n, "class", cls);
}

ep_status epi_pkg_title_page(const epi_book *book, xmlDocPtr *out, ep_error *err)
{
    const epi_meta *m = &book->meta;
    const epi_labels *labels = epi_labels_for(m->lang);
    page p = {0};
    epi_buf authors = {0};
    bool ok = page_new(&p, book, labels->title_page, "titlepage") &&
              epi_pkg_attr(p.body, "class", "titlepage");

    for (size_t i = 0; ok && i < m->ncreators; i++) {
        if (m->creators[i].name && *m->creators[i].name)
            ok = (!authors.len || epi_buf_puts(&authors, ", ")) &&
                 epi_buf_puts(&authors, m->creators[i].name);
    }
    /* Centred by inline style: the page must look like a title page with any user CSS. */
    ok = ok && epi_pkg_attr(p.body, "style", "text-align: center") &&
         line(&p, "p", "author", authors.data) && line(&p, "h1", "title", m->title) &&
         line(&p, "p", "subtitle", m->subtitle) && line(&p, "p", "publisher", m->publisher) &&
         line(&p, "p", "date", m->date_text ? m->date_text : m->date);
    for (xmlNodePtr n = ok ? p.body->children : NULL; ok && n; n = n->next)
        ok = epi_pkg_attr(n, "style",
                          xmlStrEqual(n->name, BAD_CAST "h1")
                              ? "text-align: center; margin: 2em 0 0.5em; text-indent: 0"
                              : "text-align: center; margin: 1em 0; text-indent: 0");
    epi_buf_free(&authors);
    return page_done(&p, ok, out, err, "title page");
}
