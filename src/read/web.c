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
#include "read_private.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum {
    WEB_MAX_BYTES = EPI_LIMIT_WEB_BYTES, /* a saved news page is 0.1–2 MB */
    /* Element nesting refused before parsing (html_depth.c): the HTML5 algorithm searches the
     * stack of open elements for most start tags, so n nested <div>s cost n² (100 000: two
     * minutes in Gumbo 0.10.1). Readability's 130 test pages nest at most 70
     * (tests/bench/html_parsers.sh). */
    WEB_MAX_NESTING = EPI_LIMIT_HTML_DEPTH,
    /* Output depth below <body> beyond which elements are unwrapped (markdown.c MD_MAX_DEPTH:
     * libxml2-based readers refuse documents deeper than 256). */
    WEB_OUT_DEPTH = 64,
    MIN_PARA = 25, /* characters for a block to count as text (Readability's 25) */
    /* A caption longer than this (non-space characters) is taken for text that a class name
     * mislabels, and kept. */
    MAX_CAPTION_TEXT = 600,
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

static bool name_in(const char *name, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && !strncasecmp(list[i], name, n))
            return true;
    return false;
}

/* ---------- the Gumbo tree ---------- */

static const char *gattr(const GumboNode *n, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : NULL;
}

static bool is_tag(const GumboNode *n, GumboTag t)
{
    return n && n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == t;
}

/* The element's lower-case name, also for elements Gumbo 0.10.1 does not know (<picture>,
 * <dialog>: GUMBO_TAG_UNKNOWN); "" when it does not fit. */
static const char *tag_name(const GumboNode *n, char *buf, size_t size)
{
    if (n->v.element.tag != GUMBO_TAG_UNKNOWN)
        return gumbo_normalized_tagname(n->v.element.tag);
    GumboStringPiece p = n->v.element.original_tag;
    gumbo_tag_from_original_text(&p);
    buf[0] = '\0';
    if (!p.data || p.length >= size)
        return buf;
    for (size_t i = 0; i < p.length; i++) {
        char ch = p.data[i];
        buf[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
    }
    buf[p.length] = '\0';
    return buf;
}

static bool is_named(const GumboNode *n, const char *name)
{
    char buf[16];
    return n && n->type == GUMBO_NODE_ELEMENT && !strcmp(tag_name(n, buf, sizeof buf), name);
}

static const GumboVector *kids(const GumboNode *n)
{
    return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE
               ? &n->v.element.children
               : &n->v.document.children;
}

/* Case-insensitive: does `s` contain one of the words? */
static bool has_word(const char *s, const char *const *words, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (epi_ci_find(s, words[i]))
            return true;
    return false;
}

#define HAS_WORD(s, list) has_word(s, list, sizeof list / sizeof list[0])

/* Class and id words of blocks that are not the article (Readability's "unlikely candidates",
 * with Russian sites' usual names), unless a word of `maybe` says it is content. */
static const char *const unlikely[] = {
    "-ad-",      "ad-break",   "advert",     "agegate",  "banner",       "breadcrumb", "combx",
    "comment",   "communit",   "cookie",     "disqus",   "footer",       "gdpr",       "header",
    "menu",      "modal",      "newsletter", "pager",    "paginat",      "popup",      "promo",
    "recommend", "related",    "remark",     "replies",  "rss",          "share",      "sharing",
    "shoutbox",  "sidebar",    "skyscraper", "social",   "sponsor",      "subscribe",  "tags",
    "widget",    "yom-remote", "read-more",  "readmore", "most-popular", "podpis",     "banner"};
static const char *const maybe[] = {"and",  "article", "body", "column", "content",
                                    "main", "shadow",  "text", "story",  "post"};
static const char *const positive[] = {"article", "body", "content", "entry", "hentry", "h-entry",
                                       "main",    "page", "post",    "text",  "blog",   "story"};
static const char *const negative[] = {
    "-ad-",  "hidden",   "banner",  "combx",      "comment",  "com-",     "contact", "footer",
    "gdpr",  "masthead", "media",   "meta",       "outbrain", "promo",    "related", "scroll",
    "share", "shoutbox", "sidebar", "skyscraper", "sponsor",  "shopping", "tags",    "widget"};

/* How far the filters are relaxed. Readability.js's _grabArticle drops its flags one at a
 * time while an attempt finds too little text: FLAG_STRIP_UNLIKELYS, then FLAG_WEIGHT_CLASSES,
 * then FLAG_CLEAN_CONDITIONALLY. Each level keeps the ones before it. */
enum {
    RELAX_NONE,     /* every filter */
    RELAX_UNLIKELY, /* blocks named ad, menu, modal… are searched and kept (unlikely_block) */
    RELAX_WEIGHTS,  /* class and id names neither add to a score nor take from it */
    RELAX_CLEANING, /* blocks mostly of links, or empty, are kept (clean_away) */
    RELAX_LAST = RELAX_CLEANING
};

/* Text below which an article found is too little (non-space characters): the filters are
 * relaxed and the search done again (Readability's charThreshold is 500 with spaces). */
enum { MIN_ARTICLE_TEXT = 200 };

static bool attr_matches(const GumboNode *n, const char *const *words, size_t count)
{
    return has_word(gattr(n, "class"), words, count) || has_word(gattr(n, "id"), words, count);
}

/* Does n hold an element of tag t (depth-first, bounded)? */
static bool holds_tag(const GumboNode *n, GumboTag t, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || depth > WEB_MAX_NESTING + 64)
        return false;
    const GumboVector *k = kids(n);
    for (unsigned i = 0; i < k->length; i++) {
        const GumboNode *c = k->data[i];
        if (c->type == GUMBO_NODE_ELEMENT && (c->v.element.tag == t || holds_tag(c, t, depth + 1)))
            return true;
    }
    return false;
}

/* A <form> that wraps the page rather than asking for input: ASP.NET puts the whole body in
 * one <form id="aspnetForm"> (or "mainform"), so the article is inside it. Such a form holds
 * the page's <h1>, <main> or <article>; a search, login or comment form does not. */
static bool page_form(const GumboNode *n)
{
    return holds_tag(n, GUMBO_TAG_H1, 0) || holds_tag(n, GUMBO_TAG_MAIN, 0) ||
           holds_tag(n, GUMBO_TAG_ARTICLE, 0);
}

