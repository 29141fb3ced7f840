/* Subsetting one face with hb-subset (HarfBuzz 6.0 API, docs/ARCHITECTURE.md "Fonts"). */
#include "fonts_int.h"

#include <hb-subset.h>
#include <stdio.h>
#include <stdlib.h>

/* OpenType features kept in the subset. hb-subset 6.0 keeps only its default list (rvrn, ccmp,
 * liga, locl, mark, mkmk, rlig, frac, numr, dnom, calt, clig, curs, kern, rclt, …) and drops the
 * rest; the stylesheet uses no optional features, so the list below restates the defaults
 * that matter for Russian and Latin text (kerning, ligatures, Cyrillic locl forms, marks) to
 * keep them even if a later HarfBuzz changes its defaults. */
static const hb_tag_t kept_features[] = {
    HB_TAG('k', 'e', 'r', 'n'), HB_TAG('l', 'i', 'g', 'a'), HB_TAG('c', 'l', 'i', 'g'),
    HB_TAG('c', 'a', 'l', 't'), HB_TAG('l', 'o', 'c', 'l'), HB_TAG('c', 'c', 'm', 'p'),
    HB_TAG('m', 'a', 'r', 'k'), HB_TAG('m', 'k', 'm', 'k'), HB_TAG('r', 'l', 'i', 'g'),
};

/* Name IDs kept: 0 copyright, 1–6 names and version, 13–14 licence and licence URL. The
 * PTFFL and OFL require the licence to travel with the font ("can be … inserted into the font
 * file"); hb-subset drops IDs 13/14 by default. */
static const unsigned kept_name_ids[] = {0, 1, 2, 3, 4, 5, 6, 13, 14};

ep_status epi_fonts_coverage(const char *path, int index, hb_set_t *have, ep_error *err)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob)
        return epi_fail(err, EP_ERR_FONT, path, 0, 0, "cannot read the font file");
    hb_face_t *face = hb_face_create(blob, index < 0 ? 0 : (unsigned)index);
    hb_face_collect_unicodes(face, have);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return hb_set_allocation_successful(have)
               ? EP_OK
               : epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

ep_status epi_fonts_subset(const char *path, int index, const hb_set_t *unicodes,
                           const char *family, epi_face_kind kind, unsigned char **data,
                           size_t *len, hb_set_t *missing, ep_error *err)
{
    ep_status st = EP_OK;
    hb_blob_t *blob = NULL, *out_blob = NULL;
    hb_face_t *face = NULL, *sub = NULL;
    hb_subset_input_t *in = NULL;
    hb_set_t *set;
    const char *bytes;
    unsigned n;

    *data = NULL;
    *len = 0;
    blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        st = epi_fail(err, EP_ERR_FONT, path, 0, 0, "cannot read the font file");
        goto out;
    }
    face = hb_face_create(blob, index < 0 ? 0 : (unsigned)index);
    if (hb_face_get_glyph_count(face) == 0) {
        st = epi_fail(err, EP_ERR_FONT, path, 0, 0, "not an OpenType/TrueType font");
        goto out;
    }
    if (missing) {
        hb_set_t *have = hb_set_create();
        hb_face_collect_unicodes(face, have);
        hb_set_clear(missing);
        hb_set_union(missing, unicodes);
        hb_set_subtract(missing, have);
        hb_set_destroy(have);
    }

    in = hb_subset_input_create_or_fail();
    if (!in) {
        st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    hb_set_union(hb_subset_input_unicode_set(in), unicodes);
    set = hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID);
    hb_set_clear(set);
    for (size_t i = 0; i < sizeof kept_name_ids / sizeof kept_name_ids[0]; i++)
        hb_set_add(set, kept_name_ids[i]);
    set = hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
    for (size_t i = 0; i < sizeof kept_features / sizeof kept_features[0]; i++)
        hb_set_add(set, kept_features[i]);
    /* Hinting is most of PT Serif's bytes (82 KB → 35 KB for Russian + Latin) and e-ink
     * screens at ~300 dpi do not need it (docs/ARCHITECTURE.md "Fonts"). */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);

    sub = hb_subset_or_fail(face, in);
    if (!sub) {
        st = epi_fail(err, EP_ERR_FONT, path, 0, 0, "hb-subset could not subset the font");
        goto out;
    }
    out_blob = hb_face_reference_blob(sub);
    bytes = hb_blob_get_data(out_blob, &n);
    if (!bytes || n == 0) {
        st = epi_fail(err, EP_ERR_FONT, path, 0, 0, "hb-subset produced an empty font");
        goto out;
    }
    st = epi_sfnt_rename((const unsigned char *)bytes, n, family, kind, data, len, err);
    if (st != EP_OK && err)
        snprintf(err->path, sizeof err->path, "%s", path);

out:
    hb_blob_destroy(out_blob);
    hb_face_destroy(sub);
    hb_subset_input_destroy(in);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return st;
}
