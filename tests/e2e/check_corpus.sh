#!/usr/bin/env bash
# Runs the built-in checker over epubcheck's own conformance scenarios
# (../shared/conformance/epubcheck/cases.tsv) and prints, per section, how often its verdict
# (valid = no fatal/error) and its IDs agree with epubcheck 5.3's. Fails when the overall
# verdict agreement drops below the rate recorded in tests/check/agreement.txt (which may only
# rise), and lists every disagreement with its reason from tests/check/known-gaps.txt.
# Folder fixtures are checked as folders (epubcheck's expanded mode; ZIP_FOLDERS=1 zips them
# first, mimetype first and stored); .opf/.xhtml/.svg fixtures in single-document mode.
#
# Env: EPUBPACK (the CLI), EP_SHARED_DIR, EP_SOURCE_DIR; CHECKER overrides the command
# (it gets the file as its last argument); VERBOSE=1 also shows what was reported.
set -u

src=${EP_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
shared=${EP_SHARED_DIR:-$src/../shared}
corpus=$shared/conformance/epubcheck
checker=${CHECKER:-"${EPUBPACK:-epubpack} check"}
floor_file=$src/tests/check/agreement.txt
gaps_file=$src/tests/check/known-gaps.txt
declare -A reason
while IFS=$'\t' read -r f r; do
    case $f in '#'* | '') continue ;; esac
    reason[$f]=$r
done <"$gaps_file"

if [ ! -f "$corpus/cases.tsv" ]; then
    echo "FAIL: no corpus at $corpus"
    exit 1
fi
command -v zip >/dev/null || { echo "FAIL: zip(1) is needed to pack folder fixtures"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

declare -A total vagree iagree
sections=()
n=0
disagree=()

while IFS=$'\t' read -r section fixture verdict expected strict scenario; do
    [ "$section" = section ] && continue
    if [ -z "${total[$section]+x}" ]; then
        sections+=("$section")
        total[$section]=0 vagree[$section]=0 iagree[$section]=0
    fi
    total[$section]=$((total[$section] + 1))
    n=$((n + 1))
    path=$corpus/files/$fixture
    case $fixture in
    *.epub) epub=$path ;;
    *.opf | *.xhtml | *.svg)
        epub=$path # single-document mode, chosen by extension as epubcheck does
        ;;
    *.css | *.ncx)
        disagree+=("GAP  $fixture: single-document check of this type is not supported")
        continue
        ;;
    *)
        if [ "${ZIP_FOLDERS:-0}" != 1 ]; then
            epub=$path
        else
            epub=$tmp/$n.epub
            (
                cd "$path" || exit 1
                if [ -f mimetype ]; then zip -q -X -0 "$epub" mimetype; fi
                find . -mindepth 1 ! -name mimetype -print | sed 's|^\./||' | LC_ALL=C sort |
                    zip -q -X -D -9 "$epub" -@
            ) || { disagree+=("GAP  $fixture: could not zip"); continue; }
        fi
        ;;
    esac
    out=$($checker "$epub" 2>&1)
    rc=$?
    got=valid
    if [ $rc -ne 0 ] || grep -qE '^(FATAL|ERROR)\(' <<<"$out"; then got=invalid; fi
    if [ "$got" = "$verdict" ]; then
        vagree[$section]=$((vagree[$section] + 1))
    else
        disagree+=("VERD $fixture: want $verdict ($expected), got $got: $(grep -oE '^[A-Z]+\([A-Za-z0-9-]+\)' <<<"$out" | sort -u | tr '\n' ' ')")
    fi
    ids_ok=1
    if [ "$expected" = "-" ]; then
        grep -qE '^(FATAL|ERROR|WARNING)\(' <<<"$out" && ids_ok=0
    else
        for want in $expected; do
            sev=${want%%:*}
            id=${want#*:}
            id=${id%x[0-9]*}
            grep -qiF "${sev}(${id})" <<<"$out" || ids_ok=0
        done
    fi
    if [ $ids_ok = 1 ]; then
        iagree[$section]=$((iagree[$section] + 1))
    elif [ "$got" = "$verdict" ]; then
        disagree+=("IDS  $fixture: want $expected, got $(grep -oE '^[A-Z]+\([A-Za-z0-9-]+\)' <<<"$out" | sort -u | tr '\n' ' ')")
    fi
done <"$corpus/cases.tsv"

vall=0 iall=0
printf '%-28s %7s %16s %16s\n' section cases verdict ids
for s in "${sections[@]}"; do
    t=${total[$s]} v=${vagree[$s]} i=${iagree[$s]}
    vall=$((vall + v)) iall=$((iall + i))
    printf '%-28s %7d %9d (%3d%%) %9d (%3d%%)\n' "$s" "$t" "$v" $((100 * v / t)) "$i" $((100 * i / t))
done
rate=$(awk -v a=$vall -v b=$n 'BEGIN { printf "%.3f", a / b }')
irate=$(awk -v a=$iall -v b=$n 'BEGIN { printf "%.3f", a / b }')
printf '%-28s %7d %9d (%s) %9d (%s)\n' overall "$n" "$vall" "$rate" "$iall" "$irate"

echo
echo "disagreements (${#disagree[@]}), with the known reason:"
for d in "${disagree[@]}"; do
    f=${d#???? }
    f=${f%%: *}
    r=${reason[$f]:-UNKNOWN (not in tests/check/known-gaps.txt)}
    if [ "${VERBOSE:-0}" = 1 ]; then
        printf '  %s\n      -> %s\n' "$d" "$r"
    else
        printf '  %-6s %s: %s\n' "${d%% *}" "$f" "$r"
    fi
done

floor=$(awk '$1 == "verdict" { print $2 }' "$floor_file" 2>/dev/null)
ifloor=$(awk '$1 == "ids" { print $2 }' "$floor_file" 2>/dev/null)
fail=0
if [ -n "$floor" ] && awk -v r="$rate" -v f="$floor" 'BEGIN { exit !(r < f) }'; then
    echo "FAIL: verdict agreement $rate is below the recorded $floor"
    fail=1
fi
if [ -n "$ifloor" ] && awk -v r="$irate" -v f="$ifloor" 'BEGIN { exit !(r < f) }'; then
    echo "FAIL: ID agreement $irate is below the recorded $ifloor"
    fail=1
fi
exit $fail
