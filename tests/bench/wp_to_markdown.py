#!/usr/bin/env python3
"""War and Peace (CORPUS_DIR/tomN.txt: the war-and-peace test data, tests/data/README.md)
-> a Markdown book folder.

    wp_to_markdown.py CORPUS_DIR OUT_DIR
    wp_to_markdown.py --single CORPUS_DIR OUT.md

Writes OUT_DIR/book.yaml (title, lang, author, chapters) and one Markdown file per chapter;
with --single, the same chapters in one Markdown file with the metadata as YAML front matter.
Headings: volume (#), part (##), chapter (###); the epilogue is a division like a volume
(# Эпилог, ## Часть первая, ### I). The first chapter file of a volume or part also carries
the volume and part headings, so the book's table of contents nests as the novel does.

Only the novel is kept: each volume's front matter (author, edition) and its back matter
(Примечания, Комментарии, ПЕЧАТНЫЕ ВАРИАНТЫ, the "Несколько слов…" article) are dropped.
HTML numeric entities left in the text (&#234;) are decoded. The text is escaped for
Markdown: `<` becomes `\\<` (the text has "<в тесном кружке>", "<img …>", "<hr>" as
literal text, which a Markdown reader would otherwise pass through as raw HTML), and the
other characters that CommonMark would read as markup (*, _, `, [, ], \\, &, leading #, >,
list markers) are backslash-escaped.
"""
import html
import os
import re
import sys

VOLUME_WORDS = {1: "первый", 2: "второй", 3: "третий", 4: "четвертый"}
PART_RE = re.compile(r"^(Часть|ЧАСТЬ)\s+(\S+?)\.?$")
CHAPTER_RE = re.compile(r"^([IVXLCІХ]+)\.?$")
# The scanned text sometimes types Roman numerals with Cyrillic look-alikes (І, Х).
LOOKALIKES = str.maketrans({"І": "I", "Х": "X"})
EPILOGUE_RE = re.compile(r"^(Эпилог|ЭПИЛОГ)\.?$")
END_RE = re.compile(r"^(Примечания|Комментарии|ПЕЧАТНЫЕ ВАРИАНТЫ|Несколько слов по поводу книги)")


def part_title(word):
    word = word.lower()
    return "Часть " + word


def escape_md(text):
    """Backslash-escapes what CommonMark would read as markup in a paragraph."""
    text = re.sub(r"([\\`*_\[\]<>&|~])", r"\\\1", text)
    # Block-level markers at the start of a line: ATX heading, block quote, list items,
    # thematic breaks, setext underlines.
    text = re.sub(r"^([#>+=-])", r"\\\1", text)
    text = re.sub(r"^(\d{1,9})([.)])", r"\1\\\2", text)
    return text


def clean(line):
    line = html.unescape(line).replace("\u00a0", " ").strip()
    return re.sub(r"\s+", " ", line)


def parse_volume(path):
    """Yields ('part', title) / ('epilogue', title) / ('chapter', numeral) / ('para', text)."""
    started = False
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = clean(raw)
            if not line:
                continue
            if not started:
                if PART_RE.match(line) or EPILOGUE_RE.match(line):
                    started = True
                else:
                    continue
            if END_RE.match(line):
                return
            m = PART_RE.match(line)
            if m:
                yield ("part", part_title(m.group(2)))
                continue
            if EPILOGUE_RE.match(line):
                yield ("epilogue", "Эпилог")
                continue
            m = CHAPTER_RE.match(line)
            if m:
                yield ("chapter", m.group(1).translate(LOOKALIKES))
                continue
            yield ("para", line)


METADATA = (
    'title: "Война и мир"\nlang: ru\nauthor: "Лев Толстой"\n'
    'date: 1869\nsource: "https://ru.wikisource.org/wiki/Война_и_мир"\n'
)


def main(argv):
    single = len(argv) == 4 and argv[1] == "--single"
    if single:
        corpus, out = argv[2], argv[3]
    elif len(argv) == 3:
        corpus, out = argv[1], argv[2]
    else:
        sys.stderr.write(__doc__)
        return 2
    if not single:
        os.makedirs(out, exist_ok=True)
    files = []
    texts = []
    cur = None  # list of lines of the current chapter file
    pending = []  # headings waiting for the next chapter file

    def flush():
        nonlocal cur
        if cur is not None:
            name = "ch%03d.md" % (len(files) + 1)
            text = "\n\n".join(cur) + "\n"
            if single:
                texts.append(text)
            else:
                with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                    f.write(text)
            files.append(name)
        cur = None

    for vol in range(1, 5):
        pending.append("# Том %s" % VOLUME_WORDS[vol])
        in_epilogue = False
        for kind, val in parse_volume(os.path.join(corpus, "tom%d.txt" % vol)):
            if kind == "epilogue":
                flush()
                in_epilogue = True
                pending.append("# Эпилог")
            elif kind == "part":
                flush()
                pending.append("## " + val)
            elif kind == "chapter":
                flush()
                cur = pending + ["### " + val]
                pending = []
            elif cur is not None:
                cur.append(escape_md(val))
            # text before the first chapter of a part (none in this corpus) is dropped
        flush()
    if single:
        with open(out, "w", encoding="utf-8") as f:
            f.write("---\n" + METADATA + "---\n\n" + "\n".join(texts))
        sys.stderr.write("%s: %d chapters\n" % (out, len(files)))
        return 0
    with open(os.path.join(out, "book.yaml"), "w", encoding="utf-8") as f:
        f.write(METADATA)
        f.write("chapters:\n")
        for name in files:
            f.write("  - %s\n" % name)
    sys.stderr.write("%s: %d chapter files\n" % (out, len(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
