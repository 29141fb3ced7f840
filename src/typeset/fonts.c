/*
 * Embedded fonts: chooses the family, finds which faces the book uses, subsets and renames each
 * one and writes the @font-face rules (docs/ARCHITECTURE.md "Fonts").
 */
#include "fonts_int.h"
#include "util/path.h"
#include "util/utf8.h"

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
/* The second family: characters the main font lacks (PT Serif has no ѐ ѝ, no combining accents)
 * come from a subset of DejaVu Serif (fonts-dejavu-core, full Cyrillic; its licence, Bitstream
 * Vera's, allows embedding and asks a modified copy to be renamed), so no character is left to
 * the reader's own font (docs/ARCHITECTURE.md "Fonts"). */
#define EPI_FALLBACK_FAMILY "Epubpack Fallback"
#define EPI_FALLBACK_SLUG "epubpack-fallback"
#define EPI_FALLBACK_DEFAULT "DejaVu Serif"

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

/* Which character of `m` the book shows first, and where: the first chapter whose text has one
 * (the earliest in that text), at the line of its source file that has it (0 when the source
 * spells it otherwise, e.g. decomposed before NFC); else the book's main file (a title or an
 * author in the metadata) and the smallest of `m`. */
static const char *first_use(const epi_book *book, const hb_set_t *m, hb_codepoint_t *cp, int *line)
{
    *line = 0;
    *cp = HB_SET_VALUE_INVALID;
    hb_set_next(m, cp);
    for (size_t i = 0; i < book->nchapters; i++) {
        const epi_chapter *ch = &book->chapters[i];
        xmlChar *text = ch->doc ? xmlNodeGetContent((xmlNodePtr)ch->doc) : NULL;
        const char *t = (const char *)text, *at = NULL;
        size_t len = t ? strlen(t) : 0, n;
        for (size_t o = 0; o < len && !at; o += n ? n : 1) {
            uint32_t c;
            if ((n = epi_utf8_decode(t + o, len - o, &c)) && hb_set_has(m, c)) {
                at = t + o;
                *cp = c;
            }
        }
        char utf8[8] = "";
        if (at)
            memcpy(utf8, at, n < sizeof utf8 ? n : sizeof utf8 - 1);
        xmlFree(text);
        if (!at || !ch->src_path)
            continue;
        FILE *f = fopen(ch->src_path, "r");
        char buf[4096];
        int no = 1;
        while (f && fgets(buf, sizeof buf, f)) {
            if (strstr(buf, utf8)) {
                *line = no;
                break;
            }
            if (strchr(buf, '\n'))
                no++;
        }
        if (f)
            fclose(f);
        return ch->src_path;
    }
    return book->main_path;
}

/* Warns about characters of the text that no embedded font can draw (neither the main font nor
 * the fallback): the reading system will take them from a font of its own. Names the first. */
static void warn_missing(epi_ctx *ctx, const epi_book *book, epi_face_kind k, const hb_set_t *m,
                         bool have_fallback)
{
    char list[200] = "";
    size_t used = 0, count = hb_set_get_population(m), shown = 0;
    hb_codepoint_t c = HB_SET_VALUE_INVALID, first;
    int line;
    while (hb_set_next(m, &c) && shown < 8) {
        int n =
            snprintf(list + used, sizeof list - used, "%sU+%04X", shown ? ", " : "", (unsigned)c);
        if (n < 0 || (size_t)n >= sizeof list - used)
            break;
        used += (size_t)n;
        shown++;
    }
    const char *path = first_use(book, m, &first, &line);
    epi_warn(ctx, EPI_DIAG_FONT, path, line,
             "the %s text has %zu character(s) no embedded font has (%s%s; U+%04X first, here): "
             "readers will take them from a font of their own%s",
             epi_face_infos[k].style, count, list, count > shown ? ", …" : "", (unsigned)first,
             have_fallback ? ""
                           : " (the fallback, " EPI_FALLBACK_DEFAULT ", is not installed: "
                             "apt-get install fonts-dejavu-core)");
}

