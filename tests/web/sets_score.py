#!/usr/bin/env python3
"""Scores epubpack's article text on a set of web pages (tests/bench/web_sets.sh).

    sets_score.py readability PAGES RESULTS
    sets_score.py trafilatura EVALDATA.json RESULTS

RESULTS holds one NAME.json per page that built (tests/web/epub_result.py: title, byline,
text) or NAME.fail. A page that failed scores 0 on every measure.

- readability: Mozilla Readability's test pages (PAGES/NAME/expected.html). Token precision,
  recall and F1 of the article's words against expected.html's, as tests/web/score.py counts
  them (lowercased [^\\W_]+ words, multiset overlap).
- trafilatura: trafilatura's evaluation pages (tests/evaldata.json: per page, text chunks the
  article must hold, "with", and chunks it must not, "without"). As trafilatura's
  tests/eval_common.py counts them: whitespace-normalised substring matching; a "with" chunk
  found is a true positive, one missing a false negative, a "without" chunk found a false
  positive. NAME is the evaldata "file" without ".html". Our text is scored without the book's
  title heading (the first occurrence of dc:title), as trafilatura's text has no title.

Prints one line per page ("NAME f1 precision recall"), then `key=value` totals: pages, built,
failed, median and mean of each per-page measure, and for trafilatura the pooled (micro)
precision, recall and F1 over all chunks, the figure trafilatura publishes.
"""
import json
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score  # noqa: E402  (tests/web/score.py: words(), html_text(), norm())

from collections import Counter  # noqa: E402


def prf_tokens(ours, want):
    a, b = Counter(ours), Counter(want)
    common = sum((a & b).values())
    if not a and not b:
        return 1.0, 1.0, 1.0
    if not common:
        return 0.0, 0.0, 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r), p, r


def ws(s):
    """Whitespace runs as one space; soft hyphens (U+00AD, unseen) dropped on both sides."""
    return re.sub(r"\s+", " ", (s or "").replace("\u00ad", "")).strip()


def load(results, name):
    path = os.path.join(results, name + ".json")
    if not os.path.exists(path):
        return None
    return json.load(open(path, encoding="utf-8"))


def readability(pages, results):
    rows = []
    for name in sorted(n for n in os.listdir(pages) if os.path.isdir(os.path.join(pages, n))):
        res = load(results, name)
        if res is None:
            rows.append((name, None))
            continue
        expected = open(os.path.join(pages, name, "expected.html"), encoding="utf-8").read()
        rows.append((name, prf_tokens(score.words(res.get("text", "")), score.words(score.html_text(expected)))))
    return rows, None


def trafilatura(evaldata, results):
    data = json.load(open(evaldata, encoding="utf-8"))
    rows, pooled = [], [0, 0, 0]
    for url in sorted(data):
        item = data[url]
        name = item["file"][:-5] if item["file"].endswith(".html") else item["file"]
        if re.fullmatch(r"[0-9a-f]{32}", name):
            continue  # scrapinghub's benchmark pages: kept aside as the unseen check (issue 22)
        res = load(results, name)
        if res is None and not os.path.exists(os.path.join(results, name + ".fail")):
            continue  # not in this run (web_sets.sh builds the pages it finds)
        text = ""
        if res is not None:
            text = ws(res.get("text", ""))
            title = ws(res.get("title", ""))
            if title:
                text = text.replace(title, " ", 1)
            text = ws(text)
        tp = sum(1 for w in item["with"] if ws(w) in text)
        fp = sum(1 for w in item["without"] if ws(w) in text)
        fn = len(item["with"]) - tp
        pooled[0] += tp
        pooled[1] += fp
        pooled[2] += fn
        if res is None:
            rows.append((name, None))
            continue
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows.append((name, (f, p, r)))
    return rows, pooled


def main():
    kind, src, results = sys.argv[1], sys.argv[2], sys.argv[3]
    rows, pooled = {"readability": readability, "trafilatura": trafilatura}[kind](src, results)
    for name, m in rows:
        print("%-60s %s" % (name, "FAILED" if m is None else "%.3f %.3f %.3f" % m))
    ms = [m if m is not None else (0.0, 0.0, 0.0) for _, m in rows]
    print("pages=%d" % len(rows))
    print("built=%d" % sum(1 for _, m in rows if m is not None))
    print("failed=%d" % sum(1 for _, m in rows if m is None))
    for i, key in enumerate(("f1", "precision", "recall")):
        vals = [m[i] for m in ms] or [0.0]
        print("median_%s=%.3f" % (key, statistics.median(vals)))
        print("mean_%s=%.3f" % (key, statistics.mean(vals)))
    if pooled is not None:
        tp, fp, fn = pooled
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        print("pooled_precision=%.3f" % p)
        print("pooled_recall=%.3f" % r)
        print("pooled_f1=%.3f" % (2 * p * r / (p + r) if p + r else 0.0))


if __name__ == "__main__":
    main()
