/*
 * The checker's fast XML reader (docs/ARCHITECTURE.md "Checker", "Reading XML"): expat reads a
 * plain, well-formed document into the libxml2 tree that libxml2's own parser builds from it
 * (the same nodes, namespaces, text, lines and the end-of-start-tag columns of check.c).
 *
 * libxml2 2.9 decodes each non-ASCII character of text with a call of its own: reading War and
 * Peace's Cyrillic was 58 % of checking it (tests/bench/PROFILE.md). expat scans UTF-8 with
 * byte-class tables, in a third of the instructions. Anything this reader is not sure to read
 * as libxml2 does ends it with NULL, and epi_chk_parse_xml() hands the bytes to libxml2, whose
 * findings (and error messages) are then the ones reported: a DOCTYPE other than
 * `<!DOCTYPE html>`, an XML declaration other than version 1.0 in UTF-8, a carriage return
 * (libxml2's line counting), a namespace name libxml2's URI parser refuses, a QName libxml2
 * refuses, more depth, size or name length than libxml2 accepts without XML_PARSE_HUGE, and
 * every document expat finds malformed.
 */
#include "check/check_int.h"

#include <expat.h>
#include <libxml/dict.h>
#include <libxml/uri.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

/* Below libxml2's own limits without XML_PARSE_HUGE (xmlParserMaxDepth 256, XML_MAX_NAME_LENGTH
 * 50000, XML_MAX_TEXT_LENGTH 10000000): a document near them is left to libxml2. */
#define XT_MAX_DEPTH 200
#define XT_MAX_NAME 10000
#define XT_MAX_BYTES 9000000

typedef struct xt_ns {
    char *prefix, *uri;
} xt_ns;

typedef struct xt {
    XML_Parser p;
    xmlDocPtr doc;
    xmlNodePtr node; /* the open element, NULL outside the root */
    const char *data;
    size_t len;
    size_t pos; /* the position cursor: data[pos] is on line `line` */
    int line;
    size_t cpos; /* data[cpos] (on the cursor's line, at or before it) is at column col */
    int col;
    epi_buf text; /* character data not yet made a node */
    xt_ns *ns;    /* namespace declarations of the next start tag */
    size_t nns, cap;
    int depth;
    bool fail;
} xt;

static void stop(xt *t)
{
    if (!t->fail) {
        t->fail = true;
        XML_StopParser(t->p, XML_FALSE);
    }
}

/* Moves the cursor to data[to], counting lines. Columns are counted only where an element
 * needs one (column()): most text is never counted twice, or at all. */
static void advance(xt *t, size_t to)
{
    const unsigned char *p = (const unsigned char *)t->data + t->pos, *nl;
    const unsigned char *end = (const unsigned char *)t->data + (to < t->len ? to : t->len);
    if (p >= end)
        return;
    t->pos = (size_t)(end - (const unsigned char *)t->data);
    while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
        t->line++;
        p = nl + 1;
        t->cpos = (size_t)(p - (const unsigned char *)t->data);
        t->col = 1;
    }
}

/* The column of the cursor, in characters from 1, as libxml2 counts it. */
static int column(xt *t)
{
    const unsigned char *p = (const unsigned char *)t->data + t->cpos;
    const unsigned char *end = (const unsigned char *)t->data + t->pos;
    /* characters = bytes - continuation bytes (10xxxxxx), eight bytes at a time */
    size_t n = (size_t)(end - p);
    for (; end - p >= 8; p += 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        uint64_t cont = (w & ~(w << 1) & 0x8080808080808080ull) >> 7; /* 1 per such byte */
        n -= (size_t)((cont * 0x0101010101010101ull) >> 56);
    }
    for (; p < end; p++)
        n -= (*p & 0xC0) == 0x80;
    t->cpos = t->pos;
    t->col += (int)n;
    return t->col;
}

