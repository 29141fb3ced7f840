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

/* Parses "WxH" (each 1..EP_IMAGE_SIDE_MAX) or "off" (0x0), for --image-size and the key
 * `image-size` (util/options.c). False when s is neither. */
bool epi_image_size_parse(const char *s, int *width, int *height);

#endif /* EPI_UTIL_OPTIONS_H */
