/*
 * The typeset stage (src/typeset/): what build.c calls, and what its files share with the unit
 * tests. No other stage includes this header; typeset_private.h and fonts_int.h hold the rest.
 */
#ifndef EPI_TYPESET_H
#define EPI_TYPESET_H

#include "book.h"
#include <pthread.h>
#include <unicase.h>
#include <unictype.h>
#include "util/labels.h"
#include "util/lang.h"
#include "util/slug.h"
#include "util/url.h"

/* Letters, with fast paths for ASCII and the basic Cyrillic letters, the bulk of the text: a
 * libunistring call per character was a tenth of a War and Peace build (tests/bench/). The
 * answers are libunistring's. */
static inline bool epi_ts_is_alpha(uint32_t c)
{
    if (c < 0x80)
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (c >= 0x0400 && c <= 0x0481) /* Cyrillic letters, Ё and ё among them */
        return true;
    if (c < 0xC0) /* Latin-1's signs («», NBSP, SHY): ª µ º are its only letters */
        return c == 0xAA || c == 0xB5 || c == 0xBA;
    if (c >= 0x2000 && c <= 0x206F) /* General Punctuation (— … „ “): no letter there */
        return false;
    return uc_is_alpha(c);
}

static inline bool epi_ts_is_upper(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    if (c >= 0x0400 && c <= 0x045F)
        return c <= 0x042F;
    if (c < 0xC0) /* no capital among Latin-1's signs */
        return false;
    return uc_is_upper(c);
}

/* uc_tolower with the same fast paths (А-Я → а-я, Ѐ-Џ → ѐ-џ). */
static inline uint32_t epi_ts_tolower(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 0x20 : c;
    if (c >= 0x0410 && c <= 0x042F)
        return c + 0x20;
    if (c >= 0x0400 && c <= 0x040F)
        return c + 0x50;
    if (c >= 0x0430 && c <= 0x045F)
        return c;
    return uc_tolower(c);
}

/* The apostrophes a word may hold (ʼ, ’) as the hyphenation dictionaries write them, `'`; any
 * other character as it is. */
static inline uint32_t epi_ts_apostrophe(uint32_t c)
{
    return c == 0x2019u || c == 0x02BCu ? 0x0027u : c;
}

/* typeset.c: everything between reading and packaging, in place: resolve modes, chapter
 * titles, heading ids and book->chapters[i].headings, link rewriting, lang attributes, word
 * counts, typography and hyphenation (below). Fonts come after, from build.c. */
ep_status epi_typeset(epi_ctx *ctx, epi_book *book);

/* typography.c: the typographic rules of `mode` (EP_TYPO_RU or EP_TYPO_EN; others do nothing)
 * on the text nodes under `root` (skips code, pre, kbd, samp, var, script, style and URLs;
 * never touches attributes). */
ep_status epi_typography(epi_ctx *ctx, xmlNodePtr root, ep_typography mode);
/* The same on the siblings from `first` up to `end` (exclusive; NULL: the last), as the walk
 * of their parent would do them when `first` is a block (epi_typography_block): a block's text
 * is typeset alone, so the siblings of one parent can be typeset in slices, on several
 * threads, cut before blocks. */
ep_status epi_typography_range(epi_ctx *ctx, xmlNodePtr first, xmlNodePtr end, ep_typography mode);
bool epi_typography_block(const xmlNode *n);

/* hyphenate.c: soft hyphens (U+00AD) in the text nodes under `root` (skips headings,
 * code-like elements, links' hrefs are attributes so untouched). One dictionary per language,
 * loaded once. */
typedef struct epi_hyphenator epi_hyphenator;
ep_status epi_hyphenator_new(const char *lang, epi_hyphenator **out, ep_error *err);
/* The process's hyphenator for the dictionary of `lang`, loaded on first use and kept until the
 * process ends (never freed by the caller); thread-safe. Errors as epi_hyphenator_new. */
ep_status epi_hyphenator_shared(const char *lang, epi_hyphenator **out, ep_error *err);
ep_status epi_hyphenate_tree(epi_hyphenator *h, xmlNodePtr root, ep_error *err);
/* A long book's dictionary (more text than epi_hyphenator_for_book cuts a dictionary for) is
 * the process's: epi_hyph_prefetch_start loads it on another thread, for the soft chapters in
 * `lang` whose bodies are roots[0..n), while the book goes on (its epi_hyphenator_for_book
 * waits for it); join before `lang` is freed. Nothing is started for a short book. */
typedef struct epi_hyph_prefetch {
    const char *lang;
    pthread_t thread;
    bool running;
} epi_hyph_prefetch;
void epi_hyph_prefetch_start(epi_hyph_prefetch *p, const char *lang, xmlNodePtr const *roots,
                             size_t n);
void epi_hyph_prefetch_join(epi_hyph_prefetch *p);
/* The words a hyphenator has hyphenated, with their breaks (hyphen_memo.c): one per hyphenator,
 * read and added to by any thread. */
typedef struct epi_hyph_memo epi_hyph_memo;
epi_hyph_memo *epi_hyph_memo_new(void);
void epi_hyph_memo_free(epi_hyph_memo *m);
/* Whether `key` (a lowercase UTF-8 word of len bytes) is kept, with its breaks in *bits (bit k:
 * a break after letter k). */
