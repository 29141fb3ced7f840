#!/usr/bin/env bash
# Makes the locally-made part of the wild EPUB set (issue 19, point 6): what Calibre
# (`ebook-convert`, EPUB 2 by default and --epub-version 3) and pandoc (-t epub2, -t epub3)
# write from varied inputs, in several input formats (Markdown, plain text, HTML, and .docx,
# .odt, .fb2, .rtf that pandoc makes first), plus EbookLib's output if python3-ebooklib is
# installed, plus a few deliberately broken EPUBs (names start with "broken-").
#
#   tests/bench/wild/collect-local.sh [OUTDIR]       (default: /work/wild-epubs/local)
#
# Inputs: this repository (book/, tests/fixtures/) and $EPUBPACK_TEST_DATA (default
# /work/shared): seed/article.txt, corpus/war-and-peace/tom1.txt and 12 of the Readability
# test pages (conformance/readability/test-pages/*/expected.html). Writes OUTDIR/*.epub and
# OUTDIR/sources.tsv (file, command, licence of the input, note) for epubinfo.py manifest.
# Not a ctest: a benchmark input, run by hand. The tools' versions change their output: the
# manifest records the sha256 of what was measured.
set -uo pipefail
src=$(cd "$(dirname "$0")/../../.." && pwd)
data=${EPUBPACK_TEST_DATA:-/work/shared}
out=${1:-/work/wild-epubs/local}
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sources=$out/sources.tsv
: >"$sources"
for t in pandoc ebook-convert zip python3; do
    command -v "$t" >/dev/null || { echo "collect-local.sh: $t is missing" >&2; exit 2; }
done
echo "pandoc $(pandoc --version | head -1 | cut -d' ' -f2), $(ebook-convert --version 2>/dev/null | head -1)" >"$out/tools.txt"

