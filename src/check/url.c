/*
 * References: resolving a URL found in a document against the container (EPUB 3.3 §6.1.5,
 * "container URLs") and checking its target like epubcheck's ResourceReferencesChecker:
 * RSC-007 missing, RSC-008 not in the manifest, RSC-012 missing fragment, RSC-010/011
 * hyperlink targets, RSC-006 remote resources, RSC-026 leaking URLs.
 */
#include "check_int.h"

#include <libxml/uri.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_ws(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

void epi_chk_url_free(epi_chk_url *u)
{
    if (!u)
        return;
    free(u->path);
    free(u->fragment);
    memset(u, 0, sizeof *u);
}

bool epi_chk_url_resolve(const char *base, const char *href, epi_chk_url *u)
{
    epi_buf path = {0}, dec = {0};
    bool ok = false;
    memset(u, 0, sizeof *u);

    while (is_ws(*href))
        href++;
    size_t n = strlen(href);
    while (n > 0 && is_ws(href[n - 1]))
        n--;
    if (n == 0) {
        u->empty = true;
        return true;
    }
    size_t sl = epi_url_scheme_len(href, n);
    if (sl) {
        if (sl == 4 && strncasecmp(href, "data", 4) == 0)
            u->data = true;
        else if (sl == 4 && strncasecmp(href, "file", 4) == 0)
            u->file = true;
        else
            u->remote = true;
        return true;
    }
    if (n >= 2 && href[0] == '/' && href[1] == '/') {
        u->remote = true; /* scheme-relative: a network location */
        return true;
    }

    size_t end = n, qpos = n;
    const char *hash = memchr(href, '#', n);
    if (hash) {
        end = (size_t)(hash - href);
        if (!epi_url_decode_append(&dec, hash + 1, n - end - 1))
            goto out;
        u->fragment = epi_buf_detach(&dec);
        if (!u->fragment)
            goto out;
    }
    const char *q = memchr(href, '?', end);
    if (q) {
        u->query = true;
        qpos = (size_t)(q - href);
    }
    if (qpos > end)
        qpos = end;

    /* Start from the base document's folder, unless the reference is empty (same document). */
    if (qpos == 0) {
        if (!epi_buf_puts(&path, base))
            goto out;
    } else {
        /* path-absolute: RSC-026, then resolved from the container root as epubcheck does */
        size_t skip = href[0] == '/';
        if (skip)
            u->escapes = true;
        if (!epi_url_resolve_path(skip ? NULL : base, href + skip, qpos - skip, true, &path,
                                  &u->escapes))
            goto out;
    }
    if (path.len == 0 && !epi_buf_append(&path, "", 0))
        goto out;
    u->path = epi_chk_nfc(path.data ? path.data : "");
    ok = u->path != NULL;
out:
    epi_buf_free(&path);
    epi_buf_free(&dec);
    if (!ok)
        epi_chk_url_free(u);
    return ok;
}

/* Sets a flag of a reference's target. The documents' references are checked on several
 * threads at once (check.c), and many may point to one target: an atomic store. */
static void mark(bool *flag)
{
    __atomic_store_n(flag, true, __ATOMIC_RELAXED);
}

static bool is_content_doc(const epi_chk_item *it)
{
    return it->media_type &&
           (strcmp(it->media_type, EPI_MT_XHTML) == 0 || strcmp(it->media_type, EPI_MT_SVG) == 0);
}

/* Fragments that are not plain ids: EPUB CFI, SVG views, media fragments (all valid). */
static bool fragment_is_id(const char *frag)
{
    return strchr(frag, '(') == NULL && strchr(frag, '=') == NULL;
}

static const char *kind_name(epi_chk_ref_kind kind)
{
    switch (kind) {
    case EPI_REF_STYLESHEET:
        return "stylesheet";
    case EPI_REF_SCRIPT:
        return "script";
    case EPI_REF_FONT:
        return "font";
    default:
        return "resource";
    }
}

