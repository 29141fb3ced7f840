#!/usr/bin/env bash
# Builds the three libraries Debian 12 ships without a static archive (or only with one tied
# to ICU) as static, position-independent archives, from Debian's own source packages of the
# versions installed on this machine, for the static release binary (scripts/build-static.sh,
# CMake option EPUBPACK_STATIC_DEPS):
#
#   libzip 1.7.3    without a crypto backend (EPUB forbids zip encryption), so no libcrypto
#   harfbuzz 6.0.0  libharfbuzz + libharfbuzz-subset only: no glib, freetype, graphite, ICU
#   libxml2 2.9.14  without ICU (encodings come from glibc's iconv), HTTP, FTP, Python
#
# Why: a dynamically linked epubpack loads 32 shared libraries; resolving their symbols takes
# 11.7 M instructions (about 3 ms) per run, as long as building a short article
# (tests/bench/PROFILE.md). Everything else links from Debian's own .a archives.
#
# The sources come through apt (`apt-get source`), so apt checks them against Debian's signed
# Sources indices; a private apt state folder under DEPS_DIR holds the deb-src lists, and the
# machine's apt configuration is not touched. Debian's patches are applied (dpkg-source).
#
#   DEPS_DIR   where to work (default: build-deps beside the sources); the archives end up in
#              DEPS_DIR/prefix/lib. epubpack compiles against Debian's headers of the same
#              versions (libzip's zip.h is installed beside the archive, unused).
# Re-running does nothing when DEPS_DIR/prefix/.complete exists.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh

DEPS_DIR=${DEPS_DIR:-$PWD/build-deps}
mkdir -p "$DEPS_DIR"
DEPS_DIR=$(cd "$DEPS_DIR" && pwd)
prefix=$DEPS_DIR/prefix
if [[ -f $prefix/.complete ]]; then
    echo "static-deps: already built in $prefix"
    exit 0
fi

# Build tools for the three packages, and the static archives of what they and epubpack link.
ep_apt_install dpkg-dev meson ninja-build libbz2-dev liblzma-dev zlib1g-dev libexpat1-dev \
    libpng-dev libbrotli-dev libfreetype-dev

jobs=$(nproc)
log=$DEPS_DIR/build.log
: >"$log"
# quiet COMMAND... — runs it with its output in $log; on failure shows the end of the log.
quiet() {
    "$@" >>"$log" 2>&1 || {
        tail -n 40 "$log" >&2
        echo "static-deps: failed: $* (whole log: $log)" >&2
        return 1
    }
}

apt_dir=$DEPS_DIR/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$DEPS_DIR/src"
cat >"$apt_dir/sources.list" <<'EOF'
deb-src http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian bookworm-updates main
deb-src http://deb.debian.org/debian-security bookworm-security main
EOF
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "APT::Sandbox::User=root")
echo "static-deps: apt-get update (Debian's source indices, private state in $apt_dir)"
quiet apt-get "${apt_opts[@]}" update -q

# fetch BINARY-PACKAGE — unpacks the source of the installed version into $DEPS_DIR/src and
# prints the folder.
fetch() {
    local bin=$1 src ver dir
    src=$(dpkg-query -W -f='${source:Package}' "$bin")
    ver=$(dpkg-query -W -f='${source:Version}' "$bin")
    dir=$(ls -d "$DEPS_DIR/src/$src"-*/ 2>/dev/null | head -n 1 || true)
    if [[ -z $dir ]]; then
        (cd "$DEPS_DIR/src" && quiet apt-get "${apt_opts[@]}" source -q "$src=$ver")
        dir=$(ls -d "$DEPS_DIR/src/$src"-*/ | head -n 1)
    fi
    echo "static-deps: $src $ver in $dir" >&2
    printf '%s\n' "${dir%/}"
}

export CFLAGS="-O2 -fPIC -ffunction-sections -fdata-sections" CXXFLAGS="-O2 -fPIC -ffunction-sections -fdata-sections"

src=$(fetch libzip-dev)
quiet cmake -S "$src" -B "$DEPS_DIR/build-libzip" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DCMAKE_INSTALL_LIBDIR=lib -DENABLE_OPENSSL=OFF -DENABLE_GNUTLS=OFF -DENABLE_MBEDTLS=OFF \
    -DENABLE_COMMONCRYPTO=OFF -DENABLE_WINDOWS_CRYPTO=OFF -DBUILD_TOOLS=OFF \
    -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF
quiet cmake --build "$DEPS_DIR/build-libzip" -j "$jobs"
quiet cmake --install "$DEPS_DIR/build-libzip"

src=$(fetch libharfbuzz-dev)
if [[ ! -f $DEPS_DIR/build-harfbuzz/build.ninja ]]; then
    quiet meson setup "$DEPS_DIR/build-harfbuzz" "$src" --prefix="$prefix" --libdir=lib \
        --buildtype=release -Ddefault_library=static -Db_staticpic=true -Dglib=disabled \
        -Dgobject=disabled -Dcairo=disabled -Dchafa=disabled -Dicu=disabled \
        -Dfreetype=disabled -Dgraphite2=disabled -Dtests=disabled -Dintrospection=disabled \
        -Ddocs=disabled -Dbenchmark=disabled
fi
quiet ninja -C "$DEPS_DIR/build-harfbuzz" -j "$jobs" src/libharfbuzz.a src/libharfbuzz-subset.a
mkdir -p "$prefix/lib"
cp "$DEPS_DIR/build-harfbuzz/src/libharfbuzz.a" "$DEPS_DIR/build-harfbuzz/src/libharfbuzz-subset.a" \
    "$prefix/lib/"

src=$(fetch libxml2-dev)
mkdir -p "$DEPS_DIR/build-libxml2"
(
    cd "$DEPS_DIR/build-libxml2"
    [[ -f Makefile ]] || quiet "$src/configure" --prefix="$prefix" --libdir="$prefix/lib" \
        --disable-shared --enable-static --with-pic --without-icu --without-python \
        --without-http --without-ftp --without-lzma --without-zlib --without-debug
    # Debian's patches touch two Makefile.am (HTML docs, catalog tests), which would make
    # make rerun automake; neither concerns the library, so the generated files are kept.
    quiet make -j "$jobs" ACLOCAL=: AUTOMAKE=: AUTOCONF=: AUTOHEADER=: libxml2.la
    cp .libs/libxml2.a "$prefix/lib/"
)

touch "$prefix/.complete"
echo "static-deps: done:"
ls -l "$prefix"/lib/*.a
