/*
 * What a block of a web page is, before any scoring (web_private.h): never shown (navigation,
 * forms, hidden), unlikely to be the article by its class or id (Readability's "unlikely
 * candidates"), said to be content or not (its class weights), and its text, links, commas,
 * paragraphs and images.
 */
#include "web_private.h"

#include <string.h>
#include <strings.h>

/* ---------- the Gumbo tree ---------- */

/* The element's lower-case name, also for elements Gumbo 0.10.1 does not know (<picture>,
 * <dialog>: GUMBO_TAG_UNKNOWN); "" when it does not fit. */
const char *epi_web_tag_name(const GumboNode *n, char *buf, size_t size)
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

bool epi_web_is_named(const GumboNode *n, const char *name)
{
    char buf[16];
    return n && n->type == GUMBO_NODE_ELEMENT &&
           !strcmp(epi_web_tag_name(n, buf, sizeof buf), name);
}

/* Case-insensitive: does `s` contain one of the words? */
bool epi_web_has_word(const char *s, const char *const *words, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (epi_ci_find(s, words[i]))
            return true;
    return false;
}

bool epi_web_name_in(const char *name, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && !strncasecmp(list[i], name, n))
            return true;
    return false;
}

/* Class and id words of blocks that are not the article (Readability's "unlikely candidates",
 * with Russian sites' usual names), unless a word of `maybe` says it is content. Issue 22 added,
 * each seen on several sites of trafilatura's set: "comment" in German, Polish and Spanish
 * ("kommentarModul", "komentarz", "comentarios"), the newsletter spelt "news-letter", paywalls,
 * advertising or affiliate disclaimers ("ad-disclosure", "aawp-disclaimer") and the readers'
 * ratings of the post (WP-PostRatings' "post-ratings": aktion-hummelschutz.de,
 * it-finanzmagazin.de). */
static const char *const unlikely[] = {
    "-ad-",       "ad-break",    "advert",     "agegate",      "banner",     "breadcrumb",
    "combx",      "comment",     "communit",   "cookie",       "disqus",     "footer",
    "gdpr",       "header",      "menu",       "modal",        "newsletter", "pager",
    "paginat",    "popup",       "promo",      "recommend",    "related",    "remark",
    "replies",    "rss",         "share",      "sharing",      "shoutbox",   "sidebar",
    "skyscraper", "social",      "sponsor",    "subscribe",    "tags",       "widget",
    "yom-remote", "read-more",   "readmore",   "most-popular", "podpis",     "banner",
    "kommentar",  "komentarz",   "comentario", "news-letter",  "paywall",    "disclaimer",
    "disclosure", "post-ratings"};
static const char *const maybe[] = {"and",  "article", "body", "column", "content",
                                    "main", "shadow",  "text", "story",  "post"};
static const char *const positive[] = {"article", "body", "content", "entry", "hentry", "h-entry",
                                       "main",    "page", "post",    "text",  "blog",   "story"};
static const char *const negative[] = {
    "-ad-",  "hidden",   "banner",  "combx",      "comment",  "com-",     "contact", "footer",
    "gdpr",  "masthead", "media",   "meta",       "outbrain", "promo",    "related", "scroll",
    "share", "shoutbox", "sidebar", "skyscraper", "sponsor",  "shopping", "tags",    "widget"};

bool epi_web_attr_matches(const GumboNode *n, const char *const *words, size_t count)
{
    return epi_web_has_word(epi_web_attr(n, "class"), words, count) ||
           epi_web_has_word(epi_web_attr(n, "id"), words, count);
}

/* Does a word of the class or id hold one of the names as a part, whole? A word is cut into
 * parts at '-', '_' and a lower-case letter followed by a capital ("leadIn",
 * "contentHeader__abstract", "c-teaser__h"), so that "lead" is not found in "leader". */
bool epi_web_names_part(const GumboNode *n, const char *const *names, size_t count)
{
    const char *attrs[2] = {epi_web_attr(n, "class"), epi_web_attr(n, "id")};
    for (int a = 0; a < 2; a++)
        for (const char *s = attrs[a]; s && *s;) {
            s += strspn(s, " \t\n\r\f");
            size_t len = strcspn(s, " \t\n\r\f");
            for (size_t i = 0; i < len;) {
                size_t j = i + 1;
                while (j < len && s[j] != '-' && s[j] != '_' &&
                       !(s[j] >= 'A' && s[j] <= 'Z' && s[j - 1] >= 'a' && s[j - 1] <= 'z'))
                    j++;
                if (epi_web_name_in(s + i, j - i, names, count))
                    return true;
                i = j;
                while (i < len && (s[i] == '-' || s[i] == '_'))
                    i++;
            }
            s += len;
        }
    return false;
}

