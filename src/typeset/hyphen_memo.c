/*
 * The words already hyphenated (docs/ARCHITECTURE.md "Hyphenation"): a table of the breaks of
 * each lowercase word, one per hyphenator, read by every thread without a lock.
 */
#include "typeset.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A table of the breaks of the words hyphenated (lowercase UTF-8 → a bit per letter): a novel
 * says the same words again and again, and the patterns cost thousands of instructions a word
 * (a quarter of War and Peace's build). One table per hyphenator, so a word goes through the
 * patterns once per process, whichever thread or book meets it: with a table per thread, War
 * and Peace sent 62,827 words to libhyphen, 47,468 of them different. A lookup takes no lock
 * (a table shared under a read-write lock made the threads wait on each other, and
 * hyphenation took three times as long): a slot is one 64-bit word, written once, after its
 * entry, and an entry never moves. Adding a word takes the lock. Open addressing, a bigger
 * table at half full; the ones before it stay until the memo is freed, for the lookups still
 * in them (they add up to less than the last one). The breaks depend only on the lowercase
 * word, so the output is the same with or without it. */
#define MEMO_MIN 1024u      /* slots to start with */
#define MEMO_MAX (1u << 17) /* slots at most: 65536 words */

/* A slot is 8 bytes (the word's hash << 32 | its entry's place; 0: empty), so that the table of a
 * novel's words (65536 slots) stays in a CPU's cache: with the breaks and the length in the
 * slot, a lookup cost more cache misses than hashing and comparing the word (perf, War and
 * Peace). The rest of a word is its entry: its breaks (bit k: a break after letter k), its
 * length (2 bytes), then the word. */
typedef struct memo_table {
    struct memo_table *older; /* the table this one replaced */
    size_t cap;               /* a power of two */
    _Atomic uint64_t slot[];
} memo_table;

#define ENTRY_HEAD 10 /* bytes before the word in an entry */
/* Entries are kept in blocks that never move; an entry's place is its block << 16 | its
 * offset in it. An entry takes at most ENTRY_HEAD + 4 * 64 bytes (hyphenate.c's MAX_WORD). */
#define BLOCK_SIZE 65536u
#define BLOCKS_MAX 512u

struct epi_hyph_memo {
    _Atomic(memo_table *) table; /* NULL until the first word */
    pthread_mutex_t lock;        /* held to add a word; the fields below are under it */
    size_t used;                 /* words kept */
    char *block[BLOCKS_MAX];
    size_t nblocks, tail; /* blocks in use; bytes used in the last one */
};

epi_hyph_memo *epi_hyph_memo_new(void)
{
    epi_hyph_memo *m = calloc(1, sizeof *m);
    if (m && pthread_mutex_init(&m->lock, NULL) != 0) {
        free(m);
        m = NULL;
    }
    return m;
}

void epi_hyph_memo_free(epi_hyph_memo *m)
{
    if (!m)
        return;
    for (memo_table *t = atomic_load_explicit(&m->table, memory_order_relaxed), *older; t;
         t = older) {
        older = t->older;
        free(t);
    }
    for (size_t i = 0; i < m->nblocks; i++)
        free(m->block[i]);
    pthread_mutex_destroy(&m->lock);
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

static const char *entry_at(const epi_hyph_memo *m, uint64_t slot)
{
    uint32_t place = (uint32_t)slot;
    return m->block[place >> 16] + (place & 0xFFFFu);
}

/* Whether the entry `e` is the word key[0..len). */
static bool entry_is(const char *e, const char *key, size_t len)
{
    uint16_t elen;
    memcpy(&elen, e + 8, sizeof elen);
    return elen == len && memcmp(e + ENTRY_HEAD, key, len) == 0;
}

/* The slot of `key` in t: the word's, or the empty one where it would go (*at: its index). */
static uint64_t table_find(const epi_hyph_memo *m, memo_table *t, const char *key, size_t len,
                           uint32_t hash, size_t *at)
{
    for (size_t i = hash & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        uint64_t s = atomic_load_explicit(&t->slot[i], memory_order_acquire);
        if (s == 0 || ((uint32_t)(s >> 32) == hash && entry_is(entry_at(m, s), key, len))) {
            *at = i;
            return s;
        }
    }
}

/* A table of `cap` slots with the words of `old` (may be NULL); NULL: out of memory. Under the
 * lock. */
static memo_table *table_new(memo_table *old, size_t cap)
{
    memo_table *t = calloc(1, sizeof *t + cap * sizeof t->slot[0]);
    if (!t)
        return NULL;
    t->cap = cap;
    t->older = old;
    for (size_t i = 0; old && i < old->cap; i++) {
        uint64_t s = atomic_load_explicit(&old->slot[i], memory_order_relaxed);
        if (!s)
            continue;
        size_t k = (s >> 32) & (cap - 1);
        while (atomic_load_explicit(&t->slot[k], memory_order_relaxed))
            k = (k + 1) & (cap - 1);
        atomic_store_explicit(&t->slot[k], s, memory_order_relaxed);
    }
    return t;
}

/* Room for an entry of `size` bytes, and its place; NULL: no more room (out of memory or
 * BLOCKS_MAX). Under the lock. */
static char *entry_room(epi_hyph_memo *m, size_t size, uint32_t *place)
{
    if (!m->nblocks || m->tail + size > BLOCK_SIZE) {
        if (m->nblocks == BLOCKS_MAX || !(m->block[m->nblocks] = malloc(BLOCK_SIZE)))
            return NULL;
        m->nblocks++;
        m->tail = 0;
    }
    *place = (uint32_t)((m->nblocks - 1) << 16 | m->tail);
    m->tail += size;
    return m->block[m->nblocks - 1] + *place % BLOCK_SIZE;
}

bool epi_hyph_memo_get(epi_hyph_memo *m, const char *key, size_t len, uint64_t *bits)
{
    memo_table *t = atomic_load_explicit(&m->table, memory_order_acquire);
    size_t at;
    uint64_t s = t ? table_find(m, t, key, len, memo_hash(key, len), &at) : 0;
    if (s)
        memcpy(bits, entry_at(m, s), sizeof *bits);
    return s != 0;
}

/* A word met by two threads at once is added by the first; a full table (MEMO_MAX slots at half
 * full) keeps no more words, and out of memory likewise: only slower. */
void epi_hyph_memo_put(epi_hyph_memo *m, const char *key, size_t len, uint64_t bits)
{
    uint32_t hash = memo_hash(key, len), place;
    size_t at;
    pthread_mutex_lock(&m->lock);
    memo_table *t = atomic_load_explicit(&m->table, memory_order_relaxed), *bigger;
    if (!t || m->used + 1 > t->cap / 2) {
        if ((t && t->cap >= MEMO_MAX) || !(bigger = table_new(t, t ? t->cap * 2 : MEMO_MIN)))
            goto out;
        atomic_store_explicit(&m->table, bigger, memory_order_release);
        t = bigger;
    }
    char *e;
    if (table_find(m, t, key, len, hash, &at) || !(e = entry_room(m, ENTRY_HEAD + len, &place)))
        goto out;
    uint16_t elen = (uint16_t)len;
    memcpy(e, &bits, 8);
    memcpy(e + 8, &elen, sizeof elen);
    memcpy(e + ENTRY_HEAD, key, len);
    atomic_store_explicit(&t->slot[at], (uint64_t)hash << 32 | place, memory_order_release);
    m->used++;
out:
    pthread_mutex_unlock(&m->lock);
}
