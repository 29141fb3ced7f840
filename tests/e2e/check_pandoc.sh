#!/usr/bin/env bash
# Valid EPUBs from elsewhere must pass the built-in checker: pandoc's EPUB 3 output for the
# Markdown fixtures in tests/check/pandoc/, plain and with --mathml. Our verdict must equal
# epubcheck's (pandoc 2.17 has real epubcheck issues for some inputs; the verdicts must agree
# either way). pandoc, java and epubcheck are required: a missing one fails the test.
. "$(dirname "$0")/lib.bash"
require_tool pandoc "apt-get install pandoc"
require_tool java "apt-get install default-jre-headless"
[[ -f "$EP_EPUBCHECK_JAR" ]] || fail "$EP_EPUBCHECK_JAR missing (apt-get install epubcheck)"
require_epubpack
make_workdir

n=0
for md in "$EP_SOURCE_DIR"/tests/check/pandoc/*.md; do
    name=$(basename "$md" .md)
    for variant in plain mathml; do
        epub=$WORK/$name-$variant.epub
        opts=()
        [[ $variant == mathml ]] && opts=(--mathml)
        (cd "$(dirname "$md")" && pandoc "${opts[@]}" "$md" -o "$epub") || fail "pandoc $md ($variant)"
        rc=0
        out=$("$EPUBPACK" check "$epub" 2>&1) || rc=$?
        ours=valid
        if [[ $rc -ne 0 ]] || grep -qE '^(FATAL|ERROR)\(' <<<"$out"; then ours=invalid; fi
        theirs=valid
        java -jar "$EP_EPUBCHECK_JAR" -q "$epub" >/dev/null 2>&1 || theirs=invalid
        note "$name ($variant): epubpack $ours, epubcheck $theirs"
        if [[ "$ours" != "$theirs" ]]; then
            printf '%s\n' "$out" >&2
            fail "$name ($variant): epubpack says $ours, epubcheck says $theirs"
        fi
        n=$((n + 1))
    done
done
[[ $n -gt 0 ]] || fail "no Markdown fixtures in tests/check/pandoc/"
