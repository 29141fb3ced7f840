/*
 * EPUB/package.opf — the package document (EPUB 3.3 §5; docs/ARCHITECTURE.md "Package document").
 * Child order is fixed by the schema: metadata, manifest, spine, guide.
 */
#include "pkg_private.h"

#include <libxml/hash.h>
#include <stdio.h>
#include <string.h>

/* Non-reserved prefixes must be declared in package/@prefix (EPUB 3.3 §D.3; OPF-028). */
#define PREFIX_IBOOKS                                                                              \
    "ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/"
#define PREFIX_CALIBRE "calibre: https://calibre-ebook.com"

typedef struct opf {
    xmlDocPtr doc;
    xmlNodePtr metadata;
    xmlNsPtr opf, dc;
} opf;

static bool nonempty(const char *s)
{
    return s && *s;
}

static xmlNodePtr dc(opf *o, const char *name, const char *value, const char *id)
{
    xmlNodePtr n = epi_pkg_child(o->metadata, o->dc, name, value);
    if (n && id && !epi_pkg_attr(n, "id", id))
        return NULL;
    return n;
}

/* <meta property=… [refines="#id"] [scheme=…]>value</meta> */
static bool meta(opf *o, const char *property, const char *refines, const char *scheme,
                 const char *value)
{
    xmlNodePtr n = epi_pkg_child(o->metadata, o->opf, "meta", value);
    char ref[128];

    if (!epi_pkg_attr(n, "property", property))
        return false;
    if (refines) {
        snprintf(ref, sizeof ref, "#%s", refines);
        if (!epi_pkg_attr(n, "refines", ref))
            return false;
    }
    return !scheme || epi_pkg_attr(n, "scheme", scheme);
}

/* EPUB 2 form <meta name=… content=…/>, still valid (EPUB 3.3 §D.5 legacy). */
static bool legacy_meta(opf *o, const char *name, const char *content)
{
    xmlNodePtr n = epi_pkg_child(o->metadata, o->opf, "meta", NULL);
    return epi_pkg_attr(n, "name", name) && epi_pkg_attr(n, "content", content);
}

static bool people(opf *o, const char *element, const char *idstem, const epi_person *p, size_t n,
                   const char *default_role)
{
    for (size_t i = 0; i < n; i++) {
        char id[64];
        if (!nonempty(p[i].name))
            continue;
        snprintf(id, sizeof id, "%s-%zu", idstem, i + 1);
        if (!dc(o, element, p[i].name, id) ||
            !meta(o, "role", id, "marc:relators", nonempty(p[i].role) ? p[i].role : default_role))
            return false;
        if (nonempty(p[i].file_as) && !meta(o, "file-as", id, NULL, p[i].file_as))
            return false;
    }
    return true;
}

