#!/usr/bin/env bash
# The static release binary: builds libzip, harfbuzz and libxml2 from Debian's source packages
# (scripts/static-deps.sh, once), then epubpack with every library linked in but glibc
# (cmake/static.cmake). Result: $BUILD_DIR/epubpack-static (default build-static/), the binary
# tests/bench/ measures; $BUILD_DIR/epubpack beside it is the usual dynamic build.
#   ./scripts/build-static.sh [extra cmake arguments]
#   then: (cd build-static && ctest)   the whole suite on the static binary, plus
#         tests/static/identical.sh (same EPUBs and reports as the dynamic binary)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ep_install_deps build

export DEPS_DIR=${DEPS_DIR:-$PWD/build-deps}
./scripts/static-deps.sh
BUILD_DIR=${BUILD_DIR:-build-static}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DEPUBPACK_STATIC_DEPS="$DEPS_DIR/prefix" "$@"
cmake --build "$BUILD_DIR" -j "$(nproc)"
ls -l "$BUILD_DIR/epubpack-static"
