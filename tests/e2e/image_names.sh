#!/usr/bin/env bash
# Issue 21, point 9: images with Cyrillic file names keep their letters in the EPUB, spelled
# as heading ids are (ICAO Doc 9303, util/slug.c): Фото-1.png → images/foto-1.png, not
# images/-1.png; ASCII names stay as they were.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
. "$(dirname "$0")/../bad/bad.bash" # $WORK, $BOOK and tiny_png
for f in "Фото-1.png" "картинка.png" "Ёлка 2.png" "Photo_A.png" "щука.png"; do
    tiny_png "$BOOK/$f"
done
printf 'x' >>"$BOOK/картинка.png" # different bytes, so no two images are stored once
printf 'xy' >>"$BOOK/Ёлка 2.png"
printf 'xyz' >>"$BOOK/Photo_A.png"
printf 'xyzw' >>"$BOOK/щука.png"
cat >"$BOOK/a.md" <<'MD'
---
title: Картинки
lang: ru
---
![Фото](Фото-1.png)

![Картинка](картинка.png)

![Ёлка](<Ёлка 2.png>)

![Photo](Photo_A.png)

![Щука](щука.png)
MD
epubpack_build "$BOOK/a.md" -o "$WORK/a.epub" >/dev/null
names=$(unzip -Z1 "$WORK/a.epub" 'EPUB/images/*' | sort | tr '\n' ' ')
note "images: $names"
[[ $names == "EPUB/images/Photo_A.png EPUB/images/elka-2.png EPUB/images/foto-1.png EPUB/images/kartinka.png EPUB/images/shchuka.png " ]] ||
    fail "image names: $names"
unzip -p "$WORK/a.epub" 'EPUB/text/*.xhtml' | grep -q 'src="../images/foto-1.png"' || fail "the <img> does not point at foto-1.png"
epubcheck_clean "$WORK/a.epub"
