#!/usr/bin/env bash
# Web pages in (issue 14): a saved page with its NAME_files/ folder, windows-1251, KOI8-R, a
# page whose article is in <div>s only and one whose article is in a modal become valid EPUBs
# holding the article and nothing else.
. "$(dirname "$0")/lib.bash"
require_epubpack
make_workdir
FIX="$EP_SOURCE_DIR/tests/fixtures/web"

# chapter_of EPUB — the first chapter's XHTML, no-break spaces (typography) read as spaces, soft
# hyphens (the default for Russian) taken out.
chapter_of() { unzip -p "$1" EPUB/text/ch001.xhtml | sed 's/\xc2\xa0/ /g; s/\xc2\xad//g'; }
has() { grep -qF -- "$2" <<<"$1" || fail "$3: expected '$2' in the chapter"; }
hasnt() { ! grep -qiF -- "$2" <<<"$1" || fail "$3: '$2' must not reach the EPUB"; }

# 1. The saved page: article only, images from statya_files/, links absolute, nothing active.
epubpack_build "$FIX/saved/statya.html" -o "$WORK/saved.epub" 2>"$WORK/saved.err"
x=$(chapter_of "$WORK/saved.epub")
has "$x" "Ледоколы вышли на Енисей" saved
has "$x" "<h2" saved
has "$x" "<figcaption>Толщина льда у Дудинки" saved
has "$x" "<table>" saved
has "$x" "<blockquote>" saved
# <picture>: the 1200w source is the largest local candidate; data-src beats the data: placeholder
has "$x" 'src="../images/chart-large.png"' saved
has "$x" 'src="../images/chart-small.png" alt="Ледокол у причала"' saved
has "$x" 'href="https://vesti-severa.example/2024/01/marshruty.html"' saved
# The byline "Анна Петрова, 15 января 2024" gives the author and the date, each once.
has "$x" '<p class="byline">Анна Петрова, 15 января 2024 г.</p>' saved
unzip -p "$WORK/saved.epub" EPUB/package.opf | grep -qF '>Анна Петрова</dc:creator>' ||
    fail "saved: the author without the date expected: $(unzip -p "$WORK/saved.epub" EPUB/package.opf | grep creator)"
for junk in "<script" "onerror" "onload" "style=" "javascript:" "<iframe" "<form" "<input" \
    "Популярное" "Комментарии" "Подписаться" "Все права защищены" "Новости</a>" "ВКонтакте" \
    "statya_files" "data:image"; do
    hasnt "$x" "$junk" saved
done
[[ $(unzip -Z1 "$WORK/saved.epub" | grep -c '^EPUB/images/') -eq 2 ]] ||
    fail "saved: expected 2 images in the EPUB: $(unzip -Z1 "$WORK/saved.epub")"
grep -qF "statya.html:40: WARNING(RSC-006): remote image 'https://cdn.vesti-severa.example/sat.jpg'" \
    "$WORK/saved.err" || fail "saved: no warning for the remote image: $(cat "$WORK/saved.err")"
# A remote image dropped is not an image the book describes.
unzip -p "$WORK/saved.epub" EPUB/package.opf | grep -q 'accessibilityFeature">alternativeText' ||
    fail "saved: both local images have alt text: alternativeText expected"

# An image without alt text: the hint is written in HTML, not in Markdown.
mkdir "$WORK/noalt"
cp -r "$FIX/saved/statya_files" "$WORK/noalt/"
sed 's/ alt="[^"]*"//g' "$FIX/saved/statya.html" >"$WORK/noalt/statya.html"
epubpack_build "$WORK/noalt/statya.html" -o "$WORK/noalt.epub" >/dev/null 2>"$WORK/noalt.err"
grep -qF "has no alt text (write <img src=\"statya_files/chart-large.png\" alt=\"what it shows\">)" \
    "$WORK/noalt.err" || fail "no alt: the hint is not HTML: $(cat "$WORK/noalt.err")"

# 2. The folder as the browser saved it: statya.html + statya_files/ (one page = the book).
epubpack_build "$FIX/saved" -o "$WORK/folder.epub" >/dev/null 2>&1
[[ $(chapter_of "$WORK/folder.epub") == "$x" ]] || fail "the folder and the page differ"

# 3. Encodings: windows-1251 (http-equiv) and KOI8-R (meta charset) come out as UTF-8.
epubpack_build "$FIX/ru-cp1251.html" -o "$WORK/cp1251.epub" 2>/dev/null
x=$(chapter_of "$WORK/cp1251.epub")
has "$x" "Старый город стоит на высоком берегу Иртыша" cp1251
has "$x" "ёлка, щука, подъезд, объявление, съёмка" cp1251
hasnt "$x" "Главная" cp1251
hasnt "$x" "Статьи" cp1251
epubpack_build "$FIX/ru-koi8r.html" -o "$WORK/koi8.epub" 2>/dev/null
x=$(chapter_of "$WORK/koi8.epub")
has "$x" "Архангельск встречает гостей ветром с Двины" koi8r
has "$x" "объявления о съёмке квартир и подъёмный кран" koi8r

