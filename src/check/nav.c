/*
 * Navigation document (EPUB 3.3 §7.4, epub-nav-30.sch; docs/ARCHITECTURE.md "Navigation"): exactly
 * one toc nav; links point into the publication at spine documents; landmarks anchors carry
 * epub:type; toc in spine order. The structure of typed navs (heading? → ol → li → (a | span)
 * → ol?) is epub-nav-30.rnc's, checked with the tables generated from it.
 */
#include "check_int.h"
#include "util/pkg_schema.h"

#include <stdlib.h>
#include <string.h>

typedef struct nav_state {
    epi_chk *c;
    const char *path;
    bool landmarks;
    bool toc;
    xmlHashTablePtr seen; /* landmarks: "type href" pairs */
    int toc_no;           /* toc: its number among the toc navs (the order of its links) */
} nav_state;

static int line_of(const xmlNode *n)
{
    return (int)xmlGetLineNo(n);
}

static xmlNodePtr next_elem(xmlNodePtr n)
{
    while (n && n->type != XML_ELEMENT_NODE)
        n = n->next;
    return n;
}

static bool is_heading(const xmlNode *n)
{
    static const char *const h[] = {"h1", "h2", "h3", "h4", "h5", "h6", "hgroup"};
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
        if (epi_chk_is(n, EPI_NS_XHTML, h[i]))
            return true;
    return false;
}

/* The label of an a/span, counting img@alt and aria-label (epub-nav-30.sch). */
static bool has_label(const xmlNode *n)
{
    xmlChar *a = xmlGetNoNsProp(n, (const xmlChar *)"aria-label");
    if (!a && epi_chk_is(n, EPI_NS_XHTML, "img"))
        a = xmlGetNoNsProp(n, (const xmlChar *)"alt");
    bool ok = a && *a;
    xmlFree(a);
    for (const xmlNode *k = n->children; k && !ok; k = k->next) {
        if (k->type == XML_TEXT_NODE && k->content) {
            for (const xmlChar *p = k->content; *p && !ok; p++)
                ok = *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r';
        } else if (k->type == XML_ELEMENT_NODE) {
            ok = has_label(k);
        }
    }
    return ok;
}

static void check_ol(nav_state *st, xmlNodePtr ol, int depth);

/* Where a toc link points inside its document: 0 for the document itself, else the place of
 * the element its fragment names (0 too when unknown). */
static size_t link_position(const epi_chk_item *t, const char *href)
{
    const char *hash = strchr(href, '#');
    if (!hash || !hash[1] || !t->ids)
        return 0;
    return (size_t)(uintptr_t)xmlHashLookup(t->ids, (const xmlChar *)hash + 1);
}

static void check_link(nav_state *st, xmlNodePtr a)
{
    epi_chk *c = st->c;
    xmlChar *href = xmlGetNoNsProp(a, (const xmlChar *)"href");
    xmlChar *type = xmlGetNsProp(a, (const xmlChar *)"type", (const xmlChar *)EPI_NS_EPUB);

    if (st->landmarks) { /* epub-nav-30.sch: landmarks */
        if (!type || !*type) {
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", st->path, line_of(a),
                           "missing epub:type attribute on anchor inside landmarks nav");
        } else if (href && st->seen) {
            epi_buf key = {0};
            if (!epi_buf_printf(&key, "%s %s", (const char *)type, (const char *)href)) {
                epi_chk_oom(c);
            } else if (xmlHashAddEntry(st->seen, (xmlChar *)key.data, a) != 0) {
                epi_chk_report(c, EP_SEV_ERROR, "RSC-005", st->path, line_of(a),
                               "another landmark was found with the same epub:type and same "
                               "reference to \"%s\"",
                               (const char *)href);
            }
            epi_buf_free(&key);
        }
    }
    if (href) {
        epi_chk_item *t =
            epi_chk_ref(c, c->nav, st->path, line_of(a), (const char *)href, EPI_REF_NAV);
        /* NAV-011, judged once the target's elements are known (epi_chk_nav_order_link) */
        if (st->toc && t && t->in_spine)
            epi_chk_defer_order(c, t, (const char *)href, st->path, line_of(a), st->toc_no);
    }
    xmlFree(href);
    xmlFree(type);
}

/* The structure of a typed nav (heading?, ol; li: a, or a or span then ol) is the content
 * model of epub-nav-30.rnc, checked with the generated tables (check_typed_nav, util/
 * pkg_schema.h's epi_hs_nav); here what it cannot say, on the elements where they are. */
static void check_li(nav_state *st, xmlNodePtr li, int depth)
{
    xmlNodePtr first = next_elem(li->children);
    if (!first ||
        !(epi_chk_is(first, EPI_NS_XHTML, "a") || epi_chk_is(first, EPI_NS_XHTML, "span")))
        return;
    if (!has_label(first)) /* epub-nav-30.sch: link-labels, span-labels */
        epi_chk_report(st->c, EP_SEV_ERROR, "RSC-005", st->path, line_of(first),
                       "navigation labels must not be empty");
    if (epi_chk_is(first, EPI_NS_XHTML, "a"))
        check_link(st, first);
    for (xmlNodePtr sub = next_elem(first->next); sub; sub = next_elem(sub->next))
        if (epi_chk_is(sub, EPI_NS_XHTML, "ol"))
            check_ol(st, sub, depth + 1);
}

