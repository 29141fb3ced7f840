/*
 * OPDS 1.2 feeds (specs.opds.io/opds-1.2): Atom (RFC 4287) written with libxml2's writer, which
 * escapes every text and attribute. Validated against opds-community's schema/1.2/opds.rnc
 * with jing (tests/e2e/catalog_opds.sh).
 */
#include "catalog.h"
#include "util/str.h"
#include "util/url.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <string.h>

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_DC "http://purl.org/dc/terms/"
#define NS_OPDS "http://opds-spec.org/2010/catalog"
#define REL_ACQ "http://opds-spec.org/acquisition"

#define X(s) ((const xmlChar *)(s))

typedef struct w {
    epi_cat_xw x;
    const epi_cat *cat;
    epi_buf tmp;
} w_t;

static void start(w_t *w, const char *name)
{
    epi_cat_xw_start(&w->x, name);
}

static void end(w_t *w)
{
    epi_cat_xw_end(&w->x);
}

static void attr(w_t *w, const char *name, const char *value)
{
    epi_cat_xw_attr(&w->x, name, value);
}

static void elem(w_t *w, const char *name, const char *text)
{
    if (!text)
        return;
    start(w, name);
    epi_cat_xw_text(&w->x, text);
    end(w);
}

/* <link rel href type [title] [length]/> with w->tmp as href, filled by the caller (false: no
 * memory). */
static void link_tmp(w_t *w, bool filled, const char *rel, const char *type, const char *title,
                     const char *length)
{
    if (!filled)
        w->x.ok = false;
    start(w, "link");
    attr(w, "rel", rel);
    attr(w, "href", w->tmp.data);
    attr(w, "type", type);
    attr(w, "title", title);
    attr(w, "length", length);
    end(w);
}

/* A link to `path` (from the top, percent-encoded here). */
static void link_to(w_t *w, const char *rel, const char *path, const char *type, const char *title)
{
    w->tmp.len = 0;
    link_tmp(w, epi_cat_href(w->cat, false, path, &w->tmp), rel, type, title, NULL);
}

/* A link to feed `name` (NULL: the root) in format `ext`. */
static void link_feed(w_t *w, bool from_root, const char *rel, const char *name, bool navigation,
                      const char *ext, const char *type, const char *title)
{
    w->tmp.len = 0;
    link_tmp(w, epi_cat_feed_href(w->cat, from_root, name, navigation, ext, &w->tmp), rel, type,
             title, NULL);
}

static void time_elem(w_t *w, const char *name, time_t t)
{
    char s[21];
    epi_cat_time(t, s);
    elem(w, name, s);
}

/* A feed's or a navigation entry's id: its URL under --base-url, else a URN of the catalog's
 * title and the feed's name. */
static void feed_id(w_t *w, const char *name)
{
    epi_buf id = {0};
    bool ok = w->cat->base_url ? epi_cat_feed_href(w->cat, true, name, false, "atom", &id)
                               : epi_buf_puts(&id, "urn:epubpack:catalog:") &&
                                     epi_url_path_encode_append(&id, w->cat->title) &&
                                     epi_buf_printf(&id, ":%s", name ? name : "opds");
    if (!ok)
        w->x.ok = false;
    elem(w, "id", id.data);
    epi_buf_free(&id);
}

/* A book's id: its identifier when it is a URI (urn:uuid:…, urn:isbn:…, https:…), else a URN
 * made of it (or of its path, when it has none). */
static void book_id(w_t *w, const epi_cat_book *b)
{
    epi_buf id = {0};
    const char *v = b->id_taken ? NULL : b->identifier;
    bool ok = v && epi_url_scheme_len(v, strlen(v)) > 0 && !strchr(v, ' ')
                  ? epi_buf_puts(&id, v)
                  : epi_buf_puts(&id, v ? "urn:epubpack:id:" : "urn:epubpack:file:") &&
                        epi_url_path_encode_append(&id, v ? v : b->path);
    if (!ok)
        w->x.ok = false;
    elem(w, "id", id.data);
    epi_buf_free(&id);
}

static void book_entry(w_t *w, const epi_cat_book *b)
{
    char path[64];
    start(w, "entry");
    elem(w, "title", b->title);
    book_id(w, b);
    time_elem(w, "updated", w->cat->sde ? w->cat->epoch : b->updated);
    for (size_t i = 0; i < b->nauthors; i++) {
        start(w, "author");
        elem(w, "name", b->authors[i]);
        end(w);
    }
    elem(w, "dc:language", b->language);
    elem(w, "dc:issued", b->date);
    elem(w, "dc:publisher", b->publisher);
    for (size_t i = 0; i < b->nsubjects; i++) {
        start(w, "category");
        attr(w, "term", b->subjects[i]);
        attr(w, "label", b->subjects[i]);
        end(w);
    }
    if (b->description) {
        start(w, "summary");
        attr(w, "type", "text");
        epi_cat_xw_text(&w->x, b->description);
        end(w);
    }
    if (b->series) {
        /* OPDS 1.2 has no series element: the series is named in the content and linked
         * (as Calibre's server names it in the content) */
        epi_buf s = {0};
        if (!(b->position ? epi_buf_printf(&s, "Series: %s, %s", b->series, b->position)
                          : epi_buf_printf(&s, "Series: %s", b->series)))
            w->x.ok = false;
        start(w, "content");
        attr(w, "type", "text");
        epi_cat_xw_text(&w->x, s.data);
        end(w);
        epi_buf_free(&s);
    }
    /* the acquisition link, with the file's size (RFC 4287 §4.2.7.6) */
    char length[24];
    snprintf(length, sizeof length, "%lld", (long long)b->size);
    w->tmp.len = 0;
    link_tmp(w, epi_cat_href(w->cat, false, b->path, &w->tmp), REL_ACQ, epi_cat_book_type(b), NULL,
             length);
    if (b->cover_type) {
        epi_cat_cover_path(b, path);
        link_to(w, "http://opds-spec.org/image", path, b->cover_type, NULL);
    }
    if (b->thumb_w) {
        snprintf(path, sizeof path, "catalog/thumbs/%s.jpg", b->key);
        link_to(w, "http://opds-spec.org/image/thumbnail", path, "image/jpeg", NULL);
    }
    end(w);
}

