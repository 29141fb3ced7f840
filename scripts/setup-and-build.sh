#!/usr/bin/env bash
# Quick start, step 1 (README): on a fresh Debian 12 machine, install the build dependencies
# with apt, build epubpack, and package the bundled article book/ into book.epub. The build
# validates the EPUB it wrote (epubpack's built-in checker) and fails if it finds a problem.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ep_install_deps build

BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$BUILD_DIR" -j "$(nproc)"

echo
"$BUILD_DIR/epubpack" build book -o book.epub
"$BUILD_DIR/epubpack" check book.epub
echo
echo "Done: $(pwd)/book.epub"
echo "Look at it: mutool draw -F txt -o - book.epub | less   (apt-get install mupdf-tools)"
echo "Run the tests: ./scripts/test.sh"
