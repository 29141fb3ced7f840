#!/usr/bin/env python3
"""Lists every Schematron assertion (assert and report) of the .sch files in epubcheck's jar,
one a line: file, pattern (its id, else its rule's context), kind, message. Python 3 stdlib.

    scripts/sch-assertions.py JAR

tests/e2e/schematron_map.sh checks that tests/check/schematron.tsv maps each to the code that
ports it or waives it with a reason (docs/ARCHITECTURE.md "Checker").
"""

import re
import sys
import zipfile
import xml.etree.ElementTree as ET

PREFIX = "com/adobe/epubcheck/"


def local(tag):
    return tag.rsplit("}", 1)[-1]


def text_of(e):
    s = "".join(e.itertext())
    return re.sub(r"\s+", " ", s).strip()


def main():
    z = zipfile.ZipFile(sys.argv[1])
    for name in sorted(n for n in z.namelist() if n.endswith(".sch")):
        root = ET.fromstring(z.read(name))
        short = name[len(PREFIX):]
        for pattern in root.iter():
            if local(pattern.tag) != "pattern":
                continue
            for rule in pattern:
                if local(rule.tag) != "rule":
                    continue
                key = pattern.get("id") or pattern.get("name") or rule.get("context") or "?"
                key = re.sub(r"\s+", " ", key)
                for a in rule:
                    if local(a.tag) in ("assert", "report"):
                        print("%s\t%s\t%s\t%s" % (short, key, local(a.tag), text_of(a)[:160]))


if __name__ == "__main__":
    main()
