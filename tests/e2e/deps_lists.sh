#!/usr/bin/env bash
# Issue 21, point 11: every Debian package a test asks for when its tool is missing (the
# apt-get install hint of require_tool) is installed by scripts/deps.sh: listed there, a
# dependency of a listed package, or Essential. GNU time (bad/image_bomb, bad/image_memory)
# was missing, so those tests failed on a bare Debian 12 (CI's image happened to have it).
. "$(dirname "$0")/lib.bash"
require_tool apt-cache "a Debian system (apt)"
require_tool dpkg-query "a Debian system (dpkg)"
. "$EP_SOURCE_DIR/scripts/deps.sh"
make_workdir
listed=("${EP_BUILD_PACKAGES[@]}" "${EP_TEST_PACKAGES[@]}")
apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances "${listed[@]}" 2>/dev/null | grep -E '^[a-z0-9]' | sort -u >"$WORK/closure"
[[ $(wc -l <"$WORK/closure") -gt ${#listed[@]} ]] ||
    fail "apt-cache depends found no dependencies (run apt-get update)"
grep -rhoE 'require_tool [^ ]+ "apt-get install [^"]+"' "$EP_SOURCE_DIR/tests" |
    sed -E 's/.*"apt-get install ([^"]+)"/\1/' | tr ' ' '\n' | grep -v '^-' | sort -u >"$WORK/hinted"
[[ -s "$WORK/hinted" ]] || fail "no require_tool hints found under tests/"
missing=()
while read -r p; do
    # Node.js and npm: ep_install_deps installs them when there is no node (deps.sh).
    [[ $p == nodejs ]] && continue
    grep -qx -- "$p" "$WORK/closure" && continue
    [[ $(dpkg-query -W -f='${Essential}' "$p" 2>/dev/null || apt-cache show "$p" 2>/dev/null |
        sed -n 's/^Essential: //p' | head -1) == yes ]] && continue
    missing+=("$p")
done <"$WORK/hinted"
note "$(wc -l <"$WORK/hinted") packages named by tests, $(wc -l <"$WORK/closure") installed by deps.sh with their dependencies"
[[ ${#missing[@]} -eq 0 ]] || fail "tests ask for packages scripts/deps.sh does not install: ${missing[*]}"
