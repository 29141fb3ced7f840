/*
 * HTML's nesting rules (util/html.h) made true of every chapter: an element that must not be
 * inside another (a link inside a link, which a web page's table or raw HTML around a Markdown
 * link or footnote reference can give) becomes a <span>, or a <div> for the block elements,
 * keeping its content and its id (a note's back-link may point at it) and losing the rest of
 * its attributes. Found by tests/fuzz/fuzz_web.c (EP_FUZZ_STRICT): RSC-005 otherwise.
 */
#include "typeset_private.h"
#include "util/html.h"

#include <string.h>

/* n as a plain <span> or <div> with only its id and language. */
static void demote(xmlNodePtr n)
{
    static const char *const phrasing[] = {"a", "dfn", "label", "meter", "progress"};
    bool inline_ = false;
    for (size_t i = 0; i < sizeof phrasing / sizeof phrasing[0]; i++)
        inline_ = inline_ || !strcmp((const char *)n->name, phrasing[i]);
    xmlNodeSetName(n, BAD_CAST(inline_ ? "span" : "div"));
    for (xmlAttrPtr a = n->properties, next; a; a = next) {
        next = a->next;
        bool keep = !strcmp((const char *)a->name, "id") || !strcmp((const char *)a->name, "lang");
        if (!keep)
            xmlRemoveProp(a);
    }
}

ep_status epi_ts_nesting(epi_ctx *ctx, epi_book *book)
{
    (void)ctx;
    for (size_t i = 0; i < book->nchapters; i++) {
        xmlNodePtr root = xmlDocGetRootElement(book->chapters[i].doc);
        for (xmlNodePtr n = root; n; n = epi_ts_next(n, root, false))
            if (epi_html_misplaced(n))
                demote(n);
    }
    return EP_OK;
}
