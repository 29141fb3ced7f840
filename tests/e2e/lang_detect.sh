#!/usr/bin/env bash
# A book that does not name its language (issue 23, point 3): plain text, Markdown without front
# matter and a web page without <html lang> get the language their letters read as, with a
# warning naming it, the next best and how to say otherwise; --lang overrides the key and the
# detection; a tag that is not a language is a usage error.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
make_workdir
cd "$WORK"

language() { unzip -p "$1" EPUB/package.opf | grep -o '<dc:language>[^<]*' | sed 's/.*>//'; }

# build_lang FILE EXPECTED_LANG [OPTIONS...] — builds FILE; dc:language must be EXPECTED_LANG.
# Without hyphenation: what is tested is the language, and libhyphen 2.8.8 leaks while loading
# Debian's Belarusian patterns (hyphen-be), which fails this test under LeakSanitizer.
build_lang() {
    local file=$1 want=$2 out
    shift 2
    out=$("$EPUBPACK" build "$file" -o "${file%.*}.epub" --hyphenate=off "$@" 2>&1) || fail "$file: build failed: $out"
    [[ $(language "${file%.*}.epub") == "$want" ]] ||
        fail "$file: dc:language is '$(language "${file%.*}.epub")', want '$want' ($out)"
    printf '%s\n' "$out"
}

printf 'Ця книжка про те, як ми жили у Львові.\n\nЇї мати пам’ятала війну, а батько — голод.\n' >uk.txt
out=$(build_lang uk.txt uk)
want="epubpack: uk.txt: WARNING(EPK-LANG): no 'lang' in the metadata; using 'uk', the language the text's letters are most like (60 Cyrillic, 0 Latin; next best 'ru'): add 'lang: uk' (or the right language) to the metadata, or pass --lang uk"
[[ $out == *"$want"* ]] || fail "uk.txt: expected the warning
$want
got
$out"
printf '# Писмо\n\nТой ѝ каза, че утре ще дойде, защото децата искат да го видят.\n' >bg.md
build_lang bg.md bg >/dev/null
printf 'Тај човек је дошао у Београд пре две године и још увек тражи посао.\n' >sr.txt
build_lang sr.txt sr >/dev/null
printf 'Ол кітапты оқыды, содан кейін үйге қайтты.\n' >kk.txt
build_lang kk.txt kk >/dev/null
printf '<!DOCTYPE html><html><head><title>Навіны</title></head><body><article><h1>Навіны</h1><p>%s</p></article></body></html>\n' \
    "Учора ў Мінску адбылася сустрэча пісьменнікаў, якія чыталі свае вершы і апавяданні. Гледачы слухалі ўважліва і доўга апладзіравалі." >be.html
build_lang be.html be >/dev/null
note "uk, bg, sr, kk and a Belarusian web page are told apart"

# --lang is over the key and over the detection, and says nothing.
out=$(build_lang uk.txt bg --lang bg)
[[ $out != *EPK-LANG* ]] || fail "--lang bg: still warns: $out"
printf -- '---\ntitle: T\nlang: ru\n---\nТекст.\n' >keyed.md
build_lang keyed.md sr-Cyrl --lang sr-Cyrl >/dev/null
rc=0
out=$("$EPUBPACK" build uk.txt -o zz.epub --lang zz 2>&1) || rc=$?
[[ $rc -eq 2 && $out == *"--lang: expected a language tag of ISO 639"*"got 'zz'"* && ! -e zz.epub ]] ||
    fail "--lang zz: expected a usage error (exit 2), got $rc: $out"
note "--lang overrides; a tag that is no language is refused"
note "ok"
