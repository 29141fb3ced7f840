/*
 * The metadata a web page carries (docs/ARCHITECTURE.md "Input"), in this order:
 *   1. JSON-LD: the first schema.org Article (or a subtype: NewsArticle, BlogPosting, …) in a
 *      <script type="application/ld+json">, also inside an array or an @graph;
 *   2. <meta property=…> and <meta name=…>: Dublin Core, OpenGraph (og:, article:), Twitter,
 *      Parse.ly, then the plain names (author, description);
 *   3. <title>, its site-name part removed, then <html lang>;
 *   4. the page's address: <link rel=canonical>, og:url, or the "saved from url" comment.
 * The order of the names within each key, and the cleaning of <title>, are those of Mozilla's
 * Readability (Readability.js _getJSONLD, _getArticleMetadata, _getArticleTitle), so that
 * tests/e2e/web_readability.sh can score us against its expected results. Keys the caller
 * already set (book.yaml, front matter) are kept.
 *
 * JSON is parsed with json-c: each tokener is the caller's, so parallel calls share nothing.
 * The page tree is walked without recursion: a page may nest elements 100 000 deep.
 */
#include "web_private.h"
#include "util/date.h"

#include <ctype.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct meta_kv {
    char *key; /* lowercased; name="DC.title" is stored as "dc:title", as Readability does */
    const char *content;
    int line;
} meta_kv;

/* What one walk over the page finds. Pointers into the tree are borrowed. */
typedef struct page_scan {
    const GumboNode *html;
    char *doc_title; /* document.title: the first <title>'s text, spaces collapsed */
    meta_kv *metas;
    size_t nmetas, metas_cap;
    const char *canonical;
    int canonical_line;
    const GumboNode **ld; /* <script type="application/ld+json"> */
    size_t nld, ld_cap;
    const GumboNode **heads; /* h1 and h2 */
    size_t nheads, heads_cap, nh1;
    const GumboNode *h1;
    const GumboNode *byline;
    char *saved_from;           /* "<!-- saved from url=(0052)https://… -->" */
    const GumboNode *item_date; /* the first itemprop="datePublished" (microdata) */
    const GumboNode *time_date; /* the first <time datetime> in an <article> or <header> */
} page_scan;

/* What the JSON-LD article gives. */
typedef struct ld_meta {
    char *title, *date, *modified, *publisher, *description, *image, *lang;
    char **authors;
    size_t nauthors, authors_cap;
    int line;
} ld_meta;

static ep_status nomem(epi_ctx *ctx, const char *path)
{
    return epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
}

/* ---- the tree ---- */

static const GumboVector *children(const GumboNode *n)
{
    if (n->type == GUMBO_NODE_DOCUMENT)
        return &n->v.document.children;
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
        return &n->v.element.children;
    return NULL;
}

/* The node after `n` in document order, not entering its children when `skip`, and never
 * leaving `top`'s subtree (NULL at its end). */
static const GumboNode *next_node(const GumboNode *n, bool skip, const GumboNode *top)
{
    const GumboVector *kids = children(n);
    if (!skip && kids && kids->length)
        return kids->data[0];
    while (n && n != top) {
        const GumboNode *p = n->parent;
        if (!p)
            return NULL;
        kids = children(p);
        if (kids && n->index_within_parent + 1 < kids->length)
            return kids->data[n->index_within_parent + 1];
        n = p;
    }
    return NULL;
}

static const char *attr(const GumboNode *n, const char *name)
{
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE)
        return NULL;
    const GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : NULL;
}

static bool is_tag(const GumboNode *n, GumboTag tag)
{
    return n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == tag;
}

/* Node.textContent: the text of every descendant. With limits (0: none), false when the text
 * would pass `max_bytes` or the subtree `max_nodes` (*oom tells out of memory apart). */
static bool text_content_max(const GumboNode *top, epi_buf *b, size_t max_bytes, size_t max_nodes,
                             bool *oom)
{
    size_t nodes = 0;
    for (const GumboNode *n = top; n; n = next_node(n, false, top)) {
        if (max_nodes && ++nodes > max_nodes)
            return false;
        if (n->type != GUMBO_NODE_TEXT && n->type != GUMBO_NODE_WHITESPACE &&
            n->type != GUMBO_NODE_CDATA)
            continue;
        if (!epi_buf_puts(b, n->v.text.text)) {
            *oom = true;
            return false;
        }
        if (max_bytes && b->len > max_bytes)
            return false;
    }
    return true;
}

static bool text_content(const GumboNode *top, epi_buf *b)
{
    bool oom = false;
    return text_content_max(top, b, 0, 0, &oom);
}

static int line_of(const GumboNode *n)
{
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
        return (int)n->v.element.start_pos.line;
    if (n->type == GUMBO_NODE_DOCUMENT)
        return 1;
    return (int)n->v.text.start_pos.line;
}

/* ---- text ---- */

/* JavaScript's \s (ECMA-262 WhiteSpace and LineTerminator). */
static bool js_space(uint32_t c)
{
    return c == ' ' || (c >= 9 && c <= 13) || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* Text as code points, for the rules below that count characters and words. */
typedef struct u32s {
    uint32_t *v;
    size_t n;
} u32s;

static bool u32_from(const char *s, size_t len, u32s *out)
{
    out->n = 0;
    out->v = malloc((len + 1) * sizeof *out->v);
    if (!out->v)
        return false;
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0xFFFD;
        size_t k = epi_utf8_decode(s + i, len - i, &cp);
        out->v[out->n++] = cp;
        i += k ? k : 1;
    }
    return true;
}

/* s[from..to) trimmed and with every run of spaces made one ' ', as UTF-8. */
static char *u32_clean(const uint32_t *s, size_t from, size_t to)
{
    epi_buf b = {0};
    bool space = false, ok = true;
    while (from < to && js_space(s[from]))
        from++;
    while (to > from && js_space(s[to - 1]))
        to--;
    for (size_t i = from; i < to && ok; i++) {
        if (js_space(s[i])) {
            space = true;
            continue;
        }
        if (space)
            ok = epi_buf_puts(&b, " ");
        space = false;
        ok = ok && epi_utf8_put(&b, s[i]);
    }
    if (!ok) {
        epi_buf_free(&b);
        return NULL;
    }
    return epi_buf_detach(&b);
}

/* UTF-8 text trimmed and its space runs collapsed; NULL on out of memory. */
static char *clean_text(const char *s)
{
    u32s u;
    if (!u32_from(s, strlen(s), &u))
        return NULL;
    char *r = u32_clean(u.v, 0, u.n);
    free(u.v);
    return r;
}

/* str.split(/\s+/).length */
static size_t word_count(const uint32_t *s, size_t from, size_t to)
{
    size_t n = 1;
    for (size_t i = from; i < to; i++)
        if (js_space(s[i]) && (i == from || !js_space(s[i - 1])))
            n++;
    return n;
}

/* Readability's _unescapeHtmlEntities: publishers often escape meta values twice. */
static char *unescape_entities(const char *s)
{
    /* XML's five, and what sites double-escape in <title>/og:title ("&amp;nbsp;"). */
    static const char *const names[][2] = {
        {"quot", "\""},       {"amp", "&"},        {"apos", "'"},       {"lt", "<"},
        {"gt", ">"},          {"nbsp", " "},       {"ndash", "\u2013"}, {"mdash", "\u2014"},
        {"hellip", "\u2026"}, {"laquo", "\u00ab"}, {"raquo", "\u00bb"}, {"lsquo", "\u2018"},
        {"rsquo", "\u2019"},  {"ldquo", "\u201c"}, {"rdquo", "\u201d"}};
    epi_buf b = {0};
    bool ok = true;
    while (*s && ok) {
        const char *semi = *s == '&' ? strchr(s, ';') : NULL;
        bool done = false;
        if (semi && semi - s <= 10) {
            size_t n = (size_t)(semi - s - 1);
            for (size_t i = 0; i < sizeof names / sizeof names[0] && !done; i++)
                if (strlen(names[i][0]) == n && !strncmp(s + 1, names[i][0], n))
                    done = ok = epi_buf_puts(&b, names[i][1]);
            if (!done && s[1] == '#' && n >= 2) {
                bool hex = s[2] == 'x' || s[2] == 'X';
                char *end;
                unsigned long v = strtoul(s + (hex ? 3 : 2), &end, hex ? 16 : 10);
                if (end == semi && end > s + (hex ? 3 : 2)) {
                    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
                        v = 0xFFFD;
                    done = ok = epi_utf8_put(&b, (uint32_t)v);
                }
            }
        }
        if (done) {
            s = semi + 1;
            continue;
        }
        ok = epi_buf_append(&b, s, 1);
        s++;
    }
    if (!ok) {
        epi_buf_free(&b);
        return NULL;
    }
    return epi_buf_detach(&b);
}

