#!/usr/bin/env bash
# Hostile input (issue 5): a PNG whose header claims 2^31-1 × 2^31-1 pixels. It is refused from
# its header (tests/bad/image_bomb.sh), never decoded: little time and memory.
. "$(dirname "$0")/bad.bash"
python3 - "$BOOK/huge.png" <<'PY'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
ihdr = struct.pack(">IIBBBBB", 2**31 - 1, 2**31 - 1, 8, 6, 0, 0, 0)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
                              chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b""))
PY
chapter a.md '---\ntitle: T\nlang: en\ncover-image: huge.png\n---\n\n![a huge picture](huge.png)\n'
run_bounded build "$BOOK/a.md" -o "$OUT/x.epub"
note "exit $RC: $STDERR"
[[ $RC -eq 1 ]] || fail "expected exit 1, got $RC"
want="epubpack: $BOOK/a.md:4: image 'huge.png' is 2147483647x2147483647 px (4611686014132 megapixels); more than 178 megapixels is refused as a possible decompression bomb"
[[ "$STDERR" == "$want" ]] || fail "expected: $want"
[[ ! -e "$OUT/x.epub" ]] || fail "an EPUB was written"
