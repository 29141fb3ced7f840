/*
 * Which language a text is in, for a book that does not say (util/langid.c, docs/ARCHITECTURE.md
 * "Language detection"): Cyrillic (ru uk be bg sr mk kk mn) and Latin (en de fr es it pt pl cs
 * hr sr-Latn) languages, from the pairs of letters the text has, scored against a model counted
 * from Universal Dependencies treebanks (util/langid_table.c, scripts/gen-langid.py).
 *
 * Counting is one pass over the text with a table look-up per character; the counts of several
 * texts add up (epi_langid_merge), so chapters can be counted on their own threads.
 */
#ifndef EPI_UTIL_LANGID_H
#define EPI_UTIL_LANGID_H

#include <stddef.h>
#include <stdint.h>

/* The most symbols (letters, "other letter", apostrophe, word boundary) the model may have. */
#define EPI_LANGID_SYMBOLS 144

/* Counts of letter pairs: large (80 KB), so allocate it (calloc: all zero is empty). */
typedef struct epi_langid {
    uint32_t pairs[EPI_LANGID_SYMBOLS * EPI_LANGID_SYMBOLS];
    size_t cyrillic, latin; /* letters of each script */
    /* Letters of scripts without a model, each written by one language (Han by Chinese, unless
     * kana say Japanese), which name the language when they outnumber the others. */
    size_t han, kana, hangul, greek, thai;
} epi_langid;

typedef struct epi_langid_result {
    const char *lang; /* "ru", "uk", …, "en", …, "zh"…; NULL when the text has no letters */
    const char *runner_up; /* the next best language of the same script, or NULL */
    size_t cyrillic, latin;
} epi_langid_result;

/* Adds the letter pairs of UTF-8 text (valid or not: a bad byte is a word boundary). */
void epi_langid_add(epi_langid *id, const char *s, size_t len);
/* Adds src's counts to dst. */
void epi_langid_merge(epi_langid *dst, const epi_langid *src);
/* The language of the text counted so far: the script with more letters, then the language of
 * that script whose model gives the pairs the highest probability; a text mostly in a script of
 * one language gets that language (zh, ja, ko, el, th). */
epi_langid_result epi_langid_guess(const epi_langid *id);

#endif /* EPI_UTIL_LANGID_H */
