/* Shared between the command's files (src/cli/): not part of the library. */
#ifndef EPUBPACK_CLI_H
#define EPUBPACK_CLI_H

#include "epubpack.h"

#include <stdio.h>

extern const char *progname;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { EXIT_OKAY = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* "epubpack: PATH:LINE:COL: message" on stderr (print_error) or on `f`. */
void print_error(const ep_error *err);
void print_error_to(FILE *f, const ep_error *err);
/* A build warning on stderr, written with one call so that lines of parallel builds do not
 * interleave; on this thread's `diag_stream` instead when one is set (batch.c keeps each
 * build's messages to print them in input order). */
void build_diag(void *ud, const ep_diag *d);
extern _Thread_local FILE *diag_stream;
/* "NAME.epub" for INPUT (its folder's or file's name without the extension), "NAME.kepub.epub"
 * for the Kobo target; malloc'd. */
char *default_output(const ep_options *opts, const char *input);

/* `epubpack build IN... -O OUTDIR -j N`: builds each input into OUTDIR/NAME.epub on `jobs`
 * threads, all with `opts`. Returns the exit status. */
int build_batch(const ep_options *opts, char *const *inputs, size_t n, const char *outdir, int jobs,
                int stats);

/* The index of `val` in `names`, or -1 after a message naming --`opt` and the allowed values. */
int parse_mode(const char *opt, const char *val, const char *const *names, int count);
/* The value of -j/--jobs (1 to 1024), or -1 after a message. */
int parse_jobs(const char *val);
/* getopt_long refused argv[optind - 1] (c is ':' or '?'): one line naming it and the nearest
 * known option; returns EXIT_USAGE. */
struct option;
int bad_option(const char *cmd, int c, char **argv, const struct option *longopts);

/* Calls fn(ud, i) for every i in [0, n) on `jobs` threads (0: one per CPU), the caller's among
 * them; returns how many threads ran. fn must touch only item i's state, or lock. */
size_t run_jobs(size_t n, int jobs, void (*fn)(void *ud, size_t i), void *ud);

/* `epubpack catalog` (catalog.c) and its help. */
int cmd_catalog(int argc, char **argv);
void help_catalog(FILE *f);

/* `epubpack check` (check.c) and its help. */
int cmd_check(int argc, char **argv);
void help_check(FILE *f);

#endif
