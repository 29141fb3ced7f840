/*
 * Per-item work on threads (src/util/parallel.c): the chapter loops of read, typeset and check
 * are independent per chapter, so they run on the CPUs while the results — including every
 * warning and finding, replayed in item order — stay those of a sequential run.
 */
#ifndef EPI_PARALLEL_H
#define EPI_PARALLEL_H

#include "epubpack.h"

#include <stdbool.h>
#include <stddef.h>

/* The most threads epi_parallel_for runs (the caller's among them). */
#define EPI_PARALLEL_MAX 8

/* Calls fn(ud, i, worker) for every i in [0, n), on up to as many threads as CPUs (at most
 * EPI_PARALLEL_MAX, the caller's thread among them); sequentially when n < min_parallel or one
 * CPU. `worker` < EPI_PARALLEL_MAX names the thread (0 for the caller's), for per-thread state
 * such as a compressor. fn must touch only item i's and worker's state. The libraries under
 * ours are initialised by then (epi_init, util/init.h). */
void epi_parallel_for(size_t n, size_t min_parallel, void (*fn)(void *ud, size_t i, size_t worker),
                      void *ud);

/* epi_parallel_for for work that can fail: fn fills its own item's error. Returns EP_OK, or
 * the first failure in item order with its error copied to *err (NULL: not kept), as a
 * sequential loop would report it whatever the threads did; EP_ERR_NOMEM when the statuses
 * cannot be allocated (then fn is not called). */
ep_status epi_parallel_try(size_t n, size_t min_parallel,
                           ep_status (*fn)(void *ud, size_t i, size_t worker, ep_error *err),
                           void *ud, ep_error *err);

/* Diagnostics kept for replay in a fixed order: ep_diag_log_add (epubpack.h) is an ep_diag_fn. */
typedef struct epi_diag_rec {
    ep_diag d; /* id, path and message point into the record's own copies */
} epi_diag_rec;

/* The struct behind epubpack.h's ep_diag_log; the library keeps one inside its own structs
 * (epi_diag_log_free frees the contents), a program has one from ep_diag_log_new. */
typedef struct ep_diag_log {
    epi_diag_rec *v;
    size_t n, cap;
    bool oom; /* a record could not be kept */
} epi_diag_log;

/* Passes every record to fn in order (fn may be NULL), then frees them. */
void epi_diag_log_replay(epi_diag_log *log, ep_diag_fn fn, void *ud);
void epi_diag_log_free(epi_diag_log *log);

#endif
