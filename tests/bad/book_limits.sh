#!/usr/bin/env bash
# A book over the limits of util/limits.h (issue 20, item 6) is refused before typesetting or
# packaging, with the file, the line where known, the limit and the option to change, instead
# of failing in the build's own final check with a message about the container:
#  - one paragraph of 17 MB on one line (before: 831 MB, then FATAL EPK-ZIP-BOMB on ch001.xhtml);
#  - one paragraph of 12 MB on 800 000 lines (before: 354 s merging its lines, then the same);
#  - 30 000 headings split at level 6 (before: FATAL EPK-ZIP-ENTRIES on the written file).
# Generated at test time; a hang fails at 20 s.
. "$(dirname "$0")/bad.bash"
python3 - "$BOOK" <<'PY'
import sys
def md(name, body):
    open(sys.argv[1] + '/' + name + '.md', 'w').write('---\ntitle: T\nlang: en\n---\n\nFirst.\n\n' + body)
md('line', 'word ' * (17 * 1024 * 1024 // 5) + '\n')
md('lines', 'word word word\n' * (12 * 1024 * 1024 // 15))
md('headings', ''.join('###### H%d\n\ntext %d\n\n' % (i, i) for i in range(30000)))
PY
check() { # NAME MESSAGE [ARGS...]
    local name=$1 want=$2
    shift 2
    RC=0
    SECONDS=0
    timeout 20 "$EPUBPACK" build "$BOOK/$name.md" -o "$OUT/x.epub" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
    STDERR=$(cat "$WORK/stderr")
    note "$name: exit $RC in $SECONDS s: $STDERR"
    [[ $RC -ne 124 ]] || fail "$name: not refused within 20 s"
    [[ $RC -eq 1 ]] || fail "$name: expected exit 1, got $RC"
    [[ "$STDERR" == "epubpack: $BOOK/$name.md$want" ]] || fail "$name: message: $STDERR"
    [[ -z "$(ls -A "$OUT")" ]] || fail "$name: output written"
}
text="a text of over 10000000 bytes without markup in one <p>; texts over 10000000 bytes are refused (libxml2's limit, which readers share): break it into paragraphs"
check line ":8: $text"
check lines ":8: $text"
check headings ": the book would be 30013 files in the EPUB (30001 documents, 30001 from this file split at headings of levels 1 to 6, 2 images, fonts and stylesheets); EPUBs of more than 20000 files are refused: use a lower --split-level (or the key split-level), or split the book" --split-level 6
