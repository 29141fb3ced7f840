#!/usr/bin/env bash
# Bad input (issue 5): an input path that does not exist
. "$(dirname "$0")/bad.bash"
expect_fail 1 "^epubpack: .*/nope\.md: no such file or folder$" "$WORK/nope.md"
