/*
 * Footnotes across the book. The reader numbers each chapter's notes from 1 (cmark-gfm sees
 * one file at a time); here they are renumbered so that the numbering runs through the whole
 * book (chapter 2's first note continues after chapter 1's last), which is what a reader of a
 * book expects and what keeps "note 1" unambiguous in the notes file.
 *
 * Markup kept (docs/ARCHITECTURE.md "Notes"): the reference is
 *   <a epub:type="noteref" role="doc-noteref" href="#fn-N" id="fnref-N">N</a>
 * with no element inside the link (Apple Books opens the pop-up only for a bare link), the
 * note is <aside epub:type="footnote" role="doc-footnote" id="fn-N"> with the back-link first
 * (Kindle shows only the note in its pop-up when it starts with the link back).
 *
 * With `notes: endnotes` the notes leave their chapters for one generated file, notes.xhtml:
 *   <section epub:type="endnotes" role="doc-endnotes"><h1/><ol><li id="fn-N">…</li></ol>
 * (DPUB-ARIA 1.1 deprecates doc-endnote on the items, so the <li> carry no role), linked both
 * ways, in the spine and the toc as one more chapter.
 */
#include "typeset_private.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ep_status nomem(epi_ctx *ctx, const char *path)
{
    return epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory numbering the notes");
}

static bool has_role(xmlNodePtr n, const char *role)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST "role");
    bool yes = v && xmlStrEqual(v, BAD_CAST role);
    xmlFree(v);
    return yes;
}

/* One note of a chapter: its aside and the number it gets in the book. */
typedef struct note {
    xmlNodePtr aside;
    size_t number; /* 0 until numbered */
    unsigned refs; /* references renumbered so far */
} note;

typedef struct chapter_notes {
    note *v;
    size_t n, cap;
    xmlHashTablePtr by_id; /* old aside id → note index + 1 */
} chapter_notes;

static void notes_free(chapter_notes *cn)
{
    free(cn->v);
    xmlHashFree(cn->by_id, NULL);
    memset(cn, 0, sizeof *cn);
}

static bool notes_add(chapter_notes *cn, xmlNodePtr aside)
{
    xmlChar *id = xmlGetProp(aside, BAD_CAST "id");
    if (!id)
        return true; /* a note nothing can link to: left as it is */
    note *v = epi_grow(cn->v, &cn->cap, cn->n, sizeof *v, 16);
    if (!v) {
        xmlFree(id);
        return false;
    }
    cn->v = v;
    cn->v[cn->n] = (note){.aside = aside};
    /* A repeated id keeps its first note (the HTML rule for getElementById). */
    if (xmlHashAddEntry(cn->by_id, id, (void *)(uintptr_t)(cn->n + 1)) == 0)
        cn->n++;
    xmlFree(id);
    return true;
}

/* The note a same-document reference "#id" points at, or NULL. */
static note *target(chapter_notes *cn, xmlNodePtr a)
{
    xmlChar *href = xmlGetProp(a, BAD_CAST "href");
    note *t = NULL;
    if (href && href[0] == '#') {
        uintptr_t k = (uintptr_t)xmlHashLookup(cn->by_id, href + 1);
        if (k)
            t = &cn->v[k - 1];
    }
    xmlFree(href);
    return t;
}

static bool set_text(xmlNodePtr el, const char *text)
{
    xmlNodeSetContent(el, NULL);
    xmlNodePtr t = xmlNewDocText(el->doc, BAD_CAST text);
    return t && xmlAddChild(el, t);
}

/* The first element with `role` under root (the note's back-link), or NULL. */
static xmlNodePtr find_role(xmlNodePtr root, const char *role)
{
    for (xmlNodePtr n = root->children; n; n = epi_ts_next(n, root, false))
        if (n->type == XML_ELEMENT_NODE && has_role(n, role))
            return n;
    return NULL;
}

/* Hrefs between a chapter and the notes: "#fn-3" when the note stays in the chapter,
 * "notes.xhtml#fn-3" (both files live in EPUB/text/) when it moves to the notes file. */
