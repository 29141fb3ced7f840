#!/usr/bin/env python3
"""Language detection on real web pages (docs/ARCHITECTURE.md "Language detection").

  tests/bench/langid_pages.py EPUBPACK PAGE.html...

Each page that declares a language util/langid.c knows (<html lang>) is copied with every
declaration removed (<html lang>, xml:lang, og:locale, JSON-LD inLanguage, Content-Language),
built, and the language epubpack detects is compared with the declared one. Pages declare
wrongly too (WordPress writes lang="en-US" over German text): for each disagreement the counts
of the commonest words of de, en, es and fr in the article say which side the text is on.
"""
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

KNOWN = set("ru uk be bg sr mk kk mn en de fr es it pt pl cs hr".split())
STOPWORDS = {
    "de": "der die und das ist nicht mit den von zu ein eine auf für sich auch".split(),
    "en": "the and of to is that with for it on was are this be".split(),
    "es": "el la de que y los las en del por con una para es".split(),
    "fr": "le la les et des est que une pour dans du pas sur qui".split(),
}


def undeclare(html):
    for _ in range(2):  # lang and xml:lang
        html = re.sub(r"(<html[^>]*?)\s(xml:)?lang\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]*)", r"\1",
                      html, flags=re.I)
    html = re.sub(r"<meta[^>]*og:locale[^>]*>", "", html, flags=re.I)
    html = re.sub(r"\"inLanguage\"\s*:\s*\"[^\"]*\"\s*,?", "", html)
    return re.sub(r"<meta[^>]*content-language[^>]*>", "", html, flags=re.I)


def unzip(epub, name):
    return subprocess.run(["unzip", "-p", epub, name], capture_output=True, text=True).stdout


def one(epubpack, page, work):
    html = open(page, encoding="utf-8", errors="replace").read()
    m = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", html, re.I)
    if not m or m.group(1).lower() not in KNOWN:
        return None
    d = tempfile.mkdtemp(dir=work)
    src, epub = os.path.join(d, "page.html"), os.path.join(d, "page.epub")
    open(src, "w", encoding="utf-8").write(undeclare(html))
    r = subprocess.run([epubpack, "build", src, "-o", epub, "--no-check", "--font", "none",
                        "--hyphenate=off"], capture_output=True, text=True)
    if r.returncode:
        return (page, m.group(1).lower(), None, None)
    got = re.search(r"<dc:language>([^<-]*)", unzip(epub, "EPUB/package.opf")).group(1)
    words = re.findall(r"\w+", re.sub(r"<[^>]*>", " ", unzip(epub, "EPUB/text/ch001.xhtml")).lower())
    counts = {lang: sum(words.count(w) for w in ws) for lang, ws in STOPWORDS.items()}
    return (page, m.group(1).lower(), got, max(counts, key=counts.get) if any(counts.values()) else None)


def main():
    epubpack, pages = sys.argv[1], sys.argv[2:]
    with tempfile.TemporaryDirectory() as work, concurrent.futures.ThreadPoolExecutor(2) as ex:
        rows = [r for r in ex.map(lambda p: one(epubpack, p, work), pages) if r]
    built = [r for r in rows if r[2]]
    agree = [r for r in built if r[1] == r[2]]
    other = [r for r in built if r[1] != r[2]]
    print("pages declaring a known language: %d; built: %d; detected = declared: %d (%.1f%%)"
          % (len(rows), len(built), len(agree), 100.0 * len(agree) / max(len(built), 1)))
    print("of the %d others, the commonest words side with the detection on %d, with the "
          "declaration on %d" % (len(other), sum(r[2] == r[3] for r in other),
                                 sum(r[1] == r[3] for r in other)))
    for page, declared, got, words in other:
        name = os.path.join(os.path.basename(os.path.dirname(page)), os.path.basename(page))
        print("  %s: declared %s, detected %s, words %s" % (name, declared, got, words))


if __name__ == "__main__":
    main()
