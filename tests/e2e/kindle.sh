#!/usr/bin/env bash
# Kindle (issue 11, part 4). Every EPUB built here, from the bundled article, both fixtures and
# variants in several modes (a Kobo kepub among them):
#  1. has none of the five problems for which Send-to-Kindle rejects or garbles an EPUB, the
#     ones innocenat/kindle-epub-fix repairs (kindle_checks.py), and is under 50 MB; a broken
#     copy shows that each of the five checks fails when it should;
#  2. converts to AZW3 with Calibre's ebook-convert (what Kindle users run) with no error or
#     warning in its log, and the AZW3 keeps the title and language;
#  3. reads back through Calibre's ebook-meta with the title, authors, language, identifier,
#     publisher, date and series with its index as written.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool python3 "apt-get install python3"
require_tool ebook-convert "apt-get install --no-install-recommends calibre"
require_tool ebook-meta "apt-get install --no-install-recommends calibre"
require_tool calibre-debug "apt-get install --no-install-recommends calibre"
make_workdir
checks="$EP_LIB_DIR/kindle_checks.py"
# Calibre keeps its settings here, not in the user's home.
export CALIBRE_CONFIG_DIRECTORY="$WORK/calibre-config"
# Made here, once: Calibre creates it on first use with a check-then-mkdir that races when
# several conversions start at once ("FileExistsError: .../calibre-config/plugins").
mkdir -p "$CALIBRE_CONFIG_DIRECTORY/plugins"
# ebook-meta renders the first page as a cover for a book without one, with Qt WebEngine
# (Chromium), which refuses to start as root without --no-sandbox, as chromium does.
[[ $(id -u) -ne 0 ]] || export QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox"
unset DISPLAY WAYLAND_DISPLAY

# The books. Variants of the fixtures are copies with a line added to their metadata.
src="$EP_SOURCE_DIR/book"
cp -r "$EP_SOURCE_DIR/tests/fixtures/reader-book" "$WORK/reader-endnotes"
printf 'notes: endnotes\n' >>"$WORK/reader-endnotes/book.yaml"
sed -i 's/^group-position: 2$/group-position: 2.5/' "$WORK/reader-endnotes/book.yaml"
grep -q '^group-position: 2.5$' "$WORK/reader-endnotes/book.yaml" || fail "reader-book's group-position changed; update this test"
cp -r "$EP_SOURCE_DIR/tests/fixtures/markdown-book" "$WORK/markdown-endnotes"
printf 'notes: endnotes\n' >>"$WORK/markdown-endnotes/book.yaml"
article_title=$(sed -n 's/^title: "\(.*\)"$/\1/p' "$src/article.md")
[[ -n "$article_title" ]] || fail "no title: line in $src/article.md"
# The article as plain text: its title as the first line, then the paragraphs.
{ printf '%s\n\n' "$article_title"; sed -n '/^---$/,/^---$/!p' "$src/article.md"; } >"$WORK/article.txt"
cat >"$WORK/english.md" <<'EOF'
---
title: A Note on Kindles
author: [Jane Roe, John Doe]
lang: en-GB
date: 2021-07-14
publisher: Example Press
identifier: urn:uuid:0b7a3f0e-5b2c-4c1e-9a57-1d2e3f405162
belongs-to-collection: Field Notes
group-position: 11
---

# Sending

