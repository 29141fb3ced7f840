#!/usr/bin/env bash
# Builds and tests this clone in a fresh Debian 13 (trixie) root, as a new user of Debian 13
# would, on a Debian 12 host; as root (debootstrap, chroot, mounts). .ci/run runs the default.
#   scripts/debian-root-check.sh       debootstrap a minbase trixie root under ${TMPDIR:-/tmp},
#                                      clone this one into it (with uncommitted and untracked
#                                      files, not ignored ones: no build/, no node_modules), run
#                                      the README's first command, ./scripts/setup-and-build.sh,
#                                      with CFLAGS=-Werror (apt, build, book.epub and its check),
#                                      the unit tests (ctest -L unit) and a smoke test
#                                      (epubpack build book -o x.epub; epubpack check x.epub);
#                                      then unmount and delete the root.
#   scripts/debian-root-check.sh --full
#                                      the README's two commands verbatim instead:
#                                      ./scripts/setup-and-build.sh, then ./scripts/test.sh (the
#                                      whole suite, with Chromium, Calibre, both epubchecks, Ace).
#   --release 12                       Debian 12 (bookworm) instead: a fresh root of the
#                                      README's other supported release.
#   --root DIR                         use DIR (debootstrapped when it holds no system yet) and
#                                      keep it afterwards, for a second run without downloads.
# EPUBPACK_TEST_DATA, when set, is bound read-only at /data inside the root. The Debian mirror is
# the host's (the first deb.debian.org-style ".../debian" URI in /etc/apt/sources.list*), or
# EP_DEBIAN_MIRROR. Nothing is written outside the clone and the root.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

full=0 root='' keep=0 release=13
while [[ $# -gt 0 ]]; do
    case $1 in
    --full) full=1 ;;
    --release)
        release=${2:?--release needs 12 or 13}
        shift
        ;;
    --root)
        root=${2:?--root needs a folder}
        keep=1
        shift
        ;;
    *)
        echo "debian-root-check.sh: unknown argument '$1' (--full, --release 12|13, --root DIR)" >&2
        exit 2
        ;;
    esac
    shift
done
case $release in
12) codename=bookworm ;;
13) codename=trixie ;;
*)
    echo "debian-root-check.sh: --release $release: 12 or 13" >&2
    exit 2
    ;;
esac
[[ $(id -u) -eq 0 ]] || {
    echo "debian-root-check.sh: must run as root (debootstrap, chroot, mount)" >&2
    exit 1
}

# The host's Debian mirror: deb822 "URIs:" or one-line "deb URI suite" entries.
host_uris() {
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
        2>/dev/null | sed -n -e 's/^URIs:[[:space:]]*//p' -e 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' |
        tr ' ' '\n' | sed 's:/*$::'
}
mirror=${EP_DEBIAN_MIRROR:-$(host_uris | grep -m1 '/debian$' || true)}
mirror=${mirror:-http://deb.debian.org/debian}
security=$(host_uris | grep -m1 '/debian-security$' || true)
security=${security:-${mirror%/debian}/debian-security}

if ! command -v debootstrap >/dev/null 2>&1; then
    echo "::: apt-get install debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap
fi

if [[ -z $root ]]; then
    root=$(mktemp -d "${TMPDIR:-/tmp}/epubpack-$codename.XXXXXX")
fi
mounts=()
cleanup() {
    local i
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" || true
    done
    # Delete only what is certainly unmounted, and never across a file system boundary.
    if [[ $keep -eq 0 ]] && ! findmnt -rn -o TARGET | grep -q "^$root/"; then
        rm -rf --one-file-system "$root"
    fi
}
trap cleanup EXIT
bind() { # bind SOURCE TARGET [ro]
    mkdir -p "$2"
    mount --bind "$1" "$2"
    mounts+=("$2")
    [[ ${3:-} != ro ]] || mount -o remount,bind,ro "$2"
}

if [[ ! -f $root/etc/os-release ]]; then
    echo "::: debootstrap --variant=minbase $codename $root $mirror"
    t=$SECONDS
    debootstrap --variant=minbase "$codename" "$root" "$mirror" >"$root.debootstrap.log" 2>&1 || {
        tail -n 30 "$root.debootstrap.log" >&2
        exit 1
    }
    rm -f "$root.debootstrap.log"
    echo "debootstrap: $((SECONDS - t)) s"
fi
grep -q "^VERSION_CODENAME=$codename" "$root/etc/os-release" || {
    echo "debian-root-check.sh: $root is not a Debian $release root" >&2
    exit 1
}
# What a Debian installation has: its updates and security suites; no services started by
# packages inside the chroot.
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror $codename main
deb $mirror $codename-updates main
deb $security $codename-security main
EOF
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The certificates the host's administrator added (/usr/local/share/ca-certificates: say, of a
# proxy that inspects TLS) go in too, as the root reaches the network through the host's:
# ca-certificates adds them to its store when the README's scripts install it (npm needs it).
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
    [[ ! -x $root/usr/sbin/update-ca-certificates ]] ||
        chroot "$root" update-ca-certificates >/dev/null
fi

mkdir -p "$root/proc" "$root/sys"
mount -t proc proc "$root/proc" && mounts+=("$root/proc")
mount -t sysfs sysfs "$root/sys" && mounts+=("$root/sys")
bind /dev "$root/dev"
bind /dev/pts "$root/dev/pts"
data_env=()
if [[ -n ${EPUBPACK_TEST_DATA:-} ]]; then
    bind "$EPUBPACK_TEST_DATA" "$root/data" ro
    data_env=(EPUBPACK_TEST_DATA=/data)
fi

echo "::: clone to $root/src"
# A clone at this commit (e2e/ci_recipe needs a git checkout), then the working tree's changes
# over it: tracked and untracked files, not the ignored ones (build/, node_modules).
rm -rf --one-file-system "$root/src"
git clone -q --no-hardlinks --no-checkout "$(pwd)" "$root/src"
git -C "$root/src" checkout -q --detach "$(git rev-parse HEAD)"
git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [[ -e $f || -L $f ]] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xf - -C "$root/src"

if [[ $full -eq 1 ]]; then
    steps='time ./scripts/setup-and-build.sh && time ./scripts/test.sh'
else
    # shellcheck disable=SC2016 # expanded by the bash inside the root
    steps='CFLAGS=-Werror ./scripts/setup-and-build.sh
        echo "::: unit tests"
        (cd build && ctest --output-on-failure -j "$(nproc)" -L unit)
        echo "::: smoke test: epubpack build book -o x.epub; epubpack check x.epub"
        build/epubpack build book -o x.epub
        build/epubpack check x.epub'
fi
echo "::: in Debian $release: $steps"
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 TERM=dumb "${data_env[@]}" /bin/bash -c "set -euo pipefail; cd /src
        t=\$SECONDS
        $steps
        echo \"::: Debian $release: passed in \$((SECONDS - t)) s\"
        dpkg-query -W -f='\${Package} \${Version}\n' gcc 'libvips42*' libdeflate0 'libzip[0-9]*' \
            libxml2 libharfbuzz0b 2>/dev/null | awk 'NF == 2 { print \"    \" \$0 }' || true"
echo "::: debian-root-check.sh: Debian $release: all passed in $((SECONDS - start)) s"
