#!/usr/bin/env bash
# src/util/html_schema.c is generated from epubcheck 5.3.0's own schema (docs/ARCHITECTURE.md
# "Checker"): re-runs scripts/gen-content-model.py on the pinned jar and fails when its output
# differs from the committed file (someone edited the tables, or the generator changed and its
# output was not committed).
. "$(dirname "$0")/lib.bash"
require_tool python3
[[ -f "$EP_EPUBCHECK53_JAR" ]] || fail "$EP_EPUBCHECK53_JAR missing (npm install --prefix tests/tools)"
make_workdir
python3 "$EP_SOURCE_DIR/scripts/gen-content-model.py" "$EP_EPUBCHECK53_JAR" >"$WORK/html_schema.c" ||
    fail "scripts/gen-content-model.py failed"
if ! diff -u "$EP_SOURCE_DIR/src/util/html_schema.c" "$WORK/html_schema.c" >"$WORK/diff"; then
    head -40 "$WORK/diff" >&2
    fail "src/util/html_schema.c is not what scripts/gen-content-model.py writes (run it and commit)"
fi
ndefs=$(grep -c '^    {.*}, /\* [0-9]* ' "$EP_SOURCE_DIR/src/util/html_schema.c")
((ndefs > 150)) || fail "only $ndefs element definitions generated (expected the whole HTML schema)"
note "html_schema.c is the generator's output ($ndefs element definitions)"
