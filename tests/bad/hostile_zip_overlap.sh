#!/usr/bin/env bash
# Hostile input (issue 20, item 4): an 80 KB EPUB whose 1000 chapter entries share one 2 MB
# deflate stream (tests/tools/zip_overlap.py, made at test time). Every parsed document was
# kept until the end of the check: 665 MB for one file, 2.6 GB for four at --jobs 4. Now a
# document's tree is released when its rules are done: the peak memory stays under 200 MB for
# one file, and grows with --jobs only by the documents on the threads.
. "$(dirname "$0")/bad.bash"
python3 "$(dirname "$0")/../tools/zip_overlap.py" "$WORK/overlap.epub" 1000 >/dev/null
for i in 2 3 4; do cp "$WORK/overlap.epub" "$WORK/overlap$i.epub"; done
# peak KB (the child's ru_maxrss), then the exit code, of epubpack ARGS... within 60 s.
peak() {
    python3 - "$EPUBPACK" "$@" <<'PY'
import resource, subprocess, sys
try:
    rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE, timeout=60).returncode
except subprocess.TimeoutExpired:
    rc = 124
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)
PY
}
limit1=200000 limit4=400000
if grep -qa __asan_init "$EPUBPACK"; then # shadow memory and quarantine: the bound of ASan's own
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
    limit1=600000 limit4=1200000
fi
read -r kb rc < <(peak check "$WORK/overlap.epub")
note "one file: exit $rc, peak $kb KB"
[[ $rc -ne 124 ]] || fail "the check did not finish within 60 s"
[[ $rc -eq 1 ]] || fail "expected exit 1, got $rc"
((kb < limit1)) || fail "peak memory $kb KB, over $limit1 KB"
run_epubpack check "$WORK/overlap.epub"
grep -qx "ERROR(EPK-ZIP-SIZE): $WORK/overlap.epub/EPUB/text/c0999.xhtml(-1,-1): the files to check exceed 536870912 bytes in total; not checked" \
    "$WORK/stdout" || fail "no EPK-ZIP-SIZE line: $(tail -n 3 "$WORK/stdout")"
read -r kb rc < <(peak check --jobs 4 "$WORK/overlap.epub" "$WORK/overlap2.epub" "$WORK/overlap3.epub" "$WORK/overlap4.epub")
note "four files, --jobs 4: exit $rc, peak $kb KB"
[[ $rc -ne 124 ]] || fail "the check of four files did not finish within 60 s"
[[ $rc -eq 1 ]] || fail "four files: expected exit 1, got $rc"
((kb < limit4)) || fail "four files at --jobs 4: peak memory $kb KB, over $limit4 KB"
