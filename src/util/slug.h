/* ASCII spellings of text (util/slug.c): heading ids (typeset) and image file names (read)
 * share one transliteration, ICAO Doc 9303 (docs/ARCHITECTURE.md "Fragment ids"). */
#ifndef EPI_UTIL_SLUG_H
#define EPI_UTIL_SLUG_H

/* ASCII id from UTF-8 text (ICAO Doc 9303 transliteration, lowercase, other runs → '-'), a
 * valid NCName of at most 64 characters. Never empty: returns "section" for text with no
 * letters. Caller frees; NULL when out of memory. */
char *epi_slugify(const char *text);

/* The same spelling without the id's rules: lowercase ASCII letters and digits, '-' between
 * words, "" for text with no letters or digits; no length limit. Caller frees. */
char *epi_ascii_spell(const char *text);

#endif /* EPI_UTIL_SLUG_H */