/* A value as it goes into the book: entities unescaped, trimmed, spaces collapsed. NULL for
 * an empty value and on out of memory (*oom). */
static char *value_of(const char *s, bool *oom)
{
    if (!s)
        return NULL;
    char *u = unescape_entities(s), *c = u ? clean_text(u) : NULL;
    free(u);
    if (!c) {
        *oom = true;
        return NULL;
    }
    if (!*c) {
        free(c);
        return NULL;
    }
    return c;
}

/* ---- the walk ---- */

static bool push_node(const GumboNode ***v, size_t *n, size_t *cap, const GumboNode *node)
{
    const GumboNode **g = epi_grow(*v, cap, *n, sizeof *g, 8);
    if (!g)
        return false;
    *v = g;
    g[(*n)++] = node;
    return true;
}

static bool add_kv(page_scan *p, char *key, const char *content, int line)
{
    meta_kv *v = epi_grow(p->metas, &p->metas_cap, p->nmetas, sizeof *v, 16);
    if (!v) {
        free(key);
        return false;
    }
    p->metas = v;
    v[p->nmetas++] = (meta_kv){key, content, line};
    return true;
}

static bool in_list(const char *s, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && !strncmp(s, list[i], n))
            return true;
    return false;
}

/* Readability's property pattern: (article|dc|dcterm|og|twitter):(author|creator|description|
 * published_time|title|site_name), found anywhere in a word ("og:article:author"). */
static const char *readability_property(const char *k)
{
    static const char *const pre[] = {"article", "dc", "dcterm", "og", "twitter"};
    static const char *const names[] = {"author",         "creator", "description",
                                        "published_time", "title",   "site_name"};
    for (const char *s = k; s; s = strchr(s, ':') ? strchr(s, ':') + 1 : NULL) {
        const char *colon = strchr(s, ':');
        if (colon && in_list(s, (size_t)(colon - s), pre, 5) &&
            in_list(colon + 1, strlen(colon + 1), names, 6))
            return s;
    }
    return NULL;
}

/* Readability's name pattern: [(dc|dcterm|og|twitter|parsely|weibo:article|weibo:webpage)
 * (-|.|:)](author|creator|pub-date|description|title|site_name); also "date". */
static bool readability_name(const char *k)
{
    static const char *const pre[] = {"dc",      "dcterm",        "og",           "twitter",
                                      "parsely", "weibo:article", "weibo:webpage"};
    static const char *const names[] = {"author", "creator",   "pub-date", "description",
                                        "title",  "site_name", "date"};
    /* Dates only (issue 22): <meta name="pubdate">, "publish-date", "DC.date", "dc.date.issued";
     * Open Graph's article:published_time in name= where property= belongs (elnuevodia.com,
     * gothamist.com, healthline.com, medicalnewstoday.com, sac-cas.ch of trafilatura's set). */
    static const char *const dates[] = {"pubdate",
                                        "publish-date",
                                        "publish_date",
                                        "publication_date",
                                        "dc:date",
                                        "dcterms:date",
                                        "dc:date:issued",
                                        "dcterms:issued",
                                        "article:published_time",
                                        "og:article:published_time"};
    size_t n = strlen(k);
    if (in_list(k, n, names, 7) || in_list(k, n, dates, sizeof dates / sizeof dates[0]))
        return true;
    for (size_t i = 0; i < 7; i++) {
        size_t l = strlen(pre[i]);
        if (n > l + 1 && !strncmp(k, pre[i], l) && (k[l] == '-' || k[l] == ':') &&
            in_list(k + l + 1, n - l - 1, names, 6))
            return true;
    }
    return false;
}

/* A <meta>'s keys as Readability's _getArticleMetadata reads them: each word of property
 * that has a prefix (og:title, article:author), lowercased, else the name lowercased, without
 * spaces, dots made colons (DC.creator → dc:creator). */
static bool scan_meta(page_scan *p, const GumboNode *n)
{
    const char *content = attr(n, "content"), *prop = attr(n, "property"), *name = attr(n, "name");
    bool any = false;
    int line = line_of(n);
    if (!content || !*content)
        return true;
    for (const char *s = prop; s && *s;) {
        s += strspn(s, " \t\n\r\f");
        size_t len = strcspn(s, " \t\n\r\f");
        if (!len)
            break;
        if (memchr(s, ':', len)) {
            char *k = epi_strndup(s, len);
            if (!k)
                return false;
            for (char *c = k; *c; c++)
                *c = (char)((*c >= 'A' && *c <= 'Z') ? *c + 32 : *c);
            const char *r = readability_property(k);
            char *rk = r && r != k ? epi_strdup(r) : NULL;
            if (!add_kv(p, k, content, line) ||
                (r && r != k && (!rk || !add_kv(p, rk, content, line))))
                return false;
            any = true;
        }
        s += len;
    }
    if (any || !name)
        return true;
    epi_buf k = {0};
    for (const char *c = name; *c; c++) {
        char ch = *c;
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f')
            continue;
        ch = (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch == '.' ? ':' : ch);
        if (!epi_buf_append(&k, &ch, 1)) {
            epi_buf_free(&k);
            return false;
        }
    }
    char *key = epi_buf_detach(&k);
    if (!key)
        return false;
    if (!readability_name(key)) {
        free(key);
        return true;
    }
    return add_kv(p, key, content, line);
}

/* Readability's _isProbablyVisible. */
static bool visible(const GumboNode *n)
{
    const char *style = attr(n, "style"), *aria = attr(n, "aria-hidden"), *cls = attr(n, "class");
    if (style) {
        char flat[256];
        size_t k = 0;
        for (const char *c = style; *c && k + 1 < sizeof flat; c++)
            if (*c != ' ' && *c != '\t' && *c != '\n')
                flat[k++] = (char)((*c >= 'A' && *c <= 'Z') ? *c + 32 : *c);
        flat[k] = '\0';
        if (strstr(flat, "display:none") || strstr(flat, "visibility:hidden"))
            return false;
    }
    if (attr(n, "hidden"))
        return false;
    return !aria || strcmp(aria, "true") || (cls && strstr(cls, "fallback-image"));
}

/* Does `s` contain one of the lowercase `words`, ASCII case ignored? */
static bool has_word_ci(const char *s, const char *const *words, size_t n)
{
    for (; s && *s; s++)
        for (size_t i = 0; i < n; i++)
            if (!strncasecmp(s, words[i], strlen(words[i])))
                return true;
    return false;
}

/* Readability's _isValidByline: rel=author, itemprop containing "author", or a class or id
 * naming a byline; with 1 to 99 characters of text. */
/* Does n hold a form field's label or a text field (a comment form's "Name (required)":
 * WordPress's <p class="comment-form-author"><label>…</label><input id="author">)? A byline
 * names the author, a label asks for a name. Bounded like a byline. */
static bool holds_control(const GumboNode *n, int depth)
{
    const GumboVector *k = children(n);
    for (unsigned i = 0; k && i < k->length && depth < 8; i++) {
        const GumboNode *c = k->data[i];
        if (is_tag(c, GUMBO_TAG_LABEL) || is_tag(c, GUMBO_TAG_TEXTAREA) ||
            is_tag(c, GUMBO_TAG_SELECT) || holds_control(c, depth + 1))
            return true;
    }
    return false;
}

bool epi_web_names_author(const GumboNode *n)
{
    static const char *const words[] = {"byline", "author", "writtenby", "p-author"};
    const char *rel = attr(n, "rel"), *itemprop = attr(n, "itemprop");
    return (rel && !strcmp(rel, "author")) || (itemprop && strstr(itemprop, "author")) ||
           has_word_ci(attr(n, "class"), words, 4) || has_word_ci(attr(n, "id"), words, 4);
}

