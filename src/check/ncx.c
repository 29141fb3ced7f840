/*
 * Legacy NCX (EPUB 3.3 core#sec-opf2-ncx, OPF 2.0.1 §2.4.1; docs/ARCHITECTURE.md "Navigation"):
 * dtb:uid equals the package's unique identifier (NCX-001), the structure has a navMap,
 * ids are unique, and every content@src resolves (RSC-007/RSC-012).
 */
#include "check_int.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

static void walk(epi_chk *c, xmlNodePtr n, xmlHashTablePtr ids, const char **uid, int *uid_line)
{
    const char *path = c->ncx->path;
    for (; n && !c->nomem; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
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

void epi_chk_ncx(epi_chk *c)
{
    if (!c->ncx || !c->ncx->entry)
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
    xmlHashFree(ids, NULL);
    xmlFreeDoc(doc);
}
