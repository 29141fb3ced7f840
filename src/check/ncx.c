/*
 * Legacy NCX (EPUB 3.3 core#sec-opf2-ncx, OPF 2.0.1 §2.4.1; docs/ARCHITECTURE.md "Navigation"):
 * its elements and attributes as epubcheck's ncx.rng states them (the generated tables of
 * util/pkg_schema.c), and by hand what they cannot say: ids are XML names and unique,
 * ncx.sch's playOrder rules, dtb:uid equals the package's unique identifier (NCX-001), and
 * every content@src resolves (RSC-007/RSC-012).
 */
#include "check_int.h"
#include "util/pkg_schema.h"
#include "util/tree.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ncx.sch ncx_multiNavLabel, ncx_multiNavInfo: another navLabel (navInfo) of the same parent
 * with the same xml:lang (one without xml:lang compares with none). */
static bool same_lang_sibling(const xmlNode *n)
{
    xmlChar *lang = xmlGetNsProp(n, (const xmlChar *)"lang", XML_XML_NAMESPACE);
    bool same = false;
    for (const xmlNode *s = n->parent ? n->parent->children : NULL; lang && s && !same;
         s = s->next) {
        if (s == n || s->type != XML_ELEMENT_NODE || !xmlStrEqual(s->name, n->name) ||
            !epi_chk_is(s, EPI_NS_NCX, (const char *)n->name))
            continue;
        xmlChar *l = xmlGetNsProp(s, (const xmlChar *)"lang", XML_XML_NAMESPACE);
        same = l && xmlStrEqual(l, lang);
        xmlFree(l);
    }
    xmlFree(lang);
    return same;
}

/* ncx.sch ncx_pageTargUniqValTypeComb: a pageTarget of a pageList with a value whose
 * combination of value and type another pageTarget has. */
static void check_page_target(epi_chk *c, xmlNodePtr n, xmlHashTablePtr pages)
{
    xmlChar *value = xmlGetNoNsProp(n, (const xmlChar *)"value");
    xmlChar *type = xmlGetNoNsProp(n, (const xmlChar *)"type");
    if (value && n->parent && epi_chk_is(n->parent, EPI_NS_NCX, "pageList")) {
        if (xmlHashLookup2(pages, value, type ? type : (const xmlChar *)"") == n->doc)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->ncx->path, (int)xmlGetLineNo(n),
                           "pageTarget combination of value and type is not unique");
    }
    xmlFree(value);
    xmlFree(type);
}

/* Every pageTarget with a value, by (value, type), for check_page_target: the first of each,
 * or the document when there are several. */
static void collect_pages(epi_chk *c, xmlNodePtr root, xmlHashTablePtr pages)
{
    for (xmlNodePtr n = root; n && !c->nomem; n = epi_xml_next(n, root, false)) {
        if (!epi_chk_is(n, EPI_NS_NCX, "pageTarget"))
            continue;
        xmlChar *value = xmlGetNoNsProp(n, (const xmlChar *)"value");
        xmlChar *type = xmlGetNoNsProp(n, (const xmlChar *)"type");
        const xmlChar *t = type ? type : (const xmlChar *)"";
        if (value &&
            xmlHashUpdateEntry2(pages, value, t,
                                xmlHashLookup2(pages, value, t) ? (void *)n->doc : n, NULL) != 0)
            epi_chk_oom(c);
        xmlFree(value);
        xmlFree(type);
    }
}

