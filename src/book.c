/* The book model (book.h): ownership and cleanup, the chapter's XHTML skeleton, the entries. */
#include "book.h"

#include <stdlib.h>
#include <string.h>

bool epi_book_add_resource(epi_book *book, const char *href, const char *id, const char *media_type,
                           const char *properties, unsigned char *data, size_t len)
{
    epi_resource r = {0};
    epi_resource *v =
        epi_grow(book->resources, &book->resources_cap, book->nresources, sizeof *v, 8);
    if (!v)
        return false;
    book->resources = v;
    r.href = epi_strdup(href);
    r.id = epi_strdup(id);
    r.media_type = epi_strdup(media_type);
    r.properties = epi_strdup(properties);
    if (!r.href || !r.id || !r.media_type || (properties && !r.properties)) {
        free(r.href);
        free(r.id);
        free(r.media_type);
        free(r.properties);
        return false;
    }
    r.data = data;
    r.len = len;
    book->resources[book->nresources++] = r;
    return true;
}

bool epi_chapter_init(epi_chapter *ch, const char *src_path, const char *src_name,
                      const char *out_name)
{
    *ch = (epi_chapter){0};
    ch->src_path = epi_strdup(src_path);
    ch->src_name = epi_strdup(src_name);
    ch->out_name = epi_strdup(out_name);
    ch->doc = epi_xhtml_new();
    if (!ch->src_path || (src_name && !ch->src_name) || !ch->out_name || !ch->doc) {
        epi_chapter_free(ch);
        return false;
    }
    return true;
}

void epi_chapter_free(epi_chapter *ch)
{
    if (!ch)
        return;
    free(ch->src_path);
    free(ch->src_name);
    free(ch->out_name);
    free(ch->title);
    if (ch->meta) {
        epi_meta_free(ch->meta);
        free(ch->meta);
    }
    if (ch->doc)
        xmlFreeDoc(ch->doc);
    for (size_t i = 0; i < ch->nheadings; i++) {
        free(ch->headings[i].id);
        free(ch->headings[i].text);
    }
    free(ch->headings);
    *ch = (epi_chapter){0};
}

ep_target epi_target_resolve(const ep_options *opt, const epi_meta *meta)
{
    ep_target t = opt ? opt->target : EP_TARGET_DEFAULT;
    if (t == EP_TARGET_DEFAULT)
        t = meta->target;
    return t == EP_TARGET_DEFAULT ? EP_TARGET_EPUB : t;
}

void epi_book_free(epi_book *book)
{
    if (!book)
        return;
    free(book->root);
    free(book->main_path);
    epi_meta_free(&book->meta);
    for (size_t i = 0; i < book->nchapters; i++)
        epi_chapter_free(&book->chapters[i]);
    free(book->chapters);
    for (size_t i = 0; i < book->nresources; i++) {
        epi_resource *r = &book->resources[i];
        free(r->href);
        free(r->id);
        free(r->media_type);
        free(r->properties);
        free(r->data);
    }
    free(book->resources);
    free(book->user_css);
    free(book->font_css);
    free(book->identifier);
    free(book->font_family);
    *book = (epi_book){0};
}

static void free_persons(epi_person *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].role);
        free(v[i].file_as);
    }
    free(v);
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void epi_meta_free(epi_meta *m)
{
    if (!m)
        return;
    free(m->title);
    free(m->subtitle);
    free(m->lang);
    free(m->date);
    free(m->date_text);
    free(m->publisher);
    free(m->rights);
    free(m->description);
    free(m->identifier);
    free(m->source);
    free(m->cover_image);
    free(m->collection);
    free(m->group_position);
    free(m->modified);
    free(m->font);
    free_persons(m->creators, m->ncreators);
    free_persons(m->contributors, m->ncontributors);
    free_strings(m->subjects, m->nsubjects);
    free_strings(m->css, m->ncss);
    free_strings(m->chapters, m->nchapters);
    memset(m, 0, sizeof *m);
    m->title_page = -1;
}

/* ---------- the chapter's XHTML skeleton, filled by every reader ---------- */

xmlDocPtr epi_xhtml_new(void)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr html = NULL, head = NULL;
    xmlNsPtr ns = NULL;

    if (!doc)
        return NULL;
    html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
    if (!html)
        goto fail;
    xmlDocSetRootElement(doc, html);
    /* XHTML content documents are in the XHTML namespace; the epub: prefix is declared on the
     * root so that epub:type can be used anywhere (EPUB 3.3 §6.1.3.1 / Structural Semantics). */
    ns = xmlNewNs(html, BAD_CAST EPI_NS_XHTML, NULL);
    if (!ns || !xmlNewNs(html, BAD_CAST EPI_NS_EPUB, BAD_CAST "epub"))
        goto fail;
    xmlSetNs(html, ns);
    head = xmlNewChild(html, ns, BAD_CAST "head", NULL);
    if (!head || !xmlNewChild(head, ns, BAD_CAST "title", NULL) ||
        !xmlNewChild(html, ns, BAD_CAST "body", NULL))
        goto fail;
    return doc;
fail:
    xmlFreeDoc(doc);
    return NULL;
}

static xmlNodePtr child_named(xmlNodePtr parent, const char *name)
{
    if (!parent)
        return NULL;
    for (xmlNodePtr n = parent->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

xmlNodePtr epi_xhtml_body(xmlDocPtr doc)
{
    return doc ? child_named(xmlDocGetRootElement(doc), "body") : NULL;
}

xmlNodePtr epi_xhtml_head(xmlDocPtr doc)
{
    return doc ? child_named(xmlDocGetRootElement(doc), "head") : NULL;
}

/* ---------- the container's entries, handed from package to the zip writer ---------- */

bool epi_entries_add(epi_entries *e, const char *name, unsigned char *data, size_t len, bool store)
{
    char *copy;

    epi_entry *v = epi_grow(e->v, &e->cap, e->n, sizeof *v, 16);
    if (!v)
        return false;
    e->v = v;
    copy = epi_strdup(name);
    if (!copy)
        return false;
    e->v[e->n].name = copy;
    e->v[e->n].data = data; /* ownership passes only on success */
    e->v[e->n].len = len;
    e->v[e->n].store = store;
    e->n++;
    return true;
}

void epi_entries_free(epi_entries *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++) {
        free(e->v[i].name);
        free(e->v[i].data);
    }
    free(e->v);
    e->v = NULL;
    e->n = e->cap = 0;
}
