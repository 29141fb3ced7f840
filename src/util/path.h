/* Paths the book names, kept inside its folder (util/path.c). */
#ifndef EPI_UTIL_PATH_H
#define EPI_UTIL_PATH_H

#include "epubpack.h"

/* Resolves `rel` (a path from the book's metadata or text) against the folder `base`, which
 * must lie inside `root`. Absolute paths, and paths whose real location (after `..` and
 * symlinks) is outside `root`, are errors naming `src_path`:`line` (EP_ERR_INPUT; a missing
 * file says "no such file"). On success *out is the real path (caller frees). */
ep_status epi_path_inside(const char *root, const char *base, const char *rel, const char *src_path,
                          int line, char **out, ep_error *err);

#endif /* EPI_UTIL_PATH_H */