/* Elements never part of an article, whatever their text. */
static bool junk_element(const GumboNode *n)
{
    switch (n->v.element.tag) {
    case GUMBO_TAG_FORM:
        if (page_form(n))
            break;
        return true;
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META:
        return true;
    default:
        break;
    }
    if (n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML || is_named(n, "dialog"))
        return true;
    static const char *const roles[] = {"navigation",  "complementary", "banner",
                                        "contentinfo", "dialog",        "alertdialog",
                                        "menu",        "menubar",       "search"};
    const char *role = gattr(n, "role");
    for (size_t i = 0; role && i < sizeof roles / sizeof roles[0]; i++)
        if (!strcasecmp(role, roles[i]))
            return true;
    const char *hidden = gattr(n, "aria-hidden");
    const char *style = gattr(n, "style");
    if (gattr(n, "hidden") || (hidden && !strcmp(hidden, "true")))
        return true;
    if (style && (epi_ci_find(style, "display:none") || epi_ci_find(style, "display: none") ||
                  epi_ci_find(style, "visibility:hidden")))
        return true;
    return false;
}

/* Class and id, word by word: does a word name an unlikely block (*unl), and does a word that
 * names none say content (the return)? A `maybe` word inside the unlikely word itself
 * ("jp-relatedposts", "article-comments") does not rescue it (issue 22: WordPress's related
 * posts, on many sites). */
static bool maybe_word(const GumboNode *n, bool *unl)
{
    const char *attrs[2] = {gattr(n, "class"), gattr(n, "id")};
    bool rescue = false;
    *unl = false;
    for (int a = 0; a < 2; a++)
        for (const char *s = attrs[a]; s && *s;) {
            s += strspn(s, " \t\n\r\f");
            size_t len = strcspn(s, " \t\n\r\f");
            char w[128];
            if (!len)
                break;
            if (len < sizeof w) {
                memcpy(w, s, len);
                w[len] = '\0';
                bool u = HAS_WORD(w, unlikely);
                *unl = *unl || u;
                rescue = rescue || (!u && HAS_WORD(w, maybe));
            }
            s += len;
        }
    return rescue;
}

/* An embedded post quoted in the article: the <blockquote> that Twitter, Instagram, TikTok,
 * Bluesky or Mastodon give a site to paste (the text of the post, with a script that draws it).
 * Sites wrap it in blocks named "social" or "embed-share"; the post is the article's own
 * quotation and stays (issue 22: embedded tweets were lost). */
static bool holds_post(const GumboNode *n, int depth)
{
    static const char *const posts[] = {"twitter-tweet", "instagram-media", "tiktok-embed",
                                        "bluesky-embed", "mastodon-embed"};
    if (n->type != GUMBO_NODE_ELEMENT || depth > 8)
        return false;
    if (is_tag(n, GUMBO_TAG_BLOCKQUOTE))
        return HAS_WORD(gattr(n, "class"), posts);
    const GumboVector *k = kids(n);
    for (unsigned i = 0; i < k->length; i++)
        if (holds_post(k->data[i], depth + 1))
            return true;
    return false;
}

static bool unlikely_block(const GumboNode *n, int relax)
{
    bool unl = false;
    return relax < RELAX_UNLIKELY && !holds_post(n, 0) && !is_tag(n, GUMBO_TAG_BODY) &&
           !is_tag(n, GUMBO_TAG_A) && !is_tag(n, GUMBO_TAG_ARTICLE) && !is_tag(n, GUMBO_TAG_MAIN) &&
           attr_matches(n, unlikely, sizeof unlikely / sizeof unlikely[0]) &&
           !maybe_word(n, &unl) && unl;
}

typedef struct measure {
    size_t text, links, commas, paras, imgs;
} measure;

/* Text (non-space bytes, UTF-8 continuation bytes not counted), the part inside links, commas,
 * paragraphs and images of a subtree, skipping what is never shown. */
static void measure_node(const GumboNode *n, measure *m, bool in_link, int depth)
{
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
        for (const unsigned char *t = (const unsigned char *)n->v.text.text; *t; t++) {
            if (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r' || (*t & 0xC0) == 0x80)
                continue;
            m->text++;
            if (in_link)
                m->links++;
            if (*t == ',')
                m->commas++;
        }
        return;
    }
    if (n->type != GUMBO_NODE_ELEMENT || depth > WEB_MAX_NESTING + 64)
        return;
    switch (n->v.element.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
        return;
    case GUMBO_TAG_A:
        in_link = true;
        break;
    case GUMBO_TAG_P:
        m->paras++;
        break;
    case GUMBO_TAG_IMG:
        m->imgs++;
        break;
    default:
        break;
    }
    const GumboVector *k = kids(n);
    for (unsigned i = 0; i < k->length; i++)
        measure_node(k->data[i], m, in_link, depth + 1);
}

static measure measure_of(const GumboNode *n)
{
    measure m = {0};
    measure_node(n, &m, false, 0);
    return m;
}

static double link_density(const measure *m)
{
    return m->text ? (double)m->links / (double)m->text : 0;
}

/* ---------- finding the article ---------- */

typedef struct cand {
    const GumboNode *node;
    double score;
} cand;

typedef struct finder {
    cand *v;
    size_t n, cap;
    const GumboNode *best_explicit[3]; /* articleBody, <article>, <main> */
    size_t best_text[3];
    int relax;
    bool oom;
} finder;

static cand *candidate(finder *f, const GumboNode *n)
{
    for (size_t i = f->n; i-- > 0;)
        if (f->v[i].node == n)
            return &f->v[i];
    cand *v = epi_grow(f->v, &f->cap, f->n, sizeof *v, 64);
    if (!v) {
        f->oom = true;
        return NULL;
    }
    f->v = v;
    double base = 0;
    switch (n->v.element.tag) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_SECTION:
        base = 5;
        break;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BLOCKQUOTE:
        base = 3;
        break;
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_FORM:
        base = -3;
        break;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
        base = -5;
        break;
    default:
        break;
    }
    if (f->relax < RELAX_WEIGHTS) {
        if (attr_matches(n, positive, sizeof positive / sizeof positive[0]))
            base += 25;
        if (attr_matches(n, negative, sizeof negative / sizeof negative[0]))
            base -= 25;
    }
    f->v[f->n] = (cand){n, base};
    return &f->v[f->n++];
}

/* A <div> whose children are all phrasing content reads as a paragraph. Sectioning and
 * grouping elements (<main>, <header>, <form>…) are blocks too: a <div> whose only child is
 * <main> holds the article, it is not a paragraph (issue 22). */
static bool block_element(const GumboNode *c)
{
    if (c->type != GUMBO_NODE_ELEMENT)
        return false;
    switch (c->v.element.tag) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_P:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_HR:
        return true;
    default:
        return false;
    }
}

static bool block_child(const GumboNode *n)
{
    const GumboVector *k = kids(n);
    for (unsigned i = 0; i < k->length; i++)
        if (block_element(k->data[i]))
            return true;
    return false;
}

