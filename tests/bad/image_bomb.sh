#!/usr/bin/env bash
# Hostile input (issue 11): a decompression bomb, a 29 KB PNG declaring 100 000 × 100 000 px
# (10^10 pixels, 30 GB decoded), is refused from its header before any pixel is decoded: quickly
# and in little memory.
. "$(dirname "$0")/bad.bash"
require_tool /usr/bin/time "apt-get install time"
python3 - "$BOOK/bomb.png" <<'PY'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
row = b"\0" + b"\0" * 300000
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
                              chunk(b"IDAT", zlib.compress(row * 100, 9)) + chunk(b"IEND", b""))
PY
chapter a.md '---\ntitle: T\nlang: en\n---\n\n![a bomb](bomb.png)\n'
expect_fail 1 "^epubpack: .*/a\.md:6: image 'bomb\.png' is 100000x100000 px \(10000 megapixels\); more than 178 megapixels is refused as a possible decompression bomb$" "$BOOK/a.md"
rss=$( { /usr/bin/time -f %M "$EPUBPACK" build "$BOOK/a.md" -o "$OUT/x.epub" 2>&1 >/dev/null || true; } | tail -n 1)
note "max RSS ${rss} KB"
[[ $rss =~ ^[0-9]+$ && $rss -lt 262144 ]] || fail "max RSS '$rss' KB, expected under 256 MB"
