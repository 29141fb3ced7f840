/*
 * Soft hyphens (U+00AD) with libhyphen (docs/ARCHITECTURE.md "Hyphenation").
 *
 * - The dictionary is /usr/share/hyphen/hyph_<ll>_<CC>.dic, loaded once per hyphenator. Its
 *   first line names its charset; Debian's Russian file is KOI8-R, so each word is converted
 *   UTF-8 → charset with iconv and lowercased first ("convert your words to lowercase before
 *   hyphenation", hunspell/hyphen README). In an 8-bit dictionary one byte is one letter, so
 *   hyphens[k] (odd = break after letter k) maps straight back to the UTF-8 word.
 * - libhyphen ignores the TeX `\hyphenation{…}` exception block at the end of the Russian
 *   file (asbest comes out as асбе-ст); we parse that block ourselves and add a few more.
 * - Each Cyrillic language's word-division rules veto what the patterns get wrong (one row of
 *   `division` per language): every part has a vowel, no part starts with a sign that belongs
 *   to the letter before (ь, ъ, й; the apostrophe in Ukrainian and Belarusian, ў in Belarusian:
 *   the break moves after it, подъ-езд, пам'-ять), at least two letters on each side (fio.ru
 *   "Правила переноса в русском языке"; Український правопис 2019; Правілы беларускай
 *   арфаграфіі і пунктуацыі 2008; Официален правописен речник 2012 "Пренасяне").
 * - Only body text: never headings, nav, notes, code-like elements, abbreviations, URLs or
 *   e-mail addresses (docs/ARCHITECTURE.md "Hyphenation").
 */
#include "typeset.h"

#include <hyphen.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <unistd.h>

#define HYPHEN_DIR "/usr/share/hyphen"
#define CP_SHY 0x00ADu
#define MIN_WORD 5  /* letters; shorter words never need a break */
#define MAX_WORD 64 /* letters; longer runs are not words (and bound the stack buffers) */

typedef struct hyph_exception {
    char *key;     /* lowercase UTF-8 word without hyphens */
    char *pattern; /* the same with '-' at the allowed breaks */
} hyph_exception;

/* A letter of an 8-bit dictionary's charset above ASCII: its code point and its byte. */
typedef struct dict_byte {
    uint32_t cp;
    unsigned char byte;
} dict_byte;

/* Read-only once made, so chapters are hyphenated on several threads with one hyphenator
 * (libhyphen's hnj_hyphen_hyphenate2 only reads the dictionary). */
struct epi_hyphenator {
    HyphenDict *dict;
    bool eight_bit;       /* the dictionary's charset is not UTF-8: words go through `bytes` */
    dict_byte bytes[128]; /* its bytes 0x80–0xFF by code point, sorted; ASCII is itself */
    size_t nbytes;
    /* The same by code point below U+0500 (0: none, 1: several, look in `bytes`): each letter of
     * each word the patterns see was a binary search. */
    unsigned char byte_of[0x500];
    const struct division *rules; /* the language's word-division rules; NULL: none */
    uint8_t letter_class[0x500];  /* LC_VOWEL, LC_SIGN of rules' letters below U+0500 */
    bool apostrophe;              /* words keep an apostrophe between letters (uk, be) */
    hyph_exception *exc;
    size_t nexc;
    epi_hyph_memo *memo; /* the words hyphenated so far, by any thread */
};

/* Words the Debian patterns break wrongly or not at all (measured: docs/ARCHITECTURE.md
 * "Hyphenation"); the dictionary's own \hyphenation block comes first. */
static const char *const builtin_ru[] = {"ас-бест",    "биз-нес-мен", "кни-ги",         "дру-гие",
                                         "ти-по-граф", "про-грам-мы", "тран-скрип-ция", NULL};

static const struct {
    const char *lang, *region;
} default_region[] = {{"ru", "RU"}, {"uk", "UA"}, {"be", "BY"}, {"bg", "BG"}, {"sr", "RS"},
                      {"mn", "MN"}, {"en", "US"}, {"de", "DE"}, {"fr", "FR"}, {"it", "IT"},
                      {"es", "ES"}, {"pl", "PL"}, {"cs", "CZ"}, {"pt", "PT"}, {"nl", "NL"},
                      {"sv", "SE"}, {"da", "DK"}, {NULL, NULL}};

/* ---------- word-division rules ---------- */

/* The apostrophes are one letter to the rules, `'` (epi_ts_apostrophe), as the dictionaries
 * write them in their patterns. */
#define CP_APOS 0x0027u
#define CP_RSQUO 0x2019u /* ’ */

/* One language's rules, in lowercase letters (UTF-8). Serbian's р is a vowel here: it carries
 * its syllable in срце, прст (Pravopis srpskoga jezika, Matica srpska 2010, "Rastavljanje reči
 * na kraju retka"). */
typedef struct division {
    const char *lang;
    const char *vowels;
    const char *signs; /* never start a part: the break moves after them */
    uint32_t prefix_end; /* this sign ends a prefix before a vowel (Russian ъ: подъ-езд); 0: none */
    bool yot_onset; /* й before a vowel starts its syllable: під-йом, ма-йор */
    bool split_doubles; /* a doubled consonant is split: знан-ня, від-да-ти, never зна-ння
                           (Ukrainian; Belarusian allows both, жыц-цё and жы-ццё) */
} division;

/* Russian's row is the filter as it was before the other languages came (issue 23). */
static const division divisions[] = {
    {"ru", "аеёиоуыэюя", "ьъй", 0x044A, false, false},
    {"uk", "аеєиіїоуюя", "ьй'", 0, true, true},
    {"be", "аеёіоуыэюя", "ьйў'", 0, true, false},
    {"bg", "аъеиоуюя", "ьй", 0, true, false},
    {"sr", "аеиоур", "", 0, false, false},
    {"mn", "аэиоуөүыеёюя", "ьъй", 0, false, false},
};

/* The rules' letters as a table (epi_hyphenator.letter_class), so that a word's letters are not
 * looked up in the UTF-8 strings one by one: every word the patterns break goes through the
 * filter. Letters from U+0500 on are looked up in the strings. */
