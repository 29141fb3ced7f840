/*
 * The read stage's internal declarations (src/read/); its entry points are read.h's. No other
 * stage and not build.c includes this header.
 */
#ifndef EPI_READ_PRIVATE_H
#define EPI_READ_PRIVATE_H

#include "read.h"
#include "util/path.h"
#include "util/lang.h"
#include "util/limits.h"
#include "util/sniff.h"
#include "util/url.h"

#include <gumbo.h>

/* html_depth.c: the offset + 1 of the start tag at which a web page's elements would be open
 * more than `limit` deep in an HTML5 parser (never an under-estimate), or of the first tag with
 * more than `max_attrs` attributes (then *attrs_over is set); 0 when there is none, SIZE_MAX
 * when out of memory. Linear in `n`. */
size_t epi_html_depth_over(const char *s, size_t n, size_t limit, size_t max_attrs,
                           bool *attrs_over);

/* metadata.c: parse YAML metadata (book.yaml or front matter). `first_line` is the line number
 * of the YAML's first line in `path`, for messages. */
ep_status epi_meta_parse(epi_ctx *ctx, const char *path, int first_line, const char *yaml,
                         size_t len, epi_meta *meta);

/* markdown.c and text.c: fill chapter->doc's <body> from the source text. `first_line` is the
 * line of `text` in the file (after front matter), for messages. `source` (may be NULL): the
 * malloc'd buffer `text` lies in, freed (and set to NULL) as soon as the Markdown parser has
 * its own copy, so that a long book's text is not held three times while its tree is built. */
ep_status epi_markdown_to_chapter(epi_ctx *ctx, const char *text, size_t len, int first_line,
                                  epi_chapter *ch, char **source);
ep_status epi_text_to_chapter(epi_ctx *ctx, const char *text, size_t len, int first_line,
                              epi_chapter *ch);

/* Line numbers (in the metadata's file) of the entries whose values are paths, so that a
 * missing or unsafe file can be reported where it was named. Zero when unknown. */
typedef struct epi_meta_lines {
    int lang;
    int cover_image;
    int *css;      /* meta->ncss entries */
    int *chapters; /* meta->nchapters entries */
} epi_meta_lines;

void epi_meta_lines_free(epi_meta_lines *l);

/* epi_meta_parse() that also reports the lines of path-valued entries (lines may be NULL). */
ep_status epi_meta_parse_lines(epi_ctx *ctx, const char *path, int first_line, const char *yaml,
                               size_t len, epi_meta *meta, epi_meta_lines *lines);

/* Charsets (source.c), shared by web pages and text files: two-byte UTF-8 Cyrillic sequences
 * and bytes >= 0x80 (with the first sequence's offset); the charset of bytes that are not UTF-8
 * (iconv names: UTF-8, CP1251, KOI8-R, CP1252); the name people know (windows-1251). */
void epi_utf8_cyrillic_count(const unsigned char *s, size_t n, size_t *pairs, size_t *high,
                             size_t *first);
const char *epi_charset_detect(const unsigned char *s, size_t n);
const char *epi_charset_label(const char *name);
/* A .md/.txt/.yaml file in windows-1251 or KOI8-R: *data (malloc'd) is replaced by its UTF-8
 * conversion, with an EPK-CHARSET warning; any other text is left for epi_text_check. *utf8:
 * the text (*data after) is valid UTF-8. */
ep_status epi_text_decode(epi_ctx *ctx, const char *path, char **data, size_t *len, bool *utf8);

/* Checks that `data` is text we can use: no NUL bytes, valid UTF-8 (known already when
 * `utf8_known`: epi_text_decode found it), no C0 controls other than TAB/LF/CR/FF/VT (XML 1.0
 * §2.2 forbids them). Errors name `path`, line and byte offset. */
ep_status epi_text_check(const char *path, const char *data, size_t len, bool utf8_known,
                         ep_error *err);

/* NFC-normalises UTF-8 text (UAX #15) with libunistring, drops a leading BOM and turns CRLF/CR
 * (and FF/VT) into LF. *out is NUL-terminated; caller frees. */
ep_status epi_text_normalize(const char *path, const char *data, size_t len, char **out,
                             size_t *out_len, ep_error *err);
/* A long text that is valid UTF-8 without control characters, normalised as by
 * epi_text_normalize but in pieces on the CPUs: *text (malloc'd, NUL-terminated, *len bytes)
 * is replaced by its normal form, or kept when it is one. False (*text untouched) for any other
 * text, or when memory runs out: then the sequential way (epi_text_decode, epi_text_check,
 * epi_text_normalize) reads it and says what is wrong. */
