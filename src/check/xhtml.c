/*
 * Content documents (EPUB 3.3 §7, docs/ARCHITECTURE.md "Content documents"): XHTML and SVG
 * documents are parsed once (load), their ids kept for fragment checks, then every reference is
 * checked (refs) once all ids are known. Also records what each document contains (script, inline
 * SVG, MathML, remote resources) for the manifest property checks (OPF-014/015).
 */
#include "check_int.h"
#include "util/html.h"
#include "util/pkg_schema.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NS_SVG "http://www.w3.org/2000/svg"
#define NS_MATHML "http://www.w3.org/1998/Math/MathML"
#define NS_XLINK "http://www.w3.org/1999/xlink"

static int line_of(const xmlNode *n)
{
    return (int)xmlGetLineNo(n);
}

static bool in_ns(const xmlNode *n, const char *ns)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, ns) == 0;
}

static bool named(const xmlNode *n, const char *name)
{
    return strcmp((const char *)n->name, name) == 0;
}

/* HTML script types that are data blocks, not scripts (HTML §4.12.1.1). */
static bool is_js_type(const char *type)
{
    static const char *const js[] = {"",
                                     "text/javascript",
                                     "application/javascript",
                                     "application/ecmascript",
                                     "text/ecmascript",
                                     "module",
                                     "application/x-javascript",
                                     "text/jscript"};
    for (size_t i = 0; i < sizeof js / sizeof js[0]; i++)
        if (strcasecmp(type, js[i]) == 0)
            return true;
    return false;
}

/* A content-model finding of util/html.c as epubcheck reports its schema's: RSC-005. */
typedef struct cm_ctx {
    epi_chk *c;
    const char *path;
} cm_ctx;

/* The schema of the publication's XHTML: XHTML 1.1 in EPUB 2 (a document checked alone is
 * EPUB 3's, as epubcheck's default). */
static const epi_hs_schema *schema_of(const epi_chk *c)
{
    return c->epub3 ? &epi_hs_xhtml5 : &epi_hs_xhtml11;
}

/* About the line of n's end tag, which libxml2 does not keep (Jing reports an incomplete
 * element there): that of its last descendant (a text node's is where the text ends). */
static int end_line(const xmlNode *n)
{
    const xmlNode *last = n;
    while (last->last)
        last = last->last;
    return line_of(last);
}

static void cm_report(void *ud, const epi_html_finding *f)
{
    cm_ctx *x = ud;
    char msg[512];
    const xmlNode *at = f->node ? f->node : f->parent;
    int line = !at ? 0 : f->kind == EPI_HTML_INCOMPLETE ? end_line(at) : line_of(at);
    epi_chk_report(x->c, EP_SEV_ERROR, "RSC-005", x->path, line, "%s",
                   epi_html_finding_text(f, msg, sizeof msg));
}

/* HTML §3.2.6.6: a custom data attribute's name has a character after "data-" and no ASCII
 * upper-case letter (XML-compatible: the parser made sure of the rest). */
