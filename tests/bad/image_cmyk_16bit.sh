#!/usr/bin/env bash
# Odd but readable images (issue 11): a CMYK JPEG (print workflows) and a 16-bit PNG are
# converted — to 8-bit sRGB, which every reader shows — with a warning naming each file.
. "$(dirname "$0")/bad.bash"
. "$(dirname "$0")/../e2e/images.bash"
require_tool unzip "apt-get install unzip"
solid_image "$WORK/rgb.v" 600 400 150 110 90 # inside the CMYK gamut
vips colourspace "$WORK/rgb.v" "$WORK/cmyk.v" cmyk
vips copy "$WORK/cmyk.v" "$BOOK/print.jpg[strip]"
vips cast "$WORK/rgb.v" "$WORK/u.v" ushort
vips linear "$WORK/u.v" "$WORK/u2.v" 257 0
vips cast "$WORK/u2.v" "$WORK/u3.v" ushort
vips copy "$WORK/u3.v" "$WORK/deep.v" --interpretation rgb16
vips copy "$WORK/deep.v" "$BOOK/deep.png"
[[ $(header "$BOOK/print.jpg") == "600x400 uchar, 4 bands, cmyk, jpegload" ]] || fail "print.jpg: $(header "$BOOK/print.jpg")"
[[ $(header "$BOOK/deep.png") == "600x400 ushort, 3 bands, rgb16, pngload" ]] || fail "deep.png: $(header "$BOOK/deep.png")"
chapter a.md '---\ntitle: T\nlang: en\n---\n\n![printed](print.jpg)\n\n![deep](deep.png)\n'
expect_ok "^epubpack: .*/a\.md:6: WARNING\(EPK-IMAGE\): image 'print\.jpg' is CMYK, which e-readers show wrongly or not at all; converted to sRGB$" "$BOOK/a.md"
grep -Eq "^epubpack: .*/a\.md:8: WARNING\(EPK-IMAGE\): image 'deep\.png' has 16 bits per channel; converted to 8$" <<<"$STDERR" ||
    fail "no warning for deep.png: $STDERR"
unzip -p "$OUT/ok.epub" EPUB/images/print.jpg >"$WORK/print.jpg"
unzip -p "$OUT/ok.epub" EPUB/images/deep.png >"$WORK/deep.png"
[[ $(header "$WORK/print.jpg") == "600x400 uchar, 3 bands, srgb, jpegload" ]] || fail "print.jpg in the EPUB: $(header "$WORK/print.jpg")"
[[ $(header "$WORK/deep.png") == "600x400 uchar, 3 bands, srgb, pngload" ]] || fail "deep.png in the EPUB: $(header "$WORK/deep.png")"
# The colours survive the conversion: the sRGB (150, 110, 90) comes back within a few levels.
for f in print.jpg deep.png; do
    avg=$(vips stats "$WORK/$f" "$WORK/s.v" && vips getpoint "$WORK/s.v" 4 1 && vips getpoint "$WORK/s.v" 4 2 && vips getpoint "$WORK/s.v" 4 3)
    python3 - "$f" $avg <<'PY' || fail "$f: the colour changed: means $avg"
import sys
got = [float(x) for x in sys.argv[2:5]]
want = [150, 110, 90]
sys.exit(0 if all(abs(g - w) <= 8 for g, w in zip(got, want)) else 1)
PY
done
note "print.jpg and deep.png: 8-bit sRGB, colours kept"
