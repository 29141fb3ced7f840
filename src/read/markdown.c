/*
 * Markdown → XHTML tree, with cmark-gfm (GitHub Flavored Markdown: tables, strikethrough,
 * autolinks, footnotes).
 *
 * The AST is walked with cmark's iterator (no recursion, so deeply nested quotes cannot
 * exhaust the stack) and every node becomes a libxml2 element in the XHTML namespace; HTML is
 * never rendered to a string and parsed again. Smart punctuation stays off: Russian
 * typography is done by src/typeset on the tree.
 */
#include "read_private.h"
#include "util/parallel.h"
#include "util/slug.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct md_state {
    epi_ctx *ctx;
    epi_chapter *ch;
    xmlDocPtr doc;
    xmlNsPtr epub_ns;
    int line0; /* add to cmark's 1-based lines to get lines of the file */
    xmlNodePtr cur;
    /* Inline HTML elements opened by <tag> in the current block, innermost last. */
    xmlNodePtr *open;
    size_t nopen, capopen;
    const char *suppress; /* inside <script>…</script> in a paragraph: drop everything */
    size_t nfoot;         /* footnote definitions seen: the next one is nfoot + 1 */
    unsigned *refs;       /* refs[n-1]: references to note n seen so far */
    size_t nrefs, caprefs;
    ep_status st;
    bool flattened; /* a container deeper than MD_MAX_DEPTH was flattened (warned once) */
    bool divs;      /* a pandoc fenced div (":::") was warned about (once) */
    /* The warnings' numbers in ctx (ctx->warnings before each) of the two warned once per
     * file, for a piece (see read_pieces) to drop when an earlier piece warned already. */
    size_t flattened_at, divs_at;
    bool images, alt_missing; /* an image was read; one has no alt text */
} md_state;

/* Element depth (from <html>) beyond which containers (quotes, lists, emphasis, links, inline
 * HTML) add no element: their content goes into the deepest one. Markdown allows unbounded
 * nesting ("> > > …"), but libxml2 — in our checker, epubcheck and reading systems built on
 * it — refuses documents deeper than 256 elements (xmlParserMaxDepth), and raw HTML blocks
 * (rawhtml.c) and tables still need room below this. */
enum { MD_MAX_DEPTH = 96 };

static bool too_deep(md_state *s, cmark_node *node)
{
    size_t depth = 0;
    for (xmlNodePtr n = s->cur; n && n->type == XML_ELEMENT_NODE; n = n->parent)
        if (++depth >= MD_MAX_DEPTH)
            break;
    if (depth < MD_MAX_DEPTH)
        return false;
    if (!s->flattened) {
        s->flattened = true;
        s->flattened_at = s->ctx->warnings;
        epi_warn(s->ctx, EPI_DIAG_DEPTH, s->ch->src_path,
                 s->line0 + cmark_node_get_start_line(node),
                 "nesting deeper than %d levels is flattened", MD_MAX_DEPTH);
    }
    return true;
}

static ep_status fail_nomem(md_state *s)
{
    if (!s->st)
        s->st = epi_fail(s->ctx->err, EP_ERR_NOMEM, s->ch->src_path, 0, 0,
                         "out of memory while building the chapter");
    return s->st;
}

static void set_line(md_state *s, xmlNodePtr el, cmark_node *node)
{
    int line = s->line0 + cmark_node_get_start_line(node);
    if (line > 0)
        el->line = line < 65535 ? (unsigned short)line : 65535;
}

/* New element under s->cur (xmlNewChild with a NULL ns inherits the XHTML namespace). */
static xmlNodePtr add_el(md_state *s, const char *name, cmark_node *node)
{
    xmlNodePtr el = xmlNewChild(s->cur, NULL, BAD_CAST name, NULL);
    if (!el) {
        fail_nomem(s);
        return NULL;
    }
    if (node)
        set_line(s, el, node);
    return el;
}

static bool add_text(md_state *s, xmlNodePtr parent, const char *text)
{
    if (text && !epi_xml_add_text(parent, text, strlen(text))) {
        fail_nomem(s);
        return false;
    }
    return true;
}

static bool set_attr(md_state *s, xmlNodePtr el, xmlNsPtr ns, const char *name, const char *v)
{
    if (!xmlNewNsProp(el, ns, BAD_CAST name, BAD_CAST v)) {
        fail_nomem(s);
        return false;
    }
    return true;
}

/* ---------- pandoc's Markdown where users bring it (issue 21) ---------- */

/* pandoc's subscript and superscript: H~2~O, 2^10^. The marked text has no spaces and no
 * marker of its own; a lone ~ or ^ stays as typed. (`~~x~~` is strikethrough, a single ~ no
 * longer: CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE.) */