static bool data_attr_ok(const char *name)
{
    if (!name[5])
        return false;
    for (const char *p = name; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            return false;
    return true;
}

/* The event handler attributes that make a document scripted, whatever the element (epubcheck
 * 5.3's OPSHandler30.processInlineScripts: scriptEventsStrings and mouseEventsStrings, names
 * compared in lower case). */
static bool event_handler(const char *name)
{
    static const char *const events[] = {
        "onabort",      "onafterprint",     "onbeforeprint",    "onbeforeunload",
        "onblur",       "oncanplay",        "oncanplaythrough", "onchange",
        "onclick",      "oncontextmenu",    "ondblclick",       "ondrag",
        "ondragend",    "ondragenter",      "ondragleave",      "ondragover",
        "ondragstart",  "ondrop",           "ondurationchange", "onemptied",
        "onended",      "onerror",          "onfocus",          "onformchange",
        "onforminput",  "onhaschange",      "oninput",          "oninvalid",
        "onkeydown",    "onkeypress",       "onkeyup",          "onload",
        "onloadeddata", "onloadedmetadata", "onloadstart",      "onmessage",
        "onmousedown",  "onmousemove",      "onmouseout",       "onmouseover",
        "onmouseup",    "onmousewheel",     "onoffline",        "onpagehide",
        "onpageshow",   "onpause",          "onplay",           "onplaying",
        "onpopstate",   "onprogress",       "onratechange",     "onreadystatechange",
        "onredo",       "onreset",          "onresize",         "onscroll",
        "onseeked",     "onseeking",        "onselect",         "onstalled",
        "onstorage",    "onsubmit",         "onsuspend",        "ontimeupdate",
        "onundo",       "onunload",         "onvolumechange",   "onwaiting"};
    if (strncasecmp(name, "on", 2) != 0)
        return false;
    for (size_t k = 0; k < sizeof events / sizeof events[0]; k++)
        if (strcasecmp(name, events[k]) == 0)
            return true;
    return false;
}

/* Whether a nesting rule of the schema names element `name`, remembered per name for one
 * document: libxml2 interns a document's names, so a name is one pointer, and
 * epi_html_misplaced (which compares the name with each of the schema's rules) then runs for
 * the few elements a rule concerns instead of every one. */
typedef struct nest_names {
    struct {
        const xmlChar *name;
        bool ruled;
    } v[64];
} nest_names;

static bool nest_ruled(const epi_hs_schema *s, nest_names *k, const xmlChar *name)
{
    size_t h = (size_t)(((uint64_t)(uintptr_t)name * UINT64_C(0x9E3779B97F4A7C15)) >> 58);
    if (k->v[h].name == name)
        return k->v[h].ruled;
    bool ruled = false;
    for (unsigned i = 0; i < s->nnesting && !ruled; i++)
        ruled = strcmp((const char *)name, s->nesting[i].name) == 0;
    k->v[h].name = name;
    k->v[h].ruled = ruled;
    return ruled;
}

static void scan_element(epi_chk *c, epi_chk_item *it, xmlNodePtr n, bool xhtml, nest_names *k)
{
    const char *path = it->path;
    epi_chk_at(c, path, n);
    xmlChar *id = NULL;
    if (epi_chk_may_have(n, "id") && !(id = xmlGetProp(n, (const xmlChar *)"id")))
        id = xmlGetNsProp(n, (const xmlChar *)"id", (const xmlChar *)EPI_NS_XML);
    if (id) {
        char *tid = epi_chk_trim((const char *)id);
        if (!tid)
            epi_chk_oom(c);
        else if (!c->epub3 && xmlValidateNCName((xmlChar *)tid, 0) != 0) /* XHTML 1.1: xsd:ID */
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, line_of(n),
                           "value of attribute \"id\" is invalid; must be an XML name without "
                           "colons");
        else if (xmlHashAddEntry(it->ids, (xmlChar *)tid, n) != 0)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, line_of(n), /* id-unique */
                           "duplicate ID \"%s\"", tid);
        free(tid);
        xmlFree(id);
    }
    /* HTML §3.2.6.2: lang and xml:lang must agree (ASCII case-insensitively): lang-xmllang. */
    bool langs = epi_chk_may_have(n, "lang");
    xmlChar *lang = langs ? xmlGetNoNsProp(n, (const xmlChar *)"lang") : NULL;
    xmlChar *xlang =
        langs ? xmlGetNsProp(n, (const xmlChar *)"lang", (const xmlChar *)EPI_NS_XML) : NULL;
    if (xhtml && lang && xlang && strcasecmp((const char *)lang, (const char *)xlang) != 0)
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, line_of(n),
                       "the lang and xml:lang attributes must have the same value (\"%s\" vs "
                       "\"%s\")",
                       (const char *)lang, (const char *)xlang);
    /* EPUB 3's rule (as OPF-092 is OPFHandler30's): EPUB 2 takes any text */
    if (c->epub3 && xlang && *xlang && !epi_lang_wellformed((const char *)xlang))
        epi_chk_report(c, EP_SEV_ERROR, "OPF-092", path, line_of(n),
                       "language tag \"%s\" is not well-formed (BCP 47)", (const char *)xlang);
    else if (c->epub3 && xhtml && lang && *lang && !epi_lang_wellformed((const char *)lang))
        epi_chk_report(c, EP_SEV_ERROR, "OPF-092", path, line_of(n),
                       "language tag \"%s\" is not well-formed (BCP 47)", (const char *)lang);
    xmlFree(lang);
    xmlFree(xlang);

    if (in_ns(n, EPI_NS_XHTML))
        for (const xmlAttr *a = n->properties; a; a = a->next)
            if (!a->ns && !strncmp((const char *)a->name, "data-", 5) &&
                !data_attr_ok((const char *)a->name))
                /* epubcheck 5.3 spells this ID with an underscore */
                epi_chk_report(c, EP_SEV_ERROR, "HTM_061", path, line_of(n),
                               "\"%s\" is not a valid custom data attribute (it must have at "
                               "least one character after the hyphen, be XML-compatible, and "
                               "not contain ASCII uppercase letters).",
                               (const char *)a->name);
    for (const xmlAttr *a = n->properties; a && !it->has_script; a = a->next)
        it->has_script = event_handler((const char *)a->name);
    if (in_ns(n, EPI_NS_XHTML)) {
        bool missing = false;
        const char *outer = nest_ruled(schema_of(c), k, n->name)
                                ? epi_html_misplaced(schema_of(c), n, &missing)
                                : NULL;
        if (outer && missing)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, line_of(n),
                           "The %s element must have an ancestor %s element.",
                           (const char *)n->name, outer);
        else if (outer)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, line_of(n),
                           "The %s element must not appear inside %s elements.",
                           (const char *)n->name, outer);
        if (named(n, "script")) {
            xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
            char *t = epi_chk_trim(type ? (const char *)type : "");
            if (t && is_js_type(t))
                it->has_script = true;
            free(t);
            xmlFree(type);
        } else if (named(n, "form")) {
            it->has_script = true;
        }
    } else if (in_ns(n, NS_SVG)) {
        if (named(n, "svg") && xhtml)
            it->has_svg = true;
        else if (named(n, "script"))
            it->has_script = true;
    } else if (in_ns(n, NS_MATHML) && named(n, "math")) {
        it->has_math = true;
    } else if (in_ns(n, EPI_NS_EPUB) && named(n, "switch")) {
        it->has_switch = true;
        /* EPUB 3.3 §C "Deprecated features": epubcheck 5.3's schema warns (RSC-017,
         * epub.switch.deprecated) */
        epi_chk_report(c, EP_SEV_WARNING, "RSC-017", path, line_of(n),
                       "the epub:switch element is deprecated");
    }
}

