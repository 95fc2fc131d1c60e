# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The role flowroute.numbers.emulator, as a user gets it: the built tarball installed outside this repository."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import json
import os
import subprocess
import sys

import pytest

from conftest import BIN, CALLBACKS, ROOT, Result

USER_PLAYBOOK = '''- name: Test my Flowroute tasks without an account
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Start the emulator
      ansible.builtin.include_role:
        name: flowroute.numbers.emulator
      vars:
        emulator_port: 0
        emulator_state_dir: "{{ playbook_dir }}/emulator"
        emulator_numbers: ["12065551234"]
        emulator_routes: [{name: Existing, type: HOST, value: "10.0.0.1"}]

    - name: My tasks, against it
      module_defaults:
        group/flowroute.numbers.flowroute:
          access_key: "{{ emulator_access_key }}"
          secret_key: "{{ emulator_secret_key }}"
          api_url: "{{ emulator_api_url }}"
      block:
        - name: Create a route
          flowroute.numbers.flowroute_route: {name: HOSTRoute1, type: HOST, value: "24.239.23.40:5060"}
          register: created
        - name: Read the routes
          flowroute.numbers.flowroute_route_info:
          register: routes
        - name: Route a number
          flowroute.numbers.flowroute_number_routes: {number: "12065551234", primary_route: HOSTRoute1}
          register: routed
        - name: Check what happened
          ansible.builtin.assert:
            that:
              - created is changed
              - routes.routes | map(attribute='name') | list == ['sip-reg', 'Existing', 'HOSTRoute1']
              - routed.number.primary_route.name == 'HOSTRoute1'

    - name: Stop the emulator
      ansible.builtin.include_role:
        name: flowroute.numbers.emulator
      vars:
        emulator_state: stopped
        emulator_port: 0
        emulator_state_dir: "{{ playbook_dir }}/emulator"
'''


@pytest.fixture(scope='module')
def user_dir(tmp_path_factory):
    """A directory outside the repository with only the built tarball installed in it."""
    where = tmp_path_factory.mktemp('user')
    tarball = glob.glob(os.path.join(ROOT, '.build', 'dist', 'flowroute-numbers-*.tar.gz'))
    assert len(tarball) == 1, 'run tests/bin/stage.sh first'
    subprocess.run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '-p', str(where / 'collections'),
                    tarball[0]], check=True, capture_output=True, env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=''))
    assert not str(where).startswith(ROOT)
    yield where
    # a failed test must not leave an emulator behind for the next ones
    subprocess.run(['pkill', '-f', str(where)], check=False)


def run(user_dir, playbook, *args, callback_json=True, check=True):
    env = dict((key, value) for key, value in os.environ.items() if not key.startswith(('ANSIBLE_', 'FLOWROUTE_')))
    env.update(ANSIBLE_COLLECTIONS_PATH=str(user_dir / 'collections'), ANSIBLE_LOCALHOST_WARNING='false',
               ANSIBLE_INVENTORY_UNPARSED_WARNING='false', ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_NOCOLOR='1')
    if callback_json:
        env.update(ANSIBLE_STDOUT_CALLBACK='results_json', ANSIBLE_CALLBACK_PLUGINS=CALLBACKS)
    path = user_dir / 'playbook.yml'
    path.write_text(playbook)
    completed = subprocess.run([os.path.join(BIN, 'ansible-playbook'), str(path)] + list(args), cwd=str(user_dir),
                               env=env, capture_output=True, text=True, timeout=300, check=False)
    result = Result(completed, callback_json)
    if check:
        assert result.rc == 0, result.output
    return result


def gone(pid):
    """The process has exited: no such process, or a zombie its new parent has not collected yet."""
    try:
        with open('/proc/{0}/stat'.format(pid)) as handle:
            return handle.read().rsplit(')', 1)[1].split()[0] == 'Z'
    except OSError:
        return True