# 4. An article in <div>s only: found by its text, the sidebar and related links left out.
epubpack_build "$FIX/ru-divs.html" -o "$WORK/divs.epub" 2>/dev/null
x=$(chapter_of "$WORK/divs.epub")
has "$x" "<p>Паром ходит между Салехардом и Лабытнанги" divs
has "$x" "Мост через Обь обсуждают уже тридцать лет" divs
for junk in "Курс валют" "Гороскоп" "Похожие новости" "Перепечатка"; do hasnt "$x" "$junk" divs; done
[[ $(grep -o "Как устроен паром через Обь" <<<"$x" | wc -l) -eq 2 ]] ||
    fail "divs: the title once as <title> and once as <h1>, the headline <div> dropped"

# 5. Definition lists: a valid <dl> stays one; a <dd> without a <dt> (Wikipedia's indent) or a
# <dl> that ends on a <dt> is not valid XHTML, and becomes a <div> of paragraphs, text kept.
epubpack_build "$FIX/dl-lists.html" -o "$WORK/dl.epub" 2>/dev/null
x=$(chapter_of "$WORK/dl.epub" | tr -d '\n')
has "$x" "<dl><dt>Шуга</dt><dd>Рыхлый лёд" dl
has "$x" "<dt>Сало</dt><dt>Снежура</dt><dd>Тонкий слой" dl
has "$x" "<div><div>«Река стала за одну ночь»" dl
has "$x" "<div><p>Забереги</p><div>Лёд у берегов" dl
has "$x" "<p>Полынья</p></div>" dl
[[ $(grep -o "<dl>" <<<"$x" | wc -l) -eq 1 ]] || fail "dl: only the valid list stays a <dl>"

# 6. An article inside a modal (class "modal-…", Yahoo's slideshow), the page behind it
# aria-hidden: the first search skips the modal as an unlikely block and finds only a short
# note, so it is done again with the filters relaxed, and the article with the most text is
# kept, with only its own warnings. Without the note, the first search finds nothing at all
# (the hidden page holds more text than the modal, as on yahoo-2: "no article text found").
epubpack_build "$FIX/ru-modal.html" -o "$WORK/modal.epub" >/dev/null 2>"$WORK/modal.err"
x=$(chapter_of "$WORK/modal.epub")
has "$x" "Лёд у Якутска тронулся на неделю раньше обычного" modal
has "$x" "Спасатели просят не выходить на лёд" modal
for junk in "Заметка дня" "Термометр" "Лента новостей"; do hasnt "$x" "$junk" modal; done
grep -qF "ru-modal.html:21: WARNING(EPK-WEB-IMAGE): image 'lena.jpg'" "$WORK/modal.err" ||
    fail "modal: the kept article's image is warned about: $(cat "$WORK/modal.err")"
! grep -qF "note.jpg" "$WORK/modal.err" || fail "modal: a warning of the attempt not kept"
grep -v 'class="note"' "$FIX/ru-modal.html" >"$WORK/modal-only.html"
epubpack_build "$WORK/modal-only.html" -o "$WORK/modal-only.epub" >/dev/null 2>&1
has "$(chapter_of "$WORK/modal-only.epub")" "Лёд у Якутска тронулся" modal-only

# 7. Several pages into one book through book.yaml chapters:, like Markdown chapters (read in
# parallel); epubcheck 4.2.6 and 5.3.0 judge every page of this test at once here.
mkdir "$WORK/book"
cp -r "$FIX/saved/." "$WORK/book/"
cp "$FIX"/ru-*.html "$WORK/book/"
printf 'title: Северные реки\nlang: ru\nchapters:\n  - statya.html\n  - ru-divs.html\n  - ru-cp1251.html\n  - ru-koi8r.html\n' \
    >"$WORK/book/book.yaml"
epubpack_build "$WORK/book" -o "$WORK/book.epub" >/dev/null 2>&1
# 8. Links a page gets wrong (found on trafilatura's pages): a "URL" that is a sentence, a
# trailing &nbsp;, a text fragment holding "&#x27;" (a second '#'). The sentence is no link (a
# warning says so), the rest are written as valid URLs, for 4.2.6 and 5.3.0 alike.
epubpack_build "$FIX/bad-links.html" -o "$WORK/links.epub" >/dev/null 2>"$WORK/links.err"
x=$(chapter_of "$WORK/links.epub")
has "$x" 'href="https://ideas.example/p/han/dp-671.html"' links
has "$x" 'text=The%20Council&amp;%23x27;s%20Land' links
hasnt "$x" 'Oranger%20Wasserstoff:' links
grep -qF 'bad-links.html:13: WARNING(EPK-LINK): link to "http://Oranger Wasserstoff:' "$WORK/links.err" ||
    fail "links: the link removed is warned about: $(cat "$WORK/links.err")"
grep -qF 'bad-links.html:22: WARNING(EPK-LINK): link to "http:///h" is not a valid URL' "$WORK/links.err" ||
    fail "links: a web URL without a host is removed with a warning: $(cat "$WORK/links.err")"
epubcheck_clean "$WORK/book.epub" "$WORK/dl.epub" "$WORK/modal.epub" "$WORK/links.epub"
unzip -p "$WORK/book.epub" EPUB/text/ch002.xhtml | sed 's/\xc2\xad//g' | grep -qF "Паром ходит" ||
    fail "book: the second page is the second chapter"
unzip -p "$WORK/book.epub" EPUB/package.opf | grep -qF ">Северные реки</dc:title>" ||
    fail "book: book.yaml's title is the book's"
note "web pages: saved page, folder, windows-1251, KOI8-R, <div>s only, definition lists, an article in a modal, links a page gets wrong, book.yaml chapters"
