/*
 * JPEG and PNG images made fit for e-readers with libvips (docs/ARCHITECTURE.md "Images"): shrunk
 * to the screen, upright, 8-bit sRGB (or grey), without metadata. An image that needs none of
 * that is stored as it is, without a decode, so a book of small images pays only for reading
 * each header.
 *
 * Memory stays bounded whatever the image: the header is read first and a size over the pixel
 * limit is refused before any pixel is decoded; the conversion is vips_thumbnail, which decodes
 * JPEG already shrunk (libjpeg's DCT scaling) and streams the rest in sequential mode.
 */
#include "read_private.h"
#include "util/vips.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* The screen-sized default: e-ink readers are at most about 1860×2480 px (Kobo Elipsa 2E:
 * 1404×1872; Kindle Scribe: 1860×2480), and 1600×2560 is what Kindle's own guidelines use. */
enum { DEFAULT_WIDTH = 1600, DEFAULT_HEIGHT = 2560, JPEG_QUALITY = 85 };

/* Pillow's decompression-bomb limit (Image.MAX_IMAGE_PIXELS × 2), where it refuses to open an
 * image: 178 megapixels, far above any camera's. */
#define MAX_PIXELS EPI_LIMIT_IMAGE_PIXELS

/* Metadata libvips' loaders attach, which `strip` removes: camera data (often GPS position),
 * editing history, an ICC profile (converted to sRGB first), PNG text. */
static bool has_metadata(const epi_vips *v, VipsImage *im)
{
    static const char *const prefixes[] = {"exif-", "xmp-data", "iptc-data", "icc-profile-data",
                                           "png-comment-"};
    gchar **fields = v->image_get_fields(im);
    bool found = false;
    for (size_t i = 0; fields && fields[i] && !found; i++)
        for (size_t k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++)
            if (!strncmp(fields[i], prefixes[k], strlen(prefixes[k])))
                found = true;
    g_strfreev(fields);
    return found;
}

/* The first line of libvips' error text (its buffer is the process's: one line is enough to say
 * what failed, and keeps other threads' lines out). Its wording changes between libvips versions
 * (8.14: "VipsJpeg: Premature end of input file", 8.16: "VipsJpeg: premature end of JPEG
 * image"), so it is only the detail in parentheses after our own message. */
static void vips_reason(const epi_vips *v, char *buf, size_t size)
{
    char *all = v->error_buffer_copy();
    size_t n = all ? strcspn(all, "\n") : 0;
    while (n > 0 && (all[n - 1] == '.' || all[n - 1] == ' '))
        n--;
    snprintf(buf, size, "%.*s", (int)n, all ? all : "");
    g_free(all);
}

static ep_status unreadable(const epi_vips *v, epi_ctx *ctx, const char *given,
                            const char *src_path, int line)
{
    char why[256];
    vips_reason(v, why, sizeof why);
    return epi_fail(ctx->err, EP_ERR_INPUT, src_path, line, 0,
                    "image '%s' is truncated or corrupt (libvips: %s)", given,
                    *why ? why : "no reason given");
}

static ep_status too_big(epi_ctx *ctx, const char *given, const char *src_path, int line,
                         uint32_t w, uint32_t h)
{
    uint64_t pixels = (uint64_t)w * h;
    return epi_fail(ctx->err, EP_ERR_INPUT, src_path, line, 0,
                    "image '%s' is %" PRIu32 "x%" PRIu32 " px (%" PRIu64 " megapixels); more "
                    "than %" PRIu64 " megapixels is refused as a possible decompression bomb",
                    given, w, h, pixels / 1000000, MAX_PIXELS / 1000000);
}

/* Encodes `im` as the same format as the input, without metadata; JPEG as baseline (progressive
 * JPEG is slow or broken on older e-ink readers) with optimised Huffman tables (smaller, same
 * pixels). Both encoders are deterministic: same pixels, same bytes. */
static int encode(const epi_vips *v, VipsImage *im, bool jpeg, void **buf, size_t *len)
{
    if (jpeg)
        return v->jpegsave_buffer(im, buf, len, "Q", JPEG_QUALITY, "interlace", FALSE,
                                  "optimize_coding", TRUE, "strip", TRUE, NULL);
    return v->pngsave_buffer(im, buf, len, "strip", TRUE, NULL);
}

