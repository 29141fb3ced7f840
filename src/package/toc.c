/*
 * The table of contents as a tree, built once from the chapters' headings and written twice
 * (nav.xhtml and toc.ncx), so both navigation files always agree.
 *
 * Nesting follows heading levels across all chapters. A level jump (h1 → h3) nests one level,
 * not two: the nav content model (EPUB 3.3 §7.3.4) would otherwise need an unlinked <span>
 * entry, which is invalid without a nested list. A chapter without headings is one entry
 * with its title.
 */
#include "pkg_private.h"

#include <stdlib.h>
#include <string.h>

static void node_free(epi_toc_node *n)
{
    for (size_t i = 0; i < n->nkids; i++)
        node_free(&n->kids[i]);
    free(n->kids);
    free(n->label);
    free(n->href);
}

void epi_toc_free(epi_toc *toc)
{
    if (!toc)
        return;
    node_free(&toc->root);
    memset(toc, 0, sizeof *toc);
}

static epi_toc_node *node_add(epi_toc_node *parent, const char *label, const char *href)
{
    epi_toc_node *n;

    epi_toc_node *v = epi_grow(parent->kids, &parent->cap, parent->nkids, sizeof *v, 8);
    if (!v)
        return NULL;
    parent->kids = v;
    n = &parent->kids[parent->nkids];
    memset(n, 0, sizeof *n);
    n->label = epi_strdup(label);
    n->href = epi_strdup(href);
    if (!n->label || !n->href) {
        free(n->label);
        free(n->href);
        return NULL;
    }
    parent->nkids++;
    return n;
}

/* Label text with runs of white space collapsed; NULL if nothing is left (an empty label is
 * invalid in the nav, docs/ARCHITECTURE.md "Navigation") or, with *nomem set, if an allocation
 * failed (not to be mistaken for an empty label: tests/fuzz/failmalloc_driver.c). */
static char *clean_label(const char *s, bool *nomem)
{
    epi_buf b = {0};
    bool space = false;

    for (; s && *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            space = b.len > 0;
            continue;
        }
        if ((space && !epi_buf_puts(&b, " ")) || !epi_buf_append(&b, s, 1)) {
            epi_buf_free(&b);
            *nomem = true;
            return NULL;
        }
        space = false;
    }
    if (b.len == 0) {
        epi_buf_free(&b);
        return NULL;
    }
    char *r = epi_buf_detach(&b);
    if (!r)
        *nomem = true;
    return r;
}

#define TOC_MAX_DEPTH 6

ep_status epi_toc_build(const epi_book *book, epi_toc *toc, ep_error *err)
{
    /* stack[d] is the list entries at depth d are appended to; levels[d] its heading level */
    epi_toc_node *stack[TOC_MAX_DEPTH + 1];
    int levels[TOC_MAX_DEPTH + 1];
    int top = 0;
    epi_buf href = {0};
    char *label = NULL;
    ep_status st = EP_OK;

    memset(toc, 0, sizeof *toc);
    stack[0] = &toc->root;
    levels[0] = 0; /* set by the first entry */

    for (size_t c = 0; c < book->nchapters; c++) {
        const epi_chapter *ch = &book->chapters[c];
        /* A later part of a split chapter without headings has no entry of its own. */
        size_t n = ch->nheadings ? ch->nheadings : ch->part ? 0 : 1;

        for (size_t h = 0; h < n; h++) {
            const epi_heading *hd = ch->nheadings ? &ch->headings[h] : NULL;
            int level = hd ? hd->level : 1;
            epi_toc_node *node;

            if (level < 1)
                level = 1;
            if (level > 6)
                level = 6;
            href.len = 0;
            if (!epi_buf_puts(&href, EPI_TEXT_DIR) || !epi_buf_puts(&href, ch->out_name))
                goto nomem;
            if (hd && hd->id && *hd->id &&
                (!epi_buf_puts(&href, "#") || !epi_buf_puts(&href, hd->id)))
                goto nomem;
            bool nomem = false;
            free(label);
            label = clean_label(hd ? hd->text : ch->title, &nomem);
            if (!label && !nomem)
                label = clean_label(ch->title, &nomem);
            if (!label && !nomem)
                label = epi_strdup(ch->out_name);
            if (!label)
                goto nomem;

            if (toc->count == 0)
                levels[0] = level;
            /* Close deeper lists; a heading shallower than the first one joins the top list. */
            while (top > 0 && levels[top] > level)
                top--;
            if (top == 0 && level < levels[0])
                levels[0] = level;
            if (level > levels[top] && top < TOC_MAX_DEPTH && stack[top]->nkids > 0) {
                stack[top + 1] = &stack[top]->kids[stack[top]->nkids - 1];
                levels[top + 1] = level;
                top++;
            }
            node = node_add(stack[top], label, href.data);
            if (!node)
                goto nomem;
            toc->count++;
            if (top + 1 > toc->depth)
                toc->depth = top + 1;
        }
    }
    if (toc->count == 0)
        st = epi_fail(err, EP_ERR_INPUT, NULL, 0, 0, "the book has no chapters");
    goto out;
nomem:
    st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
out:
    free(label);
    epi_buf_free(&href);
    if (st != EP_OK)
        epi_toc_free(toc);
    return st;
}
