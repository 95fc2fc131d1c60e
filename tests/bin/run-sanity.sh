#!/usr/bin/env bash
# ansible-test sanity on the staged copy (tests/bin/stage.sh), in ansible-test's own --venv.
# Usage: tests/bin/run-sanity.sh VENV [ansible-test sanity options], VENV one of tests/bin/setup-venvs.sh's
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WHICH=${1:-new}
case $WHICH in
    old) PYVER=3.12 ;;
    core218|core219|core220|new|pre) PYVER=3.13 ;;
    *) echo "run-sanity: unknown venv $WHICH" >&2; exit 2 ;;
esac
VENV=$ROOT/.venv/$WHICH
# The shellcheck sanity test is skipped without the program; install it where we can (Debian, root).
if ! command -v shellcheck >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck; } >/dev/null 2>&1 \
        || echo "run-sanity: could not install shellcheck; its sanity test will be skipped" >&2
fi
# ansible-test --venv fetches get-pip.py from a host we cannot reach; it uses a cached copy first.
mkdir -p ~/.ansible/test/cache
grep -ho "pip='[0-9.]*'" "$VENV"/lib/python*/site-packages/ansible_test/_internal/python_requirements.py \
    | grep -o "[0-9.]*[0-9]" | sort -u | while read -r version; do
    cp tests/bin/get_pip_shim.py ~/.ansible/test/cache/"get_pip_${version//./_}.py"
done
cd .build/src/ansible_collections/flowroute/numbers
echo "run-sanity: $("$VENV/bin/ansible-test" --version) on Python $PYVER"
"$VENV/bin/ansible-test" sanity --venv --python "$PYVER" --color no "${@:2}"
