/*
 * The checker's driver: ep_check_file() (an .epub, or an unpacked EPUB folder) runs the stages in
 * container order (OCF → package document → content → navigation → NCX → CSS), counts findings by
 * severity and hands each one to the caller's callback. Also the shared helpers: parsing XML
 * safely (the checker reads hostile files); reading entries under size limits is check/entry.c's.
 */
#include "check_int.h"
#include "util/diag.h"
#include "util/init.h"
#include "util/parallel.h"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libdeflate.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uninorm.h>

/* Below this many bytes of content documents the checker parses them on one thread. */
#define CHECK_PARALLEL_BYTES (64 * 1024)

const char *ep_severity_string(ep_severity sev)
{
    switch (sev) {
    case EP_SEV_FATAL:
        return "FATAL";
    case EP_SEV_ERROR:
        return "ERROR";
    case EP_SEV_WARNING:
        return "WARNING";
    case EP_SEV_USAGE:
        return "USAGE";
    case EP_SEV_INFO:
        return "INFO";
    }
    return "UNKNOWN";
}

static void report(epi_chk *c, ep_severity sev, const char *id, const char *path, int line, int col,
                   const char *fmt, va_list ap) __attribute__((format(printf, 7, 0)));

int epi_chk_col(const epi_chk *c, const char *path, int line)
{
    return line > 0 && line == c->at_line && path && c->at_path && !strcmp(path, c->at_path)
               ? c->at_col
               : 0;
}

void epi_chk_report(epi_chk *c, ep_severity sev, const char *id, const char *path, int line,
                    const char *fmt, ...)
{
    va_list ap;
    int col = epi_chk_col(c, path, line);
    va_start(ap, fmt);
    report(c, sev, id, path, line, col, fmt, ap);
    va_end(ap);
}

void epi_chk_report_col(epi_chk *c, ep_severity sev, const char *id, const char *path, int line,
                        int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(c, sev, id, path, line, col, fmt, ap);
    va_end(ap);
}

void epi_chk_at(epi_chk *c, const char *path, const xmlNode *n)
{
    c->at_path = n ? path : NULL;
    c->at_line = n ? (int)xmlGetLineNo(n) : 0;
    c->at_col = n ? (int)(intptr_t)n->psvi : 0;
}

int epi_chk_end_line(const xmlNode *n)
{
    const xmlNode *last = n->last;
    if (!last)
        return (int)xmlGetLineNo(n);
    if (last->type == XML_ELEMENT_NODE)
        return epi_chk_end_line(last);
    /* libxml2 numbers a text node with the line the parser had reached at its end */
    return (int)xmlGetLineNo(last);
}

static void report(epi_chk *c, ep_severity sev, const char *id, const char *path, int line, int col,
                   const char *fmt, va_list ap)
{
    char msg[1024];

    vsnprintf(msg, sizeof msg, fmt, ap);
    switch (sev) {
    case EP_SEV_FATAL:
        c->res->fatals++;
        break;
    case EP_SEV_ERROR:
        c->res->errors++;
        break;
    case EP_SEV_WARNING:
        c->res->warnings++;
        break;
    case EP_SEV_USAGE:
        c->res->usages++;
        break;
    case EP_SEV_INFO:
        c->res->infos++;
        break;
    }
    if (c->diag) {
        ep_diag d = {sev, id, path ? path : "", line, col, msg};
        c->diag(c->userdata, &d);
    }
}

bool epi_chk_oom(epi_chk *c)
{
    c->nomem = true;
    return false;
}

char *epi_chk_nfc(const char *s)
{
    size_t n = 0, outlen = 0;
    while (s[n] && (unsigned char)s[n] < 0x80)
        n++;
    if (!s[n]) /* ASCII is its own NFC: most names and URLs */
        return epi_strndup(s, n);
    n += strlen(s + n);
    if (!epi_utf8_valid(s, n, NULL))
        return epi_strdup(s);
    uint8_t *u = u8_normalize(UNINORM_NFC, (const uint8_t *)s, n, NULL, &outlen);
    if (!u)
        return NULL;
    char *r = epi_strndup((const char *)u, outlen);
    free(u);
    return r;
}

char *epi_chk_trim(const char *s)
{
    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return epi_strndup(s, n);
}

bool epi_chk_is(const xmlNode *n, const char *ns, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name) != 0)
        return false;
    if (!ns)
        return n->ns == NULL;
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, ns) == 0;
}

bool epi_chk_has_token(const char *list, const char *token)
{
    size_t tl = strlen(token);
    const char *p = list;
    if (!list)
        return false;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        const char *s = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            p++;
        if ((size_t)(p - s) == tl && memcmp(s, token, tl) == 0)
            return true;
    }
    return false;
}

static bool defer(epi_chk *c, const epi_chk_item *target, const char *text, const char *from,
                  int line, int toc)
{
    epi_chk_frags *q = c->frags;
    if (!q)
        return false;
    epi_chk_frag *v = epi_grow(q->v, &q->cap, q->n, sizeof *v, 4);
    if (v)
        q->v = v; /* grown, even if the copy below fails: the old block is gone */
    char *f = v ? epi_strdup(text) : NULL;
    if (!f) {
        epi_chk_oom(c);
        return true;
    }
    /* in its place among the findings: after the q->n... kept so far in c's log */
    q->v[q->n++] = (epi_chk_frag){((epi_diag_log *)c->userdata)->n, target, f, from, line,
                                  epi_chk_col(c, from, line),       toc};
    return true;
}

