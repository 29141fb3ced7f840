/*
 * Typography on the text of an XHTML tree, in two rule sets:
 * - Cyrillic (a C port of the safe subset of typograf's `ru` rules, docs/ARCHITECTURE.md
 * "Typography"): quotes, dashes, ellipsis, non-breaking spaces after short words and before
 * particles, initials, abbreviations, numbers with units, № and year ranges; each language
 * (ru, uk, be, bg, sr, mk, kk, mn) is one row of data (typo_langs, typography_cldr.c);
 * - English (pandoc's smart punctuation, README "Typography"): quotes “‘’”, apostrophes, em and
 *   en dashes from --- and --, ellipsis.
 *
 * How it works. The text nodes of one block element (p, li, h2, td…) are collected in order
 * into one logical string of cells (a code point plus the index of the text node it came
 * from), so the rules see across inline tags: in `"<em>x</em>"` both quotes are in view.
 * Elements whose text must stay verbatim (code, kbd, samp, var; typograf's "safe tags",
 * src/safeTags.ts) stand in the string as one U+FFFC cell, pre/script/style end the block,
 * and <br> is a line start (U+2028). URLs and e-mail addresses in text are protected cells.
 * Every pass is one left-to-right scan with bounded look-around, so a block costs linear time.
 * At the end each text node gets back the cells that carry its index.
 *
 * Characters are written as UTF-8 characters, never entities (named entities are fatal in
 * EPUB XHTML, RSC-016), and the only space inserted is U+00A0: PT Serif has no U+202F/U+2009
 * and Kindle breaks on other spaces (docs/ARCHITECTURE.md "Typography").
 */
#include "typeset.h"
#include "typography_cldr.h"

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>

#define CP_NBSP 0x00A0u
#define CP_LAQUO 0x00ABu
#define CP_RAQUO 0x00BBu
#define CP_SECT 0x00A7u
#define CP_FIGDASH 0x2012u
#define CP_ENDASH 0x2013u
#define CP_EMDASH 0x2014u
#define CP_HBAR 0x2015u
#define CP_LSQUO 0x2018u /* ‘ : English inner opening quote */
#define CP_RSQUO 0x2019u /* ’ : English inner closing quote and the apostrophe */
#define CP_LDQUO 0x201Cu /* “ : Russian inner closing quote, English opening quote */
#define CP_RDQUO 0x201Du
#define CP_BDQUO 0x201Eu /* „ : Russian inner opening quote */
#define CP_RHDQUO 0x201Fu
#define CP_HELLIP 0x2026u
#define CP_LINE 0x2028u /* a <br>: starts a line (dialogue rule) */
#define CP_NUMERO 0x2116u
#define CP_OBJ 0xFFFCu /* a verbatim inline element (code, img): behaves as one word */

typedef struct cell {
    uint32_t cp;
    int32_t seg; /* index of the text node, -1 for stand-ins (U+FFFC, U+2028) */
    bool prot;   /* part of a URL or e-mail address: no rule may touch it */
} cell;

typedef struct cells {
    cell *v;
    size_t n, cap;
} cells;

/* One Cyrillic language's rules: its row of typo_langs (below, "pass 3"). */
typedef struct typo_lang {
    ep_typography mode;
    const char *lang;    /* its row in epi_typo_cldr_table */
    uint32_t apostrophe; /* what a straight ' between two of its letters becomes; 0: stays */
    const char *const *short_words, *const *particles, *const *before_number,
                                                           *const *before_name, *const *units,
                                                                                    *const *century;
    const char *see;   /* the abbreviation of "see" bound to the word after it ("см. рис.") */
    const char *tdot;  /* the letters X of the abbreviations "т. X." (т. д., т. е.) */
    bool digit_groups; /* "10 000" → "10~000" where CLDR separates digit groups by a space */
} typo_lang;

typedef struct run {
    cells c;   /* the block's logical string */
    cells tmp; /* output of the length-changing pass */
    struct text_node {
        xmlNodePtr node;
        size_t len; /* of its text as it was */
    } * nodes;
    size_t nnodes, capnodes;
    size_t *quotes; /* scratch for the quote pass: cell indices */
    size_t capquotes;
    size_t *quote_at; /* the cells of the Cyrillic rules' string that hold a quote, in order */
    size_t nquote_at, capquote_at;
    epi_buf out;
    bool en;        /* English rules, else the Cyrillic rules of `lang` */
    bool url_chars; /* the block's text has ':', '@' or 'w': it may hold a URL or address */
    const typo_lang *lang;
    const epi_typo_cldr *cldr;
    size_t short_max;    /* letters in the longest of lang->short_words */
    bool letters[0x100]; /* U+0400–U+04FF: a lowercase letter of the language */
} run;

/* ---------- character classes ---------- */

static bool is_ws(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == CP_NBSP;
}

static bool is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

/* A letter of the alphabets most text is in (ASCII, Cyrillic А–я), tested without a call. */
static inline bool plain_letter(uint32_t c)
{
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= 0x0410 && c <= 0x044F);
}

static inline bool is_letter(uint32_t c)
{
    return plain_letter(c) || (c != CP_OBJ && epi_ts_is_alpha(c));
}

static uint32_t fold_lower(uint32_t c)
{
    return epi_ts_tolower(c);
}

/* A lowercase (capital) letter of the language's alphabet (CLDR's exemplar letters). */
static bool lang_lower(const run *r, uint32_t c)
{
    return c >= 0x0400 && c <= 0x04FF && r->letters[c - 0x0400];
}

static bool lang_letter(const run *r, uint32_t c)
{
    return lang_lower(r, fold_lower(c));
}

static bool lang_upper(const run *r, uint32_t c)
{
    if (c < 0x0400 || c > 0x04FF)
        return false;
    uint32_t l = fold_lower(c);
    return l != c && lang_lower(r, l);
}

/* - ‒ – — ― (U+2012–U+2015 are consecutive) */
static bool is_dash(uint32_t c)
{
    return c == '-' || (c >= CP_FIGDASH && c <= CP_HBAR);
}

/* " « » “ ” „ ‟ (U+201C–U+201F are consecutive) */
static bool is_quote(uint32_t c)
{
    if (c >= CP_LDQUO)
        return c <= CP_RHDQUO;
    return c < CP_LAQUO ? c == '"' : c == CP_LAQUO || c == CP_RAQUO;
}

/* A character that belongs to a word for "whole word" tests: кто-то, из-за, Во-первых are
 * one token each, so none of their parts is taken for a short word. */
static bool is_wordish(uint32_t c)
{
    return is_letter(c) || is_digit(c) || c == '-' || c == '\'' || c == 0x2019 || c == CP_OBJ;
}

/* Can start the word a non-breaking space binds to. */
static bool opens_word(uint32_t c)
{
    return is_letter(c) || is_digit(c) || c == CP_OBJ || c == CP_LAQUO || c == CP_BDQUO ||
           c == '"' || c == CP_LDQUO || c == '(' || c == CP_NUMERO;
}

/* ---------- cell vectors ---------- */

/* Room for `extra` more cells. */
static bool cells_reserve(cells *c, size_t extra)
{
    while (c->cap - c->n < extra) {
        cell *v = epi_grow(c->v, &c->cap, c->cap, sizeof *v, 256); /* doubles */
        if (!v)
            return false;
        c->v = v;
    }
    return true;
}

