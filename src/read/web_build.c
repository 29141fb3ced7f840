/*
 * The article found (web_find.c) rebuilt as XHTML (web_private.h): through the allow-list of
 * rawhtml.c, in the content model's contexts (what may not be made where is unwrapped), with
 * boilerplate inside it cleaned away, relative links made absolute and images taken from the
 * saved page's folder. An article with too little text is looked for again with the filters
 * relaxed, as Readability's attempts are.
 */
#include "web_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum {
    /* Output depth below <body> beyond which elements are unwrapped (markdown.c MD_MAX_DEPTH:
     * libxml2-based readers refuse documents deeper than 256). */
    WEB_OUT_DEPTH = 64,
    /* A caption longer than this (non-space characters) is taken for text that a class name
     * mislabels, and kept. */
    MAX_CAPTION_TEXT = 600,
    /* Text below which an article found is too little (non-space characters): the filters are
     * relaxed and the search done again (Readability's charThreshold is 500 with spaces). */
    MIN_ARTICLE_TEXT = 200
};

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
    xmlNodePtr out;   /* the body this attempt builds */
    bool oom;
    ep_status st;
} conv;

static bool is_phrasing(const char *x)
{
    static const char *const ph[] = {
        "a",     "abbr", "b",      "bdi", "bdo",  "br",   "cite", "code", "del",  "dfn", "em",
        "i",     "img",  "ins",    "kbd", "mark", "q",    "rp",   "rt",   "ruby", "s",   "samp",
        "small", "span", "strong", "sub", "sup",  "time", "u",    "var",  "wbr"};
    return epi_web_name_in(x, strlen(x), ph, sizeof ph / sizeof ph[0]);
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
        epi_web_name_in(x, strlen(x), ph_parents, sizeof ph_parents / sizeof ph_parents[0]))
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
    /* White space around an address is no part of it; pages leave a no-break space there too
     * ("https://ideas.repec.org/p/x.html&nbsp;"), which epubcheck 4.2.6 refuses (RSC-020). */
    size_t n = strlen(url);
    for (;;) {
        bool nbsp = n > 1 && (unsigned char)url[n - 2] == 0xc2 && (unsigned char)url[n - 1] == 0xa0;
        if (!nbsp && !(n > 0 && strchr(" \t\n\r\f", url[n - 1])))
            break;
        n -= nbsp ? 2 : 1;
    }
    char *t = epi_strndup(url, n);
    if (!t) {
        nomem(c);
        return NULL;
    }
    if (t[0] == '#' || epi_url_scheme_len(t, n))
        return t;
    if (c->base && !epi_url_absolute(c->base, t, &b))
        nomem(c);
    free(t);
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

/* An alt text that tells a reader nothing more: an image file's name ("IMG_2041.jpg",
 * "Stammtisch-KV-Kassel.jpg"), or, for a remote image (which becomes its alt text), the words
 * the figure's own <figcaption> starts with (before its credit) when the book shows that
 * caption, beside another picture of the figure that is kept: read twice otherwise. A figure
 * with no picture in the book loses its caption (orphan_caption) and its alt text (image()). */
static bool shows_image(conv *c, const GumboNode *n, int depth);

static bool redundant_alt(conv *c, const GumboNode *img, const char *alt, bool local)
{
    static const char *const exts[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"};
    size_t n = strlen(alt);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && !strcasecmp(alt + n - e, exts[i]) && !strchr(alt, ' '))
            return true;
    }
    const GumboNode *fig = img->parent;
    for (int up = 0; fig && up < 4 && !epi_web_is(fig, GUMBO_TAG_FIGURE); up++)
        fig = fig->parent;
    if (local || !fig || !epi_web_is(fig, GUMBO_TAG_FIGURE) || !*alt || !shows_image(c, fig, 0))
        return false;
    const GumboVector *k = epi_web_kids(fig);
    for (unsigned i = 0; i < k->length; i++) {
        const GumboNode *cap = k->data[i];
        if (!epi_web_is(cap, GUMBO_TAG_FIGCAPTION))
            continue;
        char buf[1024];
        size_t len = 0;
        buf[0] = '\0';
        epi_web_plain_text(cap, buf, sizeof buf, &len, 0);
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
    const char *src = epi_web_attr(img, "src");
    if (src)
        consider(c, p, src, strlen(src), 1);
    for (size_t i = 0; i < sizeof lazy / sizeof lazy[0]; i++) {
        const char *v = epi_web_attr(img, lazy[i]);
        if (v && *v)
            consider(c, p, v, strlen(v), 1000);
    }
    consider_srcset(c, p, epi_web_attr(img, "srcset"));
    consider_srcset(c, p, epi_web_attr(img, "data-srcset"));
    if (picture) {
        const GumboVector *kv = epi_web_kids(picture);
        for (unsigned i = 0; i < kv->length; i++)
            if (epi_web_is(kv->data[i], GUMBO_TAG_SOURCE)) {
                consider_srcset(c, p, epi_web_attr(kv->data[i], "srcset"));
                consider_srcset(c, p, epi_web_attr(kv->data[i], "data-srcset"));
            }
    }
}

