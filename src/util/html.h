/*
 * HTML's nesting rules that epubcheck 5.3 checks with its HTML Schematron (RSC-005 "The dfn
 * element must not appear inside dfn elements"), kept once here: the checker reports them
 * (check/xhtml.c) and the typeset stage makes sure a book never breaks them (typeset/nesting.c),
 * whatever a web page or raw HTML in Markdown nested.
 */
#ifndef EPI_UTIL_HTML_H
#define EPI_UTIL_HTML_H

#include <libxml/tree.h>

/* The name of an ancestor of element n (in the XHTML namespace, or in none) that HTML forbids
 * n inside, at any depth; NULL when there is none. */
const char *epi_html_misplaced(const xmlNode *n);

#endif
