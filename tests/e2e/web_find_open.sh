#!/usr/bin/env bash
# Finding the article when the page's markup wraps it in what is left out (issue 22), each on a
# small hand-made page under tests/fixtures/web/extract/: a <noscript> whose `</noscript>` Gumbo
# ignores (a <div> left open in it) holds the rest of the page, which a browser shows; a
# <header role=banner> never closed holds the <main>; the [itemprop=articleBody] sits in an
# <aside>. Each page was refused as "no article text found". And an <article> named a modal
# (a login dialog's form and its notes) is not the page's article. A video page's description
# in the player's caption is its text; a recipe's steps scored apart are one article.
. "$(dirname "$0")/lib.bash"
require_epubpack
make_workdir
FIX="$EP_SOURCE_DIR/tests/fixtures/web/extract"

for page in noscript-open banner-open aside-body modal-article; do
    epubpack_build "$FIX/$page.html" -o "$WORK/$page.epub" >/dev/null 2>"$WORK/$page.err" ||
        fail "$page: not built: $(cat "$WORK/$page.err")"
    x=$(unzip -p "$WORK/$page.epub" EPUB/text/ch001.xhtml | sed 's/\xc2\xa0/ /g; s/\xc2\xad//g')
    for want in "more sailing boats than motor boats" "paid for a berth by the month" \
        "lengthen the quay by another forty metres"; do
        grep -qF -- "$want" <<<"$x" || fail "$page: expected '$want' in the chapter"
    done
    for junk in "The River Times" "Weather on the river" "pixel.gif" "terms of use"; do
        ! grep -qF -- "$junk" <<<"$x" || fail "$page: '$junk' must not reach the EPUB"
    done
done

# A video page: its text is the description in the player's caption, which is kept although no
# picture of the book goes with it (a caption that holds most of the article's text).
epubpack_build "$FIX/video-caption.html" -o "$WORK/video.epub" >/dev/null 2>"$WORK/video.err" ||
    fail "video-caption: not built: $(cat "$WORK/video.err")"
x=$(unzip -p "$WORK/video.epub" EPUB/text/ch001.xhtml | sed 's/\xc2\xa0/ /g; s/\xc2\xad//g')
grep -qF "crossed by its horn and its radio alone" <<<"$x" ||
    fail "video-caption: the description is not in the chapter"
# A recipe's steps, each scored apart in its own <li>: the top candidate climbs to the list that
# holds three or more of the others that score near it (Readability's rule), all five steps.
epubpack_build "$FIX/recipe-steps.html" -o "$WORK/recipe.epub" >/dev/null 2>"$WORK/recipe.err" ||
    fail "recipe-steps: not built: $(cat "$WORK/recipe.err")"
x=$(unzip -p "$WORK/recipe.epub" EPUB/text/ch001.xhtml | sed 's/\xc2\xa0/ /g; s/\xc2\xad//g')
for want in "Clean the fish" "Fry the onion" "Pour in the stock" "Add the fish" "Serve it hot"; do
    grep -qF -- "$want" <<<"$x" || fail "recipe-steps: expected '$want' in the chapter"
done
epubcheck_clean "$WORK"/*.epub
