/*
 * EPUB/nav.xhtml — the EPUB 3 navigation document (EPUB 3.3 §7; docs/ARCHITECTURE.md "Navigation"):
 * one visible "toc" nav nested like the headings, and a hidden "landmarks" nav (toc, bodymatter).
 * Content model: optional heading, one <ol>, each <li> one <a> and optionally one nested <ol>.
 */
#include "pkg_private.h"

#include <stdio.h>

typedef struct nav {
    xmlNsPtr html, epub;
} nav;

/* Links in the nav are relative to EPUB/ (where nav.xhtml lives), as the toc hrefs are. */
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

ep_status epi_pkg_nav(const epi_book *book, const epi_toc *toc, xmlDocPtr *out, ep_error *err)
{
    const char *lang = book->meta.lang;
    const epi_labels *labels = epi_labels_for(lang);
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr html, head, body, n, ol, link;
    nav v = {0};
    char href[512];

    *out = NULL;
    html = doc ? xmlNewNode(NULL, BAD_CAST "html") : NULL;
    if (!html)
        goto nomem;
    xmlDocSetRootElement(doc, html);
    v.html = xmlNewNs(html, BAD_CAST EPI_NS_XHTML, NULL);
    v.epub = xmlNewNs(html, BAD_CAST EPI_NS_EPUB, BAD_CAST "epub");
    if (!v.html || !v.epub)
        goto nomem;
    xmlSetNs(html, v.html);
    /* lang and xml:lang, equal (RSC-005 / HTM-017 otherwise). */
    if (!epi_pkg_attr(html, "lang", lang) || !epi_pkg_xml_lang(html, lang))
        goto nomem;

    head = epi_pkg_child(html, v.html, "head", NULL);
    n = head ? epi_pkg_child(head, v.html, "meta", NULL) : NULL;
    if (!epi_pkg_attr(n, "charset", "UTF-8") || !epi_pkg_child(head, v.html, "title", labels->toc))
        goto nomem;
    link = epi_pkg_child(head, v.html, "link", NULL);
    if (!epi_pkg_attr(link, "rel", "stylesheet") || !epi_pkg_attr(link, "type", "text/css") ||
        !epi_pkg_attr(link, "href", EPI_CSS_HREF))
        goto nomem;

    body = epi_pkg_child(html, v.html, "body", NULL);
    n = body ? epi_pkg_child(body, v.html, "nav", NULL) : NULL;
    /* epub:type plus the matching DPUB-ARIA role (EPUB Accessibility Techniques). */
    if (!n || !xmlSetNsProp(n, v.epub, BAD_CAST "type", BAD_CAST "toc") ||
        !epi_pkg_attr(n, "role", "doc-toc") || !epi_pkg_attr(n, "id", EPI_PKG_NAV_TOC_ID) ||
        !epi_pkg_child(n, v.html, "h1", labels->toc) || !list(&v, n, &toc->root))
        goto nomem;

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
    snprintf(href, sizeof href, "%s#%s", EPI_PKG_NAV_HREF, EPI_PKG_NAV_TOC_ID);
    if (!landmark(&v, ol, "toc", href, labels->toc))
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