bool epi_chk_defer_fragment(epi_chk *c, const epi_chk_item *target, const char *fragment,
                            const char *from, int line)
{
    return defer(c, target, fragment, from, line, 0);
}

void epi_chk_defer_order(epi_chk *c, const epi_chk_item *target, const char *href, const char *from,
                         int line, int toc)
{
    if (!defer(c, target, href, from, line, toc))
        epi_chk_oom(c); /* no queue: not the pool's copy, which cannot be */
}

bool epi_chk_may_have(const xmlNode *n, const char *name)
{
    const xmlDoc *d = n->doc;
    if (d && d->intSubset && (d->intSubset->attributes || d->extSubset))
        return true;
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0)
            return true;
    return false;
}

typedef struct xml_errs {
    bool have;
    int line, col;
    char msg[512];
} xml_errs;

/* Structured handler on the parser context: keeps the first error and stops libxml2 from
 * printing (the library never prints). */
static void xml_error(void *data, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = data;
    xml_errs *st = ctxt ? ctxt->_private : NULL;
    if (!st || !e || e->level < XML_ERR_ERROR || st->have)
        return;
    st->have = true;
    st->line = e->line;
    st->col = e->int2;
    snprintf(st->msg, sizeof st->msg, "%s", e->message ? e->message : "malformed XML");
    size_t n = strlen(st->msg);
    while (n > 0 && (st->msg[n - 1] == '\n' || st->msg[n - 1] == ' '))
        st->msg[--n] = '\0';
}

/* Tree building, plus each element's column: libxml2's nodes keep a line only. The column is
 * that of the end of the start tag, as the SAX locator of epubcheck's parser gives it; it is
 * kept in the node's psvi, which a tree parsed without XML_PARSE_BIG_LINES or schema
 * validation leaves unused. */
static void start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                          const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                          int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                          nb_defaulted, attributes);
    if (ctxt->node && ctxt->input && ctxt->input->cur) {
        /* the parser stands on the start tag's ">" (or "/>"): the column after it */
        int col = ctxt->input->col + (ctxt->input->cur[0] == '/' ? 2 : 1);
        ctxt->node->psvi = (void *)(intptr_t)col;
    }
}

/* Public identifiers EPUB 3.3 §2.1 (core#sec-xml-constraints) allows with external ids. */
static bool allowed_doctype(const xmlDtd *dtd)
{
    static const char *const ok[] = {"-//NISO//DTD ncx 2005-1//EN", "-//W3C//DTD SVG 1.1//EN",
                                     "-//W3C//DTD MathML 3.0//EN"};
    if (!dtd->ExternalID && !dtd->SystemID)
        return true;
    for (size_t i = 0; dtd->ExternalID && i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp((const char *)dtd->ExternalID, ok[i]) == 0)
            return true;
    return false;
}

/* EPUB 2 (epubcheck's DeclarationHandler): an XHTML document's DOCTYPE, when it has one, is
 * XHTML 1.1's, an NCX's the NISO one (HTM-004); others are not checked. */
static void epub2_doctype(epi_chk *c, const char *path, const xmlDtd *dtd, const xmlNode *root)
{
    static const char *const ids[][3] = {
        {"html", "-//W3C//DTD XHTML 1.1//EN", "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd"},
        {"ncx", "-//NISO//DTD ncx 2005-1//EN", "http://www.daisy.org/z3986/2005/ncx-2005-1.dtd"}};
    if (!root || !dtd->name)
        return;
    for (size_t k = 0; k < 2; k++) {
        if (strcmp((const char *)dtd->name, ids[k][0]) != 0 ||
            strcmp((const char *)root->name, ids[k][0]) != 0)
            continue;
        /* an XHTML document is one in the XHTML namespace; an NCX is checked as one */
        if (k == 0 && !(root->ns && strcmp((const char *)root->ns->href, EPI_NS_XHTML) == 0))
            continue;
        const char *pub = (const char *)dtd->ExternalID, *sys = (const char *)dtd->SystemID;
        const char *bad = !pub || strcmp(pub, ids[k][1]) != 0   ? (pub ? pub : "")
                          : !sys || strcmp(sys, ids[k][2]) != 0 ? (sys ? sys : "")
                                                                : NULL;
        if (bad)
            epi_chk_report_col(
                c, EP_SEV_ERROR, "HTM-004", path, c->doctype_line, c->doctype_col,
                "Irregular DOCTYPE: found \"%s\", expected \"<!DOCTYPE %s PUBLIC \"%s\" "
                "\"%s\">\"",
                bad, ids[k][0], ids[k][1], ids[k][2]);
    }
}

/* The first reference under n to an entity that neither the document nor its DTD declares, or
 * NULL. html: the DTD declares HTML 4's entities, as epubcheck's copy of XHTML 1.1's does
 * (schema/20/dtd/xhtml11-ent.dtd). Its copies of XHTML 1.0's declare none themselves: they
 * take them from external parameter entities, which its parser does not read
 * (XMLParser: external-parameter-entities false; DefaultResolver). */
