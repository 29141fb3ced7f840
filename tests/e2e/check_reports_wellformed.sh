#!/usr/bin/env bash
# The text and JSON reports of `epubpack check` are well-formed for every file of the corpora
# and for hostile ones (issue 12, "Bad input"): every JSON report parses as strict UTF-8 JSON in
# epubcheck's schema with counts that match its messages; every text line is one finding in
# epubcheck's form or the summary, and there are as many finding lines as JSON locations (no
# finding lost or truncated); the exit status is 0 or 1, and 2 only for unreadable input or a
# usage error. Corpora: epubcheck's scenarios (files, folders, single documents) and the W3C
# EPUB 3 test publications (folders). Hostile: a zip bomb, a billion-laughs document, entry
# names with "..", absolute paths, control characters, quotes, backslashes and bytes that are
# not UTF-8, and a missing file.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool python3
require_tool unzip
make_workdir
require_test_data epubcheck
epubcheck_corpus=$EP_TEST_DATA/conformance/epubcheck/files
w3c_corpus=$EP_TEST_DATA/conformance/w3c-epub-tests/tests
[[ -d "$w3c_corpus" ]] || fail "no W3C EPUB tests at $w3c_corpus (tests/data/README.md)"

# Hostile files, made from the bundled article.
epubpack_build "$EP_SOURCE_DIR/book" -o "$WORK/book.epub" >/dev/null
mkdir "$WORK/hostile"
python3 - "$WORK/book.epub" "$WORK/hostile" <<'PY'
import sys, zipfile
src, out = sys.argv[1:]
z = zipfile.ZipFile(src)
base = [(i, z.read(i.filename)) for i in z.infolist()]

def make(name, extra, patch=None, replace=None):
    path = f"{out}/{name}.epub"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as o:
        for i, data in base:
            o.writestr(i, replace(i.filename, data) if replace else data)
        for n, data in extra:
            o.writestr(n, data)
    if patch:
        b = open(path, "rb").read()
        for old, new in patch:
            b = b.replace(old, new)
        open(path, "wb").write(b)

make("zip-bomb", [("EPUB/bomb.txt", b"\0" * (40 << 20))])
laughs = "<!DOCTYPE html [<!ENTITY a0 'lol'>" + "".join(
    f"<!ENTITY a{k} '{('&a%d;' % (k - 1)) * 10}'>" for k in range(1, 10)) + "]>"
# every content document of the book becomes the bomb
make("billion-laughs", [], replace=lambda n, d: d if not n.endswith(".xhtml") or n.endswith("nav.xhtml") else
     f"<?xml version='1.0'?>{laughs}<html xmlns='http://www.w3.org/1999/xhtml'><head><title>x</title></head><body><p>&a9;</p></body></html>".encode())
make("traversal", [("../../etc/passwd", b"x"), ("/abs/file.txt", b"x"), ("EPUB/./../x.txt", b"x")])
make("names", [("EPUB/a\rb\tc.txt", b"x"), ("EPUB/nl\nERROR(FAKE-001): x.txt", b"x"),
               ("EPUB/esc\x1b[31m.txt", b"x"), ("EPUB/del\x7f\u0085\u2028.txt", b"x"),
               ('EPUB/q"uote\\back%25,comma:colon.txt', b"x"), ("EPUB/caf\u00e9 \u2028.txt", b"x")])
# A name that is not UTF-8: written as ASCII, then its bytes changed in both headers.
make("not-utf8", [("EPUB/bad_QQ.txt", b"x")], [(b"bad_QQ", b"bad_\xff\xfe")])
PY

list=$WORK/list
{
    find "$epubcheck_corpus" -mindepth 4 -maxdepth 4 | LC_ALL=C sort
    find "$w3c_corpus" -mindepth 1 -maxdepth 1 -type d | LC_ALL=C sort
    find "$WORK/hostile" -name '*.epub' | LC_ALL=C sort
    printf '%s\n' "$WORK/missing.epub"
} >"$list"
mkdir "$WORK/r"
n=0
while IFS= read -r f; do
    n=$((n + 1))
    rc=0
    # the text lines and the JSON report (with --json FILE the findings are in it only)
    timeout 60 "$EPUBPACK" check "$f" >"$WORK/r/$n.txt" 2>"$WORK/r/$n.err" || rc=$?
    timeout 60 "$EPUBPACK" check "$f" --json "$WORK/r/$n.json" >"$WORK/r/$n.jtxt" 2>/dev/null || true
    printf '%s\t%s\t%s\n' "$n" "$rc" "$f" >>"$WORK/index"
done <"$list"
note "$n files checked"

