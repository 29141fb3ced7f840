#!/usr/bin/env bash
# A web page's own image as the cover (issue 14): JSON-LD `image`, else og:image, becomes the
# cover when it is a file of the saved page, a JPEG or PNG, at least 1000 px on its long side,
# and the book names no cover-image. Remote, small or out-of-folder images, and books of several
# pages, get none. The fixture's PNGs are plain colours written by python3's zlib:
# stranitsa_files/oblozhka.png is 1200x1800, stranitsa_files/malaya.png 600x900.
. "$(dirname "$0")/lib.bash"
require_epubpack
make_workdir
FIX="$EP_SOURCE_DIR/tests/fixtures/web/cover"

# build ERR ARGS... — epubpack build ARGS with stderr in ERR; fails the test, showing it, unless 0.
build() {
    local err=$1 rc=0
    shift
    "$EPUBPACK" build "$@" >/dev/null 2>"$err" || rc=$?
    [[ $rc -eq 0 ]] || fail "epubpack build $* exited $rc: $(cat "$err")"
}
opf_of() { unzip -p "$1" EPUB/package.opf; }
# cover_is EPUB HREF CASE — HREF (under EPUB/) is the one cover-image and the cover page shows it.
cover_is() {
    local opf items
    opf=$(opf_of "$1")
    items=$(grep -F 'properties="cover-image"' <<<"$opf" || true)
    [[ $(grep -c . <<<"$items") -eq 1 && $items == *"href=\"$2\""* ]] ||
        fail "$3: expected $2 as the one cover-image item, got: ${items:-none}"
    unzip -p "$1" EPUB/text/cover.xhtml 2>/dev/null | grep -qF "src=\"../$2\"" ||
        fail "$3: EPUB/text/cover.xhtml missing or not showing ../$2"
    grep -qF '<itemref idref="cover-page"/>' <<<"$opf" || fail "$3: the cover page is not in the spine"
}
# no_cover EPUB CASE — no cover-image item, no cover page, no cover <meta>.
no_cover() {
    ! opf_of "$1" | grep -qE 'cover-image|cover-page|name="cover"' ||
        fail "$2: expected no cover, package.opf has: $(opf_of "$1" | grep -E 'cover')"
    ! unzip -Z1 "$1" | grep -qF EPUB/text/cover.xhtml || fail "$2: a cover page without a cover"
}
# page CASE SED — a copy of the fixture folder in $WORK/CASE, its page edited by SED.
page() {
    cp -r "$FIX" "$WORK/$1"
    sed -i -e "$2" "$WORK/$1/stranitsa.html"
}
OG='<meta property="og:image" content="stranitsa_files/oblozhka.png">'

# 1. og:image names a large local PNG: the page alone, and the folder it was saved in.
build "$WORK/og.err" "$FIX/stranitsa.html" -o "$WORK/og.epub"
cover_is "$WORK/og.epub" images/oblozhka.png og
! grep -q 'EPK-COVER' "$WORK/og.err" || fail "og: a 1200x1800 cover needs no warning: $(cat "$WORK/og.err")"
build "$WORK/err" "$FIX" -o "$WORK/folder.epub"
cover_is "$WORK/folder.epub" images/oblozhka.png folder

# 2. JSON-LD image comes before og:image, in its three forms: the first local one wins over a
# remote og:image, and a remote JSON-LD image means no cover though og:image is local.
page ld-array "s|\"headline\"|\"image\": [\"stranitsa_files/oblozhka.png\", \"https://cdn.example/b.jpg\"], \"headline\"|;
s|stranitsa_files/oblozhka.png\">|https://cdn.example/og.jpg\">|"
build "$WORK/err" "$WORK/ld-array/stranitsa.html" -o "$WORK/ld-array.epub"
cover_is "$WORK/ld-array.epub" images/oblozhka.png ld-array
page ld-object "s|\"headline\"|\"image\": {\"@type\": \"ImageObject\", \"url\": \"stranitsa_files/oblozhka.png\"}, \"headline\"|;
s|$OG|<meta property=\"og:image\" content=\"stranitsa_files/malaya.png\">|"
build "$WORK/err" "$WORK/ld-object/stranitsa.html" -o "$WORK/ld-object.epub"
cover_is "$WORK/ld-object.epub" images/oblozhka.png ld-object
page ld-remote "s|\"headline\"|\"image\": \"https://cdn.example/ld.jpg\", \"headline\"|"
build "$WORK/err" "$WORK/ld-remote/stranitsa.html" -o "$WORK/ld-remote.epub"
no_cover "$WORK/ld-remote.epub" ld-remote

