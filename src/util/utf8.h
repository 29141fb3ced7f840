/* UTF-8 decoding, validation and word counting, locale-independent (util/utf8.c). */
#ifndef EPI_UTIL_UTF8_H
#define EPI_UTIL_UTF8_H

#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Validates UTF-8; on failure *bad_offset is the byte offset of the first bad byte. */
bool epi_utf8_valid(const char *s, size_t len, size_t *bad_offset);
/* Decodes one code point at s (len bytes available); returns its length or 0 if invalid. */
size_t epi_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Appends the UTF-8 encoding of cp. */
bool epi_utf8_put(epi_buf *b, uint32_t cp);
/* Whether the UTF-8 string `set` contains the code point cp. */
bool epi_utf8_has(const char *set, uint32_t cp);
/* Counts words (runs of letters/digits, hyphen-joined) in UTF-8 text. */
size_t epi_utf8_count_words(const char *s, size_t len);

#endif /* EPI_UTIL_UTF8_H */
