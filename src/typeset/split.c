/*
 * Splitting chapters into several content documents (docs/ARCHITECTURE.md "Splitting"), the
 * last typeset pass, when ids, links, notes and soft hyphens are final:
 *
 *   - at every heading of level 1 to `split-level` (pandoc's --split-level, default 1), unless
 *     only headings, or an article's subtitle and byline, precede it in its part ("# Volume"
 *     and "## Part I" stay with the text);
 *   - a part still over SPLIT_LIMIT bytes of XHTML again at the next level down, and so on to
 *     h6; then between top-level blocks, never inside one (a paragraph, list, table, figure),
 *     and never right after a heading. A heading-less text is split only so.
 *
 * Only <body>'s children are moved, so a part is always whole blocks. Part 1 keeps the
 * chapter's file name (a book of one chapter per file, one h1 each, comes out as before);
 * part k+1 is "chNNN-00K.xhtml". Each part gets the chapter's <html> and <body> attributes
 * (lang), a <title> (its first heading, else the chapter's), its headings for the toc, its
 * footnotes (each after its first reference, at the end of the part) and its word count; then
 * every fragment link in the book is pointed at the part that now holds the id.
 */
#include "typeset_private.h"
#include "util/utf8.h"

#include <libxml/hash.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Calibre splits at 260 KB; Adobe RMSDK stalls on content documents much above 300 KB. */
#define SPLIT_LIMIT (256 * 1024)
/* What packaging adds beyond the measured nodes: the XML declaration, DOCTYPE, the <html>
 * start tag with its namespaces, the stylesheet link, and <p></p> for an empty <p/>. */
#define SPLIT_MARGIN 8192

/* A top-level block of <body> with the text and comment nodes after it. */
typedef struct unit {
    xmlNodePtr first;
    int level;   /* heading level, 0 for any other block */
    size_t size; /* serialised bytes, with the footnotes it references first */
} unit;

/* A footnote <aside> at the top level of <body>, and the unit that first references it. */
typedef struct footnote {
    xmlNodePtr aside;
    size_t unit; /* (size_t)-1 until referenced: then the chapter's last unit */
    size_t size; /* serialised bytes */
} footnote;

typedef struct splitter {
    unit *u;
    size_t n, cap;
    footnote *fn;
    size_t nfn, capfn;
    size_t *starts; /* unit index where each part starts; starts[0] == 0 */
    size_t nstarts, capstarts;
    size_t *prefix; /* prefix[i]: bytes of units [0, i) */
    size_t budget;
} splitter;

static void splitter_free(splitter *s)
{
    free(s->u);
    free(s->fn);
    free(s->starts);
    free(s->prefix);
    memset(s, 0, sizeof *s);
}

static bool is_footnote(xmlNodePtr n)
{
    if (!epi_ts_is(n, "aside"))
        return false;
    xmlChar *role = xmlGetProp(n, BAD_CAST "role");
    bool yes = role && xmlStrEqual(role, BAD_CAST "doc-footnote");
    xmlFree(role);
    return yes;
}

/* Serialised size of one node, as package writes it (no formatting). */
static bool node_size(xmlBufferPtr buf, xmlNodePtr n, size_t *size)
{
    xmlBufferEmpty(buf);
    int len = xmlNodeDump(buf, n->doc, n, 0, 0);
    if (len < 0)
        return false;
    *size = (size_t)len;
    return true;
}

/* The length of an attribute value as xmlNodeDump writes it on a document without an encoding
 * (libxml2 2.9 xmlsave.c, xmlBufAttrSerializeTxtContent): TAB, LF, CR, '"', '<', '>' and '&' as
 * references, every character beyond ASCII as a hexadecimal one (&#x43F;); -1 for a byte
 * sequence it would report as an error. */
static long value_size(const xmlChar *v)
{
    long n = 0;
    size_t len = v ? strlen((const char *)v) : 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = v[i];
        uint32_t cp;
        size_t m;
        if (c < 0x80) {
            n += c == '"'                             ? 6
                 : c == '&' || c == '\n' || c == '\r' ? 5
                 : c == '<' || c == '>' || c == '\t'  ? 4
                                                      : 1;
            i++;
            continue;
        }
        m = epi_utf8_decode((const char *)v + i, len - i, &cp);
        if (!m || (cp > 0xD7FF && cp < 0xE000) || cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF)
            return -1;
        n += cp < 0x100 ? 6 : cp < 0x1000 ? 7 : cp < 0x10000 ? 8 : cp < 0x100000 ? 9 : 10;
        i += m;
    }
    return n;
}

