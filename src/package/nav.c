/*
 * EPUB/nav.xhtml — the EPUB 3 navigation document (EPUB 3.3 §7; docs/ARCHITECTURE.md "Navigation"):
 * one "toc" nav nested like the headings, and a hidden "landmarks" nav (cover, titlepage, toc,
 * bodymatter). It is not in the spine; EPUB/contents.xhtml, last in the spine, is the same toc
 * nav alone: the page readers show, and the target of the toc landmark and of the guide's toc
 * reference.
 * Content model: optional heading, one <ol>, each <li> one <a> and optionally one nested <ol>.
 */
#include "pkg_private.h"

#include <stdio.h>

typedef struct nav {
    xmlNsPtr html, epub;
} nav;

/* Links are relative to EPUB/ (where nav.xhtml and contents.xhtml live), as the toc hrefs are. */
static bool list(const nav *v, xmlNodePtr parent, const epi_toc_node *node)
{
    xmlNodePtr ol = epi_pkg_child(parent, v->html, "ol", NULL);
    if (!ol)
        return false;
    for (size_t i = 0; i < node->nkids; i++) {
        const epi_toc_node *k = &node->kids[i];
        xmlNodePtr li = epi_pkg_child(ol, v->html, "li", NULL);
        xmlNodePtr a = li ? epi_pkg_child(li, v->html, "a", k->label) : NULL;
        if (!epi_pkg_attr(a, "href", k->href))
            return false;
        if (k->nkids && !list(v, li, k))
            return false;
    }
    return true;
}

static bool landmark(const nav *v, xmlNodePtr ol, const char *type, const char *href,
                     const char *label)
{
    xmlNodePtr li = epi_pkg_child(ol, v->html, "li", NULL);
    xmlNodePtr a = li ? epi_pkg_child(li, v->html, "a", label) : NULL;
    /* Every landmark link needs epub:type (RSC-005). */
    return a && xmlSetNsProp(a, v->epub, BAD_CAST "type", BAD_CAST type) &&
           epi_pkg_attr(a, "href", href);
}

/* <html lang xml:lang><head><meta charset/><title/><link stylesheet/></head><body/></html>, for a
 * document in EPUB/ (the nav document and the contents page). Returns the body, or NULL. */
static xmlNodePtr skeleton(const epi_book *book, nav *v, xmlDocPtr *doc)
{
    const char *lang = book->meta.lang;
    xmlNodePtr html, head, n, link;

    *doc = xmlNewDoc(BAD_CAST "1.0");
    html = *doc ? xmlNewNode(NULL, BAD_CAST "html") : NULL;
    if (!html)
        return NULL;
    xmlDocSetRootElement(*doc, html);
    v->html = xmlNewNs(html, BAD_CAST EPI_NS_XHTML, NULL);
    v->epub = xmlNewNs(html, BAD_CAST EPI_NS_EPUB, BAD_CAST "epub");
    if (!v->html || !v->epub)
        return NULL;
    xmlSetNs(html, v->html);
    /* lang and xml:lang, equal (RSC-005 / HTM-017 otherwise). */
    if (!epi_pkg_attr(html, "lang", lang) || !epi_pkg_xml_lang(html, lang))
        return NULL;
    head = epi_pkg_child(html, v->html, "head", NULL);
    n = head ? epi_pkg_child(head, v->html, "meta", NULL) : NULL;
    if (!epi_pkg_attr(n, "charset", "UTF-8") ||
        !epi_pkg_child(head, v->html, "title", epi_labels_for(lang)->toc))
        return NULL;
    link = epi_pkg_child(head, v->html, "link", NULL);
    if (!epi_pkg_attr(link, "rel", "stylesheet") || !epi_pkg_attr(link, "type", "text/css") ||
        !epi_pkg_attr(link, "href", EPI_CSS_HREF))
        return NULL;
    return epi_pkg_child(html, v->html, "body", NULL);
}

/* The toc nav with its heading: epub:type plus the matching DPUB-ARIA role (EPUB Accessibility
 * Techniques). */
static bool toc_nav(const nav *v, xmlNodePtr body, const epi_toc *toc, const char *heading)
{
    xmlNodePtr n = epi_pkg_child(body, v->html, "nav", NULL);
    return n && xmlSetNsProp(n, v->epub, BAD_CAST "type", BAD_CAST "toc") &&
           epi_pkg_attr(n, "role", "doc-toc") && epi_pkg_attr(n, "id", EPI_PKG_NAV_TOC_ID) &&
           epi_pkg_child(n, v->html, "h1", heading) && list(v, n, &toc->root);
}

ep_status epi_pkg_nav(const epi_book *book, const epi_toc *toc, xmlDocPtr *out, ep_error *err)
{
    const epi_labels *labels = epi_labels_for(book->meta.lang);
    xmlDocPtr doc = NULL;
    xmlNodePtr body, n, ol;
    nav v = {0};
    char href[512];

    *out = NULL;
    body = skeleton(book, &v, &doc);
    if (!body || !toc_nav(&v, body, toc, labels->toc))
        goto nomem;
    /* Hidden where `hidden` is honoured; the nav document is not in the spine, so the engines
     * that ignore it (FBReader, Okular) never lay it out (docs/ARCHITECTURE.md "Navigation"). */
    n = epi_pkg_child(body, v.html, "nav", NULL);
    if (!n || !xmlSetNsProp(n, v.epub, BAD_CAST "type", BAD_CAST "landmarks") ||
        !epi_pkg_attr(n, "hidden", "") || !epi_pkg_child(n, v.html, "h2", labels->landmarks))
        goto nomem;
    ol = epi_pkg_child(n, v.html, "ol", NULL);
    if (!ol)
        goto nomem;
    if (epi_pkg_cover(book) &&
        !landmark(&v, ol, "cover", EPI_TEXT_DIR EPI_PKG_COVER_PAGE, labels->cover))
        goto nomem;
    if (epi_pkg_has_title_page(book) &&
        !landmark(&v, ol, "titlepage", EPI_TEXT_DIR EPI_PKG_TITLE_PAGE, labels->title_page))
        goto nomem;
    /* The toc landmark names the contents page, which is in the spine (RSC-011). */
    if (!landmark(&v, ol, "toc", EPI_PKG_CONTENTS_HREF "#" EPI_PKG_NAV_TOC_ID, labels->toc))
        goto nomem;
    snprintf(href, sizeof href, "%s%s", EPI_TEXT_DIR, book->chapters[0].out_name);
    if (!landmark(&v, ol, "bodymatter", href, labels->start))
        goto nomem;
    if (!epi_pkg_xhtml_finish(doc))
        goto nomem;
    *out = doc;
    return EP_OK;
nomem:
    xmlFreeDoc(doc);
    return epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory building the nav document");
}

ep_status epi_pkg_contents(const epi_book *book, const epi_toc *toc, xmlDocPtr *out, ep_error *err)
{
    xmlDocPtr doc = NULL;
    nav v = {0};
    xmlNodePtr body = skeleton(book, &v, &doc);

    *out = NULL;
    if (!body || !toc_nav(&v, body, toc, epi_labels_for(book->meta.lang)->toc) ||
        !epi_pkg_xhtml_finish(doc)) {
        xmlFreeDoc(doc);
        return epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory building the contents page");
    }
    *out = doc;
    return EP_OK;
}
