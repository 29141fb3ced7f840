#!/usr/bin/env bash
# Plain text titles (issue 15, point 4): a first line that looks like a title (one line, at most
# 150 characters, no final . , ; : or …, not dialogue, more text after it) is the title and the
# heading, not repeated as a paragraph; otherwise the file name is, and the warning says which.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
make_workdir
cd "$WORK"

# build_warn FILE EXPECTED-STDERR — builds FILE; stderr must be exactly EXPECTED-STDERR.
build_warn() {
    local rc=0 err
    "$EPUBPACK" build "$1" >/dev/null 2>stderr || rc=$?
    err=$(cat stderr)
    [[ $rc -eq 0 ]] || fail "epubpack build $1 exited $rc: $err"
    [[ "$err" == "$2" ]] || fail "epubpack build $1: stderr is
$err
expected
$2"
}
chapter() { unzip -p "$1" EPUB/text/ch001.xhtml | tr -d '\n'; }
dc_title() { unzip -p "$1" EPUB/package.opf | grep -o '<dc:title id="title">[^<]*' | sed 's/.*>//'; }

# The bundled article's shape: a headline line, a blank line, paragraphs.
title='Microsoft сделала шаг к созданию следующего поколения больших и многозадачных моделей искусственного интеллекта'
# As set: Russian typography puts no-break spaces after "к" and "и".
nbsp=$'\u00a0'
set_title="Microsoft сделала шаг к${nbsp}созданию следующего поколения больших и${nbsp}многозадачных моделей искусственного интеллекта"
printf '%s\n\nПозавчера Microsoft объявила о создании суперкомпьютера.\n\nВторой абзац.\n' "$title" >plain.txt
build_warn plain.txt "epubpack: plain.txt: WARNING(EPK-LANG): no 'lang' in the metadata; using 'ru', the language the text's letters are most like (142 Cyrillic, 18 Latin; next best 'bg'): add 'lang: ru' (or the right language) to the metadata, or pass --lang ru
epubpack: plain.txt: WARNING(EPK-TITLE): no 'title' in the metadata; using the first line \"$set_title\" as the title"
[[ "$(dc_title plain.epub)" == "$set_title" ]] || fail "plain.txt: dc:title is '$(dc_title plain.epub)'"
x=$(chapter plain.epub)
[[ "$x" == *'<body><h1 id="microsoft-sdelala-shag-k-sozdaniiu-sleduiushchego-pokoleniia">Microsoft сделала шаг к'* ]] ||
    fail "plain.txt: the body does not start with the first line as <h1>: $x"
[[ "$x" != *'<p>Microsoft'* ]] || fail "plain.txt: the title line is repeated as a paragraph: $x"
[[ "$x" != *'<h1 id="plain">'* ]] || fail "plain.txt: the file name is printed as a heading: $x"
epubcheck_clean plain.epub

# A first line that is a sentence is text; the file name titles the book, and the warning says so.
printf 'Other article.\n\nMore text\n' >two.txt
build_warn two.txt "epubpack: two.txt: WARNING(EPK-LANG): no 'lang' in the metadata; using 'en', the language the text's letters are most like (0 Cyrillic, 20 Latin; next best 'fr'): add 'lang: en' (or the right language) to the metadata, or pass --lang en
epubpack: two.txt: WARNING(EPK-TITLE): no 'title' in the metadata and the first line is not a title; using the file name \"two\" as the title"
x=$(chapter two.epub)
[[ "$x" == *'<body><h1 id="two">two</h1><p>Other article.</p><p>More text</p></body>'* ]] || fail "two.txt: $x"

# Not titles: a wrapped first paragraph (two lines), a line of dialogue, a line alone in the file.
for case in 'first: title\nwrapped' '— Ты куда?\n\nТекст.' 'Only line'; do
    printf -- "---\nlang: ru\n---\n$case\n" >t.txt
    build_warn t.txt "epubpack: t.txt: WARNING(EPK-TITLE): no 'title' in the metadata and the first line is not a title; using the file name \"t\" as the title"
done

# With a title in the metadata that equals the first line, the line is that title's heading, once.
printf -- '---\ntitle: Заголовок\nlang: ru\n---\nЗаголовок\n\nТекст.\n' >titled.txt
build_warn titled.txt ""
x=$(chapter titled.epub)
[[ "$x" == *'<body><h1 id="zagolovok">Заголовок</h1><p>Текст.</p></body>'* ]] || fail "titled.txt: $x"

# Markdown: the warning names the first heading.
printf -- '---\nlang: en\n---\n# A heading\n\nText.\n' >h.md
build_warn h.md "epubpack: h.md: WARNING(EPK-TITLE): no 'title' in the metadata; using the first heading \"A heading\" as the title"
note "ok"
