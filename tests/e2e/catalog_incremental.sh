#!/usr/bin/env bash
# epubpack catalog reruns (README "Catalog"): a rerun over unchanged books reads none and writes
# nothing (every file's bytes and modification time as they were); two catalogs of the same
# books with the same SOURCE_DATE_EPOCH are byte-identical; a replaced book is the only one read
# and only the feeds that list it change; a removed book takes its cover, thumbnail and feeds
# with it; an added one appears; --base-url makes every link absolute; the books are never
# written to.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool vips "apt-get install libvips-tools"
make_workdir
PY=/usr/bin/python3
LIB=$WORK/library
mkdir -p "$WORK/src" "$LIB"
export SOURCE_DATE_EPOCH=1700000000

article() { # N LANG AUTHOR TITLE
    printf -- '---\ntitle: "%s"\nlang: %s\nauthor: %s\ndate: 2024-02-0%s\n---\nText %s.\n' \
        "$4" "$2" "$3" "$1" "$1" >"$WORK/src/a$1.md"
    epubpack_build "$WORK/src/a$1.md" -o "$LIB/a$1.epub" >/dev/null
}
article 1 ru "Анна Котова" "Первая"
article 2 en "Jane Doe" "Second"
article 3 de "Hans Weber" "Dritte"
epubpack_build "$EP_SOURCE_DIR/tests/fixtures/reader-book" -o "$LIB/cover.epub" >/dev/null

catalog() { # OUT-LINE-VARIABLE ARGS...
    "$EPUBPACK" catalog "$@" >"$WORK/stdout" 2>"$WORK/stderr" || fail "catalog $* exited $?: $(cat "$WORK/stderr")"
    cat "$WORK/stdout"
}
books() { find "$LIB" -name '*.epub' -exec sha256sum {} + | sort; }
state() { (cd "$LIB" && find . -path ./a\*.epub -prune -o -path ./cover.epub -prune -o -type f -printf '%p %s %T@\n' | sort); }

books >"$WORK/books.0"
out=$(catalog "$LIB")
[[ $out == *"4 books (4 read)"* ]] || fail "first run: $out"
[[ -f $LIB/catalog/thumbs/$(ls "$LIB/catalog/thumbs" | head -1) ]] || fail "no thumbnail"
state >"$WORK/state.1"

# 1. a rerun reads nothing and writes nothing
sleep 1.1
out=$(catalog "$LIB")
[[ $out == *"4 books (0 read), 0 files written, 0 removed"* ]] || fail "rerun: $out"
state >"$WORK/state.2"
diff "$WORK/state.1" "$WORK/state.2" >&2 || fail "a rerun over unchanged books changed a file (above)"
note "rerun: $out"

# 2. reproducible: another catalog of the same books is byte-identical
out2=$(catalog "$LIB" -o "$WORK/copy")
for f in opds.xml opds.json index.html $(cd "$LIB" && find catalog -type f ! -name .state); do
    cmp -s "$LIB/$f" "$WORK/copy/$f" || fail "$f differs between two catalogs of the same books"
done
cmp -s "$LIB/a1.epub" "$WORK/copy/a1.epub" || fail "-o OUT: the book is not in OUT"
note "a second catalog (-o) is byte-identical: $out2"

# 3. a replaced book: read alone; a feed that does not list it is not rewritten
jane=$LIB/catalog/author-jane-doe.atom
hans=$LIB/catalog/author-hans-weber.atom
before=$(stat -c %Y.%y "$jane")
sleep 1.1
article 3 de "Hans Weber" "Dritte, neu"
out=$(catalog "$LIB")
[[ $out == *"4 books (1 read)"* ]] || fail "after replacing a3: $out"
grep -q "<title>Dritte, neu</title>" "$hans" || fail "Hans Weber's feed does not show the new title"
[[ $(stat -c %Y.%y "$jane") == "$before" ]] || fail "Jane Doe's feed was rewritten though its book did not change"
note "replaced: $out"

# 4. a removed book takes its files; an added one appears
cover=$(ls "$LIB"/catalog/covers/*)
rm "$LIB/cover.epub"
article 4 uk "Олена Іваненко" "Четверта"
out=$(catalog "$LIB")
[[ $out == *"4 books (1 read)"* && $out != *" 0 removed"* ]] || fail "after removing and adding: $out"
[[ ! -e $cover && -z $(ls "$LIB/catalog/thumbs") ]] || fail "the removed book's cover or thumbnail is still there"
[[ ! -e $LIB/catalog/author-anna-sergeevna-kotova.atom ]] || fail "the removed book's author feed is still there"
grep -q "<title>Четверта</title>" "$LIB/catalog/new.atom" || fail "the added book is not listed"
grep -q "cover.epub" "$LIB"/catalog/*.atom "$LIB"/catalog/*.json "$LIB"/catalog/*.html && fail "a feed still links the removed book"
note "removed and added: $out"

# 5. --base-url: every link absolute, under it
catalog "$LIB" -o "$WORK/abs" --base-url "http://192.168.1.10:8000/books" >/dev/null
"$PY" "$EP_SOURCE_DIR/tests/tools/catalog_links.py" "$WORK/abs" "http://192.168.1.10:8000/books/" >/dev/null 2>"$WORK/err" ||
    fail "--base-url: $(head -5 "$WORK/err")"
note "--base-url: every link under http://192.168.1.10:8000/books/"

# 6. a transparent cover (PNG with alpha) gets a thumbnail on white, not black (JPEG has no alpha)
vips black "$WORK/src/clear.v" 1000 1500 --bands 4
vips copy "$WORK/src/clear.v" "$WORK/src/clear.png" --interpretation srgb
printf -- '---\ntitle: Clear\nlang: en\ncover-image: clear.png\n---\nText.\n' >"$WORK/src/clear.md"
epubpack_build "$WORK/src/clear.md" -o "$LIB/clear.epub" >/dev/null
catalog "$LIB" >/dev/null
thumbs=("$LIB"/catalog/thumbs/*.jpg)
[[ ${#thumbs[@]} -eq 1 && $(vips avg "${thumbs[0]}") == 255.000000 ]] ||
    fail "the transparent cover's thumbnail is not white: ${thumbs[*]} $(vips avg "${thumbs[0]}" 2>&1)"
note "a transparent cover's thumbnail is on white"

# 7. the books themselves were never written to (but the ones the test rebuilt)
books | grep -v "/a[34].epub\|/cover.epub\|/clear.epub" >"$WORK/books.1"
grep -v "/a[34].epub\|/cover.epub" "$WORK/books.0" | cmp -s - "$WORK/books.1" || fail "a book under DIR was changed"
note "books untouched"
