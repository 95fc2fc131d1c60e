# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures that run the real ansible / ansible-playbook commands against the emulator over HTTP."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import sys
import tempfile
import time

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.environ.get('FLOWROUTE_TEST_COLLECTIONS', os.path.join(ROOT, '.build', 'collections'))
# the copy shipped in the installed collection: what users get is what the tests prove
EMULATOR = os.path.join(COLLECTIONS, 'ansible_collections', 'flowroute', 'numbers', 'roles', 'emulator', 'files',
                        'flowroute_emulator.py')
BIN = os.path.dirname(sys.executable)
CALLBACKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'callback_plugins')
ACCESS_KEY = '31415926'
SECRET_KEY = 'feedfacecafebeef0123456789abcdef'
DEFAULT_SETTINGS = dict(existing='replace', refuse_status=400, window=300, clock=None, latency=0.0, write_body='empty',
                        patch_status=204, last_page='no-next', duplicate_alias='refuse', edge_field='both', rate_limit=0)


# Tests that run no Ansible command: make test runs them once, not once per ansible-core version.
ONCE = ('test_rules_property.py', 'test_emulator_contract.py', 'test_emulator_accepts_official_sdk.py',
        'test_emulator_accepts_official_sdk_v2.py', 'test_emulator_faithful.py', 'test_docs_print_the_examples.py',
        'test_guide_ci_job.py', 'test_awx_credential_type.py', 'test_execution_environment.py')


def pytest_configure(config):
    config.addinivalue_line('markers', 'once: runs no Ansible command; make test runs it once, not per ansible-core version')
    config.addinivalue_line('markers', 'subset: together these reach every module and both API versions; make test runs '
                                       'only them on the ansible-core versions between the oldest and the newest release, '
                                       'and on the pre-release')
    config.addinivalue_line('markers', 'newest: runs Ansible commands, but what it checks does not depend on the '
                                       'ansible-core version (tables of hostile input, load, bursts of 429s): make test '
                                       'runs it on the newest release only')


def pytest_collection_modifyitems(items):
    for item in items:
        if os.path.basename(str(item.fspath)) in ONCE:
            item.add_marker(pytest.mark.once)