static bool byline_candidate(const GumboNode *n, bool *oom)
{
    static const char *const dateline[] = {"dateline"};
    if (!(epi_web_names_author(n) || has_word_ci(attr(n, "class"), dateline, 1) ||
          has_word_ci(attr(n, "id"), dateline, 1)) ||
        holds_control(n, 0))
        return false;
    epi_buf b = {0};
    /* A byline is short: a subtree bigger than this is not one (and bounds the work when
     * such elements nest deeply). */
    if (!text_content_max(n, &b, 4096, 256, oom)) {
        epi_buf_free(&b);
        return false;
    }
    u32s u = {0};
    bool ok = false;
    if (b.len && u32_from(b.data, b.len, &u)) {
        size_t from = 0, to = u.n;
        while (from < to && js_space(u.v[from]))
            from++;
        while (to > from && js_space(u.v[to - 1]))
            to--;
        ok = to > from && to - from < 100;
    } else if (b.len) {
        *oom = true;
    }
    free(u.v);
    epi_buf_free(&b);
    return ok;
}

static bool skip_subtree(const GumboNode *n)
{
    return is_tag(n, GUMBO_TAG_SCRIPT) || is_tag(n, GUMBO_TAG_NOSCRIPT) ||
           is_tag(n, GUMBO_TAG_STYLE) || n->type == GUMBO_NODE_TEMPLATE;
}

/* The walk's next node, as next_node(); leaving the subtree of *quiet clears it. */
static const GumboNode *walk_next(const GumboNode *n, bool skip, const GumboNode **quiet)
{
    const GumboVector *kids = children(n);
    if (!skip && kids && kids->length)
        return kids->data[0];
    for (; n; n = n->parent) {
        if (n == *quiet)
            *quiet = NULL;
        const GumboNode *p = n->parent;
        kids = p ? children(p) : NULL;
        if (kids && n->index_within_parent + 1 < kids->length)
            return kids->data[n->index_within_parent + 1];
    }
    return NULL;
}

static bool scan_element(page_scan *p, const GumboNode *n)
{
    GumboTag t = n->v.element.tag;
    const char *type = attr(n, "type"), *rel = attr(n, "rel");
    if (t == GUMBO_TAG_TITLE && !p->doc_title) {
        epi_buf b = {0};
        bool ok = text_content(n, &b) && (p->doc_title = clean_text(b.data ? b.data : ""));
        epi_buf_free(&b);
        return ok;
    }
    const char *ip = attr(n, "itemprop");
    if (ip && !strcmp(ip, "datePublished") && !p->item_date)
        p->item_date = n;
    if (t == GUMBO_TAG_TIME && attr(n, "datetime") && !p->time_date) {
        /* Anywhere when it says it is the publication's: HTML5's draft pubdate attribute, or
         * the class of hAtom ("published") and microformats2 ("dt-published"). */
        const char *cls = attr(n, "class");
        if (attr(n, "pubdate") || (cls && epi_ci_find(cls, "published")))
            p->time_date = n;
        for (const GumboNode *a = n->parent; a && !p->time_date && a->type == GUMBO_NODE_ELEMENT;
             a = a->parent)
            if (is_tag(a, GUMBO_TAG_ARTICLE) || is_tag(a, GUMBO_TAG_HEADER)) {
                p->time_date = n;
                break;
            }
    }
    if (t == GUMBO_TAG_META)
        return scan_meta(p, n);
    if (t == GUMBO_TAG_LINK && rel && !strcasecmp(rel, "canonical") && !p->canonical) {
        p->canonical = attr(n, "href");
        p->canonical_line = line_of(n);
    }
    if (t == GUMBO_TAG_SCRIPT && type && !strcasecmp(type, "application/ld+json"))
        return push_node(&p->ld, &p->nld, &p->ld_cap, n);
    if (t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2) {
        if (t == GUMBO_TAG_H1 && !p->nh1++)
            p->h1 = n;
        return push_node(&p->heads, &p->nheads, &p->heads_cap, n);
    }
    return true;
}

/* One walk over every node. The byline is looked for as Readability does, in document order
 * outside hidden elements, scripts and styles (`quiet`: the subtree being passed over). */
static bool scan_page(page_scan *p, const GumboNode *doc)
{
    const GumboNode *quiet = NULL;
    bool oom = false;
    for (const GumboNode *n = doc; n && !oom;) {
        if (n->type == GUMBO_NODE_COMMENT && !p->saved_from) {
            const char *c = strstr(n->v.text.text, "saved from url=(");
            const char *u = c ? strchr(c, ')') : NULL;
            if (u && !(p->saved_from = clean_text(u + 1)))
                return false;
        }
        if (n->type == GUMBO_NODE_ELEMENT) {
            if (!p->html && is_tag(n, GUMBO_TAG_HTML))
                p->html = n;
            if (!scan_element(p, n))
                return false;
            if (!quiet && (!visible(n) || skip_subtree(n)))
                quiet = n;
            if (!quiet && !p->byline && byline_candidate(n, &oom))
                p->byline = n;
        } else if (n->type == GUMBO_NODE_TEMPLATE && !quiet) {
            quiet = n;
        }
        n = walk_next(n, false, &quiet);
    }
    return !oom;
}

static void scan_free(page_scan *p)
{
    for (size_t i = 0; i < p->nmetas; i++)
        free(p->metas[i].key);
    free(p->metas);
    free(p->ld);
    free(p->heads);
    free(p->doc_title);
    free(p->saved_from);
}

/* The last <meta> with this key (Readability keeps the last), or NULL. */
static const meta_kv *meta_get(const page_scan *p, const char *key)
{
    for (size_t i = p->nmetas; i-- > 0;)
        if (!strcmp(p->metas[i].key, key))
            return &p->metas[i];
    return NULL;
}

/* The first of `keys` that a <meta> gives. */
static const meta_kv *meta_first(const page_scan *p, const char *const *keys, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const meta_kv *kv = meta_get(p, keys[i]);
        if (kv)
            return kv;
    }
    return NULL;
}

/* ---- <title> ---- */

static bool title_sep(uint32_t c, bool hierarchical)
{
    if (c == '\\' || c == '/' || c == '>' || c == 0xBB)
        return true;
    return !hierarchical && (c == '|' || c == '-' || c == 0x2013 || c == 0x2014);
}

/* Is there "\s[sep]\s" at i? */
static bool sep_at(const u32s *t, size_t i, bool hierarchical)
{
    return i + 2 < t->n && js_space(t->v[i]) && title_sep(t->v[i + 1], hierarchical) &&
           js_space(t->v[i + 2]);
}

/* Readability's _getArticleTitle: <title> without the site's name (" | Site", " — Site",
 * "Site: "), or the only <h1> when the title is too short or too long to be one. */
static char *article_title(const page_scan *p)
{
    const char *orig_s = p->doc_title ? p->doc_title : "";
    u32s t = {0};
    char *cur = NULL;
    epi_buf b = {0};
    bool hier = false;

    if (!u32_from(orig_s, strlen(orig_s), &t))
        return NULL;
    size_t last = (size_t)-1;
    for (size_t i = 0; i < t.n; i++) {
        if (sep_at(&t, i, false)) {
            last = i;
            hier = hier || sep_at(&t, i, true);
            i += 2;
        }
    }
    size_t colon = (size_t)-1, first_colon = (size_t)-1;
    for (size_t i = 0; i < t.n; i++)
        if (t.v[i] == ':') {
            colon = i;
            if (first_colon == (size_t)-1)
                first_colon = i;
        }
    bool colon_space = false;
    for (size_t i = 0; i + 1 < t.n; i++)
        colon_space = colon_space || (t.v[i] == ':' && t.v[i + 1] == ' ');

    if (last != (size_t)-1) {
        cur = u32_clean(t.v, 0, last);
        if (cur) {
            u32s c;
            if (u32_from(cur, strlen(cur), &c)) {
                size_t wc = word_count(c.v, 0, c.n);
                free(c.v);
                if (wc < 3) {
                    size_t k = 0;
                    while (k < t.n && !title_sep(t.v[k], false))
                        k++;
                    free(cur);
                    cur = u32_clean(t.v, k < t.n ? k + 1 : 0, t.n);
                }
            } else {
                free(cur);
                cur = NULL;
            }
        }
    } else if (colon_space) {
        bool match = false;
        for (size_t i = 0; i < p->nheads && !match; i++) {
            epi_buf hb = {0};
            char *ht = NULL;
            if (!text_content(p->heads[i], &hb) || !(ht = clean_text(hb.data ? hb.data : ""))) {
                epi_buf_free(&hb);
                goto out;
            }
            /* the heading's text trimmed; document.title is already collapsed */
            match = !strcmp(ht, orig_s);
            free(ht);
            epi_buf_free(&hb);
        }
        if (match)
            cur = epi_strdup(orig_s);
        else if (word_count(t.v, colon + 1, t.n) < 3)
            cur = u32_clean(t.v, first_colon + 1, t.n);
        else if (word_count(t.v, 0, first_colon) > 5)
            cur = epi_strdup(orig_s);
        else
            cur = u32_clean(t.v, colon + 1, t.n);
    } else if ((t.n > 150 || t.n < 15) && p->nh1 == 1) {
        if (!text_content(p->h1, &b) || !(cur = clean_text(b.data ? b.data : "")))
            goto out;
    } else {
        cur = epi_strdup(orig_s);
    }
    if (!cur)
        goto out;

    u32s c;
    if (!u32_from(cur, strlen(cur), &c)) {
        free(cur);
        cur = NULL;
        goto out;
    }
    size_t wc = word_count(c.v, 0, c.n);
    free(c.v);
    if (wc <= 4) {
        /* words of the title without its " | " separators */
        size_t orig_wc = 1, i = 0;
        bool in_space = false;
        for (i = 0; i < t.n; i++) {
            if (sep_at(&t, i, false)) {
                i += 2;
                continue;
            }
            bool sp = js_space(t.v[i]);
            if (sp && !in_space)
                orig_wc++;
            in_space = sp;
        }
        if (!hier || wc != orig_wc - 1) {
            free(cur);
            cur = epi_strdup(orig_s);
        }
    }
out:
    free(t.v);
    epi_buf_free(&b);
    return cur;
}