static bool metadata(opf *o, const epi_book *book)
{
    const epi_meta *m = &book->meta;
    const epi_resource *cover = epi_pkg_cover(book);
    char modified[21];

    if (!dc(o, "identifier", book->identifier, "pub-id") || !dc(o, "title", m->title, "title"))
        return false;
    if (nonempty(m->subtitle)) {
        /* EPUB 3.3 §5.5.3.2: subtitles are extra dc:title elements refined by title-type. */
        if (!meta(o, "title-type", "title", NULL, "main") ||
            !dc(o, "title", m->subtitle, "subtitle") ||
            !meta(o, "title-type", "subtitle", NULL, "subtitle"))
            return false;
    }
    if (!dc(o, "language", m->lang, NULL))
        return false;
    if (!people(o, "creator", "creator", m->creators, m->ncreators, "aut") ||
        !people(o, "contributor", "contributor", m->contributors, m->ncontributors, "ctb"))
        return false;
    if (nonempty(m->date) && !dc(o, "date", m->date, NULL))
        return false;
    for (size_t i = 0; i < m->nsubjects; i++) {
        if (nonempty(m->subjects[i]) && !dc(o, "subject", m->subjects[i], NULL))
            return false;
    }
    if ((nonempty(m->description) && !dc(o, "description", m->description, NULL)) ||
        (nonempty(m->publisher) && !dc(o, "publisher", m->publisher, NULL)) ||
        (nonempty(m->rights) && !dc(o, "rights", m->rights, NULL)) ||
        (nonempty(m->source) && !dc(o, "source", m->source, NULL)))
        return false;
    epi_pkg_w3c_time(book->modified, modified);
    if (!meta(o, "dcterms:modified", NULL, NULL, modified))
        return false;
    if (nonempty(m->collection)) {
        /* EPUB 3 series, plus Calibre's legacy form read by Calibre, Kobo and KOReader
         * (docs/ARCHITECTURE.md "Package document"). */
        if (!meta(o, "belongs-to-collection", NULL, NULL, m->collection) ||
            !epi_pkg_attr(o->metadata->last, "id", "series") ||
            !meta(o, "collection-type", "series", NULL, "series") ||
            (nonempty(m->group_position) &&
             !meta(o, "group-position", "series", NULL, m->group_position)) ||
            !legacy_meta(o, "calibre:series", m->collection) ||
            (nonempty(m->group_position) &&
             !legacy_meta(o, "calibre:series_index", m->group_position)))
            return false;
    }
    /* RMSDK, Kobo and Kindle find the cover through the EPUB 2 meta (docs/ARCHITECTURE.md "Reader
     * quirks"). */
    if (cover && !legacy_meta(o, "cover", cover->id))
        return false;
    if (epi_pkg_has_fonts(book) && !meta(o, "ibooks:specified-fonts", NULL, NULL, "true"))
        return false;
    return epi_pkg_a11y_meta(book, o->metadata);
}

static bool item(xmlNodePtr manifest, xmlNsPtr ns, const char *id, const char *href,
                 const char *media_type, const char *properties)
{
    xmlNodePtr n = epi_pkg_child(manifest, ns, "item", NULL);
    return epi_pkg_attr(n, "id", id) && epi_pkg_attr(n, "href", href) &&
           epi_pkg_attr(n, "media-type", media_type) &&
           (!properties || !*properties || epi_pkg_attr(n, "properties", properties));
}

static bool manifest(opf *o, xmlNodePtr root, const epi_book *book, char (*props)[64])
{
    xmlNodePtr man = epi_pkg_child(root, o->opf, "manifest", NULL);
    char href[512];

    if (!man || !item(man, o->opf, "nav", EPI_PKG_NAV_HREF, "application/xhtml+xml", "nav") ||
        !item(man, o->opf, "ncx", EPI_PKG_NCX_HREF, "application/x-dtbncx+xml", NULL) ||
        !item(man, o->opf, "css", EPI_CSS_HREF, "text/css", NULL) ||
        !item(man, o->opf, EPI_PKG_CONTENTS_ID, EPI_PKG_CONTENTS_HREF, "application/xhtml+xml",
              NULL))
        return false;
    if (epi_pkg_cover(book) &&
        !item(man, o->opf, EPI_PKG_COVER_PAGE_ID, EPI_TEXT_DIR EPI_PKG_COVER_PAGE,
              "application/xhtml+xml", NULL))
        return false;
    if (epi_pkg_has_title_page(book) &&
        !item(man, o->opf, EPI_PKG_TITLE_PAGE_ID, EPI_TEXT_DIR EPI_PKG_TITLE_PAGE,
              "application/xhtml+xml", NULL))
        return false;
    for (size_t i = 0; i < book->nchapters; i++) {
        char id[32];
        epi_pkg_chapter_id(i, id);
        snprintf(href, sizeof href, "%s%s", EPI_TEXT_DIR, book->chapters[i].out_name);
        if (!item(man, o->opf, id, href, "application/xhtml+xml", props[i]))
            return false;
    }
    for (size_t i = 0; i < book->nresources; i++) {
        const epi_resource *r = &book->resources[i];
        if (!item(man, o->opf, r->id, r->href, r->media_type, r->properties))
            return false;
    }
    return true;
}

