#!/usr/bin/env bash
# Metadata over the limits of util/limits.h (issue 20, item 6), refused while the YAML is read,
# with the file, line, key and limit. Before: a 10 MB title was written, then the build's own
# check refused toc.ncx as a zip bomb (FATAL EPK-ZIP-BOMB, 4.4 s, 290 MB); an identifier over
# 10,000,000 bytes failed in libxml2 (`AttValue length too long`); 400 000 authors took 73 s
# and 1 GB. Generated at test time; a hang fails at 20 s.
. "$(dirname "$0")/bad.bash"
python3 - "$BOOK" <<'PY'
import sys
def md(name, front):
    open(sys.argv[1] + '/' + name + '.md', 'w').write('---\n' + front + '---\n\ntext\n')
md('title', 'title: ' + 'a' * (10 * 1024 * 1024) + '\nlang: en\n')
md('identifier', 'title: T\nlang: en\nidentifier: "' + 'x' * 10000001 + '"\n')
md('authors', 'title: T\nlang: en\nauthor:\n' + ''.join('- Name %d\n' % i for i in range(400000)))
PY
check() { # NAME MESSAGE
    RC=0
    SECONDS=0
    timeout 20 "$EPUBPACK" build "$BOOK/$1.md" -o "$OUT/x.epub" >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
    STDERR=$(cat "$WORK/stderr")
    note "$1: exit $RC in $SECONDS s: $STDERR"
    [[ $RC -ne 124 ]] || fail "$1: not refused within 20 s"
    [[ $RC -eq 1 ]] || fail "$1: expected exit 1, got $RC"
    [[ "$STDERR" == "epubpack: $BOOK/$1.md:$2" ]] || fail "$1: message: $STDERR"
    [[ -z "$(ls -A "$OUT")" ]] || fail "$1: output written"
}
check title "2:8: metadata key 'title': a value of 10485760 bytes; values over 65536 bytes are refused (no reader shows them; put long text in a chapter)"
check identifier "4:13: metadata key 'identifier': a value of 10000001 bytes; values over 65536 bytes are refused (no reader shows them; put long text in a chapter)"
check authors "1005:3: metadata key 'author': more than 1000 names; the limit is 1000"
