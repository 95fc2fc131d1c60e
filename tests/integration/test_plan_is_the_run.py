# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The plan is the run, end to end: every example playbook planned with --check --diff against a fresh emulator,
then applied, then applied again; twenty hosts creating one route at once; a create whose answer is lost."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import os
import shutil
import socket
import subprocess

import pytest

from conftest import ACCESS_KEY, BIN, ROOT, SECRET_KEY, Result, ansible_env

EXAMPLES = sorted(glob.glob(os.path.join(ROOT, 'docs', 'examples', '*.yml')))
# What an example needs on the account before it runs, besides the routes it makes itself: the demo routes the
# number `make demo` starts the emulator with; the account exported for the declared one.
SEEDS = {'demo.yml': {'numbers': {'12065551234': None}},
         'account_export.yml': {'routes': {'Office PBX': {'type': 'HOST', 'value': 'pbx.example.com'}}},
         'account_declared.yml': {'routes': {'Office PBX': {'type': 'HOST', 'value': 'pbx.example.com'}},
                                  'numbers': {'12065551234': None}, 'then': 'account_export.yml'}}


def example_env(emulator):
    return {'FLOWROUTE_ACCESS_KEY': ACCESS_KEY, 'FLOWROUTE_SECRET_KEY': SECRET_KEY, 'FLOWROUTE_API_URL': emulator.url}


def module_changes(result):
    """[(task name, changed)] of the tasks that ran a flowroute.numbers module."""
    return [(task['name'], task['hosts']['localhost'].get('changed')) for task in result.data['plays'][0]['tasks']
            if task['action'].startswith('flowroute.numbers.') and task['action'] != 'flowroute.numbers.flowroute_emulator']


@pytest.mark.subset
@pytest.mark.parametrize('example', [os.path.basename(path) for path in EXAMPLES if not path.endswith('emulator.yml')])
@pytest.mark.parametrize('api', ['v1'], indirect=True)
def test_each_example_plans_then_applies_what_it_planned_then_changes_nothing(
        emulator, playbook_file, tmp_path, example):
    seeds = SEEDS.get(example, {})
    emulator.control('POST', 'routes', seeds.get('routes', {}))
    emulator.control('POST', 'tns', seeds.get('numbers', {}))
    for name in os.listdir(os.path.join(ROOT, 'docs', 'examples')):      # run from a copy: examples may write files
        shutil.copy(os.path.join(ROOT, 'docs', 'examples', name), str(tmp_path / name))
    if seeds.get('then'):
        assert playbook_file(emulator, str(tmp_path / seeds['then']), env=example_env(emulator)).rc == 0
        emulator.control('DELETE', 'requests')
    path = str(tmp_path / example)
    plan = playbook_file(emulator, path, '--check', '--diff', env=example_env(emulator))
    assert plan.rc == 0, plan.output
    assert [entry['method'] for entry in emulator.requests()] == ['GET'] * len(emulator.requests())
    planned = module_changes(plan)
    assert planned

    applied = playbook_file(emulator, path, '--diff', env=example_env(emulator))
    assert applied.rc == 0, applied.output
    assert module_changes(applied) == planned

    emulator.control('DELETE', 'requests')
    again = playbook_file(emulator, path, env=example_env(emulator))
    assert again.rc == 0 and again.data['stats']['localhost']['changed'] == 0, again.output
    assert set(entry['method'] for entry in emulator.requests()) == {'GET'}


def test_the_emulator_example_starts_under_check_and_stops(tmp_path):
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    path = os.path.join(ROOT, 'docs', 'examples', 'emulator.yml')
    extra = ['-e', 'emulator_port={0}'.format(port), '-e', 'emulator_state_dir={0}'.format(tmp_path)]
    for args in (['--check', '--diff'], ['-e', 'emulator_state=stopped']):
        completed = subprocess.run([os.path.join(BIN, 'ansible-playbook'), path] + extra + args,
                                   env=ansible_env(None), capture_output=True, text=True, timeout=300, check=False)
        assert completed.returncode == 0, completed.stdout + completed.stderr
    with socket.socket() as probe:
        assert probe.connect_ex(('127.0.0.1', port)) != 0


RACE = '''- hosts: all
  gather_facts: false
  tasks:
    - name: Every host creates the same route at once
      flowroute.numbers.flowroute_route:
        name: Shared PBX
        type: HOST
        value: "24.239.23.40:5060"
        api_version: v2
        access_key: "{access_key}"
        secret_key: "{secret_key}"
        api_url: "{url}"
'''


@pytest.mark.parametrize('duplicate_alias', ['accept', 'refuse'])
@pytest.mark.parametrize('api', ['v2'], indirect=True)
def test_twenty_hosts_creating_one_route_at_once_leave_one_route_and_one_creation(emulator, tmp_path, duplicate_alias):
    emulator.reset(duplicate_alias=duplicate_alias)
    (tmp_path / 'hosts').write_text(''.join('h{0:02d} ansible_connection=local\n'.format(i) for i in range(20)))
    (tmp_path / 'race.yml').write_text(RACE.format(access_key=ACCESS_KEY, secret_key=SECRET_KEY, url=emulator.url))

    def run():
        completed = subprocess.run([os.path.join(BIN, 'ansible-playbook'), '-i', str(tmp_path / 'hosts'), '-f', '20',
                                    str(tmp_path / 'race.yml')], env=ansible_env(emulator), capture_output=True,
                                   text=True, timeout=600, check=False)
        return Result(completed, True)
    first = run()
    assert first.rc == 0, first.output
    results = first.data['plays'][0]['tasks'][0]['hosts']
    assert len(results) == 20 and not any(result.get('failed') for result in results.values())
    assert sorted(result['changed'] for result in results.values()) == [False] * 19 + [True]
    routes = [route for route in emulator.control('GET', 'state')['v2_routes'] if route['alias'] == 'Shared PBX']
    assert len(routes) == 1
    assert set(result['route']['id'] for result in results.values()) == {routes[0]['id']}
    again = run()
    assert again.rc == 0 and sum(stats['changed'] for stats in again.data['stats'].values()) == 0, again.output


@pytest.mark.parametrize('api', ['v2'], indirect=True)
def test_a_create_applied_then_dropped_is_found_not_sent_again(emulator, playbook):
    emulator.reset(duplicate_alias='accept')
    emulator.control('POST', 'faults', {'method': 'POST', 'count': 1, 'drop': True, 'applied': True})
    task = '    - flowroute.numbers.flowroute_route: {name: Office PBX, type: HOST, value: "10.0.0.1"}\n'
    first = playbook(emulator, task)
    assert first.rc == 0 and first.task(0)['changed'] is True, first.output
    assert [entry['status'] for entry in emulator.requests('POST')] == ['201 applied, then dropped']
    routes = [route for route in emulator.control('GET', 'state')['v2_routes'] if route['alias'] == 'Office PBX']
    assert len(routes) == 1
    again = playbook(emulator, task)
    assert again.rc == 0 and again.task(0)['changed'] is False and len(emulator.requests('POST')) == 1
