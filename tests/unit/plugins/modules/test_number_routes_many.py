# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""flowroute_number_routes with numbers: many numbers in one task, over v1 and v2."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from module_helpers import diffs

NUMBERS = ['1206555{0:04d}'.format(i) for i in range(250)]


@pytest.fixture(params=['v1', 'v2'])
def version(request):
    return request.param


@pytest.fixture
def account(emulator):
    emulator.seed_routes({'OldPBX': {'type': 'HOST', 'value': '10.0.0.1'}, 'NewPBX': {'type': 'HOST', 'value': '10.0.0.2'},
                          'Backup': {'type': 'PSTN', 'value': '18002364455'}})
    emulator.seed_numbers(dict((number, ['OldPBX', 'Backup']) for number in NUMBERS))
    return emulator


def move(numbers):
    return [{'number': number, 'primary_route': 'NewPBX'} for number in numbers]


def writes(emulator):
    return emulator.requests('PATCH')


def test_moves_only_the_numbers_that_differ_then_nothing(run_module, account, version):
    account.seed_numbers({NUMBERS[0]: ['NewPBX', 'Backup']})
    first = run_module('flowroute_number_routes', numbers=move(NUMBERS), concurrency=8, api_version=version)
    assert first['changed'] is True and first['failed_numbers'] == []
    assert sorted(first['updated']) == NUMBERS[1:] and first['unchanged'] == [NUMBERS[0]]
    assert set(first) >= {'updated', 'unchanged', 'failed_numbers', 'api_requests'} and 'created' not in first
    assert len(writes(account)) == 249
    routing = account.state()['tns']
    assert all(routing[number]['routes'] == ['NewPBX', 'Backup'] for number in NUMBERS)
    gets = len(account.requests('GET'))
    # v1: 2 number pages (250 at 200 a page) and 1 route page; v2 reads each listed number, then 1 route page
    assert gets == (3 if version == 'v1' else 251)
    account.account.log.clear()
    again = run_module('flowroute_number_routes', numbers=move(NUMBERS), api_version=version)
    assert again['changed'] is False and len(again['unchanged']) == 250 and writes(account) == []
    assert again['api_requests'] == len(account.requests('GET'))


def test_check_mode_with_diff(run_module, account, version):
    result = run_module('flowroute_number_routes', check_mode=True, diff=True, numbers=move(NUMBERS[:2]) + [
        {'number': NUMBERS[2], 'failover_route': 'sip-reg'}], api_version=version)
    assert result['changed'] is True and sorted(result['updated']) == NUMBERS[:3]
    shown = diffs(result)
    assert shown[NUMBERS[0]] == {'before': {'primary_route': 'OldPBX', 'failover_route': 'Backup'},
                                 'after': {'primary_route': 'NewPBX', 'failover_route': 'Backup'}}
    assert shown[NUMBERS[2]]['after'] == {'primary_route': 'OldPBX', 'failover_route': 'sip-reg'}
    assert result['diff'][0]['before_header'] == 'number ' + NUMBERS[0]
    assert writes(account) == []


def test_partial_failure_reports_and_the_rerun_completes(run_module, account, version):
    account.fault(method='PATCH', count=2, status=422, body={'error': 'no'})
    first = run_module('flowroute_number_routes', numbers=move(NUMBERS[:10]), concurrency=1, api_version=version)
    assert first['failed'] is True and first['changed'] is True
    assert [entry['number'] for entry in first['failed_numbers']] == NUMBERS[:2]
    assert first['failed_numbers'][0]['status'] == 422 and first['updated'] == NUMBERS[2:10]
    assert first['msg'].startswith('2 of 10 numbers to write failed (12065550000: PATCH ')
    second = run_module('flowroute_number_routes', numbers=move(NUMBERS[:10]), api_version=version)
    assert second['updated'] == NUMBERS[:2] and len(second['unchanged']) == 8


def test_every_invalid_item_is_named_before_any_request(run_module, account, version):
    result = run_module('flowroute_number_routes', api_version=version, numbers=[
        {'number': '206-555-0000', 'primary_route': 'NewPBX'}, {'number': NUMBERS[0]},
        {'number': NUMBERS[1], 'primary_route': 'NewPBX'}, {'number': '+' + NUMBERS[1], 'primary_route': 'NewPBX'},
        {'number': NUMBERS[2], 'primary_route': 'a/b'}])
    assert result['msg'] == (
        "numbers: 4 problems in the list, so nothing was sent: numbers[0].number: must be a phone number in E.164 "
        "form, 7 to 15 digits, e.g. 12065551234 (a leading + is allowed), got '206-555-0000'; numbers[1]: give "
        "at least one of primary_route, failover_route and alias; numbers[3].number: 12065550001 is already listed at "
        "numbers[2]; each number may appear once; numbers[4].primary_route: must be the name of a route (letters, digits, "
        "spaces, dots, dashes, underscores) or sip-reg, got 'a/b'")
    assert account.requests() == []


def test_unknown_numbers_and_routes_are_all_named_before_any_write(run_module, account, version):
    result = run_module('flowroute_number_routes', api_version=version, numbers=[
        {'number': '19995550000', 'primary_route': 'NewPBX'}, {'number': NUMBERS[0], 'primary_route': 'Nope'},
        {'number': NUMBERS[1], 'failover_route': 'Gone'}, {'number': NUMBERS[2], 'primary_route': 'NewPBX'}])
    assert result['msg'] == (
        'numbers: 3 problems on the account, so nothing was written: numbers[0].number: 19995550000 is not on this '
        'Flowroute account; numbers[1].primary_route: route Nope does not exist on this Flowroute account; create it '
        'first (flowroute.numbers.flowroute_route); numbers[2].failover_route: route Gone does not exist on this '
        'Flowroute account; create it first (flowroute.numbers.flowroute_route)')
    assert writes(account) == []


def test_number_and_numbers_exclude_each_other(run_module, account):
    for args in (dict(number=NUMBERS[0], numbers=move(NUMBERS[:1])), dict(numbers=move(NUMBERS[:1]), primary_route='NewPBX')):
        assert run_module('flowroute_number_routes', **args)['msg'].startswith('parameters are mutually exclusive')
    assert run_module('flowroute_number_routes', number=NUMBERS[0])['msg'] == (
        'one of the following is required: primary_route, failover_route, alias, numbers')
    assert account.requests() == []


def test_v1_stops_reading_numbers_once_every_listed_one_is_found(run_module, account):
    result = run_module('flowroute_number_routes', numbers=move(NUMBERS[:3]))
    assert result['updated'] == NUMBERS[:3]
    assert [entry['path'] for entry in account.requests('GET')] == ['/v1/tns/?limit=200&page=1', '/v1/routes/?limit=200&page=1']


def test_route_on_page_one_of_many_costs_one_get(run_module, emulator):
    emulator.seed_routes(dict(('Seed{0:05d}'.format(i), {'type': 'HOST', 'value': '1.2.3.4'}) for i in range(4999)))
    result = run_module('flowroute_route', name='Seed00005', type='HOST', value='1.2.3.4')
    assert result['changed'] is False
    assert [entry['path'] for entry in emulator.requests()] == ['/v1/routes/?limit=200&page=1']
    missing = run_module('flowroute_route', name='NotThere', type='HOST', value='1.2.3.4', check_mode=True)
    assert missing['changed'] is True and len(emulator.requests()) == 1 + 25