# run NAME LICENCE COMMAND... — runs COMMAND (which writes $out/NAME) niced, with a time limit,
# and records it in sources.tsv with the command as its source (paths shown relative).
run() {
    local name=$1 lic=$2
    shift 2
    if nice timeout 300 "$@" >"$tmp/log" 2>&1 && [[ -s $out/$name ]]; then
        local cmd="$*"
        cmd=${cmd//$src\//}
        cmd=${cmd//$data\//\$EPUBPACK_TEST_DATA/}
        cmd=${cmd//$tmp\//tmp/}
        cmd=${cmd//$out\//}
        printf '%s\t%s\t%s\t\n' "$name" "$cmd" "$lic" >>"$sources"
        echo "made $name"
    else
        echo "FAILED $name: $*" >&2
        tail -3 "$tmp/log" >&2
        rm -f "$out/$name"
    fi
}

# The inputs, each as Markdown or text, with a title. LICENCE of each input for the manifest.
in=$tmp/in
mkdir -p "$in"
PROJ="epubpack test fixture (project licence)"
set -e
cat "$src/tests/fixtures/markdown-book/one.md" "$src/tests/fixtures/markdown-book/two.md" >"$in/mdbook.md"
cp -R "$src/tests/fixtures/reader-book" "$in/readerbook"
cat "$in/readerbook/one.md" "$in/readerbook/two.md" >"$in/readerbook/all.md"
cp "$src/book/article.md" "$in/article.md"
cp "$data/seed/article.txt" "$in/seedarticle.txt"
printf '%% Seed article\n\n' >"$in/seedarticle.md"
cat "$data/seed/article.txt" >>"$in/seedarticle.md"
set +e

# 1. Markdown/text through pandoc and Calibre, EPUB 2 and 3.
for b in mdbook article seedarticle; do
    lic=$PROJ
    [[ $b == seedarticle ]] && lic="seed article (epubpack test data)"
    run "pandoc-epub2__$b.epub" "$lic" pandoc "$in/$b.md" -t epub2 --metadata title="$b" -o "$out/pandoc-epub2__$b.epub"
    run "pandoc-epub3__$b.epub" "$lic" pandoc "$in/$b.md" -t epub3 --metadata title="$b" -o "$out/pandoc-epub3__$b.epub"
    run "calibre-epub2__$b-md.epub" "$lic" ebook-convert "$in/$b.md" "$out/calibre-epub2__$b-md.epub"
    run "calibre-epub3__$b-md.epub" "$lic" ebook-convert "$in/$b.md" "$out/calibre-epub3__$b-md.epub" --epub-version 3
    # Other input formats, made by pandoc, read by Calibre (and pandoc for .docx).
    for fmt in docx odt fb2 rtf html; do
        pandoc "$in/$b.md" --standalone --metadata title="$b" -o "$in/$b.$fmt" 2>/dev/null || continue
        run "calibre-epub2__$b-$fmt.epub" "$lic" ebook-convert "$in/$b.$fmt" "$out/calibre-epub2__$b-$fmt.epub"
    done
    run "calibre-epub3__$b-docx.epub" "$lic" ebook-convert "$in/$b.docx" "$out/calibre-epub3__$b-docx.epub" --epub-version 3
    run "calibre-epub3__$b-fb2.epub" "$lic" ebook-convert "$in/$b.fb2" "$out/calibre-epub3__$b-fb2.epub" --epub-version 3
    run "pandoc-epub2__$b-docx.epub" "$lic" pandoc "$in/$b.docx" -t epub2 -o "$out/pandoc-epub2__$b-docx.epub"
    run "pandoc-epub3__$b-docx.epub" "$lic" pandoc "$in/$b.docx" -t epub3 -o "$out/pandoc-epub3__$b-docx.epub"
done
# Plain text straight into Calibre (its txt input: paragraphs, heuristics).
run "calibre-epub2__seedarticle-txt.epub" "seed article (epubpack test data)" ebook-convert "$in/seedarticle.txt" "$out/calibre-epub2__seedarticle-txt.epub"
run "calibre-epub2__war-and-peace-tom1-txt.epub" "public domain (Tolstoy; epubpack test data)" ebook-convert "$data/corpus/war-and-peace/tom1.txt" "$out/calibre-epub2__war-and-peace-tom1-txt.epub"
run "pandoc-epub3__war-and-peace-tom1.epub" "public domain (Tolstoy; epubpack test data)" pandoc -f markdown "$data/corpus/war-and-peace/tom1.txt" -t epub3 --metadata title="Война и мир" -o "$out/pandoc-epub3__war-and-peace-tom1.epub"
# A book with images (cover, chart), from its own folder so the paths resolve.
(
    cd "$in/readerbook" || exit 1
    run "pandoc-epub2__readerbook.epub" "$PROJ" pandoc all.md -t epub2 --metadata title="Reader book" --epub-cover-image=images/cover.png -o "$out/pandoc-epub2__readerbook.epub"
    run "pandoc-epub3__readerbook.epub" "$PROJ" pandoc all.md -t epub3 --metadata title="Reader book" --epub-cover-image=images/cover.png -o "$out/pandoc-epub3__readerbook.epub"
    run "calibre-epub2__readerbook-md.epub" "$PROJ" ebook-convert all.md "$out/calibre-epub2__readerbook-md.epub" --cover images/cover.png
    run "calibre-epub3__readerbook-md.epub" "$PROJ" ebook-convert all.md "$out/calibre-epub3__readerbook-md.epub" --epub-version 3 --cover images/cover.png
    pandoc all.md --standalone --metadata title="Reader book" -o "$in/readerbook.docx" &&
        run "calibre-epub2__readerbook-docx.epub" "$PROJ" ebook-convert "$in/readerbook.docx" "$out/calibre-epub2__readerbook-docx.epub"
)
# Saved web pages of our fixtures (Russian, legacy charsets, a page with its _files folder).
for f in ru-cp1251 ru-koi8r ru-divs dl-lists saved/statya cover/stranitsa; do
    b=web-${f##*/}
    run "calibre-epub2__$b.epub" "$PROJ" ebook-convert "$src/tests/fixtures/web/$f.html" "$out/calibre-epub2__$b.epub"
    run "pandoc-epub3__$b.epub" "$PROJ" pandoc "$src/tests/fixtures/web/$f.html" -t epub3 --metadata title="$b" -o "$out/pandoc-epub3__$b.epub"
done
# 2. Real articles: Readability's cleaned pages (many languages, RTL, tables, SVG, MathJax).
rd=$data/conformance/readability/test-pages
RDLIC="Apache-2.0 (mozilla/readability test page)"
i=0
for p in wikipedia rtl-1 hukumusume qq lemonde-1 mathjax keep-tabular-data svg-parsing medium-1 base-url-base-element cnet-svg-classes folha; do
    [[ -f $rd/$p/expected.html ]] || continue
    i=$((i + 1))
    title=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("title") or sys.argv[2])' "$rd/$p/expected-metadata.json" "$p")
    # Calibre and pandoc alternate EPUB 2 and 3 from page to page; each page gets both tools.
    if ((i % 2)); then v2=epub2 v3=epub3; else v2=epub3 v3=epub2; fi
    run "pandoc-${v2}__rd-$p.epub" "$RDLIC" pandoc "$rd/$p/expected.html" -t "$v2" --metadata title="$title" -o "$out/pandoc-${v2}__rd-$p.epub"
    cp "$rd/$p/expected.html" "$in/$p.html"
    if [[ $v3 == epub3 ]]; then
        run "calibre-epub3__rd-$p.epub" "$RDLIC" ebook-convert "$in/$p.html" "$out/calibre-epub3__rd-$p.epub" --epub-version 3 --title "$title"
    else
        run "calibre-epub2__rd-$p.epub" "$RDLIC" ebook-convert "$in/$p.html" "$out/calibre-epub2__rd-$p.epub" --title "$title"
    fi
done
# 3. EbookLib (Debian python3-ebooklib), when installed: the EPUB 3 it writes by default.
if /usr/bin/python3 -c 'import ebooklib' 2>/dev/null; then
    for b in mdbook article seedarticle; do
        lic=$PROJ
        [[ $b == seedarticle ]] && lic="seed article (epubpack test data)"
        run "ebooklib__$b.epub" "$lic" /usr/bin/python3 "$src/tests/bench/wild/ebooklib-make.py" "$in/$b.html" "$out/ebooklib__$b.epub"
    done
    for p in wikipedia rtl-1 keep-tabular-data; do
        run "ebooklib__rd-$p.epub" "$RDLIC" /usr/bin/python3 "$src/tests/bench/wild/ebooklib-make.py" "$rd/$p/expected.html" "$out/ebooklib__rd-$p.epub"
    done
else
    echo "python3-ebooklib is not installed: no EbookLib EPUBs" >&2
fi

# 4. Broken on purpose, as users meet them: each from a valid pandoc EPUB, one fault each.
# rezip DIR EPUB [store-mimetype|deflate-mimetype|no-mimetype]
rezip() {
    local d=$1 e=$2 how=$3
    rm -f "$e"
    (
        cd "$d" || exit 1
        case $how in
        store-mimetype) zip -q -X0 "$e" mimetype ;;
        deflate-mimetype) zip -q -X9 "$e" mimetype ;;
        no-mimetype) ;;
        esac
        zip -q -rX9 "$e" . -x mimetype
    )
}
for v in 2 3; do
    base=$out/pandoc-epub${v}__mdbook.epub
    [[ -f $base ]] || continue
    BL="$PROJ; broken on purpose"
    w=$tmp/broken$v
    rm -rf "$w"; mkdir -p "$w"; (cd "$w" && unzip -q "$base")
    opf=$(cd "$w" && ls EPUB/content.opf 2>/dev/null || find . -name '*.opf' | head -1)
    rezip "$w" "$out/broken-epub${v}__mimetype-deflated.epub" deflate-mimetype
    printf '%s\t%s\t%s\t%s\n' "broken-epub${v}__mimetype-deflated.epub" "unzip pandoc-epub${v}__mdbook.epub; zip it with mimetype first but deflated" "$BL" "broken: mimetype compressed" >>"$sources"
    rezip "$w" "$out/broken-epub${v}__no-mimetype.epub" no-mimetype
    printf '%s\t%s\t%s\t%s\n' "broken-epub${v}__no-mimetype.epub" "unzip pandoc-epub${v}__mdbook.epub; zip it without mimetype" "$BL" "broken: mimetype missing" >>"$sources"
    # A file the OPF lists, gone: the first chapter.
    w2=$tmp/broken$v-missing
    rm -rf "$w2"; cp -R "$w" "$w2"
    ch=$(cd "$w2" && find . -name 'ch001.xhtml' | head -1)
    rm -f "$w2/$ch"
    rezip "$w2" "$out/broken-epub${v}__missing-chapter.epub" store-mimetype
    printf '%s\t%s\t%s\t%s\n' "broken-epub${v}__missing-chapter.epub" "unzip pandoc-epub${v}__mdbook.epub; rm ${ch#./}; zip" "$BL" "broken: a manifest item missing" >>"$sources"
    # Bad XHTML: a chapter that is not well-formed (an unclosed <p>, an unknown entity).
    w3=$tmp/broken$v-xhtml
    rm -rf "$w3"; cp -R "$w" "$w3"
    ch=$(cd "$w3" && find . -name 'ch001.xhtml' | head -1)
    sed -i '0,/<\/p>/s|</p>|\&nbsp; <p>unclosed|' "$w3/$ch"
    rezip "$w3" "$out/broken-epub${v}__bad-xhtml.epub" store-mimetype
    printf '%s\t%s\t%s\t%s\n' "broken-epub${v}__bad-xhtml.epub" "unzip pandoc-epub${v}__mdbook.epub; in ${ch#./} replace the first </p> by '&nbsp; <p>unclosed'; zip" "$BL" "broken: XHTML not well-formed" >>"$sources"
done
# An EPUB 2 whose OPF names an item of a type it does not have, and a spine itemref to nothing.
w=$tmp/broken2; if [[ -d $w ]]; then
    w4=$tmp/broken2-opf
    rm -rf "$w4"; cp -R "$w" "$w4"
    opf=$(find "$w4" -name '*.opf' | head -1)
    sed -i 's|</spine>|<itemref idref="no-such-item"/></spine>|' "$opf"
    rezip "$w4" "$out/broken-epub2__spine-idref.epub" store-mimetype
    printf '%s\t%s\t%s\t%s\n' "broken-epub2__spine-idref.epub" "unzip pandoc-epub2__mdbook.epub; add <itemref idref=\"no-such-item\"/> to the spine; zip" "$PROJ; broken on purpose" "broken: spine idref to no item" >>"$sources"
fi
echo "$(ls "$out"/*.epub | wc -l) EPUBs in $out"
