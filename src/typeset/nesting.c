/*
 * HTML's content model (util/html.h: the schema epubcheck 5.3.0 validates with, from tables
 * generated from it, and its Schematron's nesting rules) made true of every chapter, whatever
 * a web page or raw HTML in Markdown nested:
 *  - an element not allowed where it is (a link inside a link, a heading inside a paragraph, a
 *    caption between two paragraphs of a figure) becomes a <span>, then, if that is not allowed
 *    either, a <div>, then gives up its place to its content; a renamed element keeps its id (a
 *    note's back-link may point at it) and language and loses its other attributes;
 *  - text where only elements may be (inside a <ul> or a <table>): its parent is renamed so;
 *  - an element that ends too early, or lacks a required attribute: renamed so;
 *  - an attribute the element does not have, or with a value outside its list: removed;
 *  - a nesting rule of the Schematron on an element with an attribute (<img ismap> outside a
 *    link, <audio controls> inside one): the attribute is removed.
 * Each pass fixes the first fault of each element and the chapter is checked again until none
 * is left. Found by tests/fuzz/fuzz_web.c (EP_FUZZ_STRICT): RSC-005 otherwise.
 */
#include "typeset_private.h"
#include "util/html.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PASSES 256

typedef struct fault {
    xmlNodePtr node;
    xmlAttrPtr attr; /* remove this attribute; else rename or unwrap node */
} fault;

typedef struct faults {
    fault *v;
    size_t n, cap;
    bool nomem;
} faults;

static void add(faults *f, xmlNodePtr node, xmlAttrPtr attr)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->v[i].node == node && f->v[i].attr == attr)
            return;
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        fault *v = realloc(f->v, cap * sizeof *v);
        if (!v) {
            f->nomem = true;
            return;
        }
        f->v = v;
        f->cap = cap;
    }
    f->v[f->n++] = (fault){node, attr};
}

static void collect(void *ud, const epi_html_finding *f)
{
    faults *fs = ud;
    switch (f->kind) {
    case EPI_HTML_ATTR:
    case EPI_HTML_ATTR_VALUE:
        add(fs, f->node, (xmlAttrPtr)f->attr);
        break;
    case EPI_HTML_TEXT:
        if (f->node->parent && f->node->parent->type == XML_ELEMENT_NODE)
            add(fs, f->node->parent, NULL);
        break;
    case EPI_HTML_ELEMENT:
    case EPI_HTML_INCOMPLETE:
    case EPI_HTML_ATTR_MISSING:
        add(fs, f->node, NULL);
        break;
    }
}

/* n as a plain <span>, or a <div> when it is one already, keeping its id and language; a
 * <div> that is not allowed either gives way to its content. */
static void demote(xmlNodePtr n)
{
    const char *name = (const char *)n->name;
    if (!n->parent || n->parent->type != XML_ELEMENT_NODE || !strcmp(name, "body") ||
        !strcmp(name, "head"))
        return; /* never the document's skeleton (the final check reports what is left) */
    if (!strcmp(name, "div")) {
        while (n->children) {
            xmlNodePtr c = n->children;
            xmlUnlinkNode(c);
            xmlAddPrevSibling(n, c);
        }
        xmlUnlinkNode(n);
        xmlFreeNode(n);
        return;
    }
    xmlNodeSetName(n, BAD_CAST(!strcmp(name, "span") ? "div" : "span"));
    for (xmlAttrPtr a = n->properties, next; a; a = next) {
        next = a->next;
        bool keep = !strcmp((const char *)a->name, "id") || !strcmp((const char *)a->name, "lang");
        if (!keep)
            xmlRemoveProp(a);
    }
}

ep_status epi_ts_nesting(epi_ctx *ctx, epi_book *book)
{
    ep_status rc = EP_OK;
    faults fs = {NULL, 0, 0, false};
    for (size_t i = 0; i < book->nchapters && rc == EP_OK; i++) {
        xmlNodePtr root = xmlDocGetRootElement(book->chapters[i].doc);
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            fs.n = 0;
            /* the Schematron's nesting rules first: the schema's faults may come from them */
            for (xmlNodePtr n = root; n; n = epi_ts_next(n, root, false)) {
                const epi_hs_nest *r = epi_html_broken_rule(&epi_hs_xhtml5, n);
                /* a rule on an element with an attribute (audio[controls] in a link,
                 * img[ismap] outside one): the attribute goes, the element stays */
                xmlAttrPtr a = r && r->cond.kind == 1
                                   ? xmlHasNsProp(n, (const xmlChar *)r->cond.attr, NULL)
                                   : NULL;
                if (r)
                    add(&fs, n, a);
            }
            if (fs.n == 0)
                epi_html_validate(&epi_hs_xhtml5, root, collect, &fs);
            if (fs.nomem) {
                rc = epi_fail(ctx->err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
                goto out;
            }
            if (fs.n == 0)
                break;
            /* attributes first: a node demoted below frees its attributes */
            for (size_t k = 0; k < fs.n; k++)
                if (fs.v[k].attr)
                    xmlRemoveProp(fs.v[k].attr);
            for (size_t k = 0; k < fs.n; k++)
                if (!fs.v[k].attr)
                    demote(fs.v[k].node);
        }
    }
out:
    free(fs.v);
    return rc;
}
