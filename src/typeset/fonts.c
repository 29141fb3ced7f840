/*
 * Embedded fonts: chooses the family, finds which faces the book uses, subsets and renames each
 * one and writes the @font-face rules (docs/ARCHITECTURE.md "Fonts").
 */
#include "fonts_int.h"
#include "util/path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The family name of every embedded subset. It must not contain the original name: the
 * ParaType Free Font License forbids a modified copy "under the Original name or a combination
 * of Original name with any other words", and the OFL forbids Reserved Font Names in a
 * Modified Version (docs/ARCHITECTURE.md "Fonts"). One neutral name serves any font. */
#define EPI_FONT_FAMILY "Epubpack Text"
#define EPI_FONT_SLUG "epubpack-text"
#define EPI_FONT_DEFAULT "PT Serif"

/* The face a reading system falls back to, and synthesises the style from, when the family
 * has no face `k` (CSS Fonts 4 §5.2 "font matching", steps for font-style and font-weight). */
static epi_face_kind fallback_face(const epi_font_files *files, epi_face_kind k)
{
    if (k == EPI_FACE_BOLD_ITALIC) {
        if (files->path[EPI_FACE_BOLD])
            return EPI_FACE_BOLD;
        if (files->path[EPI_FACE_ITALIC])
            return EPI_FACE_ITALIC;
    }
    return EPI_FACE_REGULAR;
}

