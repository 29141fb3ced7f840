/* Subsetting one face with hb-subset (HarfBuzz 6.0 API, docs/ARCHITECTURE.md "Fonts"). */
#include "fonts_int.h"

#include <hb-subset.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* The faces opened so far in this process, kept for its life as the hyphenators are
 * (docs/ARCHITECTURE.md "Memory and ownership"): a batch subsets the same faces for every
 * article, and each build opened, mapped and parsed each file again and listed its characters
 * for what it lacks. A face is keyed by its file's identity (device, inode, size, modification
 * time), so a file that changes is opened again; an hb_face_t is immutable and may be used by many
 * threads at once, while its characters (an hb_set_t caches its last lookup) are read only under
 * the lock.
 *
 * A face subset PREPROCESS_AFTER times is preprocessed once (hb_subset_preprocess: the whole
 * font kept, with HarfBuzz's accelerators for cmap, glyf and the layout tables attached) and
 * later subsets are taken from that copy: 12% fewer instructions a subset of PT Serif, the
 * same bytes (tests/unit/test_fonts.c, tests/bench/same_bytes.sh). Preprocessing costs about
 * 40 subsets (9 M instructions for PT Serif Regular), so a single book never pays it; a batch
 * pays it once per face. */
enum { PREPROCESS_AFTER = 64 };

static pthread_mutex_t faces_lock = PTHREAD_MUTEX_INITIALIZER;
static struct open_face {
    char *path;
    int index;
    struct stat id;
    hb_face_t *face;
    hb_set_t *unicodes; /* the face's cmap */
    hb_face_t *prep;    /* `face` preprocessed for subsetting; NULL until PREPROCESS_AFTER */
    unsigned subsets;   /* subsets taken of `face` so far */
    bool preparing;     /* a thread is making `prep` (outside the lock) */
} * faces;
static size_t nfaces, capfaces;

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static void face_forget(struct open_face *f)
{
    hb_face_destroy(f->face);
    hb_face_destroy(f->prep);
    hb_set_destroy(f->unicodes);
    f->face = f->prep = NULL;
    f->unicodes = NULL;
    f->subsets = 0;
}

/* Opens face `index` of the font file `path` into *face (the caller destroys it) and adds the
 * code points it maps to `have` (may be NULL). With `prep` (for a subset), *prep is the face's
 * preprocessed copy (the caller destroys it) or NULL, and this use is counted; when it is the
 * face's PREPROCESS_AFTER-th, *prep_for is the number of the face to preprocess (see
 * face_prepared), else SIZE_MAX. */
static ep_status face_open(const char *path, int index, hb_face_t **face, hb_face_t **prep,
                           size_t *prep_for, hb_set_t *have, ep_error *err)
{
    struct stat id;
    struct open_face *f = NULL;
    ep_status st = EP_OK;

    *face = NULL;
    if (prep) {
        *prep = NULL;
        *prep_for = SIZE_MAX;
    }
    if (stat(path, &id) != 0)
        return epi_fail(err, EP_ERR_FONT, path, 0, 0, "cannot read the font file");
    pthread_mutex_lock(&faces_lock);
    for (size_t i = 0; i < nfaces && !f; i++)
        if (faces[i].index == index && strcmp(faces[i].path, path) == 0)
            f = &faces[i];
    if (f && !same_file(&f->id, &id)) /* changed: opened again; builds using it keep theirs */
        face_forget(f);
    if (!f) {
        struct open_face *v = epi_grow(faces, &capfaces, nfaces, sizeof *v, 4);
        char *copy = v ? epi_strdup(path) : NULL;
        if (v)
            faces = v;
        if (!copy) {
            st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
            goto out;
        }
        f = &faces[nfaces++];
        *f = (struct open_face){.path = copy, .index = index};
    }
    if (!f->face) {
        hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
        if (!blob) {
            st = epi_fail(err, EP_ERR_FONT, path, 0, 0, "cannot read the font file");
            goto out;
        }
        hb_face_t *fresh = hb_face_create(blob, index < 0 ? 0 : (unsigned)index);
        hb_blob_destroy(blob);
        if (hb_face_get_glyph_count(fresh) == 0) { /* not a font (or no memory): not kept */
            *face = fresh;
            goto out;
        }
        f->face = fresh;
        f->unicodes = hb_set_create();
        hb_face_collect_unicodes(f->face, f->unicodes);
        f->id = id;
        if (!hb_set_allocation_successful(f->unicodes)) {
            face_forget(f);
            st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
            goto out;
        }
    }
    *face = hb_face_reference(f->face);
    if (prep) {
        *prep = f->prep ? hb_face_reference(f->prep) : NULL;
        if (++f->subsets == PREPROCESS_AFTER && !f->prep && !f->preparing) {
            f->preparing = true;
            *prep_for = (size_t)(f - faces);
        }
    }
    if (have) {
        hb_set_union(have, f->unicodes);
        if (!hb_set_allocation_successful(have))
            st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
out:
    pthread_mutex_unlock(&faces_lock);
    if (st != EP_OK) {
        hb_face_destroy(*face);
        *face = NULL;
        if (prep) {
            hb_face_destroy(*prep);
            *prep = NULL;
        }
    }
    return st;
}

/* Preprocesses `face`, face i of the list, which face_open handed to this thread, outside the
 * lock (it takes milliseconds; the list may grow meanwhile), and keeps the result unless the
 * file changed meanwhile. HarfBuzz returns the face itself when it cannot preprocess (out of
 * memory): nothing is kept then. */
static void face_prepared(size_t i, hb_face_t *face)
{
    hb_face_t *prep = hb_subset_preprocess(face);
    pthread_mutex_lock(&faces_lock);
    struct open_face *f = &faces[i];
    f->preparing = false;
    if (prep != face && f->face == face && !f->prep) {
        f->prep = prep;
        prep = NULL;
    }
    pthread_mutex_unlock(&faces_lock);
    hb_face_destroy(prep);
}

ep_status epi_fonts_coverage(const char *path, int index, hb_set_t *have, ep_error *err)
{
    hb_face_t *face;
    ep_status st = face_open(path, index, &face, NULL, NULL, have, err);
    hb_face_destroy(face);
    return st;
}

ep_status epi_fonts_subset(const char *path, int index, const hb_set_t *unicodes,
                           const char *family, epi_face_kind kind, unsigned char **data,
                           size_t *len, hb_set_t *missing, ep_error *err)
{
    ep_status st = EP_OK;
    hb_face_t *face = NULL, *prep = NULL, *sub = NULL;
    hb_subset_input_t *in = NULL;
    hb_set_t *set, *have = missing ? hb_set_create() : NULL;

    *data = NULL;
    *len = 0;
    size_t prep_for;
    if ((st = face_open(path, index, &face, &prep, &prep_for, have, err)) != EP_OK)
        goto out;
    if (prep_for != SIZE_MAX)
        face_prepared(prep_for, face);
    if (hb_face_get_glyph_count(face) == 0) {
        st = epi_fail(err, EP_ERR_FONT, path, 0, 0, "not an OpenType/TrueType font");
        goto out;
    }
    if (missing) {
        hb_set_clear(missing);
        hb_set_union(missing, unicodes);
        hb_set_subtract(missing, have);
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

    sub = hb_subset_or_fail(prep ? prep : face, in);
    if (!sub) {
        st = epi_fail(err, EP_ERR_FONT, path, 0, 0, "hb-subset could not subset the font");
        goto out;
    }
    st = epi_sfnt_rename(sub, face, family, kind, data, len, err);
    if (st != EP_OK && err)
        snprintf(err->path, sizeof err->path, "%s", path);

out:
    hb_face_destroy(sub);
    hb_face_destroy(prep);
    hb_subset_input_destroy(in);
    hb_face_destroy(face);
    hb_set_destroy(have);
    return st;
}
