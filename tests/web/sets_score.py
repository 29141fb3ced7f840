#!/usr/bin/env python3
"""Scores epubpack's article text on a set of web pages (tests/bench/web_sets.sh).

    sets_score.py readability PAGES RESULTS
    sets_score.py trafilatura EVALDATA.json RESULTS
    sets_score.py newspaper DATA RESULTS      (DATA: newspaper's tests/data)
    sets_score.py goose3 CONTENT RESULTS      (CONTENT: goose3's tests/data/content)
    sets_score.py postlight ROOT RESULTS      (ROOT: holds Postlight Parser's fixtures/ and src/)
    sets_score.py --list newspaper|goose3|postlight DIR [COPIES]
                                              (the set's pages: "NAME<TAB>PATH" lines)

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

- newspaper: newspaper's (codelucas/newspaper) tests/data/text/NAME.txt, the expected text
  (plain: newspaper's own extraction, kept as its regression test) of the page
  tests/data/html/NAME.html (or LANGUAGE_article.html for LANGUAGE.txt). Left out: the 20
  files that are a note on newspaper's own miss, mostly in capitals ("MISSED LAST PARAGRAPH") and the
  empty ones (a 404 and a 403 page): token precision, recall and F1 as for readability.
- goose3: goose3's tests/data/content/NAME.html, whose NAME.json holds the expected
  `cleaned_text`, mostly the first sentence or two of the article (goose3's tests compare a
  prefix). Per page: the token recall of that text in ours, whether ours holds it
  (whitespace-normalised substring: `found`, strict: a curly quote for a straight one misses)
  and whether it starts our text after the title (`lead`: its first 10 words, in order, begin
  within our first 30 words). Metadata where the JSON has it: `title`
  (equal, or ours followed by a site name after " - ", " | "), `meta_lang` against dc:language.
- postlight: Postlight Parser's fixtures, each named by a custom extractor's index.test.js,
  whose asserts give the page's title, author, date_published and the first 13 words of the
  article (`first13`). Per page: whether ours holds those words (found) and starts with them
  (lead), as for goose3; metadata: title equal, author equal (case, a leading "By" and the
  separators ", " / " and " ignored), date: dc:date's day equals date_published's (UTC) day
  (`date_day`) or is one day off (`date_near`: the test's date is the local time in UTC).

Prints one line per page ("NAME f1 precision recall"), then `key=value` totals: pages, built,
failed, median and mean of each per-page measure, and for trafilatura the pooled (micro)
precision, recall and F1 over all chunks, the figure trafilatura publishes.
"""
import datetime
import html
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


def newspaper_truth(data):
    """(NAME, page, expected text file): NAME.txt's page is NAME.html, or for the languages'
    pages LANGUAGE_articleN.html (arabic.txt: arabic_article.html, as newspaper's tests pair them)."""
    for f in sorted(os.listdir(os.path.join(data, "text"))):
        name = f[:-4]
        if not f.endswith(".txt"):
            continue
        text = open(os.path.join(data, "text", f), encoding="utf-8").read()
        letters = [c for c in text if c.isalpha()]
        if not letters or sum(c.isupper() for c in letters) > 0.6 * len(letters):
            continue  # newspaper's note on its own miss ("MISSED LAST PARAGRAPH"), or no text
        for page in (name, re.sub(r"^([a-z]+)(\d*)$", r"\1_article\2", name)):
            path = os.path.join(data, "html", page + ".html")
            if os.path.isfile(path):
                yield name, path, os.path.join(data, "text", f)
                break


def newspaper(data, results):
    rows = []
    for name, _, truth in newspaper_truth(data):
        res = load(results, name)
        want = score.words(open(truth, encoding="utf-8").read())
        rows.append((name, None if res is None else prf_tokens(score.words(res.get("text", "")), want)))
    return rows, None