enum { LC_VOWEL = 1, LC_SIGN = 2 };

static void mark_letters(const char *set, uint8_t bit, uint8_t cls[0x500])
{
    for (size_t off = 0, len = strlen(set), m; off < len; off += m) {
        uint32_t c;
        if ((m = epi_utf8_decode(set + off, len - off, &c)) == 0)
            break;
        if (c < 0x500)
            cls[c] |= bit;
    }
}

static void letter_classes(const division *d, uint8_t cls[0x500])
{
    memset(cls, 0, 0x500);
    if (d) {
        mark_letters(d->vowels, LC_VOWEL, cls);
        mark_letters(d->signs, LC_SIGN, cls);
    }
}

static bool is_vowel(const epi_hyphenator *h, uint32_t c)
{
    return c < 0x500 ? (h->letter_class[c] & LC_VOWEL) != 0 : epi_utf8_has(h->rules->vowels, c);
}

static bool is_sign(const epi_hyphenator *h, uint32_t c)
{
    return c < 0x500 ? (h->letter_class[c] & LC_SIGN) != 0 : epi_utf8_has(h->rules->signs, c);
}

/* brk[k]: a break after letter k. Keeps the breaks that follow the rules, shifting one that
 * would start a part with a sign to after that sign. */
static void division_filter(const epi_hyphenator *h, const uint32_t *lw, size_t n, bool *brk)
{
    const division *d = h->rules;
    size_t vowels_after[MAX_WORD + 1]; /* vowels in lw[k..n) */
    vowels_after[n] = 0;
    for (size_t k = n; k-- > 0;)
        vowels_after[k] = vowels_after[k + 1] + (is_vowel(h, lw[k]) ? 1 : 0);
    bool out[MAX_WORD] = {false};
    size_t part = 0; /* start of the current part */
    /* ъ ends a prefix before a vowel: под-ъезд is wrong, подъ-езд right, and the Debian
     * patterns give neither. */
    for (size_t k = 0; d->prefix_end && k + 1 < n; k++)
        if (lw[k] == d->prefix_end && is_vowel(h, lw[k + 1]))
            brk[k] = true;
    for (size_t k = 0; k + 1 < n; k++) {
        if (!brk[k])
            continue;
        size_t b = k + 1; /* the new part starts at b */
        while (b < n && is_sign(h, epi_ts_apostrophe(lw[b])) &&
               !(d->yot_onset && lw[b] == 0x0439 && b + 1 < n && is_vowel(h, lw[b + 1])))
            b++;
        if (d->split_doubles && b + 1 < n && lw[b] == lw[b + 1] && !is_vowel(h, lw[b]) &&
            !is_sign(h, epi_ts_apostrophe(lw[b])))
            b++;
        if (b < 2 || n - b < 2 || b <= part)
            continue;
        if (vowels_after[part] == vowels_after[b] || vowels_after[b] == 0)
            continue; /* the part before or after would have no vowel */
        out[b - 1] = true;
        part = b;
    }
    memcpy(brk, out, n * sizeof *brk);
}

/* ---------- exceptions ---------- */

static int exc_cmp(const void *a, const void *b)
{
    return strcmp(((const hyph_exception *)a)->key, ((const hyph_exception *)b)->key);
}

static const hyph_exception *exc_find(const epi_hyphenator *h, const char *key)
{
    hyph_exception probe = {(char *)key, NULL};
    return h->nexc ? bsearch(&probe, h->exc, h->nexc, sizeof *h->exc, exc_cmp) : NULL;
}

static bool exc_add(epi_hyphenator *h, size_t *cap, const char *pattern, size_t len)
{
    while (len && (pattern[len - 1] == '\r' || pattern[len - 1] == ' '))
        len--;
    if (len == 0)
        return true;
    hyph_exception *v = epi_grow(h->exc, cap, h->nexc, sizeof *v, 256);
    if (!v)
        return false;
    h->exc = v;
    char *pat = epi_strndup(pattern, len);
    char *key = malloc(len + 1);
    if (!pat || !key) {
        free(pat);
        free(key);
        return false;
    }
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
        if (pattern[i] != '-')
            key[k++] = pattern[i];
    key[k] = '\0';
    h->exc[h->nexc].key = key;
    h->exc[h->nexc].pattern = pat;
    h->nexc++;
    return true;
}

/* Reads the `\hyphenation{ … }` block of a TeX-derived .dic (one word a line, in the
 * dictionary's charset), converting each line to UTF-8. `data` is the file from `tail` on. */
