/*
 * What a checked publication declares, for ep_check_file_report's callback (epubcheck's JSON
 * report lists it as `publication` and `items`): the package's Dublin Core metadata and
 * rendition properties, and every file of the container, manifest items first. Read from what
 * the checks already parsed; nothing here reports a finding.
 */
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

typedef struct strs {
    char **v;
    size_t n, cap;
} strs;

static bool strs_add(strs *s, char *str)
{
    char **v = epi_grow(s->v, &s->cap, s->n, sizeof *v, 4);
    if (!v)
        return false;
    s->v = v;
    s->v[s->n++] = str;
    return true;
}

static void strs_free(strs *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

static xmlNodePtr child(xmlNodePtr parent, const char *ns, const char *name)
{
    for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
        if (epi_chk_is(n, ns, name))
            return n;
    return NULL;
}

/* The trimmed text of `n`; NULL when out of memory (and then c->nomem). */
static char *text_of(epi_chk *c, xmlNodePtr n)
{
    xmlChar *t = xmlNodeGetContent(n);
    char *r = t ? epi_chk_trim((const char *)t) : NULL;
    xmlFree(t);
    if (!r)
        epi_chk_oom(c);
    return r;
}

/* The trimmed value of attribute `name` (in namespace `ns`, NULL for none) of `n`; NULL when
 * absent or empty, or out of memory (and then c->nomem). */
static char *attr_of(epi_chk *c, xmlNodePtr n, const char *ns, const char *name)
{
    xmlChar *v = ns ? xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)ns)
                    : xmlGetNoNsProp(n, (const xmlChar *)name);
    char *r = v ? epi_chk_trim((const char *)v) : NULL;
    if (v && !r)
        epi_chk_oom(c);
    xmlFree(v);
    if (r && !*r) {
        free(r);
        r = NULL;
    }
    return r;
}

/* EPUB 3 refinement: the text of the first <meta refines="#id" property="prop"> of `meta`;
 * NULL when there is none (or `id` is NULL). */
static char *refinement(epi_chk *c, xmlNodePtr meta, const char *id, const char *prop)
{
    for (xmlNodePtr n = meta && id ? meta->children : NULL; n && !c->nomem; n = n->next) {
        if (!epi_chk_is(n, EPI_NS_OPF, "meta"))
            continue;
        char *ref = attr_of(c, n, NULL, "refines"), *p = attr_of(c, n, NULL, "property");
        bool hit = ref && p && ref[0] == '#' && strcmp(ref + 1, id) == 0 && strcmp(p, prop) == 0;
        free(ref);
        free(p);
        if (hit)
            return text_of(c, n);
    }
    return NULL;
}

/* A creator's file-as: EPUB 2's opf:file-as attribute, else EPUB 3's refinement. */
static char *file_as_of(epi_chk *c, xmlNodePtr meta, xmlNodePtr creator)
{
    char *v = attr_of(c, creator, EPI_NS_OPF, "file-as");
    if (!v) {
        char *id = attr_of(c, creator, NULL, "id");
        v = refinement(c, meta, id, "file-as");
        free(id);
    }
    return v;
}

/* What a catalog shows besides the Dublin Core: the series and its position, the last
 * modification, the cover's item id (EPUB 2's <meta name="cover">). */
typedef struct extra_facts {
    char *series, *position, *calibre_series, *calibre_index, *modified, *cover_id;
    bool series_typed; /* `series` has collection-type "series" */
} extra_facts;

static void take(char **slot, char *v)
{
    if (*slot)
        free(v);
    else
        *slot = v;
}