/* A paragraph of text m whose parent is `a` adds to the scores of a and four ancestors. */
static void score_paragraph(finder *f, const measure *mp, const GumboNode *a)
{
    measure m = *mp;
    if (m.text < MIN_PARA)
        return;
    /* Readability: one point, one per comma, one per 100 characters up to 3. */
    double score = 1 + (double)m.commas + (double)(m.text / 100 < 3 ? m.text / 100 : 3);
    for (int level = 0; a && a->type == GUMBO_NODE_ELEMENT && level < 5; level++, a = a->parent) {
        cand *c = candidate(f, a);
        if (!c)
            return;
        c->score += level == 0 ? score : level == 1 ? score / 2 : score / (level * 3);
    }
}

static void explicit_candidate(finder *f, int kind, const GumboNode *n)
{
    measure m = measure_of(n);
    if (m.text > f->best_text[kind]) {
        f->best_text[kind] = m.text;
        f->best_explicit[kind] = n;
    }
}

static void walk_find(finder *f, const GumboNode *n, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || f->oom || depth > WEB_MAX_NESTING + 64)
        return;
    if (junk_element(n) || unlikely_block(n, f->relax))
        return;
    GumboTag t = n->v.element.tag;
    const char *ip = gattr(n, "itemprop");
    const char *role = gattr(n, "role");
    const char *id = gattr(n, "id");
    /* MediaWiki's article text is #mw-content-text; its #content also holds the site's notes
     * ("From Wikipedia, the free encyclopedia", "Jump to navigation"). Readability knows it. */
    if ((ip && !strcmp(ip, "articleBody")) || (id && !strcmp(id, "mw-content-text")))
        explicit_candidate(f, 0, n);
    else if (t == GUMBO_TAG_ARTICLE)
        explicit_candidate(f, 1, n);
    else if (t == GUMBO_TAG_MAIN || (role && !strcasecmp(role, "main")))
        explicit_candidate(f, 2, n);
    if (t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_TD ||
        (t == GUMBO_TAG_DIV && !block_child(n))) {
        measure m = measure_of(n);
        score_paragraph(f, &m, n->parent);
        if (t != GUMBO_TAG_TD)
            return;
    }
    const GumboVector *k = kids(n);
    /* A <div> that mixes blocks with bare text (paragraphs split by <br>, no <p>): each run of
     * text and inline elements between two blocks is a paragraph of the <div> (Readability
     * wraps such runs in <p>; issue 22: whole articles of <br> text were never scored). */
    measure run = {0};
    for (unsigned i = 0; i <= k->length; i++) {
        const GumboNode *c = i < k->length ? k->data[i] : NULL;
        bool inline_node =
            c && (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA ||
                  (c->type == GUMBO_NODE_ELEMENT && !junk_element(c) && !block_element(c)));
        if (t == GUMBO_TAG_DIV && inline_node) {
            measure_node(c, &run, false, depth + 1);
            continue;
        }
        if (run.text)
            score_paragraph(f, &run, n);
        run = (measure){0};
        if (c)
            walk_find(f, c, depth + 1);
    }
}

typedef struct article {
    const GumboNode **roots; /* in document order */
    size_t n, cap;
} article;

static bool add_root(article *a, const GumboNode *n)
{
    const GumboNode **v = epi_grow(a->roots, &a->cap, a->n, sizeof *v, 8);
    if (!v)
        return false;
    a->roots = v;
    a->roots[a->n++] = n;
    return true;
}

static double score_of(const finder *f, const GumboNode *n)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->v[i].node == n)
            return f->v[i].score;
    return -1;
}

/* Explicit markup with at least this much text wins over the score. */
enum { EXPLICIT_MIN_TEXT = 200 };

static bool find_article(const GumboNode *body, int relax, article *out)
{
    finder f = {.relax = relax};
    bool ok = true;
    walk_find(&f, body, 0);
    if (f.oom) {
        ok = false;
        goto out;
    }
    for (int k = 0; k < 3; k++) {
        /* A teaser <article> (a box of another story) is not the page's article when the
         * <main> holds four times its text. */
        if (k == 1 && f.best_explicit[2] && f.best_text[1] * 4 < f.best_text[2])
            continue;
        if (f.best_explicit[k] && f.best_text[k] >= EXPLICIT_MIN_TEXT) {
            ok = add_root(out, f.best_explicit[k]);
            goto out;
        }
    }
    const GumboNode *top = NULL;
    double best = 0;
    for (size_t i = 0; i < f.n; i++) {
        measure m = measure_of(f.v[i].node);
        f.v[i].score *= 1 - link_density(&m);
        if (!top || f.v[i].score > best) {
            top = f.v[i].node;
            best = f.v[i].score;
        }
    }
    if (!top) {
        ok = add_root(out, body); /* no paragraph anywhere: the whole body, cleaned */
        goto out;
    }
    /* An only child says nothing its parent does not. */
    while (top->parent && top->parent->type == GUMBO_NODE_ELEMENT &&
           !is_tag(top->parent, GUMBO_TAG_BODY)) {
        const GumboVector *k = kids(top->parent);
        size_t elements = 0;
        for (unsigned i = 0; i < k->length; i++)
            elements += ((const GumboNode *)k->data[i])->type == GUMBO_NODE_ELEMENT;
        if (elements != 1)
            break;
        top = top->parent;
    }
    /* Siblings that score near the top candidate, or read as paragraphs, belong to the article
     * (an article split by an ad block). */
    const GumboNode *parent = top->parent;
    if (!parent || parent->type != GUMBO_NODE_ELEMENT) {
        ok = add_root(out, top);
        goto out;
    }
    double threshold = best * 0.2 > 10 ? best * 0.2 : 10;
    const char *top_class = gattr(top, "class");
    const GumboVector *k = kids(parent);
    for (unsigned i = 0; i < k->length && ok; i++) {
        const GumboNode *s = k->data[i];
        if (s->type != GUMBO_NODE_ELEMENT)
            continue;
        bool take = s == top;
        if (!take && !junk_element(s) && !unlikely_block(s, relax)) {
            double sc = score_of(&f, s);
            const char *cls = gattr(s, "class");
            if (top_class && cls && *cls && !strcmp(cls, top_class))
                sc += best * 0.2;
            take = sc >= threshold;
            if (!take && is_tag(s, GUMBO_TAG_P)) {
                measure m = measure_of(s);
                double ld = link_density(&m);
                take = (m.text > 80 && ld < 0.25) || (m.text > 0 && m.text <= 80 && ld == 0);
            }
        }
        if (take)
            ok = add_root(out, s);
    }
out:
    free(f.v);
    return ok;
}

/* ---------- the article → XHTML ---------- */

/* What the XHTML parent accepts (HTML §3.2.5 content models, as epubcheck's schema checks). */
typedef enum kind {
    K_FLOW,
    K_PHRASING,
    K_LIST,  /* ul, ol: li only */
    K_DL,    /* dt, dd only */
    K_TABLE, /* caption, colgroup, thead, tbody, tfoot, tr */
    K_TSECT, /* thead, tbody, tfoot: tr only */
    K_TR,    /* td, th only */
    K_COLGROUP,
    K_FIGURE
} kind;

