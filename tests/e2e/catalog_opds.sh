#!/usr/bin/env bash
# epubpack catalog (README "Catalog"), on a library of built articles in four languages and two
# series, a Kobo book, Cyrillic and spaced file names, a cover, one EPUB that is not a ZIP and
# one whose package has no title:
#  - every OPDS 1.2 feed validates with jing against opds-community's schema/1.2/opds.rnc
#    (pinned, tests/schemas/opds1/, with RFC 4287's atom.rnc) and every OPDS 2.0 feed with
#    python3-jsonschema against the OPDS 2.0 JSON Schemas (tests/schemas/opds2/); a broken
#    feed of each kind fails them;
#  - every link of every feed and page resolves to a file of the output, percent-encoded;
#  - served by python3 -m http.server with README's media types, every link fetched with curl
#    returns 200 with README's Content-Type;
#  - the two bad books are listed and named by a warning; pagination at 50; kepub's type.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool jing "apt-get install jing"
require_tool curl "apt-get install curl"
PY=/usr/bin/python3
"$PY" -c 'import jsonschema' 2>/dev/null || fail "Debian's python3-jsonschema is missing (apt-get install python3-jsonschema)"
make_workdir
TOOLS=$EP_SOURCE_DIR/tests/tools
SCHEMAS=$EP_SOURCE_DIR/tests/schemas
LIB=$WORK/library
mkdir -p "$WORK/src" "$LIB/Толстой"

# 1. the library: 56 articles (more than a page), 4 languages, 2 series
langs=(ru en de uk)
for i in $(seq 1 56); do
    lang=${langs[$((i % 4))]}
    series=""
    ((i % 7 == 0)) && series=$'belongs-to-collection: Заметки о вёрстке\ngroup-position: '$((i / 7))
    ((i % 11 == 0)) && series=$'belongs-to-collection: Field notes\ngroup-position: '$((i / 11))
    cat >"$WORK/src/a$i.md" <<MD
---
title: "Статья $i & <the> \"test\""
lang: $lang
author:
  - name: Автор $((i % 5))
    file-as: Авторов, $((i % 5))
date: 2024-01-$(printf %02d $((i % 28 + 1)))
subject: [Тема $((i % 3)), Topic]
description: "Описание статьи $i"
$series
---
Text of article $i.
MD
done
epubpack_build "$WORK"/src/a*.md -O "$LIB" >/dev/null
epubpack_build "$EP_SOURCE_DIR/tests/fixtures/reader-book" -o "$LIB/Толстой/Война и мир (том 1).epub" >/dev/null
epubpack_build "$EP_SOURCE_DIR/tests/fixtures/markdown-book" --target kobo -o "$LIB/md.kepub.epub" >/dev/null
# the same book as an EPUB: the same identifier
epubpack_build "$EP_SOURCE_DIR/tests/fixtures/markdown-book" -o "$LIB/md.epub" >/dev/null
printf 'not a zip\n' >"$LIB/broken.epub"
# rewrite_opf SRC DST PYTHON — DST is SRC with its package document's bytes `data` changed by
# the Python statement PYTHON (re is imported)
rewrite_opf() {
    "$PY" - "$1" "$2" "$3" <<'PYEOF'
import re, sys, zipfile
src, dst, code = sys.argv[1:4]
with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w") as zo:
    for info in zi.infolist():
        data = zi.read(info)
        if info.filename.endswith(".opf"):
            exec(code)
        zo.writestr(info, data)
PYEOF
}
# an EPUB whose package has no dc:title
rewrite_opf "$LIB/a1.epub" "$LIB/untitled.epub" \
    'data = re.sub(rb"<dc:title[^>]*>.*?</dc:title>", b"", data, flags=re.S)'
# a book whose series is only Calibre's <meta name="calibre:series"> (EPUB 3's collection
# removed), as Calibre's own EPUBs carry it
rewrite_opf "$LIB/a11.epub" "$LIB/calibre-only.epub" \
    'data = re.sub(rb"<meta[^>]*(belongs-to-collection|refines=\"#series\")[^>]*>[^<]*</meta>", b"", data)
assert b"belongs-to-collection" not in data and b"calibre:series" in data'
# an EPUB 2 package: the author's opf:file-as attribute, the cover named by <meta name="cover">
rewrite_opf "$LIB/Толстой/Война и мир (том 1).epub" "$LIB/epub2.epub" \
    'data = data.replace(b"version=\"3.0\"", b"version=\"2.0\"").replace(b" properties=\"cover-image\"", b"")
data = data.replace(b"<metadata ", b"<metadata xmlns:opf=\"http://www.idpf.org/2007/opf\" ")
data = re.sub(rb"<dc:creator id=\"creator-1\">", "<dc:creator opf:file-as=\"Котова, Анна\">".encode(), data)
data = re.sub(rb"<dc:title id=\"title\">[^<]*", "<dc:title id=\"title\">Книга EPUB 2".encode(), data)
assert b"cover-image" not in data and b"<meta name=\"cover\"" in data'
find "$LIB" -type f -exec sha256sum {} + | sort >"$WORK/lib.before"

