#!/usr/bin/env python3
"""Where the text that is not the article comes from, on trafilatura's set (issue 22).

    sets_where.py EVALDATA.json OUTDIR/trafilatura EPUBPACK

OUTDIR is a tests/bench/web_sets.sh output (its res/*.json and list). For every "without" chunk
found in a page's text (a false positive, as tests/web/sets_score.py counts it), the page is
built again and the chunk looked up: in the EPUB, the innermost element holding it; in the
source page, the innermost element holding it with its class and id and those of four
ancestors. Prints one tab-separated line per chunk (page, EPUB element, source path, chunk),
then the count per EPUB element.
"""
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser

VOID = set("area base br col embed hr img input link meta param source track wbr".split())


def ws(s):
    return re.sub(r"\s+", " ", s or "").strip()


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.kids = tag, dict(attrs), parent, []


class Tree(HTMLParser):
    """A rough tree of the page (the standard library has no HTML5 parser): enough to name
    where a chunk of text sits."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.cur = Node("root", {}, None)

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.kids.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_endtag(self, tag):
        c = self.cur
        while c is not None and c.tag != tag:
            c = c.parent
        if c is not None and c.parent is not None:
            self.cur = c.parent

    def handle_data(self, d):
        if self.cur.tag not in ("script", "style"):
            self.cur.kids.append(d)


def text(n):
    return "".join(k if isinstance(k, str) else text(k) for k in n.kids)


def deepest(n, chunk):
    for k in n.kids:
        if not isinstance(k, str) and chunk in ws(text(k)):
            return deepest(k, chunk)
    return n


def describe(n):
    parts = []
    while n is not None and n.tag != "root" and len(parts) < 5:
        cls = (n.attrs.get("class") or "")[:40].replace(" ", ".")
        i = n.attrs.get("id") or ""
        parts.append(n.tag + ("#" + i if i else "") + ("." + cls if cls else ""))
        n = n.parent
    return " < ".join(parts)


def xdeepest(e, chunk):
    for k in e:
        if chunk in ws("".join(k.itertext())):
            return xdeepest(k, chunk)
    return e


def main():
    evaldata, out, epubpack = sys.argv[1:4]
    data = json.load(open(evaldata, encoding="utf-8"))
    pages = dict(line.rstrip("\n").split("\t", 1) for line in open(os.path.join(out, "list"), encoding="utf-8"))
    per_tag = collections.Counter()
    tmp = tempfile.mkdtemp()
    for url in sorted(data):
        item = data[url]
        name = item["file"][:-5] if item["file"].endswith(".html") else item["file"]
        res = os.path.join(out, "res", name + ".json")
        if name not in pages or not os.path.exists(res):
            continue
        r = json.load(open(res, encoding="utf-8"))
        body = ws(r.get("text", ""))
        title = ws(r.get("title", ""))
        if title:
            body = ws(body.replace(title, " ", 1))
        found = [ws(w) for w in item["without"] if ws(w) in body]
        if not found:
            continue
        epub = os.path.join(tmp, "page.epub")
        subprocess.run([epubpack, "build", pages[name], "-o", epub], capture_output=True, check=False)
        z = zipfile.ZipFile(epub)
        docs = [ET.fromstring(z.read(n)) for n in z.namelist() if n.startswith("EPUB/text/") and n.endswith(".xhtml")]
        tree = Tree()
        tree.feed(open(pages[name], "rb").read().decode("utf-8", "replace"))
        for chunk in found:
            tag = "?"
            for d in docs:
                body_el = d.find("{http://www.w3.org/1999/xhtml}body")
                if body_el is not None and chunk in ws("".join(body_el.itertext())):
                    tag = xdeepest(body_el, chunk).tag.split("}")[-1]
                    break
            per_tag[tag] += 1
            print("%s\t%s\t%s\t%s" % (name, tag, describe(deepest(tree.root, chunk)), chunk[:80]))
    for tag, n in per_tag.most_common():
        print("count\t%s\t%d" % (tag, n))


if __name__ == "__main__":
    main()