/* Does n hold a link to another page (an <a> with an href that is not a fragment)? */
static bool holds_link(const GumboNode *n, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || depth > 16)
        return false;
    const char *href = epi_web_is(n, GUMBO_TAG_A) ? epi_web_attr(n, "href") : NULL;
    if (href && *href && *href != '#')
        return true;
    const GumboVector *k = epi_web_kids(n);
    for (unsigned i = 0; i < k->length; i++)
        if (holds_link(k->data[i], depth + 1))
            return true;
    return false;
}

bool epi_web_holds_link(const GumboNode *n)
{
    return holds_link(n, 0);
}

/* Does n hold, a few levels down, a heading (<h2>–<h6>) that holds a link? */
static bool heading_link(const GumboNode *n, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || depth > 4 || epi_web_is(n, GUMBO_TAG_P))
        return false;
    switch (n->v.element.tag) {
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
        return holds_link(n, 0);
    default:
        break;
    }
    const GumboVector *k = epi_web_kids(n);
    for (unsigned i = 0; i < k->length; i++)
        if (heading_link(k->data[i], depth + 1))
            return true;
    return false;
}

/* Another story's teaser: a block named "teaser" ("c-teaser", "modTeaser", "sz-teaser",
 * "Teasers") that is a link or holds a heading that holds one; a lede named "teaser-text" has
 * no heading (issue 22: ndr.de's and sueddeutsche.de's teasers of other stories inside the
 * article's text, on trafilatura's set). */
bool epi_web_story_teaser(const GumboNode *n)
{
    static const char *const names[] = {"teaser", "teasers"};
    if (!epi_web_names_part(n, names, sizeof names / sizeof names[0]))
        return false;
    return epi_web_is(n, GUMBO_TAG_A) ? holds_link(n, 0) : heading_link(n, 0);
}

bool epi_web_positive(const GumboNode *n)
{
    return epi_web_attr_matches(n, positive, sizeof positive / sizeof positive[0]);
}

bool epi_web_negative(const GumboNode *n)
{
    return epi_web_attr_matches(n, negative, sizeof negative / sizeof negative[0]);
}

/* Does n hold an element of tag t (depth-first, bounded)? */
bool epi_web_holds_tag(const GumboNode *n, GumboTag t, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || depth > WEB_MAX_NESTING + 64)
        return false;
    const GumboVector *k = epi_web_kids(n);
    for (unsigned i = 0; i < k->length; i++) {
        const GumboNode *c = k->data[i];
        if (c->type == GUMBO_NODE_ELEMENT &&
            (c->v.element.tag == t || epi_web_holds_tag(c, t, depth + 1)))
            return true;
    }
    return false;
}

/* A <form> that wraps the page rather than asking for input: ASP.NET puts the whole body in
 * one <form id="aspnetForm"> (or "mainform"), so the article is inside it. Such a form holds
 * the page's <h1>, <main> or <article>; a search, login or comment form does not. */
static bool page_form(const GumboNode *n)
{
    return epi_web_holds_tag(n, GUMBO_TAG_H1, 0) || epi_web_holds_tag(n, GUMBO_TAG_MAIN, 0) ||
           epi_web_holds_tag(n, GUMBO_TAG_ARTICLE, 0);
}

/* Elements never part of an article, whatever their text. */
bool epi_web_junk(const GumboNode *n)
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
    if (n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML || epi_web_is_named(n, "dialog"))
        return true;
    static const char *const roles[] = {"navigation",  "complementary", "banner",
                                        "contentinfo", "dialog",        "alertdialog",
                                        "menu",        "menubar",       "search"};
    const char *role = epi_web_attr(n, "role");
    for (size_t i = 0; role && i < sizeof roles / sizeof roles[0]; i++)
        if (!strcasecmp(role, roles[i]))
            return true;
    const char *style = epi_web_attr(n, "style");
    return epi_web_hidden(n) || (style && epi_ci_find(style, "visibility:hidden"));
}

