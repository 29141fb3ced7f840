#!/usr/bin/env bash
# src/typeset/typography_cldr.c (each Cyrillic language's quotes, months, digit groups and
# letters: docs/ARCHITECTURE.md "Typography") is generated from Unicode CLDR: re-runs
# scripts/gen-typo-cldr.py on Debian's unicode-cldr-core and fails when its output differs from
# the committed file (someone edited the table, or CLDR changed and the output was not committed).
. "$(dirname "$0")/lib.bash"
require_tool python3
require_tool clang-format "apt-get install clang-format"
[[ -f /usr/share/unicode/cldr/common/main/uk.xml ]] ||
    fail "CLDR missing: apt-get install unicode-cldr-core (scripts/deps.sh test)"
make_workdir
python3 "$EP_SOURCE_DIR/scripts/gen-typo-cldr.py" >"$WORK/typography_cldr.c" ||
    fail "scripts/gen-typo-cldr.py failed"
cp "$EP_SOURCE_DIR/.clang-format" "$WORK/" 2>/dev/null || fail "no .clang-format"
clang-format -i "$WORK/typography_cldr.c"
# The first two lines name the CLDR package's version (41 on Debian 12): only the data must agree.
if ! diff -u <(tail -n +3 "$EP_SOURCE_DIR/src/typeset/typography_cldr.c") \
    <(tail -n +3 "$WORK/typography_cldr.c") >"$WORK/diff"; then
    head -40 "$WORK/diff" >&2
    fail "src/typeset/typography_cldr.c is not what scripts/gen-typo-cldr.py writes (run it, clang-format, commit)"
fi
rows=$(grep -c '^    {"[a-z][a-z]",' "$EP_SOURCE_DIR/src/typeset/typography_cldr.c")
((rows == 8)) || fail "$rows languages in typography_cldr.c, want 8 (ru uk be bg sr mk kk mn)"
note "typography_cldr.c is the generator's output ($rows languages)"
