#!/usr/bin/env bash
# libepubpack exports its interface and nothing else: every symbol it defines for other programs
# is an ep_* function of include/epubpack.h (EP_EXPORT, -fvisibility=hidden). Internals (epi_*)
# and copies of dependencies stay inside, so they can change without breaking a program.
. "$(dirname "$0")/../e2e/lib.bash"
require_tool nm "apt-get install binutils"
require_tool readelf "apt-get install binutils"
: "${EP_LIBRARY:?EP_LIBRARY (the built libepubpack) is set by ctest}"
[[ -f "$EP_LIBRARY" ]] || fail "EP_LIBRARY=$EP_LIBRARY does not exist (build first)"

case "$EP_LIBRARY" in
*.so*)
    # nm -D: the dynamic symbol table, what the dynamic linker lets other objects see.
    exported=$(nm -D --defined-only "$EP_LIBRARY" | awk '{print $3}' | sort)
    ;;
*.a)
    # A static archive has no dynamic table: its global symbols of default visibility are the
    # ones a shared object linked from it would export.
    exported=$(readelf -sW "$EP_LIBRARY" |
        awk '$5 == "GLOBAL" && $6 == "DEFAULT" && $7 != "UND" {print $8}' | sort -u)
    ;;
*) fail "EP_LIBRARY=$EP_LIBRARY is neither a .so nor a .a" ;;
esac
[[ -n "$exported" ]] || fail "$EP_LIBRARY exports nothing"
others=$(grep -v '^ep_' <<<"$exported" || true)
[[ -z "$others" ]] || fail "$EP_LIBRARY exports symbols other than ep_*:"$'\n'"$others"

# Exactly the functions the header declares: none missing, none extra.
declared=$(grep -o '^EP_EXPORT [^(]*(' "$EP_SOURCE_DIR/include/epubpack.h" |
    grep -o 'ep_[a-z_0-9]*($' | tr -d '(' | sort)
[[ "$exported" == "$declared" ]] ||
    fail "exported and declared differ:"$'\n'"$(diff <(echo "$declared") <(echo "$exported"))"
note "$(wc -l <<<"$exported") symbols exported, all ep_* and all declared in epubpack.h"
note "ok"
