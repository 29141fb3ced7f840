/* Small string and file helpers (util/str.c). */
#ifndef EPI_UTIL_STR_H
#define EPI_UTIL_STR_H

#include "epubpack.h"

#include <stddef.h>

char *epi_strdup(const char *s); /* NULL-safe */
char *epi_strndup(const char *s, size_t n);
char *epi_path_join(const char *dir, const char *name);
/* RFC 3986 §2.1 percent-decoding of s[0..len); malformed escapes and %00 stay as written (a NUL
 * would silently cut a path). Caller frees; NULL on out of memory. */
char *epi_percent_decode(const char *s, size_t len);
/* Reads a whole file. On failure fills err with path and strerror. */
ep_status epi_file_read(const char *path, char **data, size_t *len, ep_error *err);

#endif /* EPI_UTIL_STR_H */
