#!/usr/bin/env python3
"""causes.py WORK — groups the disagreements of a compare.sh run (KEEP=WORK) by cause.

Every FATAL/ERROR message that one side reports and the other does not (same ID, compared
per EPUB) is matched against RULES below, first match wins: (side that reports it, ID, EPUB
version or "*", regex on the message) -> cause. A cause names who is right, per epubcheck
5.3.0's behaviour and the EPUB 2.0.1 / 3.3 specifications, as judged by reading the messages
and the files (RESULTS.md gives the reasoning). Prints, per cause: the EPUBs it touches, and
how many of those would agree on the whole error-ID set if that cause alone were fixed (it is
their only cause). A message no rule knows is counted under "unclassified: SIDE ID".
"""
import collections
import json
import os
import re
import sys

AFTER_FATAL = ("after-fatal: links of a document that is not well-formed are not checked "
               "(epubcheck checks those read before the error)")
# side: "ec" (only epubcheck reports it: we miss it) or "ep" (only we report it).
RULES = [
    # EPUB 3-only rules that we apply to EPUB 2 (epubcheck does not): we are wrong.
    ("ep", "HTM-004", "2", r"", "E2-doctype: EPUB 3 doctype rule on EPUB 2 (XHTML 1.1 doctype is right there)"),
    ("ep", "OPF-014", "2", r"", "E2-properties: manifest `properties` (svg, remote-resources, scripted, mathml) required on EPUB 2, where OPF 2.0 has no such attribute"),
    ("ep", "OPF-015", "2", r"", "E2-properties: manifest `properties` (svg, remote-resources, scripted, mathml) required on EPUB 2, where OPF 2.0 has no such attribute"),
    ("ep", "OPF-092", "2", r"", "E2-bcp47: BCP 47 language-tag check on EPUB 2 (pandoc's xml:lang=\"C\" from a C locale; RFC 3066 syntax accepts it)"),
    ("ep", "OPF-096", "2", r"", "E2-other3: other EPUB 3-only package/content rules on EPUB 2"),
    ("ep", "OPF-091", "2", r"", "E2-other3: other EPUB 3-only package/content rules on EPUB 2"),
    ("ep", "OPF-074", "2", r"", "E2-other3: other EPUB 3-only package/content rules on EPUB 2"),
    ("ep", "OPF-073", "2", r"", "E2-other3: other EPUB 3-only package/content rules on EPUB 2"),
    ("ep", "OPF-033", "2", r"", "E2-other3: other EPUB 3-only package/content rules on EPUB 2"),
    ("ep", "RSC-005", "2", r"dc:date|title element must not be empty|not an HTML element", "E2-other3: other EPUB 3-only package/content rules on EPUB 2"),
    ("ep", "RSC-010", "2", r"", "E2-other3: other EPUB 3-only package/content rules on EPUB 2"),
    ("ep", "RSC-011", "2", r"", "E2-other3: other EPUB 3-only package/content rules on EPUB 2"),
    # EPUB 2 rules we do not have: epubcheck is right.
    ("ec", "RSC-005", "2", r"", "E2-schema: XHTML 1.1 / OPF 2.0 / NCX schema not enforced on EPUB 2 (content model, attributes, ids, RFC 3066, empty guide, playOrder, doctype)"),
    ("ec", "HTM-004", "2", r"", "E2-schema: XHTML 1.1 / OPF 2.0 / NCX schema not enforced on EPUB 2 (content model, attributes, ids, RFC 3066, empty guide, playOrder, doctype)"),
    ("ec", "RSC-016", "2", r"entity", "E2-entities: entities of an XHTML 1.0 doctype (&rsquo; ...) accepted; epubcheck knows only its own DTDs (XHTML 1.1, OPS) and says FATAL RSC-016"),
    ("ec", "RSC-006", "2", r"", "E2-remote: remote resource in EPUB 2 is RSC-006 for epubcheck, RSC-008 for us"),
    ("ep", "RSC-008", "2", r"remote resource", "E2-remote: remote resource in EPUB 2 is RSC-006 for epubcheck, RSC-008 for us"),
    ("ec", "OPF-032", "2", r"", "E2-package: EPUB 2 package checks missing (guide targets, spine idrefs, fallbacks, renditions, fragment hrefs)"),
    ("ec", "OPF-049", "2", r"", "E2-package: EPUB 2 package checks missing (guide targets, spine idrefs, fallbacks, renditions, fragment hrefs)"),
    ("ec", "OPF-031", "2", r"", "E2-package: EPUB 2 package checks missing (guide targets, spine idrefs, fallbacks, renditions, fragment hrefs)"),
    ("ec", "RSC-032", "2", r"", "E2-package: EPUB 2 package checks missing (guide targets, spine idrefs, fallbacks, renditions, fragment hrefs)"),
    ("ec", "PKG-013", "2", r"", "E2-package: EPUB 2 package checks missing (guide targets, spine idrefs, fallbacks, renditions, fragment hrefs)"),
    ("ec", "RSC-001", "2", r"", "E2-package: EPUB 2 package checks missing (guide targets, spine idrefs, fallbacks, renditions, fragment hrefs)"),
    ("ec", "RSC-011", "2", r"", "E2-package: EPUB 2 package checks missing (guide targets, spine idrefs, fallbacks, renditions, fragment hrefs)"),
    ("ep", "RSC-008", "2", r"", "refs: references: a file absent from the container is RSC-007 for epubcheck, RSC-008 (undeclared) for us; on EPUB 2 we also check <script>/<audio>/<video> sources, epubcheck does not"),
    ("ec", "CHK-008", "*", r"", "unreadable-item: epubcheck's CHK-008/PKG-008 on an item it cannot read (an SVG with an external DTD)"),
    ("ec", "PKG-008", "*", r"", "unreadable-item: epubcheck's CHK-008/PKG-008 on an item it cannot read (an SVG with an external DTD)"),
    # EPUB 3 content model from the schema: epubcheck is right.
    ("ec", "RSC-005", "3", r"", "E3-schema: HTML/OPF content model not enforced on EPUB 3 (obsolete attributes, misplaced li/tbody/caption/figcaption, font, role values, dc:* attributes)"),
    ("ec", "OPF-014", "3", r"scripted", "E3-scripted: event-handler attributes (onerror, onmouseover) make a document scripted"),
    ("ec", "OPF-027", "3", r"", "E3-opf027: undefined rendition:* itemref/item property not reported (OPF-027)"),
    ("ec", "RSC-020", "3", r"", "URL-cfi: a fragment with [ ] (epubcfi) is not a valid URL (RSC-020)"),
    ("ep", "RSC-007", "3", r"", "URL-base: <base href> ignored, relative links read as in-container"),
    ("ep", "RSC-026", "3", r"", "URL-base: <base href> ignored, relative links read as in-container"),
    ("ep", "RSC-033", "3", r"", "URL-base: <base href> ignored, relative links read as in-container"),
    ("ep", "OPF-015", "3", r"svg", "E3-svg-img: `svg` property on a page showing SVG only through <img> reported as undeclared use (OPF-015)"),
    # Encrypted / obfuscated resources: epubcheck is right.
    ("ep", "RSC-016", "*", r"Start tag expected", "encryption: META-INF/encryption.xml not honoured (encrypted files parsed; missing encrypted files not reported)"),
    ("ep", "CSS-008", "*", r"", "encryption: META-INF/encryption.xml not honoured (encrypted files parsed; missing encrypted files not reported)"),
    ("ec", "RSC-012", "3", r"", "encryption: META-INF/encryption.xml not honoured (encrypted files parsed; missing encrypted files not reported)"),
    ("ec", "RSC-007", "2", r"font|\.TTF|\.otf", "encryption: META-INF/encryption.xml not honoured (encrypted files parsed; missing encrypted files not reported)"),
    # After a fatal XML error epubcheck still reports the links it read before it.
    ("ec", "RSC-007", "*", r"", "refs: references: a file absent from the container is RSC-007 for epubcheck, RSC-008 (undeclared) for us; on EPUB 2 we also check <script>/<audio>/<video> sources, epubcheck does not"),
    ("ec", "RSC-012", "*", r"", "after-fatal: links of a document that is not well-formed are not checked (epubcheck checks those read before the error)"),
    ("ec", "RSC-016", "*", r"", "after-fatal: links of a document that is not well-formed are not checked (epubcheck checks those read before the error)"),
    ("ec", "PKG-021", "*", r"", "image: corrupted image not detected (PKG-021)"),
    ("ec", "CSS-008", "*", r"", "css: CSS syntax error not reported (a comment closed early by a \"*/\" in its text leaves a stray \\)"),
    ("ep", "RSC-005", "*", r"", "ours-RSC-005: RSC-005 only we report"),
]