typedef struct ids {
    char **v;
    size_t cap, n; /* open addressing, cap a power of two */
} ids;

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Adds s; false when it is there already or on out of memory (*oom). */
static bool ids_add(ids *t, const char *s, bool *oom)
{
    if (t->n * 2 >= t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        char **v = calloc(cap, sizeof *v);
        if (!v) {
            *oom = true;
            return false;
        }
        for (size_t i = 0; i < t->cap; i++)
            if (t->v[i]) {
                size_t j = hash_str(t->v[i]) & (cap - 1);
                while (v[j])
                    j = (j + 1) & (cap - 1);
                v[j] = t->v[i];
            }
        free(t->v);
        t->v = v;
        t->cap = cap;
    }
    size_t j = hash_str(s) & (t->cap - 1);
    for (; t->v[j]; j = (j + 1) & (t->cap - 1))
        if (!strcmp(t->v[j], s))
            return false;
    if (!(t->v[j] = epi_strdup(s))) {
        *oom = true;
        return false;
    }
    t->n++;
    return true;
}

static bool ids_has(const ids *t, const char *s)
{
    if (!t->cap)
        return false;
    for (size_t j = hash_str(s) & (t->cap - 1); t->v[j]; j = (j + 1) & (t->cap - 1))
        if (!strcmp(t->v[j], s))
            return true;
    return false;
}

static void ids_free(ids *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->v[i]);
    free(t->v);
}

/* An attempt's warnings (EPK-WEB-IMAGE, EPK-WEB-LINK), held until the attempt is kept
 * (epi_web_to_chapter). The element type is named: clang-format 14 and 19 lay out a pointer to an
 * unnamed struct differently (scripts/check-format.sh). */
typedef struct held_warning {
    epi_diag code;
    int line;
    char *msg;
} held_warning;

typedef struct held {
    held_warning *v;
    size_t n, cap;
} held;

static void held_free(held *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->v[i].msg);
    free(h->v);
    *h = (held){0};
}

typedef struct conv {
    epi_ctx *ctx;
    epi_chapter *ch;
    const char *dir;         /* the page's folder */
    const char *base;        /* absolute URL of the page, or NULL */
    const GumboNode *byline; /* the byline webmeta.c read the author from: typeset writes it */
    int relax;               /* RELAX_*: the filters this attempt drops */
    ids ids;
    size_t root_text; /* text of the article's roots: a block holding half of it stays */
    held warnings;
    bool said_folder; /* the missing NAME_files folder was warned about */
    bool said_links;  /* relative links without the page's address were warned about */
    bool oom;
    ep_status st;
} conv;

static bool is_phrasing(const char *x)
{
    static const char *const ph[] = {
        "a",     "abbr", "b",      "bdi", "bdo",  "br",   "cite", "code", "del",  "dfn", "em",
        "i",     "img",  "ins",    "kbd", "mark", "q",    "rp",   "rt",   "ruby", "s",   "samp",
        "small", "span", "strong", "sub", "sup",  "time", "u",    "var",  "wbr"};
    return name_in(x, strlen(x), ph, sizeof ph / sizeof ph[0]);
}

static kind kind_of(const char *x)
{
    static const char *const ph_parents[] = {"p",  "h1",  "h2", "h3",      "h4",     "h5",
                                             "h6", "pre", "dt", "summary", "caption"};
    if (!strcmp(x, "ul") || !strcmp(x, "ol"))
        return K_LIST;
    if (!strcmp(x, "dl"))
        return K_DL;
    if (!strcmp(x, "table"))
        return K_TABLE;
    if (!strcmp(x, "thead") || !strcmp(x, "tbody") || !strcmp(x, "tfoot"))
        return K_TSECT;
    if (!strcmp(x, "tr"))
        return K_TR;
    if (!strcmp(x, "colgroup"))
        return K_COLGROUP;
    if (!strcmp(x, "figure"))
        return K_FIGURE;
    if (is_phrasing(x) ||
        name_in(x, strlen(x), ph_parents, sizeof ph_parents / sizeof ph_parents[0]))
        return K_PHRASING;
    return K_FLOW;
}

/* May an element named x be a child in this context? */
static bool fits(kind k, const char *x)
{
    switch (k) {
    case K_PHRASING:
        return is_phrasing(x);
    case K_LIST:
        return !strcmp(x, "li");
    case K_DL:
        return !strcmp(x, "dt") || !strcmp(x, "dd");
    case K_TABLE:
        return !strcmp(x, "caption") || !strcmp(x, "colgroup") || !strcmp(x, "thead") ||
               !strcmp(x, "tbody") || !strcmp(x, "tfoot") || !strcmp(x, "tr");
    case K_TSECT:
        return !strcmp(x, "tr");
    case K_TR:
        return !strcmp(x, "td") || !strcmp(x, "th");
    case K_COLGROUP:
        return !strcmp(x, "col");
    case K_FLOW:
    case K_FIGURE:
        /* Items and cells only inside their containers; figcaption only in a figure. */
        return strcmp(x, "li") && strcmp(x, "dt") && strcmp(x, "dd") && strcmp(x, "tr") &&
               strcmp(x, "td") && strcmp(x, "th") && strcmp(x, "caption") &&
               strcmp(x, "colgroup") && strcmp(x, "col") && strcmp(x, "thead") &&
               strcmp(x, "tbody") && strcmp(x, "tfoot") &&
               (k == K_FIGURE || strcmp(x, "figcaption"));
    }
    return false;
}

static bool text_allowed(kind k)
{
    return k == K_FLOW || k == K_PHRASING || k == K_FIGURE;
}

static void nomem(conv *c)
{
    c->oom = true;
}