static void extra_meta(epi_chk *c, xmlNodePtr meta, xmlNodePtr n, extra_facts *x)
{
    char *refines = attr_of(c, n, NULL, "refines");
    char *prop = refines ? NULL : attr_of(c, n, NULL, "property");
    char *name = attr_of(c, n, NULL, "name");
    if (prop && strcmp(prop, "dcterms:modified") == 0) {
        take(&x->modified, text_of(c, n));
    } else if (prop && strcmp(prop, "belongs-to-collection") == 0 && !x->series_typed) {
        /* a collection of type "series" wins over an untyped one; a "set" is no series */
        char *id = attr_of(c, n, NULL, "id");
        char *type = refinement(c, meta, id, "collection-type");
        if (!type || strcmp(type, "series") == 0) {
            free(x->series);
            free(x->position);
            x->series = text_of(c, n);
            x->position = refinement(c, meta, id, "group-position");
            x->series_typed = type != NULL;
        }
        free(type);
        free(id);
    } else if (name && strcmp(name, "calibre:series") == 0) {
        take(&x->calibre_series, attr_of(c, n, NULL, "content"));
    } else if (name && strcmp(name, "calibre:series_index") == 0) {
        take(&x->calibre_index, attr_of(c, n, NULL, "content"));
    } else if (name && strcmp(name, "cover") == 0) {
        take(&x->cover_id, attr_of(c, n, NULL, "content"));
    }
    free(refines);
    free(prop);
    free(name);
}

/* The cover image: the item with the cover-image property, else the one EPUB 2's <meta
 * name="cover"> names, when it is an image; NULL when there is none. */
static const epi_chk_item *cover_item(const epi_chk *c, const char *cover_id)
{
    const epi_chk_item *it = NULL;
    for (size_t i = 0; i < c->nitems && !it; i++)
        if (epi_chk_has_token(c->items[i].properties, "cover-image"))
            it = &c->items[i];
    for (size_t i = 0; i < c->nitems && !it && cover_id; i++)
        if (c->items[i].id && strcmp(c->items[i].id, cover_id) == 0)
            it = &c->items[i];
    if (it && (!it->media_type || strncmp(it->media_type, "image/", 6) != 0))
        it = NULL;
    return it;
}

/* The bytes of the item (the cover), read quietly within the checker's limits (a finding about
 * them was the checks' to report); NULL when it cannot be read. */
static char *read_quietly(epi_chk *c, const epi_chk_item *it, size_t *size)
{
    char *data = NULL;
    *size = 0;
    if (!it || !it->entry || it->encrypted || c->nomem)
        return NULL;
    ep_check_result quiet = {0};
    epi_chk q = *c;
    q.diag = NULL;
    q.res = &quiet;
    if (!epi_chk_read(&q, it->entry, &data, size)) {
        free(data);
        data = NULL;
        *size = 0;
    }
    if (q.nomem)
        c->nomem = true;
    return data;
}

