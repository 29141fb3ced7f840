/* Declarations shared by src/typeset/typeset.c and links.c only. */
#ifndef EPI_TYPESET_PRIVATE_H
#define EPI_TYPESET_PRIVATE_H

#include "typeset.h"
#include "util/tree.h"

#include <libxml/hash.h>
#include <libxml/tree.h>

/* What typeset.c learns about one chapter and links.c needs to resolve fragments. */
typedef struct epi_ts_chapter {
    xmlHashTablePtr ids;   /* every id in the document (payload: a non-NULL marker) */
    xmlHashTablePtr loose; /* pandoc/GitHub-style heading key → heading id (see links.c) */
} epi_ts_chapter;

/* Element named `name` in the XHTML namespace (or in no namespace). */
static inline bool epi_ts_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name) &&
           (!n->ns || xmlStrEqual(n->ns->href, BAD_CAST EPI_NS_XHTML));
}

/* epi_xml_next (util/xml.h), the walk every typeset pass uses. */
static inline xmlNodePtr epi_ts_next(xmlNodePtr cur, const xmlNode *root, bool skip_children)
{
    return epi_xml_next(cur, root, skip_children);
}

/* A chapter's language: its own front matter's `lang`, else the book's (typeset.c). */
const char *epi_ts_chapter_lang(const epi_book *book, const epi_chapter *ch);
/* A chapter's typography: the option, else its front matter's `typography`, else the book's
 * key, else from its language (typeset.c). */
ep_typography epi_ts_chapter_typography(const epi_ctx *ctx, const epi_book *book,
                                        const epi_chapter *ch);

/* A run of a chapter body's children, first up to end (exclusive; NULL: the last), the first
 * being the index-th child. The passes that read and write only the nodes they walk
 * (typography, word counts, soft hyphens; split.c's sizes) run per slice rather than per
 * chapter, so that a book of one long file (War and Peace as one Markdown file is one chapter
 * of 5 MB until split) is typeset on every CPU. Slices are cut only before a block
 * (epi_typography_block), which every one of these passes handles on its own, and have the
 * same bounds whatever the number of threads. */
typedef struct epi_ts_slice {
    size_t ch;
    xmlNodePtr first, end;
    size_t index;
} epi_ts_slice;

/* A pass over one slice on thread `worker` (< EPI_PARALLEL_MAX); *words: what it counts (word
 * counts only). */
typedef ep_status (*epi_ts_slice_step)(epi_ctx *ctx, const epi_book *book, epi_chapter *ch,
                                       const epi_ts_slice *sl, size_t worker, void *arg,
                                       size_t *words);

/* typeset.c: runs `step` on every slice of every chapter, on the CPUs; the first failure in
 * book order is reported; `sums` (NULL or one per chapter) gets the sum of each chapter's
 * *words. */
ep_status epi_ts_for_each_slice(epi_ctx *ctx, epi_book *book, epi_ts_slice_step step, void *arg,
                                size_t *sums);

/* Builds `loose` from the chapter's headings (ch->headings must be final). */
ep_status epi_ts_loose_keys(epi_chapter *ch, epi_ts_chapter *st, ep_error *err);

/* Rewrites <a href> between chapters and inside a chapter (links.c). */
ep_status epi_ts_links(epi_ctx *ctx, epi_book *book, epi_ts_chapter *st);

/* notes.c: numbers the footnotes through the whole book; with `notes: endnotes` moves them
 * into a generated last chapter, notes.xhtml. Runs after the links are rewritten. */
ep_status epi_ts_notes(epi_ctx *ctx, epi_book *book);

/* nesting.c: no element inside one that HTML forbids it in (util/html.h): such an element
 * becomes a <span> or <div>, with its content and id. Runs after the notes. */
ep_status epi_ts_nesting(epi_ctx *ctx, epi_book *book);

/* split.c: splits chapters into parts at headings (split-level, then by size), points links at
 * the parts; the last typeset pass. */
ep_status epi_ts_split(epi_ctx *ctx, epi_book *book);

/* byline.c: W3CDTF date → text for people in `lang` (ru, en; else as written). Caller frees;
 * NULL on OOM. */
char *epi_ts_human_date(const char *date, const char *lang);
/* Sets meta.date_text of the book and of every chapter's front matter. */
ep_status epi_ts_dates(epi_ctx *ctx, epi_book *book);
/* The head of an article, from its front matter `m`: a chapter's own, or the book's metadata
 * for a book of one article. `title` (NULL: none given) becomes the top heading, an h1, unless
 * the text starts with a heading that reads the same; then <p class="subtitle"> and
 * <p class="byline">authors, date</p>, after the title or the text's first heading when the text
 * starts with one, else first in the body. */
ep_status epi_ts_byline(epi_ctx *ctx, epi_book *book, epi_chapter *ch, xmlNodePtr body,
                        const epi_meta *m, const char *title);

/* typeset.c: the level (1-6) of an XHTML heading element, 0 for anything else (or NULL). */
int epi_ts_heading_level(const xmlNode *n);
/* The length of xmlNodeDump(buf, n->doc, n, 0, 0), without writing it (split.c), or -1 for a
 * node it does not cover. */
long epi_ts_dump_size(xmlNodePtr n);
/* typeset.c: a heading's label: its text, ASCII whitespace collapsed and trimmed, an image's
 * alt text, no noterefs. Caller frees; NULL on out of memory. */
char *epi_ts_heading_text(xmlNodePtr h);

#endif
