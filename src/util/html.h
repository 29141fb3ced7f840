/*
 * HTML's content model as epubcheck 5.3.0 checks it, kept once here: the checker reports what
 * breaks it (check/xhtml.c, RSC-005) and the typeset stage makes sure a book never does
 * (typeset/nesting.c), whatever a web page or raw HTML in Markdown nested.
 *  - epi_html_validate: the RELAX NG schema's elements, attributes and content models, from
 *    tables generated from the schema itself (util/html_schema.h, scripts/gen-content-model.py);
 *  - epi_html_misplaced: the nesting rules of its XHTML Schematron (RSC-005 "The dfn element must
 *    not appear inside dfn elements"), which RELAX NG cannot say, generated from it too.
 */
#ifndef EPI_UTIL_HTML_H
#define EPI_UTIL_HTML_H

#include "util/html_schema.h"

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

/* The schemas are epi_hs_xhtml5 (EPUB 3) and epi_hs_xhtml11 (EPUB 2), util/html_schema.h.
 *
 * The name of an ancestor of element n (in the XHTML namespace, or in none) that HTML forbids
 * n inside, at any depth; or, with *missing set, of one it must have and has not (an <area>
 * outside any <map>); NULL when n breaks no nesting rule. */
const char *epi_html_misplaced(const epi_hs_schema *s, const xmlNode *n, bool *missing);
/* The nesting rule n breaks (the first), NULL when none. */
const epi_hs_nest *epi_html_broken_rule(const epi_hs_schema *s, const xmlNode *n);

typedef enum epi_html_kind {
    EPI_HTML_ELEMENT,      /* node: an element not allowed where it is */
    EPI_HTML_INCOMPLETE,   /* node: an element whose content ends too early (missing: an element
                            * an interleave needs, or NULL) */
    EPI_HTML_TEXT,         /* node: text where only elements are allowed */
    EPI_HTML_ATTR,         /* node, attr: an attribute the element does not have */
    EPI_HTML_ATTR_VALUE,   /* node, attr: a value outside the attribute's list */
    EPI_HTML_ATTR_MISSING, /* node, missing: a required attribute is absent */
} epi_html_kind;

typedef struct epi_html_finding {
    epi_html_kind kind;
    xmlNode *node;
    xmlNode *parent;
    const xmlAttr *attr;
    const char *missing;
    bool anywhere; /* EPI_HTML_ELEMENT: the schema has no such element at all */
} epi_html_finding;

typedef void (*epi_html_fn)(void *ud, const epi_html_finding *f);

/* Checks the tree under root (an XHTML content document's <html>) against the schema's content
 * model; calls fn once per element at fault (after an element's content fails, its children
 * are still checked, each by its name alone). fn may not change the tree. Elements whose
 * definition is opaque (MathML; SVG's wildcard elements) are not looked into. */
void epi_html_validate(const epi_hs_schema *s, xmlNode *root, epi_html_fn fn, void *ud);

/* A message for f in epubcheck's (Jing's) words, written to buf. */
const char *epi_html_finding_text(const epi_html_finding *f, char *buf, size_t size);

#endif
