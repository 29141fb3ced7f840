# Shared helpers for tests/bad/*.sh (issue 5: every bad input gets one clear message, and
# nothing is lost). Named .bash so tests/CMakeLists.txt does not run it as a test.
# Source it with:  . "$(dirname "$0")/bad.bash"
. "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.bash"
require_epubpack
make_workdir
BOOK="$WORK/book"   # tests write their input here
OUT="$WORK/out"     # the output folder: holds only what a test puts there
mkdir -p "$BOOK" "$OUT"

# book_yaml TEXT — writes $BOOK/book.yaml (printf format).
book_yaml() { printf -- "$1" >"$BOOK/book.yaml"; }
# chapter NAME TEXT — writes $BOOK/NAME (printf format).
chapter() { printf -- "$2" >"$BOOK/$1"; }

# tiny_png FILE — a valid 1×1 PNG.
tiny_png() {
    printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\0\0\0\0\x3a\x7e\x9b\x55\0\0\0\nIDATx\x9cc`\0\0\0\2\0\1\x48\xaf\xa4\x71\0\0\0\0IEND\xaeB`\x82' >"$1"
}

# run_epubpack OUTFILE ARGS... — runs the CLI; sets RC, STDERR (text).
run_epubpack() {
    RC=0
    "$EPUBPACK" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
    STDERR=$(cat "$WORK/stderr")
}

# expect_fail RC REGEX INPUT [EXTRA-ARGS...] — `epubpack build INPUT -o OUT/…` must
#  - exit RC,
#  - print one line "epubpack: …" to stderr matching the extended REGEX,
#  - leave an existing output byte-identical, create no new output, and leave no temporary file
#    in the output folder.
expect_fail() {
    local want=$1 re=$2 input=$3
    shift 3
    # 1. An existing output file survives unchanged.
    printf 'precious bytes: a failed build must not touch this file\n' >"$OUT/book.epub"
    cp "$OUT/book.epub" "$WORK/expected"
    run_epubpack build "$input" -o "$OUT/book.epub" "$@"
    note "exit $RC: $STDERR"
    [[ $RC -eq $want ]] || fail "expected exit $want, got $RC (stderr: $STDERR)"
    grep -Eq -- "$re" <<<"$STDERR" || fail "stderr does not match /$re/: $STDERR"
    cmp -s "$WORK/expected" "$OUT/book.epub" || fail "the existing output file was changed"
    # 2. No output file appears where there was none.
    rm -f "$OUT/book.epub"
    run_epubpack build "$input" -o "$OUT/new.epub" "$@"
    [[ $RC -eq $want ]] || fail "second run: expected exit $want, got $RC (stderr: $STDERR)"
    local left
    left=$(find "$OUT" -mindepth 1)
    [[ -z "$left" ]] || fail "the output folder is not empty after a failed build: $left"
    left=$(find "$BOOK" -name '.epubpack-tmp*' -o -name '*.epub')
    [[ -z "$left" ]] || fail "files left in the book folder: $left"
}

# expect_ok REGEX INPUT — the build succeeds (exit 0) and stderr matches REGEX (a warning).
expect_ok() {
    local re=$1 input=$2
    shift 2
    run_epubpack build "$input" -o "$OUT/ok.epub" "$@"
    note "exit $RC: $STDERR"
    [[ $RC -eq 0 ]] || fail "expected exit 0, got $RC (stderr: $STDERR)"
    grep -Eq -- "$re" <<<"$STDERR" || fail "stderr does not match /$re/: $STDERR"
    [[ -s "$OUT/ok.epub" ]] || fail "no output written"
}

# expect_refused_fast LABEL WANT INPUT — `epubpack build INPUT -o $OUT/x.epub` under a 20 s
# wall-clock guard (a hang fails the test instead of stalling it): exit 1, exactly WANT on
# stderr, nothing written to $OUT.
expect_refused_fast() {
    local label=$1 want=$2 input=$3
    RC=0
    SECONDS=0
    timeout 20 "$EPUBPACK" build "$input" -o "$OUT/x.epub" >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
    STDERR=$(cat "$WORK/stderr")
    note "$label: exit $RC in $SECONDS s: $STDERR"
    [[ $RC -ne 124 ]] || fail "$label: not refused within 20 s"
    [[ $RC -eq 1 ]] || fail "$label: expected exit 1, got $RC"
    [[ "$STDERR" == "$want" ]] || fail "$label: expected: $want; got: $STDERR"
    [[ -z "$(ls -A "$OUT")" ]] || fail "$label: output written"
}

