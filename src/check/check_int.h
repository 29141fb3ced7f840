/*
 * Private declarations of the built-in checker (src/check/). One module per job:
 *   check.c  driver (ep_check_file), findings, entry reading, XML parsing with limits
 *   url.c    resolving references against the container, and the RSC-0xx target checks
 *   ocf.c    ZIP structure (raw bytes), entry names, limits, container.xml, encryption.xml
 *   single.c one package or content document checked alone (epubcheck's single-file modes)
 *   dir.c    an unpacked EPUB (a folder): the same entries, read from disk under the same limits
 *   opf.c    package document: metadata, manifest, spine; undeclared files; magic bytes
 *   opf2.c   what differs in an EPUB 2.0.1 package (OPF 2.0 grammar, EPUB 2 message IDs)
 *   xhtml.c  content documents: well-formedness, ids, lang, references, properties
 *   xhtml_sch.c  their Schematron rules (epub-xhtml-30.sch), ported
 *   nav.c    navigation document: toc/landmarks/page-list model and links
 *   ncx.c    legacy NCX: dtb:uid, content src
 *   css.c    stylesheets: url()/@import references, @font-face, forbidden properties
 * Message IDs are epubcheck's (docs/ARCHITECTURE.md "Checker"); checks epubcheck has no ID for use
 * the EPK- prefix.
 */
#ifndef EPI_CHECK_INT_H
#define EPI_CHECK_INT_H

#include "util/buf.h"
#include "util/error.h"
#include "util/lang.h"
#include "util/sniff.h"
#include "util/str.h"
#include "util/url.h"
#include "util/limits.h"
#include "util/utf8.h"
#include "util/xml.h"

#include <libxml/hash.h>
#include <libxml/tree.h>
#include <libxml/xmlversion.h>
#include <stdbool.h>
#include <stdint.h>
#include <zip.h>

/* Limits for hostile input (zip bombs, huge documents): util/limits.h, shared with the build. */
#define EPI_CHK_MAX_ENTRIES EPI_LIMIT_ENTRIES
#define EPI_CHK_MAX_ENTRY_READ EPI_LIMIT_ENTRY_READ
#define EPI_CHK_MAX_TOTAL EPI_LIMIT_TOTAL
#define EPI_CHK_MAX_RATIO EPI_LIMIT_RATIO
#define EPI_CHK_RATIO_FLOOR EPI_LIMIT_RATIO_FLOOR
#define EPI_CHK_MAX_READ_TOTAL EPI_LIMIT_READ_TOTAL

#define EPI_MT_XHTML "application/xhtml+xml"
#define EPI_MT_SVG "image/svg+xml"
#define EPI_MT_NCX "application/x-dtbncx+xml"
#define EPI_MT_CSS "text/css"
#define EPI_MT_OPF "application/oebps-package+xml"

typedef struct epi_chk_entry {
    char *name; /* name as stored (valid UTF-8, else the raw bytes) */
    char *key;  /* NFC form, the key of lookups (EPUB 3.3 §6.1.4 compares normalised) */
    zip_uint64_t index;
    char *disk; /* folder mode: the file on disk (inside the checked folder), else NULL */
    zip_uint64_t size;
    zip_uint64_t comp_size;
    bool deflated; /* stored with deflate, and its CRC-32 is known: read with libdeflate */
    uint32_t crc;
    bool is_dir;
    bool unsafe;   /* absolute, "..", or not UTF-8: reported, never read */
    bool declared; /* listed in the manifest */
} epi_chk_entry;

