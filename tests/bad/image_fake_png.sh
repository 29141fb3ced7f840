#!/usr/bin/env bash
# Bad input (issue 5): an image whose content is not what its name claims (text named .png)
. "$(dirname "$0")/bad.bash"
book_yaml 'title: T\nlang: ru\n'
chapter a.md '# A\n\ntext\n\n![picture](fake.png)\n'
echo 'not a picture' >"$BOOK/fake.png"
expect_fail 1 "^epubpack: .*/a\.md:5: image 'fake\.png' is not JPEG, PNG, GIF or SVG \(by its content\)$" "$BOOK"
