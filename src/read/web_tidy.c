/*
 * The article rebuilt as XHTML (web.c), tidied: what the cleaning left behind goes (a caption
 * said twice, a heading or a label that heads nothing), and the page's title is put first as the
 * one <h1> (issue 22). Also the text measures of the rebuilt tree that web.c decides by.
 */
#include "read_private.h"

#include "util/str.h"
#include "util/utf8.h"

#include <libxml/hash.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>

enum {
    MAX_LABEL_BYTES = 80,   /* a paragraph ending in ':' shorter than this is a label */
    MIN_REPEAT_TEXT = 40,   /* a caption said again with at least this much text is a repeat */
    MIN_HEADINGS_TEXT = 200 /* an article of headings only with this much text keeps them */
};

/* The next letter or digit of s at or after *i, lower-cased (Unicode's categories: a dash, a
 * no-break space or a guillemet is no letter); 0 at the end. */
static uint32_t next_alnum(const char *s, size_t len, size_t *i)
{
    while (*i < len) {
        uint32_t cp;
        size_t n = epi_utf8_decode(s + *i, len - *i, &cp);
        if (!n) {
            n = 1;
            cp = (unsigned char)s[*i];
        }
        *i += n;
        if (uc_is_alnum(cp))
            return uc_tolower(cp);
    }
    return 0;
}

/* Does `a` say what `b` says, or (prefix) what `b` starts with: the same letters and digits,
 * case ignored ("Korsetts - Shops" says "Korsetts – Shops")? */
bool epi_web_said_by(const char *a, const char *b, bool prefix)
{
    size_t al = strlen(a), bl = strlen(b), i = 0, j = 0;
    for (;;) {
        uint32_t x = next_alnum(a, al, &i), y = next_alnum(b, bl, &j);
        if (!x || !y)
            return !x && (!y || prefix);
        if (x != y)
            return false;
    }
}

/* Non-space characters of text under n, and those inside links (an <a> with an href: a
 * javascript: link has lost its href in the allow-list, it is no link). */
void epi_web_link_text(const xmlNode *n, bool in_link, size_t *all, size_t *linked)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            epi_web_link_text(
                n->children,
                in_link || (xmlStrEqual(n->name, BAD_CAST "a") && xmlHasProp(n, BAD_CAST "href")),
                all, linked);
        } else if (n->type == XML_TEXT_NODE && n->content) {
            for (const unsigned char *t = n->content; *t; t++)
                if (!strchr(" \t\n\r", *t) && (*t & 0xC0) != 0x80) {
                    (*all)++;
                    *linked += in_link;
                }
        }
    }
}

/* Non-space characters of text under n (UTF-8 continuation bytes not counted, as measure). */
size_t epi_web_text_chars(const xmlNode *n)
{
    size_t count = 0;
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content) {
            for (const unsigned char *t = n->content; *t; t++)
                count += !strchr(" \t\n\r", *t) && (*t & 0xC0) != 0x80;
        } else if (n->type == XML_ELEMENT_NODE) {
            count += epi_web_text_chars(n->children);
        }
    }
    return count;
}

/* 1–6 for <h1>–<h6>, 7 for a label (a short paragraph ending in ':', "Mehr zum Thema:"), 0
 * otherwise. */
static int heading_level(xmlNodePtr n)
{
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    const char *x = (const char *)n->name;
    if (x[0] == 'h' && x[1] >= '1' && x[1] <= '6' && !x[2])
        return x[1] - '0';
    if (strcmp(x, "p"))
        return 0;
    xmlChar *t = xmlNodeGetContent(n);
    size_t len = t ? strlen((const char *)t) : 0;
    while (len && strchr(" \t\n\r", t[len - 1]))
        len--;
    bool label = len && len < MAX_LABEL_BYTES && t[len - 1] == ':';
    xmlFree(t);
    return label ? 7 : 0;
}

/* Does the rebuilt subtree hold an <img> of the saved page (a remote one becomes its alt text
 * in images.c)? */
static bool shows_local_image(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(n->name, BAD_CAST "img")) {
            xmlChar *src = xmlGetProp(n, BAD_CAST "src");
            bool local = src && !epi_url_is_external((const char *)src);
            xmlFree(src);
            if (local)
                return true;
        } else if (shows_local_image(n->children)) {
            return true;
        }
    }
    return false;
}