/* Called for every character of the book: the call to grow only when full. */
static inline bool cells_push(cells *c, uint32_t cp, int32_t seg, bool prot)
{
    if (c->n == c->cap && !cells_reserve(c, 1))
        return false;
    c->v[c->n++] = (cell){cp, seg, prot};
    return true;
}

static uint32_t at(const cells *c, size_t i)
{
    return i < c->n ? c->v[i].cp : 0;
}

/* Matches the UTF-8 literal `lit` at cell i. `fold`: compare lowercased (for words that may
 * open a sentence). Returns the number of cells matched, 0 if no match. */
static size_t match(const cells *c, size_t i, const char *lit, bool fold)
{
    size_t k = i, off = 0, len = strlen(lit);
    while (off < len) {
        uint32_t want;
        size_t m = epi_utf8_decode(lit + off, len - off, &want);
        if (m == 0 || k >= c->n)
            return 0;
        uint32_t got = c->v[k].cp;
        if (fold)
            got = fold_lower(got);
        if (got != want || c->v[k].prot)
            return 0;
        off += m;
        k++;
    }
    return k - i;
}

/* Matches `lit` as a whole word at i: the next cell is not part of a word. */
static size_t match_word(const cells *c, size_t i, const char *lit, bool fold)
{
    size_t m = match(c, i, lit, fold);
    if (m == 0)
        return 0;
    uint32_t next = at(c, i + m);
    if (is_letter(next) || is_digit(next) || next == '-')
        return 0;
    return m;
}

static size_t match_any(const cells *c, size_t i, const char *const *list, bool fold)
{
    if (i >= c->n)
        return 0;
    /* The first cell compared as match() does, before the whole literal: most words are
     * rejected here (this loop ran for every word of the text, tests/bench/RESULTS.md). */
    uint32_t first = fold ? fold_lower(c->v[i].cp) : c->v[i].cp;
    char enc[4];
    size_t elen = epi_utf8_encode(first, enc);
    for (size_t k = 0; list[k]; k++) {
        size_t b = 0;
        while (b < elen && list[k][b] == enc[b])
            b++;
        if (b < elen)
            continue;
        size_t m = match_word(c, i, list[k], fold);
        if (m)
            return m;
    }
    return 0;
}

/* A single space that may become NBSP. */
static bool bindable(const cells *c, size_t i)
{
    return i < c->n && is_ws(c->v[i].cp) && !c->v[i].prot;
}

/* ---------- pass 0: protect URLs and e-mail addresses ---------- */

static bool url_end(uint32_t c)
{
    return c == 0 || is_ws(c) || c == CP_LINE || c == CP_OBJ || c == '"' || c == CP_LAQUO ||
           c == CP_RAQUO || c == '<' || c == '>';
}

static void protect_urls(cells *c)
{
    static const char *const starts[] = {"http://", "https://", "ftp://", "www.", "mailto:", NULL};
    for (size_t i = 0; i < c->n; i++) {
        uint32_t prev = i ? c->v[i - 1].cp : 0;
        bool started = false;
        uint32_t f = fold_lower(c->v[i].cp);
        /* h, f, w, m: the first letters of `starts`, checked first since this runs per cell */
        if ((f == 'h' || f == 'f' || f == 'w' || f == 'm') && !is_letter(prev) && !is_digit(prev)) {
            for (size_t k = 0; starts[k] && !started; k++)
                started = match(c, i, starts[k], true) != 0;
        }
        if (started) {
            while (i < c->n && !url_end(c->v[i].cp))
                c->v[i++].prot = true;
            continue;
        }
        /* e-mail: a@b. Walk back to the token start; stop at cells already protected, so
         * every cell is visited a bounded number of times. */
        if (c->v[i].cp == '@' && i > 0 && i + 1 < c->n && !url_end(prev) &&
            !url_end(c->v[i + 1].cp)) {
            size_t s = i;
            while (s > 0 && !url_end(c->v[s - 1].cp) && !c->v[s - 1].prot)
                s--;
            for (size_t k = s; k < i; k++)
                c->v[k].prot = true;
            while (i < c->n && !url_end(c->v[i].cp))
                c->v[i++].prot = true;
        }
    }
}

/* ---------- pass 1: the rules that change the length ---------- */

static bool push(cells *o, uint32_t cp, int32_t seg)
{
    return cells_push(o, cp, seg, false);
}

/* Index past the whitespace run starting at i. */
static size_t skip_ws(const cells *c, size_t i)
{
    while (i < c->n && is_ws(c->v[i].cp) && !c->v[i].prot)
        i++;
    return i;
}

/* Length of a dash token at i ("-", "--", "‒", "–", "—", "―"), 0 if none. */
static size_t dash_token(const cells *c, size_t i)
{
    uint32_t d = at(c, i);
    if (d == '-') {
        if (at(c, i + 1) == '-')
            return at(c, i + 2) == '-' ? 0 : 2;
        return 1;
    }
    return is_dash(d) ? 1 : 0;
}

/* typograf ru/nbsp/initials: "А.С. Пушкин" → "А.~С.~Пушкин". Returns cells consumed (0: no
 * match). `o` holds the output so far (to bind a surname written before the initials). */
static size_t initials(const run *r, const cells *in, size_t i, cells *o, bool *ok)
{
    if (!lang_upper(r, at(in, i)) || at(in, i + 1) != '.')
        return 0;
    size_t j = i + 2, sp1 = SIZE_MAX;
    if (bindable(in, j) && in->v[j].cp != '\n') {
        sp1 = j;
        j++;
    }
    if (!lang_upper(r, at(in, j)) || at(in, j + 1) != '.' || is_letter(at(in, j + 2)))
        return 0;
    size_t end = j + 2;
    /* Surname after: one space, a capital and a small letter. */
    bool after =
        bindable(in, end) && lang_upper(r, at(in, end + 1)) && lang_lower(r, at(in, end + 2));
    /* Surname before: "Пушкин А.С." — the output ends with a space after a capitalised word. */
    bool before = false;
    if (!after && o->n >= 3 && is_ws(o->v[o->n - 1].cp) && lang_lower(r, o->v[o->n - 2].cp)) {
        size_t s = o->n - 2;
        while (s > 0 && lang_lower(r, o->v[s - 1].cp))
            s--;
        before = s > 0 && lang_upper(r, o->v[s - 1].cp) && (s == 1 || !is_letter(o->v[s - 2].cp));
    }
    if (!after && !before)
        return 0;
    if (before)
        o->v[o->n - 1].cp = CP_NBSP;
    int32_t seg_sp = sp1 != SIZE_MAX ? in->v[sp1].seg : in->v[i + 1].seg;
    *ok = push(o, in->v[i].cp, in->v[i].seg) && push(o, '.', in->v[i + 1].seg) &&
          push(o, CP_NBSP, seg_sp) && push(o, in->v[j].cp, in->v[j].seg) &&
          push(o, '.', in->v[j + 1].seg);
    if (after) {
        *ok = *ok && push(o, CP_NBSP, in->v[end].seg);
        end++;
    }
    return end - i;
}

/* typograf ru/nbsp/abbr: "т.д." / "т. д." → "т.~д." (also т. е., т. п., т. к., т. н., т. ч.:
 * the language's `tdot` letters). */
