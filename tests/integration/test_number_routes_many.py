# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""flowroute_number_routes with numbers, and flowroute_route's early stop, through ansible-playbook."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

pytestmark = pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)
NUMBERS = ['1206555{0:04d}'.format(i) for i in range(30)]


def task(numbers, **options):
    return '    - ' + json.dumps({'flowroute.numbers.flowroute_number_routes': dict(numbers=numbers, **options)}) + '\n'


def move(numbers, route='NewPBX'):
    return [{'number': number, 'primary_route': route} for number in numbers]


@pytest.fixture
def account(emulator):
    emulator.control('POST', 'routes', {'OldPBX': {'type': 'HOST', 'value': '10.0.0.1'}, 'NewPBX': {'type': 'HOST', 'value': '10.0.0.2'}})
    emulator.control('POST', 'tns', dict((number, {'routes': ['OldPBX', 'sip-reg']}) for number in NUMBERS))
    return emulator


@pytest.mark.subset
def test_plan_then_move_then_nothing(account, playbook, api):
    plan = playbook(account, task(move(NUMBERS)), '--check', '--diff')
    assert plan.rc == 0, plan.output
    assert sorted(plan.task(0)['updated']) == NUMBERS and plan.task(0)['changed'] is True
    diff = plan.task(0)['diff'][0]
    assert diff['before_header'] == diff['after_header'] == 'number ' + sorted(NUMBERS)[0]
    assert diff['after'] == {'primary_route': 'NewPBX', 'failover_route': 'sip-reg'}
    assert api.number_writes(account) == []

    moved = playbook(account, task(move(NUMBERS), concurrency=4))
    assert moved.rc == 0, moved.output
    assert sorted(moved.task(0)['updated']) == NUMBERS
    assert len(api.number_writes(account)) == 30
    assert all(tn['routes'][0] == 'NewPBX' for tn in account.control('GET', 'state')['tns'].values())

    account.control('DELETE', 'requests')
    again = playbook(account, task(move(NUMBERS)))
    assert again.rc == 0, again.output
    assert again.task(0)['changed'] is False and len(again.task(0)['unchanged']) == 30
    assert api.number_writes(account) == []
    # only reads: v1 one page of numbers and one of routes; v2 each listed number, then the routes
    assert len(account.requests('GET')) == (2 if api.version == 'v1' else 31)


def test_partial_failure_then_rerun_completes(account, playbook, api):
    account.control('POST', 'faults', {'method': 'PATCH', 'count': 3, 'status': 500, 'body': {'error': 'busy'}})
    first = playbook(account, task(move(NUMBERS[:10]), concurrency=1, retries=0))
    assert first.rc != 0
    result = first.task(0)
    assert result['changed'] is True and len(result['failed_numbers']) == 3 and len(result['updated']) == 7
    assert result['msg'].startswith('3 of 10 numbers to write failed (') and result['status'] == 500
    second = playbook(account, task(move(NUMBERS[:10])))
    assert second.rc == 0, second.output
    assert sorted(second.task(0)['updated']) == sorted(item['number'] for item in result['failed_numbers'])


def test_invalid_items_send_no_request(account, playbook):
    result = playbook(account, task([{'number': 'x', 'primary_route': 'NewPBX'}, {'number': NUMBERS[0]}]))
    assert result.rc != 0
    assert result.task(0)['msg'].startswith('numbers: 2 problems in the list, so nothing was sent: numbers[0].number: ')
    assert account.requests() == []


def test_route_on_page_one_of_twenty_five(emulator, playbook, api):
    emulator.control('POST', 'routes', dict(('Seed{0:05d}'.format(i), {'type': 'HOST', 'value': '1.2.3.4'}) for i in range(4999)))
    result = playbook(emulator, '    - flowroute.numbers.flowroute_route: {name: Seed00005, type: HOST, value: "1.2.3.4"}\n')
    assert result.rc == 0, result.output
    # v1 names are unique, so the page that holds it is the last one read; v2 aliases may repeat, so all 25 are
    assert [entry['path'] for entry in emulator.requests()] == api.route_list(1 if api.version == 'v1' else 25)
