#!/usr/bin/env bash
# The families epubpack names itself are taken from their Debian packages' files (issue 24,
# docs/ARCHITECTURE.md "Fonts"): PT Serif (fonts-paratype) and the fallback DejaVu Serif
# (fonts-dejavu-core) are found without fontconfig, so a font configuration that knows no font
# at all builds the same bytes as the machine's, while any other family is still fontconfig's
# to find (and is not found there).
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool cmp "apt-get install diffutils"
require_tool unzip "apt-get install unzip"
make_workdir
for f in /usr/share/fonts/truetype/paratype/PTF55F.ttf /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf; do
    [[ -r $f ]] || fail "$f is not installed (apt-get install fonts-paratype fonts-dejavu-core)"
done
export SOURCE_DATE_EPOCH=1700000000
# A configuration without a single font folder: fontconfig finds nothing through it.
printf '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n' \
    >"$WORK/empty.conf"
[[ -z $(FONTCONFIG_FILE=$WORK/empty.conf fc-list 2>/dev/null) ]] ||
    fail "the empty configuration still lists fonts: the test would prove nothing"

# build NAME INPUT [OPTIONS...] — with the machine's configuration and with the empty one:
# both succeed and are byte-identical.
build() {
    local name=$1 input=$2 out
    shift 2
    epubpack_build "$input" -o "$WORK/$name.epub" "$@" >/dev/null
    out=$(FONTCONFIG_FILE=$WORK/empty.conf "$EPUBPACK" build "$input" -o "$WORK/$name-nofc.epub" "$@" 2>&1) ||
        fail "$name: without fontconfig's fonts the build failed: $out"
    [[ $out != *"no embedded font has"* ]] || fail "$name: without fontconfig's fonts a character was left out: $out"
    cmp -s "$WORK/$name.epub" "$WORK/$name-nofc.epub" ||
        fail "$name: the EPUB depends on the font configuration"
}

build article "$EP_SOURCE_DIR/book"
grep -q 'EPUB/fonts/epubpack-text-regular.ttf' <<<"$(unzip -l "$WORK/article.epub")" ||
    fail "article: no embedded PT Serif subset"
note "the bundled article: PT Serif from fonts-paratype, the same bytes without fontconfig's fonts"

# The Bulgarian fixture needs the fallback (ѝ is not in PT Serif).
build bg "$EP_SOURCE_DIR/tests/fixtures/glyphs/bg.md"
grep -q 'EPUB/fonts/epubpack-fallback-regular.ttf' <<<"$(unzip -l "$WORK/bg.epub")" ||
    fail "bg: no embedded DejaVu Serif subset"
note "the fallback: DejaVu Serif from fonts-dejavu-core, the same bytes without fontconfig's fonts"

# The family names are matched as fontconfig matches them, case aside.
build named "$EP_SOURCE_DIR/book" --font "pt serif"
cmp -s "$WORK/article.epub" "$WORK/named.epub" || fail "--font 'pt serif' differs from the default"

# Another family is still looked up with fontconfig: through the empty configuration it is not
# found, and the message says so.
out=$(FONTCONFIG_FILE=$WORK/empty.conf "$EPUBPACK" build "$EP_SOURCE_DIR/book" -o "$WORK/sans.epub" \
    --font "DejaVu Sans" 2>&1) && fail "--font 'DejaVu Sans' was found without any font configured"
[[ $out == *'font family "DejaVu Sans" not found'* ]] || fail "unexpected message: $out"
epubpack_build "$EP_SOURCE_DIR/book" -o "$WORK/sans.epub" --font "DejaVu Sans" >/dev/null
note "other families: fontconfig's (not found without its configuration, found with it)"

# A batch opens each face once (fonts_subset.c keeps the faces for the process): three
# articles, PT Serif's regular file opened one time, not three.
require_tool strace "apt-get install strace"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" # LeakSanitizer cannot run under strace
mkdir "$WORK/in" "$WORK/out"
for i in 1 2 3; do
    printf -- '---\ntitle: Статья %d\nlang: ru\n---\nТекст статьи номер %d.\n' "$i" "$i" >"$WORK/in/a$i.md"
done
strace -f -o "$WORK/trace" -e trace=openat "$EPUBPACK" build "$WORK"/in/a*.md -O "$WORK/out" -j 2 >/dev/null ||
    fail "strace epubpack build -O failed"
opened=$(grep -c 'PTF55F\.ttf' "$WORK/trace" || true)
[[ $opened -eq 1 ]] || fail "a batch of 3 opened PT Serif's regular face $opened times, expected once"
note "a batch of 3 articles opens the regular face once"
