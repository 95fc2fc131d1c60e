#!/usr/bin/env bash
# `make mutation`: mutmut over plugins/module_utils/ against the unit tests, then the score of each file
# (equivalent mutants excluded by name in tests/mutation/equivalent.txt) and every survivor.
# Fails when a file scores under 90%.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
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
cp tests/mutation/setup.cfg "$SCRATCH/setup.cfg"
START=$(date +%s)
(cd "$SCRATCH" && "$ROOT/.venv/mutation/bin/mutmut" run --max-children 2 > "$SCRATCH/mutmut.log" 2>&1) \
    || { tail -c 3000 "$SCRATCH/mutmut.log"; exit 1; }
echo "mutation: mutmut ran in $(( $(date +%s) - START ))s"
"$ROOT/.venv/mutation/bin/python" tests/mutation/report.py "$SCRATCH" tests/mutation/equivalent.txt --threshold 90