static ep_status load_exceptions(epi_hyphenator *h, const char *path, const char *data, size_t len,
                                 size_t *cap, ep_error *err)
{
    ep_status st = EP_OK;
    char *conv = NULL;
    iconv_t from = (iconv_t)-1;
    const char *blk = strstr(data, "\\hyphenation{");
    if (!blk)
        goto out;
    blk = strchr(blk, '\n');
    if (!blk)
        goto out;
    blk++;
    if (h->dict->utf8 == 0) {
        from = iconv_open("UTF-8", h->dict->cset);
        if (from == (iconv_t)-1) {
            st = epi_fail(err, EP_ERR_IO, path, 1, 0, "cannot convert from charset %s",
                          h->dict->cset);
            goto out;
        }
    }
    size_t blen = len - (size_t)(blk - data);
    conv = malloc(blen * 4 + 1);
    if (!conv) {
        st = epi_fail(err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    if (from == (iconv_t)-1) {
        memcpy(conv, blk, blen);
        conv[blen] = '\0';
    } else {
        char *in = (char *)blk, *o = conv;
        size_t inleft = blen, outleft = blen * 4;
        if (iconv(from, &in, &inleft, &o, &outleft) == (size_t)-1) {
            st =
                epi_fail(err, EP_ERR_IO, path, 0, 0, "the exception list is not %s", h->dict->cset);
            goto out;
        }
        *o = '\0';
    }
    for (char *line = conv; *line && *line != '}';) {
        char *nl = strchr(line, '\n');
        size_t l = nl ? (size_t)(nl - line) : strlen(line);
        if (!exc_add(h, cap, line, l)) {
            st = epi_fail(err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
            goto out;
        }
        if (!nl)
            break;
        line = nl + 1;
    }
out:
    if (from != (iconv_t)-1)
        iconv_close(from);
    free(conv);
    return st;
}

/* Sorts the table for bsearch and drops repeated words (the file lists a few twice). */
static void sort_exceptions(epi_hyphenator *h)
{
    if (h->nexc == 0)
        return;
    qsort(h->exc, h->nexc, sizeof *h->exc, exc_cmp);
    size_t w = 0;
    for (size_t r = 0; r < h->nexc; r++) {
        if (w && strcmp(h->exc[w - 1].key, h->exc[r].key) == 0) {
            free(h->exc[r].key);
            free(h->exc[r].pattern);
            continue;
        }
        h->exc[w++] = h->exc[r];
    }
    h->nexc = w;
}

/* ---------- the hyphenator ---------- */

static int byte_cmp(const void *a, const void *b)
{
    uint32_t x = ((const dict_byte *)a)->cp, y = ((const dict_byte *)b)->cp;
    return x < y ? -1 : x > y;
}

/* The code point of each byte 0x80–0xFF of the dictionary's charset, converted once with
 * iconv when it is loaded (not per word: an iconv_t has state, and words are hyphenated on
 * several threads). False when iconv does not know the charset. */
static bool byte_table(epi_hyphenator *h, const char *cset)
{
    /* To UTF-8, which glibc converts itself, as load_exceptions does: UTF-32 would load one
     * more gconv module. */
    iconv_t cd = iconv_open("UTF-8", cset);
    if (cd == (iconv_t)-1)
        return false;
    h->eight_bit = true;
    for (unsigned b = 0x80; b <= 0xFF; b++) {
        char in1 = (char)b, *in = &in1, u[8];
        char *o = u;
        size_t inleft = 1, outleft = sizeof u;
        uint32_t cp;
        iconv(cd, NULL, NULL, NULL, NULL);
        if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1 || o == u ||
            epi_utf8_decode(u, (size_t)(o - u), &cp) != (size_t)(o - u))
            continue; /* a byte the charset leaves undefined, or not one code point */
        h->bytes[h->nbytes].cp = cp;
        h->bytes[h->nbytes++].byte = (unsigned char)b;
    }
    iconv_close(cd);
    qsort(h->bytes, h->nbytes, sizeof *h->bytes, byte_cmp);
    for (size_t k = 0; k < h->nbytes; k++) {
        uint32_t cp = h->bytes[k].cp;
        if (cp >= 0x80 && cp < 0x500)
            h->byte_of[cp] = h->byte_of[cp] ? 1 : h->bytes[k].byte;
    }
    return true;
}

/* The Debian package holding the dictionary for `ll` (region `cc`, "" when none): English and
 * Portuguese come in one package per region (hyphen-en-us, hyphen-en-gb, hyphen-pt-pt, …). */
static void package_name(const char *ll, const char *cc, char *out, size_t size)
{
    static const char *const regional[][3] = {
        {"en", "us", "gb"}, {"pt", "pt", "br"}, {NULL, NULL, NULL}};
    for (size_t k = 0; regional[k][0]; k++) {
        if (strcmp(regional[k][0], ll) != 0)
            continue;
        char rc[3] = {(char)(cc[0] | 0x20), cc[0] ? (char)(cc[1] | 0x20) : '\0', '\0'};
        if (strcmp(rc, regional[k][2]) == 0)
            snprintf(out, size, "hyphen-%s-%s", ll, regional[k][2]);
        else if (strcmp(rc, regional[k][1]) == 0)
            snprintf(out, size, "hyphen-%s-%s", ll, regional[k][1]);
        else
            snprintf(out, size, "hyphen-%s-%s or hyphen-%s-%s", ll, regional[k][1], ll,
                     regional[k][2]);
        return;
    }
    snprintf(out, size, "hyphen-%s", ll);
}

/* Finds the dictionary for the BCP 47 tag `lang`: hyph_<ll>_<CC>.dic for its own region, then
 * for the language's usual one, then hyph_<ll>.dic. Fills path (a buffer of DICT_PATH_MAX) and
 * returns true when one is readable; sets ll/cc (lowercase language, uppercase region or "").
 * It allocates nothing, so that running out of memory cannot be taken for "no dictionary". */
enum { DICT_PATH_MAX = sizeof HYPHEN_DIR + 32 };
static bool find_dict(const char *lang, char ll[4], char cc[4], char path[DICT_PATH_MAX])
{
    memset(ll, 0, 4);
    memset(cc, 0, 4);
    path[0] = '\0';
    /* BCP 47: primary subtag, then an optional two-letter region (ru, ru-RU). */
    size_t i = epi_lang_primary_len(lang);
    if (i == 0 || i > 3)
        return false;
    for (size_t k = 0; k < i; k++)
        ll[k] = (char)(lang[k] | 0x20);
    if (lang[i] && strlen(lang + i + 1) >= 2 && (lang[i + 3] == '\0' || lang[i + 3] == '-')) {
        cc[0] = (char)(lang[i + 1] & ~0x20);
        cc[1] = (char)(lang[i + 2] & ~0x20);
    }
    const char *regions[2] = {cc[0] ? cc : NULL, NULL};
    for (size_t k = 0; default_region[k].lang; k++)
        if (strcmp(default_region[k].lang, ll) == 0)
            regions[1] = default_region[k].region;
    for (size_t k = 0; k < 3; k++) {
        if (k < 2 && !regions[k])
            continue;
        if (k < 2)
            snprintf(path, DICT_PATH_MAX, HYPHEN_DIR "/hyph_%s_%s.dic", ll, regions[k]);
        else
            snprintf(path, DICT_PATH_MAX, HYPHEN_DIR "/hyph_%s.dic", ll);
        if (access(path, R_OK) == 0)
            return true;
    }
    path[0] = '\0';
    return false;
}

bool epi_hyphen_dict_exists(const char *lang)
{
    char ll[4], cc[4], path[DICT_PATH_MAX];
    return find_dict(lang, ll, cc, path);
}

/* The dictionary's charset as libhyphen reads it: its first line, fgets'd into 20 bytes, cut at
 * '\r' or '\n'. */
static void dict_charset(const char *data, size_t len, char cset[20])
{
    size_t n = 0;
    while (n < 19 && n < len && data[n] != '\n')
        n++;
    memcpy(cset, data, n);
    cset[n] = '\0';
    cset[strcspn(cset, "\r")] = '\0';
}

/* Cuts the dictionary data[0..len) to the patterns the words whose letters are in `words` can
 * match (hyphen_subset.c) into `sub`; *cut: it could. An 8-bit dictionary's byte table is made
 * first, from the charset libhyphen will read. Before epi_hyph_clean, which then has a fifth of
 * the lines to read. */
static ep_status cut_patterns(epi_hyphenator *h, const epi_hyph_letters *words, const char *path,
                              const char *data, size_t len, epi_buf *sub, bool *cut, ep_error *err)
{
    char cset[20];
    uint32_t cp_of[256] = {0};
    bool all;
    *cut = false;
    if (len == 0 || data[0] == '%' || data[0] == '#')
        return EP_OK; /* epi_hyph_clean finds the charset after the comments */
    dict_charset(data, len, cset);
    if (strcmp(cset, "UTF-8") != 0) {
        if (!byte_table(h, cset))
            return epi_fail(err, EP_ERR_IO, path, 1, 0, "unknown dictionary charset %s", cset);
        for (unsigned b = 1; b < 0x80; b++)
            cp_of[b] = b;
        for (size_t k = 0; k < h->nbytes; k++)
            cp_of[h->bytes[k].byte] = h->bytes[k].cp;
    }
    if (!epi_hyph_subset(words, data, len, h->eight_bit ? cp_of : NULL, sub, &all))
        return epi_fail(err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
    *cut = !all;
    return EP_OK;
}

/* epi_hyphenator_new, with only the patterns `words` can match unless it is NULL. */
static ep_status load(const char *lang, const epi_hyph_letters *words, epi_hyphenator **out,
                      ep_error *err)
{
    ep_status st = EP_OK;
    char ll[4], cc[4], path[DICT_PATH_MAX];
    char *data = NULL;
    size_t len = 0;
    epi_hyphenator *h = NULL;
    size_t cap = 0;
    epi_buf clean = {0}, sub = {0};
    *out = NULL;

    if (epi_lang_primary_len(lang) == 0) {
        st = epi_fail(err, EP_ERR_USAGE, NULL, 0, 0, "no hyphenation for language '%s'",
                      lang ? lang : "");
        goto out;
    }
    h = calloc(1, sizeof *h);
    if (!h || !(h->memo = epi_hyph_memo_new())) {
        st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    if (!find_dict(lang, ll, cc, path)) {
        char pkg[64];
        package_name(ll, cc, pkg, sizeof pkg);
        st = epi_fail(err, EP_ERR_IO, NULL, 0, 0,
                      "no hyphenation dictionary for '%s' in " HYPHEN_DIR
                      " (install the %s package)",
                      lang, pkg);
        goto out;
    }
    st = epi_file_read(path, &data, &len, err);
    if (st != EP_OK)
        goto out;
    /* libhyphen reads every line as a pattern, so the TeX tail (the `}` that closed
     * \patterns and the \hyphenation block) would become junk patterns, and the loader leaks
     * memory on them. Hand it only the part before that tail. */
    size_t plen = len;
    for (size_t k = 0; k < len; k++) {
        if ((k == 0 || data[k - 1] == '\n') && (data[k] == '}' || data[k] == '\\')) {
            plen = k;
            break;
        }
    }
    bool cut = false;
    if (words && (st = cut_patterns(h, words, path, data, plen, &sub, &cut, err)) != EP_OK)
        goto out;
    if (!epi_hyph_clean(cut ? sub.data : data, cut ? sub.len : plen, &clean)) {
        st = epi_fail(err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    FILE *f = clean.len ? fmemopen(clean.data, clean.len, "r") : NULL;
    if (f) {
        h->dict = hnj_hyphen_load_file(f);
        fclose(f);
    }
    if (!h->dict) {
        st = epi_fail(err, EP_ERR_IO, path, 0, 0, "cannot load the hyphenation dictionary");
        goto out;
    }
    for (size_t k = 0; k < sizeof divisions / sizeof *divisions; k++)
        if (strcmp(ll, divisions[k].lang) == 0)
            h->rules = &divisions[k];
    h->apostrophe = h->rules && epi_utf8_has(h->rules->signs, CP_APOS);
    letter_classes(h->rules, h->letter_class);
    if (!h->dict->utf8 && !h->eight_bit && !byte_table(h, h->dict->cset)) {
        st = epi_fail(err, EP_ERR_IO, path, 1, 0, "unknown dictionary charset %s", h->dict->cset);
        goto out;
    }
    st = load_exceptions(h, path, data + plen, len - plen, &cap, err);
    if (st != EP_OK)
        goto out;
    sort_exceptions(h);
    if (strcmp(ll, "ru") == 0) {
        /* The dictionary's own entries win over ours. */
        size_t ndict = h->nexc;
        for (size_t k = 0; builtin_ru[k]; k++) {
            char key[64];
            size_t kl = 0;
            for (const char *p = builtin_ru[k]; *p && kl + 1 < sizeof key; p++)
                if (*p != '-')
                    key[kl++] = *p;
            key[kl] = '\0';
            hyph_exception probe = {key, NULL};
            if (ndict && bsearch(&probe, h->exc, ndict, sizeof *h->exc, exc_cmp))
                continue;
            if (!exc_add(h, &cap, builtin_ru[k], strlen(builtin_ru[k]))) {
                st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
                goto out;
            }
        }
        sort_exceptions(h);
    }
    *out = h;
    h = NULL;
out:
    free(data);
    epi_buf_free(&clean);
    epi_buf_free(&sub);
    epi_hyphenator_free(h);
    return st;
}

ep_status epi_hyphenator_new(const char *lang, epi_hyphenator **out, ep_error *err)
{
    return load(lang, NULL, out, err);
}

ep_status epi_hyphenator_new_subset(const char *lang, const epi_hyph_letters *words,
                                    epi_hyphenator **out, ep_error *err)
{
    return load(lang, words, out, err);
}

void epi_hyphenator_free(epi_hyphenator *h)
{
    if (!h)
        return;
    if (h->dict)
        hnj_hyphen_free(h->dict);
    for (size_t k = 0; k < h->nexc; k++) {
        free(h->exc[k].key);
        free(h->exc[k].pattern);
    }
    free(h->exc);
    epi_hyph_memo_free(h->memo);
    free(h);
}

epi_hyph_memo *epi_hyphenator_memo(const epi_hyphenator *h)
{
    return h->memo;
}

/* ---------- one hyphenator per dictionary in the process ---------- */

/* The hyphenators loaded so far, by dictionary file, kept for the life of the process as
 * fontconfig's configuration is (util/init.c): a hyphenator is read-only once made, and loading
 * the Russian patterns was a third of a small article's build, paid again by every article of
 * a batch. Loaded under the lock, so a batch's threads load each dictionary once. A dictionary
 * is listed (with no hyphenator yet) from the first book that asks for it: that book loads
 * its own, with only its words' patterns (epi_hyphenator_for_book), and the next one all. */
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static struct shared_hyphenator {
    char path[DICT_PATH_MAX];
    epi_hyphenator *h;
} * shared;
static size_t nshared, capshared;

/* The entry of the dictionary `path`, added (*added) when absent; NULL: out of memory. Under
 * the lock. */
static struct shared_hyphenator *shared_entry(const char path[DICT_PATH_MAX], bool *added)
{
    *added = false;
    for (size_t k = 0; k < nshared; k++)
        if (strcmp(shared[k].path, path) == 0)
            return &shared[k];
    struct shared_hyphenator *v = epi_grow(shared, &capshared, nshared, sizeof *v, 4);
    if (!v)
        return NULL;
    shared = v;
    memcpy(shared[nshared].path, path, DICT_PATH_MAX);
    shared[nshared].h = NULL;
    *added = true;
    return &shared[nshared++];
}

ep_status epi_hyphenator_shared(const char *lang, epi_hyphenator **out, ep_error *err)
{
    char ll[4], cc[4], path[DICT_PATH_MAX];
    ep_status st = EP_OK;
    bool added;
    *out = NULL;
    if (epi_lang_primary_len(lang) == 0 || !find_dict(lang, ll, cc, path))
        return epi_hyphenator_new(lang, out, err); /* its error names what is missing */
    pthread_mutex_lock(&shared_lock);
    struct shared_hyphenator *e = shared_entry(path, &added);
    if (!e)
        st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    else if (!e->h)
        st = epi_hyphenator_new(lang, &e->h, err);
    if (st == EP_OK)
        *out = e->h;
    pthread_mutex_unlock(&shared_lock);
    return st;
}

/* Whether a book of the process asked for the dictionary of `lang` before; with `claim`, one
 * has now. */
static bool asked_before(const char *lang, bool claim)
{
    char ll[4], cc[4], path[DICT_PATH_MAX];
    bool added = false, found = false;
    if (epi_lang_primary_len(lang) == 0 || !find_dict(lang, ll, cc, path))
        return true; /* epi_hyphenator_shared tells what is missing */
    pthread_mutex_lock(&shared_lock);
    for (size_t k = 0; k < nshared && !found; k++)
        found = strcmp(shared[k].path, path) == 0;
    if (!found && claim)
        found = !shared_entry(path, &added) || !added;
    pthread_mutex_unlock(&shared_lock);
    return found;
}

static bool word_breaks_uncached(epi_hyphenator *h, const uint32_t *lw, size_t n, const char *key,
                                 size_t keylen, bool *brk, bool patterns_only);

/* A word being hyphenated: its lowercase letters (the first MAX_WORD of n), their UTF-8 `key`,
 * and where each letter ends in the text it comes from. */
typedef struct hyph_word {
    uint32_t lw[MAX_WORD];
    size_t ends[MAX_WORD];
    char key[MAX_WORD * 4 + 1];
    size_t n, keylen;
} hyph_word;

/* Puts letter c, the n-th of w, which ends at `end` in its text, into w when it is among the
 * first MAX_WORD, and returns the length of w's key with it (kl: without). The counts are the
 * caller's own variables, not w's: a store into w's key (a char) could change them, for the
 * compiler, which then stored and loaded them again for each byte. */
static inline size_t word_add(hyph_word *w, size_t n, size_t kl, uint32_t c, size_t end)
{
    if (n >= MAX_WORD)
        return kl;
    uint32_t l = w->lw[n] = epi_ts_tolower(c);
    w->ends[n] = end;
    if (l < 0x80) {
        w->key[kl++] = (char)l;
    } else if (l < 0x800) { /* in line: Cyrillic words come here letter by letter */
        w->key[kl++] = (char)(0xC0 | (l >> 6));
        w->key[kl++] = (char)(0x80 | (l & 0x3F));
    } else {
        kl += epi_utf8_encode(l, w->key + kl);
    }
    return kl;
}

/* The breaks of w, bit k for a break after letter k: the patterns, then the exceptions and the
 * word-division rules unless `patterns_only` (then the memo is not used). Returns false on OOM. */
static bool word_breaks(epi_hyphenator *h, hyph_word *w, bool patterns_only, uint64_t *bits)
{
    bool brk[MAX_WORD];
    size_t n = w->n;
    *bits = 0;
    if (n < MIN_WORD || n > MAX_WORD)
        return true;
    w->key[w->keylen] = '\0';
    /* the memo holds the full rules' breaks */
    epi_hyph_memo *memo = patterns_only ? NULL : h->memo;
    if (memo && epi_hyph_memo_get(memo, w->key, w->keylen, bits))
        return true;
    memset(brk, 0, n * sizeof *brk);
    if (!word_breaks_uncached(h, w->lw, n, w->key, w->keylen, brk, patterns_only))
        return false;
    for (size_t k = 0; k < n; k++)
        *bits |= (uint64_t)brk[k] << k;
    if (memo)
        epi_hyph_memo_put(memo, w->key, w->keylen, *bits);
    return true;
}

/* word_breaks for the lowercase letters lw and their UTF-8 `key`. */
static bool word_breaks_uncached(epi_hyphenator *h, const uint32_t *lw, size_t n, const char *key,
                                 size_t keylen, bool *brk, bool patterns_only)
{
    char enc[MAX_WORD * 4 + 1];
    char hy[MAX_WORD * 4 + 5];
    bool ok = true;

    const hyph_exception *e = patterns_only ? NULL : exc_find(h, key);
    if (e) {
        size_t letters = 0;
        for (const char *p = e->pattern; *p;) {
            uint32_t cp;
            size_t m = epi_utf8_decode(p, strlen(p), &cp);
            if (m == 0)
                break;
            if (cp == '-') {
                if (letters > 0 && letters < n)
                    brk[letters - 1] = true;
            } else {
                letters++;
            }
            p += m;
        }
        return true;
    }

    size_t enclen;
    if (!h->eight_bit && h->apostrophe) {
        /* The patterns write the apostrophe as ': one letter for one, as libhyphen counts. */
        epi_buf eb = {0};
        for (size_t k = 0; k < n; k++) {
            if (!epi_utf8_put(&eb, epi_ts_apostrophe(lw[k]))) {
                epi_buf_free(&eb);
                return false;
            }
        }
        memcpy(enc, eb.data, eb.len + 1);
        enclen = eb.len;
        epi_buf_free(&eb);
    } else if (!h->eight_bit) {
        memcpy(enc, key, keylen + 1);
        enclen = keylen;
    } else {
        for (size_t k = 0; k < n; k++) {
            if (lw[k] < 0x80) {
                enc[k] = (char)lw[k];
                continue;
            }
            unsigned char b = lw[k] < 0x500 ? h->byte_of[lw[k]] : 1;
            if (b == 1) {
                dict_byte probe = {lw[k], 0};
                const dict_byte *d = bsearch(&probe, h->bytes, h->nbytes, sizeof *d, byte_cmp);
                b = d ? d->byte : 0;
            }
            if (!b)
                return true; /* a letter the dictionary's charset lacks: not its language */
            enc[k] = (char)b;
        }
        enclen = n; /* one byte per letter */
        enc[n] = '\0';
    }
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    memset(hy, 0, sizeof hy);
    if (hnj_hyphen_hyphenate2(h->dict, enc, (int)enclen, hy, NULL, &rep, &pos, &cut) == 0) {
        /* For UTF-8 dictionaries libhyphen renormalises hy[] to letter positions. */
        for (size_t k = 0; k + 1 < n; k++)
            brk[k] = (hy[k] & 1) && !(rep && rep[k]);
    }
    if (rep) {
        for (size_t k = 0; k < enclen; k++)
            free(rep[k]);
        free(rep);
    }
    free(pos);
    free(cut);
    if (h->rules && !patterns_only)
        division_filter(h, lw, n, brk);
    return ok;
}

static bool is_apos(uint32_t c)
{
    return c == CP_APOS || c == CP_RSQUO;
}

/* The word with U+00AD at its breaks, or a copy of it when it is not one plain word. */
static char *hyphenate_word(epi_hyphenator *h, const char *word, bool patterns_only)
{
    hyph_word w = {.n = 0, .keylen = 0};
    uint32_t cps[MAX_WORD];
    size_t len = strlen(word);
    uint64_t bits;
    for (size_t off = 0; off < len;) {
        uint32_t cp;
        size_t m = epi_utf8_decode(word + off, len - off, &cp);
        if (m == 0 || w.n == MAX_WORD || !(epi_ts_is_alpha(cp) || (h->apostrophe && is_apos(cp))))
            return epi_strdup(word); /* not a plain word: leave it alone */
        cps[w.n] = cp;
        w.keylen = word_add(&w, w.n++, w.keylen, cp, 0);
        off += m;
    }
    if (!word_breaks(h, &w, patterns_only, &bits))
        return NULL;
    char *out = malloc(w.n * 6 + 1), *o = out;
    for (size_t k = 0; out && k < w.n; k++) {
        o += epi_utf8_encode(cps[k], o);
        if ((bits >> k) & 1)
            o += epi_utf8_encode(CP_SHY, o);
    }
    if (out)
        *o = '\0';
    return out;
}

char *epi_hyphenate_word(epi_hyphenator *h, const char *word)
{
    return hyphenate_word(h, word, false);
}

char *epi_hyphenate_word_patterns(epi_hyphenator *h, const char *word)
{
    return hyphenate_word(h, word, true);
}

/* ---------- the tree ---------- */

/* A token (between spaces) that is a URL, an e-mail address or already has soft hyphens:
 * it holds "://", "@", "www." or U+00AD (C2 AD). */
static bool token_is_verbatim(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case '@':
            return true;
        case ':':
            if (len - i >= 3 && s[i + 1] == '/' && s[i + 2] == '/')
                return true;
            break;
        case 'w':
            if (len - i >= 4 && memcmp(s + i, "www.", 4) == 0)
                return true;
            break;
        case '\xC2':
            if (len - i >= 2 && s[i + 1] == '\xAD')
                return true;
            break;
        default:
            break;
        }
    }
    return false;
}

/* A hyphenation pass over some text nodes (one thread's), with its scratch: the offsets of the
 * breaks of the node at hand, after which a U+00AD goes, and the node's new text. The text is
 * rebuilt once, from the breaks, when it has any. */
typedef struct hyph_pass {
    epi_hyphenator *h;
    size_t *at;
    size_t nat, capat;
    char *out;
    size_t capout;
} hyph_pass;

static bool add_break(hyph_pass *p, size_t at)
{
    size_t *v = epi_grow(p->at, &p->capat, p->nat, sizeof *v, 64);
    if (!v)
        return false;
    p->at = v;
    p->at[p->nat++] = at;
    return true;
}

/* An apostrophe c between letters, part of the word (пам’ять) where the language writes one:
 * a letter follows it at s[off]. */
static bool word_apostrophe(const epi_hyphenator *h, const char *s, size_t off, size_t len,
                            uint32_t c)
{
    uint32_t nx = 0;
    return h->apostrophe && is_apos(c) && off < len && epi_utf8_decode(s + off, len - off, &nx) &&
           epi_ts_is_alpha(nx);
}

/* The lowercase Cyrillic letter U+0430–U+045F (D0 B0–BF, D1 80–9F) at s[0..len), 0 when there is
 * none. */
static inline uint32_t lower_cyrillic_at(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len < 2)
        return 0;
    if (u[0] == 0xD0)
        return u[1] >= 0xB0 && u[1] <= 0xBF ? 0x0400u | (u[1] & 0x3Fu) : 0;
    return u[0] == 0xD1 && u[1] >= 0x80 && u[1] <= 0x9F ? 0x0440u | (u[1] & 0x3Fu) : 0;
}

/* Whether the character c at s[off] makes its token verbatim (token_is_verbatim). */
static inline bool verbatim_at(const char *s, size_t len, size_t off, uint32_t c)
{
    return c == '@' || c == CP_SHY ||
           (c == ':' && len - off >= 3 && s[off + 1] == '/' && s[off + 2] == '/') ||
           (c == 'w' && len - off >= 4 && memcmp(s + off, "www.", 4) == 0);
}

/* Hyphenates the token (a run of anything but spaces: ASCII white space and U+00A0) at s[*at],
 * the rest of the text when that is not UTF-8, and moves *at to its end. Only letter runs of
 * MIN_WORD+ letters that are lowercase after their first letter (so not acronyms such as ГОСТ or
 * ZeRO) and not glued to digits; none in a URL, an e-mail address or a token with soft hyphens
 * already (token_is_verbatim), whose breaks are dropped when that shows. Each character is
 * decoded once, and a word's key made as it is read. */
static bool hyphenate_token(hyph_pass *p, const char *s, size_t len, size_t *at)
{
    size_t off = *at, mark = p->nat, m;
    bool verbatim = false;
    uint32_t prev = 0, c;
    while (off < len) {
        if ((m = epi_utf8_decode(s + off, len - off, &c)) == 0) {
            verbatim = token_is_verbatim(s + *at, len - *at);
            off = len; /* the rest stays as it is */
            break;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x00A0)
            break;
        if (!epi_ts_is_alpha(c)) {
            verbatim = verbatim || verbatim_at(s, len, off, c);
            prev = c;
            off += m;
            continue;
        }
        /* A run of letters, c (at off) the first. */
        hyph_word w;
        size_t n = 0, kl = 0;
        bool plain = !(prev >= '0' && prev <= '9');
        for (;;) {
            if (n > 0 && epi_ts_is_upper(c))
                plain = false;
            if (c == 'w' && verbatim_at(s, len, off, c))
                verbatim = true;
            off += m;
            kl = word_add(&w, n++, kl, c, off);
            /* The lowercase Cyrillic letters that follow, most of a Russian word: their key is
             * their own bytes. */
            for (uint32_t l; n < MAX_WORD && (l = lower_cyrillic_at(s + off, len - off)) != 0;) {
                w.lw[n] = l;
                w.key[kl++] = s[off++];
                w.key[kl++] = s[off++];
                w.ends[n++] = off;
            }
            if (off >= len || (m = epi_utf8_decode(s + off, len - off, &c)) == 0)
                break;
            if (!epi_ts_is_alpha(c) && !word_apostrophe(p->h, s, off + m, len, c))
                break;
        }
        if (off < len && m && c >= '0' && c <= '9')
            plain = false;
        w.n = n;
        w.keylen = kl;
        if (plain && !verbatim && w.n >= MIN_WORD && w.n <= MAX_WORD) {
            uint64_t bits;
            if (!word_breaks(p->h, &w, false, &bits))
                return false;
            for (size_t k = 0; bits; k++, bits >>= 1)
                if ((bits & 1) && !add_break(p, w.ends[k]))
                    return false;
        }
        prev = 'a';
    }
    if (verbatim)
        p->nat = mark;
    *at = off;
    return true;
}

/* The offset after the spaces (ASCII white space, U+00A0) at s[off]. */
static size_t skip_spaces(const char *s, size_t len, size_t off)
{
    while (off < len) {
        unsigned char c = (unsigned char)s[off];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            off++;
        else if (c == 0xC2 && off + 1 < len && (unsigned char)s[off + 1] == 0xA0)
            off += 2;
        else
            break;
    }
    return off;
}

static bool hyphenate_text(hyph_pass *p, xmlNodePtr node)
{
    const char *s = (const char *)node->content;
    if (!s)
        return true;
    size_t len = strlen(s), off = 0;
    p->nat = 0;
    while (off < len) {
        off = skip_spaces(s, len, off);
        if (off < len && !hyphenate_token(p, s, len, &off))
            return false;
    }
    if (p->nat == 0)
        return true;
    size_t size = len + 2 * p->nat, done = 0, o = 0;
    if (size + 1 > p->capout) {
        char *v = realloc(p->out, size + 1);
        if (!v)
            return false;
        p->out = v;
        p->capout = size + 1;
    }
    for (size_t k = 0; k < p->nat; k++) {
        memcpy(p->out + o, s + done, p->at[k] - done);
        o += p->at[k] - done;
        p->out[o++] = '\xC2';
        p->out[o++] = '\xAD';
        done = p->at[k];
    }
    memcpy(p->out + o, s + done, len - done);
    p->out[size] = '\0';
    xmlNodeSetContent(node, BAD_CAST p->out);
    return true;
}

static const char *const skip_elems[] = {"h1",     "h2",     "h3",     "h4",       "h5",   "h6",
                                         "hgroup", "header", "nav",    "code",     "pre",  "kbd",
                                         "samp",   "var",    "script", "style",    "math", "svg",
                                         "abbr",   "title",  "head",   "textarea", NULL};

/* Notes and tables of contents stay unhyphenated (popup notes show SHYs as breaks on
 * Kindle; docs/ARCHITECTURE.md "Hyphenation"). */
static bool skip_by_type(xmlNodePtr el)
{
    xmlChar *t = xmlGetNsProp(el, BAD_CAST "type", BAD_CAST EPI_NS_EPUB);
    bool skip = false;
    if (t) {
        skip = strstr((const char *)t, "note") != NULL || strstr((const char *)t, "toc") != NULL;
        xmlFree(t);
    }
    return skip;
}

/* The subtitle and byline typeset/byline.c writes under the title are set like headings: names
 * and a date, never broken (they showed Ма-рия Си-до-ро-ва once soft hyphens became the
 * default). */
static bool skip_by_class(xmlNodePtr el)
{
    xmlChar *c = xmlGetProp(el, BAD_CAST "class");
    bool skip = false;
    for (const char *p = (const char *)c; p && *p && !skip;) {
        size_t n = strcspn(p, " \t\n");
        skip = (n == 6 && !strncmp(p, "byline", 6)) || (n == 8 && !strncmp(p, "subtitle", 8));
        p += n;
        p += strspn(p, " \t\n");
    }
    xmlFree(c);
    return skip;
}

static bool skip_element(xmlNodePtr el)
{
    for (size_t k = 0; skip_elems[k]; k++)
        if ((el->name[0] | 0x20) == skip_elems[k][0] &&
            xmlStrcasecmp(el->name, BAD_CAST skip_elems[k]) == 0)
            return true;
    return el->properties && (skip_by_type(el) || skip_by_class(el));
}

/* Calls `fn` on each text node that is hyphenated among the siblings from `first` up to `end`
 * (exclusive; NULL: the last) and under them; stops at the first false. */
typedef bool (*text_fn)(void *arg, xmlNodePtr text);

static bool walk(text_fn fn, void *arg, xmlNodePtr first, xmlNodePtr end)
{
    for (xmlNodePtr ch = first; ch != end; ch = ch->next) {
        if (ch->type == XML_TEXT_NODE) {
            if (!fn(arg, ch))
                return false;
        } else if (ch->type == XML_ELEMENT_NODE && !skip_element(ch)) {
            if (!walk(fn, arg, ch->children, NULL))
                return false;
        }
    }
    return true;
}

static bool hyphenate_node(void *arg, xmlNodePtr text)
{
    return hyphenate_text(arg, text);
}

static bool letters_of_node(void *arg, xmlNodePtr text)
{
    const char *s = (const char *)text->content;
    if (s)
        epi_hyph_letters_add(arg, s, strlen(s));
    return true;
}

/* A book with more text than this loads the whole dictionary: its words match most patterns,
 * and reading its letters costs more than the patterns it leaves out save (callgrind, War and
 * Peace's first 32, 48, 64 and 96 KB: 2.7 M, 1.5 M and 0.7 M instructions fewer, 0.6 M more). */
#define BOOK_TEXT_MAX (64u * 1024u)

/* Adds the length of a text node to *(size_t *)arg: false past BOOK_TEXT_MAX. */
static bool short_text_node(void *arg, xmlNodePtr text)
{
    size_t *len = arg;
    *len += text->content ? strlen((const char *)text->content) : 0;
    return *len <= BOOK_TEXT_MAX;
}

ep_status epi_hyphenate_range(epi_hyphenator *h, xmlNodePtr first, xmlNodePtr end, ep_error *err)
{
    hyph_pass p = {h, NULL, 0, 0, NULL, 0};
    bool ok = !h || walk(hyphenate_node, &p, first, end);
    free(p.at);
    free(p.out);
    return ok ? EP_OK : epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory while hyphenating");
}

ep_status epi_hyphenate_tree(epi_hyphenator *h, xmlNodePtr root, ep_error *err)
{
    if (!h || !root)
        return EP_OK;
    if (root->type == XML_ELEMENT_NODE && skip_element(root))
        return EP_OK;
    return epi_hyphenate_range(h, root->children, NULL, err);
}

/* Whether the texts to hyphenate under roots[0..n) are more than BOOK_TEXT_MAX. */
static bool long_text(xmlNodePtr const *roots, size_t n)
{
    size_t len = 0;
    bool short_text = true;
    for (size_t k = 0; k < n && short_text; k++)
        short_text = walk(short_text_node, &len, roots[k]->children, NULL);
    return !short_text;
}

ep_status epi_hyphenator_for_book(const char *lang, xmlNodePtr const *roots, size_t n,
                                  epi_hyphenator **out, bool *own, ep_error *err)
{
    *own = false;
    if (asked_before(lang, false) || long_text(roots, n) || asked_before(lang, true))
        return epi_hyphenator_shared(lang, out, err);
    epi_hyph_letters *words = epi_hyph_letters_new();
    if (!words)
        return epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < n; k++)
        walk(letters_of_node, words, roots[k]->children, NULL);
    ep_status st = epi_hyphenator_new_subset(lang, words, out, err);
    *own = st == EP_OK;
    epi_hyph_letters_free(words);
    return st;
}

/* ---------- the process's dictionary, loaded ahead ---------- */

static void *prefetch(void *arg)
{
    epi_hyph_prefetch *p = arg;
    epi_hyphenator *h;
    ep_error err;
    /* Kept by the process; a failure is met again, and reported, by the build. */
    (void)epi_hyphenator_shared(p->lang, &h, &err);
    return NULL;
}

void epi_hyph_prefetch_start(epi_hyph_prefetch *p, const char *lang, xmlNodePtr const *roots,
                             size_t n)
{
    p->lang = lang;
    p->running = long_text(roots, n) && epi_hyphen_dict_exists(lang) &&
                 pthread_create(&p->thread, NULL, prefetch, p) == 0;
}

void epi_hyph_prefetch_join(epi_hyph_prefetch *p)
{
    if (p->running)
        pthread_join(p->thread, NULL);
    p->running = false;
}
