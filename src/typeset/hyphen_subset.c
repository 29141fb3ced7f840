/*
 * The lines of a hyphenation dictionary that libhyphen is given (docs/ARCHITECTURE.md
 * "Hyphenation"): cleaned (epi_hyph_clean), and for the first book of a process cut to that
 * book's words (epi_hyph_subset): loading Debian's 4,678 Russian patterns was a third of a small
 * article's build, and its words can match about a tenth of them.
 *
 * Why the breaks stay the same. libhyphen (hyphen.c, 2.8.8) hyphenates ".word." with an
 * automaton whose states are the prefixes of the patterns (bytes, as written in the file); after
 * each byte the state is the longest suffix of what was read that is a state, and only that
 * state's own pattern is applied, not those of its suffixes (it relies on substrings.pl, which
 * Debian's ru, uk, be and mn files were not all put through: in them a state such as "пса" hides
 * the pattern "са"). So a cut dictionary gives the same breaks for a word when (a) every state
 * the word reaches with all the patterns is a state of the cut one, its states being prefixes of
 * the full one's, and (b) every pattern the word contains is in it: then it reaches the same
 * states and applies the same patterns. Here:
 * - a pattern is kept when each of its prefixes may occur in a word: every letter, pair and
 *   triple of letters in it occurs in the text (epi_hyph_letters), the dots that stand for a
 *   word's ends left out (a compound level hyphenates the parts of a word, ".part.", and
 *   Ukrainian words split at their apostrophes so);
 * - of a pattern not kept, its longest prefix that may occur is still a state: it is added as a
 *   pattern with no digits (a state with nothing to apply) unless another line makes it one
 *   already; with the first bytes of the next letter, since a UTF-8 letter's bytes are states
 *   one by one;
 * - every other line is kept as it is: the charset, LEFTHYPHENMIN, RIGHTHYPHENMIN,
 *   COMPOUNDLEFTHYPHENMIN, COMPOUNDRIGHTHYPHENMIN, NOHYPHEN, NEXTLEVEL, empty lines.
 * Both levels (NEXTLEVEL) are cut on their own. A file this cannot read the way libhyphen does
 * (a line of more than MAX_CHARS bytes, which libhyphen reads in pieces) is loaded whole.
 * tests/e2e/hyphen_subset.c hyphenates War and Peace and every Cyrillic dictionary's word
 * list with both, text by text.
 */
#include "typeset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HNJ_MAX_CHARS 100 /* libhyphen's line buffer (hyphen.h MAX_CHARS) */
#define HNJ_MAX_NAME 20   /* its charset buffer (MAX_NAME) */
#define KEEP 0xFF         /* a line kept as it is (else the length of its prefix to keep) */

/* ---------- the dictionary as libhyphen should read it ---------- */

/* A pattern line of the dictionary: where it is, and its level (NEXTLEVEL starts the next). */
typedef struct pattern_line {
    const char *s;
    size_t len, level;
} pattern_line;

/* The key of a pattern line: its level and its letters without the digits (FNV-1a). */
static uint32_t pattern_hash(const pattern_line *l)
{
    uint32_t x = (2166136261u ^ (uint32_t)l->level) * 16777619u;
    for (size_t i = 0; i < l->len; i++)
        if (l->s[i] < '0' || l->s[i] > '9')
            x = (x ^ (unsigned char)l->s[i]) * 16777619u;
    return x;
}

/* Whether two lines have the same level and the same letters without the digits. */
static bool pattern_same(const pattern_line *x, const pattern_line *y)
{
    if (x->level != y->level)
        return false;
    size_t i = 0, j = 0;
    for (;;) {
        while (i < x->len && x->s[i] >= '0' && x->s[i] <= '9')
            i++;
        while (j < y->len && y->s[j] >= '0' && y->s[j] <= '9')
            j++;
        if (i == x->len || j == y->len)
            return i == x->len && j == y->len;
        if (x->s[i++] != y->s[j++])
            return false;
    }
}

/* The dictionary as libhyphen should read it. Without comment lines: libhyphen 2.8.8 reads
 * lines in 100-byte pieces (MAX_CHARS) and skips a `%` line only by its first piece, so the rest
 * of a long comment becomes patterns (hyph_be_BY.dic's comments quote the orthography's examples,
 * во-ля, тра-ва, …, in lines of up to 1035 bytes: they changed 4% of Belarusian words), and it
 * reads `#` lines as patterns (hyph_mn_MN.dic has 13). And of patterns with the same letters in
 * one level, only the last: libhyphen keeps the last too, but leaks the earlier (156 pairs in
 * hyph_be_BY.dic, which ASan and valgrind report). Lines keep their order. The earlier lines
 * are found with a hash table of the lines seen, in one pass: sorting the lines for it was a
 * tenth of the instructions of a small article's build. */
