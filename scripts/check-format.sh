#!/usr/bin/env bash
# Fails when a tracked C file differs from .clang-format's layout (docs/ARCHITECTURE.md "Tests": CI checks it).
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
while IFS= read -r f; do
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "not clang-formatted: $f (run: clang-format -i $f)" >&2
        bad=1
    fi
done < <(git ls-files '*.c' '*.h')
[[ $bad -eq 0 ]] && echo "clang-format: all C files formatted"
exit $bad
