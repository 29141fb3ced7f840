/*
 * The catalog stage (src/catalog/, epubpack.h "Catalogs"): a folder of EPUBs → static OPDS 1.2
 * and 2.0 feeds, an HTML page per feed, cover thumbnails (docs/ARCHITECTURE.md "Catalog").
 *
 *   catalog.c  the run: scan, the facts of new or changed books (through ep_read_publication),
 *              the feeds, the files written only when their bytes change, the state kept
 *   state.c    the facts of the last run (catalog/.state, JSON)
 *   feeds.c    which feeds there are and which books each lists, in which order
 *   atom.c     OPDS 1.2 (Atom, libxml2's writer)     json.c  OPDS 2.0 (json-c)
 *   html.c     the HTML pages                        thumb.c cover thumbnails (libvips)
 */
#ifndef EPI_CATALOG_H
#define EPI_CATALOG_H

#include "epubpack.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Acquisition feeds are cut into pages of this many books (rel="next"). */
#define EPI_CAT_PAGE 50
/* Thumbnails fit in this box (px): a third of a 6" e-ink screen's height, as KOReader's and
 * PocketBook's cover lists show them. */
#define EPI_CAT_THUMB_W 200
#define EPI_CAT_THUMB_H 300

/* One EPUB and what the catalog shows of it. Strings are NULL when absent. */
typedef struct epi_cat_book {
    char *path;        /* relative to the folder, '/'-separated, as found */
    int64_t size;      /* bytes, and the modification time (ns): the book is read again when */
    int64_t mtime_ns;  /* either changes */
    char *title;       /* the file's name when the package has none */
    char *identifier;  /* the unique identifier's value */
    char *language;    /* the first dc:language */
    char *date;        /* dc:date when valid W3CDTF, as written */
    char *modified;    /* dcterms:modified when valid */
    char *description; /* dc:description as text */
    char *publisher;
    char *series, *position;   /* position as written (a number) */
    char **authors, **file_as; /* file_as[i] NULL when none */
    size_t nauthors;
    char **subjects;
    size_t nsubjects;
    char *cover_type;     /* the cover's media type, copied as catalog/covers/KEY.EXT (EXT from
                             epi_image_ext) */
    int thumb_w, thumb_h; /* of catalog/thumbs/KEY.jpg; 0 when there is no thumbnail */
    char *problem;        /* why the book is listed with less than its package says */
    bool kepub;           /* named .kepub.epub */
    bool id_taken;        /* an earlier book (by path) has the same identifier: the same book as
                             .epub and .kepub.epub, say; its Atom entry id is made from its path,
                             as Atom wants the ids of a feed distinct (RFC 4287 §4.2.6) */
    /* this run only */
    bool fresh;           /* read in this run */
    unsigned char *cover; /* fresh: the cover's bytes */
    size_t cover_len;
    unsigned char *thumb; /* fresh: the thumbnail's JPEG */
    size_t thumb_len;
    char key[17];   /* 16 hex digits of FNV-1a 64 of `path`: names its files */
    time_t updated; /* Atom's updated: modified, else the file's time */
} epi_cat_book;

void epi_cat_book_free(epi_cat_book *b);

/* One feed page: an acquisition list of books or a navigation list of feeds. */
typedef struct epi_cat_link {
    char *title;
    char *name;   /* the feed's file name without extension (in catalog/) */
    size_t count; /* books it lists, or entries for a navigation feed */
    bool navigation;
} epi_cat_link;

typedef struct epi_cat_feed {
    char *name;  /* file name without extension: "new", "author-tolstoi-lev", "new.2" */
    char *title; /* as shown */
    bool root;   /* the start feed: opds.xml, opds.json, index.html at the top */
    bool navigation;
    char *up; /* the navigation feed above (NULL: the root) */
    /* acquisition: books[first..first+n) of `order` */
    epi_cat_book **books;
    size_t nbooks;
    size_t page, pages, total; /* 1-based page of `pages`; `total` books in all pages */
    char *base;                /* the first page's name, for the other pages' names */
    /* navigation */
    epi_cat_link *links;
    size_t nlinks;
    time_t updated;
} epi_cat_feed;

typedef struct epi_cat_feeds {
    epi_cat_feed *v;
    size_t n, cap;
} epi_cat_feeds;

/* What every writer needs. */
typedef struct epi_cat {
    const char *title;
    const char *base_url; /* NULL, or ending in '/' */
    bool sde;             /* SOURCE_DATE_EPOCH is set: every date is `epoch` */
    time_t epoch;
    epi_cat_book *books;
    size_t nbooks;
} epi_cat;

