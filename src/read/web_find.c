/*
 * The article's blocks in a parsed page (web_private.h): explicit markup first
 * ([itemprop=articleBody], MediaWiki's #mw-content-text, <article> with the <article>s beside
 * it, <main>) with enough text and unless the score finds much more text outside it, else a score
 * of text and link density over the blocks in the manner of Mozilla's Readability: the top block
 * and the siblings that score near it.
 */
#include "web_private.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    MIN_PARA = 25, /* characters for a block to count as text (Readability's 25) */
    /* Explicit markup with at least this much text wins over the score. */
    EXPLICIT_MIN_TEXT = 200,
    TOP_CANDIDATES = 5, /* Readability's nbTopCandidates: the top one and four others */
    /* Bytes after a <noscript> searched for its `</noscript>` (an iframe or a pixel's <img>
     * in real pages; bounded, as nested ones are searched each). */
    NOSCRIPT_SCAN = 4096
};

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
        if (epi_web_positive(n))
            base += 25;
        if (epi_web_negative(n))
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
    const GumboVector *k = epi_web_kids(n);
    for (unsigned i = 0; i < k->length; i++)
        if (block_element(k->data[i]))
            return true;
    return false;
}

/* A paragraph of text m whose parent is `a` adds to the scores of a and four ancestors. */
static void score_paragraph(finder *f, const epi_web_measure *mp, const GumboNode *a)
{
    epi_web_measure m = *mp;
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
    epi_web_measure m = epi_web_measure_of(n);
    if (m.text > f->best_text[kind]) {
        f->best_text[kind] = m.text;
        f->best_explicit[kind] = n;
    }
}

/* A <noscript> that Gumbo never closed: a browser, scripts on, reads a <noscript> in the body as
 * raw text up to its `</noscript>`, while Gumbo (scripts off) parses its markup, and a
 * `</noscript>` that would close a <div> still open in it is ignored: the rest of the page is
 * then in the <noscript> (parcoabruzzo.it: `<noscript><div id="…"></noscript>`), which ends
 * later than the first `</noscript>` after its start. */
static bool open_noscript(const GumboNode *n)
{
    if (!epi_web_is(n, GUMBO_TAG_NOSCRIPT) || !n->v.element.original_tag.data)
        return false;
    const GumboStringPiece *start = &n->v.element.original_tag,
                           *end = &n->v.element.original_end_tag;
    const char *p = start->data + start->length; /* the page's bytes: NUL-terminated */
    for (size_t i = 0; i < NOSCRIPT_SCAN && p[i]; i++)
        if (p[i] == '<' && !strncasecmp(p + i, "</noscript", 10))
            return !end->length || p + i < end->data;
    return false;
}

/* Shown: not hidden, not a script, a form's control, an embed or a dialog. */
static bool shown(const GumboNode *n)
{
    switch (n->v.element.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_HEAD:
        return false;
    case GUMBO_TAG_NOSCRIPT:
        return open_noscript(n);
    default:
        break;
    }
    return !epi_web_is_named(n, "dialog") && !epi_web_hidden(n);
}

/* The page's explicit markup of its text ([itemprop=articleBody], #mw-content-text) or of its
 * main content (<main>, role=main): 0 or 2, else -1. */
static int explicit_kind(const GumboNode *n)
{
    const char *ip = epi_web_attr(n, "itemprop");
    const char *role = epi_web_attr(n, "role");
    const char *id = epi_web_attr(n, "id");
    /* MediaWiki's article text is #mw-content-text; its #content also holds the site's notes
     * ("From Wikipedia, the free encyclopedia", "Jump to navigation"). Readability knows it. */
    if ((ip && !strcmp(ip, "articleBody")) || (id && !strcmp(id, "mw-content-text")))
        return 0;
    if (epi_web_is(n, GUMBO_TAG_MAIN) || (role && !strcasecmp(role, "main")))
        return 2;
    return -1;
}

/* Explicit markup of the article or the main content inside a block left out for its kind: the
 * page says where its text is, and a banner left open around the page (diaadia.com.pa: a
 * <header role=banner> never closed) or an <aside> holding the article (rnz.de) does not
 * unsay it. <article>s there are other stories' teasers: not looked for. */
static void walk_explicit(finder *f, const GumboNode *n, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || depth > WEB_MAX_NESTING + 64 || !shown(n))
        return;
    int kind = explicit_kind(n);
    if (kind >= 0)
        explicit_candidate(f, kind, n);
    const GumboVector *k = epi_web_kids(n);
    for (unsigned i = 0; i < k->length; i++)
        walk_explicit(f, k->data[i], depth + 1);
}