static const xmlNode *undeclared_entity_ref(xmlDocPtr doc, const xmlNode *n, bool html)
{
    for (; n; n = n->next) {
        if (n->type == XML_ENTITY_REF_NODE) {
            if (!xmlGetDocEntity(doc, n->name) && !(html && htmlEntityLookup(n->name)))
                return n;
        } else if (n->type == XML_ELEMENT_NODE) {
            const xmlNode *r = undeclared_entity_ref(doc, n->children, html);
            if (r)
                return r;
        }
    }
    return NULL;
}

/* The first reference to an external parsed entity under n, or NULL. */
static const xmlNode *external_entity_ref(const xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type == XML_ENTITY_REF_NODE) {
            const xmlEntity *e = (const xmlEntity *)n->children;
            if (e && e->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY)
                return n;
        } else if (n->type == XML_ELEMENT_NODE) {
            const xmlNode *r = external_entity_ref(n->children);
            if (r)
                return r;
        }
    }
    return NULL;
}

/* The line and column of the ">" that ends the DOCTYPE of data (where epubcheck's parser
 * reports a finding about it), or 0 and 0. */
static void doctype_end(const char *data, size_t len, int *line, int *col)
{
    static const char key[] = "<!DOCTYPE";
    size_t k = 0, ln = 1, start = 0;
    *line = *col = 0;
    for (; k + sizeof key - 1 <= len; k++) {
        if (data[k] == '\n') {
            ln++;
            start = k + 1;
        } else if (data[k] == '<' && memcmp(data + k, key, sizeof key - 1) == 0) {
            break;
        } else if (data[k] == '<' && k + 1 < len && data[k + 1] != '?' && data[k + 1] != '!') {
            return; /* the root element came first: no DOCTYPE */
        }
    }
    bool subset = false;
    for (; k < len; k++) {
        if (data[k] == '\n') {
            ln++;
            start = k + 1;
        } else if (data[k] == '[') {
            subset = true;
        } else if (data[k] == ']') {
            subset = false;
        } else if (data[k] == '>' && !subset) {
            *line = (int)ln;
            *col = (int)(k - start + 1);
            return;
        }
    }
}

xmlDocPtr epi_chk_libxml2_doc(epi_chk *c, const char *path, const char *data, size_t len)
{
    xml_errs st = {0};
    xmlDocPtr doc = NULL;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();

    if (!ctxt) {
        epi_chk_oom(c);
        return NULL;
    }
    ctxt->_private = &st;
    ctxt->sax->serror = xml_error;
    ctxt->sax->startElementNs = start_element;
    /* No XML_PARSE_NOENT (no entity substitution), no DTDLOAD/DTDATTR, no network, and no
     * XML_PARSE_HUGE: libxml2 keeps its default limits on names, text nodes and depth.
     * XML_PARSE_COMPACT keeps short text (the line breaks between elements) in its node, one
     * malloc and free less each: the checker never modifies a tree. */
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                                XML_PARSE_COMPACT);
    if (!doc || !ctxt->wellFormed || !ctxt->nsWellFormed) {
        if (ctxt->errNo == XML_ERR_NO_MEMORY)
            epi_chk_oom(c);
        epi_chk_report_col(c, EP_SEV_FATAL, "RSC-016", path, st.have ? st.line : 0,
                           st.have ? st.col : 0, "malformed XML: %s",
                           st.have ? st.msg : "not well-formed");
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

xmlDocPtr epi_chk_parse_xml(epi_chk *c, const char *path, const char *data, size_t len)
{
    doctype_end(data, len, &c->doctype_line, &c->doctype_col);
    xmlDocPtr doc = epi_chk_libxml2_doc(c, path, data, len);
    if (!doc)
        return NULL;
    if (doc->version && strcmp((const char *)doc->version, "1.0") != 0)
        epi_chk_report(c, EP_SEV_ERROR, "HTM-001", path, 1,
                       "XML version \"%s\" is not allowed; use 1.0", (const char *)doc->version);
    if (doc->encoding) {
        const char *enc = (const char *)doc->encoding;
        if (strncasecmp(enc, "utf-16", 6) == 0)
            epi_chk_report(c, EP_SEV_WARNING, "RSC-027", path, 1,
                           "XML documents should be encoded in UTF-8, not %s", enc);
        else if (strcasecmp(enc, "utf-8") != 0)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-028", path, 1,
                           "XML documents must be encoded in UTF-8, not %s", enc);
    }
    if (doc->intSubset) {
        xmlDtdPtr dtd = doc->intSubset;
        xmlNodePtr root = xmlDocGetRootElement(doc);
        bool html = root && strcmp((const char *)root->name, "html") == 0;
        bool external_parsed = false;
        /* External entities are forbidden (EPUB 3.3 §2.1); HTM-003. */
        for (xmlNodePtr n = dtd->children; n; n = n->next)
            if (n->type == XML_ENTITY_DECL) {
                xmlEntityPtr ent = (xmlEntityPtr)n;
                external_parsed |= ent->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY;
                if (c->epub3 && (ent->etype == XML_EXTERNAL_GENERAL_PARSED_ENTITY ||
                                 ent->etype == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY ||
                                 ent->etype == XML_EXTERNAL_PARAMETER_ENTITY))
                    epi_chk_report(c, EP_SEV_ERROR, "HTM-003", path, n->line,
                                   "external entity \"%s\" is not allowed",
                                   (const char *)ent->name);
            }
        /* A reference to one is unreadable, as for epubcheck, whose parser does not read
         * external entities: the document cannot be parsed as it stands (RSC-016). */
        const xmlNode *ref =
            external_parsed ? external_entity_ref(xmlDocGetRootElement(doc)) : NULL;
        if (ref)
            epi_chk_report(c, EP_SEV_FATAL, "RSC-016", path, (int)xmlGetLineNo(ref),
                           "the external entity \"%s\" was referenced; external entities are "
                           "not read",
                           (const char *)ref->name);
        /* the package document's is checked once its version is known (opf.c) */
        bool package = root && strcmp((const char *)root->name, "package") == 0;
        if (!c->epub3 && !package)
            epub2_doctype(c, path, dtd, root);
        const char *sys = (const char *)dtd->SystemID;
        bool xhtml10 =
            sys && (strcmp(sys, "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd") == 0 ||
                    strcmp(sys, "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd") == 0);
        const xmlNode *undeclared = !c->epub3 && html && dtd->ExternalID
                                        ? undeclared_entity_ref(doc, root, !xhtml10)
                                        : NULL;
        if (undeclared)
            epi_chk_report(c, EP_SEV_FATAL, "RSC-016", path, (int)xmlGetLineNo(undeclared),
                           "The entity \"%s\" was referenced, but not declared",
                           (const char *)undeclared->name);
        else if (!html && !package && !allowed_doctype(dtd))
            epi_chk_report(c, EP_SEV_ERROR, "OPF-073", path, 1,
                           "DOCTYPE with an external identifier \"%s\" is not allowed",
                           dtd->ExternalID ? (const char *)dtd->ExternalID
                                           : (const char *)dtd->SystemID);
    }
    return doc;
}

