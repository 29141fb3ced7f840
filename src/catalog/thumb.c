/*
 * Cover thumbnails with libvips (opened as the read stage opens it, util/vips.h): shrunk on
 * load (a JPEG is decoded already scaled by libjpeg's DCT scaling), to fit EPI_CAT_THUMB_W×H
 * and never enlarged, upright by its EXIF orientation, in sRGB; written as a baseline JPEG
 * (progressive JPEG is slow or broken on older e-ink readers, docs/ARCHITECTURE.md "Images")
 * with no metadata. Deterministic: the same cover gives the same bytes.
 */
#include "catalog.h"
#include "util/vips.h"

#include <glib-object.h>
#include <stdlib.h>
#include <string.h>

bool epi_cat_thumb(const unsigned char *data, size_t len, unsigned char **out, size_t *out_len,
                   int *w, int *h, const char **why)
{
    const epi_vips *v = epi_vips_open(why);
    VipsImage *thumb = NULL;
    void *buf = NULL;
    size_t n = 0;
    bool ok = false;

    *out = NULL;
    *out_len = 0;
    if (!v)
        return false;
    if (v->thumbnail_buffer((void *)data, len, &thumb, EPI_CAT_THUMB_W, "height", EPI_CAT_THUMB_H,
                            "size", VIPS_SIZE_DOWN, "option_string", "fail_on=error", NULL)) {
        *why = "libvips could not read the image";
        goto out;
    }
    /* JPEG has no alpha: a transparent cover is put on white (libvips' default is black) */
    if (v->image_hasalpha(thumb)) {
        VipsArrayDouble *white = v->array_double_newv(3, 255.0, 255.0, 255.0);
        VipsImage *flat = NULL;
        int bad = !white || v->flatten(thumb, &flat, "background", white, NULL);
        if (white)
            v->area_unref((VipsArea *)white);
        v->object_unref(thumb);
        thumb = flat;
        if (bad) {
            *why = "libvips could not flatten the image";
            goto out;
        }
    }
    if (v->jpegsave_buffer(thumb, &buf, &n, "Q", 80, "interlace", FALSE, "optimize_coding", TRUE,
                           "strip", TRUE, NULL)) {
        *why = "libvips could not write the thumbnail";
        goto out;
    }
    *out = malloc(n);
    if (!*out) {
        *why = "out of memory";
        goto out;
    }
    memcpy(*out, buf, n);
    *out_len = n;
    *w = thumb->Xsize;
    *h = thumb->Ysize;
    ok = true;
out:
    g_free(buf);
    if (thumb)
        v->object_unref(thumb);
    return ok;
}
