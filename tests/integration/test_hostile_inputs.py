# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every hostile input of tests/data/hostile_inputs.json, through ansible-playbook: refused, no request sent."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput, check_route_name

from conftest import ROOT

with open(os.path.join(ROOT, 'tests', 'data', 'hostile_inputs.json')) as handle:
    HOSTILE = json.load(handle)

TASKS = '''    - flowroute.numbers.flowroute_route: {name: "{{ item.name }}", type: "{{ item.type }}", value: "{{ item.value }}"}
      loop: "{{ hostile }}"
      loop_control: {label: "{{ item.label }}"}
      ignore_errors: true
'''


def refused_as(name, version):
    try:
        check_route_name(name, 'name', version)
    except InvalidInput:
        return True
    return False


@pytest.mark.newest
@pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)
def test_every_hostile_input_is_refused_before_any_request(emulator, playbook, tmp_path, api):
    # a v2 alias may hold spaces, dots and dashes: the names hostile to v1 that v2 accepts are not sent here
    names = [name for name in HOSTILE['names'] if refused_as(name, api.version) or '\x00' in name]
    assert len(names) == (27 if api.version == 'v1' else 22)
    items = [dict(name=name, type='HOST', value='1.2.3.4', label='name', option='name') for name in names]
    items += [dict(name='Route1', type=route_type, value=value, label='value', option='value')
              for route_type, value in HOSTILE['values']]
    variables = tmp_path / 'hostile.json'
    variables.write_text(json.dumps({'hostile': items}))
    result = playbook(emulator, TASKS, '-e', '@' + str(variables))
    assert result.rc == 0, result.output
    task = result.task(0)
    assert task['failed'] is True        # every item failed (ansible-core 2.21 keeps the flag at task level)
    results = task['results']
    assert len(results) == len(items) == len(names) + 66
    for item, outcome in zip(items, results):
        assert outcome.get('failed', True) is True, item
        assert 'route' not in outcome, item
        if '\x00' in item['name'] + item['value']:
            # AnsibleModule itself refuses a NUL (while logging the arguments), before the module's code runs
            assert 'embedded null character' in outcome['msg'], (item, outcome['msg'])
        else:
            assert outcome['msg'].startswith(item['option'] + ': '), (item, outcome['msg'])
        assert outcome.get('changed', False) is False
    assert emulator.requests() == []