def main():
    work = sys.argv[1]
    files = open(os.path.join(work, "files"), encoding="utf-8").read().splitlines()
    vers = dict(l.split("\t") for l in open(os.path.join(work, "versions.tsv"), encoding="utf-8").read().splitlines())
    touched = collections.defaultdict(set)
    sole = collections.Counter()
    per_file = {}
    for n, f in enumerate(files, 1):
        msgs = {}
        for s in ("ec", "ep"):
            try:
                d = json.load(open(os.path.join(work, "out", "%d.%s.json" % (n, s)), encoding="utf-8"))
            except (OSError, ValueError):
                d = {"messages": []}
            msgs[s] = [m for m in d.get("messages", []) if m.get("severity") in ("FATAL", "ERROR")]
        ids = {s: {m["ID"].replace("_", "-") for m in msgs[s]} for s in msgs}
        if ids["ec"] == ids["ep"]:
            continue
        v = vers.get(f, "?")
        causes = set()
        for s, o in (("ec", "ep"), ("ep", "ec")):
            for m in msgs[s]:
                i = m["ID"].replace("_", "-")
                if i in ids[o]:
                    continue
                if s == "ec" and i in ("RSC-007", "RSC-012") and "RSC-016" in ids["ec"] & ids["ep"]:
                    causes.add(AFTER_FATAL)
                    continue
                for rs, rid, rv, rx, cause in RULES:
                    if rs == s and rid == i and rv in ("*", v) and re.search(rx, m.get("message", "")):
                        causes.add(cause)
                        break
                else:
                    causes.add("unclassified: %s %s (EPUB %s)" % ({"ec": "only epubcheck", "ep": "only ours"}[s], i, v))
        rel = os.path.relpath(f, os.path.dirname(os.path.dirname(f)))
        per_file[rel] = causes
        for c in causes:
            touched[c].add(rel)
        if len(causes) == 1:
            sole[next(iter(causes))] += 1
    print("| cause (key: diagnosis) | EPUBs | EPUB 2/3 | only cause in |")
    print("|---|---:|---:|---:|")
    for c in sorted(touched, key=lambda c: -len(touched[c])):
        v2 = sum(1 for f in touched[c] if vers.get(next(x for x in files if x.endswith(f)), "?") == "2")
        print("| %s | %d | %d/%d | %d |" % (c, len(touched[c]), v2, len(touched[c]) - v2, sole[c]))
    if len(sys.argv) > 2:
        print()
        for f in sorted(per_file):
            print("%s\t%s" % (f, "; ".join(sorted(c.split(":")[0] for c in per_file[f]))))


if __name__ == "__main__":
    main()
