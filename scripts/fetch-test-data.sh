#!/usr/bin/env bash
# The test data that is not ours (tests/data/README.md): epubcheck's conformance scenarios, the
# W3C EPUB 3 test publications, War and Peace, and Mozilla Readability's test pages; also
# epubcheck's EPUB 2 scenarios (epubcheck-epub2, from the same epubcheck commit). Makes the
# sets available, checks every file against tests/data/SET.sha256, and prints the folder that
# holds them on stdout.
#
#   scripts/fetch-test-data.sh [SET...]      SET: epubcheck, epubcheck-epub2, w3c-epub-tests,
#                                            war-and-peace, readability (default: all)
#
# Where the data comes from:
#  - EPUBPACK_TEST_DATA, when set: a folder laid out as below (CI points it at ../shared). It
#    is checked, never written; a file that is missing or differs is an error.
#  - otherwise a cache, EPUBPACK_TEST_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/epubpack/
#    test-data). A set missing there, or failing its check, is downloaded again from its public
#    source at a pinned commit; the download is checked before it replaces the cached copy.
# Layout: conformance/epubcheck/files/epub3/…   conformance/w3c-epub-tests/tests/NAME/…
#         conformance/epubcheck-epub2/files/epub2/…
#         corpus/war-and-peace/tom{1,2,3,4}.txt
#         conformance/readability/{LICENSE.md,test-pages/NAME/…}
#
# Exit 0: every file matches. Exit 1: a message on stderr says which set, which files and how
# to get the data. Needs curl, tar, sha256sum and flock (parallel tests share one download).
set -euo pipefail

root_dir=$(cd "$(dirname "$0")/.." && pwd)
manifests=$root_dir/tests/data
sets=(epubcheck epubcheck-epub2 w3c-epub-tests war-and-peace readability)

epubcheck_commit=82b174ec319ea3e6c9d2488f84155fa4a9171fc2
epubcheck_url=${EPUBPACK_TEST_DATA_EPUBCHECK_URL:-https://github.com/w3c/epubcheck/archive/$epubcheck_commit.tar.gz}
w3c_commit=ec9085b1377668921eb252496163524fdbbb3b42
w3c_url=${EPUBPACK_TEST_DATA_W3C_URL:-https://github.com/w3c/epub-tests/archive/$w3c_commit.tar.gz}
wp_commit=448bd136a978581b0f8cde7e1dcc4e68b9617385
# data/RusLit/prose/Tolstoy/ of modded-nanogpt; each volume is "Война и мир. Том N.txt".
wp_url=${EPUBPACK_TEST_DATA_WAR_AND_PEACE_URL:-https://raw.githubusercontent.com/KellerJordan/modded-nanogpt/$wp_commit/data/RusLit/prose/Tolstoy}
rd_commit=ab4027a8b37669745016869a37a504727992b2ba
rd_url=${EPUBPACK_TEST_DATA_READABILITY_URL:-https://github.com/mozilla/readability/archive/$rd_commit.tar.gz}
wp_name='%D0%92%D0%BE%D0%B9%D0%BD%D0%B0%20%D0%B8%20%D0%BC%D0%B8%D1%80.%20%D0%A2%D0%BE%D0%BC%20'

say() { printf 'fetch-test-data: %s\n' "$*" >&2; }

# set_folder SET — the folder of SET inside the data folder: what a download replaces.
set_folder() {
    case $1 in
    epubcheck) echo conformance/epubcheck/files ;;
    epubcheck-epub2) echo conformance/epubcheck-epub2/files ;;
    w3c-epub-tests) echo conformance/w3c-epub-tests/tests ;;
    war-and-peace) echo corpus/war-and-peace ;;
    readability) echo conformance/readability ;;
    esac
}

# verify SET DIR — every file of SET's manifest is in DIR with its SHA-256; for a conformance
# set, its folder also holds nothing else (an extra file in a fixture would change what the checker
# reports); so does w3c-epub-tests'. Prints what is wrong on stderr.
verify() {
    local set=$1 dir=$2 manifest=$manifests/$1.sha256 bad folder extra
    [[ -d "$dir" ]] || { say "$set: $dir is not a folder"; return 1; }
    bad=$(grep -v '^#' "$manifest" | (cd "$dir" && LC_ALL=C sha256sum --check --strict --quiet - 2>&1)) || {
        say "$set: $(grep -c ': FAILED' <<<"$bad") of $(grep -vc '^#' "$manifest") files in $dir are missing or differ from tests/data/$set.sha256:"
        grep ': FAILED' <<<"$bad" | head -n 5 | sed 's/^/    /' >&2
        return 1
    }
    # Files the manifest does not list are refused, except a README.md at the top (the shared
    # copy describes conformance/readability/ with one).
    if [[ $set != war-and-peace ]]; then
        folder=$(set_folder "$set")
        extra=$(LC_ALL=C comm -13 <(grep -v '^#' "$manifest" | sed 's/^[0-9a-f]*  //' | LC_ALL=C sort) \
            <(cd "$dir" && find "$folder" ! -type d ! -path "$folder/README.md" | LC_ALL=C sort))
        if [[ -n "$extra" ]]; then
            say "$set: $dir/$folder holds files that tests/data/$set.sha256 does not list:"
            head -n 5 <<<"$extra" | sed 's/^/    /' >&2
            return 1
        fi
    fi
}

