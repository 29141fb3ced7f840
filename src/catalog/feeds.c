/*
 * Which feeds the catalog has, which books each lists and in which order, and how they link
 * (docs/ARCHITECTURE.md "Catalog"):
 *
 *   the root (navigation)  → newest first · by author · by series · by language · by subject
 *   each "by" list (navigation) → one acquisition feed per author, series, language, subject
 *   acquisition feeds      cut into pages of EPI_CAT_PAGE books (rel="next")
 *
 * Names are ASCII (util/slug.c's spelling of the author or subject, "_2" after a second one
 * spelled alike), a page after the first is "NAME.N": slugs have no '.', so no two clash.
 * Everything is sorted on the books' facts and paths, never on the order of a folder listing.
 */
#include "catalog.h"
#include "util/slug.h"
#include "util/sniff.h"
#include "util/str.h"
#include "util/url.h"

#include <libxml/hash.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void epi_cat_time(time_t t, char out[21])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *epi_cat_book_type(const epi_cat_book *b)
{
    return b->kepub ? "application/kepub+zip" : "application/epub+zip";
}

void epi_cat_cover_path(const epi_cat_book *b, char out[64])
{
    const char *ext = epi_image_ext(b->cover_type);
    snprintf(out, 64, "catalog/covers/%s.%s", b->key, ext ? ext : "img");
}

bool epi_cat_href(const epi_cat *cat, bool from_root, const char *target, epi_buf *out)
{
    if (cat->base_url)
        return epi_buf_puts(out, cat->base_url) && epi_url_path_encode_append(out, target);
    /* from catalog/: its own files by name, the rest from the folder above */
    if (!from_root && !strncmp(target, "catalog/", 8))
        target += 8;
    else if (!from_root && !epi_buf_puts(out, "../"))
        return false;
    return epi_url_path_encode_append(out, target);
}

bool epi_cat_feed_file(const char *name, bool navigation, const char *ext, epi_buf *out)
{
    /* navigation feeds are .xml, acquisition feeds .atom: a static server tells their kinds
     * apart by the extension alone (README "Catalog") */
    if (!strcmp(ext, "atom") && navigation)
        ext = "xml";
    if (!name) /* the root */
        return epi_buf_puts(out, !strcmp(ext, "html")  ? "index.html"
                                 : !strcmp(ext, "xml") ? "opds.xml"
                                                       : "opds.json");
    return epi_buf_printf(out, "catalog/%s.%s", name, ext);
}

bool epi_cat_feed_href(const epi_cat *cat, bool from_root, const char *name, bool navigation,
                       const char *ext, epi_buf *out)
{
    epi_buf path = {0};
    bool ok = epi_cat_feed_file(name, navigation, ext, &path) &&
              epi_cat_href(cat, from_root, path.data, out);
    epi_buf_free(&path);
    return ok;
}

typedef struct fnv {
    uint64_t h;
} fnv;

static void mix(fnv *d, const char *s)
{
    /* each string ends with a byte no UTF-8 text has, so ("ab","c") differs from ("a","bc");
     * NULL differs from "" */
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        d->h = (d->h ^ *p) * 0x100000001b3ULL;
    d->h = (d->h ^ (s ? 0xff : 0xfe)) * 0x100000001b3ULL;
}

static void mix_num(fnv *d, long long v)
{
    unsigned long long u = (unsigned long long)v;
    for (int i = 0; i < 8; i++, u >>= 8)
        d->h = (d->h ^ (u & 0xff)) * 0x100000001b3ULL;
}

