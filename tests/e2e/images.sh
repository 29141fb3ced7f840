#!/usr/bin/env bash
# Images for e-ink readers (issue 11, point 2; docs/ARCHITECTURE.md "Images"): a camera-size JPEG
# is shrunk to fit 1600x2560, stays JPEG, is turned upright by its EXIF orientation and loses its
# metadata; PNG stays PNG; GIF, SVG and small clean images are stored byte for byte; the cover
# follows the same rules; --grayscale gives 8-bit grey; --image-size and the keys image-size and
# grayscale; --image-size off stores every image as it is; the output is reproducible and passes
# both epubchecks.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/images.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
require_tool cmp "apt-get install diffutils"
make_workdir

B="$WORK/book"
mkdir -p "$B"
solid_image "$B/camera.jpg" 4000 3000
exif_orientation "$B/camera.jpg" 6 # rotate 90° clockwise to show: 3000 wide, 4000 high
solid_image "$B/wide.png" 3000 1000
solid_image "$B/small.png" 300 200
solid_image "$B/small.jpg" 300 200
solid_image "$B/tagged.jpg" 300 200
exif_orientation "$B/tagged.jpg" 1 # upright already, but carries EXIF: re-encoded without it
solid_image "$B/long.gif" 3000 100
printf '<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="3000"><rect width="4000" height="3000" fill="#888"/></svg>\n' >"$B/drawing.svg"
solid_image "$B/cover.jpg" 3000 4000 200 40 40
write_book() { # write_book EXTRA-FRONT-MATTER
    printf -- '---\ntitle: Pictures\nlang: en\ncover-image: cover.jpg\n%s---\n\n' "$1" >"$B/a.md"
    for f in camera.jpg wide.png small.png small.jpg tagged.jpg long.gif drawing.svg; do
        printf '![picture %s](%s)\n\n' "$f" "$f" >>"$B/a.md"
    done
}
write_book ""

# in_epub EPUB NAME — extracts EPUB/images/NAME to $WORK/x/NAME and prints its path.
in_epub() {
    mkdir -p "$WORK/x"
    unzip -p "$1" "EPUB/images/$2" >"$WORK/x/$2" || fail "$1 has no EPUB/images/$2"
    echo "$WORK/x/$2"
}
expect_header() { # expect_header EPUB NAME "HEADER"
    local got
    got=$(header "$(in_epub "$1" "$2")")
    [[ "$got" == "$3" ]] || fail "$2 in $(basename "$1"): expected '$3', got '$got'"
}
expect_same() { # expect_same EPUB NAME — stored byte for byte
    cmp -s "$B/$2" "$(in_epub "$1" "$2")" || fail "$2 in $(basename "$1") is not the source file"
}
no_metadata() { # no_metadata EPUB NAME
    local f
    f=$(in_epub "$1" "$2")
    ! vipsheader -a "$f" | grep -Eq '^(exif-data|xmp-data|iptc-data|icc-profile-data|orientation):' ||
        fail "$2 in $(basename "$1") still has metadata: $(vipsheader -a "$f" | grep -E 'exif|xmp|iptc|icc|orientation')"
}

# 1. The defaults.
SOURCE_DATE_EPOCH=1700000000 epubpack_build "$B/a.md" -o "$WORK/default.epub"
expect_header "$WORK/default.epub" camera.jpg "1600x2133 uchar, 3 bands, srgb, jpegload"
no_metadata "$WORK/default.epub" camera.jpg
expect_header "$WORK/default.epub" wide.png "1600x533 uchar, 3 bands, srgb, pngload"
expect_header "$WORK/default.epub" cover.jpg "1600x2133 uchar, 3 bands, srgb, jpegload"
expect_header "$WORK/default.epub" tagged.jpg "300x200 uchar, 3 bands, srgb, jpegload"
no_metadata "$WORK/default.epub" tagged.jpg
for f in small.png small.jpg long.gif drawing.svg; do expect_same "$WORK/default.epub" "$f"; done
# JPEG quality 85, baseline: libjpeg's quality-85 luminance table starts with 5.
q=$(python3 - "$(in_epub "$WORK/default.epub" camera.jpg)" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
i = d.index(b"\xff\xdb")
print(d[i + 5], b"\xff\xc0" in d, b"\xff\xc2" in d)
PY
)
[[ "$q" == "5 True False" ]] || fail "camera.jpg: expected quality 85 baseline (5 True False), got $q"
epubcheck_clean "$WORK/default.epub"
note "defaults: camera.jpg 4000x3000 (EXIF 6) -> 1600x2133, wide.png -> 1600x533, cover 3000x4000 -> 1600x2133; small, GIF, SVG as they were"

# 2. Reproducible: the same input gives the same bytes.
SOURCE_DATE_EPOCH=1700000000 epubpack_build "$B/a.md" -o "$WORK/again.epub"
cmp "$WORK/default.epub" "$WORK/again.epub" || fail "two builds of the same book differ"

# 3. --grayscale: 8-bit grey, same sizes; GIF and SVG untouched.
epubpack_build "$B/a.md" -o "$WORK/grey.epub" --grayscale
expect_header "$WORK/grey.epub" camera.jpg "1600x2133 uchar, 1 band, b-w, jpegload"
expect_header "$WORK/grey.epub" wide.png "1600x533 uchar, 1 band, b-w, pngload"
expect_header "$WORK/grey.epub" small.png "300x200 uchar, 1 band, b-w, pngload"
expect_header "$WORK/grey.epub" cover.jpg "1600x2133 uchar, 1 band, b-w, jpegload"
for f in long.gif drawing.svg; do expect_same "$WORK/grey.epub" "$f"; done

# 4. --image-size off: every image as it was, byte for byte.
epubpack_build "$B/a.md" -o "$WORK/off.epub" --image-size off
for f in camera.jpg wide.png small.png small.jpg tagged.jpg long.gif drawing.svg cover.jpg; do
    expect_same "$WORK/off.epub" "$f"
done

# 5. The keys, and the option over the key.
write_book $'image-size: 800x600\ngrayscale: true\n'
epubpack_build "$B/a.md" -o "$WORK/keys.epub"
expect_header "$WORK/keys.epub" camera.jpg "450x600 uchar, 1 band, b-w, jpegload"
expect_header "$WORK/keys.epub" wide.png "800x267 uchar, 1 band, b-w, pngload"
epubpack_build "$B/a.md" -o "$WORK/opt.epub" --image-size 400x400
expect_header "$WORK/opt.epub" camera.jpg "300x400 uchar, 1 band, b-w, jpegload"
# --no-grayscale turns the key's grayscale: true off (ep_options_set_grayscale(opts, 0)).
epubpack_build "$B/a.md" -o "$WORK/colour.epub" --no-grayscale
expect_header "$WORK/colour.epub" camera.jpg "450x600 uchar, 3 bands, srgb, jpegload"
write_book $'image-size: off\n'
epubpack_build "$B/a.md" -o "$WORK/keyoff.epub"
expect_same "$WORK/keyoff.epub" camera.jpg

# 6. A wrong value is a usage error that says what is allowed.
rc=0
"$EPUBPACK" build "$B/a.md" -o "$WORK/bad.epub" --image-size 1600 2>"$WORK/err" || rc=$?
[[ $rc -eq 2 ]] || fail "--image-size 1600: expected exit 2, got $rc"
grep -q "WIDTHxHEIGHT" "$WORK/err" || fail "--image-size 1600: $(cat "$WORK/err")"
note "ok"
