#!/usr/bin/env python3
"""Scores epubpack's web-page reading against Mozilla Readability's expected results.

    score.py PAGES RESULTS [--report FILE]

PAGES: Readability's test-pages/ (each NAME/ holds expected.html, expected-metadata.json).
RESULTS: one NAME.json per page that built: {"title": …, "byline": …, "text": …} (our dc:title,
our dc:creators joined by ", ", the words of our article), or NAME.fail holding the build's
message. Prints one line per page and the totals as `key=value` lines:

- title: exact match after whitespace is collapsed (NFC); or Readability's title is ours followed
  by " - ", " | ", " – ", " — ", " :: " and Readability's own siteName, or a part that holds the
  page's host's label (its canonical link or og:url: "Mozilla - Wikipedia" on en.wikipedia.org):
  the book's title leaves the site's name out on purpose (issue 22), Readability keeps it; or
  ours (12 bytes or more: the page's headline) is Readability's title without a shorter part
  set beside it after a separator ("… | Factorio", "…_科技_腾讯网", "Site - …"), the rule of
  src/read/webmeta.c's headline_of_title;
- byline: the same, ASCII case ignored and a leading "By" dropped on both sides (Readability
  keeps the page's "By Jane Doe", a creator is "Jane Doe"), or Readability's is ours followed
  by a date (a year in it: "By Jane Doe March 25, 2015"); a page without a byline matches
  when we have none;
- F1 of the article's words: multiset overlap of lowercased words ([^\\W_]+) of our text and of
  expected.html's text.
"""
import html.parser
import json
import os
import re
import statistics
import sys
import unicodedata


class Text(html.parser.HTMLParser):
    SKIP = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        self.out.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        self.out.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_text(s):
    p = Text()
    p.feed(s)
    p.close()
    return "".join(p.out)


def words(t):
    t = unicodedata.normalize("NFC", t or "")
    t = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", t)
    return [w.lower() for w in re.findall(r"[^\W_]+", t)]


def f1(ours, want):
    from collections import Counter
    a, b = Counter(ours), Counter(want)
    common = sum((a & b).values())
    if not a and not b:
        return 1.0
    if not common:
        return 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r)


def norm(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s or "")).strip()


def host_label(source):
    """The page's host's own label (src/read/webmeta.c names_host): the one before the top-level
    domain, or before a short second level ("co.uk"), from the canonical link or og:url."""
    m = re.search(r'<link rel="canonical" href="https?://([^/"]+)', source) or re.search(
        r'og:url" content="https?://([^/"]+)', source)
    if not m:
        return ""
    labels = m.group(1).lower().split(".")
    if len(labels) < 2:
        return ""
    label = labels[-2]
    if len(labels) >= 3 and len(label) <= 3:
        label = labels[-3]
    return re.sub(r"[^0-9a-z\u0080-\uffff]", "", label)


def squeeze(s):
    return re.sub(r"[^0-9a-z\u0080-\uffff]", "", s.lower())


def title_ok(ours, want, site, label=""):
    ours, want = norm(ours), norm(want)
    if ours == want:
        return True
    seps = (" - ", " | ", " \u2013 ", " \u2014 ", " :: ")
    site = norm(site)
    if site and any(want == ours + sep + site for sep in seps):
        return True
    # The site's name in other words than og:site_name: a last part holding the host's label
    # ("Mozilla - Wikipedia" on en.wikipedia.org), which the book leaves out as it does siteName.
    for sep in seps:
        if want.startswith(ours + sep):
            rest = squeeze(want[len(ours) + len(sep):])
            if len(label) >= 4 and len(rest) >= 4 and (label in rest or rest in label):
                return True
    # The page's headline, the title said beside a shorter name (webmeta.c headline_of_title).
    size = len(ours.encode())
    if size >= 12:
        sep = r"[\s\u00a0\u3000]*[|\-:_/>~\u00b7\u00bb\u2013\u2014\u2022\uff1a\uff5c\uff0d\uff0f]"
        if want.startswith(ours):
            m = re.match(sep + r"[\s\u00a0\u3000]*(.+)$", want[len(ours):])
            if m and len(m.group(1).encode()) < size:
                return True
        if want.endswith(ours):
            m = re.match(r"^(.+?)" + sep + r"[\s\u00a0]*$", want[:-len(ours)])
            if m and len(m.group(1).encode()) < size:
                return True
    return False


def norm_byline(s):
    s = norm(s)
    s = re.sub(r"^by\b:?\s*", "", s, flags=re.I)
    return s.lower()


def main():
    pages, results = sys.argv[1], sys.argv[2]
    report = None
    if len(sys.argv) > 4 and sys.argv[3] == "--report":
        report = open(sys.argv[4], "w", encoding="utf-8")
    names = sorted(n for n in os.listdir(pages) if os.path.isdir(os.path.join(pages, n)))
    built = failed = titles = bylines = 0
    scores = []
    for name in names:
        meta = json.load(open(os.path.join(pages, name, "expected-metadata.json"), encoding="utf-8"))
        res = os.path.join(results, name + ".json")
        if not os.path.exists(res):
            failed += 1
            msg = ""
            if os.path.exists(os.path.join(results, name + ".fail")):
                msg = open(os.path.join(results, name + ".fail"), encoding="utf-8").read().strip()
            print("%-45s FAILED %s" % (name, msg.splitlines()[-1] if msg else "(no result)"))
            scores.append(0.0)
            continue
        built += 1
        ours = json.load(open(res, encoding="utf-8"))
        source = open(os.path.join(pages, name, "source.html"), encoding="utf-8", errors="replace").read()
        t_ok = title_ok(ours.get("title"), meta.get("title"), meta.get("siteName"), host_label(source))
        want_b = meta.get("byline")
        b_ok = norm_byline(ours.get("byline")) == norm_byline(want_b)
        # Readability's byline with the date after the name ("By Nathan Willis March 25, 2015"):
        # the book's creator is the name (webmeta.c drop_date_after_name), the date dc:date.
        ob, wb = norm_byline(ours.get("byline")), norm_byline(want_b)
        b_ok = b_ok or (bool(ob) and wb.startswith(ob + " ") and
                        re.search(r"\b(19|20)\d\d\b", wb[len(ob):]) is not None and
                        not re.search(r"\d", ob))
        expected = open(os.path.join(pages, name, "expected.html"), encoding="utf-8").read()
        score = f1(words(ours.get("text", "")), words(html_text(expected)))
        titles += t_ok
        bylines += b_ok
        scores.append(score)
        line = "%-45s f1=%.3f title=%s byline=%s" % (name, score, "ok" if t_ok else "NO", "ok" if b_ok else "NO")
        if not t_ok:
            line += "\n    title: ours %r, expected %r" % (norm(ours.get("title")), norm(meta.get("title")))
        if not b_ok:
            line += "\n    byline: ours %r, expected %r" % (norm(ours.get("byline")), norm(want_b))
        print(line)
        if report:
            report.write("%s\t%.3f\t%d\t%d\n" % (name, score, t_ok, b_ok))
    n = len(names)
    print("pages=%d" % n)
    print("built=%d" % built)
    print("failed=%d" % failed)
    print("title_pct=%.1f" % (100.0 * titles / n))
    print("byline_pct=%.1f" % (100.0 * bylines / n))
    print("median_f1=%.3f" % (statistics.median(scores) if scores else 0.0))
    print("mean_f1=%.3f" % (statistics.mean(scores) if scores else 0.0))


if __name__ == "__main__":
    main()
