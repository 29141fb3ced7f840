#!/usr/bin/env bash
# Bad input (issue 11): damaged image data — a JPEG with bytes overwritten in its scan, a PNG
# whose compressed data is garbage — is an error naming the file (book.yaml's cover-image, too).
. "$(dirname "$0")/bad.bash"
. "$(dirname "$0")/../e2e/images.bash"
chapter a.md '---\ntitle: T\nlang: en\n---\n\n![a photo](bad.jpg)\n'
photo_image "$BOOK/bad.jpg" 2400 1800
python3 - "$BOOK/bad.jpg" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
for i in range(len(d) // 4, len(d) - 1000, 4099):
    d[i] = 0xFF  # a marker in the middle of entropy-coded data
open(sys.argv[1], "wb").write(d)
PY
expect_fail 1 "^epubpack: .*/a\.md:6: image 'bad\.jpg' is truncated or corrupt \(libvips: .+\)$" "$BOOK/a.md"

rm "$BOOK/a.md"
book_yaml 'title: T\nlang: en\ncover-image: cover.png\n'
chapter a.md 'text\n'
python3 - "$BOOK/cover.png" <<'PY'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
ihdr = struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
                              chunk(b"IDAT", b"this is not zlib data" * 4) + chunk(b"IEND", b""))
PY
expect_fail 1 "^epubpack: .*/book\.yaml:3: image 'cover\.png' is truncated or corrupt \(libvips: .+\)$" "$BOOK"