static bool add_text_marks(md_state *s, xmlNodePtr parent, const char *text)
{
    if (!text)
        return true;
    size_t start = 0, i = 0, n = strlen(text);
    while (i < n) {
        i += strcspn(text + i, "~^"); /* the next marker: a paragraph seldom has one */
        if (i >= n)
            break;
        char m = text[i];
        size_t j = i + 1;
        while (j < n && text[j] != m && text[j] != ' ' && text[j] != '\t' && text[j] != '\n')
            j++;
        if (j >= n || text[j] != m || j == i + 1) {
            i++;
            continue;
        }
        xmlNodePtr el;
        if (!epi_xml_add_text(parent, text + start, i - start) ||
            !(el = xmlNewChild(parent, NULL, BAD_CAST(m == '~' ? "sub" : "sup"), NULL)) ||
            !epi_xml_add_text(el, text + i + 1, j - i - 1)) {
            fail_nomem(s);
            return false;
        }
        i = start = j + 1;
    }
    return add_text(s, parent, text + start);
}

static bool attr_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == ':' || c == '.' || (unsigned char)c >= 0x80;
}

/* pandoc's heading attributes: "## Раздел {#razdel .intro}". A trailing {…} whose words are
 * all #id, .class or key=value is cut off the heading's text; the id (spelled in ASCII when it
 * is not, as heading ids are) and the classes go on `el`, key=value pairs are dropped. */
static void heading_attributes(md_state *s, cmark_node *node, xmlNodePtr el)
{
    cmark_node *last = cmark_node_last_child(node);
    if (!el || !last || cmark_node_get_type(last) != CMARK_NODE_TEXT)
        return;
    const char *lit = cmark_node_get_literal(last);
    size_t n = lit ? strlen(lit) : 0;
    while (n && lit[n - 1] == ' ')
        n--;
    const char *open = n && lit[n - 1] == '}' ? lit + n - 1 : NULL;
    while (open && open > lit && *open != '{')
        open--;
    if (!open || *open != '{')
        return;
    epi_buf id = {0}, cls = {0};
    char *cut = NULL;
    bool ok = true;
    for (const char *p = open + 1; ok && p < lit + n - 1;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        const char *w = p;
        while (p < lit + n - 1 && *p != ' ')
            p++;
        if ((*w == '#' || *w == '.') && p - w > 1) {
            for (const char *q = w + 1; q < p && ok; q++)
                ok = attr_name_char(*q);
            epi_buf *b = *w == '#' ? &id : &cls;
            if (ok && *w == '#' && id.len)
                ok = false; /* two ids: not pandoc's attributes */
            else if (ok && ((b == &cls && cls.len && !epi_buf_puts(&cls, " ")) ||
                            !epi_buf_append(b, w + 1, (size_t)(p - w - 1)))) {
                fail_nomem(s);
                ok = false;
            }
        } else {
            const char *eq = memchr(w, '=', (size_t)(p - w));
            ok = eq && eq > w; /* key=value: allowed, not kept */
        }
    }
    if (ok && (id.len || cls.len)) {
        size_t keep = (size_t)(open - lit);
        while (keep && lit[keep - 1] == ' ')
            keep--;
        char *slug = NULL;
        bool ascii = id.len && (id.data[0] < '0' || id.data[0] > '9') && id.data[0] != '-' &&
                     id.data[0] != '.';
        for (size_t k = 0; ascii && k < id.len; k++)
            ascii = (unsigned char)id.data[k] < 0x80;
        if (id.len && !ascii && !(slug = epi_slugify(id.data)))
            fail_nomem(s);
        else if (!(cut = epi_strndup(lit, keep)) || cmark_node_set_literal(last, cut) == 0 ||
                 (id.len && !set_attr(s, el, NULL, "id", slug ? slug : id.data)) ||
                 (cls.len && !set_attr(s, el, NULL, "class", cls.data)))
            fail_nomem(s);
        free(slug);
    }
    free(cut);
    epi_buf_free(&id);
    epi_buf_free(&cls);
}

/* pandoc's fenced divs ("::: warning" … ":::") are not read: a warning, once per file, says
 * that their fence lines stay in the text. */
static void fenced_div(md_state *s, cmark_node *para)
{
    cmark_node *first = cmark_node_first_child(para);
    const char *lit = first && cmark_node_get_type(first) == CMARK_NODE_TEXT
                          ? cmark_node_get_literal(first)
                          : NULL;
    if (s->divs || !lit || strncmp(lit, ":::", 3) != 0)
        return;
    s->divs = true;
    s->divs_at = s->ctx->warnings;
    epi_warn(s->ctx, EPI_DIAG_MARKDOWN, s->ch->src_path, s->line0 + cmark_node_get_start_line(para),
             "pandoc's fenced divs (:::) are not supported: the ':::' lines stay in the text");
}

