/*
 * The Kobo target (docs/ARCHITECTURE.md "Kobo target"): the markup of a kepub, as kepubify
 * (github.com/pgaskin/kepubify, kepub/transform.go) makes it, on a finished content document.
 *
 * - The body's content goes into <div id="book-columns"><div id="book-inner">…</div></div>.
 * - Every text node becomes one <span class="koboSpan" id="kobo.P.S"> per sentence. P counts
 *   blocks from 1 (p, ul, ol, table, h1–h6 start a new one when a span follows; li, div and the
 *   rest do not), S the sentences of the block from 1. A whitespace-only text node stays as it
 *   is unless its parent is a <p>. An <img> starts a block of its own and is wrapped in a span.
 *   Nothing inside script, style, pre, audio, video or a non-XHTML element (SVG, MathML) is
 *   touched.
 * - A sentence ends after . ! ? or … (kepubify: not …), then at most one closing quote
 *   (' " ” ’ “ …, and » which kepubify lacks), then ASCII whitespace, which stays with it. A
 *   no-break space does not end one: "т. д." and initials stay whole.
 *
 * Only text nodes are split, at whitespace: words, soft hyphens and no-break spaces are never
 * cut, and the text reads the same with the spans and divs taken away.
 */
#include "pkg_private.h"
#include "util/tree.h"

#include <stdio.h>
#include <string.h>

typedef struct kobo {
    xmlNsPtr ns; /* XHTML */
    unsigned para, seg;
    bool new_para; /* the next span starts a new block */
} kobo;

static bool is_xhtml(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           xmlStrEqual(n->ns->href, BAD_CAST EPI_NS_XHTML) &&
           (!name || xmlStrEqual(n->name, BAD_CAST name));
}

