/* Error detail and warnings (util/error.c): the library never prints, it fills ep_error or
 * calls back. */
#ifndef EPI_UTIL_ERROR_H
#define EPI_UTIL_ERROR_H

#include "epubpack.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Fills `err` (may be NULL) and returns `st`, so callers can `return epi_fail(...)`. */
ep_status epi_fail(ep_error *err, ep_status st, const char *path, int line, int column,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* The options object behind epubpack.h's opaque ep_options (util/options.c). */
struct ep_options {
    /* Copies made by the setters, owned by the object (const: read-only everywhere else). */
    const char *font; /* NULL: the book's, else the default */
    const char *css;
    ep_hyphenation hyphenation;
    ep_typography typography;
    int split_level;               /* 0: the book's `split-level`, else 1 */
    int image_width, image_height; /* -1: the book's `image-size:`; 0: off (epubpack.h) */
    bool grayscale;                /* false: the book's `grayscale:` */
    ep_target target;
    bool check; /* validate the written EPUB (default) */
    ep_diag_fn diag;
    void *diag_userdata;
};

/* The names of the typography modes, for --typography and the key `typography`
 * (util/options.c): each language's is its ISO 639-1 code, which `lang` matches for the default
 * (epi_typography_of_lang), then "off". */
extern const char *const epi_typo_names[];
extern const ep_typography epi_typo_values[];
#define EPI_TYPO_NAMES 10
/* The mode a BCP 47 tag gets by default: the mode named by its primary subtag, else OFF. */
ep_typography epi_typography_of_lang(const char *tag);

/* The largest side --image-size takes: JPEG's own limit (ITU T.81 §B.2.2 allows 65535; libjpeg
 * stops at 65500). */
#define EPI_IMAGE_SIDE_MAX 65500
/* Parses "WxH" (each 1..EPI_IMAGE_SIDE_MAX) or "off" (0x0), for --image-size and the key
 * `image-size` (util/options.c). False when s is neither. */
bool epi_image_size_parse(const char *s, int *width, int *height);

/* A file's identity (device and inode), as stat gives it; `set` false: no file. */
typedef struct epi_file_id {
    dev_t dev;
    ino_t ino;
    bool set;
    const char *name; /* the file's name, for messages */
} epi_file_id;

/* The build context: the caller's options, where errors go, the warnings counted, and the file
 * the build will replace, which no input may be (util/str.c epi_input_read). */
typedef struct epi_ctx {
    const ep_options *opt; /* NULL: every default */
    ep_error *err;
    size_t warnings;
    epi_file_id output; /* the existing output file; unset when there is none (or for check) */
} epi_ctx;

/* Reports a warning through the options' callback (no-op if none). */
void epi_warn(epi_ctx *ctx, const char *id, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif /* EPI_UTIL_ERROR_H */