/* The href of the document's first <base> in its head, or NULL. */
static xmlChar *html_base(const xmlNode *n)
{
    const xmlNode *root = n && n->doc ? xmlDocGetRootElement(n->doc) : NULL;
    if (!epi_chk_is(root, EPI_NS_XHTML, "html"))
        return NULL;
    for (const xmlNode *h = root->children; h; h = h->next)
        if (epi_chk_is(h, EPI_NS_XHTML, "head"))
            for (const xmlNode *b = h->children; b; b = b->next) {
                /* a <base> counts from where it stands, as epubcheck reads the document in
                 * order: a <link> before it keeps the document's own URL */
                for (const xmlNode *a = n; a && a != h; a = a->parent)
                    if (a == b)
                        return NULL;
                if (epi_chk_is(b, EPI_NS_XHTML, "base") &&
                    xmlHasNsProp(b, (const xmlChar *)"href", NULL))
                    return xmlGetNoNsProp(b, (const xmlChar *)"href");
            }
    return NULL;
}

/* base, then each xml:base from the outermost ancestor of n to n, resolved in turn. */
static xmlChar *xml_base(const xmlNode *n, xmlChar *base)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return base;
    base = xml_base(n->parent, base);
    xmlChar *x = epi_chk_may_have(n, "base")
                     ? xmlGetNsProp(n, (const xmlChar *)"base", (const xmlChar *)EPI_NS_XML)
                     : NULL;
    if (!x)
        return base;
    xmlChar *r = base ? xmlBuildURI(x, base) : xmlStrdup(x);
    xmlFree(x);
    xmlFree(base);
    return r;
}

char *epi_chk_with_base(epi_chk *c, const xmlNode *n, const char *href)
{
    xmlChar *base = xml_base(n, html_base(n));
    char *r = NULL;
    if (!base)
        return NULL;
    bool remote =
        epi_url_is_external((const char *)base) && strncasecmp((const char *)base, "data:", 5) != 0;
    /* a fragment alone stays in the document unless the base leaves the container */
    if (href[0] == '#' && !remote) {
        xmlFree(base);
        return NULL;
    }
    xmlChar *u = xmlBuildURI((const xmlChar *)href, base);
    if (u) {
        r = epi_strdup((const char *)u);
        if (!r)
            epi_chk_oom(c);
    }
    xmlFree(u);
    xmlFree(base);
    return r;
}

void epi_chk_fragment(epi_chk *c, const epi_chk_item *target, const char *fragment,
                      const char *from, int line, int col)
{
    /* an encrypted document is not read, so it has no ids: epubcheck reports the fragment as
     * not defined */
    if ((target->parsed || target->encrypted) &&
        (!target->ids || !xmlHashLookup(target->ids, (const xmlChar *)fragment)))
        epi_chk_report_col(c, EP_SEV_ERROR, "RSC-012", from, line, col,
                           "fragment \"#%s\" is not defined in \"%s\"", fragment, target->path);
}

