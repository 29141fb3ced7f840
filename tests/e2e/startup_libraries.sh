#!/usr/bin/env bash
# Issue 24 (start-up of a short build): nothing is loaded from the current folder, and the
# command loads at start only libraries a build calls. Not libvips, with its codecs about a
# hundred libraries, opened when the first image is converted; not libgobject and libffi under
# it: their one call, g_object_unref, is taken from libvips' own (src/util/vips.h), and
# GObject's start-up registers its types in every run. And the libraries searched first are
# those most symbols are bound to. Sanitizer builds link libvips on purpose (CMakeLists.txt):
# there it must be loaded.
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool nm "apt-get install binutils"
libs=$(LD_TRACE_LOADED_OBJECTS=1 "$EPUBPACK") || fail "the dynamic loader could not list the libraries"
printf '%s\n' "$libs"
# No library is looked for in the current folder: a file there named as one (a download folder
# holding a libzip.so.4) is not loaded. The build-tree command's run path once had an empty
# entry (CMake's room to rewrite it at install), which the loader reads as the current folder.
make_workdir
mkdir "$WORK/cwd"
for soname in $(awk '$2 == "=>" { print $1 }' <<<"$libs"); do
    echo 'not a library' >"$WORK/cwd/$soname"
done
(cd "$WORK/cwd" && "$EPUBPACK" --version >/dev/null 2>"$WORK/cwd.err") ||
    fail "run in a folder holding files named as its libraries, it loaded one: $(head -n 2 "$WORK/cwd.err")"
# A sanitizer build: gcc's runtime is libasan.so, clang's is linked into the command.
if grep -q 'libasan\.so' <<<"$libs" || nm -D "$EPUBPACK" | grep ' T __asan_init$' >/dev/null; then
    grep -q 'libvips\.so' <<<"$libs" || fail "a sanitizer build links libvips, yet it is not loaded"
    exit 0
fi
for lib in libvips libgobject-2.0 libffi; do
    ! grep -q "$lib\\.so" <<<"$libs" || fail "$lib is loaded at start; no build calls it before an image"
done
# The libraries most symbols are bound to come first in the loader's search (CMakeLists.txt,
# EP_LOAD_FIRST): the list is in search order, and libc before libepubpack shows the order is
# ours, not the link line's.
order=$(awk '{ sub(/\.so.*/, ".so", $1); print $1 }' <<<"$libs" | tr '\n' ' ')
[[ $order == "linux-vdso.so libcrypto.so libstdc++.so libc.so "* && $order == *" libc.so "*" libepubpack.so "* ]] ||
    fail "the libraries are not searched in the order of the symbols bound to them: $order"
# What libvips' call is taken for still works: a PNG shrunk (GObject frees its images).
python3 - "$WORK/cover.png" <<'PY'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
w, h = 3000, 20
raw = b"".join(b"\0" + b"\x80\x40\x20" * w for _ in range(h))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                               chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PY
printf -- '---\ntitle: Wide\nlang: en\n---\n\n![A wide picture](cover.png)\n' >"$WORK/wide.md"
"$EPUBPACK" build "$WORK/wide.md" -o "$WORK/wide.epub" || fail "the build with a PNG to shrink failed"
width=$(unzip -p "$WORK/wide.epub" EPUB/images/cover.png | python3 -c 'import struct, sys; print(struct.unpack(">I", sys.stdin.buffer.read()[16:20])[0])')
((width < 3000)) || fail "the 3000-pixel PNG was not shrunk (width $width)"
note "no libvips, libgobject or libffi at start; a PNG still shrinks (3000 -> $width pixels)"