/* feeds.c: every feed page of the catalog, in a fixed order. False on out of memory. */
bool epi_cat_feeds_make(const epi_cat *cat, epi_cat_feeds *out);
void epi_cat_feeds_free(epi_cat_feeds *f);
/* A page's file name: `base` for page 1, "base.N" after. */
char *epi_cat_page_name(const char *base, size_t page);

/* What a page's three files are made of (the catalog's settings, the page, each book's facts or
 * each link), as 16 hex digits of FNV-1a 64: a page whose digest is the last run's is not
 * made again. EPI_CAT_FORMAT is part of it: change it with anything atom.c, json.c or html.c
 * write. */
#define EPI_CAT_FORMAT "epubpack-catalog-2"
void epi_cat_feed_digest(const epi_cat *cat, const epi_cat_feed *f, char out[17]);

/* Links. `from_root`: the document is at the top (opds.xml…), else in catalog/. Appends the
 * href of `target` (a path from the top: "catalog/new.atom", a book's path) percent-encoded,
 * relative, or under base_url. */
bool epi_cat_href(const epi_cat *cat, bool from_root, const char *target, epi_buf *out);
/* The path from the top of feed `name`'s file (NULL: the root) in format `ext` ("atom",
 * "json", "html"): "catalog/new.atom", "catalog/authors.xml" (a navigation feed), "opds.xml". */
bool epi_cat_feed_file(const char *name, bool navigation, const char *ext, epi_buf *out);
/* The href of feed `name` (a navigation one when `navigation`) in format `ext` from a document
 * at the top or in catalog/. */
bool epi_cat_feed_href(const epi_cat *cat, bool from_root, const char *name, bool navigation,
                       const char *ext, epi_buf *out);
/* RFC 3339 UTC ("2024-05-01T10:00:00Z") into out[21]. */
void epi_cat_time(time_t t, char out[21]);
/* Media types. */
#define EPI_CAT_NAV_TYPE "application/atom+xml;profile=opds-catalog;kind=navigation"
#define EPI_CAT_ACQ_TYPE "application/atom+xml;profile=opds-catalog;kind=acquisition"
#define EPI_CAT_JSON_TYPE "application/opds+json"
const char *epi_cat_book_type(const epi_cat_book *b);
/* "catalog/covers/KEY.EXT" of a book with a cover into out[64]. */
void epi_cat_cover_path(const epi_cat_book *b, char out[64]);

/* xw.c: libxml2's text writer for atom.c and html.c, the first failure kept in `ok` (every
 * call after it does nothing). */
typedef struct epi_cat_xw {
    struct _xmlTextWriter *w;
    bool ok;
} epi_cat_xw;

void epi_cat_xw_start(epi_cat_xw *x, const char *name);
void epi_cat_xw_end(epi_cat_xw *x);      /* <a/> when empty: XML, or HTML's void elements */
void epi_cat_xw_end_full(epi_cat_xw *x); /* always </a>: HTML's other elements */
void epi_cat_xw_attr(epi_cat_xw *x, const char *name, const char *value); /* NULL: none */
void epi_cat_xw_text(epi_cat_xw *x, const char *text);                    /* NULL: none */

/* atom.c, json.c, html.c: one page into out (appended). False on out of memory. */
bool epi_cat_atom(const epi_cat *cat, const epi_cat_feed *f, epi_buf *out);
bool epi_cat_json(const epi_cat *cat, const epi_cat_feed *f, epi_buf *out);
bool epi_cat_html(const epi_cat *cat, const epi_cat_feed *f, epi_buf *out);

/* state.c: the books of the last run and the files it wrote (paths from the top of out).
 * A missing or unreadable state is an empty one. */
typedef struct epi_cat_state {
    epi_cat_book *books; /* sorted by path */
    size_t nbooks;
    char **files;
    char **digests; /* parallel to files: the page's digest for a feed's file, else NULL */
    size_t nfiles;
} epi_cat_state;

bool epi_cat_state_load(const char *path, epi_cat_state *st);
/* The state of this run into out; false on out of memory. */
bool epi_cat_state_dump(const epi_cat_book *books, size_t nbooks, char *const *files,
                        char *const *digests, size_t nfiles, epi_buf *out);
void epi_cat_state_free(epi_cat_state *st);

/* thumb.c: the cover `data` as a JPEG that fits EPI_CAT_THUMB_W×H (never enlarged), baseline,
 * sRGB, no metadata; *w and *h its size. False with `why` set when libvips cannot. */
bool epi_cat_thumb(const unsigned char *data, size_t len, unsigned char **out, size_t *out_len,
                   int *w, int *h, const char **why);

#endif
