#!/usr/bin/env bash
# Finding the article (issue 22), each rule on a small hand-made page under
# tests/fixtures/web/extract/: a <div> whose only child is <main> is not a paragraph (a teaser
# <article> elsewhere must not win); a page whose whole body is an ASP.NET <form> is read; a
# MediaWiki page gives #mw-content-text without the site's notes; a remote image's alt text that
# is a file name is not kept as text; a <time> holding markup is valid;
# the lede kept beside the article's text; sibling <article>s are one article; a teaser <article>
# loses to the text the score finds elsewhere; another story's teaser and a "more on this"
# section at the article's end go, as a call to follow the site does; a caption whose picture is
# not in the book goes, one beside a saved picture stays.
. "$(dirname "$0")/lib.bash"
require_epubpack
make_workdir
FIX="$EP_SOURCE_DIR/tests/fixtures/web/extract"

# body_of EPUB — the first chapter's XHTML, no-break spaces (typography) read as spaces.
body_of() { unzip -p "$1" EPUB/text/ch001.xhtml | sed 's/\xc2\xa0/ /g'; }
has() { grep -qF -- "$2" <<<"$1" || fail "$3: expected '$2' in the chapter"; }
hasnt() { ! grep -qiF -- "$2" <<<"$1" || fail "$3: '$2' must not reach the EPUB"; }
count() { grep -oF -- "$2" <<<"$1" | wc -l; }

# 1. <div><main>…</main></div>: the article is in <main>, not the teaser <article>.
epubpack_build "$FIX/main-child.html" -o "$WORK/main.epub" >/dev/null 2>&1
x=$(body_of "$WORK/main.epub")
has "$x" "The river boat has crossed between the two towns" main-child
has "$x" "who has worked on the stream for thirty years" main-child
hasnt "$x" "A teaser of another story" main-child

# 2. The whole body in <form id="aspnetForm">: built, the article kept, the form's controls not.
epubpack_build "$FIX/aspnet-form.html" -o "$WORK/form.epub" >/dev/null 2>"$WORK/form.err" ||
    fail "aspnet-form: not built: $(cat "$WORK/form.err")"
x=$(body_of "$WORK/form.epub")
has "$x" "The council has promised a new bridge" aspnet-form
for junk in "<form" "<input" "<button" "Search the site" "__VIEWSTATE"; do
    hasnt "$x" "$junk" aspnet-form
done

# 3. MediaWiki: the article text without "From … the free encyclopedia", "Jump to navigation".
epubpack_build "$FIX/mediawiki.html" -o "$WORK/wiki.epub" >/dev/null 2>&1
x=$(body_of "$WORK/wiki.epub")
has "$x" "On the last crossing of the season" mediawiki
for junk in "the free encyclopedia" "Jump to navigation" "This is a good article"; do
    hasnt "$x" "$junk" mediawiki
done

# 4. Figures of remote pictures: neither the caption nor the alt text stays (a picture not in
# the book leaves no line behind, case 22), nor a file name; a remote picture in a line of text
# (an emoji, a symbol) keeps its alt text there.
epubpack_build "$FIX/figure-alt.html" -o "$WORK/fig.epub" >/dev/null 2>"$WORK/fig.err"
x=$(body_of "$WORK/fig.epub")
for junk in "The ferry leaves the pier at dawn." "IMG_2041" "The crew of four on deck" \
    "Portrait of the captain at the wheel" "<figure"; do
    hasnt "$x" "$junk" figure-alt
done
has "$x" "→" figure-alt
grep -qF "remote image 'https://cdn.example.org/captain.jpg' is not allowed in an EPUB; it is left out" \
    "$WORK/fig.err" || fail "figure-alt: the remote picture is not said to be left out: $(cat "$WORK/fig.err")"