void epi_chk_publication(epi_chk *c, ep_check_publication_fn fn, void *userdata)
{
    /* dc: elements, in ep_check_publication's order; lists for creator, contributor, subject */
    static const char *const single[] = {"title",       "publisher", "date",
                                         "description", "rights",    "language"};
    static const char *const lists[] = {"creator", "contributor", "subject"};
    static const char *const rendition[] = {"rendition:layout", "rendition:orientation",
                                            "rendition:spread"};
    char *one[COUNT(single)] = {0}, *rend[COUNT(rendition)] = {0};
    strs many[COUNT(lists)] = {{0}}, file_as = {0};
    extra_facts x = {0};
    char *cover_data = NULL;
    size_t cover_size = 0;
    xmlChar *version = NULL;
    ep_check_item *items = calloc(c->nitems + c->nentries + 1, sizeof *items);
    size_t nitems = 0, spine = 0;
    xmlNodePtr root = xmlDocGetRootElement(c->opf);
    xmlNodePtr meta = child(root, EPI_NS_OPF, "metadata");

    if (!items) {
        epi_chk_oom(c);
        return;
    }
    version = root ? xmlGetProp(root, (const xmlChar *)"version") : NULL;
    for (xmlNodePtr n = meta ? meta->children : NULL; n && !c->nomem; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (size_t i = 0; i < COUNT(single); i++)
            if (!one[i] && epi_chk_is(n, EPI_NS_DC, single[i]))
                one[i] = text_of(c, n);
        for (size_t i = 0; i < COUNT(lists); i++) {
            if (!epi_chk_is(n, EPI_NS_DC, lists[i]))
                continue;
            char *t = text_of(c, n);
            if (t && !strs_add(&many[i], t)) {
                free(t);
                epi_chk_oom(c);
            }
            /* each creator's file-as, at the creator's index (NULL when it has none) */
            if (t && i == 0 && !c->nomem) {
                char *f = file_as_of(c, meta, n);
                if (!strs_add(&file_as, f)) {
                    free(f);
                    epi_chk_oom(c);
                }
            }
        }
        if (epi_chk_is(n, EPI_NS_OPF, "meta"))
            extra_meta(c, meta, n, &x);
        xmlChar *prop =
            epi_chk_is(n, EPI_NS_OPF, "meta") && !xmlHasProp(n, (const xmlChar *)"refines")
                ? xmlGetProp(n, (const xmlChar *)"property")
                : NULL;
        for (size_t i = 0; prop && i < COUNT(rendition); i++)
            if (!rend[i] && strcmp((const char *)prop, rendition[i]) == 0)
                rend[i] = text_of(c, n);
        xmlFree(prop);
    }
    for (size_t i = 0; i < c->nitems; i++) {
        const epi_chk_item *it = &c->items[i];
        ep_check_item *o = &items[nitems++];
        o->id = it->id;
        o->path = it->path ? it->path : it->href;
        o->media_type = it->media_type;
        o->spine_index = it->in_spine ? (long)it->spine_pos : -1;
        o->linear = it->in_spine && it->linear;
        o->scripted = epi_chk_has_token(it->properties, "scripted");
        spine += it->in_spine;
        if (it->entry) {
            o->size = it->entry->size;
            o->compressed_size = it->entry->disk ? 0 : it->entry->comp_size;
            o->stored = it->entry->disk || it->entry->comp_size == it->entry->size;
        }
    }
    bool encryption = false, signatures = false;
    for (size_t i = 0; i < c->nentries; i++) {
        const epi_chk_entry *e = &c->entries[i];
        encryption |= strcmp(e->name, "META-INF/encryption.xml") == 0;
        signatures |= strcmp(e->name, "META-INF/signatures.xml") == 0;
        if (e->declared || e->is_dir)
            continue;
        ep_check_item *o = &items[nitems++];
        o->path = e->name;
        o->size = e->size;
        o->compressed_size = e->disk ? 0 : e->comp_size;
        o->stored = e->disk || e->comp_size == e->size;
        o->spine_index = -1;
    }
    const epi_chk_item *cover = cover_item(c, x.cover_id);
    cover_data = read_quietly(c, cover, &cover_size);
    if (!c->nomem && many[0].n == file_as.n) {
        ep_check_publication pub = {
            .version = (const char *)version,
            .title = one[0],
            .publisher = one[1],
            .date = one[2],
            .description = one[3],
            .rights = one[4],
            .language = one[5],
            .identifier = c->unique_id,
            .creators = (const char *const *)many[0].v,
            .ncreators = many[0].n,
            .contributors = (const char *const *)many[1].v,
            .ncontributors = many[1].n,
            .subjects = (const char *const *)many[2].v,
            .nsubjects = many[2].n,
            .layout = rend[0],
            .orientation = rend[1],
            .spread = rend[2],
            .spine_items = spine,
            .has_ncx = c->ncx != NULL,
            .has_encryption = encryption,
            .has_signatures = signatures,
            .items = items,
            .nitems = nitems,
            .creators_file_as = (const char *const *)file_as.v,
            .series = x.series ? x.series : x.calibre_series,
            .series_position = x.series ? x.position : x.calibre_index,
            .modified = x.modified,
            .cover = cover ? cover->path : NULL,
            .cover_media_type = cover ? cover->media_type : NULL,
            .cover_data = (const unsigned char *)cover_data,
            .cover_size = cover_size,
        };
        fn(userdata, &pub);
    }
    for (size_t i = 0; i < COUNT(single); i++)
        free(one[i]);
    for (size_t i = 0; i < COUNT(rendition); i++)
        free(rend[i]);
    for (size_t i = 0; i < COUNT(lists); i++)
        strs_free(&many[i]);
    strs_free(&file_as);
    free(x.series);
    free(x.position);
    free(x.calibre_series);
    free(x.calibre_index);
    free(x.modified);
    free(x.cover_id);
    free(cover_data);
    xmlFree(version);
    free(items);
}
