/* The OCF container writer (src/ocf/) for build.c: epi_zip_write() writes the entries, and
 * epi_output_* make the file they go to (docs/ARCHITECTURE.md "Output"). */
#ifndef EPI_OCF_H
#define EPI_OCF_H

#include "book.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Writes entries to the open file `fd` (from its start; it must be empty) with every entry time
 * = mtime. Errors name `name`, the output. epi_output_commit flushes it to the disk. */
ep_status epi_zip_write(int fd, const char *name, const epi_entries *entries, time_t mtime,
                        ep_error *err);

/* The output file while it is made (ocf/output.c). */
typedef struct epi_output {
    int fd;        /* the new file, open for reading and writing; unnamed until committed */
    int dirfd;     /* the output's folder */
    bool dir_sync; /* dirfd can be fsync'ed (false for a folder that cannot be read) */
    bool committed;
    char *name; /* the output, as given (for messages) */
    char *dir;  /* its folder */
    char *base; /* its name in the folder */
    char *tmp;  /* the file's temporary name in the folder, or NULL while it has none */
} epi_output;

/* Opens a new, unnamed file in the output's folder (a named temporary one where the file
 * system cannot). */
ep_status epi_output_open(epi_output *o, const char *output, ep_error *err);
/* Starts writing the new file's data to the disk, without waiting (Linux's sync_file_range; a
 * hint: elsewhere, or when it fails, nothing happens). For a file committed alone, the disk then
 * writes while the build checks the file, and the commit's fsync waits for less. */
void epi_output_start_writeback(const epi_output *o);
/* A path that reads the new file back (for the check): /proc/self/fd/N, else its temporary
 * name. */
ep_status epi_output_read_path(epi_output *o, char *path, size_t size, ep_error *err);
/* Puts n new files in place, each durable before it is named: their data is flushed (fsync
 * for one file, one syncfs per file system for several), then each is renamed over its output
 * at once, then each folder is flushed once. st[i] and err[i] (err may be NULL) say how output
 * i went; a file whose data could not be flushed is not put in place. */
void epi_output_commit(epi_output *const *v, size_t n, ep_status *st, ep_error *err);
/* Closes, removes the file unless committed, frees; NULL and a discarded output are fine. */
void epi_output_discard(epi_output *o);

#endif /* EPI_OCF_H */