/* The length xmlNodeDump(buf, doc, n, 0, 0) gives, without writing the bytes (libxml2 2.9
 * xmlsave.c xmlNodeDumpOutputInternal, as node_size calls it: the encoding it defaults to,
 * UTF-8, leaves text as it is but for '<', '>', '&' and CR, xmlEscapeContent): elements, text,
 * comments; -1 for any other node, or a namespace declaration, for xmlNodeDump to measure. */
static long dump_size(xmlNodePtr n, int depth)
{
    if (n->type == XML_TEXT_NODE && n->name != xmlStringTextNoenc) {
        long size = 0;
        for (const char *p = (const char *)n->content; p && *p; p++) {
            size_t run = strcspn(p, "<>&\r");
            size += (long)run;
            p += run;
            if (!*p)
                break;
            size += *p == '&' || *p == '\r' ? 5 : 4;
        }
        return size;
    }
    if (n->type == XML_COMMENT_NODE)
        return n->content ? 7 + (long)strlen((const char *)n->content) : 0;
    if (n->type != XML_ELEMENT_NODE || n->nsDef || depth > 512)
        return -1;
    long name = (long)strlen((const char *)n->name) +
                (n->ns && n->ns->prefix ? (long)strlen((const char *)n->ns->prefix) + 1 : 0);
    long size = 1 + name; /* <name */
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        size += 4 + (long)strlen((const char *)a->name) + /*  name="" */
                (a->ns && a->ns->prefix ? (long)strlen((const char *)a->ns->prefix) + 1 : 0);
        for (xmlNodePtr t = a->children; t; t = t->next) {
            long v = t->type == XML_TEXT_NODE ? value_size(t->content) : -1;
            if (v < 0)
                return -1;
            size += v;
        }
    }
    if (!n->children)
        return size + 2; /* /> */
    size += 4 + name;    /* > and </name> */
    for (xmlNodePtr c = n->children; c; c = c->next) {
        long s = dump_size(c, depth + 1);
        if (s < 0)
            return -1;
        size += s;
    }
    return size;
}

long epi_ts_dump_size(xmlNodePtr n)
{
    return n->doc && n->doc->encoding ? -1 : dump_size(n, 0);
}

/* The serialised size of every child of every chapter's body, by chapter and position, made on
 * the CPUs (epi_ts_for_each_slice): serialising War and Peace's 11 000 paragraphs one after
 * another was most of the split. */
typedef struct sizes_job {
    size_t **size; /* size[ch][k]: of the k-th child of chapter ch's body */
} sizes_job;

static ep_status sizes_step(epi_ctx *ctx, const epi_book *book, epi_chapter *ch,
                            const epi_ts_slice *sl, size_t worker, void *arg, size_t *words)
{
    sizes_job *job = arg;
    size_t *size = job->size[sl->ch], k = sl->index;
    xmlBufferPtr buf = NULL;
    bool ok = true;
    (void)book;
    (void)worker;
    (void)words;
    if (!size) /* a generated chapter: not split */
        return EP_OK;
    for (xmlNodePtr n = sl->first; ok && n != sl->end; n = n->next, k++) {
        long s = epi_ts_dump_size(n);
        if (s >= 0)
            size[k] = (size_t)s;
        else
            ok = (buf || (buf = xmlBufferCreate())) && node_size(buf, n, &size[k]);
    }
    if (buf)
        xmlBufferFree(buf);
    return ok ? EP_OK
              : epi_fail(ctx->err, EP_ERR_NOMEM, ch->src_path, 0, 0, "out of memory splitting");
}

