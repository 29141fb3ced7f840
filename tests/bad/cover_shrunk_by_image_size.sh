#!/usr/bin/env bash
# Issue 21, point 10: a 4000x3000 cover that --image-size 800x600 shrinks below 1000 px is a
# warning that says the image size shrank it, with both sizes; it used to say the source was
# 800x600. A cover that is small as given keeps the plain message.
. "$(dirname "$0")/bad.bash"
require_tool vips "apt-get install libvips-tools"
vips black "$WORK/big.v" 4000 3000 --bands 3
vips copy "$WORK/big.v" "$BOOK/cover.jpg[strip]"
vips black "$WORK/small.v" 600 400 --bands 3
vips copy "$WORK/small.v" "$BOOK/small.jpg[strip]"
printf -- '---\ntitle: T\nlang: en\ncover-image: cover.jpg\n---\ntext\n' >"$BOOK/a.md"
expect_ok "^epubpack: .*/a\.md:4: WARNING\(EPK-COVER\): cover image 'cover\.jpg' \(4000x3000 px\) is shrunk to 800x600 px by the image size; its long side should be at least 1000 px \(1600 or more is better\): raise --image-size or image-size:$" \
    "$BOOK/a.md" --image-size 800x600
rm -f "$OUT/ok.epub"
printf -- '---\ntitle: T\nlang: en\ncover-image: small.jpg\n---\ntext\n' >"$BOOK/b.md"
expect_ok "^epubpack: .*/b\.md:4: WARNING\(EPK-COVER\): cover image 'small\.jpg' is 600x400 px; its long side should be at least 1000 px \(1600 or more is better\)$" \
    "$BOOK/b.md" --image-size 800x600
