/*
 * Web pages → one chapter (docs/ARCHITECTURE.md "Web pages").
 *
 * The page's bytes are decoded to UTF-8 (web_charset.c), parsed by Gumbo
 * (the WHATWG algorithm, as browsers and Readability's jsdom parse), its metadata read
 * (webmeta.c), and its article found: explicit markup first ([itemprop=articleBody], <article>,
 * <main>), else a score of text and link density over the blocks in the manner of Mozilla's
 * Readability; when what is found has too little text, the search is done again with the filters
 * relaxed, as Readability's attempts are. The article is rebuilt as XHTML through the allow-list of
 * rawhtml.c, with relative links made absolute and images taken from the saved page's folder.
 */
#include "web_private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum {
    WEB_MAX_BYTES = EPI_LIMIT_WEB_BYTES, /* a saved news page is 0.1–2 MB */
    /* An article found whose text is more than this share of links is a page of links (an
     * index, a list of articles), refused; a long text is an article whatever its links. A
     * blog's link round-up (trafilatura's set: 77% links) is still an article. */
    LISTING_LINK_PCT = 85,
    LISTING_MAX_TEXT = 20000
};

bool epi_is_web_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && !strcasecmp(name + n - 5, ".html")) ||
           (n > 4 && !strcasecmp(name + n - 4, ".htm"));
}

/* The page's own address: <base href> when absolute, else what webmeta.c found (canonical,
 * og:url, the "saved from" comment); *url is NULL when the page says none. False when out of
 * memory (then the links would silently lose their address). */
static bool page_url(const GumboNode *root, const epi_webmeta *wm, char **url)
{
    const GumboNode *head = NULL;
    const GumboVector *kv = epi_web_kids(root);
    for (unsigned i = 0; i < kv->length && !head; i++)
        if (epi_web_is(kv->data[i], GUMBO_TAG_HEAD))
            head = kv->data[i];
    for (unsigned i = 0; head && i < head->v.element.children.length; i++) {
        const GumboNode *b = head->v.element.children.data[i];
        const char *href = epi_web_is(b, GUMBO_TAG_BASE) ? epi_web_attr(b, "href") : NULL;
        char scheme[8];
        size_t sl = href ? epi_url_scheme(href, scheme, sizeof scheme) : 0;
        if (sl && (!strcmp(scheme, "http") || !strcmp(scheme, "https")))
            return (*url = epi_strdup(href)) != NULL;
    }
    *url = NULL;
    return !wm->url || (*url = epi_strdup(wm->url)) != NULL;
}

static const GumboNode *body_of(const GumboNode *root)
{
    const GumboVector *kv = epi_web_kids(root);
    for (unsigned i = 0; i < kv->length; i++)
        if (epi_web_is(kv->data[i], GUMBO_TAG_BODY))
            return kv->data[i];
    return root;
}

