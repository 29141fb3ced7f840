/*
 * Lines inside the article that are not the article, told by their words (issue 22): a "read
 * also" line that points to another story, and a call to follow the site or subscribe, each a
 * short paragraph that starts with a label in one of the languages of the sets measured
 * (tests/bench/WEB_SETS.md); and, by its links alone, a paragraph that is a link to another
 * story.
 */
#include "web_private.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>

/* n's text, lower case, when it is a paragraph (<p>, <li>, <div>) under `max` characters;
 * NULL otherwise (the caller frees it). */
static char *short_line(const GumboNode *n, const epi_web_measure *m, size_t max)
{
    GumboTag t = n->v.element.tag;
    if ((t != GUMBO_TAG_P && t != GUMBO_TAG_LI && t != GUMBO_TAG_DIV) || m->text >= max)
        return NULL;
    char buf[600];
    size_t len = 0, low_len = 0; /* the terminating NUL is lowered too */
    buf[0] = '\0';
    epi_web_plain_text(n, buf, sizeof buf, &len, 0);
    return (char *)u8_tolower((const uint8_t *)buf, len + 1, NULL, NULL, NULL, &low_len);
}

static bool starts_with(const char *s, const char *const *labels, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strncmp(s, labels[i], strlen(labels[i])))
            return true;
    return false;
}

/* A "read also" line: a paragraph under 300 characters that starts with a label pointing to
 * another story ("Lea también:", "Czytaj też", "Lesen Sie auch", "À lire aussi"; the labels of
 * the languages of trafilatura's set, where such lines were found on over ten sites) and is
 * mostly a link to it (issue 22). "Related:", which Readability's expected texts keep (cnn), is
 * not a label here. */
static bool read_also(const GumboNode *n, const epi_web_measure *m)
{
    static const char *const labels[] = {"read more:",
                                         "read also",
                                         "also read",
                                         "see also:",
                                         "lea también",
                                         "lea tambien",
                                         "lea más",
                                         "lea mas",
                                         "lea:",
                                         "lee también",
                                         "vea también",
                                         "vea tambien",
                                         "le puede interesar",
                                         "te puede interesar",
                                         "puedes ver:",
                                         "leia também",
                                         "leia mais",
                                         "veja também",
                                         "lire aussi",
                                         "à lire aussi",
                                         "a lire aussi",
                                         "lire également",
                                         "à lire également",
                                         "voir aussi",
                                         "lesen sie auch",
                                         "lesen sie hier",
                                         "auch lesen",
                                         "schon gelesen",
                                         "zum weiterlesen",
                                         "lies auch",
                                         "siehe auch",
                                         "czytaj też",
                                         "czytaj także",
                                         "czytaj również",
                                         "zobacz też",
                                         "zobacz także",
                                         "dowiedz się więcej",
                                         "leggi anche",
                                         "lees ook",
                                         "читайте также",
                                         "смотрите также"};
    if (!m->links || epi_web_link_density(m) < 0.4)
        return false;
    char *low = short_line(n, m, 300);
    bool said = low && starts_with(low, labels, sizeof labels / sizeof labels[0]);
    free(low);
    return said;
}

/* A call to follow the site or to subscribe: a paragraph under 200 characters that starts
 * with "Subscribe now", "To view the full story", "Zum Newsletter anmelden", "Zapraszamy też do
 * subskrypcji", or with "Follow", "Síguenos", "Folgen Sie"… and names a social network
 * (issue 22: nationnews.com, haitiantimes.com, jamaica-gleaner.com, eluniversal.com,
 * vorangedacht.de, wpolityce.pl of trafilatura's set; no paragraph of Readability's expected
 * texts starts so). */
static bool follow_call(const GumboNode *n, const epi_web_measure *m)
{
    static const char *const calls[] = {"subscribe now",
                                        "subscribe to our",
                                        "to view the full story",
                                        "zum newsletter anmelden",
                                        "jetzt newsletter abonnieren",
                                        "zapraszamy też do subskrypcji",
                                        "zapraszamy do subskrypcji"};
    static const char *const follows[] = {"follow ",     "síguenos",   "siguenos",
                                          "suivez-nous", "folgen sie", "folge uns",
                                          "siga-nos",    "segue-nos",  "подписывайтесь"};
    static const char *const networks[] = {"twitter", "facebook", "instagram", "telegram",
                                           "youtube", "tiktok",   "linkedin",  "whatsapp"};
    char *low = short_line(n, m, 200);
    bool call = low && (starts_with(low, calls, sizeof calls / sizeof calls[0]) ||
                        (starts_with(low, follows, sizeof follows / sizeof follows[0]) &&
                         EPI_WEB_HAS_WORD(low, networks)));
    free(low);
    return call;
}

/* A paragraph that is a link to another page and nothing else (nine tenths of its text in
 * links), from 15 to 200 characters: another story's headline set in the text without a label
 * (issue 22: 1000things.at, dtb-tennis.de, eltiempo.com, tennisnet.com, yle.fi, tonight.de,
 * fisch-hitparade.de, evref.ch, aerobuzz.de, handel's wiadomoscihandlowe.pl of trafilatura's
 * set; Readability's texts keep such lines: cnn's "Related: …", wapo's "[Read: …]", nytimes's
 * "Continue reading the main story"). A named anchor (<a name>) is no link; a short "PDF" stays. */
static bool link_line(const GumboNode *n, const epi_web_measure *m)
{
    enum { MIN_LINK_LINE = 15, MAX_LINK_LINE = 200 };
    return n->v.element.tag == GUMBO_TAG_P && m->text >= MIN_LINK_LINE && m->text < MAX_LINK_LINE &&
           m->links * 10 >= m->text * 9 && epi_web_holds_link(n);
}

bool epi_web_boiler_line(const GumboNode *n)
{
    if (n->type != GUMBO_NODE_ELEMENT)
        return false;
    epi_web_measure m = epi_web_measure_upto(n, 300); /* the rules are all for shorter lines */
    return read_also(n, &m) || follow_call(n, &m) || link_line(n, &m);
}
