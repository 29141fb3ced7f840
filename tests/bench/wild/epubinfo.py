#!/usr/bin/env python3
"""EPUB facts for the wild benchmark.

    epubinfo.py version FILE...     prints FILE<TAB>VERSION (2, 3 or ?) per file
    epubinfo.py manifest DIR SOURCES.TSV...
        prints manifest.tsv (file, sha256, bytes, version, source, licence, note) for every
        *.epub under DIR (file: its path under DIR); SOURCES.TSV lines are
        name<TAB>source[<TAB>licence[<TAB>note]], name the file's base name

VERSION is the major version of the first rootfile's <package version="...">: "2" for 2.0
and 2.0.1, "3" for 3.x; "?" when there is no readable package (not a ZIP, no container, no
OPF): epubcheck then decides from nothing, and the benchmark counts such files apart.
"""
import hashlib
import os
import re
import sys
import zipfile


def version(path):
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            opf = None
            if "META-INF/container.xml" in names:
                c = z.read("META-INF/container.xml").decode("utf-8", "replace")
                m = re.search(r"<(?:\w+:)?rootfile\b[^>]*?full-path\s*=\s*[\"']([^\"']+)", c)
                if m and m.group(1) in names:
                    opf = m.group(1)
            if opf is None:
                return "?"
            head = z.read(opf)[:8192].decode("utf-8", "replace")
            m = re.search(r"<(?:\w+:)?package\b[^>]*?\sversion\s*=\s*[\"']\s*([0-9])", head)
            return m.group(1) if m else "?"
    except (zipfile.BadZipFile, OSError, KeyError, NotImplementedError):
        return "?"


def main():
    cmd = sys.argv[1]
    if cmd == "version":
        for f in sys.argv[2:]:
            print("%s\t%s" % (f, version(f)))
    elif cmd == "manifest":
        d = sys.argv[2]
        src = {}
        for t in sys.argv[3:]:
            with open(t, encoding="utf-8") as fh:
                for line in fh:
                    f = line.rstrip("\n").split("\t")
                    if f and f[0]:
                        src[f[0]] = (f + ["", "", ""])[1:4]
        print("file\tsha256\tbytes\tversion\tsource\tlicence\tnote")
        found = []
        for root, _, names in os.walk(d):
            found += [os.path.join(root, n) for n in names if n.endswith(".epub")]
        for p in sorted(found, key=lambda p: os.path.relpath(p, d)):
            h = hashlib.sha256(open(p, "rb").read()).hexdigest()
            s, lic, note = src.get(os.path.basename(p), ("?", "", ""))
            print("\t".join([os.path.relpath(p, d), h, str(os.path.getsize(p)), version(p), s, lic or "unknown",
                             note]))


if __name__ == "__main__":
    main()
