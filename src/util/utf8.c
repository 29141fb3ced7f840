/* UTF-8 decoding, validation and word counting (locale-independent). */
#include "util/utf8.h"

#include <string.h>

size_t epi_utf8_decode_any(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c;
    size_t n;

    if (len == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    } else if (u[0] >= 0xC2 && u[0] <= 0xDF && len >= 2 && (u[1] & 0xC0) == 0x80) {
        /* Two bytes, never overlong from 0xC2 on (epi_utf8_decode takes these in line). */
        *cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
        return 2;
    } else if ((u[0] & 0xE0) == 0xC0) {
        n = 2;
        c = u[0] & 0x1F;
    } else if ((u[0] & 0xF0) == 0xE0) {
        n = 3;
        c = u[0] & 0x0F;
    } else if ((u[0] & 0xF8) == 0xF0) {
        n = 4;
        c = u[0] & 0x07;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3F);
    }
    /* Reject overlong forms, surrogates and values past U+10FFFF (RFC 3629 §3). */
    if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
        (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
        return 0;
    *cp = c;
    return n;
}

bool epi_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* ASCII and well-formed two-byte sequences (never overlong from 0xC2 on) inline: one
         * call per character was a tenth of reading War and Peace. */
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        if (u[i] >= 0xC2 && u[i] <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        uint32_t cp;
        size_t n = epi_utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += n;
    }
    return true;
}

size_t epi_utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

bool epi_utf8_put(epi_buf *b, uint32_t cp)
{
    char t[4];
    return epi_buf_append(b, t, epi_utf8_encode(cp, t));
}

/* A word character: ASCII letters and digits, Latin-1/Latin Extended letters, Greek, Cyrillic,
 * and anything above U+3000 (CJK counted per run, which is crude but stable). */
static bool is_word_cp(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x52F) ||
           c == 0xAD || c >= 0x3000;
}

/* D0/D1 and a continuation byte (U+0400–U+047F, Cyrillic) or C2 AD (U+00AD, a soft hyphen) at
 * u[i]: word characters, read without decoding. */
static inline bool cyrillic_or_shy(const unsigned char *u, size_t i, size_t len)
{
    return i + 1 < len && (((u[i] & 0xFE) == 0xD0 && (u[i + 1] & 0xC0) == 0x80) ||
                           (u[i] == 0xC2 && u[i + 1] == 0xAD));
}

size_t epi_utf8_count_words(const char *s, size_t len)
{
    size_t words = 0, i = 0;
    bool in = false;
    const unsigned char *u = (const unsigned char *)s;
    while (i < len) {
        /* ASCII in line: letters and digits are word characters, '-' and '\'' may join two */
        if (u[i] < 0x80) {
            unsigned char c = u[i];
            if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9')) {
                words += !in;
                in = true;
            } else if (in && (c == '-' || c == '\'') && i + 1 < len) {
                uint32_t next = 0;
                size_t m = epi_utf8_decode(s + i + 1, len - i - 1, &next);
                in = m && is_word_cp(next);
            } else {
                in = false;
            }
            i++;
            continue;
        }
        /* Cyrillic or a soft hyphen, and the rest of the run: most of a Russian word */
        if (cyrillic_or_shy(u, i, len)) {
            words += !in;
            in = true;
            for (i += 2; cyrillic_or_shy(u, i, len);)
                i += 2;
            continue;
        }
        uint32_t cp = 0xFFFD;
        size_t n = epi_utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            n = 1;
        /* Cyrillic А–я and ASCII letters without the call (most of a book's characters) */
        if ((cp >= 0x0410 && cp <= 0x044F) || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
            is_word_cp(cp)) {
            if (!in)
                words++;
            in = true;
        } else if (in && (cp == '-' || cp == 0x2011 || cp == '\'' || cp == 0x2019) && i + n < len) {
            /* "кто-то", "don't": a joiner between word characters keeps the word going */
            uint32_t next = 0;
            size_t m = epi_utf8_decode(s + i + n, len - i - n, &next);
            in = m && is_word_cp(next);
        } else {
            in = false;
        }
        i += n;
    }
    return words;
}

bool epi_utf8_has(const char *set, uint32_t cp)
{
    for (size_t off = 0, len = strlen(set); off < len;) {
        uint32_t x;
        size_t m = epi_utf8_decode(set + off, len - off, &x);
        if (m == 0)
            return false;
        if (x == cp)
            return true;
        off += m;
    }
    return false;
}
