#!/usr/bin/env bash
# Image benchmark for issue 11 (not a ctest): how fast epubpack fits camera photos for e-ink,
# against vipsthumbnail and ImageMagick's convert -resize on the same files, and the size of an
# article EPUB with five camera photos before (epubpack without image fitting) and after.
# Writes the "Images" section of tests/bench/RESULTS.md (between its markers).
#
#   tests/bench/images.sh [EPUBPACK]    (default: build/epubpack)
# Env: OLD_EPUBPACK (the "before" binary; default: built here from commit $OLD_COMMIT, 700b44f,
#      main before image fitting), RUNS (timed rounds, default 5), WORK (default
#      /tmp/epubpack-bench-images), RESULTS (default tests/bench/RESULTS.md).
#
# Method: 20 generated 4000x3000 JPEGs (12 megapixels, camera-like noise, EXIF, quality 92,
# about 4 MB each). Each tool shrinks all 20 to fit 1600x2560 as JPEG quality 85 without
# metadata: epubpack as one build of an article showing the 20 photos; vipsthumbnail as one
# process for the 20 files; convert as one process per file (the way it is used). Wall time
# and CPU time (user + system, from wait4) of each command, median of RUNS rounds after a
# warm-up, the tools interleaved within each round so that machine load hits all alike.
# epubpack's whole build is timed (text, font subset, zip, check included) against
# vipsthumbnail alone: the conservative comparison. The same build with --image-size off is
# shown for reference; it is not a baseline to subtract, as it deflates and re-checks the 91 MB
# of originals that the fitting build never stores.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
EPUBPACK=${1:-$src/build/epubpack}
OLD_COMMIT=700b44f
work=${WORK:-/tmp/epubpack-bench-images}
results=${RESULTS:-$src/tests/bench/RESULTS.md}
runs=${RUNS:-5}
for t in vips vipsthumbnail vipsheader python3 /usr/bin/convert; do
    command -v "$t" >/dev/null || { echo "images.sh: $t is required (apt-get install libvips-tools imagemagick python3)" >&2; exit 2; }
done
[[ -x "$EPUBPACK" ]] || { echo "images.sh: no epubpack at $EPUBPACK (build first)" >&2; exit 2; }
mkdir -p "$work/photos"

# 1. The photos (kept between runs).
for i in $(seq -w 1 20); do
    f="$work/photos/IMG_00$i.jpg"
    [[ -s "$f" ]] && continue
    vips gaussnoise "$work/n.v" 4000 3000 --mean 128 --sigma 30 --seed "$((10#$i))"
    vips gaussblur "$work/n.v" "$work/b.v" 0.8
    vips cast "$work/b.v" "$work/u.v" uchar
    vips linear "$work/u.v" "$work/g.v" 0.8 "$((10#$i * 3))" --uchar
    vips linear "$work/u.v" "$work/bl.v" 0.6 40 --uchar
    vips bandjoin "$work/u.v $work/g.v $work/bl.v" "$work/rgb.v"
    vips copy "$work/rgb.v" "$f[Q=92]" # with EXIF, as a camera writes it
