#!/usr/bin/env bash
# scripts/fetch-test-data.sh (tests/data/README.md): data taken from EPUBPACK_TEST_DATA is
# refused when a file differs, is missing or is extra; a download is checked before it is kept
# in the cache, and a cache that checks out is used without the network. The "downloads" come
# from local copies of the sources (file:// URLs), laid out as GitHub serves them and made from
# the checked data, so everything but the network itself is exercised.
. "$(dirname "$0")/lib.bash"
require_tool curl "apt-get install curl"
require_tool flock "apt-get install util-linux"
make_workdir
require_test_data epubcheck epubcheck-epub2 w3c-epub-tests war-and-peace readability
data=$EP_TEST_DATA
fetch=$EP_SOURCE_DIR/scripts/fetch-test-data.sh
commit=$(sed -n 's/^epubcheck_commit=//p' "$fetch")
[[ $commit =~ ^[0-9a-f]{40}$ ]] || fail "no pinned epubcheck commit in $fetch"
rd_commit=$(sed -n 's/^rd_commit=//p' "$fetch")
[[ $rd_commit =~ ^[0-9a-f]{40}$ ]] || fail "no pinned readability commit in $fetch"
w3c_commit=$(sed -n 's/^w3c_commit=//p' "$fetch")
[[ $w3c_commit =~ ^[0-9a-f]{40}$ ]] || fail "no pinned w3c/epub-tests commit in $fetch"

# The sources: epubcheck's archive (with one file more than the manifest lists, as the real one
# has), w3c/epub-tests' archive and the four volumes under their names in modded-nanogpt.
mkdir -p "$WORK/unlisted/epub3" "$WORK/wp"
printf 'not in the manifest\n' >"$WORK/unlisted/epub3/unlisted.txt"
tar -czf "$WORK/epubcheck.tar.gz" --transform "s|^|epubcheck-$commit/src/test/resources/|" \
    -C "$data/conformance/epubcheck/files" epub3 -C "$WORK/unlisted" epub3/unlisted.txt \
    -C "$data/conformance/epubcheck-epub2/files" epub2
tar -czf "$WORK/w3c.tar.gz" --transform "s|^|epub-tests-$w3c_commit/|" \
    -C "$data/conformance/w3c-epub-tests" tests
for n in 1 2 3 4; do
    cp "$data/corpus/war-and-peace/tom$n.txt" "$WORK/wp/Война и мир. Том $n.txt"
done
# Readability's archive: test/test-pages/ and LICENSE.md under readability-COMMIT/.
tar -czf "$WORK/readability.tar.gz" --transform "s|^test-pages|readability-$rd_commit/test/test-pages|" \
    --transform "s|^LICENSE.md|readability-$rd_commit/LICENSE.md|" \
    -C "$data/conformance/readability" test-pages LICENSE.md

# fetch [VAR=VALUE...] -- ARGS... — runs the script without EPUBPACK_TEST_DATA, on the cache
# $WORK/cache and the local sources; sets RC, OUT (stdout) and ERR (stderr).
fetch() {
    local env=()
    while [[ $1 != -- ]]; do env+=("$1") && shift; done
    shift
    RC=0
    env -u EPUBPACK_TEST_DATA EPUBPACK_TEST_CACHE="$WORK/cache" \
        EPUBPACK_TEST_DATA_EPUBCHECK_URL="file://$WORK/epubcheck.tar.gz" \
        EPUBPACK_TEST_DATA_W3C_URL="file://$WORK/w3c.tar.gz" \
        EPUBPACK_TEST_DATA_WAR_AND_PEACE_URL="file://$WORK/wp" \
        EPUBPACK_TEST_DATA_READABILITY_URL="file://$WORK/readability.tar.gz" "${env[@]}" \
        "$fetch" "$@" >"$WORK/out" 2>"$WORK/err" || RC=$?
    OUT=$(cat "$WORK/out") ERR=$(cat "$WORK/err")
}
cache=$WORK/cache
wp1=$cache/corpus/war-and-peace/tom1.txt

# 1. An empty cache: every set is downloaded, checked and kept; only the listed files.
fetch --
[[ $RC -eq 0 && $OUT == "$cache" ]] || fail "download into an empty cache: exit $RC, stdout '$OUT': $ERR"
[[ $(grep -c '^fetch-test-data: downloading' <<<"$ERR") -eq 5 ]] || fail "expected five downloads: $ERR"
cmp -s "$data/conformance/epubcheck-epub2/files/epub2/files/epub/minimal/OPS/package.opf" \
    "$cache/conformance/epubcheck-epub2/files/epub2/files/epub/minimal/OPS/package.opf" ||
    fail "epubcheck's EPUB 2 minimal package differs"