def without_title(res):
    text, title = ws(res.get("text", "")), ws(res.get("title", ""))
    if title and text.startswith(title):
        text = text[len(title):]
    return ws(text)


def lead(res, want):
    """(token recall, found, lead) of the expected opening text WANT in our text."""
    ours = without_title(res)
    w, o = score.words(want), score.words(ours)
    if not w:
        return None
    a, b = Counter(o), Counter(w)
    recall = sum((a & b).values()) / len(w)
    found = ws(want) in ours
    n = min(len(w), 10)
    starts = any(o[i:i + n] == w[:n] for i in range(0, min(30, max(0, len(o) - n)) + 1))
    return recall, float(found), float(starts)


def same_title(ours, want):
    ours, want = score.norm(html.unescape(ours or "")), score.norm(html.unescape(want or ""))
    return ours == want or any(want.startswith(ours + sep) for sep in (" - ", " | ", " – ", " — ", " :: "))


def goose3_truth(content):
    for f in sorted(os.listdir(content)):
        if f.endswith(".json") and os.path.isfile(os.path.join(content, f[:-5] + ".html")):
            exp = json.load(open(os.path.join(content, f), encoding="utf-8")).get("expected", {})
            if exp.get("cleaned_text"):
                yield f[:-5], os.path.join(content, f[:-5] + ".html"), exp


ASSERT = re.compile(r"assert\.equal\(\s*([A-Za-z_0-9]+)\s*,\s*(['\"`])((?:\\.|(?!\2).)*?)\2\s*,?\s*\)", re.S)


def postlight_truth(root):
    """(NAME, fixture path, {field: value}) per fixture a custom extractor's test reads."""
    seen = set()
    custom = os.path.join(root, "src", "extractors", "custom")
    for site in sorted(os.listdir(custom)):
        test = os.path.join(custom, site, "index.test.js")
        if not os.path.isfile(test):
            continue
        for part in open(test, encoding="utf-8").read().split("beforeAll(")[1:]:
            m = re.search(r"readFileSync\(\s*['\"`]\.?/?(fixtures/[^'\"`]+\.html)", part)
            if not m or m.group(1) in seen or not os.path.isfile(os.path.join(root, m.group(1))):
                continue
            seen.add(m.group(1))
            fields = {}
            for a in ASSERT.finditer(part):
                v = re.sub(r"\\(.)", r"\1", a.group(3))
                fields.setdefault(a.group(1), v)
            yield os.path.basename(m.group(1))[:-5], os.path.join(root, m.group(1)), fields


def meta_content(html_bytes):
    """A Postlight fixture's <meta value=…> back to <meta content=…> (see the module's note)."""
    def fix(m):
        tag = m.group(0)
        if re.search(rb"\scontent\s*=", tag):
            return tag
        return re.sub(rb"(\s)value(\s*=)", rb"\1content\2", tag, count=1)
    return re.sub(rb"<meta\b[^>]*>", fix, html_bytes, flags=re.I)


def meta_rows(truths, results, text_key, checks):
    """Rows of (recall, found, lead) per page, and per metadata check [matched, asked]."""
    rows, meta = [], {k: [0, 0] for k in checks}
    for name, _, truth in truths:
        res = load(results, name)
        texted = bool(truth.get(text_key))  # pages without the text's truth are not scored on it
        if res is None:
            if texted:
                rows.append((name, None))
            for k in checks:
                meta[k][1] += bool(checks[k](None, truth) is not None)
            continue
        if texted:
            rows.append((name, lead(res, truth[text_key]) or (0.0, 0.0, 0.0)))
        for k, check in checks.items():
            ok = check(res, truth)
            if ok is not None:
                meta[k][0] += bool(ok)
                meta[k][1] += 1
                if not ok:
                    ours = res.get({"author": "byline", "meta_lang": "language"}.get(k, k.split("_")[0]))
                    print("# %s %s: ours %r, truth %r" % (name, k, ours, truth.get(k, truth.get("date_published"))))
    return rows, meta