/* Go's unicode.IsSpace, which kepubify uses to leave whitespace alone. */
static bool is_unicode_space(uint32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

static bool all_space(const char *s)
{
    size_t len = strlen(s), i = 0;
    while (i < len) {
        uint32_t c;
        size_t n = epi_utf8_decode(s + i, len - i, &c);
        if (!n || !is_unicode_space(c))
            return false;
        i += n;
    }
    return true;
}

enum { IN_ANY, IN_PUNCT, IN_EXTRA, IN_SPACE };

static int classify(uint32_t c)
{
    switch (c) {
    case '.':
    case '!':
    case '?':
    case 0x2026: /* … */
        return IN_PUNCT;
    case '\'':
    case '"':
    case 0x201D: /* ” */
    case 0x2019: /* ’ */
    case 0x201C: /* “ */
    case 0x00BB: /* » */
        return IN_EXTRA;
    case '\t':
    case '\n':
    case '\f':
    case '\r':
    case ' ': /* Go's \s: ASCII only */
        return IN_SPACE;
    default:
        return IN_ANY;
    }
}

size_t epi_kobo_sentence_end(const char *s, size_t len)
{
    enum { TEXT, PUNCT, EXTRA, SPACE } state = TEXT;
    size_t i = 0;
    while (i < len) {
        uint32_t c;
        size_t n = epi_utf8_decode(s + i, len - i, &c);
        int in = n ? classify(c) : IN_ANY;
        if (!n)
            n = 1;
        if (state == SPACE && in != IN_SPACE)
            return i;
        if (in == IN_PUNCT)
            state = PUNCT;
        else if (in == IN_SPACE)
            state = state == TEXT ? TEXT : SPACE;
        else if (in == IN_EXTRA && state == PUNCT)
            state = EXTRA;
        else
            state = TEXT;
        i += n;
    }
    return len;
}

static xmlNodePtr new_span(kobo *k, xmlDocPtr doc)
{
    char id[48];
    xmlNodePtr span = xmlNewDocNode(doc, k->ns, BAD_CAST "span", NULL);
    snprintf(id, sizeof id, "kobo.%u.%u", k->para, k->seg);
    if (span && (!xmlNewProp(span, BAD_CAST "class", BAD_CAST "koboSpan") ||
                 !xmlNewProp(span, BAD_CAST "id", BAD_CAST id))) {
        xmlFreeNode(span);
        return NULL;
    }
    return span;
}

/* Replaces text node t by its sentences, each in a span. */
static bool split_text(kobo *k, xmlNodePtr t)
{
    const char *s = (const char *)t->content;
    size_t len = s ? strlen(s) : 0;
    if (!len || (all_space(s) && !is_xhtml(t->parent, "p")))
        return true;
    while (len) {
        size_t n = epi_kobo_sentence_end(s, len);
        if (k->new_para) {
            k->para++;
            k->seg = 0;
            k->new_para = false;
        }
        k->seg++;
        xmlNodePtr span = new_span(k, t->doc), text = NULL;
        if (span && (text = xmlNewDocTextLen(t->doc, BAD_CAST s, (int)n)))
            xmlAddChild(span, text); /* the span owns it from here */
        if (!text || !xmlAddPrevSibling(t, span)) {
            xmlFreeNode(span);
            return false;
        }
        s += n;
        len -= n;
    }
    xmlUnlinkNode(t);
    xmlFreeNode(t);
    return true;
}

/* Wraps an <img> in a span of a block of its own. */
static bool wrap_img(kobo *k, xmlNodePtr img)
{
    k->para++;
    k->seg = 1;
    k->new_para = false;
    xmlNodePtr span = new_span(k, img->doc);
    if (!span || !xmlAddPrevSibling(img, span)) {
        xmlFreeNode(span);
        return false;
    }
    xmlUnlinkNode(img);
    xmlAddChild(span, img);
    return true;
}

/* Elements whose text is left as it is. */
static bool keep_as_is(const xmlNode *n)
{
    static const char *const names[] = {"script", "style", "pre", "audio", "video"};
    if (!is_xhtml(n, NULL))
        return true; /* SVG, MathML */
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (xmlStrEqual(n->name, BAD_CAST names[i]))
            return true;
    return false;
}

static bool starts_block(const xmlNode *n)
{
    static const char *const names[] = {"p",  "ul", "ol", "table", "h1",
                                        "h2", "h3", "h4", "h5",    "h6"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (xmlStrEqual(n->name, BAD_CAST names[i]))
            return true;
    return false;
}

bool epi_kobo_spans(xmlNodePtr root)
{
    kobo k = {.ns = root->ns};
    xmlNodePtr n = root->children;
    while (n) {
        xmlNodePtr next;
        if (n->type == XML_TEXT_NODE) {
            next = epi_xml_next(n, root, true);
            if (!split_text(&k, n))
                return false;
        } else if (n->type != XML_ELEMENT_NODE || keep_as_is(n)) {
            next = epi_xml_next(n, root, true);
        } else if (is_xhtml(n, "img")) {
            next = epi_xml_next(n, root, true);
            if (!wrap_img(&k, n))
                return false;
        } else {
            k.new_para |= starts_block(n);
            next = epi_xml_next(n, root, false);
        }
        n = next;
    }
    return true;
}

bool epi_kobo_wrap(xmlNodePtr body)
{
    xmlNodePtr columns = xmlNewDocNode(body->doc, body->ns, BAD_CAST "div", NULL);
    xmlNodePtr inner = columns ? xmlNewDocNode(body->doc, body->ns, BAD_CAST "div", NULL) : NULL;
    if (!inner || !xmlNewProp(columns, BAD_CAST "id", BAD_CAST EPI_KOBO_COLUMNS_ID) ||
        !xmlNewProp(inner, BAD_CAST "id", BAD_CAST EPI_KOBO_INNER_ID)) {
        xmlFreeNode(inner);
        xmlFreeNode(columns);
        return false;
    }
    while (body->children) {
        xmlNodePtr c = body->children;
        xmlUnlinkNode(c);
        xmlAddChild(inner, c);
    }
    xmlAddChild(columns, inner);
    xmlAddChild(body, columns);
    return true;
}

bool epi_pkg_kobo(xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc), body = NULL;
    for (xmlNodePtr n = root ? root->children : NULL; n && !body; n = n->next)
        if (is_xhtml(n, "body"))
            body = n;
    return body && epi_kobo_wrap(body) && epi_kobo_spans(body) && epi_pkg_xhtml_finish(doc);
}