/* The NCX, parsed and checked on the pool with the first batch of content documents (its
 * rules need none of theirs but the ids its links point to, which wait as the content
 * documents' do): epi_chk_ncx replays its findings in their place. */
struct epi_chk_ahead {
    epi_chk_entry *entry;
    char *data;
    size_t len;
    epi_chk sub;
    ep_check_result res;
    epi_diag_log log;
    epi_chk_frags frags;
};

/* The nav's rules, run on the pool right after its parse and references (content_one), with
 * their findings and waiting checks, replayed by nav_replay after every document's. */
struct epi_chk_later {
    epi_chk sub;
    ep_check_result res;
    epi_diag_log log;
    epi_chk_frags frags;
};

static void replay_frags(epi_chk *c, epi_chk *sub, epi_diag_log *log, const epi_chk_frags *q);
static void free_ahead(epi_chk *c);

bool epi_chk_ncx_ahead(epi_chk *c)
{
    struct epi_chk_ahead *a = c->ahead;
    if (!a || !c->ncx || a->entry != c->ncx->entry)
        return false;
    c->read_total += a->len;
    c->doctype_line = a->sub.doctype_line;
    c->doctype_col = a->sub.doctype_col;
    replay_frags(c, &a->sub, &a->log, &a->frags);
    epi_chk_at(c, NULL, NULL);
    free_ahead(c);
    return true;
}

xmlDocPtr epi_chk_load_xml(epi_chk *c, epi_chk_entry *e)
{
    char *data = NULL;
    size_t len = 0;
    if (!e || !epi_chk_read(c, e, &data, &len))
        return NULL;
    xmlDocPtr doc = epi_chk_parse_xml(c, e->name, data, len);
    free(data);
    return doc;
}

static void free_items(epi_chk *c)
{
    for (size_t i = 0; i < c->nitems; i++) {
        epi_chk_item *it = &c->items[i];
        free(it->id);
        free(it->href);
        free(it->media_type);
        free(it->properties);
        free(it->fallback);
        free(it->path);
        xmlHashFree(it->ids, NULL);
        xmlFreeDoc(it->doc);
    }
    free(c->items);
}

static void free_entries(epi_chk *c)
{
    for (size_t i = 0; i < c->nentries; i++) {
        free(c->entries[i].name);
        free(c->entries[i].key);
        free(c->entries[i].disk);
    }
    free(c->entries);
}

/* ---------- content documents on threads ---------- */

/* Parsing and scanning the content documents was most of a check of War and Peace
 * (tests/bench/PROFILE.md). The entries are read in manifest order on this thread (one libzip
 * handle; the read limits count in order), a batch of at most CHECK_BATCH_BYTES at a time; each
 * is then parsed, checked and its references checked on the CPUs with its own copies of the
 * checker whose findings are kept, and the findings are replayed in manifest order: those of
 * the documents' own rules batch by batch, then, once every document's ids are known, those
 * of their references, with the fragment checks that waited for the ids (epi_chk_frags) in
 * their places. The report is the one a sequential pass gives.
 *
 * Memory (docs/ARCHITECTURE.md "Checker"): what the later rules need of a document is small
 * (its ids, with each one's place in document order, for fragments and the nav's order), so a
 * document's tree is freed as soon as its references are checked (the nav's once its own
 * rules, nav.c, are done there too, their reading-order check waiting as fragments do). An EPUB of
 * 1000 entries sharing one 2 MB deflate stream took 546 MB when every tree was kept. */