# 5. One title heading: the page's headline once, first, as the only <h1>; the article's <h2>
# that says the same ("Ferry timetable: changes") goes, its own second <h1> becomes an <h2>, so
# the book is one document, not a near-empty one and the rest.
epubpack_build "$FIX/title-once.html" -o "$WORK/title.epub" >/dev/null 2>&1
x=$(body_of "$WORK/title.epub")
heads=$(grep -oE '<h[1-6][^>]*>[^<]*' <<<"$x" | sed -E 's/<(h[1-6])[^>]*>/\1 /')
[[ $heads == $'h1 Ferry Timetable Changes!\nh2 What the crew says' ]] ||
    fail "title-once: headings are not the title once then the article's own: $heads"
[[ $(unzip -Z1 "$WORK/title.epub" | grep -c '^EPUB/text/ch.*\.xhtml$') -eq 1 ]] ||
    fail "title-once: expected one chapter document: $(unzip -Z1 "$WORK/title.epub")"
has "$x" "lets them all aboard" title-once

# 6. A word of class or id that says "related" or "comment" is not rescued by a content word
# inside the same word ("jp-relatedposts", "article-comments"); the article stays.
epubpack_build "$FIX/related-posts.html" -o "$WORK/related.epub" >/dev/null 2>&1
x=$(body_of "$WORK/related.epub")
has "$x" "The council has promised a new bridge" related-posts
hasnt "$x" "Ähnliche Beiträge" related-posts
hasnt "$x" "Ein Leser schreibt" related-posts

# 7. Boilerplate in the article (issue 22): a picture's credit goes when the picture is not in
# the book (a remote image) and stays beside a saved one; a remote image leaves neither its
# caption nor its alt text; a gallery's caption repeated beside the larger copy of
# its saved picture is said once; a heading and a label ("More on this topic:") left heading nothing
# once their link lists are cleaned away go; a copyright line goes.
epubpack_build "$FIX/boilerplate.html" -o "$WORK/boiler.epub" >/dev/null 2>&1
x=$(body_of "$WORK/boiler.epub")
hasnt "$x" "Jan Novak" boilerplate
has "$x" "Picture: Eva Lind" boilerplate
[[ $(count "$x" "The old gates, taken out in March") -eq 1 ]] ||
    fail "boilerplate: the gallery's caption is not there once"
for junk in "You may also like" "More on this topic" "Ten canals" "Example Media Group" \
    "A barge waits at the upper gate"; do
    hasnt "$x" "$junk" boilerplate
done
has "$x" '<h2 id="the-gates">The gates</h2>' boilerplate
has "$x" "the oldest from 1822" boilerplate
has "$x" "the canal is quiet until morning" boilerplate

# 8. An article of bare text split by <br> in a <div> that also holds blocks (a subheading, an
# ad box): the runs of text are scored as the <div>'s paragraphs, so it wins over a column of
# three short <p>s.
epubpack_build "$FIX/br-text.html" -o "$WORK/br.epub" >/dev/null 2>&1
x=$(body_of "$WORK/br.epub")
has "$x" "the only light comes from the window of the bakery" br-text
has "$x" "to come back when the street is empty again" br-text
hasnt "$x" "The library opens late on Thursdays" br-text

# 9. An embedded tweet (Twitter's <blockquote class="twitter-tweet">) in a wrapper named
# "embed-social" is the article's quotation: kept, with its text and its author line.
epubpack_build "$FIX/tweet.html" -o "$WORK/tweet.epub" >/dev/null 2>&1
x=$(body_of "$WORK/tweet.epub")
has "$x" "the water is over the bollards and still rising" tweet
has "$x" "Coast Guard North (@cg_north)" tweet
has "$x" "two trucks of sandbags" tweet

# 10. A saved page moved without its "_files" folder: one warning that names the folder, not a
# remote-image warning per picture for URLs the user never wrote.
mkdir -p "$WORK/moved"
cp "$EP_SOURCE_DIR/tests/fixtures/web/saved/statya.html" "$WORK/moved/"
epubpack_build "$WORK/moved/statya.html" -o "$WORK/moved.epub" >/dev/null 2>"$WORK/moved.err"
[[ $(grep -c "folder 'statya_files' is missing" "$WORK/moved.err") -eq 1 ]] ||
    fail "moved page: expected one warning naming statya_files: $(cat "$WORK/moved.err")"
