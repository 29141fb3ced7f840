/* A hyphenator cut to a text's words (epi_hyphenator_new_subset, src/typeset/hyphen_subset.c)
 * breaks every word of that text as the whole dictionary does: War and Peace
 * ($EPUBPACK_TEST_DATA/corpus/war-and-peace) in pieces of 1 to 64 KB for Russian (every 9th
 * piece), and for Ukrainian, Belarusian, Bulgarian, Serbian and Mongolian texts of 20 to 2,000
 * words of Debian's hunspell dictionary of the language (every n-th word, about 6,000;
 * Ukrainian and Belarusian ones with ’ for ' in every other text), so that the test stays short
 * under ASan in CI; EP_HYPHEN_WORDS_ALL=1 takes every piece and about 30,000 words a language.
 * Each distinct word of a text goes through the patterns alone (epi_hyphenate_word_patterns,
 * where the word-division rules cannot hide a difference) and through epi_hyphenate_word.
 * Debian's ru, uk, be and mn files were not put through substrings.pl, so a dictionary of only
 * the patterns found in the words breaks some words differently: this test fails on that. */
#include "typeset/typeset.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool all; /* EP_HYPHEN_WORDS_ALL: the whole measurement */

typedef struct counts {
    size_t texts, words, differ;
} counts;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct words of text[0..len): runs of letters, with apostrophes between letters, as
 * typeset/hyphenate.c takes them from a text node. Caller frees the array and its strings. */
static char **words_of(const char *text, size_t len, size_t *n)
{
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t off = 0; off < len;) {
        size_t start = off, end = off;
        uint32_t cp;
        while (end < len) {
            size_t m = epi_utf8_decode(text + end, len - end, &cp);
            if (m == 0)
                break;
            uint32_t nx = 0;
            bool apos = epi_ts_apostrophe(cp) == '\'' && end > start && end + m < len &&
                        epi_utf8_decode(text + end + m, len - end - m, &nx) && epi_ts_is_alpha(nx);
            if (!epi_ts_is_alpha(cp) && !apos)
                break;
            end += m;
        }
        if (end == start) {
            size_t m = epi_utf8_decode(text + off, len - off, &cp);
            off += m ? m : 1;
            continue;
        }
        off = end;
        if (*n == cap) {
            cap = cap ? 2 * cap : 256;
            char **g = realloc(v, cap * sizeof *v);
            if (!g)
                break;
            v = g;
        }
        if (!(v[*n] = epi_strndup(text + start, end - start)))
            break;
        (*n)++;
    }
    qsort(v, *n, sizeof *v, cmp_str);
    size_t w = 0;
    for (size_t k = 0; k < *n; k++) {
        if (w && strcmp(v[w - 1], v[k]) == 0)
            free(v[k]);
        else
            v[w++] = v[k];
    }
    *n = w;
    return v;
}

/* One text: a hyphenator cut to it against the whole one, word by word. */
static void check_text(const char *lang, epi_hyphenator *full, const char *text, size_t len,
                       counts *c)
{
    ep_error err;
    memset(&err, 0, sizeof err);
    epi_hyph_letters *l = epi_hyph_letters_new();
    CHECK(l != NULL);
    if (l)
        epi_hyph_letters_add(l, text, len);
    epi_hyphenator *cut = NULL;
    CHECK(l && epi_hyphenator_new_subset(lang, l, &cut, &err) == EP_OK);
    epi_hyph_letters_free(l);
    if (!cut)
        return;
    size_t n;
    char **words = words_of(text, len, &n);
    for (size_t k = 0; k < n; k++) {
        for (int rules = 0; rules < 2; rules++) {
            char *want = rules ? epi_hyphenate_word(full, words[k])
                               : epi_hyphenate_word_patterns(full, words[k]);
            char *got = rules ? epi_hyphenate_word(cut, words[k])
                              : epi_hyphenate_word_patterns(cut, words[k]);
            CHECK(want && got);
            if (want && got && strcmp(want, got) != 0 && c->differ++ < 10)
                fprintf(stderr, "%s: \"%s\": the cut dictionary gives %s, the whole one %s\n", lang,
                        words[k], got, want);
            free(want);
            free(got);
        }
        free(words[k]);
    }
    free(words);
    c->texts++;
    c->words += n;
    epi_hyphenator_free(cut);
}