#define CHECK_BATCH_BYTES (16u << 20)

typedef struct content_slot {
    epi_chk sub; /* *c with findings going to log and counts to res */
    ep_check_result res;
    epi_diag_log log;
    epi_chk refs; /* the same for the reference pass, with its fragment checks in frags */
    ep_check_result refs_res;
    epi_diag_log refs_log;
    epi_chk_frags frags;
    char *data;
    size_t len;
    bool compressed; /* read (under zip_lock) and inflated on the pool */
    bool parse;
    bool retry; /* not read or inflated so: read again through libzip, in order */
} content_slot;

typedef struct content_job {
    epi_chk *c;
    content_slot *slots;
    /* the batch's tasks, largest first so that no large one is left for the end: an item's
     * index, or AHEAD for c->ahead */
    size_t *order;
    struct libdeflate_decompressor *dec[EPI_PARALLEL_MAX]; /* one per worker, made on use */
    pthread_mutex_t zip_lock;                              /* c->zip, one thread at a time */
} content_job;

#define AHEAD SIZE_MAX

/* The ids' values become each element's place among the document's elements, from 1, so that
 * they outlive the tree. */
static void ids_to_positions(epi_chk_item *it)
{
    const xmlNode *root = xmlDocGetRootElement(it->doc);
    size_t k = 0;
    for (const xmlNode *n = root; n;) {
        if (n->type == XML_ELEMENT_NODE) {
            k++;
            xmlChar *id = NULL;
            if (epi_chk_may_have(n, "id") && !(id = xmlGetProp(n, (const xmlChar *)"id")))
                id = xmlGetNsProp(n, (const xmlChar *)"id", (const xmlChar *)EPI_NS_XML);
            char *tid = id ? epi_chk_trim((const char *)id) : NULL;
            if (tid && xmlHashLookup(it->ids, (xmlChar *)tid) == n)
                xmlHashUpdateEntry(it->ids, (xmlChar *)tid, (void *)(uintptr_t)k, NULL);
            free(tid);
            xmlFree(id);
        }
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next && n != root)
            n = n->parent;
        n = n && n != root ? n->next : NULL;
    }
}

static void content_one(content_job *job, size_t i, size_t worker)
{
    content_slot *s = &job->slots[i];
    epi_chk_item *it = &job->c->items[i];
    if (s->compressed) {
        size_t rawlen = 0;
        pthread_mutex_lock(&job->zip_lock);
        char *raw = epi_chk_read_compressed(&s->sub, it->entry, &rawlen);
        pthread_mutex_unlock(&job->zip_lock);
        char *buf = raw ? malloc((size_t)it->entry->size + 1) : NULL;
        if (buf && !job->dec[worker])
            job->dec[worker] = libdeflate_alloc_decompressor();
        if (buf && epi_chk_inflate(job->dec[worker], it->entry, raw, rawlen, buf)) {
            buf[it->entry->size] = '\0';
            s->data = buf;
        } else {
            free(buf);
            s->retry = true;
        }
        free(raw);
        s->compressed = false;
        if (s->retry)
            return;
    }
    if (s->parse)
        epi_chk_content_parse(&s->sub, it, s->data, s->len);
    free(s->data);
    s->data = NULL;
    if (!it->doc)
        return;
    if (it->ids)
        ids_to_positions(it);
    epi_chk_content_refs(&s->refs, it);
    if (it == job->c->nav && job->c->nav_later)
        epi_chk_nav_doc(&job->c->nav_later->sub);
    xmlFreeDoc(it->doc);
    it->doc = NULL;
}

static void content_work(void *ud, size_t k, size_t worker)
{
    content_job *job = ud;
    struct epi_chk_ahead *a = job->c->ahead;
    if (job->order[k] != AHEAD) {
        content_one(job, job->order[k], worker);
    } else if (a && a->data) {
        xmlDocPtr doc = epi_chk_parse_xml(&a->sub, a->entry->name, a->data, a->len);
        free(a->data);
        a->data = NULL;
        if (doc)
            epi_chk_ncx_doc(&a->sub, doc);
        xmlFreeDoc(doc);
    }
}

typedef struct task_key {
    zip_uint64_t size;
    size_t task;
} task_key;

static int larger_first(const void *a, const void *b)
{
    const task_key *x = a, *y = b;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return x->task < y->task ? -1 : x->task > y->task;
}

/* Puts the batch's tasks in job->order, largest document first. False when out of memory. */
static bool order_tasks(content_job *job, size_t first, size_t n, size_t *tasks)
{
    task_key *keys = malloc((n - first + 1) * sizeof *keys);
    size_t k = 0;
    if (!keys)
        return false;
    for (size_t i = first; i < n; i++)
        if (job->slots[i].parse)
            keys[k++] = (task_key){job->c->items[i].entry->size, i};
    if (first == 0 && job->c->ahead)
        keys[k++] = (task_key){job->c->ahead->entry->size, AHEAD};
    qsort(keys, k, sizeof *keys, larger_first);
    for (size_t i = 0; i < k; i++)
        job->order[i] = keys[i].task;
    *tasks = k;
    free(keys);
    return true;
}

