/* BCP 47 language tags (lang.h), with ASCII-only character classes and case folding. */
#include "util/lang.h"

#include <string.h>

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
    return is_alpha(c) || is_digit(c);
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool all_of(const char *s, size_t n, bool (*pred)(char))
{
    for (size_t i = 0; i < n; i++)
        if (!pred(s[i]))
            return false;
    return true;
}

bool epi_lang_wellformed(const char *tag)
{
    const char *sub[64];
    size_t len[64], n = 0;
    const char *p = tag;

    if (!tag || !*tag)
        return false;
    for (;;) {
        const char *s = p;
        while (*p && *p != '-')
            p++;
        if (p == s || p - s > 8 || n == 64 || !all_of(s, (size_t)(p - s), is_alnum))
            return false;
        sub[n] = s;
        len[n++] = (size_t)(p - s);
        if (!*p)
            break;
        p++;
    }
    size_t i = 0;
    if (len[0] == 1 && (lower(sub[0][0]) == 'x' || lower(sub[0][0]) == 'i'))
        return n > 1; /* private use or grandfathered irregular (i-klingon, ...) */
    if (!all_of(sub[0], len[0], is_alpha) || len[0] < 2)
        return false;
    i = 1;
    if (len[0] <= 3) /* extlang */
        for (int k = 0; k < 3 && i < n && len[i] == 3 && all_of(sub[i], 3, is_alpha); k++)
            i++;
    if (i < n && len[i] == 4 && all_of(sub[i], 4, is_alpha)) /* script */
        i++;
    if (i < n && ((len[i] == 2 && all_of(sub[i], 2, is_alpha)) ||
                  (len[i] == 3 && all_of(sub[i], 3, is_digit)))) /* region */
        i++;
    while (i < n && (len[i] >= 5 || (len[i] == 4 && is_digit(sub[i][0]))))
        i++;                                                  /* variants */
    while (i < n && len[i] == 1 && lower(sub[i][0]) != 'x') { /* extensions */
        i++;
        size_t k = i;
        while (i < n && len[i] >= 2)
            i++;
        if (i == k)
            return false;
    }
    if (i < n && len[i] == 1 && lower(sub[i][0]) == 'x')
        return i + 1 < n; /* private use: x-1*8alphanum, all the rest */
    return i == n;
}

size_t epi_lang_primary_len(const char *tag)
{
    size_t n = 0;
    if (!tag)
        return 0;
    while (n < 4 && is_alpha(tag[n]))
        n++;
    return n >= 2 && n <= 3 && (tag[n] == '\0' || tag[n] == '-') ? n : 0;
}

bool epi_lang_is(const char *tag, const char *code)
{
    size_t n = epi_lang_primary_len(tag);
    if (n == 0 || strlen(code) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(tag[i]) != code[i])
            return false;
    return true;
}

bool epi_lang_valid(const char *tag)
{
    /* The primary subtag keeps out locale names (C, POSIX, en_US.UTF-8); RFC 5646's grammar
     * then decides, so the reader never accepts a tag the written EPUB fails on ("egv-n": a
     * singleton with nothing after it — a fuzzer find); ISO 639 that the language exists. */
    size_t n = epi_lang_primary_len(tag);
    return n > 0 && epi_lang_wellformed(tag) && epi_iso639_code(tag, n);
}
