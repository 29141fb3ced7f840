#!/usr/bin/env bash
# Hostile input (issue 5): a YAML "billion laughs" (aliases of aliases, 9^10 strings when
# expanded) in the front matter. Aliases are refused outright, in bounded time and memory.
. "$(dirname "$0")/bad.bash"
python3 - "$BOOK/article.md" <<'PY'
import sys
lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
lines += ['a%d: &a%d [%s]' % (i, i, ','.join(['*a%d' % (i - 1)] * 9)) for i in range(1, 10)]
open(sys.argv[1], 'w').write('---\ntitle: T\nlang: en\n' + '\n'.join(lines) +
                             '\nsubject: *a9\nauthor: *a9\n---\n\ntext\n')
PY
run_bounded build "$BOOK/article.md" -o "$OUT/x.epub"
note "exit $RC: $STDERR"
[[ $RC -eq 1 ]] || fail "expected exit 1, got $RC"
grep -Eq '^epubpack: .*/article\.md:5:[0-9]+: YAML aliases \(\*name\) are not allowed in metadata' <<<"$STDERR" ||
    fail "message: $STDERR"
[[ -z "$(ls -A "$OUT")" ]] || fail "output written"
