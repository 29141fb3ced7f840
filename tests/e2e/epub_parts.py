#!/usr/bin/env python3
"""epub_parts.py EPUB — facts about an EPUB's content documents, for the splitting tests.

Prints one line per spine document: "doc NAME BYTES TITLE", then "largest NAME BYTES" and
"toc HREF" per nav entry. Exits 1, naming each problem, when a link (a/@href, img/@src, the
nav's and the NCX's targets) does not resolve to a file of the EPUB and, with a fragment, to an
id in it; or when a spine document lacks lang/xml:lang equal to the package's, a <title>, or
the stylesheet link."""
import posixpath
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OPF = "{http://www.idpf.org/2007/opf}"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"

z = zipfile.ZipFile(sys.argv[1])
names = set(z.namelist())
container = z.read("META-INF/container.xml").decode()
opf_path = re.search(r'full-path="([^"]+)"', container).group(1)
base = posixpath.dirname(opf_path)
opf = ET.fromstring(z.read(opf_path))
lang = opf.get(XML_LANG)
items = {i.get("id"): i for i in opf.iter(OPF + "item")}
spine = [posixpath.join(base, items[r.get("idref")].get("href")) for r in opf.iter(OPF + "itemref")]
nav = next(posixpath.join(base, i.get("href")) for i in items.values()
           if "nav" in (i.get("properties") or "").split())
problems = []
trees, ids = {}, {}
for n in names:
    if n.endswith((".xhtml", ".ncx")):
        trees[n] = ET.fromstring(z.read(n))
        ids[n] = {e.get("id") for e in trees[n].iter() if e.get("id")}


def resolve(doc, ref, what):
    if re.match(r"[a-z][a-z0-9+.-]*:", ref):
        return
    path, _, frag = ref.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(doc), path)) if path else doc
    if target not in names:
        problems.append("%s: %s %s: no file %s" % (doc, what, ref, target))
    elif frag and frag not in ids.get(target, set()):
        problems.append("%s: %s %s: no id %s in %s" % (doc, what, ref, frag, target))


for doc, t in trees.items():
    for e in t.iter():
        if e.tag in (XHTML + "a", XHTML + "link") and e.get("href"):
            resolve(doc, e.get("href"), "link")
        if e.tag == XHTML + "img" and e.get("src"):
            resolve(doc, e.get("src"), "image")
        if e.tag == NCX + "content":
            resolve(doc, e.get("src"), "NCX target")
largest = ("", 0)
for doc in spine:
    size = z.getinfo(doc).file_size
    t = trees[doc]
    title = t.find(XHTML + "head/" + XHTML + "title")
    title = "".join(title.itertext()).strip() if title is not None else ""
    print("doc %s %d %s" % (posixpath.basename(doc), size, title))
    if size > largest[1]:
        largest = (posixpath.basename(doc), size)
    if t.get("lang") != lang or t.get(XML_LANG) != lang:
        problems.append("%s: lang %r / xml:lang %r, package %r" % (doc, t.get("lang"), t.get(XML_LANG), lang))
    if not title:
        problems.append("%s: no <title>" % doc)
    if doc != nav and not any(l.get("rel") == "stylesheet" for l in t.iter(XHTML + "link")):
        problems.append("%s: no stylesheet link" % doc)
print("largest %s %d" % largest)
for nv in trees[nav].iter(XHTML + "nav"):
    if "toc" in (nv.get("{http://www.idpf.org/2007/ops}type") or ""):
        for a in nv.iter(XHTML + "a"):
            print("toc %s %s" % (a.get("href"), "".join(a.itertext()).strip()))
for p in problems:
    print("PROBLEM " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