# 3. book.yaml's cover-image wins over the page's image (and is warned about as small).
cp -r "$FIX" "$WORK/yaml"
printf 'lang: ru\ncover-image: stranitsa_files/malaya.png\nchapters:\n  - stranitsa.html\n' \
    >"$WORK/yaml/book.yaml"
build "$WORK/yaml.err" "$WORK/yaml" -o "$WORK/yaml.epub"
cover_is "$WORK/yaml.epub" images/malaya.png yaml
! unzip -Z1 "$WORK/yaml.epub" | grep -qF oblozhka || fail "yaml: og:image stored though unused"
grep -qF "book.yaml:2: WARNING(EPK-COVER): cover image 'stranitsa_files/malaya.png' is 600x900 px" \
    "$WORK/yaml.err" || fail "yaml: the small cover-image is warned about: $(cat "$WORK/yaml.err")"

# 4. A remote og:image is not fetched: no cover and no word about it.
page remote "s|$OG|<meta property=\"og:image\" content=\"https://cdn.example/og.jpg\">|"
build "$WORK/remote.err" "$WORK/remote/stranitsa.html" -o "$WORK/remote.epub"
no_cover "$WORK/remote.epub" remote
! grep -q 'og.jpg\|EPK-COVER' "$WORK/remote.err" || fail "remote: unexpected warning: $(cat "$WORK/remote.err")"

# 5. Too small (600x900), missing, or a PNG named .jpg: no cover, quietly.
page small "s|$OG|<meta property=\"og:image\" content=\"stranitsa_files/malaya.png\">|"
build "$WORK/small.err" "$WORK/small/stranitsa.html" -o "$WORK/small.epub"
no_cover "$WORK/small.epub" small
! grep -q 'malaya\|EPK-COVER' "$WORK/small.err" || fail "small: unexpected warning: $(cat "$WORK/small.err")"
page missing "s|oblozhka.png\">|net.png\">|"
build "$WORK/err" "$WORK/missing/stranitsa.html" -o "$WORK/missing.epub"
no_cover "$WORK/missing.epub" missing
page misnamed "s|oblozhka.png\">|oblozhka.jpg\">|"
mv "$WORK/misnamed/stranitsa_files/oblozhka.png" "$WORK/misnamed/stranitsa_files/oblozhka.jpg"
build "$WORK/err" "$WORK/misnamed/stranitsa.html" -o "$WORK/misnamed.epub"
no_cover "$WORK/misnamed.epub" misnamed

# 6. Out of the folder through a symbolic link: refused with the <meta>'s line, as an <img> is.
page link "s|oblozhka.png\">|link.png\">|"
mkdir "$WORK/outside"
cp "$FIX/stranitsa_files/oblozhka.png" "$WORK/outside/"
ln -s "$WORK/outside/oblozhka.png" "$WORK/link/stranitsa_files/link.png"
rc=0
"$EPUBPACK" build "$WORK/link/stranitsa.html" -o "$WORK/link.epub" 2>"$WORK/link.err" || rc=$?
[[ $rc -ne 0 && ! -e "$WORK/link.epub" ]] || fail "link: an og:image out of the folder must fail the build"
grep -qF "stranitsa.html:7: 'stranitsa_files/link.png' is outside the book folder" "$WORK/link.err" ||
    fail "link: expected an error naming stranitsa.html:7, got: $(cat "$WORK/link.err")"

# 7. Several pages as book.yaml chapters: no cover from any of them. Without book.yaml the first
# page (by name) gives the book its metadata, and so its cover.
cp -r "$FIX" "$WORK/pages"
cp "$FIX/stranitsa.html" "$WORK/pages/vtoraya.html"
build "$WORK/err" "$WORK/pages" -o "$WORK/pages-noyaml.epub"
cover_is "$WORK/pages-noyaml.epub" images/oblozhka.png pages-noyaml
printf 'title: Зимники\nlang: ru\nchapters:\n  - stranitsa.html\n  - vtoraya.html\n' >"$WORK/pages/book.yaml"
build "$WORK/err" "$WORK/pages" -o "$WORK/pages.epub"
no_cover "$WORK/pages.epub" pages

epubcheck_clean "$WORK/og.epub" "$WORK/ld-array.epub" "$WORK/yaml.epub" "$WORK/remote.epub"
note "web cover: og:image and JSON-LD image local and large, book.yaml first, remote, small, missing, misnamed, out of the folder, several pages"
