/* Per-item work on threads and ordered diagnostics (parallel.h). */
#include "util/parallel.h"
#include "util/buf.h"
#include "util/str.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct par_pool par_pool;

/* One thread's share: its number, and the pool. */
typedef struct par_thread {
    par_pool *pool;
    size_t worker;
} par_thread;

struct par_pool {
    void (*fn)(void *ud, size_t i, size_t worker);
    void *ud;
    size_t n;
    size_t next; /* under lock */
    pthread_mutex_t lock;
};

static void *par_worker(void *arg)
{
    par_thread *t = arg;
    par_pool *p = t->pool;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next < p->n ? p->next++ : p->n;
        pthread_mutex_unlock(&p->lock);
        if (i >= p->n)
            break;
        p->fn(p->ud, i, t->worker);
    }
    return NULL;
}

void epi_parallel_for(size_t n, size_t min_parallel, void (*fn)(void *ud, size_t i, size_t worker),
                      void *ud)
{
    par_pool p = {.fn = fn, .ud = ud, .n = n};
    pthread_t tid[EPI_PARALLEL_MAX];
    par_thread th[EPI_PARALLEL_MAX];
    size_t want = 1, started = 0;
    long cpus = n >= min_parallel ? sysconf(_SC_NPROCESSORS_ONLN) : 1;

    if (cpus > 1)
        want = cpus < EPI_PARALLEL_MAX ? (size_t)cpus : EPI_PARALLEL_MAX;
    if (want > n)
        want = n;
    if (want <= 1 || pthread_mutex_init(&p.lock, NULL) != 0) {
        for (size_t i = 0; i < n; i++)
            fn(ud, i, 0);
        return;
    }
    /* A thread that cannot start leaves its share to the others and to this one. */
    for (size_t t = 0; t < want; t++)
        th[t] = (par_thread){&p, t};
    for (size_t t = 1; t < want; t++)
        if (pthread_create(&tid[started], NULL, par_worker, &th[t]) == 0)
            started++;
    par_worker(&th[0]);
    for (size_t t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&p.lock);
}

ep_diag_log *ep_diag_log_new(void)
{
    return calloc(1, sizeof(ep_diag_log));
}

size_t ep_diag_log_count(const ep_diag_log *log)
{
    return log ? log->n : 0;
}

const ep_diag *ep_diag_log_get(const ep_diag_log *log, size_t i)
{
    return log && i < log->n ? &log->v[i].d : NULL;
}

int ep_diag_log_lost(const ep_diag_log *log)
{
    return log && log->oom;
}

void ep_diag_log_free(ep_diag_log *log)
{
    epi_diag_log_free(log);
    free(log);
}

void ep_diag_log_add(void *log, const ep_diag *d)
{
    epi_diag_log *l = log;
    if (!l)
        return;
    epi_diag_rec *v = epi_grow(l->v, &l->cap, l->n, sizeof *v, 4);
    if (!v) {
        l->oom = true;
        return;
    }
    l->v = v;
    epi_diag_rec *r = &l->v[l->n];
    r->d = *d;
    r->d.id = epi_strdup(d->id ? d->id : "");
    r->d.path = epi_strdup(d->path ? d->path : "");
    r->d.message = epi_strdup(d->message ? d->message : "");
    if (!r->d.id || !r->d.path || !r->d.message) {
        free((char *)r->d.id);
        free((char *)r->d.path);
        free((char *)r->d.message);
        l->oom = true;
        return;
    }
    l->n++;
}

void epi_diag_log_replay(epi_diag_log *log, ep_diag_fn fn, void *ud)
{
    for (size_t i = 0; fn && i < log->n; i++)
        fn(ud, &log->v[i].d);
    epi_diag_log_free(log);
}

void epi_diag_log_free(epi_diag_log *log)
{
    if (!log)
        return;
    for (size_t i = 0; i < log->n; i++) {
        free((char *)log->v[i].d.id);
        free((char *)log->v[i].d.path);
        free((char *)log->v[i].d.message);
    }
    free(log->v);
    *log = (epi_diag_log){0};
}

typedef struct try_job {
    ep_status (*fn)(void *ud, size_t i, size_t worker, ep_error *err);
    void *ud;
    ep_status *rc;
    ep_error *err;
} try_job;

static void try_work(void *ud, size_t i, size_t worker)
{
    try_job *job = ud;
    job->rc[i] = job->fn(job->ud, i, worker, &job->err[i]);
}

ep_status epi_parallel_try(size_t n, size_t min_parallel,
                           ep_status (*fn)(void *ud, size_t i, size_t worker, ep_error *err),
                           void *ud, ep_error *err)
{
    try_job job = {fn, ud, calloc(n ? n : 1, sizeof *job.rc), calloc(n ? n : 1, sizeof *job.err)};
    ep_status rc = EP_OK;
    if (!job.rc || !job.err) {
        rc = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    epi_parallel_for(n, min_parallel, try_work, &job);
    for (size_t i = 0; i < n && rc == EP_OK; i++)
        if ((rc = job.rc[i]) != EP_OK && err)
            *err = job.err[i];
out:
    free(job.rc);
    free(job.err);
    return rc;
}
