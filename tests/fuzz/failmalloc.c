/* Counters behind failmalloc.h (compiled without the macros, EP_FAILMALLOC_IMPL). */
#define EP_FAILMALLOC_IMPL 1
#include "failmalloc.h"

/* -include already pulled the header in with its macros: drop them here. */
#undef malloc
#undef calloc
#undef realloc
#undef strdup
#undef strndup

#include <stdlib.h>
#include <string.h>

unsigned long epi_fm_fail_at;
unsigned long epi_fm_count;

/* With ASan, EP_FM_TRACE=1 prints where the failing allocation was made. */
void __sanitizer_print_stack_trace(void) __attribute__((weak));

static int should_fail(void)
{
    if (++epi_fm_count != epi_fm_fail_at)
        return 0;
    if (__sanitizer_print_stack_trace && getenv("EP_FM_TRACE"))
        __sanitizer_print_stack_trace();
    return 1;
}

void *epi_fm_malloc(size_t n)
{
    return should_fail() ? NULL : malloc(n);
}

void *epi_fm_calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : calloc(n, size);
}

void *epi_fm_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : realloc(p, n);
}

char *epi_fm_strdup(const char *s)
{
    return should_fail() ? NULL : strdup(s);
}

char *epi_fm_strndup(const char *s, size_t n)
{
    return should_fail() ? NULL : strndup(s, n);
}