/* A sub-checker of c whose findings go to log (counted in res) and whose fragment checks wait
 * in frags. */
static void keep_findings(epi_chk *sub, const epi_chk *c, ep_check_result *res, epi_diag_log *log,
                          epi_chk_frags *frags)
{
    *sub = *c;
    sub->diag = ep_diag_log_add;
    sub->userdata = log;
    sub->res = res;
    sub->frags = frags;
    sub->ahead = NULL;
    sub->nav_later = NULL;
}

/* The NCX is read now (its bytes counted when ncx.c takes it) and checked on the pool with the
 * first batch, when nothing can change by it: every read of the package then stays within
 * the limits in whatever order it is counted. */
static void read_ahead(epi_chk *c)
{
    epi_chk_item *x = c->ncx;
    uint64_t total = c->read_total;
    if (!x || !x->entry || x->encrypted || x->entry->unsafe || x->entry->is_dir ||
        x->entry->size > EPI_CHK_MAX_ENTRY_READ)
        return;
    for (size_t i = 0; i < c->nitems; i++)
        if (c->items[i].entry && !c->items[i].encrypted && epi_chk_content_wanted(&c->items[i]))
            total += c->items[i].entry->size;
    if (total + x->entry->size > EPI_CHK_MAX_READ_TOTAL)
        return;
    struct epi_chk_ahead *a = calloc(1, sizeof *a);
    if (!a)
        return;
    a->entry = x->entry;
    keep_findings(&a->sub, c, &a->res, &a->log, &a->frags);
    if (!epi_chk_read_whole(&a->sub, a->entry, &a->data, &a->len))
        a->data = NULL; /* its finding is in the log, for epi_chk_ncx_ahead */
    c->ahead = a;
}

static void free_frags(epi_chk_frags *q)
{
    for (size_t k = 0; k < q->n; k++)
        free(q->v[k].fragment);
    free(q->v);
}

static void free_later(epi_chk *c)
{
    if (!c->nav_later)
        return;
    epi_diag_log_free(&c->nav_later->log);
    free_frags(&c->nav_later->frags);
    free(c->nav_later);
    c->nav_later = NULL;
}

/* Before the content documents: a sub-checker for the nav's rules, which run on the pool. */
static void nav_later(epi_chk *c)
{
    if (!c->nav)
        return;
    if (!(c->nav_later = calloc(1, sizeof *c->nav_later))) {
        epi_chk_oom(c);
        return;
    }
    struct epi_chk_later *l = c->nav_later;
    keep_findings(&l->sub, c, &l->res, &l->log, &l->frags);
}

/* After them: the nav's findings, in their place. */
static void nav_replay(epi_chk *c)
{
    if (c->nav_later)
        replay_frags(c, &c->nav_later->sub, &c->nav_later->log, &c->nav_later->frags);
    free_later(c);
}

static void free_ahead(epi_chk *c)
{
    if (!c->ahead)
        return;
    free(c->ahead->data);
    epi_diag_log_free(&c->ahead->log);
    free_frags(&c->ahead->frags);
    free(c->ahead);
    c->ahead = NULL;
}

/* Counts a sub-checker's findings (sub->diag is ep_diag_log_add into log, its counts in
 * sub->res) as c's. */
static void add_counts(epi_chk *c, const epi_chk *sub, const epi_diag_log *log)
{
    c->res->fatals += sub->res->fatals;
    c->res->errors += sub->res->errors;
    c->res->warnings += sub->res->warnings;
    c->res->usages += sub->res->usages;
    c->res->infos += sub->res->infos;
    if (sub->nomem || log->oom)
        c->nomem = true;
}

/* A sub-checker's findings, handed to c's callback and counted as if c had reported them. */
static void replay(epi_chk *c, epi_chk *sub, epi_diag_log *log)
{
    add_counts(c, sub, log);
    epi_diag_log_replay(log, c->diag, c->userdata);
}

/* A sub-checker's findings with its fragment checks (a document's reference pass, the NCX),
 * each waiting fragment check made in its place. */
static void replay_frags(epi_chk *c, epi_chk *sub, epi_diag_log *log, const epi_chk_frags *q)
{
    size_t f = 0;
    epi_chk_nav_order order = {0};
    add_counts(c, sub, log);
    for (size_t k = 0; k <= log->n; k++) {
        for (; f < q->n && q->v[f].at == k; f++)
            if (q->v[f].toc)
                epi_chk_nav_order_link(c, &order, &q->v[f]);
            else
                epi_chk_fragment(c, q->v[f].target, q->v[f].fragment, q->v[f].from, q->v[f].line,
                                 q->v[f].col);
        if (k < log->n && c->diag)
            c->diag(c->userdata, &log->v[k].d);
    }
}