/* Fills `files` from the font value: a font file (regular face only) or a family name. */
static ep_status locate(epi_ctx *ctx, epi_book *book, const char *value, bool from_book,
                        epi_font_files *files)
{
    struct stat sb;
    char *path = NULL;
    ep_status st;

    memset(files, 0, sizeof *files);
    if (!epi_fonts_is_file_name(value))
        return epi_fonts_find(value, files, ctx->err);

    if (from_book) {
        /* Relative to the book folder and never outside it (docs/ARCHITECTURE.md "Input"). */
        const char *root = book->root ? book->root : ".";
        st = epi_path_inside(root, root, value, book->main_path, 0, &path, ctx->err);
        if (st != EP_OK)
            return st;
    } else if (!(path = epi_strdup(value))) {
        return epi_fail(ctx->err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        st = epi_fail(ctx->err, EP_ERR_FONT, path, 0, 0, "font file not found");
        free(path);
        return st;
    }
    files->path[EPI_FACE_REGULAR] = path;
    return EP_OK;
}

/* Warns about characters of the text that the font cannot draw: the reading system will take
 * them from another font (e.g. PT Serif has no U+202F or U+2009, docs/ARCHITECTURE.md "Fonts"). */
static void warn_missing(epi_ctx *ctx, const char *path, epi_face_kind k, const hb_set_t *m)
{
    char list[200] = "";
    size_t used = 0, count = hb_set_get_population(m), shown = 0;
    hb_codepoint_t c = HB_SET_VALUE_INVALID;

    while (hb_set_next(m, &c) && shown < 8) {
        int n =
            snprintf(list + used, sizeof list - used, "%sU+%04X", shown ? ", " : "", (unsigned)c);
        if (n < 0 || (size_t)n >= sizeof list - used)
            break;
        used += (size_t)n;
        shown++;
    }
    epi_warn(ctx, "EPK-FONT", path, 0,
             "the %s face lacks %zu character(s) used in the text (%s%s); readers will take "
             "them from another font",
             epi_face_infos[k].style, count, list, count > shown ? ", …" : "");
}

/* Appends the @font-face rule of face k (CSS Fonts 4 §4). The url is relative to the stylesheet
 * at EPUB/css/epubpack.css. */
static bool css_face(epi_buf *css, epi_face_kind k, const char *href)
{
    return epi_buf_printf(css,
                          "@font-face {\n"
                          "    font-family: \"%s\";\n"
                          "    font-style: %s;\n"
                          "    font-weight: %s;\n"
                          "    src: url(\"../%s\");\n"
                          "}\n\n",
                          EPI_FONT_FAMILY, epi_face_infos[k].css_style,
                          epi_face_infos[k].css_weight, href);
}

/* The book's font: the option, else the metadata's `font` (*from_book), else the default. */
static const char *font_value(const epi_ctx *ctx, const epi_book *book, bool *from_book)
{
    *from_book = false;
    if (ctx->opt && ctx->opt->font && ctx->opt->font[0])
        return ctx->opt->font;
    if (book->meta.font && book->meta.font[0]) {
        *from_book = true;
        return book->meta.font;
    }
    return EPI_FONT_DEFAULT;
}

const char *epi_fonts_family(const epi_ctx *ctx, const epi_book *book)
{
    bool from_book;
    const char *value = font_value(ctx, book, &from_book);
    return strcasecmp(value, "none") == 0 || epi_fonts_is_file_name(value) ? NULL : value;
}

ep_status epi_fonts_embed(epi_ctx *ctx, epi_book *book)
{
    static const char *const ids[EPI_FACE_COUNT] = {"font-regular", "font-italic", "font-bold",
                                                    "font-bold-italic"};
    ep_status st = EP_OK;
    const char *value;
    bool from_book = false;
    epi_font_files files = {{0}, {0}};
    hb_set_t *sets[EPI_FACE_COUNT] = {0};
    hb_set_t *text = NULL, *missing = NULL;
    bool used[EPI_FACE_COUNT] = {false};
    epi_buf css = {0};
    char *family = NULL;

    value = font_value(ctx, book, &from_book);
    if (strcasecmp(value, "none") == 0)
        return EP_OK;

    st = locate(ctx, book, value, from_book, &files);
    if (st != EP_OK)
        return st;
    if (!files.path[EPI_FACE_ITALIC] || !files.path[EPI_FACE_BOLD])
        epi_warn(ctx, "EPK-FONT", files.path[EPI_FACE_REGULAR], 0,
                 "font \"%s\": no %s face; reading systems will synthesise it", value,
                 !files.path[EPI_FACE_ITALIC] && !files.path[EPI_FACE_BOLD] ? "bold or italic"
                 : !files.path[EPI_FACE_ITALIC]                             ? "italic"
                                                                            : "bold");

    text = hb_set_create();
    missing = hb_set_create();
    for (int k = 0; k < EPI_FACE_COUNT; k++)
        sets[k] = hb_set_create();
    if (!epi_fonts_collect(book, sets) || !hb_set_allocation_successful(text) ||
        !hb_set_allocation_successful(missing))
        goto oom;

    /* A face is embedded only when some text is set in it (a book with no italic embeds no
     * italic). The regular face always is: the body rule names the family. A style the family
     * lacks is drawn from its fallback face, which then needs those characters too. */
    used[EPI_FACE_REGULAR] = true;
    for (int k = EPI_FACE_COUNT - 1; k > EPI_FACE_REGULAR; k--) {
        if (!epi_fonts_set_has_text(sets[k]))
            continue;
        if (files.path[k]) {
            used[k] = true;
        } else {
            epi_face_kind f = fallback_face(&files, (epi_face_kind)k);
            hb_set_union(sets[f], sets[k]);
            used[f] = true;
        }
    }

    for (int k = 0; k < EPI_FACE_COUNT; k++) {
        unsigned char *data = NULL;
        size_t len = 0;
        char href[64];
        bool otf;

        if (!used[k])
            continue;
        hb_set_clear(text);
        hb_set_union(text, sets[k]);
        epi_fonts_add_safety(sets[k]);
        if (!hb_set_allocation_successful(sets[k]) || !hb_set_allocation_successful(text))
            goto oom;
        st = epi_fonts_subset(files.path[k], files.index[k], sets[k], EPI_FONT_FAMILY,
                              (epi_face_kind)k, &data, &len, missing, ctx->err);
        if (st != EP_OK)
            goto out;
        hb_set_intersect(missing, text);
        if (!hb_set_is_empty(missing))
            warn_missing(ctx, files.path[k], (epi_face_kind)k, missing);
        /* CFF-flavoured OpenType ('OTTO') is font/otf, TrueType outlines font/ttf (RFC 8081). */
        otf = len >= 4 && memcmp(data, "OTTO", 4) == 0;
        snprintf(href, sizeof href, "fonts/%s-%s.%s", EPI_FONT_SLUG, epi_face_infos[k].slug,
                 otf ? "otf" : "ttf");
        if (!epi_book_add_resource(book, href, ids[k], otf ? "font/otf" : "font/ttf", NULL, data,
                                   len)) {
            free(data);
            goto oom;
        }
        if (!css_face(&css, (epi_face_kind)k, href))
            goto oom;
    }
    /* The generic family last, so text stays readable if the embedded font is ignored
     * (kobolabs/epub-spec "Embedded Fonts"). Headings name it too: some reading systems give
     * them their own font otherwise.
     * FBReader 0.12 loads no @font-face and takes only the first word of a font-family value
     * ("Epubpack), which it cannot find, so it set the book in sans. It matches a rule only
     * by a selector that is a bare element name (or .class), so it reads the first rule below,
     * serif, and never the second; "* body" has body's specificity, so for every other engine
     * it wins by source order, and the user's own body rule, later, still wins over it
     * (docs/ARCHITECTURE.md "Fonts"). */
    if (!epi_buf_printf(&css,
                        "body {\n    font-family: serif;\n}\n\n"
                        "* body {\n    font-family: \"%s\", serif;\n}\n\n"
                        "h1, h2, h3, h4, h5, h6 {\n    font-family: serif;\n}\n\n"
                        "* h1, * h2, * h3, * h4, * h5, * h6 {\n    font-family: \"%s\", "
                        "serif;\n}\n",
                        EPI_FONT_FAMILY, EPI_FONT_FAMILY))
        goto oom;
    family = epi_strdup(EPI_FONT_FAMILY);
    if (!family)
        goto oom;
    free(book->font_family);
    free(book->font_css);
    book->font_family = family;
    book->font_css = epi_buf_detach(&css);
    if (!book->font_css)
        goto oom;
    goto out;

oom:
    st = epi_fail(ctx->err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
out:
    for (int k = 0; k < EPI_FACE_COUNT; k++)
        hb_set_destroy(sets[k]);
    hb_set_destroy(text);
    hb_set_destroy(missing);
    epi_buf_free(&css);
    epi_font_files_free(&files);
    return st;
}
