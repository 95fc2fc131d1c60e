# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""secret_key never shows: every path of the module run at -vvvv, all output searched."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from conftest import ACCESS_KEY, SECRET_KEY

# A secret the emulator does not know, for the failure paths; the emulator's own for success paths.
WRONG_SECRET = 'badc0ffee0ddf00dbadc0ffee0ddf00d'

TASK = '''    - flowroute.numbers.flowroute_route:
        name: {name}
        type: {type}
        value: "{value}"
      register: result
      ignore_errors: true
    - ansible.builtin.debug: {{var: result}}
'''

SCENARIOS = {
    'created': (SECRET_KEY, dict(name='R1', type='HOST', value='1.2.3.4'), None),
    'unchanged': (SECRET_KEY, dict(name='Existing', type='HOST', value='1.2.3.4'), None),
    'changed': (SECRET_KEY, dict(name='Existing', type='HOST', value='5.6.7.8'), None),
    'refused change': (SECRET_KEY, dict(name='Existing', type='HOST', value='5.6.7.8'), 'refuse'),
    'wrong secret': (WRONG_SECRET, dict(name='R1', type='HOST', value='1.2.3.4'), None),
    'invalid input': (WRONG_SECRET, dict(name='R 1', type='HOST', value='1.2.3.4'), None),
    'server error': (WRONG_SECRET, dict(name='R1', type='HOST', value='1.2.3.4'), 'fault'),
}


@pytest.mark.parametrize('scenario', sorted(SCENARIOS))
@pytest.mark.parametrize('how', ['module_defaults', 'environment'])
def test_secret_never_in_output(emulator, playbook, scenario, how):
    secret, route, server = SCENARIOS[scenario]
    emulator.control('POST', 'routes', {'Existing': {'type': 'HOST', 'value': '1.2.3.4'}})
    if server == 'refuse':
        emulator.control('POST', 'settings', {'existing': 'refuse'})
    if server == 'fault':
        emulator.control('POST', 'faults', {'method': '*', 'count': 10, 'status': 500, 'body': {'error': secret}})
    env = None
    if how == 'environment':
        env = {'FLOWROUTE_ACCESS_KEY': ACCESS_KEY, 'FLOWROUTE_SECRET_KEY': secret, 'FLOWROUTE_API_URL': emulator.url}
    result = playbook(emulator, TASK.format(**route).replace('value: ', 'retries: 1\n        value: '),
                      '-vvvv', '--diff', env=env, defaults=how == 'module_defaults', secret=secret, callback_json=False)
    assert 'TASK [flowroute.numbers.flowroute_route]' in result.output
    assert secret not in result.output
    assert secret.upper() not in result.output
