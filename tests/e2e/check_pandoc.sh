#!/usr/bin/env bash
# Valid EPUBs from elsewhere must pass the built-in checker: pandoc's EPUB 3 output for the
# Markdown fixtures in tests/check/pandoc/. When epubcheck is installed, our verdict must also
# equal epubcheck's (pandoc 2.17 has real epubcheck issues for some inputs; the verdicts must
# agree either way).
set -u
src=${EP_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
checker=${CHECKER:-"${EPUBPACK:-epubpack} check"}
command -v pandoc >/dev/null || { echo "SKIP: pandoc is not installed"; exit 0; }
epubcheck_jar=/usr/share/java/epubcheck.jar
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for md in "$src"/tests/check/pandoc/*.md; do
    name=$(basename "$md" .md)
    for variant in plain mathml; do
        epub=$tmp/$name-$variant.epub
        opts=()
        [ $variant = mathml ] && opts=(--mathml)
        (cd "$(dirname "$md")" && pandoc "${opts[@]}" "$md" -o "$epub") || { echo "FAIL: pandoc $md"; fail=1; continue; }
        out=$($checker "$epub" 2>&1)
        rc=$?
        ours=valid
        if [ $rc -ne 0 ] || grep -qE '^(FATAL|ERROR)\(' <<<"$out"; then ours=invalid; fi
        theirs=valid
        if [ -f "$epubcheck_jar" ] && command -v java >/dev/null; then
            java -jar "$epubcheck_jar" -q "$epub" >/dev/null 2>&1 || theirs=invalid
        fi
        echo "$name ($variant): epubpack $ours, epubcheck $theirs"
        if [ "$ours" != "$theirs" ]; then
            echo "$out"
            fail=1
        fi
    done
done
exit $fail
