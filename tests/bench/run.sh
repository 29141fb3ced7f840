#!/usr/bin/env bash
# Benchmarks for issue 6 (not a ctest): epubpack against pandoc and epubcheck, our stages,
# the compression floor, linear scaling and batch throughput. Writes tests/bench/RESULTS.md.
#
#   tests/bench/run.sh [BUILD_DIR]        (default: /tmp/epubpack-bench-build, a Release
#                                          build made here if it has no epubpack yet)
# Env: EPUBPACK (the CLI measured; default BUILD_DIR/epubpack), RUNS (timed runs per command, default 5), RUNS_PANDOC_WP (default 3),
#      WORK (scratch folder, default /tmp/epubpack-bench), EPUBPACK_TEST_DATA (War and Peace:
#      tests/data/README.md), SKIP_100MB=1,
#      RESULTS (default tests/bench/RESULTS.md).
#
# Method: wall time of the whole process (perf_counter around posix_spawn + wait4, so that
# /usr/bin/time's own start-up, a quarter of an article's build, is not timed) and peak RSS
# from `/usr/bin/time -f %M` in separate runs; epubpack and pandoc runs are interleaved (ours, theirs, ours, …)
# so that a change in machine load hits both; each figure is the median of RUNS runs after
# one warm-up run. Ratios are computed from the medians.
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-/tmp/epubpack-bench-build}
if [[ -z "${EPUBPACK:-}" ]]; then
    if [[ ! -x "$build/epubpack" ]]; then
        cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DEPUBPACK_TESTS=OFF >/dev/null
        cmake --build "$build" -j "$(nproc)" >/dev/null
    fi
    EPUBPACK=$build/epubpack
fi
export EPUBPACK
. "$src/tests/e2e/lib.bash"
require_test_data war-and-peace
wp_dir=$EP_TEST_DATA/corpus/war-and-peace
work=${WORK:-/tmp/epubpack-bench}
results=${RESULTS:-$src/tests/bench/RESULTS.md}
export RUNS=${RUNS:-5} RUNS_PANDOC_WP=${RUNS_PANDOC_WP:-3} SKIP_100MB=${SKIP_100MB:-0}
jar=${EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}

command -v pandoc >/dev/null || { echo "run.sh: pandoc is required" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time is required (apt-get install time)" >&2; exit 2; }
[[ -f "$jar" ]] || { echo "run.sh: epubcheck is required at $jar" >&2; exit 2; }

mkdir -p "$work"
# ---- inputs (kept between runs: they are deterministic) ----
if [[ ! -f "$work/wp/book.yaml" ]]; then
    python3 "$src/tests/bench/wp_to_markdown.py" "$wp_dir" "$work/wp"
fi
sizes=(1 10 100)
[[ "$SKIP_100MB" = 1 ]] && sizes=(1 10)
for mb in "${sizes[@]}"; do
    [[ -f "$work/c$mb/book.yaml" ]] ||
        python3 "$src/tests/bench/gen_corpus.py" book "$mb" "$work/c$mb" "$wp_dir"
done
[[ -f "$work/articles/article1000.md" ]] ||
    python3 "$src/tests/bench/gen_corpus.py" articles 1000 "$work/articles" "$wp_dir"

# pandoc reads one Markdown file: the chapters concatenated in book.yaml's order, with the
# book's metadata (title, lang, author) in a metadata file.
for b in wp "${sizes[@]/#/c}"; do
    if [[ ! -f "$work/$b.pandoc.md" ]]; then
        sed -n 's/^  - //p' "$work/$b/book.yaml" | while read -r ch; do
            cat "$work/$b/$ch"
            echo
        done >"$work/$b.pandoc.md"
        grep -E '^(title|lang|author):' "$work/$b/book.yaml" >"$work/$b.meta.yaml"
    fi
done

# ---- measurements and RESULTS.md ----
python3 - "$src" "$work" "$results" "$jar" <<'PY'
import datetime, os, platform, re, resource, shutil, statistics, subprocess, sys, tempfile, time

src, work, results, jar = sys.argv[1:5]
ep = os.environ["EPUBPACK"]
RUNS = int(os.environ["RUNS"])
RUNS_PWP = int(os.environ["RUNS_PANDOC_WP"])
sizes = [1, 10] if os.environ["SKIP_100MB"] == "1" else [1, 10, 100]
out = os.path.join(work, "out")
os.makedirs(out, exist_ok=True)
rssf = os.path.join(work, "rss.txt")

devnull = os.open(os.devnull, os.O_RDWR)
errf = os.path.join(work, "stderr.txt")

def run(cmd, check=True):
    """Wall seconds of one run, from posix_spawn + wait4 of the command itself; its CPU
    seconds (user + system, from wait4's rusage) go to cpu_s. (wait4's ru_maxrss is not used:
    Python spawns with vfork, so it would include this Python process's own RSS; peak RSS
    comes from /usr/bin/time, see time_rss.)"""
    exe = shutil.which(cmd[0]) or cmd[0]
    err = os.open(errf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    acts = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1),
            (os.POSIX_SPAWN_DUP2, err, 2)]
    t = time.perf_counter()
    pid = os.posix_spawn(exe, cmd, os.environ, file_actions=acts)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t
    os.close(err)
    code = os.waitstatus_to_exitcode(status)
    if check and code != 0:
        sys.exit("run.sh: failed (%d): %s\n%s" % (code, " ".join(cmd), open(errf).read()[-2000:]))
    cpu_s.setdefault(tuple(cmd), []).append(ru.ru_utime + ru.ru_stime)
    return wall

