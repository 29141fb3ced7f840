/*
 * The book model, shared by the writing stages (src/book.c): the book as read, typeset and
 * packaged, the files it becomes in the container, and who owns what. The writing stages
 * include this header and util/, never each other's headers; the checker includes neither this
 * header nor any stage's, since it judges any EPUB (build.c, the pipeline, includes each stage's
 * entry header; scripts/check-layers.sh keeps it so, on includes and on symbols).
 *
 * The pipeline:  read -> typeset -> fonts -> package -> ocf (zip) -> check
 *   src/read/     epi_book_read()       metadata (libyaml, or a web page's) + chapters
 *                                       (Markdown with cmark-gfm, plain text, web pages with
 *                                       Gumbo) + images -> model
 *   src/typeset/  epi_typeset()         ids, links, lang, notes, typography (Russian, English),
 *                 epi_fonts_embed()     hyphenation, split; then the font subset (HarfBuzz)
 *   src/package/  epi_package()         package.opf, nav.xhtml, toc.ncx, XHTML, CSS -> entries
 *   src/ocf/      epi_zip_write()       OCF container with libzip
 *   src/check/    ep_check_file()       reopen the written file and validate it
 */
#ifndef EPI_BOOK_H
#define EPI_BOOK_H

#include "epubpack.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/options.h"
#include "util/str.h"
#include "util/utf8.h"
#include "util/xml.h"

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* ---------- The book's files in the container (docs/ARCHITECTURE.md "Output") ----------
 * Every writing stage names them: read writes an image's href and its src in a chapter, typeset
 * the fonts' url() and the endnotes chapter, package all the rest. Resource hrefs are relative
 * to EPI_ROOT_DIR; content documents live in EPI_TEXT_DIR and the stylesheet at EPI_CSS_HREF,
 * each one folder below EPI_ROOT_DIR, so "../" + href reaches a resource from both. */
#define EPI_ROOT_DIR "EPUB/"
#define EPI_OPF_PATH EPI_ROOT_DIR "package.opf"
#define EPI_TEXT_DIR "text/"            /* the chapters (epi_chapter.out_name) */
#define EPI_IMAGES_DIR "images/"        /* the images of the chapters and the cover (src/read) */
#define EPI_FONTS_DIR "fonts/"          /* the embedded faces (src/typeset/fonts.c) */
#define EPI_CSS_HREF "css/epubpack.css" /* the one stylesheet (src/package/css.c) */
#define EPI_UP_TO_ROOT "../"            /* from EPI_TEXT_DIR or the stylesheet's folder to EPUB/ */
/* The endnotes chapter (`notes: endnotes`, src/typeset/notes.c), in EPI_TEXT_DIR, and the id
 * of its heading. */
#define EPI_NOTES_NAME "notes.xhtml"
#define EPI_NOTES_ID "notes"
/* The Kobo target's wrappers around a body's content (src/package/kobo.c): typeset reserves
 * these ids in every chapter, whatever the target, so ids and links are the same in both. */
#define EPI_KOBO_COLUMNS_ID "book-columns"
#define EPI_KOBO_INNER_ID "book-inner"

typedef struct epi_person {
    char *name;
    char *role;    /* MARC relator code, e.g. "aut", "trl"; NULL = default for the list */
    char *file_as; /* may be NULL */
} epi_person;

typedef struct epi_meta {
    char *title; /* required (or taken from the first heading) */
    char *subtitle;
    char *lang;      /* BCP 47; required or detected */
    char *date;      /* W3CDTF as given */
    char *date_text; /* the date for people, in the book's language (set by src/typeset) */
    char *publisher;
    char *rights;
    char *description;
    char *identifier; /* as given, or NULL → UUIDv5 */
    char *source;     /* canonical URL */
    char *cover_image;
    char *collection; /* belongs-to-collection */
    char *group_position;
    char *modified; /* YYYY-MM-DDThh:mm:ssZ as given */
    char *font;
    epi_person *creators;
    size_t ncreators;
    epi_person *contributors;
    size_t ncontributors;
    char **subjects;
    size_t nsubjects;
    char **css; /* user stylesheets (paths relative to the book folder) */
    size_t ncss;
    char **chapters; /* book.yaml `chapters:` (relative paths), in order */
    size_t nchapters;
    ep_hyphenation hyphenation;
    ep_typography typography;
    int title_page;      /* -1 unset, 0 no, 1 yes */
    int notes;           /* `notes:` 0 footnotes at the end of each chapter (default), 1 endnotes */
    int split_level;     /* `split-level:` 1..6, 0 unset */
    bool image_size_set; /* `image-size:` given: */
    int image_width, image_height; /* its sides, 0x0 for off */
    int grayscale;                 /* `grayscale:` 1 yes, 0 no or not given */
    ep_target target;
} epi_meta;

void epi_meta_free(epi_meta *m);

/* A heading found in a chapter, in document order, for the toc. */
typedef struct epi_heading {
    int level;  /* 1..6 */
    char *id;   /* ASCII-safe, unique in the chapter */
    char *text; /* plain text label */
} epi_heading;

