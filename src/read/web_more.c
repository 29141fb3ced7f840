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

/* The first such heading in document order from n on whose tail (it and all that follows it) is
 * at most MAX_TAIL_PCT of the article's `total` text; `*before` counts the text met before it,
 * so the tail is total - *before: one walk, not one per heading (100 000 headings took minutes). */
static xmlNodePtr find_more(xmlNodePtr n, size_t total, size_t *before)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE)
            for (const unsigned char *t = n->content; t && *t; t++)
                *before += !strchr(" \t\n\r", *t) && (*t & 0xC0) != 0x80;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (more_heading(n)) {
            if ((total - *before) * 100 <= total * MAX_TAIL_PCT)
                return n;
            *before += epi_web_text_chars(n->children);
            continue;
        }
        xmlNodePtr m = find_more(n->children, total, before);
        if (m)
            return m;
    }
    return NULL;
}

void epi_web_drop_more(xmlNodePtr body)
{
    size_t before = 0;
    xmlNodePtr more = find_more(body->children, epi_web_text_chars(body->children), &before);
    if (more)
        cut_tail(more, body);
}
