/*
 * OPDS 2.0 feeds (drafts.opds.io/opds-2.0, the Readium Web Publication Manifest's metadata),
 * built with json-c, which keeps the keys in the order they are added: the same feed gives the
 * same bytes. Validated against opds-community's JSON Schemas (tests/e2e/catalog_opds.sh).
 */
#include "catalog.h"
#include "util/url.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct j {
    const epi_cat *cat;
    bool ok;
} j_t;

static json_object *str(j_t *j, const char *s)
{
    json_object *o = json_object_new_string(s);
    if (!o)
        j->ok = false;
    return o;
}

static void put(j_t *j, json_object *obj, const char *key, json_object *v)
{
    if (!v || !obj || json_object_object_add(obj, key, v) != 0) {
        json_object_put(v);
        j->ok = false;
    }
}

static void put_str(j_t *j, json_object *obj, const char *key, const char *s)
{
    if (s)
        put(j, obj, key, str(j, s));
}

static void push(j_t *j, json_object *arr, json_object *v)
{
    if (!v || !arr || json_object_array_add(arr, v) != 0) {
        json_object_put(v);
        j->ok = false;
    }
}

/* {"rel", "href", "type"[, "title"]}; `path` from the top, or a feed when `feed` is set. */
static json_object *link_obj(j_t *j, bool from_root, const char *rel, const char *path,
                             const char *type, const char *title)
{
    json_object *l = json_object_new_object();
    epi_buf href = {0};
    if (!epi_cat_href(j->cat, from_root, path, &href))
        j->ok = false;
    if (rel)
        put_str(j, l, "rel", rel);
    put_str(j, l, "href", href.data ? href.data : "");
    put_str(j, l, "type", type);
    put_str(j, l, "title", title);
    epi_buf_free(&href);
    return l;
}

static json_object *feed_link(j_t *j, bool from_root, const char *rel, const char *name,
                              bool navigation, const char *ext, const char *type, const char *title)
{
    epi_buf path = {0};
    if (!epi_cat_feed_file(name, navigation, ext, &path))
        j->ok = false;
    json_object *l = link_obj(j, from_root, rel, path.data ? path.data : "", type, title);
    epi_buf_free(&path);
    return l;
}

/* [{"name": names[i], "sortAs": sort_as[i]}, …] as m's `key` when n > 0; sort_as may be NULL. */
static void named(j_t *j, json_object *m, const char *key, char *const *names, char *const *sort_as,
                  size_t n)
{
    if (!n)
        return;
    json_object *a = json_object_new_array();
    for (size_t i = 0; i < n; i++) {
        json_object *c = json_object_new_object();
        put_str(j, c, "name", names[i]);
        if (sort_as)
            put_str(j, c, "sortAs", sort_as[i]);
        push(j, a, c);
    }
    put(j, m, key, a);
}

static json_object *publication(j_t *j, const epi_cat_book *b)
{
    json_object *p = json_object_new_object(), *m = json_object_new_object();
    json_object *links = json_object_new_array();
    char t[21], path[64];

    put_str(j, m, "@type", "http://schema.org/Book");
    put_str(j, m, "title", b->title);
    put_str(j, m, "identifier", b->identifier);
    epi_cat_time(j->cat->sde ? j->cat->epoch : b->updated, t);
    put_str(j, m, "modified", t);
    put_str(j, m, "published", b->date);
    put_str(j, m, "language", b->language);
    named(j, m, "author", b->authors, b->file_as, b->nauthors);
    put_str(j, m, "publisher", b->publisher);
    named(j, m, "subject", b->subjects, NULL, b->nsubjects);
    put_str(j, m, "description", b->description);
    if (b->series) {
        json_object *to = json_object_new_object(), *a = json_object_new_array();
        json_object *s = json_object_new_object();
        put_str(j, s, "name", b->series);
        if (b->position)
            put(j, s, "position", json_object_new_double(strtod(b->position, NULL)));
        push(j, a, s);
        put(j, to, "series", a);
        put(j, m, "belongsTo", to);
    }
    put(j, p, "metadata", m);
    json_object *acq =
        link_obj(j, false, "http://opds-spec.org/acquisition", b->path, epi_cat_book_type(b), NULL);
    if (b->size > 0)
        put(j, acq, "size", json_object_new_int64(b->size));
    push(j, links, acq);
    put(j, p, "links", links);
    if (b->cover_type || b->thumb_w) {
        json_object *img = json_object_new_array();
        if (b->thumb_w) {
            snprintf(path, sizeof path, "catalog/thumbs/%s.jpg", b->key);
            json_object *l = link_obj(j, false, NULL, path, "image/jpeg", NULL);
            put(j, l, "width", json_object_new_int(b->thumb_w));
            put(j, l, "height", json_object_new_int(b->thumb_h));
            push(j, img, l);
        }
        if (b->cover_type) {
            epi_cat_cover_path(b, path);
            push(j, img, link_obj(j, false, NULL, path, b->cover_type, NULL));
        }
        put(j, p, "images", img);
    }
    return p;
}

