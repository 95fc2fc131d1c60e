#!/usr/bin/env bash
# Creates the virtualenvs every other script uses (idempotent, safe to re-run). One per ansible-core
# minor version that meta/runtime.yml claims, and the newest pre-release:
#   old      2.17 (oldest claimed) on Python 3.12       integration, sanity
#   core218  2.18 on Python 3.13                        integration subset, sanity
#   core219  2.19 on Python 3.13                        integration subset, sanity
#   core220  2.20 on Python 3.13                        integration subset, sanity
#   new      2.21 (newest release) on Python 3.13      units, demo, integration, sanity
#   pre      2.22 pre-release (its final release once PyPI has it) on Python 3.13: integration, sanity
#   tools    antsibull-docs, antsibull-changelog, ansible-lint, galaxy-importer, ansible-builder
#   mutation mutmut (make mutation)
# Only package registries are needed. FLOWROUTE_VENVS="new old ..." builds just those.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

find_python() {  # find_python 3.13 -> path of a CPython 3.13 interpreter
    local want=$1 candidate
    for candidate in "python$want" \
        "$(pyenv root 2>/dev/null)"/versions/"$want"*/bin/"python$want" \
        "$HOME"/.pyenv/versions/"$want"*/bin/"python$want"; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "setup-venvs: no Python $want found (install it, e.g. with pyenv)" >&2
    return 1
}

make_venv() {  # make_venv NAME PYTHON_VERSION ANSIBLE_CORE_SPEC REQUIREMENTS_FILE
    local name=$1 pyver=$2 core=$3 requirements=$4 venv=$ROOT/.venv/$1
    local stamp="$venv/.stamp" want
    want="$pyver|$core|$(cat "$requirements")"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    rm -rf "$venv"
    "$(find_python "$pyver")" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$core" -r "$requirements"
    printf '%s' "$want" > "$stamp"
    echo "setup-venvs: $name ready: $("$venv/bin/ansible" --version | sed -n 1p) on $("$venv/bin/python" --version)"
}

# ansible-test 2.22.0rc1 pins pylint's dill to an archive on github.com, which these machines cannot
# reach; the published release on PyPI serves. Substituted here, visibly, instead of skipping pylint.
substitute_dill() {  # substitute_dill NAME
    local requirements
    for requirements in "$ROOT"/.venv/"$1"/lib/python*/site-packages/ansible_test/_data/requirements/sanity.pylint.txt; do
        if grep -q '^dill @ https://' "$requirements"; then
            sed -i 's|^dill @ https://.*$|dill==0.4.1|' "$requirements"
            echo "setup-venvs: $1: ansible-test's pylint requirement 'dill @ https://github.com/...' replaced by dill==0.4.1 from PyPI ($requirements)"
        fi
    done
}

for which in ${FLOWROUTE_VENVS:-old core218 core219 core220 new pre tools}; do
    case $which in
        old) make_venv old 3.12 'ansible-core>=2.17,<2.18' tests/requirements.txt ;;
        core218) make_venv core218 3.13 'ansible-core>=2.18,<2.19' tests/requirements.txt ;;
        core219) make_venv core219 3.13 'ansible-core>=2.19,<2.20' tests/requirements.txt ;;
        core220) make_venv core220 3.13 'ansible-core>=2.20,<2.21' tests/requirements.txt ;;
        new) make_venv new 3.13 'ansible-core>=2.21,<2.22' tests/requirements.txt ;;
        pre) make_venv pre 3.13 'ansible-core>=2.22.0rc1,<2.23' tests/requirements.txt && substitute_dill pre ;;
        tools) make_venv tools 3.13 'ansible-core>=2.21,<2.22' tests/requirements-tools.txt ;;
        mutation) make_venv mutation 3.13 'ansible-core>=2.21,<2.22' tests/requirements-mutation.txt ;;
        *) echo "setup-venvs: unknown venv $which" >&2; exit 2 ;;
    esac
done
