/*
 * Images named by the chapters (and the cover): read them from inside the book folder, tell
 * their type by their bytes, store each distinct file once under EPUB/images/, and point the
 * <img> at it.
 *
 * The media type comes from magic bytes, never from the extension alone (docs/ARCHITECTURE.md
 * "Input"): a mislabelled file gets a manifest media type that does not match its content, which
 * epubcheck reports (PKG-022 / MED-*) and readers fail to display. Remote images are not
 * allowed in EPUB 3 content without the remote-resources property, and only audio, video and
 * fonts may be remote at all (EPUB 3.3 §3.6, epubcheck RSC-006).
 */
#include "read_private.h"
#include "util/slug.h"

#include <inttypes.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* An SVG document: XML whose root is <svg>. When the bytes are not well-formed XML, *why gets
 * libxml2's reason and line (an entity bomb is refused here: libxml2 stops an amplification). */
static bool is_svg(const unsigned char *data, size_t len, char *why, size_t why_size)
{
    xmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr d = NULL;
    bool ok = false;

    why[0] = '\0';
    if (len > (size_t)INT32_MAX || !(ctxt = xmlNewParserCtxt()))
        return false;
    /* NONET: no external DTDs; entities are not expanded (no NOENT). */
    d = xmlCtxtReadMemory(ctxt, (const char *)data, (int)len, NULL, NULL,
                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!d) {
        const char *m = ctxt->lastError.message;
        size_t n = m ? strcspn(m, "\n") : 0, lead = 0;
        while (lead < len && strchr(" \t\r\n", data[lead]))
            lead++;
        /* Only for what looks like XML: a photo is not "XML with an error". */
        if (n && lead < len && data[lead] == '<')
            snprintf(why, why_size, "; as XML, line %d: %.*s", ctxt->lastError.line, (int)n, m);
        goto out;
    }
    xmlNodePtr root = xmlDocGetRootElement(d);
    ok = root && !strcmp((const char *)root->name, "svg");
out:
    xmlFreeDoc(d);
    xmlFreeParserCtxt(ctxt);
    return ok;
}

/* Core media types for images (EPUB 3.3 §3.2): JPEG, PNG, GIF, SVG (WebP fails 4.2.6). */
static const char *sniff(const unsigned char *d, size_t len, char *why, size_t why_size)
{
    const char *magic = epi_sniff(d, len);
    why[0] = '\0';
    if (magic && (!strcmp(magic, "image/jpeg") || !strcmp(magic, "image/png") ||
                  !strcmp(magic, "image/gif")))
        return magic;
    if (is_svg(d, len, why, why_size))
        return "image/svg+xml";
    return NULL;
}

static const char *type_of_extension(const char *name)
{
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');
    if (!dot || (slash && dot < slash))
        return NULL;
    dot++;
    if (!strcasecmp(dot, "jpg") || !strcasecmp(dot, "jpeg") || !strcasecmp(dot, "jpe"))
        return "image/jpeg";
    if (!strcasecmp(dot, "png"))
        return "image/png";
    if (!strcasecmp(dot, "gif"))
        return "image/gif";
    if (!strcasecmp(dot, "svg"))
        return "image/svg+xml";
    return NULL;
}

static const char *ext_for(const char *media)
{
    if (!strcmp(media, "image/jpeg"))
        return ".jpg";
    if (!strcmp(media, "image/png"))
        return ".png";
    if (!strcmp(media, "image/gif"))
        return ".gif";
    return ".svg";
}

static bool href_taken(const epi_book *book, const char *href)
{
    for (size_t i = 0; i < book->nresources; i++)
        if (!strcasecmp(book->resources[i].href, href)) /* OPF-060: names equal after folding */
            return true;
    return false;
}

/* "images/<stem>.<ext>" with ASCII-only [A-Za-z0-9_-] in the stem: non-ASCII or spaces in
 * container names are PKG-012/PKG-010 findings and an NFC/NFD trap (research §A.3). */
