#!/usr/bin/env bash
# Hostile input (issue 5): `epubpack check` on a zip bomb (an XHTML entry of 300 MB of spaces
# deflated to ~300 kB). The checker refuses it from the central directory's sizes, without
# inflating it, under a 1 GB memory limit.
. "$(dirname "$0")/bad.bash"
chapter a.md '---\ntitle: T\nlang: en\n---\n\ntext\n'
run_epubpack build "$BOOK/a.md" -o "$WORK/good.epub"
[[ $RC -eq 0 ]] || fail "could not build the base book: $STDERR"
python3 - "$WORK/good.epub" "$WORK/bomb.epub" <<'PY'
import sys, zipfile
zin = zipfile.ZipFile(sys.argv[1])
zout = zipfile.ZipFile(sys.argv[2], "w")
for info in zin.infolist():
    data = zin.read(info.filename)
    if info.filename.endswith("ch001.xhtml"):
        data = data.replace(b"</body>", b"<p>" + b" " * (300 << 20) + b"</p></body>")
    method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
    zout.writestr(info, data, compress_type=method)
zout.close()
PY
run_bounded check "$WORK/bomb.epub"
note "exit $RC: $(head -n 2 "$WORK/stdout")"
[[ $RC -eq 1 ]] || fail "expected exit 1, got $RC"
grep -Eq "FATAL\(EPK-ZIP-BOMB\): .*/bomb\.epub/EPUB/text/ch001\.xhtml\(-1,-1\): compression ratio above" "$WORK/stdout" ||
    fail "no zip-bomb report: $(cat "$WORK/stdout")"
