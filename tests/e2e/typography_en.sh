#!/usr/bin/env bash
# Issue 15 point 7: English smart punctuation, end to end. With `lang: en` the issue's own
# example `"you're crazy" --` is curled and dashed (it stayed as typed before); `typography: off`
# and `--typography=off` keep it as typed; `--typography=en` applies the rules to a book in
# another language; code and link targets are never touched; the EPUB passes epubcheck 0/0.
# Then the same Markdown through pandoc's smart extension: where the two differ is printed and
# must be exactly the differences the README lists.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
require_tool pandoc "apt-get install pandoc"
require_tool java "apt-get install default-jre-headless"
make_workdir

body() { unzip -p "$1" EPUB/text/ch001.xhtml | sed -n 's/.*<body>\(.*\)<\/body>.*/\1/p'; }
expect_in() { grep -qF -- "$2" <<<"$(body "$1")" || fail "$1: no '$2' in: $(body "$1")"; }

article() { # article LANG [TYPOGRAPHY]
    printf -- '---\ntitle: Smart\nlang: %s\n%s---\n' "$1" "${2:+typography: $2
}"
    cat <<'MD'
"you're crazy" --

rock 'n' roll, the '90s, 'tis, 1990--2000, wait... and `"code" -- ...` [a "link"](http://x.org/a--b)
MD
}

article en >"$WORK/en.md"
epubpack_build "$WORK/en.md" -o "$WORK/en.epub" --font none
nbsp=$'\xc2\xa0'
expect_in "$WORK/en.epub" "<p>“you’re crazy”$nbsp—</p>"
expect_in "$WORK/en.epub" "rock ’n’ roll, the ’90s, ’tis, 1990–2000, wait… and <code>\"code\" -- ...</code>"
expect_in "$WORK/en.epub" "<a href=\"http://x.org/a--b\">a “link”</a>"
epubcheck_clean "$WORK/en.epub"

article en off >"$WORK/off.md"
epubpack_build "$WORK/off.md" -o "$WORK/off.epub" --font none
expect_in "$WORK/off.epub" "<p>\"you're crazy\" --</p>"
epubpack_build "$WORK/en.md" -o "$WORK/off2.epub" --font none --typography=off
expect_in "$WORK/off2.epub" "<p>\"you're crazy\" --</p>"

article de >"$WORK/de.md"
epubpack_build "$WORK/de.md" -o "$WORK/de.epub" --font none
expect_in "$WORK/de.epub" "<p>\"you're crazy\" --</p>"
epubpack_build "$WORK/de.md" -o "$WORK/de-en.epub" --font none --typography=en
expect_in "$WORK/de-en.epub" "<p>“you’re crazy”$nbsp—</p>"

# pandoc's smart punctuation on the same Markdown, word by word.
ours=$(body "$WORK/en.epub" | sed 's/<h1[^>]*>[^<]*<\/h1>//; s/\xc2\xa0/ /g')
theirs=$(pandoc -f markdown -t html "$WORK/en.md" | tr '\n' ' ' | sed 's/ *$//; s#</p> <p>#</p><p>#g')
note "epubpack: $ours"
note "pandoc:   $theirs"
diffs=$(diff <(tr ' ' '\n' <<<"$ours") <(tr ' ' '\n' <<<"$theirs") | grep '^[<>]' | tr '\n' ' ' || true)
note "differences: $diffs"
# `--` as a sentence dash is an em dash here, pandoc's en dash; `'n'` is an elision both sides.
want="< —</p><p>rock < ’n’ > –</p><p>rock > ‘n’ "
[[ "$diffs" == "$want" ]] || fail "differences from pandoc: '$diffs', want '$want'"