bool epi_web_hidden(const GumboNode *n)
{
    const char *aria = epi_web_attr(n, "aria-hidden");
    const char *style = epi_web_attr(n, "style");
    return epi_web_attr(n, "hidden") || (aria && !strcmp(aria, "true")) ||
           (style && (epi_ci_find(style, "display:none") || epi_ci_find(style, "display: none")));
}

/* A word that names a box about the article's author ("author-bio", "mvp-author-box-text",
 * "m-author__description", "about-author"): the author's portrait, not the article (issue 22:
 * on several sites of trafilatura's set). */
static bool author_box(const char *w)
{
    static const char *const parts[] = {"bio", "box", "desc", "about"};
    return epi_ci_find(w, "author") && EPI_WEB_HAS_WORD(w, parts);
}

/* Class and id, word by word: does a word name an unlikely block (*unl), and does a word that
 * names none say content (the return)? A `maybe` word inside the unlikely word itself
 * ("jp-relatedposts", "article-comments") does not rescue it (issue 22: WordPress's related
 * posts, on many sites). */
static bool maybe_word(const GumboNode *n, bool *unl)
{
    const char *attrs[2] = {epi_web_attr(n, "class"), epi_web_attr(n, "id")};
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
                bool u = EPI_WEB_HAS_WORD(w, unlikely) || author_box(w);
                *unl = *unl || u;
                rescue = rescue || (!u && EPI_WEB_HAS_WORD(w, maybe));
            }
            s += len;
        }
    return rescue;
}

/* An embedded post quoted in the article: the <blockquote> that Twitter, Instagram, TikTok,
 * Bluesky or Mastodon give a site to paste (the text of the post, with a script that draws it).
 * Sites wrap it in blocks named "social" or "embed-share"; the post is the article's own
 * quotation and stays (issue 22: embedded tweets were lost). */
bool epi_web_holds_post(const GumboNode *n, int depth)
{
    static const char *const posts[] = {"twitter-tweet", "instagram-media", "tiktok-embed",
                                        "bluesky-embed", "mastodon-embed"};
    if (n->type != GUMBO_NODE_ELEMENT || depth > 8)
        return false;
    if (epi_web_is(n, GUMBO_TAG_BLOCKQUOTE))
        return EPI_WEB_HAS_WORD(epi_web_attr(n, "class"), posts);
    const GumboVector *k = epi_web_kids(n);
    for (unsigned i = 0; i < k->length; i++)
        if (epi_web_holds_post(k->data[i], depth + 1))
            return true;
    return false;
}

bool epi_web_unlikely_name(const GumboNode *n)
{
    bool unl = false;
    return !maybe_word(n, &unl) && unl;
}

bool epi_web_unlikely(const GumboNode *n, int relax)
{
    return relax < RELAX_UNLIKELY && !epi_web_holds_post(n, 0) && !epi_web_is(n, GUMBO_TAG_BODY) &&
           !epi_web_is(n, GUMBO_TAG_A) && !epi_web_is(n, GUMBO_TAG_ARTICLE) &&
           !epi_web_is(n, GUMBO_TAG_MAIN) && epi_web_unlikely_name(n);
}

/* Text (non-space bytes, UTF-8 continuation bytes not counted), the part inside links, commas,
 * paragraphs and images of a subtree, skipping what is never shown. */
void epi_web_measure_node(const GumboNode *n, epi_web_measure *m, bool in_link, int depth)
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
    if (n->type != GUMBO_NODE_ELEMENT || depth > WEB_MAX_NESTING + 64 ||
        (m->cap && m->text > m->cap))
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
    const GumboVector *k = epi_web_kids(n);
    for (unsigned i = 0; i < k->length; i++)
        epi_web_measure_node(k->data[i], m, in_link, depth + 1);
}

epi_web_measure epi_web_measure_of(const GumboNode *n)
{
    return epi_web_measure_upto(n, 0);
}

epi_web_measure epi_web_measure_upto(const GumboNode *n, size_t cap)
{
    epi_web_measure m = {.cap = cap};
    epi_web_measure_node(n, &m, false, 0);
    return m;
}

double epi_web_link_density(const epi_web_measure *m)
{
    return m->text ? (double)m->links / (double)m->text : 0;
}