void epi_cat_feed_digest(const epi_cat *cat, const epi_cat_feed *f, char out[17])
{
    fnv d = {0xcbf29ce484222325ULL};
    mix(&d, EPI_CAT_FORMAT);
    mix(&d, cat->title);
    mix(&d, cat->base_url);
    mix_num(&d, cat->sde ? (long long)cat->epoch : -1);
    mix(&d, f->name);
    mix(&d, f->title);
    mix(&d, f->up);
    mix(&d, f->base);
    mix_num(&d, f->root * 2 + f->navigation);
    mix_num(&d, (long long)f->page);
    mix_num(&d, (long long)f->pages);
    mix_num(&d, (long long)f->total);
    mix_num(&d, (long long)f->updated);
    for (size_t i = 0; i < f->nlinks; i++) {
        const epi_cat_link *l = &f->links[i];
        mix(&d, l->title);
        mix(&d, l->name);
        mix_num(&d, (long long)l->count * 2 + l->navigation);
    }
    for (size_t i = 0; i < f->nbooks; i++) {
        const epi_cat_book *b = f->books[i];
        const char *strs[] = {b->path,   b->title,    b->identifier,  b->language,
                              b->date,   b->modified, b->description, b->publisher,
                              b->series, b->position, b->cover_type,  b->key};
        for (size_t k = 0; k < sizeof strs / sizeof strs[0]; k++)
            mix(&d, strs[k]);
        for (size_t k = 0; k < b->nauthors; k++) {
            mix(&d, b->authors[k]);
            mix(&d, b->file_as[k]);
        }
        mix_num(&d, (long long)b->nauthors);
        for (size_t k = 0; k < b->nsubjects; k++)
            mix(&d, b->subjects[k]);
        mix_num(&d, (long long)b->nsubjects);
        mix_num(&d, b->thumb_w * 100000LL + b->thumb_h);
        mix_num(&d, b->kepub * 2 + b->id_taken);
        mix_num(&d, b->size);
        mix_num(&d, (long long)b->updated);
    }
    snprintf(out, 17, "%016llx", (unsigned long long)d.h);
}

char *epi_cat_page_name(const char *base, size_t page)
{
    epi_buf b = {0};
    if (page <= 1 ? !epi_buf_puts(&b, base) : !epi_buf_printf(&b, "%s.%zu", base, page)) {
        epi_buf_free(&b);
        return NULL;
    }
    return epi_buf_detach(&b);
}

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* Newest first: dc:date, else dcterms:modified, descending; then title and path. */
static int cmp_newest(const void *pa, const void *pb)
{
    const epi_cat_book *a = *(epi_cat_book *const *)pa, *b = *(epi_cat_book *const *)pb;
    int c = cmp_str(b->date ? b->date : b->modified, a->date ? a->date : a->modified);
    if (!c)
        c = cmp_str(a->title, b->title);
    return c ? c : strcmp(a->path, b->path);
}

/* Within an author, series, language or subject: by series and position, then title, path. */
static int cmp_group(const void *pa, const void *pb)
{
    const epi_cat_book *a = *(epi_cat_book *const *)pa, *b = *(epi_cat_book *const *)pb;
    int c = (a->series == NULL) - (b->series == NULL); /* books of a series first */
    if (!c)
        c = cmp_str(a->series, b->series);
    if (!c) {
        double x = a->position ? strtod(a->position, NULL) : 0,
               y = b->position ? strtod(b->position, NULL) : 0;
        c = (x > y) - (x < y);
    }
    if (!c)
        c = cmp_str(a->title, b->title);
    return c ? c : strcmp(a->path, b->path);
}

/* One book under one key of a "by" list. */
typedef struct member {
    const char *key;  /* as shown */
    const char *sort; /* the sort key (file-as for authors) */
    epi_cat_book *book;
} member;

static int cmp_member(const void *pa, const void *pb)
{
    const member *a = pa, *b = pb;
    int c = strcmp(a->sort, b->sort);
    if (!c)
        c = strcmp(a->key, b->key);
    return c ? c : strcmp(a->book->path, b->book->path);
}

static epi_cat_feed *feed_add(epi_cat_feeds *f)
{
    epi_cat_feed *v = epi_grow(f->v, &f->cap, f->n, sizeof *v, 16);
    if (!v)
        return NULL;
    f->v = v;
    memset(&v[f->n], 0, sizeof v[f->n]);
    return &v[f->n++];
}

static time_t newest_of(const epi_cat *cat, epi_cat_book *const *books, size_t n)
{
    time_t t = 0;
    if (cat->sde)
        return cat->epoch;
    for (size_t i = 0; i < n; i++)
        if (books[i]->updated > t)
            t = books[i]->updated;
    return t;
}

