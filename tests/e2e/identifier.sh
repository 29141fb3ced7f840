#!/usr/bin/env bash
# The default identifier (issue 15, point 1; README "Metadata", `identifier`): different books
# get different identifiers, a rebuild keeps it, and what "the same book" means is the README's
# rule: a book whose metadata has a title keeps its identifier when its text is edited; a book
# without one is named by its text too.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool unzip "apt-get install unzip"
make_workdir
cd "$WORK"

ident() {
    unzip -p "$1" EPUB/package.opf | grep -o '<dc:identifier id="pub-id">[^<]*' | sed 's/.*>//'
}
build() { epubpack_build "$@" >/dev/null 2>&1; }

# The issue's two files: no metadata at all, different text.
printf 'Just some text.\n' >one.md
printf 'Other article.\n' >two.txt
build one.md
build two.txt
one=$(ident one.epub) two=$(ident two.epub)
[[ "$one" == urn:uuid:* && "$two" == urn:uuid:* ]] || fail "no urn:uuid identifiers: '$one' '$two'"
[[ "$one" != "$two" ]] || fail "one.md and two.txt got the same identifier $one"
note "one.md $one, two.txt $two"

# A rebuild, at another time and from another folder, keeps the identifier.
mkdir elsewhere
cp one.md elsewhere/
sleep 1
touch elsewhere/one.md
(cd elsewhere && build one.md)
[[ "$(ident elsewhere/one.epub)" == "$one" ]] || fail "a rebuild of one.md changed its identifier"

# Untitled: the text names the book, so an edit gives another book.
printf 'Just some text, edited.\n' >one.md
build one.md
[[ "$(ident one.epub)" != "$one" ]] || fail "an untitled book kept its identifier after its text changed"

# Titled: the metadata names the book; fixing a typo keeps the identifier.
printf -- '---\ntitle: Статья\nauthor: Иван Петров\nlang: ru\ndate: 2024-05-01\n---\nТекст с опечаткой.\n' >a.md
build a.md
titled=$(ident a.epub)
printf -- '---\ntitle: Статья\nauthor: Иван Петров\nlang: ru\ndate: 2024-05-01\n---\nТекст без опечатки.\n' >a.md
build a.md
[[ "$(ident a.epub)" == "$titled" ]] || fail "fixing a typo changed a titled book's identifier"
# ... but another title, author, date or language is another book.
for change in 's/^title: .*/title: Другая статья/' 's/^author: .*/author: Мария Сидорова/' \
    's/^date: .*/date: 2024-05-02/' 's/^lang: .*/lang: uk/'; do
    sed "$change" a.md >b.md
    build b.md
    [[ "$(ident b.epub)" != "$titled" ]] || fail "'$change' kept the identifier $titled"
done
# The pinned value: UUIDv5 (URL namespace) of these four lines (README).
want=$(python3 -c 'import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, "title: Статья\nauthors: Иван Петров\ndate: 2024-05-01\nlang: ru"))')
[[ "$titled" == "urn:uuid:$want" ]] || fail "titled identifier $titled, expected urn:uuid:$want"

# `source` and `identifier` rules are unchanged.
printf -- '---\ntitle: Статья\nlang: ru\nsource: https://example.org/a\n---\nТекст.\n' >s.md
build s.md
[[ "$(ident s.epub)" == urn:uuid:$(python3 -c 'import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, "https://example.org/a"))') ]] ||
    fail "source: gave $(ident s.epub)"
printf -- '---\ntitle: Статья\nlang: ru\nidentifier: isbn:9785000000000\n---\nТекст.\n' >i.md
build i.md
[[ "$(ident i.epub)" == isbn:9785000000000 ]] || fail "identifier: gave $(ident i.epub)"
note "ok"