/* Plain text of an inline subtree (an image's description becomes its alt). */
static bool collect_text(cmark_node *node, epi_buf *b)
{
    cmark_iter *it = cmark_iter_new(node);
    cmark_event_type ev;
    bool ok = it != NULL;
    while (ok && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || n == node)
            continue;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            ok = epi_buf_puts(b, cmark_node_get_literal(n));
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            ok = epi_buf_puts(b, " ");
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
    return ok;
}

static bool in_tight_list(cmark_node *para)
{
    cmark_node *item = cmark_node_parent(para);
    cmark_node *list = item ? cmark_node_parent(item) : NULL;
    return item && list && cmark_node_get_type(item) == CMARK_NODE_ITEM &&
           cmark_node_get_type(list) == CMARK_NODE_LIST && cmark_node_get_list_tight(list);
}

/* The back-link opening a footnote: first in the note so that Kindle pop-ups show only this
 * note (docs/ARCHITECTURE.md "Notes": Amazon requires links both ways). */
static bool add_backlink(md_state *s, xmlNodePtr p, size_t n)
{
    char href[48], label[32];
    snprintf(href, sizeof href, "#fnref-%zu", n);
    snprintf(label, sizeof label, "%zu.", n);
    /* No reference to link back to: cmark-gfm keeps a note whose only reference sat inside an
     * unreferenced (dropped) note; a dangling "#fnref-N" would be RSC-012. Found by
     * tests/fuzz/fuzz_build.c; regression: tests/fuzz/corpus/build/regress-footnote-backlink.md */
    if (n == 0 || n > s->nrefs || s->refs[n - 1] == 0)
        return add_text(s, p, label) && add_text(s, p, " ");
    xmlNodePtr a = xmlNewChild(p, NULL, BAD_CAST "a", NULL);
    if (!a) {
        fail_nomem(s);
        return false;
    }
    return set_attr(s, a, NULL, "href", href) && set_attr(s, a, NULL, "role", "doc-backlink") &&
           add_text(s, a, label) && add_text(s, p, " ");
}

static void footnote_definition(md_state *s, cmark_node *node)
{
    char id[48];
    size_t n = ++s->nfoot;
    xmlNodePtr aside = add_el(s, "aside", node);
    if (!aside)
        return;
    snprintf(id, sizeof id, "fn-%zu", n);
    /* EPUB SSV 1.1 footnote + DPUB-ARIA doc-footnote: readers show it as a pop-up. */
    if (!set_attr(s, aside, s->epub_ns, "type", "footnote") ||
        !set_attr(s, aside, NULL, "role", "doc-footnote") || !set_attr(s, aside, NULL, "id", id))
        return;
    s->cur = aside;
    cmark_node *first = cmark_node_first_child(node);
    if (!first || cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH) {
        xmlNodePtr p = add_el(s, "p", node);
        if (p)
            add_backlink(s, p, n);
    }
}

static void footnote_reference(md_state *s, cmark_node *node)
{
    /* cmark-gfm numbers notes by first reference; the literal is that number. */
    const char *lit = cmark_node_get_literal(node);
    char *end = NULL;
    unsigned long n = lit ? strtoul(lit, &end, 10) : 0;
    char href[48], id[64];

    if (n == 0 || n > 100000 || (end && *end))
        return;
    while (n > s->nrefs) {
        unsigned *v = epi_grow(s->refs, &s->caprefs, s->nrefs, sizeof *v, 16);
        if (!v) {
            fail_nomem(s);
            return;
        }
        s->refs = v;
        v[s->nrefs++] = 0;
    }
    unsigned k = ++s->refs[n - 1];
    snprintf(href, sizeof href, "#fn-%lu", n);
    if (k == 1)
        snprintf(id, sizeof id, "fnref-%lu", n);
    else
        snprintf(id, sizeof id, "fnref-%lu-%u", n, k); /* ids must be unique */
    xmlNodePtr a = add_el(s, "a", node);
    if (a && set_attr(s, a, s->epub_ns, "type", "noteref") &&
        set_attr(s, a, NULL, "role", "doc-noteref") && set_attr(s, a, NULL, "href", href) &&
        set_attr(s, a, NULL, "id", id))
        add_text(s, a, lit);
}

/* An image alone in its paragraph, with a title: a figure whose caption is the title
 * (pandoc's implicit_figures takes the alt instead, which then is read twice by a screen
 * reader; the title is the text meant to be seen). */
static bool is_figure(cmark_node *para)
{
    cmark_node *img = cmark_node_first_child(para);
    const char *title;
    if (!img || cmark_node_next(img) || cmark_node_get_type(img) != CMARK_NODE_IMAGE)
        return false;
    title = cmark_node_get_title(img);
    return title && *title && strspn(title, " \t\n") < strlen(title);
}