static size_t tdot(const run *r, const cells *in, size_t i, cells *out, bool *ok)
{
    uint32_t t = at(in, i);
    if ((t != 0x0442 && t != 0x0422) || at(in, i + 1) != '.')
        return 0;
    if (out->n && is_wordish(out->v[out->n - 1].cp))
        return 0;
    size_t j = i + 2, sp = SIZE_MAX;
    if (bindable(in, j) && in->v[j].cp != '\n') {
        sp = j;
        j++;
    }
    uint32_t x = at(in, j);
    if (x < 0x80 || !epi_utf8_has(r->lang->tdot, x) || at(in, j + 1) != '.' ||
        is_letter(at(in, j + 2)))
        return 0;
    *ok = push(out, t, in->v[i].seg) && push(out, '.', in->v[i + 1].seg) &&
          push(out, CP_NBSP, sp != SIZE_MAX ? in->v[sp].seg : in->v[i + 1].seg) &&
          push(out, x, in->v[j].seg) && push(out, '.', in->v[j + 1].seg);
    return j + 2 - i;
}

/* Notes that o's last cell, just pushed, holds a quote when it does (for pass_quotes). */
static bool note_quote(run *r, const cells *o)
{
    if (!is_quote(o->v[o->n - 1].cp))
        return true;
    size_t *v = epi_grow(r->quote_at, &r->capquote_at, r->nquote_at, sizeof *v, 64);
    if (!v)
        return false;
    r->quote_at = v;
    r->quote_at[r->nquote_at++] = o->n - 1;
    return true;
}

static bool pass_lengths(run *r, const cells *in, cells *o)
{
    size_t i = 0, n = in->n;
    o->n = 0;
    r->nquote_at = 0;
    while (i < n) {
        const cell *x = &in->v[i];
        uint32_t cp = x->cp;
        uint32_t prev = o->n ? o->v[o->n - 1].cp : 0;
        bool ok = true;
        if (x->prot) {
            if (!cells_push(o, cp, x->seg, true))
                return false;
            i++;
            continue;
        }
        /* Letters inside a word: no rule starts there (initials and abbreviations start after
         * a non-letter), so the run is copied as it is. */
        if (plain_letter(cp) && plain_letter(prev)) {
            size_t j = i + 1;
            while (j < n && plain_letter(in->v[j].cp) && !in->v[j].prot)
                j++;
            if (!cells_reserve(o, j - i))
                return false;
            memcpy(o->v + o->n, in->v + i, (j - i) * sizeof *o->v);
            o->n += j - i;
            i = j;
            continue;
        }
        /* A character no rule below starts at (they start at a space, a dot, a dash, …, №, or
         * before a dot: initials and "т."), copied as it is: most punctuation, a word's first
         * letter. */
        if (cp != ' ' && cp != '.' && cp != CP_HELLIP && !is_dash(cp) && cp != CP_NUMERO &&
            at(in, i + 1) != '.') {
            if (!cells_push(o, cp, x->seg, false) || !note_quote(r, o))
                return false;
            i++;
            continue;
        }
        /* common/space/delRepeatSpace: runs of plain spaces collapse to one. */
        if (cp == ' ' && prev == ' ' && !o->v[o->n - 1].prot) {
            i++;
            continue;
        }
        /* common/punctuation/hellip + ru/punctuation/hellipQuestion: 3 or 4 dots → "…",
         * but "?..." → "?..", "!..." → "!.."; five or more dots are left alone. */
        if (cp == '.') {
            size_t j = i;
            while (j < n && in->v[j].cp == '.' && !in->v[j].prot)
                j++;
            size_t k = j - i;
            if (k == 3 && (prev == '?' || prev == '!')) {
                ok = push(o, '.', in->v[i].seg) && push(o, '.', in->v[i + 1].seg);
            } else if (k == 3 || k == 4) {
                ok = push(o, CP_HELLIP, x->seg);
            } else {
                for (size_t m = i; m < j && ok; m++)
                    ok = push(o, '.', in->v[m].seg);
            }
            if (!ok)
                return false;
            i = j;
            continue;
        }
        if (cp == CP_HELLIP && (prev == '?' || prev == '!')) {
            if (!push(o, '.', x->seg) || !push(o, '.', x->seg))
                return false;
            i++;
            continue;
        }
        /* Dashes: ru/dash/main and ru/dash/directSpeech. */
        size_t dl = dash_token(in, i);
        if (dl && bindable(in, i + dl)) {
            size_t a2 = skip_ws(in, i + dl);
            uint32_t next = at(in, a2);
            size_t t = o->n;
            while (t > 0 && is_ws(o->v[t - 1].cp) && !o->v[t - 1].prot)
                t--;
            if (a2 < n && next != CP_LINE) {
                if (t < o->n && t > 0 && o->v[t - 1].cp != CP_LINE) {
                    /* "правда - ложь" → "правда~— ложь": the dash stays with the word before. */
                    int32_t seg_nb = o->v[t].seg;
                    o->n = t;
                    if (!push(o, CP_NBSP, seg_nb) || !push(o, CP_EMDASH, x->seg) ||
                        !push(o, ' ', in->v[i + dl].seg))
                        return false;
                    i = a2;
                    continue;
                }
                if (t == 0 || o->v[t - 1].cp == CP_LINE) {
                    /* A line of dialogue: "- Ты придёшь?" → "—~Ты придёшь?" */
                    if (!push(o, CP_EMDASH, x->seg) || !push(o, CP_NBSP, in->v[i + dl].seg))
                        return false;
                    i = a2;
                    continue;
                }
            }
        }
        /* ru/symbols/NN + ru/nbsp/afterNumberSign: "№№" → "№", "№4" / "№ 4" → "№~4". */
        if (cp == CP_NUMERO) {
            size_t j = i + 1;
            while (j < n && in->v[j].cp == CP_NUMERO && !in->v[j].prot)
                j++;
            if (!push(o, CP_NUMERO, x->seg))
                return false;
            if (is_digit(at(in, j))) {
                if (!push(o, CP_NBSP, x->seg))
                    return false;
            } else if (bindable(in, j) && is_digit(at(in, j + 1))) {
                if (!push(o, CP_NBSP, in->v[j].seg))
                    return false;
                j++;
            }
            i = j;
            continue;
        }
        if (!is_letter(prev) && !is_digit(prev)) {
            size_t m = initials(r, in, i, o, &ok);
            if (!m)
                m = tdot(r, in, i, o, &ok);
            if (!ok)
                return false;
            if (m) {
                i += m;
                continue;
            }
        }
        if (!cells_push(o, cp, x->seg, false) || !note_quote(r, o))
            return false;
        i++;
    }
    return true;
}

/* ---------- pass 2: quotes (common/punctuation/quote, ru locale) ---------- */

/* r->quotes[n] = v, growing the scratch array. */
static bool push_quote(run *r, size_t n, size_t v)
{
    size_t *q = epi_grow(r->quotes, &r->capquotes, n, sizeof *q, 64);
    if (!q)
        return false;
    r->quotes = q;
    r->quotes[n] = v;
    return true;
}

