#!/usr/bin/env bash
# Gumbo vs libxml2's HTML parser on Readability's test pages (tests/bench/html_parsers.c).
#   EPUBPACK_TEST_DATA=/work/shared tests/bench/html_parsers.sh   (VERBOSE=1: pages that differ)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pages=${EPUBPACK_TEST_DATA:?set EPUBPACK_TEST_DATA}/conformance/readability/test-pages
bin=$(mktemp -d)/html_parsers
trap 'rm -rf "$(dirname "$bin")"' EXIT
cc -O2 -std=c11 -o "$bin" "$here/html_parsers.c" $(pkg-config --cflags --libs gumbo libxml-2.0)
"$bin" "$pages"/*/