/* The units and footnotes of `body`, with their sizes (size[k]: of its k-th child). */
static bool measure(splitter *s, xmlNodePtr body, const size_t *sizes)
{
    xmlHashTablePtr notes = xmlHashCreate(16); /* aside id → index in s->fn + 1 */
    bool ok = notes != NULL;
    size_t pos = 0;

    for (xmlNodePtr n = body->children; ok && n; n = n->next, pos++) {
        if (is_footnote(n)) {
            footnote *v = epi_grow(s->fn, &s->capfn, s->nfn, sizeof *v, 16);
            xmlChar *id = xmlGetProp(n, BAD_CAST "id");
            if (v)
                s->fn = v;
            ok = v != NULL;
            if (ok) {
                s->fn[s->nfn] = (footnote){n, (size_t)-1, sizes[pos]};
                /* the unit's size gets the note's when it is referenced; else the last's */
                if (id)
                    (void)xmlHashAddEntry(notes, id, (void *)(uintptr_t)(s->nfn + 1));
                s->nfn++;
            }
            xmlFree(id);
            continue;
        }
        if (n->type == XML_ELEMENT_NODE || s->n == 0) {
            unit *v = epi_grow(s->u, &s->cap, s->n, sizeof *v, 64);
            if (!v) {
                ok = false;
                break;
            }
            s->u = v;
            s->u[s->n++] = (unit){n, epi_ts_heading_level(n), 0};
        }
        s->u[s->n - 1].size += sizes[pos];
    }
    for (size_t i = 0; ok && s->nfn && i < s->n; i++) {
        xmlNodePtr end = i + 1 < s->n ? s->u[i + 1].first : NULL;
        for (xmlNodePtr n = s->u[i].first; n && n != end; n = n->next) {
            if (is_footnote(n))
                continue;
            for (xmlNodePtr a = n; a; a = epi_ts_next(a, n, false)) {
                if (!epi_ts_is(a, "a"))
                    continue;
                xmlChar *href = xmlGetProp(a, BAD_CAST "href");
                uintptr_t k =
                    href && href[0] == '#' ? (uintptr_t)xmlHashLookup(notes, href + 1) : 0;
                footnote *f = k ? &s->fn[k - 1] : NULL;
                if (f && f->unit == (size_t)-1) {
                    f->unit = i;
                    s->u[i].size += f->size;
                }
                xmlFree(href);
            }
        }
    }
    for (size_t i = 0; ok && i < s->nfn; i++)
        if (s->fn[i].unit == (size_t)-1)
            s->fn[i].unit = s->n ? s->n - 1 : 0;
    if (ok)
        s->prefix = malloc((s->n + 1) * sizeof *s->prefix);
    ok = ok && s->prefix;
    if (ok) {
        s->prefix[0] = 0;
        for (size_t i = 0; i < s->n; i++)
            s->prefix[i + 1] = s->prefix[i] + s->u[i].size;
    }
    xmlHashFree(notes, NULL);
    return ok;
}

/* A block of text: not a heading, not an article's subtitle or byline (typeset/byline.c,
 * which belong with the heading and text after them), not the white space before the first
 * element. */
static bool is_text(const unit *u)
{
    if (u->level || u->first->type != XML_ELEMENT_NODE)
        return false;
    if (!epi_ts_is(u->first, "p"))
        return true;
    xmlChar *c = xmlGetProp(u->first, BAD_CAST "class");
    bool head = c && (xmlStrEqual(c, BAD_CAST "byline") || xmlStrEqual(c, BAD_CAST "subtitle"));
    xmlFree(c);
    return !head;
}

static bool add_start(splitter *s, size_t i)
{
    size_t *v = epi_grow(s->starts, &s->capstarts, s->nstarts, sizeof *v, 16);
    if (!v)
        return false;
    s->starts = v;
    s->starts[s->nstarts++] = i;
    return true;
}

/* Parts of [a, b) between blocks, each within the budget where the blocks allow. */
static bool by_blocks(splitter *s, size_t a, size_t b)
{
    size_t cur = 0;
    for (size_t i = a; i < b; i++) {
        if (i > a && cur + s->u[i].size > s->budget && is_text(&s->u[i - 1])) {
            if (!add_start(s, i))
                return false;
            cur = 0;
        }
        cur += s->u[i].size;
    }
    return true;
}

static bool cut(splitter *s, size_t lo, size_t hi, int level);

/* The part [a, b), already started: split further when it is over the budget. */
static bool place(splitter *s, size_t a, size_t b, int level)
{
    if (s->prefix[b] - s->prefix[a] <= s->budget)
        return true;
    return level < 6 ? cut(s, a, b, level + 1) : by_blocks(s, a, b);
}

/* Parts of [lo, hi) at headings of level 1 to `level` that follow some text in their part. */
static bool cut(splitter *s, size_t lo, size_t hi, int level)
{
    size_t a = lo;
    bool text = false;
    for (size_t i = lo; i < hi; i++) {
        int l = s->u[i].level;
        if (l && l <= level && text) {
            if (!place(s, a, i, level) || !add_start(s, i))
                return false;
            a = i;
            text = false;
        }
        text = text || is_text(&s->u[i]);
    }
    return place(s, a, hi, level);
}

