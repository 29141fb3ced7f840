/* Text that epubpack itself writes into the book, in the book's language (util/labels.c):
 * used by typeset (notes, the font's character set) and package (nav, pages, metadata). */
#ifndef EPI_UTIL_LABELS_H
#define EPI_UTIL_LABELS_H

#include <stdbool.h>

typedef struct epi_labels {
    const char *toc;          /* ru: «Содержание» */
    const char *landmarks;    /* ru: «Ориентиры» */
    const char *start;        /* bodymatter landmark, ru: «Начало» */
    const char *cover;        /* ru: «Обложка» */
    const char *title_page;   /* ru: «Титульная страница» */
    const char *notes;        /* ru: «Примечания» */
    const char *a11y_summary; /* schema:accessibilitySummary for a text-only book */
} epi_labels;

/* The labels for the primary language subtag of `lang`; English when unknown. */
const epi_labels *epi_labels_for(const char *lang);

/* schema:accessibilitySummary for a book that has images (with or without a text alternative
 * for every one); epi_labels.a11y_summary is the one for a text-only book. */
const char *epi_labels_images_summary(const char *lang, bool all_alt);

#endif /* EPI_UTIL_LABELS_H */