static bool pass_quotes(run *r)
{
    cells *c = &r->c;
    size_t nq = 0, depth = 0;
    bool balanced = true;
    /* Classify each quote as opening or closing from its neighbours. The class is kept in the
     * top bit of the index. */
    const size_t OPEN = (size_t)1 << (sizeof(size_t) * 8 - 1);
    /* The quotes pass_lengths noted: every cell that holds one (its only other cells are
     * protected, letters and the characters its rules put in). */
    for (size_t t = 0; t < r->nquote_at; t++) {
        size_t i = r->quote_at[t];
        uint32_t q = c->v[i].cp;
        if (!is_quote(q) || c->v[i].prot)
            continue;
        uint32_t p = i ? c->v[i - 1].cp : 0;
        uint32_t nx = at(c, i + 1);
        bool prev_open_quote =
            nq > 0 && (r->quotes[nq - 1] & ~OPEN) == i - 1 && (r->quotes[nq - 1] & OPEN);
        bool pspace = p == 0 || is_ws(p) || p == CP_LINE || p == '(' || p == '[' || p == '{' ||
                      is_dash(p) || p == '/' || prev_open_quote;
        bool nspace = nx == 0 || is_ws(nx) || nx == CP_LINE;
        bool open;
        if (q == CP_LAQUO) {
            open = true;
        } else if (q == CP_RAQUO) {
            open = false;
        } else if (q == '"' && is_digit(p) && depth == 0) {
            continue; /* 12" — an inch mark, not a quote */
        } else if (pspace && !nspace) {
            open = true;
        } else if (!pspace && nspace) {
            open = false;
        } else if (!pspace && !nspace) {
            open = depth == 0; /* ОАО"Пример" */
        } else {
            continue; /* a quote standing alone between spaces */
        }
        if (!push_quote(r, nq++, i | (open ? OPEN : 0)))
            return false;
        if (open) {
            depth++;
        } else if (depth > 0) {
            depth--;
        } else {
            balanced = false;
        }
    }
    if (depth != 0)
        balanced = false;
    /* Level 1 is the language's outer quotes («» in Russian), deeper levels its inner ones („“).
     * Unbalanced text gets level 1 only, as typograf falls back when the counts differ. Only
     * straight quotes are rewritten: quotes typed as «», „“ or “” are the author's choice and stay
     * (issue 21), but count for the nesting, so "x" inside «…» becomes „x“. */
    depth = 0;
    for (size_t k = 0; k < nq; k++) {
        size_t i = r->quotes[k] & ~OPEN;
        bool open = (r->quotes[k] & OPEN) != 0;
        size_t level;
        if (open) {
            level = ++depth;
        } else {
            level = depth ? depth-- : 1;
        }
        if (!balanced)
            level = 1;
        if (c->v[i].cp != '"')
            continue;
        const uint32_t *q = r->cldr->quotes;
        c->v[i].cp = level <= 1 ? (open ? q[0] : q[1]) : (open ? q[2] : q[3]);
    }
    return true;
}

/* ---------- pass 3: non-breaking spaces and ranges (length unchanged) ---------- */

/* The rules of each Cyrillic language, one row each (docs/ARCHITECTURE.md "Typography"): the
 * quotes, months, digit groups and letters come from CLDR (typography_cldr.c, generated); the
 * word lists below are each language's own. Russian's are typograf's `ru` rules, named beside
 * each; the others' are the one- and two-letter prepositions, conjunctions and particles of
 * the language's grammar, its Cyrillic SI unit symbols and currency, and the abbreviations its
 * publishers bind (every word is checked against Debian's hunspell dictionary of the language,
 * tests/e2e/typography_words.sh). */

/* typograf ru/shortWord (with useShortWordList): the space after them becomes NBSP. */
static const char *const short_ru[] = {"а",  "в",  "во", "да", "до", "же", "за", "и",
                                       "из", "к",  "ко", "на", "не", "ни", "но", "о",
                                       "об", "от", "по", "с",  "со", "у",  NULL};
/* ru/nbsp/beforeParticle. */
static const char *const particles_ru[] = {"ли", "же", "бы", NULL};
/* Abbreviations bound to the number after them: "стр. 5", "гл. 3", "рис. 2", "т. 2". */
static const char *const before_number_ru[] = {"стр", "гл", "рис", "табл", "илл",  "ил",   "п",
                                               "пп",  "ч",  "т",   "ст",   "разд", "прил", "д",
                                               "кв",  "с",  "вып", "кн",   NULL};
/* Abbreviations bound to the name after them: "г. Москва", "ул. Ленина". */
static const char *const before_name_ru[] = {"г",   "ул",  "пл",  "пер", "просп",
                                             "наб", "пос", "обл", NULL};
/* Units and number words after a number: "5 км", "1905 г.", "4 тыс.", "15 %". Currency signs
 * (₽ ₴ ₸ ₮) are written as their UTF-8 bytes: clang-format 14 and 19 measure their width
 * differently and would align the columns differently (scripts/check-format.sh). */
static const char *const units_ru[] = {
    "%",    "‰",      "км",     "м",      "см",   "мм",   "мкм",          "нм",  "кг",
    "г",    "мг",     "т",      "л",      "мл",   "ч",    "мин",          "с",   "мс",
    "сек",  "Гбит/с", "Мбит/с", "кбит/с", "Гбит", "Мбит", "ГБ",           "МБ",  "КБ",
    "ТБ",   "Гб",     "Мб",     "Кб",     "ГГц",  "МГц",  "кГц",          "Гц",  "Вт",
    "кВт",  "МВт",    "га",     "руб",    "коп",  "долл", "тыс",          "млн", "млрд",
    "трлн", "гг",     "шт",     "чел",    "°C",   "°",    "\xe2\x82\xbd", "€",   "лет",
    "года", "год",    "м²",     "м³",     "км²",  "дн",   "мес",          "стр", NULL};
static const char *const century_ru[] = {"в.", "вв.", NULL};

/* Ukrainian: 1905 р., 20 тис. грн, "див. рис. 2", "м. Київ", XX ст. */
static const char *const short_uk[] = {"а",  "в",  "до", "з", "за", "зі", "і",  "із", "й",
                                       "на", "не", "ні", "о", "об", "по", "та", "у",  NULL};
static const char *const particles_uk[] = {"же", "би", NULL};
static const char *const before_number_uk[] = {"с",  "рис", "табл", "розд", "ст", "п",
                                               "пп", "т",   "ч",    "вип",  "кн", NULL};
static const char *const before_name_uk[] = {"м",   "вул", "пл",  "пров", "просп",
                                             "обл", "с",   "смт", NULL};
static const char *const units_uk[] = {
    "%",   "‰",   "км",   "м",     "см",   "мм",  "мкм",  "нм", "кг",  "г",   "мг",
    "т",   "л",   "мл",   "год",   "хв",   "с",   "мс",   "ГБ", "МБ",  "КБ",  "ТБ",
    "ГГц", "МГц", "кГц",  "Гц",    "Вт",   "кВт", "МВт",  "га", "грн", "коп", "дол",
    "тис", "млн", "млрд", "трлн",  "р",    "рр",  "шт",   "°C", "°",   "€",   "\xe2\x82\xb4",
    "м²",  "м³",  "км²",  "років", "року", "рік", "стор", NULL};
static const char *const century_uk[] = {"ст.", NULL};

/* Belarusian: 1905 г., "гл. мал. 2", "г. Мінск", XX ст. */
static const char *const short_be[] = {"а",  "аб", "ад", "бо", "да", "з", "за", "і",  "й",
                                       "на", "не", "ні", "па", "са", "у", "ў",  "ці", NULL};
static const char *const particles_be[] = {"жа", "бы", NULL};
static const char *const before_number_be[] = {"с", "мал", "табл", "разд", "ст", "п",
                                               "т", "ч",   "вып",  "кн",   NULL};
