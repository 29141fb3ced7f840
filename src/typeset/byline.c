/*
 * Books of several articles: each article's own front matter (title, author, date) is shown
 * under its heading, and dates are written for people in the book's language ("12 марта
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

static int heading_level(const xmlNode *n)
{
    if (!n || n->type != XML_ELEMENT_NODE ||
        (n->ns && !xmlStrEqual(n->ns->href, BAD_CAST EPI_NS_XHTML)))
        return 0;
    const xmlChar *s = n->name;
    return s[0] == 'h' && s[1] >= '1' && s[1] <= '6' && s[2] == '\0' ? s[1] - '0' : 0;
}

static xmlNodePtr first_heading(xmlNodePtr body)
{
    for (xmlNodePtr n = body; n; n = epi_ts_next(n, body, false))
        if (heading_level(n))
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
        m->date_text = epi_ts_human_date(m->date, book->meta.lang);
        if (!m->date_text)
            return nomem(ctx, book->main_path);
    }
    return EP_OK;
}

ep_status epi_ts_byline(epi_ctx *ctx, epi_book *book, epi_chapter *ch, xmlNodePtr body)
{
    const epi_meta *m = ch->meta;
    epi_buf text = {0};
    xmlNodePtr h, p = NULL;
    ep_status rc = EP_OK;

    if (!m || ch->generated)
        return EP_OK;
    h = first_heading(body);
    /* An article whose text starts below h1 gets its front matter title as the h1, so the
     * toc nests the article's own headings under its title. */
    if (m->title && *m->title && h && heading_level(h) > 1) {
        xmlNodePtr h1 = new_el(body, "h1", m->title);
        if (!h1 || !xmlAddPrevSibling(body->children, h1)) {
            xmlFreeNode(h1);
            return nomem(ctx, ch->src_path);
        }
        if ((rc = epi_typography(ctx, h1, book->typography)))
            return rc;
        h = h1;
    }
    if (!h)
        return EP_OK;
    for (size_t i = 0; i < m->ncreators; i++) {
        if (!m->creators[i].name || !*m->creators[i].name)
            continue;
        if ((text.len && !epi_buf_puts(&text, ", ")) || !epi_buf_puts(&text, m->creators[i].name))
            goto oom;
    }
    if (m->date_text && *m->date_text &&
        ((text.len && !epi_buf_puts(&text, ", ")) || !epi_buf_puts(&text, m->date_text)))
        goto oom;
    if (!text.len)
        goto out;
    p = new_el(body, "p", text.data);
    if (!p || !xmlSetProp(p, BAD_CAST "class", BAD_CAST "byline") || !xmlAddNextSibling(h, p)) {
        xmlFreeNode(p);
        goto oom;
    }
    rc = epi_typography(ctx, p, book->typography);
    goto out;
oom:
    rc = nomem(ctx, ch->src_path);
out:
    epi_buf_free(&text);
    return rc;
}