! grep -q "statya_files/chart" "$WORK/moved.err" ||
    fail "moved page: a picture of the missing folder was taken for a remote image: $(cat "$WORK/moved.err")"

# 11. Relative links in a page that does not say its address: kept as text, with one warning
# (they used to lose their href silently).
epubpack_build "$FIX/relative-links.html" -o "$WORK/rel.epub" >/dev/null 2>"$WORK/rel.err"
[[ $(grep -c "WARNING(EPK-WEB-LINK): relative links such as '/timetable' are kept as text" "$WORK/rel.err") -eq 1 ]] ||
    fail "relative-links: expected one EPK-WEB-LINK warning: $(cat "$WORK/rel.err")"
has "$(body_of "$WORK/rel.epub")" "Read the <a>timetable</a> and <a>map</a>" relative-links

# 12. A <time> without a datetime holds text only (HTML's content model): one that holds markup,
# or a character the font lacks (an en space, which typesetting wraps in a fallback <span>),
# becomes a <span>, so the book is valid (the build's own check refused it); a <time datetime>
# stays.
epubpack_build "$FIX/time-markup.html" -o "$WORK/time.epub" >/dev/null 2>"$WORK/time.err" ||
    fail "time-markup: not built: $(cat "$WORK/time.err")"
x=$(body_of "$WORK/time.epub")
has "$x" "<span>Lindau – <b>Wednesday</b>, 2 February 2022," time-markup
has "$x" '<time datetime="2000-01-03">the third of January 2000</time>' time-markup

# 13. The same title said with other dashes, quotes and case ("–" for ",", "’" for "'", "ÉTÉ"
# for "été"): the article's heading that repeats it goes, the title heading is the only one.
epubpack_build "$FIX/title-dash.html" -o "$WORK/dash.epub" >/dev/null 2>&1
heads=$(body_of "$WORK/dash.epub" | grep -oE '<h[1-6][^>]*>[^<]*' | sed -E 's/<(h[1-6])[^>]*>/\1 /')
[[ $heads == "h1 Le bac de la rivière, horaires d'été" ]] || fail "title-dash: headings: $heads"

# 14. More boilerplate inside the article, each seen on several sites of trafilatura's set: a
# byline in the text (Readability's test: a class saying author, under 100 characters), a
# remote picture's caption that is only its credit ("Foto: …"), an advertising disclosure, the
# author's portrait box, a comment block named in German ("kommentarModul"); the article stays.
epubpack_build "$FIX/boilerplate-2.html" -o "$WORK/boiler2.epub" >/dev/null 2>&1
x=$(body_of "$WORK/boiler2.epub")
for junk in "Von Anna Berg" "Jan Novak" "Provision" "schreibt seit zehn Jahren" "Noch keine Kommentare"; do
    hasnt "$x" "$junk" boilerplate-2
done
has "$x" "seit zwanzig Jahren ist es Marta" boilerplate-2
has "$x" "läutet die Glocke am Pfosten" boilerplate-2
has "$x" "der Kanal ist still bis zum Morgen" boilerplate-2

# 15. The lede (standfirst) beside the article's text, not in it, is kept, before the text: a
# TYPO3 news "teaser-text" before the [itemprop=articleBody]; a WordPress "entry-excerpt" in the
# <header> that the cleaning drops (its headline is the title). Another story's teaser after the
# article is not a lede.
for page in lede-typo3 lede-header; do
    epubpack_build "$FIX/$page.html" -o "$WORK/$page.epub" >/dev/null 2>&1
    x=$(body_of "$WORK/$page.epub" | tr -d '\n')
    grep -qE "Lede (one|two):.*The river ferry has crossed" <<<"$x" ||
        fail "$page: the lede is not kept before the article's text: $x"
    has "$x" "the ferry remains the only road across the water" "$page"
    hasnt "$x" "Another story" "$page"
