/*
 * Raw HTML inside Markdown (CommonMark §4.6 HTML blocks, §6.6 raw HTML).
 *
 * Blocks are parsed with libxml2's HTML parser (forgiving, like a browser) and rebuilt element
 * by element in the XHTML namespace, keeping only a whitelist: an EPUB with <script> must be
 * declared "scripted" and most readers refuse it, forms and plugins are not allowed in EPUB
 * content documents, and on* handlers or javascript: links would be silently dead or
 * dangerous. Unknown elements are unwrapped so their text is never lost.
 */
#include "read_private.h"
#include "util/date.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Elements dropped together with their content. */
static const char *const drop_with_content[] = {
    "script",   "style",    "iframe",   "object",   "embed",     "applet",   "form",   "input",
    "button",   "select",   "textarea", "option",   "optgroup",  "datalist", "output", "frame",
    "frameset", "noscript", "noembed",  "noframes", "template",  "link",     "meta",   "base",
    "title",    "head",     "svg",      "math",     "canvas",    "audio",    "video",  "source",
    "track",    "param",    "keygen",   "xmp",      "plaintext", "dialog",   "portal",
};

/* Elements kept (XHTML5 flow and phrasing content that EPUB readers render). */
static const char *const allowed[] = {
    "a",          "abbr",    "address", "article", "aside",  "b",     "bdi",      "bdo",
    "blockquote", "br",      "caption", "cite",    "code",   "col",   "colgroup", "dd",
    "del",        "details", "dfn",     "div",     "dl",     "dt",    "em",       "figcaption",
    "figure",     "footer",  "h1",      "h2",      "h3",     "h4",    "h5",       "h6",
    "header",     "hr",      "i",       "img",     "ins",    "kbd",   "li",       "mark",
    "ol",         "p",       "pre",     "q",       "rp",     "rt",    "ruby",     "s",
    "samp",       "section", "small",   "span",    "strong", "sub",   "summary",  "sup",
    "table",      "tbody",   "td",      "tfoot",   "th",     "thead", "time",     "tr",
    "u",          "ul",      "var",     "wbr",
};

/* Inline tags that Markdown text may open and close around its own text. */
static const char *const paired_inline[] = {
    "a",    "abbr", "b", "bdi",  "cite",  "code", "del",    "dfn", "em",  "i",    "ins", "kbd",
    "mark", "q",    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",   "var",
};

static const char *const void_inline[] = {"br", "wbr", "img"};

static const char *find_name(const char *const *list, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && strncasecmp(list[i], name, len) == 0)
            return list[i];
    return NULL;
}

#define FIND(list, name, len) find_name(list, sizeof list / sizeof list[0], name, len)

bool epi_url_safe(const char *url)
{
    static const char *const schemes[] = {"http", "https", "mailto", "tel", "ftp"};
    char scheme[16];

    if (!url)
        return false;
    size_t n = epi_url_scheme(url, scheme, sizeof scheme);
    if (n == 0)
        return true; /* no scheme: relative */
    for (size_t i = 0; n < sizeof scheme && i < sizeof schemes / sizeof schemes[0]; i++)
        if (strcmp(scheme, schemes[i]) == 0)
            return true;
    return false;
}