epi_chk_item *epi_chk_ref(epi_chk *c, epi_chk_item *from_item, const char *from, int line,
                          const char *href, epi_chk_ref_kind kind)
{
    epi_chk_url u;
    epi_chk_item *target = NULL;
    /* epubcheck registers nav and NCX links as hyperlinks too */
    bool hyperlink = kind == EPI_REF_HYPERLINK || kind == EPI_REF_NAV || kind == EPI_REF_NCX;

    if (!epi_chk_url_resolve(from, href, &u)) {
        epi_chk_oom(c);
        return NULL;
    }
    if (u.empty)
        goto out;
    const char *bad = u.data ? NULL : epi_url_invalid(href); /* data: may hold spaces */
    if (bad)
        epi_chk_report(c, EP_SEV_ERROR, "RSC-020", from, line, "\"%s\" is not a valid URL (%s)",
                       href, bad);
    /* epubcheck's URLChecker keeps one state per file: once it has met a URL with a scheme,
     * it takes every later one of the file as remote and no longer reports a relative URL's
     * query (RSC-033) or its leaving the container (RSC-026). Followed, for the same verdict. */
    bool after_absolute = from_item && from_item->absolute_seen;
    if (from_item && (u.remote || u.file || u.data))
        from_item->absolute_seen = true;
    /* Remote (or file:) resources need the remote-resources property, allowed or not; links
     * and stylesheets do not count (epubcheck's checkResourceURL). */
    if ((u.remote || u.file) && from_item && !hyperlink && kind != EPI_REF_CITE &&
        kind != EPI_REF_STYLESHEET)
        from_item->has_remote = true;
    if (u.file) {
        epi_chk_report(c, EP_SEV_ERROR, "RSC-030", from, line, "file URLs are not allowed: \"%s\"",
                       href);
        /* and, as epubcheck 5.3 has it, a file: resource is a remote one (RSC-006) */
        if (!hyperlink && kind != EPI_REF_CITE && kind != EPI_REF_MEDIA && kind != EPI_REF_FONT)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-006", from, line,
                           "remote %s \"%s\" is not allowed; it must be in the EPUB container",
                           kind_name(kind), href);
        goto out;
    }
    if (u.data) {
        if (hyperlink)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-029", from, line,
                           "data URLs are not allowed in hyperlinks");
        goto out;
    }
    if (u.remote) {
        char *key = epi_chk_trim(href);
        if (!key) {
            epi_chk_oom(c);
            goto out;
        }
        char *hash = strchr(key, '#');
        if (hash)
            *hash = '\0'; /* the manifest declares the resource, not the fragment */
        target = c->item_by_path ? xmlHashLookup(c->item_by_path, (xmlChar *)key) : NULL;
        free(key);
        if (target && kind == EPI_REF_FONT)
            mark(&target->font_use);
        if (target && hyperlink)
            mark(&target->linked); /* a remote non-media target is reported (RSC-006) */
        if (kind == EPI_REF_NAV) {
            epi_chk_report(c, EP_SEV_ERROR, "NAV-010", from, line,
                           "navigation links must point into the publication: \"%s\"", href);
            goto out;
        }
        if (hyperlink || kind == EPI_REF_CITE)
            goto out;
        /* EPUB 3.3 §3.6: only audio, video and fonts may be remote (a remote spine item is
         * checked on the manifest); then HTTPS is recommended (RSC-031, a warning). */
        const char *mt = target && target->media_type ? target->media_type : "";
        /* EPUB 2 allows no remote resource at all (epubcheck's ResourceReferencesChecker) */
        bool allowed =
            c->epub3 && (kind == EPI_REF_MEDIA || kind == EPI_REF_FONT ||
                         strncmp(mt, "audio/", 6) == 0 || strncmp(mt, "video/", 6) == 0 ||
                         epi_chk_is_font_type(mt) || (target && target->in_spine));
        /* epubcheck's CSSHandler notes a remote url() as the remote-resources property in
         * either version (OPF-014 where it is not declared, as EPUB 2 cannot) */
        if (from_item && (kind == EPI_REF_FONT || kind == EPI_REF_CSS_URL))
            from_item->css_remote = true;
        if (!allowed) {
            epi_chk_report(c, EP_SEV_ERROR, "RSC-006", from, line,
                           "remote %s \"%s\" is not allowed; only audio, video and fonts may "
                           "be remote",
                           kind_name(kind), href);
            if (target)
                mark(&target->remote_reported);
            goto out;
        }
        const char *h = href;
        while (*h == ' ' || *h == '\t' || *h == '\n' || *h == '\r')
            h++;
        if (strncasecmp(h, "https:", 6) != 0)
            epi_chk_report(c, EP_SEV_WARNING, "RSC-031", from, line,
                           "remote resource \"%s\" should use HTTPS", href);
        if (!target && !c->single)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-008", from, line,
                           "remote resource \"%s\" is not declared in the manifest", href);
        goto out;
    }
    /* Both are reported and the reference is then checked as resolved (clamped at the root,
     * without the query), as epubcheck's URLChecker does. Alone, the document's place in the
     * container is unknown. */
    if (u.query && !after_absolute)
        epi_chk_report(c, EP_SEV_ERROR, "RSC-033", from, line,
                       "relative URL \"%s\" must not have a query", href);
    if (u.escapes && !c->single && !after_absolute)
        epi_chk_report(c, EP_SEV_ERROR, "RSC-026", from, line,
                       "URL \"%s\" leaks outside the container", href);

    if (c->opf_path && strcmp(u.path, c->opf_path) == 0)
        goto out; /* links into the package document (EPUB CFI) are fine */
    epi_chk_entry *e = epi_chk_entry_find(c, u.path);
    target = c->item_by_path ? xmlHashLookup(c->item_by_path, (xmlChar *)u.path) : NULL;
    if (!target && c->single)
        goto out; /* a document checked alone: the other resources are not available */
    if (!target) {
        if (kind == EPI_REF_CITE && !e)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-007", from, line,
                           "referenced resource \"%s\" could not be found", u.path);
        else if (e && !e->is_dir)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-008", from, line,
                           "referenced resource \"%s\" is not declared in the manifest", u.path);
        else if (kind != EPI_REF_CITE)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-007", from, line,
                           "referenced resource \"%s\" could not be found", u.path);
        goto out;
    }
    /* a publication resource reference (epubcheck's Reference.Type: not links) uses it */
    if (!hyperlink && kind != EPI_REF_CITE)
        mark(&target->used);
    if (!hyperlink && kind != EPI_REF_CITE && kind != EPI_REF_STYLESHEET && from_item &&
        from_item->media_type && !strcmp(from_item->media_type, EPI_MT_XHTML) &&
        target->media_type && !strcmp(target->media_type, EPI_MT_SVG))
        from_item->svg_ref = true;
    if (!target->entry) {
        /* declared but missing (RSC-001 on the manifest item): an id in it cannot be found
         * either, as epubcheck reports */
        if (hyperlink)
            mark(&target->linked);
        if (u.fragment && *u.fragment && !c->single && is_content_doc(target) &&
            fragment_is_id(u.fragment))
            epi_chk_report(c, EP_SEV_ERROR, "RSC-012", from, line,
                           "fragment \"#%s\" is not defined in \"%s\"", u.fragment, target->path);
        goto out;
    }

    /* As epubcheck's ResourceReferencesChecker: the target's type first (a finding there ends
     * the check of this reference), then the fragment. A link to the document itself counts
     * as a hyperlink to it (OPF-096). */
    if (hyperlink) {
        mark(&target->linked);
        if (!epi_chk_content_fallback(c, target)) {
            epi_chk_report(c, EP_SEV_ERROR, "RSC-010", from, line,
                           "hyperlink to \"%s\", which is not a content document and has no "
                           "fallback to one",
                           target->path);
            goto out;
        }
        if (!target->in_spine && c->has_spine) { /* without a spine, epubcheck says RSC-005 */
            epi_chk_report(c, EP_SEV_ERROR, "RSC-011", from, line,
                           "hyperlink to \"%s\", which is not in the spine", target->path);
            goto out;
        }
    }
    if (u.fragment && kind == EPI_REF_STYLESHEET)
        epi_chk_report(c, EP_SEV_ERROR, "RSC-013", from, line,
                       "stylesheet URL \"%s\" must not have a fragment", href);
    else if (u.fragment && target->media_type && strncmp(target->media_type, "image/", 6) == 0 &&
             strcmp(target->media_type, EPI_MT_SVG) != 0)
        epi_chk_report(c, EP_SEV_WARNING, "RSC-009", from, line,
                       "fragment on the non-SVG image \"%s\"", href);
    else if (u.fragment && *u.fragment && !c->single && is_content_doc(target) &&
             fragment_is_id(u.fragment) &&
             !epi_chk_defer_fragment(c, target, u.fragment, from, line))
        epi_chk_fragment(c, target, u.fragment, from, line, epi_chk_col(c, from, line));
out:
    epi_chk_url_free(&u);
    return target;
}