typedef struct flat {
    xmlNodePtr *v; /* headings and labels, text and images, in document order */
    size_t n, cap;
} flat;

static bool flatten(flat *f, xmlNodePtr n)
{
    for (; n; n = n->next) {
        bool item =
            heading_level(n) ||
            (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "img")) ||
            (n->type == XML_TEXT_NODE && n->content &&
             strspn((const char *)n->content, " \t\n\r") < strlen((const char *)n->content));
        if (item) {
            xmlNodePtr *v = epi_grow(f->v, &f->cap, f->n, sizeof *v, 64);
            if (!v)
                return false;
            f->v = v;
            f->v[f->n++] = n;
        } else if (n->type == XML_ELEMENT_NODE && !flatten(f, n->children)) {
            return false;
        }
    }
    return true;
}

/* A heading (or a label) that heads nothing: no text or picture follows it before the next
 * heading of its level or above, or the article's end. It headed what the cleaning took away
 * ("Mehr zum Thema", "You may also like", "Kommentar verfassen", a share box's "Teilen"), and
 * goes too. Read backwards: seen[l] says whether something follows that a heading of level l
 * heads. */
static bool drop_orphan_headings(xmlNodePtr body)
{
    flat f = {0};
    bool seen[8] = {false};
    if (!flatten(&f, body->children)) {
        free(f.v);
        return false;
    }
    /* An article of headings only (a poster's words set as <h2>–<h4>) heads nothing but is all
     * there is: it stays when it says as much as an article must (web_build.c's
     * MIN_ARTICLE_TEXT); a heading or two ("Mein ZDF – Neues Konto anlegen") go, and the page
     * is refused for having no text. */
    bool text = false;
    size_t heads = 0;
    for (size_t i = 0; i < f.n && !text; i++) {
        text = !heading_level(f.v[i]);
        heads += epi_web_text_chars(f.v[i]->children);
    }
    for (size_t i = text || heads < MIN_HEADINGS_TEXT ? f.n : 0; i-- > 0;) {
        int level = heading_level(f.v[i]);
        if (!level) {
            for (int l = 1; l < 8; l++)
                seen[l] = true;
            continue;
        }
        bool orphan = !seen[level];
        for (int l = 1; l < 8; l++)
            seen[l] = l >= level ? false : seen[l] || !orphan;
        if (orphan) {
            xmlUnlinkNode(f.v[i]);
            xmlFreeNode(f.v[i]);
        }
    }
    free(f.v);
    return true;
}

/* A caption said a second time (a gallery's caption repeated beside each copy of its picture,
 * the lead picture shown again in a slideshow) goes. Paragraphs are left alone: a refrain or
 * a poem's repeated line is the text's own. */
static bool drop_repeats(xmlNodePtr n, xmlHashTablePtr seen)
{
    for (xmlNodePtr next; n; n = next) {
        next = n->next;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *x = (const char *)n->name;
        if (strcmp(x, "figcaption")) {
            if (!drop_repeats(n->children, seen))
                return false;
            continue;
        }
        xmlChar *t = xmlNodeGetContent(n);
        if (!t)
            return false;
        bool oom = false, repeat = false;
        if (epi_web_text_chars(n->children) >= MIN_REPEAT_TEXT) {
            /* whitespace runs as one space */
            char *w = (char *)t, *o = w;
            for (const char *r = w; *r; r++)
                if (!strchr(" \t\n\r", *r) || (o > w && o[-1] != ' '))
                    *o++ = strchr(" \t\n\r", *r) ? ' ' : *r;
            *o = '\0';
            repeat = xmlHashLookup(seen, BAD_CAST w) != NULL;
            oom = !repeat && xmlHashAddEntry(seen, BAD_CAST w, seen) != 0;
        }
        xmlFree(t);
        if (oom)
            return false;
        if (repeat) {
            xmlNodePtr fig = n->parent;
            xmlUnlinkNode(n);
            xmlFreeNode(n);
            if (fig && !epi_web_text_chars(fig->children) && !shows_local_image(fig->children)) {
                /* The figure goes with what is left in it (n's following siblings, `next`
                 * among them): the walk over them ends here. */
                xmlUnlinkNode(fig);
                xmlFreeNode(fig);
                return true;
            }
        }
    }
    return true;
}

/* A first paragraph that only repeats the title (a site's "headline" <div>) goes: the chapter
 * starts with the title heading anyway. */
