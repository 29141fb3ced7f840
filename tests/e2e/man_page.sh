#!/usr/bin/env bash
# The manual page (issue 21, point 10): it renders without roff warnings, and every option of
# `epubpack help build` is a tagged paragraph of its own: `--no-check` was run into the end of
# `--target`'s text for want of a .TP.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool man "apt-get install man-db"
make_workdir
page="$EP_SOURCE_DIR/man/man1/epubpack.1"
warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 >/dev/null || true)
[[ -z $warnings ]] || fail "roff warnings: $warnings"
# Not a terminal: man-db writes plain text, without overstrikes.
LC_ALL=C.UTF-8 MANWIDTH=80 man -E UTF-8 -l "$page" 2>/dev/null >"$WORK/page.txt"
# A tagged paragraph's tag starts a line indented by 7 spaces, its text is indented further.
options=$("$EPUBPACK" help build | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+' | sort -u)
[[ -n $options ]] || fail "'epubpack help build' lists no options"
for opt in $options; do
    [[ $opt == --help ]] && continue
    grep -qE -- "^       (-[a-zA-Z]( [A-Z]+)?, )?$opt([ =,]|$)" "$WORK/page.txt" ||
        fail "the manual page has no paragraph for $opt: $(grep -n -- "$opt" "$WORK/page.txt" | head -3)"
done
note "every build option has its own paragraph: $(echo $options)"
grep -B2 -- '^       --no-check' "$WORK/page.txt" | grep -q 'metadata key\.$' ||
    fail "the --target paragraph does not end before --no-check"