static bool spine_and_guide(opf *o, xmlNodePtr root, const epi_book *book)
{
    xmlNodePtr spine = epi_pkg_child(root, o->opf, "spine", NULL), guide, ref;
    const epi_labels *labels = epi_labels_for(book->meta.lang);
    char id[32], href[512];

    /* The toc attribute is required once an NCX is in the manifest (docs/ARCHITECTURE.md "Package
     * document"). */
    if (!epi_pkg_attr(spine, "toc", "ncx"))
        return false;
    /* The cover page, then the title page, before the text (pages.c). */
    if (epi_pkg_cover(book)) {
        ref = epi_pkg_child(spine, o->opf, "itemref", NULL);
        if (!epi_pkg_attr(ref, "idref", EPI_PKG_COVER_PAGE_ID))
            return false;
    }
    if (epi_pkg_has_title_page(book)) {
        ref = epi_pkg_child(spine, o->opf, "itemref", NULL);
        if (!epi_pkg_attr(ref, "idref", EPI_PKG_TITLE_PAGE_ID))
            return false;
    }
    for (size_t i = 0; i < book->nchapters; i++) {
        xmlNodePtr r = epi_pkg_child(spine, o->opf, "itemref", NULL);
        epi_pkg_chapter_id(i, id);
        if (!epi_pkg_attr(r, "idref", id))
            return false;
    }
    /* The contents page goes last and linear, after the text, so readers open on the article:
     * the toc landmark and the guide point to it, and may only point into the spine (RSC-011).
     * The nav document stays out of the spine: FBReader and Okular lay out every spine item and
     * would show its landmarks, which they do not hide (docs/ARCHITECTURE.md "Navigation"). */
    ref = epi_pkg_child(spine, o->opf, "itemref", NULL);
    if (!epi_pkg_attr(ref, "idref", EPI_PKG_CONTENTS_ID))
        return false;

    /* EPUB 2 guide, a legacy feature still read by Kindle and RMSDK (docs/ARCHITECTURE.md "Reader
     * quirks"). */
    guide = epi_pkg_child(root, o->opf, "guide", NULL);
    if (!guide)
        return false;
    if (epi_pkg_cover(book)) {
        ref = epi_pkg_child(guide, o->opf, "reference", NULL);
        if (!epi_pkg_attr(ref, "type", "cover") || !epi_pkg_attr(ref, "title", labels->cover) ||
            !epi_pkg_attr(ref, "href", EPI_TEXT_DIR EPI_PKG_COVER_PAGE))
            return false;
    }
    if (epi_pkg_has_title_page(book)) {
        ref = epi_pkg_child(guide, o->opf, "reference", NULL);
        if (!epi_pkg_attr(ref, "type", "title-page") ||
            !epi_pkg_attr(ref, "title", labels->title_page) ||
            !epi_pkg_attr(ref, "href", EPI_TEXT_DIR EPI_PKG_TITLE_PAGE))
            return false;
    }
    /* Calibre's AZW3 output takes this reference as the Kindle's "Go to → Contents". */
    ref = epi_pkg_child(guide, o->opf, "reference", NULL);
    if (!epi_pkg_attr(ref, "type", "toc") || !epi_pkg_attr(ref, "title", labels->toc) ||
        !epi_pkg_attr(ref, "href", EPI_PKG_CONTENTS_HREF "#" EPI_PKG_NAV_TOC_ID))
        return false;
    ref = epi_pkg_child(guide, o->opf, "reference", NULL);
    snprintf(href, sizeof href, "%s%s", EPI_TEXT_DIR, book->chapters[0].out_name);
    return epi_pkg_attr(ref, "type", "text") && epi_pkg_attr(ref, "title", labels->start) &&
           epi_pkg_attr(ref, "href", href);
}