static const char *const before_name_be[] = {"г", "вул", "пл", "пр", "в", NULL};
static const char *const units_be[] = {
    "%",  "‰",  "км", "м",  "см", "мм",  "кг", "г",   "мг",    "т",    "л",   "мл",   "гадз",
    "хв", "с",  "ГБ", "МБ", "Вт", "кВт", "га", "руб", "кап",   "тыс",  "млн", "млрд", "трлн",
    "гг", "шт", "°C", "°",  "€",  "м²",  "м³", "км²", "гадоў", "года", NULL};
static const char *const century_be[] = {"ст.", NULL};

/* Bulgarian: 1905 г., 5 лв., "вж. фиг. 2", "гр. София", XX в. */
static const char *const short_bg[] = {"а",  "в",  "във", "да", "до",  "за", "и",  "на", "не",
                                       "но", "от", "по",  "с",  "със", "че", "ще", NULL};
static const char *const particles_bg[] = {"ли", NULL};
static const char *const before_number_bg[] = {"с", "стр", "гл", "фиг", "табл", "т",
                                               "ч", "бр",  "кн", "ал",  NULL};
static const char *const before_name_bg[] = {"гр", "ул", "бул", "пл", "с", "обл", NULL};
static const char *const units_bg[] = {
    "%",   "‰",    "км",   "м",  "см",  "мм",  "кг", "г",  "мг",  "т",   "л",      "мл",     "ч",
    "мин", "с",    "ГБ",   "МБ", "ГГц", "МГц", "Гц", "Вт", "кВт", "ха",  "лв",     "ст",     "хил",
    "млн", "млрд", "трлн", "бр", "°C",  "°",   "€",  "м²", "м³",  "км²", "години", "година", NULL};
static const char *const century_bg[] = {"в.", NULL};

/* Serbian: 1905. године is written with a full stop after the number; 5 км, "в. стр. 2",
 * "ул. Кнеза Милоша", XX в. */
static const char *const short_sr[] = {"а",  "и",  "к",  "о",  "с",  "у",  "да", "до", "за", "из",
                                       "ка", "на", "не", "ни", "но", "од", "по", "са", "уз", NULL};
static const char *const particles_sr[] = {"ли", NULL};
static const char *const before_number_sr[] = {"стр", "сл", "бр", "т", "чл", "гл", "тач", NULL};
static const char *const before_name_sr[] = {"ул", "бул", "трг", NULL};
static const char *const units_sr[] = {
    "%",   "‰",    "км",  "м", "см", "мм", "кг", "г",   "мг",     "т",      "л",
    "мл",  "ч",    "мин", "с", "ГБ", "МБ", "Вт", "кВт", "ха",     "дин",    "хиљ",
    "млн", "млрд", "°C",  "°", "€",  "м²", "м³", "км²", "године", "година", NULL};
static const char *const century_sr[] = {"в.", NULL};

/* Macedonian: 5 км, 100 ден., "ул. Македонија", XX в. */
static const char *const short_mk[] = {"а",  "во", "да", "до", "за", "и",  "ќе", "на",
                                       "не", "ни", "но", "од", "по", "со", NULL};
static const char *const particles_mk[] = {"ли", NULL};
static const char *const before_number_mk[] = {"стр", "бр", "чл", "т", NULL};
static const char *const before_name_mk[] = {"ул", "бул", NULL};
static const char *const units_mk[] = {"%",  "‰",  "км",  "м",   "см",     "мм",     "кг", "г",
                                       "мг", "т",  "л",   "мл",  "ч",      "мин",    "с",  "ГБ",
                                       "МБ", "ха", "ден", "илј", "млн",    "млрд",   "°C", "°",
                                       "€",  "м²", "м³",  "км²", "години", "година", NULL};
static const char *const century_mk[] = {"в.", NULL};

/* Kazakh has postpositions, not prepositions: the short words are the conjunctions ал, әрі
 * and the question particles ма/ме/ба/бе/па/пе, bound to the word before them; 1991 ж., 5 мың
 * теңге, XX ғ. */
static const char *const short_kk[] = {"ал", "әрі", NULL};
static const char *const particles_kk[] = {"ма", "ме", "ба", "бе", "па", "пе", NULL};
static const char *const before_number_kk[] = {"б", "бет", "сур", NULL};
static const char *const before_name_kk[] = {"қ", NULL};
static const char *const units_kk[] = {
    "%",    "‰",   "км",  "м",  "см", "мм", "кг",           "г",  "мг",    "т",   "л",
    "мл",   "сағ", "мин", "с",  "ГБ", "МБ", "га",           "тг", "теңге", "мың", "млн",
    "млрд", "ж",   "жж",  "°C", "°",  "€",  "\xe2\x82\xb8", "м²", "м³",    "км²", NULL};
static const char *const century_kk[] = {"ғ.", NULL};

/* Mongolian has postpositions too: the conjunction ба, the question particles уу/үү/юу/юү
 * after their word; 1990 он, 5 мянган төгрөг, XX зуун. */
static const char *const short_mn[] = {"ба", NULL};
static const char *const particles_mn[] = {"уу", "үү", "юу", "юү", NULL};
static const char *const before_number_mn[] = {"х", NULL};
static const char *const before_name_mn[] = {NULL};
static const char *const units_mn[] = {
    "%",  "‰",   "км",  "м", "см",           "мм", "кг", "г",   "мг",    "т",   "л",
    "мл", "цаг", "мин", "с", "ГБ",           "МБ", "га", "төг", "мянга", "сая", "тэрбум",
    "он", "°C",  "°",   "€", "\xe2\x82\xae", "м²", "м³", "км²", NULL};
static const char *const century_mn[] = {"зуун", NULL};

/* Ukrainian and Belarusian write the apostrophe as a letter (пʼятниця, сямʼя): U+02BC MODIFIER
 * LETTER APOSTROPHE, which CLDR lists among Ukrainian's letters (uk.xml exemplarCharacters) and
 * the Unicode Standard (15.0, §6.2 "Apostrophes") prefers where the apostrophe is part of a word:
 * search, selection and hyphenation keep the word whole. */
/* Russian binds no digit groups: its rules are typograf's, and issue 23 kept Russian output as it
 * was. */
static const typo_lang typo_langs[] = {
    {EP_TYPO_RU, "ru", 0, short_ru, particles_ru, before_number_ru, before_name_ru, units_ru,
     century_ru, "см", "едпкнч", false},
    {EP_TYPO_UK, "uk", 0x02BC, short_uk, particles_uk, before_number_uk, before_name_uk, units_uk,
     century_uk, "див", "дп", true},
    {EP_TYPO_BE, "be", 0x02BC, short_be, particles_be, before_number_be, before_name_be, units_be,
     century_be, "гл", "", true},
    {EP_TYPO_BG, "bg", 0, short_bg, particles_bg, before_number_bg, before_name_bg, units_bg,
     century_bg, "вж", "н", true},
    {EP_TYPO_SR, "sr", 0, short_sr, particles_sr, before_number_sr, before_name_sr, units_sr,
     century_sr, "в", "", true},
    {EP_TYPO_MK, "mk", 0, short_mk, particles_mk, before_number_mk, before_name_mk, units_mk,
     century_mk, "в", "", true},
    {EP_TYPO_KK, "kk", 0, short_kk, particles_kk, before_number_kk, before_name_kk, units_kk,
     century_kk, "", "", true},
    {EP_TYPO_MN, "mn", 0, short_mn, particles_mn, before_number_mn, before_name_mn, units_mn,
     century_mn, "", "", true},
};