def emulator_processes(state_dir):
    found = subprocess.run(['pgrep', '-f', os.path.join(str(state_dir), 'flowroute_emulator.py')], capture_output=True,
                           text=True, check=False)
    return found.stdout.split()


@pytest.mark.subset
def test_a_user_playbook_starts_uses_and_stops_the_emulator(user_dir):
    result = run(user_dir, USER_PLAYBOOK)
    names = [task['name'] for task in result.data['plays'][0]['tasks']]
    assert 'Check what happened' in names and 'flowroute.numbers.emulator : Start or stop the emulator' in names
    started = [task for task in result.data['plays'][0]['tasks']
               if task['name'] == 'flowroute.numbers.emulator : Start or stop the emulator']
    first, last = started[0]['hosts']['localhost'], started[-1]['hosts']['localhost']
    assert first['changed'] is True and first['api_url'].startswith('http://127.0.0.1:')
    assert last['changed'] is True                       # stopped
    assert emulator_processes(user_dir / 'emulator') == []
    assert gone(first['pid'])


START = '''- hosts: localhost
  gather_facts: false
  roles:
    - role: flowroute.numbers.emulator
      vars:
        emulator_port: 0
        emulator_state_dir: "{{{{ playbook_dir }}}}/twice"
        emulator_state: {state}
        emulator_bind: {bind}
        emulator_latency_ms: {latency}
'''


def test_started_twice_is_ok_stopped_twice_is_ok_and_new_settings_restart(user_dir):
    def state(state, bind='127.0.0.1', latency=0):
        result = run(user_dir, START.format(state=state, bind=bind, latency=latency))
        return next(task['hosts']['localhost'] for task in result.data['plays'][0]['tasks']
                    if task['name'] == 'flowroute.numbers.emulator : Start or stop the emulator')
    first = state('started')
    second = state('started')
    assert (first['changed'], second['changed']) == (True, False)
    assert first['pid'] == second['pid'] and first['api_url'] == second['api_url']
    assert emulator_processes(user_dir / 'twice') == [str(first['pid'])]
    other = state('started', latency=5)
    assert other['changed'] is True and other['pid'] != first['pid']
    assert emulator_processes(user_dir / 'twice') == [str(other['pid'])]
    assert state('stopped')['changed'] is True and state('stopped')['changed'] is False
    assert emulator_processes(user_dir / 'twice') == []


def test_another_bind_address_warns_that_it_has_no_real_security(user_dir):
    result = run(user_dir, START.format(state='started', bind='0.0.0.0', latency=0), callback_json=False)
    assert '[WARNING]: the emulator listens on 0.0.0.0: anyone who can reach that address can use it' in \
        ' '.join(result.output.split())
    run(user_dir, START.format(state='stopped', bind='0.0.0.0', latency=0))
    assert emulator_processes(user_dir / 'twice') == []


CHECK = '''- hosts: localhost
  gather_facts: false
  tasks:
    - ansible.builtin.include_role:
        name: flowroute.numbers.emulator
      vars: {emulator_port: 0, emulator_state_dir: "{{ playbook_dir }}/check"}
    - flowroute.numbers.flowroute_route:
        {name: R1, type: HOST, value: "1.2.3.4", api_url: "{{ emulator_api_url }}",
         access_key: "{{ emulator_access_key }}", secret_key: "{{ emulator_secret_key }}"}
      register: planned
    - flowroute.numbers.flowroute_route_info:
        {api_url: "{{ emulator_api_url }}", access_key: "{{ emulator_access_key }}", secret_key: "{{ emulator_secret_key }}"}
      register: routes
    - ansible.builtin.assert: {that: [planned is changed, "routes.routes | map(attribute='name') | list == ['sip-reg']"]}
    - ansible.builtin.include_role:
        name: flowroute.numbers.emulator
      vars: {emulator_port: 0, emulator_state: stopped, emulator_state_dir: "{{ playbook_dir }}/check"}
'''


