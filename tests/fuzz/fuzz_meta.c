/* Fuzz target: the YAML metadata reader (epi_meta_parse) on arbitrary bytes. */
#include "read/read_private.h"
#include "fuzz.h"

static void ignore_diag(void *ud, const ep_diag *d)
{
    (void)ud;
    (void)d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ep_options opt = {0};
    ep_error err;
    epi_meta meta = {0};

    opt.diag = ignore_diag;
    epi_ctx ctx = {.opt = &opt, .err = &err};
    ep_status st = epi_meta_parse(&ctx, "fuzz.yaml", 2, (const char *)data, size, &meta);
    /* A failure must say what went wrong. */
    if (st != EP_OK && err.message[0] == '\0')
        __builtin_trap();
    epi_meta_free(&meta);
    return 0;
}
