/* The hyphenation patterns of every Cyrillic language Debian packages (hyphen-ru, -uk, -be, -bg,
 * -sr, -mn) checked against a word list: every word of Debian's hunspell dictionary of the
 * language (hunspell-ru, -uk, …; README "Hyphenation"). For each word the patterns alone
 * (epi_hyphenate_word_patterns) and epi_hyphenate_word (patterns, exceptions
 * and the language's word-division rules) are compared with the rules, checked here on their
 * own: every part has a vowel, no part starts with a sign that belongs to the letter before,
 * at least two letters on each side. The patterns' faults are counted and printed (the
 * measurement docs/ARCHITECTURE.md "Hyphenation" quotes); what epubpack writes must have none,
 * and must break at least the share of long words in `floor`. */
#include "typeset/typeset.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>

#define SHY 0x00ADu

static const struct {
    const char *lang, *hunspell, *vowels, *signs;
    bool yot, doubles; /* й before a vowel may start a part; a doubled consonant is split */
    double floor;      /* least share of words of 8+ letters that get a break */
} langs[] = {
    /* Floors measured on Debian 12: ru 95.0%, uk 90.4% (hyph_uk_UA.dic has 1654 patterns and
     * leaves державний whole), be, bg, sr, mn 99.8-100%. */
    {"ru", "ru_RU", "аеёиоуыэюя", "ьъй", false, false, 0.94},
    {"uk", "uk_UA", "аеєиіїоуюя", "ьй'ʼ’", true, true, 0.89},
    {"be", "be_BY", "аеёіоуыэюя", "ьйў'ʼ’", true, false, 0.99},
    {"bg", "bg_BG", "аъеиоуюя", "ьй", true, false, 0.99},
    {"sr", "sr_RS", "аеиоур", "", false, false, 0.99},
    {"mn", "mn_MN", "аэиоуөүыеёюя", "ьъй", false, false, 0.99},
};

/* The rules on word w (n letters) with breaks brk[k] (after letter k): true when they hold. */
static bool follows_rules(size_t li, const uint32_t *w, size_t n, const bool *brk)
{
    size_t start = 0, nbrk = 0;
    for (size_t k = 0; k + 1 < n; k++)
        nbrk += brk[k];
    if (nbrk == 0)
        return true; /* a word left whole is never wrong */
    for (size_t k = 0; k <= n; k++) {
        if (k < n && !(k + 1 < n && brk[k]))
            continue;
        /* part [start, k] */
        size_t end = k < n ? k + 1 : n;
        if (end - start < 2 && (start == 0 || end == n))
            return false;
        bool vowel = false;
        for (size_t j = start; j < end; j++)
            vowel = vowel || epi_utf8_has(langs[li].vowels, w[j]);
        bool yot = langs[li].yot && w[start] == 0x0439 && end - start > 1 &&
                   epi_utf8_has(langs[li].vowels, w[start + 1]);
        if (!vowel || (start > 0 && epi_utf8_has(langs[li].signs, w[start]) && !yot))
            return false;
        if (langs[li].doubles && start > 0 && end - start > 1 && w[start] == w[start + 1] &&
            !epi_utf8_has(langs[li].vowels, w[start]))
            return false; /* зна-ння */
        start = end;
        if (k == n)
            break;
    }
    return true;
}