static void walk_find(finder *f, const GumboNode *n, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || f->oom || depth > WEB_MAX_NESTING + 64)
        return;
    if ((epi_web_junk(n) && !open_noscript(n)) || epi_web_unlikely(n, f->relax)) {
        if (epi_web_junk(n))
            walk_explicit(f, n, depth);
        return;
    }
    GumboTag t = n->v.element.tag;
    int kind = explicit_kind(n);
    if (kind == 0)
        explicit_candidate(f, 0, n);
    /* An <article> named a modal, a comment… is not the page's (zdf.de: the login dialog is an
     * <article class="registration-modal">, 1,276 characters of form labels). */
    else if (t == GUMBO_TAG_ARTICLE && !epi_web_unlikely_name(n))
        explicit_candidate(f, 1, n);
    else if (kind == 2)
        explicit_candidate(f, 2, n);
    if (t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_TD ||
        (t == GUMBO_TAG_DIV && !block_child(n))) {
        epi_web_measure m = epi_web_measure_of(n);
        score_paragraph(f, &m, n->parent);
        /* A <div> read as a paragraph may still hold the page's explicit markup, below an
         * element that is no block (diaadia.com.pa: a <header> never closed). */
        if (t == GUMBO_TAG_DIV)
            walk_explicit(f, n, depth);
        if (t != GUMBO_TAG_TD)
            return;
    }
    const GumboVector *k = epi_web_kids(n);
    /* A <div> that mixes blocks with bare text (paragraphs split by <br>, no <p>): each run of
     * text and inline elements between two blocks is a paragraph of the <div> (Readability
     * wraps such runs in <p>; issue 22: whole articles of <br> text were never scored). */
    epi_web_measure run = {0};
    for (unsigned i = 0; i <= k->length; i++) {
        const GumboNode *c = i < k->length ? k->data[i] : NULL;
        bool inline_node =
            c && (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA ||
                  (c->type == GUMBO_NODE_ELEMENT && !epi_web_junk(c) && !block_element(c)));
        if (t == GUMBO_TAG_DIV && inline_node) {
            epi_web_measure_node(c, &run, false, depth + 1);
            continue;
        }
        if (run.text)
            score_paragraph(f, &run, n);
        run = (epi_web_measure){0};
        if (c)
            walk_find(f, c, depth + 1);
    }
}

static bool add_root(epi_web_article *a, const GumboNode *n)
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

/* Does a class or id word name an article's lede ("a-lead", "teaser-text", "entry-excerpt",
 * "ts-intro", "dig-vorspann"; not "leader" nor "introduction-video"), or itemprop say
 * description? */
static bool names_lede(const GumboNode *n)
{
    static const char *const names[] = {"lead",        "lede",     "intro",      "teaser",
                                        "abstract",    "excerpt",  "standfirst", "subtitle",
                                        "subheadline", "vorspann", "chapo",      "bajada"};
    const char *ip = epi_web_attr(n, "itemprop");
    return (ip && !strcmp(ip, "description")) ||
           epi_web_names_part(n, names, sizeof names / sizeof names[0]);
}

enum {
    LEDE_MIN_TEXT = 40,   /* non-space characters: a sentence, not a kicker or a date */
    LEDE_MAX_TEXT = 1500, /* more is a block of text, not a lede */
    LEDE_LEVELS = 3       /* ancestors of the article's first block searched */
};

/* A lede in n or below it (depth-first, bounded): a block named as one, of text (a sentence or
 * more, few links), holding no heading and no other story's link box. */
static const GumboNode *lede_in(const GumboNode *n, int relax, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || depth > 4 || epi_web_junk(n) ||
        (depth > 0 && epi_web_unlikely(n, relax)))
        return NULL;
    if (names_lede(n) && !epi_web_is(n, GUMBO_TAG_A) && !epi_web_holds_tag(n, GUMBO_TAG_H1, 0) &&
        !epi_web_holds_tag(n, GUMBO_TAG_H2, 0) && !epi_web_holds_tag(n, GUMBO_TAG_IMG, 0)) {
        epi_web_measure m = epi_web_measure_of(n);
        if (m.text >= LEDE_MIN_TEXT && m.text <= LEDE_MAX_TEXT && epi_web_link_density(&m) < 0.25)
            return n;
    }
    const GumboVector *k = epi_web_kids(n);
    for (unsigned i = 0; i < k->length; i++) {
        const GumboNode *l = lede_in(k->data[i], relax, depth + 1);
        if (l)
            return l;
    }
    return NULL;
}