bool epi_text_normalize_parallel(char **text, size_t *len);

/* Appends UTF-8 text to `parent` as a text node, replacing characters XML 1.0 cannot carry. */
bool epi_xml_add_text(xmlNodePtr parent, const char *s, size_t len);

/* Raw HTML from Markdown (src/read/rawhtml.c). */
/* Parses an HTML block with libxml2's HTML parser and appends the safe part of it, rebuilt in
 * the XHTML namespace, to `parent`. `line` is stored on the new nodes. */
ep_status epi_html_block_append(xmlNodePtr parent, const char *html, size_t len, int line,
                                ep_error *err);

/* Classifies one inline HTML tag (cmark's html_inline literal). */
typedef enum epi_tag_kind {
    EPI_TAG_TEXT = 0,     /* not a tag we accept: keep as escaped text */
    EPI_TAG_DROP,         /* comment, declaration, or a dangerous tag: drop */
    EPI_TAG_DROP_CONTENT, /* opening tag whose content must be dropped too (<script>, <style>) */
    EPI_TAG_VOID,         /* <br>, <wbr>, <img>: an element without content */
    EPI_TAG_OPEN,         /* paired whitelisted tag opening */
    EPI_TAG_CLOSE         /* paired tag closing */
} epi_tag_kind;

/* Parses `tag`; for EPI_TAG_VOID and EPI_TAG_OPEN, *el is a new XHTML element (unlinked, with
 * the safe attributes) owned by the caller. *name (static string) is the tag name for OPEN,
 * CLOSE and DROP_CONTENT. */
epi_tag_kind epi_html_inline_tag(xmlDocPtr doc, const char *tag, size_t len, xmlNodePtr *el,
                                 const char **name);

/* The XHTML name of an HTML element we keep, or NULL: unwrap it (keep its content), or drop it
 * with its content when *drop is set (scripts, forms, frames…). One allow-list for raw HTML in
 * Markdown and for web pages. */
const char *epi_html_element(const char *name, bool *drop);
/* Sets the attribute an=v on `dst` (an XHTML element named `name`) when the allow-list keeps it
 * (no on* handlers, no style, safe URLs, valid values); false only on out of memory. */
bool epi_html_set_attr(xmlNodePtr dst, const char *name, const char *an, const char *v);

/* URL schemes we never emit (javascript:, vbscript:, data: except images, file:). */
bool epi_url_safe(const char *url);

/* Images (src/read/images.c): copies the local images of ch->doc into the book's resources,
 * rewrites their src to "../images/…", and replaces remote ones by their alt text. */
ep_status epi_images_collect(epi_ctx *ctx, epi_book *book, epi_chapter *ch);
/* image_fit.c: makes a JPEG or PNG fit for e-readers by the build's image-size and grayscale
 * settings (docs/ARCHITECTURE.md "Images"): replaces *data (malloc'd) and *len with the
 * converted bytes, or leaves them as they are when nothing needs changing. GIF and SVG are left
 * alone. Errors and warnings name `given` (the image as the book wrote it), src_path and line. */
ep_status epi_image_fit(epi_ctx *ctx, const epi_book *book, const char *media, const char *given,
                        const char *src_path, int line, unsigned char **data, size_t *len);
/* Pixel width and height of a PNG, GIF or JPEG from its header; false if unknown. */
bool epi_image_size(const unsigned char *data, size_t len, uint32_t *w, uint32_t *h);
/* Adds the cover image (meta cover-image) as a resource with properties "cover-image". */
ep_status epi_cover_collect(epi_ctx *ctx, epi_book *book, int line);
/* Makes the image a web page names for itself (`url`: JSON-LD image or og:image, line `line` of
 * the page at `page`) the cover as epi_cover_collect() would, when it is a file beside the page
 * (a relative URL, resolved as the page's <img>: a file out of the book folder is an error), is
 * a JPEG or PNG (by its bytes, and its name says the same) and is at least as large as a cover
 * should be (EPK-COVER). Anything else (a remote URL, a missing file, a small image) is quietly
 * no cover. Call it only when the book has no cover-image. */
ep_status epi_cover_from_page(epi_ctx *ctx, epi_book *book, const char *page, const char *url,
                              int line);

/* Web pages (src/read/web.c, web_private.h): .html/.htm files. */
bool epi_is_web_name(const char *name);
/* The page's bytes as NFC UTF-8 (web_charset.c): *out (caller frees) and *out_len; `opt` are
 * the Gumbo options of the prescan for a declared charset. */