bool epi_hyph_memo_get(epi_hyph_memo *m, const char *key, size_t len, uint64_t *bits);
/* Keeps the breaks of `key` (a full table or out of memory keeps nothing: only slower). */
void epi_hyph_memo_put(epi_hyph_memo *m, const char *key, size_t len, uint64_t bits);
/* The words `h` has hyphenated, whichever thread or book it did it for. */
epi_hyph_memo *epi_hyphenator_memo(const epi_hyphenator *h);
/* The same on the siblings from `first` up to `end` (exclusive; NULL: the last): each text node
 * is hyphenated alone, so any slice of a parent's children can run on its own thread. */
ep_status epi_hyphenate_range(epi_hyphenator *h, xmlNodePtr first, xmlNodePtr end, ep_error *err);
/* The dictionary data[0..len) (up to its TeX tail) as libhyphen should read it, appended to
 * `out` (hyphen_subset.c): without comments, and of the patterns with the same letters in one
 * level only the last. False: out of memory. */
bool epi_hyph_clean(const char *data, size_t len, epi_buf *out);
/* The letters of the text a book hyphenates, for a hyphenator with only the patterns that can
 * match its words (hyphen_subset.c): which letters, pairs and triples of letters occur in it,
 * lowercased as the words are. */
typedef struct epi_hyph_letters epi_hyph_letters;
epi_hyph_letters *epi_hyph_letters_new(void);
void epi_hyph_letters_free(epi_hyph_letters *l);
void epi_hyph_letters_add(epi_hyph_letters *l, const char *text, size_t len);
/* The lines of the dictionary `dict` (its first line, the charset, then one pattern, keyword or
 * comment a line, each ending in '\n') that libhyphen needs to hyphenate, exactly as with every
 * line, the words whose letters are in `l`, appended to `out`; comments left out. `cp_of` maps
 * each byte of an 8-bit dictionary to its code point (0: none); NULL for UTF-8. *all: the
 * dictionary is not one this can cut (then nothing is appended). False: out of memory. */
bool epi_hyph_subset(const epi_hyph_letters *l, const char *dict, size_t len, const uint32_t *cp_of,
                     epi_buf *out, bool *all);
/* A hyphenator with only the patterns of `lang`'s dictionary that can match the words whose
 * letters are in `words`: it breaks those words exactly as epi_hyphenator_new's does. */
ep_status epi_hyphenator_new_subset(const char *lang, const epi_hyph_letters *words,
                                    epi_hyphenator **out, ep_error *err);
/* The hyphenator for `lang` of a book whose text to hyphenate is under roots[0..n) (the
 * chapters' bodies): the first book of the process that needs the dictionary gets one of its
 * own with the patterns its words can match (*own: the caller frees it), unless its text is
 * longer than BOOK_TEXT_MAX (hyphenate.c); every other book the process's
 * (epi_hyphenator_shared). The breaks are the same. */
ep_status epi_hyphenator_for_book(const char *lang, xmlNodePtr const *roots, size_t n,
                                  epi_hyphenator **out, bool *own, ep_error *err);
/* Whether libhyphen has a dictionary for the BCP 47 tag `lang` on this machine. */
bool epi_hyphen_dict_exists(const char *lang);
/* Hyphenates one UTF-8 word; returns a malloc'd copy with U+00AD at the allowed breaks. */
char *epi_hyphenate_word(epi_hyphenator *h, const char *word);
/* The same with the breaks of the patterns alone, without the exceptions and the word-division
 * rules: what tests/e2e/hyphen_words.c measures. */
char *epi_hyphenate_word_patterns(epi_hyphenator *h, const char *word);
void epi_hyphenator_free(epi_hyphenator *h);

/* fonts.c: finds the font (fontconfig; book->meta.font / opt->font, default
 * "PT Serif"; "none" embeds nothing), subsets each face the book uses (hb-subset) to the
 * characters set in it (chapters, titles, labels of epi_labels_for(lang)) plus a safety set,
 * renames the family, adds the faces as resources "fonts/….ttf" (font/ttf) and sets
 * book->font_family and book->font_css (@font-face rules with "../fonts/…" urls + body rule). */
ep_status epi_fonts_embed(epi_ctx *ctx, epi_book *book);

/* fonts_find.c: the font family a build will embed, looked up with fontconfig on a thread of
 * its own while the build typesets its book on another CPU (loading fontconfig's configuration
 * and matching the four faces was half of a short article's build). epi_fonts_embed then finds
 * the answer kept for the process (or waits for it). Nothing when the family was found before
 * in this process. epi_fonts_prefetch_start takes the value the book's font resolves to
 * (epi_fonts_family: NULL for none or a file); the build joins the thread before it returns. */
typedef struct epi_fonts_prefetch {
    pthread_t thread;
    bool running;
    char *family;
} epi_fonts_prefetch;
const char *epi_fonts_family(const epi_ctx *ctx, const epi_book *book);
void epi_fonts_prefetch_start(epi_fonts_prefetch *p, const char *family);
void epi_fonts_prefetch_join(epi_fonts_prefetch *p);

#endif /* EPI_TYPESET_H */
