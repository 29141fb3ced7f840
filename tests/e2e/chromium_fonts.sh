#!/usr/bin/env bash
# A second engine (issue 11, part 5): headless Chromium opens the content documents of the
# built EPUBs, unzipped, with their stylesheet, and chromium_fonts.js checks that every
# embedded face loads (document.fonts), that it is the computed family of the body text, and
# that Chromium draws the text's glyphs with it. For the bundled article, the reader fixture,
# the Markdown fixture (italic, bold, tables, lists, inline code) and the reader fixture as a
# Kobo kepub (every sentence in a koboSpan), and the books of characters only the fallback
# family has (tests/fixtures/glyphs). A copy with a damaged font file must fail.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool node "apt-get install nodejs"
require_tool python3 "apt-get install python3"
require_tool unzip "apt-get install unzip"
[[ -x "$EP_CHROMIUM" ]] || fail "$EP_CHROMIUM missing (apt-get install chromium)"
puppeteer="$EP_SOURCE_DIR/tests/tools/node_modules/puppeteer-core"
[[ -f "$puppeteer/package.json" ]] ||
    fail "puppeteer-core (installed with Ace) is missing: npm install --prefix tests/tools --ignore-scripts"
make_workdir

# spine_pages DIR — the content documents of the unzipped EPUB in DIR, in spine order, without
# the nav document, as paths under DIR.
spine_pages() {
    python3 - "$1" <<'PY'
import posixpath, re, sys
root = sys.argv[1]
opf_path = re.search(r'full-path="([^"]+)"', open(root + "/META-INF/container.xml", encoding="utf-8").read()).group(1)
opf = open(root + "/" + opf_path, encoding="utf-8").read()
items = {}
for m in re.finditer(r"<item\b[^>]*>", opf):
    a = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(0)))
    items[a["id"]] = a
for idref in re.findall(r'<itemref\b[^>]*\bidref="([^"]+)"', opf):
    a = items[idref]
    if "nav" not in a.get("properties", "").split():
        print(posixpath.join(posixpath.dirname(opf_path), a["href"]))
PY
}

run_chromium() { # DIR → the checks on every page of its spine
    local dir=$1 pages
    mapfile -t pages < <(spine_pages "$dir")
    [[ ${#pages[@]} -gt 0 ]] || fail "no content documents in $dir"
    node "$EP_LIB_DIR/chromium_fonts.js" "$puppeteer" "$EP_CHROMIUM" "$dir" "${pages[@]}"
}

check_book() { # NAME INPUT [OPTIONS...]
    local name=$1 input=$2
    shift 2
    epubpack_build "$input" -o "$WORK/$name.epub" "$@" >/dev/null
    mkdir "$WORK/$name"
    unzip -q "$WORK/$name.epub" -d "$WORK/$name"
    note "$name"
    run_chromium "$WORK/$name" || fail "$name: Chromium does not use the embedded fonts (above)"
}

check_book article "$EP_SOURCE_DIR/book"
check_book reader "$EP_SOURCE_DIR/tests/fixtures/reader-book"
check_book markdown "$EP_SOURCE_DIR/tests/fixtures/markdown-book"
check_book reader-kobo "$EP_SOURCE_DIR/tests/fixtures/reader-book" --target kobo
# Characters PT Serif lacks (ѝ, ѐ, a combining grave) are drawn from the embedded fallback family.
check_book glyphs-bg "$EP_SOURCE_DIR/tests/fixtures/glyphs/bg.md"
check_book glyphs-ru "$EP_SOURCE_DIR/tests/fixtures/glyphs/ru.md"

# The check can fail: the regular face cut short is refused by Chromium's font sanitizer.
cp -r "$WORK/reader" "$WORK/damaged"
regular=$(ls "$WORK"/damaged/EPUB/fonts/*regular*)
head -c 2000 "$regular" >"$WORK/cut" && mv "$WORK/cut" "$regular"
rc=0
run_chromium "$WORK/damaged" >"$WORK/damaged.txt" 2>&1 || rc=$?
[[ $rc -eq 1 ]] || { cat "$WORK/damaged.txt" >&2; fail "a damaged font: expected exit 1, got $rc"; }
grep -q 'normal normal: error' "$WORK/damaged.txt" && grep -q '(a system font)' "$WORK/damaged.txt" ||
    { cat "$WORK/damaged.txt" >&2; fail "a damaged font was not reported as failing to load"; }
note "a damaged font file fails the check"
note "ok"
