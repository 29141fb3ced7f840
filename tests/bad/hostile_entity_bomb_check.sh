#!/usr/bin/env bash
# Hostile input (issue 5): `epubpack check` on an EPUB whose package document and XHTML carry an
# XML entity bomb. The checker refuses to expand it (libxml2 limits, no XML_PARSE_NOENT or
# XML_PARSE_HUGE) and reports a fatal error, in bounded time and memory.
. "$(dirname "$0")/bad.bash"
chapter a.md '---\ntitle: T\nlang: en\n---\n\ntext\n'
run_epubpack build "$BOOK/a.md" -o "$WORK/good.epub"
[[ $RC -eq 0 ]] || fail "could not build the base book: $STDERR"
python3 - "$WORK/good.epub" "$WORK/bomb.epub" "$(bomb_entities)" <<'PY'
import sys, zipfile
src, out, ents = sys.argv[1], sys.argv[2], sys.argv[3]
zin = zipfile.ZipFile(src)
zout = zipfile.ZipFile(out, "w")
for info in zin.infolist():
    data = zin.read(info.filename)
    if info.filename.endswith((".opf", ".xhtml")):
        s = data.decode("utf-8").replace("<!DOCTYPE html>", "")
        decl, rest = s.split("?>", 1)
        root = "package" if info.filename.endswith(".opf") else "html"
        s = decl + "?><!DOCTYPE %s [%s]>" % (root, ents) + rest
        s = s.replace("</dc:title>", "&lol9;</dc:title>", 1).replace("</title>", "&lol9;</title>", 1)
        data = s.encode("utf-8")
    method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
    zout.writestr(info, data, compress_type=method)
zout.close()
PY
run_bounded check "$WORK/bomb.epub"
note "exit $RC: $(head -n 3 "$WORK/stdout")"
[[ $RC -eq 1 ]] || fail "expected exit 1 (errors found), got $RC"
grep -Eq "(FATAL|ERROR)\(RSC-016\): .*/bomb\.epub/EPUB/package\.opf\(" "$WORK/stdout" || fail "no RSC-016 for the OPF: $(cat "$WORK/stdout")"
