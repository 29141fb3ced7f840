/*
 * "Did you mean …?" (issue 15): the known word nearest to a mistyped one, by edit distance.
 * Shared by the metadata reader (keys and values) and the command line (commands, options and
 * their values), so it depends on nothing else in the library.
 */
#ifndef EPI_SUGGEST_H
#define EPI_SUGGEST_H

#include <stddef.h>

/* Optimal string alignment distance between two UTF-8 strings, counted in code points: the
 * fewest insertions, deletions, substitutions and swaps of two neighbours ("autor" → "author"
 * is 1, "biuld" → "build" is 1). A byte that is not valid UTF-8 counts as one character.
 * Strings longer than EPI_SUGGEST_MAX code points are not compared: returns (size_t)-1. */
#define EPI_SUGGEST_MAX 64
size_t epi_edit_distance(const char *a, const char *b);

/* The candidate nearest to `word`, when it is at most a third of the word's length away (at
 * least 1, so "cs" finds "css"); NULL when none is that near or `word` is one of them. The first
 * of equally near candidates wins. */
const char *epi_nearest(const char *word, const char *const *candidates, size_t n);

/* Writes "; did you mean 'PREFIXb'?" into buf when candidate b is near `word` (epi_nearest),
 * else ""; `prefix` is "--" for options, "" otherwise. Returns buf. */
char *epi_did_you_mean(char *buf, size_t size, const char *prefix, const char *word,
                       const char *const *candidates, size_t n);

/* Writes "a|b|c" (the candidates joined by '|') into buf, truncated to `size` and always
 * terminated; returns buf. For "unknown value" messages, which list what is allowed. */
char *epi_join_choices(char *buf, size_t size, const char *const *candidates, size_t n);

#endif
