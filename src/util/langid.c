/*
 * Language detection for a text without a declared language (docs/ARCHITECTURE.md "Language
 * detection"). A naive Bayes choice over letter pairs: each language's model (langid_table.c)
 * is -ln P of every pair of symbols it saw often enough in its training sentences, and a floor
 * for the rest. Letters unique to a language (і ї є ґ; ў; ђ ћ љ њ џ ј; ѓ ќ ѕ; ә ғ қ ң ұ һ) need
 * no rule of their own: a model that never saw one gives every pair with it the floor.
 */
#include "util/langid.h"

#include "util/langid_int.h"
#include "util/utf8.h"

#include <string.h>

static unsigned symbol_of(uint32_t cp)
{
    return cp < 0x500 ? epi_langid_symbol[cp] : 0;
}

/* Length of the URL at s (http://, https://, www.) up to white space, a quote or a bracket; 0
 * when there is none: a web address is no language's, and a page of links would read as
 * English. */
static size_t url_len(const char *s, size_t len)
{
    size_t n = 0;
    if (len >= 7 && !memcmp(s, "http://", 7))
        n = 7;
    else if (len >= 8 && !memcmp(s, "https://", 8))
        n = 8;
    else if (len >= 4 && !memcmp(s, "www.", 4))
        n = 4;
    else
        return 0;
    while (n < len && !strchr(" \t\n\"'<>()[]", s[n]))
        n++;
    return n;
}

/* A letter of a script without a model (Unicode's blocks of each script's letters). */
static void count_script(epi_langid *id, uint32_t cp)
{
    if (cp >= 0x4E00 && cp <= 0x9FFF) /* CJK Unified Ideographs */
        id->han++;
    else if (cp >= 0x3040 && cp <= 0x30FF) /* Hiragana, Katakana */
        id->kana++;
    else if ((cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF)) /* Hangul */
        id->hangul++;
    else if ((cp >= 0x386 && cp <= 0x3CE) || (cp >= 0x1F00 && cp <= 0x1FFF)) /* Greek */
        id->greek++;
    else if (cp >= 0xE01 && cp <= 0xE2E) /* Thai consonants */
        id->thai++;
}

void epi_langid_add(epi_langid *id, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    const unsigned nsym = epi_langid_nsymbols, cyr_end = epi_langid_cyr_end;
    const unsigned cyr_apos = cyr_end - 1, lat_apos = nsym - 1;
    unsigned prev = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp = u[i];
        size_t n = 1;
        if (!prev && (cp == 'h' || cp == 'w') && (n = url_len(s + i, len - i))) {
            i += n;
            continue;
        }
        n = 1;
        if (cp >= 0xC2 && cp < 0xE0 && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
            /* two bytes (Latin-1 to Cyrillic, the common case) without a call */
            cp = (cp & 0x1F) << 6 | (u[i + 1] & 0x3F);
            n = 2;
        } else if (cp >= 0x80 && !(n = epi_utf8_decode(s + i, len - i, &cp))) {
            n = 1;
            cp = 0;
        }
        i += n;
        unsigned sym;
        if (cp == '\'' || cp == 0x2019 || cp == 0x2BC) /* an apostrophe after a letter */
            sym = !prev || prev == cyr_apos || prev == lat_apos ? 0
                  : prev < cyr_end                              ? cyr_apos
                                                                : lat_apos;
        else
            sym = symbol_of(cp);
        if (!sym && cp >= 0x370)
            count_script(id, cp);
        if (!sym && !prev)
            continue;
        if (sym) {
            if (sym < cyr_end)
                id->cyrillic++;
            else
                id->latin++;
        }
        /* A pair across scripts (a Latin letter glued to a Cyrillic one) is no language's. */
        if (!prev || !sym || (prev < cyr_end) == (sym < cyr_end))
            id->pairs[prev * nsym + sym]++;
        prev = sym;
    }
    if (prev)
        id->pairs[prev * nsym]++;
}

void epi_langid_merge(epi_langid *dst, const epi_langid *src)
{
    size_t n = (size_t)epi_langid_nsymbols * epi_langid_nsymbols;
    for (size_t i = 0; i < n; i++)
        dst->pairs[i] += src->pairs[i];
    dst->cyrillic += src->cyrillic;
    dst->latin += src->latin;
    dst->han += src->han;
    dst->kana += src->kana;
    dst->hangul += src->hangul;
    dst->greek += src->greek;
    dst->thai += src->thai;
}

/* The language of a text mostly in a script that one language writes: more of its letters than
 * of Cyrillic and Latin together. Japanese mixes Han with kana (a tenth or more of its letters
 * in running text); Han alone is Chinese. NULL otherwise. */
static const char *script_language(const epi_langid *id)
{
    size_t cjk = id->han + id->kana;
    size_t most = cjk, others = id->cyrillic + id->latin;
    const char *lang = id->kana * 10 >= cjk ? "ja" : "zh";
    if (id->hangul > most) {
        most = id->hangul;
        lang = "ko";
    }
    if (id->greek > most) {
        most = id->greek;
        lang = "el";
    }
    if (id->thai > most) {
        most = id->thai;
        lang = "th";
    }
    return most && most > others ? lang : NULL;
}

epi_langid_result epi_langid_guess(const epi_langid *id)
{
    epi_langid_result r = {NULL, NULL, id->cyrillic, id->latin};
    const unsigned nsym = epi_langid_nsymbols, cyr_end = epi_langid_cyr_end;
    bool cyrillic = id->cyrillic > id->latin;
    uint64_t total = 0;
    double best = 0, second = 0;

    const char *script = script_language(id);
    if (script) {
        r.lang = script;
        return r;
    }
    if (!id->cyrillic && !id->latin)
        return r;
    /* The pairs of the chosen script: those with a letter of it. */
    for (unsigned a = 0; a < nsym; a++)
        for (unsigned b = 0; b < nsym; b++) {
            unsigned letter = a ? a : b;
            if (letter && (letter < cyr_end) == cyrillic)
                total += id->pairs[a * nsym + b];
        }
    for (size_t m = 0; m < epi_langid_nmodels; m++) {
        const epi_langid_model *md = &epi_langid_models[m];
        if (md->cyrillic != cyrillic)
            continue;
        double cost = (double)md->floor * (double)total;
        for (size_t k = 0; k < md->ncosts; k++)
            cost += ((double)md->costs[k].cost - md->floor) * id->pairs[md->costs[k].pair];
        if (!r.lang || cost < best) {
            r.runner_up = r.lang;
            second = best;
            r.lang = md->lang;
            best = cost;
        } else if (!r.runner_up || cost < second) {
            r.runner_up = md->lang;
            second = cost;
        }
    }
    return r;
}
