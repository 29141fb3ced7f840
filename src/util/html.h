/*
 * HTML's nesting rules that epubcheck 5.3 checks with its HTML Schematron (RSC-005 "The dfn
 * element must not appear inside dfn elements"), kept once here: the checker reports them
 * (check/xhtml.c) and the typeset stage makes sure a book never breaks them (typeset/nesting.c),
 * whatever a web page or raw HTML in Markdown nested.
 */
#ifndef EPI_UTIL_HTML_H
#define EPI_UTIL_HTML_H

#include <stdbool.h>

/* Whether some rule limits where an element named `name` may appear. */
bool epi_html_nesting_limited(const char *name);

/* Whether an element named `name` must not appear inside one named `outer` (at any depth). */
bool epi_html_nesting_forbidden(const char *name, const char *outer);

#endif
