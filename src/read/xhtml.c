/*
 * The empty chapter document every reader fills (src/read/xhtml.c).
 */
#include "epi.h"

#include <string.h>

xmlDocPtr epi_xhtml_new(void)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr html = NULL, head = NULL;
    xmlNsPtr ns = NULL;

    if (!doc)
        return NULL;
    html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
    if (!html)
        goto fail;
    xmlDocSetRootElement(doc, html);
    /* XHTML content documents are in the XHTML namespace; the epub: prefix is declared on the
     * root so that epub:type can be used anywhere (EPUB 3.3 §6.1.3.1 / Structural Semantics). */
    ns = xmlNewNs(html, BAD_CAST EPI_NS_XHTML, NULL);
    if (!ns || !xmlNewNs(html, BAD_CAST EPI_NS_EPUB, BAD_CAST "epub"))
        goto fail;
    xmlSetNs(html, ns);
    head = xmlNewChild(html, ns, BAD_CAST "head", NULL);
    if (!head || !xmlNewChild(head, ns, BAD_CAST "title", NULL) ||
        !xmlNewChild(html, ns, BAD_CAST "body", NULL))
        goto fail;
    return doc;
fail:
    xmlFreeDoc(doc);
    return NULL;
}

static xmlNodePtr child_named(xmlNodePtr parent, const char *name)
{
    if (!parent)
        return NULL;
    for (xmlNodePtr n = parent->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

xmlNodePtr epi_xhtml_body(xmlDocPtr doc)
{
    return doc ? child_named(xmlDocGetRootElement(doc), "body") : NULL;
}

xmlNodePtr epi_xhtml_head(xmlDocPtr doc)
{
    return doc ? child_named(xmlDocGetRootElement(doc), "head") : NULL;
}