static bool ascii_id(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return false;
    for (s++; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.'))
            return false;
    return true;
}

static bool attr_allowed(const char *el, const char *attr)
{
    static const struct {
        const char *el, *attr;
    } per_element[] = {
        {"a", "href"},        {"img", "src"},    {"img", "alt"},       {"img", "width"},
        {"img", "height"},    {"ol", "start"},   {"ol", "reversed"},   {"ol", "type"},
        {"li", "value"},      {"td", "colspan"}, {"td", "rowspan"},    {"th", "colspan"},
        {"th", "rowspan"},    {"th", "scope"},   {"q", "cite"},        {"blockquote", "cite"},
        {"del", "cite"},      {"ins", "cite"},   {"del", "datetime"},  {"ins", "datetime"},
        {"time", "datetime"}, {"col", "span"},   {"colgroup", "span"}, {"bdo", "dir"},
        {"details", "open"},
    };
    if (!strcmp(attr, "class") || !strcmp(attr, "id") || !strcmp(attr, "title") ||
        !strcmp(attr, "lang") || !strcmp(attr, "dir"))
        return true;
    for (size_t i = 0; i < sizeof per_element / sizeof per_element[0]; i++)
        if (!strcmp(el, per_element[i].el) && !strcmp(attr, per_element[i].attr))
            return true;
    return false;
}

static bool all_digits(const char *s, bool sign)
{
    if (sign && *s == '-')
        s++;
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* Values the XHTML schema checks (epubcheck RSC-005): numbers, enumerations. */
static bool value_valid(const char *el, const char *an, const char *vs)
{
    if (!strcmp(an, "colspan") || !strcmp(an, "rowspan") || !strcmp(an, "span") ||
        !strcmp(an, "width") || !strcmp(an, "height"))
        return all_digits(vs, false) && (strcmp(an, "colspan") || atoi(vs) > 0);
    if (!strcmp(an, "start") || !strcmp(an, "value"))
        return all_digits(vs, true);
    if (!strcmp(an, "type")) /* ol */
        return strlen(vs) == 1 && strchr("1aAiI", vs[0]);
    if (!strcmp(an, "datetime")) { /* HTML's forms are many; W3CDTF is a safe subset */
        epi_date d;
        /* but for a second's fraction, which HTML allows 1-3 digits (epubcheck: RSC-005) */
        const char *t = strchr(vs, 'T'), *f = t ? strchr(t, '.') : NULL;
        return epi_date_parse(vs, EPI_DATE_W3CDTF, &d, NULL, 0) &&
               (!f || strspn(f + 1, "0123456789") <= 3);
    }
    if (!strcmp(an, "scope"))
        return !strcmp(vs, "row") || !strcmp(vs, "col") || !strcmp(vs, "rowgroup") ||
               !strcmp(vs, "colgroup");
    (void)el;
    return true;
}

bool epi_html_set_attr(xmlNodePtr dst, const char *name, const char *an, const char *v)
{
    if (!attr_allowed(name, an))
        return true; /* includes every on* handler and style */
    const char *vs = v ? v : "";
    bool keep = value_valid(name, an, vs);
    if (!strcmp(an, "href") || !strcmp(an, "src") || !strcmp(an, "cite"))
        keep = epi_url_safe(vs);
    else if (!strcmp(an, "id"))
        keep = ascii_id(vs);
    else if (!strcmp(an, "lang"))
        keep = epi_lang_valid(vs);
    else if (!strcmp(an, "dir"))
        keep = !strcmp(vs, "ltr") || !strcmp(vs, "rtl"); /* "auto": 4.2.6 RSC-005 */
    if (!keep)
        return true;
    /* Boolean HTML attributes (reversed, open) get their XHTML form attr="attr". */
    if (!xmlNewProp(dst, BAD_CAST an, BAD_CAST(v ? vs : an)))
        return false;
    if (!strcmp(an, "lang")) {
        /* XHTML: lang and xml:lang together, identical (HTML §3.2.6.2). */
        xmlNsPtr xml = xmlSearchNs(dst->doc, dst, BAD_CAST "xml");
        return xml && xmlNewNsProp(dst, xml, BAD_CAST "lang", BAD_CAST vs) != NULL;
    }
    return true;
}

/* Copies the whitelisted attributes of an HTML-parser element to `dst`. */
static bool copy_attrs(xmlNodePtr src, xmlNodePtr dst, const char *name)
{
    for (xmlAttrPtr a = src->properties; a; a = a->next) {
        xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
        bool ok = epi_html_set_attr(dst, name, (const char *)a->name, (const char *)v);
        xmlFree(v);
        if (!ok)
            return false;
    }
    return true;
}

const char *epi_html_element(const char *name, bool *drop)
{
    size_t n = strlen(name);
    *drop = FIND(drop_with_content, name, n) != NULL;
    return *drop ? NULL : FIND(allowed, name, n);
}

static void set_line(xmlNodePtr n, int line)
{
    if (line > 0)
        n->line = line < 65535 ? (unsigned short)line : 65535;
}

/* Rebuilds the children of `src` (an HTML-parser node) under `dst`. */
static bool transplant(xmlNodePtr src, xmlNodePtr dst, int line, int depth)
{
    /* The HTML parser caps depth too; deeper content is dropped. 100 below the block's place,
     * itself at most ~100 deep (markdown.c MD_MAX_DEPTH), keeps chapters under libxml2's 256. */
    if (depth > 100)
        return true;
    for (xmlNodePtr n = src->children; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            const char *t = (const char *)n->content;
            size_t len = t ? strlen(t) : 0;
            /* The line ends between top-level blocks are source layout, not content. */
            if (depth == 0 && strspn(t ? t : "", " \t\n") == len && memchr(t ? t : "", '\n', len))
                continue;
            if (len && !epi_xml_add_text(dst, t, len))
                return false;
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue; /* comments, processing instructions */
        const char *nm = (const char *)n->name;
        if (FIND(drop_with_content, nm, strlen(nm)))
            continue;
        const char *name = FIND(allowed, nm, strlen(nm));
        if (!name) {
            if (!transplant(n, dst, line, depth + 1)) /* unknown: unwrap */
                return false;
            continue;
        }
        xmlNodePtr el = xmlNewChild(dst, NULL, BAD_CAST name, NULL);
        if (!el)
            return false;
        set_line(el, line);
        if (!copy_attrs(n, el, name) || !transplant(n, el, line, depth + 1))
            return false;
    }
    return true;
}

static xmlNodePtr find_element(xmlNodePtr n, const char *name)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)n->name, name))
            return n;
        xmlNodePtr r = find_element(n->children, name);
        if (r)
            return r;
    }
    return NULL;
}

