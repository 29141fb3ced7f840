/* Small string and file helpers (util/str.c). */
#ifndef EPI_UTIL_STR_H
#define EPI_UTIL_STR_H

#include "epubpack.h"
#include "util/error.h"

#include <stddef.h>
#include <time.h>

char *epi_strdup(const char *s); /* NULL-safe */
char *epi_strndup(const char *s, size_t n);
char *epi_path_join(const char *dir, const char *name);
/* The first place in s (NULL-safe) where w occurs, ASCII case ignored (strcasestr without
 * _GNU_SOURCE), or NULL. */
const char *epi_ci_find(const char *s, const char *w);
/* The 1-based line of byte `off` of s. */
int epi_line_at(const char *s, size_t off);
/* Reads a whole file. On failure fills err with path and strerror. */
ep_status epi_file_read(const char *path, char **data, size_t *len, ep_error *err);
/* Reads a whole input file of the book: as epi_file_read, but refuses the file the build will
 * replace (ctx->output, compared by device and inode, so a hard link or another spelling of
 * the name is caught), and raises *newest (may be NULL) to the file's mtime. */
ep_status epi_input_read(epi_ctx *ctx, const char *path, char **data, size_t *len, time_t *newest);

#endif /* EPI_UTIL_STR_H */
