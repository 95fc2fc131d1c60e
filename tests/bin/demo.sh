#!/usr/bin/env bash
# The main job: set everything up, start the local emulator through the collection's role
# flowroute.numbers.emulator (with one number, 12065551234), show the plan (--check --diff), run the demo
# playbook twice, stop it. The first run must do what the plan said; the second must report changed=0.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
FLOWROUTE_VENVS=new bash tests/bin/setup-venvs.sh
bash tests/bin/stage.sh

export ANSIBLE_COLLECTIONS_PATH=$ROOT/.build/collections
export ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export ANSIBLE_PYTHON_INTERPRETER=$ROOT/.venv/new/bin/python
PORT=$(.venv/new/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
EMULATOR_VARS=(-e "emulator_port=$PORT" -e "emulator_state_dir=$ROOT/.build/emulator")
stop_emulator() {
    .venv/new/bin/ansible-playbook docs/examples/emulator.yml "${EMULATOR_VARS[@]}" -e emulator_state=stopped >/dev/null
}
.venv/new/bin/ansible-playbook docs/examples/emulator.yml "${EMULATOR_VARS[@]}" -e '{"emulator_numbers": ["12065551234"]}'
trap stop_emulator EXIT

FLOWROUTE_API_URL=http://127.0.0.1:$PORT
export FLOWROUTE_API_URL
export FLOWROUTE_ACCESS_KEY=12345678 FLOWROUTE_SECRET_KEY=0123456789abcdef0123456789abcdef
echo "demo: emulator at $FLOWROUTE_API_URL (role flowroute.numbers.emulator)"
echo "demo: the plan (--check --diff): what the run will do; nothing is written"
.venv/new/bin/ansible-playbook --check --diff docs/examples/demo.yml | tee .build/demo-plan.log
for run in first second; do
    echo "demo: $run run"
    .venv/new/bin/ansible-playbook --diff docs/examples/demo.yml | tee .build/demo-$run.log
done
planned=$(grep -o 'changed=[0-9]*' .build/demo-plan.log)
made=$(grep -o 'changed=[0-9]*' .build/demo-first.log)
[ "$planned" = "$made" ] || { echo "demo: FAILED, the plan ($planned) is not what the run did ($made)" >&2; exit 1; }
grep -q 'changed=0' .build/demo-second.log || { echo "demo: FAILED, the second run changed something" >&2; exit 1; }
echo "demo: OK - the plan showed $planned, the first run created 3 routes and routed a number ($made), the second run changed nothing"
