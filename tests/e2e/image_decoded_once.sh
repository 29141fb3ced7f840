#!/usr/bin/env bash
# One source image named many times is decoded and fitted once (issue 20, item 7): a 4000x3000
# PNG named 200 times, also through a second path (a hard link: the same device and inode).
# Before, each reference decoded and resized it again, and the copies were merged only after,
# by their bytes: 40 references took 5.2 s, 200 about 26 s. The wall-clock guard makes the old
# way fail. The book stores one image, and is the same as with one reference per chapter.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/images.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
make_workdir
B="$WORK/book"
mkdir -p "$B"
solid_image "$B/big.png" 4000 3000
ln "$B/big.png" "$B/same.png"
python3 - "$B/a.md" <<'PY'
import sys
refs = ''.join('![picture %d](%s)\n\n' % (i, 'same.png' if i % 2 else 'big.png') for i in range(200))
open(sys.argv[1], 'w').write('---\ntitle: T\nlang: en\n---\n\n' + refs)
PY
RC=0
SECONDS=0
timeout 20 "$EPUBPACK" build "$B/a.md" -o "$WORK/a.epub" >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
note "200 references: exit $RC in $SECONDS s: $(cat "$WORK/stderr")"
[[ $RC -ne 124 ]] || fail "200 references to one image took over 20 s (decoded each time?)"
[[ $RC -eq 0 ]] || fail "expected exit 0, got $RC: $(cat "$WORK/stderr")"
images=$(unzip -Z1 "$WORK/a.epub" | grep '^EPUB/images/')
[[ "$images" == "EPUB/images/big.png" ]] || fail "images stored: $images"
[[ $(unzip -p "$WORK/a.epub" EPUB/text/ch001.xhtml | grep -o 'src="../images/big.png"' | wc -l) -eq 200 ]] ||
    fail "not every reference points at the one image"
unzip -p "$WORK/a.epub" EPUB/images/big.png >"$WORK/out.png"
[[ $(header "$WORK/out.png") == "1600x1200 uchar, 3 bands, srgb, pngload" ]] ||
    fail "the image was not fitted: $(header "$WORK/out.png")"
