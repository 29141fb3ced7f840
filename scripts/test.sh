#!/usr/bin/env bash
# Quick start, step 2 (README) and what .ci/run runs: install the checkers the tests use
# (epubcheck, Ace by DAISY, MuPDF, chromium, pandoc, valgrind; skipped when present), build
# with warnings as errors, and run the whole suite under ctest. Missing tools make tests
# FAIL, never skip.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ep_install_deps build test

BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEPUBPACK_WERROR=ON
cmake --build "$BUILD_DIR" -j "$(nproc)"
cd "$BUILD_DIR"
ctest --output-on-failure -j "$(nproc)"
