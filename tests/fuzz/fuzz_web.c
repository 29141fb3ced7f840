/*
 * Fuzz target: the build of one web page (issue 14): decoding, the Gumbo parse, the article
 * search, sanitising and images, through package, zip and check. The input is page.html in a
 * scratch folder that also holds page_files/img.png (a real PNG), page_files/wide.png (1000x1: as
 * large as a cover from og:image must be) and page_files/fake.png (text named .png). Fonts are
 * off to keep runs fast.
 *
 * A failed build must say why and leave nothing behind; with EP_FUZZ_STRICT=1, our own checker
 * rejecting what we wrote is a bug (the sanitiser let something invalid through).
 */
#include "epubpack.h"
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const unsigned char png1x1[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00,
    0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static const unsigned char png1000x1[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x68,
    0x6b, 0xdb, 0xef, 0x00, 0x00, 0x00, 0x11, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x68,
    0x18, 0x05, 0xa3, 0x60, 0x14, 0x0c, 0x7b, 0x00, 0x00, 0xc7, 0x28, 0xf4, 0x10, 0x48, 0x50,
    0xd3, 0x40, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static void ignore_diag(void *ud, const ep_diag *d)
{
    (void)ud;
    (void)d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *tmp = ep_fuzz_tmpdir();
    char book[600], files[640], path[700], out[700];

    ep_fuzz_clean();
    snprintf(book, sizeof book, "%s/book", tmp);
    snprintf(files, sizeof files, "%s/page_files", book);
    if (mkdir(book, 0755) != 0 || mkdir(files, 0755) != 0)
        abort();
    snprintf(path, sizeof path, "%s/img.png", files);
    ep_fuzz_write(path, png1x1, sizeof png1x1);
    snprintf(path, sizeof path, "%s/wide.png", files);
    ep_fuzz_write(path, png1000x1, sizeof png1000x1);
    snprintf(path, sizeof path, "%s/fake.png", files);
    ep_fuzz_write(path, "not a png\n", 10);
    snprintf(path, sizeof path, "%s/page.html", book);
    ep_fuzz_write(path, data, size);

    ep_options *opt = ep_options_new();
    ep_error err;
    if (!opt || ep_options_set_font(opt, "none") != EP_OK ||
        ep_options_set_diag(opt, ignore_diag, NULL) != EP_OK)
        abort();
    snprintf(out, sizeof out, "%s/out.epub", tmp);
    ep_status st = ep_build(opt, path, out, NULL, &err);
    ep_options_free(opt);
    if (st != EP_OK) {
        struct stat sb;
        if (err.message[0] == '\0') {
            fprintf(stderr, "build failed (%s) without a message\n", ep_status_string(st));
            abort();
        }
        if (stat(out, &sb) == 0) {
            fprintf(stderr, "failed build left %s behind\n", out);
            abort();
        }
        if (st == EP_ERR_CHECK && getenv("EP_FUZZ_STRICT")) {
            fprintf(stderr, "%s:%d: %s\n", err.path, err.line, err.message);
            abort();
        }
    }
    return 0;
}
