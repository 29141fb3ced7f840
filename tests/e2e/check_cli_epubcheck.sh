#!/usr/bin/env bash
# `epubpack check` speaks epubcheck's command line (issue 12.3, 12.4): its text lines
# SEVERITY(ID): FILE/PATH(LINE,COL): message, -e/-w/-f/-u/-q/--failonwarnings/--mode exp,
# several files with one summary line and an exit status over all of them, --jobs giving the
# report of one thread, --format github with GitHub's escapes, and epubcheck's other options
# refused by name.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool python3
require_tool unzip
require_tool zip
make_workdir
require_test_data epubcheck
corpus=$EP_TEST_DATA/conformance/epubcheck/files/epub3

epubpack_build "$EP_SOURCE_DIR/book" -o "$WORK/book.epub" >/dev/null
cite=$corpus/04-ocf/files/url-xhtml-cite-missing-resource-error # 4 × RSC-007 in a folder

# run WANT-RC ARGS... — epubpack with stdout in $WORK/out, stderr in $WORK/err.
run() {
    local want=$1 rc=0
    shift
    "$EPUBPACK" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
    [[ $rc -eq $want ]] ||
        fail "epubpack $*: exit $rc, want $want; stdout: $(head -c 400 "$WORK/out"); stderr: $(cat "$WORK/err")"
}
has() { grep -qF -- "$1" "$WORK/out" || fail "expected '$1' in: $(head -c 600 "$WORK/out")"; }
lacks() { ! grep -qF -- "$1" "$WORK/out" || fail "did not expect '$1' in: $(head -c 600 "$WORK/out")"; }