static void scan(epi_chk *c, epi_chk_item *it, xmlNodePtr n, bool xhtml, nest_names *k)
{
    for (; n && !c->nomem; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        scan_element(c, it, n, xhtml, k);
        scan(c, it, n->children, xhtml, k);
    }
}

static xmlNodePtr find_viewport(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (epi_chk_is(n, EPI_NS_XHTML, "meta")) {
            xmlChar *name = xmlGetNoNsProp(n, (const xmlChar *)"name");
            char *t = name ? epi_chk_trim((const char *)name) : NULL;
            bool vp = t && strcmp(t, "viewport") == 0;
            free(t);
            xmlFree(name);
            if (vp)
                return n;
        }
        xmlNodePtr r = find_viewport(n->children);
        if (r)
            return r;
    }
    return NULL;
}

typedef struct viewport {
    int count[2];         /* width, height */
    const char *value[2]; /* the first one's value */
    size_t len[2];
} viewport;

static void viewport_add(viewport *vp, const char *name, size_t nl, const char *v, size_t vl)
{
    static const char *const names[2] = {"width", "height"};
    for (int k = 0; k < 2; k++)
        if (strlen(names[k]) == nl && strncmp(name, names[k], nl) == 0 && vp->count[k]++ == 0) {
            vp->value[k] = v;
            vp->len[k] = vl;
        }
}

static bool vp_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\f' || ch == '\r';
}

/* The viewport meta's content as epubcheck 5.3 parses it (ViewportMeta): "name[=value]" pairs
 * separated by commas, semicolons or spaces. False on a syntax error (HTM-047). */
static bool viewport_parse(const char *s, viewport *vp)
{
    enum { NAME, ASSIGN, VALUE, SEPARATOR } st = NAME;
    const char *name = s, *value = s;
    size_t nl = 0, vl = 0, n = strlen(s), i = 0;
    bool consume = true;
    char ch = ' ';

    if (n == 0)
        return false;
    while (!consume || i < n) {
        if (consume)
            ch = s[i++];
        consume = true;
        bool sep = ch == ',' || ch == ';';
        switch (st) {
        case NAME:
            if (vp_space(ch) && nl == 0)
                break;
            if (ch == '=' || vp_space(ch) || sep) {
                st = sep ? SEPARATOR : ASSIGN;
                consume = false;
            } else if (nl++ == 0) {
                name = s + i - 1;
            }
            break;
        case ASSIGN:
            if (nl == 0)
                return false;
            if (vp_space(ch))
                break;
            if (ch == '=') {
                st = VALUE;
            } else if (sep) {
                st = SEPARATOR;
                consume = false;
            } else {
                return false; /* a name, spaces, then no "=" */
            }
            break;
        case VALUE:
            if (vp_space(ch) && vl == 0)
                break;
            if (sep || vp_space(ch)) {
                if (vl == 0)
                    return false;
                st = SEPARATOR;
            } else if (ch == '=') {
                return false;
            } else if (vl++ == 0) {
                value = s + i - 1;
            }
            break;
        case SEPARATOR:
            if (nl == 0)
                return false; /* a leading separator */
            if (!sep && !vp_space(ch)) {
                viewport_add(vp, name, nl, value, vl);
                nl = vl = 0;
                st = NAME;
                consume = false;
            }
            break;
        }
    }
    if (st == VALUE && vl == 0)
        return false;
    viewport_add(vp, name, nl, value, vl);
    return st != SEPARATOR; /* a trailing separator */
}

