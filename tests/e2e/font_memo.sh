#!/usr/bin/env bash
# The font memo (issue #6, src/typeset/fonts_memo.c): fontconfig's answer for the family is
# remembered between runs and reused only while everything it came from is unchanged.
#  1. With the system configuration: a first build writes a memo, a second build uses it, and
#     both EPUBs are byte-identical to a build without any memo.
#  2. With a private fontconfig configuration whose font folder holds only PT Serif Regular:
#     the memo answers "regular only"; after PT Serif Bold is added to the folder, the next
#     build must see it (bold face embedded), not the stale memo.
#  3. A damaged memo, a memo naming a font file that is gone: ignored, same EPUB.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool cmp "apt-get install diffutils"
require_tool unzip "apt-get install unzip"
require_tool fc-match "apt-get install fontconfig"
make_workdir

book="$EP_SOURCE_DIR/book"
export SOURCE_DATE_EPOCH=1590019200

# ---- 1. system configuration -------------------------------------------------------------
EPUBPACK_CACHE_DIR="" epubpack_build "$book" -o "$WORK/nomemo.epub" >/dev/null
EPUBPACK_CACHE_DIR="$WORK/cache" epubpack_build "$book" -o "$WORK/first.epub" >/dev/null
memos=("$WORK"/cache/fonts-*)
[[ -f "${memos[0]}" ]] || fail "no memo written in $WORK/cache after a build"
memo=${memos[0]}
grep -q '^family PT Serif$' "$memo" || fail "memo does not name the family: $(head -5 "$memo")"
grep -q '^face 0 0 /.*\.ttf$' "$memo" || fail "memo has no regular face: $(head -8 "$memo")"
tail -n 1 "$memo" | grep -qx end || fail "memo does not end with 'end'"
EPUBPACK_CACHE_DIR="$WORK/cache" epubpack_build "$book" -o "$WORK/second.epub" >/dev/null
cmp "$WORK/nomemo.epub" "$WORK/first.epub" || fail "the build that wrote the memo differs"
cmp "$WORK/nomemo.epub" "$WORK/second.epub" || fail "the build that used the memo differs"
note "system fontconfig: memo $(wc -l <"$memo") lines; builds with and without it identical"

# The memo must be what answers: if the second build still loaded fontconfig, the memo is
# useless. fontconfig prints "Loading config file" under FC_DEBUG=1024 when it loads.
loaded=$(FC_DEBUG=1024 EPUBPACK_CACHE_DIR="$WORK/cache" "$EPUBPACK" build "$book" \
    -o "$WORK/third.epub" 2>&1 | grep -c 'Loading config file' || true)
[[ "$loaded" == 0 ]] || fail "a build with a valid memo still loaded fontconfig ($loaded files)"
# FC_DEBUG is not part of the key, so the memo written above was used.
cmp "$WORK/nomemo.epub" "$WORK/third.epub" || fail "third build differs"

EPUBPACK_CACHE_DIR="$WORK/cache-off" epubpack_build "$book" --no-cache -o "$WORK/off.epub" >/dev/null
[[ ! -e "$WORK/cache-off" ]] || fail "--no-cache wrote a memo: $(ls -R "$WORK/cache-off")"
cmp "$WORK/nomemo.epub" "$WORK/off.epub" || fail "--no-cache build differs"

# ---- 3. damaged memos are misses, not errors ---------------------------------------------
printf 'epubpack-font-memo 1\ngarbage\n' >"$memo"
EPUBPACK_CACHE_DIR="$WORK/cache" epubpack_build "$book" -o "$WORK/damaged.epub" >/dev/null
cmp "$WORK/nomemo.epub" "$WORK/damaged.epub" || fail "a damaged memo changed the EPUB"
grep -q '^end$' "$memo" || fail "a damaged memo was not rewritten"
sed -i 's#^face 0 0 .*#face 0 0 /nonexistent/font.ttf#' "$memo"
EPUBPACK_CACHE_DIR="$WORK/cache" epubpack_build "$book" -o "$WORK/gone.epub" >/dev/null
cmp "$WORK/nomemo.epub" "$WORK/gone.epub" || fail "a memo naming a missing font file was used"
note "damaged memo and memo naming a missing file: ignored and rewritten"

