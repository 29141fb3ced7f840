#!/usr/bin/env bash
# MuPDF (a real reading engine) gives back the article: distinctive sentences are found in the
# text it lays out, every paragraph of the source is there, and the word count is within 2% of
# the source's (the body of book/article.md plus its title; the page of contents is not
# counted).
# Typography turns spaces into NBSP, quotes into «», "т.д." into "т. д.": comparisons use
# letters and digits only (lib.bash).
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool python3 "apt-get install python3"
make_workdir

src="$EP_SOURCE_DIR/book/article.md"
[[ -f "$src" ]] || fail "$src is missing"
epubpack_build "$EP_SOURCE_DIR/book" -o "$WORK/book.epub"
epub_text "$WORK/book.epub" >"$WORK/mupdf.txt"
[[ -s "$WORK/mupdf.txt" ]] || fail "mutool draw -F txt produced no text"
markdown_source_text "$src" >"$WORK/source.txt"

python3 - "$WORK/source.txt" "$WORK/mupdf.txt" <<PY || fail "the article is not all there in MuPDF's text"
$EP_PY_WORDS
src = open(sys.argv[1], encoding="utf-8").read()
out = open(sys.argv[2], encoding="utf-8").read()
def key(t):
    return "".join(words(t)).lower()
out_key = key(out)
# Sentences chosen for what typography touches: digits with units (NBSP), prepositions
# (NBSP), a spaced dash, a parenthesis, Latin names inside Cyrillic text, "т.д.", ё.
sentences = [
    "Скорость соединения между его графическими серверами составляет 400 Гбит/с.",
    "Созданная в 2015 остаточная нейросеть ResNet (снизившая процент ошибок распознавания изображений ImageNet до 3,57%) состояла из 152 слоев и 60 млн параметров.",
    "Эта языковая модель выполняет задачи, близкие к одной из самых ключевых проблем искусственного интеллекта — осмыслению текста.",
    "В апреле компания поделилась моделью Oscar, обученной на 6.5 млн пар текст-изображение.",
    "А уже позавчера вышла её обновленная версия",
    "Помимо Microsoft c OpenAI, большие усилия в этом направлении прикладывают Google, IBM, Amazon, Facebook и другие гиганты IT-индустрии.",
]
bad = 0
for s in sentences:
    if key(s) not in key(src):
        print("  test is stale: sentence not in the source any more: " + s, file=sys.stderr); bad += 1
    elif key(s) not in out_key:
        print("  missing in MuPDF text: " + s, file=sys.stderr); bad += 1
paras = [p for p in re.split(r"\n\s*\n", src) if words(p)]
for p in paras:
    if key(p) not in out_key:
        print("  paragraph missing in MuPDF text: " + p.strip()[:80] + "...", file=sys.stderr); bad += 1
print("  %d sentences and %d paragraphs checked" % (len(sentences), len(paras)))
sys.exit(1 if bad else 0)
PY

# Words: the article's own pages, without the page of contents (lib.bash).
epub_without_contents "$WORK/book.epub" "$WORK/text-only.epub"
epub_text "$WORK/text-only.epub" >"$WORK/mupdf-text-only.txt"
want=$(count_words "$WORK/source.txt")
got=$(count_words "$WORK/mupdf-text-only.txt")
all=$(count_words "$WORK/mupdf.txt")
note "words: source $want, MuPDF $got (with the page of contents: $all)"
python3 -c "import sys; w,g=int(sys.argv[1]),int(sys.argv[2]); sys.exit(0 if w>0 and abs(g-w)<=0.02*w else 1)" \
    "$want" "$got" || fail "word count $got is not within 2% of the source's $want"
note "ok"