static void image(md_state *s, cmark_node *node)
{
    epi_buf alt = {0};
    const char *url = cmark_node_get_url(node);
    const char *title = cmark_node_get_title(node);

    if (!collect_text(node, &alt)) {
        fail_nomem(s);
        goto out;
    }
    if (!url || !*url || !epi_url_safe(url)) {
        add_text(s, s->cur, alt.data); /* no usable source: keep the description */
        goto out;
    }
    xmlNodePtr img = add_el(s, "img", node);
    if (!img || !set_attr(s, img, NULL, "src", url) ||
        !set_attr(s, img, NULL, "alt", alt.data ? alt.data : ""))
        goto out;
    cmark_node *para = cmark_node_parent(node);
    if (para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH && !in_tight_list(para) &&
        is_figure(para)) {
        xmlNodePtr cap = add_el(s, "figcaption", node);
        if (!cap || !add_text(s, cap, title))
            goto out;
    } else if (title && *title && !set_attr(s, img, NULL, "title", title)) {
        goto out;
    }
    s->images = true;
    if (!alt.len)
        s->alt_missing = true;
out:
    epi_buf_free(&alt);
}

static void inline_html(md_state *s, cmark_node *node)
{
    const char *lit = cmark_node_get_literal(node);
    xmlNodePtr el = NULL;
    const char *name = NULL;
    size_t len = lit ? strlen(lit) : 0;

    if (!len)
        return;
    epi_tag_kind kind = epi_html_inline_tag(s->doc, lit, len, &el, &name);
    if (s->suppress) {
        if (kind == EPI_TAG_DROP && lit[1] == '/' && name == NULL &&
            strncasecmp(lit + 2, s->suppress, strlen(s->suppress)) == 0)
            s->suppress = NULL;
        xmlFreeNode(el);
        return;
    }
    switch (kind) {
    case EPI_TAG_TEXT:
        add_text(s, s->cur, lit); /* "a <b" or an unknown tag: the reader sees what was typed */
        break;
    case EPI_TAG_DROP:
        break;
    case EPI_TAG_DROP_CONTENT:
        s->suppress = name;
        break;
    case EPI_TAG_VOID:
    case EPI_TAG_OPEN:
        if (kind == EPI_TAG_OPEN && too_deep(s, node)) {
            xmlFreeNode(el); /* its content stays, in the enclosing element */
            break;
        }
        set_line(s, el, node);
        if (!xmlAddChild(s->cur, el)) {
            xmlFreeNode(el);
            fail_nomem(s);
            return;
        }
        if (!strcmp(name, "img")) {
            xmlChar *alt = xmlGetProp(el, BAD_CAST "alt");
            s->images = true;
            if (!alt || !*alt)
                s->alt_missing = true;
            xmlFree(alt);
        }
        if (kind == EPI_TAG_OPEN) {
            xmlNodePtr *v = epi_grow(s->open, &s->capopen, s->nopen, sizeof *v, 8);
            if (!v) {
                fail_nomem(s);
                return;
            }
            s->open = v;
            s->open[s->nopen++] = el;
            s->cur = el;
        }
        break;
    case EPI_TAG_CLOSE:
        /* Close only what the innermost open tag is; a stray </em> is dropped. */
        if (s->nopen && s->open[s->nopen - 1] == s->cur &&
            !strcmp((const char *)s->cur->name, name)) {
            s->nopen--;
            s->cur = s->cur->parent;
        }
        break;
    }
}

static void table_cell(md_state *s, cmark_node *node)
{
    cmark_node *row = cmark_node_parent(node);
    cmark_node *table = row ? cmark_node_parent(row) : NULL;
    bool header = row && cmark_gfm_extensions_get_table_row_is_header(row);
    xmlNodePtr el = add_el(s, header ? "th" : "td", node);
    if (!el || !table)
        return;
    size_t col = 0;
    for (cmark_node *n = cmark_node_previous(node); n; n = cmark_node_previous(n))
        col++;
    uint8_t *align = cmark_gfm_extensions_get_table_alignments(table);
    uint16_t ncols = cmark_gfm_extensions_get_table_columns(table);
    const char *style = NULL;
    if (align && col < ncols) {
        switch (align[col]) {
        case 'l':
            style = "text-align: left";
            break;
        case 'c':
            style = "text-align: center";
            break;
        case 'r':
            style = "text-align: right";
            break;
        default:
            break;
        }
    }
    if (style && !set_attr(s, el, NULL, "style", style))
        return;
    s->cur = el;
}

static void table_row(md_state *s, cmark_node *node)
{
    bool header = cmark_gfm_extensions_get_table_row_is_header(node);
    const char *group = header ? "thead" : "tbody";
    xmlNodePtr g = xmlGetLastChild(s->cur);
    if (!g || g->type != XML_ELEMENT_NODE || strcmp((const char *)g->name, group) != 0)
        g = add_el(s, group, node);
    if (!g)
        return;
    s->cur = g;
    xmlNodePtr tr = add_el(s, "tr", node);
    if (tr)
        s->cur = tr;
}

