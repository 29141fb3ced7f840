/*
 * Shared by the fuzz harnesses (tests/fuzz/fuzz_*.c). Each harness defines
 * LLVMFuzzerTestOneInput; with clang -fsanitize=fuzzer libFuzzer supplies main(), otherwise
 * replay.c does: it feeds every file named on the command line (or found in a folder named
 * there) to the harness, so ctest replays the seed corpus with gcc too.
 */
#ifndef EP_FUZZ_H
#define EP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A private scratch folder, created once per process and removed at exit. */
const char *ep_fuzz_tmpdir(void);
/* Writes `len` bytes to `path`; returns 0 on success. */
int ep_fuzz_write(const char *path, const void *data, size_t len);
/* Removes everything inside the scratch folder (not the folder itself). */
void ep_fuzz_clean(void);

#endif