/* Does the subtree hold an image of the saved page (a local file, which the book will show)? */
static bool shows_image(conv *c, const GumboNode *n, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || depth > 32 || c->oom)
        return false;
    if (epi_web_is(n, GUMBO_TAG_IMG)) {
        pick p = {0};
        pick_image(c, n, epi_web_is_named(n->parent, "picture") ? n->parent : NULL, &p);
        free(p.url);
        return p.local;
    }
    const GumboVector *k = epi_web_kids(n);
    for (unsigned i = 0; i < k->length; i++)
        if (shows_image(c, k->data[i], depth + 1))
            return true;
    return false;
}

/* A picture's credit by its words: a caption (a <figcaption> or what is in one or in a <figure>,
 * or a block whose class says caption or legend) under 150 characters that starts with a
 * credit's label ("Foto: …", "Bild: …", "(Quelle: …)", "Imagen: …", "© …"; issue 22: on many
 * sites of trafilatura's set, in its languages). */
static bool credit_line(const GumboNode *n)
{
    static const char *const labels[] = {
        "foto:",   "fotos:",   "photo:",        "photos:", "photograph by", "picture:", "image:",
        "bild:",   "quelle:",  "(foto",         "(quelle", "bildquelle",    "source:",  "imagen:",
        "crédito", "(crédito", "crédits photo", "fot.",    "źródło:",       "kuva:",    "credit:",
        "©",       "(c)"};
    static const char *const caption[] = {"caption", "legend"};
    bool in_caption = epi_web_is(n, GUMBO_TAG_FIGCAPTION) ||
                      epi_web_attr_matches(n, caption, sizeof caption / sizeof caption[0]);
    for (const GumboNode *a = n->parent; a && a->type == GUMBO_NODE_ELEMENT && !in_caption;
         a = a->parent)
        in_caption = epi_web_is(a, GUMBO_TAG_FIGCAPTION) || epi_web_is(a, GUMBO_TAG_FIGURE);
    if (!in_caption)
        return false;
    char buf[256];
    size_t len = 0;
    buf[0] = '\0';
    epi_web_plain_text(n, buf, sizeof buf, &len, 0);
    if (!len || len >= 150)
        return false;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (!strncasecmp(buf, labels[i], strlen(labels[i])))
            return true;
    return false;
}

/* A byline inside the article, as Readability tells one (_isValidByline): an element that
 * names the author (epi_web_names_author) with some text and under 100 characters of it. The
 * book says the author in its own byline. */
static bool byline_element(const GumboNode *n)
{
    if (!epi_web_names_author(n))
        return false;
    epi_web_measure m = epi_web_measure_of(n);
    return m.text > 0 && m.text < 100;
}

/* A caption or a picture's credit: a <figcaption>, or a block whose class or id says caption,
 * credit or copyright, or a caption that is a credit line (credit_line, "Foto: …", "© Agency"),
 * that holds no picture itself and has at most MAX_CAPTION_TEXT of text. It belongs to the
 * picture of its <figure>, or else of the nearest small enclosing block that holds one; when no
 * picture there is in the book (a remote image, or the page saved without it), the caption
 * describes nothing the reader sees and goes, as the image's alt text does (image()). A figure
 * whose picture is kept keeps its caption. Issue 22: captions and credits were a fifth of the text
 * kept that is not the article on trafilatura's set, whose texts and scrapinghub's leave them out;
 * Readability's keep them, and lose a little. */
