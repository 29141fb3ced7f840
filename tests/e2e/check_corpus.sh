#!/usr/bin/env bash
# Runs the built-in checker over epubcheck's own conformance scenarios (tests/check/cases.tsv;
# the fixtures are the "epubcheck" test data set) and prints, per section, how often its
# verdict (valid = no fatal/error) and its IDs agree with epubcheck 5.3's.
#
# tests/check/known-gaps.txt lists every case where they disagree, with the kind of
# disagreement and its reason. The test FAILS when
#  - a case disagrees and is not listed (a new disagreement: fix it, or list it with a reason),
#  - a listed case disagrees in another way than listed (VERD = the verdict differs, IDS = the
#    verdict agrees but an expected ID is missing or something unexpected is reported),
#  - a listed case now agrees, or is not in cases.tsv (a stale entry: remove it), so that the
#    list stays exactly the set of known disagreements and the agreement rate it implies is
#    the one printed here.
# Folder fixtures are checked as folders (epubcheck's expanded mode; ZIP_FOLDERS=1 zips them
# first, mimetype first and stored); .opf/.xhtml/.svg fixtures in single-document mode.
#
# Env: EPUBPACK (the CLI), EP_SOURCE_DIR, EPUBPACK_TEST_DATA (tests/data/README.md);
# VERBOSE=1 also shows what was reported. CHECKER runs another command instead (it gets the
# file as its last argument), e.g. CHECKER="java -jar /usr/share/java/epubcheck.jar": then the
# agreement is printed and the known gaps, which are epubpack's, are not applied.
. "$(dirname "$0")/lib.bash"
# A checker's non-zero exit and grep's "no match" are results here, not errors.
set +e +o pipefail
require_tool zip
if [[ -n "${CHECKER:-}" ]]; then
    checker=$CHECKER
else
    require_epubpack
    checker="$EPUBPACK check"
fi
require_test_data epubcheck
corpus=$EP_TEST_DATA/conformance/epubcheck
cases=$EP_SOURCE_DIR/tests/check/cases.tsv
gaps_file=$EP_SOURCE_DIR/tests/check/known-gaps.txt
make_workdir

declare -A gap_kind gap_reason
while IFS=$'\t' read -r f k r; do
    case $f in '#'* | '') continue ;; esac
    [[ $k == VERD || $k == IDS ]] || fail "known-gaps.txt: '$f': kind '$k' is not VERD or IDS"
    [[ -n "$r" ]] || fail "known-gaps.txt: '$f' has no reason"
    gap_kind[$f]=$k gap_reason[$f]=$r
done <"$gaps_file"

declare -A total vagree iagree got_kind got_text seen
sections=()
n=0

reported_ids() { grep -oE '^[A-Z]+\([A-Za-z0-9-]+\)' <<<"$1" | sort -u | tr '\n' ' '; }

while IFS=$'\t' read -r section fixture verdict expected _; do
    case $section in '#'* | section | '') continue ;; esac
    seen[$fixture]=1
    if [[ -z "${total[$section]+x}" ]]; then
        sections+=("$section")
        total[$section]=0 vagree[$section]=0 iagree[$section]=0
    fi
    total[$section]=$((total[$section] + 1))
    n=$((n + 1))
    path=$corpus/files/$fixture
    epub=$path # a .epub as is; .opf/.xhtml/.svg in single-document mode (by extension)
    if [[ -d "$path" && "${ZIP_FOLDERS:-0}" == 1 ]]; then
        epub=$WORK/$n.epub
        (
            cd "$path" || exit 1
            if [[ -f mimetype ]]; then zip -q -X -0 "$epub" mimetype; fi
            find . -mindepth 1 ! -name mimetype -print | sed 's|^\./||' | LC_ALL=C sort |
                zip -q -X -D -9 "$epub" -@
        ) || fail "could not zip $fixture"
    fi
    out=$($checker "$epub" 2>&1)
    rc=$?
    got=valid
    if [[ $rc -ne 0 ]] || grep -qE '^(FATAL|ERROR)\(' <<<"$out"; then got=invalid; fi
    if [[ "$got" == "$verdict" ]]; then
        vagree[$section]=$((vagree[$section] + 1))
    else
        got_kind[$fixture]=VERD
        got_text[$fixture]="want $verdict ($expected), got $got: $(reported_ids "$out")"
    fi
    ids_ok=1
    if [[ "$expected" == "-" ]]; then
        grep -qE '^(FATAL|ERROR|WARNING)\(' <<<"$out" && ids_ok=0
    else
        for want in $expected; do
            sev=${want%%:*}
            id=${want#*:}
            id=${id%x[0-9]*}
            grep -qiF "${sev}(${id})" <<<"$out" || ids_ok=0
        done
    fi
    if [[ $ids_ok == 1 ]]; then
        iagree[$section]=$((iagree[$section] + 1))
    elif [[ "$got" == "$verdict" ]]; then
        got_kind[$fixture]=IDS
        got_text[$fixture]="want $expected, got $(reported_ids "$out")"
    fi
done <"$cases"

vall=0 iall=0
printf '%-28s %7s %16s %16s\n' section cases verdict ids
for s in "${sections[@]}"; do
    t=${total[$s]} v=${vagree[$s]} i=${iagree[$s]}
    vall=$((vall + v)) iall=$((iall + i))
    printf '%-28s %7d %9d (%3d%%) %9d (%3d%%)\n' "$s" "$t" "$v" $((100 * v / t)) "$i" $((100 * i / t))
done
printf '%-28s %7d %9d (%s) %9d (%s)\n' overall "$n" "$vall" \
    "$(awk -v a=$vall -v b=$n 'BEGIN { printf "%.3f", a / b }')" "$iall" \
    "$(awk -v a=$iall -v b=$n 'BEGIN { printf "%.3f", a / b }')"

echo
echo "disagreements (${#got_kind[@]}), with the reason from tests/check/known-gaps.txt:"
problems=()
for f in $(printf '%s\n' "${!got_kind[@]}" | LC_ALL=C sort); do
    k=${got_kind[$f]}
    r=${gap_reason[$f]:-NOT LISTED}
    if [[ "${VERBOSE:-0}" == 1 ]]; then
        printf '  %-4s %s: %s\n      -> %s\n' "$k" "$f" "${got_text[$f]}" "$r"
    else
        printf '  %-4s %s: %s\n' "$k" "$f" "$r"
    fi
    if [[ -z "${gap_kind[$f]+x}" ]]; then
        problems+=("new disagreement ($k) $f: ${got_text[$f]}")
    elif [[ "${gap_kind[$f]}" != "$k" ]]; then
        problems+=("$f is listed as ${gap_kind[$f]} but now disagrees as $k: ${got_text[$f]}")
    fi
done
for f in "${!gap_kind[@]}"; do
    if [[ -z "${seen[$f]+x}" ]]; then
        problems+=("stale known gap: $f is not a case of tests/check/cases.tsv")
    elif [[ -z "${got_kind[$f]+x}" ]]; then
        problems+=("stale known gap: $f now agrees with epubcheck; remove it from known-gaps.txt")
    fi
done

if [[ -n "${CHECKER:-}" ]]; then
    exit 0
fi
if [[ ${#problems[@]} -gt 0 ]]; then
    printf '  %s\n' "${problems[@]}" >&2
    fail "tests/check/known-gaps.txt does not match the disagreements: ${#problems[@]} problem(s) above"
fi
note "every disagreement is a known gap with its reason"