/* The pages of an acquisition feed over books[0..n) (sorted here with cmp), each page
 * borrowing its slice of one array that the first page owns. */
static bool add_acquisition(const epi_cat *cat, epi_cat_feeds *out, const char *base,
                            const char *title, const char *up, epi_cat_book **books, size_t n,
                            int (*cmp)(const void *, const void *))
{
    size_t pages = n ? (n + EPI_CAT_PAGE - 1) / EPI_CAT_PAGE : 1;
    qsort(books, n, sizeof *books, cmp);
    for (size_t p = 1; p <= pages; p++) {
        epi_cat_feed *f = feed_add(out);
        if (!f) {
            if (p == 1)
                free(books);
            return false;
        }
        f->name = epi_cat_page_name(base, p);
        f->base = epi_strdup(base);
        f->title = epi_strdup(title);
        f->up = epi_strdup(up);
        f->books = books + (p - 1) * EPI_CAT_PAGE;
        f->nbooks = p < pages ? EPI_CAT_PAGE : n - (p - 1) * EPI_CAT_PAGE;
        f->page = p;
        f->pages = pages;
        f->total = n;
        /* the page's own newest book: a change to one book rewrites only its page */
        f->updated = newest_of(cat, f->books, f->nbooks);
        if (!f->name || !f->base || !f->title || (up && !f->up))
            return false;
    }
    return true;
}

typedef struct by_kind {
    const char *list;   /* the navigation feed's name */
    const char *title;  /* its title */
    const char *prefix; /* each acquisition feed's */
} by_kind;

/* A name for `key` under `prefix` that no earlier one of the same list has. */
static char *unique_name(xmlHashTablePtr used, const char *prefix, const char *key)
{
    char *spell = epi_ascii_spell(key);
    epi_buf b = {0};
    char *name = NULL;
    if (!spell)
        return NULL;
    for (int i = 1; !name; i++) {
        b.len = 0;
        bool ok = i == 1 ? epi_buf_printf(&b, "%s-%s", prefix, *spell ? spell : "x")
                         : epi_buf_printf(&b, "%s-%s_%d", prefix, *spell ? spell : "x", i);
        if (!ok)
            break;
        if (!xmlHashLookup(used, (const xmlChar *)b.data)) {
            if (xmlHashAddEntry(used, (const xmlChar *)b.data, (void *)1) != 0)
                break;
            name = epi_buf_detach(&b);
        }
    }
    epi_buf_free(&b);
    free(spell);
    return name;
}

/* A "by" list: members sorted, one acquisition feed per key, and the navigation feed listing
 * them (added before them). */
static bool add_by(const epi_cat *cat, epi_cat_feeds *out, const by_kind *k, member *m, size_t n,
                   epi_cat_link *root_link)
{
    size_t nav = out->n;
    epi_cat_feed *f = feed_add(out);
    xmlHashTablePtr used = xmlHashCreate(64);
    bool ok = f && used;
    if (!ok)
        goto out;
    f->name = epi_strdup(k->list);
    f->title = epi_strdup(k->title);
    f->navigation = true;
    f->page = f->pages = 1;
    ok = f->name && f->title;
    qsort(m, n, sizeof *m, cmp_member);
    size_t all = 0;
    for (size_t i = 0; i < n && ok;) {
        size_t j = i;
        while (j < n && !strcmp(m[j].key, m[i].key))
            j++;
        /* a book named twice under one key (the same subject twice) is listed once */
        epi_cat_book **books = calloc(j - i, sizeof *books);
        size_t nb = 0;
        for (size_t x = i; x < j && books; x++)
            if (!nb || books[nb - 1] != m[x].book)
                books[nb++] = m[x].book;
        char *name = books ? unique_name(used, k->prefix, m[i].key) : NULL;
        ok = name && add_acquisition(cat, out, name, m[i].key, k->list, books, nb, cmp_group);
        if (!name)
            free(books);
        f = &out->v[nav]; /* feed_add may have moved the array */
        epi_cat_link *l = ok ? epi_grow(f->links, &all, f->nlinks, sizeof *l, 16) : NULL;
        if (l) {
            f->links = l;
            l[f->nlinks++] = (epi_cat_link){epi_strdup(m[i].key), name, nb, false};
            ok = l[f->nlinks - 1].title != NULL;
        } else {
            free(name);
            ok = false;
        }
        i = j;
    }
    if (ok) {
        f = &out->v[nav];
        f->updated = newest_of(cat, NULL, 0);
        for (size_t i = 0; i < n && !cat->sde; i++)
            if (m[i].book->updated > f->updated)
                f->updated = m[i].book->updated;
        *root_link = (epi_cat_link){epi_strdup(k->title), epi_strdup(k->list), f->nlinks, true};
        ok = root_link->title && root_link->name;
    }
out:
    xmlHashFree(used, NULL);
    return ok;
}