ep_status epi_web_to_chapter(epi_ctx *ctx, epi_chapter *ch, epi_meta *meta, char **text,
                             size_t *text_len, time_t *newest, char **image, int *image_line)
{
    const char *path = ch->src_path;
    char *raw = NULL, *page = NULL, *url = NULL, *dir = NULL;
    size_t len = 0, plen = 0;
    GumboOutput *out = NULL;
    GumboOptions opt = kGumboDefaultOptions;
    epi_webmeta wm = {0};
    ep_status st;
    struct stat sb;
    size_t over;

    /* Gumbo keeps every parse error with a copy of the stack of open elements: memory grows
     * with nesting squared. We never read them. */
    opt.max_errors = 0;
    *text = NULL;
    *text_len = 0;
    if (image) {
        *image = NULL;
        *image_line = 0;
    }
    if (stat(path, &sb) == 0 && sb.st_size > WEB_MAX_BYTES)
        return epi_fail(ctx->err, EP_ERR_INPUT, path, 0, 0,
                        "the page is %lld bytes; pages over %d MB are refused (save the page "
                        "without its inline data or split it)",
                        (long long)sb.st_size, WEB_MAX_BYTES / (1024 * 1024));
    if ((st = epi_input_read(ctx, path, &raw, &len, newest)))
        goto out;
    if ((st = epi_web_decode(ctx, path, raw, len, &opt, &page, &plen)))
        goto out;
    /* On the page decoded to UTF-8, before the parse (a UTF-16 page's tags are not ASCII bytes). */
    bool attrs_over;
    if ((over =
             epi_html_depth_over(page, plen, WEB_MAX_NESTING, EPI_LIMIT_HTML_ATTRS, &attrs_over))) {
        if (over == SIZE_MAX)
            st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        else if (attrs_over)
            st = epi_fail(ctx->err, EP_ERR_INPUT, path, epi_line_at(page, over - 1), 0,
                          "a tag with more than %d attributes here; the page is refused",
                          EPI_LIMIT_HTML_ATTRS);
        else
            st = epi_fail(ctx->err, EP_ERR_INPUT, path, epi_line_at(page, over - 1), 0,
                          "elements are nested more than %d deep here; the page is refused",
                          WEB_MAX_NESTING);
        goto out;
    }
    if (!(out = gumbo_parse_with_options(&opt, page, plen))) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    bool page_title = !meta->title; /* not the user's */
    if ((st = epi_webmeta_read(ctx, out->document, path, meta, &wm)))
        goto out;
    if (meta->title && !ch->title && !(ch->title = epi_strdup(meta->title))) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    const GumboNode *body = body_of(out->root);
    const char *slash = strrchr(path, '/');
    dir = slash ? epi_strndup(path, (size_t)(slash - path + (slash == path))) : epi_strdup(".");
    if (!page_url(out->root, &wm, &url) || !dir) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    xmlNodePtr xbody = epi_xhtml_body(ch->doc);
    if (!xbody) {
        st = epi_fail(ctx->err, EP_ERR_XML, path, 0, 0, "chapter document has no <body>");
        goto out;
    }
    epi_web_source src = {.path = path,
                          .dir = dir,
                          .base = url,
                          .body = body,
                          .byline = meta->ncreators ? wm.byline : NULL,
                          .title = meta->title};
    if ((st = epi_web_rebuild(ctx, ch, &src, xbody)))
        goto out;
    xmlChar *t = xmlNodeGetContent(xbody);
    if (!t) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    size_t tl = strlen((const char *)t);
    bool blank = strspn((const char *)t, " \t\n\r") == tl;
    *text = epi_strdup((const char *)t);
    *text_len = tl;
    xmlFree(t);
    if (!*text) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    if (blank) {
        st = epi_fail(ctx->err, EP_ERR_INPUT, path, 0, 0,
                      "no article text found in the page (no paragraphs of text outside "
                      "navigation, scripts and forms)");
        goto out;
    }
    size_t all = 0, linked = 0;
    epi_web_link_text(xbody->children, false, &all, &linked);
    if (all < LISTING_MAX_TEXT && linked * 100 > all * LISTING_LINK_PCT) {
        st = epi_fail(ctx->err, EP_ERR_INPUT, path, 0, 0,
                      "the page is a list of links (an index or listing page), not an article: "
                      "%zu%% of the text found is links; save the article's own page",
                      all ? linked * 100 / all : 0);
        goto out;
    }
    /* The page's headline said once, not again after the title with the site's name. */
    if (page_title)
        epi_web_drop_headline(xbody, meta->title);
    /* After the test for an empty article: the title alone is no article. */
    if (!epi_web_title_heading(xbody, meta->title)) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    if (image) {
        *image = wm.image;
        *image_line = wm.image_line;
        wm.image = NULL;
    }
out:
    if (st) {
        free(*text);
        *text = NULL;
    }
    if (out)
        gumbo_destroy_output(&opt, out);
    epi_webmeta_free(&wm);
    free(raw);
    free(page);
    free(url);
    free(dir);
    return st;
}