/* Sets <title> of a part's document. */
static bool set_title(xmlDocPtr doc, const char *text)
{
    xmlNodePtr head = epi_xhtml_head(doc), title = NULL;
    for (xmlNodePtr n = head ? head->children : NULL; n; n = n->next)
        if (epi_ts_is(n, "title"))
            title = n;
    if (!title)
        return false;
    xmlNodeSetContent(title, NULL);
    xmlNodePtr t = xmlNewDocText(doc, BAD_CAST text);
    return t && xmlAddChild(title, t);
}

/* Copies the attributes of `from` (lang, xml:lang, …) onto `to`, in another document. */
static bool copy_attributes(xmlNodePtr to, xmlNodePtr from)
{
    for (xmlAttrPtr a = from->properties; a; a = a->next) {
        const xmlChar *href = a->ns ? a->ns->href : NULL;
        xmlNsPtr ns = href ? xmlSearchNsByHref(to->doc, to, href) : NULL;
        if (href && !ns && !(ns = xmlNewNs(to, href, a->ns->prefix)))
            return false;
        xmlChar *v = xmlGetNsProp(from, a->name, href);
        bool ok = v && (ns ? xmlSetNsProp(to, ns, a->name, v) : xmlSetProp(to, a->name, v));
        xmlFree(v);
        if (!ok)
            return false;
    }
    return true;
}

/* Moves `n` (unlinked) to the end of `body` in another document. */
static bool move_node(xmlNodePtr n, xmlNodePtr body)
{
    xmlDocPtr from = n->doc;
    xmlUnlinkNode(n);
    if (xmlDOMWrapAdoptNode(NULL, from, n, body->doc, body, 0) != 0 || !xmlAddChild(body, n)) {
        xmlFreeNode(n);
        return false;
    }
    return true;
}

/* Moves the chapter's headings found under `body` (in document order) to `part`. */
static bool take_headings(epi_chapter *ch, xmlHashTablePtr index, xmlNodePtr body,
                          epi_chapter *part)
{
    size_t cap = 0;
    for (xmlNodePtr n = body; n; n = epi_ts_next(n, body, false)) {
        if (!epi_ts_heading_level(n))
            continue;
        xmlChar *id = xmlGetProp(n, BAD_CAST "id");
        size_t k = id ? (size_t)(uintptr_t)xmlHashLookup(index, id) : 0;
        xmlFree(id);
        if (!k || !ch->headings[k - 1].id)
            continue;
        epi_heading *v = epi_grow(part->headings, &cap, part->nheadings, sizeof *v, 8);
        if (!v)
            return false;
        part->headings = v;
        part->headings[part->nheadings++] = ch->headings[k - 1];
        ch->headings[k - 1] = (epi_heading){0};
    }
    return true;
}