/* A century abbreviation of the list at i ("в." or "вв." after "XIX"). */
static bool match_century(const cells *c, size_t i, const char *const *list)
{
    for (size_t k = 0; list[k]; k++)
        if (match(c, i, list[k], false))
            return true;
    return false;
}

static bool is_roman(uint32_t c)
{
    return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C' || c == 'M';
}

static unsigned year_at(const cells *c, size_t i)
{
    unsigned y = 0;
    for (size_t k = 0; k < 4; k++) {
        uint32_t d = at(c, i + k);
        if (!is_digit(d) || c->v[i + k].prot)
            return 0;
        y = y * 10 + (d - '0');
    }
    return y;
}

static void nbsp_word(const run *r, cells *c, size_t i, size_t j)
{
    const typo_lang *L = r->lang;
    /* Most words: no short word, no particle, no abbreviation (which ends with a dot). */
    if (j - i > r->short_max && j - i != 2 && at(c, j) != '.')
        return;
    uint32_t prev = i ? c->v[i - 1].cp : 0;
    bool left_whole = !is_wordish(prev) && prev != '.';
    bool right_whole = !is_wordish(at(c, j));
    /* Short words: "в доме" → "в~доме". */
    /* j - i <= 2 etc.: the longest word of each list, so most words skip the lists. */
    if (left_whole && right_whole && j - i <= r->short_max &&
        match_any(c, i, L->short_words, true) == j - i && bindable(c, j) &&
        opens_word(at(c, j + 1)))
        c->v[j].cp = CP_NBSP;
    /* Particles: "пришёл ли" → "пришёл~ли". */
    if (right_whole && j - i == 2 && i >= 2 && bindable(c, i - 1) &&
        match_any(c, i, L->particles, false) == j - i) {
        uint32_t w = c->v[i - 2].cp;
        if (is_letter(w) || is_digit(w) || w == CP_OBJ || w == r->cldr->quotes[1] || w == ')')
            c->v[i - 1].cp = CP_NBSP;
    }
    if (!left_whole || at(c, j) != '.' || !bindable(c, j + 1))
        return;
    uint32_t after = at(c, j + 2);
    bool after_number = i >= 2 && is_ws(c->v[i - 1].cp) && is_digit(c->v[i - 2].cp);
    if (is_digit(after) && match_any(c, i, L->before_number, true) == j - i)
        c->v[j + 1].cp = CP_NBSP;
    else if (!after_number && match(c, i, L->see, true) == j - i && opens_word(after))
        c->v[j + 1].cp = CP_NBSP; /* ru/nbsp/see */
    else if (!after_number && uc_is_upper(after) && match_any(c, i, L->before_name, false) == j - i)
        c->v[j + 1].cp = CP_NBSP; /* ru/nbsp/addr */
}

/* The digits of the number that ends at cell i ("10" in "10 000"): at most 3, and not part of a
 * decimal or a longer number. 0 when it is not such a group. */
static size_t group_head(const cells *c, size_t i)
{
    size_t k = 0;
    while (k < 4 && k <= i && is_digit(c->v[i - k].cp) && !c->v[i - k].prot)
        k++;
    if (k == 0 || k > 3)
        return 0;
    uint32_t before = k <= i ? c->v[i - k].cp : 0;
    return before == '.' || before == ',' || is_wordish(before) ? 0 : k;
}

static void pass_nbsp(const run *r, cells *c)
{
    static const char *const none[] = {NULL};
    const char *const *months = r->cldr->months ? r->cldr->months : none;
    size_t n = c->n;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = c->v[i].cp;
        if (c->v[i].prot)
            continue;
        uint32_t prev = i ? c->v[i - 1].cp : 0;
        if (is_letter(cp) && !is_letter(prev)) {
            size_t j = i;
            while (j < n && is_letter(c->v[j].cp) && !c->v[j].prot)
                j++;
            if (j < n && c->v[j].prot)
                continue;
            nbsp_word(r, c, i, j);
            /* Roman century: "XX в." / "XIX–XX вв." (ru/nbsp/centuries). */
            if (is_roman(c->v[j - 1].cp) && bindable(c, j) &&
                match_century(c, j + 1, r->lang->century)) {
                bool roman = true;
                for (size_t k = i; k < j && roman; k++)
                    roman = is_roman(c->v[k].cp);
                if (roman)
                    c->v[j].cp = CP_NBSP;
            }
            i = j - 1;
            continue;
        }
        if (!is_digit(cp))
            continue;
        /* ru/dash/years: "2012-2015" → "2012–2015" when both are years, first < second. */
        if (!is_wordish(prev) && prev != '.' && prev != ',' && at(c, i + 4) == '-' &&
            !c->v[i + 4].prot) {
            unsigned y1 = year_at(c, i), y2 = year_at(c, i + 5);
            uint32_t next = at(c, i + 9);
            if (y1 >= 1000 && y2 <= 2100 && y1 < y2 && !is_wordish(next) &&
                !(next == '.' && is_digit(at(c, i + 10)))) {
                c->v[i + 4].cp = CP_ENDASH;
                i += 7; /* on to the second year's last digit: "2012–2015~гг." */
                continue;
            }
        }
        /* Number + unit / month (ru/nbsp/m, mln, year, dayMonth, rubleKopek). */
        if (!bindable(c, i + 1))
            continue;
        /* Digit groups separated by a space: "10 000" → "10~000" (CLDR's group separator). */
        if (r->lang->digit_groups && r->cldr->group_space && c->v[i + 1].cp == ' ' &&
            is_digit(at(c, i + 2)) && is_digit(at(c, i + 3)) && is_digit(at(c, i + 4)) &&
            !c->v[i + 4].prot && !is_wordish(at(c, i + 5)) && group_head(c, i)) {
            c->v[i + 1].cp = CP_NBSP;
            continue;
        }
        if (match_any(c, i + 2, r->lang->units, false) ||
            (match_any(c, i + 2, months, true) &&
             !(i >= 2 && is_digit(c->v[i - 1].cp) && is_digit(c->v[i - 2].cp))))
            c->v[i + 1].cp = CP_NBSP;
    }
}

/* A straight apostrophe between two letters of the language becomes the language's apostrophe
 * (пам'ять → памʼять); between Latin letters (rock'n'roll) it stays. */
static void pass_apostrophe(run *r)
{
    cells *c = &r->c;
    if (!r->lang->apostrophe)
        return;
    for (size_t i = 1; i + 1 < c->n; i++)
        if (c->v[i].cp == '\'' && !c->v[i].prot && lang_letter(r, c->v[i - 1].cp) &&
            lang_letter(r, c->v[i + 1].cp))
            c->v[i].cp = r->lang->apostrophe;
}

/* ---------- English (pandoc's smart punctuation, with the changes the README lists) ---------- */

/* Dots and dashes: "..." → "…" ("...." → "…."); "---" → "—"; "--" → "–" between digits
 * (1990--2000), else "—". A spaced dash gets a no-break space before it, so no line starts
 * with it. Longer runs of dots or hyphens stay as typed. */