bool epi_hyph_clean(const char *data, size_t len, epi_buf *out)
{
    pattern_line *lines = NULL;
    size_t n = 0, cap = 0, level = 0, *slot = NULL, slots = 16;
    bool ok = true, *drop = NULL;
    for (size_t off = 0; off < len;) {
        const char *nl = memchr(data + off, '\n', len - off);
        size_t l = nl ? (size_t)(nl - (data + off)) : len - off;
        const char *s = data + off;
        off += l + (nl ? 1 : 0);
        if (l > 0 && (s[0] == '%' || s[0] == '#'))
            continue;
        if (l >= 9 && strncmp(s, "NEXTLEVEL", 9) == 0)
            level++;
        pattern_line *v = epi_grow(lines, &cap, n, sizeof *v, 1024);
        if (!v) {
            ok = false;
            goto out;
        }
        lines = v;
        lines[n] = (pattern_line){s, l, n == 0 ? 0 : level + 1};
        n++;
    }
    /* Mark the earlier of each two lines with the same key (the first line, the charset, is
     * level 0); a line without any character is never dropped. */
    while (slots < 2 * n)
        slots *= 2;
    slot = malloc(slots * sizeof *slot);
    drop = calloc(n ? n : 1, sizeof *drop);
    if (!slot || !drop) {
        ok = false;
        goto out;
    }
    memset(slot, 0xff, slots * sizeof *slot); /* SIZE_MAX: empty */
    for (size_t k = 0; k < n; k++) {
        size_t i = pattern_hash(&lines[k]) & (slots - 1);
        while (slot[i] != SIZE_MAX && !pattern_same(&lines[slot[i]], &lines[k]))
            i = (i + 1) & (slots - 1);
        if (slot[i] != SIZE_MAX && lines[slot[i]].len)
            drop[slot[i]] = true;
        slot[i] = k;
    }
    /* The kept lines, each with its newline, copied by runs of neighbours in `data`. */
    const char *run = data, *end = data;
    for (size_t k = 0; k < n && ok; k++) {
        const char *s = lines[k].s;
        bool nl = s + lines[k].len < data + len; /* then s[len] is its '\n' */
        if (drop[k])
            continue;
        if (s != end) {
            ok = epi_buf_append(out, run, (size_t)(end - run));
            run = s;
        }
        end = s + lines[k].len + nl;
        if (!nl && ok) {
            ok = epi_buf_append(out, run, (size_t)(end - run)) && epi_buf_append(out, "\n", 1);
            run = end;
        }
    }
    if (ok)
        ok = epi_buf_append(out, run, (size_t)(end - run));
out:
    free(slot);
    free(drop);
    free(lines);
    return ok;
}

/* ---------- a book's letters ---------- */

/* Letters are told apart by the low 6 bits of their code point (Russian's 33 letters, and each
 * Cyrillic alphabet's, get a number each): two letters that share one only keep a few patterns
 * more. */
struct epi_hyph_letters {
    uint64_t one;            /* bit c: letter c occurs */
    uint64_t two[64];        /* two[a] bit b: "ab" occurs */
    uint64_t three[64 * 64]; /* three[a * 64 + b] bit c: "abc" occurs */
};

static unsigned letter_id(uint32_t lower)
{
    return epi_ts_apostrophe(lower) & 63u;
}

epi_hyph_letters *epi_hyph_letters_new(void)
{
    return calloc(1, sizeof(epi_hyph_letters));
}

void epi_hyph_letters_free(epi_hyph_letters *l)
{
    free(l);
}

/* A word given to the patterns is a run of letters and apostrophes of one text node, each
 * lowercased with epi_ts_tolower (hyphenate.c): every run of such characters is recorded. */
void epi_hyph_letters_add(epi_hyph_letters *l, const char *s, size_t len)
{
    unsigned a = 0, b = 0;
    size_t run = 0; /* letters in a row before this one */
    for (size_t off = 0; off < len;) {
        uint32_t cp;
        size_t m = epi_utf8_decode(s + off, len - off, &cp);
        if (m == 0) {
            off++;
            run = 0;
            continue;
        }
        off += m;
        if (!epi_ts_is_alpha(cp) && epi_ts_apostrophe(cp) != '\'') {
            run = 0;
            continue;
        }
        unsigned c = letter_id(epi_ts_tolower(cp));
        l->one |= 1ull << c;
        if (run >= 1)
            l->two[b] |= 1ull << c;
        if (run >= 2)
            l->three[a * 64 + b] |= 1ull << c;
        a = b;
        b = c;
        run++;
    }
}