static bool renumber_chapter(epi_chapter *ch, xmlNodePtr body, size_t *next, bool endnotes,
                             bool *oom)
{
    chapter_notes cn = {0};
    char buf[96], text[32];
    bool any = false;

    *oom = false;
    cn.by_id = xmlHashCreate(16);
    if (!cn.by_id)
        goto oom;
    for (xmlNodePtr n = body; n; n = epi_ts_next(n, body, false))
        if (epi_ts_is(n, "aside") && has_role(n, "doc-footnote") && !notes_add(&cn, n))
            goto oom;
    if (cn.n == 0)
        goto out;
    any = true;
    /* Numbers in the order of first reference (what cmark-gfm does inside one file). */
    for (xmlNodePtr n = body; n; n = epi_ts_next(n, body, false)) {
        if (!epi_ts_is(n, "a") || !has_role(n, "doc-noteref"))
            continue;
        note *t = target(&cn, n);
        if (!t)
            continue;
        if (!t->number)
            t->number = ++*next;
        unsigned k = ++t->refs;
        /* ids stay unique when a note is referenced more than once */
        if (k == 1)
            snprintf(buf, sizeof buf, "fnref-%zu", t->number);
        else
            snprintf(buf, sizeof buf, "fnref-%zu-%u", t->number, k);
        if (!xmlSetProp(n, BAD_CAST "id", BAD_CAST buf))
            goto oom;
        snprintf(buf, sizeof buf, "%s#fn-%zu", endnotes ? EPI_NOTES_NAME : "", t->number);
        snprintf(text, sizeof text, "%zu", t->number);
        /* Only the number in the link, no <sup> or other element (Apple Books pop-ups). */
        if (!xmlSetProp(n, BAD_CAST "href", BAD_CAST buf) || !set_text(n, text))
            goto oom;
    }
    for (size_t i = 0; i < cn.n; i++) {
        note *t = &cn.v[i];
        if (!t->number)
            t->number = ++*next; /* never referenced: still numbered, in place */
        snprintf(buf, sizeof buf, "fn-%zu", t->number);
        if (!xmlSetProp(t->aside, BAD_CAST "id", BAD_CAST buf))
            goto oom;
        xmlNodePtr back = find_role(t->aside, "doc-backlink");
        if (back) {
            snprintf(buf, sizeof buf, "%s#fnref-%zu", endnotes ? ch->out_name : "", t->number);
            snprintf(text, sizeof text, "%zu.", t->number);
            if (!xmlSetProp(back, BAD_CAST "href", BAD_CAST buf) || !set_text(back, text))
                goto oom;
        }
    }
    goto out;
oom:
    *oom = true;
out:
    notes_free(&cn);
    return any;
}

/* Moves every footnote aside of `body` into `ol` as an <li>, in document order. */
static bool move_notes(xmlNodePtr body, xmlNodePtr ol, bool *images, bool *all_alt)
{
    xmlNodePtr n = body;
    while (n) {
        if (!(epi_ts_is(n, "aside") && has_role(n, "doc-footnote"))) {
            n = epi_ts_next(n, body, false);
            continue;
        }
        xmlNodePtr after = epi_ts_next(n, body, true);
        xmlChar *id = xmlGetProp(n, BAD_CAST "id");
        xmlNodePtr li = xmlNewDocNode(ol->doc, ol->ns, BAD_CAST "li", NULL);
        if (!li || !xmlAddChild(ol, li)) {
            xmlFreeNode(li);
            xmlFree(id);
            return false;
        }
        if (id && !xmlSetProp(li, BAD_CAST "id", id)) {
            xmlFree(id);
            return false;
        }
        xmlFree(id);
        xmlUnlinkNode(n);
        /* The children move to the other document: xmlDOMWrapAdoptNode fixes their
         * namespace references and dictionary strings (a plain re-link would leave them
         * pointing into the chapter's document). */
        if (xmlDOMWrapAdoptNode(NULL, body->doc, n, ol->doc, li, 0) != 0) {
            xmlFreeNode(n);
            return false;
        }
        while (n->children) {
            xmlNodePtr c = n->children;
            xmlUnlinkNode(c);
            if (!xmlAddChild(li, c)) {
                xmlFreeNode(c);
                xmlFreeNode(n);
                return false;
            }
        }
        xmlFreeNode(n);
        for (xmlNodePtr k = li; k; k = epi_ts_next(k, li, false)) {
            if (epi_ts_is(k, "img")) {
                xmlChar *alt = xmlGetProp(k, BAD_CAST "alt");
                *images = true;
                if (!alt || !*alt)
                    *all_alt = false;
                xmlFree(alt);
            }
        }
        n = after;
    }
    return true;
}

