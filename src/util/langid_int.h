/* The generated model of util/langid.c (util/langid_table.c, scripts/gen-langid.py). */
#ifndef EPI_UTIL_LANGID_INT_H
#define EPI_UTIL_LANGID_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* -ln P(pair) in 1/16ths, for the pair a * epi_langid_nsymbols + b. */
typedef struct epi_langid_cost {
    uint16_t pair, cost;
} epi_langid_cost;

typedef struct epi_langid_model {
    const char *lang;
    bool cyrillic;  /* its script */
    unsigned floor; /* the cost of a pair not in `costs` */
    const epi_langid_cost *costs;
    size_t ncosts;
} epi_langid_model;

/* Symbol of each code point U+0000-U+04FF: 0 not a letter; 1 to epi_langid_cyr_end - 1
 * Cyrillic (the last of them the apostrophe after a Cyrillic letter); then Latin, up to
 * epi_langid_nsymbols - 1, the apostrophe after a Latin letter. */
extern const uint8_t epi_langid_symbol[0x500];
extern const epi_langid_model epi_langid_models[];
extern const size_t epi_langid_nmodels;
extern const unsigned epi_langid_nsymbols, epi_langid_cyr_end;

#endif /* EPI_UTIL_LANGID_INT_H */
