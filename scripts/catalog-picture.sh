#!/usr/bin/env bash
# Makes README "Catalog"'s picture (docs/catalog-index.png): a small catalog of sample books
# (covers drawn with libvips from their titles), its start page and its "Newest first" page
# as headless Chromium draws them at a phone's width, side by side, in grey; and, with
# Foliate 2 and Xvfb installed, the "Newest first" feed in Foliate's OPDS browser
# (docs/catalog-foliate.png), the catalog served by tests/tools/catalog_serve.py.
set -euo pipefail
cd "$(dirname "$0")/.."
EPUBPACK=${EPUBPACK:-build/epubpack}
[[ -x "$EPUBPACK" ]] || { echo "build first: ./scripts/setup-and-build.sh" >&2; exit 1; }
command -v vips >/dev/null || { echo "apt-get install libvips-tools" >&2; exit 1; }
command -v chromium >/dev/null || { echo "apt-get install chromium" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/lib"

book() { # FILE TITLE AUTHOR FILE-AS LANG DATE SERIES POSITION SUBJECT
    vips text "$work/t.v" "$2" --font "PT Serif Bold 40" --width 800 --dpi 220 --align centre
    vips invert "$work/t.v" "$work/i.v"
    vips embed "$work/i.v" "$work/src/$1.jpg" 100 500 1000 1500 --extend white
    {
        printf -- '---\ntitle: "%s"\nauthor:\n  - name: %s\n    file-as: "%s"\n' "$2" "$3" "$4"
        printf 'lang: %s\ndate: %s\nsubject: %s\ncover-image: %s.jpg\n' "$5" "$6" "$9" "$1"
        [[ -n $7 ]] && printf 'belongs-to-collection: %s\ngroup-position: %s\n' "$7" "$8"
        printf -- '---\nText.\n'
    } >"$work/src/$1.md"
    "$EPUBPACK" build "$work/src/$1.md" -o "$work/lib/$1.epub" >/dev/null
}
book voyna1 "Война и мир. Том 1" "Лев Толстой" "Толстой, Лев" ru 1869-01-01 "Война и мир" 1 Роман
book voyna2 "Война и мир. Том 2" "Лев Толстой" "Толстой, Лев" ru 1869-06-01 "Война и мир" 2 Роман
book typo "Заметки о типографике" "Анна Котова" "Котова, Анна" ru 2024-03-12 "" "" Вёрстка
book print "Notes on printing" "Jane Doe" "Doe, Jane" en 2023-02-03 "" "" Typography
SOURCE_DATE_EPOCH=1700000000 "$EPUBPACK" catalog "$work/lib" --title "Домашняя библиотека" >/dev/null

shot() { # PAGE PNG
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
        --window-size=400,760 --screenshot="$2" "file://$1" >/dev/null 2>&1
}
shot "$work/lib/index.html" "$work/a.png"
shot "$work/lib/catalog/new.html" "$work/b.png"
vips arrayjoin "$work/a.png $work/b.png" "$work/ab.v" --shim 16 --background 255
vips colourspace "$work/ab.v" "$work/g.v" b-w
vips extract_band "$work/g.v" "$work/g1.v" 0
mkdir -p docs
vips pngsave "$work/g1.v" docs/catalog-index.png --compression 9 --strip
ls -l docs/catalog-index.png

command -v foliate >/dev/null && command -v xvfb-run >/dev/null || exit 0
/usr/bin/python3 tests/tools/catalog_serve.py README.md "$work/lib" "$work/port" &
server=$!
trap 'kill $server; rm -rf "$work"' EXIT
for _ in $(seq 50); do [[ -s $work/port ]] && break; sleep 0.1; done
xvfb-run -a -s "-screen 0 1000x760x24" bash -c "foliate opds://127.0.0.1:$(cat "$work/port")/catalog/new.atom \
    >/dev/null 2>&1 & sleep ${FOLIATE_WAIT:-20}; xwd -root -silent >'$work/f.xwd'; kill %1"
vips magickload "xwd:$work/f.xwd" "$work/f.v"
vips extract_area "$work/f.v" "$work/fc.v" 0 0 810 656
vips colourspace "$work/fc.v" "$work/fg.v" b-w
vips extract_band "$work/fg.v" "$work/fg1.v" 0
vips pngsave "$work/fg1.v" docs/catalog-foliate.png --compression 9 --strip
ls -l docs/catalog-foliate.png