/* The length of the part of the pattern letters w[0..n) that a word's automaton may reach: n
 * when every prefix may occur in a word, else its longest prefix that may, with the bytes of the
 * next letter but the last. A letter this cannot read counts as occurring. */
static size_t reach(const epi_hyph_letters *l, const unsigned char *w, size_t n,
                    const uint32_t *cp_of)
{
    unsigned a = 0, b = 0;
    size_t j = 0; /* letters seen, without the dots */
    for (size_t at = 0; at < n;) {
        uint32_t cp;
        size_t m = 1;
        if (cp_of)
            cp = cp_of[w[at]];
        else
            m = epi_utf8_decode((const char *)w + at, n - at, &cp);
        if (m == 0 || cp == 0)
            return n;
        if (cp == '.') {
            if (at == 0 || at + m == n) { /* a word's start or end */
                at += m;
                continue;
            }
            return n; /* a dot inside: a digit of the word, never in ours; kept all the same */
        }
        unsigned c = letter_id(cp);
        bool seen = j == 0   ? (l->one >> c) & 1
                    : j == 1 ? (l->two[b] >> c) & 1
                             : (l->three[a * 64 + b] >> c) & 1;
        if (!seen)
            return at + m - 1;
        a = b;
        b = c;
        j++;
        at += m;
    }
    return n;
}

/* A pattern line's letters as libhyphen reads them (hnj_hyphen_load_line): the bytes before the
 * first '/' or byte from 0x00 to ' ', without the digits; `max` at most. Returns their number. */
static size_t pattern_letters(const char *s, size_t len, unsigned char out[HNJ_MAX_CHARS],
                              size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n < max && (unsigned char)s[i] > ' ' && s[i] != '/'; i++)
        if (s[i] < '0' || s[i] > '9')
            out[n++] = (unsigned char)s[i];
    return n;
}

/* Lines libhyphen reads as settings, not patterns. */
static bool keyword_line(const char *s, size_t len)
{
    static const struct {
        const char *word;
        size_t len;
    } words[] = {
        {"LEFTHYPHENMIN", 13},          {"RIGHTHYPHENMIN", 14}, {"COMPOUNDLEFTHYPHENMIN", 21},
        {"COMPOUNDRIGHTHYPHENMIN", 22}, {"NOHYPHEN", 8},        {"NEXTLEVEL", 9}};
    if (len == 0 || s[0] < 'C' || s[0] > 'R') /* patterns are lowercase */
        return false;
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (len >= words[k].len && memcmp(s, words[k].word, words[k].len) == 0)
            return true;
    return false;
}

/* ---------- the states of the cut dictionary, per level ---------- */

typedef struct state_slot {
    uint32_t hash, off; /* off: the letters in `keys` */
    uint8_t len, level; /* len 0: empty */
} state_slot;

typedef struct state_set {
    state_slot *slot;
    size_t cap, used;
    epi_buf keys;
} state_set;

static state_slot *state_find(state_set *s, const unsigned char *w, size_t n, unsigned level,
                              uint32_t hash)
{
    for (size_t i = hash & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        state_slot *e = &s->slot[i];
        if (e->len == 0)
            return e;
        if (e->hash != hash || e->len != n || e->level != level)
            continue;
        const unsigned char *k = (const unsigned char *)s->keys.data + e->off;
        size_t m = 0;
        while (m < n && k[m] == w[m]) /* a few bytes: no call */
            m++;
        if (m == n)
            return e;
    }
}

static uint32_t hash_seed(unsigned level)
{
    return (2166136261u ^ level) * 16777619u; /* FNV-1a */
}

static uint32_t hash_more(uint32_t x, unsigned char c)
{
    return (x ^ c) * 16777619u;
}

static bool state_grow(state_set *s)
{
    size_t cap = s->cap ? s->cap * 2 : 1024;
    state_slot *v = calloc(cap, sizeof *v);
    if (!v)
        return false;
    state_slot *old = s->slot;
    size_t ocap = s->cap;
    s->slot = v;
    s->cap = cap;
    for (size_t i = 0; i < ocap; i++)
        if (old[i].len)
            *state_find(s, (const unsigned char *)s->keys.data + old[i].off, old[i].len,
                        old[i].level, old[i].hash) = old[i];
    free(old);
    return true;
}

/* Every prefix of w[0..n) becomes a state of `level`; *added: w itself was not one (the set
 * holds every prefix of what it holds, so nothing else is then). */