def test_the_role_starts_it_in_check_mode_too_so_check_runs_can_be_tested(user_dir):
    result = run(user_dir, CHECK, '--check', '--diff')
    tasks = [task['hosts']['localhost'] for task in result.data['plays'][0]['tasks']]
    assert [task.get('api_url', '').startswith('http://127.0.0.1:') for task in tasks if 'pid' in task] == [True]
    assert emulator_processes(user_dir / 'check') == []


TLS = '''- hosts: localhost
  gather_facts: false
  tasks:
    - ansible.builtin.include_role:
        name: flowroute.numbers.emulator
      vars: {emulator_port: 0, emulator_tls: true, emulator_state_dir: "{{ playbook_dir }}/tls"}
    - flowroute.numbers.flowroute_route:
        {name: R1, type: HOST, value: "1.2.3.4", api_url: "{{ emulator_api_url }}",
         access_key: "{{ emulator_access_key }}", secret_key: "{{ emulator_secret_key }}", api_version: v2,
         ca_path: "{{ emulator_ca_file }}"}
      register: made
    - ansible.builtin.assert: {that: [made is changed, "emulator_api_url.startswith('https://127.0.0.1:')"]}
    - ansible.builtin.include_role:
        name: flowroute.numbers.emulator
      vars: {emulator_port: 0, emulator_state: stopped, emulator_state_dir: "{{ playbook_dir }}/tls"}
'''


def test_tls_through_the_role(user_dir):
    run(user_dir, TLS)
    assert emulator_processes(user_dir / 'tls') == []
    assert json.loads((user_dir / 'tls' / 'config.json').read_text())['tls'] is True


QUIET = '''- hosts: localhost
  gather_facts: false
  tasks:
    - ansible.builtin.include_role:
        name: flowroute.numbers.emulator
      vars: {emulator_port: 0, emulator_state_dir: "{{ playbook_dir }}/quiet"}
    - ansible.builtin.include_role:
        name: flowroute.numbers.emulator
      vars: {emulator_port: 0, emulator_state: stopped, emulator_state_dir: "{{ playbook_dir }}/quiet"}
'''


def test_the_role_starting_on_a_fresh_directory_with_diff_prints_no_emulator_source(user_dir):
    result = run(user_dir, QUIET, '--diff', callback_json=False)
    # the user's plan is theirs: no line of the emulator's source, configuration or state in it
    for line in ('class Handler', 'def main', 'import json', 'secret_key', '0123456789abcdef0123456789abcdef'):
        assert line not in result.output, line
    assert (user_dir / 'quiet' / 'flowroute_emu' / 'core.py').is_file()
    assert emulator_processes(user_dir / 'quiet') == []


BAD_SEED = '''- hosts: localhost
  gather_facts: false
  tasks:
    - ansible.builtin.include_role:
        name: flowroute.numbers.emulator
      vars:
        emulator_port: 0
        emulator_state_dir: "{{ playbook_dir }}/badseed"
        emulator_routes: [{name: PBX1, type: HOST, value: "10.0.0.1"}]
        emulator_numbers: ["12065551234", {number: "13125550000", primary_route: PBX2}]
'''


def test_a_bad_seed_fails_naming_the_variable_the_item_and_the_route(user_dir):
    result = run(user_dir, BAD_SEED, check=False)
    assert result.rc != 0
    failed = [task['hosts']['localhost'] for task in result.data['plays'][0]['tasks']
              if task['hosts'].get('localhost', {}).get('failed')]
    assert failed[0]['msg'] == ('numbers[1] (emulator_numbers in the role): the primary_route PBX2 of number 13125550000 '
                                'is not one of the routes the emulator starts with (emulator_routes: PBX1) nor sip-reg')
    assert 'Traceback' not in result.output and 'ValueError' not in result.output
    assert emulator_processes(user_dir / 'badseed') == []