static char *make_href(const epi_book *book, const char *path, const char *media)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t stem_len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    epi_buf stem = {0}, href = {0};
    char *res = NULL;

    for (size_t i = 0; i < stem_len && stem.len < 48; i++) {
        char c = base[i];
        if ((unsigned char)c >= 0x80) {
            /* Non-ASCII letters are spelled as heading ids spell them (util/slug.c, ICAO Doc
             * 9303): "Фото-1.jpg" → "foto-1.jpg", not "-1.jpg". */
            size_t j = i;
            while (j < stem_len && (unsigned char)base[j] >= 0x80)
                j++;
            char *run = epi_strndup(base + i, j - i);
            char *sp = run ? epi_ascii_spell(run) : NULL;
            bool dash = stem.len && stem.data[stem.len - 1] == '-';
            bool ok = sp && (*sp || dash ? epi_buf_puts(&stem, sp) : epi_buf_puts(&stem, "-"));
            free(run);
            free(sp);
            if (!ok)
                goto out;
            i = j - 1;
            continue;
        }
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
        if (!ok && stem.len && stem.data[stem.len - 1] == '-')
            continue;
        if (!epi_buf_append(&stem, ok ? &c : "-", 1))
            goto out;
    }
    if (stem.len > 48) /* a long transliteration */
        stem.data[stem.len = 48] = '\0';
    if (!stem.len && !epi_buf_puts(&stem, "image"))
        goto out;
    for (unsigned k = 1; k < 100000; k++) {
        href.len = 0;
        bool ok =
            k == 1 ? epi_buf_printf(&href, EPI_IMAGES_DIR "%s%s", stem.data, ext_for(media))
                   : epi_buf_printf(&href, EPI_IMAGES_DIR "%s-%u%s", stem.data, k, ext_for(media));
        if (!ok)
            goto out;
        if (!href_taken(book, href.data)) {
            res = epi_buf_detach(&href);
            break;
        }
    }
out:
    epi_buf_free(&stem);
    epi_buf_free(&href);
    return res;
}

/* Reads the image at `real` (already checked to be inside the book) and returns the href of
 * its resource, adding it unless an identical file is stored already. */
static ep_status add_image(epi_ctx *ctx, epi_book *book, const char *real, const char *given,
                           const char *src_path, int line, const char *props, const char **href_out)
{
    char *data = NULL, *href = NULL;
    size_t len = 0;
    ep_status st;
    struct stat sb;
    bool have_sb = stat(real, &sb) == 0;

    /* A file named again (by any path: device and inode) is the resource made from it the
     * first time: read, sniffed, decoded and fitted once, whatever the number of references
     * (a 4000x3000 PNG named 40 times took 8.4 s). */
    for (size_t i = 0; have_sb && i < book->nresources; i++) {
        epi_resource *r = &book->resources[i];
        if ((r->src_dev || r->src_ino) && r->src_dev == (uint64_t)sb.st_dev &&
            r->src_ino == (uint64_t)sb.st_ino) {
            if (props && !r->properties && !(r->properties = epi_strdup(props)))
                return epi_fail(ctx->err, EP_ERR_NOMEM, src_path, line, 0, "out of memory");
            *href_out = r->href;
            return EP_OK;
        }
    }
    if ((st = epi_input_read(ctx, real, &data, &len, &book->newest_mtime)))
        return st;
    char why[256];
    const char *media = sniff((const unsigned char *)data, len, why, sizeof why);
    const char *by_ext = type_of_extension(given);
    if (!media) {
        st = epi_fail(ctx->err, EP_ERR_INPUT, src_path, line, 0,
                      "image '%s' is not JPEG, PNG, GIF or SVG (by its content)%s", given, why);
        goto out;
    }
    if (!by_ext || strcmp(media, by_ext) != 0) {
        st = epi_fail(ctx->err, EP_ERR_INPUT, src_path, line, 0,
                      "image '%s' is %s by its content but its name says %s; rename it", given,
                      media, by_ext ? by_ext : "otherwise");
        goto out;
    }
    if ((st =
             epi_image_fit(ctx, book, media, given, src_path, line, (unsigned char **)&data, &len)))
        goto out;
    for (size_t i = 0; i < book->nresources; i++) {
        epi_resource *r = &book->resources[i];
        if (r->len == len && !strcmp(r->media_type, media) && !memcmp(r->data, data, len)) {
            if (props && !r->properties && !(r->properties = epi_strdup(props))) {
                st = epi_fail(ctx->err, EP_ERR_NOMEM, src_path, line, 0, "out of memory");
                goto out;
            }
            *href_out = r->href; /* the same bytes are stored once */
            goto out;
        }
    }
    char id[32];
    snprintf(id, sizeof id, "img-%zu", book->nresources + 1);
    if (!(href = make_href(book, given, media)) ||
        !epi_book_add_resource(book, href, id, media, props, (unsigned char *)data, len)) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, src_path, line, 0, "out of memory");
        goto out;
    }
    data = NULL; /* owned by the resource now */
    epi_resource *added = &book->resources[book->nresources - 1];
    if (have_sb) {
        added->src_dev = (uint64_t)sb.st_dev;
        added->src_ino = (uint64_t)sb.st_ino;
    }
    *href_out = added->href;