bool epi_cat_feeds_make(const epi_cat *cat, epi_cat_feeds *out)
{
    static const by_kind kinds[] = {
        {"authors", "By author", "author"},
        {"series", "By series", "series"},
        {"languages", "By language", "lang"},
        {"subjects", "By subject", "subject"},
    };
    epi_cat_link links[1 + sizeof kinds / sizeof kinds[0]] = {{0}};
    size_t nlinks = 0;
    member *m = NULL;
    size_t cap = 0;
    bool ok = false;

    memset(out, 0, sizeof *out);
    epi_cat_feed *root = feed_add(out);
    if (!root || !(root->name = epi_strdup("opds")) || !(root->title = epi_strdup(cat->title)))
        goto out;
    root->root = root->navigation = true;
    root->page = root->pages = 1;

    epi_cat_book **all = calloc(cat->nbooks ? cat->nbooks : 1, sizeof *all);
    for (size_t i = 0; all && i < cat->nbooks; i++)
        all[i] = &cat->books[i];
    if (!all ||
        !add_acquisition(cat, out, "new", "Newest first", NULL, all, cat->nbooks, cmp_newest))
        goto out;
    links[nlinks++] =
        (epi_cat_link){epi_strdup("Newest first"), epi_strdup("new"), cat->nbooks, false};
    if (!links[0].title || !links[0].name)
        goto out;

    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        size_t n = 0;
        for (size_t i = 0; i < cat->nbooks; i++) {
            epi_cat_book *b = &cat->books[i];
            size_t many = k == 0 ? b->nauthors : k == 3 ? b->nsubjects : 1;
            for (size_t j = 0; j < many; j++) {
                const char *key = k == 0   ? b->authors[j]
                                  : k == 1 ? b->series
                                  : k == 2 ? b->language
                                           : b->subjects[j];
                if (!key || !*key)
                    continue;
                const char *sort = k == 0 && b->file_as[j] ? b->file_as[j] : key;
                member *v = epi_grow(m, &cap, n, sizeof *m, 64);
                if (!v)
                    goto out;
                m = v;
                m[n++] = (member){key, sort, b};
            }
        }
        if (n && !add_by(cat, out, &kinds[k], m, n, &links[nlinks++]))
            goto out;
    }
    root = &out->v[0];
    root->links = calloc(nlinks, sizeof *root->links);
    if (!root->links)
        goto out;
    memcpy(root->links, links, nlinks * sizeof *links);
    root->nlinks = nlinks;
    nlinks = 0;
    root->updated = newest_of(cat, NULL, 0);
    for (size_t i = 0; i < cat->nbooks && !cat->sde; i++)
        if (cat->books[i].updated > root->updated)
            root->updated = cat->books[i].updated;
    ok = true;
out:
    for (size_t i = 0; i < nlinks; i++) {
        free(links[i].title);
        free(links[i].name);
    }
    free(m);
    return ok;
}

void epi_cat_feeds_free(epi_cat_feeds *f)
{
    for (size_t i = 0; i < f->n; i++) {
        epi_cat_feed *x = &f->v[i];
        if (x->page == 1 && !x->navigation)
            free(x->books); /* the first page owns the array */
        for (size_t j = 0; j < x->nlinks; j++) {
            free(x->links[j].title);
            free(x->links[j].name);
        }
        free(x->links);
        free(x->name);
        free(x->title);
        free(x->up);
        free(x->base);
    }
    free(f->v);
    memset(f, 0, sizeof *f);
}
