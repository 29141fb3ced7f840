/*
 * Shared by the web reader's files (docs/ARCHITECTURE.md "Web pages"): web.c reads a page into
 * a chapter; web_blocks.c says what a block of the page is (never shown, unlikely, its text and
 * links); web_find.c finds the article by explicit markup or by score; web_build.c rebuilds it
 * as XHTML; web_lines.c tells lines that are not the article by their words; web_more.c and
 * web_tidy.c tidy what was rebuilt; web_charset.c decodes the bytes.
 */
#ifndef EPI_WEB_PRIVATE_H
#define EPI_WEB_PRIVATE_H

#include "read_private.h"
#include "util/date.h"

enum {
    /* Element nesting refused before parsing (html_depth.c): the HTML5 algorithm searches the
     * stack of open elements for most start tags, so n nested <div>s cost n² (100 000: two
     * minutes in Gumbo 0.10.1). Readability's 130 test pages nest at most 70
     * (tests/bench/html_parsers.sh). */
    WEB_MAX_NESTING = EPI_LIMIT_HTML_DEPTH
};

/* How far the filters are relaxed. Readability.js's _grabArticle drops its flags one at a
 * time while an attempt finds too little text: FLAG_STRIP_UNLIKELYS, then FLAG_WEIGHT_CLASSES,
 * then FLAG_CLEAN_CONDITIONALLY. Each level keeps the ones before it. */
enum {
    RELAX_NONE,     /* every filter */
    RELAX_UNLIKELY, /* blocks named ad, menu, modal… are searched and kept (epi_web_unlikely) */
    RELAX_WEIGHTS,  /* class and id names neither add to a score nor take from it */
    RELAX_CLEANING, /* blocks mostly of links, or empty, are kept (epi_web_clean_away) */
    RELAX_LAST = RELAX_CLEANING
};

/* ---------- the Gumbo tree ---------- */

static inline const char *epi_web_attr(const GumboNode *n, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : NULL;
}

static inline bool epi_web_is(const GumboNode *n, GumboTag t)
{
    return n && n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == t;
}

static inline const GumboVector *epi_web_kids(const GumboNode *n)
{
    return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE
               ? &n->v.element.children
               : &n->v.document.children;
}

/* The element's lower-case name, also for elements Gumbo 0.10.1 does not know (<picture>,
 * <dialog>: GUMBO_TAG_UNKNOWN); "" when it does not fit. */
const char *epi_web_tag_name(const GumboNode *n, char *buf, size_t size);
bool epi_web_is_named(const GumboNode *n, const char *name);
/* Is `name` (n bytes) one of the list's, ASCII case ignored? */
bool epi_web_name_in(const char *name, size_t n, const char *const *list, size_t count);
/* Case-insensitive: does `s` contain one of the words? */
bool epi_web_has_word(const char *s, const char *const *words, size_t n);
#define EPI_WEB_HAS_WORD(s, list) epi_web_has_word(s, list, sizeof list / sizeof list[0])
/* Does the class or the id of n contain one of the words? */
bool epi_web_attr_matches(const GumboNode *n, const char *const *words, size_t count);

/* ---------- web_blocks.c: what a block of the page is ---------- */

/* Its class or id says content ("article", "post"…: Readability's positive names) or not
 * ("comment", "sidebar"…: its negative names). */
bool epi_web_positive(const GumboNode *n);
bool epi_web_negative(const GumboNode *n);
/* Does a word of n's class or id hold one of the names as a part ("c-teaser__h": c, teaser,
 * h)? */
bool epi_web_names_part(const GumboNode *n, const char *const *names, size_t count);
/* Another story's teaser inside the page: a block named "teaser" that is a link or holds a
 * heading with one. */
bool epi_web_story_teaser(const GumboNode *n);
/* Does n hold a link to another page (an <a> with an href that is not a fragment)? */
bool epi_web_holds_link(const GumboNode *n);
/* Does n hold an element of tag t (depth-first, bounded)? */
bool epi_web_holds_tag(const GumboNode *n, GumboTag t, int depth);
/* Elements never part of an article, whatever their text (nav, forms, hidden…). */
bool epi_web_junk(const GumboNode *n);
/* Hidden by its markup: the hidden attribute, aria-hidden="true" or an inline display:none. */
bool epi_web_hidden(const GumboNode *n);
/* Does n hold an embedded post (a tweet…) that the article quotes? */
bool epi_web_holds_post(const GumboNode *n, int depth);
/* Does n's class or id name it ad, menu, modal, related…, with no other word saying content
 * (whatever its tag)? */
