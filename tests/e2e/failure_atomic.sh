#!/usr/bin/env bash
# Safe writing (issue #2, item 7): when a build fails, an existing output file stays
# byte-identical, the exit status is 1, the message names the file and the line, and no
# temporary file is left in the output folder.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool cmp "apt-get install diffutils"
make_workdir

mkdir -p "$WORK/out" "$WORK/bad"
# The existing output: not even an EPUB, so any rewrite is visible.
printf 'precious bytes, must survive a failed build\n' >"$WORK/out/book.epub"
cp "$WORK/out/book.epub" "$WORK/expected"

# A copy of the book with one invalid UTF-8 byte sequence on line 5 of its Markdown.
cp -r "$EP_SOURCE_DIR/book/." "$WORK/bad/"
md="$WORK/bad/article.md"
[[ -f "$md" ]] || fail "book/article.md missing"
python3 - "$md" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, "rb").read().split(b"\n")
while len(lines) < 6:
    lines.append(b"")
lines[4] = lines[4] + b" bad \xff\xfe byte"   # line 5 (1-based)
open(p, "wb").write(b"\n".join(lines))
PY

rc=0
"$EPUBPACK" build "$WORK/bad" -o "$WORK/out/book.epub" >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
note "exit $rc; stderr: $(head -c 300 "$WORK/stderr")"
[[ $rc -eq 1 ]] || fail "expected exit status 1 for invalid UTF-8, got $rc"
cmp "$WORK/expected" "$WORK/out/book.epub" || fail "the existing output file was changed by a failed build"
grep -Eq '^epubpack: [^:]*article\.md:5(:[0-9]+)?: ' "$WORK/stderr" ||
    fail "error message does not name article.md and line 5 as 'epubpack: FILE:LINE: message': $(cat "$WORK/stderr")"
leftover=$(find "$WORK/out" -mindepth 1 ! -name book.epub)
[[ -z "$leftover" ]] || fail "temporary files left in the output folder: $leftover"

# Same guarantees when there was no output file before: nothing at all is created.
rm "$WORK/out/book.epub"
rc=0
"$EPUBPACK" build "$WORK/bad" -o "$WORK/out/book.epub" >/dev/null 2>&1 || rc=$?
[[ $rc -eq 1 ]] || fail "expected exit 1 without an existing output, got $rc"
leftover=$(find "$WORK/out" -mindepth 1)
[[ -z "$leftover" ]] || fail "a failed build left files behind: $leftover"

# An input that does not exist: exit 1, named in the message, output untouched.
cp "$WORK/expected" "$WORK/out/book.epub"
rc=0
"$EPUBPACK" build "$WORK/no-such-book" -o "$WORK/out/book.epub" >/dev/null 2>"$WORK/stderr" || rc=$?
[[ $rc -eq 1 ]] || fail "missing input: expected exit 1, got $rc"
grep -q 'no-such-book' "$WORK/stderr" || fail "missing input not named: $(cat "$WORK/stderr")"
cmp -s "$WORK/expected" "$WORK/out/book.epub" || fail "missing input changed the existing output"
note "ok"