# 1. epubcheck's text lines and summary (epubcheck 5.3.0 prints the same location:
#    ERROR(RSC-007): DIR.epub/EPUB/content_001.xhtml(10,36): …).
run 1 check "$cite"
has "ERROR(RSC-007): $cite/EPUB/content_001.xhtml(10,"
has "Messages: 0 fatals / 4 errors / 0 warnings / 0 infos"
run 0 check "$WORK/book.epub"
[[ $(cat "$WORK/out") == "Validating using EPUB version 3.3 rules.
No errors or warnings detected.
Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" ]] ||
    fail "valid book: $(cat "$WORK/out")"
run 1 check "$corpus/04-ocf/files/ocf-mimetype-file-missing-error.epub"
has "ERROR(PKG-006): $corpus/04-ocf/files/ocf-mimetype-file-missing-error.epub/mimetype(-1,-1): "
has "Messages: 0 fatals / 1 error / 0 warnings / 0 infos"
# every finding line has the shape a log parser written for epubcheck expects
grep -vE '^(Messages: |Validating using EPUB version )' "$WORK/out" | grep -vE '^(FATAL|ERROR|WARNING|INFO|USAGE)\([A-Z0-9-]+\): .+\(-?[0-9]+,-?[0-9]+\): .+$' &&
    fail "a line not in epubcheck's form"

# 2. Severity filters and --failonwarnings, on a book with one warning (a file name with a space;
#    that it is undeclared is OPF-003, a USAGE note in 5.3.0, shown with -u only).
mkdir "$WORK/warn"
(cd "$WORK/warn" && unzip -q "$WORK/book.epub" && printf 'x' >'EPUB/stray file.txt')
run 0 check "$WORK/warn" --mode exp
has "WARNING(PKG-010): $WORK/warn(-1,-1): The file name \"EPUB/stray file.txt\" contains spaces"
has "0 errors / 1 warning /"
run 0 check -e "$WORK/warn"
lacks "WARNING("
# as epubcheck: what the level hides is not counted, and the summary names only what it shows
has "No errors or warnings detected."
[[ $(tail -n 1 "$WORK/out") == "Messages: 0 fatals / 0 errors" ]] || fail "-e: $(cat "$WORK/out")"
run 0 check -w "$WORK/warn"
has "WARNING(PKG-010)"
run 0 check -f "$WORK/warn"
lacks "WARNING("
[[ $(tail -n 1 "$WORK/out") == "Messages: 0 fatals" ]] || fail "-f: $(cat "$WORK/out")"
run 0 check -f "$cite" # -f hides errors, and epubcheck then exits 0
has "No errors or warnings detected."
run 0 check -u "$WORK/warn"
has "WARNING(PKG-010)"
has "USAGE(OPF-003)"
has "Messages: 0 fatals / 0 errors / 1 warning / 0 infos / 9 usages" # OPF-003, 8 CSS-028
run 1 check --failonwarnings "$WORK/warn"
run 0 check --failonwarnings -e "$WORK/warn" # the warning is hidden: epubcheck exits 0
# -q: the findings still (epubcheck prints them on stderr, which -q leaves), nothing else
run 0 check -q "$WORK/warn"
[[ $(cat "$WORK/out") == "WARNING(PKG-010): $WORK/warn(-1,-1): The file name \"EPUB/stray file.txt\" contains spaces, which may create interoperability issues with older reading systems" ]] ||
    fail "-q: $(cat "$WORK/out" "$WORK/err")"
run 0 check -q -e "$WORK/warn"
[[ ! -s "$WORK/out" ]] || fail "-q -e printed: $(cat "$WORK/out")"
run 1 check -q --failonwarnings "$WORK/warn"
# --json FILE: the findings are in the report only; the summary lines stay
run 0 check --json "$WORK/w.json" "$WORK/warn"
lacks "WARNING("
has "Messages: 0 fatals / 0 errors / 1 warning / 0 infos"
# --version: epubpack's version, then any FILE is checked
run 0 check --version
has "epubpack check "
run 0 check --version "$WORK/book.epub"
has "No errors or warnings detected."
run 1 check -e "$cite"
has "ERROR(RSC-007)"
# as epubcheck, --mode and -v are ignored for a .epub, with a note; a file that is not one is
# refused
run 0 check --mode exp "$WORK/book.epub"
grep -qF "the mode and version arguments are ignored for .epub files" "$WORK/err" || fail "--mode exp on an .epub: $(cat "$WORK/err")"
cp "$WORK/book.epub" "$WORK/book.zip"
run 2 check --mode exp "$WORK/book.zip"
grep -qF "epubpack: check: --mode exp: $WORK/book.zip is not a folder" "$WORK/err" || fail "--mode exp on a file: $(cat "$WORK/err")"

# 3. Several files: each file's findings in the order given, one summary line, exit 1 when
#    any has errors or one cannot be read (the others are still checked), as epubcheck's 1.
run 1 check "$WORK/book.epub" "$cite" "$WORK/warn"
[[ $(grep -c '^Messages\|^Checked' "$WORK/out") -eq 1 ]] || fail "not one summary line: $(cat "$WORK/out")"
has "Checked 3 files: 2 valid, 1 with errors, 0 unreadable; Messages: 0 fatals / 4 errors / 1 warning / 0 infos"
run 0 check "$WORK/book.epub" "$WORK/warn"
run 1 check "$WORK/book.epub" "$WORK/missing.epub" "$cite"
has "Checked 3 files: 1 valid, 1 with errors, 1 unreadable;"
grep -qF "missing.epub" "$WORK/err" || fail "the unreadable file is not named: $(cat "$WORK/err")"
# --jobs: the same report, in the same order, as one thread gives
files=("$corpus"/04-ocf/files/*.epub "$cite" "$WORK/book.epub" "$WORK/warn")
"$EPUBPACK" check "${files[@]}" --jobs 1 >"$WORK/one" 2>&1 || true
"$EPUBPACK" check "${files[@]}" --jobs 2 >"$WORK/two" 2>&1 || true
cmp -s "$WORK/one" "$WORK/two" || fail "--jobs 2 reports differently: $(diff "$WORK/one" "$WORK/two" | head)"
# several files and --json: an array of epubcheck reports, in order
run 1 check "$WORK/book.epub" "$cite" --json "$WORK/r.json"
python3 - "$WORK/r.json" "$WORK/book.epub" "$cite" <<'PY' || fail "JSON of several files"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(r, list) and [x["checker"]["path"] for x in r] == sys.argv[2:], r
assert r[0]["messages"] == [] and r[1]["checker"]["nError"] == 1
assert [len(m["locations"]) for m in r[1]["messages"]] == [4]  # grouped as epubcheck does
PY
# --json -: the report is the only thing on stdout
run 1 check "$cite" --json -
python3 -m json.tool "$WORK/out" >/dev/null || fail "--json - mixed other output into the JSON"
# the old spelling `check --json book.epub` must not overwrite the book
cp "$WORK/book.epub" "$WORK/keep.epub"
run 2 check --json "$WORK/keep.epub"
cmp -s "$WORK/book.epub" "$WORK/keep.epub" || fail "--json overwrote the EPUB"
grep -qF "the report would overwrite an EPUB or folder" "$WORK/err" || fail "--json EPUB: $(cat "$WORK/err")"

# 4. --format github: workflow commands with GitHub's escapes (% CR LF in the message; also
#    : and , in properties). A folder's file is named with its line; inside a packaged EPUB
#    the annotation is on the .epub, the inner location first in the message.
run 1 check --format github "$cite" --json "$WORK/gh.json" # annotations stay beside a report
has "::error file=$cite/EPUB/content_001.xhtml,line=10,col=36,title=RSC-007::"
run 1 check --format github "$cite"
has "::error file=$cite/EPUB/content_001.xhtml,line=10,col=36,title=RSC-007::referenced resource"
run 1 check --format github "$corpus/04-ocf/files/ocf-mimetype-file-missing-error.epub"
has "::error file=$corpus/04-ocf/files/ocf-mimetype-file-missing-error.epub,title=PKG-006::mimetype(-1,-1): the first entry"
run 0 check --format github "$WORK/warn"
has "::warning file=$WORK/warn,title=PKG-010::The file name \"EPUB/stray file.txt\""
mkdir "$WORK/a,b:c%d"
cp -r "$WORK/warn/." "$WORK/a,b:c%d/"
printf 'y' >"$WORK/a,b:c%d/EPUB/100% x.txt"
run 0 check --format github "$WORK/a,b:c%d"
has "::warning file=${WORK//:/%3A}/a%2Cb%3Ac%25d,title=PKG-010::The file name \"EPUB/100%25 x.txt\" contains spaces"

# 5. Control characters and bytes that are not UTF-8 in names never break a line: a finding is
#    one line, escaped (\xNN), and a name cannot forge another finding.
python3 - "$WORK/book.epub" "$WORK/evil.epub" <<'PY'
import sys, zipfile
src, dst = sys.argv[1:]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as out:
    for i in z.infolist():
        out.writestr(i, z.read(i.filename))
    out.writestr("EPUB/x\nERROR(FAKE-001): forged\x1b[31m.txt", b"x")
PY
run 1 check "$WORK/evil.epub"
grep -q '^ERROR(FAKE-001)' "$WORK/out" && fail "a file name forged a finding line"
grep -q $'\x1b' "$WORK/out" && fail "an escape character reached the terminal"
grep -qF 'x ERROR(FAKE-001): forged\x1B[31m.txt' "$WORK/out" || fail "name not escaped: $(cat "$WORK/out")"
run 1 check --format github "$WORK/evil.epub"
grep -c '^::' "$WORK/out" | grep -qx "$(grep -c '' "$WORK/out" | awk '{print $1 - 1}')" ||
    fail "github: a finding spans lines: $(cat "$WORK/out")"

# 6. epubcheck's options that epubpack does not support are refused by name; usage errors exit 2.
for opt in "--out r.xml" "-o r.xml" "--xmp r.xmp" "-x r.xmp" --save "--profile dict" "-p dict" \
    "--locale fr" --listChecks -l --customMessages "-c m.txt"; do
    name=${opt%% *}
    # shellcheck disable=SC2086
    run 2 check $opt "$WORK/book.epub"
    grep -qF "epubpack: check: epubcheck's option '$name' is not supported" "$WORK/err" ||
        fail "$opt: $(cat "$WORK/err")"
done
run 2 check --mode nav "$WORK/book.epub"
grep -qF -- "--mode nav is not supported" "$WORK/err" || fail "--mode nav: $(cat "$WORK/err")"
# --mode opf|xhtml|svg: one document alone, when FILE has that extension.
unzip -p "$WORK/book.epub" EPUB/package.opf >"$WORK/package.opf"
unzip -p "$WORK/book.epub" EPUB/text/ch001.xhtml >"$WORK/ch001.xhtml"
run 0 check --mode opf "$WORK/package.opf"
run 0 check --mode xhtml "$WORK/ch001.xhtml"
run 0 check --mode xhtml -v 3.0 "$WORK/ch001.xhtml"
run 2 check --mode xhtml -v 4 "$WORK/ch001.xhtml"
# -v 2.0: EPUB 2's rules, under which <!DOCTYPE html> is irregular (HTM-004), as epubcheck says
printf '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body><p>x</p></body></html>\n' >"$WORK/h5.xhtml"
run 1 check --mode xhtml -v 2.0 "$WORK/h5.xhtml"
has "ERROR(HTM-004)"
run 0 check -m xhtml "$WORK/h5.xhtml"
run 0 check --mode xhtml "$WORK/book.epub" # ignored for a .epub, as epubcheck
run 2 check --mode xhtml "$WORK/book.zip"
grep -qF -- "--mode xhtml: $WORK/book.zip is not a .xhtml file" "$WORK/err" || fail "--mode xhtml on a .zip: $(cat "$WORK/err")"
run 2 check --format json "$WORK/book.epub"
grep -qF "allowed: text|github" "$WORK/err" || fail "--format json: $(cat "$WORK/err")"
run 2 check --jobs 0 "$WORK/book.epub"
run 2 check
note "ok"