static void russian(void)
{
    const char *dir = getenv("EPUBPACK_TEST_DATA");
    CHECK(dir != NULL);
    ep_error err;
    memset(&err, 0, sizeof err);
    epi_hyphenator *full = NULL;
    CHECK(epi_hyphenator_new("ru", &full, &err) == EP_OK);
    counts c = {0, 0, 0};
    static const size_t sizes[] = {1024, 4096, 16384, 65536};
    for (int tom = 1; tom <= 4 && dir && full; tom++) {
        char path[512];
        snprintf(path, sizeof path, "%s/corpus/war-and-peace/tom%d.txt", dir, tom);
        char *data = NULL;
        size_t len = 0;
        CHECK(epi_file_read(path, &data, &len, &err) == EP_OK);
        /* Pieces cut after a space, so that no letter is cut in two. */
        for (size_t off = 0, k = 0; data && off < len; k++) {
            size_t end = off + sizes[k % 4] < len ? off + sizes[k % 4] : len;
            while (end < len && data[end - 1] != ' ')
                end++;
            if (all || k % 9 == 0)
                check_text("ru", full, data + off, end - off, &c);
            off = end;
        }
        free(data);
    }
    printf("ru: %zu texts of War and Peace, %zu distinct words in them, %zu broken otherwise\n",
           c.texts, c.words, c.differ);
    CHECK(c.texts > (all ? 250 : 30) && c.words > (all ? 200000 : 20000));
    CHECK(c.differ == 0);
    epi_hyphenator_free(full);
}

/* Texts of words of the hunspell dictionary `hunspell` (every `stride`-th): 20, 200 and 2,000
 * words in turn. */
static void word_list(const char *lang, const char *hunspell, bool curly)
{
    char path[128];
    snprintf(path, sizeof path, "/usr/share/hunspell/%s.dic", hunspell);
    ep_error err;
    memset(&err, 0, sizeof err);
    char *data = NULL;
    size_t len = 0;
    if (epi_file_read(path, &data, &len, &err) != EP_OK) {
        fprintf(stderr, "%s: missing (apt-get install hunspell-%s: scripts/deps.sh test)\n", path,
                lang);
        CHECK(false);
        return;
    }
    epi_hyphenator *full = NULL;
    CHECK(epi_hyphenator_new(lang, &full, &err) == EP_OK);
    size_t entries = strtoul(data, NULL, 10), want = all ? 30000 : 6000;
    size_t stride = entries > 2 * want ? entries / want : 1;
    static const size_t sizes[] = {20, 200, 2000};
    counts c = {0, 0, 0};
    epi_buf text = {0};
    size_t seen = 0, in_text = 0, k = 0;
    const char *end = data + len;
    for (const char *line = memchr(data, '\n', len); full && line && line + 1 < end;) {
        const char *w = line + 1, *nl = memchr(w, '\n', (size_t)(end - w));
        line = nl;
        if (seen++ % stride != 0)
            continue;
        size_t wl = strcspn(w, "/\r\t \n");
        for (size_t i = 0; i < wl; i++) {
            /* ’ for ' in every other text */
            if (w[i] == '\'' && curly && k % 2)
                epi_buf_puts(&text, "\xE2\x80\x99");
            else
                epi_buf_append(&text, w + i, 1);
        }
        epi_buf_puts(&text, " ");
        if (++in_text == sizes[k % 3] || !nl || nl + 1 >= end) {
            check_text(lang, full, text.data, text.len, &c);
            text.len = 0;
            in_text = 0;
            k++;
        }
    }
    printf("%s: %zu texts of hunspell-%s's words, %zu distinct words in them, %zu broken "
           "otherwise\n",
           lang, c.texts, lang, c.words, c.differ);
    CHECK(c.words > (all ? 10000 : 4000));
    CHECK(c.differ == 0);
    epi_buf_free(&text);
    epi_hyphenator_free(full);
    free(data);
}

int main(void)
{
    all = getenv("EP_HYPHEN_WORDS_ALL") != NULL;
    russian();
    word_list("uk", "uk_UA", true);
    word_list("be", "be_BY", true);
    word_list("bg", "bg_BG", false);
    word_list("sr", "sr_RS", false);
    word_list("mn", "mn_MN", false);
    return ep_test_done();
}
