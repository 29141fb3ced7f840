#!/usr/bin/env bash
# Bad input (issue 11): `image-size:` that is neither WIDTHxHEIGHT nor off.
. "$(dirname "$0")/bad.bash"
chapter a.md '---\ntitle: T\nlang: en\nimage-size: 1600 by 2560\n---\n\ntext\n'
expect_fail 1 "^epubpack: .*/a\.md:4:13: metadata key 'image-size': '1600 by 2560' is not WIDTHxHEIGHT in px \(each 1 to 65500, e\.g\. 1600x2560\) or off$" "$BOOK/a.md"