static void hold_warning(conv *c, epi_diag code, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void hold_warning(conv *c, epi_diag code, int line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    held *h = &c->warnings;
    void *v = epi_grow(h->v, &h->cap, h->n, sizeof *h->v, 4);
    char *m = epi_strdup(msg);
    if (!v || !m) {
        free(m);
        nomem(c);
        return;
    }
    h->v = v;
    h->v[h->n].code = code;
    h->v[h->n].line = line;
    h->v[h->n++].msg = m;
}

static void set_line(xmlNodePtr el, const GumboNode *n)
{
    unsigned line = n->v.element.start_pos.line;
    el->line = line < 65535 ? (unsigned short)line : 65535;
}

/* `url` made absolute against the page, or NULL when it cannot be (no page URL). "#frag" stays. */
static char *absolute(conv *c, const char *url)
{
    epi_buf b = {0};
    while (*url == ' ' || *url == '\n' || *url == '\t')
        url++;
    if (url[0] == '#' || epi_url_scheme_len(url, strlen(url)))
        return epi_strdup(url);
    if (!c->base)
        return NULL;
    if (!epi_url_absolute(c->base, url, &b)) {
        nomem(c);
        epi_buf_free(&b);
        return NULL;
    }
    return b.len ? epi_buf_detach(&b) : (epi_buf_free(&b), NULL);
}

/* Is `url` a file of the saved page (relative, present on disk)? */
static bool local_file(conv *c, const char *url)
{
    struct stat sb;
    if (!*url || epi_url_is_external(url))
        return false;
    char *path = epi_url_decode(url, strcspn(url, "?#"));
    char *full = path ? epi_path_join(c->dir, path) : NULL;
    bool ok = full && stat(full, &sb) == 0 && S_ISREG(sb.st_mode);
    if (!path || !full)
        nomem(c);
    free(path);
    free(full);
    return ok;
}

typedef struct pick {
    char *url;
    double weight;
    bool local;
} pick;

/* Considers one candidate URL for an image: a local file beats any remote one, then the larger
 * width ("800w") or density ("2x" as 2000). */
static void consider(conv *c, pick *p, const char *url, size_t n, double weight)
{
    char *u = epi_strndup(url, n);
    if (!u) {
        nomem(c);
        return;
    }
    bool local = local_file(c, u);
    if (!strncasecmp(u, "data:", 5) ||
        (p->url && (p->local > local || (p->local == local && p->weight >= weight)))) {
        free(u);
        return;
    }
    free(p->url);
    p->url = u;
    p->weight = weight;
    p->local = local;
}

static void consider_srcset(conv *c, pick *p, const char *set)
{
    while (set && *set) {
        set += strspn(set, " \t\n,");
        size_t n = strcspn(set, " \t\n");
        if (n && set[n - 1] == ',')
            n--; /* "a.jpg, b.jpg 2x": a URL without a descriptor */
        if (!n)
            break;
        const char *d = set + n;
        d += strspn(d, " \t\n");
        double w = 1000;
        char *end = NULL;
        double v = strtod(d, &end);
        if (end && end > d && (*end == 'w' || *end == 'W'))
            w = v;
        else if (end && end > d && (*end == 'x' || *end == 'X'))
            w = v * 1000;
        consider(c, p, set, n, w);
        set = d + strcspn(d, ",");
    }
}

static void add_text_node(conv *c, xmlNodePtr dst, const char *t)
{
    if (t && *t && !epi_xml_add_text(dst, t, strlen(t)))
        nomem(c);
}

/* Text of a subtree with whitespace runs as one space, trimmed, at most size - 1 bytes. */
static void plain_text(const GumboNode *n, char *buf, size_t size, size_t *len, int depth)
{
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
        n->type == GUMBO_NODE_WHITESPACE) {
        for (const char *t = n->v.text.text; *t && *len + 1 < size; t++) {
            bool space = *t == ' ' || *t == '\n' || *t == '\t' || *t == '\r';
            if (space && (*len == 0 || buf[*len - 1] == ' '))
                continue;
            buf[(*len)++] = space ? ' ' : *t;
        }
        buf[*len] = '\0';
        return;
    }
    if (n->type != GUMBO_NODE_ELEMENT || depth > 32 || is_tag(n, GUMBO_TAG_SCRIPT) ||
        is_tag(n, GUMBO_TAG_STYLE))
        return;
    const GumboVector *k = kids(n);
    for (unsigned i = 0; i < k->length; i++)
        plain_text(k->data[i], buf, size, len, depth + 1);
}

/* An alt text that tells a reader nothing more: an image file's name ("IMG_2041.jpg",
 * "Stammtisch-KV-Kassel.jpg"), or, for a remote image (which becomes its alt text), the words
 * the figure's own <figcaption> starts with (before its credit), which the book shows anyway:
 * read twice otherwise. */
static bool redundant_alt(const GumboNode *img, const char *alt, bool local)
{
    static const char *const exts[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"};
    size_t n = strlen(alt);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && !strcasecmp(alt + n - e, exts[i]) && !strchr(alt, ' '))
            return true;
    }
    const GumboNode *fig = img->parent;
    for (int up = 0; fig && up < 4 && !is_tag(fig, GUMBO_TAG_FIGURE); up++)
        fig = fig->parent;
    if (local || !fig || !is_tag(fig, GUMBO_TAG_FIGURE) || !*alt)
        return false;
    const GumboVector *k = kids(fig);
    for (unsigned i = 0; i < k->length; i++) {
        const GumboNode *cap = k->data[i];
        if (!is_tag(cap, GUMBO_TAG_FIGCAPTION))
            continue;
        char buf[1024];
        size_t len = 0;
        buf[0] = '\0';
        plain_text(cap, buf, sizeof buf, &len, 0);
        if (len + 1 < sizeof buf && epi_web_said_by(alt, buf, true))
            return true;
    }
    return false;
}

/* <img> (or the <img> of a <picture>): the largest local candidate among src, srcset, the
 * lazy-loading data-* attributes and the <source>s. */
static void pick_image(conv *c, const GumboNode *img, const GumboNode *picture, pick *p)
{
    static const char *const lazy[] = {"data-src",  "data-original", "data-lazy-src",
                                       "data-lazy", "data-url",      "data-hi-res-src"};
    const char *src = gattr(img, "src");
    if (src)
        consider(c, p, src, strlen(src), 1);
    for (size_t i = 0; i < sizeof lazy / sizeof lazy[0]; i++) {
        const char *v = gattr(img, lazy[i]);
        if (v && *v)
            consider(c, p, v, strlen(v), 1000);
    }
    consider_srcset(c, p, gattr(img, "srcset"));
    consider_srcset(c, p, gattr(img, "data-srcset"));
    if (picture) {
        const GumboVector *kv = kids(picture);
        for (unsigned i = 0; i < kv->length; i++)
            if (is_tag(kv->data[i], GUMBO_TAG_SOURCE)) {
                consider_srcset(c, p, gattr(kv->data[i], "srcset"));
                consider_srcset(c, p, gattr(kv->data[i], "data-srcset"));
            }
    }
}

/* Does the subtree hold an image of the saved page (a local file, which the book will show)? */
static bool shows_image(conv *c, const GumboNode *n, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || depth > 32 || c->oom)
        return false;
    if (is_tag(n, GUMBO_TAG_IMG)) {
        pick p = {0};
        pick_image(c, n, is_named(n->parent, "picture") ? n->parent : NULL, &p);
        free(p.url);
        return p.local;
    }
    const GumboVector *k = kids(n);
    for (unsigned i = 0; i < k->length; i++)
        if (shows_image(c, k->data[i], depth + 1))
            return true;
    return false;
}

