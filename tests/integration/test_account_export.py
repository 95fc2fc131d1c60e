# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bring an existing account under code, through ansible-playbook: the guide's two playbooks as printed, and the
round trip export -> apply to an empty account -> export again, over both API versions."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shutil

import pytest
import yaml

from conftest import ACCESS_KEY, ROOT, SECRET_KEY

EXAMPLES = os.path.join(ROOT, 'docs', 'examples')
ROUTES = {'Office PBX': {'type': 'HOST', 'value': 'pbx.example.com:5060', 'edge': 4},
          'Backup PBX': {'type': 'HOST', 'value': '24.239.23.40:5060'},
          'Call centre': {'type': 'PSTN', 'value': '+18002364455', 'edge': 1},
          'Mobile': {'type': 'PSTN', 'value': '16476998778'},
          'SIP trunk': {'type': 'URI', 'value': 'sip:16476998778@215.122.69.152:5060;transport=tcp'},
          'Secure': {'type': 'URI', 'value': 'sips:securecall@securedserver.com'}}
NUMBERS = {'12065551234': ['Office PBX', 'Call centre'], '12065551235': ['SIP trunk', None],
           '13125550000': ['sip-reg', 'Backup PBX'], '13125550001': ['sip-reg', None]}


def seed(emulator, v1=False):
    routes = ROUTES
    if v1:      # v1 names are letters and digits, and v1 has no PoPs
        routes = dict((name.replace(' ', ''), dict(route, edge=None)) for name, route in ROUTES.items())
    emulator.control('POST', 'routes', routes)
    emulator.control('POST', 'tns', dict((number, {'routes': [slot.replace(' ', '') if slot and v1 else slot
                                                              for slot in slots]}) for number, slots in NUMBERS.items()))


def fresh_numbers(emulator):
    emulator.control('POST', 'tns', dict((number, None) for number in NUMBERS))


def env(emulator):
    return {'FLOWROUTE_ACCESS_KEY': ACCESS_KEY, 'FLOWROUTE_SECRET_KEY': SECRET_KEY, 'FLOWROUTE_API_URL': emulator.url}


def writes(emulator):
    return [entry for entry in emulator.control('GET', 'requests')['requests'] if entry['method'] != 'GET']


@pytest.fixture
def guide_dir(tmp_path):
    """The guide's two playbooks, copied as they are into a directory of the user's."""
    for name in ('account_export.yml', 'account_declared.yml'):
        shutil.copy(os.path.join(EXAMPLES, name), str(tmp_path / name))
    return tmp_path


@pytest.mark.subset
@pytest.mark.parametrize('api', ['v2'], indirect=True)
def test_the_guides_playbooks_as_printed_export_then_plan_nothing_then_rebuild_an_empty_account(
        emulator, playbook_file, guide_dir):
    seed(emulator)
    exported = playbook_file(emulator, str(guide_dir / 'account_export.yml'), env=env(emulator))
    assert exported.rc == 0, exported.output
    account = yaml.safe_load((guide_dir / 'flowroute_account.yml').read_text())
    assert [route['name'] for route in account['flowroute_routes']] == sorted(ROUTES)
    assert {'name': 'Call centre', 'type': 'PSTN', 'value': '18002364455', 'edge_strategy': 'US-West-OR'} in \
        account['flowroute_routes']
    assert account['flowroute_numbers'][1] == {'number': '12065551235', 'primary_route': 'SIP trunk'}

    # on the account it was exported from, the declared playbook plans nothing, and writes nothing for real
    emulator.control('DELETE', 'requests')
    plan = playbook_file(emulator, str(guide_dir / 'account_declared.yml'), '--check', '--diff', env=env(emulator))
    assert plan.rc == 0 and plan.data['stats']['localhost']['changed'] == 0, plan.output
    applied = playbook_file(emulator, str(guide_dir / 'account_declared.yml'), env=env(emulator))
    assert applied.rc == 0 and applied.data['stats']['localhost']['changed'] == 0 and writes(emulator) == []

    # an empty account with the same numbers, brought to the file; its export is the same file
    first = (guide_dir / 'flowroute_account.yml').read_text()
    emulator.reset()
    fresh_numbers(emulator)
    built = playbook_file(emulator, str(guide_dir / 'account_declared.yml'), env=env(emulator))
    assert built.rc == 0 and built.data['stats']['localhost']['changed'] == 2, built.output
    again = playbook_file(emulator, str(guide_dir / 'account_export.yml'), env=env(emulator))
    assert again.rc == 0 and (guide_dir / 'flowroute_account.yml').read_text() == first


ROUND_TRIP = '''    - flowroute.numbers.flowroute_account_info:
        api_version: {version}
      register: account
    - ansible.builtin.copy:
        content: "{{{{ account | to_json }}}}"
        dest: "{path}"
        mode: "0644"
'''
APPLY = '''    - flowroute.numbers.flowroute_routes:
        routes: "{{{{ (lookup('file', '{path}') | from_json).routes }}}}"
        api_version: {version}
    - flowroute.numbers.flowroute_number_routes:
        numbers: "{{{{ (lookup('file', '{path}') | from_json).numbers }}}}"
        api_version: {version}
'''


@pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)
def test_round_trip_over_each_version(emulator, playbook, tmp_path, api):
    seed(emulator, v1=api.version == 'v1')
    a_file, b_file = str(tmp_path / 'a.json'), str(tmp_path / 'b.json')
    assert playbook(emulator, ROUND_TRIP.format(version=api.version, path=a_file)).rc == 0
    emulator.reset()
    fresh_numbers(emulator)
    applied = playbook(emulator, APPLY.format(version=api.version, path=a_file))
    assert applied.rc == 0 and [task['changed'] for task in applied.tasks()] == [True, True], applied.output
    assert playbook(emulator, ROUND_TRIP.format(version=api.version, path=b_file)).rc == 0
    a_export, b_export = [yaml.safe_load(open(path).read()) for path in (a_file, b_file)]
    for key in ('routes', 'numbers', 'problems'):
        assert a_export[key] == b_export[key], key
    assert len(a_export['routes']) == 6 and len(a_export['numbers']) == 4 and a_export['problems'] == []
    # A's export applied to A writes nothing
    emulator.reset()
    seed(emulator, v1=api.version == 'v1')
    again = playbook(emulator, APPLY.format(version=api.version, path=a_file))
    assert again.rc == 0 and again.data['stats']['localhost']['changed'] == 0 and writes(emulator) == []
