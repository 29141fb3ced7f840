#!/usr/bin/env bash
# Sanitizers, allocation failures, valgrind and a fuzzing smoke run (issue 5). Run from anywhere;
# build folders go under $EP_CI_BUILD (default: build-sanitize/ in the source tree).
#
#   1. clang, -Werror, ASan + UBSan (-DEPUBPACK_SANITIZE=ON) + the allocation-failure test
#      (-DEPUBPACK_FAILMALLOC=ON): the whole ctest suite, except the tests that drive external
#      tools on our output (Ace, epubcheck-heavy e2e tests) — slow under ASan and not about our
#      memory —, interrupted_build (80 War and Peace builds killed at random moments: about
#      processes and files, and ten times slower under ASan) and valgrind_cli (valgrind cannot
#      run an ASan binary; step 2 covers it).
#   2. gcc, -Werror, plain build: `epubpack build book/` and `epubpack check` under valgrind
#      memcheck with --error-exitcode=1 --leak-check=full.
#   3. clang libFuzzer harnesses (-DEPUBPACK_FUZZ=ON): each runs for $EP_FUZZ_SECONDS (60) from
#      its seed corpus, with tests/fuzz/<harness>.dict (libFuzzer's dictionary) where there is
#      one; any crash, leak, timeout or sanitizer report fails the script and leaves the input in
#      $EP_CI_BUILD/fuzz-artifacts/ (add it to tests/fuzz/corpus/<harness>/).
#
# Environment: EP_FUZZ_SECONDS=0 skips step 3; EP_CI_JOBS sets the build parallelism.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
root=${EP_CI_BUILD:-$src/build-sanitize}
jobs=${EP_CI_JOBS:-$(nproc)}
fuzz_seconds=${EP_FUZZ_SECONDS:-60}
# A fixed seed makes the CI run replayable: a slower machine runs a prefix of the same inputs.
fuzz_seed=${EP_FUZZ_SEED:-1}
start=$SECONDS
mkdir -p "$root"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

echo "::: 1. clang ASan+UBSan build, whole suite + allocation failures"
CC=clang cmake -S "$src" -B "$root/asan" -DCMAKE_BUILD_TYPE=Debug -DEPUBPACK_WERROR=ON \
    -DEPUBPACK_SANITIZE=ON -DEPUBPACK_FAILMALLOC=ON >/dev/null
cmake --build "$root/asan" -j "$jobs"
ctest --test-dir "$root/asan" --output-on-failure -j "$jobs" \
    -E '^e2e/(bundled_ace|bundled_epubcheck|bundled_mupdf|valgrind_cli|odd_input|interrupted_build)$'
echo "    ($((SECONDS - start)) s so far)"

echo "::: 2. gcc build under valgrind memcheck"
CC=gcc cmake -S "$src" -B "$root/gcc" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEPUBPACK_WERROR=ON >/dev/null
cmake --build "$root/gcc" -j "$jobs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
vg=(valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --track-origins=yes --num-callers=50
    --suppressions="$src/tests/valgrind/fontconfig.supp")
"${vg[@]}" "$root/gcc/epubpack" build "$src/book" -o "$tmp/book.epub"
"${vg[@]}" "$root/gcc/epubpack" check "$tmp/book.epub" >/dev/null
echo "    valgrind clean ($((SECONDS - start)) s so far)"

if [[ $fuzz_seconds -gt 0 ]]; then
    echo "::: 3. libFuzzer, ${fuzz_seconds} s per harness"
    CC=clang cmake -S "$src" -B "$root/fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEPUBPACK_FUZZ=ON >/dev/null
    cmake --build "$root/fuzz" -j "$jobs" --target fuzz_meta_fuzzer fuzz_markdown_fuzzer \
        fuzz_build_fuzzer fuzz_check_fuzzer fuzz_jsonld_fuzzer fuzz_web_fuzzer
    mkdir -p "$root/fuzz-artifacts"
    for h in meta markdown build check jsonld web; do
        work="$root/fuzz-work/$h"
        mkdir -p "$work"
        dict=()
        [[ ! -f "$src/tests/fuzz/$h.dict" ]] || dict=(-dict="$src/tests/fuzz/$h.dict")
        EP_FUZZ_STRICT=1 "$root/fuzz/tests/fuzz/fuzz_${h}_fuzzer" "${dict[@]}" -max_total_time="$fuzz_seconds" -seed="$fuzz_seed" -timeout=20 \
            -rss_limit_mb=2048 -max_len=32768 -print_final_stats=1 \
            -artifact_prefix="$root/fuzz-artifacts/$h-" "$work" "$src/tests/fuzz/corpus/$h" \
            >"$root/fuzz-$h.log" 2>&1 || {
            tail -n 60 "$root/fuzz-$h.log" >&2
            echo "fuzz_${h}: FAILED; the input is in $root/fuzz-artifacts/" >&2
            exit 1
        }
        grep -E 'stat::number_of_executed_units' "$root/fuzz-$h.log" | sed "s/^/    $h: /"
    done
fi
echo "::: ci-sanitize: all passed in $((SECONDS - start)) s"
