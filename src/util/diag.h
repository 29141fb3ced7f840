/*
 * The diagnostic IDs epubpack reports of its own (util/diag.c): the build's warnings, and the
 * checker's findings that epubcheck has no ID for (its others are epubcheck's own, named where
 * they are reported in src/check/). One list, with each ID's severity and meaning: code names
 * an ID by its epi_diag, never by a string, and the table of IDs in man/man1/epubpack.1
 * ("DIAGNOSTICS") is generated from util/diag.c by scripts/gen-diag-table.py
 * (tests/e2e/diag_ids.sh keeps both so).
 */
#ifndef EPI_UTIL_DIAG_H
#define EPI_UTIL_DIAG_H

#include "epubpack.h"

typedef enum epi_diag {
    /* the build */
    EPI_DIAG_ALT,
    EPI_DIAG_BYTES,
    EPI_DIAG_CHARSET,
    EPI_DIAG_COVER,
    EPI_DIAG_DEPTH,
    EPI_DIAG_FONT,
    EPI_DIAG_HYPHEN,
    EPI_DIAG_IMAGE,
    EPI_DIAG_LANG,
    EPI_DIAG_LINK,
    EPI_DIAG_MARKDOWN,
    EPI_DIAG_META,
    EPI_DIAG_SIZE,
    EPI_DIAG_TITLE,
    EPI_DIAG_WEB,
    EPI_DIAG_WEB_IMAGE,
    EPI_DIAG_WEB_LINK,
    /* the build, with the ID epubcheck gives the same fault */
    EPI_DIAG_OPF_085,
    EPI_DIAG_RSC_006,
    /* the checker */
    EPI_DIAG_DIR_DEPTH,
    EPI_DIAG_DIR_LINK,
    EPI_DIAG_DIR_SPECIAL,
    EPI_DIAG_ZIP_BOMB,
    EPI_DIAG_ZIP_ENTRIES,
    EPI_DIAG_ZIP_PATH,
    EPI_DIAG_ZIP_SIZE,
    /* the catalog */
    EPI_DIAG_CATALOG,
    EPI_DIAG_COUNT
} epi_diag;

typedef struct epi_diag_info {
    const char *id;       /* "EPK-META" */
    ep_severity severity; /* what it is reported as */
    const char *what;     /* its meaning, for the manual */
} epi_diag_info;

extern const epi_diag_info epi_diags[EPI_DIAG_COUNT];

/* The ID's text and its severity. */
const char *epi_diag_id(epi_diag d);
ep_severity epi_diag_severity(epi_diag d);

#endif /* EPI_UTIL_DIAG_H */
