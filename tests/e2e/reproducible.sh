#!/usr/bin/env bash
# Reproducibility (issue #2): two builds with the same SOURCE_DATE_EPOCH are byte-identical;
# two builds without it carry the same dc:identifier (a UUIDv5 of stable input, not random).
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool cmp "apt-get install diffutils"
require_tool unzip "apt-get install unzip"
make_workdir

book="$EP_SOURCE_DIR/book"
SOURCE_DATE_EPOCH=1590019200 epubpack_build "$book" -o "$WORK/a.epub"
sleep 1 # a clock leaking into the output would differ by now
SOURCE_DATE_EPOCH=1590019200 epubpack_build "$book" -o "$WORK/b.epub"
cmp "$WORK/a.epub" "$WORK/b.epub" || fail "two builds with SOURCE_DATE_EPOCH=1590019200 differ"
note "same SOURCE_DATE_EPOCH: byte-identical ($(wc -c <"$WORK/a.epub") bytes)"

# A different epoch must change the package (dcterms:modified), or the epoch is ignored.
SOURCE_DATE_EPOCH=1600000000 epubpack_build "$book" -o "$WORK/c.epub"
modified=$(unzip -p "$WORK/c.epub" EPUB/package.opf | grep -o '<meta property="dcterms:modified">[^<]*' || true)
[[ "$modified" == *2020-09-13T12:26:40Z ]] ||
    fail "SOURCE_DATE_EPOCH=1600000000 gave '$modified', expected dcterms:modified 2020-09-13T12:26:40Z"

ident() {
    unzip -p "$1" EPUB/package.opf |
        python3 -c 'import re,sys; t=sys.stdin.read(); u=re.search(r"unique-identifier=\"([^\"]+)\"",t).group(1); print(re.search(r"<dc:identifier[^>]*id=\"%s\"[^>]*>([^<]+)<" % re.escape(u), t).group(1))'
}
(unset SOURCE_DATE_EPOCH; epubpack_build "$book" -o "$WORK/d.epub")
sleep 1
(unset SOURCE_DATE_EPOCH; epubpack_build "$book" -o "$WORK/e.epub")
id1=$(ident "$WORK/d.epub") || fail "no unique identifier in d.epub"
id2=$(ident "$WORK/e.epub") || fail "no unique identifier in e.epub"
[[ -n "$id1" && "$id1" == "$id2" ]] || fail "identifiers differ without SOURCE_DATE_EPOCH: '$id1' vs '$id2'"
[[ "$(ident "$WORK/a.epub")" == "$id1" ]] || fail "the identifier depends on SOURCE_DATE_EPOCH"
note "identifier stable: $id1"
note "ok"