/* Splits chapter `ch` into parts at s->starts: parts 2.. become `out[0..nstarts-1)`. */
static ep_status make_parts(epi_ctx *ctx, const epi_book *book, epi_chapter *ch, splitter *s,
                            epi_chapter *out)
{
    xmlNodePtr html = xmlDocGetRootElement(ch->doc), body = epi_xhtml_body(ch->doc);
    xmlHashTablePtr index = xmlHashCreate((int)ch->nheadings + 8);
    xmlNodePtr *bodies = calloc(s->nstarts, sizeof *bodies);
    ep_status rc = EP_OK;
    char name[1024];
    size_t stem = strlen(ch->out_name), keep = 0;

    if (stem > 6 && strcmp(ch->out_name + stem - 6, ".xhtml") == 0)
        stem -= 6;
    if (!index || !bodies)
        goto oom;
    for (size_t i = 0; i < ch->nheadings; i++)
        if (ch->headings[i].id)
            (void)xmlHashAddEntry(index, BAD_CAST ch->headings[i].id, (void *)(uintptr_t)(i + 1));
    bodies[0] = body;
    for (size_t i = 0; i < s->nfn; i++)
        xmlUnlinkNode(s->fn[i].aside);
    for (size_t p = 1; p < s->nstarts; p++) {
        epi_chapter *part = &out[p - 1];
        snprintf(name, sizeof name, "%.*s-%03zu.xhtml", (int)stem, ch->out_name, p + 1);
        if (!epi_chapter_init(part, ch->src_path, NULL, name))
            goto oom;
        part->part = (unsigned)p;
        part->has_images = ch->has_images;
        part->images_all_alt = ch->images_all_alt;
        xmlNodePtr phtml = xmlDocGetRootElement(part->doc);
        bodies[p] = epi_xhtml_body(part->doc);
        if (!phtml || !bodies[p] || !copy_attributes(phtml, html) ||
            !copy_attributes(bodies[p], body))
            goto oom;
        size_t end = p + 1 < s->nstarts ? s->starts[p + 1] : s->n;
        xmlNodePtr stop = end < s->n ? s->u[end].first : NULL;
        for (xmlNodePtr n = s->u[s->starts[p]].first, next; n && n != stop; n = next) {
            next = n->next;
            if (!move_node(n, bodies[p]))
                goto oom;
        }
    }
    /* Each footnote after the part's text, in the chapter's order. */
    for (size_t i = 0, p = 0; i < s->nfn; i++) {
        for (p = s->nstarts; p > 1 && s->starts[p - 1] > s->fn[i].unit; p--)
            ;
        xmlNodePtr aside = s->fn[i].aside;
        s->fn[i].aside = NULL;
        if (p == 1 ? !xmlAddChild(body, aside) : !move_node(aside, bodies[p - 1]))
            goto oom;
    }
    for (size_t p = 1; p < s->nstarts; p++) {
        epi_chapter *part = &out[p - 1];
        if (!take_headings(ch, index, bodies[p], part))
            goto oom;
        /* A part that opens with a heading is titled by it (pandoc does the same). */
        const char *t =
            s->u[s->starts[p]].level && part->nheadings ? part->headings[0].text : ch->title;
        part->title = epi_strdup(t ? t : "");
        if (!part->title || !set_title(part->doc, part->title))
            goto oom;
    }
    for (size_t i = 0; i < ch->nheadings; i++)
        if (ch->headings[i].id)
            ch->headings[keep++] = ch->headings[i];
    ch->nheadings = keep;
    goto out;
oom:
    rc = epi_fail(ctx->err, EP_ERR_NOMEM, ch->src_path, 0, 0, "out of memory splitting");
out:
    for (size_t i = 0; i < s->nfn; i++)
        if (s->fn[i].aside) /* not moved on failure: give it back to its chapter */
            xmlAddChild(body, s->fn[i].aside);
    xmlHashFree(index, NULL);
    free(bodies);
    return rc;
}

/* The parts' names for each id of a split chapter: (chapter file, id) → part file. */
static void index_ids(xmlHashTablePtr where, const char *chapter, epi_chapter *part)
{
    xmlNodePtr root = xmlDocGetRootElement(part->doc);
    for (xmlNodePtr n = root; n; n = epi_ts_next(n, root, false)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *id = xmlGetProp(n, BAD_CAST "id");
        int r = id ? xmlHashAddEntry2(where, BAD_CAST chapter, id, part->out_name) : 0;
        xmlFree(id);
        (void)r; /* a repeated id keeps its first part */
    }
}

/* Points every fragment link at the part that holds its id. `origin[i]` is the file name
 * chapter i had before the split. */
static bool relink(epi_book *book, char **origin, xmlHashTablePtr where)
{
    epi_buf b = {0};
    bool ok = true;
    for (size_t i = 0; ok && i < book->nchapters; i++) {
        epi_chapter *ch = &book->chapters[i];
        xmlNodePtr root = xmlDocGetRootElement(ch->doc);
        for (xmlNodePtr n = root; ok && n; n = epi_ts_next(n, root, false)) {
            if (!epi_ts_is(n, "a"))
                continue;
            xmlChar *href = xmlGetProp(n, BAD_CAST "href");
            const char *h = (const char *)href, *hash = h ? strchr(h, '#') : NULL;
            if (hash && hash[1] && !epi_url_is_external(h)) {
                b.len = 0;
                ok = epi_buf_append(&b, h, (size_t)(hash - h)) && epi_buf_puts(&b, "");
                const char *file = ok && b.len ? b.data : origin[i];
                const char *to =
                    ok ? xmlHashLookup2(where, BAD_CAST file, BAD_CAST(hash + 1)) : NULL;
                if (to) {
                    b.len = 0;
                    ok = (strcmp(to, ch->out_name) == 0 || epi_buf_puts(&b, to)) &&
                         epi_buf_puts(&b, hash) &&
                         (xmlStrEqual(href, BAD_CAST b.data) ||
                          xmlSetProp(n, BAD_CAST "href", BAD_CAST b.data));
                }
            }
            xmlFree(href);
        }
    }
    epi_buf_free(&b);
    return ok;
}