static void check_ol(nav_state *st, xmlNodePtr ol, int depth)
{
    if (depth > 0 && !st->toc) /* epub-nav-30.sch: flat-nav */
        epi_chk_report(st->c, EP_SEV_WARNING, "RSC-017", st->path, line_of(ol),
                       "landmarks and page-list navs should be flat (nested ol)");
    for (xmlNodePtr n = next_elem(ol->children); n; n = next_elem(n->next))
        if (epi_chk_is(n, EPI_NS_XHTML, "li"))
            check_li(st, n, depth);
}

/* NAV-011: toc entries should follow the reading order: the spine, then the order of the
 * elements within a document (EPUB 3.3 §7.4.1); reported once a toc nav. */
void epi_chk_nav_order_link(epi_chk *c, epi_chk_nav_order *o, const epi_chk_frag *f)
{
    if (f->toc != o->toc)
        *o = (epi_chk_nav_order){f->toc, -1, 0, false};
    const epi_chk_item *t = f->target;
    size_t at = link_position(t, f->fragment);
    bool back =
        (long)t->spine_pos < o->last_pos || ((long)t->spine_pos == o->last_pos && at < o->last_at);
    if (back && !o->reported) {
        epi_chk_report_col(c, EP_SEV_WARNING, "NAV-011", f->from, f->line, f->col,
                           "\"toc\" nav link to \"%s\" does not follow the reading order",
                           f->fragment);
        o->reported = true;
    }
    o->last_pos = (long)t->spine_pos;
    o->last_at = at;
}

static void check_typed_nav(epi_chk *c, xmlNodePtr nav, const char *type, int toc_no)
{
    nav_state st = {c, c->nav->path, false, false, NULL, toc_no};
    st.landmarks = strcmp(type, "landmarks") == 0;
    st.toc = strcmp(type, "toc") == 0;
    if (st.landmarks && !(st.seen = xmlHashCreate(16))) {
        epi_chk_oom(c);
        return;
    }
    for (xmlNodePtr n = next_elem(nav->children); n; n = next_elem(n->next))
        if (epi_chk_is(n, EPI_NS_XHTML, "ol"))
            check_ol(&st, n, 0);
    xmlHashFree(st.seen, NULL);
}

static void find_navs(epi_chk *c, xmlNodePtr n, int counts[3])
{
    static const char *const types[] = {"toc", "page-list", "landmarks"};
    for (; n && !c->nomem; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (epi_chk_is(n, EPI_NS_XHTML, "nav")) {
            xmlChar *t = xmlGetNsProp(n, (const xmlChar *)"type", (const xmlChar *)EPI_NS_EPUB);
            /* a typed nav's elements: epub-nav-30.rnc's epub.nav (their attributes, and the
             * headings, a and span, are the XHTML table's, xhtml.c) */
            if (t)
                epi_chk_validate(c, &epi_hs_nav, c->nav->path, n, false);
            int k = 0;
            while (k < 3 && !(t && epi_chk_has_token((const char *)t, types[k])))
                k++;
            if (k < 3) {
                counts[k]++;
                check_typed_nav(c, n, types[k], counts[0]);
            } else if (t) { /* epub-nav-30.sch: req-heading */
                xmlNodePtr first = next_elem(n->children);
                if (!first || !is_heading(first) || epi_chk_is(first, EPI_NS_XHTML, "hgroup"))
                    epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->nav->path, line_of(n),
                                   "nav elements other than \"toc\", \"page-list\" and "
                                   "\"landmarks\" must have a heading as their first child");
            }
            xmlFree(t);
        } else if (is_heading(n) && !epi_chk_is(n, EPI_NS_XHTML, "hgroup") && !has_label(n)) {
            /* epub-nav-30.sch: heading-content */
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->nav->path, line_of(n),
                           "Heading elements must contain text");
        }
        find_navs(c, n->children, counts);
    }
}

void epi_chk_nav_doc(epi_chk *c)
{
    int counts[3] = {0, 0, 0};
    if (!c->nav || !c->nav->doc)
        return;
    find_navs(c, xmlDocGetRootElement(c->nav->doc), counts);
    /* epub-nav-30.sch: nav-ocurrence */
    if (counts[0] != 1)
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->nav->path, 0,
                       "exactly one \"toc\" nav element must be present (found %d)", counts[0]);
    if (counts[1] > 1)
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->nav->path, 0,
                       "multiple occurrences of the \"page-list\" nav element");
    if (counts[2] > 1)
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->nav->path, 0,
                       "multiple occurrences of the \"landmarks\" nav element");
}