void epi_web_drop_title_line(xmlNodePtr body, const char *title)
{
    xmlNodePtr first = body->children;
    while (first && first->type != XML_ELEMENT_NODE)
        first = first->next;
    if (!first || !title || strcmp((const char *)first->name, "p"))
        return;
    xmlChar *t = xmlNodeGetContent(first);
    const char *s = t ? (const char *)t : "";
    s += strspn(s, " \t\n");
    size_t n = strlen(s);
    while (n && strchr(" \t\n", s[n - 1]))
        n--;
    if (n && n == strlen(title) && !strncmp(s, title, n)) {
        xmlUnlinkNode(first);
        xmlFreeNode(first);
    }
    xmlFree(t);
}

/* Letters and digits in s[0..n), whole words counted (a word: a run of them). */
static size_t alnum_words(const char *s, size_t n)
{
    size_t w = 0, i = 0, prev = 0;
    while (next_alnum(s, n, &i)) {
        /* a new word when something else came between this character and the last */
        size_t k = i - 1;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        w += !w || k != prev;
        prev = i;
    }
    return w;
}

static const char *const title_seps[] = {" | ",
                                         " - ",
                                         " \xe2\x80\x93 ",
                                         " \xe2\x80\x94 ",
                                         " :: ",
                                         " \xc2\xb7 ",
                                         " \xe2\x80\xa2 ",
                                         " \xe2\x80\xba ",
                                         " \xc2\xbb ",
                                         " > ",
                                         " / ",
                                         ": "};

/* Is s[0..n) a site's name: each of its parts between separators five words at most? */
static bool site_name(const char *s, size_t n)
{
    const size_t nseps = sizeof title_seps / sizeof title_seps[0];
    for (size_t i = 0, from = 0; i <= n; i++) {
        size_t sl = 0;
        for (size_t k = 0; k < nseps && !sl && i < n; k++)
            if (!strncmp(s + i, title_seps[k], strlen(title_seps[k])) &&
                i + strlen(title_seps[k]) <= n)
                sl = strlen(title_seps[k]);
        if (i < n && !sl)
            continue;
        if (alnum_words(s + from, i - from) > 5)
            return false;
        from = i + sl;
        i += sl ? sl - 1 : 0;
    }
    return true;
}

/* Does the heading h say the title but for the site's name on one side of a separator, the next
 * heading not saying that rest (a kicker and a headline in two headings)? False also when out
 * of memory. */
static bool headline_of(const xmlNode *h, const char *title)
{
    xmlChar *head = xmlNodeGetContent(h);
    const xmlNode *nx = h->next;
    while (nx && nx->type != XML_ELEMENT_NODE)
        nx = nx->next;
    xmlChar *after_h = nx && nx->name[0] == 'h' && nx->name[1] >= '1' && nx->name[1] <= '6'
                           ? xmlNodeGetContent(nx)
                           : NULL;
    bool found = false;
    if (!head || alnum_words((const char *)head, strlen((const char *)head)) < 2 ||
        epi_web_said_by((const char *)head, title, false))
        goto out;
    for (size_t i = 0; title[i] && !found; i++) {
        for (size_t k = 0; k < sizeof title_seps / sizeof title_seps[0] && !found; k++) {
            size_t sl = strlen(title_seps[k]);
            if (strncmp(title + i, title_seps[k], sl))
                continue;
            char *left = epi_strndup(title, i);
            if (!left)
                goto out;
            const char *right = title + i + sl;
            bool before = epi_web_said_by((const char *)head, left, false);
            bool after = !before && epi_web_said_by((const char *)head, right, false);
            const char *rest = before ? right : left;
            found =
                (before || after) && site_name(rest, before ? strlen(right) : i) &&
                !(after_h && epi_web_said_by(before ? right : left, (const char *)after_h, true));
            free(left);
        }
    }
out:
    xmlFree(head);
    xmlFree(after_h);
    return found;
}

/* The article's own headline goes when the title says it with the site's name beside it
 * ("Diario HOY | Darán bendición …", "Bielersee-Winterhechte - Petri-Heil.ch - Dein Schweizer
 * Fischereimagazin"): one of the article's first three <h1> or <h2> (a section's label may
 * come first). The title stays as the page's metadata gives it (Readability's choice). */
