/*
 * The Schematron rules epubcheck 5.3.0 runs on EPUB 3 XHTML content documents
 * (schema/30/epub-xhtml-30.sch in its jar), ported by hand: its XPath 2 tests need an XSLT 2
 * processor libxml2 does not have (docs/ARCHITECTURE.md "Checker"). Each rule is named by its
 * pattern id; tests/check/schematron.tsv maps every assertion of the jar's .sch files to the
 * code that ports it (here, util/html_schema.c's generated nesting rules, xhtml.c) or to the
 * reason it is waived, and tests/e2e/schematron_map.sh fails on one that is neither. Failed
 * assertions are RSC-005 errors, the "WARNING:" ones RSC-017 warnings, as epubcheck reports them.
 */
#include "check_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NS_MATHML "http://www.w3.org/1998/Math/MathML"
#define NS_SSML "http://www.w3.org/2001/10/synthesis"
#define NS_EV "http://www.w3.org/2001/xml-events"

typedef struct sch {
    epi_chk *c;
    epi_chk_item *it;
    xmlNodePtr root;
    xmlHashTablePtr maps; /* map name -> how many maps have it (map.name) */
} sch;

static int line_of(const xmlNode *n)
{
    return (int)xmlGetLineNo(n);
}

static bool html(const xmlNode *n, const char *name)
{
    return epi_chk_is(n, EPI_NS_XHTML, name);
}

static xmlChar *attr(const xmlNode *n, const char *name)
{
    return epi_chk_may_have(n, name) ? xmlGetNoNsProp(n, (const xmlChar *)name) : NULL;
}

static bool has(const xmlNode *n, const char *name)
{
    return epi_chk_may_have(n, name) && xmlHasNsProp(n, (const xmlChar *)name, NULL) != NULL;
}

static bool has_ns(const xmlNode *n, const char *name, const char *ns)
{
    return epi_chk_may_have(n, name) &&
           xmlHasNsProp(n, (const xmlChar *)name, (const xmlChar *)ns) != NULL;
}

/* The element whose id attribute is `id` (the Schematron's $id-set). */
static xmlNodePtr by_id(sch *s, const char *id)
{
    return s->it->ids ? xmlHashLookup(s->it->ids, (const xmlChar *)id) : NULL;
}

