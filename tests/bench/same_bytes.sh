#!/usr/bin/env bash
# Byte-identity of a speed change (issue 24): the EPUBs of two epubpack binaries, built from
# the same inputs with SOURCE_DATE_EPOCH fixed (docs/ARCHITECTURE.md "Reproducibility"), must
# have the same SHA-256. Run it with the binary of main before the change and the one after:
#
#   EPUBPACK_BEFORE=/path/to/old/epubpack EPUBPACK=build/epubpack tests/bench/same_bytes.sh
#
# A refactoring (issue 26) shows the same way that it changed no byte.
# Inputs: the bundled article, the test fixtures (tests/fixtures/*: both books for both targets
# and with typography, hyphenation and fonts off, each Cyrillic article, every web page for
# both targets), War and Peace as one
# Markdown file and as a folder of chapters (tests/data/README.md), the article as a kepub and
# with each hyphenation mode, and a batch of 40 generated articles (`-O DIR -j 2`).
# Env: WORK (scratch folder, default /tmp/epubpack-same-bytes), EPUBPACK_TEST_DATA.
# Prints one line per EPUB and exits 1 when any differs.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
: "${EPUBPACK_BEFORE:?the binary before the change}" "${EPUBPACK:=$src/build/epubpack}"
export EPUBPACK
. "$src/tests/e2e/lib.bash"
require_test_data war-and-peace
wp=$EP_TEST_DATA/corpus/war-and-peace
work=${WORK:-/tmp/epubpack-same-bytes}
rm -rf "$work/before" "$work/after"
mkdir -p "$work/before" "$work/after"
[[ -f "$work/wp.md" ]] || python3 "$src/tests/bench/wp_to_markdown.py" --single "$wp" "$work/wp.md" >/dev/null
[[ -f "$work/wp/book.yaml" ]] || python3 "$src/tests/bench/wp_to_markdown.py" "$wp" "$work/wp" >/dev/null
[[ -d "$work/articles" ]] || python3 "$src/tests/bench/gen_corpus.py" articles 40 "$work/articles" "$wp" >/dev/null
export SOURCE_DATE_EPOCH=1700000000

# build NAME INPUT [OPTION…]: the same build with both binaries
names=()
build() {
    local name=$1 input=$2
    shift 2
    "$EPUBPACK" build "$input" -o "$work/after/$name.epub" "$@" >/dev/null 2>&1 ||
        fail "the binary after failed on $name"
    # a fixture added with the change that the binary before refuses: nothing to compare
    if ! "$EPUBPACK_BEFORE" build "$input" -o "$work/before/$name.epub" "$@" >/dev/null 2>&1; then
        printf 'new      %s (the binary before refuses it)\n' "$name.epub"
        return
    fi
    names+=("$name.epub")
}
build article "$src/book"
build article-kobo "$src/book" --target=kobo
build article-hyphen-css "$src/book" --hyphenate=css
build article-typography-off "$src/book" --typography=off --font none
build article-hyphen-off "$src/book" --hyphenate=off
for f in markdown-book reader-book; do
    build "fixture-$f" "$src/tests/fixtures/$f"
    build "fixture-$f-kobo" "$src/tests/fixtures/$f" --target=kobo
    build "fixture-$f-plain" "$src/tests/fixtures/$f" --typography=off --hyphenate=off --font none
done
for f in "$src"/tests/fixtures/cyrillic/*.md; do
    build "cyrillic-$(basename "$f" .md)" "$f"
done
while IFS= read -r f; do
    n=${f#"$src/tests/fixtures/web/"}
    n=web-${n//\//_}
    build "$n" "$f"
    build "$n-kobo" "$f" --target=kobo
done < <(find "$src/tests/fixtures/web" -name '*.htm*' | sort)
build wp-single "$work/wp.md"
build wp-folder "$work/wp"
build wp-single-split2 "$work/wp.md" --split-level 2
mkdir -p "$work/before/batch" "$work/after/batch"
"$EPUBPACK_BEFORE" build "$work"/articles/*.md -O "$work/before/batch" -j 2 >/dev/null 2>&1 ||
    fail "the binary before failed on the batch"
"$EPUBPACK" build "$work"/articles/*.md -O "$work/after/batch" -j 2 >/dev/null 2>&1 ||
    fail "the binary after failed on the batch"
for f in "$work"/before/batch/*.epub; do names+=("batch/$(basename "$f")"); done

differ=0
for n in "${names[@]}"; do
    a=$(sha256sum <"$work/before/$n" | cut -c1-64)
    b=$(sha256sum <"$work/after/$n" 2>/dev/null | cut -c1-64 || true)
    if [[ "$a" == "$b" ]]; then
        printf 'same     %s  %s\n' "${a:0:16}" "$n"
    else
        printf 'DIFFERS  %s  %s (after: %s)\n' "${a:0:16}" "$n" "${b:0:16}"
        differ=$((differ + 1))
    fi
done
((differ == 0)) || fail "$differ of ${#names[@]} EPUBs differ"
note "all ${#names[@]} EPUBs byte-identical"
