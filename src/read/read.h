/*
 * The read stage (src/read/): what build.c calls. Its internals are in read_private.h.
 */
#ifndef EPI_READ_H
#define EPI_READ_H

#include "book.h"

/* src/read/: input is a folder, a .md/.txt file or a web page (.html/.htm). Fills book (zeroed by
 * the caller), down to its identifier and build instant (src/read/identity.c). */
ep_status epi_book_read(epi_ctx *ctx, const char *input, epi_book *book);

/* Reads only the book's metadata (book.yaml, else the front matter of the file or of a
 * folder's first chapter) into meta (zeroed by the caller), for ep_target_of. */
ep_status epi_book_read_meta(epi_ctx *ctx, const char *input, epi_meta *meta);

#endif /* EPI_READ_H */
