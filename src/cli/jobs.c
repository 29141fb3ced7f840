/* The command's thread pool (docs/ARCHITECTURE.md "Layers": the library has its own, sized by
 * the CPUs; the command's is sized by -j/--jobs): batch builds and checks of several files. */
#include "cli.h"

#include <pthread.h>
#include <unistd.h>

typedef struct pool {
    size_t n;
    size_t next; /* next item, under `lock` */
    void (*fn)(void *ud, size_t i);
    void *ud;
    pthread_mutex_t lock;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next++;
        pthread_mutex_unlock(&p->lock);
        if (i >= p->n)
            break;
        p->fn(p->ud, i);
    }
    return NULL;
}

size_t run_jobs(size_t n, int jobs, void (*fn)(void *ud, size_t i), void *ud)
{
    pool p = {.n = n, .fn = fn, .ud = ud};
    pthread_t tid[1024];
    size_t started = 0, threads;

    if (jobs <= 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cpus > 0 ? (int)cpus : 1;
    }
    threads = (size_t)jobs < n ? (size_t)jobs : n;
    if (threads > sizeof tid / sizeof tid[0])
        threads = sizeof tid / sizeof tid[0];
    /* Without a lock, no threads: the caller's thread does every item. */
    if (threads <= 1 || pthread_mutex_init(&p.lock, NULL) != 0) {
        for (size_t i = 0; i < n; i++)
            fn(ud, i);
        return 1;
    }
    /* The calling thread works too; a thread that cannot start leaves its share to the rest. */
    for (size_t t = 1; t < threads; t++)
        if (pthread_create(&tid[started], NULL, worker, &p) == 0)
            started++;
    worker(&p);
    for (size_t t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&p.lock);
    return started + 1;
}
