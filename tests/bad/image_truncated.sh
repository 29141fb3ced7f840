#!/usr/bin/env bash
# Bad input (issue 11): a camera JPEG cut off half-way (an interrupted copy) is an error naming
# the file, not a picture with a grey lower half; so is a small one that needs no conversion.
# Our message is asserted exactly; libvips' own text, whose wording changes between versions
# (8.14 and 8.16 differ), only as a non-empty detail in parentheses.
. "$(dirname "$0")/bad.bash"
. "$(dirname "$0")/../e2e/images.bash"
chapter a.md '---\ntitle: T\nlang: en\n---\n\n![a photo](cut.jpg)\n'
photo_image "$WORK/whole.jpg" 2400 1800
head -c "$(($(wc -c <"$WORK/whole.jpg") / 2))" "$WORK/whole.jpg" >"$BOOK/cut.jpg"
expect_fail 1 "^epubpack: .*/a\.md:6: image 'cut\.jpg' is truncated or corrupt \(libvips: .+\)$" "$BOOK/a.md"
photo_image "$WORK/small.jpg" 400 300
head -c "$(($(wc -c <"$WORK/small.jpg") / 2))" "$WORK/small.jpg" >"$BOOK/cut.jpg"
expect_fail 1 "^epubpack: .*/a\.md:6: image 'cut\.jpg' is truncated or corrupt \(libvips: .+\)$" "$BOOK/a.md"