/* The article's lede (standfirst, teaser, abstract) when it sits before the article's text
 * rather than in it: in the header beside the headline (WordPress's "entry-excerpt",
 * "ts-intro"), or a block before the [itemprop=articleBody] (TYPO3's news "teaser-text"). Looked
 * for among the blocks before the article's first block and before its ancestors, up to
 * LEDE_LEVELS and never outside the <article> or <main> that holds it (issue 22: the lede was
 * the largest group of text missed on trafilatura's set, on over 20 sites). */
static const GumboNode *find_lede(const GumboNode *first, int relax)
{
    const GumboNode *n = first;
    for (int up = 0; up < LEDE_LEVELS && n->parent && n->parent->type == GUMBO_NODE_ELEMENT; up++) {
        if (epi_web_is(n, GUMBO_TAG_ARTICLE) || epi_web_is(n, GUMBO_TAG_MAIN) ||
            epi_web_is(n, GUMBO_TAG_BODY))
            break;
        const GumboVector *k = epi_web_kids(n->parent);
        unsigned at = n->index_within_parent;
        for (unsigned i = at; i-- > 0;) {
            const GumboNode *s = k->data[i];
            const GumboNode *l = s->type != GUMBO_NODE_ELEMENT || epi_web_unlikely(s, relax)
                                     ? NULL
                                     : lede_in(s, relax, 0);
            if (l)
                return l;
        }
        n = n->parent;
        if (epi_web_is(n, GUMBO_TAG_BODY))
            break;
    }
    return NULL;
}

const GumboNode *epi_web_lede_below(const GumboNode *n, int relax)
{
    const GumboVector *k = epi_web_kids(n);
    for (unsigned i = 0; n->type == GUMBO_NODE_ELEMENT && i < k->length; i++) {
        const GumboNode *l = lede_in(k->data[i], relax, 1);
        if (l)
            return l;
    }
    return NULL;
}

static bool add_lede(epi_web_article *a, int relax)
{
    epi_web_measure m = {0};
    for (size_t i = 0; i < a->n; i++)
        epi_web_measure_node(a->roots[i], &m, false, 0);
    if (!a->n || epi_web_link_density(&m) > 0.5)
        return true; /* a page of links has no lede */
    const GumboNode *l = find_lede(a->roots[0], relax);
    if (!l)
        return true;
    const GumboNode **v = epi_grow(a->roots, &a->cap, a->n, sizeof *v, 8);
    if (!v)
        return false;
    a->roots = v;
    memmove(a->roots + 1, a->roots, a->n * sizeof *a->roots);
    a->roots[0] = l;
    a->n++;
    return true;
}

/* The page's <article> `a` with the <article>s beside it that are text too: a page whose
 * sections are each an <article> (TYPO3's content elements, a magazine's blocks of text and
 * picture, a list of questions and answers) is one article of them all, not its longest part. */
static bool add_articles(epi_web_article *out, const GumboNode *a)
{
    const GumboNode *parent = a->parent;
    if (!parent || parent->type != GUMBO_NODE_ELEMENT)
        return add_root(out, a);
    const GumboVector *k = epi_web_kids(parent);
    for (unsigned i = 0; i < k->length; i++) {
        const GumboNode *s = k->data[i];
        if (s != a) {
            /* Whatever the attempt relaxes, a sibling named modal, comment… is not taken in
             * (zdf.de: the login dialog's messages are <article>s beside it). */
            if (!epi_web_is(s, GUMBO_TAG_ARTICLE) || epi_web_junk(s) || epi_web_unlikely_name(s))
                continue;
            epi_web_measure m = epi_web_measure_of(s);
            if (m.text < MIN_PARA || epi_web_link_density(&m) >= 0.25)
                continue;
        }
        if (!add_root(out, s))
            return false;
    }
    return true;
}

/* Is the text that the score finds elsewhere than in the explicit block `ex` (of text `ex_text`),
 * and more of it: the page's article is then not in its <article> or <main>, which holds a
 * teaser, a box of facts or a gallery's caption beside it. Asked only with every filter on:
 * a relaxed attempt scores login dialogs and menus too (zdf.de). */
static bool scored_elsewhere(const GumboNode *ex, size_t ex_text, const GumboNode *top)
{
    if (!top)
        return false;
    for (const GumboNode *a = top; a; a = a->parent)
        if (a == ex)
            return false;
    for (const GumboNode *a = ex; a; a = a->parent)
        if (a == top)
            return false;
    epi_web_measure m = epi_web_measure_of(top);
    return m.text > 2 * ex_text && epi_web_link_density(&m) < 0.25;
}

static bool is_ancestor(const GumboNode *a, const GumboNode *n)
{
    for (; n; n = n->parent)
        if (n == a)
            return true;
    return false;
}

/* Readability's two climbs from the top candidate: to the nearest ancestor shared by at least
 * three of the other top candidates that score 3/4 of it or more (the steps of a recipe, the
 * sections of a page, each scored apart), else to the first ancestor that scores more than it,
 * while the scores on the way do not fall below a third of its own. */