# github_archive SET DIR URL FOLDER SOURCE STRIP — GitHub's archive of a commit (URL) into
# DIR/FOLDER: only the files SET's manifest lists, FOLDER/… there and SOURCE/… in the archive
# (STRIP folders deep; GitHub names the top folder REPO-COMMIT).
github_archive() {
    local set=$1 dir=$2 url=$3 folder=$4 source=$5 strip=$6
    curl -fsSL --retry 3 -o "$dir/archive.tar.gz" "$url" || return 1
    mkdir -p "$dir/$folder"
    grep -v '^#' "$manifests/$set.sha256" | sed "s|^[0-9a-f]*  $folder/|$source/|" >"$dir/members"
    tar -xzf "$dir/archive.tar.gz" -C "$dir/$folder" --strip-components="$strip" \
        --files-from="$dir/members" || return 1
    rm "$dir/archive.tar.gz" "$dir/members"
}

# download SET DIR — the set from its public source into DIR (same layout).
download() {
    local set=$1 dir=$2 n
    case $set in
    epubcheck)
        say "downloading w3c/epubcheck at $epubcheck_commit ($epubcheck_url)"
        github_archive epubcheck "$dir" "$epubcheck_url" conformance/epubcheck/files \
            "epubcheck-$epubcheck_commit/src/test/resources" 4
        ;;
    epubcheck-epub2)
        say "downloading w3c/epubcheck at $epubcheck_commit ($epubcheck_url), its EPUB 2 scenarios"
        github_archive epubcheck-epub2 "$dir" "$epubcheck_url" conformance/epubcheck-epub2/files \
            "epubcheck-$epubcheck_commit/src/test/resources" 4
        ;;
    w3c-epub-tests)
        say "downloading w3c/epub-tests at $w3c_commit ($w3c_url)"
        github_archive w3c-epub-tests "$dir" "$w3c_url" conformance/w3c-epub-tests/tests \
            "epub-tests-$w3c_commit/tests" 2
        ;;
    war-and-peace)
        say "downloading War and Peace from KellerJordan/modded-nanogpt at $wp_commit"
        mkdir -p "$dir/corpus/war-and-peace"
        for n in 1 2 3 4; do
            curl -fsSL --retry 3 -o "$dir/corpus/war-and-peace/tom$n.txt" "$wp_url/$wp_name$n.txt" ||
                return 1
        done
        ;;
    readability)
        say "downloading mozilla/readability at $rd_commit ($rd_url)"
        curl -fsSL --retry 3 -o "$dir/readability.tar.gz" "$rd_url" || return 1
        mkdir -p "$dir/conformance/readability"
        # GitHub names the top folder readability-COMMIT; the pages are in test/test-pages/.
        tar -xzf "$dir/readability.tar.gz" -C "$dir/conformance/readability" --strip-components=2 \
            "readability-$rd_commit/test/test-pages" || return 1
        tar -xzf "$dir/readability.tar.gz" -C "$dir/conformance/readability" --strip-components=1 \
            "readability-$rd_commit/LICENSE.md" || return 1
        rm "$dir/readability.tar.gz"
        ;;
    esac
}

how_to_get() {
    say "to get the test data: run scripts/fetch-test-data.sh where github.com is reachable,"
    say "or set EPUBPACK_TEST_DATA to a folder that holds it in the layout of tests/data/README.md"
}

[[ $# -gt 0 ]] || set -- "${sets[@]}"
for set in "$@"; do
    [[ -f "$manifests/$set.sha256" ]] || { say "unknown data set '$set' (known: ${sets[*]})"; exit 2; }
done

if [[ -n "${EPUBPACK_TEST_DATA:-}" ]]; then
    for set in "$@"; do
        verify "$set" "$EPUBPACK_TEST_DATA" || {
            say "EPUBPACK_TEST_DATA=$EPUBPACK_TEST_DATA does not hold the '$set' data the tests expect"
            how_to_get
            exit 1
        }
    done
    printf '%s\n' "$EPUBPACK_TEST_DATA"
    exit 0
fi

cache=${EPUBPACK_TEST_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/epubpack/test-data}
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9 # another test may be downloading the same set
for set in "$@"; do
    verify "$set" "$cache" 2>/dev/null && continue
    tmp=$(mktemp -d "$cache/.download.XXXXXX")
    if ! download "$set" "$tmp" || ! verify "$set" "$tmp"; then
        rm -rf "$tmp"
        say "could not get the '$set' test data from its public source (see above)"
        how_to_get
        exit 1
    fi
    p=$(set_folder "$set")
    rm -rf "${cache:?}/$p"
    mkdir -p "$(dirname "$cache/$p")"
    mv "$tmp/$p" "$cache/$p"
    rm -rf "$tmp"
    verify "$set" "$cache" || exit 1
done
printf '%s\n' "$cache"
