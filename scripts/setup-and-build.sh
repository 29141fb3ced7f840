#!/usr/bin/env bash
# Quick start, step 1 (README): on a fresh Debian 12 machine, install the build dependencies
# with apt, build epubpack, and package the bundled article book/ into book.epub. The build
# validates the EPUB it wrote (epubpack's built-in checker) and fails if it finds a problem.
#
# The binary is the static release build (build/epubpack-static): libzip, harfbuzz and libxml2
# are built once from Debian's source packages (scripts/static-deps.sh, about 2 minutes on
# 2 cores), every other library comes from Debian's .a archives. It starts in 1 ms instead of
# 3.5 ms (tests/bench/PROFILE.md). EPUBPACK_STATIC=0 skips it; if the sources cannot be
# fetched, the dynamically linked build/epubpack (the same program) is used instead.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ep_install_deps build

BUILD_DIR=${BUILD_DIR:-build}
export DEPS_DIR=${DEPS_DIR:-$PWD/build-deps}
static_args=()
bin=$BUILD_DIR/epubpack
if [[ ${EPUBPACK_STATIC:-1} != 0 ]]; then
    if ./scripts/static-deps.sh; then
        static_args=(-DEPUBPACK_STATIC_DEPS="$DEPS_DIR/prefix")
        bin=$BUILD_DIR/epubpack-static
    else
        echo "setup: could not build the static dependencies (above); using the dynamic build" >&2
    fi
fi
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release "${static_args[@]}"
cmake --build "$BUILD_DIR" -j "$(nproc)"

echo
"$bin" build book -o book.epub
"$bin" check book.epub
echo
echo "Done: $(pwd)/book.epub (built by $bin)"
echo "Look at it: mutool draw -F txt -o - book.epub | less   (apt-get install mupdf-tools)"
echo "Run the tests: ./scripts/test.sh"