static bool en_pass_lengths(const cells *in, cells *o)
{
    o->n = 0;
    for (size_t i = 0; i < in->n;) {
        const cell *x = &in->v[i];
        uint32_t cp = x->cp;
        size_t j = i;
        if (x->prot || (cp != '.' && cp != '-')) {
            if (!cells_push(o, cp, x->seg, x->prot))
                return false;
            i++;
            continue;
        }
        while (j < in->n && in->v[j].cp == cp && !in->v[j].prot)
            j++;
        size_t k = j - i;
        uint32_t prev = o->n ? o->v[o->n - 1].cp : 0, next = at(in, j);
        bool ok = true;
        if (cp == '.' && (k == 3 || k == 4)) {
            ok = push(o, CP_HELLIP, x->seg) && (k == 3 || push(o, '.', in->v[i + 3].seg));
        } else if (cp == '-' && (k == 2 || k == 3)) {
            bool range = k == 2 && is_digit(prev) && is_digit(next);
            if (!range && prev == ' ' && !o->v[o->n - 1].prot &&
                (next == 0 || is_ws(next) || next == CP_LINE))
                o->v[o->n - 1].cp = CP_NBSP;
            ok = push(o, range ? CP_ENDASH : CP_EMDASH, x->seg);
        } else {
            for (size_t m = i; m < j && ok; m++)
                ok = push(o, cp, in->v[m].seg);
        }
        if (!ok)
            return false;
        i = j;
    }
    return true;
}

/* A quote after this opens: the start, a space, an opening bracket, a dash or slash, or an
 * opening quote. */
static bool en_opens_after(uint32_t p)
{
    return p == 0 || is_ws(p) || p == CP_LINE || p == '(' || p == '[' || p == '{' || is_dash(p) ||
           p == '/' || p == CP_LDQUO || p == CP_LSQUO;
}

/* A quote before this may close: the end, a space, punctuation or another quote. */
static bool en_closes_before(uint32_t n)
{
    return n == 0 || is_ws(n) || n == CP_LINE || n == CP_OBJ ||
           (n < 0x80 && strchr(".,;:!?)]}/-\"'", (int)n)) || is_dash(n) || n == CP_HELLIP ||
           n == CP_RDQUO || n == CP_RSQUO;
}

/* Words that start with an apostrophe, never an opening quote. */
static const char *const en_elisions[] = {"'tis", "'twas", "'em", "'cause", "'til", NULL};

/* “double” and ‘single’ quotes and apostrophes (you’re, ’90s, rock ’n’ roll, ’tis). Any other
 * single quote at the start of a word opens only when a closing one follows in the paragraph,
 * else it is an apostrophe (pandoc too looks for the closing quote). Straight quotes after a
 * digit outside quotes are inch and foot marks. */
static bool en_pass_quotes(run *r)
{
    cells *c = &r->c;
    size_t nopen = 0, depth = 0; /* single quotes waiting for a closing one; double depth */
    for (size_t i = 0; i < c->n; i++) {
        uint32_t q = c->v[i].cp;
        if ((q != '"' && q != '\'') || c->v[i].prot)
            continue;
        uint32_t p = i ? c->v[i - 1].cp : 0, nx = at(c, i + 1);
        bool popen = en_opens_after(p) ||
                     (i && c->v[i - 1].cp == '\'' && nopen && r->quotes[nopen - 1] == i - 1);
        bool nclose = en_closes_before(nx), nspace = nx == 0 || is_ws(nx) || nx == CP_LINE;
        if (q == '"') {
            if (is_digit(p) && depth == 0)
                continue; /* 12" — inches */
            bool open;
            if (popen && !nspace)
                open = true;
            else if (!popen && nclose)
                open = false;
            else if (!popen && !nspace)
                open = depth == 0;
            else
                continue; /* alone between spaces */
            c->v[i].cp = open ? CP_LDQUO : CP_RDQUO;
            depth = open ? depth + 1 : depth ? depth - 1 : 0;
            continue;
        }
        if (popen && match(c, i, "'n'", true) == 3 && en_closes_before(at(c, i + 3))) {
            c->v[i].cp = c->v[i + 2].cp = CP_RSQUO; /* rock ’n’ roll */
            i += 2;
        } else if (is_digit(p) && nopen == 0 && !is_letter(nx)) {
            continue; /* 5'10" — feet */
        } else if ((is_letter(p) || is_digit(p)) && (is_letter(nx) || is_digit(nx))) {
            c->v[i].cp = CP_RSQUO; /* you’re, O’Neil */
        } else if (popen && !nspace) {
            if ((is_digit(nx) && is_digit(at(c, i + 2)) && !is_digit(at(c, i + 3))) ||
                match_any(c, i, en_elisions, true))
                c->v[i].cp = CP_RSQUO; /* ’90s, ’tis */
            else if (!push_quote(r, nopen++, i))
                return false;
        } else if (!popen && nclose) {
            c->v[i].cp = CP_RSQUO; /* a closing quote, or the boys’ */
            if (nopen)
                c->v[r->quotes[--nopen]].cp = CP_LSQUO;
        }
    }
    while (nopen)
        c->v[r->quotes[--nopen]].cp = CP_RSQUO; /* never closed: an elision */
    return true;
}

/* ---------- collecting blocks ---------- */

/* `name` (ASCII case ignored) in `list` (lowercase names): the first letters compared first, as
 * this runs for every element of the book against dozens of names. */
static bool name_in(const xmlChar *name, const char *const *list)
{
    for (size_t k = 0; list[k]; k++)
        if ((name[0] | 0x20) == list[k][0] && xmlStrcasecmp(name, BAD_CAST list[k]) == 0)
            return true;
    return false;
}

/* typograf's safe tags (src/safeTags.ts): text inside stays verbatim. */
static const char *const verbatim_block[] = {"pre", "script", "style", "textarea", NULL};
static const char *const verbatim_inline[] = {"code",  "kbd",   "samp",   "var",    "math",
                                              "svg",   "img",   "object", "iframe", "video",
                                              "audio", "input", NULL};
static const char *const line_break[] = {"br", NULL};
/* Phrasing elements whose text continues the surrounding sentence (HTML §3.2.5.2.5). */
static const char *const inline_elems[] = {
    "a",    "abbr", "b",    "bdi", "bdo", "cite",  "data",  "dfn",    "em",   "i",
    "ins",  "del",  "mark", "q",   "s",   "small", "span",  "strong", "sub",  "sup",
    "time", "u",    "ruby", "rb",  "rt",  "rp",    "label", "wbr",    "font", NULL};

static bool add_text(run *r, xmlNodePtr node)
{
    struct text_node *v = epi_grow(r->nodes, &r->capnodes, r->nnodes, sizeof *v, 16);
    if (!v)
        return false;
    r->nodes = v;
    const char *s = (const char *)node->content;
    size_t len = s ? strlen(s) : 0, start = r->c.n;
    int32_t seg = (int32_t)r->nnodes;
    if (!cells_reserve(&r->c, len)) /* a character has at least one byte */
        return false;
    /* Every URL start protect_urls() knows has ':' or "www.", an e-mail address '@' (and no
     * other character lowercases to 'w'): most paragraphs have none, and skip that pass. */
    if (s && !r->url_chars && strpbrk(s, ":@wW"))
        r->url_chars = true;
    cell *to = r->c.v + start; /* room for len cells, reserved above */
    for (size_t off = 0; off < len;) {
        uint32_t cp;
        size_t m = epi_utf8_decode(s + off, len - off, &cp);
        if (m == 0) {
            /* Not UTF-8 (the reader rejects such input): leave the node as it is. */
            r->c.n = start;
            return cells_push(&r->c, CP_OBJ, -1, false);
        }
        *to++ = (cell){cp, seg, false};
        off += m;
    }
    r->c.n = (size_t)(to - r->c.v);
    r->nodes[r->nnodes++] = (struct text_node){node, len};
    return true;
}