/* Appends the @font-face rule of face k (CSS Fonts 4 §4). The url is relative to the stylesheet
 * (EPI_CSS_HREF, one folder below EPUB/). */
static bool css_face(epi_buf *css, const char *family, epi_face_kind k, const char *href)
{
    return epi_buf_printf(css,
                          "@font-face {\n"
                          "    font-family: \"%s\";\n"
                          "    font-style: %s;\n"
                          "    font-weight: %s;\n"
                          "    src: url(\"" EPI_UP_TO_ROOT "%s\");\n"
                          "}\n\n",
                          family, epi_face_infos[k].css_style, epi_face_infos[k].css_weight, href);
}

/* Removes the Default_Ignorable_Code_Point characters (Unicode's DerivedCoreProperties: joiners,
 * variation selectors, bidi controls, tags…): an engine draws nothing for them, so no font
 * needs them, and a span around a zero-width joiner would break the emoji sequence it joins. */
static void drop_ignorables(hb_set_t *set)
{
    static const hb_codepoint_t ranges[][2] = {
        {0x00AD, 0x00AD},  {0x034F, 0x034F}, {0x061C, 0x061C},   {0x115F, 0x1160},
        {0x17B4, 0x17B5},  {0x180B, 0x180F}, {0x200B, 0x200F},   {0x202A, 0x202E},
        {0x2060, 0x206F},  {0x3164, 0x3164}, {0xFE00, 0xFE0F},   {0xFEFF, 0xFEFF},
        {0xFFA0, 0xFFA0},  {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},
        {0xE0000, 0xE0FFF}};
    for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++)
        hb_set_del_range(set, ranges[i][0], ranges[i][1]);
}

/* One embedded face: face k of `files` subset to `set`, renamed to `family`, stored as
 * fonts/SLUG-FACE.ttf with its @font-face rule. `missing` receives what it lacks of `set`. */
