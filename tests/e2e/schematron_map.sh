#!/usr/bin/env bash
# Every Schematron assertion of epubcheck 5.3.0's jar (scripts/sch-assertions.py) is mapped in
# tests/check/schematron.tsv to the code that ports it, or waived there with a reason, so that
# a rule nobody ported shows (docs/ARCHITECTURE.md "Checker"). Fails on
#  - an assertion whose file and pattern no line covers (a new or forgotten rule),
#  - a line that covers no assertion (stale),
#  - a "ported" or "generated" line whose file does not name the pattern (the code that ports
#    it names it in a comment; the generated tables carry it), or a waiver without a reason.
. "$(dirname "$0")/lib.bash"
require_tool python3
[[ -f "$EP_EPUBCHECK53_JAR" ]] || fail "$EP_EPUBCHECK53_JAR missing (npm install --prefix tests/tools)"
make_workdir
python3 "$EP_SOURCE_DIR/scripts/sch-assertions.py" "$EP_EPUBCHECK53_JAR" >"$WORK/assertions.tsv" ||
    fail "scripts/sch-assertions.py failed"
python3 - "$WORK/assertions.tsv" "$EP_SOURCE_DIR/tests/check/schematron.tsv" "$EP_SOURCE_DIR" <<'PY' ||
import collections, os, sys
asserts = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
root = sys.argv[3]
lines = {}
bad = []
for n, l in enumerate(open(sys.argv[2], encoding="utf-8"), 1):
    if l.startswith("#") or not l.strip():
        continue
    f = l.rstrip("\n").split("\t")
    if len(f) != 4 or f[2] not in ("generated", "ported", "waived") or not f[3].strip():
        bad.append("schematron.tsv:%d: needs file, pattern, generated|ported|waived, where/reason" % n)
        continue
    if (f[0], f[1]) in lines:
        bad.append("schematron.tsv:%d: %s %s listed twice" % (n, f[0], f[1]))
    lines[(f[0], f[1])] = f
    if f[2] != "waived":
        path = os.path.join(root, f[3])
        if not os.path.isfile(path):
            bad.append("schematron.tsv:%d: %s does not exist" % (n, f[3]))
        elif f[1] != "*" and f[1] not in open(path, encoding="utf-8").read():
            bad.append("schematron.tsv:%d: %s does not name pattern %s" % (n, f[3], f[1]))
used = set()
count = collections.Counter()
for a in asserts:
    key = (a[0], a[1]) if (a[0], a[1]) in lines else (a[0], "*")
    if key not in lines:
        bad.append("not mapped: %s pattern %s: %s %s" % (a[0], a[1], a[2], a[3]))
        continue
    used.add(key)
    count[lines[key][2]] += 1
for key in lines:
    if key not in used:
        bad.append("stale line (no such assertion): %s %s" % key)
for b in bad:
    print(b, file=sys.stderr)
print("%d assertions: %d generated, %d ported, %d waived" % (
    len(asserts), count["generated"], count["ported"], count["waived"]))
sys.exit(1 if bad else 0)
PY
    fail "tests/check/schematron.tsv does not map every Schematron assertion (above)"
note "every Schematron assertion of the jar is mapped or waived"