# run_bounded ARGS... — run_epubpack under a 1 GB memory limit and a 60 s timeout (hostile
# input must stay bounded). RC 124 means the timeout hit. An ASan build reserves terabytes of
# address space, so there the limit is ASan's own RSS limit instead of ulimit -v, at 2 GB: its
# redzones and the quarantine of freed blocks hold two to ten times a page's working set (100,000
# headings: 117 MB, under ASan 1.2 GB).
run_bounded() {
    RC=0
    if grep -qa __asan_init "$EPUBPACK"; then
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=2048" \
            timeout 60 "$EPUBPACK" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
    else
        (ulimit -v 1048576 && exec timeout 60 "$EPUBPACK" "$@") >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
    fi
    STDERR=$(cat "$WORK/stderr")
    [[ $RC -ne 124 ]] || fail "epubpack $* did not finish within 60 s"
    [[ $RC -lt 128 ]] || fail "epubpack $* died with signal $((RC - 128)) (out of memory?): $STDERR"
}

# article_page FILE HTML — FILE: a web page (UTF-8, lang en) whose article is a paragraph of text
# and then HTML.
article_page() {
    cat >"$1" <<PAGE
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title></head><body>
<article><h1>T</h1>
<p>Words of the article, long enough to make a paragraph of it, written twice over here.
Words of the article, long enough to make a paragraph of it, written twice over here.</p>
$2
</article></body></html>
PAGE
}

# bomb_entities — an internal DTD subset with the "billion laughs" entities (lol9 = 10^9 × lol).
bomb_entities() {
    python3 -c '
print("<!ENTITY lol \"lol\">" + "".join("<!ENTITY lol%d \"%s\">" % (i, ("&lol%s;" % ("" if i == 1 else i - 1)) * 10) for i in range(1, 10)), end="")'
}

# random_chapter NAME KB — $BOOK/NAME: a Markdown article of about KB kilobytes of
# pseudo-random Russian words, which deflate cannot shrink much (fixed seed: same text each run).
random_chapter() {
    python3 - "$BOOK/$1" "$2" <<'PY'
import random, sys
random.seed(13)
letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
out = ["---", "title: Случайный текст", "lang: ru", "---", ""]
size = 0
while size < int(sys.argv[2]) * 1024:
    p = " ".join("".join(random.choice(letters) for _ in range(random.randint(2, 9)))
                 for _ in range(60)) + "."
    out += [p, ""]
    size += len(p.encode())
open(sys.argv[1], "w").write("\n".join(out))
PY
}

# put_old_output — $OUT/book.epub: an earlier output that a failed build must leave as it is.
put_old_output() {
    printf 'precious bytes: the EPUB of an earlier build\n' >"$OUT/book.epub"
    cp "$OUT/book.epub" "$WORK/expected"
}

# expect_write_fails MESSAGE RUNNER... — runs `RUNNER... $EPUBPACK build $BOOK/a.md -o
# $OUT/book.epub` (RUNNER is a command that runs its arguments, such as unprivileged below)
# after put_old_output, and expects exit 1, exactly MESSAGE on stderr, the old output
# byte-identical, and nothing else in $OUT: no temporary file.
expect_write_fails() {
    local want=$1 left
    shift
    RC=0
    "$@" "$EPUBPACK" build "$BOOK/a.md" -o "$OUT/book.epub" >"$WORK/stdout" 2>"$WORK/stderr" || RC=$?
    STDERR=$(cat "$WORK/stderr")
    note "exit $RC: $STDERR"
    [[ $RC -eq 1 ]] || fail "expected exit 1, got $RC (stderr: $STDERR)"
    [[ "$STDERR" == "$want" ]] || fail "stderr: expected '$want', got '$STDERR'"
    cmp "$WORK/expected" "$OUT/book.epub" || fail "the old output was changed"
    left=$(find "$OUT" -mindepth 1 ! -path "$OUT/book.epub")
    [[ -z "$left" ]] || fail "left behind in $OUT: $left"
}

# unprivileged CMD... — runs CMD without root's power to ignore file modes. As root: still as
# root, the owner of the test's files, but with no capability at all (setpriv), so mode bits
# apply as to anyone. Unlike a user namespace (refused in a chroot and in most containers) or
# another user (who cannot reach a clone under /root), this works wherever root can run.
# As anyone else: as it is.
unprivileged() {
    if [[ $(id -u) -ne 0 ]]; then
        "$@"
    else
        require_tool setpriv "apt-get install util-linux"
        setpriv --inh-caps=-all --bounding-set=-all -- "$@"
    fi
}
