/* Growable memory (util/buf.c): a byte buffer, always NUL-terminated, and arrays. */
#ifndef EPI_UTIL_BUF_H
#define EPI_UTIL_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct epi_buf {
    char *data; /* NULL until the first append */
    size_t len;
    size_t cap;
} epi_buf;

bool epi_buf_append(epi_buf *b, const void *data, size_t len);
bool epi_buf_puts(epi_buf *b, const char *s);
bool epi_buf_printf(epi_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *epi_buf_detach(epi_buf *b); /* caller frees; returns "" copy if empty; NULL on OOM */
void epi_buf_free(epi_buf *b);

/* Room for one more element in a growable array of `elem`-byte items holding `n`: returns `v`
 * when n < *cap, else `v` reallocated to twice the capacity (`first` to begin with) and *cap
 * updated; NULL on overflow or out of memory, with `v` and *cap untouched. */
void *epi_grow(void *v, size_t *cap, size_t n, size_t elem, size_t first);

#endif /* EPI_UTIL_BUF_H */
