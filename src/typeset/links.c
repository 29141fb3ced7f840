/*
 * Link rewriting: Markdown authors link chapters by their source names ("part2.md#итоги"),
 * the EPUB has them as "chNNN.xhtml" with ASCII ids. Every <a href> that names a chapter of the
 * book, or a fragment of the same document, is pointed at the output file and an id that
 * exists there; external URLs are left alone. A fragment that cannot be resolved is reported
 * and dropped (epubcheck RSC-012: fragment identifier is not defined), and any other local link
 * (not a chapter of the book) loses its href (RSC-007: resource not found; RSC-026 for an
 * absolute path, which leaves the container).
 *
 * Lookups go through libxml2 hash tables, so a book with thousands of headings and links stays
 * linear.
 */
#include "typeset_private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The book-relative path `rel`[0..n) names from the folder of `base` (RFC 3986 §5.2.4;
 * percent-decoded with `decode`). *out is NULL when the path leaves the book folder. False on
 * out of memory. */
static bool resolve_path(const char *base, const char *rel, size_t n, bool decode, char **out)
{
    epi_buf path = {0};
    bool escapes = false;

    *out = NULL;
    if (!epi_url_resolve_path(base, rel, n, decode, &path, &escapes) ||
        !epi_buf_append(&path, "", 0)) {
        epi_buf_free(&path);
        return false;
    }
    if (escapes) {
        epi_buf_free(&path);
        return true; /* above the book folder: not a chapter */
    }
    *out = epi_buf_detach(&path);
    return *out != NULL;
}

/* Drops what pandoc's and GitHub's identifiers drop at the start: everything up to the first
 * letter (pandoc MANUAL, "Extension: auto_identifiers"), including our own "h-" digit prefix. */
static const char *loose_key(const char *slug)
{
    if (slug[0] == 'h' && slug[1] == '-' && slug[2] >= '0' && slug[2] <= '9')
        slug += 2;
    while (*slug && !(*slug >= 'a' && *slug <= 'z'))
        slug++;
    return slug;
}

ep_status epi_ts_loose_keys(epi_chapter *ch, epi_ts_chapter *st, ep_error *err)
{
    ep_status rc = EP_OK;
    xmlHashTablePtr counts = NULL;
    epi_buf key = {0};
    st->loose = xmlHashCreate((int)(ch->nheadings * 2 + 8));
    counts = xmlHashCreate((int)(ch->nheadings + 8));
    if (!st->loose || !counts)
        goto oom;
    for (size_t i = 0; i < ch->nheadings; i++) {
        char *slug = epi_slugify(ch->headings[i].text);
        if (!slug)
            goto oom;
        const char *k = loose_key(slug);
        if (!*k) {
            free(slug);
            continue;
        }
        /* pandoc and GitHub number repeats "-1", "-2"… from the second occurrence on. */
        uintptr_t seen = (uintptr_t)xmlHashLookup(counts, BAD_CAST k);
        key.len = 0;
        bool ok = seen == 0 ? epi_buf_puts(&key, k)
                            : epi_buf_printf(&key, "%s-%lu", k, (unsigned long)seen);
        if (ok && xmlHashUpdateEntry(counts, BAD_CAST k, (void *)(seen + 1), NULL) != 0)
            ok = false;
        free(slug);
        if (!ok)
            goto oom;
        /* The first heading with a key wins; a failed add only means "already there". */
        (void)xmlHashAddEntry(st->loose, BAD_CAST key.data, ch->headings[i].id);
    }
    goto out;
oom:
    rc = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory indexing headings");
out:
    xmlHashFree(counts, NULL);
    epi_buf_free(&key);
    return rc;
}

/* Finds the id in `target` that `frag` means; *id is NULL when there is none. */
static bool resolve_fragment(const epi_ts_chapter *target, const char *frag, char **id)
{
    *id = NULL;
    if (xmlHashLookup(target->ids, BAD_CAST frag)) {
        *id = epi_strdup(frag);
        return *id != NULL;
    }
    char *dec = epi_url_decode(frag, strlen(frag));
    char *slug = NULL;
    if (!dec)
        return false;
    if (xmlHashLookup(target->ids, BAD_CAST dec)) {
        *id = dec;
        return true;
    }
    slug = epi_slugify(dec);
    free(dec);
    if (!slug)
        return false;
    if (xmlHashLookup(target->ids, BAD_CAST slug)) {
        *id = slug;
        return true;
    }
    const char *hit = xmlHashLookup(target->loose, BAD_CAST loose_key(slug));
    free(slug);
    if (hit) {
        *id = epi_strdup(hit);
        return *id != NULL;
    }
    return true;
}

static int node_line(const xmlNode *n)
{
    long line = xmlGetLineNo(n);
    return line > 0 && line < 1000000000L ? (int)line : 0;
}