def time_rss(cmd):
    """Peak RSS (KiB) of one run, as `/usr/bin/time -f %M` reports it."""
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rssf] + cmd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    with open(rssf) as f:
        return int(f.read().split()[-1])

cpu_s = {}  # CPU seconds of every run, by command line

def cpu_med(cmd):
    return statistics.median(cpu_s[tuple(cmd)])

def interleaved(cmds, runs, check=True, repeat=None, rss_runs=None):
    """Medians (wall, rss) per command, the commands' runs interleaved after a warm-up each:
    `runs` rounds, each running command k repeat[k] times (more samples of the fast one);
    then rss_runs[k] (default 3) runs of each under /usr/bin/time for the peak RSS."""
    repeat = repeat or [1] * len(cmds)
    rss_runs = rss_runs or [3] * len(cmds)
    for c in cmds:
        run(c, check)
    cpu_s.clear()
    walls = [[] for _ in cmds]
    for _ in range(runs):
        for k, c in enumerate(cmds):
            for _ in range(repeat[k]):
                walls[k].append(run(c, check))
    rsss = [[time_rss(c) for _ in range(rss_runs[k])] for k, c in enumerate(cmds)]
    return [(statistics.median(walls[k]), statistics.median(rsss[k])) for k in range(len(cmds))]

def epubcheck(path):
    p = subprocess.run(["java", "-jar", jar, path], capture_output=True, text=True)
    m = re.search(r"Messages: (\d+) fatals? / (\d+) errors?", p.stdout + p.stderr)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)

def ms(s): return "%.1f ms" % (s * 1e3) if s < 10 else "%.2f s" % s
def mib(k): return "%.1f MiB" % (k / 1024)
def ok(b): return "**met**" if b else "**not met**"

rows, notes = [], []
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
load = os.getloadavg()
ver = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.split("\n")[0]

# (a) bundled article and War and Peace, epubpack vs pandoc --toc
art_ep, art_pd = os.path.join(out, "article.epub"), os.path.join(out, "article.pandoc.epub")
art_cmds = [[ep, "build", os.path.join(src, "book"), "-o", art_ep],
            ["pandoc", os.path.join(src, "book", "article.md"), "-o", art_pd, "--toc"]]
(a_ep, a_ep_rss), (a_pd, a_pd_rss) = interleaved(art_cmds, RUNS, repeat=[3, 1])
a_cpu = [cpu_med(c) for c in art_cmds]
wp_ep, wp_pd = os.path.join(out, "wp.epub"), os.path.join(out, "wp.pandoc.epub")
wp_cmds = [[ep, "build", os.path.join(work, "wp"), "-o", wp_ep],
           ["pandoc", os.path.join(work, "wp.pandoc.md"), "--metadata-file", os.path.join(work, "wp.meta.yaml"),
            "-o", wp_pd, "--toc"]]
(w_ep, w_ep_rss), (w_pd, w_pd_rss) = interleaved(wp_cmds, RUNS_PWP, repeat=[5, 1], rss_runs=[3, 1])
w_cpu = [cpu_med(c) for c in wp_cmds]
ec_ours, ec_pd = epubcheck(wp_ep), epubcheck(wp_pd)
ec_art = epubcheck(art_ep)

# (c) our stages on War and Peace (medians of RUNS --stats runs)
stages = {}
for _ in range(RUNS):
    p = subprocess.run([ep, "build", os.path.join(work, "wp"), "-o", wp_ep, "--stats"],
                       capture_output=True, text=True, check=True)
    for m in re.finditer(r"^\s+(\w+)\s+([\d.]+) ms", p.stdout, re.M):
        stages.setdefault(m.group(1), []).append(float(m.group(2)))