static void walk(epi_chk *c, xmlNodePtr n, xmlHashTablePtr ids, xmlHashTablePtr pages,
                 const char **uid, int *uid_line)
{
    const char *path = c->ncx->path;
    for (; n && !c->nomem; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        epi_chk_at(c, path, n);
        xmlChar *id = xmlGetNoNsProp(n, (const xmlChar *)"id");
        /* ncx.rng: every id is of the type xsd:ID, an XML name without colons; unique
         * (ncx.sch ncx_idAttrUnique) */
        if (id && xmlValidateNCName(id, 0) != 0)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, (int)xmlGetLineNo(n),
                           "value of attribute \"id\" is invalid; must be an XML name without "
                           "colons");
        else if (id && xmlHashAddEntry(ids, id, n) != 0)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, (int)xmlGetLineNo(n),
                           "duplicate ID \"%s\"", (const char *)id);
        xmlFree(id);
        if (epi_chk_is(n, EPI_NS_NCX, "pageTarget"))
            check_page_target(c, n, pages);
        if ((epi_chk_is(n, EPI_NS_NCX, "navLabel") || epi_chk_is(n, EPI_NS_NCX, "navInfo")) &&
            same_lang_sibling(n))
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, (int)xmlGetLineNo(n),
                           "Multiple %ss with same xml:lang attribute within an NCX node",
                           (const char *)n->name);
        if (epi_chk_is(n, EPI_NS_NCX, "meta")) {
            xmlChar *name = xmlGetNoNsProp(n, (const xmlChar *)"name");
            if (name && strcmp((const char *)name, "dtb:uid") == 0 && !*uid) {
                xmlAttrPtr a = xmlHasProp(n, (const xmlChar *)"content");
                *uid = a && a->children && a->children->content ? (const char *)a->children->content
                                                                : "";
                *uid_line = (int)xmlGetLineNo(n);
            }
            xmlFree(name);
        } else if (epi_chk_is(n, EPI_NS_NCX, "content")) {
            xmlChar *src = xmlGetNoNsProp(n, (const xmlChar *)"src");
            if (src)
                epi_chk_ref(c, c->ncx, path, (int)xmlGetLineNo(n), (const char *)src, EPI_REF_NCX);
            xmlFree(src);
        }
        walk(c, n->children, ids, pages, uid, uid_line);
    }
}

/* playOrder as XPath's number(): the integer value, or -1 when it is not one. */
static long play_order(const xmlChar *v)
{
    char *end;
    long n = v ? strtol((const char *)v, &end, 10) : -1;
    return v && end != (const char *)v && !*end ? n : -1;
}

/* ncx.sch (epubcheck's schema/20/sch/ncx.sch, for EPUB 2 and 3): the first playOrder is 1
 * (ncx_playOrderOrigin), the sequence has no gaps (ncx_playOrderNoGaps), and one playOrder is
 * one target (ncx_playOrderMatch2) and one target one playOrder (ncx_playOrderMatch). */
