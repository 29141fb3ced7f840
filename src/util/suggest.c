/* Edit distance and the nearest known word, for "did you mean …?" in messages (suggest.h). */
#include "util/suggest.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

/* Decodes `s` into code points; a byte that is not valid UTF-8 stands for itself (above the
 * Unicode range, so it never equals a real character). Returns the count, or (size_t)-1 when
 * there are more than EPI_SUGGEST_MAX. */
static size_t decode(const char *s, uint32_t *out)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = epi_utf8_decode(s + i, len - i, &cp);
        if (k == 0) {
            cp = 0x110000u + (unsigned char)s[i];
            k = 1;
        }
        if (n == EPI_SUGGEST_MAX)
            return (size_t)-1;
        out[n++] = cp;
        i += k;
    }
    return n;
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

size_t epi_edit_distance(const char *a, const char *b)
{
    uint32_t x[EPI_SUGGEST_MAX], y[EPI_SUGGEST_MAX];
    /* Three rows of the dynamic programme: two back (for swaps), one back, and this one. */
    size_t rows[3][EPI_SUGGEST_MAX + 1];
    size_t m = decode(a, x), n = decode(b, y);

    if (m == (size_t)-1 || n == (size_t)-1)
        return (size_t)-1;
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= n; j++)
        prev[j] = j;
    for (size_t i = 1; i <= m; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= n; j++) {
            size_t cost = x[i - 1] != y[j - 1];
            cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
                prev2[j - 2] + 1 < cur[j])
                cur[j] = prev2[j - 2] + 1;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[n];
}

const char *epi_nearest(const char *word, const char *const *candidates, size_t n)
{
    uint32_t cps[EPI_SUGGEST_MAX];
    size_t len = decode(word, cps), limit, best_d = (size_t)-1;
    const char *best = NULL;

    if (len == (size_t)-1)
        return NULL;
    limit = len / 3 > 1 ? len / 3 : 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = epi_edit_distance(word, candidates[i]);
        if (d == 0)
            return NULL;
        if (d <= limit && d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best;
}

char *epi_did_you_mean(char *buf, size_t size, const char *prefix, const char *word,
                       const char *const *candidates, size_t n)
{
    const char *near = epi_nearest(word, candidates, n);
    if (size == 0)
        return buf;
    buf[0] = '\0';
    if (near)
        snprintf(buf, size, "; did you mean '%s%s'?", prefix, near);
    return buf;
}

char *epi_join_choices(char *buf, size_t size, const char *const *candidates, size_t n)
{
    size_t used = 0;
    if (size == 0)
        return buf;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? "|" : "", candidates[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    return buf;
}
