/* The build options object (epubpack.h, "Building"): defaults, setters, copies of strings. */
#include "util/options.h"
#include "util/lang.h"
#include "util/str.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *const epi_typo_names[EPI_TYPO_NAMES + 1] = {"uk", "be", "bg", "sr",  "mk", "kk",
                                                        "mn", "ru", "en", "off", NULL};
const int epi_typo_values[EPI_TYPO_NAMES] = {EP_TYPO_UK, EP_TYPO_BE, EP_TYPO_BG, EP_TYPO_SR,
                                             EP_TYPO_MK, EP_TYPO_KK, EP_TYPO_MN, EP_TYPO_RU,
                                             EP_TYPO_EN, EP_TYPO_OFF};

ep_typography epi_typography_of_lang(const char *tag)
{
    for (size_t k = 0; k + 1 < EPI_TYPO_NAMES; k++)
        if (epi_lang_is(tag, epi_typo_names[k]))
            return (ep_typography)epi_typo_values[k];
    return EP_TYPO_OFF;
}

const char *const *ep_typography_names(void)
{
    return epi_typo_names;
}

ep_options *ep_options_new(void)
{
    ep_options *o = calloc(1, sizeof *o);
    if (o) {
        o->hyphenation = EP_HYPHEN_DEFAULT;
        o->typography = EP_TYPO_DEFAULT;
        o->image_width = o->image_height = -1;
        o->grayscale = -1;
        o->check = true;
    }
    return o;
}

void ep_options_free(ep_options *opts)
{
    if (!opts)
        return;
    free((char *)opts->font);
    free((char *)opts->css);
    free((char *)opts->lang);
    free(opts);
}

/* Replaces *field with a copy of value (NULL clears it). */
static ep_status set_string(const char **field, const char *value)
{
    char *copy = NULL;
    if (value && !(copy = epi_strdup(value)))
        return EP_ERR_NOMEM;
    free((char *)*field);
    *field = copy;
    return EP_OK;
}

ep_status ep_options_set_font(ep_options *opts, const char *font)
{
    return opts ? set_string(&opts->font, font) : EP_ERR_USAGE;
}

ep_status ep_options_set_css(ep_options *opts, const char *path)
{
    return opts ? set_string(&opts->css, path) : EP_ERR_USAGE;
}

ep_status ep_options_set_lang(ep_options *opts, const char *lang)
{
    if (!opts || (lang && !epi_lang_valid(lang)))
        return EP_ERR_USAGE;
    return set_string(&opts->lang, lang);
}

ep_status ep_options_set_hyphenation(ep_options *opts, ep_hyphenation mode)
{
    /* A switch without default: -Wswitch names a mode added to the enum and not here. */
    switch (opts ? mode : (ep_hyphenation)-1) {
    case EP_HYPHEN_DEFAULT:
    case EP_HYPHEN_CSS:
    case EP_HYPHEN_SOFT:
    case EP_HYPHEN_OFF:
        opts->hyphenation = mode;
        return EP_OK;
    }
    return EP_ERR_USAGE;
}

ep_status ep_options_set_typography(ep_options *opts, ep_typography mode)
{
    if (!opts || mode < EP_TYPO_DEFAULT || mode > EP_TYPO_MN)
        return EP_ERR_USAGE;
    opts->typography = mode;
    return EP_OK;
}

ep_status ep_options_set_typography_text(ep_options *opts, const char *name)
{
    for (size_t k = 0; name && k < EPI_TYPO_NAMES; k++)
        if (!strcmp(name, epi_typo_names[k]))
            return ep_options_set_typography(opts, (ep_typography)epi_typo_values[k]);
    return EP_ERR_USAGE;
}

ep_status ep_options_set_split_level(ep_options *opts, int level)
{
    if (!opts || level < 0 || level > 6)
        return EP_ERR_USAGE;
    opts->split_level = level;
    return EP_OK;
}

ep_status ep_options_set_image_size(ep_options *opts, int width, int height)
{
    bool fit =
        width >= 1 && width <= EP_IMAGE_SIDE_MAX && height >= 1 && height <= EP_IMAGE_SIDE_MAX;
    if (!opts || !(fit || (width == 0 && height == 0) || (width == -1 && height == -1)))
        return EP_ERR_USAGE;
    opts->image_width = width;
    opts->image_height = height;
    return EP_OK;
}

ep_status ep_options_set_grayscale(ep_options *opts, int grayscale)
{
    if (!opts)
        return EP_ERR_USAGE;
    if (grayscale < -1 || grayscale > 1)
        return EP_ERR_USAGE;
    opts->grayscale = grayscale;
    return EP_OK;
}

ep_status ep_options_set_image_size_text(ep_options *opts, const char *size)
{
    int w, h;
    if (!opts || !size || !epi_image_size_parse(size, &w, &h))
        return EP_ERR_USAGE;
    return ep_options_set_image_size(opts, w, h);
}

bool epi_image_size_parse(const char *s, int *width, int *height)
{
    if (!strcmp(s, "off")) {
        *width = *height = 0;
        return true;
    }
    long v[2];
    for (int i = 0; i < 2; i++) {
        if (*s < '0' || *s > '9')
            return false;
        char *end;
        errno = 0;
        v[i] = strtol(s, &end, 10);
        if (errno || v[i] < 1 || v[i] > EP_IMAGE_SIDE_MAX || *end != (i ? '\0' : 'x'))
            return false;
        s = end + 1;
    }
    *width = (int)v[0];
    *height = (int)v[1];
    return true;
}

ep_status ep_options_set_target(ep_options *opts, ep_target target)
{
    switch (opts ? target : (ep_target)-1) {
    case EP_TARGET_DEFAULT:
    case EP_TARGET_EPUB:
    case EP_TARGET_KOBO:
        opts->target = target;
        return EP_OK;
    }
    return EP_ERR_USAGE;
}

ep_status ep_options_set_check(ep_options *opts, int check)
{
    if (!opts)
        return EP_ERR_USAGE;
    opts->check = check != 0;
    return EP_OK;
}

ep_status ep_options_set_diag(ep_options *opts, ep_diag_fn diag, void *userdata)
{
    if (!opts)
        return EP_ERR_USAGE;
    opts->diag = diag;
    opts->diag_userdata = userdata;
    return EP_OK;
}
