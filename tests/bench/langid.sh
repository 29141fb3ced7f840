#!/usr/bin/env bash
# Accuracy of language detection (util/langid.c) on every held-out sentence of the corpora
# scripts/gen-langid.py learns from, per language, for texts of 1, 3 and 10 sentences.
#   tests/bench/langid.sh BUILD_DIR UD_DIR
# UD_DIR holds the Universal Dependencies repositories scripts/gen-langid.py names, side by side
# (git clone https://github.com/UniversalDependencies/UD_Russian-GSD …, at the commits named);
# Macedonian and Mongolian also read the gettext catalogues Debian 12 installs (libgtk2.0-common,
# libgtk-3-common, libglib2.0-data, libgdk-pixbuf2.0-common, at-spi2-core).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: langid.sh BUILD_DIR UD_DIR}
ud=${2:?usage: langid.sh BUILD_DIR UD_DIR}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 "$here/../../scripts/gen-langid.py" "$ud" --test "$out"
"$build/tests/langid_eval" "$out"