# A memo is trusted only when this user owns it and no one else can write it: it names the
# font files to embed. Swap the regular and bold faces in a valid memo: while the memo is
# private the build must follow it (the swap shows), once group/world-writable ignore it.
EPUBPACK_CACHE_DIR="$WORK/cache" epubpack_build "$book" -o "$WORK/fresh.epub" >/dev/null
sed -i 's/^face 0 /face X /; s/^face 2 /face 0 /; s/^face X /face 2 /' "$memo"
chmod 600 "$memo"
EPUBPACK_CACHE_DIR="$WORK/cache" epubpack_build "$book" -o "$WORK/swapped.epub" >/dev/null
if cmp -s "$WORK/nomemo.epub" "$WORK/swapped.epub"; then
    fail "a private memo with swapped faces was not followed (is the memo used at all?)"
fi
# (still swapped)
chmod 666 "$memo"
EPUBPACK_CACHE_DIR="$WORK/cache" epubpack_build "$book" -o "$WORK/shared.epub" >/dev/null
cmp "$WORK/nomemo.epub" "$WORK/shared.epub" || fail "a world-writable memo was trusted"
note "a memo others can write is ignored"

# ---- 2. a font added to a font folder invalidates the memo --------------------------------
regular=$(fc-match -f '%{file}' 'PT Serif:style=Regular')
bold=$(fc-match -f '%{file}' 'PT Serif:style=Bold')
[[ -f "$regular" && -f "$bold" && "$regular" != "$bold" ]] ||
    fail "PT Serif Regular and Bold not found by fc-match ('$regular', '$bold'); apt-get install fonts-paratype"
mkdir -p "$WORK/fonts" "$WORK/fccache" "$WORK/cache2"
cp "$regular" "$WORK/fonts/"
cat >"$WORK/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>$WORK/fonts</dir>
  <cachedir>$WORK/fccache</cachedir>
</fontconfig>
EOF
# Older than the memo's "racy" window (changes within the last 2 s are never trusted).
touch -d '-1 hour' "$WORK/fonts"/* "$WORK/fonts" "$WORK/fonts.conf"
export FONTCONFIG_FILE="$WORK/fonts.conf"
EPUBPACK_CACHE_DIR="$WORK/cache2" epubpack_build "$book" -o "$WORK/reg1.epub" >/dev/null 2>&1
EPUBPACK_CACHE_DIR="$WORK/cache2" epubpack_build "$book" -o "$WORK/reg2.epub" >/dev/null 2>&1
ls "$WORK"/cache2/fonts-* >/dev/null 2>&1 || fail "no memo written for the private configuration"
# (Listings are read whole: with pipefail, "unzip | grep -q" can fail on SIGPIPE.)
for e in reg1 reg2; do
    list=$(unzip -l "$WORK/$e.epub")
    grep -q 'epubpack-text-regular.ttf' <<<"$list" || fail "$e.epub has no regular face"
    if grep -q 'epubpack-text-bold.ttf' <<<"$list"; then
        fail "$e.epub embeds a bold face although the font folder holds only Regular"
    fi
done
cp "$bold" "$WORK/fonts/"
EPUBPACK_CACHE_DIR="$WORK/cache2" epubpack_build "$book" -o "$WORK/bold.epub" >/dev/null 2>&1
list=$(unzip -l "$WORK/bold.epub")
grep -q 'epubpack-text-bold.ttf' <<<"$list" ||
    fail "after adding PT Serif Bold to the font folder the build still used the stale memo"
note "private configuration: regular only, then the added bold face is seen"
note "ok"