/* A caption or a picture's credit ("Foto: …", "© Agency"): a <figcaption>, or a block whose class
 * or id says caption, credit or copyright and that holds no picture itself. It belongs to the
 * picture of its <figure>, or else of the nearest enclosing block that holds one; when that
 * picture is not in the book (a remote image, not saved with the page), the caption describes
 * nothing the reader sees and goes (issue 22: captions and credits were a fifth of the text
 * kept that is not the article). The alt text of a remote image is kept as images.c keeps it. */
static bool orphan_caption(conv *c, const GumboNode *n)
{
    static const char *const words[] = {"credit", "copyright"};
    if (!attr_matches(n, words, sizeof words / sizeof words[0]) || holds_tag(n, GUMBO_TAG_IMG, 0))
        return false;
    if (measure_of(n).text > MAX_CAPTION_TEXT)
        return false;
    const GumboNode *holder = NULL;
    for (const GumboNode *a = n->parent; a && a->type == GUMBO_NODE_ELEMENT && !holder;
         a = a->parent)
        if (is_tag(a, GUMBO_TAG_FIGURE))
            holder = a;
    /* Else the nearest block that holds a picture and little more than the caption (not the
     * article that holds the caption and its own pictures). */
    int up = 0;
    for (const GumboNode *a = n->parent; a && a->type == GUMBO_NODE_ELEMENT && !holder;
         a = a->parent) {
        if (++up > 3 || is_tag(a, GUMBO_TAG_ARTICLE) || is_tag(a, GUMBO_TAG_MAIN) ||
            is_tag(a, GUMBO_TAG_BODY) || measure_of(a).text > 2 * MAX_CAPTION_TEXT)
            break;
        if (holds_tag(a, GUMBO_TAG_IMG, 0))
            holder = a;
    }
    return !holder || !shows_image(c, holder, 0);
}

/* The folder a browser saves a page's files in ("Page_files/…", Chrome and Firefox; "Page-Dateien"
 * is not guessed), named by a relative URL, when it is not beside the page: its name, or NULL. */
static char *missing_folder(conv *c, const char *url)
{
    size_t n = strcspn(url, "/?#");
    if (url[n] != '/' || n < 7 || strncmp(url + n - 6, "_files", 6))
        return NULL;
    char *name = epi_url_decode(url, n);
    char *full = name ? epi_path_join(c->dir, name) : NULL;
    struct stat sb;
    bool missing = full && stat(full, &sb) != 0;
    if (!name || !full)
        nomem(c);
    free(full);
    if (!missing) {
        free(name);
        return NULL;
    }
    return name;
}

static void image(conv *c, const GumboNode *img, const GumboNode *picture, xmlNodePtr dst, kind k)
{
    pick p = {0};
    const char *alt = gattr(img, "alt");

    pick_image(c, img, picture, &p);
    if (!p.url)
        goto out;
    if (alt && redundant_alt(img, alt, p.local))
        alt = "";
    /* A local file out of the page's folder (../, a symbolic link) stays local: images.c refuses
     * it with its line. */
    if (!p.local && !epi_url_is_external(p.url)) {
        char *folder = missing_folder(c, p.url);
        if (folder) {
            /* "Web page, complete" keeps the pictures in NAME_files beside NAME.html; the page
             * was moved without it. Said once, not as a remote image per picture. */
            if (!c->said_folder)
                hold_warning(c, EPI_DIAG_WEB_IMAGE, (int)img->v.element.start_pos.line,
                             "the saved page's folder '%s' is missing (it should be beside the "
                             "page): its pictures are left out, their descriptions kept as text",
                             folder);
            c->said_folder = true;
            free(folder);
            if (alt && text_allowed(k))
                add_text_node(c, dst, alt);
            goto out;
        }
        char *abs = absolute(c, p.url);
        if (!abs) {
            /* Not in the saved folder and no page URL to fetch it from later. */
            hold_warning(c, EPI_DIAG_WEB_IMAGE, (int)img->v.element.start_pos.line,
                         "image '%s' is not in the saved page's folder; %s", p.url,
                         alt && *alt ? "its description is kept as text" : "it is left out");
            if (alt && text_allowed(k))
                add_text_node(c, dst, alt);
            goto out;
        }
        free(p.url);
        p.url = abs;
    }
    /* src/read/images.c copies a local file (checked to lie inside the book folder) and warns
     * about a remote one, keeping its alt text. */
    if (!fits(k, "img"))
        goto out;
    xmlNodePtr el = xmlNewChild(dst, NULL, BAD_CAST "img", NULL);
    if (!el || !xmlNewProp(el, BAD_CAST "src", BAD_CAST p.url) ||
        (alt && !xmlNewProp(el, BAD_CAST "alt", BAD_CAST alt))) {
        nomem(c);
        goto out;
    }
    set_line(el, img);
out:
    free(p.url);
}

static void convert_node(conv *c, const GumboNode *n, xmlNodePtr dst, kind k, int depth);

static void convert_children(conv *c, const GumboNode *n, xmlNodePtr dst, kind k, int depth)
{
    const GumboVector *kv = kids(n);
    for (unsigned i = 0; i < kv->length && !c->oom; i++)
        convert_node(c, kv->data[i], dst, k, depth);
}

/* Readability's conditional cleaning: a list, table or block inside the article that is mostly
 * links (related stories, tags) or has no text and nothing to show. */
static bool clean_away(const GumboNode *n, int relax)
{
    GumboTag t = n->v.element.tag;
    if (relax >= RELAX_CLEANING)
        return false;
    if (t != GUMBO_TAG_DIV && t != GUMBO_TAG_UL && t != GUMBO_TAG_OL && t != GUMBO_TAG_SECTION &&
        t != GUMBO_TAG_TABLE && t != GUMBO_TAG_HEADER)
        return false;
    if (holds_post(n, 0))
        return false;
    measure m = measure_of(n);
    if (m.text == 0 && m.imgs == 0)
        return t != GUMBO_TAG_TABLE;
    if (relax < RELAX_WEIGHTS && attr_matches(n, negative, sizeof negative / sizeof negative[0]) &&
        !attr_matches(n, positive, sizeof positive / sizeof positive[0]) && m.text < 1000)
        return true;
    return link_density(&m) > 0.5 && m.text < 1000;
}

/* HTML names that become another XHTML element (sectioning wrappers carry nothing a reader
 * needs; <center>, <font> and <big> are gone from HTML5). */
static const char *rename_element(const char *x)
{
    static const char *const to_div[] = {"article", "main",   "header",   "hgroup",
                                         "address", "center", "fieldset", "legend"};
    if (name_in(x, strlen(x), to_div, sizeof to_div / sizeof to_div[0]))
        return "div";
    if (!strcmp(x, "big") || !strcmp(x, "font") || !strcmp(x, "nobr") || !strcmp(x, "tt"))
        return !strcmp(x, "tt") ? "code" : "span";
    if (!strcmp(x, "strike"))
        return "s";
    return x;
}