# 2. the catalog, into another folder
OUT=$WORK/out
rc=0
SOURCE_DATE_EPOCH=1700000000 "$EPUBPACK" catalog "$LIB" -o "$OUT" --title "Домашняя библиотека" \
    >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
[[ $rc -eq 0 ]] || fail "catalog exited $rc: $(cat "$WORK/stderr")"
grep -q "^epubpack: $LIB/broken.epub: WARNING(EPK-CATALOG): listed with what could be read: " "$WORK/stderr" ||
    fail "no warning names broken.epub: $(cat "$WORK/stderr")"
grep -q "^epubpack: $LIB/untitled.epub: WARNING(EPK-CATALOG): listed with what could be read: the package has no title" "$WORK/stderr" ||
    fail "no warning names untitled.epub: $(cat "$WORK/stderr")"
[[ $(wc -l <"$WORK/stderr") -eq 2 ]] || fail "expected 2 warnings, got: $(cat "$WORK/stderr")"
find "$LIB" -type f -exec sha256sum {} + | sort >"$WORK/lib.after"
cmp -s "$WORK/lib.before" "$WORK/lib.after" || fail "the catalog changed files under DIR"
note "$(cat "$WORK/stdout"); two warnings; DIR untouched"

# 3. OPDS 1.2: jing, opds.rnc as pinned but for opds-community/specs issue 3 (its atomUri
# pattern excludes the letters r and t where it means \r and \t), and RFC 4287's atom.rnc
mkdir -p "$WORK/rnc"
cp "$SCHEMAS/opds1/atom.rnc" "$WORK/rnc/"
sed 's/\\nrt\]/\\n\\r\\t]/' "$SCHEMAS/opds1/opds.rnc" >"$WORK/rnc/opds.rnc"
cmp -s "$SCHEMAS/opds1/opds.rnc" "$WORK/rnc/opds.rnc" && fail "the opds.rnc fix did not apply"
atom=("$OUT/opds.xml" "$OUT"/catalog/*.xml "$OUT"/catalog/*.atom)
jing -c "$WORK/rnc/opds.rnc" "${atom[@]}" >"$WORK/jing" 2>&1 ||
    fail "jing: $(grep -v '^\[warning\]' "$WORK/jing" | head -20)"
sed 's|<id>[^<]*</id>||' "$OUT/catalog/new.atom" >"$WORK/noid.atom"
jing -c "$WORK/rnc/opds.rnc" "$WORK/noid.atom" >/dev/null 2>&1 && fail "jing accepted a feed without its id"
note "jing: ${#atom[@]} OPDS 1.2 feeds valid (a feed without <id> is not)"

# 4. OPDS 2.0: the JSON Schemas, $refs resolved from tests/schemas/opds2
json=("$OUT/opds.json" "$OUT"/catalog/*.json)
"$PY" "$TOOLS/opds2_validate.py" "$SCHEMAS/opds2" "${json[@]}" >"$WORK/js" 2>&1 ||
    fail "OPDS 2.0: $(head -20 "$WORK/js")"
sed 's|"language": "ru"|"language": "русский"|' "$OUT/catalog/new.json" >"$WORK/bad.json"
"$PY" "$TOOLS/opds2_validate.py" "$SCHEMAS/opds2" "$WORK/bad.json" >/dev/null 2>&1 &&
    fail "the OPDS 2.0 schemas accepted a language that is not a BCP 47 tag"
note "jsonschema: ${#json[@]} OPDS 2.0 feeds valid (a bad language tag is not)"

# 5. the content: pagination, kepub, percent-encoding, series order, warnings' books listed
[[ -f $OUT/catalog/new.2.atom && ! -e $OUT/catalog/new.3.atom ]] || fail "63 books should make 2 pages of new"
grep -q 'rel="next" href="new.2.atom"' "$OUT/catalog/new.atom" || fail "new.atom has no rel=next to new.2.atom"
grep -q 'href="../md.kepub.epub" type="application/kepub+zip"' "$OUT"/catalog/new*.atom ||
    fail "the kepub's acquisition link is not application/kepub+zip"
enc='../%D0%A2%D0%BE%D0%BB%D1%81%D1%82%D0%BE%D0%B9/%D0%92%D0%BE%D0%B9%D0%BD%D0%B0%20%D0%B8%20%D0%BC%D0%B8%D1%80%20%28%D1%82%D0%BE%D0%BC%201%29.epub'
grep -qF "href=\"$enc\"" "$OUT/catalog/new.atom" || fail "the Cyrillic file name is not percent-encoded as $enc"
grep -q '<title>untitled</title>' "$OUT"/catalog/new*.atom || fail "the untitled EPUB is not listed by its file name"
grep -q '<title>broken</title>' "$OUT"/catalog/new*.atom || fail "the unreadable EPUB is not listed"
series=$(ls "$OUT"/catalog/series-zametki-o-verstke.atom) || fail "no feed for the series Заметки о вёрстке"
order=$(grep -o '<content type="text">Series: [^<]*' "$series" | sed 's/.*, //' | tr '\n' ' ')
[[ $order == "1 2 3 4 5 6 7 8 " ]] || fail "series order: $order"
grep -c '<content type="text">Series: Field notes, 1</content>' "$OUT/catalog/series-field-notes.atom" | grep -qx 2 ||
    fail "the book with only calibre:series is not in its series at position 1"
grep -q '"sortAs": "Авторов, 1"' "$OUT/catalog/new.json" || fail "OPDS 2.0 has no author's sortAs (file-as)"
"$PY" - "$OUT"/catalog/new*.json <<'PYEOF' || fail "the EPUB 2 book: opf:file-as or the cover of <meta name=cover> not read"
import json, sys
pubs = [p for f in sys.argv[1:] for p in json.load(open(f))["publications"]]
[b] = [p for p in pubs if p["metadata"]["title"] == "Книга EPUB 2"]
assert b["metadata"]["author"][0]["sortAs"] == "Котова, Анна", b["metadata"]["author"]
assert any(i["type"] == "image/png" for i in b["images"]), b.get("images")
PYEOF
grep -q 'http://opds-spec.org/image/thumbnail' "$OUT"/catalog/series-biblioteka-verstki.atom ||
    fail "the book with a cover has no thumbnail link"
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["publications"][0]["metadata"]["belongsTo"]["series"][0]; assert s["name"]=="Заметки о вёрстке" and s["position"]==1, s' \
    "$OUT/catalog/series-zametki-o-verstke.json" || fail "OPDS 2.0 belongsTo.series"
grep -q '<script' "$OUT/index.html" "$OUT"/catalog/*.html && fail "an HTML page has a script"
# entry ids are distinct within a feed (RFC 4287 §4.2.6), the same book as .epub and .kepub.epub too
"$PY" - "${atom[@]}" <<'PYEOF' || fail "a feed repeats an entry id"
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
for f in sys.argv[1:]:
    ids = [e.findtext(A + "id") for e in ET.parse(f).getroot().iter(A + "entry")]
    assert len(ids) == len(set(ids)), (f, sorted(i for i in ids if ids.count(i) > 1))
PYEOF
note "pagination, kepub type, percent-encoding, series order, covers: as expected"

# 6. every link resolves to a file of the output
"$PY" "$TOOLS/catalog_links.py" "$OUT" >"$WORK/targets" 2>"$WORK/links.err" ||
    fail "links: $(head -20 "$WORK/links.err")"
note "$(wc -l <"$WORK/targets") link targets, each a file of the output"

# 7. served with README's media types: each target fetched, 200 and its Content-Type
"$PY" "$TOOLS/catalog_serve.py" "$EP_SOURCE_DIR/README.md" "$OUT" "$WORK/port" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do [[ -s $WORK/port ]] && break; sleep 0.1; done
[[ -s $WORK/port ]] || fail "the test server did not start"
port=$(cat "$WORK/port")
declare -A types
while IFS=$'\t' read -r suffix type; do types[$suffix]=$type; done < <(
    sed -n '/^### Serving the catalog/,/^### /p' "$EP_SOURCE_DIR/README.md" |
        sed -n 's/^| `\(\.[a-z.]*\)` | `\([^`]*\)` |.*/\1\t\2/p')
((${#types[@]} >= 8)) || fail "README's media type table not found"
n=0
while IFS= read -r t; do
    want="" best=""
    for s in "${!types[@]}"; do
        if [[ $t == *"$s" && ${#s} -gt ${#best} ]]; then
            want=${types[$s]}
            best=$s
        fi
    done
    [[ -n $want ]] || fail "README names no type for $t"
    got=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "http://127.0.0.1:$port/$t")
    [[ $got == "200 $want" ]] || fail "GET /$t: $got (want 200 $want)"
    n=$((n + 1))
done <"$WORK/targets"
note "HTTP: $n links fetched, each 200 with README's Content-Type"

# 8. an empty folder: a catalog with no books is valid too
mkdir -p "$WORK/empty"
"$EPUBPACK" catalog "$WORK/empty" >/dev/null 2>"$WORK/stderr" || fail "empty folder: $(cat "$WORK/stderr")"
jing -c "$WORK/rnc/opds.rnc" "$WORK/empty/opds.xml" "$WORK"/empty/catalog/*.atom >"$WORK/jing" 2>&1 ||
    fail "empty catalog, jing: $(grep -v '^\[warning\]' "$WORK/jing" | head)"
"$PY" "$TOOLS/opds2_validate.py" "$SCHEMAS/opds2" "$WORK/empty/opds.json" "$WORK"/empty/catalog/*.json >"$WORK/js" 2>&1 ||
    fail "empty catalog, OPDS 2.0: $(head "$WORK/js")"
note "an empty folder's catalog is valid"