cmp -s "$data/conformance/readability/test-pages/bbc-1/expected.html" \
    "$cache/conformance/readability/test-pages/bbc-1/expected.html" || fail "readability's bbc-1 differs"
[[ ! -e $cache/conformance/epubcheck/files/epub3/unlisted.txt ]] || fail "a file the manifest does not list was kept"
cmp -s "$data/corpus/war-and-peace/tom3.txt" "$cache/corpus/war-and-peace/tom3.txt" || fail "tom3.txt differs"

# 2. A cache that checks out is used as it is: no download (the sources are gone).
fetch EPUBPACK_TEST_DATA_EPUBCHECK_URL=file:///nonexistent EPUBPACK_TEST_DATA_W3C_URL=file:///nonexistent \
    EPUBPACK_TEST_DATA_WAR_AND_PEACE_URL=file:///nonexistent EPUBPACK_TEST_DATA_READABILITY_URL=file:///nonexistent --
[[ $RC -eq 0 && -z $ERR ]] || fail "a good cache was not used as it is: exit $RC: $ERR"

# 3. A damaged file in the cache: that set is downloaded again.
printf 'damage' >>"$wp1"
fetch -- war-and-peace
[[ $RC -eq 0 ]] || fail "a damaged cache was not repaired: exit $RC: $ERR"
grep -q '^fetch-test-data: downloading War and Peace' <<<"$ERR" || fail "no new download: $ERR"
cmp -s "$data/corpus/war-and-peace/tom1.txt" "$wp1" || fail "tom1.txt was not repaired"

# 4. A download that differs from the manifest is refused, and nothing of it is kept.
printf 'damage' >>"$WORK/wp/Война и мир. Том 2.txt"
rm "$wp1"
fetch -- war-and-peace
[[ $RC -eq 1 ]] || fail "a damaged download: expected exit 1, got $RC: $ERR"
grep -q '^    corpus/war-and-peace/tom2.txt: FAILED$' <<<"$ERR" || fail "the damaged file is not named: $ERR"
grep -q 'set EPUBPACK_TEST_DATA' <<<"$ERR" || fail "no advice on how to get the data: $ERR"
[[ ! -e "$wp1" && -z $(find "$cache" -name '.download.*') ]] || fail "parts of a refused download were kept"
[[ -z $OUT ]] || fail "a folder was printed although the data is missing: $OUT"

# 5. EPUBPACK_TEST_DATA: the copy is checked the same way, and never written.
given() { # given ARGS... — the script on EPUBPACK_TEST_DATA=$WORK/given
    RC=0
    EPUBPACK_TEST_DATA=$WORK/given "$fetch" "$@" >"$WORK/out" 2>"$WORK/err" || RC=$?
    OUT=$(cat "$WORK/out") ERR=$(cat "$WORK/err")
}
mkdir "$WORK/given"
mv "$cache/conformance" "$WORK/given/" # the epubcheck set downloaded in step 1
given epubcheck
[[ $RC -eq 0 && $OUT == "$WORK/given" ]] || fail "a good EPUBPACK_TEST_DATA was refused: $ERR"
opf=conformance/epubcheck/files/epub3/00-minimal/files/minimal/EPUB/package.opf
printf ' ' >>"$WORK/given/$opf"
given epubcheck
[[ $RC -eq 1 ]] || fail "a changed file: expected exit 1, got $RC"
grep -q "^    $opf: FAILED\$" <<<"$ERR" || fail "the changed file is not named: $ERR"
cp "$data/$opf" "$WORK/given/$opf"
printf 'x' >"$WORK/given/conformance/epubcheck/files/epub3/00-minimal/files/minimal/EPUB/extra.xhtml"
given epubcheck
[[ $RC -eq 1 ]] || fail "an extra file in a fixture: expected exit 1, got $RC"
grep -q 'minimal/EPUB/extra.xhtml$' <<<"$ERR" || fail "the extra file is not named: $ERR"
given war-and-peace
[[ $RC -eq 1 ]] || fail "a missing set: expected exit 1, got $RC"
grep -q "^fetch-test-data: war-and-peace: 4 of 4 files in $WORK/given are missing" <<<"$ERR" ||
    fail "the missing set is not reported: $ERR"
note "ok"
