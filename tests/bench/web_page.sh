#!/usr/bin/env bash
# Build time of web pages (issue 14): every Readability test page (EPUBPACK_TEST_DATA) built
# once, fonts on, check on, as a user would; prints the median, the 90th percentile and the
# slowest page, and the time of tests/fixtures/web/saved (a saved page with its images).
#   EPUBPACK_TEST_DATA=/work/shared tests/bench/web_page.sh [build/epubpack]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$here/build/epubpack}
pages=${EPUBPACK_TEST_DATA:?set EPUBPACK_TEST_DATA}/conformance/readability/test-pages
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ms() { date +%s%N | cut -c1-13; }
for d in "$pages"/*/; do
    t0=$(ms)
    "$bin" build "$d/source.html" -o "$work/p.epub" >/dev/null 2>&1 || true
    echo "$(($(ms) - t0)) $(basename "$d") $(wc -c <"$d/source.html")"
done | sort -n >"$work/times"
n=$(wc -l <"$work/times")
echo "pages: $n"
echo "median: $(sed -n "$(((n + 1) / 2))p" "$work/times" | awk '{print $1 " ms (" $2 ", " $3 " bytes)"}')"
echo "p90:    $(sed -n "$((n * 9 / 10))p" "$work/times" | awk '{print $1 " ms (" $2 ", " $3 " bytes)"}')"
echo "max:    $(tail -1 "$work/times" | awk '{print $1 " ms (" $2 ", " $3 " bytes)"}')"
t0=$(ms)
"$bin" build "$here/tests/fixtures/web/saved/statya.html" -o "$work/s.epub" >/dev/null 2>&1
echo "tests/fixtures/web/saved/statya.html: $(($(ms) - t0)) ms"