static bool word_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* The next run of word characters (JavaScript's \w) from *s; its length, 0 at the end. */
static size_t next_word(const char **s, const char **w)
{
    while (**s && !word_char(**s))
        (*s)++;
    *w = *s;
    while (word_char(**s))
        (*s)++;
    return (size_t)(*s - *w);
}

/* Readability's _textSimilarity: 1 - the share of b's words (lowercased, split on \W+, joined
 * by spaces) that a does not have. */
static double text_similarity(const char *a, const char *b)
{
    size_t all = 0, uniq = 0, len;
    const char *w, *xw;
    for (const char *s = b; (len = next_word(&s, &w));) {
        bool found = false;
        size_t xl;
        for (const char *x = a; !found && (xl = next_word(&x, &xw));)
            found = xl == len && !strncasecmp(xw, w, len);
        all += len + (all ? 1 : 0);
        if (!found)
            uniq += len + (uniq ? 1 : 0);
    }
    return all ? 1.0 - (double)uniq / (double)all : 0.0;
}

/* ---- JSON-LD ---- */

static const char *jstr(json_object *o, const char *key)
{
    json_object *v;
    if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v) ||
        !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}

static json_object *jget(json_object *o, const char *key)
{
    json_object *v = NULL;
    if (o && json_object_is_type(o, json_type_object))
        json_object_object_get_ex(o, key, &v);
    return v;
}

/* Readability's jsonLdArticleTypes: schema.org's Article and its subtypes. */
static bool article_type_name(const char *t)
{
    static const char *const types[] = {"AdvertiserContentArticle",
                                        "NewsArticle",
                                        "AnalysisNewsArticle",
                                        "AskPublicNewsArticle",
                                        "BackgroundNewsArticle",
                                        "OpinionNewsArticle",
                                        "ReportageNewsArticle",
                                        "ReviewNewsArticle",
                                        "Report",
                                        "SatiricalArticle",
                                        "ScholarlyArticle",
                                        "MedicalScholarlyArticle",
                                        "SocialMediaPosting",
                                        "BlogPosting",
                                        "LiveBlogPosting",
                                        "DiscussionForumPosting",
                                        "TechArticle"};
    size_t n = strlen(t);
    if (!strncmp(t, "Article", 7) || (n >= 12 && !strcmp(t + n - 12, "APIReference")))
        return true;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strstr(t, types[i]))
            return true;
    return false;
}

static bool is_article(json_object *o)
{
    json_object *t = jget(o, "@type");
    if (t && json_object_is_type(t, json_type_string))
        return article_type_name(json_object_get_string(t));
    if (t && json_object_is_type(t, json_type_array))
        for (size_t i = 0; i < json_object_array_length(t); i++) {
            json_object *e = json_object_array_get_idx(t, i);
            if (json_object_is_type(e, json_type_string) &&
                article_type_name(json_object_get_string(e)))
                return true;
        }
    return false;
}

static bool has_date(json_object *o)
{
    return jstr(o, "datePublished") != NULL;
}

/* The first node of a block that `is` says yes to: the value itself, an item of an array, or
 * of an @graph. */
static json_object *find_node(json_object *o, bool (*is)(json_object *))
{
    if (is(o))
        return o;
    json_object *list = json_object_is_type(o, json_type_array) ? o : jget(o, "@graph");
    if (!list || !json_object_is_type(list, json_type_array))
        return NULL;
    for (size_t i = 0; i < json_object_array_length(list); i++) {
        json_object *e = json_object_array_get_idx(list, i);
        if (is(e))
            return e;
        json_object *g = jget(e, "@graph");
        for (size_t k = 0;
             g && json_object_is_type(g, json_type_array) && k < json_object_array_length(g); k++)
            if (is(json_object_array_get_idx(g, k)))
                return json_object_array_get_idx(g, k);
    }
    return NULL;
}

/* {"@id": X} → the node of the same block whose @id is X (@graph or array), else o. */
static json_object *resolve(json_object *root, json_object *o)
{
    const char *id = jstr(o, "@id");
    if (!id || jstr(o, "name"))
        return o;
    json_object *list = json_object_is_type(root, json_type_array) ? root : jget(root, "@graph");
    for (size_t i = 0;
         list && json_object_is_type(list, json_type_array) && i < json_object_array_length(list);
         i++) {
        json_object *e = json_object_array_get_idx(list, i);
        const char *eid = jstr(e, "@id");
        if (e != o && eid && !strcmp(eid, id))
            return e;
    }
    return o;
}

static bool looks_like_url(const char *s)
{
    return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8);
}

/* A page's first EPI_LIMIT_PERSONS names are read, the rest ignored: each new name is compared
 * with those kept (300 000 names in JSON-LD took minutes). */
static bool ld_add_author(ld_meta *m, const char *name, bool *oom)
{
    if (m->nauthors >= EPI_LIMIT_PERSONS)
        return true;
    char *v = value_of(name, oom);
    if (!v)
        return !*oom;
    for (size_t i = 0; i < m->nauthors; i++)
        if (!strcmp(m->authors[i], v)) {
            free(v);
            return true;
        }
    char **a = epi_grow(m->authors, &m->authors_cap, m->nauthors, sizeof *a, 4);
    if (!a) {
        free(v);
        *oom = true;
        return false;
    }
    m->authors = a;
    a[m->nauthors++] = v;
    return true;
}

/* author: "Name", {"name": …} (Person or Organization, or an @id of the graph), or a list. */
static bool ld_authors(ld_meta *m, json_object *root, json_object *a, bool *oom)
{
    size_t n = json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 1;
    for (size_t i = 0; i < n && !*oom; i++) {
        json_object *e =
            json_object_is_type(a, json_type_array) ? json_object_array_get_idx(a, i) : a;
        const char *name = NULL;
        if (json_object_is_type(e, json_type_string))
            name = json_object_get_string(e);
        else if (json_object_is_type(e, json_type_object))
            name = jstr(resolve(root, e), "name");
        if (name && !looks_like_url(name))
            ld_add_author(m, name, oom);
    }
    return !*oom;
}

/* image: "url", {"url"|"contentUrl": …}, or a list of them (the first). */
static const char *ld_image(json_object *root, json_object *img)
{
    if (json_object_is_type(img, json_type_array))
        img = json_object_array_length(img) ? json_object_array_get_idx(img, 0) : NULL;
    if (!img)
        return NULL;
    if (json_object_is_type(img, json_type_string))
        return json_object_get_string(img);
    img = resolve(root, img);
    return jstr(img, "url") ? jstr(img, "url") : jstr(img, "contentUrl");
}

