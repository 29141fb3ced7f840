#!/usr/bin/env python3
"""Every link of a static catalog (epubpack catalog), for tests/e2e/catalog_opds.sh.

    catalog_links.py OUT [BASE_URL]

Reads every feed and page under OUT (opds.xml, opds.json, index.html, catalog/*.{xml,atom,json,
html}) and collects each link: Atom's link@href and author/uri, OPDS 2.0's "href"s, HTML's
a@href, img@src and link@href. Each must be a valid URI reference (RFC 3986: no space, no
raw non-ASCII byte), relative unless BASE_URL is given (then under it), and must name a file
of OUT once resolved and percent-decoded. Prints each distinct target as a path from OUT's top,
percent-encoded as in the link, one per line; exits 1 (naming the link) when one fails.
"""
import html.parser
import json
import os
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
URI_OK = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if key in a and tag in ("a", "img", "link"):
                self.found.append(a[key])


def json_hrefs(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "href" and isinstance(v, str):
                out.append(v)
            else:
                json_hrefs(v, out)
    elif isinstance(node, list):
        for v in node:
            json_hrefs(v, out)


def main():
    out = os.path.abspath(sys.argv[1])
    base = sys.argv[2] if len(sys.argv) > 2 else None
    docs = ["opds.xml", "opds.json", "index.html"]
    for name in sorted(os.listdir(os.path.join(out, "catalog"))):
        if name.endswith((".xml", ".atom", ".json", ".html")):
            docs.append("catalog/" + name)
    targets, bad = set(), 0
    for doc in docs:
        path = os.path.join(out, doc)
        hrefs = []
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if doc.endswith((".xml", ".atom")):
            root = ET.fromstring(text)
            hrefs = [e.get("href") for e in root.iter(ATOM + "link")]
            hrefs += [e.text for e in root.iter(ATOM + "uri")]
        elif doc.endswith(".json"):
            json_hrefs(json.loads(text), hrefs)
        else:
            p = Links()
            p.feed(text)
            hrefs = p.found
        for href in hrefs:
            if not href or not URI_OK.match(href):
                print("%s: %r is not a URI reference" % (doc, href), file=sys.stderr)
                bad += 1
                continue
            if base:
                if not href.startswith(base):
                    print("%s: %s is not under %s" % (doc, href, base), file=sys.stderr)
                    bad += 1
                    continue
                rel = href[len(base):]
            else:
                if urllib.parse.urlsplit(href).scheme or href.startswith("/"):
                    print("%s: %s is not relative" % (doc, href), file=sys.stderr)
                    bad += 1
                    continue
                rel = os.path.normpath(os.path.join(os.path.dirname(doc), href))
            if rel.startswith(".."):
                print("%s: %s leaves the catalog" % (doc, href), file=sys.stderr)
                bad += 1
                continue
            if not os.path.isfile(os.path.join(out, urllib.parse.unquote(rel))):
                print("%s: %s names no file (%s)" % (doc, href, urllib.parse.unquote(rel)),
                      file=sys.stderr)
                bad += 1
                continue
            targets.add(rel)
    for t in sorted(targets):
        print(t)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