static bool viewport_value(const char *v, size_t n, const char *device)
{
    if (strlen(device) == n && strncmp(v, device, n) == 0)
        return true;
    size_t i = 0;
    while (i < n && isdigit((unsigned char)v[i]))
        i++;
    if (i == 0)
        return false;
    if (i < n && v[i] == '.') {
        size_t d = ++i;
        while (i < n && isdigit((unsigned char)v[i]))
            i++;
        if (i == d)
            return false;
    }
    return i == n;
}

/* A fixed-layout XHTML document gives its size in its first viewport meta (EPUB 3.3 §8.2.2.1;
 * epubcheck's HTM-046/047/056/057/059): width and height once each, numbers or
 * device-width/device-height. */
static void check_viewport(epi_chk *c, epi_chk_item *it, xmlNodePtr root)
{
    static const char *const names[2] = {"width", "height"};
    static const char *const device[2] = {"device-width", "device-height"};
    xmlNodePtr m = find_viewport(root);
    if (!m) {
        epi_chk_report(c, EP_SEV_ERROR, "HTM-046", it->path, line_of(root),
                       "fixed-layout document has no \"viewport\" meta element");
        return;
    }
    xmlChar *content = xmlGetNoNsProp(m, (const xmlChar *)"content");
    const char *text = content ? (const char *)content : "";
    viewport vp = {{0, 0}, {NULL, NULL}, {0, 0}};
    if (!viewport_parse(text, &vp)) {
        epi_chk_report(c, EP_SEV_ERROR, "HTM-047", it->path, line_of(m),
                       "the viewport meta content \"%s\" has a syntax error", text);
        xmlFree(content);
        return;
    }
    for (int k = 0; k < 2; k++) {
        if (vp.count[k] == 0) {
            epi_chk_report(c, EP_SEV_ERROR, "HTM-056", it->path, line_of(m),
                           "the viewport meta has no %s", names[k]);
            continue;
        }
        if (vp.count[k] > 1)
            epi_chk_report(c, EP_SEV_ERROR, "HTM-059", it->path, line_of(m),
                           "the viewport meta sets %s more than once", names[k]);
        if (!viewport_value(vp.value[k], vp.len[k], device[k]))
            epi_chk_report(c, EP_SEV_ERROR, "HTM-057", it->path, line_of(m),
                           "the viewport %s \"%.*s\" is not a positive number or %s", names[k],
                           (int)vp.len[k], vp.value[k], device[k]);
    }
    xmlFree(content);
}

bool epi_chk_content_wanted(const epi_chk_item *it)
{
    return it->entry && it->media_type &&
           (strcmp(it->media_type, EPI_MT_XHTML) == 0 || strcmp(it->media_type, EPI_MT_SVG) == 0);
}

void epi_chk_content_load(epi_chk *c, epi_chk_item *it)
{
    char *data = NULL;
    size_t len = 0;
    if (!epi_chk_content_wanted(it))
        return;
    it->checked = true;
    if (!epi_chk_read(c, it->entry, &data, &len))
        return;
    epi_chk_content_parse(c, it, data, len);
    free(data);
}