static const GumboNode *climb(const finder *f, const GumboNode *top, double *best)
{
    const cand *near[TOP_CANDIDATES - 1] = {0};
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++) {
        const cand *c = &f->v[i];
        if (c->node == top || c->score < *best * 0.75)
            continue;
        size_t at = n < TOP_CANDIDATES - 1 ? n++ : TOP_CANDIDATES - 1;
        while (at > 0 && near[at - 1]->score < c->score) {
            if (at < TOP_CANDIDATES - 1)
                near[at] = near[at - 1];
            at--;
        }
        if (at < TOP_CANDIDATES - 1)
            near[at] = c;
    }
    if (n >= 3) {
        for (const GumboNode *a = top->parent;
             a && a->type == GUMBO_NODE_ELEMENT && !epi_web_is(a, GUMBO_TAG_BODY); a = a->parent) {
            size_t holding = 0;
            for (size_t i = 0; i < n; i++)
                holding += is_ancestor(a, near[i]->node);
            if (holding >= 3) {
                double s = score_of(f, a);
                *best = s > *best ? s : *best;
                return a;
            }
        }
    }
    double last = *best, floor = *best / 3;
    for (const GumboNode *a = top->parent;
         a && a->type == GUMBO_NODE_ELEMENT && !epi_web_is(a, GUMBO_TAG_BODY); a = a->parent) {
        double s = score_of(f, a);
        if (s < 0)
            continue; /* not scored */
        if (s < floor)
            break;
        if (s > last) {
            *best = s;
            return a;
        }
        last = s;
    }
    return top;
}

bool epi_web_find_article(const GumboNode *body, int relax, epi_web_article *out)
{
    finder f = {.relax = relax};
    bool ok = true;
    walk_find(&f, body, 0);
    if (f.oom) {
        ok = false;
        goto out;
    }
    const GumboNode *top = NULL;
    double best = 0;
    for (size_t i = 0; i < f.n; i++) {
        epi_web_measure m = epi_web_measure_of(f.v[i].node);
        f.v[i].score *= 1 - epi_web_link_density(&m);
        if (!top || f.v[i].score > best) {
            top = f.v[i].node;
            best = f.v[i].score;
        }
    }
    for (int k = 0; k < 3; k++) {
        /* A teaser <article> (a box of another story) is not the page's article when the
         * <main> holds four times its text. */
        if (k == 1 && f.best_explicit[2] && f.best_text[1] * 4 < f.best_text[2])
            continue;
        if (f.best_explicit[k] && f.best_text[k] >= EXPLICIT_MIN_TEXT &&
            (relax > RELAX_NONE || !scored_elsewhere(f.best_explicit[k], f.best_text[k], top))) {
            ok = k == 1 ? add_articles(out, f.best_explicit[k]) : add_root(out, f.best_explicit[k]);
            goto out;
        }
    }
    if (!top) {
        ok = add_root(out, body); /* no paragraph anywhere: the whole body, cleaned */
        goto out;
    }
    top = climb(&f, top, &best);
    /* An only child says nothing its parent does not. */
    while (top->parent && top->parent->type == GUMBO_NODE_ELEMENT &&
           !epi_web_is(top->parent, GUMBO_TAG_BODY)) {
        const GumboVector *k = epi_web_kids(top->parent);
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
    const char *top_class = epi_web_attr(top, "class");
    const GumboVector *k = epi_web_kids(parent);
    for (unsigned i = 0; i < k->length && ok; i++) {
        const GumboNode *s = k->data[i];
        if (s->type != GUMBO_NODE_ELEMENT)
            continue;
        bool take = s == top;
        /* As in add_articles: an <article> named a modal is not taken, whatever is relaxed. */
        if (!take && !epi_web_junk(s) && !epi_web_unlikely(s, relax) &&
            !(epi_web_is(s, GUMBO_TAG_ARTICLE) && epi_web_unlikely_name(s))) {
            double sc = score_of(&f, s);
            const char *cls = epi_web_attr(s, "class");
            if (top_class && cls && *cls && !strcmp(cls, top_class))
                sc += best * 0.2;
            take = sc >= threshold;
            if (!take && epi_web_is(s, GUMBO_TAG_P)) {
                epi_web_measure m = epi_web_measure_of(s);
                double ld = epi_web_link_density(&m);
                take = (m.text > 80 && ld < 0.25) || (m.text > 0 && m.text <= 80 && ld == 0);
            }
        }
        if (take)
            ok = add_root(out, s);
    }
out:
    free(f.v);
    return ok && add_lede(out, relax);
}
