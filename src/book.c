/* The book model: ownership and cleanup. */
#include "epi.h"

#include <stdlib.h>

bool epi_book_add_resource(epi_book *book, const char *href, const char *id, const char *media_type,
                           const char *properties, unsigned char *data, size_t len)
{
    epi_resource r = {0};
    epi_resource *v = realloc(book->resources, (book->nresources + 1) * sizeof *v);
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

static void chapter_free(epi_chapter *ch)
{
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
}

void epi_book_free(epi_book *book)
{
    if (!book)
        return;
    free(book->root);
    free(book->main_path);
    epi_meta_free(&book->meta);
    for (size_t i = 0; i < book->nchapters; i++)
        chapter_free(&book->chapters[i]);
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
