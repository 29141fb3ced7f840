#!/usr/bin/env bash
# Bad input (issue 15, point 6): an unknown metadata key names the nearest known one; an unknown
# value lists the allowed values (and the nearest); the message is exact.
. "$(dirname "$0")/bad.bash"
A="$BOOK/article.md"

# expect_msg STATUS MESSAGE — `epubpack build $A` exits STATUS with exactly MESSAGE on stderr.
expect_msg() {
    run_epubpack build "$A" -o "$OUT/a.epub"
    note "exit $RC: $STDERR"
    [[ $RC -eq $1 ]] || fail "expected exit $1, got $RC (stderr: $STDERR)"
    [[ "$STDERR" == "$2" ]] || fail "expected
$2
got
$STDERR"
    rm -f "$OUT/a.epub"
}

printf -- '---\ntitle: T\nlang: ru\nautor: Иван Петров\n---\ntext\n' >"$A"
expect_msg 0 "epubpack: $A:4: WARNING(EPK-META): unknown metadata key 'autor' (ignored); did you mean 'author'?"
# pandoc's key for soft hyphens is not ours; the option is --hyphenate, the key hyphenation.
printf -- '---\ntitle: T\nlang: ru\nhyphenate: soft\n---\ntext\n' >"$A"
expect_msg 0 "epubpack: $A:4: WARNING(EPK-META): unknown metadata key 'hyphenate' (ignored); did you mean 'hyphenation'?"
printf -- '---\ntitle: T\nlang: ru\nauthor: {nmae: Иван Петров}\n---\ntext\n' >"$A"
run_epubpack build "$A" -o "$OUT/a.epub"
[[ "$(head -n 1 "$WORK/stderr")" == "epubpack: $A:4: WARNING(EPK-META): unknown key 'nmae' in 'author' (ignored); did you mean 'name'?" ]] ||
    fail "nmae: $STDERR"
printf -- '---\ntitle: T\nlang: ru\nnotes: endnote\n---\ntext[^1]\n\n[^1]: note\n' >"$A"
expect_msg 1 "epubpack: $A:4:8: metadata key 'notes': unknown value 'endnote' (allowed: footnotes|endnotes); did you mean 'endnotes'?"
printf -- '---\ntitle: T\nlang: ru\nhyphenation: maybe\n---\ntext\n' >"$A"
expect_msg 1 "epubpack: $A:4:14: metadata key 'hyphenation': unknown value 'maybe' (allowed: css|soft|off)"
printf -- '---\ntitle: T\nlang: ru\nauthor: {name: Иван Петров, role: editr}\n---\ntext\n' >"$A"
expect_msg 1 "epubpack: $A:4:35: metadata key 'author': role 'editr' is not a MARC relator code (three letters: aut, trl, edt, ...) or a role name (allowed: author|editor|translator|illustrator|contributor|photographer|narrator|compiler|publisher); did you mean 'editor'?"
# Nothing near: no guess.
printf -- '---\ntitle: T\nlang: ru\nfrobnicate: yes\n---\ntext\n' >"$A"
expect_msg 0 "epubpack: $A:4: WARNING(EPK-META): unknown metadata key 'frobnicate' (ignored)"
