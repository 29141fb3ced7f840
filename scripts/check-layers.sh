#!/usr/bin/env bash
# Fails when an #include crosses a module boundary (run by .ci/run beside check-format.sh).
#
#   scripts/check-layers.sh [SRC_DIR]        (default: src/ of this repository)
#
# The rules (README.md "Development"):
#   src/util/           includes only util/ headers and epubpack.h: nothing else of ours
#   src/book.[ch]       the model: util/ headers and epubpack.h
#   src/STAGE/          read, typeset, package, ocf, check, catalog: its own folder's headers, the
#                       model (book.h), util/ and epubpack.h; never another stage's header
#   src/build.c         the pipeline: may include each stage's header
#   src/cli/            the command line: its own headers, util/ and the public epubpack.h
# Only quoted includes are ours; <…> includes are system and library headers.
set -euo pipefail
src=${1:-"$(cd "$(dirname "$0")/.." && pwd)/src"}
src=$(cd "$src" && pwd)
stages=" read typeset package ocf check catalog "
bad=0

# The folder (relative to src) a header lives in: "" for src/ itself, "public" for epubpack.h.
layer_of() {
    case "$1" in
    epubpack.h) echo public ;;
    */*) echo "${1%%/*}" ;;
    *) echo "" ;;
    esac
}

while IFS= read -r file; do
    rel=${file#"$src"/}
    dir=$(dirname "$rel")
    [[ $dir == . ]] && dir=""
    from=$(layer_of "$rel")
    [[ $rel == */* ]] || from=""
    while IFS= read -r hit; do
        line=${hit%%:*}
        inc=$(sed -E 's/^[^"]*"([^"]+)".*/\1/' <<<"${hit#*:}")
        # Resolve as the compiler does: beside the including file first, then from src/.
        if [[ -n $dir && -f "$src/$dir/$inc" ]]; then
            target=$(realpath -m --relative-to="$src" "$src/$dir/$inc")
        elif [[ -f "$src/$inc" ]]; then
            target=$(realpath -m --relative-to="$src" "$src/$inc")
        elif [[ $inc == epubpack.h ]]; then
            target=epubpack.h
        else
            echo "src/$rel:$line: #include \"$inc\": no such header under src/" >&2
            bad=1
            continue
        fi
        to=$(layer_of "$target")
        why=""
        if [[ $from == util ]]; then
            [[ $to == util || $to == public ]] || why="util/ includes nothing of ours but util/ and epubpack.h"
        elif [[ $from == cli ]]; then
            [[ $to == cli || $to == util || $to == public ]] ||
                why="the command line uses the public epubpack.h and util/ only"
        elif [[ $stages == *" $from "* ]]; then
            [[ $to == "$from" || $to == util || $to == public || $target == book.h ]] ||
                why="a stage includes its own headers, book.h, util/ and epubpack.h, never another stage's"
        elif [[ $rel == build.c ]]; then
            [[ $to != cli ]] || why="the library does not include the command line's headers"
        else # the model: src/book.[ch] and anything else at the top of src/
            [[ $to == util || $to == public || $target == book.h ]] ||
                why="the model includes only util/ and epubpack.h"
        fi
        if [[ -n $why ]]; then
            echo "src/$rel:$line: includes $target: $why" >&2
            bad=1
        fi
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" || true)
done < <(find "$src" -name '*.[ch]' | sort)

[[ $bad -eq 0 ]] && echo "layers: every #include stays inside its module's boundary"
exit $bad
