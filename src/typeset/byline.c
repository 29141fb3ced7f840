/*
 * Articles show their front matter: each article of a folder book (its own front matter) and
 * the article of a single-file book (the book's metadata) starts with its title, subtitle and
 * byline (authors, date). Dates are written for people in the book's language ("12 марта
 * 2024 г.", "12 March 2024") for the byline and the title page.
 */
#include "typeset_private.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ru_genitive[12] = {"января",   "февраля", "марта",  "апреля",
                                            "мая",      "июня",    "июля",   "августа",
                                            "сентября", "октября", "ноября", "декабря"};
static const char *const ru_nominative[12] = {"январь",   "февраль", "март",   "апрель",
                                              "май",      "июнь",    "июль",   "август",
                                              "сентябрь", "октябрь", "ноябрь", "декабрь"};
static const char *const en_months[12] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

/* W3CDTF (YYYY, YYYY-MM, YYYY-MM-DD, optionally followed by a time) → text for people, in
 * Russian or English; anything else (or another language) is shown as written. */
char *epi_ts_human_date(const char *date, const char *lang)
{
    epi_date dt;
    char out[96];
    bool ru = epi_lang_is(lang, "ru"), en = epi_lang_is(lang, "en");

    if ((!ru && !en) || !epi_date_parse(date, EPI_DATE_W3CDTF, &dt, NULL, 0))
        return epi_strdup(date);
    int y = dt.year, m = dt.month, d = dt.day;
    if (ru) {
        /* Russian: «12 марта 2024 г.», «март 2024 г.» with no-break spaces (GOST R 7.0.11). */
        if (d)
            snprintf(out, sizeof out, "%d\u00a0%s %d\u00a0г.", d, ru_genitive[m - 1], y);
        else if (m)
            snprintf(out, sizeof out, "%s %d\u00a0г.", ru_nominative[m - 1], y);
        else
            snprintf(out, sizeof out, "%d\u00a0г.", y);
    } else if (d) {
        snprintf(out, sizeof out, "%d %s %d", d, en_months[m - 1], y);
    } else if (m) {
        snprintf(out, sizeof out, "%s %d", en_months[m - 1], y);
    } else {
        snprintf(out, sizeof out, "%d", y);
    }
    return epi_strdup(out);
}

static ep_status nomem(epi_ctx *ctx, const char *path)
{
    return epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory writing a byline");
}

/* The body's first element: an article "starts with" it. */
static xmlNodePtr first_element(xmlNodePtr body)
{
    for (xmlNodePtr n = body->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

static xmlNodePtr new_el(xmlNodePtr body, const char *name, const char *text)
{
    xmlNodePtr el = xmlNewDocNode(body->doc, body->ns, BAD_CAST name, NULL);
    xmlNodePtr t = el ? xmlNewDocText(body->doc, BAD_CAST text) : NULL;
    if (!t || !xmlAddChild(el, t)) {
        xmlFreeNode(t);
        xmlFreeNode(el);
        return NULL;
    }
    return el;
}

ep_status epi_ts_dates(epi_ctx *ctx, epi_book *book)
{
    for (size_t i = 0; i <= book->nchapters; i++) {
        epi_meta *m = i == book->nchapters ? &book->meta : book->chapters[i].meta;
        if (!m || !m->date || !*m->date)
            continue;
        free(m->date_text);
        /* A chapter's date in its own language (its front matter's lang). */
        m->date_text = epi_ts_human_date(
            m->date, i < book->nchapters && m->lang && *m->lang ? m->lang : book->meta.lang);
        if (!m->date_text)
            return nomem(ctx, book->main_path);
    }
    return EP_OK;
}

/* Puts `el` after `anchor`, or first in the body when there is no anchor. */
static bool place(xmlNodePtr body, xmlNodePtr anchor, xmlNodePtr el)
{
    if (anchor)
        return xmlAddNextSibling(anchor, el) != NULL;
    return body->children ? xmlAddPrevSibling(body->children, el) != NULL
                          : xmlAddChild(body, el) != NULL;
}

/* A new element after `*anchor` (first in the body without one), set in the book's typography;
 * *anchor becomes it. */
static ep_status add_line(epi_ctx *ctx, epi_book *book, epi_chapter *ch, xmlNodePtr body,
                          xmlNodePtr *anchor, const char *name, const char *cls, const char *text)
{
    xmlNodePtr el = new_el(body, name, text);
    if (!el || (cls && !xmlSetProp(el, BAD_CAST "class", BAD_CAST cls)) ||
        !place(body, *anchor, el)) {
        xmlFreeNode(el);
        return nomem(ctx, ch->src_path);
    }
    *anchor = el;
    return epi_typography(ctx, el, epi_ts_chapter_typography(ctx, book, ch));
}

/* Does the heading `h` read the same as the new title heading `t`? Both are set in the book's
 * typography, so "Статья" in the metadata matches a first "# Статья" of the text. */
static bool same_heading(xmlNodePtr h, xmlNodePtr t, bool *oom)
{
    char *a = epi_ts_heading_text(h), *b = epi_ts_heading_text(t);
    bool same = a && b && !strcmp(a, b);
    *oom = !a || !b;
    free(a);
    free(b);
    return same;
}

ep_status epi_ts_byline(epi_ctx *ctx, epi_book *book, epi_chapter *ch, xmlNodePtr body,
                        const epi_meta *m, const char *title)
{
    xmlNodePtr first = first_element(body), anchor = NULL;
    epi_buf text = {0};
    ep_status rc = EP_OK;
    bool oom = false;

    if (!m || ch->generated)
        return EP_OK;
    if (epi_ts_heading_level(first))
        anchor = first;
    /* The title is the top heading, unless the text starts with a heading that reads the same
     * (then that one is the title). An h1, so the toc nests the article's own headings under it. */
    if (title && *title) {
        xmlNodePtr top = NULL;
        if ((rc = add_line(ctx, book, ch, body, &top, "h1", NULL, title)))
            return rc;
        if (anchor && same_heading(anchor, top, &oom)) {
            xmlUnlinkNode(top);
            xmlFreeNode(top);
        } else {
            anchor = top;
        }
        if (oom)
            return nomem(ctx, ch->src_path);
    }
    if (m->subtitle && *m->subtitle &&
        (rc = add_line(ctx, book, ch, body, &anchor, "p", "subtitle", m->subtitle)))
        return rc;
    for (size_t i = 0; i < m->ncreators; i++) {
        if (!m->creators[i].name || !*m->creators[i].name)
            continue;
        if ((text.len && !epi_buf_puts(&text, ", ")) || !epi_buf_puts(&text, m->creators[i].name))
            goto oom;
    }
    if (m->date_text && *m->date_text &&
        ((text.len && !epi_buf_puts(&text, ", ")) || !epi_buf_puts(&text, m->date_text)))
        goto oom;
    if (text.len)
        rc = add_line(ctx, book, ch, body, &anchor, "p", "byline", text.data);
    goto out;
oom:
    rc = nomem(ctx, ch->src_path);
out:
    epi_buf_free(&text);
    return rc;
}