/* Every id in the package document shares one namespace: manifest ids from other stages
 * (fonts, images) must not collide with the ones generated here. */
static const xmlChar *duplicate_id(xmlNodePtr node, xmlHashTablePtr seen)
{
    for (; node; node = node->next) {
        const xmlChar *dup;
        if (node->type != XML_ELEMENT_NODE)
            continue;
        for (xmlAttrPtr a = node->properties; a; a = a->next) {
            if (xmlStrEqual(a->name, BAD_CAST "id") && a->children &&
                xmlHashAddEntry(seen, a->children->content, node) != 0)
                return a->children->content;
        }
        dup = duplicate_id(node->children, seen);
        if (dup)
            return dup;
    }
    return NULL;
}

ep_status epi_pkg_opf(const epi_book *book, const epi_toc *toc, char (*props)[64], xmlDocPtr *out,
                      ep_error *err)
{
    opf o = {0};
    xmlNodePtr root;
    xmlHashTablePtr seen = NULL;
    const xmlChar *dup;
    ep_status st = EP_OK;
    epi_buf prefix = {0};

    (void)toc;
    *out = NULL;
    if (!nonempty(book->meta.title) || !nonempty(book->meta.lang) || !nonempty(book->identifier))
        return epi_fail(err, EP_ERR_INPUT, book->main_path, 0, 0,
                        "the book needs a title, a language and an identifier");
    if (book->nchapters == 0)
        return epi_fail(err, EP_ERR_INPUT, book->main_path, 0, 0, "the book has no chapters");

    o.doc = xmlNewDoc(BAD_CAST "1.0");
    root = o.doc ? xmlNewNode(NULL, BAD_CAST "package") : NULL;
    if (!root)
        goto nomem;
    xmlDocSetRootElement(o.doc, root);
    o.opf = xmlNewNs(root, BAD_CAST EPI_NS_OPF, NULL);
    if (!o.opf)
        goto nomem;
    xmlSetNs(root, o.opf);
    /* version 3.0 and unique-identifier → dc:identifier (docs/ARCHITECTURE.md "Package document");
     * xml:lang because Ace reports its absence as serious (epub-lang). */
    if (!epi_pkg_attr(root, "version", "3.0") ||
        !epi_pkg_attr(root, "unique-identifier", "pub-id") ||
        !epi_pkg_xml_lang(root, book->meta.lang))
        goto nomem;
    if (epi_pkg_has_fonts(book) && !epi_buf_puts(&prefix, PREFIX_IBOOKS))
        goto nomem;
    if (nonempty(book->meta.collection) &&
        (!epi_buf_puts(&prefix, prefix.len ? " " : "") || !epi_buf_puts(&prefix, PREFIX_CALIBRE)))
        goto nomem;
    if (prefix.len && !epi_pkg_attr(root, "prefix", prefix.data))
        goto nomem;

    o.metadata = epi_pkg_child(root, o.opf, "metadata", NULL);
    o.dc = o.metadata ? xmlNewNs(o.metadata, BAD_CAST EPI_NS_DC, BAD_CAST "dc") : NULL;
    if (!o.dc || !metadata(&o, book) || !manifest(&o, root, book, props) ||
        !spine_and_guide(&o, root, book))
        goto nomem;

    seen = xmlHashCreate(64);
    if (!seen)
        goto nomem;
    dup = duplicate_id(root, seen);
    if (dup) {
        st = epi_fail(err, EP_ERR_INPUT, book->main_path, 0, 0,
                      "package document: id \"%s\" is used twice", (const char *)dup);
        goto out;
    }
    *out = o.doc;
    o.doc = NULL;
    goto out;
nomem:
    st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory building the package document");
out:
    xmlHashFree(seen, NULL);
    epi_buf_free(&prefix);
    xmlFreeDoc(o.doc);
    return st;
}
