/* The options object (epubpack.h, "Building"): defaults, checked setters, copied strings, and
 * ep_build's argument checks. */
#include "util/options.h"
#include "harness.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void noop_diag(void *ud, const ep_diag *d)
{
    (void)ud;
    (void)d;
}

static void test_defaults(void)
{
    ep_options *o = ep_options_new();
    CHECK(o != NULL);
    if (!o)
        return;
    CHECK(o->font == NULL && o->css == NULL);
    CHECK(o->hyphenation == EP_HYPHEN_DEFAULT && o->typography == EP_TYPO_DEFAULT);
    CHECK(o->check);
    CHECK(o->diag == NULL && o->diag_userdata == NULL);
    ep_options_free(o);
    ep_options_free(NULL); /* accepted, as every _free */
}

static void test_setters(void)
{
    ep_options *o = ep_options_new();
    char font[16] = "PT Serif";
    int ud = 0;
    if (!o) {
        CHECK(o != NULL);
        return;
    }
    /* strings are copied: the caller's buffer may change or go away */
    CHECK(ep_options_set_font(o, font) == EP_OK);
    strcpy(font, "changed");
    CHECK_STR(o->font, "PT Serif");
    CHECK(ep_options_set_font(o, NULL) == EP_OK);
    CHECK(o->font == NULL);
    CHECK(ep_options_set_css(o, "extra.css") == EP_OK);
    CHECK(ep_options_set_css(o, "other.css") == EP_OK); /* the first copy is freed (valgrind) */
    CHECK_STR(o->css, "other.css");

    CHECK(ep_options_set_hyphenation(o, EP_HYPHEN_SOFT) == EP_OK);
    CHECK(o->hyphenation == EP_HYPHEN_SOFT);
    CHECK(ep_options_set_typography(o, EP_TYPO_EN) == EP_OK);
    CHECK(o->typography == EP_TYPO_EN);
    CHECK(ep_options_set_typography(o, EP_TYPO_MN) == EP_OK);
    CHECK(o->typography == EP_TYPO_MN);
    CHECK(ep_options_set_typography(o, EP_TYPO_OFF) == EP_OK);
    CHECK(o->typography == EP_TYPO_OFF);
    /* a value out of range is refused and leaves the option as it was */
    CHECK(ep_options_set_hyphenation(o, (ep_hyphenation)(EP_HYPHEN_OFF + 1)) == EP_ERR_USAGE);
    CHECK(ep_options_set_hyphenation(o, (ep_hyphenation)-1) == EP_ERR_USAGE);
    CHECK(o->hyphenation == EP_HYPHEN_SOFT);
    CHECK(ep_options_set_typography(o, (ep_typography)(EP_TYPO_MN + 1)) == EP_ERR_USAGE);
    CHECK(o->typography == EP_TYPO_OFF);
    CHECK(o->target == EP_TARGET_DEFAULT);
    CHECK(ep_options_set_target(o, EP_TARGET_KOBO) == EP_OK && o->target == EP_TARGET_KOBO);
    CHECK(ep_options_set_target(o, (ep_target)(EP_TARGET_KOBO + 1)) == EP_ERR_USAGE);
    CHECK(o->target == EP_TARGET_KOBO);

    CHECK(ep_options_set_split_level(o, 3) == EP_OK && o->split_level == 3);
    CHECK(ep_options_set_split_level(o, 0) == EP_OK && o->split_level == 0);
    CHECK(ep_options_set_split_level(o, 7) == EP_ERR_USAGE && o->split_level == 0);
    CHECK(ep_options_set_split_level(o, -1) == EP_ERR_USAGE);
    CHECK(o->image_width == -1 && o->image_height == -1 && o->grayscale == -1);
    CHECK(ep_options_set_image_size(o, 800, 600) == EP_OK);
    CHECK(o->image_width == 800 && o->image_height == 600);
    CHECK(ep_options_set_image_size(o, 0, 600) == EP_ERR_USAGE);
    CHECK(ep_options_set_image_size(o, 800, 65501) == EP_ERR_USAGE);
    CHECK(o->image_width == 800 && o->image_height == 600);
    CHECK(ep_options_set_image_size(o, 0, 0) == EP_OK && o->image_width == 0);
    CHECK(ep_options_set_image_size(o, -1, -1) == EP_OK && o->image_width == -1);
    /* Three states: the book's key (-1), off whatever the book says (0), on (1). */
    CHECK(ep_options_set_grayscale(o, 1) == EP_OK && o->grayscale == 1);
    CHECK(ep_options_set_grayscale(o, 0) == EP_OK && o->grayscale == 0);
    CHECK(ep_options_set_grayscale(o, 2) == EP_ERR_USAGE && o->grayscale == 0);
    CHECK(ep_options_set_grayscale(o, -1) == EP_OK && o->grayscale == -1);
    CHECK(ep_options_set_grayscale(NULL, 1) == EP_ERR_USAGE);
    /* The text form the key and --image-size take. */
    CHECK(ep_options_set_image_size_text(o, "640x480") == EP_OK && o->image_width == 640 &&
          o->image_height == 480);
    CHECK(ep_options_set_image_size_text(o, "off") == EP_OK && o->image_width == 0);
    CHECK(ep_options_set_image_size_text(o, "640") == EP_ERR_USAGE && o->image_width == 0);
    CHECK(ep_options_set_image_size_text(o, "1x65501") == EP_ERR_USAGE);
    CHECK(ep_options_set_image_size_text(o, NULL) == EP_ERR_USAGE);
    int w = 0, h = 0;
    CHECK(epi_image_size_parse("1600x2560", &w, &h) && w == 1600 && h == 2560);
    CHECK(epi_image_size_parse("off", &w, &h) && w == 0 && h == 0);
    CHECK(!epi_image_size_parse("1600", &w, &h));
    CHECK(!epi_image_size_parse("1600x", &w, &h));
    CHECK(!epi_image_size_parse("0x10", &w, &h));
    CHECK(!epi_image_size_parse("-5x10", &w, &h));
    CHECK(!epi_image_size_parse("10x+5", &w, &h));
    CHECK(!epi_image_size_parse("65501x10", &w, &h));
    CHECK(!epi_image_size_parse("10x10 ", &w, &h));

    CHECK(ep_options_set_check(o, 0) == EP_OK && !o->check);
    CHECK(ep_options_set_check(o, 7) == EP_OK && o->check);
    CHECK(ep_options_set_diag(o, noop_diag, &ud) == EP_OK);
    CHECK(o->diag == noop_diag && o->diag_userdata == &ud);
    ep_options_free(o);

    /* no object */
    CHECK(ep_options_set_font(NULL, "x") == EP_ERR_USAGE);
    CHECK(ep_options_set_css(NULL, "x") == EP_ERR_USAGE);
    CHECK(ep_options_set_hyphenation(NULL, EP_HYPHEN_CSS) == EP_ERR_USAGE);
    CHECK(ep_options_set_typography(NULL, EP_TYPO_RU) == EP_ERR_USAGE);
    CHECK(ep_options_set_target(NULL, EP_TARGET_KOBO) == EP_ERR_USAGE);
    CHECK(ep_options_set_check(NULL, 1) == EP_ERR_USAGE);
    CHECK(ep_options_set_split_level(NULL, 1) == EP_ERR_USAGE);
    CHECK(ep_options_set_diag(NULL, noop_diag, NULL) == EP_ERR_USAGE);
}

