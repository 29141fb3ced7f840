#!/usr/bin/env bash
# Fails when a tracked C file differs from .clang-format's layout (docs/ARCHITECTURE.md "Tests": CI checks it).
# The layout is checked with Debian's clang-format 14 (Debian 12) and 19 (Debian 13), which agree
# on every file (where they did not, the code was written so that they do: src/read/web_build.c's
# held_warning, src/typeset/typography.c's rouble sign). Another version may lay out some
# construct its own way: it is used, but named in the failure (CLANG_FORMAT: another binary).
set -euo pipefail
cd "$(dirname "$0")/.."
cf=${CLANG_FORMAT:-clang-format}
version=$("$cf" --version 2>/dev/null | grep -o 'version [0-9]*' | grep -o '[0-9]*$' || true)
if [[ -z $version ]]; then
    echo "check-format.sh: '$cf' does not run (apt-get install clang-format)" >&2
    exit 1
fi
bad=0
while IFS= read -r f; do
    if ! "$cf" --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "not clang-formatted: $f (run: $cf -i $f)" >&2
        bad=1
    fi
done < <(git ls-files '*.c' '*.h')
if [[ $bad -ne 0 && $version != 14 && $version != 19 ]]; then
    echo "check-format.sh: this is clang-format $version; the layout is checked with 14 (Debian 12) and 19 (Debian 13), and another version may differ on its own: check with one of those" >&2
fi
[[ $bad -eq 0 ]] && echo "clang-format $version: all C files formatted"
exit $bad
