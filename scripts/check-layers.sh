#!/usr/bin/env bash
# Fails when code crosses a module boundary, judged on what the compiler sees: every #include
# (quoted, <…> or through "../", resolved as the compiler resolves it) and, given a build, the
# symbols each object uses (nm), so that a hand-written prototype of another stage's function is
# caught as surely as an #include of its header. Run by CI (.ci/run, includes only, before the
# build) and by tests/e2e/layers.sh (includes and symbols of the test build).
#
#   scripts/check-layers.sh [SRC_DIR [BUILD_DIR]]    (default: src/ of this repository)
#
# The rules (docs/ARCHITECTURE.md "Layers"):
#   src/util/           util/ and epubpack.h: nothing else of ours
#   src/book.[ch]       the model: util/ and epubpack.h
#   src/STAGE/          read, typeset, package, ocf: its own folder, the model (book.h), util/
#                       and epubpack.h; never another stage
#   src/check/          its own folder, util/ and epubpack.h: nothing of the writer's, not even
#                       the model, since it judges any EPUB
#   src/catalog/        its own folder, util/ and epubpack.h; it reads EPUBs through the public
#                       API (ep_read_publication), as any program would
#   src/build.c         the pipeline: the model and each stage's entry header (STAGE/STAGE.h,
#                       package/pkg.h, ocf/ocf.h), never a stage's internal header
#   src/cli/            the command line: its own headers, the public epubpack.h, and the
#                       self-contained helpers of util/ it compiles into itself ($cli_util,
#                       CLI_UTIL_SOURCES in CMakeLists.txt); of libepubpack it calls only the
#                       public API (ep_*), as any other program
# For symbols the same table holds with "uses a function or variable defined in" for "includes".
set -euo pipefail
src=${1:-"$(cd "$(dirname "$0")/.." && pwd)/src"}
src=$(cd "$src" && pwd)
build=${2:-}
inc=$(cd "$src/.." && pwd)/include # the public header's folder (-I include)
stages=" read typeset package ocf check catalog "
cli_util=" util/buf.h util/utf8.h util/suggest.h "
bad=0

