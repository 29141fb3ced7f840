#!/usr/bin/env bash
# Quick start, step 1 (README): on a fresh Debian 12 or 13 machine, install the build dependencies
# with apt (Debian's own packages), build epubpack into build/ (the ordinary dynamically
# linked binary), and package the bundled article book/ into book.epub. The build validates
# the EPUB it wrote (epubpack's built-in checker) and fails if it finds a problem.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ep_install_deps build

BUILD_DIR=${BUILD_DIR:-build}
bin=$BUILD_DIR/epubpack
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD_DIR" -j "$(nproc)"

echo
"$bin" build book -o book.epub
"$bin" check book.epub
echo
echo "Done: $(pwd)/book.epub (built by $bin)"
echo "Look at it: mutool draw -F txt -o - book.epub | less   (apt-get install mupdf-tools)"
echo "Run the tests: ./scripts/test.sh"
