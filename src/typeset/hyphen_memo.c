/*
 * The words already hyphenated (docs/ARCHITECTURE.md "Hyphenation"): a table of the breaks of
 * each lowercase word, one per thread of a build, kept for the next books of the process.
 */
#include "typeset.h"
#include "util/buf.h"
#include "util/parallel.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A table of the breaks of the words hyphenated (lowercase UTF-8 → a bit per letter): a novel
 * says the same words again and again, and the patterns cost thousands of instructions a word
 * (a quarter of War and Peace's build). Open addressing, doubled at half full. Each thread of a
 * build has its own: one table shared under a read-write lock gave the patterns 25 % fewer
 * words (63 000 → 47 500 on War and Peace) but the two threads then waited on each other's
 * lock, and hyphenation took three times as long on an idle machine. The breaks depend only
 * on the lowercase word, so the output is the same with or without it. */
#define MEMO_MIN 1024u      /* slots to start with */
#define MEMO_MAX (1u << 17) /* slots at most: 65536 words */

typedef struct memo_slot {
    uint32_t hash; /* 0: empty */
    uint32_t off;  /* the word in `keys` */
    uint64_t brk;  /* bit k: a break after letter k */
    uint16_t len;
} memo_slot;

struct epi_hyph_memo {
    const void *owner; /* the breaks are this hyphenator's */
    memo_slot *slot;   /* `cap` slots, a power of two; NULL until the first word */
    size_t cap, used;
    epi_buf keys;
};

epi_hyph_memo *epi_hyph_memo_new(void)
{
    return calloc(1, sizeof(epi_hyph_memo));
}

void epi_hyph_memo_free(epi_hyph_memo *m)
{
    if (!m)
        return;
    free(m->slot);
    epi_buf_free(&m->keys);
    free(m);
}

static uint32_t memo_hash(const char *key, size_t len)
{
    uint32_t x = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        x = (x ^ (unsigned char)key[i]) * 16777619u;
    return x ? x : 1;
}

/* The slot of `key`: the word's, or the empty one where it would go (NULL: no table). */
static memo_slot *memo_find(epi_hyph_memo *m, const char *key, size_t len, uint32_t hash)
{
    if (!m || !m->slot)
        return NULL;
    for (size_t i = hash & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        memo_slot *e = &m->slot[i];
        if (e->hash == 0 ||
            (e->hash == hash && e->len == len && memcmp(m->keys.data + e->off, key, len) == 0))
            return e;
    }
}

/* Makes the table `cap` slots (the words kept are kept); false: out of memory, as it was. */
static bool memo_resize(epi_hyph_memo *m, size_t cap)
{
    memo_slot *v = calloc(cap, sizeof *v);
    if (!v)
        return false;
    for (size_t i = 0; m->slot && i < m->cap; i++) {
        if (!m->slot[i].hash)
            continue;
        size_t k = m->slot[i].hash & (cap - 1);
        while (v[k].hash)
            k = (k + 1) & (cap - 1);
        v[k] = m->slot[i];
    }
    free(m->slot);
    m->slot = v;
    m->cap = cap;
    return true;
}

/* Keeps the breaks of `key`, whose slot `e` was empty; at half full the table doubles, up to
 * MEMO_MAX slots, after which new words are not kept (out of memory likewise: only slower). */
static void memo_put(epi_hyph_memo *m, memo_slot *e, const char *key, size_t len, uint32_t hash,
                     uint64_t brk)
{
    if (!e || m->keys.len > UINT32_MAX - len)
        return;
    if (m->used + 1 > m->cap / 2) {
        if (m->cap >= MEMO_MAX || !memo_resize(m, m->cap * 2))
            return;
        e = memo_find(m, key, len, hash);
    }
    uint32_t off = (uint32_t)m->keys.len;
    if (!epi_buf_append(&m->keys, key, len))
        return;
    *e = (memo_slot){hash, off, brk, (uint16_t)len};
    m->used++;
}

bool epi_hyph_memo_get(epi_hyph_memo *m, const void *owner, const char *key, size_t len,
                       uint64_t *bits)
{
    uint32_t hash = memo_hash(key, len);
    memo_slot *slot = m->owner == owner ? memo_find(m, key, len, hash) : NULL;
    bool hit = slot && slot->hash;
    if (hit)
        *bits = slot->brk;
    return hit;
}

bool epi_hyph_memo_put(epi_hyph_memo *m, const void *owner, const char *key, size_t len,
                       uint64_t bits)
{
    uint32_t hash = memo_hash(key, len);
    bool ok = true;
    if (m->owner != owner) { /* another language: start again */
        if (m->slot)
            memset(m->slot, 0, m->cap * sizeof *m->slot);
        m->used = m->keys.len = 0;
        m->owner = owner;
    }
    if (!m->slot && !memo_resize(m, MEMO_MIN)) {
        ok = false;
    } else {
        memo_slot *slot = memo_find(m, key, len, hash);
        if (!slot->hash)
            memo_put(m, slot, key, len, hash, bits);
    }
    return ok;
}

/* The tables of the books done, for the next ones (a batch's articles say the same words, and
 * the patterns were a seventh of an article's instructions). Only tables of the process's
 * hyphenators come here (typeset.c): an owner that lives as long as the process cannot be
 * freed and its address taken by another dictionary's. A book takes one table per thread it
 * hyphenates on, so there are never more in use than threads. */
#define POOL_MAX (2 * EPI_PARALLEL_MAX)

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static epi_hyph_memo *pool[POOL_MAX];
static size_t npool;

epi_hyph_memo *epi_hyph_memo_take(const void *owner)
{
    epi_hyph_memo *m = NULL;
    pthread_mutex_lock(&pool_lock);
    if (npool) {
        size_t k = npool - 1; /* the last given back, unless one holds owner's words */
        for (size_t i = npool; i-- > 0;)
            if (pool[i]->owner == owner) {
                k = i;
                break;
            }
        m = pool[k];
        pool[k] = pool[--npool];
    }
    pthread_mutex_unlock(&pool_lock);
    return m ? m : epi_hyph_memo_new();
}

void epi_hyph_memo_give(epi_hyph_memo *m)
{
    if (!m)
        return;
    pthread_mutex_lock(&pool_lock);
    if (npool < POOL_MAX) {
        pool[npool++] = m;
        m = NULL;
    }
    pthread_mutex_unlock(&pool_lock);
    epi_hyph_memo_free(m);
}
