/*
 * Fuzz target: the whole build (read → typeset → package → zip → check) of a book written to a
 * scratch folder. The input is split on lines "@@@@": without one it is a single article.md
 * (front matter + Markdown); with them, the first part is book.yaml and each further part a
 * chapter chNN.md. The folder also holds a real PNG (img.png) and a fake one (fake.png, text
 * named .png) for image and cover references. Fonts are off ("none") to keep runs fast.
 *
 * A build that fails must leave no output and no temporary file, and must say why.
 */
#include "epubpack.h"
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 1x1 grey PNG. */
static const unsigned char png1x1[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00,
    0x00, 0x3a, 0x7e, 0x9b, 0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static void ignore_diag(void *ud, const ep_diag *d)
{
    (void)ud;
    (void)d;
}

static const char SEP[] = "\n@@@@\n";

/* Next part of data[*pos..size) up to SEP; returns its length and advances *pos. */
static size_t next_part(const uint8_t *data, size_t size, size_t *pos, int *more)
{
    size_t start = *pos, seplen = sizeof SEP - 1;
    for (size_t i = start; i + seplen <= size; i++) {
        if (memcmp(data + i, SEP, seplen) == 0) {
            *pos = i + seplen;
            *more = 1;
            return i - start;
        }
    }
    *pos = size;
    *more = 0;
    return size - start;
}

/* Anything besides the inputs left in the folder (a temp file or an output) is a bug. */
static void assert_no_leftovers(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, ".epubpack-tmp", 13) == 0 || strcmp(e->d_name, "out.epub") == 0) {
            fprintf(stderr, "failed build left %s/%s behind\n", dir, e->d_name);
            abort();
        }
    }
    closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *tmp = ep_fuzz_tmpdir();
    char book[600], outdir[600], path[700], out[700], name[32];
    size_t pos = 0, len;
    int more = 0, part = 0;

    ep_fuzz_clean();
    snprintf(book, sizeof book, "%s/book", tmp);
    snprintf(outdir, sizeof outdir, "%s/out", tmp);
    if (mkdir(book, 0755) != 0 || mkdir(outdir, 0755) != 0)
        abort();
    snprintf(path, sizeof path, "%s/img.png", book);
    ep_fuzz_write(path, png1x1, sizeof png1x1);
    snprintf(path, sizeof path, "%s/fake.png", book);
    ep_fuzz_write(path, "not a png\n", 10);

    const uint8_t *p0 = data;
    len = next_part(data, size, &pos, &more);
    if (!more) {
        snprintf(path, sizeof path, "%s/article.md", book);
        ep_fuzz_write(path, p0, len);
    } else {
        snprintf(path, sizeof path, "%s/book.yaml", book);
        ep_fuzz_write(path, p0, len);
        while (more && part < 20) {
            const uint8_t *p = data + pos;
            len = next_part(data, size, &pos, &more);
            snprintf(name, sizeof name, "ch%02d.md", ++part);
            snprintf(path, sizeof path, "%s/%s", book, name);
            ep_fuzz_write(path, p, len);
        }
    }

    ep_options *opt = ep_options_new();
    ep_error err;
    if (!opt || ep_options_set_font(opt, "none") != EP_OK ||
        ep_options_set_diag(opt, ignore_diag, NULL) != EP_OK)
        abort();
    snprintf(out, sizeof out, "%s/out.epub", outdir);
    ep_status st = ep_build(opt, book, out, NULL, &err);
    ep_options_free(opt);
    if (st != EP_OK) {
        if (err.message[0] == '\0') {
            fprintf(stderr, "build failed (%s) without a message\n", ep_status_string(st));
            abort();
        }
        assert_no_leftovers(outdir);
        /* EP_FUZZ_STRICT=1: our own checker rejecting what we wrote is a bug too. */
        if (st == EP_ERR_CHECK && getenv("EP_FUZZ_STRICT")) {
            fprintf(stderr, "%s:%d: %s\n", err.path, err.line, err.message);
            abort();
        }
    }
    return 0;
}
