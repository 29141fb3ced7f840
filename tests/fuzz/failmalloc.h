/*
 * Allocation-failure injection (issue 5): force-included (-include) into every library source
 * of the epubpack_failmalloc target, so our own malloc/calloc/realloc/strdup/strndup calls go
 * through counters in failmalloc.c and the Nth one can be made to fail. libxml2, libyaml,
 * cmark-gfm and the other libraries keep their own allocators.
 *
 * It includes no system header: a forced include comes before a source's own feature-test
 * macros (_DEFAULT_SOURCE, …), and pulling <stdlib.h> in first would hide realpath() and
 * friends from it. The macros are function-like, so the C library's own declarations later
 * declare epi_fm_malloc & co. with the same types.
 */
#ifndef EP_FAILMALLOC_H
#define EP_FAILMALLOC_H

void *epi_fm_malloc(__SIZE_TYPE__ n);
void *epi_fm_calloc(__SIZE_TYPE__ n, __SIZE_TYPE__ size);
void *epi_fm_realloc(void *p, __SIZE_TYPE__ n);
char *epi_fm_strdup(const char *s);
char *epi_fm_strndup(const char *s, __SIZE_TYPE__ n);

/* 0: never fail. Otherwise the allocation whose 1-based number is `epi_fm_fail_at` fails
 * (only that one: later calls succeed, as after a transient shortage). */
extern unsigned long epi_fm_fail_at;
extern unsigned long epi_fm_count;

#ifndef EP_FAILMALLOC_IMPL
#define malloc(n) epi_fm_malloc(n)
#define calloc(n, s) epi_fm_calloc(n, s)
#define realloc(p, n) epi_fm_realloc(p, n)
#define strdup(s) epi_fm_strdup(s)
#define strndup(s, n) epi_fm_strndup(s, n)
#endif

#endif
