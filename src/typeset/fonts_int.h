/*
 * Private declarations of the font module (src/typeset/fonts*.c). Not shared with other
 * modules: the rest of the library only calls epi_fonts_embed() from typeset.h.
 *
 *   fonts.c        epi_fonts_embed(): choose the font, run the steps below, write the CSS
 *   fonts_chars.c  which faces the book uses and which characters each face shows
 *   fonts_find.c   the font files of a family (the packaged defaults, else fontconfig)
 *   fonts_subset.c hb-subset of one face
 *   fonts_name.c   rewrite the `name` table of a subset (renamed family) and reassemble the sfnt
 */
#ifndef EPI_FONTS_INT_H
#define EPI_FONTS_INT_H

#include "typeset.h"

#include <hb.h>
#include <stdint.h>

/* The four faces of a family, in the order they are embedded. */
typedef enum epi_face_kind {
    EPI_FACE_REGULAR = 0,
    EPI_FACE_ITALIC,
    EPI_FACE_BOLD,
    EPI_FACE_BOLD_ITALIC,
    EPI_FACE_COUNT
} epi_face_kind;

/* Static description of a face: CSS descriptors and name-table strings. */
typedef struct epi_face_info {
    const char *slug;       /* file name part: "regular", "bold-italic" */
    const char *style;      /* name ID 2 / PostScript suffix: "Regular", "Bold Italic" */
    const char *ps_style;   /* PostScript suffix without spaces: "BoldItalic" */
    const char *css_style;  /* font-style: "normal" | "italic" */
    const char *css_weight; /* font-weight: "normal" | "bold" */
    int italic, bold;
} epi_face_info;

extern const epi_face_info epi_face_infos[EPI_FACE_COUNT];

/* ---- fonts_chars.c ---- */

/* The characters of one chapter's body, all faces together: those below U+0800 by bit, and
 * whether there is any above. */
typedef struct epi_chapter_chars {
    uint64_t low[0x800 / 64];
    bool high;
} epi_chapter_chars;

/* Fills sets[k] (created by the caller) with the code points the book shows in face k: text of
 * every chapter body by the element it sits in (em/i/cite/dfn/var → italic; strong/b/th/h1–h6 →
 * bold; both → bold italic; code/pre/kbd/samp/tt → none, they use the generic monospace),
 * plus book titles, creators, chapter titles and the language's labels in regular and bold.
 * White space alone does not make a face used. chapters[i] (book->nchapters of them) gets chapter
 * i's characters. Returns false on allocation failure. */
bool epi_fonts_collect(const epi_book *book, hb_set_t *sets[EPI_FACE_COUNT],
                       epi_chapter_chars *chapters);

/* True when `set` holds at least one code point that is not white space. */
bool epi_fonts_set_has_text(const hb_set_t *set);

/* Adds the safety set (digits, ASCII punctuation, NBSP, Russian quotes and dashes, №, soft
 * hyphen…): characters a reading system may draw although the text does not contain them
 * (hyphenation inserts "-"; typography may have added NBSP). */
void epi_fonts_add_safety(hb_set_t *set);

/* The class of the spans that set characters in the fallback family (fonts.c). */
#define EPI_FALLBACK_CLASS "epubpack-fallback"

/* Puts every run of `chars` in the chapters' body text (not code) in a
 * <span class="epubpack-fallback">, with the letter a leading combining mark sits on and the
 * marks after it; a chapter whose characters (from epi_fonts_collect) include none of `chars`
 * is not looked into. False when out of memory. */
bool epi_fonts_mark_fallback(epi_book *book, const hb_set_t *chars,
                             const epi_chapter_chars *chapters);

/* ---- fonts_find.c ---- */

typedef struct epi_font_files {
    char *path[EPI_FACE_COUNT]; /* NULL: the family has no such face */
    int index[EPI_FACE_COUNT];  /* face index inside a collection file */
} epi_font_files;

void epi_font_files_free(epi_font_files *f);

/* Finds the faces of `family`: PT Serif and DejaVu Serif at their Debian paths when installed,
 * any other family with fontconfig (FcFontMatch per slant × weight). The regular
 * face must exist and its family must equal `family` (ASCII case-insensitive), else
 * EP_ERR_FONT. Faces the family lacks (fontconfig answers with another style) are left NULL. */
ep_status epi_fonts_find(const char *family, epi_font_files *out, ep_error *err);

/* True when `value` names a font file (ends in .ttf or .otf, any case). */
bool epi_fonts_is_file_name(const char *value);

/* ---- fonts_subset.c ---- */

/* Subsets face `index` of the font file `path` to `unicodes` (no hinting, name IDs 0–6, 13,
 * 14 kept, layout features for kerning, ligatures, locl and what the CSS uses), renames the
 * family to `family` (see fonts_name.c) and returns the new sfnt in *data (malloc'd).
 * `missing` (may be NULL) receives the code points of `unicodes` the font lacks. */
ep_status epi_fonts_subset(const char *path, int index, const hb_set_t *unicodes,
                           const char *family, epi_face_kind kind, unsigned char **data,
                           size_t *len, hb_set_t *missing, ep_error *err);

/* The code points face `index` of the font file `path` maps (its cmap), added to `have`. */
ep_status epi_fonts_coverage(const char *path, int index, hb_set_t *have, ep_error *err);

/* ---- fonts_name.c ---- */

/* Rewrites the `name` table of the subset `sub` of the face `source` (whose table directory
 * lists the tables a subset can have): name IDs 1, 3, 4, 6, 16 and 21 get the new family (2
 * and 17 the face's style) on every platform, then assembles the font with HarfBuzz's face
 * builder (sorted table directory, 4-byte padding, table checksums, head.checkSumAdjustment),
 * the tables' data in tag order. Deterministic: no time stamps change. */
ep_status epi_sfnt_rename(hb_face_t *sub, hb_face_t *source, const char *family, epi_face_kind kind,
                          unsigned char **out, size_t *out_len, ep_error *err);

/* Family name and PostScript name helpers: PostScript names are printable ASCII without
 * spaces or []{}()<>/% and at most 63 bytes (OpenType `name` ID 6). Caller frees. */
char *epi_fonts_ps_name(const char *family, epi_face_kind kind);

#endif /* EPI_FONTS_INT_H */
