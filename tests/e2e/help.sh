#!/usr/bin/env bash
# Help (issue 15, point 6): `epubpack --help`, `epubpack help` give a short overview; each
# command has its own help with examples (`epubpack build --help` = `epubpack help build`);
# all on stdout with exit 0.
. "$(dirname "$0")/lib.bash"
require_epubpack
make_workdir

help_of() { # help_of NAME ARGS... — stdout of `epubpack ARGS...` into $WORK/NAME; exit 0, no stderr
    local name=$1 rc=0
    shift
    "$EPUBPACK" "$@" >"$WORK/$name" 2>"$WORK/err" || rc=$?
    [[ $rc -eq 0 ]] || fail "epubpack $* exited $rc: $(cat "$WORK/err")"
    [[ ! -s "$WORK/err" ]] || fail "epubpack $* wrote to stderr: $(cat "$WORK/err")"
    [[ -s "$WORK/$name" ]] || fail "epubpack $* printed nothing"
}
same() { cmp -s "$WORK/$1" "$WORK/$2" || fail "$1 and $2 differ: $(diff "$WORK/$1" "$WORK/$2")"; }
differ() { ! cmp -s "$WORK/$1" "$WORK/$2" || fail "$1 and $2 are the same text"; }
has() { grep -qF -- "$2" "$WORK/$1" || fail "$1 does not contain '$2': $(cat "$WORK/$1")"; }
lacks() { ! grep -qF -- "$2" "$WORK/$1" || fail "$1 contains '$2'"; }

help_of top --help
help_of top_h -h
help_of help help
help_of help_help help help
help_of build build --help
help_of build_h build -h
help_of help_build help build
help_of check check --help
help_of help_check help check
same top top_h
same top help
same top help_help
same build build_h
same build help_build
same check help_check
differ top build
differ top check
differ build check

# The overview is short: the commands, two examples, where to read more; no option list.
[[ $(wc -l <"$WORK/top") -le 25 ]] || fail "the overview has $(wc -l <"$WORK/top") lines"
has top "Usage: epubpack COMMAND"
has top "build [INPUT]"
has top "check FILE"
has top "help [COMMAND]"
has top "epubpack help build"
lacks top "--hyphenate"
# build's help: every option with its values, and examples.
has build "Usage: epubpack build [INPUT]"
for opt in --output --output-dir --jobs --font --css "--hyphenate=css|soft|off" \
    "--typography=uk|be|bg|sr|mk|kk|mn|ru|en|off" \
    --no-check --stats --help; do
    has build "$opt"
done
has build "Examples:"
has build "epubpack build articles/*.md -O out/ -j 2"
lacks build "--json"
# check's help.
has check "Usage: epubpack check FILE"
has check "--json"
has check "--quiet"
has check "Examples:"
lacks check "--hyphenate"
note "overview: $(wc -l <"$WORK/top") lines, build: $(wc -l <"$WORK/build"), check: $(wc -l <"$WORK/check")"