static ep_status embed_face(epi_ctx *ctx, epi_book *book, const epi_font_files *files,
                            epi_face_kind k, const hb_set_t *set, const char *family,
                            const char *slug, epi_buf *css, hb_set_t *missing)
{
    unsigned char *data = NULL;
    size_t len = 0;
    char href[64], id[48];
    ep_status st = epi_fonts_subset(files->path[k], files->index[k], set, family, k, &data, &len,
                                    missing, ctx->err);
    if (st != EP_OK)
        return st;
    /* CFF-flavoured OpenType ('OTTO') is font/otf, TrueType outlines font/ttf (RFC 8081). */
    bool otf = len >= 4 && memcmp(data, "OTTO", 4) == 0;
    snprintf(href, sizeof href, EPI_FONTS_DIR "%s-%s.%s", slug, epi_face_infos[k].slug,
             otf ? "otf" : "ttf");
    /* The main font's ids stay "font-regular"…, as before the fallback existed. */
    snprintf(id, sizeof id, "%s-%s", strcmp(family, EPI_FONT_FAMILY) ? "fallback" : "font",
             epi_face_infos[k].slug);
    if (!epi_book_add_resource(book, href, id, otf ? "font/otf" : "font/ttf", NULL, data, len)) {
        free(data);
        return epi_fail(ctx->err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    if (!css_face(css, family, k, href))
        return epi_fail(ctx->err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return EP_OK;
}

/* The characters of `lacking` (what the main face k lacks of the text) from the fallback
 * family's face k. A combining mark takes its base with it: engines choose one font for a
 * base and its marks (Chromium, WebKit and MuPDF fall back by cluster), so the fallback face
 * also gets the text's letters when a mark is among what it draws. Warns about what neither
 * font has. Adds to `covered` the characters the fallback face draws instead of the main one. */
static ep_status embed_fallback(epi_ctx *ctx, epi_book *book, const epi_font_files *fb,
                                epi_face_kind k, const hb_set_t *text, const hb_set_t *lacking,
                                epi_buf *css, hb_set_t *covered)
{
    hb_set_t *set = hb_set_copy(lacking), *missing = hb_set_create();
    ep_status st = epi_fonts_coverage(fb->path[k], fb->index[k], missing, ctx->err);
    hb_codepoint_t c = 0x2FF;
    if (st)
        goto out;
    /* `missing` holds the fallback's characters here: none of those lacking, no face. */
    hb_set_intersect(missing, lacking);
    if (hb_set_is_empty(missing)) {
        warn_missing(ctx, book, k, lacking, true);
        goto out;
    }
    hb_set_union(covered, missing);
    /* MuPDF sets the space before a span in the span's font: it needs the spaces. */
    hb_set_add(set, 0x20);
    hb_set_add(set, 0xA0);
    if (hb_set_next(lacking, &c) && c <= 0x36F) {
        for (c = HB_SET_VALUE_INVALID; hb_set_next(text, &c);)
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0x24F) ||
                (c >= 0x400 && c <= 0x52F))
                hb_set_add(set, c);
    }
    if (!hb_set_allocation_successful(set) || !hb_set_allocation_successful(missing)) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    if ((st = embed_face(ctx, book, fb, k, set, EPI_FALLBACK_FAMILY, EPI_FALLBACK_SLUG, css,
                         missing)))
        goto out;
    hb_set_intersect(missing, lacking);
    if (!hb_set_is_empty(missing))
        warn_missing(ctx, book, k, missing, true);
out:
    hb_set_destroy(set);
    hb_set_destroy(missing);
    return st;
}

/* The rules that set the text in the embedded family: body and headings, then the fallback
 * spans' rule when there is a fallback family. */
static bool family_rules(epi_buf *css, bool fallback)
{
    /* The generic family last, so text stays readable if the embedded font is ignored
     * (kobolabs/epub-spec "Embedded Fonts"). Headings name it too: some reading systems give
     * them their own font otherwise.
     * FBReader 0.12 loads no @font-face and takes only the first word of a font-family value
     * ("Epubpack), which it cannot find, so it set the book in sans. It matches a rule only
     * by a selector that is a bare element name (or .class), so it reads the first rule below,
     * serif, and never the second; "* body" has body's specificity, so for every other engine
     * it wins by source order, and the user's own body rule, later, still wins over it
     * (docs/ARCHITECTURE.md "Fonts"). The fallback family, when there is one, comes second. */
    const char *second = fallback ? ", \"" EPI_FALLBACK_FAMILY "\"" : "";
    if (!epi_buf_printf(css,
                        "body {\n    font-family: serif;\n}\n\n"
                        "* body {\n    font-family: \"%s\"%s, serif;\n}\n\n"
                        "h1, h2, h3, h4, h5, h6 {\n    font-family: serif;\n}\n\n"
                        "* h1, * h2, * h3, * h4, * h5, * h6 {\n    font-family: \"%s\"%s, "
                        "serif;\n}\n",
                        EPI_FONT_FAMILY, second, EPI_FONT_FAMILY, second))
        return false;
    /* The spans' rule, in the two forms of the body's for FBReader. */
    return !fallback || epi_buf_printf(css,
                                       "\n." EPI_FALLBACK_CLASS " {\n    font-family: serif;\n}\n\n"
                                       "* ." EPI_FALLBACK_CLASS " {\n    font-family: \"%s\", "
                                       "serif;\n}\n",
                                       EPI_FALLBACK_FAMILY);
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
    ep_status st = EP_OK;
    const char *value;
    bool from_book = false;
    epi_font_files files = {{0}, {0}}, fb = {{0}, {0}};
    hb_set_t *sets[EPI_FACE_COUNT] = {0}, *texts[EPI_FACE_COUNT] = {0},
             *lacking[EPI_FACE_COUNT] = {0}, *covered = NULL;
    bool used[EPI_FACE_COUNT] = {false}, any_lacking = false;
    epi_buf css = {0}, fb_css = {0};
    char *family = NULL;
    epi_chapter_chars *chapters = NULL;

    value = font_value(ctx, book, &from_book);
    if (strcasecmp(value, "none") == 0)
        return EP_OK;

    st = locate(ctx, book, value, from_book, &files);
    if (st != EP_OK)
        return st;
    if (!files.path[EPI_FACE_ITALIC] || !files.path[EPI_FACE_BOLD])
        epi_warn(ctx, EPI_DIAG_FONT, files.path[EPI_FACE_REGULAR], 0,
                 "font \"%s\": no %s face; reading systems will synthesise it", value,
                 !files.path[EPI_FACE_ITALIC] && !files.path[EPI_FACE_BOLD] ? "bold or italic"
                 : !files.path[EPI_FACE_ITALIC]                             ? "italic"
                                                                            : "bold");

    for (int k = 0; k < EPI_FACE_COUNT; k++) {
        sets[k] = hb_set_create();
        texts[k] = hb_set_create();
        lacking[k] = hb_set_create();
    }
    covered = hb_set_create();
    chapters = calloc(book->nchapters ? book->nchapters : 1, sizeof *chapters);
    if (!chapters || !epi_fonts_collect(book, sets, chapters))
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
        if (!used[k])
            continue;
        hb_set_union(texts[k], sets[k]);
        epi_fonts_add_safety(sets[k]);
        if (!hb_set_allocation_successful(sets[k]) || !hb_set_allocation_successful(texts[k]))
            goto oom;
        if ((st = embed_face(ctx, book, &files, (epi_face_kind)k, sets[k], EPI_FONT_FAMILY,
                             EPI_FONT_SLUG, &css, lacking[k])))
            goto out;
        hb_set_intersect(lacking[k], texts[k]);
        drop_ignorables(lacking[k]);
        any_lacking |= !hb_set_is_empty(lacking[k]);
    }

    /* What the main font lacks comes from the fallback family, face by face; without it
     * installed, the warning names what is left to the reader's font. */
    if (any_lacking) {
        ep_error ferr;
        ep_status fst = epi_fonts_find(EPI_FALLBACK_DEFAULT, &fb, &ferr);
        /* Out of memory is never taken for "not installed": that would build another book. */
        if (fst == EP_ERR_NOMEM)
            goto oom;
        if (fst != EP_OK)
            epi_font_files_free(&fb);
    }
    for (int k = 0; k < EPI_FACE_COUNT; k++) {
        if (!used[k] || hb_set_is_empty(lacking[k]))
            continue;
        if (!fb.path[EPI_FACE_REGULAR]) {
            warn_missing(ctx, book, (epi_face_kind)k, lacking[k], false);
            continue;
        }
        epi_face_kind f = fb.path[k] ? (epi_face_kind)k : fallback_face(&fb, (epi_face_kind)k);
        if ((st = embed_fallback(ctx, book, &fb, f, texts[k], lacking[k], &fb_css, covered)))
            goto out;
    }
    /* font-family names the fallback second, for the engines that look for a missing glyph in
     * the next family (Chromium, WebKit, Readium); MuPDF and others take one font per element
     * and draw a missing glyph from a font of their own, so the characters are also put in
     * spans of their own whose font-family is the fallback (docs/ARCHITECTURE.md "Fonts"). */
    bool fallback = !hb_set_is_empty(covered);
    if (!hb_set_allocation_successful(covered) ||
        (fallback && (!epi_fonts_mark_fallback(book, covered, chapters) ||
                      !epi_buf_printf(&css, "%s", fb_css.data))))
        goto oom;

    if (!family_rules(&css, fallback))
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
    for (int k = 0; k < EPI_FACE_COUNT; k++) {
        hb_set_destroy(sets[k]);
        hb_set_destroy(texts[k]);
        hb_set_destroy(lacking[k]);
    }
    epi_buf_free(&css);
    epi_buf_free(&fb_css);
    hb_set_destroy(covered);
    free(chapters);
    epi_font_files_free(&files);
    epi_font_files_free(&fb);
    return st;
}
