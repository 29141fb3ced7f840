#!/usr/bin/env bash
# Splitting chapters into several content documents (issue 11, point 1): at headings of level
# 1 to split-level (default 1, --split-level N or the key split-level), then by size (256 KB);
# links, footnotes (both modes), the toc, lang, <title> and the stylesheet follow; a
# heading-less text is split between paragraphs; rebuilds are byte-identical. epubcheck runs
# on the footnote and endnote books (every build also passes epubpack's own check).
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool python3
make_workdir
parts=$EP_SOURCE_DIR/tests/e2e/epub_parts.py
export SOURCE_DATE_EPOCH=1700000000

cat >"$WORK/book.md" <<'MD'
---
title: Split
lang: en
---
# One

Intro with a link to [two](#two), to [the deep part](#deep-part)[^a] and [out](https://example.org/).

[^a]: Note A, referenced first in part one.

# Two

Text of two[^b], and note A again[^a]; back to [one](#one).

## Deep part

Deep text.

[^b]: Note B, referenced only in part two.
MD

# file EPUB NAME — the text of one file of the EPUB.
file() { python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())' "$1" "$2"; }
# docs EPUB — the spine's documents: "NAME BYTES TITLE" per line; fails on a broken link or
# a document without lang, title or stylesheet.
docs() { python3 "$parts" "$1" >"$1.parts" || fail "$(basename "$1"): $(cat "$1.parts")"; sed -n 's/^doc //p' "$1.parts"; }
has() { grep -qF -- "$2" <<<"$1" || fail "$3: expected to find $2"; }

# 1. Default split-level 1: one document per "#" heading; links and notes follow.
epubpack_build "$WORK/book.md" -o "$WORK/l1.epub"
d=$(docs "$WORK/l1.epub")
note "split-level 1: $(tr '\n' ';' <<<"$d")"
[[ $(grep -c '^ch' <<<"$d") -eq 2 ]] || fail "split-level 1: expected ch001.xhtml and ch001-002.xhtml: $d"
grep -q '^ch001.xhtml [0-9]* Split$' <<<"$d" || fail "part 1 keeps the chapter's name and title: $d"
grep -q '^ch001-002.xhtml [0-9]* Two$' <<<"$d" || fail "part 2 is titled by its heading: $d"
p1=$(file "$WORK/l1.epub" EPUB/text/ch001.xhtml) p2=$(file "$WORK/l1.epub" EPUB/text/ch001-002.xhtml)
has "$p1" 'href="ch001-002.xhtml#two"' "a link from part 1 to a heading of part 2"
has "$p1" 'href="ch001-002.xhtml#deep-part"' "a link from part 1 to a subheading of part 2"
has "$p2" 'href="ch001.xhtml#one"' "a link from part 2 back to part 1"
has "$p1" 'href="https://example.org/"' "an external link"
# footnotes: numbered through the book; each stays with the part that references it first.
has "$p1" '<aside epub:type="footnote" role="doc-footnote" id="fn-1">' "note 1 in part 1"
has "$p2" '<aside epub:type="footnote" role="doc-footnote" id="fn-2">' "note 2 in part 2"
has "$p2" 'href="ch001.xhtml#fn-1"' "part 2's second reference to note 1"
! grep -q 'id="fn-2"' <<<"$p1" || fail "note 2 left in part 1"
toc=$(sed -n 's/^toc //p' "$WORK/l1.epub.parts")
has "$toc" 'text/ch001-002.xhtml#two Two' "the toc entry of part 2"
has "$toc" 'text/ch001-002.xhtml#deep-part Deep part' "the toc entry of the subheading"
ncx=$(file "$WORK/l1.epub" EPUB/toc.ncx)
has "$ncx" 'src="text/ch001-002.xhtml#deep-part"' "the NCX entry of the subheading"
# one article: no title page appears because of the parts
! grep -q '^titlepage' <<<"$d" || fail "a title page appeared: $d"

# 2. The same book twice: byte-identical.
epubpack_build "$WORK/book.md" -o "$WORK/l1-again.epub"
cmp -s "$WORK/l1.epub" "$WORK/l1-again.epub" || fail "a rebuild of a split book differs"

# 3. split-level 2, from the command line and from the metadata: the "##" gets a file too.
epubpack_build "$WORK/book.md" -o "$WORK/l2.epub" --split-level 2
d=$(docs "$WORK/l2.epub")
grep -q '^ch001-003.xhtml [0-9]* Deep part$' <<<"$d" || fail "split-level 2: no part for '## Deep part': $d"
has "$(file "$WORK/l2.epub" EPUB/text/ch001.xhtml)" 'href="ch001-003.xhtml#deep-part"' "split-level 2 link"
sed 's/^lang: en$/lang: en\nsplit-level: 2/' "$WORK/book.md" >"$WORK/key.md"
epubpack_build "$WORK/key.md" -o "$WORK/key.epub"
[[ $(docs "$WORK/key.epub") == "$d" ]] || fail "the key split-level: 2 splits otherwise than --split-level 2"
# the option wins over the key
epubpack_build "$WORK/key.md" -o "$WORK/key1.epub" --split-level 1
[[ $(docs "$WORK/key1.epub" | grep -c '^ch') -eq 2 ]] || fail "--split-level 1 did not override split-level: 2"

# 4. Endnotes: the notes file's back-links point at the parts.
sed 's/^lang: en$/lang: en\nnotes: endnotes/' "$WORK/book.md" >"$WORK/end.md"
epubpack_build "$WORK/end.md" -o "$WORK/end.epub"
docs "$WORK/end.epub" >/dev/null
n=$(file "$WORK/end.epub" EPUB/text/notes.xhtml)
has "$n" 'href="ch001.xhtml#fnref-1"' "the back-link of note 1"
has "$n" 'href="ch001-002.xhtml#fnref-2"' "the back-link of note 2"
has "$(file "$WORK/end.epub" EPUB/text/ch001-002.xhtml)" 'href="notes.xhtml#fn-1"' "part 2's reference to note 1"

# 5. Sixty notes over three parts: each note in the part of its first reference.
python3 - "$WORK/notes.md" <<'PY'
import sys
out = ["---", "title: Notes", "lang: en", "---"]
for part in range(3):
    out.append("# Part %d\n" % part)
    out += ["Para %d with a note[^n%d] and the first note again[^n0].\n" % (n, n)
            for n in range(part * 20, part * 20 + 20)]
out += ["[^n%d]: Note %d text.\n" % (n, n) for n in range(60)]
open(sys.argv[1], "w").write("\n".join(out))
PY
epubpack_build "$WORK/notes.md" -o "$WORK/notes.epub"
docs "$WORK/notes.epub" >/dev/null
for p in 1 2 3; do
    f=ch001.xhtml
    [[ $p -gt 1 ]] && f=ch001-00$p.xhtml
    got=$(file "$WORK/notes.epub" "EPUB/text/$f" | grep -o 'id="fn-[0-9]*"' | tr -dc '0-9\n' | tr '\n' ' ')
    want=$(seq -s ' ' $(((p - 1) * 20 + 1)) $((p * 20)))
    [[ $got == "$want " ]] || fail "notes in $f: $got; expected $want"
done

# 6. A heading-less text of about 700 KB: split between paragraphs, every part under 256 KB,
# every paragraph whole in one part, the same words.
python3 - "$WORK/long.txt" <<'PY'
import random, sys
random.seed(11)
letters = "abcdefghijklmnopqrstuvwxyz"
paras = [" ".join("".join(random.choice(letters) for _ in range(random.randint(2, 9)))
                  for _ in range(random.randint(20, 200))) + "." for _ in range(2200)]
open(sys.argv[1], "w").write("\n\n".join(paras) + "\n")
PY
printf -- 'title: Long\nlang: en\nchapters:\n  - long.txt\n' >"$WORK/book.yaml"
mkdir -p "$WORK/long" && mv "$WORK/long.txt" "$WORK/book.yaml" "$WORK/long/"
epubpack_build "$WORK/long" -o "$WORK/long.epub"
d=$(docs "$WORK/long.epub")
note "heading-less text: $(tr '\n' ';' <<<"$d")"
n=$(grep -c '^ch001' <<<"$d")
[[ $n -ge 3 ]] || fail "a 700 KB text without headings was not split: $d"
largest=$(sed -n 's/^largest [^ ]* //p' "$WORK/long.epub.parts")
[[ $largest -le 262144 ]] || fail "a part of $largest bytes (over 256 KB)"
[[ $(grep -c '^toc ' "$WORK/long.epub.parts") -eq 1 ]] || fail "the parts without headings got toc entries"
python3 - "$WORK/long/long.txt" "$WORK/long.epub" <<'PY' || fail "paragraphs were cut or lost"
import re, sys, zipfile
src = [p.strip() for p in open(sys.argv[1]).read().split("\n\n") if p.strip()]
z = zipfile.ZipFile(sys.argv[2])
got = []
for n in sorted(x for x in z.namelist() if re.match(r"EPUB/text/ch001(-\d+)?\.xhtml$", x)):
    got += re.findall(r"<p>(.*?)</p>", z.read(n).decode(), re.S)
if sorted(got) != sorted(src):
    print("source paragraphs %d, in the parts %d" % (len(src), len(got)), file=sys.stderr)
    sys.exit(1)
PY
epubcheck_clean "$WORK/l1.epub" "$WORK/end.epub"
note "ok"
