/* Error detail and warnings (util/error.c): the library never prints, it fills ep_error or
 * calls back. */
#ifndef EPI_UTIL_ERROR_H
#define EPI_UTIL_ERROR_H

#include "epubpack.h"
#include "util/diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Fills `err` (may be NULL) and returns `st`, so callers can `return epi_fail(...)`. */
ep_status epi_fail(ep_error *err, ep_status st, const char *path, int line, int column,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* epi_fail() for a failed system call: also keeps its errno (`errnum`) in err->sys_errno. The
 * message is as written (callers add strerror(errnum) where people need it). */
ep_status epi_fail_sys(ep_error *err, ep_status st, int errnum, const char *path, const char *fmt,
                       ...) __attribute__((format(printf, 5, 6)));

/* A file's identity (device and inode), as stat gives it; `set` false: no file. */
typedef struct epi_file_id {
    dev_t dev;
    ino_t ino;
    bool set;
    const char *name; /* the file's name, for messages */
} epi_file_id;

/* The build context: the caller's options, where errors go, the warnings counted, and the file
 * the build will replace, which no input may be (util/str.c epi_input_read). */
typedef struct epi_ctx {
    const ep_options *opt; /* NULL: every default */
    ep_error *err;
    size_t warnings;
    epi_file_id output; /* the existing output file; unset when there is none (or for check) */
} epi_ctx;

/* Reports a warning, with its ID and severity from util/diag.h's list, through the options'
 * callback (no-op if none). */
void epi_warn(epi_ctx *ctx, epi_diag id, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif /* EPI_UTIL_ERROR_H */