static bool ld_fill(ld_meta *m, json_object *root, json_object *art, const page_scan *p)
{
    bool oom = false;
    const char *name = jstr(art, "name"), *headline = jstr(art, "headline");
    const char *title = headline ? headline : name;
    /* Some sites put the site's name in "name", others a summary in "headline" (Wikipedia):
     * take the one nearer to the page's <title> (Readability compares them too). */
    if (name && headline && strcmp(name, headline)) {
        char *t = article_title(p);
        if (!t)
            return false;
        if (text_similarity(name, t) > text_similarity(headline, t))
            title = name;
        free(t);
    }
    m->title = value_of(title, &oom);
    json_object *a = jget(art, "author");
    if (a)
        ld_authors(m, root, a, &oom);
    m->date = value_of(jstr(art, "datePublished"), &oom);
    m->modified = value_of(jstr(art, "dateModified"), &oom);
    json_object *pub = jget(art, "publisher");
    if (pub && json_object_is_type(pub, json_type_string))
        m->publisher = value_of(json_object_get_string(pub), &oom);
    else if (pub)
        m->publisher = value_of(jstr(resolve(root, pub), "name"), &oom);
    m->description = value_of(jstr(art, "description"), &oom);
    json_object *img = jget(art, "image");
    if (img)
        m->image = value_of(ld_image(root, img), &oom);
    m->lang = value_of(jstr(art, "inLanguage"), &oom);
    return !oom;
}

static void ld_free(ld_meta *m)
{
    free(m->title);
    free(m->date);
    free(m->modified);
    free(m->publisher);
    free(m->description);
    free(m->image);
    free(m->lang);
    for (size_t i = 0; i < m->nauthors; i++)
        free(m->authors[i]);
    free(m->authors);
}

/* Parses one <script type="application/ld+json">; *root is the value, or NULL (with a
 * warning) when the text is not JSON. */
static ep_status ld_parse(epi_ctx *ctx, const char *path, const GumboNode *script,
                          json_object **root)
{
    epi_buf b = {0};
    ep_status st = EP_OK;
    json_tokener *tok = NULL;
    *root = NULL;
    if (!text_content(script, &b))
        return nomem(ctx, path);
    const GumboVector *kids = children(script);
    int line = kids && kids->length ? line_of(kids->data[0]) : line_of(script);
    const char *s = b.data ? b.data : "";
    size_t len = b.len;
    /* Readability strips CDATA markers around the JSON. */
    size_t lead = strspn(s, " \t\r\n\f");
    for (size_t i = 0; i < lead; i++)
        line += s[i] == '\n';
    s += lead;
    len -= lead;
    if (len >= 9 && !memcmp(s, "<![CDATA[", 9)) {
        s += 9;
        len -= 9;
    }
    while (len && strchr(" \t\r\n\f", s[len - 1]))
        len--;
    if (len >= 3 && !memcmp(s + len - 3, "]]>", 3))
        len -= 3;
    if (!len)
        goto out; /* an empty block says nothing */
    if (!(tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH))) {
        st = nomem(ctx, path);
        goto out;
    }
    if (len > (size_t)INT32_MAX) {
        epi_warn(ctx, EPI_DIAG_WEB, path, line, "JSON-LD block too large; skipped");
        goto out;
    }
    *root = json_tokener_parse_ex(tok, s, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    if (*root && end < len && strspn(s + end, " \t\r\n\f") < len - end) {
        json_object_put(*root);
        *root = NULL;
        jerr = json_tokener_error_parse_unexpected;
    }
    if (!*root) {
        if (jerr == json_tokener_continue || jerr == json_tokener_success)
            jerr = json_tokener_error_parse_eof;
        for (size_t i = 0; i < end && i < len; i++)
            line += s[i] == '\n';
        epi_warn(ctx, EPI_DIAG_WEB, path, line,
                 "a <script type=\"application/ld+json\"> block is not JSON (%s); skipped",
                 json_tokener_error_desc(jerr));
    }
out:
    if (tok)
        json_tokener_free(tok);
    epi_buf_free(&b);
    return st;
}

/* Every block is parsed (so each broken one is reported); the first article wins. A page
 * without an article (a WebPage of Yoast's @graph, a Recipe) still dates itself: the first node
 * with a datePublished (a property of every CreativeWork) gives the dates. */
static ep_status ld_read(epi_ctx *ctx, const char *path, const page_scan *p, ld_meta *m)
{
    bool found = false, oom = false;
    char *date = NULL, *modified = NULL;
    int date_line = 0;
    ep_status st = EP_OK;
    for (size_t i = 0; i < p->nld; i++) {
        json_object *root;
        if ((st = ld_parse(ctx, path, p->ld[i], &root)))
            goto fail;
        if (!root)
            continue;
        json_object *art = found ? NULL : find_node(root, is_article);
        json_object *dated = date || found ? NULL : find_node(root, has_date);
        if (dated) {
            date = value_of(jstr(dated, "datePublished"), &oom);
            modified = value_of(jstr(dated, "dateModified"), &oom);
            date_line = line_of(p->ld[i]);
        }
        if (art) {
            found = true;
            m->line = line_of(p->ld[i]);
            oom = oom || !ld_fill(m, root, art, p);
        }
        json_object_put(root);
        if (oom) {
            st = nomem(ctx, path);
            goto fail;
        }
    }
    if (!found && date) {
        m->date = date;
        m->modified = modified;
        m->line = date_line;
        return EP_OK;
    }
    free(date);
    free(modified);
    return EP_OK;
fail:
    free(date);
    free(modified);
    return st;
}

/* ---- dates ---- */

enum {
    /* Elements looked at from the headline's block on for the date written beside it. */
    NEAR_TITLE_ELEMENTS = 80,
    /* A paragraph with this much text is the article's: the header is over. */
    ARTICLE_PARA_BYTES = 150
};

/* The date written as text beside the headline (a byline or a dateline: "Von Anna Berg, 7.
 * Oktober 2020", <span class="date">29. November 2022</span>), in ISO 8601 into out: from
 * the block that holds the page's <h1> on, in document order, the first short element whose
 * class or id names a date, a byline or the article's meta line, and whose text holds a date
 * that says its month (epi_web_text_date); looked for until the article's text begins. A comment's,
 * an event's or another story's date, and a date of change, are not the article's. */
static bool date_near_title(const page_scan *p, char *out, size_t size, bool *oom)
{
    static const char *const names[] = {"date",  "time",  "publish", "posted",  "byline",
                                        "datum", "fecha", "meta",    "dateline"};
    static const char *const other[] = {"comment", "teaser", "related", "modif",
                                        "update",  "change", "reply",   "event"};
    if (!p->h1 || !p->h1->parent || p->h1->parent->type != GUMBO_NODE_ELEMENT)
        return false;
    const GumboNode *top = p->h1->parent;
    int seen = 0;
    for (const GumboNode *n = top; n && seen < NEAR_TITLE_ELEMENTS;
         n = next_node(n, n->type == GUMBO_NODE_ELEMENT && skip_subtree(n), NULL)) {
        if (n->type != GUMBO_NODE_ELEMENT)
            continue;
        seen++;
        const char *cls = attr(n, "class"), *id = attr(n, "id");
        bool named = has_word_ci(cls, names, sizeof names / sizeof names[0]) ||
                     has_word_ci(id, names, sizeof names / sizeof names[0]);
        bool para = is_tag(n, GUMBO_TAG_P);
        if (!named && !para)
            continue;
        epi_buf b = {0};
        bool small = text_content_max(n, &b, para ? 4096 : 150, 64, oom);
        bool found = false, article = para && (!small || b.len >= ARTICLE_PARA_BYTES);
        if (named && small && b.data && visible(n) &&
            !has_word_ci(cls, other, sizeof other / sizeof other[0]) &&
            !has_word_ci(id, other, sizeof other / sizeof other[0]))
            found = epi_web_text_date(b.data, out, size, oom);
        epi_buf_free(&b);
        if (found)
            return true;
        if (article || *oom)
            return false;
    }
    return false;
}

/* ---- into the book ---- */

static bool set_str(char **dst, const char *v, bool *oom)
{
    if (*dst || !v)
        return false;
    char *c = value_of(v, oom);
    if (!c)
        return false;
    *dst = c;
    return true;
}

static bool add_creator(epi_meta *meta, size_t *cap, const char *name, bool *oom)
{
    if (meta->ncreators >= EPI_LIMIT_PERSONS) /* as ld_add_author */
        return true;
    char *v = value_of(name, oom);
    if (!v)
        return false;
    for (size_t i = 0; i < meta->ncreators; i++)
        if (!strcmp(meta->creators[i].name, v)) {
            free(v);
            return true;
        }
    epi_person *p = epi_grow(meta->creators, cap, meta->ncreators, sizeof *p, 4);
    if (!p) {
        free(v);
        *oom = true;
        return false;
    }
    meta->creators = p;
    p[meta->ncreators] = (epi_person){v, epi_strdup("aut"), NULL};
    if (!p[meta->ncreators++].role)
        *oom = true;
    return true;
}

/* Whether s[0, n) reads as a name: a letter (ASCII, or any non-ASCII character) and no digit
 * ("April 28" of "April 28, 2019" is no name). */