stage_med = {k: statistics.median(v) for k, v in stages.items()}

# (d) the floor: gzip -6 over the concatenated XHTML of War and Peace
xhtml = os.path.join(work, "wp.xhtml")
with open(xhtml, "wb") as f:
    names = subprocess.run(["unzip", "-Z1", wp_ep], capture_output=True, text=True, check=True).stdout.split()
    for n in names:
        if n.endswith(".xhtml"):
            f.write(subprocess.run(["unzip", "-p", wp_ep, n], capture_output=True, check=True).stdout)
gz = []
for _ in range(RUNS):
    t = time.perf_counter()
    subprocess.run(["sh", "-c", 'gzip -6 -c "$1" >/dev/null', "sh", xhtml], check=True)
    gz.append(time.perf_counter() - t)
gz_med = statistics.median(gz)
xhtml_mb = os.path.getsize(xhtml) / 1e6

# (e) linear scaling
scale = []
for mb in sizes:
    book = os.path.join(work, "c%d" % mb)
    mbytes = sum(os.path.getsize(os.path.join(book, n)) for n in os.listdir(book)) / 1048576
    runs = RUNS if mb < 100 else max(1, min(RUNS, 3))
    (w, r), = interleaved([[ep, "build", book, "-o", os.path.join(out, "c%d.epub" % mb)]], runs,
                          rss_runs=[1])
    scale.append((mb, mbytes, w, r))
    os.remove(os.path.join(out, "c%d.epub" % mb))

# (f) batch: 1,000 articles, one thread and all CPUs
arts = sorted(os.path.join(work, "articles", n) for n in os.listdir(os.path.join(work, "articles")))
batch = []
for j in (1, os.cpu_count() or 1):
    bo = tempfile.mkdtemp(dir=work)
    t = time.perf_counter()
    subprocess.run([ep, "build"] + arts + ["-O", bo, "-j", str(j)], stdout=subprocess.DEVNULL, check=True)
    w = time.perf_counter() - t
    batch.append((j, len(arts), w))
    shutil.rmtree(bo)

# (b) epubpack check vs epubcheck: tests/bench/check_vs_epubcheck.sh when present
chk = os.path.join(src, "tests", "bench", "check_vs_epubcheck.sh")
check_rows = []
if os.path.exists(chk):
    p = subprocess.run(["bash", chk], capture_output=True, text=True, env=dict(os.environ, ROUNDS="3"))
    check_text = p.stdout.strip()
    for m in re.finditer(r"^(\S+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)x", check_text, re.M):
        check_rows.append((m.group(1), float(m.group(3)), float(m.group(4))))
else:
    for name, f in (("book.epub", art_ep), ("wp.epub", wp_ep)):
        (o, _), (t, _) = interleaved([[ep, "check", f, "--quiet"], ["java", "-jar", jar, f]], 3)
        check_rows.append((name, o, t))

# ---- RESULTS.md ----
L = []
L.append("# Benchmarks (issue 6)\n")
L.append("Generated by `tests/bench/run.sh` on %s." % datetime.datetime.now().strftime("%Y-%m-%d %H:%M %Z").strip())
L.append("")
L.append("| machine | |\n|---|---|")
L.append("| CPU | %s |" % cpu)
L.append("| cores (nproc) | %d |" % os.cpu_count())
L.append("| load average at start (1/5/15 min) | %.1f / %.1f / %.1f |" % load)
L.append("| OS | %s |" % platform.platform())
L.append("| pandoc | %s |" % ver)
L.append("| epubpack binary | `%s` |" % ep)
L.append("| runs | medians; article: %d rounds of 3 epubpack + 1 pandoc runs; War and Peace: %d rounds of 5 + 1; interleaved, after a warm-up |" % (RUNS, RUNS_PWP))
L.append("")
L.append("## Targets\n")
L.append("| target | epubpack | reference | ratio | goal | |\n|---|---|---|---|---|---|")
L.append("| bundled article, wall time | %s | pandoc %s | %.1f× faster | ≥ 10× | %s |" % (ms(a_ep), ms(a_pd), a_pd / a_ep, ok(a_pd / a_ep >= 10)))
L.append("| War and Peace, wall time | %s | pandoc %s | %.1f× faster | ≥ 20× | %s |" % (ms(w_ep), ms(w_pd), w_pd / w_ep, ok(w_pd / w_ep >= 20)))
L.append("| bundled article, CPU time (user + system) | %s | pandoc %s | %.1f× less | (load-independent view) | |" % (ms(a_cpu[0]), ms(a_cpu[1]), a_cpu[1] / a_cpu[0]))
L.append("| War and Peace, CPU time (user + system) | %s | pandoc %s | %.1f× less | (load-independent view) | |" % (ms(w_cpu[0]), ms(w_cpu[1]), w_cpu[1] / w_cpu[0]))
L.append("| War and Peace, peak RSS | %s | pandoc %s | %.2f of pandoc's | ≤ 0.25 | %s |" % (mib(w_ep_rss), mib(w_pd_rss), w_ep_rss / w_pd_rss, ok(w_ep_rss / w_pd_rss <= 0.25)))
L.append("| War and Peace EPUB, epubcheck 4.2.6 | %s fatal / %s errors | pandoc's EPUB: %s fatal / %s errors | | valid | %s |" % (ec_ours[0], ec_ours[1], ec_pd[0], ec_pd[1], ok(ec_ours == (0, 0))))
for name, o, t in check_rows:
    goal = 500 if name == "book.epub" else 100
    L.append("| `epubpack check` %s | %s | epubcheck %s %s | %.0f× faster | ≥ %d× | %s |" % (name, ms(o), "5.3.0" if os.path.exists(chk) else "4.2.6", ms(t), t / o, goal, ok(t / o >= goal)))