static void test_build_arguments(void)
{
    ep_error err;
    CHECK(ep_build(NULL, NULL, "out.epub", NULL, &err) == EP_ERR_USAGE);
    CHECK_STR(err.message, "input and output are required");
    CHECK(ep_build(NULL, "book", NULL, NULL, &err) == EP_ERR_USAGE);
    CHECK_STR(err.message, "input and output are required");
    CHECK(err.sys_errno == 0);
    /* A failed system call keeps its errno for the program (ep_error.sys_errno). */
    CHECK(ep_build(NULL, EP_SOURCE_DIR "/book", "/nonexistent-epubpack-folder/out.epub", NULL,
                   &err) == EP_ERR_IO);
    CHECK(err.sys_errno == ENOENT);
    CHECK_STR(err.message, "the output folder does not exist");
}

/* ep_diag_log keeps copies, in order, that outlive the caller's strings. */
static void test_diag_log(void)
{
    ep_diag_log *log = ep_diag_log_new();
    CHECK(log != NULL);
    if (!log)
        return;
    char msg[16] = "first";
    ep_diag d = {EP_SEV_ERROR, "RSC-005", "a.xhtml", 3, 4, msg};
    ep_diag_log_add(log, &d);
    strcpy(msg, "second");
    d.severity = EP_SEV_WARNING;
    ep_diag_log_add(log, &d);
    strcpy(msg, "changed");
    CHECK(ep_diag_log_count(log) == 2 && !ep_diag_log_lost(log));
    CHECK_STR(ep_diag_log_get(log, 0)->message, "first");
    CHECK_STR(ep_diag_log_get(log, 1)->message, "second");
    CHECK(ep_diag_log_get(log, 1)->severity == EP_SEV_WARNING &&
          ep_diag_log_get(log, 0)->line == 3);
    CHECK(ep_diag_log_get(log, 2) == NULL && ep_diag_log_count(NULL) == 0);
    ep_diag_log_free(log);
    ep_diag_log_free(NULL);
}

int main(void)
{
    test_diag_log();
    test_defaults();
    test_setters();
    test_build_arguments();
    return ep_test_done();
}
