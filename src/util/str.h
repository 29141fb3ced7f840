/* Small string and file helpers (util/str.c). */
#ifndef EPI_UTIL_STR_H
#define EPI_UTIL_STR_H

#include "epubpack.h"

#include <stddef.h>

char *epi_strdup(const char *s); /* NULL-safe */
char *epi_strndup(const char *s, size_t n);
char *epi_path_join(const char *dir, const char *name);
/* Reads a whole file. On failure fills err with path and strerror. */
ep_status epi_file_read(const char *path, char **data, size_t *len, ep_error *err);

#endif /* EPI_UTIL_STR_H */
