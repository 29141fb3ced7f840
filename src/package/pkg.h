/*
 * The package stage (src/package/): what build.c calls. Its internals are in pkg_private.h.
 */
#ifndef EPI_PKG_H
#define EPI_PKG_H

#include "book.h"

/* package.c: produces the container's entries in order (mimetype first). */
ep_status epi_package(epi_ctx *ctx, const epi_book *book, epi_entries *out);

#endif /* EPI_PKG_H */
