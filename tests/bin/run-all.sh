#!/usr/bin/env bash
# Every test, from a fresh clone: virtualenvs, unit tests, the built tarball installed, then for every
# ansible-core minor version meta/runtime.yml claims (2.17 to 2.21) and the newest pre-release (2.22):
# integration tests against the emulator and ansible-test sanity. The newest release (2.21) runs the whole
# integration suite; the oldest (2.17) all of it but the tests marked `newest` (what they check does not depend on
# the ansible-core version: tables of hostile input, load, bursts of 429s); the versions in between and the
# pre-release run the tests marked `subset`, which reach every module and both API versions. Then the ecosystem
# checks (ansible-doc, antsibull-docs lint, changelog, ansible-lint's production profile, galaxy-importer,
# ansible-builder), mutation testing of the plugins/module_utils/ files changed since the last release (make mutation
# tests them all, before each release) and the docs site build.
set -euo pipefail
cd "$(dirname "$0")/../.."
START=$(date +%s)
step() { echo; echo "=== $* ($(( $(date +%s) - START ))s)"; }
core() { ".venv/$1/bin/ansible" --version | sed -n '1s/.*\[core \(.*\)\].*/\1/p'; }

step setup virtualenvs
bash tests/bin/setup-venvs.sh
step build and install the collection tarball
bash tests/bin/stage.sh
step "unit tests, ansible-core $(core new)"
.venv/new/bin/python -m pytest -q -p no:cacheprovider tests/unit
step "tests that run no Ansible command, once: the emulator's contract, the official SDK recordings, the rules' property test"
.venv/new/bin/python -m pytest -q -rs -p no:cacheprovider -m once tests/integration
for venv in old core218 core219 core220 new pre; do
    version=$(core $venv)
    case $venv in
        new) what=full; select='not once' ;;
        old) what='full but the tests marked newest'; select='not once and not newest' ;;
        *) what='subset (marked subset: every module, both API versions)'; select='subset and not once' ;;
    esac
    step "integration tests, ansible-core $version on $(.venv/$venv/bin/python --version), $what"
    ".venv/$venv/bin/python" -m pytest -q -p no:cacheprovider -n 2 -m "$select" tests/integration
    step "ansible-test sanity, ansible-core $version"
    bash tests/bin/run-sanity.sh $venv
done
step "mutation testing of the plugins/module_utils/ files changed since the last release (each at 90% or more)"
FLOWROUTE_MUTATE=changed bash tests/bin/run-mutation.sh
step ecosystem checks
bash tests/bin/run-ecosystem.sh
step docs site
bash tests/bin/build-docs.sh | tail -n 1
step "all tests passed in $(( $(date +%s) - START ))s"