static bool name_like(const char *s, size_t n)
{
    bool letter = false;
    for (size_t i = 0; i < n; i++) {
        if (isdigit((unsigned char)s[i]))
            return false;
        letter |= isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80;
    }
    return letter;
}

/* A byline whose name is followed by the date with only spaces between ("Laura E. Adkins
 * December 28, 2016", "Emily Kirkpatrick Updated on December 12, 2016 09:22 AM", "ZDNet Japan
 * Staff 2019年04月28日": Postlight Parser's tests, 7 sites) keeps the words before the date,
 * without the words before it that say what the date is ("updated", "published", "on", "am",
 * "Stand", "Datum"…) nor a separator, when they read as a name ("Last Updated: January 7,
 * 2025" holds none and stays). */
static void drop_date_after_name(char *v, bool *oom)
{
    static const char *const lead_ins[] = {
        "on",   "am",    "updated", "published", "posted",
        "last", "stand", "datum",   "date",      "veröffentlicht"};
    char iso[16];
    size_t cut = 0;
    for (char *p = strchr(v, ' '); p && !*oom; p = strchr(p + 1, ' ')) {
        if (!epi_web_text_date(p + 1, iso, sizeof iso, oom))
            break;
        cut = (size_t)(p - v);
    }
    if (!cut || *oom)
        return;
    char *head = strndup(v, cut);
    if (!head) {
        *oom = true;
        return;
    }
    bool dated = epi_web_text_date(head, iso, sizeof iso, oom);
    free(head);
    size_t len = cut;
    for (bool again = true; again && !dated;) {
        again = false;
        while (len && (isspace((unsigned char)v[len - 1]) || strchr(":-|,", v[len - 1])))
            len--;
        for (size_t k = 0; k < sizeof lead_ins / sizeof lead_ins[0]; k++) {
            size_t l = strlen(lead_ins[k]);
            if (len >= l && (len == l || v[len - l - 1] == ' ') &&
                !strncasecmp(v + len - l, lead_ins[k], l)) {
                len -= l;
                again = true;
                break;
            }
        }
    }
    if (!dated && !*oom && name_like(v, len))
        v[len] = '\0';
}

/* A byline that holds the article's date beside the name ("Анна Петрова, 15 января 2024",
 * "By Jane Doe | March 13, 2015", "7. Oktober 2020 — Anna Berg") keeps the name alone: the
 * date is the book's dc:date, which the book's own byline writes after the names. Cut at the
 * first separator that has a date (epi_web_text_date) on one side only, keeping the other side
 * when it reads as a name; else drop_date_after_name. v is changed in place. */
static void drop_date_part(char *v, bool *oom)
{
    static const char *const seps[] = {",",
                                       "|",
                                       "\xc2\xb7" /* · */,
                                       "\xe2\x80\xa2" /* • */,
                                       "\xe2\x80\x94" /* — */,
                                       "\xe2\x80\x93" /* – */,
                                       " by " /* "January 18, 2017 10:44 am by Juli Clover" */};
    char iso[16];
    for (char *p = v; *p && !*oom; p++) {
        size_t sl = 0;
        for (size_t k = 0; k < sizeof seps / sizeof seps[0] && !sl; k++)
            if (!strncmp(p, seps[k], strlen(seps[k])))
                sl = strlen(seps[k]);
        if (!sl)
            continue;
        char *head = strndup(v, (size_t)(p - v));
        if (!head) {
            *oom = true;
            return;
        }
        bool in_head = epi_web_text_date(head, iso, sizeof iso, oom);
        bool in_tail = !*oom && epi_web_text_date(p + sl, iso, sizeof iso, oom);
        free(head);
        if (*oom || in_head == in_tail || (!in_head && p[0] == ' '))
            continue; /* "… by Name" is cut before the name only ("Written by …, 1 June 2019") */
        const char *keep = in_head ? p + sl : v;
        size_t len = in_head ? strlen(p + sl) : (size_t)(p - v);
        while (len && isspace((unsigned char)*keep))
            keep++, len--;
        while (len && isspace((unsigned char)keep[len - 1]))
            len--;
        if (!name_like(keep, len))
            return;
        memmove(v, keep, len);
        v[len] = '\0';
        return;
    }
    drop_date_after_name(v, oom);
}

/* The in-page byline's text, without a leading "By" (Readability keeps it; a creator's name
 * does not have it) and without a date written beside the name (drop_date_part). */
static char *byline_name(const GumboNode *n, bool *oom)
{
    const GumboNode *name = NULL;
    /* Readability prefers a descendant with itemprop="name". */
    for (const GumboNode *c = next_node(n, false, n); c; c = next_node(c, false, n)) {
        const char *ip = attr(c, "itemprop");
        if (ip && strstr(ip, "name")) {
            name = c;
            break;
        }
    }
    epi_buf b = {0};
    char *v = NULL;
    if (text_content(name ? name : n, &b))
        v = value_of(b.data ? b.data : "", oom);
    else
        *oom = true;
    epi_buf_free(&b);
    if (v && (!strncasecmp(v, "by ", 3) || !strncasecmp(v, "by: ", 4))) {
        size_t skip = v[2] == ':' ? 4 : 3;
        memmove(v, v + skip, strlen(v + skip) + 1);
    }
    if (v)
        drop_date_part(v, oom);
    if (v && !*v) {
        free(v);
        v = NULL;
    }
    return v;
}

static ep_status set_authors(epi_ctx *ctx, const char *path, const page_scan *p, const ld_meta *ld,
                             epi_meta *meta, epi_webmeta *out)
{
    static const char *const keys[] = {"dc:creator", "dcterm:creator", "author", "parsely-author"};
    size_t cap = meta->ncreators;
    bool oom = false;
    if (meta->ncreators)
        return EP_OK;
    const meta_kv *kv = ld->nauthors ? NULL : meta_first(p, keys, 4);
    if (ld->nauthors) {
        for (size_t i = 0; i < ld->nauthors && !oom; i++)
            add_creator(meta, &cap, ld->authors[i], &oom);
    } else if (kv) {
        add_creator(meta, &cap, kv->content, &oom);
    } else {
        /* article:author: each one that is a name rather than a profile's URL */
        for (size_t i = 0; i < p->nmetas && !oom; i++)
            if (!strcmp(p->metas[i].key, "article:author") && !looks_like_url(p->metas[i].content))
                add_creator(meta, &cap, p->metas[i].content, &oom);
    }
    if (!meta->ncreators && p->byline && !oom) {
        char *name = byline_name(p->byline, &oom);
        if (name) {
            add_creator(meta, &cap, name, &oom);
            free(name);
            if (out)
                out->byline = p->byline;
        }
    }
    return oom ? nomem(ctx, path) : EP_OK;
}

/* The date an element gives: content= (<meta itemprop>), datetime= (<time>), else its text. */
static const char *element_date(const GumboNode *n, epi_buf *b)
{
    const char *v = attr(n, "content");
    if (!v)
        v = attr(n, "datetime");
    bool oom = false;
    if (v || !text_content_max(n, b, 64, 8, &oom) || !b->data)
        return v;
    /* the text trimmed */
    char *t = b->data + strspn(b->data, " \t\n\r\f");
    size_t len = strlen(t);
    while (len && strchr(" \t\n\r\f", t[len - 1]))
        t[--len] = '\0';
    return *t ? t : NULL;
}

/* The publication date, from the first source that gives one that reads as a date, in this
 * order: JSON-LD datePublished, article:published_time, microdata itemprop="datePublished",
 * parsely-pub-date, dc:date (property= or name=, DC.date), dcterms:date, pubdate and the like,
 * date, then the first <time datetime> in the article's <article> or <header> (or anywhere
 * with a pubdate attribute or the class "published", hAtom's). ISO 8601, RFC
 * 822 or a day with dots ("25.01.2022"). Only when none reads is the first one named in a
 * warning. */