static void load_contents(epi_chk *c)
{
    content_job job = {.c = c,
                       .slots = calloc(c->nitems ? c->nitems : 1, sizeof *job.slots),
                       .order = calloc(c->nitems + 1, sizeof *job.order)};
    bool locked = pthread_mutex_init(&job.zip_lock, NULL) == 0;
    if (!job.slots || !job.order || !locked) {
        free(job.slots);
        free(job.order);
        if (locked)
            pthread_mutex_destroy(&job.zip_lock);
        epi_chk_oom(c);
        return;
    }
    read_ahead(c);
    nav_later(c);
    for (size_t first = 0; first < c->nitems && !c->nomem;) {
        size_t n = first, bytes = 0;
        for (; n < c->nitems && !c->nomem && bytes < CHECK_BATCH_BYTES; n++) {
            content_slot *s = &job.slots[n];
            epi_chk_item *it = &c->items[n];
            /* (not c's NCX parsed ahead, which epi_chk_load_xml would hand over and free) */
            keep_findings(&s->sub, c, &s->res, &s->log, NULL);
            keep_findings(&s->refs, c, &s->refs_res, &s->refs_log, &s->frags);
            if (!epi_chk_content_wanted(it) || it->encrypted)
                continue;
            it->checked = true;
            /* a deflated entry is read and inflated by its task on the pool (the reads, one
             * at a time, overlap the other threads' parsing), counted now as the whole read
             * counts it; others are read now */
            if (epi_chk_read_allowed(&s->sub, it->entry)) {
                if ((s->compressed = epi_chk_compressed(it->entry))) {
                    s->len = (size_t)it->entry->size;
                    s->sub.read_total += it->entry->size;
                    s->parse = true;
                } else {
                    s->parse = epi_chk_read_whole(&s->sub, it->entry, &s->data, &s->len);
                }
            }
            bytes += s->len;
            c->read_total = s->sub.read_total;
            if (s->sub.nomem)
                c->nomem = true;
        }
        /* Threads only pay off on more than an article's worth of documents: for the bundled
         * article (two documents, 8 KB) starting one cost more than the parsing it shared. */
        size_t tasks = 0;
        if (!order_tasks(&job, first, n, &tasks))
            epi_chk_oom(c);
        if (first == 0 && c->ahead)
            bytes += c->ahead->len;
        epi_parallel_for(tasks, bytes >= CHECK_PARALLEL_BYTES ? 4 : SIZE_MAX, content_work, &job);
        /* what could not be read or inflated so, through libzip (its error), in manifest
         * order */
        for (size_t i = first; i < n; i++) {
            content_slot *s = &job.slots[i];
            if (!s->retry)
                continue;
            s->retry = false;
            c->read_total -= c->items[i].entry->size;
            s->sub.read_total = c->read_total;
            s->parse = epi_chk_read_whole(&s->sub, c->items[i].entry, &s->data, &s->len);
            c->read_total = s->sub.read_total;
            if (s->sub.nomem)
                c->nomem = true;
            content_one(&job, i, 0);
        }
        for (size_t i = first; i < n; i++) {
            /* bytes no task took (out of memory stopped the batch before its tasks ran) */
            free(job.slots[i].data);
            job.slots[i].data = NULL;
            replay(c, &job.slots[i].sub, &job.slots[i].log);
        }
        first = n;
    }
    for (size_t i = 0; i < c->nitems; i++) {
        content_slot *s = &job.slots[i];
        if (!c->nomem)
            replay_frags(c, &s->refs, &s->refs_log, &s->frags);
        epi_diag_log_free(&s->refs_log);
        free_frags(&s->frags);
    }
    for (size_t w = 0; w < EPI_PARALLEL_MAX; w++)
        libdeflate_free_decompressor(job.dec[w]);
    pthread_mutex_destroy(&job.zip_lock);
    free(job.slots);
    free(job.order);
}

/* One package document and what it declares: false when it could not be read. */
static bool check_package(epi_chk *c)
{
    if (!epi_chk_opf(c) || c->nomem)
        return false;
    if (c->facts_only)
        return true;
    /* Content documents first (ids of every document are needed for fragment checks), then
     * references, then the documents with their own structure rules. */
    load_contents(c);
    if (c->nomem)
        return true;
    nav_replay(c);
    epi_chk_ncx(c);
    for (size_t i = 0; i < c->nitems && !c->nomem; i++)
        epi_chk_css_item(c, &c->items[i]);
    if (!c->nomem)
        epi_chk_opf_after_content(c);
    return true;
}

/* Forgets a package document's state before the next rendition's (the container's stays). */
static void reset_package(epi_chk *c)
{
    free_ahead(c);
    free_later(c);
    free_items(c);
    c->items = NULL;
    c->nitems = 0;
    xmlHashFree(c->item_by_id, NULL);
    xmlHashFree(c->item_by_path, NULL);
    c->item_by_id = c->item_by_path = NULL;
    xmlFreeDoc(c->opf);
    c->opf = NULL;
    free(c->opf_path);
    free(c->unique_id);
    c->opf_path = c->unique_id = NULL;
    c->nav = c->ncx = NULL;
    c->epub3 = true;
    c->fxl = c->has_spine = false;
}

