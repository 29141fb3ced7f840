/*
 * libvips, opened when the first image is converted (dlopen, src/util/vips.c). Linked, it cost
 * every run of the command about 20 ms of start-up, four times a whole article build: it pulls
 * in about a hundred shared libraries (every codec it can load, poppler, ImageMagick, OpenEXR),
 * and only a book with an image to convert uses it. The table holds the calls
 * src/read/image_fit.c and src/catalog/thumb.c make, each typed from <vips/vips.h>, and
 * GObject's g_object_unref, taken from libvips' own libraries: linked, libgobject (and libffi
 * under it) were two of the 37 libraries every run loads, and its start-up registers its types,
 * 0.7 M of the dynamic loader's 9 M instructions (callgrind, a program that only returns). GLib's
 * own calls (g_free) are linked as usual: HarfBuzz loads GLib anyway.
 */
#ifndef EPI_UTIL_VIPS_H
#define EPI_UTIL_VIPS_H

#include <vips/vips.h>

#define EPI_VIPS_CALLS(X)                                                                          \
    X(init)                                                                                        \
    X(cache_set_max)                                                                               \
    X(error_clear)                                                                                 \
    X(error_buffer_copy)                                                                           \
    X(image_new_from_buffer)                                                                       \
    X(image_get_fields)                                                                            \
    X(image_get_typeof)                                                                            \
    X(image_get_int)                                                                               \
    X(image_get_orientation)                                                                       \
    X(image_get_orientation_swap)                                                                  \
    X(image_hasalpha)                                                                              \
    X(avg)                                                                                         \
    X(thumbnail_buffer)                                                                            \
    X(colourspace)                                                                                 \
    X(jpegsave_buffer)                                                                             \
    X(pngsave_buffer)                                                                              \
    X(flatten)                                                                                     \
    X(array_double_newv)                                                                           \
    X(area_unref)                                                                                  \
    EPI_VIPS_CALLS_8_16(X)

/* libvips 8.16 made VIPS_MAX_COORD, the largest width or height it takes, a call to
 * vips_max_coord_get() (the VIPS_MAX_COORD environment variable can lower it): with libvips
 * opened by dlopen, the macro cannot be used; epi_vips_max_coord() answers for either. */
#if VIPS_MAJOR_VERSION > 8 || (VIPS_MAJOR_VERSION == 8 && VIPS_MINOR_VERSION >= 16)
#define EPI_VIPS_CALLS_8_16(X) X(max_coord_get)
#else
#define EPI_VIPS_CALLS_8_16(X)
#endif

/* vips_NAME is at ->NAME; g_object_unref at ->object_unref. */
typedef struct epi_vips {
#define EPI_VIPS_FIELD(name) __typeof__(vips_##name) *name;
    EPI_VIPS_CALLS(EPI_VIPS_FIELD)
#undef EPI_VIPS_FIELD
    __typeof__(g_object_unref) *object_unref;
} epi_vips;

/* Once per process (pthread_once): opens libvips, vips_init(), its operation cache off, its
 * warnings kept off stderr. NULL when libvips cannot be opened or started; `why` (may be NULL)
 * then says why. Never undone (vips_shutdown() belongs to the program, as FcFini() does). */
const epi_vips *epi_vips_open(const char **why);

/* VIPS_MAX_COORD of the libvips `v` (from epi_vips_open). */
int epi_vips_max_coord(const epi_vips *v);

#endif
