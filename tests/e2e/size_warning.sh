#!/usr/bin/env bash
# Issue 11: a build over 50 MB, the most Send to Kindle takes by e-mail, succeeds with a warning
# that says so; the book stays valid. Four PNGs of random pixels (16 MB each, incompressible,
# 1600×2500: within the e-ink size, so nothing shrinks them) make a 64 MB EPUB.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool python3 "apt-get install python3"
make_workdir
mkdir -p "$WORK/book"
python3 - "$WORK/book" <<'PY'
import os, struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
w, h = 1600, 2500
for i in range(4):
    row = w * 4
    noise = os.urandom(row * h)
    raw = b"".join(b"\0" + noise[y * row:(y + 1) * row] for y in range(h))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)) +
           chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b""))
    open(os.path.join(sys.argv[1], "noise%d.png" % i), "wb").write(png)
md = "---\ntitle: Noise\nlang: en\n---\n\n" + "".join("![Noise %d](noise%d.png)\n\n" % (i, i) for i in range(4))
open(os.path.join(sys.argv[1], "noise.md"), "w").write(md)
PY
rc=0
"$EPUBPACK" build "$WORK/book/noise.md" -o "$WORK/noise.epub" >"$WORK/out.txt" 2>"$WORK/err.txt" || rc=$?
cat "$WORK/out.txt" "$WORK/err.txt"
[[ $rc -eq 0 ]] || fail "the build exited $rc; a big book is valid and must be written"
size=$(stat -c %s "$WORK/noise.epub")
((size > 50000000)) || fail "the EPUB is $size bytes; the test needs more than 50 MB"
want="^epubpack: $WORK/noise.epub: WARNING\(EPK-SIZE\): the EPUB is $(python3 -c "print('%.1f' % ($size / 1e6))") MB; Send to Kindle by e-mail takes at most 50 MB: make the images smaller or split the book into several EPUBs$"
grep -Eq -- "$want" "$WORK/err.txt" || fail "no size warning matching /$want/"
[[ $(wc -l <"$WORK/err.txt") -eq 1 ]] || fail "expected exactly one warning"
note "ok: $size bytes, one warning"
