# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The execution environment is built from what the collection declares, and the collection declares it as Red Hat's
certification asks: runtime requirements apart from test ones, without pins or upper bounds; python_requires.

``ansible-builder create`` makes the build context of docs/awx/execution-environment.yml; its galaxy stage is then
replayed here (the same ansible-galaxy command, in the context's _build/ as the Containerfile runs it) and the
context's own introspect script run over the result, which is what the builder stage does to find the Python
requirements. Building the image and running a playbook in it needs a container engine; none runs on these
machines, and the test says so when it skips that part.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ast
import filecmp
import glob
import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml
from packaging.requirements import Requirement

from conftest import BIN, COLLECTIONS, ROOT

TOOLS = os.path.join(ROOT, '.venv', 'tools', 'bin')
DEFINITION = os.path.join(ROOT, 'docs', 'awx', 'execution-environment.yml')


def tool(name):
    path = os.path.join(TOOLS, name)
    if not os.path.exists(path):
        pytest.fail('{0} is not installed: run tests/bin/setup-venvs.sh (the tools virtualenv)'.format(path))
    return path


def runtime_requirements():
    with open(os.path.join(ROOT, 'requirements.txt')) as handle:
        return [Requirement(line.strip()) for line in handle if line.strip() and not line.startswith('#')]


def galaxy_version():
    with open(os.path.join(ROOT, 'galaxy.yml')) as handle:
        return yaml.safe_load(handle)['version']


def introspected(text):
    """The python and system requirements from ansible-builder's introspect output, comments dropped."""
    data = yaml.safe_load(text[text.index('---'):])
    return [line.split('#')[0].strip() for line in data['python']], data['system']


def test_the_collection_declares_requests_through_its_ee_metadata():
    with open(os.path.join(ROOT, 'meta', 'execution-environment.yml')) as handle:
        metadata = yaml.safe_load(handle)
    assert metadata == {'version': 1, 'dependencies': {'python': 'requirements.txt'}}


def third_party_imports():
    """The top-level names of what plugins/ imports beyond the standard library and Ansible."""
    names = set()
    for path in glob.glob(os.path.join(ROOT, 'plugins', '**', '*.py'), recursive=True):
        with open(path) as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split('.')[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split('.')[0])
    return names - set(sys.stdlib_module_names) - {'ansible', 'ansible_collections', '__future__'}


def test_runtime_requirements_are_what_the_plugins_import_without_pins_or_upper_bounds():
    requirements = runtime_requirements()
    assert sorted(requirement.name for requirement in requirements) == sorted(third_party_imports()) == ['requests']
    for requirement in requirements:
        assert requirement.specifier, '{0}: give the lowest version that works'.format(requirement)
        assert all(spec.operator in ('>=', '>') for spec in requirement.specifier), \
            '{0}: no pins or upper bounds in requirements.txt (certification)'.format(requirement)


def test_test_requirements_are_apart_from_the_runtime_ones():
    runtime = set(requirement.name for requirement in runtime_requirements())
    development = set()
    for path in glob.glob(os.path.join(ROOT, 'tests', 'requirements*.txt')):
        with open(path) as handle:
            development.update(Requirement(line.strip()).name for line in handle
                               if line.strip() and not line.startswith('#'))
    assert {'pytest', 'hypothesis', 'ansible-runner', 'ansible-builder', 'mutmut'} <= development
    assert runtime & development == {'requests'}       # the tests' venvs need what the modules need
    assert not (runtime - {'requests'})


def test_python_requires_is_what_the_modules_document():
    with open(os.path.join(ROOT, 'tests', 'config.yml')) as handle:
        python_requires = yaml.safe_load(handle)['modules']['python_requires']
    from ansible_collections.flowroute.numbers.plugins.doc_fragments.flowroute import ModuleDocFragment
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['requirements']
    assert python_requires == '>=3.9'
    assert [line for line in documented if line.startswith('python ')] == [
        'python {0} (on the host that runs the modules, usually the controller)'.format(python_requires.replace('>=', '>= '))]


def test_introspect_lists_exactly_the_runtime_requirements():
    completed = subprocess.run([tool('ansible-builder'), 'introspect', '--sanitize', COLLECTIONS],
                               capture_output=True, text=True, check=True)
    python, system = introspected(completed.stdout)
    assert python == [str(requirement) for requirement in runtime_requirements()]
    assert system == []
    assert 'from collection flowroute.numbers' in completed.stdout


def tarball():
    found = glob.glob(os.path.join(ROOT, '.build', 'dist', 'flowroute-numbers-*.tar.gz'))
    assert len(found) == 1, 'run tests/bin/stage.sh first ({0})'.format(found)
    return found[0]


def test_the_definition_installs_this_releases_tarball():
    with open(DEFINITION) as handle:
        definition = yaml.safe_load(handle)
    name = 'flowroute-numbers-{0}.tar.gz'.format(galaxy_version())
    assert definition['version'] == 3
    assert definition['dependencies']['galaxy'] == {'collections': [{'name': 'collections/' + name, 'type': 'file'}]}
    assert definition['additional_build_files'] == [{'src': '../../.build/dist/' + name, 'dest': 'collections'}]
    assert os.path.basename(tarball()) == name


@pytest.fixture(scope='module')
def context(tmp_path_factory):
    path = tmp_path_factory.mktemp('ee') / 'context'
    completed = subprocess.run([tool('ansible-builder'), 'create', '-f', DEFINITION, '--context', str(path),
                                '--output-filename', 'Containerfile'], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert 'No matches' not in completed.stdout + completed.stderr
    return path


def test_create_gives_a_context_whose_galaxy_stage_installs_the_built_tarball(context):
    containerfile = (context / 'Containerfile').read_text()
    assert 'ARG EE_BASE_IMAGE="quay.io/fedora/fedora:41"' in containerfile
    galaxy = containerfile[containerfile.index('AS galaxy'):containerfile.index('AS builder')]
    assert 'COPY _build /build' in galaxy and 'WORKDIR /build' in galaxy
    assert ('ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml '
            '--collections-path "/usr/share/ansible/collections"') in galaxy
    builder = containerfile[containerfile.index('AS builder'):containerfile.index('AS final')]
    assert 'COPY --from=galaxy /usr/share/ansible /usr/share/ansible' in builder
    assert 'introspect.py introspect' in builder and '/output/scripts/assemble' in builder
    copied = context / '_build' / 'collections' / os.path.basename(tarball())
    assert filecmp.cmp(str(copied), tarball(), shallow=False)


def test_the_context_installs_the_collection_and_requests(context, tmp_path):
    # the galaxy stage, as the Containerfile runs it (in _build/, copied to /build)
    collections = tmp_path / 'usr' / 'share' / 'ansible' / 'collections'
    env = dict(os.environ, ANSIBLE_GALAXY_DISABLE_GPG_VERIFY='1')
    completed = subprocess.run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '-r', 'requirements.yml',
                                '--collections-path', str(collections)], cwd=str(context / '_build'), env=env,
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    with open(str(collections / 'ansible_collections' / 'flowroute' / 'numbers' / 'MANIFEST.json')) as handle:
        info = json.load(handle)['collection_info']
    assert (info['namespace'], info['name'], info['version']) == ('flowroute', 'numbers', galaxy_version())
    # the builder stage's introspection, with the context's own script
    pip = tmp_path / 'requirements.txt'
    subprocess.run([os.path.join(TOOLS, 'python'), str(context / '_build' / 'scripts' / 'introspect.py'), 'introspect',
                    str(collections), '--write-pip', str(pip), '--write-bindep', str(tmp_path / 'bindep.txt')],
                   capture_output=True, text=True, check=True)
    assert [line.split('#')[0].strip() for line in pip.read_text().splitlines() if line.strip()] == [
        str(requirement) for requirement in runtime_requirements()]


def container_engine():
    """(engine, None) for the first of podman and docker that answers, else (None, why neither does)."""
    reasons = []
    for engine in ('podman', 'docker'):
        if not shutil.which(engine):
            reasons.append('{0}: not installed'.format(engine))
            continue
        answer = subprocess.run([engine, 'info'], capture_output=True, text=True, timeout=60, check=False)
        if answer.returncode == 0:
            return engine, None
        reasons.append('{0} info: {1}'.format(engine, (answer.stderr.strip().splitlines() or ['rc ' + str(
            answer.returncode)])[-1]))
    return None, '; '.join(reasons)


def test_the_image_builds_and_runs_the_demo_where_a_container_engine_answers(tmp_path, emulator_process):
    engine, why = container_engine()
    if engine is None:
        pytest.skip('no container engine answers here ({0}): the image build and the playbook run inside it '
                    'were skipped'.format(why))
    image = 'localhost/flowroute-ee-test:latest'
    subprocess.run([tool('ansible-builder'), 'build', '-f', DEFINITION, '-t', image, '--container-runtime', engine,
                    '--context', str(tmp_path / 'context')], check=True, timeout=3600)
    emulator_process.reset()
    emulator_process.control('POST', 'tns', {'12065551234': None})
    shutil.copy(os.path.join(ROOT, 'docs', 'examples', 'demo.yml'), str(tmp_path / 'demo.yml'))
    from conftest import ACCESS_KEY, SECRET_KEY
    completed = subprocess.run(
        [engine, 'run', '--rm', '--network', 'host', '-v', '{0}:/runner/project:Z'.format(tmp_path),
         '-e', 'FLOWROUTE_ACCESS_KEY=' + ACCESS_KEY, '-e', 'FLOWROUTE_SECRET_KEY=' + SECRET_KEY,
         '-e', 'FLOWROUTE_API_URL=' + emulator_process.url, image,
         'ansible-playbook', '-i', 'localhost,', '-c', 'local', '/runner/project/demo.yml'],
        capture_output=True, text=True, timeout=600, check=False)
    assert completed.returncode == 0 and 'changed=4' in completed.stdout, completed.stdout + completed.stderr
