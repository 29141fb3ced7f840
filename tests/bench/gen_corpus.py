#!/usr/bin/env python3
"""Synthetic Russian inputs for tests/bench/run.sh, made of War and Peace's sentences.

    gen_corpus.py book SIZE_MB OUT_DIR CORPUS_DIR
        a book folder (book.yaml + chapters) of about SIZE_MB megabytes of Markdown:
        chapters of ~20 KB (War and Peace averages 17 KB), grouped in parts (## headings)
        of 20 chapters, so the table of contents and the id tables grow with the size.
    gen_corpus.py articles COUNT OUT_DIR CORPUS_DIR
        COUNT single-file articles (front matter + ~6 KB of text, like book/article.md),
        for the batch measurement.

Deterministic: the same arguments give the same bytes (a fixed random seed), so runs on
different days compare. Sentences keep wp_to_markdown.py's Markdown escaping.
"""
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wp_to_markdown as wp  # noqa: E402

SENTENCE_END = re.compile(r"(?<=[.!?…»])\s+(?=[А-ЯЁA-Z—–«])")


def sentences(corpus):
    out = []
    for vol in range(1, 5):
        for kind, val in wp.parse_volume(os.path.join(corpus, "tom%d.txt" % vol)):
            if kind == "para":
                out.extend(s for s in SENTENCE_END.split(wp.escape_md(val)) if len(s) > 20)
    return out


def paragraph(rng, sents):
    return " ".join(rng.choice(sents) for _ in range(rng.randint(2, 7)))


def chapter_text(rng, sents, target):
    paras, size = [], 0
    while size < target:
        p = paragraph(rng, sents)
        # Markdown that exercises the pipeline: some emphasis and a list now and then.
        r = rng.random()
        if r < 0.05:
            words = p.split(" ")
            k = rng.randrange(len(words))
            words[k] = "*" + words[k] + "*"
            p = " ".join(words)
        elif r < 0.07:
            p = "\n".join("- " + rng.choice(sents) for _ in range(3))
        paras.append(p)
        size += len(p.encode("utf-8")) + 2
    return "\n\n".join(paras) + "\n"


def make_book(size_mb, out, corpus):
    rng = random.Random(20240101 + size_mb)
    sents = sentences(corpus)
    os.makedirs(out, exist_ok=True)
    target = int(size_mb * 1024 * 1024)
    names, total, n = [], 0, 0
    while total < target:
        n += 1
        head = ""
        if (n - 1) % 20 == 0:
            head = "# Часть %d\n\n" % ((n - 1) // 20 + 1)
        text = head + "## Глава %d\n\n" % n + chapter_text(rng, sents, 20 * 1024)
        name = "ch%05d.md" % n
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(text)
        names.append(name)
        total += len(text.encode("utf-8"))
    with open(os.path.join(out, "book.yaml"), "w", encoding="utf-8") as f:
        f.write('title: "Синтетический корпус, %g МБ"\nlang: ru\nauthor: "Лев Толстой"\n' % size_mb)
        f.write("date: 2024-01-01\nchapters:\n")
        for name in names:
            f.write("  - %s\n" % name)
    sys.stderr.write("%s: %d chapters, %.1f MB\n" % (out, len(names), total / 1048576))


def make_articles(count, out, corpus):
    rng = random.Random(20240101)
    sents = sentences(corpus)
    os.makedirs(out, exist_ok=True)
    for i in range(1, count + 1):
        title = rng.choice(sents)[:80].replace('"', "'").replace("\\", "")
        body = "## %s\n\n" % rng.choice(sents)[:60] + chapter_text(rng, sents, 6 * 1024)
        with open(os.path.join(out, "article%04d.md" % i), "w", encoding="utf-8") as f:
            f.write('---\ntitle: "%s"\nlang: ru\ndate: 2024-01-%02d\n---\n\n' % (title, i % 28 + 1))
            f.write(body)
    sys.stderr.write("%s: %d articles\n" % (out, count))


def main(argv):
    if len(argv) != 5 or argv[1] not in ("book", "articles"):
        sys.stderr.write(__doc__)
        return 2
    corpus = argv[4]
    if argv[1] == "book":
        make_book(float(argv[2]), argv[3], corpus)
    else:
        make_articles(int(argv[2]), argv[3], corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
