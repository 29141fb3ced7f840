#!/usr/bin/env python3
"""What tests/web/score.py compares, read from an EPUB epubpack built from a web page.

    epub_result.py EPUB OUT.json

OUT.json: {"title": the first dc:title, "byline": the dc:creators joined by ", ",
"date": the dc:date, "language": the first dc:language,
"text": the text of the spine's documents in order, without the nav document, the page of
contents the guide's toc reference names and the byline paragraph (<p class="byline">: our
rendering of the metadata, not the article), and without soft hyphens (U+00AD: the
hyphenation points the build marks, which a reader does not see)}.
"""
import json
import posixpath
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
}
SKIP = {"script", "style"}


def text_of(el, out):
    tag = el.tag.split("}")[-1]
    if tag in SKIP or (tag == "p" and "byline" in (el.get("class") or "").split()):
        if el.tail:
            out.append(el.tail)
        return
    if el.text:
        out.append(el.text)
    for c in el:
        text_of(c, out)
        out.append(" ")
    if el.tail:
        out.append(el.tail)


def main():
    z = zipfile.ZipFile(sys.argv[1])
    root = ET.fromstring(z.read("META-INF/container.xml"))
    opf_path = root.find(".//c:rootfile", NS).get("full-path")
    opf = ET.fromstring(z.read(opf_path))
    base = posixpath.dirname(opf_path)
    title = opf.find(".//dc:title", NS)
    creators = [c.text or "" for c in opf.findall(".//dc:creator", NS)]
    date = opf.find(".//dc:date", NS)
    lang = opf.find(".//dc:language", NS)
    items = {i.get("id"): i for i in opf.findall(".//opf:manifest/opf:item", NS)}
    toc = [r.get("href").partition("#")[0] for r in opf.findall(".//opf:guide/opf:reference", NS)
           if r.get("type") == "toc"]
    out = []
    for ref in opf.findall(".//opf:spine/opf:itemref", NS):
        item = items[ref.get("idref")]
        if "nav" in (item.get("properties") or "").split() or item.get("href") in toc:
            continue
        doc = ET.fromstring(z.read(posixpath.join(base, item.get("href"))))
        body = doc.find("x:body", NS)
        if body is not None:
            text_of(body, out)
            out.append("\n")
    res = {
        "title": title.text if title is not None else None,
        "byline": ", ".join(creators) if creators else None,
        "date": date.text if date is not None else None,
        "language": lang.text if lang is not None else None,
        "text": re.sub(r"[ \t]+", " ", "".join(out).replace("\u00ad", "")),
    }
    json.dump(res, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)


if __name__ == "__main__":
    main()