/* Whether the node is dropped, its content kept in the parent: a container nested too deep
 * (too_deep), or the item of a list flattened so. */
static bool flattened(md_state *s, cmark_node *node, cmark_node_type t, const char *ext)
{
    switch (t) {
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_LIST:
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
    case CMARK_NODE_LINK:
        return too_deep(s, node);
    case CMARK_NODE_ITEM: {
        /* The item of a list that was flattened (see too_deep) is flattened with it. */
        const char *in = s->cur ? (const char *)s->cur->name : "";
        return strcmp(in, "ul") != 0 && strcmp(in, "ol") != 0;
    }
    default:
        return !strcmp(ext, "strikethrough") && too_deep(s, node);
    }
}

/* <pre><code class="language-X">, the whole block at once. */
static void code_block(md_state *s, cmark_node *node)
{
    xmlNodePtr pre = add_el(s, "pre", node);
    xmlNodePtr code = pre ? xmlNewChild(pre, NULL, BAD_CAST "code", NULL) : NULL;
    const char *info = cmark_node_get_fence_info(node);
    if (!code) {
        fail_nomem(s);
        return;
    }
    if (info && *info) {
        /* CommonMark §4.5: the first word of the info string is the language. */
        size_t n = strcspn(info, " \t");
        epi_buf cls = {0};
        bool ok = epi_buf_puts(&cls, "language-") && epi_buf_append(&cls, info, n);
        ok = ok && set_attr(s, code, NULL, "class", cls.data);
        epi_buf_free(&cls);
        if (!ok) {
            fail_nomem(s);
            return;
        }
    }
    add_text(s, code, cmark_node_get_literal(node));
}

/* <ol start=N> or <ul>; NULL when out of memory. */
static xmlNodePtr list(md_state *s, cmark_node *node)
{
    if (cmark_node_get_list_type(node) != CMARK_ORDERED_LIST)
        return add_el(s, "ul", node);
    xmlNodePtr el = add_el(s, "ol", node);
    int start = cmark_node_get_list_start(node);
    if (el && start != 1) {
        char buf[24];
        snprintf(buf, sizeof buf, "%d", start);
        if (!set_attr(s, el, NULL, "start", buf))
            return NULL;
    }
    return el;
}

