/* Fuzz target: a web page's metadata (src/read/webmeta.c) on arbitrary bytes. Input that starts
 * with '<' is a whole page (meta tags, <title>, bylines); anything else is the text of a
 * <script type="application/ld+json"> block in a small page, so json-c and the JSON-LD walk get
 * most of the work. */
#include "read/read_private.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

static void ignore_diag(void *ud, const ep_diag *d)
{
    (void)ud;
    (void)d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char head[] = "<!DOCTYPE html><html lang=\"ru\"><head><title>T | S</title>"
                               "<script type=\"application/ld+json\">";
    static const char tail[] = "</script></head><body><p class=\"byline\">By A</p></body></html>";
    ep_options opt = {0};
    ep_error err = {0};
    epi_meta meta = {0};
    epi_webmeta web = {0};
    bool page = size && data[0] == '<';
    size_t len = page ? size : sizeof head - 1 + size + sizeof tail - 1;
    char *html = malloc(len + 1);

    if (!html)
        return 0;
    if (page) {
        memcpy(html, data, size);
    } else {
        memcpy(html, head, sizeof head - 1);
        memcpy(html + sizeof head - 1, data, size);
        memcpy(html + sizeof head - 1 + size, tail, sizeof tail);
    }
    html[len] = '\0';
    opt.diag = ignore_diag;
    epi_ctx ctx = {.opt = &opt, .err = &err};
    GumboOutput *out = gumbo_parse_with_options(&kGumboDefaultOptions, html, len);
    if (out) {
        ep_status st = epi_webmeta_read(&ctx, out->document, "fuzz.html", &meta, &web);
        /* Only out of memory fails, and it says so. */
        if (st != EP_OK && (st != EP_ERR_NOMEM || err.message[0] == '\0'))
            __builtin_trap();
        /* What reaches the book is clean text: no empty or space-edged values. */
        if (meta.title && (!*meta.title || meta.title[0] == ' '))
            __builtin_trap();
        for (size_t i = 0; i < meta.ncreators; i++)
            if (!meta.creators[i].name || !*meta.creators[i].name)
                __builtin_trap();
        gumbo_destroy_output(&kGumboDefaultOptions, out);
    }
    epi_meta_free(&meta);
    epi_webmeta_free(&web);
    free(html);
    return 0;
}