static void copy_attributes(conv *c, const GumboNode *n, xmlNodePtr el, const char *x)
{
    const GumboVector *av = &n->v.element.attributes;
    for (unsigned i = 0; i < av->length && !c->oom; i++) {
        const GumboAttribute *a = av->data[i];
        const char *an = a->name;
        if (!strcmp(an, "class") || !strcmp(an, "src"))
            continue; /* the page's classes mean nothing to our stylesheet */
        if (!strcmp(an, "id")) {
            bool oom = false;
            if (!ids_add(&c->ids, a->value, &oom)) {
                if (oom)
                    nomem(c);
                continue; /* a second element with the same id */
            }
        }
        if (!strcmp(an, "href") || !strcmp(an, "cite")) {
            char *abs = absolute(c, a->value);
            if (abs && !epi_html_set_attr(el, x, an, abs))
                nomem(c);
            if (!abs && !c->oom && !c->said_links && !strcmp(an, "href")) {
                hold_warning(c, EPI_DIAG_WEB_LINK, (int)n->v.element.start_pos.line,
                             "relative links such as '%s' are kept as text: the page does not "
                             "say its address (no <base>, canonical link, og:url or \"saved "
                             "from\" comment)",
                             a->value);
                c->said_links = true;
            }
            free(abs);
            continue;
        }
        if (!epi_html_set_attr(el, x, an, a->value))
            nomem(c);
    }
}

/* A <div> of phrasing content is a paragraph (Readability turns them into <p> too); a <div>
 * or <section> of blocks only is a wrapper and goes, so that the article's first heading is
 * the body's first element (typeset/byline.c matches it with the title). */
static void tidy_block(conv *c, xmlNodePtr el)
{
    bool text = false, blocks = false;
    for (xmlNodePtr k = el->children; k; k = k->next) {
        if (k->type == XML_TEXT_NODE)
            text = text ||
                   strspn((const char *)k->content, " \t\n\r") < strlen((const char *)k->content);
        else if (k->type == XML_ELEMENT_NODE && !is_phrasing((const char *)k->name))
            blocks = true;
    }
    if (!blocks) {
        if (text && !strcmp((const char *)el->name, "div"))
            xmlNodeSetName(el, BAD_CAST "p");
        return;
    }
    if (text || el->properties)
        return;
    while (el->children) {
        xmlNodePtr k = el->children;
        xmlUnlinkNode(k);
        if (!xmlAddPrevSibling(el, k)) {
            xmlFreeNode(k);
            nomem(c);
            return;
        }
    }
    xmlUnlinkNode(el);
    xmlFreeNode(el);
}

/* A dl holds groups of one or more dt, then one or more dd (HTML's content model). Pages use
 * a dd without a dt to indent (Wikipedia) or end a list on a dt; such a dl becomes a div, its
 * dt paragraphs and its dd divs, which keeps the text and its order. */
static void tidy_dl(xmlNodePtr dl)
{
    enum { NONE, TERM, DESC } state = NONE;
    bool valid = true;
    for (xmlNodePtr k = dl->children; k && valid; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)k->name, "dt"))
            state = TERM;
        else if (state == NONE)
            valid = false; /* a dd before any dt */
        else
            state = DESC;
    }
    if (valid && state != TERM)
        return;
    xmlNodeSetName(dl, BAD_CAST "div");
    for (xmlNodePtr k = dl->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE)
            xmlNodeSetName(k, BAD_CAST(!strcmp((const char *)k->name, "dt") ? "p" : "div"));
}

static void convert_node(conv *c, const GumboNode *n, xmlNodePtr dst, kind k, int depth)
{
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
        n->type == GUMBO_NODE_WHITESPACE) {
        if (text_allowed(k) && !(n->type == GUMBO_NODE_WHITESPACE && !dst->children))
            add_text_node(c, dst, n->v.text.text);
        return;
    }
    if (n->type != GUMBO_NODE_ELEMENT)
        return;
    if (junk_element(n) || n == c->byline)
        return;
    if (depth > 0 && orphan_caption(c, n))
        return;
    if (depth > 0 && (unlikely_block(n, c->relax) || clean_away(n, c->relax)) &&
        measure_of(n).text * 2 < c->root_text)
        return;
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_IMG) {
        image(c, n, is_named(n->parent, "picture") ? n->parent : NULL, dst, k);
        return;
    }
    char nbuf[16];
    const char *name = tag_name(n, nbuf, sizeof nbuf);
    bool drop = false;
    const char *x = *name ? epi_html_element(rename_element(name), &drop) : NULL;
    if (drop)
        return;
    if (x && !strcmp(x, "li") && k == K_FLOW)
        x = "div"; /* an item outside its list */
    if (x && (!strcmp(x, "dt") || !strcmp(x, "dd")) && k == K_FLOW)
        x = "div";
    if (!x || !fits(k, x) || depth >= WEB_OUT_DEPTH) {
        /* Unwrapped: the content stays, in the enclosing element; a block keeps a space. */
        if (x && k == K_PHRASING && !is_phrasing(x) && dst->children)
            add_text_node(c, dst, " ");
        convert_children(c, n, dst, k, depth + 1);
        return;
    }
    xmlNodePtr el = xmlNewChild(dst, NULL, BAD_CAST x, NULL);
    if (!el) {
        nomem(c);
        return;
    }
    set_line(el, n);
    copy_attributes(c, n, el, x);
    convert_children(c, n, el, kind_of(x), depth + 1);
    /* Empty wrappers left by what was dropped. */
    if (!el->children && !el->properties &&
        (!strcmp(x, "div") || !strcmp(x, "span") || !strcmp(x, "p") || !strcmp(x, "section") ||
         !strcmp(x, "a") || !strcmp(x, "ul") || !strcmp(x, "ol") || !strcmp(x, "figure"))) {
        xmlUnlinkNode(el);
        xmlFreeNode(el);
        return;
    }
    if (!strcmp(x, "dl"))
        tidy_dl(el);
    else if (!strcmp(x, "div") || !strcmp(x, "section"))
        tidy_block(c, el);
}

static void collect_ids(conv *c, xmlNodePtr n, ids *have)
{
    for (; n && !c->oom; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *id = xmlGetProp(n, BAD_CAST "id");
        if (id && !ids_add(have, (const char *)id, &c->oom) && c->oom)
            nomem(c);
        xmlFree(id);
        collect_ids(c, n->children, have);
    }
}

