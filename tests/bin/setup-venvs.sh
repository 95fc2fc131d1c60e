#!/usr/bin/env bash
# Creates the virtualenvs every other script uses (idempotent, safe to re-run):
#   .venv/new  newest ansible-core (2.21) on Python 3.13: units, integration, demo, sanity
#   .venv/old  oldest ansible-core meta/runtime.yml claims (2.17) on Python 3.12: sanity, integration
#   .venv/tools antsibull-docs, antsibull-changelog, ansible-lint, galaxy-importer, ansible-builder
# Only package registries are needed. Set FLOWROUTE_VENVS="new" to build just one.
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

for which in ${FLOWROUTE_VENVS:-new old tools}; do
    case $which in
        new) make_venv new 3.13 'ansible-core>=2.21,<2.22' tests/requirements.txt ;;
        old) make_venv old 3.12 'ansible-core>=2.17,<2.18' tests/requirements.txt ;;
        tools) make_venv tools 3.13 'ansible-core>=2.21,<2.22' tests/requirements-tools.txt ;;
        *) echo "setup-venvs: unknown venv $which" >&2; exit 2 ;;
    esac
done