static bool flush(run *r)
{
    bool ok = true;
    if (r->nnodes == 0)
        goto out;
    if (r->url_chars)
        protect_urls(&r->c);
    if (!(r->en ? en_pass_lengths(&r->c, &r->tmp) : pass_lengths(r, &r->c, &r->tmp))) {
        ok = false;
        goto out;
    }
    cells t = r->c;
    r->c = r->tmp;
    r->tmp = t;
    if (!(r->en ? en_pass_quotes(r) : pass_quotes(r))) {
        ok = false;
        goto out;
    }
    if (!r->en) {
        pass_apostrophe(r);
        pass_nbsp(r, &r->c);
    }
    /* Give each text node its cells back; segments are in order by construction. The cells in
     * local variables: a store into `chunk` might change r's, for the compiler, which then
     * loaded them again for each character. */
    size_t p = 0, ncells = r->c.n;
    const cell *v = r->c.v;
    for (size_t k = 0; k < r->nnodes && ok; k++) {
        r->out.len = 0;
        if (r->out.data)
            r->out.data[0] = '\0';
        /* Encoded in chunks: one buffer append per 256 bytes, not one per character. */
        char chunk[256];
        size_t cl = 0;
        for (; p < ncells && v[p].seg <= (int32_t)k; p++) {
            if (v[p].seg != (int32_t)k)
                continue;
            if (cl > sizeof chunk - 4) {
                ok = ok && epi_buf_append(&r->out, chunk, cl);
                cl = 0;
            }
            uint32_t cp = v[p].cp;
            if (cp < 0x80) {
                chunk[cl++] = (char)cp;
            } else if (cp < 0x800) { /* in line: Cyrillic, «», NBSP */
                chunk[cl++] = (char)(0xC0 | (cp >> 6));
                chunk[cl++] = (char)(0x80 | (cp & 0x3F));
            } else {
                cl += epi_utf8_encode(cp, chunk + cl);
            }
        }
        ok = ok && epi_buf_append(&r->out, chunk, cl);
        /* Neither holds a NUL: a text of another length is another text. */
        const char *now = r->out.data ? r->out.data : "";
        const char *was = (const char *)r->nodes[k].node->content;
        if (ok && (r->out.len != r->nodes[k].len || (was && memcmp(now, was, r->out.len) != 0)))
            xmlNodeSetContent(r->nodes[k].node, BAD_CAST now);
    }
out:
    r->c.n = 0;
    r->nnodes = 0;
    r->url_chars = false;
    return ok;
}

static bool walk(run *r, xmlNodePtr first, xmlNodePtr end);

/* Whether `n` is typeset as a paragraph of its own: the text before it is flushed first. */
bool epi_typography_block(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && !name_in(n->name, verbatim_inline) &&
           !name_in(n->name, line_break) && !name_in(n->name, inline_elems);
}

/* The siblings from `first` up to `end` (exclusive; NULL: the last). */
static bool walk(run *r, xmlNodePtr first, xmlNodePtr end)
{
    for (xmlNodePtr ch = first; ch != end; ch = ch->next) {
        if (ch->type == XML_TEXT_NODE) {
            if (!add_text(r, ch))
                return false;
            continue;
        }
        if (ch->type != XML_ELEMENT_NODE)
            continue; /* comments, CDATA, PIs: never typeset */
        if (name_in(ch->name, verbatim_block)) {
            if (!flush(r))
                return false;
        } else if (name_in(ch->name, verbatim_inline)) {
            if (!cells_push(&r->c, CP_OBJ, -1, false))
                return false;
        } else if (name_in(ch->name, line_break)) {
            if (!cells_push(&r->c, CP_LINE, -1, false))
                return false;
        } else if (name_in(ch->name, inline_elems)) {
            if (!walk(r, ch->children, NULL))
                return false;
        } else {
            /* A block: its text is a paragraph of its own. */
            if (!flush(r) || !walk(r, ch->children, NULL) || !flush(r))
                return false;
        }
    }
    return true;
}

/* Sets up r for the Cyrillic language of `mode`: its row, its CLDR data, its letters. False
 * when `mode` is none of them. */
static bool lang_rules(run *r, ep_typography mode)
{
    for (size_t k = 0; k < sizeof typo_langs / sizeof *typo_langs && !r->lang; k++)
        if (typo_langs[k].mode == mode)
            r->lang = &typo_langs[k];
    for (size_t k = 0; r->lang && epi_typo_cldr_table[k].lang && !r->cldr; k++)
        if (strcmp(epi_typo_cldr_table[k].lang, r->lang->lang) == 0)
            r->cldr = &epi_typo_cldr_table[k];
    if (!r->lang || !r->cldr)
        return false;
    const char *s = r->cldr->letters;
    for (size_t off = 0, len = strlen(s); off < len;) {
        uint32_t cp = 0;
        size_t m = epi_utf8_decode(s + off, len - off, &cp);
        if (m == 0)
            break;
        if (cp >= 0x0400 && cp <= 0x04FF)
            r->letters[cp - 0x0400] = true;
        off += m;
    }
    for (size_t k = 0; r->lang->short_words[k]; k++) {
        size_t n = 0;
        for (const char *p = r->lang->short_words[k]; *p; p++)
            n += (*p & 0xC0) != 0x80; /* code points: the bytes that start one */
        if (n > r->short_max)
            r->short_max = n;
    }
    return true;
}

static ep_status typeset_range(epi_ctx *ctx, xmlNodePtr first, xmlNodePtr end, ep_typography mode)
{
    ep_status st = EP_OK;
    run r;
    memset(&r, 0, sizeof r);
    r.en = mode == EP_TYPO_EN;
    if (!r.en && !lang_rules(&r, mode))
        goto out; /* off, or no rules for the mode */
    if (!walk(&r, first, end) || !flush(&r))
        st = epi_fail(ctx ? ctx->err : NULL, EP_ERR_NOMEM, NULL, 0, 0,
                      "out of memory in the typography pass");
out:
    free(r.c.v);
    free(r.tmp.v);
    free(r.nodes);
    free(r.quotes);
    free(r.quote_at);
    epi_buf_free(&r.out);
    return st;
}

ep_status epi_typography_range(epi_ctx *ctx, xmlNodePtr first, xmlNodePtr end, ep_typography mode)
{
    if (mode == EP_TYPO_OFF || mode == EP_TYPO_DEFAULT)
        return EP_OK;
    return typeset_range(ctx, first, end, mode);
}

ep_status epi_typography(epi_ctx *ctx, xmlNodePtr root, ep_typography mode)
{
    if (!root || mode == EP_TYPO_OFF || mode == EP_TYPO_DEFAULT)
        return EP_OK;
    if (root->type == XML_ELEMENT_NODE &&
        (name_in(root->name, verbatim_block) || name_in(root->name, verbatim_inline)))
        return EP_OK;
    return typeset_range(ctx, root->children, NULL, mode);
}