void epi_chk_content_parse(epi_chk *c, epi_chk_item *it, const char *data, size_t len)
{
    bool xhtml = strcmp(it->media_type, EPI_MT_XHTML) == 0;
    bool svg = !xhtml;
    it->doc = epi_chk_parse_xml(c, it->entry->name, data, len);
    if (!it->doc)
        return;
    it->parsed = true;
    xmlNodePtr root = xmlDocGetRootElement(it->doc);
    if (xhtml && !epi_chk_is(root, EPI_NS_XHTML, "html"))
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", it->path, root ? line_of(root) : 0,
                       "the root element must be \"html\" in the XHTML namespace");
    if (svg && !epi_chk_is(root, NS_SVG, "svg"))
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", it->path, root ? line_of(root) : 0,
                       "the root element must be \"svg\" in the SVG namespace");
    /* HTML §13.1.1: only <!DOCTYPE html> (optionally with about:legacy-compat). EPUB 2's
     * XHTML 1.1 DOCTYPE is checked when parsing (check.c). */
    xmlDtdPtr dtd = it->doc->intSubset;
    if (xhtml && dtd && c->epub3 &&
        (strcasecmp((const char *)dtd->name, "html") != 0 || dtd->ExternalID ||
         (dtd->SystemID && strcmp((const char *)dtd->SystemID, "about:legacy-compat") != 0)))
        epi_chk_report_col(c, EP_SEV_ERROR, "HTM-004", it->path, c->doctype_line, c->doctype_col,
                           "irregular DOCTYPE: only <!DOCTYPE html> is allowed in EPUB 3");
    it->ids = xmlHashCreate(64);
    if (!it->ids) {
        epi_chk_oom(c);
        return;
    }
    nest_names names = {0};
    scan(c, it, root, xhtml, &names);
    if (xhtml && epi_chk_is(root, EPI_NS_XHTML, "html")) {
        cm_ctx x = {c, it->path};
        epi_html_validate(schema_of(c), root, cm_report, &x);
        if (schema_of(c) == &epi_hs_xhtml5)
            epi_chk_xhtml_schematron(c, it, root);
    }
    if (svg && c->epub3 && epi_chk_is(root, NS_SVG, "svg")) /* epub-svg-30.rnc */
        epi_chk_validate(c, &epi_hs_svg, it->path, root, true);
    epi_chk_at(c, NULL, NULL);
    if (xhtml && it->fxl && root)
        check_viewport(c, it, root);
    if (svg && it->fxl && epi_chk_is(root, NS_SVG, "svg") &&
        !xmlHasProp(root, (const xmlChar *)"viewBox"))
        epi_chk_report(c, EP_SEV_ERROR, "HTM-048", it->path, line_of(root),
                       "a fixed-layout SVG document needs a viewBox on its outermost svg element");
    if (xhtml && epi_chk_is(root, EPI_NS_XHTML, "html")) {
        xmlNodePtr head = root->children;
        while (head && head->type != XML_ELEMENT_NODE)
            head = head->next;
        xmlNodePtr title = NULL;
        for (xmlNodePtr n = head && epi_chk_is(head, EPI_NS_XHTML, "head") ? head->children : NULL;
             n; n = n->next)
            if (epi_chk_is(n, EPI_NS_XHTML, "title"))
                title = n;
        if (!title) { /* title.present, then title.non-empty */
            epi_chk_report(c, EP_SEV_WARNING, "RSC-017", it->path, head ? line_of(head) : 0,
                           "the head element should have a title");
        } else {
            xmlChar *t = xmlNodeGetContent(title);
            char *tt = epi_chk_trim(t ? (const char *)t : "");
            if (tt && !*tt && c->epub3) /* HTML's title has content; XHTML 1.1's may not */
                epi_chk_report(c, EP_SEV_ERROR, "RSC-005", it->path, line_of(title),
                               "the title element must not be empty");
            free(tt);
            xmlFree(t);
        }
    }
}

/* A typed nav of the navigation document (nav.c checks its links). */
static bool is_typed_nav(epi_chk *c, epi_chk_item *it, xmlNodePtr n)
{
    if (it != c->nav || !epi_chk_is(n, EPI_NS_XHTML, "nav"))
        return false;
    xmlChar *t = xmlGetNsProp(n, (const xmlChar *)"type", (const xmlChar *)EPI_NS_EPUB);
    bool r = t && (epi_chk_has_token((const char *)t, "toc") ||
                   epi_chk_has_token((const char *)t, "landmarks") ||
                   epi_chk_has_token((const char *)t, "page-list"));
    xmlFree(t);
    return r;
}

/* Core media types (EPUB 3.3 §3.2); everything else needs a fallback. */
static bool core_type(const char *mt)
{
    static const char *const core[] = {"image/gif",
                                       "image/jpeg",
                                       "image/png",
                                       "image/svg+xml",
                                       "image/webp",
                                       "audio/mpeg",
                                       "audio/mp4",
                                       "audio/ogg;codecs=opus",
                                       "text/css",
                                       "font/ttf",
                                       "application/font-sfnt",
                                       "font/otf",
                                       "application/vnd.ms-opentype",
                                       "font/woff",
                                       "application/font-woff",
                                       "font/woff2",
                                       "application/xhtml+xml",
                                       "application/javascript",
                                       "text/javascript",
                                       "application/ecmascript",
                                       "application/x-dtbncx+xml",
                                       "application/smil+xml",
                                       "application/pls+xml"};
    char norm[128];
    size_t k = 0;
    for (const char *p = mt; *p && k + 1 < sizeof norm; p++)
        if (*p != ' ' && *p != '\t')
            norm[k++] = *p; /* "audio/ogg ; codecs=opus" */
    norm[k] = '\0';
    for (size_t i = 0; i < sizeof core / sizeof core[0]; i++)
        if (strcasecmp(norm, core[i]) == 0)
            return true;
    return strncmp(mt, "video/", 6) == 0; /* video is exempt from fallbacks */
}

static bool core_or_fallback(epi_chk *c, const epi_chk_item *t)
{
    for (size_t steps = 0; t && steps <= c->nitems; steps++) {
        if (t->media_type && core_type(t->media_type))
            return true;
        t = t->fallback ? xmlHashLookup(c->item_by_id, (xmlChar *)t->fallback) : NULL;
    }
    return false;
}