/* idrefs-*: every white-space separated token of attribute `name` is an id of the document. */
static void idrefs(sch *s, xmlNodePtr n, const char *name, bool list)
{
    xmlChar *v = attr(n, name);
    if (!v)
        return;
    char *p = (char *)v, *tok;
    bool ok = true;
    char *save = NULL;
    for (tok = strtok_r(p, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
        if (!by_id(s, tok))
            ok = false;
        if (!list)
            break;
    }
    if (!ok)
        epi_chk_report(s->c, EP_SEV_ERROR, "RSC-005", s->it->path, line_of(n),
                       list ? "The %s attribute must refer to elements in the same document "
                              "(target ID missing)"
                            : "The %s attribute must refer to an element in the same document",
                       name);
    xmlFree(v);
}

/* idref-*: the id in attribute `name` is that of an element `target` (any when NULL). */
static bool idref_is(sch *s, xmlNodePtr n, const xmlChar *v, const char *target)
{
    char *id = epi_chk_trim((const char *)v);
    xmlNodePtr t = id ? by_id(s, id) : NULL;
    free(id);
    return t && (!target || html(t, target));
}

static bool is_descendant(const xmlNode *d, const xmlNode *n)
{
    for (const xmlNode *a = d ? d->parent : NULL; a; a = a->parent)
        if (a == n)
            return true;
    return false;
}

static bool labelable(const xmlNode *t)
{
    static const char *const names[] = {"button",   "meter",  "output",
                                        "progress", "select", "textarea"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (html(t, names[i]))
            return true;
    if (!html(t, "input"))
        return false;
    xmlChar *type = attr(t, "type");
    bool hidden = type && !strcmp((const char *)type, "hidden");
    xmlFree(type);
    return !hidden;
}

/* idrefs-headers: each token names a th of an ancestor table. */
static bool th_in_tables(sch *s, const xmlNode *n, const char *id)
{
    xmlNodePtr t = by_id(s, id);
    if (!t || !html(t, "th"))
        return false;
    for (const xmlNode *a = n->parent; a; a = a->parent)
        if (html(a, "table") && is_descendant(t, a))
            return true;
    return false;
}

/* The descendant option elements of n with a selected attribute. */
static int selected_options(const xmlNode *n)
{
    int k = 0;
    for (const xmlNode *d = n->children; d; d = d->next)
        if (d->type == XML_ELEMENT_NODE)
            k += (html(d, "option") && has(d, "selected")) + selected_options(d);
    return k;
}

static void err(sch *s, const xmlNode *n, const char *msg)
{
    epi_chk_report(s->c, EP_SEV_ERROR, "RSC-005", s->it->path, line_of(n), "%s", msg);
}

static void html_element(sch *s, xmlNodePtr n)
{
    const char *name = (const char *)n->name;
    xmlChar *v;

    if (!strcmp(name, "meta")) {
        xmlChar *he = attr(n, "http-equiv");
        if (he && !strcasecmp((const char *)he, "content-type")) { /* encoding.decl.state */
            xmlChar *content = attr(n, "content");
            bool ok = false;
            for (const char *p = content ? (const char *)content : ""; *p && !ok; p++)
                if (!strncasecmp(p, "text/html;", 10)) {
                    const char *q = p + 10;
                    while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
                        q++;
                    ok = !strncasecmp(q, "charset=utf-8", 13);
                }
            xmlFree(content);
            if (!ok)
                err(s, n,
                    "The meta element in encoding declaration state (http-equiv='content-type') "
                    "must have the value \"text/html; charset=utf-8\"");
            for (xmlNodePtr m = n->parent ? n->parent->children : NULL; m; m = m->next)
                if (html(m, "meta") && has(m, "charset")) {
                    err(s, n,
                        "A document must not contain both a meta element in encoding "
                        "declaration state (http-equiv='content-type') and a meta element with "
                        "the charset attribute present.");
                    break;
                }
        }
        xmlFree(he);
        if (has(n, "charset")) /* meta-charset */
            for (xmlNodePtr m = n->prev; m; m = m->prev)
                if (html(m, "meta") && has(m, "charset")) {
                    err(s, n,
                        "There must not be more than one meta element with a charset attribute "
                        "per document.");
                    break;
                }
    } else if (!strcmp(name, "bdo") && !has(n, "dir")) { /* bdo-dir */
        err(s, n, "The bdo element must have a dir attribute.");
    } else if (!strcmp(name, "output")) { /* idrefs-output-for */
        idrefs(s, n, "for", true);
    } else if (!strcmp(name, "input") && (v = attr(n, "list"))) { /* idref-input-list */
        if (!idref_is(s, n, v, "datalist"))
            err(s, n,
                "The list attribute does not refer to an allowed target element (expecting: "
                "datalist).");
        xmlFree(v);
    } else if (!strcmp(name, "label") && (v = attr(n, "for"))) { /* idref-label-for */
        char *id = epi_chk_trim((const char *)v);
        xmlNodePtr t = id ? by_id(s, id) : NULL;
        if (!t || !labelable(t))
            err(s, n,
                "The for attribute does not refer to an allowed target element (expecting: "
                "button|meter|output|progress|select|textarea|input[not(@type='hidden')]).");
        free(id);
        xmlFree(v);
    } else if (!strcmp(name, "map") && (v = attr(n, "name"))) {
        if ((uintptr_t)xmlHashLookup(s->maps, v) > 1) /* map.name: on each of them */
            epi_chk_report(s->c, EP_SEV_ERROR, "RSC-005", s->it->path, line_of(n),
                           "Duplicate map name \"%s\"", (const char *)v);
        xmlChar *id = attr(n, "id");
        if (id && strcmp((const char *)id, (const char *)v) != 0) /* map.id */
            err(s, n,
                "The id attribute on the map element must have the same value as the name "
                "attribute.");
        xmlFree(id);
        xmlFree(v);
    } else if (!strcmp(name, "select") && !has(n, "multiple")) { /* select-multiple */
        int selected = selected_options(n);
        if (selected > 1)
            err(s, n,
                "A select element whose multiple attribute is not specified must not have more "
                "than one descendant option element with its selected attribute set.");
    } else if (!strcmp(name, "track")) { /* track */
        if ((v = attr(n, "label"))) {
            char *t = epi_chk_trim((const char *)v);
            if (t && !*t)
                err(s, n, "The track element label attribute value must not be the empty string.");
            free(t);
            xmlFree(v);
        }
        if (has(n, "default"))
            for (xmlNodePtr p = n->prev; p; p = p->prev)
                if (html(p, "track") && has(p, "default")) {
                    err(s, n,
                        "There must not be more than one track child of a media element element "
                        "with the default attribute specified.");
                    break;
                }
    } else if (!strcmp(name, "link") && has(n, "sizes")) { /* link-sizes */
        v = attr(n, "rel");
        if (!v || strcmp((const char *)v, "icon") != 0)
            err(s, n,
                "The sizes attribute must not be specified on link elements that do not have a "
                "rel attribute that specifies the icon keyword.");
        xmlFree(v);
    }

    if (has(n, "itemprop")) { /* md-a-area, md-iframe-embed-object, md-media */
        if ((!strcmp(name, "a") || !strcmp(name, "area")) && !has(n, "href"))
            err(s, n,
                "If the itemprop is specified on an a element, then the href attribute must also "
                "be specified.");
        if ((!strcmp(name, "iframe") || !strcmp(name, "embed") || !strcmp(name, "object")) &&
            !has(n, "data"))
            err(s, n,
                "If the itemprop is specified on an iframe, embed or object element, then the "
                "data attribute must also be specified.");
        if ((!strcmp(name, "audio") || !strcmp(name, "video")) && !has(n, "src"))
            err(s, n,
                "If the itemprop is specified on an video or audio element, then the src "
                "attribute must also be specified.");
    }
    if (has(n, "form") && (v = attr(n, "form"))) { /* idref-forms-form */
        if (!idref_is(s, n, v, "form"))
            err(s, n,
                "The form attribute does not refer to an allowed target element (expecting: "
                "form).");
        xmlFree(v);
    }
    if (has(n, "headers") && (v = attr(n, "headers"))) { /* idrefs-headers */
        bool ok = true;
        char *save = NULL;
        for (char *tok = strtok_r((char *)v, " \t\r\n", &save); tok;
             tok = strtok_r(NULL, " \t\r\n", &save))
            ok = ok && th_in_tables(s, n, tok);
        if (!ok)
            err(s, n, "The headers attribute must refer to th elements in the same table.");
        xmlFree(v);
    }
    if ((v = attr(n, "role"))) { /* dpub-aria.doc-endnote.deprecated */
        static const char *const old[] = {"doc-endnote", "doc-biblioentry"};
        for (size_t i = 0; i < 2; i++)
            if (epi_chk_has_token((const char *)v, old[i]))
                epi_chk_report(s->c, EP_SEV_WARNING, "RSC-017", s->it->path, line_of(n),
                               "The \"%s\" role is deprecated and should not be used.", old[i]);
        xmlFree(v);
    }
}

static void element(sch *s, xmlNodePtr n)
{
    xmlChar *v;
    /* idrefs-aria-describedby, idrefs-aria-flowto, idrefs-aria-labelledby, idrefs-aria-owns,
     * idrefs-aria-controls: on any element */
    static const char *const aria[] = {"aria-describedby", "aria-flowto", "aria-labelledby",
                                       "aria-owns", "aria-controls"};
    for (size_t i = 0; i < sizeof aria / sizeof aria[0]; i++)
        idrefs(s, n, aria[i], true);
    if ((v = attr(n, "aria-activedescendant"))) { /* idref-aria-activedescendant */
        char *id = epi_chk_trim((const char *)v);
        if (!id || !is_descendant(by_id(s, id), n))
            err(s, n, "The aria-activedescendant attribute must refer to a descendant element.");
        free(id);
        xmlFree(v);
    }
    if (has_ns(n, "ph", NS_SSML)) /* ssml-ph */
        for (const xmlNode *a = n->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
            if (has_ns(a, "ph", NS_SSML)) {
                err(s, n,
                    "The ssml:ph attribute must not be specified on a descendant of an element "
                    "that also carries this attribute.");
                break;
            }
    const char *uri = n->ns && n->ns->href ? (const char *)n->ns->href : NULL;
    if (uri && !strcmp(uri, NS_MATHML)) {
        /* idref-mathml-xref, idref-mathml-indenttarget */
        idrefs(s, n, "xref", false);
        idrefs(s, n, "indenttarget", false);
    } else if (uri && !strcmp(uri, EPI_NS_EPUB) && !strcmp((const char *)n->name, "trigger")) {
        /* epub.trigger.deprecated, idref-trigger-observer, idref-trigger-ref */
        epi_chk_report(s->c, EP_SEV_WARNING, "RSC-017", s->it->path, line_of(n),
                       "The \"epub:trigger\" element is deprecated.");
        xmlChar *obs = xmlGetNsProp(n, (const xmlChar *)"observer", (const xmlChar *)NS_EV);
        if (obs && !idref_is(s, n, obs, NULL))
            epi_chk_report(s->c, EP_SEV_ERROR, "RSC-005", s->it->path, line_of(n),
                           "The ev:observer attribute must refer to an element in the same "
                           "document (the ID \"%s\" does not exist).",
                           (const char *)obs);
        xmlFree(obs);
        idrefs(s, n, "ref", false);
    } else if (uri && !strcmp(uri, EPI_NS_XHTML)) {
        html_element(s, n);
    }
}

/* Counts the names of the maps under n. */
static bool count_maps(xmlHashTablePtr maps, const xmlNode *n)
{
    for (const xmlNode *d = n->children; d; d = d->next) {
        if (d->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *v = html(d, "map") ? attr(d, "name") : NULL;
        if (v) {
            uintptr_t k = (uintptr_t)xmlHashLookup(maps, v) + 1;
            int rc = xmlHashUpdateEntry(maps, v, (void *)k, NULL);
            xmlFree(v);
            if (rc != 0)
                return false;
        }
        if (!count_maps(maps, d))
            return false;
    }
    return true;
}

void epi_chk_xhtml_schematron(epi_chk *c, epi_chk_item *it, xmlNodePtr root)
{
    sch s = {c, it, root, xmlHashCreate(8)};
    if (!s.maps || !count_maps(s.maps, root)) {
        xmlHashFree(s.maps, NULL);
        epi_chk_oom(c);
        return;
    }
    for (xmlNodePtr n = root; n && !c->nomem;) {
        if (n->type == XML_ELEMENT_NODE)
            element(&s, n);
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n != root && !n->next)
            n = n->parent;
        n = n == root ? NULL : n->next;
    }
    xmlHashFree(s.maps, NULL);
}
