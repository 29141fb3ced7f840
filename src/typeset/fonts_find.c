/* The font files of a family: the two families epubpack names itself at their Debian paths,
 * any other with fontconfig. */
#include "fonts_int.h"
#include "util/init.h"

#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void epi_font_files_free(epi_font_files *f)
{
    if (!f)
        return;
    for (int k = 0; k < EPI_FACE_COUNT; k++) {
        free(f->path[k]);
        f->path[k] = NULL;
    }
}

bool epi_fonts_is_file_name(const char *value)
{
    size_t n = value ? strlen(value) : 0;

    return n > 4 &&
           (strcasecmp(value + n - 4, ".ttf") == 0 || strcasecmp(value + n - 4, ".otf") == 0);
}

/* True when one of the match's family names equals `family`. Fontconfig lists every localised
 * family name of a font (FC_FAMILY, index 0, 1, …), so "PT Serif" also matches a font whose
 * first name is in another language. */
static bool family_matches(FcPattern *match, const char *family)
{
    FcChar8 *name;

    for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &name) == FcResultMatch; i++)
        if (strcasecmp((const char *)name, family) == 0)
            return true;
    return false;
}

/* Asks fontconfig for the best face of `family` in the given slant and weight. Returns the
 * match (caller destroys) or NULL when fontconfig has none or on allocation failure. */
static FcPattern *match_face(FcConfig *cfg, const char *family, int slant, int weight)
{
    FcPattern *pat = FcPatternCreate();
    FcPattern *match = NULL;
    FcResult res;

    if (!pat)
        return NULL;
    if (FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family) &&
        FcPatternAddInteger(pat, FC_SLANT, slant) && FcPatternAddInteger(pat, FC_WEIGHT, weight) &&
        FcConfigSubstitute(cfg, pat, FcMatchPattern)) {
        FcDefaultSubstitute(pat);
        match = FcFontMatch(cfg, pat, &res);
        if (match && res != FcResultMatch) {
            FcPatternDestroy(match);
            match = NULL;
        }
    }
    FcPatternDestroy(pat);
    return match;
}

static ep_status find(const char *family, epi_font_files *out, ep_error *err);

/* The families epubpack itself names, the default and the fallback (fonts.c), where their
 * Debian packages install them (fonts-paratype; fonts-dejavu-core, whose italics come with
 * fonts-dejavu-extra). When the regular face is there, these files are the family, without
 * asking fontconfig: loading its configuration (47 files parsed with expat) and matching four
 * faces was 40% of the instructions of the bundled article's build, more than everything but
 * start-up, and the default font then does not depend on the user's font configuration
 * (docs/ARCHITECTURE.md "Fonts"). A face whose file is not there is one the family lacks, as
 * fontconfig answers it (an upright face for an italic request is not embedded as italic). */
#define PARATYPE_DIR "/usr/share/fonts/truetype/paratype/"
#define DEJAVU_DIR "/usr/share/fonts/truetype/dejavu/"
static const struct packaged_family {
    const char *family;
    const char *path[EPI_FACE_COUNT];
} packaged[] = {
    {"PT Serif",
     {PARATYPE_DIR "PTF55F.ttf", PARATYPE_DIR "PTF56F.ttf", PARATYPE_DIR "PTF75F.ttf",
      PARATYPE_DIR "PTF76F.ttf"}},
    {"DejaVu Serif",
     {DEJAVU_DIR "DejaVuSerif.ttf", DEJAVU_DIR "DejaVuSerif-Italic.ttf",
      DEJAVU_DIR "DejaVuSerif-Bold.ttf", DEJAVU_DIR "DejaVuSerif-BoldItalic.ttf"}},
};

/* The packaged family named `family` whose regular face is installed, or NULL. */
static const struct packaged_family *packaged_family(const char *family)
{
    for (size_t i = 0; i < sizeof packaged / sizeof *packaged; i++)
        if (strcasecmp(family, packaged[i].family) == 0)
            return access(packaged[i].path[EPI_FACE_REGULAR], R_OK) == 0 ? &packaged[i] : NULL;
    return NULL;
}

/* Fills `out` with the installed faces of `p`; false when out of memory. */
static bool packaged_files(const struct packaged_family *p, epi_font_files *out)
{
    memset(out, 0, sizeof *out);
    for (int k = 0; k < EPI_FACE_COUNT; k++) {
        if (k != EPI_FACE_REGULAR && access(p->path[k], R_OK) != 0)
            continue;
        if (!(out->path[k] = epi_strdup(p->path[k]))) {
            epi_font_files_free(out);
            return false;
        }
    }
    return true;
}

/* The families found so far in this process, with their files. fontconfig's configuration is
 * loaded once per process and never brought up to date (util/init.c), so its answer for a
 * family is the same for the process's life; asking again (FcConfigSubstitute and FcFontMatch,
 * four faces) was a fifth of each small article's build in a batch. Kept until the process
 * ends, as the configuration is. */
static pthread_mutex_t found_lock = PTHREAD_MUTEX_INITIALIZER;
static struct found_family {
    char *family;
    epi_font_files files;
} * found;
static size_t nfound, capfound;

static bool copy_files(epi_font_files *to, const epi_font_files *from)
{
    memset(to, 0, sizeof *to);
    for (int k = 0; k < EPI_FACE_COUNT; k++) {
        to->index[k] = from->index[k];
        if (from->path[k] && !(to->path[k] = epi_strdup(from->path[k]))) {
            epi_font_files_free(to);
            return false;
        }
    }
    return true;
}

