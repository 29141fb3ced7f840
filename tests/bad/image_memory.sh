#!/usr/bin/env bash
# Hostile-sized input (issue 11): images just under the pixel limit — a 12000x9000 JPEG (108
# megapixels, 324 MB decoded) and a 10000x10000 PNG (100 megapixels, 300 MB decoded) — are
# converted in bounded memory: under 256 MB peak for the whole build (libvips decodes the JPEG
# already shrunk and streams the PNG).
. "$(dirname "$0")/bad.bash"
. "$(dirname "$0")/../e2e/images.bash"
require_tool /usr/bin/time "apt-get install time"
require_tool unzip "apt-get install unzip"
solid_image "$BOOK/huge.jpg" 12000 9000
solid_image "$BOOK/huge.png" 10000 10000
chapter a.md '---\ntitle: T\nlang: en\n---\n\n![a](huge.jpg)\n\n![b](huge.png)\n'
rss=$( { /usr/bin/time -f %M "$EPUBPACK" build "$BOOK/a.md" -o "$OUT/x.epub" 2>&1 >/dev/null || echo failed; } | tail -n 1)
note "max RSS ${rss} KB"
[[ $rss =~ ^[0-9]+$ && $rss -lt 262144 ]] || fail "max RSS '$rss' KB, expected under 256 MB"
unzip -p "$OUT/x.epub" EPUB/images/huge.jpg >"$WORK/a.jpg"
unzip -p "$OUT/x.epub" EPUB/images/huge.png >"$WORK/b.png"
[[ $(header "$WORK/a.jpg") == "1600x1200 uchar, 3 bands, srgb, jpegload" ]] || fail "huge.jpg: $(header "$WORK/a.jpg")"
[[ $(header "$WORK/b.png") == "1600x1600 uchar, 3 bands, srgb, pngload" ]] || fail "huge.png: $(header "$WORK/b.png")"
