#!/usr/bin/env bash
# Bad input (issue 5): a cover whose content is not what its name claims (text named .png)
. "$(dirname "$0")/bad.bash"
book_yaml 'title: T\nlang: ru\ncover-image: fake.png\n'
chapter a.md '# A\n\ntext\n'
echo 'not a picture' >"$BOOK/fake.png"
expect_fail 1 "^epubpack: .*/book\.yaml:3: image 'fake\.png' is not JPEG, PNG, GIF or SVG \(by its content\)$" "$BOOK"