/* Where libxml2 2.9's xmlParseCharData first hands text to the tree (and so numbers the text
 * node with that line), for a text that starts at data[pos] and whose markup starts at
 * data[to]: its fast path hands over the ASCII it scanned at the first non-ASCII byte; a text
 * that starts with one is copied a character at a time and handed over at the character that
 * fills 300 bytes (XML_PARSER_BIG_BUFFER_SIZE); a text that starts with a reference, after it. */
static size_t first_flush(const xt *t, size_t to)
{
    const unsigned char *d = (const unsigned char *)t->data;
    size_t a = t->pos, k = a;
    if (a < to && d[a] == '&') {
        const unsigned char *semi = memchr(d + a, ';', to - a);
        return semi ? (size_t)(semi - d) + 1 : to;
    }
    while (k < to && d[k] < 0x80 && d[k] != '&')
        k++;
    if (k > a)
        return k;
    /* the character holding the text's 300th byte, unless a reference or the markup comes first */
    size_t last = a + 299 < to ? a + 299 : to - 1;
    const unsigned char *amp = memchr(d + a, '&', last + 1 - a);
    if (amp)
        return (size_t)(amp - d);
    if (last == to - 1 && a + 299 >= to)
        return to;
    while (last > a && (d[last] & 0xC0) == 0x80)
        last--;
    return last;
}

/* The cursor over the event being reported (a tag, a comment, a processing instruction) to its
 * end; returns the line of its last byte and sets *col (unless NULL) to the column after it. */
static int event_end(xt *t, int *col)
{
    XML_Index at = XML_GetCurrentByteIndex(t->p);
    int n = XML_GetCurrentByteCount(t->p);
    if (at >= 0 && n > 0)
        advance(t, (size_t)at + (size_t)n);
    if (col)
        *col = column(t);
    return t->line;
}

static unsigned short line16(int line)
{
    return line < 65535 ? (unsigned short)line : 65535;
}

static void add_child(xt *t, xmlNodePtr n)
{
    xmlNodePtr parent = t->node ? t->node : (xmlNodePtr)t->doc;
    n->parent = parent;
    n->doc = t->doc;
    if (!parent->children) {
        parent->children = parent->last = n;
    } else {
        n->prev = parent->last;
        parent->last->next = n;
        parent->last = n;
    }
}

static void flush_text(xt *t)
{
    if (t->text.len == 0 || t->fail)
        return;
    xmlNodePtr n = xmlNewDocTextLen(t->doc, (const xmlChar *)t->text.data, (int)t->text.len);
    t->text.len = 0;
    if (!n) {
        stop(t);
        return;
    }
    /* libxml2 numbers a text node with the line its parser had reached at its end: where the
     * markup that ends it begins */
    XML_Index at = XML_GetCurrentByteIndex(t->p);
    if (at >= 0 && (size_t)at > t->pos)
        advance(t, first_flush(t, (size_t)at));
    n->line = line16(t->line);
    add_child(t, n);
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    xt *t = ud;
    if (t->fail || !t->node)
        return;
    if (t->text.len + (size_t)len > XT_MAX_BYTES || !epi_buf_append(&t->text, s, (size_t)len))
        stop(t);
}

/* A name of expat's namespace triplets ("uri\1local\1prefix", "uri\1local" or "local"). */
typedef struct xt_name {
    const char *uri, *local, *prefix;
    size_t uri_len, local_len;
} xt_name;

static bool split_name(const char *s, xt_name *q)
{
    const char *a = strchr(s, '\1');
    memset(q, 0, sizeof *q);
    if (!a) {
        q->local = s;
        q->local_len = strlen(s);
    } else {
        q->uri = s;
        q->uri_len = (size_t)(a - s);
        q->local = a + 1;
        const char *b = strchr(q->local, '\1');
        q->local_len = b ? (size_t)(b - q->local) : strlen(q->local);
        q->prefix = b ? b + 1 : NULL;
    }
    /* libxml2 refuses "a:b:c", "a:" and ":a" as QNames (a namespace error) */
    if (q->local_len == 0 || q->local_len > XT_MAX_NAME || memchr(q->local, ':', q->local_len) ||
        (q->prefix && (!*q->prefix || strchr(q->prefix, ':') || strlen(q->prefix) > XT_MAX_NAME)))
        return false;
    return true;
}