void epi_web_drop_headline(xmlNodePtr body, const char *title)
{
    xmlNodePtr h = body && title ? body->children : NULL;
    for (int seen = 0; h && seen < 3;) {
        xmlNodePtr next = NULL;
        if (h->type == XML_ELEMENT_NODE && h->name[0] == 'h' &&
            (h->name[1] == '1' || h->name[1] == '2') && !h->name[2]) {
            if (headline_of(h, title)) {
                xmlUnlinkNode(h);
                xmlFreeNode(h);
                return;
            }
            seen++;
        } else if (h->type == XML_ELEMENT_NODE) {
            next = h->children;
        }
        for (xmlNodePtr a = h; a && a != body && !next; a = a->parent)
            next = a->next;
        h = next;
    }
}

/* Exactly one title heading (issue 22): the article's own headings that say the title (letters
 * and digits compared, ASCII case ignored) go, its other <h1>s become <h2>s (a second <h1>
 * would split the book or give the ToC a second top entry), and the title is put first as the
 * one <h1>. */
bool epi_web_title_heading(xmlNodePtr body, const char *title)
{
    if (!title || !*title)
        return true;
    for (xmlNodePtr n = body->children; n;) {
        xmlNodePtr next = NULL;
        bool heading = n->type == XML_ELEMENT_NODE && n->name[0] == 'h' && n->name[1] >= '1' &&
                       n->name[1] <= '6' && !n->name[2];
        if (heading) {
            xmlChar *t = xmlNodeGetContent(n);
            if (!t)
                return false;
            bool same = epi_web_said_by((const char *)t, title, false);
            xmlFree(t);
            /* the next node in document order, not below n */
            for (xmlNodePtr a = n; a && a != body && !next; a = a->parent)
                next = a->next;
            if (same) {
                xmlUnlinkNode(n);
                xmlFreeNode(n);
            } else if (n->name[1] == '1') {
                xmlNodeSetName(n, BAD_CAST "h2");
            }
            n = next;
            continue;
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        for (xmlNodePtr a = n; a && a != body && !next; a = a->parent)
            next = a->next;
        n = next;
    }
    xmlNodePtr h1 = xmlNewDocNode(body->doc, body->ns, BAD_CAST "h1", NULL);
    xmlNodePtr txt = h1 ? xmlNewDocText(body->doc, BAD_CAST title) : NULL;
    if (!txt || !xmlAddChild(h1, txt)) {
        xmlFreeNode(txt);
        xmlFreeNode(h1);
        return false;
    }
    if (body->children ? !xmlAddPrevSibling(body->children, h1) : !xmlAddChild(body, h1)) {
        xmlFreeNode(h1);
        return false;
    }
    return true;
}

/* The first place of a picture left out (an <img> without src, web_build.c) under n. */
static xmlNodePtr placeholder(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrEqual(n->name, BAD_CAST "img") && !xmlHasProp(n, BAD_CAST "src"))
            return n;
        xmlNodePtr p = placeholder(n->children);
        if (p)
            return p;
    }
    return NULL;
}

/* Is n a wrapper (<figure>, <a>, <p>, <div>, <span>) without attributes, text or picture? */
static bool empty_wrapper(xmlNodePtr n)
{
    static const char *const wrappers[] = {"figure", "a", "p", "div", "span"};
    bool wrapper = false;
    for (size_t i = 0; i < sizeof wrappers / sizeof wrappers[0] && !wrapper; i++)
        wrapper = xmlStrEqual(n->name, BAD_CAST wrappers[i]);
    return wrapper && !n->properties && !epi_web_text_chars(n->children) &&
           !shows_local_image(n->children);
}

/* The places of pictures left out go, with the wrappers they leave empty. */
static void drop_placeholders(xmlNodePtr body)
{
    for (xmlNodePtr n; (n = placeholder(body->children));) {
        xmlNodePtr up = n->parent;
        xmlUnlinkNode(n);
        xmlFreeNode(n);
        while (up && up != body && up->type == XML_ELEMENT_NODE && empty_wrapper(up)) {
            xmlNodePtr gone = up;
            up = up->parent;
            xmlUnlinkNode(gone);
            xmlFreeNode(gone);
        }
    }
}

bool epi_web_tidy(xmlNodePtr body)
{
    xmlHashTablePtr seen = xmlHashCreate(64);
    bool ok = seen && drop_repeats(body->children, seen) && drop_orphan_headings(body);
    if (ok)
        drop_placeholders(body);
    xmlHashFree(seen, NULL);
    return ok;
}