per_mb = [w / m for _, m, w, _ in scale]
# Marginal cost per MB between consecutive sizes: the fixed cost (process start-up, fontconfig,
# font subsetting) cancels out, so a quadratic step would show as a growing figure here.
marg = [(scale[k][2] - scale[k - 1][2]) / (scale[k][1] - scale[k - 1][1]) for k in range(1, len(scale))]
lin = max(marg) / min(marg) if len(marg) > 1 else (per_mb[-1] / per_mb[0])
L.append("| linear scaling, time per MB | %s; marginal %s | | growth of the marginal cost %.2f | ≤ 1.5 | %s |" % (
    ", ".join("%s/MB at %d MB" % (ms(p), mb) for (mb, _, _, _), p in zip(scale, per_mb)),
    ", ".join("%s/MB from %d to %d MB" % (ms(x), scale[k][0], scale[k + 1][0]) for k, x in enumerate(marg)),
    lin, ok(lin <= 1.5)))
L.append("| compression floor (War and Peace) | total %s | `gzip -6` %s on %.1f MB XHTML | %.1f× the floor | report | |" % (ms(w_ep), ms(gz_med), xhtml_mb, w_ep / gz_med))
L.append("")
L.append("The bundled article's EPUB: epubcheck %d fatal / %d errors. Peak RSS on the article: epubpack %s, pandoc %s." % (ec_art[0], ec_art[1], mib(a_ep_rss), mib(a_pd_rss)))
L.append("")
L.append("## Stages of an epubpack build of War and Peace (`--stats`, medians)\n")
L.append("| stage | time |\n|---|---|")
for k in ("read", "typeset", "fonts", "package", "zip", "check", "total"):
    if k in stage_med:
        L.append("| %s | %.1f ms |" % (k, stage_med[k]))
L.append("")
L.append("`total` is the sum of the stages; the wall time above adds process start-up and exit.")
L.append("")
L.append("## Linear scaling (synthetic Russian books from War and Peace's sentences)\n")
L.append("| input | Markdown | wall time | time per MB | marginal time per MB | peak RSS |\n|---|---|---|---|---|---|")
for k, (mb, m, w, r) in enumerate(scale):
    L.append("| %d MB book | %.1f MB | %s | %s | %s | %s |" % (mb, m, ms(w), ms(w / m), ms(marg[k - 1]) if k else "", mib(r)))
L.append("")
L.append("## Batch: 1,000 generated articles (`epubpack build *.md -O DIR -j N`)\n")
L.append("| threads | articles | wall time | articles per second |\n|---|---|---|---|")
for j, n, w in batch:
    L.append("| %d | %d | %s | %.0f |" % (j, n, ms(w), n / w))
L.append("")
L.append("Where the time goes, and why the targets marked **not met** are missed: [PROFILE.md](PROFILE.md).\n")
if os.path.exists(chk):
    L.append("## `epubpack check` vs epubcheck (tests/bench/check_vs_epubcheck.sh)\n")
    L.append("```\n%s\n```\n" % check_text)
with open(results, "w") as f:
    f.write("\n".join(L) + "\n")
print(open(results).read())
PY