typedef struct epi_chk_item {
    char *id;
    char *href;
    char *media_type;
    char *properties;
    char *fallback;
    int line, col; /* of the item element in the package document */
    char *path;    /* container path (NFC), NULL when remote or unresolvable */
    bool remote;
    epi_chk_entry *entry; /* NULL when missing */
    bool in_spine;
    size_t spine_pos; /* 0-based position in the spine when in_spine */
    bool linear;
    bool linked;          /* target of a hyperlink (for OPF-096) */
    bool font_use;        /* referenced as a font (a remote SVG may then be remote) */
    bool remote_reported; /* RSC-006 already reported at a reference to it */
    bool checked;         /* content document examined */
    xmlDocPtr doc;        /* parsed XHTML/SVG content document */
    xmlHashTablePtr ids;  /* ids of doc (value: the element's place in document order, from 1) */
    bool parsed;          /* well-formed: its ids are known (doc is freed since, check.c) */
    /* features found in the content, compared with `properties` (OPF-014/015) */
    bool has_script, has_svg, has_math, has_remote, has_switch;
    bool css_remote; /* its CSS (a stylesheet, or inline in XHTML) has a remote url() */
    bool svg_ref;    /* an XHTML document that references an SVG resource (img, object…): it MAY
                        declare the svg property (epubcheck's OPSHandler30.checkResourceURL) */
    bool fxl; /* a fixed-layout spine item (rendition:layout pre-paginated, EPUB 3.3 §8.2) */
    bool style_fallback; /* EPUB 2: fallback-style names a style sheet */
    bool absolute_seen;  /* a URL with a scheme was checked in this file (epi_chk_ref) */
    bool used;           /* target of a reference other than a link (OPF-097) */
    bool encrypted;      /* listed in encryption.xml (obfuscated too): not read (RSC-004) */
} epi_chk_item;

/* A fragment check that waits for the ids of every document: the references of each are
 * checked on the pool as soon as it is parsed (check.c). `at`: how many findings of the
 * document's reference pass come before it. With `toc` (the toc nav's number, from 1), the
 * reading order of a toc link to `target` instead (NAV-011, nav.c), `fragment` its href. */
typedef struct epi_chk_frag {
    size_t at;
    const epi_chk_item *target;
    char *fragment;
    const char *from;
    int line, col;
    int toc;
} epi_chk_frag;

typedef struct epi_chk_frags {
    epi_chk_frag *v;
    size_t n, cap;
} epi_chk_frags;

typedef struct epi_chk {
    ep_diag_fn diag;
    void *userdata;
    ep_check_result *res;
    const char *file;
    zip_t *zip;             /* NULL in folder mode */
    bool dir_mode;          /* checking an unpacked folder (entries carry `disk`) */
    xmlHashTablePtr folded; /* case-folded names, for duplicate detection */
    bool single;            /* one document checked alone: skip checks needing the publication */
    epi_chk_entry *entries;
    size_t nentries;
    xmlHashTablePtr entry_by_key;
    uint64_t read_total;
    char *opf_path;
    /* every package document container.xml names (renditions), the first is opf_path's; each
     * is checked in turn, as epubcheck does */
    char **renditions;
    size_t nrenditions;
    xmlDocPtr opf;
    char *unique_id;  /* value of the unique identifier, trimmed */
    bool epub3;       /* EPUB 3 rules; false for a package of version "2.0" (EPUB 2.0.1) */
    int want_version; /* single documents: 2 or 3 (epubcheck's -v), 0 = 3 */
    bool facts_only;  /* ep_read_publication: the container and the package document only */
    bool has_spine;   /* the package has a spine element (or a single document is checked) */
    bool fxl;         /* the global rendition:layout is pre-paginated */
    epi_chk_item *items;
    size_t nitems;
    xmlHashTablePtr item_by_id;
    xmlHashTablePtr item_by_path;
    xmlHashTablePtr encrypted; /* container paths listed in encryption.xml */
    epi_chk_item *nav;
    epi_chk_item *ncx;
    bool nomem;
    /* the element being checked (epi_chk_at): a finding on its line, in its file, gets its
     * column */
    const char *at_path;
    int at_line, at_col;
    /* set: findings go to an epi_diag_log (c->userdata) and the fragment checks wait here */
    epi_chk_frags *frags;
    /* an XML document parsed ahead on the pool, with its findings (check.c load_contents) */
    struct epi_chk_ahead *ahead;
    /* the nav's rules, run on the pool after its parse, with their findings (check.c) */
    struct epi_chk_later *nav_later;
    /* where the last document parsed (epi_chk_parse_xml) ends its DOCTYPE; 0 when none */
    int doctype_line, doctype_col;
} epi_chk;

