/*
 * epi_package(): every file of the container, in container order (docs/ARCHITECTURE.md
 * "Container"): mimetype (stored), META-INF/container.xml, the package document, then the rest
 * deflated.
 */
#include "pkg_private.h"
#include "util/limits.h"
#include "util/parallel.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIMETYPE "application/epub+zip"

bool epi_pkg_has_fonts(const epi_book *book)
{
    for (size_t i = 0; i < book->nresources; i++) {
        const char *t = book->resources[i].media_type;
        if (t && strncmp(t, "font/", 5) == 0)
            return true;
    }
    return false;
}

void epi_pkg_chapter_id(size_t i, char out[32])
{
    snprintf(out, 32, "ch%03zu", i + 1);
}

/* Adds an entry, taking `data` even on failure. */
static ep_status add(epi_entries *out, const char *name, unsigned char *data, size_t len,
                     bool store, ep_error *err)
{
    if (!epi_entries_add(out, name, data, len, store)) {
        free(data);
        return epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    return EP_OK;
}

/* Serialises doc (which it frees), the file `name`, into data[0..*len): a content document for
 * the Kobo target with its kepub markup, and then never indented (that would put whitespace
 * inside the spans' parents, such as the nav's links). */
static ep_status doc_bytes(const epi_book *book, const char *name, xmlDocPtr doc, bool content,
                           bool format, unsigned char **data, size_t *len, ep_error *err)
{
    ep_status st = EP_OK;
    if (!doc)
        return epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory building %s", name);
    if (content && book->target == EP_TARGET_KOBO) {
        format = false;
        if (!epi_pkg_kobo(doc))
            st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory building %s", name);
    }
    if (st == EP_OK)
        st = epi_pkg_serialize(doc, format, data, len, err);
    xmlFreeDoc(doc);
    return st;
}

/* Serialises doc (which it frees) as entry `name`. */
static ep_status add_doc(epi_entries *out, const char *name, xmlDocPtr doc, bool format,
                         ep_error *err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    ep_status st = doc_bytes(NULL, name, doc, false, format, &data, &len, err);
    return st == EP_OK ? add(out, name, data, len, false, err) : st;
}

/* A content document (doc_bytes). */
static ep_status add_content(epi_entries *out, const epi_book *book, const char *name,
                             xmlDocPtr doc, bool format, ep_error *err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    ep_status st = doc_bytes(book, name, doc, true, format, &data, &len, err);
    return st == EP_OK ? add(out, name, data, len, false, err) : st;
}

/* The documents made from the toc (the nav, the contents page, the NCX), built and serialised
 * on the CPUs with the chapters (War and Peace's took 18 M instructions on one before), then
 * added in their place after the package document. */
static const struct toc_doc {
    const char *name;
    ep_status (*make)(const epi_book *book, const epi_toc *toc, xmlDocPtr *doc, ep_error *err);
    bool content, format;
} toc_docs[] = {
    {EPI_ROOT_DIR EPI_PKG_NAV_HREF, epi_pkg_nav, true, true},
    {EPI_ROOT_DIR EPI_PKG_CONTENTS_HREF, epi_pkg_contents, true, false},
    {EPI_ROOT_DIR EPI_PKG_NCX_HREF, epi_pkg_ncx, false, true},
};
#define NTOC_DOCS (sizeof toc_docs / sizeof *toc_docs)

/* The chapters' documents, serialised on the CPUs (each reads only its own chapter's tree and
 * makes its own copy), with the manifest properties each needs, before the package document
 * that lists them; added in book order after it. The first NTOC_DOCS items are toc_docs,
 * then come the chapters. */
typedef struct chapter_bytes {
    const epi_book *book;
    const epi_toc *toc;
    unsigned char **data; /* toc_docs', then the chapters' */
    size_t *len;
    char (*props)[64];
} chapter_bytes;

static ep_status chapter_work(void *ud, size_t i, size_t worker, ep_error *err)
{
    chapter_bytes *job = ud;
    const epi_book *book = job->book;
    xmlDocPtr doc = NULL;
    (void)worker;
    if (i < NTOC_DOCS) {
        const struct toc_doc *t = &toc_docs[i];
        ep_status st = t->make(book, job->toc, &doc, err);
        return st == EP_OK ? doc_bytes(book, t->name, doc, t->content, t->format, &job->data[i],
                                       &job->len[i], err)
                           : st;
    }
    size_t c = i - NTOC_DOCS;
    epi_pkg_content_properties(book->chapters[c].doc, job->props[c]);
    if (book->target != EP_TARGET_KOBO)
        return epi_pkg_chapter_bytes(&book->chapters[c], &job->data[i], &job->len[i], err);
    ep_status st = epi_pkg_chapter(book, &book->chapters[c], &doc, err);
    return st == EP_OK ? doc_bytes(book, book->chapters[c].out_name, doc, true, false,
                                   &job->data[i], &job->len[i], err)
                       : st;
}

static ep_status serialize_chapters(const epi_book *book, const epi_toc *toc, chapter_bytes *job,
                                    ep_error *err)
{
    size_t n = NTOC_DOCS + book->nchapters;
    *job = (chapter_bytes){book, toc, calloc(n, sizeof *job->data), calloc(n, sizeof *job->len),
                           calloc(book->nchapters ? book->nchapters : 1, sizeof *job->props)};
    if (!job->data || !job->len || !job->props)
        return epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    /* A book of one chapter (each article of a batch) is serialised on its thread. */
    return epi_parallel_try(n, book->nchapters >= 2 ? 2 : SIZE_MAX, chapter_work, job, err);
}

static void chapter_bytes_free(chapter_bytes *job)
{
    for (size_t i = 0; job->data && job->book && i < NTOC_DOCS + job->book->nchapters; i++)
        free(job->data[i]);
    free(job->data);
    free(job->len);
    free(job->props);
}

/* Item i of the job as entry `name`. */
static ep_status add_item(chapter_bytes *job, size_t i, const char *name, epi_entries *out,
                          ep_error *err)
{
    ep_status st = add(out, name, job->data[i], job->len[i], false, err);
    job->data[i] = NULL;
    return st;
}

static ep_status add_chapters(const epi_book *book, chapter_bytes *job, epi_entries *out,
                              ep_error *err)
{
    ep_status st = EP_OK;
    char name[1024];
    for (size_t i = 0; st == EP_OK && i < book->nchapters; i++) {
        const epi_chapter *ch = &book->chapters[i];
        snprintf(name, sizeof name, "%s%s%s", EPI_ROOT_DIR, EPI_TEXT_DIR, ch->out_name);
        size_t len = job->len[NTOC_DOCS + i];
        st = add_item(job, NTOC_DOCS + i, name, out, err);
        if (st == EP_OK && len > EPI_LIMIT_RATIO_FLOOR)
            st = epi_fail(err, EP_ERR_INPUT, ch->src_path, 0, 0,
                          "%s would be %zu bytes; documents over %llu bytes are refused (the "
                          "checker takes one that compresses over %u times for a zip bomb): "
                          "one block of it (a list, a table) is too long to split; split it "
                          "in the source",
                          name, len, (unsigned long long)EPI_LIMIT_RATIO_FLOOR, EPI_LIMIT_RATIO);
    }
    return st;
}

static ep_status add_copy(epi_entries *out, const char *name, const void *src, size_t len,
                          bool store, ep_error *err)
{
    unsigned char *data = malloc(len ? len : 1);
    if (!data)
        return epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (len)
        memcpy(data, src, len);
    return add(out, name, data, len, store, err);
}

/* The limits of util/limits.h the container's own files could cross, checked before anything
 * is serialised or compressed: the checker refuses an EPUB of more than EPI_LIMIT_ENTRIES files
 * (30 000 headings at --split-level 6 made 30 009) and a document over EPI_LIMIT_RATIO_FLOOR
 * that deflate shrinks over EPI_LIMIT_RATIO times (as a zip bomb). */
static ep_status entries_fit(const epi_ctx *ctx, const epi_book *book)
{
    /* mimetype, container, opf, nav, contents, ncx, css, cover, title page, options */
    size_t fixed = 10;
    if (fixed + book->nchapters + book->nresources <= EPI_LIMIT_ENTRIES)
        return EP_OK;
    /* The source that makes the most parts is the one to name. */
    const char *worst = book->nchapters ? book->chapters[0].src_path : book->root;
    size_t most = 0;
    for (size_t i = 0, run = 0; i < book->nchapters; i++) {
        run = i && book->chapters[i].part ? run + 1 : 1;
        if (run > most) {
            most = run;
            worst = book->chapters[i].src_path;
        }
    }
    int level = ctx->opt && ctx->opt->split_level ? ctx->opt->split_level
                : book->meta.split_level          ? book->meta.split_level
                                                  : 1;
    return epi_fail(
        ctx->err, EP_ERR_INPUT, worst, 0, 0,
        "the book would be %zu files in the EPUB (%zu documents, %zu from this file "
        "split at headings of levels 1 to %d, %zu images, fonts and stylesheets); EPUBs of "
        "more than %u files are refused: use a lower --split-level (or the key "
        "split-level), or split the book",
        fixed + book->nchapters + book->nresources, book->nchapters, most, level, book->nresources,
        EPI_LIMIT_ENTRIES);
}

ep_status epi_package(epi_ctx *ctx, const epi_book *book, epi_entries *out)
{
    ep_error *err = ctx->err;
    epi_toc toc = {0};
    chapter_bytes chapters = {0};
    xmlDocPtr doc = NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    char name[1024];
    ep_status st;

    if ((st = entries_fit(ctx, book)))
        return st;
    st = epi_toc_build(book, &toc, err);
    if (st == EP_OK)
        st = serialize_chapters(book, &toc, &chapters, err);
    /* OCF 3.3 §4.2.2: mimetype first, stored, exactly these 20 bytes. */
    if (st == EP_OK)
        st = add_copy(out, "mimetype", MIMETYPE, sizeof MIMETYPE - 1, true, err);
    if (st == EP_OK)
        st = add_doc(out, "META-INF/container.xml", epi_pkg_container(), true, err);
    if (st == EP_OK)
        st = epi_pkg_opf(book, &toc, chapters.props, &doc, err);
    if (st == EP_OK)
        st = add_doc(out, EPI_OPF_PATH, doc, true, err);
    for (size_t k = 0; st == EP_OK && k < NTOC_DOCS; k++)
        st = add_item(&chapters, k, toc_docs[k].name, out, err);
    if (st == EP_OK)
        st = epi_pkg_css(book, &data, &len, err);
    if (st == EP_OK)
        st = add(out, EPI_ROOT_DIR EPI_CSS_HREF, data, len, false, err);
    if (st == EP_OK && epi_pkg_cover(book)) {
        st = epi_pkg_cover_page(book, &doc, err);
        if (st == EP_OK)
            st = add_content(out, book, EPI_ROOT_DIR EPI_TEXT_DIR EPI_PKG_COVER_PAGE, doc, false,
                             err);
    }
    if (st == EP_OK && epi_pkg_has_title_page(book)) {
        st = epi_pkg_title_page(book, &doc, err);
        if (st == EP_OK)
            st = add_content(out, book, EPI_ROOT_DIR EPI_TEXT_DIR EPI_PKG_TITLE_PAGE, doc, false,
                             err);
    }
    if (st == EP_OK)
        st = add_chapters(book, &chapters, out, err);
    for (size_t i = 0; st == EP_OK && i < book->nresources; i++) {
        const epi_resource *r = &book->resources[i];
        snprintf(name, sizeof name, "%s%s", EPI_ROOT_DIR, r->href);
        st = add_copy(out, name, r->data, r->len, false, err);
    }
    if (st == EP_OK && epi_pkg_has_fonts(book))
        st = add_doc(out, "META-INF/com.apple.ibooks.display-options.xml",
                     epi_pkg_display_options(), true, err);
    epi_toc_free(&toc);
    chapter_bytes_free(&chapters);
    return st;
}
