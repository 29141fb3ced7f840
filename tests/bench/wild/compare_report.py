#!/usr/bin/env python3
"""compare_report.py WORK DIR — the report of compare.sh from its raw outputs in WORK:
files (the EPUBs, one a line), versions.tsv, out/N.ec(.json|.rc), out/N.ep(.json|.rc),
ec.time and ep.time ("real user sys"). Writes WORK/results.tsv too.

A side's findings come from its JSON report; when there is none (the tool stopped before
writing it) from its text output, lines "SEVERITY(ID)..." (epubcheck prints "SEVERITY(ID)",
ours too). A report that cannot be had at all is counted as "no result" for that side.
"""
import collections
import json
import os
import re
import sys

work, top = sys.argv[1], sys.argv[2]
out = os.path.join(work, "out")
files = open(os.path.join(work, "files"), encoding="utf-8").read().splitlines()
vers = dict(line.rstrip("\n").split("\t") for line in open(os.path.join(work, "versions.tsv"),
                                                             encoding="utf-8"))
LINE = re.compile(r"^(FATAL|ERROR|WARNING)\(([A-Za-z0-9_-]+)\)", re.M)


def findings(stem):
    """(ok, {ID: severity}) of FATAL and ERROR findings; ok False when there is no report."""
    ids = {}
    j = stem + ".json"
    if os.path.exists(j) and os.path.getsize(j) > 0:
        try:
            d = json.load(open(j, encoding="utf-8"))
            for m in d.get("messages", []):
                if m.get("severity") in ("FATAL", "ERROR"):
                    ids[m["ID"].replace("_", "-")] = m["severity"]
            return True, ids
        except (ValueError, KeyError):
            pass
    if os.path.exists(stem):
        text = open(stem, encoding="utf-8", errors="replace").read()
        found = False
        for sev, i in LINE.findall(text):
            found = True
            if sev in ("FATAL", "ERROR"):
                ids[i.replace("_", "-")] = sev
        if found or "Messages:" in text or "No errors or warnings" in text:
            return True, ids
    return False, ids


def rc(stem):
    try:
        return int(open(stem + ".rc").read().strip())
    except (OSError, ValueError):
        return None


rows = []
for n, f in enumerate(files, 1):
    eok, eids = findings(os.path.join(out, "%d.ec" % n))
    pok, pids = findings(os.path.join(out, "%d.ep" % n))
    erc, prc = rc(os.path.join(out, "%d.ec" % n)), rc(os.path.join(out, "%d.ep" % n))
    # Valid = no FATAL and no ERROR (and, for a run without a report, a clean exit).
    ev = "?" if not eok else ("valid" if not eids else "invalid")
    pv = "?" if not pok else ("valid" if not pids else "invalid")
    rows.append(dict(file=os.path.relpath(f, top), v=vers.get(f, "?"), ev=ev, pv=pv, erc=erc,
                     prc=prc, e=set(eids), p=set(pids)))

with open(os.path.join(work, "results.tsv"), "w", encoding="utf-8") as t:
    t.write("file\tversion\tepubcheck\tepubpack\tepubcheck_rc\tepubpack_rc\tepubcheck_ids\tepubpack_ids\n")
    for r in rows:
        t.write("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" % (r["file"], r["v"], r["ev"], r["pv"], r["erc"],
                r["prc"], " ".join(sorted(r["e"])), " ".join(sorted(r["p"]))))


def pct(a, b):
    return "%5.1f%%" % (100.0 * a / b) if b else "   - "


print()
print("| set | EPUBs | epubcheck valid | verdicts agree | error-ID sets agree | valid->we fail | invalid->we pass |")
print("|---|---:|---:|---:|---:|---:|---:|")
groups = [("EPUB 2", lambda r: r["v"] == "2"), ("EPUB 3", lambda r: r["v"] == "3"),
          ("no package (?)", lambda r: r["v"] == "?"), ("total", lambda r: True)]
for name, pred in groups:
    g = [r for r in rows if pred(r)]
    if not g:
        continue
    va = sum(1 for r in g if r["ev"] == r["pv"])
    ia = sum(1 for r in g if r["ev"] == r["pv"] and r["e"] == r["p"])
    good = sum(1 for r in g if r["ev"] == "valid")
    red = sum(1 for r in g if r["ev"] == "valid" and r["pv"] == "invalid")
    green = sum(1 for r in g if r["ev"] == "invalid" and r["pv"] == "valid")
    print("| %s | %d | %d | %d (%s) | %d (%s) | %d | %d |" % (name, len(g), good, va, pct(va, len(g)).strip(),
          ia, pct(ia, len(g)).strip(), red, green))
noresult = [r for r in rows if "?" in (r["ev"], r["pv"])]
if noresult:
    print("\nno result from a side (counted as a disagreement): " +
          ", ".join("%s (epubcheck %s, ours %s)" % (r["file"], r["ev"], r["pv"]) for r in noresult))

print("\n## Disagreements (verdict or error-ID set)\n")
print("| file | v | epubcheck | ours | only epubcheck | only ours | both |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    if r["ev"] == r["pv"] and r["e"] == r["p"]:
        continue
    verdict = lambda v: {"valid": "valid", "invalid": "INVALID"}.get(v, v)
    print("| %s | %s | %s | %s | %s | %s | %s |" % (r["file"], r["v"], verdict(r["ev"]), verdict(r["pv"]),
          " ".join(sorted(r["e"] - r["p"])) or "-", " ".join(sorted(r["p"] - r["e"])) or "-",
          " ".join(sorted(r["e"] & r["p"])) or "-"))

print("\n## IDs by the number of EPUBs where only one side reports them (FATAL/ERROR)\n")
only_e, only_p = collections.Counter(), collections.Counter()
only_e_v, only_p_v = collections.defaultdict(collections.Counter), collections.defaultdict(collections.Counter)
for r in rows:
    for i in r["e"] - r["p"]:
        only_e[i] += 1
        only_e_v[i][r["v"]] += 1
    for i in r["p"] - r["e"]:
        only_p[i] += 1
        only_p_v[i][r["v"]] += 1
print("| ID | only epubcheck (EPUB 2/3) | only ours (EPUB 2/3) |")
print("|---|---:|---:|")
for i in sorted(set(only_e) | set(only_p), key=lambda i: -(only_e[i] + only_p[i])):
    fmt = lambda c, v: "%d (%d/%d)" % (c[i], v[i]["2"], v[i]["3"]) if c[i] else "-"
    print("| %s | %s | %s |" % (i, fmt(only_e, only_e_v), fmt(only_p, only_p_v)))


def times(name):
    try:
        return [float(x) for x in open(os.path.join(work, name)).read().split()[:3]]
    except (OSError, ValueError):
        return None


et, pt = times("ec.time"), times("ep.time")
if et and pt:
    print("\n## Time\n")
    print("epubcheck 5.3.0, one JVM for all %d: %.1f s wall, %.1f s CPU; epubpack, one process each: "
          "%.1f s wall, %.1f s CPU; ratio %.0fx wall, %.0fx CPU (epubcheck / epubpack)"
          % (len(rows), et[0], et[1] + et[2], pt[0], pt[1] + pt[2], et[0] / max(pt[0], 1e-9),
             (et[1] + et[2]) / max(pt[1] + pt[2], 1e-9)))