static void set_date(epi_ctx *ctx, const char *path, const page_scan *p, const ld_meta *ld,
                     epi_meta *meta, bool *oom)
{
    static const char *const keys_a[] = {"article:published_time", "og:article:published_time"};
    static const char *const keys_b[] = {
        "parsely-pub-date", "dc:date",          "dcterm:date", "dcterms:date",
        "dc:date:issued",   "dcterms:issued",   "pubdate",     "publish-date",
        "publish_date",     "publication_date", "date"};
    const char *cand[16];
    int lines[16], n = 0;
    epi_buf b1 = {0}, b2 = {0};
    epi_date d;
    char ymd[16], text_day[16];
    if (meta->date)
        goto out;
    if (ld->date) {
        lines[n] = ld->line;
        cand[n++] = ld->date;
    }
    const meta_kv *kv = meta_first(p, keys_a, 2);
    if (kv) {
        lines[n] = kv->line;
        cand[n++] = kv->content;
    }
    if (p->item_date && (cand[n] = element_date(p->item_date, &b1)))
        lines[n++] = line_of(p->item_date);
    for (size_t i = 0; i < sizeof keys_b / sizeof keys_b[0] && n < 14; i++) {
        kv = meta_get(p, keys_b[i]);
        if (kv) {
            lines[n] = kv->line;
            cand[n++] = kv->content;
        }
    }
    if (p->time_date && (cand[n] = element_date(p->time_date, &b2)))
        lines[n++] = line_of(p->time_date);
    /* Last, a date written as text beside the headline. */
    if (date_near_title(p, text_day, sizeof text_day, oom)) {
        lines[n] = line_of(p->h1);
        cand[n++] = text_day;
    }
    if (!n)
        goto out;
    int i = 0;
    while (i < n && !epi_web_any_date(cand[i], &d))
        i++;
    if (i == n) {
        epi_warn(ctx, EPI_DIAG_WEB, path, lines[0],
                 "the publication date '%s' is not an ISO 8601 date; the book has none", cand[0]);
        goto out;
    }
    /* The day as the publisher dated it, in its own time zone. */
    epi_date_format_ymd(&d, ymd, sizeof ymd);
    if (!(meta->date = epi_strdup(ymd)))
        *oom = true;
out:
    epi_buf_free(&b1);
    epi_buf_free(&b2);
}

/* dcterms:modified from the article's last change (UTC), so that rebuilding a saved page gives
 * the same file wherever it is copied to. */
static void set_modified(const page_scan *p, const ld_meta *ld, epi_meta *meta, bool *oom)
{
    static const char *const keys[] = {"article:modified_time", "og:updated_time"};
    const meta_kv *kv = meta_first(p, keys, 2);
    const char *s = ld->modified ? ld->modified : kv ? kv->content : NULL;
    epi_date d;
    time_t t;
    struct tm tm;
    char buf[32];
    if (meta->modified || !s || !epi_web_date(s, &d) || !d.day)
        return;
    if (!d.has_time) {
        d.has_time = true;
        d.hour = d.minute = d.second = d.tz_minutes = 0;
    }
    if (!epi_date_instant(&d, &t) || t < 315532800 /* 1980: the ZIP's first year */ ||
        !gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999)
        return;
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!(meta->modified = epi_strdup(buf)))
        *oom = true;
}

static void set_lang(epi_ctx *ctx, const char *path, const page_scan *p, const ld_meta *ld,
                     epi_meta *meta, bool *oom)
{
    const meta_kv *loc = meta_get(p, "og:locale");
    const char *html = p->html ? attr(p->html, "lang") : NULL;
    const struct {
        const char *v, *what;
        int line;
    } c[] = {{ld->lang, "JSON-LD inLanguage", ld->line},
             {html, "<html lang>", p->html ? line_of(p->html) : 0},
             {loc ? loc->content : NULL, "og:locale", loc ? loc->line : 0}};
    if (meta->lang)
        return;
    for (size_t i = 0; i < 3; i++) {
        char tag[64];
        if (!c[i].v)
            continue;
        snprintf(tag, sizeof tag, "%s", c[i].v);
        for (char *s = tag; *s; s++)
            if (*s == '_')
                *s = '-'; /* og:locale writes ru_RU */
        char *clean = clean_text(tag);
        if (!clean) {
            *oom = true;
            return;
        }
        if (epi_lang_valid(clean)) {
            meta->lang = clean;
            return;
        }
        if (*clean)
            epi_warn(ctx, EPI_DIAG_WEB, path, c[i].line,
                     "%s '%s' is not a BCP 47 language tag; ignored", c[i].what, clean);
        free(clean);
    }
}

/* The page's address: canonical link, og:url, the comment browsers leave in a saved page. */
static const char *page_url(const page_scan *p)
{
    const meta_kv *og = meta_get(p, "og:url");
    const char *c[] = {p->canonical, og ? og->content : NULL, p->saved_from};
    for (size_t i = 0; i < 3; i++) {
        if (!c[i])
            continue;
        size_t lead = strspn(c[i], " \t\r\n\f");
        if (looks_like_url(c[i] + lead))
            return c[i] + lead;
    }
    return NULL;
}

void epi_webmeta_free(epi_webmeta *w)
{
    if (!w)
        return;
    free(w->url);
    free(w->image);
    memset(w, 0, sizeof *w);
}

/* The letters and digits of s, ASCII lowercased, other bytes as they are, at most size - 1. */
static void squeeze(const char *s, size_t n, char *out, size_t size)
{
    size_t o = 0;
    for (size_t i = 0; i < n && s[i] && o + 1 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
            out[o++] = (char)c;
        else if (c >= 'A' && c <= 'Z')
            out[o++] = (char)(c + 32);
    }
    out[o] = '\0';
}

/* Is s (n bytes) a host name written as a site's name ("www.AussenGedanken.de", "Backen.de"):
 * one word of letters, digits and hyphens in labels joined by dots, the last of 2 to 6
 * letters? */
static bool host_name(const char *s, size_t n)
{
    while (n && strchr(" \t\r\n", s[n - 1]))
        n--;
    size_t labels = 1, len = 0, letters = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (!len)
                return false;
            labels++;
            len = letters = 0;
        } else if (isalnum(c) || (c == '-' && len)) {
            len++;
            letters += isalpha(c) != 0;
        } else {
            return false;
        }
    }
    return labels > 1 && len >= 2 && len <= 6 && letters == len;
}

/* Does a title's last part (raw, and squeezed to suf) name the site of the host h ("…/path")
 * in other words than its domain? The host's own label (the one before the top-level domain,
 * or before "co.uk", "ac.at"), of four letters or more and its hyphens left out, is in the part
 * or holds it: "Schweizerische Vogelwarte" on vogelwarte.ch, "DimidoBlog" on dimido.de, "brand
 * eins online" on brandeins.de, "Point of Sail" on pointofsail-kiel.de (issue 22: such names
 * were left on many pages of trafilatura's set). A part over 40 bytes is a headline's own. */
static bool names_host(const char *part, const char *suf, const char *h)
{
    size_t hl = strcspn(h, "/:?#");
    const char *end = h + hl, *dot = NULL, *prev = NULL;
    for (const char *q = h; q < end; q++)
        if (*q == '.') {
            prev = dot;
            dot = q;
        }
    if (!dot || strlen(part) > 40)
        return false;
    /* h .. prev .. dot .. end: the label is (prev or h) .. dot; a short second-level label
     * before a country code ("co.uk") gives way to the one before it. */
    const char *from = prev ? prev + 1 : h;
    if (prev && dot - from <= 3) {
        const char *q = prev;
        while (q > h && q[-1] != '.')
            q--;
        end = prev;
        from = q;
    } else {
        end = dot;
    }
    char label[128];
    squeeze(from, (size_t)(end - from), label, sizeof label);
    size_t ll = strlen(label), sl = strlen(suf);
    return ll >= 4 && sl >= 4 && (strstr(suf, label) || strstr(label, suf));
}

/* A title without the site's name after it: "Headline | TheHill", "Headline - Sportsnet.ca",
 * when what follows the last " | ", " - ", " – ", " — ", " · " or " :: " is the site's name
 * (og:site_name, the JSON-LD publisher) or the page's domain (thehill.com, www.sportsnet.ca),
 * letters and digits compared, case ignored, or a host name of its own ("- www.Example.de"). */
