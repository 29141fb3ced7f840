/* The OCF container writer (src/ocf/): epi_zip_write() for build.c. */
#ifndef EPI_OCF_H
#define EPI_OCF_H

#include "book.h"

#include <time.h>

/* Writes entries to `path` with every entry time = mtime, and fsyncs it. Errors name `name`
 * (the output, when `path` is its temporary file). */
ep_status epi_zip_write(const char *path, const char *name, const epi_entries *entries,
                        time_t mtime, ep_error *err);

#endif /* EPI_OCF_H */