def goose3(content, results):
    checks = {
        "title": lambda r, t: None if not t.get("title") else r is not None and same_title(r.get("title"), t["title"]),
        "meta_lang": lambda r, t: None if not t.get("meta_lang") else r is not None and (
            (r.get("language") or "").split("-")[0].lower() == t["meta_lang"].lower()),
    }
    return meta_rows(goose3_truth(content), results, "cleaned_text", checks)


def people(s):
    s = re.sub(r"^\s*by\s+", "", score.norm(s or ""), flags=re.I).lower()
    return sorted(p.strip() for p in re.split(r",\s*|\s+and\s+|\s*&\s*", s) if p.strip())


def day_off(ours, want):
    """Days between our dc:date and the test's date_published (UTC), or None if unreadable."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", ours or "")
    w = re.match(r"(\d{4})-(\d{2})-(\d{2})", want or "")
    if not m or not w:
        return None
    a = datetime.date(*map(int, m.groups()))
    b = datetime.date(*map(int, w.groups()))
    return abs((a - b).days)


def postlight(root, results):
    checks = {
        "title": lambda r, t: None if not t.get("title") else r is not None and same_title(r.get("title"), t["title"]),
        "author": lambda r, t: None if not t.get("author") else r is not None and people(r.get("byline")) == people(t["author"]),
        "date_published": lambda r, t: None if not t.get("date_published") else r is not None and day_off(
            r.get("date"), t["date_published"]) == 0,
        "date_near": lambda r, t: None if not t.get("date_published") else r is not None and (day_off(
            r.get("date"), t["date_published"]) is not None) and day_off(r.get("date"), t["date_published"]) <= 1,
    }
    return meta_rows(postlight_truth(root), results, "first13", checks)


def main():
    if sys.argv[1] == "--list":
        truths = {"newspaper": newspaper_truth, "goose3": goose3_truth,
                  "postlight": postlight_truth}[sys.argv[2]](sys.argv[3])
        copies = sys.argv[4] if len(sys.argv) > 4 else None
        for name, path, _ in truths:
            if copies:
                os.makedirs(copies, exist_ok=True)
                copy = os.path.join(copies, os.path.basename(path))
                open(copy, "wb").write(meta_content(open(path, "rb").read()))
                path = copy
            print("%s\t%s" % (name, path))
        return
    kind, src, results = sys.argv[1], sys.argv[2], sys.argv[3]
    rows, pooled = {"readability": readability, "trafilatura": trafilatura, "newspaper": newspaper,
                    "goose3": goose3, "postlight": postlight}[kind](src, results)
    meta = None
    if isinstance(pooled, dict):
        meta, pooled = pooled, None
    for name, m in rows:
        print("%-60s %s" % (name, "FAILED" if m is None else "%.3f %.3f %.3f" % m))
    ms = [m if m is not None else (0.0, 0.0, 0.0) for _, m in rows]
    print("pages=%d" % len(rows))
    print("built=%d" % sum(1 for _, m in rows if m is not None))
    print("failed=%d" % sum(1 for _, m in rows if m is None))
    keys = ("f1", "precision", "recall") if meta is None else ("recall", "found", "lead")
    for i, key in enumerate(keys):
        vals = [m[i] for m in ms] or [0.0]
        print("median_%s=%.3f" % (key, statistics.median(vals)))
        print("mean_%s=%.3f" % (key, statistics.mean(vals)))
    for k, (ok, asked) in (meta or {}).items():
        print("%s=%d/%d" % (k, ok, asked))
    if pooled is not None:
        tp, fp, fn = pooled
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        print("pooled_precision=%.3f" % p)
        print("pooled_recall=%.3f" % r)
        print("pooled_f1=%.3f" % (2 * p * r / (p + r) if p + r else 0.0))


if __name__ == "__main__":
    main()