done
rm -f "$work"/*.v
photos_mb=$(du -cm "$work"/photos/*.jpg | tail -n 1 | cut -f1)

{
    printf -- '---\ntitle: Photos\nlang: en\n---\n\n'
    for f in "$work"/photos/*.jpg; do printf '![a photo](photos/%s)\n\n' "$(basename "$f")"; done
} >"$work/article.md"

# 2. The "before" binary: main before image fitting.
if [[ -z "${OLD_EPUBPACK:-}" ]]; then
    OLD_EPUBPACK=$work/old-build/epubpack
    if [[ ! -x "$OLD_EPUBPACK" ]]; then
        rm -rf "$work/old-src"
        mkdir -p "$work/old-src"
        git -C "$src" archive "$OLD_COMMIT" | tar -x -C "$work/old-src"
        cmake -S "$work/old-src" -B "$work/old-build" -DCMAKE_BUILD_TYPE=Release \
            -DEPUBPACK_TESTS=OFF >/dev/null
        cmake --build "$work/old-build" -j 2 --target epubpack_cli >/dev/null
    fi
fi

# 3. Timings.
python3 - "$EPUBPACK" "$work" "$runs" >"$work/timings.txt" <<'PY'
import os, statistics, subprocess, sys, time, glob, shutil
epubpack, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
photos = sorted(glob.glob(os.path.join(work, "photos", "*.jpg")))
out = os.path.join(work, "out")

def run(argv_list):
    """Runs each argv in turn; returns (wall, cpu) for all of them."""
    t0 = time.perf_counter()
    cpu = 0.0
    for argv in argv_list:
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        if status != 0:
            sys.exit("failed: %s" % " ".join(argv))
        cpu += ru.ru_utime + ru.ru_stime
    return time.perf_counter() - t0, cpu

def fresh():
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)

cmds = {
    "epubpack": [[epubpack, "build", os.path.join(work, "article.md"), "-o", os.path.join(work, "fit.epub")]],
    "epubpack --image-size off": [[epubpack, "build", os.path.join(work, "article.md"), "-o",
                                   os.path.join(work, "off.epub"), "--image-size", "off"]],
    "vipsthumbnail": [["vipsthumbnail", "-s", "1600x2560>", "-o",
                       os.path.join(out, "%s.jpg[Q=85,strip,optimize_coding]")] + photos],
    "convert -resize": [["/usr/bin/convert", f, "-resize", "1600x2560>", "-quality", "85", "-strip",
                         os.path.join(out, os.path.basename(f))] for f in photos],
}
res = {k: [] for k in cmds}
for rnd in range(runs + 1):
    for name, argv in cmds.items():
        fresh()
        r = run(argv)
        if rnd:
            res[name].append(r)
for name in cmds:
    w = statistics.median(r[0] for r in res[name])
    c = statistics.median(r[1] for r in res[name])
    print("%s\t%.3f\t%.3f" % (name, w, c))
PY
cat "$work/timings.txt"

# 4. The article with five camera photos, before and after.
mkdir -p "$work/five/photos"
cp "$work"/photos/IMG_000[1-5].jpg "$work/five/photos/"
{
    printf -- '---\ntitle: A walk with a camera\nauthor: A. Walker\nlang: en\n---\n\n'
    for i in 1 2 3 4 5; do
        printf 'Paragraph %s of the walk, with a photograph after it.\n\n![photo %s](photos/IMG_000%s.jpg)\n\n' "$i" "$i" "$i"
    done
} >"$work/five/article.md"
SOURCE_DATE_EPOCH=1700000000 "$OLD_EPUBPACK" build "$work/five/article.md" -o "$work/five-before.epub" >/dev/null
SOURCE_DATE_EPOCH=1700000000 "$EPUBPACK" build "$work/five/article.md" -o "$work/five-after.epub" >/dev/null
SOURCE_DATE_EPOCH=1700000000 "$EPUBPACK" build "$work/five/article.md" -o "$work/five-grey.epub" --grayscale >/dev/null
before=$(stat -c %s "$work/five-before.epub")
after=$(stat -c %s "$work/five-after.epub")
grey=$(stat -c %s "$work/five-grey.epub")

BENCH_DIR="$src/tests/bench" python3 - "$work/timings.txt" "$results" "$before" "$after" "$grey" "$photos_mb" "$runs" "$OLD_COMMIT" <<'PY'
import sys, datetime, os, platform, re
tim, results, before, after, grey, photos_mb, runs, old = sys.argv[1:9]
t = {}
for line in open(tim):
    name, w, c = line.rstrip("\n").split("\t")
    t[name] = (float(w), float(c))
n = 20
ep, off, vt, im = t["epubpack"], t["epubpack --image-size off"], t["vipsthumbnail"], t["convert -resize"]
def ips(x): return n / x
load = open("/proc/loadavg").read().split()[:3]
mb = lambda b: "%.2f MB" % (int(b) / 1e6)
sec = f"""<!-- images:begin (written by tests/bench/images.sh; run.sh does not produce this section) -->
## Images (issue 11)

Generated by `tests/bench/images.sh` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; load average at the end {' / '.join(load)} on {os.cpu_count()} CPUs
(the machine was shared: compare the ratios, CPU time is the steadier figure).
20 generated camera-size JPEGs (4000×3000, 12 megapixels, EXIF, {photos_mb} MB in all), each
shrunk to fit 1600×2560 as JPEG quality 85 without metadata; medians of {runs} interleaved rounds.

| command | wall | images/s (wall) | CPU | images/s (CPU) |
|---|---|---|---|---|
| `epubpack build article.md` (whole build: 20 photos + text, fonts, zip, check) | {ep[0]:.2f} s | {ips(ep[0]):.1f} | {ep[1]:.2f} s | {ips(ep[1]):.1f} |
| `epubpack build article.md --image-size off` (reference: stores, deflates and checks the originals) | {off[0]:.2f} s | | {off[1]:.2f} s | |
| `vipsthumbnail -s '1600x2560>' -o '%s.jpg[Q=85,strip,optimize_coding]' IMG_*.jpg` | {vt[0]:.2f} s | {ips(vt[0]):.1f} | {vt[1]:.2f} s | {ips(vt[1]):.1f} |
| `convert IMG.jpg -resize '1600x2560>' -quality 85 -strip out.jpg` (×20) | {im[0]:.2f} s | {ips(im[0]):.1f} | {im[1]:.2f} s | {ips(im[1]):.1f} |

| ratio | wall | CPU | goal | |
|---|---|---|---|---|
| epubpack whole build / vipsthumbnail | {ep[0]/vt[0]:.2f}× | {ep[1]/vt[1]:.2f}× | ≤ 1.2× | {'**met**' if max(ep[0]/vt[0], ep[1]/vt[1]) <= 1.2 else '**not met**'} |
| ImageMagick convert / vipsthumbnail | {im[0]/vt[0]:.2f}× | {im[1]/vt[1]:.2f}× | | |

An article with five of these photos (`tests/bench/images.sh` step 4):

| build | EPUB size |
|---|---|
| before: main at {old}, images stored as they are | {mb(before)} |
| after: images fit to 1600×2560, JPEG quality 85 | {mb(after)} ({int(after)/int(before)*100:.1f} % of before) |
| after, `--grayscale` | {mb(grey)} ({int(grey)/int(before)*100:.1f} % of before) |
<!-- images:end -->
"""
sys.path.insert(0, os.environ["BENCH_DIR"])
from results_section import replace_section
replace_section(results, "images", sec)
print(sec)
PY