/* EPUB 3.3 §3.3 (foreign resources): RSC-032 (MED-003 inside picture). */
static void foreign(epi_chk *c, epi_chk_item *it, xmlNodePtr n, const char *url,
                    const epi_chk_item *t, const char *id)
{
    while (*url == ' ' || *url == '\t' || *url == '\n')
        url++;
    if (strncasecmp(url, "data:", 5) == 0) {
        size_t l = strcspn(url + 5, ";,");
        char *mt = epi_strndup(url + 5, l);
        if (!mt) {
            epi_chk_oom(c);
            return;
        }
        if (*mt && !core_type(mt))
            epi_chk_report(c, EP_SEV_ERROR, id, it->path, line_of(n),
                           "foreign resource of type %s has no fallback", mt);
        free(mt);
        return;
    }
    /* inside picture, manifest fallbacks do not count (HTML picture has its own) */
    bool strict = strcmp(id, "RSC-032") != 0;
    if (t && t->media_type && !(strict ? core_type(t->media_type) : core_or_fallback(c, t)))
        epi_chk_report(c, EP_SEV_ERROR, id, it->path, line_of(n),
                       "foreign resource \"%s\" (%s) has no core media type fallback", t->path,
                       t->media_type);
}

static epi_chk_item *ref_attr(epi_chk *c, epi_chk_item *it, xmlNodePtr n, const char *attr,
                              const char *ns, epi_chk_ref_kind kind, const char *foreign_id)
{
    epi_chk_item *t = NULL;
    xmlChar *v = ns ? xmlGetNsProp(n, (const xmlChar *)attr, (const xmlChar *)ns)
                    : xmlGetNoNsProp(n, (const xmlChar *)attr);
    if (v) {
        char *based = epi_chk_with_base(c, n, (const char *)v); /* <base>, xml:base */
        t = epi_chk_ref(c, it, it->path, line_of(n), based ? based : (const char *)v, kind);
        free(based);
        if (foreign_id)
            foreign(c, it, n, (const char *)v, t, foreign_id);
    }
    xmlFree(v);
    return t;
}

/* True when a sibling <source> of an audio/video points to a core media type. */
static bool sibling_core(epi_chk *c, epi_chk_item *it, xmlNodePtr n)
{
    for (xmlNodePtr s = n->parent ? n->parent->children : NULL; s; s = s->next) {
        if (s == n || !epi_chk_is(s, EPI_NS_XHTML, "source"))
            continue;
        xmlChar *v = xmlGetNoNsProp(s, (const xmlChar *)"src");
        epi_chk_url u;
        bool core = false;
        if (v && epi_chk_url_resolve(it->path, (const char *)v, &u)) {
            char *key = u.path ? NULL : epi_chk_trim((const char *)v);
            epi_chk_item *t = xmlHashLookup(c->item_by_path, (xmlChar *)(u.path ? u.path
                                                                         : key  ? key
                                                                                : ""));
            core = t && core_or_fallback(c, t);
            free(key);
            epi_chk_url_free(&u);
        }
        xmlFree(v);
        if (core)
            return true;
    }
    return false;
}

static void type_match(epi_chk *c, epi_chk_item *it, xmlNodePtr n, const epi_chk_item *t);

/* srcset: comma-separated "URL [descriptor]" candidates (HTML §4.8.4.2). */
static void ref_srcset(epi_chk *c, epi_chk_item *it, xmlNodePtr n, const char *foreign_id)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)"srcset");
    const char *p = (const char *)v;
    while (p && *p) {
        while (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n')
            p++;
        const char *s = p;
        if (strncasecmp(s, "data:", 5) == 0) {
            /* a data URL may contain commas (and, loosely, white space): last candidate */
            if (foreign_id)
                foreign(c, it, n, s, NULL, foreign_id);
            break;
        }
        while (*p && *p != ' ' && *p != '\t' && *p != '\n')
            p++;
        size_t n_ = (size_t)(p - s);
        bool ended = false;
        while (n_ > 0 && s[n_ - 1] == ',') {
            n_--;
            ended = true;
        }
        if (n_ > 0) {
            char *url = epi_strndup(s, n_);
            if (!url) {
                epi_chk_oom(c);
                break;
            }
            epi_chk_item *t = epi_chk_ref(c, it, it->path, line_of(n), url, EPI_REF_RESOURCE);
            if (epi_chk_is(n, EPI_NS_XHTML, "source"))
                type_match(c, it, n, t);
            if (foreign_id)
                foreign(c, it, n, url, t, foreign_id);
            free(url);
        }
        while (!ended && *p && *p != ',')
            p++;
    }
    xmlFree(v);
}

static void css_of(epi_chk *c, epi_chk_item *it, xmlNodePtr n, bool attr)
{
    xmlChar *css = attr ? xmlGetNoNsProp(n, (const xmlChar *)"style") : xmlNodeGetContent(n);
    if (css)
        epi_chk_css_text(c, it, line_of(n), (const char *)css, strlen((const char *)css));
    xmlFree(css);
}

