/*
 * EPUB/toc.ncx — the EPUB 2 table of contents, still the only one Adobe RMSDK (sideloaded
 * Kobo, Nook) reads (docs/ARCHITECTURE.md "Navigation", "Reader quirks"). No DOCTYPE:
 * epubcheck 4.2.6 rejects the NCX one (OPF-073). dtb:uid must equal the package's unique identifier
 * (NCX-001). playOrder runs 1..n in document order, equal src ⇔ equal playOrder.
 */
#include "pkg_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ncx {
    xmlNsPtr ns;
    int order;                 /* last playOrder given */
    int count;                 /* navPoints written, for their ids */
    const epi_toc_node **seen; /* seen[k] got playOrder k + 1 */
} ncx;

/* NCX 2005-1 Schematron: navPoints with the same src must share one playOrder, and the
 * numbers have no gaps. A repeated target gets the playOrder it had the first time. */
static int play_order(ncx *x, const epi_toc_node *k)
{
    for (int i = 0; i < x->order; i++) {
        if (strcmp(x->seen[i]->href, k->href) == 0)
            return i + 1;
    }
    x->seen[x->order] = k;
    return ++x->order;
}

static bool head_meta(xmlNodePtr head, xmlNsPtr ns, const char *name, const char *content)
{
    xmlNodePtr m = epi_pkg_child(head, ns, "meta", NULL);
    return epi_pkg_attr(m, "name", name) && epi_pkg_attr(m, "content", content);
}

static bool nav_points(ncx *x, xmlNodePtr parent, const epi_toc_node *node)
{
    for (size_t i = 0; i < node->nkids; i++) {
        const epi_toc_node *k = &node->kids[i];
        xmlNodePtr np = epi_pkg_child(parent, x->ns, "navPoint", NULL);
        xmlNodePtr label = np ? epi_pkg_child(np, x->ns, "navLabel", NULL) : NULL;
        xmlNodePtr content;
        char id[32], order[16];

        x->count++;
        snprintf(id, sizeof id, "navpoint-%d", x->count);
        snprintf(order, sizeof order, "%d", play_order(x, k));
        if (!label || !epi_pkg_attr(np, "id", id) || !epi_pkg_attr(np, "playOrder", order) ||
            !epi_pkg_child(label, x->ns, "text", k->label))
            return false;
        content = epi_pkg_child(np, x->ns, "content", NULL);
        if (!epi_pkg_attr(content, "src", k->href) || !nav_points(x, np, k))
            return false;
    }
    return true;
}

ep_status epi_pkg_ncx(const epi_book *book, const epi_toc *toc, xmlDocPtr *out, ep_error *err)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root, head, title, map;
    ncx x = {0};
    char depth[16];

    *out = NULL;
    root = doc ? xmlNewNode(NULL, BAD_CAST "ncx") : NULL;
    if (!root)
        goto nomem;
    xmlDocSetRootElement(doc, root);
    x.ns = xmlNewNs(root, BAD_CAST EPI_NS_NCX, NULL);
    if (!x.ns)
        goto nomem;
    xmlSetNs(root, x.ns);
    if (!epi_pkg_attr(root, "version", "2005-1") || !epi_pkg_xml_lang(root, book->meta.lang))
        goto nomem;
    head = epi_pkg_child(root, x.ns, "head", NULL);
    snprintf(depth, sizeof depth, "%d", toc->depth > 0 ? toc->depth : 1);
    /* A book without a print source has no pages: totalPageCount and maxPageNumber are 0. */
    if (!head || !head_meta(head, x.ns, "dtb:uid", book->identifier) ||
        !head_meta(head, x.ns, "dtb:depth", depth) ||
        !head_meta(head, x.ns, "dtb:totalPageCount", "0") ||
        !head_meta(head, x.ns, "dtb:maxPageNumber", "0"))
        goto nomem;
    title = epi_pkg_child(root, x.ns, "docTitle", NULL);
    if (!title || !epi_pkg_child(title, x.ns, "text", book->meta.title))
        goto nomem;
    map = epi_pkg_child(root, x.ns, "navMap", NULL);
    x.seen = calloc(toc->count ? toc->count : 1, sizeof *x.seen);
    if (!map || !x.seen || !nav_points(&x, map, &toc->root))
        goto nomem;
    free(x.seen);
    *out = doc;
    return EP_OK;
nomem:
    free(x.seen);
    xmlFreeDoc(doc);
    return epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory building the NCX");
}