static htmlDocPtr parse_html(const char *html, size_t len)
{
    if (len > (size_t)INT32_MAX)
        return NULL;
    /* NONET: never fetch anything; NOERROR/NOWARNING: tag soup is expected here. */
    return htmlReadMemory(html, (int)len, NULL, "UTF-8",
                          HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
}

ep_status epi_html_block_append(xmlNodePtr parent, const char *html, size_t len, int line,
                                ep_error *err)
{
    htmlDocPtr hd = parse_html(html, len);
    ep_status st = EP_OK;

    if (!hd)
        return EP_OK; /* nothing the parser could make sense of (e.g. only whitespace) */
    xmlNodePtr body = find_element(xmlDocGetRootElement(hd), "body");
    if (body && !transplant(body, parent, line, 0))
        st = epi_fail(err, EP_ERR_XML, NULL, line, 0, "cannot build XHTML from raw HTML");
    xmlFreeDoc(hd);
    return st;
}

epi_tag_kind epi_html_inline_tag(xmlDocPtr doc, const char *tag, size_t len, xmlNodePtr *el,
                                 const char **name)
{
    size_t i = 1, start;

    *el = NULL;
    *name = NULL;
    if (len < 3 || tag[0] != '<')
        return EPI_TAG_TEXT;
    if (tag[1] == '!' || tag[1] == '?')
        return EPI_TAG_DROP; /* comment, declaration, CDATA, processing instruction */
    bool closing = tag[1] == '/';
    if (closing)
        i = 2;
    start = i;
    while (i < len && ((tag[i] >= 'a' && tag[i] <= 'z') || (tag[i] >= 'A' && tag[i] <= 'Z') ||
                       (tag[i] >= '0' && tag[i] <= '9')))
        i++;
    const char *nm = tag + start;
    size_t nlen = i - start;
    if (nlen == 0)
        return EPI_TAG_TEXT;
    const char *dangerous = FIND(drop_with_content, nm, nlen);
    if (closing) {
        if ((*name = FIND(paired_inline, nm, nlen)))
            return EPI_TAG_CLOSE;
        if (dangerous || FIND(void_inline, nm, nlen))
            return EPI_TAG_DROP;
        return EPI_TAG_TEXT;
    }
    if (dangerous) {
        *name = dangerous;
        /* Void ones (<input>, <link>, <meta>…) have no content to skip. */
        static const char *const voids[] = {"input",  "link",  "meta",  "base",   "embed",
                                            "source", "track", "param", "keygen", "frame"};
        bool self_closing = tag[len - 2] == '/';
        return FIND(voids, nm, nlen) || self_closing ? EPI_TAG_DROP : EPI_TAG_DROP_CONTENT;
    }
    const char *vname = FIND(void_inline, nm, nlen);
    const char *pname = vname ? NULL : FIND(paired_inline, nm, nlen);
    if (!vname && !pname)
        return EPI_TAG_TEXT;

    /* Attributes: let the HTML parser read them (quoting, entities), then whitelist. */
    htmlDocPtr hd = parse_html(tag, len);
    xmlNodePtr src = hd ? find_element(xmlDocGetRootElement(hd), vname ? vname : pname) : NULL;
    xmlNodePtr out = xmlNewDocNode(doc, NULL, BAD_CAST(vname ? vname : pname), NULL);
    if (out) {
        xmlNsPtr ns = xmlSearchNsByHref(doc, xmlDocGetRootElement(doc), BAD_CAST EPI_NS_XHTML);
        xmlSetNs(out, ns);
        if (src && !copy_attrs(src, out, vname ? vname : pname)) {
            xmlFreeNode(out);
            out = NULL;
        }
    }
    if (hd)
        xmlFreeDoc(hd);
    if (!out)
        return EPI_TAG_DROP;
    *el = out;
    *name = vname ? vname : pname;
    return vname ? EPI_TAG_VOID : EPI_TAG_OPEN;
}