static const xmlChar *dict_name(xt *t, const char *s, size_t n)
{
    return xmlDictLookup(t->doc->dict, (const xmlChar *)s, (int)n);
}

static void XMLCALL on_ns(void *ud, const XML_Char *prefix, const XML_Char *uri)
{
    xt *t = ud;
    if (t->fail)
        return;
    /* xmlns:xml is skipped by libxml2 and a bad namespace name is its error: libxml2 decides */
    if (prefix && (strcmp(prefix, "xml") == 0 || strcmp(prefix, "xmlns") == 0)) {
        stop(t);
        return;
    }
    if (uri && *uri) {
        xmlURIPtr u = xmlParseURI(uri);
        if (!u) {
            stop(t);
            return;
        }
        xmlFreeURI(u);
    }
    xt_ns *grown = epi_grow(t->ns, &t->cap, t->nns, sizeof *t->ns, 8);
    if (!grown) {
        stop(t);
        return;
    }
    t->ns = grown;
    xt_ns *d = &t->ns[t->nns];
    d->prefix = prefix ? epi_strdup(prefix) : NULL;
    d->uri = epi_strdup(uri ? uri : "");
    if ((prefix && !d->prefix) || !d->uri) {
        free(d->prefix);
        free(d->uri);
        stop(t);
        return;
    }
    t->nns++;
}

static void clear_ns(xt *t)
{
    for (size_t i = 0; i < t->nns; i++) {
        free(t->ns[i].prefix);
        free(t->ns[i].uri);
    }
    t->nns = 0;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xt *t = ud;
    xt_name q;
    if (t->fail)
        return;
    flush_text(t);
    if (++t->depth > XT_MAX_DEPTH || !split_name(name, &q)) {
        stop(t);
        return;
    }
    const xmlChar *local = dict_name(t, q.local, q.local_len);
    xmlNodePtr n = local ? xmlNewDocNodeEatName(t->doc, NULL, (xmlChar *)local, NULL) : NULL;
    if (!n) {
        stop(t);
        return;
    }
    add_child(t, n);
    t->node = n;
    for (size_t i = 0; i < t->nns; i++) {
        xmlNsPtr ns = xmlNewNs(n, (const xmlChar *)t->ns[i].uri, (const xmlChar *)t->ns[i].prefix);
        if (!ns) {
            stop(t);
            return;
        }
    }
    clear_ns(t);
    if (q.uri) {
        n->ns = xmlSearchNs(t->doc, n, (const xmlChar *)q.prefix);
        if (!n->ns) {
            stop(t);
            return;
        }
    }
    for (size_t i = 0; atts[i]; i += 2) {
        xt_name a;
        xmlNsPtr ns = NULL;
        if (!split_name(atts[i], &a)) {
            stop(t);
            return;
        }
        if (a.uri && !(ns = xmlSearchNs(t->doc, n, (const xmlChar *)a.prefix))) {
            stop(t);
            return;
        }
        const xmlChar *an = dict_name(t, a.local, a.local_len);
        if (!an || strlen(atts[i + 1]) > XT_MAX_BYTES ||
            !xmlNewNsPropEatName(n, ns, (xmlChar *)an, (const xmlChar *)atts[i + 1])) {
            stop(t);
            return;
        }
    }
    int col;
    n->line = line16(event_end(t, &col));
    /* the column after the tag's ">", as check.c's start_element keeps it */
    n->psvi = (void *)(intptr_t)col;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    xt *t = ud;
    (void)name;
    if (t->fail)
        return;
    flush_text(t);
    event_end(t, NULL);
    t->depth--;
    t->node = t->node && t->node->parent && t->node->parent->type == XML_ELEMENT_NODE
                  ? t->node->parent
                  : NULL;
}

