#!/usr/bin/env bash
# The EPUBs a build of epubpack writes for book/ and every test fixture, as sha256 sums, so a
# refactoring can show it changed no byte (issue 26: "byte-identical to those of main").
#
#   scripts/epub-identity.sh EPUBPACK                 print "SHA256  NAME" for each EPUB
#   scripts/epub-identity.sh EPUBPACK_OLD EPUBPACK    build with both, fail on any difference
#
# Each input is built with SOURCE_DATE_EPOCH fixed, for the default target and for kobo
# (kepub markup, notes, split files), and with --typography=off/--hyphenate=off variants.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export SOURCE_DATE_EPOCH=1590019200
sums() {
    local bin=$1 out n=0
    out=$(mktemp -d)
    local inputs=("$root/book" "$root/tests/fixtures/markdown-book" "$root/tests/fixtures/reader-book")
    while IFS= read -r f; do inputs+=("$f"); done < <(find "$root/tests/fixtures/web" -name '*.htm*' | sort)
    for in in "${inputs[@]}"; do
        name=${in#"$root"/}
        name=${name//\//_}
        for variant in "" "--target=kobo" "--typography=off --hyphenate=off --font none"; do
            n=$((n + 1))
            # shellcheck disable=SC2086 # the variant is a list of options
            if "$bin" build "$in" -o "$out/$n.epub" $variant >/dev/null 2>"$out/err"; then
                printf '%s  %s %s\n' "$(sha256sum <"$out/$n.epub" | cut -c1-64)" "$name" "$variant"
            else
                printf 'failed(%s)  %s %s\n' "$(head -c 80 "$out/err" | tr '\n' ' ')" "$name" "$variant"
            fi
        done
    done
    rm -rf "$out"
}
if [[ $# -eq 1 ]]; then
    sums "$1"
    exit 0
fi
[[ $# -eq 2 ]] || { echo "usage: $0 EPUBPACK [EPUBPACK_NEW]" >&2; exit 2; }
a=$(sums "$1")
b=$(sums "$2")
if [[ "$a" != "$b" ]]; then
    diff <(echo "$a") <(echo "$b") >&2 || true
    echo "epub-identity: the EPUBs differ" >&2
    exit 1
fi
echo "epub-identity: $(wc -l <<<"$a") EPUBs byte-identical"
