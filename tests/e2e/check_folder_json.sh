#!/usr/bin/env bash
# `epubpack check` on an unpacked EPUB folder (same verdict as the packaged file; symbolic
# links leaving the folder and special files are findings, never read), single-document mode
# (.opf / .xhtml by extension), and `--json -` output that is one valid JSON document in
# epubcheck's schema (docs/check-json.md) in every case, including hostile names and unreadable
# input.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool python3
require_tool unzip
make_workdir
require_test_data epubcheck
corpus=$EP_TEST_DATA/conformance/epubcheck/files/epub3

epubpack_build "$EP_SOURCE_DIR/book" -o "$WORK/book.epub"
mkdir "$WORK/dir"
(cd "$WORK/dir" && unzip -q "$WORK/book.epub") || fail "unzip"

"$EPUBPACK" check "$WORK/dir" >"$WORK/out" 2>&1 || { cat "$WORK/out"; fail "folder of a valid EPUB rejected"; }
grep -q "0 fatals / 0 errors / 0 warnings" "$WORK/out" || { cat "$WORK/out"; fail "findings on a valid folder"; }

# A link to a file outside the folder: reported, and its content never read (no leak of
# /etc/passwd lines into messages).
ln -s /etc/passwd "$WORK/dir/EPUB/leak.xhtml"
if "$EPUBPACK" check "$WORK/dir" >"$WORK/out" 2>&1; then cat "$WORK/out"; fail "outside link accepted"; fi
grep -qF "ERROR(EPK-DIR-LINK): $WORK/dir/EPUB/leak.xhtml(-1,-1)" "$WORK/out" || { cat "$WORK/out"; fail "no EPK-DIR-LINK"; }
grep -q "root:" "$WORK/out" && fail "content of a file outside the folder was read"
rm "$WORK/dir/EPUB/leak.xhtml"

# A FIFO must not block the checker.
mkfifo "$WORK/dir/EPUB/pipe"
rc=0
timeout 20 "$EPUBPACK" check "$WORK/dir" >"$WORK/out" 2>&1 || rc=$?
[ $rc = 124 ] && fail "checker blocked on a FIFO"
[ $rc = 1 ] || { cat "$WORK/out"; fail "FIFO: exit $rc, want 1"; }
grep -qF "ERROR(EPK-DIR-SPECIAL): $WORK/dir/EPUB/pipe(-1,-1)" "$WORK/out" || { cat "$WORK/out"; fail "no EPK-DIR-SPECIAL"; }
rm "$WORK/dir/EPUB/pipe"

# Missing mimetype in a folder: PKG-006.
rm "$WORK/dir/mimetype"
"$EPUBPACK" check "$WORK/dir" >"$WORK/out" 2>&1 && fail "folder without mimetype accepted"
grep -q "ERROR(PKG-006)" "$WORK/out" || { cat "$WORK/out"; fail "no PKG-006"; }

# Single-document mode.
"$EPUBPACK" check "$corpus/04-ocf/files/url-query-in-package-item-error.opf" >"$WORK/out" 2>&1 &&
    fail "single .opf with a query in an href accepted"
grep -q "ERROR(RSC-033)" "$WORK/out" || { cat "$WORK/out"; fail "single .opf: no RSC-033"; }
"$EPUBPACK" check "$corpus/06-content-document/files/lang-three-char-code-valid.xhtml" >"$WORK/out" 2>&1 ||
    { cat "$WORK/out"; fail "valid single .xhtml rejected"; }

# --json: valid JSON for a valid EPUB, a folder with findings, a non-UTF-8 entry name, a file
# that is not a zip, and a missing file; the counts agree with the messages.
printf 'not a zip' >"$WORK/junk.epub"
n=0
for f in "$WORK/book.epub" "$WORK/dir" "$corpus/04-ocf/files/ocf-filename-not-utf8-error.epub" \
    "$WORK/junk.epub" "$WORK/missing.epub"; do
    n=$((n + 1))
    rc=0
    "$EPUBPACK" check --json - "$f" >"$WORK/$n.json" 2>/dev/null || rc=$?
    python3 -m json.tool "$WORK/$n.json" >/dev/null || { cat "$WORK/$n.json"; fail "invalid JSON for $f"; }
    python3 - "$WORK/$n.json" "$rc" <<'PY' || fail "JSON report for $f does not follow docs/check-json.md"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
rc = int(sys.argv[2])
assert set(r) == {"messages", "customMessageFileName", "checker", "publication", "items"}, set(r)
c = r["checker"]
for m in r["messages"]:
    assert set(m) == {"ID", "severity", "message", "additionalLocations", "locations", "suggestion"}, m
    assert m["severity"] in ("FATAL", "ERROR", "WARNING", "USAGE", "INFO"), m
    assert m["locations"], m
    for loc in m["locations"]:
        assert isinstance(loc["path"], str) and isinstance(loc["line"], int) and isinstance(loc["column"], int), loc
for k in ("Fatal", "Error", "Warning", "Usage"):
    assert c["n" + k] == sum(m["severity"] == k.upper() for m in r["messages"]), k
assert (rc != 0) == (c["nFatal"] + c["nError"] > 0), (rc, c)
PY
done
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["messages"] == []' "$WORK/1.json" || fail "book.epub not valid in JSON"
grep -q '"PKG-008"' "$WORK/5.json" || fail "no PKG-008 (unable to read) for a missing file"
grep -q '"PKG-027"' "$WORK/3.json" || fail "no PKG-027 in JSON"
note "ok"
