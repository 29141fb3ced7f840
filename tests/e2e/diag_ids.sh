#!/usr/bin/env bash
# One list of epubpack's own diagnostic IDs (src/util/diag.c, issue 26): no ID is a string
# literal anywhere else in src/, every ID of the list is reported somewhere, and the table of IDs
# in the manual page is the one scripts/gen-diag-table.py generates from the list.
. "$(dirname "$0")/lib.bash"
require_tool python3 "apt-get install python3"
src=$EP_SOURCE_DIR/src

"$EP_SOURCE_DIR/scripts/gen-diag-table.py" --check || fail "the manual's table of IDs is stale"

# epubpack's prefixes, and the fallback ID the list replaced.
literals=$(grep -rnE '"(EPK|EPP)-[A-Z0-9-]*"' "$src" --include='*.[ch]' | grep -v '^[^:]*/util/diag\.[ch]:' || true)
[[ -z $literals ]] || fail "diagnostic IDs written as strings outside src/util/diag.c:
$literals"

names=$(sed -n 's/^ *\(EPI_DIAG_[A-Z0-9_]*\),$/\1/p' "$src/util/diag.h")
[[ $(wc -l <<<"$names") -ge 20 ]] || fail "src/util/diag.h lists only: $names"
unused=""
for n in $names; do
    grep -rqw "$n" "$src" --include='*.c' --exclude=diag.c || unused+=" $n"
done
[[ -z $unused ]] || fail "IDs of the list that nothing reports:$unused"

# A row's ID and severity reach the user as listed.
require_epubpack
make_workdir
printf -- '---\ntitle: T\nlang: en\nautor: X\n---\n\nText.\n' >"$WORK/a.md"
"$EPUBPACK" build "$WORK/a.md" -o "$WORK/a.epub" --font none 2>"$WORK/err" || fail "build failed: $(cat "$WORK/err")"
grep -q "WARNING(EPK-META)" "$WORK/err" || fail "no WARNING(EPK-META) for an unknown key: $(cat "$WORK/err")"
note "$(wc -l <<<"$names") IDs, one list, all reported, the manual's table current"