bool epi_web_unlikely_name(const GumboNode *n);
/* A block whose class or id names it ad, menu, related… (unless relaxed; never <article>,
 * <main>, <a>, <body> or a block holding an embedded post). */
bool epi_web_unlikely(const GumboNode *n, int relax);
/* A short line about the article, named by its class or id: its metadata, date or category. */
bool epi_web_meta_line(const GumboNode *n);
/* Readability's conditional cleaning: a block inside the article mostly of links, or empty. */
bool epi_web_clean_away(const GumboNode *n, int relax);

typedef struct epi_web_measure {
    size_t text, links, commas, paras, imgs;
    size_t cap; /* when not 0, the walk stops once text is over it (epi_web_measure_upto) */
} epi_web_measure;

/* Adds to m the text (non-space bytes, UTF-8 continuation bytes not counted), the part inside
 * links, commas, paragraphs and images of a subtree, skipping what is never shown. */
void epi_web_measure_node(const GumboNode *n, epi_web_measure *m, bool in_link, int depth);
epi_web_measure epi_web_measure_of(const GumboNode *n);
/* The measure of n while its text is at most cap; over it, only that the text is over cap is
 * known: for a rule about short blocks, asked of every block of the article, which would
 * otherwise walk each block's subtree once per block above it (20 s on 2000 nested <div>s). */
epi_web_measure epi_web_measure_upto(const GumboNode *n, size_t cap);
double epi_web_link_density(const epi_web_measure *m);

/* Text of a subtree with whitespace runs as one space, trimmed, at most size - 1 bytes, into
 * buf from *len on. */
void epi_web_plain_text(const GumboNode *n, char *buf, size_t size, size_t *len, int depth);

/* ---------- web_lines.c: lines that are not the article, by their words ---------- */

/* A "read also" line, a call to follow the site or subscribe, or a paragraph that is only a
 * link to another page. */
bool epi_web_boiler_line(const GumboNode *n);

/* ---------- webdate.c: dates as pages write them ---------- */

/* ISO 8601 as publishers write it ("2024-03-05T14:30:00+03:00", "…+0300", "… 03:00:00 UTC"). */
bool epi_web_date(const char *s, epi_date *d);
/* epi_web_date, or an RFC 822 date ("Mon, 18 Nov 2019 10:00:00 GMT"), or a dotted day. */
bool epi_web_any_date(const char *s, epi_date *d);
/* A date in a text (a byline, a dateline): a day with its month's name ("7. Oktober 2020",
 * "March 13th, 2015"), a dotted day or an ISO 8601 day, written as ISO 8601 into out. */
bool epi_web_text_date(const char *s, char *out, size_t size, bool *oom);

/* ---------- web_find.c: the article's blocks ---------- */

typedef struct epi_web_article {
    const GumboNode **roots; /* in document order */
    size_t n, cap;
} epi_web_article;

/* Finds the article in body with the filters relaxed to `relax` (RELAX_*): its blocks are
 * added to out (the caller frees out->roots). False when out of memory. */
bool epi_web_find_article(const GumboNode *body, int relax, epi_web_article *out);

/* The lede (a block named "lead", "teaser", "excerpt"…: a sentence or more of text, few links)
 * below n, not n itself, or NULL. */
const GumboNode *epi_web_lede_below(const GumboNode *n, int relax);

/* ---------- web_build.c: the article rebuilt ---------- */

typedef struct epi_web_source {
    const char *path;        /* the page, for messages */
    const char *dir;         /* its folder */
    const char *base;        /* its absolute URL, or NULL */
    const GumboNode *body;   /* the parsed page's <body> */
    const GumboNode *byline; /* the byline the author was read from (webmeta.c), or NULL */
    const char *title;       /* the book's title, or NULL */
} epi_web_source;

/* Finds the article of src->body (relaxing the filters while it has too little text),
 * rebuilds it as XHTML into xbody, reports the warnings of the attempt kept and drops links to
 * fragments the chapter lacks. Fails only on out of memory. */
ep_status epi_web_rebuild(epi_ctx *ctx, epi_chapter *ch, const epi_web_source *src,
                          xmlNodePtr xbody);

#endif /* EPI_WEB_PRIVATE_H */
