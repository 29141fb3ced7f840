#!/usr/bin/env python3
"""Why Send-to-Kindle rejects an EPUB: the five problems innocenat/kindle-epub-fix repairs
(script.js at 3a650ca, and the spine-order routine of its pull request 0541f40), checked
the way that tool detects them and then more strictly, plus the 50 MB mail limit.

Usage: kindle_checks.py EPUB...   prints each problem, exits 1 when there is any.
Used by tests/e2e/kindle.sh, which also feeds it a broken EPUB to see every check fail.
"""
import os
import posixpath
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
# fixEncoding's test, applied to every XML file rather than only to .html/.xhtml.
XML_DECL = re.compile(r"""^<\?xml\s+version=["'][\d.]+["']\s+encoding=["'][a-zA-Z\d\-.]+["'].*?\?>""", re.I)
XML_EXT = (".xhtml", ".html", ".htm", ".opf", ".ncx", ".xml", ".svg")
SEND_TO_KINDLE_MAX = 50 * 1000 * 1000


def check(path):
    problems = []
    z = zipfile.ZipFile(path)
    names = z.namelist()
    size = os.path.getsize(path)
    if size > SEND_TO_KINDLE_MAX:
        problems.append("file is %d bytes, over Send to Kindle's 50 MB" % size)

    # 1. fixEncoding: the XML declaration with an encoding, and that encoding is UTF-8.
    texts = {}
    for n in names:
        if not n.lower().endswith(XML_EXT):
            continue
        raw = z.read(n)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append("%s: not UTF-8" % n)
            continue
        texts[n] = text
        m = XML_DECL.match(text.lstrip())
        if not m:
            problems.append("%s: no XML declaration with an encoding (Kindle reads it as ISO-8859-1)" % n)
        elif not re.search(r"""encoding=["']utf-8["']""", m.group(0), re.I):
            problems.append("%s: XML declaration names an encoding other than UTF-8" % n)

    container = ET.fromstring(texts["META-INF/container.xml"])
    opf_path = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile").get("full-path")
    opf = ET.fromstring(texts[opf_path])
    base = posixpath.dirname(opf_path)
    manifest = {i.get("id"): i for i in opf.iter(OPF + "item")}

    def resolve(frm, href):
        return posixpath.normpath(posixpath.join(posixpath.dirname(frm), href.split("#")[0]))

    docs = {}
    for n, t in texts.items():
        if n.endswith((".xhtml", ".html")):
            docs[n] = ET.fromstring(t)

    # 2. fixBodyIdLink: a link to the id of a <body> is an unresolved link on Kindle. Stricter:
    # no <body> has an id at all, so no link can point at one.
    for n, root in docs.items():
        body = root.find(XHTML + "body")
        if body is not None and body.get("id"):
            target = posixpath.basename(n) + "#" + body.get("id")
            linked = [m for m, t in texts.items() if target in t]
            problems.append("%s: <body id=%r>%s" % (n, body.get("id"),
                            " linked from " + ", ".join(linked) if linked else ""))

    # 3. fixBookLanguage: one dc:language, a well-formed tag (the language itself is checked
    # against Calibre's ISO 639 table by kindle.sh through ebook-meta).
    langs = [e.text or "" for e in opf.iter(DC + "language")]
    if len(langs) != 1 or not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", langs[0].strip()):
        problems.append("%s: dc:language %r is not one language tag" % (opf_path, langs))

    # 4. fixStrayIMG: every <img> has a src, and (stricter) it names a file in the container.
    for n, root in docs.items():
        for img in root.iter(XHTML + "img"):
            src = img.get("src")
            if not src:
                problems.append("%s: <img> without src" % n)
            elif resolve(n, src) not in names:
                problems.append("%s: <img src=%r> names no file in the EPUB" % (n, src))

    # 5. fixChapterFileOrder: the spine in the order of the NCX's navPoints (by playOrder,
    # each file at its first navPoint). Run the tool's reordering; it must change nothing.
    spine = []
    for ref in opf.find(OPF + "spine"):
        item = manifest.get(ref.get("idref"))
        spine.append(posixpath.normpath(posixpath.join(base, item.get("href"))) if item is not None else None)
    ncx_items = [i for i in manifest.values() if i.get("media-type") == "application/x-dtbncx+xml"]
    if len(ncx_items) != 1:
        problems.append("%s: %d NCX documents in the manifest (want 1)" % (opf_path, len(ncx_items)))
    else:
        ncx_path = posixpath.normpath(posixpath.join(base, ncx_items[0].get("href")))
        ncx = ET.fromstring(texts[ncx_path])
        points = list(ncx.find(NCX + "navMap").iter(NCX + "navPoint"))
        orders = [int(p.get("playOrder")) for p in points]
        if orders != list(range(1, len(points) + 1)):
            problems.append("%s: playOrder %s is not 1..n in document order" % (ncx_path, orders))
        by_order = {}
        for p in points:
            src = resolve(ncx_path, p.find(NCX + "content").get("src"))
            if src not in by_order.values():
                by_order[int(p.get("playOrder"))] = src
        ncx_files = [by_order[k] for k in sorted(by_order)]
        missing = [f for f in ncx_files if f not in spine]
        if missing:
            problems.append("%s: NCX points at files not in the spine: %s" % (ncx_path, missing))
        # rebuildOpfSpineToMatchNcx, as written in the tool.
        original, waiting, rebuilt, want = list(reversed(spine)), [], [], list(ncx_files)
        while original:
            nxt = original.pop()
            if not want or nxt not in want:
                rebuilt.append(nxt)
            elif want[0] == nxt:
                rebuilt.append(nxt)
                want.pop(0)
                while waiting:
                    original.append(waiting.pop())
            else:
                waiting.append(nxt)
        if rebuilt != spine:
            problems.append("%s: spine order %s disagrees with the NCX order %s" % (opf_path, spine, ncx_files))
    return problems, langs


def main():
    bad = 0
    for path in sys.argv[1:]:
        problems, langs = check(path)
        for p in problems:
            print("  %s: %s" % (path, p))
        bad += len(problems)
        if not problems:
            print("  %s: the five Kindle checks pass (dc:language %s)" % (posixpath.basename(path), langs[0]))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