bool epi_cat_json(const epi_cat *cat, const epi_cat_feed *f, epi_buf *out)
{
    j_t j = {cat, true};
    json_object *root = json_object_new_object(), *meta = json_object_new_object();
    json_object *links = json_object_new_array();
    const char *self = f->root ? NULL : f->name;
    char t[21];

    put_str(&j, meta, "title", f->root ? cat->title : f->title);
    epi_cat_time(f->updated, t);
    put_str(&j, meta, "modified", t);
    if (!f->navigation) {
        put(&j, meta, "numberOfItems", json_object_new_int64((int64_t)f->total));
        put(&j, meta, "itemsPerPage", json_object_new_int(EPI_CAT_PAGE));
        put(&j, meta, "currentPage", json_object_new_int64((int64_t)f->page));
    }
    put(&j, root, "metadata", meta);
    push(&j, links,
         feed_link(&j, f->root, "self", self, f->navigation, "json", EPI_CAT_JSON_TYPE, NULL));
    if (!f->root) {
        push(&j, links,
             feed_link(&j, false, "start", NULL, true, "json", EPI_CAT_JSON_TYPE, cat->title));
        push(&j, links, feed_link(&j, false, "up", f->up, true, "json", EPI_CAT_JSON_TYPE, NULL));
    }
    push(&j, links,
         feed_link(&j, f->root, "alternate", self, f->navigation, "atom",
                   f->navigation ? EPI_CAT_NAV_TYPE : EPI_CAT_ACQ_TYPE, NULL));
    push(&j, links,
         feed_link(&j, f->root, "alternate", self, f->navigation, "html", "text/html", NULL));
    if (f->pages > 1) {
        static const char *const rels[] = {"first", "previous", "next", "last"};
        size_t pages[] = {1, f->page - 1, f->page + 1, f->pages};
        for (size_t i = 0; i < 4; i++) {
            if (pages[i] < 1 || pages[i] > f->pages || (i == 1 && f->page == 1))
                continue;
            char *name = epi_cat_page_name(f->base, pages[i]);
            if (!name)
                j.ok = false;
            else
                push(&j, links,
                     feed_link(&j, false, rels[i], name, false, "json", EPI_CAT_JSON_TYPE, NULL));
            free(name);
        }
    }
    put(&j, root, "links", links);
    if (!f->nlinks && !f->nbooks) {
        /* no books yet: OPDS 2.0 wants publications or navigation, so the way back */
        json_object *nav = json_object_new_array();
        push(&j, nav,
             feed_link(&j, false, "start", NULL, true, "json", EPI_CAT_JSON_TYPE, cat->title));
        put(&j, root, "navigation", nav);
    }
    if (f->nlinks) {
        json_object *nav = json_object_new_array();
        for (size_t i = 0; i < f->nlinks; i++) {
            const epi_cat_link *l = &f->links[i];
            json_object *o = feed_link(&j, f->root, "subsection", l->name, l->navigation, "json",
                                       EPI_CAT_JSON_TYPE, l->title);
            json_object *props = json_object_new_object();
            put(&j, props, "numberOfItems", json_object_new_int64((int64_t)l->count));
            put(&j, o, "properties", props);
            push(&j, nav, o);
        }
        put(&j, root, "navigation", nav);
    }
    if (f->nbooks) {
        json_object *pubs = json_object_new_array();
        for (size_t i = 0; i < f->nbooks; i++)
            push(&j, pubs, publication(&j, f->books[i]));
        put(&j, root, "publications", pubs);
    }
    const char *text = j.ok ? json_object_to_json_string_ext(
                                  root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                            JSON_C_TO_STRING_NOSLASHESCAPE)
                            : NULL;
    bool ok = text && epi_buf_puts(out, text) && epi_buf_puts(out, "\n");
    json_object_put(root);
    return ok;
}