/* Text of a subtree with whitespace runs as one space, trimmed, at most size - 1 bytes. */
void epi_web_plain_text(const GumboNode *n, char *buf, size_t size, size_t *len, int depth)
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
    if (n->type != GUMBO_NODE_ELEMENT || depth > 32 || epi_web_is(n, GUMBO_TAG_SCRIPT) ||
        epi_web_is(n, GUMBO_TAG_STYLE))
        return;
    const GumboVector *k = epi_web_kids(n);
    for (unsigned i = 0; i < k->length; i++)
        epi_web_plain_text(k->data[i], buf, size, len, depth + 1);
}

/* Does a word of the class or id end in one of the names, as its last part ("entry-meta",
 * "PostMeta", "article__date": meta, Meta, date; not "category-news", WordPress's mark of the
 * post's category on the post itself)? Parts as epi_web_names_part cuts them. */
static bool names_last_part(const GumboNode *n, const char *const *names, size_t count)
{
    const char *attrs[2] = {epi_web_attr(n, "class"), epi_web_attr(n, "id")};
    for (int a = 0; a < 2; a++)
        for (const char *s = attrs[a]; s && *s;) {
            s += strspn(s, " \t\n\r\f");
            size_t len = strcspn(s, " \t\n\r\f"), i = len;
            while (i > 0 && (s[i - 1] == '-' || s[i - 1] == '_'))
                i--;
            size_t end = i;
            while (i > 0 && s[i - 1] != '-' && s[i - 1] != '_' &&
                   !(s[i] >= 'A' && s[i] <= 'Z' && i < end && s[i - 1] >= 'a' && s[i - 1] <= 'z'))
                i--;
            if (end > i && epi_web_name_in(s + i, end - i, names, count))
                return true;
            s += len;
        }
    return false;
}

/* A line about the article rather than of it: an element whose class or id ends in a part that
 * names the post's metadata ("entry-meta", "PostMeta", "postmetadata", "entry-utility"), its
 * date ("article__date", "published-date", "updated") or its category ("PostCategory"), with
 * under MAX_META_TEXT of text (issue 22: sprechwaisen.com, rp.pl, ihrwebprofi.at, tine.no,
 * tagesanzeiger.ch, respublica.pl, selbst.de, dhb.de of trafilatura's set). The book says the
 * date in its metadata. A dateline ("KOBE – ") is the text's own, and so are a recipe's times
 * ("ds-recipe-meta": chefkoch.de). */
bool epi_web_meta_line(const GumboNode *n)
{
    static const char *const parts[] = {
        "meta",    "postmeta",  "postmetadata", "entrymeta", "date",     "pubdate",   "published",
        "updated", "timestamp", "posted",       "utility",   "category", "categories"};
    static const char *const recipe[] = {"recipe"};
    enum { MAX_META_TEXT = 150 };
    if (n->type != GUMBO_NODE_ELEMENT || epi_web_is(n, GUMBO_TAG_ARTICLE) ||
        epi_web_attr_matches(n, recipe, 1) || epi_web_is(n, GUMBO_TAG_MAIN) ||
        epi_web_is(n, GUMBO_TAG_BODY) || !names_last_part(n, parts, sizeof parts / sizeof parts[0]))
        return false;
    epi_web_measure m = epi_web_measure_of(n);
    return m.text < MAX_META_TEXT && m.paras <= 1;
}

/* Readability's conditional cleaning: a list, table or block inside the article that is mostly
 * links (related stories, tags) or has no text and nothing to show. */
bool epi_web_clean_away(const GumboNode *n, int relax)
{
    GumboTag t = n->v.element.tag;
    if (relax >= RELAX_CLEANING)
        return false;
    if (t != GUMBO_TAG_DIV && t != GUMBO_TAG_UL && t != GUMBO_TAG_OL && t != GUMBO_TAG_SECTION &&
        t != GUMBO_TAG_TABLE && t != GUMBO_TAG_HEADER)
        return false;
    if (epi_web_holds_post(n, 0))
        return false;
    epi_web_measure m = epi_web_measure_upto(n, 1000); /* 1000 and over: kept */
    if (m.text == 0 && m.imgs == 0)
        return t != GUMBO_TAG_TABLE;
    if (relax < RELAX_WEIGHTS && epi_web_negative(n) && !epi_web_positive(n) && m.text < 1000)
        return true;
    return epi_web_link_density(&m) > 0.5 && m.text < 1000;
}
