/* A tiny test harness (after cmark's api_test): checks count, failures print where. */
#ifndef EP_HARNESS_H
#define EP_HARNESS_H

#include <stdio.h>
#include <string.h>

extern int ep_test_failures;
extern int ep_test_count;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        ep_test_count++;                                                                           \
        if (!(cond)) {                                                                             \
            ep_test_failures++;                                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        ep_test_count++;                                                                           \
        if (!g_ || !w_ || strcmp(g_, w_) != 0) {                                                   \
            ep_test_failures++;                                                                    \
            fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__,                \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                       \
        }                                                                                          \
    } while (0)

/* Prints the closing line ("N passed, N failed") and returns the exit code. */
int ep_test_done(void);

#endif
