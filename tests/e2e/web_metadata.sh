#!/usr/bin/env bash
# A web page's metadata end to end (issue 14, point 3; src/read/webmeta.c): the Russian fixture
# page with three authors in a JSON-LD @graph becomes an EPUB whose package document carries
# them in order, with the title, date, publisher, language and source the page gives; a
# book.yaml beside the page overrides what it sets and nothing else; a JSON-LD block that is
# not JSON is a warning naming the file and line, and the book still builds.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool python3 "apt-get install python3"
make_workdir

fixture=$EP_SOURCE_DIR/tests/fixtures/web/ru-jsonld-authors.html

# opf_meta EPUB — the package's metadata as "name<TAB>value" lines, in document order.
opf_meta() {
    python3 - "$1" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
opf_path = re.search(r'full-path="([^"]+)"', z.read("META-INF/container.xml").decode()).group(1)
opf = z.read(opf_path).decode("utf-8")
for m in re.finditer(r'<(dc:\w+|meta)\b([^>]*)>([^<]*)</\1>', opf):
    name = m.group(1)
    if name == "meta":
        p = re.search(r'property="([^"]+)"', m.group(2))
        if not p or p.group(1) != "dcterms:modified":
            continue
        name = p.group(1)
    print("%s\t%s" % (name, m.group(3)))
PY
}

# expect_meta FILE NAME VALUE — the lines for NAME, joined by "|", are VALUE.
expect_meta() {
    local got
    got=$(awk -F'\t' -v n="$2" '$1 == n {print $2}' "$1" | paste -sd'|')
    [[ $got == "$3" ]] || fail "$2: expected '$3', got '$got' (all: $(tr '\t\n' '= ' <"$1"))"
    note "$2 = $got"
}

# 1. The page alone.
epubpack_build "$fixture" -o "$WORK/page.epub" 2>"$WORK/page.err" >/dev/null
[[ ! -s "$WORK/page.err" ]] || fail "warnings on the fixture page: $(cat "$WORK/page.err")"
opf_meta "$WORK/page.epub" >"$WORK/page.meta"
expect_meta "$WORK/page.meta" dc:title "Река и город: как Москва училась жить с водой"
expect_meta "$WORK/page.meta" dc:creator "Анна Иванова|Пётр Петров|Мария Сидорова"
expect_meta "$WORK/page.meta" dc:date "2024-03-05"
expect_meta "$WORK/page.meta" dc:publisher "Вечерние известия"
expect_meta "$WORK/page.meta" dc:language "ru"
expect_meta "$WORK/page.meta" dc:source "https://example.ru/news/2024/03/05/reka-i-gorod"
expect_meta "$WORK/page.meta" dcterms:modified "2024-03-06T06:15:00Z"
epubcheck_clean "$WORK/page.epub"

# 2. book.yaml beside the page wins for the keys it sets.
mkdir "$WORK/book"
cp "$fixture" "$WORK/book/page.html"
printf 'title: Свой заголовок\nauthor: Редакция\n' >"$WORK/book/book.yaml"
epubpack_build "$WORK/book" -o "$WORK/book.epub" >/dev/null
opf_meta "$WORK/book.epub" >"$WORK/book.meta"
expect_meta "$WORK/book.meta" dc:title "Свой заголовок"
expect_meta "$WORK/book.meta" dc:creator "Редакция"
expect_meta "$WORK/book.meta" dc:date "2024-03-05"
expect_meta "$WORK/book.meta" dc:source "https://example.ru/news/2024/03/05/reka-i-gorod"

# 3. A JSON-LD block that is not JSON: a warning with the file and line, the rest still read.
python3 - "$fixture" "$WORK/broken.html" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
s = s.replace('"@type": "BreadcrumbList",', '"@type": "BreadcrumbList" oops', 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
line=$(grep -n 'BreadcrumbList" oops' "$WORK/broken.html" | cut -d: -f1)
epubpack_build "$WORK/broken.html" -o "$WORK/broken.epub" 2>"$WORK/broken.err" >/dev/null
grep -F "broken.html:$line: " "$WORK/broken.err" |
    grep -qF 'a <script type="application/ld+json"> block is not JSON' ||
    fail "no warning naming broken.html:$line: $(cat "$WORK/broken.err")"
note "warning: $(head -n 1 "$WORK/broken.err")"
opf_meta "$WORK/broken.epub" >"$WORK/broken.meta"
expect_meta "$WORK/broken.meta" dc:creator "Анна Иванова|Пётр Петров|Мария Сидорова"
