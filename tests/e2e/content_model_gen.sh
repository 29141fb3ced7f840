#!/usr/bin/env bash
# src/util/html_schema.c and src/util/pkg_schema.c are generated from epubcheck 5.3.0's own
# schemas (docs/ARCHITECTURE.md "Checker"): re-runs scripts/gen-content-model.py (and with
# --package) on the pinned jar and fails when its output differs from the committed file
# (someone edited the tables, or the generator changed and its output was not committed).
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
python3 "$EP_SOURCE_DIR/scripts/gen-content-model.py" --package "$EP_EPUBCHECK53_JAR" >"$WORK/pkg_schema.c" ||
    fail "scripts/gen-content-model.py --package failed"
if ! diff -u "$EP_SOURCE_DIR/src/util/pkg_schema.c" "$WORK/pkg_schema.c" >"$WORK/diff"; then
    head -40 "$WORK/diff" >&2
    fail "src/util/pkg_schema.c is not what scripts/gen-content-model.py --package writes (run it and commit)"
fi
for s in opf30 opf20 ncx container container20; do
    grep -q "^const epi_hs_schema epi_hs_$s = {" "$EP_SOURCE_DIR/src/util/pkg_schema.c" ||
        fail "pkg_schema.c has no table for $s"
done
# the package's metadata counts its Dublin Core elements (dc:identifier+, dc:title+, dc:language+,
# dc:date?): the interleave's branch counts were generated
grep -q '/\* [0-9]* opf.metadata \*/' "$EP_SOURCE_DIR/src/util/pkg_schema.c" ||
    fail "pkg_schema.c has no opf.metadata definition"
ndefs=$(grep -c '^    {.*}, /\* [0-9]* ' "$EP_SOURCE_DIR/src/util/html_schema.c")
((ndefs > 150)) || fail "only $ndefs element definitions generated (expected the whole HTML schema)"
note "html_schema.c is the generator's output ($ndefs element definitions)"