done

# 16. A "read also" line (a label pointing to another story, "Lea también:", "VEA TAMBIÉN:", and
# mostly its link) goes; a paragraph of the article that starts with the same words but is
# text stays.
epubpack_build "$FIX/read-also.html" -o "$WORK/also.epub" >/dev/null 2>&1
x=$(body_of "$WORK/also.epub")
hasnt "$x" "La fiesta del puerto" read-also
hasnt "$x" "El alcalde promete" read-also
has "$x" "publicó las cifras" read-also
has "$x" "el único camino sobre el agua" read-also

# 17. A page whose sections are each an <article> (TYPO3's content elements, a forum's posts,
# a recipe's boxes): the article is all of them, in order, not the longest alone; the rail's
# links are not.
epubpack_build "$FIX/article-sections.html" -o "$WORK/sections.epub" >/dev/null 2>&1
x=$(body_of "$WORK/sections.epub" | tr -d '\n')
grep -qE "The ice came early.*When the thaw came.*The council has promised to dredge" <<<"$x" ||
    fail "article-sections: the three <article> sections are not all kept in order: $x"
hasnt "$x" "New bridge plans" article-sections
# ...but an <article> beside it that is named a modal dialog (a login's messages) is not one.
epubpack_build "$FIX/article-modal.html" -o "$WORK/modal.epub" >/dev/null 2>&1
x=$(body_of "$WORK/modal.epub")
has "$x" "a searchlight that the crew can turn" article-modal
hasnt "$x" "password has been changed" article-modal
hasnt "$x" "Welcome to My Ferry" article-modal

# 18. The page's only <article> is another story's teaser in a side box, and the article's
# text (three times as much) is in a <div> the score finds: the <div> wins.
epubpack_build "$FIX/article-teaser.html" -o "$WORK/teaser.epub" >/dev/null 2>&1
x=$(body_of "$WORK/teaser.epub")
has "$x" "the ferry will cross the river at night again" article-teaser
has "$x" "whether the night crossings are kept" article-teaser
hasnt "$x" "A teaser of another story" article-teaser

# 19. Another story's teaser inside the article (a block named "c-teaser" whose heading is a
# link, a link named "sz-teaser" around a figure) goes; the lede named "teaser-text", which has
# no heading, stays.
epubpack_build "$FIX/story-teaser.html" -o "$WORK/story.epub" >/dev/null 2>&1
x=$(body_of "$WORK/story.epub")
for junk in "Another story" "Harbour festival returns" "Plans for a bridge"; do
    hasnt "$x" "$junk" story-teaser
done
has "$x" "Lede: after forty years the old diesel goes" story-teaser
has "$x" "the ticket price stays the same" story-teaser

# 20. A "more on this" heading ("Mehr zum Thema") at the article's end goes with the teasers of
# other stories after it; one at the top, which the article's text follows, stays.
epubpack_build "$FIX/more-on-this.html" -o "$WORK/more.epub" >/dev/null 2>&1
x=$(body_of "$WORK/more.epub")
for junk in "Das Hafenfest kehrt zurück" "Zeichnungen einer Brücke" ">Mehr zum Thema<"; do
    hasnt "$x" "$junk" more-on-this
done
has "$x" "Mehr zum Thema Flussfahrt" more-on-this
has "$x" "sagte das Hafenamt am Montag" more-on-this

# 21. A call to follow the site on its social networks, or to subscribe, at the article's end
# goes; a paragraph of the article that starts with "Follow" and names no network stays.
epubpack_build "$FIX/follow-call.html" -o "$WORK/follow.epub" >/dev/null 2>&1
x=$(body_of "$WORK/follow.epub")
hasnt "$x" "Follow The River Times" follow-call
hasnt "$x" "Subscribe now" follow-call
has "$x" "Follow the river path north" follow-call
has "$x" "the ferry remains the only road across the water" follow-call

