# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Module-level tests: each module's main() run in-process against an in-process emulator.

run_module() sets the module arguments the way ansible-core does, calls main(), and parses what
the module printed: the same JSON ansible-playbook would receive, no_log masking included.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import importlib
import importlib.util
import json
import os
import threading

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as warnings_module

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
EMULATOR_PATH = os.path.join(ROOT, 'roles', 'emulator', 'files', 'flowroute_emulator.py')
ACCESS_KEY = '31415926'
SECRET_KEY = 'feedfacecafebeef0123456789abcdef'


def load_emulator():
    """The emulator's code, imported from its file (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location('flowroute_emulator', EMULATOR_PATH)
    code = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(code)
    return code


@contextlib.contextmanager
def module_args(args):
    """Expose args to AnsibleModule: ansible-core's own helper where it exists (2.19+), else the old global."""
    try:
        from ansible.module_utils.testing import patch_module_args
    except ImportError:
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode()
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved
    else:
        with patch_module_args(args):
            yield


class LiveEmulator:
    """The emulator serving on a thread of this process; tests read and steer its account directly."""

    def __init__(self):
        self.code = load_emulator()
        self.account = self.code.Account(ACCESS_KEY, SECRET_KEY)
        self.defaults = dict(self.account.settings)
        self.server = self.code.make_server('127.0.0.1', 0, self.account)
        self.url = 'http://127.0.0.1:{0}'.format(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self, **settings):
        with self.account.lock:
            self.account.reset()
            self.account.settings.update(self.defaults)
            self.account.settings.update(settings)

    def seed_routes(self, routes):
        with self.account.lock:
            self.account.seed_routes(routes)

    def seed_numbers(self, numbers):
        """{number: [primary name, failover name] or None for sip-reg twice}."""
        with self.account.lock:
            self.account.seed_numbers(dict((number, routes and {'routes': routes}) for number, routes in numbers.items()))

    def routes(self):
        """{name: {type, value}} as v1 shows them."""
        with self.account.lock:
            return self.account.v1_routes()

    def state(self):
        with self.account.lock:
            return self.account.state()

    def control(self, method, action, data=None):
        """An /_emulator/ control call over HTTP, as the integration tests make them."""
        import requests
        answer = requests.request(method, self.url + '/_emulator/' + action, json=data, timeout=10)
        answer.raise_for_status()
        return answer.json()

    def fault(self, **fault):
        with self.account.lock:
            self.account.faults.append(fault)

    def requests(self, method=None):
        return [entry for entry in self.account.log if method in (None, entry['method'])]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def warning_text(warning):
    """A warning's text: ansible-core 2.19 and later return structured summaries, older ones strings."""
    if isinstance(warning, dict):
        return warning.get('event', warning).get('msg', '')
    return warning


@pytest.fixture(scope='session')
def live_emulator():
    emulator = LiveEmulator()
    yield emulator
    emulator.stop()


@pytest.fixture
def emulator(live_emulator):
    live_emulator.reset()
    return live_emulator


@pytest.fixture
def run_module(emulator, capsys):
    """run_module(module, check_mode=False, diff=False, **args) -> the module's result dict (failed: True on failure)."""
    def run(_module, check_mode=False, diff=False, **args):
        code = importlib.import_module('ansible_collections.flowroute.numbers.plugins.modules.' + _module)
        full = dict(_ansible_check_mode=check_mode, _ansible_diff=diff)
        if _module != 'flowroute_emulator':      # the API modules: connection options for the in-process emulator
            full.update(access_key=ACCESS_KEY, secret_key=SECRET_KEY, api_url=emulator.url, retries=1)
        full.update(args)
        capsys.readouterr()
        # a module's warnings live in a process-wide list: start each run without the last one's
        warnings_module._global_warnings.clear()
        warnings_module._global_deprecations.clear()
        with module_args(full):
            with pytest.raises(SystemExit) as exited:
                code.main()
        result = json.loads(capsys.readouterr().out)
        result['warnings'] = [warning_text(warning) for warning in result.get('warnings', [])]
        assert (exited.value.code != 0) == bool(result.get('failed')), result
        return result
    return run