/* Opens the element for a container node (entering it); leaves are handled whole. */
static void enter(md_state *s, cmark_node *node, cmark_iter *it)
{
    cmark_node_type t = cmark_node_get_type(node);
    const char *ext = cmark_node_get_type_string(node);
    xmlNodePtr el = NULL;
    char name[8];

    /* Where s->cur returns when this node is left (see leave()). */
    cmark_node_set_user_data(node, s->cur);
    if (s->suppress && (t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE) {
        if (t == CMARK_NODE_HTML_INLINE)
            inline_html(s, node);
        else if (t == CMARK_NODE_IMAGE)
            cmark_iter_reset(it, node, CMARK_EVENT_EXIT);
        return;
    }
    if (flattened(s, node, t, ext))
        return;
    switch (t) {
    case CMARK_NODE_DOCUMENT:
        return;
    case CMARK_NODE_BLOCK_QUOTE:
        el = add_el(s, "blockquote", node);
        break;
    case CMARK_NODE_LIST:
        if (!(el = list(s, node)))
            return;
        break;
    case CMARK_NODE_ITEM:
        el = add_el(s, "li", node);
        break;
    case CMARK_NODE_CODE_BLOCK:
        code_block(s, node);
        return;
    case CMARK_NODE_HTML_BLOCK: {
        const char *lit = cmark_node_get_literal(node);
        ep_status st =
            epi_html_block_append(s->cur, lit, lit ? strlen(lit) : 0,
                                  s->line0 + cmark_node_get_start_line(node), s->ctx->err);
        if (st && !s->st)
            s->st = st;
        return;
    }
    case CMARK_NODE_PARAGRAPH:
        if (in_tight_list(node))
            return; /* tight list items hold their text directly (CommonMark §5.3) */
        fenced_div(s, node);
        el = add_el(s, is_figure(node) ? "figure" : "p", node);
        if (el) {
            cmark_node *parent = cmark_node_parent(node);
            if (parent && cmark_node_get_type(parent) == CMARK_NODE_FOOTNOTE_DEFINITION &&
                cmark_node_first_child(parent) == node)
                add_backlink(s, el, s->nfoot);
        }
        break;
    case CMARK_NODE_HEADING:
        /* No id here: src/typeset assigns ASCII-safe unique ids to every heading. */
        snprintf(name, sizeof name, "h%d", cmark_node_get_heading_level(node));
        el = add_el(s, name, node);
        heading_attributes(s, node, el);
        break;
    case CMARK_NODE_THEMATIC_BREAK:
        add_el(s, "hr", node);
        return;
    case CMARK_NODE_FOOTNOTE_DEFINITION:
        footnote_definition(s, node);
        return;
    case CMARK_NODE_TEXT:
        add_text_marks(s, s->cur, cmark_node_get_literal(node));
        return;
    case CMARK_NODE_SOFTBREAK:
        add_text(s, s->cur, "\n");
        return;
    case CMARK_NODE_LINEBREAK:
        add_el(s, "br", node);
        return;
    case CMARK_NODE_CODE:
        el = add_el(s, "code", node);
        if (el)
            add_text(s, el, cmark_node_get_literal(node));
        return;
    case CMARK_NODE_HTML_INLINE:
        inline_html(s, node);
        return;
    case CMARK_NODE_EMPH:
        el = add_el(s, "em", node);
        break;
    case CMARK_NODE_STRONG:
        el = add_el(s, "strong", node);
        break;
    case CMARK_NODE_LINK: {
        const char *url = cmark_node_get_url(node);
        const char *title = cmark_node_get_title(node);
        el = add_el(s, "a", node);
        /* An unsafe link (javascript:) keeps its text but loses its target. */
        if (el && url && epi_url_safe(url) && !set_attr(s, el, NULL, "href", url))
            return;
        if (el && title && *title && !set_attr(s, el, NULL, "title", title))
            return;
        break;
    }
    case CMARK_NODE_IMAGE:
        image(s, node);
        cmark_iter_reset(it, node, CMARK_EVENT_EXIT); /* the description is the alt */
        return;
    case CMARK_NODE_FOOTNOTE_REFERENCE:
        footnote_reference(s, node);
        return;
    default:
        if (!strcmp(ext, "table")) {
            el = add_el(s, "table", node);
        } else if (!strcmp(ext, "table_header") || !strcmp(ext, "table_row")) {
            table_row(s, node);
            return;
        } else if (!strcmp(ext, "table_cell")) {
            table_cell(s, node);
            return;
        } else if (!strcmp(ext, "strikethrough")) {
            el = add_el(s, "del", node);
        } else {
            /* Unknown extension node: keep its content in place. */
            return;
        }
        break;
    }
    if (el)
        s->cur = el;
}

static void leave(md_state *s, cmark_node *node)
{
    xmlNodePtr back = cmark_node_get_user_data(node);
    if (back)
        s->cur = back;
    if ((cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) {
        /* Inline HTML never spans blocks: unclosed tags end with their block. */
        s->nopen = 0;
        s->suppress = NULL;
    }
}

/* cmark-gfm 0.29 keeps the inline parser's table of special characters in one global array:
 * each parse adds its extensions' characters ('~', '|', ':') when its inline pass starts and
 * removes them when it ends (blocks.c process_inlines, inside cmark_parser_finish), so a parse
 * on another thread at that moment loses its strikethrough, tables or autolinks
 * (github/cmark-gfm#176, never merged). The block pass (cmark_parser_feed) reads no such
 * state. Chapters and pieces are parsed in parallel and programs may build on several threads,
 * so the inline pass runs one at a time; the block pass and turning the tree into XHTML below,
 * most of the work, stay parallel. */
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

static ep_status attach(md_state *s, cmark_parser *parser)
{
    static const char *const exts[] = {"table", "strikethrough", "autolink", "tagfilter"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
        if (!e || !cmark_parser_attach_syntax_extension(parser, e))
            return epi_fail(s->ctx->err, EP_ERR_INPUT, s->ch->src_path, 0, 0,
                            "cmark-gfm extension '%s' is not available", exts[i]);
    }
    return EP_OK;
}

/* Parses `text` and appends its blocks to s->cur. *source (may be NULL), the buffer that holds
 * the text, is freed once the text is parsed. */
static void convert(md_state *s, const char *text, size_t len, char **source)
{
    cmark_parser *parser = NULL;
    cmark_node *root = NULL;
    cmark_iter *it = NULL;
    cmark_event_type ev;

    /* FOOTNOTES on; SMART off (typography is ours); no SOURCEPOS: lines go on the nodes. */
    /* DOUBLE_TILDE: "~~x~~" is strikethrough, "H~2~O" pandoc's subscript (add_text_marks). */
    parser = cmark_parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE);
    if (!parser) {
        s->st = epi_fail(s->ctx->err, EP_ERR_NOMEM, s->ch->src_path, 0, 0, "out of memory");
        return;
    }
    if ((s->st = attach(s, parser)))
        goto out;
    cmark_parser_feed(parser, text, len);
    pthread_mutex_lock(&parse_lock);
    root = cmark_parser_finish(parser);
    pthread_mutex_unlock(&parse_lock);
    if (source) {
        free(*source);
        *source = NULL;
    }
    if (root) /* "H", "~", "2", … as one text: sub/sup and heading attributes see it whole */
        cmark_consolidate_text_nodes(root);
    if (!root || !(it = cmark_iter_new(root))) {
        fail_nomem(s);
        goto out;
    }
    while (!s->st && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER)
            enter(s, node, it);
        else if (ev == CMARK_EVENT_EXIT)
            leave(s, node);
    }
out:
    cmark_iter_free(it);
    if (root)
        cmark_node_free(root);
    cmark_parser_free(parser);
}