out:
    free(data);
    free(href);
    return st;
}

/* The file path a relative URL names: without query or fragment, percent-decoded. */
static char *url_to_path(const char *url)
{
    return epi_url_decode(url, strcspn(url, "?#"));
}

static void collect_imgs(xmlNodePtr n, xmlNodePtr **v, size_t *count, size_t *cap, bool *oom)
{
    for (; n && !*oom; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)n->name, "img")) {
            xmlNodePtr *nv = epi_grow(*v, cap, *count, sizeof *nv, 8);
            if (!nv) {
                *oom = true;
                return;
            }
            *v = nv;
            (*v)[(*count)++] = n;
            continue; /* what an <img> holds (a page's broken markup) goes with it */
        }
        collect_imgs(n->children, v, count, cap, oom);
    }
}

ep_status epi_images_collect(epi_ctx *ctx, epi_book *book, epi_chapter *ch)
{
    xmlNodePtr *imgs = NULL;
    size_t n = 0, cap = 0;
    bool oom = false;
    char *dir = NULL, *path = NULL, *real = NULL;
    ep_status st = EP_OK;

    if (!ch->doc)
        return EP_OK;
    collect_imgs(xmlDocGetRootElement(ch->doc), &imgs, &n, &cap, &oom);
    /* Relative image paths are relative to the chapter's own file, as in any Markdown viewer;
     * for chapters in the book folder that is the book folder. */
    const char *slash = strrchr(ch->src_path, '/');
    dir = slash ? epi_strndup(ch->src_path, (size_t)(slash - ch->src_path)) : epi_strdup(".");
    if (oom || !dir) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, ch->src_path, 0, 0, "out of memory");
        goto out;
    }
    ch->has_images = false;
    ch->images_all_alt = true;
    for (size_t i = 0; i < n; i++) {
        xmlNodePtr img = imgs[i];
        xmlChar *src = xmlGetProp(img, BAD_CAST "src");
        xmlChar *alt = xmlGetProp(img, BAD_CAST "alt");
        int line = img->line;
        const char *href = NULL;

        if (!src || !*src || epi_url_is_external((const char *)src)) {
            /* Remote (or data:) image: keep what it says, not what it shows. */
            if (src && *src)
                epi_warn(ctx, EPI_DIAG_RSC_006, ch->src_path, line,
                         "remote image '%s' is not allowed in an EPUB; %s", (const char *)src,
                         alt && *alt ? "its description is kept as text" : "it is left out");
            if (alt && *alt) {
                xmlNodePtr t = xmlNewDocText(ch->doc, alt);
                if (!t || !xmlAddPrevSibling(img, t)) {
                    xmlFreeNode(t);
                    oom = true;
                }
            }
            xmlUnlinkNode(img);
            xmlFreeNode(img);
        } else {
            free(path);
            free(real);
            real = NULL;
            if (!(path = url_to_path((const char *)src)))
                oom = true;
            else if (!(st = epi_path_inside(book->root, dir, path, ch->src_path, line, &real,
                                            ctx->err)) &&
                     !(st = add_image(ctx, book, real, path, ch->src_path, line, NULL, &href))) {
                epi_buf nsrc = {0};
                /* Chapters live in EPI_TEXT_DIR, images in EPI_IMAGES_DIR (book.h). */
                if (!epi_buf_printf(&nsrc, EPI_UP_TO_ROOT "%s", href) ||
                    !xmlSetProp(img, BAD_CAST "src", BAD_CAST nsrc.data))
                    oom = true;
                epi_buf_free(&nsrc);
                ch->has_images = true;
                if (!alt || !*alt) {
                    ch->images_all_alt = false;
                    /* WCAG 1.1.1: without a text alternative the image is lost to a screen
                     * reader, and the book no longer claims alternativeText (a11y.c). */
                    bool html = epi_is_web_name(ch->src_path);
                    epi_warn(ctx, EPI_DIAG_ALT, ch->src_path, line,
                             "image '%s' has no alt text (write %s%s%s); the book will not "
                             "claim schema:accessibilityFeature alternativeText",
                             path, html ? "<img src=\"" : "![what it shows](", (const char *)src,
                             html ? "\" alt=\"what it shows\">" : ")");
                }
                if (!alt && !xmlSetProp(img, BAD_CAST "alt", BAD_CAST ""))
                    oom = true; /* alt is required on img (HTML §4.8.4.4) */
            }
        }
        xmlFree(src);
        xmlFree(alt);
        if (st)
            goto out;
        if (oom) {
            st = epi_fail(ctx->err, EP_ERR_NOMEM, ch->src_path, line, 0, "out of memory");
            goto out;
        }
    }