python3 - "$WORK/index" "$WORK/r" "$WORK/missing.epub" <<'PY' || fail "malformed reports (above)"
import json, re, sys
index, rdir, missing = sys.argv[1:]
line_re = re.compile(r"^(FATAL|ERROR|WARNING|INFO|USAGE)\([A-Za-z0-9-]+\): .+\(-?\d+,-?\d+\): .*$")
summary_re = re.compile(r"^Messages: \d+ fatals? / \d+ errors? / \d+ warnings? / \d+ infos?$")
other_re = re.compile(r"^(Validating using EPUB version (2\.0\.1|3\.3) rules\.|No errors or warnings detected\.)$")
bad = []
for row in open(index, encoding="utf-8", errors="surrogateescape"):
    n, rc, f = row.rstrip("\n").split("\t", 2)
    rc = int(rc)
    try:
        raw = open(f"{rdir}/{n}.json", "rb").read()
        r = json.loads(raw.decode("utf-8"))  # strict: no invalid UTF-8, no bad escapes
        assert set(r) == {"messages", "customMessageFileName", "checker", "publication", "items"}
        c = r["checker"]
        for k in ("Fatal", "Error", "Warning", "Usage"):
            assert c["n" + k] == sum(m["severity"] == k.upper() for m in r["messages"]), k
        locations = 0
        for m in r["messages"]:
            assert all(isinstance(m[k], str) for k in ("ID", "severity", "message")), m
            assert m["locations"], m
            for loc in m["locations"]:
                assert isinstance(loc["path"], str) and loc["path"], loc
                assert isinstance(loc["line"], int) and isinstance(loc["column"], int), loc
            locations += len(m["locations"])
        text = open(f"{rdir}/{n}.txt", "rb").read().decode("utf-8").split("\n")
        assert text[-1] == "", "no newline at the end"
        text = text[:-1]
        assert text and summary_re.match(text[-1]), f"no summary line: {text[-1:]}"
        text = [t for t in text if not other_re.match(t)]
        jtext = open(f"{rdir}/{n}.jtxt", encoding="utf-8").read().split("\n")[:-1]
        assert all(summary_re.match(t) or other_re.match(t) for t in jtext), f"--json FILE printed {jtext}"
        for t in text[:-1]:
            assert line_re.match(t), f"not a finding line: {t!r}"
            assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", t), f"control character: {t!r}"
        if f == missing:
            assert rc == 1 and [m["ID"] for m in r["messages"]] == ["PKG-008"], (rc, r["messages"])
            assert "missing.epub" in open(f"{rdir}/{n}.err", encoding="utf-8").read()
        else:
            assert len(text) - 1 == locations, f"{len(text) - 1} lines, {locations} locations"
            assert rc in (0, 1), f"exit {rc}"
            assert (rc == 1) == (c["nFatal"] + c["nError"] > 0), f"exit {rc} with {c}"
    except Exception as e:  # report every file, not only the first
        bad.append(f"{f}: {type(e).__name__}: {e}")
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
PY
# What the hostile files must report.
for want in "zip-bomb EPK-ZIP-BOMB" "billion-laughs RSC-016" "traversal EPK-ZIP-PATH" "not-utf8 PKG-027"; do
    set -- $want
    i=$(grep -nF "/hostile/$1.epub" "$WORK/index" | cut -f1 | cut -d: -f2)
    grep -q "\"$2\"" "$WORK/r/$i.json" || fail "$1.epub: no $2 in $(head -c 600 "$WORK/r/$i.json")"
done
i=$(grep -nF "/hostile/names.epub" "$WORK/index" | cut -f1 | cut -d: -f2)
# (file name findings are located at the container and name the file, as epubcheck's)
for want in '"EPUB/a b c.txt"' '"EPUB/nl ERROR(FAKE-001): x.txt"' \
    '"EPUB/esc\x1B[31m.txt"' '"EPUB/del\x7F\u0085\u2028.txt"'; do
    grep -qF "$want" "$WORK/r/$i.txt" ||
        fail "names.epub: '$want' (control characters escaped) not in: $(cat "$WORK/r/$i.txt")"
done
python3 - "$WORK/r/$i.json" <<'PY' || fail "names.epub: a name changed on its way into the JSON"
import json, sys
msgs = json.load(open(sys.argv[1], encoding="utf-8"))["messages"]
# a name is a location's path, or (file name findings, at the container) in the message
texts = [l["path"] for m in msgs for l in m["locations"]] + [m["message"] for m in msgs]
for want in ("EPUB/a\rb\tc.txt", "EPUB/nl\nERROR(FAKE-001): x.txt", "EPUB/esc\x1b[31m.txt",
             "EPUB/del\x7f\u0085\u2028.txt", 'EPUB/q"uote\\back%25,comma:colon.txt'):
    assert any(want in t for t in texts), (want, texts)
PY
# A usage error exits 2 and writes no report.
rc=0
"$EPUBPACK" check --json "$WORK/u.json" --bogus "$WORK/book.epub" 2>/dev/null || rc=$?
[[ $rc -eq 2 && ! -e "$WORK/u.json" ]] || fail "usage error: exit $rc, report written: $([[ -e "$WORK/u.json" ]] && echo yes)"
note "ok"