/* brk[k] from a word with U+00AD after letter k; true when the word had any. */
static bool breaks_of(const char *got, bool *brk, size_t n)
{
    size_t k = 0, gl = strlen(got);
    bool any = false;
    memset(brk, 0, n * sizeof *brk);
    for (size_t off = 0; off < gl;) {
        uint32_t cp;
        size_t m = epi_utf8_decode(got + off, gl - off, &cp);
        if (m == 0)
            break;
        if (cp == SHY && k > 0 && k <= n)
            brk[k - 1] = any = true;
        else
            k++;
        off += m;
    }
    return any;
}
static void check_language(size_t li)
{
    char dicpath[128];
    snprintf(dicpath, sizeof dicpath, "/usr/share/hunspell/%s.dic", langs[li].hunspell);
    char *data = NULL;
    size_t len = 0;
    ep_error err;
    memset(&err, 0, sizeof err);
    if (epi_file_read(dicpath, &data, &len, &err) != EP_OK) {
        fprintf(stderr, "%s: missing (apt-get install hunspell-%s: scripts/deps.sh test)\n",
                dicpath, langs[li].lang);
        CHECK(false);
        return;
    }
    epi_hyphenator *h = NULL;
    CHECK(epi_hyphenator_new(langs[li].lang, &h, &err) == EP_OK);
    if (!h) {
        free(data);
        return;
    }
    size_t words = 0, raw_bad = 0, ours_bad = 0, long_words = 0, long_broken = 0;
    int shown = 0;
    /* Every `stride`-th entry (the first line of a hunspell .dic is their number): about 30 000
     * words a language, so that the test stays short under ASan in CI. EP_HYPHEN_WORDS_ALL=1
     * takes every word: the figures of docs/ARCHITECTURE.md "Hyphenation". */
    size_t entries = strtoul(data, NULL, 10), seen = 0;
    size_t stride = getenv("EP_HYPHEN_WORDS_ALL") || entries < 60000 ? 1 : entries / 30000;
    /* memchr, not strchr: ASan's strchr measures the whole rest of the file at each call. */
    const char *end = data + len;
    for (char *line = memchr(data, '\n', len); line && line + 1 < end;) {
        char *w = line + 1;
        char *nl = memchr(w, '\n', (size_t)(end - w));
        line = nl;
        if (nl)
            *nl = '\0';
        if (seen++ % stride != 0)
            continue;
        w[strcspn(w, "/\r\t ")] = '\0';
        /* lowercase words of letters (and apostrophes between them) only */
        uint32_t cps[64];
        size_t n = 0, wl = strlen(w);
        bool ok = true;
        for (size_t off = 0; off < wl && ok;) {
            uint32_t cp;
            size_t m = epi_utf8_decode(w + off, wl - off, &cp);
            ok = m && n < 64 &&
                 ((uc_is_lower(cp) && cp >= 0x0400) || cp == '\'' || cp == 0x2019 || cp == 0x02BC);
            if (ok)
                cps[n++] = cp;
            off += m ? m : 1;
        }
        if (!ok || n < 5 || !uc_is_lower(cps[0]) || !uc_is_lower(cps[n - 1]))
            continue;
        words++;
        bool raw[64], ours[64];
        char *pat = epi_hyphenate_word_patterns(h, w), *got = epi_hyphenate_word(h, w);
        CHECK(pat != NULL && got != NULL);
        if (!pat || !got) {
            free(pat);
            free(got);
            break;
        }
        breaks_of(pat, raw, n);
        if (!follows_rules(li, cps, n, raw) && raw_bad++ % 500 == 0 && getenv("EP_SHOW_RAW"))
            fprintf(stderr, "%s patterns: %s\n", langs[li].lang, pat);
        free(pat);
        bool any = breaks_of(got, ours, n);
        if (!follows_rules(li, cps, n, ours)) {
            ours_bad++;
            if (shown++ < 5)
                fprintf(stderr, "%s: breaks against the rules: %s\n", langs[li].lang, got);
        }
        if (n >= 8) {
            long_words++;
            long_broken += any;
            if (!any && getenv("EP_SHOW_RAW") && long_words % 200 == 0)
                fprintf(stderr, "%s whole: %s\n", langs[li].lang, got);
        }
        free(got);
    }
    double share = long_words ? (double)long_broken / (double)long_words : 0;
    printf("%s: %zu words of Debian's hunspell-%s; the patterns break %zu (%.2f%%) against the "
           "rules, epubpack %zu; %.1f%% of %zu words of 8+ letters get a break\n",
           langs[li].lang, words, langs[li].lang, raw_bad, 100.0 * (double)raw_bad / (double)words,
           ours_bad, 100.0 * share, long_words);
    CHECK(words > 10000 || (stride > 1 && words > 5000));
    CHECK(ours_bad == 0);
    CHECK(share >= langs[li].floor);
    epi_hyphenator_free(h);
    free(data);
}

int main(void)
{
    for (size_t li = 0; li < sizeof langs / sizeof *langs; li++)
        check_language(li);
    return ep_test_done();
}