ep_status epi_image_fit(epi_ctx *ctx, const epi_book *book, const char *media, const char *given,
                        const char *src_path, int line, unsigned char **data, size_t *len)
{
    const ep_options *o = ctx->opt;
    int max_w = DEFAULT_WIDTH, max_h = DEFAULT_HEIGHT;
    if (o && o->image_width >= 0) {
        max_w = o->image_width;
        max_h = o->image_height;
    } else if (book->meta.image_size_set) {
        max_w = book->meta.image_width;
        max_h = book->meta.image_height;
    }
    bool gray = o && o->grayscale >= 0 ? o->grayscale == 1 : book->meta.grayscale == 1;
    bool off = max_w == 0;
    bool jpeg = !strcmp(media, "image/jpeg");
    VipsImage *in = NULL, *thumb = NULL, *grey = NULL;
    void *buf = NULL;
    size_t buf_len = 0;
    ep_status st = EP_OK;

    if ((!jpeg && strcmp(media, "image/png")) || (off && !gray))
        return EP_OK; /* GIF and SVG, or nothing asked */
    const char *why = NULL;
    const epi_vips *v = epi_vips_open(&why);
    if (!v)
        return epi_fail(ctx->err, EP_ERR_IO, src_path, line, 0,
                        "image '%s': libvips could not start (%s)", given, why);

    /* The limit first, from the header bytes: a loader may refuse or choke on absurd sizes. */
    uint32_t hw = 0, hh = 0;
    if (epi_image_size(*data, *len, &hw, &hh) && (uint64_t)hw * hh > MAX_PIXELS)
        return too_big(ctx, given, src_path, line, hw, hh);
    v->error_clear(); /* a warning of an earlier image is no reason for this one's failure */
    /* The header only: no pixel is decoded here. Any libjpeg or libpng warning fails: they all
     * mean damaged data (a truncated file is only a warning to libjpeg). */
    in = v->image_new_from_buffer(*data, *len, "", "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                                  VIPS_FAIL_ON_WARNING, NULL);
    if (!in) {
        st = unreadable(v, ctx, given, src_path, line);
        goto out;
    }
    if ((uint64_t)in->Xsize * (uint64_t)in->Ysize > MAX_PIXELS) {
        st = too_big(ctx, given, src_path, line, (uint32_t)in->Xsize, (uint32_t)in->Ysize);
        goto out;
    }
    bool swap = v->image_get_orientation_swap(in);
    int shown_w = swap ? in->Ysize : in->Xsize, shown_h = swap ? in->Xsize : in->Ysize;
    int colour_bands = in->Bands - (v->image_hasalpha(in) ? 1 : 0);
    bool cmyk = in->Type == VIPS_INTERPRETATION_CMYK;
    bool deep = in->BandFmt != VIPS_FORMAT_UCHAR;
    bool to_grey = gray && colour_bands >= 3;
    int multiscan = 0;
    bool progressive = jpeg && v->image_get_typeof(in, "jpeg-multiscan") &&
                       !v->image_get_int(in, "jpeg-multiscan", &multiscan) && multiscan;
    bool convert = to_grey || (gray && (deep || cmyk));
    if (!off)
        convert = convert || shown_w > max_w || shown_h > max_h || cmyk || deep || progressive ||
                  v->image_get_orientation(in) > 1 || has_metadata(v, in);
    if (!convert) {
        /* Stored as it is, but decoded once (no encode): a truncated or corrupt file is an error
         * here rather than a grey band on the reader's screen. */
        double mean;
        if (v->avg(in, &mean, NULL))
            st = unreadable(v, ctx, given, src_path, line);
        goto out;
    }

    bool icc = v->image_get_typeof(in, VIPS_META_ICC_NAME) != 0;
    /* Shrink to fit, never enlarge; upright by the EXIF orientation; an embedded profile
     * (Adobe RGB, a CMYK press profile) converted to sRGB, as stripping it would shift the
     * colours; CMYK without a profile and 16-bit data go to 8-bit sRGB or grey. */
    int most = epi_vips_max_coord(v);
    if (v->thumbnail_buffer(*data, *len, &thumb, off ? most : max_w, "height", off ? most : max_h,
                            "size", VIPS_SIZE_DOWN,
                            /* libvips 8.14 does not pass its fail_on on to the loader */
                            "option_string", "fail_on=warning", icc ? "export_profile" : NULL,
                            "srgb", NULL)) {
        st = unreadable(v, ctx, given, src_path, line);
        goto out;
    }
    VipsImage *res = thumb;
    if (gray && res->Bands - (v->image_hasalpha(res) ? 1 : 0) >= 3) {
        if (v->colourspace(res, &grey, VIPS_INTERPRETATION_B_W, NULL)) {
            st = unreadable(v, ctx, given, src_path, line);
            goto out;
        }
        res = grey;
    }
    if (encode(v, res, jpeg, &buf, &buf_len)) {
        st = unreadable(v, ctx, given, src_path, line);
        goto out;
    }
    unsigned char *copy = malloc(buf_len ? buf_len : 1);
    if (!copy) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, src_path, line, 0, "out of memory");
        goto out;
    }
    memcpy(copy, buf, buf_len);
    free(*data);
    *data = copy;
    *len = buf_len;
    if (cmyk)
        epi_warn(ctx, EPI_DIAG_IMAGE, src_path, line,
                 "image '%s' is CMYK, which e-readers show wrongly or not at all; converted to "
                 "%s",
                 given, gray ? "grey" : "sRGB");
    if (deep)
        epi_warn(ctx, EPI_DIAG_IMAGE, src_path, line,
                 "image '%s' has 16 bits per channel; converted to 8", given);
out:
    g_free(buf);
    if (grey)
        v->object_unref(grey);
    if (thumb)
        v->object_unref(thumb);
    if (in)
        v->object_unref(in);
    return st;
}