# The layer a path relative to src/ belongs to: its folder, "model" for src/book.[ch], "build"
# for src/build.c, "public" for epubpack.h.
layer_of() {
    case "$1" in
    epubpack.h) echo public ;;
    */*) echo "${1%%/*}" ;;
    build.c) echo build ;;
    *) echo model ;;
    esac
}

# Why layer $1 may not use $2 (header or object $3, relative to src/), or nothing when it may.
# $4: "include" or "symbol".
forbidden() {
    local from=$1 to=$2 target=$3 kind=$4
    case $from in
    util) [[ $to == util || $to == public ]] ||
        echo "util/ uses nothing of ours but util/ and epubpack.h" ;;
    model) [[ $to == model || $to == util || $to == public ]] ||
        echo "the model uses only util/ and epubpack.h" ;;
    check) [[ $to == check || $to == util || $to == public ]] ||
        echo "the checker uses its own folder, util/ and epubpack.h, nothing of the writer's (not even book.h)" ;;
    catalog) [[ $to == catalog || $to == util || $to == public ]] ||
        echo "the catalog uses its own folder, util/ and epubpack.h (the public API for EPUBs)" ;;
    cli) [[ $to == cli || $to == public || ($kind == include && $cli_util == *" $target "*) ]] ||
        echo "the command line uses its own folder and the public epubpack.h (with util/ helpers it compiles itself)" ;;
    build)
        if [[ $to == cli ]]; then
            echo "the library does not use the command line"
        elif [[ $kind == include && $stages == *" $to "* ]]; then
            case $target in
            read/read.h | typeset/typeset.h | package/pkg.h | ocf/ocf.h | check/check.h) ;;
            *) echo "the pipeline includes a stage's entry header, not its internals" ;;
            esac
        fi
        ;;
    *) # a writing stage
        [[ $to == "$from" || $to == util || $to == public || $to == model ]] ||
            echo "a stage uses its own folder, book.h, util/ and epubpack.h, never another stage" ;;
    esac
}

# ---------- includes, in every form ----------
while IFS= read -r file; do
    rel=${file#"$src"/}
    dir=$(dirname "$rel")
    from=$(layer_of "$rel")
    while IFS= read -r hit; do
        line=${hit%%:*}
        text=${hit#*:}
        if [[ ! $text =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*([\"\<])([^\"\>]+)[\"\>] ]]; then
            echo "src/$rel:$line: #include of a macro: name the header literally" >&2
            bad=1
            continue
        fi
        quote=${BASH_REMATCH[1]} name=${BASH_REMATCH[2]}
        # As the compiler searches: "…" beside the including file first, then -I src, -I include.
        target=""
        if [[ $quote == '"' && -f "$src/$dir/$name" ]]; then
            target=$(realpath -m --relative-to="$src" "$src/$dir/$name")
        elif [[ -f "$src/$name" ]]; then
            target=$(realpath -m --relative-to="$src" "$src/$name")
        elif [[ -f "$inc/$name" || $name == epubpack.h ]]; then
            target=epubpack.h
        elif [[ $quote == '"' ]]; then
            echo "src/$rel:$line: #include \"$name\": no such header under src/" >&2
            bad=1
            continue
        else
            continue # a system or library header
        fi
        [[ $target == ../* ]] && target=outside
        why=$(forbidden "$from" "$(layer_of "$target")" "$target" include)
        if [[ -n $why ]]; then
            echo "src/$rel:$line: includes $target: $why" >&2
            bad=1
        fi
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include' "$file" || true)
done < <(find "$src" -name '*.[ch]' | sort)

# ---------- symbols, as the linker sees them ----------
if [[ -n $build ]]; then
    command -v nm >/dev/null || { echo "check-layers.sh: nm not found (apt-get install binutils)" >&2; exit 1; }
    # "D sym OBJ" for each global definition, "U sym OBJ" for each use; OBJ is the source's path
    # under src/, prefixed "lib:" or "cli:" by the program the object is linked into.
    table=$(for prog in lib:epubpack_obj cli:epubpack_cli; do
        d="$build/CMakeFiles/${prog#*:}.dir/src"
        [[ -d $d ]] || { echo "check-layers.sh: no objects in $d (build first)" >&2; exit 1; }
        (cd "$d" && find . -name '*.o' | sort) | while IFS= read -r o; do
            rel=${o#./}
            nm "$d/$o" | awk -v f="${prog%%:*}:${rel%.o}" \
                '$1 == "U" {print "U", $2, f} NF == 3 && $2 ~ /^[TDBRVWG]$/ {print "D", $3, f}'
        done
    done) || exit 1
    # A use resolves in its own program first (the CLI's objects, then libepubpack's).
    while read -r sym user owner; do
        from=$(layer_of "${user#*:}")
        [[ ${user%%:*} == cli ]] && from=cli
        to=$(layer_of "${owner#*:}")
        [[ $from == catalog && $sym == ep_* ]] && to=public # the public API, defined by check/
        if [[ ${user%%:*} == cli ]]; then
            if [[ ${owner%%:*} == cli ]]; then
                to=cli # its own objects, the util/ helpers compiled into it among them
            elif [[ $sym == ep_* ]]; then
                to=public # libepubpack's exports
            fi
        fi
        why=$(forbidden "$from" "$to" "${owner#*:}" symbol)
        if [[ -n $why ]]; then
            echo "src/${user#*:}: uses $sym of src/${owner#*:}: $why" >&2
            bad=1
        fi
    done < <(awk '$1 == "D" {p = substr($3, 1, 3); if (!((p, $2) in def)) def[p, $2] = $3; next}
                  {use[NR] = $2 " " $3}
                  END {for (i in use) {split(use[i], u, " "); p = substr(u[2], 1, 3)
                       if ((p, u[1]) in def) print u[1], u[2], def[p, u[1]]
                       else if (("lib", u[1]) in def) print u[1], u[2], def["lib", u[1]]}}' \
        <<<"$table" | sort -k2,2 -k1,1)
fi

if [[ $bad -eq 0 ]]; then
    echo "layers: every #include${build:+ and every symbol used} stays inside its module's boundary"
fi
exit $bad