static void nav_entry(w_t *w, const epi_cat_feed *f, const epi_cat_link *l)
{
    char text[64];
    start(w, "entry");
    elem(w, "title", l->title);
    feed_id(w, l->name);
    time_elem(w, "updated", f->updated);
    snprintf(text, sizeof text,
             l->navigation   ? "%zu"
             : l->count == 1 ? "%zu book"
                             : "%zu books",
             l->count);
    start(w, "content");
    attr(w, "type", "text");
    epi_cat_xw_text(&w->x, text);
    end(w);
    link_feed(w, f->root, "subsection", l->name, l->navigation, "atom",
              l->navigation ? EPI_CAT_NAV_TYPE : EPI_CAT_ACQ_TYPE, NULL);
    end(w);
}

bool epi_cat_atom(const epi_cat *cat, const epi_cat_feed *f, epi_buf *out)
{
    xmlBufferPtr buf = xmlBufferCreate();
    w_t w = {{buf ? xmlNewTextWriterMemory(buf, 0) : NULL, true}, cat, {0}};
    const char *self = f->root ? NULL : f->name;
    const char *kind = f->navigation ? EPI_CAT_NAV_TYPE : EPI_CAT_ACQ_TYPE;
    if (!w.x.w) {
        xmlBufferFree(buf);
        return false;
    }
    xmlTextWriterSetIndent(w.x.w, 1);
    xmlTextWriterSetIndentString(w.x.w, X("  "));
    if (xmlTextWriterStartDocument(w.x.w, "1.0", "UTF-8", NULL) < 0)
        w.x.ok = false;
    start(&w, "feed");
    attr(&w, "xmlns", NS_ATOM);
    attr(&w, "xmlns:dc", NS_DC);
    attr(&w, "xmlns:opds", NS_OPDS);
    feed_id(&w, self);
    elem(&w, "title", f->root ? cat->title : f->title);
    time_elem(&w, "updated", f->updated);
    start(&w, "author");
    elem(&w, "name", cat->title);
    end(&w);
    link_feed(&w, f->root, "self", self, f->navigation, "atom", kind, NULL);
    link_feed(&w, f->root, "start", NULL, true, "atom", EPI_CAT_NAV_TYPE, cat->title);
    if (!f->root)
        link_feed(&w, false, "up", f->up, true, "atom", EPI_CAT_NAV_TYPE, NULL);
    link_feed(&w, f->root, "alternate", self, f->navigation, "json", EPI_CAT_JSON_TYPE, NULL);
    link_feed(&w, f->root, "alternate", self, f->navigation, "html", "text/html", NULL);
    if (f->root)
        link_feed(&w, true, "http://opds-spec.org/sort/new", "new", false, "atom", EPI_CAT_ACQ_TYPE,
                  "Newest first");
    if (f->pages > 1) {
        char *first = epi_cat_page_name(f->base, 1), *last = epi_cat_page_name(f->base, f->pages);
        char *prev = f->page > 1 ? epi_cat_page_name(f->base, f->page - 1) : NULL;
        char *next = f->page < f->pages ? epi_cat_page_name(f->base, f->page + 1) : NULL;
        if (!first || !last || (f->page > 1 && !prev) || (f->page < f->pages && !next))
            w.x.ok = false;
        link_feed(&w, false, "first", first, false, "atom", kind, NULL);
        if (prev)
            link_feed(&w, false, "previous", prev, false, "atom", kind, NULL);
        if (next)
            link_feed(&w, false, "next", next, false, "atom", kind, NULL);
        link_feed(&w, false, "last", last, false, "atom", kind, NULL);
        free(first);
        free(last);
        free(prev);
        free(next);
    }
    for (size_t i = 0; i < f->nbooks; i++)
        book_entry(&w, f->books[i]);
    for (size_t i = 0; i < f->nlinks; i++)
        nav_entry(&w, f, &f->links[i]);
    end(&w);
    if (w.x.ok && xmlTextWriterEndDocument(w.x.w) < 0)
        w.x.ok = false;
    xmlFreeTextWriter(w.x.w);
    bool ok = w.x.ok && epi_buf_append(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
    xmlBufferFree(buf);
    epi_buf_free(&w.tmp);
    return ok;
}