static int split_level(const epi_ctx *ctx, const epi_book *book)
{
    if (ctx->opt && ctx->opt->split_level)
        return ctx->opt->split_level;
    return book->meta.split_level ? book->meta.split_level : 1;
}

ep_status epi_ts_split(epi_ctx *ctx, epi_book *book)
{
    ep_status rc = EP_OK;
    int level = split_level(ctx, book);
    size_t n = book->nchapters, total = 0;
    splitter *s = calloc(n ? n : 1, sizeof *s);
    epi_chapter *v = NULL;
    char **origin = NULL;
    xmlHashTablePtr where = NULL;
    xmlBufferPtr buf = xmlBufferCreate();
    sizes_job sizes = {NULL};

    if (!s || !buf || !(sizes.size = calloc(n ? n : 1, sizeof *sizes.size)))
        goto oom;
    for (size_t i = 0; i < n; i++) {
        epi_chapter *ch = &book->chapters[i];
        xmlNodePtr body = ch->doc ? epi_xhtml_body(ch->doc) : NULL;
        size_t children = 0;
        if (!body || ch->generated)
            continue;
        for (xmlNodePtr k = body->children; k; k = k->next)
            children++;
        if (!(sizes.size[i] = calloc(children ? children : 1, sizeof **sizes.size)))
            goto oom;
    }
    if ((rc = epi_ts_for_each_slice(ctx, book, sizes_step, &sizes, NULL)) != EP_OK)
        goto out;
    for (size_t i = 0; i < n; i++) {
        epi_chapter *ch = &book->chapters[i];
        xmlNodePtr body = ch->doc ? epi_xhtml_body(ch->doc) : NULL;
        size_t head = 0;
        total++;
        if (!body || ch->generated)
            continue;
        if (!node_size(buf, epi_xhtml_head(ch->doc), &head) || !measure(&s[i], body, sizes.size[i]))
            goto oom;
        s[i].budget = SPLIT_LIMIT - SPLIT_MARGIN - (head < SPLIT_LIMIT / 2 ? head : 0);
        if (s[i].n > 0 && (!add_start(&s[i], 0) || !cut(&s[i], 0, s[i].n, level)))
            goto oom;
        total += s[i].nstarts ? s[i].nstarts - 1 : 0;
    }
    if (total == n)
        goto out; /* nothing to split */

    v = calloc(total, sizeof *v);
    origin = calloc(total, sizeof *origin);
    where = xmlHashCreate(1024);
    if (!v || !origin || !where)
        goto oom;
    for (size_t i = 0, k = 0; i < n; i++) {
        epi_chapter *ch = &book->chapters[i];
        size_t np = s[i].nstarts ? s[i].nstarts : 1;
        if (np > 1 && (rc = make_parts(ctx, book, ch, &s[i], &v[k + 1])) != EP_OK)
            goto out;
        v[k] = *ch;
        *ch = (epi_chapter){0};
        for (size_t p = 0; p < np; p++) {
            origin[k + p] = v[k].out_name;
            if (np > 1)
                index_ids(where, v[k].out_name, &v[k + p]);
        }
        k += np;
    }
    free(book->chapters);
    book->chapters = v;
    book->nchapters = total;
    v = NULL;
    if (!relink(book, origin, where))
        goto oom;
    goto out;
oom:
    rc = epi_fail(ctx->err, EP_ERR_NOMEM, book->main_path, 0, 0, "out of memory splitting");
out:
    if (v) {
        /* A failure before the new list took over: what moved into it is freed here, the
         * chapters not reached yet with the book. */
        for (size_t i = 0; i < total; i++)
            epi_chapter_free(&v[i]);
        free(v);
    }
    for (size_t i = 0; s && i < n; i++)
        splitter_free(&s[i]);
    free(s);
    for (size_t i = 0; sizes.size && i < n; i++)
        free(sizes.size[i]);
    free(sizes.size);
    free(origin);
    xmlHashFree(where, NULL);
    if (buf)
        xmlBufferFree(buf);
    return rc;
}
