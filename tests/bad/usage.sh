#!/usr/bin/env bash
# Usage errors (issues 5 and 15): exit 2 with one exact message on stderr, nothing on stdout
# (no usage text dumped), and nothing written. A mistyped command, option or value names what
# was probably meant and lists what is allowed.
. "$(dirname "$0")/bad.bash"
chapter a.md '---\ntitle: T\nlang: ru\n---\ntext\n'
cd "$OUT"
cp "$BOOK/a.md" "$WORK/a.md"

# expect_usage MESSAGE ARGS... — `epubpack ARGS...` exits 2 and prints exactly MESSAGE.
expect_usage() {
    local want=$1
    shift
    run_epubpack "$@"
    note "epubpack $*: exit $RC: $STDERR"
    [[ $RC -eq 2 ]] || fail "epubpack $*: expected exit 2, got $RC"
    [[ "$STDERR" == "$want" ]] || fail "epubpack $*: expected
$want
got
$STDERR"
    [[ ! -s "$WORK/stdout" ]] || fail "epubpack $*: printed on stdout: $(cat "$WORK/stdout")"
}

expect_usage "epubpack: unknown command 'frobnicate' (commands: build|check|catalog|help)" frobnicate
expect_usage "epubpack: unknown command 'biuld' (commands: build|check|catalog|help); did you mean 'build'?" biuld a.md
expect_usage "epubpack: unknown command 'chekc' (commands: build|check|catalog|help); did you mean 'check'?" chekc a.epub
# An input where the command should be: the command it was meant for.
expect_usage "epubpack: unknown command '$WORK/a.md'; did you mean 'epubpack build $WORK/a.md'?" "$WORK/a.md"
expect_usage "epubpack: unknown command 'a.md'; did you mean 'epubpack build a.md -o x.epub'?" a.md -o x.epub
expect_usage "epubpack: unknown command '$BOOK'; did you mean 'epubpack build $BOOK'?" "$BOOK"
expect_usage "epubpack: unknown command 'a.epub'; did you mean 'epubpack check a.epub'?" a.epub
expect_usage "epubpack: unknown option '--hepl'; did you mean '--help'? (see 'epubpack --help')" --hepl
expect_usage "epubpack: help: unknown command 'bulid' (commands: build|check|catalog|help); did you mean 'build'?" help bulid
# Options.
expect_usage "epubpack: build: unknown option '--hyphenation'; did you mean '--hyphenate'? (see 'epubpack help build')" \
    build --hyphenation=soft "$WORK/a.md"
expect_usage "epubpack: build: unknown option '--no-such-option' (see 'epubpack help build')" \
    build --no-such-option "$WORK/a.md"
expect_usage "epubpack: build: unknown option '-x' (see 'epubpack help build')" build -x "$WORK/a.md"
expect_usage "epubpack: build: option '--out' is ambiguous (--output|--output-dir)" build --out x.epub "$WORK/a.md"
expect_usage "epubpack: build: option '-o' needs a value (see 'epubpack help build')" build "$WORK/a.md" -o
expect_usage "epubpack: build: option '--stats' takes no value (see 'epubpack help build')" build --stats=yes "$WORK/a.md"
expect_usage "epubpack: check: unknown option '--jsno'; did you mean '--json'? (see 'epubpack help check')" check --jsno a.epub
# Values: every allowed one is listed.
expect_usage "epubpack: --hyphenate: unknown value 'maybe' (allowed: css|soft|off)" build --hyphenate=maybe "$WORK/a.md"
expect_usage "epubpack: --hyphenate: unknown value 'sfot' (allowed: css|soft|off); did you mean 'soft'?" build --hyphenate=sfot "$WORK/a.md"
expect_usage "epubpack: --typography: unknown value 'fr' (allowed: uk|be|bg|sr|mk|kk|mn|ru|en|off); did you mean 'sr'?" build --typography=fr "$WORK/a.md"
expect_usage "epubpack: --jobs: expected a number from 1 to 1024, got 'many'" build -O out -j many "$WORK/a.md"
expect_usage "epubpack: -O needs a folder name" build -O "" "$WORK/a.md"

# No command at all: the overview, on stderr.
run_epubpack
[[ $RC -eq 2 ]] || fail "epubpack without arguments: expected exit 2, got $RC"
grep -q "^Usage: epubpack COMMAND" "$WORK/stderr" || fail "epubpack without arguments: $STDERR"
[[ -z "$(ls -A "$OUT")" ]] || fail "a usage error wrote files: $(ls -A "$OUT")"
