/* Error detail and warnings (util/error.c): the library never prints, it fills ep_error or
 * calls back. */
#ifndef EPI_UTIL_ERROR_H
#define EPI_UTIL_ERROR_H

#include "epubpack.h"

#include <stdarg.h>
#include <stddef.h>

/* Fills `err` (may be NULL) and returns `st`, so callers can `return epi_fail(...)`. */
ep_status epi_fail(ep_error *err, ep_status st, const char *path, int line, int column,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* The build context: the caller's options, where errors go, the warnings counted. */
typedef struct epi_ctx {
    const ep_build_options *opt;
    ep_error *err;
    size_t warnings;
} epi_ctx;

/* Reports a warning through the options' callback (no-op if none). */
void epi_warn(epi_ctx *ctx, const char *id, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif /* EPI_UTIL_ERROR_H */
