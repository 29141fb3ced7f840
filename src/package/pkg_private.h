/*
 * The package stage's internal declarations (src/package/); its entry point is pkg.h's. No
 * other stage and not build.c includes this header.
 *
 * epi_package() (package.c) builds each generated document as a libxml2 tree with the helpers
 * below, serialises it and appends it to the entry list in container order.
 */
#ifndef EPI_PKG_PRIVATE_H
#define EPI_PKG_PRIVATE_H

#include "pkg.h"
#include "util/labels.h"
#include "util/lang.h"

/* The default stylesheet, styles/epubpack.css compiled in (CMakeLists.txt). */
extern const unsigned char epi_default_css[];
extern const size_t epi_default_css_len;

/* Container paths only package names (the folders the stages share are book.h's). Hrefs in
 * the OPF are relative to EPUB/ (EPI_ROOT_DIR). */
#define EPI_PKG_NAV_HREF "nav.xhtml"
#define EPI_PKG_NCX_HREF "toc.ncx"
#define EPI_PKG_NAV_TOC_ID "toc"
/* The visible contents page (nav.c), in EPUB/ beside the nav so that both use the same hrefs. */
#define EPI_PKG_CONTENTS_HREF "contents.xhtml"
#define EPI_PKG_CONTENTS_ID "contents"

/* ---------- toc.c: the table of contents as a tree, shared by nav.c and ncx.c ---------- */

typedef struct epi_toc_node {
    char *label;
    char *href; /* relative to EPUB/, e.g. "text/ch001.xhtml#intro" */
    struct epi_toc_node *kids;
    size_t nkids, cap;
} epi_toc_node;

typedef struct epi_toc {
    epi_toc_node root; /* label/href unused */
    int depth;         /* deepest nesting (1 = flat list) */
    size_t count;      /* number of entries */
} epi_toc;

ep_status epi_toc_build(const epi_book *book, epi_toc *toc, ep_error *err);
void epi_toc_free(epi_toc *toc);

/* ---------- xml.c: tree helpers ---------- */

/* Appends <name>text</name> (text may be NULL: no content) to parent in parent's namespace ns. */
xmlNodePtr epi_pkg_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text);
/* Sets an attribute; returns false on OOM. */
bool epi_pkg_attr(xmlNodePtr node, const char *name, const char *value);
/* Sets xml:lang. */
bool epi_pkg_xml_lang(xmlNodePtr node, const char *lang);
/* Serialises with the XML declaration; `format` indents (only for documents without mixed
 * content, where added whitespace cannot change the rendering). */
ep_status epi_pkg_serialize(xmlDocPtr doc, bool format, unsigned char **data, size_t *len,
                            ep_error *err);
/* Serialises an XML document as UTF-8 with the XML declaration. */
ep_status epi_xml_serialize(xmlDocPtr doc, unsigned char **data, size_t *len, ep_error *err);
/* Formats t as YYYY-MM-DDThh:mm:ssZ (UTC) into out[21]. */
void epi_pkg_w3c_time(time_t t, char out[21]);

/* ---------- one generator per document; each returns a new tree ---------- */

/* container.c: META-INF/container.xml, and Apple's display-options file. */
xmlDocPtr epi_pkg_container(void);
xmlDocPtr epi_pkg_display_options(void);

/* a11y.c: schema.org discovery metadata (EPUB Accessibility 1.1 §5.1) into <metadata>. */
bool epi_pkg_a11y_meta(const epi_book *book, xmlNodePtr metadata);

/* opf.c; props[i]: chapter i's manifest properties (epi_pkg_content_properties). */
ep_status epi_pkg_opf(const epi_book *book, const epi_toc *toc, char (*props)[64], xmlDocPtr *out,
                      ep_error *err);

/* nav.c */
ep_status epi_pkg_nav(const epi_book *book, const epi_toc *toc, xmlDocPtr *out, ep_error *err);
ep_status epi_pkg_contents(const epi_book *book, const epi_toc *toc, xmlDocPtr *out, ep_error *err);

/* ncx.c */
ep_status epi_pkg_ncx(const epi_book *book, const epi_toc *toc, xmlDocPtr *out, ep_error *err);

/* xhtml.c: a finished copy of a chapter document (stylesheet link, DOCTYPE, no empty
 * non-void elements), for the Kobo target's markup. */
ep_status epi_pkg_chapter(const epi_book *book, const epi_chapter *ch, xmlDocPtr *out,
                          ep_error *err);
/* The chapter's document finished so and serialised (epi_pkg_serialize) without a copy of
 * it: the link and the DOCTYPE are added to the chapter's own tree for the serialisation and
 * taken out after; the empty texts of its empty elements stay, which no later reader of the
 * tree sees (a copy per chapter was most of packaging's own work on a long book). */
ep_status epi_pkg_chapter_bytes(const epi_chapter *ch, unsigned char **data, size_t *len,
                                ep_error *err);
/* Manifest properties a content document needs (EPUB 3.3 §5.6.2.3; OPF-014/015): "svg",
 * "mathml", "scripted", space-separated, into out[64] ("" when none). */
void epi_pkg_content_properties(xmlDocPtr doc, char out[64]);
/* Makes doc an XHTML content document for serialisation: adds <!DOCTYPE html>, and gives
 * every empty non-void element an empty text child so it is written as <p></p>, not <p/>. */
bool epi_pkg_xhtml_finish(xmlDocPtr doc);

/* pages.c: the cover page and the title page, first in the spine (in that order). */
#define EPI_PKG_COVER_PAGE "cover.xhtml" /* in EPUB/text/ */
#define EPI_PKG_TITLE_PAGE "title.xhtml"
#define EPI_PKG_COVER_PAGE_ID "cover-page"
#define EPI_PKG_TITLE_PAGE_ID "title-page"
/* The resource with the cover-image property, or NULL: a cover page is written iff set. */
const epi_resource *epi_pkg_cover(const epi_book *book);
/* `title-page:` if given, else true for a book of several (source) chapters. */
bool epi_pkg_has_title_page(const epi_book *book);
ep_status epi_pkg_cover_page(const epi_book *book, xmlDocPtr *out, ep_error *err);
ep_status epi_pkg_title_page(const epi_book *book, xmlDocPtr *out, ep_error *err);

/* kobo.c: the Kobo target's markup on a finished content document: the body's content in
 * div#book-columns > div#book-inner, each text node's sentences in koboSpans (docs/ARCHITECTURE.md
 * "Kobo target"). False on out of memory or a document without <body>. */
bool epi_pkg_kobo(xmlDocPtr doc);
/* Its two steps: the wrapper divs around body's content, then the koboSpans of the subtree under
 * root (body), numbered from kobo.1.1 (kobo.0.S for text
 * before the first block). */
bool epi_kobo_wrap(xmlNodePtr body);
bool epi_kobo_spans(xmlNodePtr root);
/* The length of the first sentence of s[0..len): up to and with the whitespace after its end,
 * or len. */
size_t epi_kobo_sentence_end(const char *s, size_t len);

/* css.c: the stylesheet text (ours + fonts + user's). */
ep_status epi_pkg_css(const epi_book *book, unsigned char **data, size_t *len, ep_error *err);

/* True when the book embeds fonts (any resource with a font/ media type). */
bool epi_pkg_has_fonts(const epi_book *book);
/* Manifest id of the chapter (i is 0-based): "ch001"… */
void epi_pkg_chapter_id(size_t i, char out[32]);

#endif /* EPI_PKG_PRIVATE_H */
