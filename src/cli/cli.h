/* Shared between the command's files (src/cli/): not part of the library. */
#ifndef EPUBPACK_CLI_H
#define EPUBPACK_CLI_H

#include "epubpack.h"

#include <stdio.h>

extern const char *progname;

/* "epubpack: PATH:LINE:COL: message" on stderr. */
void print_error(const ep_error *err);
/* A build warning on stderr, written with one call so that lines of parallel builds do not
 * interleave. */
void build_diag(void *ud, const ep_diag *d);
/* "NAME.epub" for INPUT (its folder's or file's name without the extension); malloc'd. */
char *default_output(const char *input);

/* `epubpack build IN... -O OUTDIR -j N`: builds each input into OUTDIR/NAME.epub on `jobs`
 * threads, all with `opts`. Returns the exit status. */
int build_batch(const ep_options *opts, char *const *inputs, size_t n, const char *outdir, int jobs,
                int stats);

#endif