static bool orphan_caption(conv *c, const GumboNode *n)
{
    static const char *const words[] = {"caption", "credit", "copyright"};
    if (!(epi_web_is(n, GUMBO_TAG_FIGCAPTION) ||
          epi_web_attr_matches(n, words, sizeof words / sizeof words[0]) || credit_line(n)) ||
        epi_web_holds_tag(n, GUMBO_TAG_IMG, 0))
        return false;
    if (epi_web_measure_of(n).text > MAX_CAPTION_TEXT)
        return false;
    const GumboNode *holder = NULL;
    for (const GumboNode *a = n->parent; a && a->type == GUMBO_NODE_ELEMENT && !holder;
         a = a->parent)
        if (epi_web_is(a, GUMBO_TAG_FIGURE))
            holder = a;
    /* Else the nearest block that holds a picture and little more than the caption (not the
     * article that holds the caption and its own pictures). */
    int up = 0;
    for (const GumboNode *a = n->parent; a && a->type == GUMBO_NODE_ELEMENT && !holder;
         a = a->parent) {
        if (++up > 3 || epi_web_is(a, GUMBO_TAG_ARTICLE) || epi_web_is(a, GUMBO_TAG_MAIN) ||
            epi_web_is(a, GUMBO_TAG_BODY) || epi_web_measure_of(a).text > 2 * MAX_CAPTION_TEXT)
            break;
        if (epi_web_holds_tag(a, GUMBO_TAG_IMG, 0))
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

/* Does the picture sit in a line of text (an emoji, a symbol: its parent holds text of its own)
 * rather than stand alone (a photo, a chart)? */
static bool in_text_line(const GumboNode *img, const GumboNode *picture)
{
    const GumboNode *at = picture ? picture : img;
    const GumboNode *parent = at->parent;
    if (!parent || parent->type != GUMBO_NODE_ELEMENT)
        return false;
    const GumboVector *k = epi_web_kids(parent);
    for (unsigned i = 0; i < k->length; i++) {
        const GumboNode *t = k->data[i];
        if (t->type == GUMBO_NODE_TEXT &&
            strspn(t->v.text.text, " \t\n\r\f") < strlen(t->v.text.text))
            return true;
    }
    return false;
}

static void image(conv *c, const GumboNode *img, const GumboNode *picture, xmlNodePtr dst, kind k)
{
    pick p = {0};
    const char *alt = epi_web_attr(img, "alt");

    pick_image(c, img, picture, &p);
    if (!p.url)
        goto out;
    if (alt && redundant_alt(c, img, alt, p.local))
        alt = "";
    /* A picture not in the book (a remote image, a file the page was saved without) that stands
     * alone leaves no text behind: its alt text read as a line of the article is a caption
     * without its picture (issue 22: on 13 sites of trafilatura's set, and in none of
     * Readability's expected texts). One in a line of text (an emoji) keeps it. */
    if (!p.local && alt && *alt && !in_text_line(img, picture))
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
                             "page): its pictures are left out",
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
    if (!p.local && (!alt || !*alt)) {
        /* Nothing of it stays (images.c keeps a remote image's alt text alone): an <img>
         * without src holds its place, so that a heading over it heads something, until
         * epi_web_tidy takes it away with the <figure> left empty. */
        hold_warning(c, EPI_DIAG_RSC_006, (int)img->v.element.start_pos.line,
                     "remote image '%s' is not allowed in an EPUB; it is left out", p.url);
        if (fits(k, "img") && !xmlNewChild(dst, NULL, BAD_CAST "img", NULL))
            nomem(c);
        goto out;
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
    const GumboVector *kv = epi_web_kids(n);
    for (unsigned i = 0; i < kv->length && !c->oom; i++)
        convert_node(c, kv->data[i], dst, k, depth);
}

/* HTML names that become another XHTML element (sectioning wrappers carry nothing a reader
 * needs; <center>, <font> and <big> are gone from HTML5). */
static const char *rename_element(const char *x)
{
    static const char *const to_div[] = {"article", "main",   "header",   "hgroup",
                                         "address", "center", "fieldset", "legend"};
    if (epi_web_name_in(x, strlen(x), to_div, sizeof to_div / sizeof to_div[0]))
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
    if (epi_web_junk(n) || n == c->byline)
        return;
    /* A caption that holds most of the article's text is its text: a video page's
     * description in the player's "item-caption" (zdf.de), as a block named unlikely below. */
    if (depth > 0 && ((orphan_caption(c, n) && epi_web_measure_of(n).text * 2 < c->root_text) ||
                      byline_element(n) || epi_web_boiler_line(n)))
        return;
    if (epi_web_meta_line(n))
        return;
    if (depth > 0 &&
        (epi_web_unlikely(n, c->relax) || epi_web_clean_away(n, c->relax) ||
         (c->relax < RELAX_UNLIKELY && epi_web_story_teaser(n))) &&
        epi_web_measure_of(n).text * 2 < c->root_text) {
        /* A header dropped before the article's text may hold its lede ("entry-header" holding
         * the "entry-excerpt"): the lede stays. */
        const GumboNode *lede = epi_web_text_chars(c->out->children) < MIN_ARTICLE_TEXT
                                    ? epi_web_lede_below(n, c->relax)
                                    : NULL;
        if (lede)
            convert_node(c, lede, dst, k, depth + 1);
        return;
    }
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_IMG) {
        image(c, n, epi_web_is_named(n->parent, "picture") ? n->parent : NULL, dst, k);
        return;
    }
    char nbuf[16];
    const char *name = epi_web_tag_name(n, nbuf, sizeof nbuf);
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
    /* A <time> without a (valid) datetime holds text only (HTML's content model, RSC-005):
     * pages put markup in it, and typesetting wraps a character the font lacks in a <span>. */
    if (!strcmp(x, "time") && !xmlHasProp(el, BAD_CAST "datetime"))
        xmlNodeSetName(el, BAD_CAST "span");
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

/* One attempt with the filters relaxed to `relax`: the article found and rebuilt as the
 * children of a new <body> of the chapter's document, not yet in its tree, its warnings held in
 * c; NULL on out of memory (c->oom). */
static xmlNodePtr attempt(conv *c, const GumboNode *body, xmlNodePtr xbody, int relax,
                          const char *title)
{
    epi_web_article art = {0};
    xmlNodePtr got = xmlNewDocNode(xbody->doc, xbody->ns, BAD_CAST "body", NULL);
    if (!got || !epi_web_find_article(body, relax, &art)) {
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
    c->out = got;
    for (size_t i = 0; i < art.n; i++)
        c->root_text += epi_web_measure_of(art.roots[i]).text;
    for (size_t i = 0; i < art.n && !c->oom; i++)
        convert_node(c, art.roots[i], got, K_FLOW, 0);
    if (!c->oom)
        epi_web_drop_more(got);
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

ep_status epi_web_rebuild(epi_ctx *ctx, epi_chapter *ch, const epi_web_source *src,
                          xmlNodePtr xbody)
{
    conv c = {.ctx = ctx, .ch = ch, .dir = src->dir, .base = src->base, .byline = src->byline};
    xmlNodePtr kept = NULL; /* the attempt kept */
    held kept_warnings = {0};
    size_t kept_text = 0;
    ids have = {0};
    ep_status st = EP_OK;

    /* An article with too little text is looked for again with the filters relaxed, one level
     * more each time (Readability's _attempts); the attempt with the most text is kept, with
     * its warnings. */
    for (int relax = RELAX_NONE; relax <= RELAX_LAST && kept_text < MIN_ARTICLE_TEXT; relax++) {
        xmlNodePtr got = attempt(&c, src->body, xbody, relax, src->title);
        if (!got)
            goto out;
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
        epi_warn(ctx, kept_warnings.v[i].code, src->path, kept_warnings.v[i].line, "%s",
                 kept_warnings.v[i].msg);
    while (kept->children) {
        xmlNodePtr k = kept->children;
        xmlUnlinkNode(k);
        if (!xmlAddChild(xbody, k)) {
            xmlFreeNode(k);
            nomem(&c);
            goto out;
        }
    }
    collect_ids(&c, xbody->children, &have);
    if (!c.oom)
        fix_fragments(&c, xbody->children, &have);
out:
    if (c.oom)
        st = epi_fail(ctx->err, EP_ERR_NOMEM, src->path, 0, 0, "out of memory");
    ids_free(&have);
    ids_free(&c.ids);
    held_free(&c.warnings);
    held_free(&kept_warnings);
    xmlFreeNode(kept);
    return st;
}
