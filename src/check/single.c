/*
 * Single-document mode: a package document (.opf) or a content document (.xhtml, .svg) checked
 * alone, as epubcheck does when given such a file (its mode follows the extension). The file
 * becomes the only entry of a one-file container; the checks that need the rest of the
 * publication (resources present, declared, undeclared files) are skipped (c->single).
 */
#include "check_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

epi_chk_single_kind epi_chk_single_kind_of(const char *path)
{
    if (ends_with(path, ".opf"))
        return EPI_SINGLE_OPF;
    if (ends_with(path, ".xhtml"))
        return EPI_SINGLE_XHTML;
    if (ends_with(path, ".svg"))
        return EPI_SINGLE_SVG;
    return EPI_SINGLE_NONE;
}

/* The one-file container: the entry is named after the file's base name. */
static epi_chk_entry *one_entry(epi_chk *c, const char *path)
{
    struct stat st;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        epi_chk_report(c, EP_SEV_FATAL, "PKG-008", path, 0, "not a regular file");
        return NULL;
    }
    c->entries = calloc(1, sizeof *c->entries);
    c->entry_by_key = xmlHashCreate(4);
    c->folded = xmlHashCreate(4);
    if (!c->entries || !c->entry_by_key || !c->folded) {
        epi_chk_oom(c);
        return NULL;
    }
    epi_chk_entry *e = &c->entries[0];
    c->nentries = 1;
    e->name = epi_strdup(base);
    e->disk = epi_strdup(path);
    e->size = e->comp_size = (uint64_t)st.st_size;
    if (!e->name || !e->disk) {
        epi_chk_oom(c);
        return NULL;
    }
    /* the name rules of a container do not apply to the file's own name */
    e->key = epi_chk_nfc(e->name);
    if (!e->key || xmlHashAddEntry(c->entry_by_key, (xmlChar *)e->key, e) != 0) {
        epi_chk_oom(c);
        return NULL;
    }
    return e;
}

void epi_chk_single(epi_chk *c, const char *path, epi_chk_single_kind kind)
{
    c->single = true;
    c->has_spine = true;
    epi_chk_entry *e = one_entry(c, path);
    if (!e)
        return;
    if (kind == EPI_SINGLE_OPF) {
        if (!(c->opf_path = epi_strdup(e->key))) {
            epi_chk_oom(c);
            return;
        }
        epi_chk_opf(c);
        return;
    }
    c->items = calloc(1, sizeof *c->items);
    c->item_by_id = xmlHashCreate(4);
    c->item_by_path = xmlHashCreate(4);
    if (!c->items || !c->item_by_id || !c->item_by_path) {
        epi_chk_oom(c);
        return;
    }
    epi_chk_item *it = &c->items[0];
    c->nitems = 1;
    it->id = epi_strdup("single");
    it->href = epi_strdup(e->key);
    it->path = epi_strdup(e->key);
    it->media_type = epi_strdup(kind == EPI_SINGLE_SVG ? EPI_MT_SVG : EPI_MT_XHTML);
    if (!it->id || !it->href || !it->path || !it->media_type ||
        xmlHashAddEntry(c->item_by_id, (xmlChar *)it->id, it) != 0 ||
        xmlHashAddEntry(c->item_by_path, (xmlChar *)it->path, it) != 0) {
        epi_chk_oom(c);
        return;
    }
    it->entry = e;
    e->declared = true;
    it->in_spine = true;
    it->linear = true;
    epi_chk_content_load(c, it);
    if (!c->nomem)
        epi_chk_content_refs(c, it);
}