static void check_play_order(epi_chk *c, xmlNodePtr root)
{
    const char *path = c->ncx->path;
    xmlHashTablePtr by_order = xmlHashCreate(64), by_src = xmlHashCreate(64);
    xmlHashTablePtr orders = xmlHashCreate(64);
    bool any = false, one = false;
    char key[32];
    if (!by_order || !by_src || !orders) {
        epi_chk_oom(c);
        goto out;
    }
    for (xmlNodePtr n = root; n && !c->nomem;) {
        xmlChar *po =
            n->type == XML_ELEMENT_NODE ? xmlGetNoNsProp(n, (const xmlChar *)"playOrder") : NULL;
        if (po) {
            any = true;
            one |= strcmp((const char *)po, "1") == 0;
            long k = play_order(po);
            snprintf(key, sizeof key, "%ld", k);
            if (!xmlHashLookup(orders, (xmlChar *)key) &&
                xmlHashAddEntry(orders, (xmlChar *)key, n) != 0)
                epi_chk_oom(c);
            xmlNodePtr content = NULL;
            for (xmlNodePtr ch = n->children; ch && !content; ch = ch->next)
                if (epi_chk_is(ch, EPI_NS_NCX, "content"))
                    content = ch;
            xmlChar *src = content ? xmlGetNoNsProp(content, (const xmlChar *)"src") : NULL;
            if (src) {
                const xmlChar *seen = xmlHashLookup(by_order, (xmlChar *)key);
                xmlNodePtr other = xmlHashLookup(by_src, src);
                if (!seen) {
                    xmlChar *copy = xmlStrdup(src);
                    if (!copy || xmlHashAddEntry(by_order, (xmlChar *)key, copy) != 0) {
                        xmlFree(copy);
                        epi_chk_oom(c);
                    }
                } else if (!xmlStrEqual(seen, src))
                    epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, (int)xmlGetLineNo(n),
                                   "identical playOrder values for navPoint/navTarget/pageTarget "
                                   "that do not refer to same target");
                if (!other) {
                    if (xmlHashAddEntry(by_src, src, n) != 0)
                        epi_chk_oom(c);
                } else {
                    xmlChar *opo = xmlGetNoNsProp(other, (const xmlChar *)"playOrder");
                    if (play_order(opo) != k)
                        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, (int)xmlGetLineNo(n),
                                       "different playOrder values for navPoint/navTarget/"
                                       "pageTarget that refer to same target");
                    xmlFree(opo);
                }
            }
            xmlFree(src);
            xmlFree(po);
        }
        n = epi_xml_next(n, root, false); /* document order, depth first */
    }
    if (any && !one)
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, (int)xmlGetLineNo(root),
                       "the first playOrder value is not 1");
    /* gaps: every playOrder above 1 needs its predecessor somewhere in the document */
    for (xmlNodePtr n = root; n && !c->nomem;) {
        xmlChar *po =
            n->type == XML_ELEMENT_NODE ? xmlGetNoNsProp(n, (const xmlChar *)"playOrder") : NULL;
        long k = play_order(po);
        if (k > 1) {
            snprintf(key, sizeof key, "%ld", k - 1);
            if (!xmlHashLookup(orders, (xmlChar *)key))
                epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, (int)xmlGetLineNo(n),
                               "playOrder sequence has gaps");
        }
        xmlFree(po);
        n = epi_xml_next(n, root, false);
    }
out:
    xmlHashFree(by_order, xmlHashDefaultDeallocator);
    xmlHashFree(by_src, NULL);
    xmlHashFree(orders, NULL);
}

void epi_chk_ncx(epi_chk *c)
{
    if (!c->ncx || !c->ncx->entry || c->ncx->encrypted)
        return;
    c->ncx->checked = true;
    if (epi_chk_ncx_ahead(c))
        return; /* checked on the pool (check.c read_ahead) */
    xmlDocPtr doc = epi_chk_load_xml(c, c->ncx->entry);
    if (!doc)
        return;
    epi_chk_ncx_doc(c, doc);
    xmlFreeDoc(doc);
}

void epi_chk_ncx_doc(epi_chk *c, xmlDocPtr doc)
{
    const char *path = c->ncx->path;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlHashTablePtr ids = xmlHashCreate(64), pages = xmlHashCreate(16);
    const char *uid = NULL;
    int uid_line = 0;

    if (!ids || !pages) {
        epi_chk_oom(c);
        goto out;
    }
    epi_chk_validate(c, &epi_hs_ncx, path, root, true);
    if (!epi_chk_is(root, EPI_NS_NCX, "ncx"))
        goto out;
    collect_pages(c, root, pages);
    walk(c, root, ids, pages, &uid, &uid_line);
    check_play_order(c, root);
    if (uid && c->unique_id) {
        char *t = epi_chk_trim(uid);
        if (!t)
            epi_chk_oom(c);
        else if (strcmp(t, c->unique_id) != 0)
            epi_chk_report(c, EP_SEV_ERROR, "NCX-001", path, uid_line,
                           "NCX identifier \"%s\" does not match the package's unique "
                           "identifier \"%s\"",
                           t, c->unique_id);
        free(t);
    }
out:
    epi_chk_at(c, NULL, NULL);
    xmlHashFree(ids, NULL);
    xmlHashFree(pages, NULL);
}
