#!/usr/bin/env bash
# The main job: set everything up, start the local emulator (with one number, 12065551234),
# run the demo playbook twice.
# The second run must report changed=0: nothing is written twice.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
FLOWROUTE_VENVS=new bash tests/bin/setup-venvs.sh
bash tests/bin/stage.sh
PORT_FILE=$(mktemp)
rm -f "$PORT_FILE"
.venv/new/bin/python tests/emulator/flowroute_emulator.py --port 0 --port-file "$PORT_FILE" \
    --access-key 12345678 --secret-key 0123456789abcdef0123456789abcdef --seed-numbers 12065551234 >/dev/null &
EMULATOR_PID=$!
trap 'kill $EMULATOR_PID 2>/dev/null || true; rm -f "$PORT_FILE"' EXIT
for _ in $(seq 100); do [ -s "$PORT_FILE" ] && break; sleep 0.1; done
[ -s "$PORT_FILE" ] || { echo "demo: the emulator did not start" >&2; exit 1; }

export ANSIBLE_COLLECTIONS_PATH=$ROOT/.build/collections
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export ANSIBLE_PYTHON_INTERPRETER=$ROOT/.venv/new/bin/python
FLOWROUTE_API_URL=http://127.0.0.1:$(cat "$PORT_FILE")
export FLOWROUTE_API_URL
export FLOWROUTE_ACCESS_KEY=12345678 FLOWROUTE_SECRET_KEY=0123456789abcdef0123456789abcdef
echo "demo: emulator at $FLOWROUTE_API_URL"
for run in first second; do
    echo "demo: $run run"
    .venv/new/bin/ansible-playbook --diff docs/examples/demo.yml | tee .build/demo-$run.log
done
grep -q 'changed=0' .build/demo-second.log || { echo "demo: FAILED, the second run changed something" >&2; exit 1; }
echo "demo: OK - first run created 3 routes and routed a number, second run changed nothing"
