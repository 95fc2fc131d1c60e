# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""secret_key never shows: every path of the module run at -vvvv --diff, all output searched.

Each scenario first proves it took the path it is named for (what the emulator saw, how the task
ended), so that a module stopping early cannot pass for one that hides the secret.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64

import pytest

from conftest import ACCESS_KEY, SECRET_KEY

# A secret the emulator does not know, for the failure paths; the emulator's own for success paths.
WRONG_SECRET = 'badc0ffee0ddf00dbadc0ffee0ddf00d'

TASK = '''    - flowroute.numbers.flowroute_route:
        name: {name}
        type: {type}
        retries: 1
        value: "{value}"
      register: result
      ignore_errors: true
    - ansible.builtin.debug: {{var: result}}
'''

# scenario: (secret, route, server behaviour, how the task ends, what the emulator sees: [(method, status)])
SCENARIOS = {
    'created': (SECRET_KEY, dict(name='R1', type='HOST', value='1.2.3.4'), None, 'changed', [('GET', 200), ('create', 201)]),
    'unchanged': (SECRET_KEY, dict(name='Existing', type='HOST', value='1.2.3.4'), None, 'ok', [('GET', 200)]),
    'changed': (SECRET_KEY, dict(name='Existing', type='HOST', value='5.6.7.8'), None, 'changed',
                [('GET', 200), ('update', 'ok')]),
    'refused change': (SECRET_KEY, dict(name='Existing', type='HOST', value='5.6.7.8'), 'refuse', 'fatal',
                       [('GET', 200), ('update', 'refused'), ('GET', 200)]),
    'wrong secret': (WRONG_SECRET, dict(name='R1', type='HOST', value='1.2.3.4'), None, 'fatal', [('GET', 401)]),
    'invalid input': (WRONG_SECRET, dict(name='R/1', type='HOST', value='1.2.3.4'), None, 'fatal', []),
    'server error': (WRONG_SECRET, dict(name='R1', type='HOST', value='1.2.3.4'), 'fault', 'fatal', [('GET', 500), ('GET', 500)]),
}


def expected_log(api, steps):
    methods = {'create': api.create('x')[0], 'update': 'PUT' if api.version == 'v1' else 'PATCH'}
    statuses = {'ok': 201 if api.version == 'v1' else 200, 'refused': 400 if api.version == 'v1' else 422}
    log = []
    for method, status in steps:
        log.append((methods.get(method, method), statuses.get(status, status)))
        if method == 'create' and api.version == 'v2':
            log.append(('GET', 200))        # a v2 create reads its alias back
    return log


@pytest.mark.subset
@pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)
@pytest.mark.parametrize('scenario', sorted(SCENARIOS))
@pytest.mark.parametrize('how', ['module_defaults', 'environment'])
def test_secret_never_in_output(emulator, playbook, api, scenario, how):
    secret, route, server, outcome, steps = SCENARIOS[scenario]
    emulator.control('POST', 'routes', {'Existing': {'type': 'HOST', 'value': '1.2.3.4'}})
    if server == 'refuse' and api.version == 'v1':
        emulator.control('POST', 'settings', {'existing': 'refuse'})
    elif server == 'refuse':
        emulator.control('POST', 'faults', {'method': 'PATCH', 'count': 1, 'status': 422, 'body': {'error': 'refused'}})
    if server == 'fault':
        emulator.control('POST', 'faults', {'method': '*', 'count': 10, 'status': 500, 'body': {'error': secret}})
    env = None
    if how == 'environment':
        env = {'FLOWROUTE_ACCESS_KEY': ACCESS_KEY, 'FLOWROUTE_SECRET_KEY': secret, 'FLOWROUTE_API_URL': emulator.url,
               'FLOWROUTE_API_VERSION': api.version}
    result = playbook(emulator, TASK.format(**route), '-vvvv', '--diff', env=env, defaults=how == 'module_defaults',
                      secret=secret, callback_json=False)
    # the scenario took its path ...
    assert 'TASK [flowroute.numbers.flowroute_route]' in result.output
    assert '{0}: [localhost]'.format(outcome) in result.stdout, result.stdout[-3000:]
    assert [(entry['method'], entry['status']) for entry in emulator.requests()] == expected_log(api, steps)
    if scenario == 'invalid input':
        assert "name: " in result.stdout and "'R/1'" in result.stdout
    # ... and the secret showed nowhere, in no form that goes on the wire either
    basic = base64.b64encode('{0}:{1}'.format(ACCESS_KEY, secret).encode()).decode()
    for form in (secret, secret.upper(), basic):
        assert form not in result.output
