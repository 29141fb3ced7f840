#!/usr/bin/env bash
# libepubpack as another program sees it: installed with `cmake --install --prefix`, then the
# program in tests/consumer/ is built against the installed copy twice, once with pkg-config
# (epubpack.pc) and once with CMake (find_package(epubpack CONFIG), epubpack::epubpack). Each
# build runs and makes three EPUBs on three threads at once, with no set-up of its own. With
# -DBUILD_SHARED_LIBS=OFF the installed library is a static archive: pkg-config is asked for
# --static flags, and the package config finds libepubpack's dependencies itself.
. "$(dirname "$0")/../e2e/lib.bash"
require_tool cmake "apt-get install cmake"
require_tool pkg-config "apt-get install pkg-config"
cc=${EP_CC:-cc}
require_tool "$cc" "apt-get install build-essential"
require_tool readelf "apt-get install binutils"
make_workdir
prefix="$WORK/prefix"

cmake --install "$EP_BUILD_DIR" --prefix "$prefix" >"$WORK/install.log" ||
    { cat "$WORK/install.log" >&2; fail "cmake --install failed"; }
pc=$(find "$prefix" -name epubpack.pc)
config=$(find "$prefix" -name epubpackConfig.cmake)
[[ -n "$pc" ]] || fail "no epubpack.pc installed under $prefix"
[[ -n "$config" ]] || fail "no epubpackConfig.cmake installed under $prefix"
[[ -f "$(dirname "$config")/epubpackConfigVersion.cmake" ]] || fail "no epubpackConfigVersion.cmake"
[[ -f "$prefix/include/epubpack.h" ]] || fail "no include/epubpack.h installed"
vh="$prefix/include/epubpack_version.h"
[[ -f "$vh" ]] || fail "no include/epubpack_version.h installed"
major=$(sed -n 's/^#define EP_VERSION_MAJOR \([0-9]*\)$/\1/p' "$vh")
minor=$(sed -n 's/^#define EP_VERSION_MINOR \([0-9]*\)$/\1/p' "$vh")
[[ -n $major && -n $minor ]] || fail "$vh defines no EP_VERSION_MAJOR and EP_VERSION_MINOR"
# The ABI is versioned as cmark's: SOVERSION 0.MINOR while the major version is 0.
if [[ $major == 0 ]]; then soname=libepubpack.so.0.$minor; else soname=libepubpack.so.$major; fi
libdir=$(dirname "$(dirname "$pc")")

case "${EP_LIBRARY:?EP_LIBRARY (the built libepubpack) is set by ctest}" in
*.a) static=--static ;;
*) static= ;;
esac
"$prefix/bin/epubpack" --version >"$WORK/version" || fail "the installed epubpack does not run"
version=$(head -n 1 "$WORK/version")
[[ "$version" == "epubpack "* ]] || fail "installed epubpack --version said '$version'"

export SOURCE_DATE_EPOCH=1700000000 # the same date in every build: the same bytes
inputs=("$EP_SOURCE_DIR/book/article.md" "$EP_SOURCE_DIR/tests/fixtures/markdown-book"
    "$EP_SOURCE_DIR/tests/fixtures/reader-book")
expected=$version
for i in 1 2 3; do
    line=$("$EPUBPACK" build "${inputs[i - 1]}" -o "$WORK/ref$i.epub" --font none) ||
        fail "epubpack build ${inputs[i - 1]} failed"
    expected+=$'\n'"$i.epub: $(sed -n 's/.*, \([0-9]*\) chapters*,.*/\1/p' <<<"$line") chapters"
done

# run_consumer HOW BINARY — runs it on the three inputs: it must print what the command printed
# and write the same EPUBs byte for byte.
run_consumer() {
    local how=$1 bin=$2 out="$WORK/out-$1" got rc=0 needed
    mkdir "$out"
    got=$(LD_LIBRARY_PATH="$libdir" "$bin" "$out" "${inputs[@]}") || rc=$?
    [[ $rc -eq 0 ]] || fail "$how: consumer exited $rc: $got"
    [[ "$got" == "$expected" ]] || fail "$how: consumer printed"$'\n'"$got"$'\n'"expected"$'\n'"$expected"
    for i in 1 2 3; do
        cmp -s "$out/$i.epub" "$WORK/ref$i.epub" || fail "$how: $i.epub differs from the command's"
    done
    # Linked with libepubpack, not with its dependencies: they are its own (PRIVATE,
    # Requires.private), so a program does not break when they change.
    needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
    if [[ -z $static ]]; then
        [[ " $needed" == *" $soname "* ]] || fail "$how: consumer does not need $soname: $needed"
        [[ ! "$needed" =~ lib(xml2|zip|harfbuzz|fontconfig|cmark|yaml|uuid|deflate|hyphen|unistring) ]] ||
            fail "$how: consumer is linked with libepubpack's dependencies: $needed"
    else
        [[ " $needed" != *" libepubpack.so"* ]] || fail "$how: a static install, yet the consumer needs $needed"
    fi
    note "$how: consumer built and ran against the installed library"
}

# pkg-config: the path of the installed .pc only, nothing of the build tree.
flags=$(PKG_CONFIG_PATH="$(dirname "$pc")" pkg-config $static --cflags --libs epubpack) ||
    fail "pkg-config does not find epubpack under $prefix"
# shellcheck disable=SC2086
"$cc" -std=c11 -Wall -Werror ${EP_SANITIZE_FLAGS:-} -o "$WORK/consumer-pc" \
    "$EP_SOURCE_DIR/tests/consumer/main.c" $flags -pthread ||
    fail "the consumer does not build with pkg-config's flags: $flags"
run_consumer pkg-config "$WORK/consumer-pc"

cmake -S "$EP_SOURCE_DIR/tests/consumer" -B "$WORK/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="-Wall -Werror ${EP_SANITIZE_FLAGS:-}" \
    -DCMAKE_EXE_LINKER_FLAGS="${EP_SANITIZE_FLAGS:-}" >"$WORK/cmake.log" 2>&1 ||
    { cat "$WORK/cmake.log" >&2; fail "find_package(epubpack CONFIG) failed"; }
cmake --build "$WORK/cmake-build" >"$WORK/cmake-build.log" 2>&1 ||
    { cat "$WORK/cmake-build.log" >&2; fail "the consumer does not build with CMake"; }
run_consumer cmake "$WORK/cmake-build/consumer"
note "ok"
