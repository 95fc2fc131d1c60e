# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""flowroute_emulator's main(), in-process: it starts the shipped emulator script for real and stops it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import requests

from conftest import EMULATOR_PATH


def start(run_module, state_dir, **args):
    return run_module('flowroute_emulator', state_dir=str(state_dir), script=EMULATOR_PATH, port=0, **args)


def test_start_twice_then_stop_twice(run_module, tmp_path):
    first = start(run_module, tmp_path, routes=[{'name': 'R1', 'type': 'host', 'value': '1.2.3.4'}],
                  numbers=['12065551234', {'number': '13125550000', 'primary_route': 'R1'}],
                  settings={'edge_field': 'edge_strategy', 'latency_ms': 1})
    try:
        assert first['changed'] is True and first['api_url'] == 'http://127.0.0.1:{0}'.format(first['port'])
        state = requests.get(first['api_url'] + '/_emulator/state', timeout=5).json()
        assert state['routes'] == {'sip-reg': {'type': 'SIP-REG', 'value': None}, 'R1': {'type': 'HOST', 'value': '1.2.3.4'}}
        assert state['tns']['13125550000']['routes'] == ['R1', None] and state['tns']['12065551234']['routes'] == ['sip-reg', None]
        assert state['settings']['edge_field'] == 'edge_strategy' and state['settings']['latency'] == 0.001
        assert state['settings']['duplicate_alias'] == 'refuse'
        second = start(run_module, tmp_path, routes=[{'name': 'R1', 'type': 'host', 'value': '1.2.3.4'}],
                       numbers=['12065551234', {'number': '13125550000', 'primary_route': 'R1'}],
                       settings={'edge_field': 'edge_strategy', 'latency_ms': 1})
        assert second['changed'] is False and second['pid'] == first['pid']
        recorded = json.loads((tmp_path / 'emulator.json').read_text())
        assert 'secret' not in json.dumps(recorded) and len(recorded['fingerprint']) == 64
        assert oct(os.stat(str(tmp_path / 'config.json')).st_mode & 0o777) == '0o600'
    finally:
        stopped = run_module('flowroute_emulator', state='stopped', state_dir=str(tmp_path))
    assert stopped['changed'] is True and not (tmp_path / 'emulator.json').exists()
    assert run_module('flowroute_emulator', state='stopped', state_dir=str(tmp_path))['changed'] is False


def test_other_settings_replace_the_running_emulator(run_module, tmp_path):
    first = start(run_module, tmp_path)
    try:
        other = start(run_module, tmp_path, access_key='87654321')
        assert other['changed'] is True and other['pid'] != first['pid']
    finally:
        run_module('flowroute_emulator', state='stopped', state_dir=str(tmp_path))


def test_check_mode_starts_nothing(run_module, tmp_path):
    result = start(run_module, tmp_path, check_mode=True)
    assert result['changed'] is True and 'pid' not in result
    assert not (tmp_path / 'emulator.json').exists()


def test_bind_to_another_address_warns(run_module, tmp_path):
    result = start(run_module, tmp_path, bind='0.0.0.0', check_mode=True)
    assert result['warnings'] == ['the emulator listens on 0.0.0.0: anyone who can reach that address can use it with '
                                  'the keys it was given; it has no real security, so use it only for tests']


def test_a_script_that_exits_at_start_fails_with_its_last_line(run_module, tmp_path):
    script = tmp_path / 'broken.py'
    script.write_text('import sys\nsys.exit("no such thing: " + sys.argv[1])\n')
    result = run_module('flowroute_emulator', state_dir=str(tmp_path / 'state'), script=str(script), port=0)
    assert result['failed'] is True
    assert result['msg'] == 'the emulator exited at start (code 1): no such thing: --config'


def test_a_script_that_never_answers_times_out(run_module, tmp_path):
    script = tmp_path / 'silent.py'
    script.write_text('import json\nprint(json.dumps({"pid": 1, "port": 9}))\n')
    result = run_module('flowroute_emulator', state_dir=str(tmp_path / 'state'), script=str(script), port=0, wait_timeout=0.5)
    assert result['msg'] == 'the emulator did not answer on port 9 within 0.5 seconds'


def test_a_port_in_use_fails_with_the_reason(run_module, tmp_path):
    import socket
    taken = socket.socket()
    taken.bind(('127.0.0.1', 0))
    taken.listen(1)
    try:
        result = run_module('flowroute_emulator', state_dir=str(tmp_path), script=EMULATOR_PATH, port=taken.getsockname()[1])
    finally:
        taken.close()
    assert result['failed'] is True
    assert result['msg'].startswith('the emulator exited at start (code 1): OSError: [Errno 98] Address already in use')
