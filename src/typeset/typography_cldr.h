/* What each Cyrillic language's typography takes from Unicode CLDR (typography_cldr.c, made by
 * scripts/gen-typo-cldr.py; docs/ARCHITECTURE.md "Typography"). */
#ifndef EPI_TYPESET_TYPOGRAPHY_CLDR_H
#define EPI_TYPESET_TYPOGRAPHY_CLDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct epi_typo_cldr {
    const char *lang;          /* ISO 639-1 code; NULL ends the table */
    uint32_t quotes[4];        /* outer opening, outer closing, inner opening, inner closing */
    const char *const *months; /* the month names a day number binds to; NULL: none */
    bool group_space;          /* digit groups are separated by a space ("10 000") */
    const char *letters;       /* the language's lowercase Cyrillic letters, UTF-8 */
} epi_typo_cldr;

extern const epi_typo_cldr epi_typo_cldr_table[];

#endif /* EPI_TYPESET_TYPOGRAPHY_CLDR_H */
