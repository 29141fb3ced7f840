/* Fuzz target: Markdown → XHTML (epi_markdown_to_chapter), then serialisation of the tree. */
#include "package/pkg_private.h"
#include "read/read_private.h"
#include "fuzz.h"
#include "util/init.h"

#include <stdlib.h>

static void ignore_diag(void *ud, const ep_diag *d)
{
    (void)ud;
    (void)d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ep_options opt = {0};
    ep_error err;
    epi_chapter ch = {0};
    char path[] = "fuzz.md";

    epi_init(); /* what ep_build does first; the harness calls an internal */
    opt.diag = ignore_diag;
    epi_ctx ctx = {.opt = &opt, .err = &err};
    ch.src_path = path;
    ep_status st = epi_markdown_to_chapter(&ctx, (const char *)data, size, 1, &ch, NULL);
    if (st == EP_OK) {
        unsigned char *out = NULL;
        size_t len = 0;
        if (epi_xml_serialize(ch.doc, &out, &len, &err) == EP_OK)
            free(out);
    } else if (err.message[0] == '\0') {
        __builtin_trap();
    }
    if (ch.doc)
        xmlFreeDoc(ch.doc);
    return 0;
}
