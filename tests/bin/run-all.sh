#!/usr/bin/env bash
# Every test, from a fresh clone: virtualenvs, unit tests, the built tarball installed,
# integration tests on the newest and the oldest ansible-core, ansible-test sanity on both,
# then the ecosystem checks (ansible-doc, antsibull-docs lint, changelog, ansible-lint,
# galaxy-importer, ansible-builder) and the docs site build.
set -euo pipefail
cd "$(dirname "$0")/../.."
START=$(date +%s)
step() { echo; echo "=== $* ($(( $(date +%s) - START ))s)"; }

step setup virtualenvs
bash tests/bin/setup-venvs.sh
step build and install the collection tarball
bash tests/bin/stage.sh
step unit tests, ansible-core 2.21
.venv/new/bin/python -m pytest -q -p no:cacheprovider tests/unit
step integration tests against the emulator, ansible-core 2.21
.venv/new/bin/python -m pytest -q -p no:cacheprovider tests/integration
step integration tests against the emulator, ansible-core 2.17
.venv/old/bin/python -m pytest -q -p no:cacheprovider tests/integration
step ansible-test sanity, ansible-core 2.21
bash tests/bin/run-sanity.sh new
step ansible-test sanity, ansible-core 2.17
bash tests/bin/run-sanity.sh old
step ecosystem checks
bash tests/bin/run-ecosystem.sh
step docs site
bash tests/bin/build-docs.sh | tail -n 1
step "all tests passed in $(( $(date +%s) - START ))s"