out:
    free(imgs);
    free(dir);
    free(path);
    free(real);
    return st;
}

static uint32_t be16(const unsigned char *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Pixel size from the header bytes: PNG IHDR (PNG §11.2.2), GIF logical screen (GIF89a §18),
 * JPEG start-of-frame (ITU T.81 §B.2.2). False when not found (SVG has no pixel size). */
bool epi_image_size(const unsigned char *d, size_t len, uint32_t *w, uint32_t *h)
{
    if (len >= 24 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8) && !memcmp(d + 12, "IHDR", 4)) {
        *w = be32(d + 16);
        *h = be32(d + 20);
        return true;
    }
    if (len >= 10 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6))) {
        *w = (uint32_t)d[6] | (uint32_t)d[7] << 8;
        *h = (uint32_t)d[8] | (uint32_t)d[9] << 8;
        return true;
    }
    if (len >= 4 && d[0] == 0xFF && d[1] == 0xD8) {
        size_t i = 2;
        while (i + 4 <= len) {
            if (d[i] != 0xFF) {
                i++;
                continue;
            }
            unsigned m = d[i + 1];
            if (m == 0xFF) {
                i++; /* fill byte */
                continue;
            }
            if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
                i += 2; /* markers without a length */
                continue;
            }
            size_t seg = be16(d + i + 2);
            /* SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) */
            if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
                if (i + 9 > len)
                    return false;
                *h = be16(d + i + 5);
                *w = be16(d + i + 7);
                return true;
            }
            if (m == 0xD9 || m == 0xDA || seg < 2)
                return false;
            i += 2 + seg;
        }
    }
    return false;
}

/* Retailers and readers show covers at up to 1600 px on the long side; below 1000 px they
 * look blurred (Apple and Kobo ask for at least 1400). Over 4 MB slows every library view. */
enum { COVER_MIN_SIDE = 1000 };

/* The size the file at `real` declares in its header (the first 1 MB: a JPEG's frame header
 * follows its metadata segments), without decoding it; false when not found. */
static bool source_size(const char *real, uint32_t *w, uint32_t *h)
{
    unsigned char *buf = malloc(1 << 20);
    FILE *f = buf ? fopen(real, "rb") : NULL;
    size_t n = f ? fread(buf, 1, 1 << 20, f) : 0;
    bool ok = n > 0 && epi_image_size(buf, n, w, h);
    if (f)
        fclose(f);
    free(buf);
    return ok;
}

/* The cover as stored (after fitting to the image size): a cover shrunk below the minimum by
 * the image size says so, with both sizes, rather than blaming the source (issue 21). */