static bool set_lang(xmlNodePtr html, const char *lang)
{
    xmlNsPtr xml = xmlSearchNsByHref(html->doc, html, BAD_CAST EPI_NS_XML);
    return lang && *lang && xml && xmlSetProp(html, BAD_CAST "lang", BAD_CAST lang) &&
           xmlSetNsProp(html, xml, BAD_CAST "lang", BAD_CAST lang);
}

/* Builds the notes file from every chapter's notes and appends it as the last chapter. */
static ep_status endnotes(epi_ctx *ctx, epi_book *book, size_t nsource)
{
    const epi_labels *labels = epi_labels_for(book->meta.lang);
    epi_chapter ch;
    ep_status rc = EP_OK;
    xmlNodePtr html, head, title, body, section, h1, ol;
    xmlNsPtr epub;
    bool images = false, all_alt = true;

    if (!epi_chapter_init(&ch, book->main_path ? book->main_path : "", NULL, EPI_NOTES_NAME))
        return nomem(ctx, book->main_path);
    ch.generated = true;
    ch.title = epi_strdup(labels->notes);
    ch.headings = calloc(1, sizeof *ch.headings);
    if (!ch.title || !ch.headings)
        goto oom;
    ch.nheadings = 1;
    ch.headings[0] = (epi_heading){
        .level = 1, .id = epi_strdup(EPI_NOTES_ID), .text = epi_strdup(labels->notes)};
    if (!ch.headings[0].id || !ch.headings[0].text)
        goto oom;
    html = xmlDocGetRootElement(ch.doc);
    head = epi_xhtml_head(ch.doc);
    body = epi_xhtml_body(ch.doc);
    epub = xmlSearchNsByHref(ch.doc, html, BAD_CAST EPI_NS_EPUB);
    if (!head || !body || !epub || !set_lang(html, book->meta.lang))
        goto oom;
    title = NULL;
    for (xmlNodePtr n = head->children; n; n = n->next)
        if (epi_ts_is(n, "title"))
            title = n;
    if (!title)
        title = xmlNewChild(head, html->ns, BAD_CAST "title", NULL);
    if (!title || !set_text(title, labels->notes))
        goto oom;
    section = xmlNewChild(body, html->ns, BAD_CAST "section", NULL);
    if (!section || !xmlSetNsProp(section, epub, BAD_CAST "type", BAD_CAST "endnotes") ||
        !xmlSetProp(section, BAD_CAST "role", BAD_CAST "doc-endnotes"))
        goto oom;
    h1 = xmlNewChild(section, html->ns, BAD_CAST "h1", NULL);
    ol = xmlNewChild(section, html->ns, BAD_CAST "ol", NULL);
    /* The back-link already shows the number: no second one from the list marker. */
    if (!h1 || !set_text(h1, labels->notes) ||
        !xmlSetProp(h1, BAD_CAST "id", BAD_CAST EPI_NOTES_ID) || !ol ||
        !xmlSetProp(ol, BAD_CAST "style", BAD_CAST "list-style-type: none; padding: 0"))
        goto oom;
    for (size_t i = 0; i < nsource; i++) {
        epi_chapter *c = &book->chapters[i];
        xmlNodePtr b = epi_xhtml_body(c->doc);
        if (b && !move_notes(b, ol, &images, &all_alt))
            goto oom;
    }
    ch.has_images = images;
    ch.images_all_alt = all_alt;

    epi_chapter *v = realloc(book->chapters, (book->nchapters + 1) * sizeof *v);
    if (!v)
        goto oom;
    book->chapters = v;
    book->chapters[book->nchapters++] = ch;
    return EP_OK;
oom:
    rc = nomem(ctx, book->main_path);
    epi_chapter_free(&ch);
    return rc;
}

ep_status epi_ts_notes(epi_ctx *ctx, epi_book *book)
{
    size_t next = 0, nsource = book->nchapters;
    bool any = false, to_end = book->meta.notes == 1;

    for (size_t i = 0; i < nsource; i++) {
        epi_chapter *ch = &book->chapters[i];
        xmlNodePtr body = ch->doc ? epi_xhtml_body(ch->doc) : NULL;
        bool oom = false;
        if (!body || ch->generated)
            continue;
        any = renumber_chapter(ch, body, &next, to_end, &oom) || any;
        if (oom)
            return nomem(ctx, ch->src_path);
    }
    if (!any || !to_end)
        return EP_OK;
    return endnotes(ctx, book, nsource);
}