/* Links to fragments that the chapter does not have lose their target (RSC-012). */
static void fix_fragments(conv *c, xmlNodePtr n, const ids *have)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)n->name, "a")) {
            xmlChar *href = xmlGetProp(n, BAD_CAST "href");
            if (href && href[0] == '#' && !ids_has(have, (const char *)href + 1))
                xmlUnsetProp(n, BAD_CAST "href");
            xmlFree(href);
        }
        fix_fragments(c, n->children, have);
    }
}

/* The page's own address: <base href> when absolute, else what webmeta.c found (canonical,
 * og:url, the "saved from" comment). */
static char *page_url(const GumboNode *root, const epi_webmeta *wm)
{
    const GumboNode *head = NULL;
    const GumboVector *kv = kids(root);
    for (unsigned i = 0; i < kv->length && !head; i++)
        if (is_tag(kv->data[i], GUMBO_TAG_HEAD))
            head = kv->data[i];
    for (unsigned i = 0; head && i < head->v.element.children.length; i++) {
        const GumboNode *b = head->v.element.children.data[i];
        const char *href = is_tag(b, GUMBO_TAG_BASE) ? gattr(b, "href") : NULL;
        char scheme[8];
        size_t sl = href ? epi_url_scheme(href, scheme, sizeof scheme) : 0;
        if (sl && (!strcmp(scheme, "http") || !strcmp(scheme, "https")))
            return epi_strdup(href);
    }
    return wm->url ? epi_strdup(wm->url) : NULL;
}

static const GumboNode *body_of(const GumboNode *root)
{
    const GumboVector *kv = kids(root);
    for (unsigned i = 0; i < kv->length; i++)
        if (is_tag(kv->data[i], GUMBO_TAG_BODY))
            return kv->data[i];
    return root;
}

/* One attempt with the filters relaxed to `relax`: the article found and rebuilt as the
 * children of a new <body> of the chapter's document, not yet in its tree, its warnings held in
 * c; NULL on out of memory (c->oom). */
static xmlNodePtr attempt(conv *c, const GumboNode *body, xmlNodePtr xbody, int relax,
                          const char *title)
{
    article art = {0};
    xmlNodePtr got = xmlNewDocNode(xbody->doc, xbody->ns, BAD_CAST "body", NULL);
    if (!got || !find_article(body, relax, &art)) {
        nomem(c);
        goto out;
    }
    ids_free(&c->ids);
    c->ids = (ids){0};
    held_free(&c->warnings);
    c->said_folder = false;
    c->said_links = false;
    c->relax = relax;
    c->root_text = 0;
    for (size_t i = 0; i < art.n; i++)
        c->root_text += measure_of(art.roots[i]).text;
    for (size_t i = 0; i < art.n && !c->oom; i++)
        convert_node(c, art.roots[i], got, K_FLOW, 0);
    if (!c->oom && !epi_web_tidy(got))
        nomem(c);
    epi_web_drop_title_line(got, title);
out:
    free(art.roots);
    if (c->oom) {
        xmlFreeNode(got);
        return NULL;
    }
    return got;
}

ep_status epi_web_to_chapter(epi_ctx *ctx, epi_chapter *ch, epi_meta *meta, char **text,
                             size_t *text_len, time_t *newest, char **image, int *image_line)
{
    const char *path = ch->src_path;
    char *raw = NULL, *page = NULL, *url = NULL, *dir = NULL;
    size_t len = 0, plen = 0;
    GumboOutput *out = NULL;
    GumboOptions opt = kGumboDefaultOptions;
    conv c = {0};
    xmlNodePtr kept = NULL; /* the attempt kept */
    held kept_warnings = {0};
    size_t kept_text = 0;
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
    /* On the bytes, before any parse: tags are ASCII in every charset we read. */
    if ((over = epi_html_depth_over(raw, len, WEB_MAX_NESTING))) {
        st = over == SIZE_MAX
                 ? epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory")
                 : epi_fail(ctx->err, EP_ERR_INPUT, path, epi_line_at(raw, over - 1), 0,
                            "elements are nested more than %d deep here; the page is refused",
                            WEB_MAX_NESTING);
        goto out;
    }
    if ((st = epi_web_decode(ctx, path, raw, len, &opt, &page, &plen)))
        goto out;
    if (!(out = gumbo_parse_with_options(&opt, page, plen))) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    if ((st = epi_webmeta_read(ctx, out->document, path, meta, &wm)))
        goto out;
    if (meta->title && !ch->title && !(ch->title = epi_strdup(meta->title))) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    const GumboNode *body = body_of(out->root);
    const char *slash = strrchr(path, '/');
    dir = slash ? epi_strndup(path, (size_t)(slash - path + (slash == path))) : epi_strdup(".");
    url = page_url(out->root, &wm);
    if (!dir) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    c = (conv){.ctx = ctx,
               .ch = ch,
               .dir = dir,
               .base = url,
               .byline = meta->ncreators ? wm.byline : NULL};
    xmlNodePtr xbody = epi_xhtml_body(ch->doc);
    if (!xbody) {
        st = epi_fail(ctx->err, EP_ERR_XML, path, 0, 0, "chapter document has no <body>");
        goto out;
    }
    /* An article with too little text is looked for again with the filters relaxed, one level
     * more each time (Readability's _attempts); the attempt with the most text is kept, with
     * its warnings. */
    for (int relax = RELAX_NONE; relax <= RELAX_LAST && kept_text < MIN_ARTICLE_TEXT; relax++) {
        xmlNodePtr got = attempt(&c, body, xbody, relax, meta->title);
        if (!got) {
            st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
            goto out;
        }
        size_t n = epi_web_text_chars(got->children);
        if (kept && n <= kept_text) {
            xmlFreeNode(got);
            continue;
        }
        xmlFreeNode(kept);
        kept = got;
        kept_text = n;
        held_free(&kept_warnings);
        kept_warnings = c.warnings;
        c.warnings = (held){0};
    }
    for (size_t i = 0; i < kept_warnings.n; i++)
        epi_warn(ctx, kept_warnings.v[i].code, path, kept_warnings.v[i].line, "%s",
                 kept_warnings.v[i].msg);
    while (kept->children) {
        xmlNodePtr k = kept->children;
        xmlUnlinkNode(k);
        if (!xmlAddChild(xbody, k)) {
            xmlFreeNode(k);
            st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
            goto out;
        }
    }
    ids have = {0};
    collect_ids(&c, xbody->children, &have);
    if (!c.oom)
        fix_fragments(&c, xbody->children, &have);
    ids_free(&have);
    if (c.oom) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
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
    ids_free(&c.ids);
    held_free(&c.warnings);
    held_free(&kept_warnings);
    xmlFreeNode(kept);
    epi_webmeta_free(&wm);
    free(raw);
    free(page);
    free(url);
    free(dir);
    return st;
}