"It's a test" -- of footnotes[^1] and of [a link](#sending).

[^1]: A note.
EOF

mkdir -p "$WORK/out"
build() { # NAME INPUT [OPTIONS...]
    local name=$1 input=$2
    shift 2
    epubpack_build "$input" -o "$WORK/out/$name.epub" "$@" >/dev/null 2>"$WORK/out/$name.build.log"
    ! grep -q 'Send to Kindle' "$WORK/out/$name.build.log" ||
        fail "$name: a size warning for a small book: $(cat "$WORK/out/$name.build.log")"
}
build article "$src"
build article-css "$src" --hyphenate=css # the default is soft hyphens: the other mode
build article-plain "$src" --font none --typography=off --hyphenate=off
build article-txt "$WORK/article.txt"
build markdown "$EP_SOURCE_DIR/tests/fixtures/markdown-book"
build markdown-endnotes "$WORK/markdown-endnotes"
build reader "$EP_SOURCE_DIR/tests/fixtures/reader-book"
build reader-endnotes "$WORK/reader-endnotes" --hyphenate=soft
build english "$WORK/english.md"
build reader-kobo "$EP_SOURCE_DIR/tests/fixtures/reader-book" --target kobo
epubs=("$WORK"/out/*.epub)
note "${#epubs[@]} EPUBs built"

# 1. The five Kindle problems, and 50 MB.
python3 "$checks" "${epubs[@]}" || fail "an EPUB has a problem Send-to-Kindle rejects (above)"

# The checks can fail: a copy of the reader book with each of the five problems.
python3 - "$WORK/out/reader.epub" "$WORK/broken.epub" <<'PY'
import re, sys, zipfile
src, dst = sys.argv[1:]
z = zipfile.ZipFile(src)
files = {n: z.read(n) for n in z.namelist()}
def edit(name, f):
    files[name] = f(files[name].decode("utf-8")).encode("utf-8")
edit("EPUB/text/ch001.xhtml", lambda t: re.sub(r"^<\?xml[^>]*\?>\s*", "", t)
     .replace("<body>", '<body id="top"><img alt="stray"/>', 1))
edit("EPUB/text/ch002.xhtml", lambda t: t.replace("<body>", '<body><a href="ch001.xhtml#top">back</a>', 1))
edit("EPUB/package.opf", lambda t: t.replace("<dc:language>ru</dc:language>", "<dc:language>Russian</dc:language>")
     .replace('<itemref idref="ch001"/>', '<itemref idref="chX"/>').replace('<itemref idref="ch002"/>', '<itemref idref="ch001"/>')
     .replace('<itemref idref="chX"/>', '<itemref idref="ch002"/>'))
assert re.search(rb'idref="ch002"/>\s*<itemref idref="ch001"', files["EPUB/package.opf"]), "spine not swapped"
with zipfile.ZipFile(dst, "w") as out:
    for n, data in files.items():
        out.writestr(n, data, zipfile.ZIP_STORED if n == "mimetype" else zipfile.ZIP_DEFLATED)
PY
rc=0
python3 "$checks" "$WORK/broken.epub" >"$WORK/broken.txt" || rc=$?
[[ $rc -eq 1 ]] || fail "kindle_checks.py exited $rc on the broken copy, expected 1"
for want in 'ch001.xhtml: no XML declaration' "<body id='top'> linked from EPUB/text/ch002.xhtml" \
    "dc:language \['Russian'\]" 'ch001.xhtml: <img> without src' 'spine order .* disagrees with the NCX'; do
    grep -q -- "$want" "$WORK/broken.txt" || { cat "$WORK/broken.txt" >&2; fail "the broken copy: no '$want' found"; }
done
note "the broken copy fails all five checks"

# 2. ebook-convert to AZW3, and ebook-meta on each EPUB and AZW3, in parallel.
t0=$(date +%s.%N)
printf '%s\n' "${epubs[@]}" | xargs -P "$(nproc)" -I{} sh -c '
    e={}; b=${e%.epub}
    ebook-convert "$e" "$b.azw3" >"$b.convert.log" 2>&1; echo $? >"$b.convert.rc"
    ebook-meta "$e" >"$b.meta" 2>"$b.meta.err"; echo $? >"$b.meta.rc"
    ebook-meta "$b.azw3" >"$b.azw3.meta" 2>&1 || true'
# Calibre's identifier for a urn:uuid identifier is the book's uuid, which ebook-meta does not
# print: read it with the function ebook-meta calls.
calibre-debug -c '
import sys
from calibre.ebooks.metadata.meta import get_metadata
for p in sys.argv[1:]:
    with open(p, "rb") as f:
        mi = get_metadata(f, "epub", force_read_metadata=True)
    with open(p[:-5] + ".uuid", "w") as o:
        o.write("%s\n%s\n" % (mi.uuid or "", ",".join("%s:%s" % kv for kv in sorted(mi.get_identifiers().items()))))
' "${epubs[@]}" 2>"$WORK/uuid.err" || { cat "$WORK/uuid.err" >&2; fail "calibre-debug could not read the identifiers"; }
t1=$(date +%s.%N)
note "Calibre: ${#epubs[@]} conversions and $((${#epubs[@]} * 2)) ebook-meta runs in $(python3 -c "print('%.1f' % ($t1 - $t0))") s on $(nproc) CPUs"

for e in "${epubs[@]}"; do
    b=${e%.epub}
    n=$(basename "$b")
    [[ $(cat "$b.convert.rc") == 0 && -s "$b.azw3" ]] || { cat "$b.convert.log" >&2; fail "$n: ebook-convert to AZW3 failed"; }
    grep -q '^AZW3 output written to' "$b.convert.log" || { cat "$b.convert.log" >&2; fail "$n: no 'AZW3 output written'"; }
    if grep -Ein 'error|warn|fail|traceback|could not|cannot|unable' "$b.convert.log" >&2; then
        fail "$n: ebook-convert's log has the lines above"
    fi
    [[ $(cat "$b.meta.rc") == 0 ]] || { cat "$b.meta.err" >&2; fail "$n: ebook-meta failed"; }
    [[ ! -s "$b.meta.err" ]] || { cat "$b.meta.err" >&2; fail "$n: ebook-meta printed errors"; }
done
note "ebook-convert: every EPUB became an AZW3 with nothing in the log but progress"

# 3. What Calibre reads back, against what the metadata says. Expectations per book: the
# title as Calibre shows it (the main title, then ': ' and the subtitle, opf3.read_title),
# authors, language (Calibre's ISO 639-2 code: a language Calibre does not know is left out),
# publisher, date, series with index, identifier. A date on the 1st of a month with no time
# Calibre reads as the 2nd (opf3.parse_date → fix_only_date: so that the month is right in
# every time zone; the last day of a month likewise reads as the day before); the other dates
# read back unchanged.
python3 - "$WORK/out" "$article_title" <<'PY' || fail "Calibre's metadata differs from what was written (above)"
import os, sys
out, article_title = sys.argv[1:]
md = ("Проверочная книга: Две главы разметки", "Иван Петров & Мария Сидорова", "rus",
      "epubpack tests", "2024-03-02T00:00:00+00:00", None)
reader = ("Записки о типографике: Две статьи", "Анна Сергеевна Котова", "rus",
          "Издательство «Пример»", "2024-03-12T00:00:00+00:00", "Библиотека вёрстки #2")
article = (article_title, "Unknown", "rus", None, "2020-05-21T00:00:00+00:00", None)
reader_uuid = "7f1c2b1e-8a55-4f0e-9a7d-3c2b1e8a554f"
want = {
    "article": article, "article-css": article, "article-plain": article,
    "article-txt": (article_title, "Unknown", "rus", None, None, None),
    "markdown": md, "markdown-endnotes": md,
    "reader": reader + (reader_uuid,),
    "reader-kobo": reader + (reader_uuid,),
    "reader-endnotes": reader[:5] + ("Библиотека вёрстки #2.5", reader_uuid),
    "english": ("A Note on Kindles", "Jane Roe & John Doe", "eng", "Example Press",
                "2021-07-14T00:00:00+00:00", "Field Notes #11", "0b7a3f0e-5b2c-4c1e-9a57-1d2e3f405162"),
}
keys = ("Title", "Author(s)", "Languages", "Publisher", "Published", "Series")
bad = 0
for name, exp in sorted(want.items()):
    meta = {}
    for line in open(os.path.join(out, name + ".meta"), encoding="utf-8"):
        k, sep, v = line.partition(":")
        if sep:
            meta[k.strip()] = v.strip()
    if "Author(s)" in meta:  # "A & B [sort key]": the names, not Calibre's sort key
        meta["Author(s)"] = meta["Author(s)"].split(" [")[0]
    got = tuple(meta.get(k) for k in keys)
    uuid = open(os.path.join(out, name + ".uuid"), encoding="utf-8").read().split("\n")[0]
    opf_id = None
    import re, zipfile
    opf = zipfile.ZipFile(os.path.join(out, name + ".epub")).read("EPUB/package.opf").decode()
    opf_id = re.search(r'<dc:identifier id="pub-id">urn:uuid:([^<]+)<', opf).group(1)
    exp_uuid = exp[6] if len(exp) > 6 else opf_id
    for k, e, g in zip(keys + ("uuid",), exp[:6] + (exp_uuid,), got + (uuid,)):
        if e != g:
            print("  %s: %s: expected %r, ebook-meta read %r" % (name, k, e, g), file=sys.stderr)
            bad += 1
    azw = open(os.path.join(out, name + ".azw3.meta"), encoding="utf-8").read()
    for k, e in (("Title", exp[0]), ("Languages", exp[2])):
        if "%-20s: %s\n" % (k, e) not in azw:
            print("  %s.azw3: %s is not %r:\n%s" % (name, k, e, azw), file=sys.stderr)
            bad += 1
    print("  %s: %s" % (name, " | ".join("%s=%s" % kv for kv in zip(keys + ("uuid",), got + (uuid,)))))
sys.exit(1 if bad else 0)
PY
# Calibre 6.13 reads the EPUB 3 series (belongs-to-collection) first; older Calibre, Kobo and
# KOReader read calibre:series, written beside it. Without the EPUB 3 form Calibre still reads
# the same series and index.
python3 - "$WORK/out/reader.epub" "$WORK/legacy-series.epub" <<'PY'
import re, sys, zipfile
src, dst = sys.argv[1:]
z = zipfile.ZipFile(src)
with zipfile.ZipFile(dst, "w") as out:
    for n in z.namelist():
        data = z.read(n)
        if n == "EPUB/package.opf":
            t = data.decode("utf-8")
            t2 = re.sub(r'\s*<meta property="(belongs-to-collection|collection-type|group-position)"[^>]*>[^<]*</meta>', "", t)
            assert t2 != t and "calibre:series" in t2
            data = t2.encode("utf-8")
        out.writestr(n, data, zipfile.ZIP_STORED if n == "mimetype" else zipfile.ZIP_DEFLATED)
PY
ebook-meta "$WORK/legacy-series.epub" >"$WORK/legacy-series.meta" 2>&1 || fail "ebook-meta failed on the copy without belongs-to-collection"
grep -q '^Series *: Библиотека вёрстки #2$' "$WORK/legacy-series.meta" ||
    { cat "$WORK/legacy-series.meta" >&2; fail "Calibre does not read the series from calibre:series"; }
note "calibre:series alone gives the same series and index"
note "ok"
