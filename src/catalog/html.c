/*
 * An HTML page per feed, for a phone's or an e-reader's own browser (PocketBook's and Kobo's
 * have no OPDS client): the same links as the feed, covers as thumbnails with their size set
 * (no reflow while they load), black on white for e-ink, no script. Written with libxml2's
 * writer as HTML5's XML-compatible syntax: an element that may have content always gets its
 * end tag (xmlTextWriterFullEndElement), void elements only are self-closed.
 */
#include "catalog.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define X(s) ((const xmlChar *)(s))

static const char style[] =
    "body{font-family:sans-serif;margin:0 auto;max-width:50em;padding:0 .8em;color:#000;"
    "background:#fff;line-height:1.35}"
    "a{color:#000}h1{font-size:1.5em;margin:.5em 0}.crumbs{margin:.8em 0 0}"
    "ul.nav{list-style:none;padding:0}ul.nav li{border-bottom:1px solid #888}"
    "ul.nav a{display:block;padding:.7em 0;font-size:1.2em}"
    "ol.books{list-style:none;padding:0}"
    "ol.books li{display:flex;gap:.8em;padding:.7em 0;border-bottom:1px solid #888}"
    "ol.books img{flex:none;border:1px solid #888;height:auto;max-width:30vw}"
    "ol.books h2{font-size:1.15em;margin:0 0 .2em}ol.books p{margin:.15em 0}"
    ".get{display:inline-block;margin-top:.3em;padding:.35em .8em;border:2px solid #000;"
    "text-decoration:none;font-weight:bold}"
    ".pages{display:flex;justify-content:space-between;margin:1em 0;font-size:1.1em}"
    "footer{margin:2em 0 1em;font-size:.9em}";

typedef struct h {
    epi_cat_xw x;
    const epi_cat *cat;
    bool root; /* the page is index.html at the top */
    epi_buf tmp;
} h_t;

static void start(h_t *h, const char *name)
{
    epi_cat_xw_start(&h->x, name);
}

static void end_void(h_t *h)
{
    epi_cat_xw_end(&h->x);
}

static void end(h_t *h)
{
    epi_cat_xw_end_full(&h->x);
}

static void attr(h_t *h, const char *name, const char *value)
{
    epi_cat_xw_attr(&h->x, name, value);
}

static void text(h_t *h, const char *s)
{
    epi_cat_xw_text(&h->x, s);
}

static void elem(h_t *h, const char *name, const char *cls, const char *s)
{
    start(h, name);
    attr(h, "class", cls);
    text(h, s);
    end(h);
}

/* href="…" of a path from the top, or of a feed in format `ext`. */
static void href_path(h_t *h, const char *path)
{
    h->tmp.len = 0;
    if (!epi_cat_href(h->cat, h->root, path, &h->tmp))
        h->x.ok = false;
    attr(h, "href", h->tmp.data);
}

static void href_feed(h_t *h, const char *name, bool navigation, const char *ext)
{
    h->tmp.len = 0;
    if (!epi_cat_feed_href(h->cat, h->root, name, navigation, ext, &h->tmp))
        h->x.ok = false;
    attr(h, "href", h->tmp.data);
}

static void a_feed(h_t *h, const char *rel, const char *name, bool navigation, const char *label)
{
    start(h, "a");
    attr(h, "rel", rel);
    href_feed(h, name, navigation, "html");
    text(h, label);
    end(h);
}

static void book(h_t *h, const epi_cat_book *b)
{
    char path[64];
    epi_buf line = {0};
    start(h, "li");
    if (b->thumb_w) {
        char w[16], ht[16];
        snprintf(path, sizeof path, "catalog/thumbs/%s.jpg", b->key);
        snprintf(w, sizeof w, "%d", b->thumb_w);
        snprintf(ht, sizeof ht, "%d", b->thumb_h);
        start(h, "img");
        h->tmp.len = 0;
        if (!epi_cat_href(h->cat, h->root, path, &h->tmp))
            h->x.ok = false;
        attr(h, "src", h->tmp.data);
        attr(h, "alt", "");
        attr(h, "width", w);
        attr(h, "height", ht);
        end_void(h);
    }
    start(h, "div");
    start(h, "h2");
    attr(h, "lang", b->language);
    text(h, b->title);
    end(h);
    for (size_t i = 0; i < b->nauthors && h->x.ok; i++)
        if (!epi_buf_printf(&line, "%s%s", i ? ", " : "", b->authors[i]))
            h->x.ok = false;
    if (line.len)
        elem(h, "p", "by", line.data);
    if (b->series) {
        line.len = 0;
        if (!(b->position ? epi_buf_printf(&line, "Series: %s, %s", b->series, b->position)
                          : epi_buf_printf(&line, "Series: %s", b->series)))
            h->x.ok = false;
        elem(h, "p", "series", line.data);
    }
    line.len = 0;
    if (!epi_buf_printf(&line, "%s%s%s", b->language ? b->language : "",
                        b->language && b->date ? " · " : "", b->date ? b->date : ""))
        h->x.ok = false;
    if (line.len)
        elem(h, "p", "facts", line.data);
    if (b->description)
        elem(h, "p", "about", b->description);
    start(h, "a");
    attr(h, "class", "get");
    href_path(h, b->path);
    attr(h, "type", epi_cat_book_type(b));
    text(h, b->kepub ? "Download (Kobo)" : "Download EPUB");
    end(h);
    end(h); /* div */
    end(h); /* li */
    epi_buf_free(&line);
}