static void strip_site_name(char *title, const char *site, const char *url)
{
    static const char *const seps[] = {" | ", " - ", " \u2013 ", " \u2014 ", " \u00b7 ", " :: "};
    char *at = NULL;
    size_t seplen = 0;
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
        for (char *f = strstr(title, seps[i]); f; f = strstr(f + 1, seps[i]))
            if (f > at) {
                at = f;
                seplen = strlen(seps[i]);
            }
    if (!at || at - title < 3)
        return;
    char suf[128], want[128], host[128];
    squeeze(at + seplen, strlen(at + seplen), suf, sizeof suf);
    if (!*suf)
        return;
    bool match = host_name(at + seplen, strlen(at + seplen));
    if (!match && site) {
        squeeze(site, strlen(site), want, sizeof want);
        match = !strcmp(suf, want);
    }
    const char *h = url ? strstr(url, "://") : NULL;
    if (!match && h) {
        h += 3;
        if (!strncasecmp(h, "www.", 4))
            h += 4;
        size_t hl = strcspn(h, "/:?#");
        const char *dot = memchr(h, '.', hl);
        squeeze(h, hl, host, sizeof host); /* "sportsnet.ca" */
        match = !strcmp(suf, host);
        if (!match && dot) {
            squeeze(h, (size_t)(dot - h), host, sizeof host); /* "thehill" */
            match = !strcmp(suf, host);
        }
    }
    if (!match && h)
        match = names_host(at + seplen, suf, h);
    if (match)
        *at = '\0';
}

/* The separators that set a site's or a section's name beside a headline in a title: " | ",
 * " - ", "：" ("見出し：朝日新聞デジタル"), "_" ("标题_好奇心日报"), "｜"… */
static size_t title_sep_len(const char *s)
{
    /* not ':', which also sets a kicker before a headline or a subtitle after it ("Tote
     * Hummeln unter Linden: Die Erklärung"), unless a space is before it (beside_headline) */
    static const char *const seps[] = {"|",      "-",      "_",      "/",      ">",
                                       "~",      "\u00b7", "\u00bb", "\u2013", "\u2014",
                                       "\u2022", "\uff1a", "\uff5c", "\uff0d", "\uff0f"};
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
        if (!strncmp(s, seps[i], strlen(seps[i])))
            return strlen(seps[i]);
    return 0;
}

/* The spaces at s: ASCII, the no-break space and the ideographic space. */
static size_t title_space_len(const char *s)
{
    size_t n = 0;
    for (;;) {
        if (s[n] == ' ')
            n++;
        else if (!strncmp(s + n, "\u00a0", 2))
            n += 2;
        else if (!strncmp(s + n, "\u3000", 3))
            n += 3;
        else
            return n;
    }
}

/* Is part (n bytes) a name set beside a headline: spaces, a separator, and words after it
 * (fewer bytes than the headline's hl), or before it (`before`: half as many at most, since a
 * headline's own first words look the same: "Enchufla Figuren - Salsa-Figuren - Rueda in
 * Berlin", whose <h1> is the site's name)? */
static bool beside_headline(const char *part, size_t n, size_t hl, bool before)
{
    const char *s = part, *end = part + n;
    if (before) { /* "Site - ": the separator last */
        while (end > s && (end[-1] == ' ' || (end - s >= 2 && !strncmp(end - 2, "\u00a0", 2))))
            end -= end[-1] == ' ' ? 1 : 2;
        for (size_t k = 1; k <= 3 && (size_t)(end - s) >= k; k++) {
            size_t l = title_sep_len(end - k);
            if (l == k)
                return end - k > s && (size_t)(end - k - s) * 2 <= hl;
        }
        return false;
    }
    size_t sp = title_space_len(s);
    s += sp;
    /* " : " ("見出し : スポーツ : 読売新聞オンライン"), never "Headline: subtitle" */
    size_t l = sp && *s == ':' ? 1 : title_sep_len(s);
    if (!l)
        return false;
    s += l;
    s += title_space_len(s);
    return s < end && (size_t)(end - s) < hl;
}

/* Whether a heading reads as a headline rather than a name: three words or more, as
 * Readability's _getArticleTitle counts a title's, or four characters or more outside ASCII
 * (Japanese and Chinese are written without spaces): not "A.Word.A.Day". */
static bool headline_like(const char *h)
{
    size_t words = 0, high = 0;
    for (const char *c = h; *c; c++) {
        if (*c != ' ' && (c == h || c[-1] == ' '))
            words++;
        high += (unsigned char)*c >= 0x80;
    }
    return words >= 3 || high >= 12;
}

/* The page's headline (an <h1>, or an <h2> when there is none, of 12 bytes or more) when the title
 * is that headline with a site's or section's name beside it that strip_site_name did not know:
 * "Headline : Section : Newspaper", "Headline ｜ サイト", "Site - Headline" (issue 22: Postlight
 * Parser's tests, whose titles are the pages' headlines, on 16 sites). The name must be shorter
 * than the headline: "Arbeit - BÜNDNIS 90/DIE GRÜNEN" stays. NULL when none is. */
static char *headline_of_title(const page_scan *p, const char *title, bool *oom)
{
    size_t tl = strlen(title);
    for (size_t i = 0; i < p->nheads; i++) {
        epi_buf b = {0};
        char *h = NULL;
        if (p->nh1 && !is_tag(p->heads[i], GUMBO_TAG_H1))
            continue; /* an <h2> is the headline only on a page without <h1> */
        if (!text_content(p->heads[i], &b) || !(h = clean_text(b.data ? b.data : ""))) {
            epi_buf_free(&b);
            *oom = true;
            return NULL;
        }
        epi_buf_free(&b);
        size_t hl = strlen(h);
        if (hl >= 12 && hl < tl && headline_like(h) &&
            ((!strncmp(title, h, hl) && beside_headline(title + hl, tl - hl, hl, false)) ||
             (!strcmp(title + tl - hl, h) && beside_headline(title, tl - hl, hl, true))))
            return h;
        free(h);
    }
    return NULL;
}

ep_status epi_webmeta_read(epi_ctx *ctx, const GumboNode *doc, const char *path, epi_meta *meta,
                           epi_webmeta *out)
{
    page_scan p = {0};
    ld_meta ld = {0};
    ep_status st = EP_OK;
    bool oom = false, title_set = false;
    char *title = NULL;

    if (out)
        memset(out, 0, sizeof *out);
    if (!scan_page(&p, doc)) {
        st = nomem(ctx, path);
        goto out;
    }
    if ((st = ld_read(ctx, path, &p, &ld)))
        goto out;

    static const char *const title_keys[] = {
        "dc:title", "dcterm:title",  "og:title",     "weibo:article:title", "weibo:webpage:title",
        "title",    "twitter:title", "parsely-title"};
    const meta_kv *kv = meta_first(&p, title_keys, sizeof title_keys / sizeof title_keys[0]);
    title_set = !meta->title;
    if (!meta->title) {
        if (ld.title)
            set_str(&meta->title, ld.title, &oom);
        else if (kv)
            set_str(&meta->title, kv->content, &oom);
        else if (!(title = article_title(&p)))
            oom = true;
        else
            set_str(&meta->title, title, &oom);
    }
    if (title_set && meta->title) {
        const meta_kv *sn = meta_get(&p, "og:site_name");
        strip_site_name(meta->title,
                        ld.publisher ? ld.publisher
                        : sn         ? sn->content
                                     : NULL,
                        page_url(&p));
        char *h = headline_of_title(&p, meta->title, &oom);
        if (h) {
            free(meta->title);
            meta->title = h;
        }
    }
    if ((st = set_authors(ctx, path, &p, &ld, meta, out)))
        goto out;

    static const char *const desc_keys[] = {"dc:description",
                                            "dcterm:description",
                                            "og:description",
                                            "weibo:article:description",
                                            "weibo:webpage:description",
                                            "description",
                                            "twitter:description"};
    kv = meta_first(&p, desc_keys, sizeof desc_keys / sizeof desc_keys[0]);
    set_str(&meta->description, ld.description ? ld.description : kv ? kv->content : NULL, &oom);
    kv = meta_get(&p, "og:site_name");
    set_str(&meta->publisher, ld.publisher ? ld.publisher : kv ? kv->content : NULL, &oom);
    set_date(ctx, path, &p, &ld, meta, &oom);
    set_modified(&p, &ld, meta, &oom);
    set_lang(ctx, path, &p, &ld, meta, &oom);
    const char *url = page_url(&p);
    set_str(&meta->source, url, &oom);
    if (out) {
        static const char *const image_keys[] = {"og:image", "og:image:url", "twitter:image"};
        kv = meta_first(&p, image_keys, 3);
        set_str(&out->url, url, &oom);
        if (set_str(&out->image, ld.image ? ld.image : kv ? kv->content : NULL, &oom))
            out->image_line = ld.image ? ld.line : kv->line;
    }
    if (oom)
        st = nomem(ctx, path);
out:
    free(title);
    ld_free(&ld);
    scan_free(&p);
    return st;
}

ep_status epi_web_metadata(epi_ctx *ctx, const GumboNode *doc, const char *path, epi_meta *meta)
{
    return epi_webmeta_read(ctx, doc, path, meta, NULL);
}
