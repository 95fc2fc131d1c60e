#!/usr/bin/env bash
# The ecosystem checks, on the staged copy and the built tarball (tests/bin/stage.sh):
# ansible-doc for every module, antsibull-docs lint, antsibull-changelog lint and version match,
# ansible-lint on the demo playbooks and every module's EXAMPLES, ansible-lint's production profile over the
# whole collection, galaxy-importer, ansible-builder introspect.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
TOOLS=$ROOT/.venv/tools/bin
SRC=$ROOT/.build/src/ansible_collections/flowroute/numbers
export ANSIBLE_COLLECTIONS_PATH=$ROOT/.build/collections
export PATH=$TOOLS:$PATH
tarball=$(ls "$ROOT"/.build/dist/flowroute-numbers-*.tar.gz)
modules=()
for path in plugins/modules/*.py; do
    name=${path##*/}
    modules+=("${name%.py}")
done

echo "--- ansible-doc renders every module"
for module in "${modules[@]}"; do
    "$ROOT/.venv/new/bin/ansible-doc" "flowroute.numbers.$module" > /dev/null
    echo "ansible-doc flowroute.numbers.$module: ok"
done

echo "--- antsibull-docs lint-collection-docs --plugin-docs"
(cd "$SRC" && antsibull-docs lint-collection-docs --plugin-docs .)
echo "antsibull-docs: ok"

echo "--- antsibull-changelog lint, and galaxy.yml's version is the newest release"
antsibull-changelog lint
version=$(sed -n 's/^version: *//p' galaxy.yml)
newest=$("$TOOLS/python" -c 'import sys, yaml; from packaging.version import Version
releases = yaml.safe_load(open("changelogs/changelog.yaml"))["releases"]
print(max(releases, key=Version))')
[ "$version" = "$newest" ] || { echo "galaxy.yml version $version is not the newest changelog release $newest" >&2; exit 1; }
grep -qF "v${version//./\\.}" CHANGELOG.md || { echo "CHANGELOG.md has no v$version: run antsibull-changelog release" >&2; exit 1; }
echo "antsibull-changelog: ok (version $version)"

echo "--- ansible-lint: the demo playbook and every module's EXAMPLES"
LINT=$ROOT/.build/lint
rm -rf "$LINT" && mkdir -p "$LINT"
"$TOOLS/python" - "$LINT" "${modules[@]}" <<'PY'
import ast, sys
lint_dir, modules = sys.argv[1], sys.argv[2:]
for module in modules:
    tree = ast.parse(open('plugins/modules/%s.py' % module).read())
    examples = next(node.value.value for node in tree.body if isinstance(node, ast.Assign)
                    and getattr(node.targets[0], 'id', None) == 'EXAMPLES')
    body = ''.join('    ' + line if line.strip() else line for line in examples.strip().splitlines(True))
    with open('%s/examples_%s.yml' % (lint_dir, module), 'w') as handle:
        handle.write('---\n- name: EXAMPLES of flowroute.numbers.%s\n  hosts: localhost\n  gather_facts: false\n'
                     '  vars:\n    flowroute_access_key: "12345678"\n'
                     '    flowroute_secret_key: "0123456789abcdef0123456789abcdef"\n'
                     '  tasks:\n%s\n' % (module, body))
PY
cp docs/examples/*.yml "$LINT/"
# the EXAMPLES rely on the FLOWROUTE_* environment fallbacks for credentials, as users may
(cd "$LINT" && FLOWROUTE_ACCESS_KEY=12345678 FLOWROUTE_SECRET_KEY=0123456789abcdef0123456789abcdef \
    ansible-lint --offline --strict --nocolor ./*.yml)
echo "ansible-lint: ok ($(find "$LINT" -name '*.yml' | wc -l) files)"

echo "--- ansible-lint --profile production over the whole collection (.ansible-lint)"
(cd "$SRC" && ansible-lint --nocolor)
echo "ansible-lint production: ok"

echo "--- galaxy-importer on $(basename "$tarball")"
cat > "$ROOT/.build/galaxy-importer.cfg" <<CFG
[galaxy-importer]
RUN_ANSIBLE_TEST = False
RUN_ANSIBLE_LINT = True
RUN_FLAKE8 = True
CHECK_REQUIRED_TAGS = False
LOG_LEVEL_MAIN = INFO
CFG
# it writes importer_result.json into the current directory: keep that in .build/
(cd "$ROOT/.build" && GALAXY_IMPORTER_CONFIG=$ROOT/.build/galaxy-importer.cfg "$TOOLS/python" -m galaxy_importer.main "$tarball") \
    > "$ROOT/.build/galaxy-importer.log" 2>&1 || { cat "$ROOT/.build/galaxy-importer.log"; exit 1; }
if grep -E "^(ERROR|WARNING)|Traceback" "$ROOT/.build/galaxy-importer.log"; then
    echo "galaxy-importer reported the lines above" >&2; exit 1
fi
tail -n 3 "$ROOT/.build/galaxy-importer.log"
echo "galaxy-importer: ok"

echo "--- ansible-builder introspect on the installed collection"
ansible-builder introspect --sanitize "$ANSIBLE_COLLECTIONS_PATH" | tee "$ROOT/.build/introspect.log"
grep -q "requests" "$ROOT/.build/introspect.log"
echo "ansible-builder: ok (requests reported)"
