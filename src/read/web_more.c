/*
 * The "more on this" section at the end of the article rebuilt (web_build.c), and what follows
 * it, goes (issue 22): a heading that says "Mehr zum Thema", "Ähnliche Beiträge", "Weitere
 * Artikel", "You may also like"… over the teasers of other stories, when from that heading to
 * the article's end is at most MAX_TAIL_PCT of the article's text (a box of such links at the
 * top of the article stays). A bare "Related" is not such a heading: Readability's expected
 * texts keep a "Related" box inside the story (wapo-1).
 */
#include "read_private.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>

enum {
    MAX_HEADING_BYTES = 80, /* longer is a headline, not a section's label */
    /* The heading and what follows it hold at most this share of the article's text: the
     * article is said before it (Deutschlandfunk's "Mehr zum Thema" box at the top stays). */
    MAX_TAIL_PCT = 60
};

/* How such headings start, lower case, in the languages of the sets measured (tests/bench/
 * WEB_SETS.md). A bare "related" is not one (Readability's wapo-1), nor "auch interessant"
 * (blinker.de: more of the article's own text). */
static const char *const labels[] = {"mehr zum thema",
                                     "mehr zu ",
                                     "mehr aus ",
                                     "mehr kolumnen",
                                     "weitere artikel",
                                     "weitere beiträge",
                                     "weitere news",
                                     "weitere nachrichten",
                                     "weitere tourentipps",
                                     "ähnliche beiträge",
                                     "ähnliche artikel",
                                     "das könnte sie auch",
                                     "das könnte dich auch",
                                     "zum weiterlesen",
                                     "meist-diskutiert",
                                     "meistgelesen",
                                     "you may also like",
                                     "you might also like",
                                     "more on this",
                                     "more stories",
                                     "more from ",
                                     "related articles",
                                     "related posts",
                                     "related stories",
                                     "à lire aussi",
                                     "lire aussi",
                                     "sur le même sujet",
                                     "lea también",
                                     "te puede interesar",
                                     "noticias relacionadas",
                                     "leia também",
                                     "notícias relacionadas",
                                     "czytaj też",
                                     "zobacz też",
                                     "czytaj także",
                                     "leggi anche",
                                     "articoli correlati",
                                     "lees ook",
                                     "читайте также",
                                     "похожие статьи"};

static bool more_heading(xmlNodePtr n)
{
    if (n->type != XML_ELEMENT_NODE || n->name[0] != 'h' || n->name[1] < '2' || n->name[1] > '6' ||
        n->name[2])
        return false;
    xmlChar *t = xmlNodeGetContent(n);
    if (!t)
        return false;
    const char *s = (const char *)t + strspn((const char *)t, " \t\n\r");
    size_t len = strlen(s), low_len = 0;
    uint8_t *low = len < MAX_HEADING_BYTES
                       ? u8_tolower((const uint8_t *)s, len + 1, NULL, NULL, NULL, &low_len)
                       : NULL;
    bool said = false;
    for (size_t i = 0; low && i < sizeof labels / sizeof labels[0] && !said; i++)
        said = !strncmp((const char *)low, labels[i], strlen(labels[i]));
    free(low);
    xmlFree(t);
    return said;
}

/* The text from n on, to the end of body in document order (non-space characters). */
static size_t tail_text(xmlNodePtr n, xmlNodePtr body)
{
    size_t all = 0;
    for (xmlNodePtr a = n; a && a != body; a = a->parent)
        for (xmlNodePtr x = a == n ? a : a->next; x; x = x->next) {
            if (x->type == XML_ELEMENT_NODE)
                all += epi_web_text_chars(x->children);
            else if (x->type == XML_TEXT_NODE)
                for (const unsigned char *t = x->content; t && *t; t++)
                    all += !strchr(" \t\n\r", *t) && (*t & 0xC0) != 0x80;
        }
    return all;
}

/* Removes n and all that follows it in document order. */
static void cut_tail(xmlNodePtr n, xmlNodePtr body)
{
    for (xmlNodePtr a = n, up; a && a != body; a = up) {
        up = a->parent;
        for (xmlNodePtr x = a->next, next; x; x = next) {
            next = x->next;
            xmlUnlinkNode(x);
            xmlFreeNode(x);
        }
        if (a == n) {
            xmlUnlinkNode(a);
            xmlFreeNode(a);
        }
    }
}

static xmlNodePtr find_more(xmlNodePtr n, xmlNodePtr body, size_t total)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (more_heading(n)) {
            if (tail_text(n, body) * 100 <= total * MAX_TAIL_PCT)
                return n;
            continue;
        }
        xmlNodePtr m = find_more(n->children, body, total);
        if (m)
            return m;
    }
    return NULL;
}

void epi_web_drop_more(xmlNodePtr body)
{
    xmlNodePtr more = find_more(body->children, body, epi_web_text_chars(body->children));
    if (more)
        cut_tail(more, body);
}