/* Rewrites one <a>. `self` is the linking chapter. */
static ep_status rewrite_one(epi_ctx *ctx, epi_book *book, epi_ts_chapter *st,
                             xmlHashTablePtr by_name, size_t self, xmlNodePtr a)
{
    ep_status rc = EP_OK;
    epi_chapter *ch = &book->chapters[self];
    xmlChar *href = xmlGetProp(a, BAD_CAST "href");
    char *resolved = NULL, *id = NULL;
    epi_buf nhref = {0};
    if (!href || !*href)
        goto out;
    if (epi_url_is_external((const char *)href)) {
        /* Not ours to change, but written as a valid URL: a character a URL may not hold
         * ("https://x.org/a`b", a space) is percent-encoded, as cmark's HTML writer does.
         * Found by tests/fuzz/fuzz_build.c (EP_FUZZ_STRICT): RSC-020 otherwise. */
        size_t n = strlen((const char *)href);
        if (!epi_url_escape_append(&nhref, (const char *)href, n))
            goto oom;
        const char *bad = epi_url_invalid(nhref.data);
        if (bad) {
            epi_warn(ctx, EPI_DIAG_LINK, ch->src_path, node_line(a),
                     "link to \"%s\" is not a valid URL (%s); link removed", (const char *)href,
                     bad);
            xmlUnsetProp(a, BAD_CAST "href");
        } else if (nhref.len != n && !xmlSetProp(a, BAD_CAST "href", BAD_CAST nhref.data)) {
            goto oom;
        }
        goto out;
    }

    const char *h = (const char *)href;
    const char *hash = strchr(h, '#');
    size_t plen = hash ? (size_t)(hash - h) : strlen(h);
    /* Any other link stays inside the container, where only chapters can be its target: an
     * absolute path leaks out of it (RSC-026), a query or another local file is not there
     * (RSC-007). Found by tests/fuzz/fuzz_build.c (EP_FUZZ_STRICT). */
    if (h[0] == '/' || memchr(h, '?', plen))
        goto unlink;
    const char *frag = hash ? hash + 1 : NULL;

    size_t target;
    if (plen == 0) {
        target = self;
    } else {
        if (!resolve_path(ch->src_name, h, plen, true, &resolved))
            goto oom;
        epi_chapter *t = resolved ? xmlHashLookup(by_name, BAD_CAST resolved) : NULL;
        if (!t)
            goto unlink;
        target = (size_t)(t - book->chapters);
    }

    if (frag && *frag) {
        if (!resolve_fragment(&st[target], frag, &id))
            goto oom;
        if (!id)
            epi_warn(ctx, EPI_DIAG_LINK, ch->src_path, node_line(a),
                     "link \"%s\": no heading or anchor \"%s\" in %s; linking the chapter",
                     (const char *)href, frag, book->chapters[target].src_name);
    }
    if (target == self && id) {
        if (!epi_buf_printf(&nhref, "#%s", id))
            goto oom;
    } else {
        if (!epi_buf_puts(&nhref, book->chapters[target].out_name) ||
            (id && !epi_buf_printf(&nhref, "#%s", id)))
            goto oom;
    }
    if (!xmlStrEqual(href, BAD_CAST nhref.data) &&
        !xmlSetProp(a, BAD_CAST "href", BAD_CAST nhref.data))
        goto oom;
    goto out;
unlink:
    epi_warn(ctx, EPI_DIAG_LINK, ch->src_path, node_line(a),
             "link to \"%s\", which is not a chapter of the book; link removed",
             (const char *)href);
    xmlUnsetProp(a, BAD_CAST "href");
    goto out;
oom:
    rc = epi_fail(ctx->err, EP_ERR_NOMEM, ch->src_path, 0, 0, "out of memory rewriting links");
out:
    xmlFree(href);
    free(resolved);
    free(id);
    epi_buf_free(&nhref);
    return rc;
}

ep_status epi_ts_links(epi_ctx *ctx, epi_book *book, epi_ts_chapter *st)
{
    ep_status rc = EP_OK;
    xmlHashTablePtr by_name = xmlHashCreate((int)(book->nchapters * 2 + 8));
    if (!by_name)
        return epi_fail(ctx->err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory indexing chapters");
    for (size_t i = 0; i < book->nchapters; i++) {
        char *name = NULL;
        if (!book->chapters[i].src_name)
            continue;
        const char *src = book->chapters[i].src_name;
        if (!resolve_path(NULL, src, strlen(src), false, &name)) {
            rc = epi_fail(ctx->err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory indexing chapters");
            goto out;
        }
        if (name)
            (void)xmlHashAddEntry(by_name, BAD_CAST name, &book->chapters[i]);
        free(name);
    }
    for (size_t i = 0; i < book->nchapters && rc == EP_OK; i++) {
        xmlNodePtr root = xmlDocGetRootElement(book->chapters[i].doc);
        for (xmlNodePtr n = root; n && rc == EP_OK; n = epi_ts_next(n, root, false)) {
            if (epi_ts_is(n, "a"))
                rc = rewrite_one(ctx, book, st, by_name, i, n);
        }
    }
out:
    xmlHashFree(by_name, NULL);
    return rc;
}