static void run(epi_chk *c, const char *path, bool dir)
{
    if (dir ? !epi_chk_dir_entries(c, path) : !epi_chk_ocf_raw(c, path) || !epi_chk_ocf_entries(c))
        return;
    epi_chk_ocf_encryption(c);
    epi_chk_ocf_signatures(c);
    if (!epi_chk_ocf_container(c) || c->nomem)
        return;
    bool any = check_package(c);
    if (c->facts_only)
        return;
    /* every rendition, as epubcheck 5.3 checks each package document container.xml names;
     * files none of them declares are noted once, after all (OPF-003) */
    for (size_t r = 1; r < c->nrenditions && !c->nomem; r++) {
        if (!epi_chk_entry_find(c, c->renditions[r]))
            continue; /* OPF-002, reported with container.xml */
        reset_package(c);
        if (!(c->opf_path = epi_strdup(c->renditions[r]))) {
            epi_chk_oom(c);
            return;
        }
        any |= check_package(c);
    }
    if (any && !c->nomem && c->opf_path)
        epi_chk_opf_undeclared(c);
}

ep_status ep_check_file(const char *path, ep_diag_fn diag, void *userdata, ep_check_result *result,
                        ep_error *err)
{
    return ep_check_file_report(path, diag, NULL, userdata, result, err);
}

ep_status ep_check_file_report(const char *path, ep_diag_fn diag, ep_check_publication_fn pub,
                               void *userdata, ep_check_result *result, ep_error *err)
{
    return ep_check_file_version(path, 0, diag, pub, userdata, result, err);
}

static ep_status check_file(const char *path, int epub_version, bool facts_only, ep_diag_fn diag,
                            ep_check_publication_fn pub, void *userdata, ep_check_result *result,
                            ep_error *err);

ep_status ep_check_file_version(const char *path, int epub_version, ep_diag_fn diag,
                                ep_check_publication_fn pub, void *userdata,
                                ep_check_result *result, ep_error *err)
{
    return check_file(path, epub_version, false, diag, pub, userdata, result, err);
}

ep_status ep_read_publication(const char *path, ep_diag_fn diag, ep_check_publication_fn pub,
                              void *userdata, ep_check_result *result, ep_error *err)
{
    return check_file(path, 0, true, diag, pub, userdata, result, err);
}

static ep_status check_file(const char *path, int epub_version, bool facts_only, ep_diag_fn diag,
                            ep_check_publication_fn pub, void *userdata, ep_check_result *result,
                            ep_error *err)
{
    ep_check_result local = {0};
    epi_chk c = {0};
    ep_status st = EP_OK;

    epi_init();
    if (!path)
        return epi_fail(err, EP_ERR_USAGE, NULL, 0, 0, "no file to check");
    if (epub_version != 0 && epub_version != 2 && epub_version != 3)
        return epi_fail(err, EP_ERR_USAGE, NULL, 0, 0, "EPUB version %d: 2 or 3 (or 0)",
                        epub_version);
    c.want_version = epub_version;
    c.facts_only = facts_only;
    c.epub3 = epub_version != 2;
    c.diag = diag;
    c.userdata = userdata;
    c.res = result ? result : &local;
    memset(c.res, 0, sizeof *c.res);
    c.file = path;

    /* A FIFO, socket or device is refused before it is opened (opening a FIFO blocks until a
     * writer comes), as build refuses it; O_NONBLOCK and fstat() catch a file swapped for one
     * between the two calls. */
    struct stat sb;
    if (stat(path, &sb) != 0)
        return epi_fail_sys(err, EP_ERR_IO, errno, path, "cannot open: %s", strerror(errno));
    bool dir = S_ISDIR(sb.st_mode);
    if (!dir && !S_ISREG(sb.st_mode))
        return epi_fail(err, EP_ERR_IO, path, 0, 0, "not a file or folder");
    if (!dir) {
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            return epi_fail_sys(err, EP_ERR_IO, errno, path, "cannot open: %s", strerror(errno));
        bool regular = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
        close(fd);
        if (!regular)
            return epi_fail(err, EP_ERR_IO, path, 0, 0, "not a file or folder");
    }

    epi_chk_single_kind single = dir || facts_only ? EPI_SINGLE_NONE : epi_chk_single_kind_of(path);
    if (single != EPI_SINGLE_NONE)
        epi_chk_single(&c, path, single);
    else
        run(&c, path, dir);
    if (pub && c.opf && !c.nomem)
        epi_chk_publication(&c, pub, userdata);
    if (c.nomem)
        st = epi_fail(err, EP_ERR_NOMEM, path, 0, 0, "out of memory while checking");

    free_ahead(&c);
    free_later(&c);
    free_items(&c);
    xmlHashFree(c.item_by_id, NULL);
    xmlHashFree(c.item_by_path, NULL);
    xmlHashFree(c.encrypted, NULL);
    xmlHashFree(c.entry_by_key, NULL);
    xmlHashFree(c.folded, NULL);
    free_entries(&c);
    xmlFreeDoc(c.opf);
    free(c.opf_path);
    for (size_t r = 0; r < c.nrenditions; r++)
        free(c.renditions[r]);
    free(c.renditions);
    free(c.unique_id);
    if (c.zip)
        zip_discard(c.zip);
    return st;
}
