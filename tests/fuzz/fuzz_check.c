/*
 * Fuzz target: the built-in checker (ep_check_file) on arbitrary bytes written to a file —
 * anything a user may pass to `epubpack check`. A file that cannot be examined must say why.
 */
#include "epubpack.h"
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>

static void count_diag(void *ud, const ep_diag *d)
{
    /* Touch every string so ASan sees a dangling or unterminated one. */
    size_t *n = ud;
    for (const char *s = d->message; s && *s; s++)
        (*n)++;
    for (const char *s = d->path; s && *s; s++)
        (*n)++;
    for (const char *s = d->id; s && *s; s++)
        (*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[600];
    ep_error err;
    ep_check_result res = {0};
    size_t chars = 0;

    snprintf(path, sizeof path, "%s/in.epub", ep_fuzz_tmpdir());
    if (ep_fuzz_write(path, data, size) != 0)
        abort();
    ep_status st = ep_check_file(path, count_diag, &chars, &res, &err);
    if (st != EP_OK && err.message[0] == '\0')
        abort();
    return 0;
}