static void check_cover(epi_ctx *ctx, const epi_resource *r, const char *real, const char *given,
                        const char *src_path, int line)
{
    uint32_t w = 0, h = 0, sw = 0, sh = 0;
    bool small = epi_image_size(r->data, r->len, &w, &h) && (w > h ? w : h) < COVER_MIN_SIDE;
    if (small && source_size(real, &sw, &sh) && (sw > sh ? sw : sh) > (w > h ? w : h))
        epi_warn(ctx, EPI_DIAG_COVER, src_path, line,
                 "cover image '%s' (%" PRIu32 "x%" PRIu32 " px) is shrunk to %" PRIu32 "x%" PRIu32
                 " px by the image size; its long side should be at least %d px (1600 or more "
                 "is better): raise --image-size or image-size:",
                 given, sw, sh, w, h, COVER_MIN_SIDE);
    else if (small)
        epi_warn(ctx, EPI_DIAG_COVER, src_path, line,
                 "cover image '%s' is %" PRIu32 "x%" PRIu32 " px; its long side should be at "
                 "least %d px (1600 or more is better)",
                 given, w, h, COVER_MIN_SIDE);
    if (r->len > (size_t)4 * 1024 * 1024)
        epi_warn(ctx, EPI_DIAG_COVER, src_path, line,
                 "cover image '%s' is %zu bytes; keep it under 4 MB", given, r->len);
}

/* The cover: `given` (relative to the folder `base`) stored with properties "cover-image". */
static ep_status add_cover(epi_ctx *ctx, epi_book *book, const char *base, const char *given,
                           const char *src_path, int line)
{
    char *real = NULL;
    const char *href = NULL;
    ep_status st = epi_path_inside(book->root, base, given, src_path, line, &real, ctx->err);
    if (!st)
        st = add_image(ctx, book, real, given, src_path, line, "cover-image", &href);
    for (size_t i = 0; !st && i < book->nresources; i++)
        if (book->resources[i].href == href)
            check_cover(ctx, &book->resources[i], real, given, src_path, line);
    free(real);
    return st;
}

ep_status epi_cover_collect(epi_ctx *ctx, epi_book *book, int line)
{
    if (!book->meta.cover_image)
        return EP_OK;
    return add_cover(ctx, book, book->root, book->meta.cover_image, book->main_path, line);
}

ep_status epi_cover_from_page(epi_ctx *ctx, epi_book *book, const char *page, const char *url,
                              int line)
{
    char *path = NULL, *dir = NULL, *full = NULL, *real = NULL, *data = NULL;
    size_t len = 0;
    uint32_t w = 0, h = 0;
    struct stat sb;
    ep_status st = EP_OK;

    /* Remote images are not fetched; a relative URL with no file behind it is remote too (as
     * the page's <img>, src/read/web_build.c). */
    if (!url || !*url || epi_url_is_external(url))
        return EP_OK;
    const char *slash = strrchr(page, '/');
    path = url_to_path(url);
    dir = slash ? epi_strndup(page, (size_t)(slash - page + (slash == page))) : epi_strdup(".");
    full = path && dir ? epi_path_join(dir, path) : NULL;
    if (!full) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, page, line, 0, "out of memory");
        goto out;
    }
    if (stat(full, &sb) != 0 || !S_ISREG(sb.st_mode))
        goto out;
    /* A file out of the book folder (../, a symbolic link) is an error, as for an <img>. */
    if ((st = epi_path_inside(book->root, dir, path, page, line, &real, ctx->err)) ||
        (st = epi_input_read(ctx, real, &data, &len, NULL)))
        goto out;
    const char *media = epi_sniff((const unsigned char *)data, len);
    const char *by_ext = type_of_extension(path);
    if (!media || (strcmp(media, "image/jpeg") && strcmp(media, "image/png")) || !by_ext ||
        strcmp(media, by_ext) || !epi_image_size((const unsigned char *)data, len, &w, &h) ||
        (w > h ? w : h) < COVER_MIN_SIDE)
        goto out; /* a page's thumbnail or logo, not a cover: no warning for what we chose */
    st = add_cover(ctx, book, dir, path, page, line);
out:
    free(path);
    free(dir);
    free(full);
    free(real);
    free(data);
    return st;
}