/* HTML `type` attribute vs the manifest's media type: epubcheck warns on a mismatch (OPF-013). */
static void type_match(epi_chk *c, epi_chk_item *it, xmlNodePtr n, const epi_chk_item *t)
{
    xmlChar *type = xmlGetNoNsProp(n, (const xmlChar *)"type");
    if (type && t && t->media_type) {
        const char *semi = strchr((const char *)type, ';');
        size_t tl = semi ? (size_t)(semi - (const char *)type) : strlen((const char *)type);
        while (tl > 0 && type[tl - 1] == ' ')
            tl--;
        if (strlen(t->media_type) != tl || strncasecmp(t->media_type, (const char *)type, tl) != 0)
            epi_chk_report(c, EP_SEV_WARNING, "OPF-013", it->path, line_of(n),
                           "type \"%s\" does not match the manifest's media type \"%s\"",
                           (const char *)type, t->media_type);
    }
    xmlFree(type);
}

/* The XHTML elements whose attributes hold references, sorted by name (looked up once per
 * element instead of a comparison with each). */
typedef enum ref_tag {
    TAG_NONE,
    TAG_LINK_A, /* a, area: href */
    TAG_IMG,
    TAG_LINK,
    TAG_SCRIPT,
    TAG_MEDIA, /* audio, video */
    TAG_SOURCE,
    TAG_EMBED,
    TAG_INPUT,
    TAG_SRC, /* track, iframe: src */
    TAG_OBJECT,
    TAG_CITE, /* blockquote, q, del, ins */
    TAG_STYLE
} ref_tag;

typedef struct ref_tag_name {
    const char *name;
    ref_tag tag;
} ref_tag_name;

static int ref_tag_cmp(const void *key, const void *elt)
{
    return strcmp(key, ((const ref_tag_name *)elt)->name);
}

static ref_tag xhtml_ref_tag(const char *name)
{
    static const ref_tag_name tags[] = {
        {"a", TAG_LINK_A},        {"area", TAG_LINK_A},   {"audio", TAG_MEDIA},
        {"blockquote", TAG_CITE}, {"del", TAG_CITE},      {"embed", TAG_EMBED},
        {"iframe", TAG_SRC},      {"img", TAG_IMG},       {"input", TAG_INPUT},
        {"ins", TAG_CITE},        {"link", TAG_LINK},     {"object", TAG_OBJECT},
        {"q", TAG_CITE},          {"script", TAG_SCRIPT}, {"source", TAG_SOURCE},
        {"style", TAG_STYLE},     {"track", TAG_SRC},     {"video", TAG_MEDIA}};
    const ref_tag_name *t =
        bsearch(name, tags, sizeof tags / sizeof tags[0], sizeof tags[0], ref_tag_cmp);
    return t ? t->tag : TAG_NONE;
}

static void refs_xhtml(epi_chk *c, epi_chk_item *it, xmlNodePtr n)
{
    switch (xhtml_ref_tag((const char *)n->name)) {
    case TAG_NONE:
        break;
    case TAG_LINK_A:
        ref_attr(c, it, n, "href", NULL, EPI_REF_HYPERLINK, NULL);
        break;
    case TAG_IMG: {
        bool in_picture = n->parent && epi_chk_is(n->parent, EPI_NS_XHTML, "picture");
        const char *fid = in_picture ? "MED-003" : "RSC-032";
        ref_attr(c, it, n, "src", NULL, EPI_REF_RESOURCE, fid);
        ref_srcset(c, it, n, fid);
        break;
    }
    case TAG_LINK: {
        /* link types are ASCII case-insensitive (HTML §4.6.1; epubcheck issue 316) */
        xmlChar *rel = xmlGetNoNsProp(n, (const xmlChar *)"rel");
        for (xmlChar *p = rel; p && *p; p++)
            *p = (xmlChar)tolower(*p);
        if (rel && epi_chk_has_token((const char *)rel, "stylesheet"))
            ref_attr(c, it, n, "href", NULL, EPI_REF_STYLESHEET, NULL);
        xmlFree(rel);
        break;
    }
    case TAG_SCRIPT:
        ref_attr(c, it, n, "src", NULL, EPI_REF_SCRIPT, NULL);
        break;
    case TAG_MEDIA:
        ref_attr(c, it, n, "src", NULL, EPI_REF_MEDIA, "RSC-032");
        ref_attr(c, it, n, "poster", NULL, EPI_REF_RESOURCE, "RSC-032");
        break;
    case TAG_SOURCE:
        if (n->parent && (epi_chk_is(n->parent, EPI_NS_XHTML, "audio") ||
                          epi_chk_is(n->parent, EPI_NS_XHTML, "video"))) {
            ref_attr(c, it, n, "src", NULL, EPI_REF_MEDIA,
                     sibling_core(c, it, n) ? NULL : "RSC-032");
        } else {
            /* picture/source: a foreign type is fine when declared (MED-007) */
            const char *fid = xmlHasProp(n, (const xmlChar *)"type") ? NULL : "MED-007";
            type_match(c, it, n, ref_attr(c, it, n, "src", NULL, EPI_REF_RESOURCE, fid));
            ref_srcset(c, it, n, fid);
        }
        break;
    case TAG_EMBED:
        type_match(c, it, n, ref_attr(c, it, n, "src", NULL, EPI_REF_RESOURCE, "RSC-032"));
        break;
    case TAG_INPUT:
        ref_attr(c, it, n, "src", NULL, EPI_REF_RESOURCE, "RSC-032");
        break;
    case TAG_SRC:
        ref_attr(c, it, n, "src", NULL, EPI_REF_RESOURCE, NULL);
        break;
    case TAG_OBJECT:
        type_match(c, it, n, ref_attr(c, it, n, "data", NULL, EPI_REF_RESOURCE, NULL));
        break;
    case TAG_CITE:
        ref_attr(c, it, n, "cite", NULL, EPI_REF_CITE, NULL);
        break;
    case TAG_STYLE:
        css_of(c, it, n, false);
        break;
    }
}

