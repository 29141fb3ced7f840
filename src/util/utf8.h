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
size_t epi_utf8_decode_any(const char *s, size_t len, uint32_t *cp);
/* The same, with ASCII and two-byte sequences (never overlong from 0xC2 on: Latin-1,
 * Cyrillic, Greek) decoded in line: the typeset passes call it for every character of the
 * book, and the call was a tenth of a War and Peace build (tests/bench/PROFILE.md). */
static inline size_t epi_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len && u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if (len >= 2 && u[0] >= 0xC2 && u[0] <= 0xDF && (u[1] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
        return 2;
    }
    return epi_utf8_decode_any(s, len, cp);
}
/* Writes the UTF-8 encoding of cp (at most 4 bytes) to out; returns its length. */
size_t epi_utf8_encode(uint32_t cp, char *out);
/* Appends the UTF-8 encoding of cp. */
bool epi_utf8_put(epi_buf *b, uint32_t cp);
/* Whether the UTF-8 string `set` contains the code point cp. */
bool epi_utf8_has(const char *set, uint32_t cp);
/* Counts words (runs of letters/digits, hyphen-joined) in UTF-8 text. */
size_t epi_utf8_count_words(const char *s, size_t len);

#endif /* EPI_UTIL_UTF8_H */