static bool state_add(state_set *s, const unsigned char *w, size_t n, unsigned level, bool *added)
{
    uint32_t x = hash_seed(level);
    for (size_t k = 0; k < n; k++)
        x = hash_more(x, w[k]);
    *added = !s->cap || state_find(s, w, n, level, x)->len == 0;
    if (!*added)
        return true;
    size_t off = s->keys.len;
    if (!epi_buf_append(&s->keys, w, n))
        return false;
    x = hash_seed(level);
    for (size_t k = 1; k <= n; k++) {
        x = hash_more(x, w[k - 1]);
        if (2 * (s->used + 1) > s->cap && !state_grow(s))
            return false;
        state_slot *e = state_find(s, (const unsigned char *)s->keys.data + off, k, level, x);
        if (e->len == 0) {
            *e = (state_slot){x, (uint32_t)off, (uint8_t)k, (uint8_t)level};
            s->used++;
        }
    }
    return true;
}

/* ---------- the cut ---------- */

/* A line of the dictionary, and what to do with it: KEEP, or keep a state of its first `what`
 * letters. */
typedef struct dict_line {
    uint32_t off;
    uint8_t len, what, level;
} dict_line;

/* Splits d[0..len) into lines and decides each, recording the states of the kept patterns.
 * Comment lines ('%', and '#', which libhyphen would read as patterns) are left out, as
 * epi_hyph_clean does. *all: a line libhyphen would not read whole (the charset
 * line in 20 bytes, the others in HNJ_MAX_CHARS), a comment for a charset, or no final
 * newline. */
static bool decide(const epi_hyph_letters *l, const char *d, size_t len, const uint32_t *cp_of,
                   dict_line **lines, size_t *nlines, state_set *states, bool *all)
{
    size_t cap = 0;
    unsigned level = 0;
    unsigned char w[HNJ_MAX_CHARS];
    for (size_t off = 0; off < len;) {
        const char *s = d + off, *nl = memchr(s, '\n', len - off);
        size_t n, ll = nl ? (size_t)(nl - s) : 0;
        bool comment = ll && (s[0] == '%' || s[0] == '#');
        if (!nl || (comment && *nlines == 0) ||
            (!comment && ll + 1 >= (*nlines ? HNJ_MAX_CHARS : HNJ_MAX_NAME))) {
            *all = true;
            return true;
        }
        off += ll + 1;
        if (*nlines == cap) {
            dict_line *v = epi_grow(*lines, &cap, *nlines, sizeof *v, len / 8 + 16);
            if (!v)
                return false;
            *lines = v;
        }
        dict_line *L = &(*lines)[(*nlines)++];
        *L = (dict_line){(uint32_t)(s - d), (uint8_t)(comment ? 0 : ll), comment ? 0 : KEEP,
                         (uint8_t)level};
        if (*nlines == 1 || comment) /* the charset; a comment, left out */
            continue;
        if (keyword_line(s, ll)) {
            level += ll >= 9 && memcmp(s, "NEXTLEVEL", 9) == 0;
            continue;
        }
        /* After a second NEXTLEVEL libhyphen reads nothing. */
        if (level > 1 || (n = pattern_letters(s, ll, w, HNJ_MAX_CHARS)) == 0)
            continue;
        size_t r = reach(l, w, n, cp_of);
        bool added;
        if (r < n)
            L->what = (uint8_t)r;
        else if (!state_add(states, w, n, level, &added))
            return false;
    }
    return true;
}

bool epi_hyph_subset(const epi_hyph_letters *l, const char *d, size_t len, const uint32_t *cp_of,
                     epi_buf *out, bool *all)
{
    dict_line *lines = NULL;
    size_t n = 0;
    state_set states = {0};
    unsigned char w[HNJ_MAX_CHARS], prev[HNJ_MAX_CHARS];
    size_t start = out->len, plen = 0;
    unsigned plevel = 0;
    *all = false;
    bool ok = decide(l, d, len, cp_of, &lines, &n, &states, all);
    for (size_t k = 0; k < n && ok && !*all; k++) {
        const dict_line *L = &lines[k];
        bool added;
        if (L->what == KEEP)
            ok = epi_buf_append(out, d + L->off, L->len + 1u);
        else if (L->what > 0) { /* 0: no word reaches even its first byte */
            pattern_letters(d + L->off, L->len, w, L->what);
            /* The patterns are sorted: most lines left out reach what the one before did. */
            if (L->what == plen && L->level == plevel && memcmp(w, prev, plen) == 0)
                continue;
            ok = state_add(&states, w, L->what, L->level, &added) &&
                 (!added || (epi_buf_append(out, w, L->what) && epi_buf_append(out, "\n", 1)));
            memcpy(prev, w, plen = L->what);
            plevel = L->level;
        }
    }
    if (!ok || *all)
        out->len = start;
    free(lines);
    free(states.slot);
    epi_buf_free(&states.keys);
    return ok;
}
