#!/usr/bin/env bash
# Never overwrite an input (issue 20, point 8): `epubpack build X.md -o X.md` used to replace
# the source with the EPUB and exit 0. An output that is the input, a chapter, the metadata
# file, a stylesheet or an image of the book, by its own name or through a hard link, is
# refused with one message naming the input and the output; the file is left byte-identical.
. "$(dirname "$0")/bad.bash"
tiny_png "$BOOK/pic.png"
chapter a.md '---\ntitle: T\nlang: ru\n---\n# A\n\nтекст\n\n![картинка](pic.png)\n'
chapter b.md '# B\n\nещё текст\n'
printf 'p { margin: 0 }\n' >"$BOOK/style.css"
book_yaml 'title: T\nlang: ru\nchapters: [a.md, b.md]\ncss: style.css\n'

# refused INPUT OUTPUT VICTIM [ARGS...] — building INPUT into OUTPUT fails with exit 1 and the
# exact message naming VICTIM, which keeps its bytes; nothing else appears in $BOOK.
refused() {
    local input=$1 output=$2 victim=$3 before
    shift 3
    cp "$victim" "$WORK/victim.before"
    before=$(cd "$BOOK" && find . | sort)
    run_epubpack build "$input" -o "$output" "$@"
    note "-o ${output#"$WORK"/}: exit $RC: $STDERR"
    [[ $RC -eq 1 ]] || fail "-o $output: expected exit 1, got $RC ($STDERR)"
    local want="epubpack: $victim: this input file is also the output '$output': the build would replace it; choose another output name (-o)"
    [[ "$STDERR" == "$want" ]] || fail "expected: $want; got: $STDERR"
    cmp -s "$WORK/victim.before" "$victim" || fail "$victim was changed"
    [[ "$(cd "$BOOK" && find . | sort)" == "$before" ]] || fail "files appeared in $BOOK"
}

refused "$BOOK/b.md" "$BOOK/b.md" "$BOOK/b.md"               # the single input file
refused "$BOOK" "$BOOK/b.md" "$BOOK/b.md"                    # a chapter of a folder book
refused "$BOOK" "$BOOK/book.yaml" "$BOOK/book.yaml"          # its metadata file
refused "$BOOK" "$BOOK/style.css" "$BOOK/style.css"          # its stylesheet
refused "$BOOK" "$BOOK/pic.png" "$BOOK/pic.png"              # an image
ln "$BOOK/a.md" "$WORK/link.epub"                            # another name, the same file
refused "$BOOK" "$WORK/link.epub" "$BOOK/a.md"
(cd "$BOOK" && refused b.md ./b.md b.md)                     # another spelling of the name
printf 'h1 { color: black }\n' >"$WORK/extra.css"
refused "$BOOK" "$WORK/extra.css" "$WORK/extra.css" --css "$WORK/extra.css"

# An earlier EPUB under the output's name is still replaced.
run_epubpack build "$BOOK" -o "$OUT/book.epub"
[[ $RC -eq 0 ]] || fail "first build: exit $RC: $STDERR"
run_epubpack build "$BOOK" -o "$OUT/book.epub"
[[ $RC -eq 0 ]] || fail "a rebuild over the earlier EPUB: exit $RC: $STDERR"
