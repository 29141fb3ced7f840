#!/usr/bin/env bash
# Web pages against a real oracle (issue 14): Mozilla Readability's 130 test pages
# (tests/data/README.md, set "readability"), each built with `epubpack build source.html`.
# Reports the title exact-match rate, the byline match rate and the token F1 of our article's
# words against Readability's expected.html (tests/web/score.py says how each is counted),
# and checks every EPUB with epubcheck 4.2.6 and 5.3.0. Fails when a figure falls below its
# floor in tests/web/floors.txt (floors only rise), when an EPUB it built is not 0/0/0 under
# both epubchecks, when a page that does not build fails without a clear message naming it,
# or crashes.
. "$(dirname "$0")/lib.bash"

require_epubpack
require_tool python3 "apt-get install python3"
require_tool java "apt-get install default-jre-headless"
require_tool xargs "apt-get install findutils"
[[ -f "$EP_EPUBCHECK_JAR" ]] || fail "$EP_EPUBCHECK_JAR missing (apt-get install epubcheck)"
[[ -f "$EP_EPUBCHECK53_JAR" ]] || fail "$EP_EPUBCHECK53_JAR missing (scripts/deps.sh test)"
require_test_data readability
make_workdir

pages=$EP_TEST_DATA/conformance/readability/test-pages
web=$EP_SOURCE_DIR/tests/web
floors=$web/floors.txt
jobs=$(nproc)
mkdir -p "$WORK/epub" "$WORK/res" "$WORK/check"
ls "$pages" >"$WORK/names"
[[ $(wc -l <"$WORK/names") -eq 130 ]] || fail "expected 130 pages in $pages"

# One page: build, then read back what score.py needs; a failed build keeps its message.
build_one() {
    local name=$1 rc=0
    "$EPUBPACK" build "$pages/$name/source.html" -o "$WORK/epub/$name.epub" \
        >/dev/null 2>"$WORK/res/$name.err" || rc=$?
    if [[ $rc -eq 0 ]]; then
        python3 "$web/epub_result.py" "$WORK/epub/$name.epub" "$WORK/res/$name.json" ||
            echo "epub_result.py could not read $name.epub" >"$WORK/res/$name.fail"
    else
        { echo "exit $rc"; cat "$WORK/res/$name.err"; } >"$WORK/res/$name.fail"
    fi
}
export -f build_one
export EPUBPACK WORK pages web

start=$SECONDS
xargs -P "$jobs" -I{} bash -c 'build_one "$@"' _ {} <"$WORK/names"
build_time=$((SECONDS - start))

# A page that does not build must say why, naming the page, with exit 1 (no crash).
unclear=0
for f in "$WORK"/res/*.fail; do
    [[ -e "$f" ]] || continue
    name=$(basename "$f" .fail)
    if ! head -n 1 "$f" | grep -qx 'exit 1' || ! grep -q "source.html" "$f"; then
        printf '%s: unclear failure:\n%s\n' "$name" "$(head -n 5 "$f")" >&2
        unclear=$((unclear + 1))
    fi
done

# epubcheck 4.2.6 and 5.3.0 on every EPUB: each in one Java VM (epubcheck_batch), the two at
# once. Then "NAME VERSION fatals errors warnings" per book and version.
start=$SECONDS
for version in 4.2.6 5.3.0; do
    for epub in "$WORK"/epub/*.epub; do
        [[ -e $epub ]] && printf '%s\t%s\n' "$WORK/check/$(basename "$epub" .epub).$version.txt" "$epub"
    done >"$WORK/jobs.$version"
done
epubcheck_batch "$EP_EPUBCHECK_JAR" "$WORK/jobs.4.2.6" &
pid=$!
epubcheck_batch "$EP_EPUBCHECK53_JAR" "$WORK/jobs.5.3.0"
wait "$pid" || fail "epubcheck 4.2.6 did not check the books"
for version in 4.2.6 5.3.0; do
    for epub in "$WORK"/epub/*.epub; do
        [[ -e $epub ]] || continue
        name=$(basename "$epub" .epub)
        line=$(grep -E '^Messages: ' "$WORK/check/$name.$version.txt" | tail -n 1)
        line=$(sed -E 's/^Messages: ([0-9]+) fatals? \/ ([0-9]+) errors? \/ ([0-9]+) warnings?.*/\1 \2 \3/' <<<"$line")
        echo "$name $version ${line:-? ? ?}"
    done
done >"$WORK/checks.txt"
check_time=$((SECONDS - start))
epubcheck_ok=$(awk '$3 == 0 && $4 == 0 && $5 == 0 {ok[$1]++} END {n = 0; for (k in ok) if (ok[k] == 2) n++; print n}' "$WORK/checks.txt")
awk '!($3 == 0 && $4 == 0 && $5 == 0)' "$WORK/checks.txt" | sort | head -n 20 | while read -r name version f e w; do
    printf 'epubcheck %s on %s: %s fatals / %s errors / %s warnings: %s\n' "$version" "$name" "$f" "$e" "$w" \
        "$(grep -E '^(ERROR|FATAL|WARNING)' "$WORK/check/$name.$version.txt" | head -n 2 | tr '\n' ' ')"
done

python3 "$web/score.py" "$pages" "$WORK/res" >"$WORK/score.txt"
grep -v '=' "$WORK/score.txt"
echo "epubcheck_ok=$epubcheck_ok" >>"$WORK/score.txt"
echo "unclear_failures=$unclear" >>"$WORK/score.txt"
note "$(grep '=' "$WORK/score.txt" | tr '\n' ' ')"
note "time: ${build_time} s to build 130 pages (${jobs} jobs), ${check_time} s for both epubchecks"

[[ $unclear -eq 0 ]] || fail "$unclear pages failed without a clear message naming the page (above)"
# Every page that builds must give an EPUB both epubchecks pass: no floor for that.
built=$(grep -E '^built=' "$WORK/score.txt" | cut -d= -f2)
[[ $epubcheck_ok -eq $built ]] ||
    fail "$((built - epubcheck_ok)) of the $built EPUBs are not 0/0/0 under epubcheck 4.2.6 and 5.3.0 (above)"
# Each floor: "key value"; the measured value must not be lower.
below=0
while read -r key floor; do
    [[ -z "$key" || $key == \#* ]] && continue
    got=$(grep -E "^$key=" "$WORK/score.txt" | cut -d= -f2)
    [[ -n "$got" ]] || fail "tests/web/floors.txt names '$key', which the test does not measure"
    if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)" "$got" "$floor"; then
        note "$key = $got (floor $floor)"
    else
        printf '%s: FAIL: %s = %s is below its floor %s\n' "$ep_test_name" "$key" "$got" "$floor" >&2
        below=$((below + 1))
    fi
done <"$floors"
[[ $below -eq 0 ]] || fail "$below figures fell below tests/web/floors.txt"