bool epi_cat_html(const epi_cat *cat, const epi_cat_feed *f, epi_buf *out)
{
    xmlBufferPtr buf = xmlBufferCreate();
    h_t h = {{buf ? xmlNewTextWriterMemory(buf, 0) : NULL, true}, cat, f->root, {0}};
    const char *self = f->root ? NULL : f->name;
    char count[96];
    if (!h.x.w) {
        xmlBufferFree(buf);
        return false;
    }
    xmlTextWriterSetIndent(h.x.w, 0);
    if (xmlTextWriterStartDTD(h.x.w, X("html"), NULL, NULL) < 0 || xmlTextWriterEndDTD(h.x.w) < 0)
        h.x.ok = false;
    text(&h, "\n");
    start(&h, "html");
    attr(&h, "lang", "en");
    start(&h, "head");
    start(&h, "meta");
    attr(&h, "charset", "utf-8");
    end_void(&h);
    start(&h, "meta");
    attr(&h, "name", "viewport");
    attr(&h, "content", "width=device-width, initial-scale=1");
    end_void(&h);
    elem(&h, "title", NULL, f->root ? cat->title : f->title);
    start(&h, "link");
    attr(&h, "rel", "alternate");
    attr(&h, "type", f->navigation ? EPI_CAT_NAV_TYPE : EPI_CAT_ACQ_TYPE);
    href_feed(&h, self, f->navigation, "atom");
    end_void(&h);
    start(&h, "link");
    attr(&h, "rel", "alternate");
    attr(&h, "type", EPI_CAT_JSON_TYPE);
    href_feed(&h, self, f->navigation, "json");
    end_void(&h);
    elem(&h, "style", NULL, style);
    end(&h); /* head */
    text(&h, "\n");
    start(&h, "body");
    if (!f->root) {
        start(&h, "p");
        attr(&h, "class", "crumbs");
        a_feed(&h, "start", NULL, true, cat->title);
        if (f->up) {
            text(&h, " › ");
            a_feed(&h, "up", f->up, true,
                   !strcmp(f->up, "authors")     ? "By author"
                   : !strcmp(f->up, "series")    ? "By series"
                   : !strcmp(f->up, "languages") ? "By language"
                                                 : "By subject");
        }
        end(&h);
    }
    elem(&h, "h1", NULL, f->root ? cat->title : f->title);
    if (f->nlinks) {
        start(&h, "ul");
        attr(&h, "class", "nav");
        for (size_t i = 0; i < f->nlinks; i++) {
            const epi_cat_link *l = &f->links[i];
            start(&h, "li");
            start(&h, "a");
            href_feed(&h, l->name, l->navigation, "html");
            text(&h, l->title);
            snprintf(count, sizeof count, " (%zu)", l->count);
            text(&h, count);
            end(&h);
            end(&h);
        }
        end(&h);
    }
    if (f->nbooks) {
        start(&h, "ol");
        attr(&h, "class", "books");
        for (size_t i = 0; i < f->nbooks; i++)
            book(&h, f->books[i]);
        end(&h);
    }
    if (f->pages > 1) {
        char *prev = f->page > 1 ? epi_cat_page_name(f->base, f->page - 1) : NULL;
        char *next = f->page < f->pages ? epi_cat_page_name(f->base, f->page + 1) : NULL;
        start(&h, "nav");
        attr(&h, "class", "pages");
        if (prev)
            a_feed(&h, "prev", prev, false, "← Previous");
        snprintf(count, sizeof count, "Page %zu of %zu", f->page, f->pages);
        elem(&h, "span", NULL, count);
        if (next)
            a_feed(&h, "next", next, false, "Next →");
        end(&h);
        free(prev);
        free(next);
    }
    start(&h, "footer");
    text(&h, "OPDS catalog for reading apps: ");
    start(&h, "a");
    href_feed(&h, self, f->navigation, "atom");
    text(&h, "OPDS 1.2");
    end(&h);
    text(&h, " · ");
    start(&h, "a");
    href_feed(&h, self, f->navigation, "json");
    text(&h, "OPDS 2.0");
    end(&h);
    end(&h); /* footer */
    end(&h); /* body */
    end(&h); /* html */
    if (h.x.ok && xmlTextWriterFlush(h.x.w) < 0)
        h.x.ok = false;
    xmlFreeTextWriter(h.x.w);
    bool ok = h.x.ok && epi_buf_append(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf)) &&
              epi_buf_puts(out, "\n");
    xmlBufferFree(buf);
    epi_buf_free(&h.tmp);
    return ok;
}