typedef struct epi_chapter {
    char *src_path; /* input file as given on disk (for messages) */
    char *src_name; /* path relative to the book folder, e.g. "article.md" (for link rewriting) */
    char *out_name; /* e.g. "ch001.xhtml" (inside EPUB/text/) */
    char *title;    /* chapter title: front matter title, else first heading, else file name */
    epi_meta *meta; /* the chapter's own front matter (title, author, date), or NULL */
    /* The chapter as an XHTML document: <html
     * xmlns=XHTML><head><title/></head><body>…</body></html>. The reader fills <body>; typeset adds
     * ids, typography and lang; package finishes <head>. */
    xmlDocPtr doc;
    epi_heading *headings;
    size_t nheadings;
    size_t words;
    bool has_images;
    bool images_all_alt; /* every <img> has non-empty alt */
    bool generated;      /* made by epubpack (the endnotes file), not read from a source */
    unsigned part; /* 0: a chapter or its first part; k: part k+1 of one (set by typeset/split.c) */
    bool plain_text; /* read from a .txt file (its first line may be its <h1>, src/read/text.c) */
    unsigned char text_digest[16]; /* UUIDv5 of the source file's text, for a book without a
                                    * title (src/read/identity.c) */
    ep_hyphenation hyphenation;    /* typeset: this chapter's resolved mode (its front matter's
                                      lang or hyphenation may differ from the book's) */
} epi_chapter;

/* Makes *ch a chapter with these names (src_name may be NULL: a generated chapter) and the empty
 * XHTML skeleton (epi_xhtml_new) as its document. False on out of memory, with nothing left to
 * free. */
bool epi_chapter_init(epi_chapter *ch, const char *src_path, const char *src_name,
                      const char *out_name);
/* Frees what the chapter owns and zeroes it. */
void epi_chapter_free(epi_chapter *ch);

/* A file to be stored in the EPUB besides the generated documents (fonts, images, css). */
typedef struct epi_resource {
    char *href;       /* path inside EPUB/, e.g. "fonts/epubpack-serif-regular.ttf" */
    char *id;         /* manifest id */
    char *media_type; /* e.g. "font/ttf", "image/png" */
    char *properties; /* e.g. "cover-image", or NULL */
    unsigned char *data;
    size_t len;
    /* read: the image file it was made from (device and inode), so that a file named again
     * is not decoded and fitted again; 0 and 0 for the rest */
    uint64_t src_dev, src_ino;
} epi_resource;

typedef struct epi_book {
    char *root;      /* the book folder (for a single file: its folder) */
    char *main_path; /* file that carried the book metadata (book.yaml or the .md), for messages */
    epi_meta meta;
    epi_chapter *chapters;
    size_t nchapters;
    epi_resource *resources;
    size_t nresources, resources_cap;
    char *user_css; /* user stylesheets (meta `css:` + --css), concatenated; read by src/read */
    char *font_css; /* @font-face rules + body font-family rule from src/typeset/fonts.c */
    time_t newest_mtime;        /* newest mtime among input files (set by src/read) */
    char *identifier;           /* final unique identifier (e.g. "urn:uuid:…") */
    time_t modified;            /* the build instant (dcterms:modified and zip times) */
    ep_hyphenation hyphenation; /* resolved mode */
    ep_typography typography;   /* resolved mode */
    ep_target target;  /* set by src/typeset (epi_typeset) with epi_target_resolve (book.c) */
    char *font_family; /* family name used in CSS for embedded fonts, or NULL */
} epi_book;

/* The target: the option (opt may be NULL), else the `target:` key, else EPUB. */
ep_target epi_target_resolve(const ep_options *opt, const epi_meta *meta);

void epi_book_free(epi_book *book); /* frees contents, not the struct itself */
bool epi_book_add_resource(epi_book *book, const char *href, const char *id, const char *media_type,
                           const char *properties, unsigned char *data,
                           size_t len); /* takes `data` on success */

/* The chapter's XHTML skeleton: <html xmlns=XHTML><head><title/></head><body/></html>. */
xmlDocPtr epi_xhtml_new(void);
xmlNodePtr epi_xhtml_body(xmlDocPtr doc);
xmlNodePtr epi_xhtml_head(xmlDocPtr doc);

/* The packaged book: the container's entries in order (mimetype first), made by src/package/
 * and written by src/ocf/. */
typedef struct epi_entry {
    char *name; /* path in the zip */
    unsigned char *data;
    size_t len;
    bool store; /* true: stored (mimetype), false: deflated */
} epi_entry;

typedef struct epi_entries {
    epi_entry *v;
    size_t n, cap;
} epi_entries;

bool epi_entries_add(epi_entries *e, const char *name, unsigned char *data, size_t len,
                     bool store); /* takes `data` on success */
void epi_entries_free(epi_entries *e);

#endif /* EPI_BOOK_H */