/* ---------- a long text in pieces, on the CPUs ---------- */

/* A text of at least twice MD_PIECE_MIN bytes is cut into pieces of at least MD_PIECE_MIN and
 * 1/MD_PIECES of it, each parsed and turned into XHTML on its own: War and Peace as one file
 * was read on one CPU, a sixth of its build. */
enum { MD_PIECE_MIN = 64 * 1024, MD_PIECES = 32, MD_PIECES_MAX = 64 };

/* The first place of `w` in s[0, n), or NULL. */
static const char *find(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    for (const char *end = s + n, *p = s; (p = memchr(p, w[0], (size_t)(end - p))); p++)
        if ((size_t)(end - p) >= m && !memcmp(p, w, m))
            return p;
    return NULL;
}

/* Whether the text may be cut before any ATX heading that starts a line after a blank line,
 * with the blocks of the pieces, one after another, being those of the whole text. Nothing in
 * the text may then be used far from where it is written or reach across a blank line: no link
 * reference or footnote definition (both have "]:", CommonMark §4.7), no fenced code ("```",
 * "~~~", §4.5) and no HTML block of the kinds 1 to 5 (<script, <pre, <style, <textarea, <!--,
 * <?, <!X, <![CDATA[: §4.6, they end at their own end marker). Every other block — paragraph,
 * quote, list, table, HTML block of kinds 6 and 7 — ends at a blank line followed by a line
 * that is an unindented ATX heading (no list item's content, no lazy continuation: §5.1, §5.2),
 * so each piece opens with no container open, as the whole text does there. A footnote
 * reference without definitions is text. */
static bool cuttable(const char *text, size_t len)
{
    static const char *const html[] = {"!", "?", "script", "pre", "style", "textarea"};
    if (find(text, len, "]:") || find(text, len, "```") || find(text, len, "~~~"))
        return false;
    for (const char *end = text + len, *p = text; (p = memchr(p, '<', (size_t)(end - p))); p++)
        for (size_t k = 0; k < sizeof html / sizeof html[0]; k++) {
            size_t m = strlen(html[k]);
            if ((size_t)(end - p - 1) >= m && !strncasecmp(p + 1, html[k], m))
                return false;
        }
    return true;
}

/* The pieces' starts at[0..n) (at[0] = 0), each at least `min` bytes after the one before, and
 * the number of lines before each; returns n. */
static size_t cut_points(const char *text, size_t len, size_t min, size_t *at, int *lines)
{
    size_t n = 1, counted = 0;
    int line = 0;
    at[0] = 0;
    lines[0] = 0;
    for (size_t from = min; n < MD_PIECES_MAX && from < len;) {
        const char *p = find(text + from, len - from, "\n\n#");
        if (!p)
            break;
        size_t c = (size_t)(p - text) + 2, k = c;
        while (k < len && k - c < 7 && text[k] == '#')
            k++;
        from = c;
        if (k - c > 6 || (k < len && text[k] != ' ' && text[k] != '\t' && text[k] != '\n'))
            continue; /* not an ATX heading */
        for (const char *q = text + counted; (q = memchr(q, '\n', (size_t)(text + c - q))); q++)
            line++;
        counted = c;
        at[n] = c;
        lines[n++] = line;
        from = c + min;
    }
    return n;
}

typedef struct md_piece {
    const char *text;
    size_t len;
    int line0;
    ep_options opt; /* a shallow copy of the caller's, with warnings going to log */
    epi_ctx ctx;
    ep_error err;
    epi_diag_log log;
    md_state s;
    xmlNodePtr html; /* a detached <html><body> that the piece's blocks go into */
} md_piece;

typedef struct md_pieces {
    const md_state *whole;
    md_piece *v;
} md_pieces;

