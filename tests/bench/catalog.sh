#!/usr/bin/env bash
# Benchmark of `epubpack catalog` (issue 25; not a ctest): a library of 1,000 built articles in
# five languages, 60 authors, 20 series, one in ten with a cover, then
#   cold      a catalog made from nothing (every book read, every thumbnail made)
#   rerun     nothing changed (every book stat()ed, no file written)
#   one       one book replaced (it alone read; the feeds that list it rewritten)
# and, side by side, Calibre's way to an OPDS catalog of the same books: `calibredb add` of the
# 1,000 EPUBs into a new library (calibre-server then serves it).
#
#   tests/bench/catalog.sh [BUILD_DIR]     (default: build; EPUBPACK overrides the CLI)
# Env: WORK (default /tmp/epubpack-bench-catalog), RUNS (default 5), N (books, default 1000),
#      CALIBRE=0 skips Calibre. Prints a Markdown table: medians of RUNS runs of the wall time
#      and of the CPU time (user + system, GNU time), which a loaded machine (2 cores shared by
#      several jobs) inflates less; peak RSS of the last run.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
EPUBPACK=${EPUBPACK:-${1:-$src/build}/epubpack}
work=${WORK:-/tmp/epubpack-bench-catalog}
runs=${RUNS:-5}
n=${N:-1000}
[[ -x $EPUBPACK ]] || { echo "catalog.sh: no epubpack at $EPUBPACK" >&2; exit 2; }
command -v vips >/dev/null || { echo "catalog.sh: vips is required (apt-get install libvips-tools)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "catalog.sh: /usr/bin/time is required (apt-get install time)" >&2; exit 2; }

lib=$work/lib
if [[ ! -f $lib/.built-$n ]]; then
    rm -rf "$work" && mkdir -p "$work/src" "$lib"
    vips xyz "$work/src/cover.v" 1000 1500 && vips extract_band "$work/src/cover.v" "$work/src/c1.v" 0
    vips colourspace "$work/src/c1.v" "$work/src/cover.jpg" b-w
    python3 - "$work/src" "$n" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
langs = ["ru", "en", "de", "uk", "fr"]
words = {"ru": "Заметка", "en": "Note", "de": "Notiz", "uk": "Нотатка", "fr": "Note"}
for i in range(1, n + 1):
    lang = langs[i % 5]
    meta = [f'title: "{words[lang]} {i}"', f"lang: {lang}",
            f"author:\n  - name: Author {i % 60}\n    file-as: Author, {i % 60}",
            f"date: 2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}", f"subject: [Topic {i % 15}]",
            f'description: "Article {i}"']
    if i % 3 == 0:
        meta += [f"belongs-to-collection: Series {i % 20}", f"group-position: {i // 60 + 1}"]
    if i % 10 == 0:
        meta.append("cover-image: cover.jpg")
    body = " ".join(["Lorem ipsum dolor sit amet."] * 40)
    with open(f"{out}/a{i:04d}.md", "w") as f:
        f.write("---\n" + "\n".join(meta) + "\n---\n\n" + body + "\n")
PY
    "$EPUBPACK" build "$work"/src/a*.md -O "$lib" -j 2 >/dev/null
    touch "$lib/.built-$n"
fi

clean() { rm -rf "$lib/catalog" "$lib/opds.xml" "$lib/opds.json" "$lib/index.html"; }
# one run: "WALL_MS CPU_MS RSS_KB"
run() {
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$EPUBPACK" catalog "$lib" --title Bench >/dev/null 2>&1
    awk '{printf "%d %d %d\n", $1 * 1000, ($2 + $3) * 1000, $4}' "$work/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
summary() { # runs on stdin → "WALL ms wall, CPU ms CPU, peak RSS M MiB"
    local all; all=$(cat)
    printf '%s ms wall, %s ms CPU, peak RSS %s MiB' "$(cut -d' ' -f1 <<<"$all" | median)" \
        "$(cut -d' ' -f2 <<<"$all" | median)" "$(($(tail -1 <<<"$all" | cut -d' ' -f3) / 1024))"
}
cold=$(for _ in $(seq "$runs"); do clean; run; done | summary)
rerun=$(for _ in $(seq "$runs"); do run; done | summary)
one=$(for r in $(seq "$runs"); do
    sed -i "s/^title: .*/title: \"Changed $r\"/" "$work/src/a0007.md"
    "$EPUBPACK" build "$work/src/a0007.md" -o "$lib/a0007.epub" >/dev/null
    run
done | summary)
out=$("$EPUBPACK" catalog "$lib" --title Bench)
calibre="not run (CALIBRE=0)"
if [[ ${CALIBRE:-1} != 0 ]] && command -v calibredb >/dev/null; then
    rm -rf "$work/calibre"
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" calibredb add --with-library "$work/calibre" "$lib"/a*.epub >/dev/null 2>&1
    calibre=$(awk '{printf "%d ms wall, %d ms CPU, peak RSS %d MiB", $1 * 1000, ($2 + $3) * 1000, $4 / 1024}' "$work/time")
fi
cat <<MD
| $n built articles, $(nproc) CPUs, $(date -u +%Y-%m-%d) | epubpack catalog | Calibre |
|---|---|---|
| cold: every book read, $((n / 10)) thumbnails made | $cold | \`calibredb add\` of the same EPUBs: $calibre |
| rerun, nothing changed | $rerun | |
| rerun, one book replaced | $one | |

Medians of $runs runs; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Last run: $out
MD
