/*
 * Internal declarations shared between the library's modules (never installed).
 * Names shared across files start with `epi_`; file-local helpers are `static`.
 *
 * The pipeline (DESIGN.md):  read → typeset → package → ocf (zip) → check
 *   src/read/     epi_book_read()       metadata (libyaml) + chapters (cmark-gfm / text) → model
 *   src/typeset/  epi_typeset()         ids, links, Russian typography, hyphenation, fonts
 *   src/package/  epi_package()         package.opf, nav.xhtml, toc.ncx, XHTML, CSS → entries
 *   src/ocf/      epi_zip_write()       OCF container with libzip
 *   src/check/    ep_check_file()       reopen and validate
 */
#ifndef EPI_H
#define EPI_H

#include "epubpack.h"

#include <libxml/tree.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* ---------- util/error.c ---------- */

/* Fills `err` (may be NULL) and returns `st`, so callers can `return epi_fail(...)`. */
ep_status epi_fail(ep_error *err, ep_status st, const char *path, int line, int column,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* ---------- util/buf.c: growable byte buffer, always NUL-terminated ---------- */

typedef struct epi_buf {
    char *data; /* NULL until the first append */
    size_t len;
    size_t cap;
} epi_buf;

bool epi_buf_append(epi_buf *b, const void *data, size_t len);
bool epi_buf_puts(epi_buf *b, const char *s);
bool epi_buf_printf(epi_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *epi_buf_detach(epi_buf *b); /* caller frees; returns "" copy if empty; NULL on OOM */
void epi_buf_free(epi_buf *b);

/* Room for one more element in a growable array of `elem`-byte items holding `n`: returns `v`
 * when n < *cap, else `v` reallocated to twice the capacity (`first` to begin with) and *cap
 * updated; NULL on overflow or out of memory, with `v` and *cap untouched. */
void *epi_grow(void *v, size_t *cap, size_t n, size_t elem, size_t first);

/* src/check/opf.c: is `tag` a well-formed BCP 47 language tag (RFC 5646 §2.1)? Shared by the
 * checker and the metadata reader. */
bool epi_chk_bcp47(const char *tag);

/* ---------- util/str.c ---------- */

char *epi_strdup(const char *s); /* NULL-safe */
char *epi_strndup(const char *s, size_t n);
char *epi_path_join(const char *dir, const char *name);
/* RFC 3986 §2.1 percent-decoding of s[0..len); malformed escapes and %00 stay as written (a NUL
 * would silently cut a path). Caller frees; NULL on out of memory. */
char *epi_percent_decode(const char *s, size_t len);
/* Reads a whole file. On failure fills err with path and strerror. */
ep_status epi_file_read(const char *path, char **data, size_t *len, ep_error *err);

/* ---------- util/utf8.c ---------- */

/* Validates UTF-8; on failure *bad_offset is the byte offset of the first bad byte. */
bool epi_utf8_valid(const char *s, size_t len, size_t *bad_offset);
/* Decodes one code point at s (len bytes available); returns its length or 0 if invalid. */
size_t epi_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Appends the UTF-8 encoding of cp. */
bool epi_utf8_put(epi_buf *b, uint32_t cp);
/* Counts words (runs of letters/digits, hyphen-joined) in UTF-8 text. */
size_t epi_utf8_count_words(const char *s, size_t len);

/* ---------- the build context ---------- */

typedef struct epi_ctx {
    const ep_build_options *opt;
    ep_error *err;
    size_t warnings;
} epi_ctx;

/* Reports a warning through the options' callback (no-op if none). */
void epi_warn(epi_ctx *ctx, const char *id, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* ---------- the book model ---------- */

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
    int title_page; /* -1 unset, 0 no, 1 yes */
    int notes;      /* `notes:` 0 footnotes at the end of each chapter (default), 1 endnotes */
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
    unsigned char text_digest[16]; /* UUIDv5 of the source file's text (src/read/identity.c) */
} epi_chapter;

/* A file to be stored in the EPUB besides the generated documents (fonts, images, css). */
typedef struct epi_resource {
    char *href;       /* path inside EPUB/, e.g. "fonts/epubpack-serif-regular.ttf" */
    char *id;         /* manifest id */
    char *media_type; /* e.g. "font/ttf", "image/png" */
    char *properties; /* e.g. "cover-image", or NULL */
    unsigned char *data;
    size_t len;
} epi_resource;

typedef struct epi_book {
    char *root;      /* the book folder (for a single file: its folder) */
    char *main_path; /* file that carried the book metadata (book.yaml or the .md), for messages */
    epi_meta meta;
    epi_chapter *chapters;
    size_t nchapters;
    epi_resource *resources;
    size_t nresources;
    char *user_css; /* user stylesheets (meta `css:` + --css), concatenated; read by src/read */
    char *font_css; /* @font-face rules + body font-family rule from src/typeset/fonts.c */
    time_t newest_mtime;        /* newest mtime among input files (set by src/read) */
    char *identifier;           /* final unique identifier (e.g. "urn:uuid:…") */
    time_t modified;            /* the build instant (dcterms:modified and zip times) */
    ep_hyphenation hyphenation; /* resolved mode */
    ep_typography typography;   /* resolved mode */
    char *font_family;          /* family name used in CSS for embedded fonts, or NULL */
} epi_book;

void epi_book_free(epi_book *book); /* frees contents, not the struct itself */
bool epi_book_add_resource(epi_book *book, const char *href, const char *id, const char *media_type,
                           const char *properties, unsigned char *data,
                           size_t len); /* takes `data` on success */

/* ---------- stages ---------- */

/* src/read/: input is a folder or a .md/.txt file. Fills book (zeroed by the caller), down to
 * its identifier and build instant (src/read/identity.c). */
ep_status epi_book_read(epi_ctx *ctx, const char *input, epi_book *book);

/* src/read/metadata.c: parse YAML metadata (book.yaml or front matter). `first_line` is the
 * line number of the YAML's first line in `path`, for messages. */
ep_status epi_meta_parse(epi_ctx *ctx, const char *path, int first_line, const char *yaml,
                         size_t len, epi_meta *meta);

/* src/read/markdown.c and text.c: fill chapter->doc's <body> from the source text. `first_line`
 * is the line of `text` in the file (after front matter), for messages. */
ep_status epi_markdown_to_chapter(epi_ctx *ctx, const char *text, size_t len, int first_line,
                                  epi_chapter *ch);
ep_status epi_text_to_chapter(epi_ctx *ctx, const char *text, size_t len, int first_line,
                              epi_chapter *ch);

/* Creates an empty XHTML document <html><head><title/></head><body/></html>. */
xmlDocPtr epi_xhtml_new(void);
xmlNodePtr epi_xhtml_body(xmlDocPtr doc);
xmlNodePtr epi_xhtml_head(xmlDocPtr doc);

/* src/typeset/: everything between reading and packaging, in place: resolve modes, chapter
 * titles, heading ids and book->chapters[i].headings, link rewriting, lang attributes, word
 * counts, typography and hyphenation (below). Fonts come after, from build.c. */
ep_status epi_typeset(epi_ctx *ctx, epi_book *book);

/* src/typeset/typography.c: Russian typographic rules on the text nodes under `root`
 * (skips code, pre, kbd, samp, var, script, style; never touches attributes). */
ep_status epi_typography_ru(epi_ctx *ctx, xmlNodePtr root);

/* src/typeset/hyphenate.c: soft hyphens (U+00AD) in the text nodes under `root` (skips headings,
 * code-like elements, links' hrefs are attributes so untouched). One dictionary per language,
 * loaded once. */
typedef struct epi_hyphenator epi_hyphenator;
ep_status epi_hyphenator_new(const char *lang, epi_hyphenator **out, ep_error *err);
ep_status epi_hyphenate_tree(epi_hyphenator *h, xmlNodePtr root, ep_error *err);
/* Hyphenates one UTF-8 word; returns a malloc'd copy with U+00AD at the allowed breaks. */
char *epi_hyphenate_word(epi_hyphenator *h, const char *word);
void epi_hyphenator_free(epi_hyphenator *h);

/* src/typeset/fonts.c: finds the font (fontconfig; book->meta.font / opt->font, default
 * "PT Serif"; "none" embeds nothing), subsets each face the book uses (hb-subset) to the
 * characters set in it (chapters, titles, labels of epi_labels_for(lang)) plus a safety set,
 * renames the family, adds the faces as resources "fonts/….ttf" (font/ttf) and sets
 * book->font_family and book->font_css (@font-face rules with "../fonts/…" urls + body rule). */
ep_status epi_fonts_embed(epi_ctx *ctx, epi_book *book);

/* src/package/labels.c: generated text in the book's language (falls back to English). */
typedef struct epi_labels {
    const char *toc;          /* ru: «Содержание» */
    const char *landmarks;    /* ru: «Ориентиры» */
    const char *start;        /* bodymatter landmark, ru: «Начало» */
    const char *cover;        /* ru: «Обложка» */
    const char *title_page;   /* ru: «Титульная страница» */
    const char *notes;        /* ru: «Примечания» */
    const char *a11y_summary; /* schema:accessibilitySummary for a text-only book */
} epi_labels;
const epi_labels *epi_labels_for(const char *lang);
/* src/typeset/slug.c: ASCII id from UTF-8 text (ICAO Doc 9303 transliteration, lowercase,
 * other runs → '-'). Never empty: returns "section" for text with no letters. Caller frees. */
char *epi_slugify(const char *text);

/* src/package/: produces the container's entries in order (mimetype first). */
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

ep_status epi_package(epi_ctx *ctx, const epi_book *book, epi_entries *out);

/* src/ocf/zip_write.c: writes entries to `path` with every entry time = mtime, and fsyncs it.
 * Errors name `name` (the output, when `path` is its temporary file). */
ep_status epi_zip_write(const char *path, const char *name, const epi_entries *entries,
                        time_t mtime, ep_error *err);

/* Serialises an XML document as UTF-8 with the XML declaration. */
ep_status epi_xml_serialize(xmlDocPtr doc, unsigned char **data, size_t *len, ep_error *err);

/* ---------- shared constants ---------- */

#define EPI_NS_XHTML "http://www.w3.org/1999/xhtml"
#define EPI_NS_EPUB "http://www.idpf.org/2007/ops"
#define EPI_NS_OPF "http://www.idpf.org/2007/opf"
#define EPI_NS_DC "http://purl.org/dc/elements/1.1/"
#define EPI_NS_NCX "http://www.daisy.org/z3986/2005/ncx/"
#define EPI_NS_CONTAINER "urn:oasis:names:tc:opendocument:xmlns:container"
#define EPI_NS_XML "http://www.w3.org/XML/1998/namespace"

/* The container layout (DESIGN.md "Output"). */
#define EPI_OPF_PATH "EPUB/package.opf"
#define EPI_TEXT_DIR "text/"

extern const unsigned char epi_default_css[];
extern const size_t epi_default_css_len;

#endif /* EPI_H */