class Emulator:
    """A running emulator process and its control endpoints."""

    def __init__(self, extra_args=(), tls=False):
        self.port_file = tempfile.NamedTemporaryFile(delete=False).name
        os.unlink(self.port_file)
        self.ca_file = None
        if tls:
            handle, self.ca_file = tempfile.mkstemp(suffix='.pem')
            os.close(handle)
            extra_args = ['--tls', '--ca-file', self.ca_file] + list(extra_args)
        self.process = subprocess.Popen(
            [sys.executable, EMULATOR, '--port', '0', '--port-file', self.port_file,
             '--access-key', ACCESS_KEY, '--secret-key', SECRET_KEY] + list(extra_args),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 20
        while not os.path.exists(self.port_file) or not open(self.port_file).read():
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError('emulator did not start: {0}'.format(self.process.stderr.read()))
            time.sleep(0.05)
        self.url = '{0}://127.0.0.1:{1}'.format('https' if tls else 'http', open(self.port_file).read())
        self.http = requests.Session()

    def control(self, method, action, data=None):
        # verify per request: requests lets REQUESTS_CA_BUNDLE win over a session's setting
        answer = self.http.request(method, self.url + '/_emulator/' + action, json=data, timeout=10,
                                   verify=self.ca_file or True)
        answer.raise_for_status()
        return answer.json()

    def reset(self, **settings):
        """An empty account (only sip-reg), an empty log, every setting at its default unless given."""
        self.control('POST', 'reset', dict(DEFAULT_SETTINGS, **settings))

    def routes(self):
        return self.control('GET', 'state')['routes']

    def requests(self, method=None):
        log = self.control('GET', 'requests')['requests']
        return [entry for entry in log if method is None or entry['method'] == method]

    def tls_refused(self):
        """How many TLS handshakes clients gave up on (they did not trust the certificate)."""
        return self.control('GET', 'state')['tls_refused']

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        os.unlink(self.port_file)
        if self.ca_file:
            os.unlink(self.ca_file)


@pytest.fixture(scope='session')
def emulator_process():
    if not os.path.isdir(os.path.join(COLLECTIONS, 'ansible_collections', 'flowroute', 'numbers')):
        raise RuntimeError('the collection is not installed in {0}: run tests/bin/stage.sh'.format(COLLECTIONS))
    process = Emulator()
    yield process
    process.stop()


class Api:
    """What a scenario expects on the wire, per API version."""

    ROUTE_WRITES = {'v1': ('PUT',), 'v2': ('POST', 'PATCH', 'DELETE')}

    def __init__(self, version):
        self.version = version

    def __repr__(self):
        return self.version

    def route_list(self, pages):
        """The paths of the first ``pages`` pages of the route list."""
        if self.version == 'v1':
            return ['/v1/routes/?limit=200&page={0}'.format(page) for page in range(1, pages + 1)]
        return ['/v2/routes?limit=200&offset={0}'.format(200 * page) for page in range(pages)]

    def route_writes(self, emulator):
        return [entry for entry in emulator.requests() if entry['method'] in self.ROUTE_WRITES[self.version]
                and '/routes' in entry['path']]

    def number_writes(self, emulator):
        return [entry for entry in emulator.requests('PATCH') if '/tns/' in entry['path'] or '/numbers/' in entry['path']]

    def create(self, name):
        """(method, path) of the request that creates route ``name``."""
        return ('PUT', '/v1/routes/' + name) if self.version == 'v1' else ('POST', '/v2/routes')

    def created_status(self):
        return 201


@pytest.fixture(params=['v1'])
def api(request):
    """The API version a scenario runs over; a test module parametrizes it to run over both."""
    return Api(request.param)


@pytest.fixture
def emulator(emulator_process, api):
    """The emulator with an empty account (only sip-reg) and an empty request log; modules use ``api``."""
    emulator_process.reset()
    emulator_process.api_version = api.version
    return emulator_process


class Result:
    def __init__(self, completed, callback_json):
        self.rc = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.output = completed.stdout + completed.stderr
        self.data = None
        if callback_json:
            start = self.stdout.find('{')
            self.data = json.loads(self.stdout[start:]) if start >= 0 else None

    def task(self, index):
        """The localhost result of the index-th task of the first play (json callback)."""
        return self.data['plays'][0]['tasks'][index]['hosts']['localhost']

    def tasks(self):
        return [task['hosts']['localhost'] for task in self.data['plays'][0]['tasks']]


def ansible_env(emulator, extra=None, callback_json=True):
    env = dict(os.environ)
    for key in list(env):
        if key.startswith('FLOWROUTE_') or key.startswith('ANSIBLE_'):
            del env[key]
    env.update({
        'ANSIBLE_COLLECTIONS_PATH': COLLECTIONS,
        'ANSIBLE_LOCALHOST_WARNING': 'false',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_RETRY_FILES_ENABLED': 'false',
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'PATH': BIN + os.pathsep + env.get('PATH', ''),
    })
    if callback_json:
        env.update({'ANSIBLE_STDOUT_CALLBACK': 'results_json', 'ANSIBLE_CALLBACK_PLUGINS': CALLBACKS})
    env.update(extra or {})
    return env


def module_defaults(emulator, secret=SECRET_KEY):
    return ('  module_defaults:\n    group/flowroute.numbers.flowroute:\n'
            '      access_key: "{0}"\n      secret_key: "{1}"\n      api_url: "{2}"\n      api_version: {3}\n').format(
                ACCESS_KEY, secret, emulator.url, getattr(emulator, 'api_version', 'v1'))


@pytest.fixture
def playbook(tmp_path):
    """playbook(emulator, tasks_yaml, *args, env=None, defaults=True, callback_json=True, hosts='localhost') -> Result."""
    def run(emulator, tasks, *args, **kwargs):
        header = '- hosts: {0}\n  gather_facts: false\n'.format(kwargs.get('hosts', 'localhost'))
        if kwargs.get('defaults', True):
            header += module_defaults(emulator, kwargs.get('secret', SECRET_KEY))
        path = tmp_path / 'play.yml'
        path.write_text(header + '  tasks:\n' + tasks)
        callback_json = kwargs.get('callback_json', True)
        completed = subprocess.run([os.path.join(BIN, 'ansible-playbook'), str(path)] + list(args),
                                   env=ansible_env(emulator, kwargs.get('env'), callback_json),
                                   capture_output=True, text=True, timeout=300, check=False, cwd=str(tmp_path))
        return Result(completed, callback_json)
    return run


@pytest.fixture
def adhoc():
    """adhoc(emulator, module_args, *args, env=None) -> Result (text output, credentials from env)."""
    def run(emulator, module_args, *args, **kwargs):
        env = {'FLOWROUTE_ACCESS_KEY': ACCESS_KEY, 'FLOWROUTE_SECRET_KEY': SECRET_KEY, 'FLOWROUTE_API_URL': emulator.url,
               'FLOWROUTE_API_VERSION': getattr(emulator, 'api_version', 'v1')}
        env.update(kwargs.get('env') or {})
        completed = subprocess.run([os.path.join(BIN, 'ansible'), 'localhost', '-m', 'flowroute.numbers.flowroute_route',
                                    '-a', module_args] + list(args),
                                   env=ansible_env(emulator, env, callback_json=False),
                                   capture_output=True, text=True, timeout=300, check=False)
        return Result(completed, False)
    return run


@pytest.fixture
def playbook_file():
    """playbook_file(emulator, path, *args, env=None) -> Result: run a playbook file as it is, with the results_json callback."""
    def run(emulator, path, *args, **kwargs):
        completed = subprocess.run([os.path.join(BIN, 'ansible-playbook'), path] + list(args),
                                   env=ansible_env(emulator, kwargs.get('env')), capture_output=True, text=True,
                                   timeout=300, check=False)
        return Result(completed, True)
    return run