static void refs_element(epi_chk *c, epi_chk_item *it, xmlNodePtr n)
{
    epi_chk_at(c, it->path, n);
    if (epi_chk_may_have(n, "style") && xmlHasProp(n, (const xmlChar *)"style") &&
        !in_ns(n, NS_MATHML))
        css_of(c, it, n, true);
    if (in_ns(n, EPI_NS_XHTML)) {
        refs_xhtml(c, it, n);
    } else if (in_ns(n, NS_SVG)) {
        const char *name = (const char *)n->name;
        const char *ns = epi_chk_may_have(n, "href") &&
                                 xmlHasNsProp(n, (const xmlChar *)"href", (const xmlChar *)NS_XLINK)
                             ? NS_XLINK
                             : NULL;
        if (strcmp(name, "a") == 0) {
            ref_attr(c, it, n, "href", ns, EPI_REF_HYPERLINK, NULL);
        } else if (strcmp(name, "image") == 0) {
            ref_attr(c, it, n, "href", ns, EPI_REF_RESOURCE, NULL);
        } else if (strcmp(name, "font-face-uri") == 0) {
            /* SVG 1.1 §20.8.3: a font reference, which may be remote (EPUB 3.3 §3.6) */
            ref_attr(c, it, n, "href", ns, EPI_REF_FONT, NULL);
        } else if (strcmp(name, "use") == 0) {
            xmlChar *v = ns ? xmlGetNsProp(n, (const xmlChar *)"href", (const xmlChar *)ns)
                            : xmlGetNoNsProp(n, (const xmlChar *)"href");
            if (v && !strchr((const char *)v, '#'))
                epi_chk_report(c, EP_SEV_ERROR, "RSC-015", it->path, line_of(n),
                               "SVG \"use\" must reference a fragment: \"%s\"", (const char *)v);
            else if (v)
                epi_chk_ref(c, it, it->path, line_of(n), (const char *)v, EPI_REF_RESOURCE);
            xmlFree(v);
        } else if (strcmp(name, "style") == 0) {
            css_of(c, it, n, false);
        }
    } else if (in_ns(n, NS_MATHML) && named(n, "math")) {
        ref_attr(c, it, n, "altimg", NULL, EPI_REF_RESOURCE, "RSC-032");
    }
}

static void refs(epi_chk *c, epi_chk_item *it, xmlNodePtr n)
{
    for (; n && !c->nomem; n = n->next) {
        if (n->type == XML_PI_NODE && strcmp((const char *)n->name, "xml-stylesheet") == 0 &&
            n->content) {
            /* <?xml-stylesheet href="..."?> in SVG */
            const char *h = strstr((const char *)n->content, "href=");
            if (h && (h[5] == '"' || h[5] == '\'')) {
                const char *e = strchr(h + 6, h[5]);
                char *url = e ? epi_strndup(h + 6, (size_t)(e - h - 6)) : NULL;
                if (url)
                    epi_chk_ref(c, it, it->path, line_of(n), url, EPI_REF_STYLESHEET);
                free(url);
            }
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (is_typed_nav(c, it, n))
            continue;
        refs_element(c, it, n);
        refs(c, it, n->children);
    }
}

void epi_chk_content_refs(epi_chk *c, epi_chk_item *it)
{
    if (!it->doc)
        return;
    refs(c, it, it->doc->children);
    epi_chk_at(c, NULL, NULL);
}
