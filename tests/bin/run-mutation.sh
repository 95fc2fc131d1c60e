#!/usr/bin/env bash
# `make mutation`: mutmut over plugins/module_utils/ against the unit tests, then the score of each file
# (equivalent mutants excluded by name in tests/mutation/equivalent.txt) and every survivor.
# Fails when a file scores under 90%.
# FLOWROUTE_MUTATE=changed (what make test sets): only the files changed since the last release, the commit that
# last set galaxy.yml's version (all of them in a shallow clone, which cannot tell). make mutation, run before each
# release, tests every file: a change to the tests alone is seen there.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
FILES=$(find plugins/module_utils -maxdepth 1 -name '*.py' ! -name __init__.py -printf '%f\n' | sort)
if [ "${FLOWROUTE_MUTATE:-all}" = changed ]; then
    release=$(git log -n 1 --format=%H -G '^version:' -- galaxy.yml 2>/dev/null || true)
    if [ -n "$release" ] && [ "$(git rev-parse --is-shallow-repository)" = false ]; then
        FILES=$( { git diff --name-only --diff-filter=d "$release" -- plugins/module_utils/
                   git ls-files --others --exclude-standard plugins/module_utils/; } \
                 | sed -n 's|^plugins/module_utils/\([^/]*\.py\)$|\1|p' | grep -v '^__init__.py$' | sort -u || true)
        echo "mutation: files of plugins/module_utils/ changed since release $(sed -n 's/^version: *//p' galaxy.yml)" \
             "(commit ${release:0:7}): $(tr '\n' ' ' <<< "${FILES:-none}")"
    else
        echo "mutation: no release commit in this clone's history: every file"
    fi
    if [ -z "$FILES" ]; then
        echo "mutation: nothing to mutate (make mutation tests every file)"
        exit 0
    fi
fi
FLOWROUTE_VENVS=mutation bash tests/bin/setup-venvs.sh
# mutmut names mutants after their file's path, so the scratch tree is laid out as the code is imported
SCRATCH=$ROOT/.build/mutation
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH/ansible_collections/flowroute/numbers" "$SCRATCH/tests/data"
cp -r plugins "$SCRATCH/ansible_collections/flowroute/numbers/"
cp -r roles "$SCRATCH/"
cp -r tests/unit "$SCRATCH/tests/"
cp tests/data/hostile_inputs.json "$SCRATCH/tests/data/"
printf '"""The collection is importable from this scratch tree as it is laid out."""\n' > "$SCRATCH/tests/conftest.py"
# source_paths: the files chosen above, one a line
{ sed -n '1,/^source_paths=/p' tests/mutation/setup.cfg
  for file in $FILES; do echo "    ansible_collections/flowroute/numbers/plugins/module_utils/$file"; done
  sed -n '/^source_paths=/,$p' tests/mutation/setup.cfg | sed 1d; } > "$SCRATCH/setup.cfg"
START=$(date +%s)
(cd "$SCRATCH" && "$ROOT/.venv/mutation/bin/mutmut" run --max-children 2 > "$SCRATCH/mutmut.log" 2>&1) \
    || { tail -c 3000 "$SCRATCH/mutmut.log"; exit 1; }
echo "mutation: mutmut ran in $(( $(date +%s) - START ))s"
"$ROOT/.venv/mutation/bin/python" tests/mutation/report.py "$SCRATCH" tests/mutation/equivalent.txt --threshold 90
