/* The media type of a file from its first bytes (util/sniff.c), for the reader (which images
 * it takes) and the checker (OPF-029). */
#ifndef EPI_UTIL_SNIFF_H
#define EPI_UTIL_SNIFF_H

#include <stddef.h>

/* "image/jpeg", "image/png", "image/gif", "image/webp", "font/ttf", "font/otf", "font/woff" or
 * "font/woff2" by the signature at the start of b[0..n); NULL when none matches. 16 bytes are
 * enough for every signature. SVG, being XML, has none: the caller parses it. */
const char *epi_sniff(const unsigned char *b, size_t n);

/* The file name extension of an image's media type, without the dot: "jpg", "png", "gif",
 * "webp", "svg"; NULL for another type or NULL. */
const char *epi_image_ext(const char *media_type);

#endif /* EPI_UTIL_SNIFF_H */