static void XMLCALL on_comment(void *ud, const XML_Char *s)
{
    xt *t = ud;
    if (t->fail)
        return;
    flush_text(t);
    xmlNodePtr n = xmlNewDocComment(t->doc, (const xmlChar *)s);
    if (!n) {
        stop(t);
        return;
    }
    n->line = line16(event_end(t, NULL));
    add_child(t, n);
}

static void XMLCALL on_pi(void *ud, const XML_Char *target, const XML_Char *s)
{
    xt *t = ud;
    if (t->fail)
        return;
    flush_text(t);
    xmlNodePtr n = xmlNewDocPI(t->doc, (const xmlChar *)target, *s ? (const xmlChar *)s : NULL);
    if (!n) {
        stop(t);
        return;
    }
    n->line = line16(event_end(t, NULL));
    add_child(t, n);
}

static void XMLCALL on_decl(void *ud, const XML_Char *version, const XML_Char *encoding,
                            int standalone)
{
    xt *t = ud;
    if (t->fail)
        return;
    if (!version || strcmp(version, "1.0") != 0 ||
        (encoding && strcasecmp(encoding, "utf-8") != 0)) {
        stop(t);
        return;
    }
    if (encoding && !(t->doc->encoding = xmlStrdup((const xmlChar *)encoding)))
        stop(t);
    t->doc->standalone = standalone == -1 ? -2 : standalone; /* -2: declaration without it */
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int subset)
{
    xt *t = ud;
    if (t->fail)
        return;
    if (sysid || pubid || subset || !xmlCreateIntSubset(t->doc, (const xmlChar *)name, NULL, NULL))
        stop(t);
}

/* libxml2 counts the lines of a CDATA section its own way: left to it */
static void XMLCALL on_cdata(void *ud)
{
    stop(ud);
}

xmlDocPtr epi_chk_expat_doc(const char *data, size_t len)
{
    xt t = {0};
    t.data = data;
    t.len = len;
    t.line = t.col = 1;
    if (!EPI_CHK_EXPAT)
        return NULL;
    /* with a byte order mark, libxml2 counts columns its own way */
    if (len > XT_MAX_BYTES || len > INT_MAX || memchr(data, '\r', len) ||
        (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0))
        return NULL;
    t.doc = xmlNewDoc((const xmlChar *)"1.0");
    t.p = XML_ParserCreateNS("UTF-8", '\1');
    if (!t.doc || !t.p || !(t.doc->dict = xmlDictCreate()))
        goto fail;
    t.doc->standalone = -1;
    XML_SetReturnNSTriplet(t.p, 1);
    XML_SetUserData(t.p, &t);
    XML_SetElementHandler(t.p, on_start, on_end);
    XML_SetCharacterDataHandler(t.p, on_text);
    XML_SetNamespaceDeclHandler(t.p, on_ns, NULL);
    XML_SetCommentHandler(t.p, on_comment);
    XML_SetProcessingInstructionHandler(t.p, on_pi);
    XML_SetXmlDeclHandler(t.p, on_decl);
    XML_SetStartDoctypeDeclHandler(t.p, on_doctype);
    XML_SetStartCdataSectionHandler(t.p, on_cdata);
    if (XML_Parse(t.p, data, (int)len, XML_TRUE) != XML_STATUS_OK || t.fail || !t.doc->children)
        goto fail;
    t.doc->properties = XML_DOC_WELLFORMED | XML_DOC_NSVALID;
    XML_ParserFree(t.p);
    clear_ns(&t);
    free(t.ns);
    epi_buf_free(&t.text);
    return t.doc;
fail:
    if (t.p)
        XML_ParserFree(t.p);
    clear_ns(&t);
    free(t.ns);
    epi_buf_free(&t.text);
    xmlFreeDoc(t.doc);
    return NULL;
}