static void piece_work(void *ud, size_t i, size_t worker)
{
    md_pieces *job = ud;
    const md_state *w = job->whole;
    md_piece *p = &job->v[i];
    xmlNsPtr ns = w->cur->ns;
    (void)worker;
    if (w->ctx->opt) {
        p->opt = *w->ctx->opt;
        p->opt.diag = ep_diag_log_add;
        p->opt.diag_userdata = &p->log;
    }
    p->ctx =
        (epi_ctx){.opt = w->ctx->opt ? &p->opt : NULL, .err = &p->err, .output = w->ctx->output};
    p->s = (md_state){
        .ctx = &p->ctx, .ch = w->ch, .doc = w->doc, .epub_ns = w->epub_ns, .line0 = p->line0};
    /* Under <html> as under the chapter's: too_deep counts the same depth. */
    p->html = xmlNewDocNode(w->doc, ns, BAD_CAST "html", NULL);
    p->s.cur = p->html ? xmlNewChild(p->html, ns, BAD_CAST "body", NULL) : NULL;
    if (!p->s.cur)
        fail_nomem(&p->s);
    else
        convert(&p->s, p->text, p->len, NULL);
}

/* The pieces at[0..n) of the text, on the CPUs, then their blocks, warnings and first error
 * in order, as one parse of the whole would give them. */
static void read_pieces(md_state *s, const char *text, size_t len, const size_t *at,
                        const int *lines, size_t n, char **source)
{
    md_pieces job = {s, calloc(n, sizeof *job.v)};
    bool flattened = false, divs = false;
    ep_diag_fn fn = s->ctx->opt ? s->ctx->opt->diag : NULL;

    if (!job.v) {
        fail_nomem(s);
        return;
    }
    for (size_t i = 0; i < n; i++)
        job.v[i] = (md_piece){.text = text + at[i],
                              .len = (i + 1 < n ? at[i + 1] : len) - at[i],
                              .line0 = s->line0 + lines[i]};
    epi_parallel_for(n, 2, piece_work, &job);
    if (source) {
        free(*source);
        *source = NULL;
    }
    for (size_t i = 0; i < n; i++) {
        md_piece *p = &job.v[i];
        /* A warning given once per file is dropped when an earlier piece gave it. */
        size_t skip1 = flattened && p->s.flattened ? p->s.flattened_at : SIZE_MAX;
        size_t skip2 = divs && p->s.divs ? p->s.divs_at : SIZE_MAX;
        if (!s->st) {
            for (size_t r = 0; fn && r < p->log.n; r++)
                if (r != skip1 && r != skip2)
                    fn(s->ctx->opt->diag_userdata, &p->log.v[r].d);
            s->ctx->warnings += p->ctx.warnings - (skip1 != SIZE_MAX) - (skip2 != SIZE_MAX);
            flattened = flattened || p->s.flattened;
            divs = divs || p->s.divs;
            s->images = s->images || p->s.images;
            s->alt_missing = s->alt_missing || p->s.alt_missing;
            if (p->s.st) {
                s->st = p->s.st;
                if (s->ctx->err)
                    *s->ctx->err = p->err;
            } else if (p->log.oom) {
                fail_nomem(s);
            } else if (p->s.cur->children) {
                xmlNodePtr first = p->s.cur->children;
                p->s.cur->children = p->s.cur->last = NULL;
                xmlAddChildList(s->cur, first);
            }
        }
        epi_diag_log_free(&p->log);
        xmlFreeNode(p->html);
        free(p->s.open);
        free(p->s.refs);
    }
    free(job.v);
}

ep_status epi_markdown_to_chapter(epi_ctx *ctx, const char *text, size_t len, int first_line,
                                  epi_chapter *ch, char **source)
{
    md_state s = {0};
    size_t at[MD_PIECES_MAX], n = 1;
    int lines[MD_PIECES_MAX];

    s.ctx = ctx;
    s.ch = ch;
    s.line0 = first_line > 0 ? first_line - 1 : 0;
    if (!ch->doc && !(ch->doc = epi_xhtml_new()))
        return epi_fail(ctx->err, EP_ERR_NOMEM, ch->src_path, 0, 0, "out of memory");
    s.doc = ch->doc;
    s.cur = epi_xhtml_body(ch->doc);
    s.epub_ns = xmlSearchNsByHref(s.doc, xmlDocGetRootElement(s.doc), BAD_CAST EPI_NS_EPUB);
    if (!s.cur || !s.epub_ns)
        return epi_fail(ctx->err, EP_ERR_XML, ch->src_path, 0, 0,
                        "chapter document has no <body> or epub namespace");
    if (len >= 2 * MD_PIECE_MIN && cuttable(text, len))
        n = cut_points(text, len, len / MD_PIECES > MD_PIECE_MIN ? len / MD_PIECES : MD_PIECE_MIN,
                       at, lines);
    if (n > 1)
        read_pieces(&s, text, len, at, lines, n, source);
    else
        convert(&s, text, len, source);
    if (!ch->has_images)
        ch->images_all_alt = true;
    if (s.images)
        ch->has_images = true;
    if (s.alt_missing)
        ch->images_all_alt = false;
    free(s.open);
    free(s.refs);
    return s.st;
}