ep_status epi_web_decode(epi_ctx *ctx, const char *path, const char *raw, size_t len,
                         const GumboOptions *opt, char **out, size_t *out_len);
/* web_tidy.c: the rebuilt article's tidying and measures. */
/* Non-space characters of the text of n and its following siblings (UTF-8 continuation bytes
 * not counted). */
size_t epi_web_text_chars(const xmlNode *n);
/* Non-space characters of text under n and its siblings (added to *all), and those inside
 * links (to *linked). */
void epi_web_link_text(const xmlNode *n, bool in_link, size_t *all, size_t *linked);
/* Does `a` say what `b` says, or (prefix) what `b` starts with: the same letters and digits
 * (Unicode's), case ignored? */
bool epi_web_said_by(const char *a, const char *b, bool prefix);
/* Repeated captions and headings that head nothing go; false when out of memory. */
bool epi_web_tidy(xmlNodePtr body);
/* A "more on this" heading at the article's end, with the teasers after it, goes
 * (web_more.c). */
void epi_web_drop_more(xmlNodePtr body);
/* A first paragraph that only repeats the title goes. */
void epi_web_drop_title_line(xmlNodePtr body, const char *title);
/* The article's headline goes when the title is it with the site's name beside it. */
void epi_web_drop_headline(xmlNodePtr body, const char *title);
/* The title as the one <h1>, first; the article's headings that say it go, its other <h1>s
 * become <h2>s. False when out of memory. */
bool epi_web_title_heading(xmlNodePtr body, const char *title);
/* Reads the page at ch->src_path: decodes it to UTF-8 (BOM, then the declared charset, then
 * detection), parses it (Gumbo, the WHATWG algorithm), fills `meta` (epi_web_metadata) and puts
 * the article, sanitised, into ch->doc's <body>. `text` receives the article's plain text (for
 * language detection and the chapter digest); `image` (may be NULL) the page's image
 * (epi_webmeta.image, or NULL) and `image_line` its line; caller frees both strings. */
ep_status epi_web_to_chapter(epi_ctx *ctx, epi_chapter *ch, epi_meta *meta, char **text,
                             size_t *text_len, time_t *newest, char **image, int *image_line);
/* identity.c: resolves book->identifier (`identifier`, else a UUIDv5 of `source`, else of the
 * title, authors, date and language, and of the chapters' text_digest when there is no title)
 * and book->modified (`modified`, else SOURCE_DATE_EPOCH, else newest_mtime). The last step of
 * epi_book_read(). */
ep_status epi_book_identify(epi_ctx *ctx, epi_book *book);
/* The digest of a chapter file's text that names an untitled book (epi_chapter.text_digest). */
void epi_text_digest(const char *text, size_t len, unsigned char digest[16]);

/* webmeta.c: fills the keys of `meta` that are still unset (title, creators, date, modified,
 * publisher, description, lang, source) from a parsed web page, in the order of
 * src/read/webmeta.c: JSON-LD, <meta> (Dublin Core, OpenGraph, Twitter), <title> without the
 * site's name, <html lang>, the canonical address (absolute URLs only). Read book.yaml or front
 * matter into `meta` first: what it set stays. `doc` is GumboOutput.document, nothing removed.
 * A JSON-LD block that is not JSON is a warning naming `path` and its line. Fails only on out
 * of memory. Reentrant. */
ep_status epi_web_metadata(epi_ctx *ctx, const GumboNode *doc, const char *path, epi_meta *meta);

/* Does n name the author, as Readability's byline test has it: rel="author", an itemprop
 * with "author", or a class or id with byline, author, writtenby or p-author? (webmeta.c also
 * takes a dateline for the byline it reads the author from.) */
bool epi_web_names_author(const GumboNode *n);

/* What a page says about itself besides the keys of epi_meta (epi_webmeta_read). */
typedef struct epi_webmeta {
    char *url;      /* the page's address (<link rel=canonical>, og:url, or the "saved from url"
                       comment a browser leaves), absolute http(s); NULL when none */
    char *image;    /* JSON-LD image or og:image as written (relative, local or remote), or NULL */
    int image_line; /* the line of the <script> or <meta> that gave it */
    const GumboNode *byline; /* the in-page byline element the author was taken from, or NULL:
                                Readability drops it from the article */
} epi_webmeta;

void epi_webmeta_free(epi_webmeta *w);

/* epi_web_metadata() that also fills `out` (may be NULL; the caller frees it). */
ep_status epi_webmeta_read(epi_ctx *ctx, const GumboNode *doc, const char *path, epi_meta *meta,
                           epi_webmeta *out);

#endif /* EPI_READ_PRIVATE_H */
