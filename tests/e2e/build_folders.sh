#!/usr/bin/env bash
# Issue 21, point 11: the quick start's two steps build into different folders, so that the
# test step (RelWithDebInfo, -Werror) does not rebuild step 1's build/epubpack under the user;
# both folders are ignored by git.
. "$(dirname "$0")/lib.bash"
require_tool git "apt-get install git"
default_of() { sed -n 's/^BUILD_DIR=\${BUILD_DIR:-\([^}]*\)}$/\1/p' "$EP_SOURCE_DIR/scripts/$1"; }
setup=$(default_of setup-and-build.sh)
tests=$(default_of test.sh)
note "setup-and-build.sh builds into '$setup', test.sh into '$tests'"
[[ -n $setup && -n $tests ]] || fail "no BUILD_DIR default found in the scripts"
[[ $setup != "$tests" ]] || fail "both scripts build into '$setup'"
for d in "$setup" "$tests"; do
    git -C "$EP_SOURCE_DIR" check-ignore -q "$d/epubpack" || fail "git does not ignore $d/"
done
