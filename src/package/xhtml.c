/* Chapter documents: the last touches before serialisation (docs/ARCHITECTURE.md "Content
 * documents"). */
#include "pkg_private.h"

#include <string.h>

#define NS_SVG "http://www.w3.org/2000/svg"
#define NS_MATHML "http://www.w3.org/1998/Math/MathML"

static bool is_xhtml(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST EPI_NS_XHTML);
}

static bool name_in(const xmlChar *name, const char *const *list)
{
    for (; *list; list++) {
        if (xmlStrEqual(name, BAD_CAST * list))
            return true;
    }
    return false;
}

/* HTML void elements: the only ones that may be written as <x/> for an HTML parser. */
static const char *const void_elements[] = {"area",  "base",   "br",    "col",  "embed",
                                            "hr",    "img",    "input", "link", "meta",
                                            "param", "source", "track", "wbr",  NULL};

static bool fill_empty(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!n->children && is_xhtml(n) && !name_in(n->name, void_elements)) {
            /* An empty text child makes libxml2 write <p></p>: a reading system that parses the
             * file as HTML would take <p/> or <a id="x"/> as an unclosed start tag. */
            xmlNodePtr t = xmlNewText(BAD_CAST "");
            if (!t)
                return false;
            xmlAddChild(n, t);
        } else if (!fill_empty(n->children)) {
            return false;
        }
    }
    return true;
}

bool epi_pkg_xhtml_finish(xmlDocPtr doc)
{
    /* EPUB 3.3 §6.1.3: <!DOCTYPE html> (no public or system id: HTM-004 otherwise). Without
     * ids libxml2 does not switch to its XHTML 1.0 mode, which would add a
     * http-equiv Content-Type meta. */
    if (!xmlGetIntSubset(doc) && !xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL))
        return false;
    return fill_empty(xmlDocGetRootElement(doc));
}

static void scan(xmlNodePtr n, bool *svg, bool *mathml, bool *scripted)
{
    static const char *const form_elements[] = {"form",     "input",  "button", "select",
                                                "textarea", "output", NULL};
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (n->ns && xmlStrEqual(n->ns->href, BAD_CAST NS_SVG)) {
            *svg = true;
        } else if (n->ns && xmlStrEqual(n->ns->href, BAD_CAST NS_MATHML)) {
            *mathml = true;
        } else if (is_xhtml(n) && xmlStrEqual(n->name, BAD_CAST "script")) {
            /* Data blocks (a type that is not JavaScript) do not make a document scripted. */
            xmlChar *type = xmlGetProp(n, BAD_CAST "type");
            if (!type || !*type || xmlStrcasestr(type, BAD_CAST "javascript") ||
                xmlStrEqual(type, BAD_CAST "module"))
                *scripted = true;
            xmlFree(type);
        } else if (is_xhtml(n) && name_in(n->name, form_elements)) {
            *scripted = true;
        }
        scan(n->children, svg, mathml, scripted);
    }
}

void epi_pkg_content_properties(xmlDocPtr doc, char out[64])
{
    bool svg = false, mathml = false, scripted = false;

    out[0] = '\0';
    if (!doc)
        return;
    scan(xmlDocGetRootElement(doc), &svg, &mathml, &scripted);
    if (svg)
        strcat(out, "svg");
    if (mathml)
        strcat(out, *out ? " mathml" : "mathml");
    if (scripted)
        strcat(out, *out ? " scripted" : "scripted");
}

static xmlNodePtr find_child(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next) {
        if (is_xhtml(n) && xmlStrEqual(n->name, BAD_CAST name))
            return n;
    }
    return NULL;
}

/* The stylesheet link every chapter's <head> ends with. */
static bool add_link(xmlNodePtr head, xmlNodePtr *link)
{
    *link = epi_pkg_child(head, head->ns, "link", NULL);
    return epi_pkg_attr(*link, "rel", "stylesheet") && epi_pkg_attr(*link, "type", "text/css") &&
           epi_pkg_attr(*link, "href", EPI_UP_TO_ROOT EPI_CSS_HREF);
}

ep_status epi_pkg_chapter_bytes(const epi_chapter *ch, unsigned char **data, size_t *len,
                                ep_error *err)
{
    xmlDocPtr doc = ch->doc;
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, head = find_child(root, "head");
    xmlNodePtr link = NULL;
    bool had_dtd = doc && xmlGetIntSubset(doc);
    ep_status st = EP_OK;

    *data = NULL;
    *len = 0;
    if (!doc)
        return epi_fail(err, EP_ERR_XML, ch->src_path, 0, 0, "chapter %s has no document",
                        ch->out_name);
    if (!head || !find_child(root, "body"))
        return epi_fail(err, EP_ERR_XML, ch->src_path, 0, 0,
                        "chapter %s: the document has no <head> or <body>", ch->out_name);
    if (!add_link(head, &link) || !epi_pkg_xhtml_finish(doc))
        st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    else
        st = epi_pkg_serialize(doc, false, data, len, err);
    if (link) {
        xmlUnlinkNode(link);
        xmlFreeNode(link);
    }
    xmlDtdPtr dtd = had_dtd ? NULL : xmlGetIntSubset(doc);
    if (dtd) {
        xmlUnlinkNode((xmlNodePtr)dtd);
        xmlFreeDtd(dtd);
    }
    return st;
}

ep_status epi_pkg_chapter(const epi_book *book, const epi_chapter *ch, xmlDocPtr *out,
                          ep_error *err)
{
    xmlDocPtr doc = NULL;
    xmlNodePtr root, head, link;
    ep_status st = EP_OK;

    (void)book;
    *out = NULL;
    /* A copy, so packaging leaves the book model as it found it. */
    doc = ch->doc ? xmlCopyDoc(ch->doc, 1) : NULL;
    if (!doc) {
        st = epi_fail(err, ch->doc ? EP_ERR_NOMEM : EP_ERR_XML, ch->src_path, 0, 0,
                      "chapter %s has no document", ch->out_name);
        goto out;
    }
    root = xmlDocGetRootElement(doc);
    head = find_child(root, "head");
    if (!head || !find_child(root, "body")) {
        st = epi_fail(err, EP_ERR_XML, ch->src_path, 0, 0,
                      "chapter %s: the document has no <head> or <body>", ch->out_name);
        goto out;
    }
    if (!add_link(head, &link) || !epi_pkg_xhtml_finish(doc)) {
        st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    *out = doc;
    doc = NULL;
out:
    xmlFreeDoc(doc);
    return st;
}
