#!/usr/bin/env bash
# `make docs`: HTML documentation with antsibull-docs and Sphinx, from the built tarball:
# a page per module (DOCUMENTATION/EXAMPLES/RETURN) plus the guides in docs/docsite/rst/.
# Output: .build/docs/build/html/index.html
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
FLOWROUTE_VENVS="new tools" bash tests/bin/setup-venvs.sh
[ -d .build/collections/ansible_collections/flowroute/numbers ] || bash tests/bin/stage.sh
export ANSIBLE_COLLECTIONS_PATH=$ROOT/.build/collections
export PATH=$ROOT/.venv/tools/bin:$PATH
DOCS=$ROOT/.build/docs
rm -rf "$DOCS" && mkdir -p "$DOCS"
antsibull-docs sphinx-init --use-current --lenient --dest-dir "$DOCS" \
    --project "flowroute.numbers" --copyright "flowroute.numbers contributors" --title "flowroute.numbers" \
    --index-rst-source "$ROOT/docs/docsite/index.rst" --fail-on-error flowroute.numbers > /dev/null
(cd "$DOCS" && ./build.sh) 2>&1 | tee "$DOCS/build.log"
# Sphinx errors (malformed RST) fail the build; warnings about the unreachable ansible docs inventory do not.
if grep -E ': (ERROR|CRITICAL|SEVERE):' "$DOCS/build.log"; then
    echo "docs: the Sphinx errors above must be fixed" >&2
    exit 1
fi
# every internal link of the rendered site leads to a page and an anchor that exist
.venv/tools/bin/python tests/bin/check-links.py "$DOCS/build/html"
pages=$(find "$DOCS/build/html" -name '*.html' | wc -l)
modules=$(find "$DOCS/build/html/collections/flowroute/numbers" -name '*_module.html' | wc -l)
guides=$(find "$DOCS/build/html/collections/flowroute/numbers/docsite" -name '*.html' 2>/dev/null | wc -l)
echo "docs: $pages HTML pages ($modules module pages, $guides guides) in $DOCS/build/html/index.html"