# 22. A caption describes a picture: it stays when the picture is in the book (saved in the
# page's "_files" folder) and goes when it is not (a remote image, or a file the page was saved
# without), in a <figure> or in a block named "caption" (WordPress's "wp-caption"); the missing
# picture's alt text goes too (case 4).
epubpack_build "$FIX/captions.html" -o "$WORK/captions.epub" >/dev/null 2>"$WORK/captions.err" ||
    fail "captions: not built: $(cat "$WORK/captions.err")"
x=$(body_of "$WORK/captions.epub")
has "$x" "<figcaption>The quay at low tide, when the boats sit on the mud.</figcaption>" captions
has "$x" "alt=\"The quay at low tide\"" captions
for junk in "has not lifted a crate" "painted red and white" "Nets drying on the wall" \
    "The old crane on the north pier" "The lighthouse at the end of the wall"; do
    hasnt "$x" "$junk" captions
done
has "$x" "the harbour is quiet until the morning tide" captions

# 23. A short line about the article rather than of it, named by its class or id: its metadata
# ("entry-meta", "postmetadata"), date ("article__date") or category ("PostCategory") goes (the
# date is the book's metadata); a paragraph named "metal-note" and one that says "posted" stay.
epubpack_build "$FIX/meta-lines.html" -o "$WORK/meta.epub" >/dev/null 2>&1
x=$(body_of "$WORK/meta.epub")
for junk in "Posted on" "Published: 03.03.2021" "This entry was posted" "Category: River news"; do
    hasnt "$x" "$junk" meta-lines
done
has "$x" "The metal hull was last painted in 1998" meta-lines
has "$x" "posted the dates of the last crossings" meta-lines
grep -qF '<dc:date>2021-03-03</dc:date>' <(unzip -p "$WORK/meta.epub" EPUB/package.opf) ||
    fail "meta-lines: the date is not the book's: $(unzip -p "$WORK/meta.epub" EPUB/package.opf | grep date)"

# 24. An article of headings only (a poster's words set as <h2>–<h4>) whose one line of text is
# a meta line that goes ("Post Views: 22"): its headings head nothing but are all there is, and
# stay; the page is not refused as having no text.
epubpack_build "$FIX/headings-only.html" -o "$WORK/headings.epub" >/dev/null 2>"$WORK/headings.err" ||
    fail "headings-only: not built: $(cat "$WORK/headings.err")"
x=$(body_of "$WORK/headings.epub")
has "$x" "The poster contest for children" headings-only
has "$x" "before the third of April, with your name" headings-only
hasnt "$x" "Post Views" headings-only

# 25. A paragraph that is only a link to another page (another story's headline set in the
# text without a label) goes; a sentence holding a link, a short "PDF" link and a named anchor
# (<a name>, no link) stay.
epubpack_build "$FIX/link-lines.html" -o "$WORK/links.epub" >/dev/null 2>&1
x=$(body_of "$WORK/links.epub")
for junk in "Harbour festival returns" "Plans for a bridge at the narrows"; do
    hasnt "$x" "$junk" link-lines
done
has "$x" ">harbour office</a> pins a new sheet" link-lines
has "$x" ">PDF</a>" link-lines
has "$x" "Many passengers ask what the captain thinks" link-lines
has "$x" "the ferry remains the only road across the water" link-lines

# 26. The readers' ratings of the post (WP-PostRatings' "post-ratings") go; the article stays.
epubpack_build "$FIX/post-ratings.html" -o "$WORK/ratings.epub" >/dev/null 2>&1
x=$(body_of "$WORK/ratings.epub")
hasnt "$x" "Noch keine Bewertungen" post-ratings
has "$x" "bleibt die Fähre der einzige Weg über das Wasser" post-ratings
