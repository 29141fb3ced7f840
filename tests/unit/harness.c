#include "harness.h"

int ep_test_failures = 0;
int ep_test_count = 0;

int ep_test_done(void)
{
    printf("%d passed, %d failed\n", ep_test_count - ep_test_failures, ep_test_failures);
    return ep_test_failures == 0 && ep_test_count > 0 ? 0 : 1;
}
