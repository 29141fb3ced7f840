#!/usr/bin/env bash
# Quick start, step 2 (README) and what .ci/run runs: install the checkers the tests use
# (epubcheck, Ace by DAISY, MuPDF, chromium, pandoc, valgrind; skipped when present), build
# with warnings as errors, and run the whole suite under ctest. Missing tools make tests
# FAIL, never skip.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ep_install_deps build test

# Its own build folder: the quick start's build/ (a Release build, step 1) stays as it was.
BUILD_DIR=${BUILD_DIR:-build-test}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEPUBPACK_WERROR=ON
cmake --build "$BUILD_DIR" -j "$(nproc)"
# The test data that is not ours (tests/data/README.md), once for all tests: EPUBPACK_TEST_DATA,
# or downloaded into a cache. Without it, the tests that read it fail and say how to get it.
./scripts/fetch-test-data.sh >/dev/null || echo "test.sh: no test data (above); the tests that read it will fail" >&2
cd "$BUILD_DIR"
ctest --output-on-failure -j "$(nproc)"
