#!/usr/bin/env bash
# Lays out the collection where Python and ansible-test expect it, from this checkout:
#   .build/src/ansible_collections/flowroute/numbers   the source files git knows (tracked or new, not ignored)
#   .build/dist/flowroute-numbers-<version>.tar.gz    ansible-galaxy collection build
#   .build/collections/ansible_collections/flowroute/numbers   that tarball, installed
# Usage: tests/bin/stage.sh [PYTHON_VENV]   (default .venv/new)
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${1:-.venv/new}
SRC=.build/src/ansible_collections/flowroute/numbers
rm -rf .build/src .build/dist .build/collections
mkdir -p "$SRC" .build/dist .build/collections
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    [ -e "$f" ] && printf '%s\0' "$f"
done | xargs -0 cp --parents -t "$SRC"
# ansible-test lists a collection's files with git; .build/ is ignored by the outer checkout.
git -C "$SRC" init -q && git -C "$SRC" add -A
"$VENV/bin/ansible-galaxy" collection build --force --output-path .build/dist >/dev/null
tarball=$(echo .build/dist/flowroute-numbers-*.tar.gz)
if tar tzf "$tarball" | grep -E '^(tests/|\.venv|\.build|\.ci/|\.git|importer_result|Makefile|.*__pycache__)'; then
    echo "stage: the entries above must not be in the tarball (galaxy.yml build_ignore)" >&2
    exit 1
fi
"$VENV/bin/ansible-galaxy" collection install --force -p .build/collections "$tarball" >/dev/null
echo "stage: built and installed $tarball ($(tar tzf "$tarball" | wc -l) entries)"
