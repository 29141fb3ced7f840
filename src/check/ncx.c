/*
 * Legacy NCX (EPUB 3.3 core#sec-opf2-ncx, OPF 2.0.1 §2.4.1; docs/ARCHITECTURE.md "Navigation"):
 * dtb:uid equals the package's unique identifier (NCX-001), the structure has a navMap,
 * ids are unique, and every content@src resolves (RSC-007/RSC-012).
 */
#include "check_int.h"
#include "util/tree.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void walk(epi_chk *c, xmlNodePtr n, xmlHashTablePtr ids, const char **uid, int *uid_line)
{
    const char *path = c->ncx->path;
    for (; n && !c->nomem; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        epi_chk_at(c, path, n);
        xmlChar *id = xmlGetNoNsProp(n, (const xmlChar *)"id");
        /* ncx.rng: every id is of the type xsd:ID, an XML name without colons */
        if (id && xmlValidateNCName(id, 0) != 0)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, (int)xmlGetLineNo(n),
                           "value of attribute \"id\" is invalid; must be an XML name without "
                           "colons");
        else if (id && xmlHashAddEntry(ids, id, n) != 0)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, (int)xmlGetLineNo(n),
                           "duplicate ID \"%s\"", (const char *)id);
        xmlFree(id);
        if (epi_chk_is(n, EPI_NS_NCX, "pageTarget")) {
            xmlChar *t = xmlGetNoNsProp(n, (const xmlChar *)"type");
            if (!t || !epi_chk_has_token("front normal special", (const char *)t) ||
                strchr((const char *)t, ' '))
                epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, (int)xmlGetLineNo(n),
                               t ? "value of attribute \"type\" is invalid; must be equal to "
                                   "\"front\", \"normal\" or \"special\""
                                 : "element \"pageTarget\" missing required attribute \"type\"");
            xmlFree(t);
        }
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
        walk(c, n->children, ids, uid, uid_line);
    }
}

/* playOrder as XPath's number(): the integer value, or -1 when it is not one. */
static long play_order(const xmlChar *v)
{
    char *end;
    long n = v ? strtol((const char *)v, &end, 10) : -1;
    return v && end != (const char *)v && !*end ? n : -1;
}

/* ncx.sch (epubcheck's schema/20/sch/ncx.sch, for EPUB 2 and 3): the first playOrder is 1,
 * the sequence has no gaps, and one playOrder is one target and one target one playOrder. */
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
    xmlDocPtr doc = epi_chk_load_xml(c, c->ncx->entry);
    if (!doc)
        return;
    const char *path = c->ncx->path;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlHashTablePtr ids = xmlHashCreate(64);
    const char *uid = NULL;
    int uid_line = 0;

    if (!ids) {
        epi_chk_oom(c);
        goto out;
    }
    if (!epi_chk_is(root, EPI_NS_NCX, "ncx")) {
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, root ? (int)xmlGetLineNo(root) : 0,
                       "the root element must be \"ncx\" in the NCX namespace");
        goto out;
    }
    bool navmap = false;
    for (xmlNodePtr n = root->children; n; n = n->next)
        navmap |= epi_chk_is(n, EPI_NS_NCX, "navMap");
    if (!navmap)
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, (int)xmlGetLineNo(root),
                       "missing required element navMap");
    walk(c, root, ids, &uid, &uid_line);
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
    xmlFreeDoc(doc);
}