/* check.c */
void epi_chk_report(epi_chk *c, ep_severity sev, const char *id, const char *path, int line,
                    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* epi_chk_report with a column (0: unknown). */
void epi_chk_report_col(epi_chk *c, ep_severity sev, const char *id, const char *path, int line,
                        int col, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* The column a finding on `line` of `path` gets: that of the element being checked
 * (epi_chk_at), 0 when on another line. */
int epi_chk_col(const epi_chk *c, const char *path, int line);
/* When c->frags is set, records the fragment check of a reference (RSC-012) for later, in its
 * place among c's findings, and returns true; else returns false. */
bool epi_chk_defer_fragment(epi_chk *c, const epi_chk_item *target, const char *fragment,
                            const char *from, int line);
/* The same for the reading order of link `href` of toc nav number `toc` (nav.c), which needs
 * the place of the element it points to in its target; c->frags is set (the nav's rules run
 * on the pool, check.c). */
void epi_chk_defer_order(epi_chk *c, const epi_chk_item *target, const char *href, const char *from,
                         int line, int toc);
/* The element n of file `path` is being checked: findings on its line get its column, the
 * column after its start tag (as epubcheck's parser locates an element). NULL: none. */
void epi_chk_at(epi_chk *c, const char *path, const xmlNode *n);
/* The line of n's end tag, as far as the tree tells (where its last text ends); where a
 * grammar checker reports an incomplete element. */
int epi_chk_end_line(const xmlNode *n);
/* The rules of package-30.sch that opf.c does not run on its way (opf_sch.c), after the
 * manifest was read (EPUB 3). */
void epi_chk_opf_schematron(epi_chk *c, xmlNodePtr md, xmlNodePtr mf);
struct epi_hs_schema;
/* Checks the tree under root (file `path`) against a content model generated from epubcheck's
 * RELAX NG schemas (util/html_schema.h, util/pkg_schema.h), each fault as RSC-005 (schema.c);
 * without attrs, faults of attributes are left to another table that checks them. */
void epi_chk_validate(epi_chk *c, const struct epi_hs_schema *s, const char *path, xmlNodePtr root,
                      bool attrs);
epi_chk_entry *epi_chk_entry_find(epi_chk *c, const char *path);
/* Reads a whole entry (at most EPI_CHK_MAX_ENTRY_READ bytes), NUL-terminated. Reports and
 * returns false on failure. */
bool epi_chk_read(epi_chk *c, epi_chk_entry *e, char **data, size_t *len);
/* Reads up to `cap` first bytes (magic-number sniffing). */
bool epi_chk_read_head(epi_chk *c, epi_chk_entry *e, unsigned char *buf, size_t cap, size_t *got);
/* The halves of a read that the content pass splits across threads (check/entry.c): whether
 * an entry may be read under the limits (each refusal reported); the whole entry once allowed;
 * whether it is one whose compressed bytes are read (a deflated entry of a ZIP whose sizes are
 * plausible), those bytes (NULL on failure: then read it whole; c->zip is used, so one thread
 * at a time); and their inflation into buf (e->size bytes, CRC-32 checked), which touches
 * nothing shared. */
bool epi_chk_read_allowed(epi_chk *c, const epi_chk_entry *e);
bool epi_chk_read_whole(epi_chk *c, epi_chk_entry *e, char **data, size_t *len);
bool epi_chk_compressed(const epi_chk_entry *e);
char *epi_chk_read_compressed(epi_chk *c, const epi_chk_entry *e, size_t *n);
struct libdeflate_decompressor;
bool epi_chk_inflate(struct libdeflate_decompressor *d, const epi_chk_entry *e, const char *raw,
                     size_t n, char *buf);
/* Parses XML safely (no network, no DTD, no entity expansion, libxml2's default size limits).
 * A well-formedness error is reported as RSC-016 (FATAL) and NULL returned. */
xmlDocPtr epi_chk_parse_xml(epi_chk *c, const char *path, const char *data, size_t len);
/* libxml2 with the checker's options; RSC-016 (FATAL) and NULL when malformed. */
xmlDocPtr epi_chk_libxml2_doc(epi_chk *c, const char *path, const char *data, size_t len);
/* Parses an entry by container path; NULL when missing (not reported) or malformed. */
xmlDocPtr epi_chk_load_xml(epi_chk *c, epi_chk_entry *e);
/* NFC form of a UTF-8 string (copy of the input if it is not valid UTF-8). */
char *epi_chk_nfc(const char *s);
/* Whitespace-trimmed copy (XML whitespace). */
char *epi_chk_trim(const char *s);
/* Attribute value (copy, caller frees with xmlFree) and element-name helpers. */
bool epi_chk_is(const xmlNode *n, const char *ns, const char *name);
bool epi_chk_has_token(const char *list, const char *token);
/* False when n certainly has no attribute `name` (in any namespace, nor a default from a DTD
 * that declares attributes): then libxml2's lookups of it (xmlGetProp, xmlGetNsProp,
 * xmlHasNsProp...) would all say none, after looking in the DTD of nearly every document,
 * its <!DOCTYPE html>, at each call. A guard for those calls on every element. */
bool epi_chk_may_have(const xmlNode *n, const char *name);
bool epi_chk_oom(epi_chk *c);

/* url.c */
typedef enum epi_chk_ref_kind {
    EPI_REF_HYPERLINK, /* a@href, area@href: must be a spine content document */
    EPI_REF_NAV,       /* toc/landmarks/page-list links: also local only (NAV-010) */
    EPI_REF_RESOURCE,  /* img, object, iframe, embed, track, svg image: local only (RSC-006) */
    EPI_REF_MEDIA,     /* audio, video and their source: may be remote */
    EPI_REF_STYLESHEET,
    EPI_REF_SCRIPT,
    EPI_REF_FONT,    /* CSS @font-face src */
    EPI_REF_CSS_URL, /* other CSS url() (images) */
    EPI_REF_NCX,     /* NCX content@src */
    EPI_REF_CITE     /* cite attributes: existence only */
} epi_chk_ref_kind;

typedef struct epi_chk_url {
    char *path;     /* container path (NFC, decoded), NULL when remote / data / bad */
    char *fragment; /* decoded, NULL when none */
    bool remote;    /* has a scheme other than data: / file: */
    bool data;
    bool file;
    bool query;
    bool empty;
    bool escapes; /* leaves the container root or is path-absolute */
} epi_chk_url;

/* The reference `href` on element n of a content document as its base URL makes it (HTML's
 * <base href>, XML Base's xml:base on n and its ancestors), as epubcheck resolves it: a new
 * string (a remote URL when the base is one), or NULL when no base applies (then href is
 * used as it is) or out of memory (c->nomem). */
char *epi_chk_with_base(epi_chk *c, const xmlNode *n, const char *href);
/* Resolves `href` relative to the directory of container path `base`. Returns false on OOM. */
bool epi_chk_url_resolve(const char *base, const char *href, epi_chk_url *u);
void epi_chk_url_free(epi_chk_url *u);
/* RSC-012 when `fragment` is not an id of the content document target (known ids only). */
void epi_chk_fragment(epi_chk *c, const epi_chk_item *target, const char *fragment,
                      const char *from, int line, int col);
/* Checks one reference from `from` (container path, line) and returns the target item (or
 * NULL). Reports RSC-006/007/008/009/010/011/012/013/026/030/033, NAV-010. */
epi_chk_item *epi_chk_ref(epi_chk *c, epi_chk_item *from_item, const char *from, int line,
                          const char *href, epi_chk_ref_kind kind);

/* ocf.c: returns false when checking cannot go on (fatal finding). */
bool epi_chk_ocf_raw(epi_chk *c, const char *file);
bool epi_chk_ocf_entries(epi_chk *c);
/* Name rules (PKG-009/010/011, unsafe names), NFC key and duplicate test (OPF-060) for an entry
 * whose name, size and is_dir are set; registers it for lookups. False on OOM. */
bool epi_chk_ocf_add_entry(epi_chk *c, epi_chk_entry *e);
bool epi_chk_ocf_container(epi_chk *c);
void epi_chk_ocf_encryption(epi_chk *c);
void epi_chk_ocf_signatures(epi_chk *c);

/* dir.c: lists the folder `root` as container entries (mimetype checks, symlinks, special
 * files, limits). Returns false when checking cannot go on. */
bool epi_chk_dir_entries(epi_chk *c, const char *root);

/* ep_check_file_report's callback: the package's metadata and the container's files (facts.c). */
void epi_chk_publication(epi_chk *c, ep_check_publication_fn fn, void *userdata);

/* single.c */
typedef enum epi_chk_single_kind {
    EPI_SINGLE_NONE,
    EPI_SINGLE_OPF,
    EPI_SINGLE_XHTML,
    EPI_SINGLE_SVG
} epi_chk_single_kind;
/* Which single-document mode a file name selects (by extension, as epubcheck does). */
epi_chk_single_kind epi_chk_single_kind_of(const char *path);
void epi_chk_single(epi_chk *c, const char *path, epi_chk_single_kind kind);
/* ocf.c: true when a (decoded) file name has code points OCF forbids (PKG-009). */
bool epi_chk_name_forbidden(const char *name);

/* opf.c */
bool epi_chk_opf(epi_chk *c);
void epi_chk_opf_undeclared(epi_chk *c);
void epi_chk_opf_after_content(epi_chk *c);
/* font/..., or one of the older font media types epubcheck accepts */
bool epi_chk_is_font_type(const char *mt);
/* A content document (XHTML or SVG), or a fallback chain to one (EPUB 3.3 §5.6.2.2). */
bool epi_chk_content_fallback(epi_chk *c, const epi_chk_item *it);

/* opf2.c (EPUB 2.0.1 packages only) */
/* The OPF 2.0 grammar's rules on the package element and its children (RSC-005), with the
 * EPUB 2 metadata rules (OPF-052, OPF-055, OPF-072) and page-map (OPF-063). */
void epi_chk_opf2(epi_chk *c, xmlNodePtr root);
/* An OEBPS 1.2 package (root in its namespace, with a version): its grammar and OPF 1.2 rules. */
void epi_chk_opf12(epi_chk *c, xmlNodePtr root);
/* OPF-035/037 on one manifest item; OPF-041 and fallback-style over the manifest. */
void epi_chk_opf2_item(epi_chk *c, epi_chk_item *it);
void epi_chk_opf2_fallbacks(epi_chk *c, xmlNodePtr mf);
/* OPF-042/043/044 on a spine item. */
void epi_chk_opf2_spine_item(epi_chk *c, epi_chk_item *it, int line);
/* An EPUB 2 content document type: XHTML, DTBook, or the deprecated OEB 1 and text/html. */
bool epi_chk_opf2_content_type(const char *mt);

/* xhtml.c */
void epi_chk_content_load(epi_chk *c, epi_chk_item *it);
/* The two halves of epi_chk_content_load: whether the item is a content document (XHTML or
 * SVG) to examine, and the examination of its bytes (touches only `it`; findings go through
 * `c`), which check.c runs on threads. */
bool epi_chk_content_wanted(const epi_chk_item *it);
void epi_chk_content_parse(epi_chk *c, epi_chk_item *it, const char *data, size_t len);
void epi_chk_content_refs(epi_chk *c, epi_chk_item *it);
/* xhtml_sch.c: the Schematron rules of epub-xhtml-30.sch, on a document whose ids are known. */
void epi_chk_xhtml_schematron(epi_chk *c, epi_chk_item *it, xmlNodePtr root);

/* nav.c, ncx.c, css.c */
/* The nav's rules on its parsed tree (c->nav->doc), on the pool with c a copy whose findings
 * and waiting checks are kept (check.c): its reading order (NAV-011) is judged as they are
 * replayed, with epi_chk_nav_order_link on each waiting toc link in turn (o zeroed first). */
void epi_chk_nav_doc(epi_chk *c);
typedef struct epi_chk_nav_order {
    int toc;        /* the toc nav the links so far belong to */
    long last_pos;  /* spine position of the previous link's target */
    size_t last_at; /* ... and its place in that document (0: the start) */
    bool reported;
} epi_chk_nav_order;
void epi_chk_nav_order_link(epi_chk *c, epi_chk_nav_order *o, const epi_chk_frag *f);
void epi_chk_ncx(epi_chk *c);
/* The NCX's rules on its parsed tree (ncx.c); any thread, with c a copy whose findings and
 * fragment checks are kept (check.c), as the content documents' references are checked. */
void epi_chk_ncx_doc(epi_chk *c, xmlDocPtr doc);
/* check.c: when the NCX was checked on the pool, hands its findings to c and returns true. */
bool epi_chk_ncx_ahead(epi_chk *c);
void epi_chk_css_item(epi_chk *c, epi_chk_item *it);
/* Checks CSS text found in item `it` (a stylesheet, a <style> element or a style attribute)
 * starting at `line`. Remote font references set it->has_remote. */
void epi_chk_css_text(epi_chk *c, epi_chk_item *it, int line, const char *css, size_t len);

#endif /* EPI_CHECK_INT_H */
