/* The build options (util/options.c): the struct behind epubpack.h's opaque ep_options, read by
 * the stages through epi_ctx.opt, and the parser --image-size and `image-size:` share. */
#ifndef EPI_UTIL_OPTIONS_H
#define EPI_UTIL_OPTIONS_H

#include "epubpack.h"

#include <stdbool.h>

/* The options object behind epubpack.h's opaque ep_options (util/options.c). */
struct ep_options {
    /* Copies made by the setters, owned by the object (const: read-only everywhere else). */
    const char *font; /* NULL: the book's, else the default */
    const char *css;
    const char *lang; /* NULL: the book's `lang`, else detected from the text */
    ep_hyphenation hyphenation;
    ep_typography typography;
    int split_level;               /* 0: the book's `split-level`, else 1 */
    int image_width, image_height; /* -1: the book's `image-size:`; 0: off (epubpack.h) */
    int grayscale;                 /* -1: the book's `grayscale:`; 0 no; 1 yes */
    ep_target target;
    bool check; /* validate the written EPUB (default) */
    ep_diag_fn diag;
    void *diag_userdata;
};

/* The names of the typography modes, for --typography and the key `typography`, NULL-terminated
 * (util/options.c, ep_typography_names): each language's is its ISO 639-1 code, which `lang`
 * matches for the default (epi_typography_of_lang), then "off". epi_typo_values: each one's
 * ep_typography, as int for the metadata key table's choices. */
#define EPI_TYPO_NAMES 10
extern const char *const epi_typo_names[EPI_TYPO_NAMES + 1];
extern const int epi_typo_values[EPI_TYPO_NAMES];
/* The mode a BCP 47 tag gets by default: the mode named by its primary subtag, else OFF. */
ep_typography epi_typography_of_lang(const char *tag);

/* Parses "WxH" (each 1..EP_IMAGE_SIDE_MAX) or "off" (0x0), for --image-size and the key
 * `image-size` (util/options.c). False when s is neither. */
bool epi_image_size_parse(const char *s, int *width, int *height);

#endif /* EPI_UTIL_OPTIONS_H */
