#!/usr/bin/env bash
# Hostile input (issue 20, item 1): front matter nested 100 000 deep, `[[[…]]]`, `{a: {a: …}}`
# and `- - - …`. libyaml's scanner keeps a simple key per flow level and walks them all for each
# token: 100 000 deep took over a minute (16 000: 1.2–3.6 s). The depth is refused as the
# events arrive, at 64, in milliseconds. Generated at test time; a hang fails at 20 s.
. "$(dirname "$0")/bad.bash"
python3 - "$BOOK" <<'PY'
import sys
n = 100000
def md(name, value):
    open(sys.argv[1] + '/' + name + '.md', 'w').write(
        '---\ntitle: T\nlang: en\nsubject: ' + value + '\n---\n\ntext\n')
md('flow', '[' * n + ']' * n)
md('map', '{a: ' * n + 'x' + '}' * n)
md('block', '\n' + '- ' * n + 'x')
md('fine', '[' * 63 + 'x' + ']' * 63)
PY
for case in "flow:4:73" "map:4:262" "block:5:127"; do
    IFS=: read -r name line col <<<"$case"
    expect_refused_fast "$name" "epubpack: $BOOK/$name.md:$line:$col: metadata nested more than 64 deep here (lists and maps, [ { or indented); the metadata is refused" "$BOOK/$name.md"
done
# 63 deep is read (and then refused for its type, as before: subject is a list of strings).
RC=0
timeout 20 "$EPUBPACK" build "$BOOK/fine.md" -o "$OUT/x.epub" >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
note "fine: exit $RC: $(cat "$WORK/stderr")"
grep -q "metadata key 'subject' must be a list of strings, not a list" "$WORK/stderr" ||
    fail "63 deep: $(cat "$WORK/stderr")"