ep_status epi_fonts_find(const char *family, epi_font_files *out, ep_error *err)
{
    ep_status st = EP_OK;
    bool have = false, ok = true;
    const struct packaged_family *p = packaged_family(family);
    memset(out, 0, sizeof *out);
    if (p)
        return packaged_files(p, out) ? EP_OK
                                      : epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    pthread_mutex_lock(&found_lock);
    for (size_t i = 0; i < nfound && !have; i++)
        if (strcmp(found[i].family, family) == 0) {
            have = true;
            ok = copy_files(out, &found[i].files);
        }
    if (!have) {
        /* A family not found is not kept: its error is made again. */
        st = find(family, out, err);
        struct found_family *v =
            st == EP_OK ? epi_grow(found, &capfound, nfound, sizeof *v, 4) : NULL;
        if (v) {
            found = v;
            found[nfound].family = epi_strdup(family);
            if (found[nfound].family && copy_files(&found[nfound].files, out))
                nfound++;
            else
                free(found[nfound].family);
        }
    }
    pthread_mutex_unlock(&found_lock);
    if (!ok)
        return epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return st;
}

static void *prefetch(void *arg)
{
    epi_fonts_prefetch *p = arg;
    epi_font_files files;
    ep_error err;
    /* Its result is kept in `found`; a failure is met again, and reported, by the build. */
    (void)epi_fonts_find(p->family, &files, &err);
    epi_font_files_free(&files);
    return NULL;
}

void epi_fonts_prefetch_start(epi_fonts_prefetch *p, const char *family)
{
    bool have = packaged_family(family) != NULL; /* nothing to look up */
    memset(p, 0, sizeof *p);
    pthread_mutex_lock(&found_lock);
    for (size_t i = 0; i < nfound && !have; i++)
        have = strcmp(found[i].family, family) == 0;
    pthread_mutex_unlock(&found_lock);
    if (have || !(p->family = epi_strdup(family)))
        return;
    /* Without a thread the build finds the family itself, as before. */
    p->running = pthread_create(&p->thread, NULL, prefetch, p) == 0;
    if (!p->running) {
        free(p->family);
        p->family = NULL;
    }
}

void epi_fonts_prefetch_join(epi_fonts_prefetch *p)
{
    if (p->running)
        pthread_join(p->thread, NULL);
    p->running = false;
    free(p->family);
    p->family = NULL;
}

static ep_status find(const char *family, epi_font_files *out, ep_error *err)
{
    static const int slants[EPI_FACE_COUNT] = {FC_SLANT_ROMAN, FC_SLANT_ITALIC, FC_SLANT_ROMAN,
                                               FC_SLANT_ITALIC};
    static const int weights[EPI_FACE_COUNT] = {FC_WEIGHT_REGULAR, FC_WEIGHT_REGULAR,
                                                FC_WEIGHT_BOLD, FC_WEIGHT_BOLD};
    ep_status st = EP_OK;
    /* fontconfig's current configuration, loaded once per process (epi_init_fontconfig) and
     * shared by every build: loading it (47 config files parsed with expat) was half of an
     * article's build and most of a batch's (tests/bench/RESULTS.md). The library never
     * releases it (epubpack.h). FcConfigReference(NULL) is thread-safe. */
    FcConfig *cfg;

    epi_init_fontconfig();
    cfg = FcConfigReference(NULL);
    memset(out, 0, sizeof *out);
    if (!cfg)
        return epi_fail(err, EP_ERR_FONT, NULL, 0, 0, "fontconfig could not be initialised");

    for (int k = 0; k < EPI_FACE_COUNT; k++) {
        FcPattern *m = match_face(cfg, family, slants[k], weights[k]);
        FcChar8 *file = NULL;
        int slant = FC_SLANT_ROMAN, weight = FC_WEIGHT_REGULAR, index = 0;
        bool right_face;

        if (!m || !family_matches(m, family) ||
            FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch) {
            if (m)
                FcPatternDestroy(m);
            if (k == EPI_FACE_REGULAR) {
                st = epi_fail(err, EP_ERR_FONT, NULL, 0, 0, "font family \"%s\" not found", family);
                goto out;
            }
            continue;
        }
        FcPatternGetInteger(m, FC_SLANT, 0, &slant);
        FcPatternGetInteger(m, FC_WEIGHT, 0, &weight);
        FcPatternGetInteger(m, FC_INDEX, 0, &index);
        /* Fontconfig answers with the nearest face: an upright face for an italic request
         * when the family has no italic. Such a face is not embedded under the italic
         * descriptor; the reading system then synthesises the style (CSS Fonts 4 §5.2). */
        right_face =
            (slants[k] == FC_SLANT_ROMAN ? slant == FC_SLANT_ROMAN : slant != FC_SLANT_ROMAN) &&
            (weights[k] == FC_WEIGHT_BOLD ? weight >= FC_WEIGHT_DEMIBOLD
                                          : weight < FC_WEIGHT_DEMIBOLD);
        if (right_face || k == EPI_FACE_REGULAR) {
            out->path[k] = epi_strdup((const char *)file);
            out->index[k] = index;
            if (!out->path[k]) {
                FcPatternDestroy(m);
                st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
                goto out;
            }
        }
        FcPatternDestroy(m);
    }

out:
    if (st != EP_OK)
        epi_font_files_free(out);
    FcConfigDestroy(cfg);
    return st;
}
