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

void epi_chk_publication(epi_chk *c, ep_check_publication_fn fn, void *userdata)
{
    /* dc: elements, in ep_check_publication's order; lists for creator, contributor, subject */
    static const char *const single[] = {"title",       "publisher", "date",
                                         "description", "rights",    "language"};
    static const char *const lists[] = {"creator", "contributor", "subject"};
    static const char *const rendition[] = {"rendition:layout", "rendition:orientation",
                                            "rendition:spread"};
    char *one[COUNT(single)] = {0}, *rend[COUNT(rendition)] = {0};
    strs many[COUNT(lists)] = {{0}};
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
        }
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
    if (!c->nomem) {
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
        };
        fn(userdata, &pub);
    }
    for (size_t i = 0; i < COUNT(single); i++)
        free(one[i]);
    for (size_t i = 0; i < COUNT(rendition); i++)
        free(rend[i]);
    for (size_t i = 0; i < COUNT(lists); i++)
        strs_free(&many[i]);
    xmlFree(version);
    free(items);
}
