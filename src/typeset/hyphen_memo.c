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

/* A slot is 8 bytes, so that the table of a novel's words (65536 slots) stays in a CPU's cache:
 * with the breaks and the length in the slot, a lookup cost more cache misses than hashing and
 * comparing the word (perf, War and Peace). The rest of a word is its entry in `keys`: its breaks
 * (bit k: a break after letter k), its length (2 bytes), then the word. */
typedef struct memo_slot {
    uint32_t hash; /* 0: empty */
    uint32_t off;  /* the word's entry in `keys` */
} memo_slot;

#define ENTRY_HEAD 10 /* bytes before the word in an entry */

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

/* Eight bytes at a time (FNV-1a's byte at a time was a chain of multiplies per letter). */
static uint32_t memo_hash(const char *key, size_t len)
{
    uint64_t x = 0x9E3779B97F4A7C15u ^ len, w;
    for (; len >= 8; key += 8, len -= 8) {
        memcpy(&w, key, 8);
        x = (x ^ w) * 0xFF51AFD7ED558CCDu;
        x ^= x >> 32;
    }
    w = 0;
    for (size_t i = 0; i < len; i++)
        w |= (uint64_t)(unsigned char)key[i] << (8 * i);
    x = (x ^ w) * 0xC4CEB9FE1A85EC53u;
    x ^= x >> 29;
    uint32_t h = (uint32_t)(x >> 32);
    return h ? h : 1;
}

/* Whether the entry at `off` is the word key[0..len). */
static bool entry_is(const epi_hyph_memo *m, uint32_t off, const char *key, size_t len)
{
    const char *e = m->keys.data + off;
    uint16_t elen;
    memcpy(&elen, e + 8, sizeof elen);
    return elen == len && memcmp(e + ENTRY_HEAD, key, len) == 0;
}

/* The slot of `key`: the word's, or the empty one where it would go (NULL: no table). */
static memo_slot *memo_find(epi_hyph_memo *m, const char *key, size_t len, uint32_t hash)
{
    if (!m || !m->slot)
        return NULL;
    for (size_t i = hash & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        memo_slot *e = &m->slot[i];
        if (e->hash == 0 || (e->hash == hash && entry_is(m, e->off, key, len)))
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
    if (!e || m->keys.len > UINT32_MAX - ENTRY_HEAD - len)
        return;
    if (m->used + 1 > m->cap / 2) {
        if (m->cap >= MEMO_MAX || !memo_resize(m, m->cap * 2))
            return;
        e = memo_find(m, key, len, hash);
    }
    uint32_t off = (uint32_t)m->keys.len;
    char head[ENTRY_HEAD];
    uint16_t elen = (uint16_t)len;
    memcpy(head, &brk, 8);
    memcpy(head + 8, &elen, sizeof elen);
    if (!epi_buf_append(&m->keys, head, sizeof head) || !epi_buf_append(&m->keys, key, len))
        return;
    *e = (memo_slot){hash, off};
    m->used++;
}

bool epi_hyph_memo_get(epi_hyph_memo *m, const void *owner, const char *key, size_t len,
                       uint64_t *bits)
{
    uint32_t hash = memo_hash(key, len);
    memo_slot *slot = m->owner == owner ? memo_find(m, key, len, hash) : NULL;
    bool hit = slot && slot->hash;
    if (hit)
        memcpy(bits, m->keys.data + slot->off, sizeof *bits);
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
