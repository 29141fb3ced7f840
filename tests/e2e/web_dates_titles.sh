#!/usr/bin/env bash
# A web page's date and title (issue 22), each form on a small page under
# tests/fixtures/web/meta/: dates from microdata itemprop="datePublished", a <time datetime> in
# the article's header, <meta name="pubdate">, <meta name="DC.date">, an RFC 822 date, and an
# unreadable date passed over (no warning) for a readable one further down the order; JSON-LD
# without an article (Yoast's WebPage in an @graph); a day written with dots, day first
# ("Di., 25.01.2022 - 14:45"); a zone named after the time ("… 03:00:00 UTC"); a <time> of
# class "published" (hAtom) outside any <article> or <header>; a date written as text beside the
# headline when it names its month, or year first as Japanese, Chinese and Korean write it;
# article:published_time in name=; titles
# without the site's name when it follows a separator and is og:site_name, the page's domain or
# a host name of its own ("- www.RiverNews.de"), or words that hold the host's own label,
# never a title's own " - " otherwise; the article's headline not said again when the title
# says it beside the site's name ("Headline | Site | Motto"), and the headline itself when the
# title is it with a shorter name beside it ("見出し：新聞"); entities a site double-escaped are decoded; a comment
# form's name field is not the author.
. "$(dirname "$0")/lib.bash"
require_epubpack
make_workdir
FIX="$EP_SOURCE_DIR/tests/fixtures/web/meta"

# opf_of NAME [ARGS...] — builds FIX/NAME.html (stderr kept in WORK/NAME.err), prints its
# package.opf.
opf_of() {
    epubpack_build "$FIX/$1.html" "${@:2}" -o "$WORK/$1.epub" >/dev/null 2>"$WORK/$1.err"
    unzip -p "$WORK/$1.epub" EPUB/package.opf
}
# want_date NAME DATE [ARGS...] — FIX/NAME.html's dc:date is DATE, without a warning.
want_date() {
    local got
    got=$(opf_of "$1" "${@:3}" | grep -oE '<dc:date>[^<]*' | sed 's/<dc:date>//')
    [[ $got == "$2" ]] || fail "$1: dc:date '$got', expected '$2'"
    [[ ! -s "$WORK/$1.err" ]] || fail "$1: unexpected warning: $(cat "$WORK/$1.err")"
}
want_title() {
    local got
    got=$(opf_of "$1" | grep -oE '<dc:title[^>]*>[^<]*' | sed 's/<dc:title[^>]*>//')
    [[ $got == "$2" ]] || fail "$1: dc:title '$got', expected '$2'"
}

want_date date-microdata 2021-03-04
want_date date-time 2020-05-06
want_date date-pubdate 2019-07-08
want_date date-dc 2018-01-02
want_date date-rfc822 2019-11-18
want_date date-fallback 2017-09-10
want_date date-ld-webpage 2019-09-17
want_date date-dotted 2022-01-25
want_date date-utc-name 2022-05-04
want_date date-hatom 2016-04-05
# Last, a date written as text beside the headline, in a block named meta, byline or date,
# when it names its month ("7. Oktober 2020", "March 13th, 2015"); a day of numbers and
# slashes ("3/09/15": March or September?) and a comment's date are not the article's.
want_date date-text-de 2020-10-07
want_date date-text-en 2015-03-13
# Japanese, Chinese and Korean days, year first ("2019年4月2日", "2019.03.05"), and Open
# Graph's article:published_time in a name= attribute.
want_date date-text-ja 2019-04-02 --font none
want_date date-text-ymd 2019-03-05 --font none
want_date date-meta-name 2021-06-07
got=$(opf_of date-text-none | grep -c '<dc:date>' || true)
[[ $got -eq 0 ]] || fail "date-text-none: a date was read: $(opf_of date-text-none | grep '<dc:date>')"

want_title title-site "Ferry timetable changes"
want_title title-domain "Bridge vote delayed again"
want_title title-entity "Bridge vote delayed again"
want_title title-dash "Ferry - the last crossing"
want_title title-host "Bridge vote delayed again"
# The page's host label (four letters or more) inside the last part names the site in other
# words ("| Schweizerische Rivernews" on rivernews.ch); a last part that does not hold it stays
# ("- the river is the road" on bridge.ch).
want_title title-host-label "Bridge vote delayed again"
want_title title-host-other "Bridge vote delayed again - the river is the road"
# The page's headline (its <h1>, or its <h2> when it has none) when the title is that headline
# with a shorter name beside it after a separator ("：川辺新聞デジタル", "Courier - …",
# "| Northern Courier"; one before the headline half as long as it at most); a longer part is
# the title's own ("Ferry timetables change_The river
# ferry and …" stays: "Arbeit - BÜNDNIS 90/DIE GRÜNEN"). The title once in the book.
want_title title-beside-ja "渡し船の時刻表が変わる"
want_title title-beside-before "Bridge vote delayed again"
want_title title-beside-longer "Ferry timetables change_The river ferry and the people of the two towns"
want_title title-headline "Ice breakers reach the river mouth"
[[ $(unzip -p "$WORK/title-headline.epub" EPUB/text/ch001.xhtml | grep -o '<h[1-6][^>]*>[^<]*' |
    grep -c 'Ice breakers reach the river mouth') -eq 1 ]] ||
    fail "title-headline: the title is said once: $(unzip -p "$WORK/title-headline.epub" EPUB/text/ch001.xhtml)"

# A comment form's "Name (required)" field (WordPress's <p class="comment-form-author"> with a
# <label> and an <input id="author">) is no byline: the book has no author rather than that.
got=$(opf_of byline-form | grep -c '<dc:creator' || true)
[[ $got -eq 0 ]] || fail "byline-form: a comment form's field was taken for the author: $(opf_of byline-form | grep '<dc:creator')"

# A page that does not say its language, written in a script of one language: Han alone is
# Chinese, Han with kana Japanese (dc:language was 'und': the detector knew Cyrillic and Latin
# only).
for pair in lang-zh:zh lang-ja:ja; do
    got=$(opf_of "${pair%%:*}" | grep -oE '<dc:language>[^<]*' | sed 's/<dc:language>//')
    [[ $got == "${pair##*:}" ]] || fail "${pair%%:*}: dc:language '$got', expected '${pair##*:}'"
done
