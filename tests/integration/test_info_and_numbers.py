# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""flowroute_route_info, flowroute_number_info and flowroute_number_routes against the emulator."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

NUMBER = '12065551234'


def seed_routes(emulator, count):
    routes = dict(('Seed{0:04d}'.format(i), {'type': ('HOST', 'PSTN', 'URI')[i % 3], 'value': 'v{0}'.format(i)})
                  for i in range(count))
    emulator.control('POST', 'routes', routes)
    return routes


def test_route_info_returns_every_route_across_pages(emulator, playbook):
    seeded = seed_routes(emulator, 450)
    result = playbook(emulator, '    - flowroute.numbers.flowroute_route_info:\n', '--check')
    assert result.rc == 0, result.output
    routes = result.task(0)['routes']
    assert result.task(0)['changed'] is False
    assert len(routes) == 451
    assert routes[0] == {'name': 'sip-reg', 'type': 'SIP-REG', 'value': None}
    assert dict((r['name'], {'type': r['type'], 'value': r['value']}) for r in routes[1:]) == seeded
    assert [entry['path'] for entry in emulator.requests()] == [
        '/v1/routes/?limit=200&page={0}'.format(page) for page in (1, 2, 3)]


def test_route_info_filters_and_loops(emulator, playbook):
    seed_routes(emulator, 9)
    result = playbook(emulator, '''    - flowroute.numbers.flowroute_route_info: {name: Seed0004}
    - flowroute.numbers.flowroute_route_info: {type: uri}
      register: uris
    - flowroute.numbers.flowroute_route_info: {name: Missing}
    - ansible.builtin.debug: {msg: "{{ item.name }}={{ item.value }}"}
      loop: "{{ uris.routes }}"
''')
    assert result.rc == 0, result.output
    assert result.task(0)['routes'] == [{'name': 'Seed0004', 'type': 'PSTN', 'value': 'v4'}]
    assert [r['name'] for r in result.task(1)['routes']] == ['Seed0002', 'Seed0005', 'Seed0008']
    assert result.task(2)['routes'] == []
    assert [item['msg'] for item in result.task(3)['results']] == ['Seed0002=v2', 'Seed0005=v5', 'Seed0008=v8']


def test_number_info_empty_account_is_an_empty_list(emulator, playbook):
    result = playbook(emulator, '    - flowroute.numbers.flowroute_number_info:\n')
    assert result.rc == 0, result.output
    assert result.task(0)['numbers'] == []


def test_number_info_reads_every_page_and_filters(emulator, playbook):
    emulator.control('POST', 'routes', {'HOSTRoute1': {'type': 'HOST', 'value': '24.239.23.40:5060'}})
    numbers = dict(('1206555{0:04d}'.format(i), {}) for i in range(430))
    numbers['13125550000'] = {'routes': ['HOSTRoute1', 'sip-reg'], 'billing_method': 'VPRI'}
    emulator.control('POST', 'tns', numbers)
    result = playbook(emulator, '''    - flowroute.numbers.flowroute_number_info:
    - flowroute.numbers.flowroute_number_info: {pattern: "1312"}
    - flowroute.numbers.flowroute_number_info: {number: "+13125550000"}
    - flowroute.numbers.flowroute_number_info: {number: "19995550000"}
''')
    assert result.rc == 0, result.output
    everything = result.task(0)['numbers']
    assert len(everything) == 431 and set(n['number'] for n in everything) == set(numbers)
    assert everything[0] == {'number': '12065550000', 'billing_method': 'METERED',
                             'primary_route': {'name': 'sip-reg', 'type': 'SIP-REG', 'value': None},
                             'failover_route': {'name': 'sip-reg', 'type': 'SIP-REG', 'value': None}}
    expected = {'number': '13125550000', 'billing_method': 'VPRI',
                'primary_route': {'name': 'HOSTRoute1', 'type': 'HOST', 'value': '24.239.23.40:5060'},
                'failover_route': {'name': 'sip-reg', 'type': 'SIP-REG', 'value': None}}
    assert result.task(1)['numbers'] == [expected]
    assert result.task(2)['numbers'] == [expected]
    assert result.task(3)['numbers'] == []
    paths = [entry['path'] for entry in emulator.requests()]
    assert paths[:4] == ['/v1/tns/?limit=200&page=1', '/v1/tns/?limit=200&page=2', '/v1/tns/?limit=200&page=3',
                         '/v1/tns/?limit=200&page=1&pattern=1312']


@pytest.fixture
def account(emulator):
    emulator.control('POST', 'routes', {'HOSTRoute1': {'type': 'HOST', 'value': '24.239.23.40:5060'},
                                        'PSTNRoute1': {'type': 'PSTN', 'value': '18002364455'}})
    emulator.control('POST', 'tns', {NUMBER: {}})
    return emulator


def number_task(**options):
    lines = ''.join('        {0}: "{1}"\n'.format(key, value) for key, value in options.items())
    return '    - flowroute.numbers.flowroute_number_routes:\n' + lines


def tn(emulator):
    return emulator.control('GET', 'state')['tns'][NUMBER]['routes']


def test_number_routes_set_then_idempotent(account, playbook):
    task = number_task(number='+' + NUMBER, primary_route='HOSTRoute1', failover_route='PSTNRoute1')
    first = playbook(account, task, '--diff')
    assert first.rc == 0, first.output
    assert first.task(0)['changed'] is True
    assert first.task(0)['diff'] == {'before': {'primary_route': 'sip-reg', 'failover_route': 'sip-reg'},
                                     'after': {'primary_route': 'HOSTRoute1', 'failover_route': 'PSTNRoute1'}}
    assert first.task(0)['number']['primary_route'] == {'name': 'HOSTRoute1', 'type': 'HOST', 'value': '24.239.23.40:5060'}
    patches = account.requests('PATCH')
    assert [(p['path'], json.loads(p['body']), p['status']) for p in patches] == [
        ('/v1/tns/' + NUMBER, {'routes': [{'name': 'HOSTRoute1'}, {'name': 'PSTNRoute1'}]}, 204)]
    assert tn(account) == ['HOSTRoute1', 'PSTNRoute1']

    second = playbook(account, task)
    assert second.rc == 0, second.output
    assert second.task(0)['changed'] is False
    assert len(account.requests('PATCH')) == 1


def test_number_routes_keeps_the_slot_not_given(account, playbook):
    account.control('POST', 'tns', {NUMBER: {'routes': ['HOSTRoute1', 'PSTNRoute1']}})
    result = playbook(account, number_task(number=NUMBER, primary_route='sip-reg'))
    assert result.rc == 0, result.output
    assert json.loads(account.requests('PATCH')[0]['body']) == {'routes': [{'name': 'sip-reg'}, {'name': 'PSTNRoute1'}]}
    assert tn(account) == ['sip-reg', 'PSTNRoute1']


def test_number_routes_check_mode_sends_no_patch(account, playbook):
    result = playbook(account, number_task(number=NUMBER, primary_route='HOSTRoute1'), '--check', '--diff')
    assert result.rc == 0, result.output
    assert result.task(0)['changed'] is True
    assert result.task(0)['diff']['after'] == {'primary_route': 'HOSTRoute1', 'failover_route': 'sip-reg'}
    assert account.requests('PATCH') == []
    assert tn(account) == ['sip-reg', 'sip-reg']


def test_unknown_route_fails_naming_it_without_writing(account, playbook):
    result = playbook(account, number_task(number=NUMBER, primary_route='HOSTRoute1', failover_route='NoSuchRoute'))
    assert result.rc != 0
    assert result.task(0)['msg'] == ('failover_route: route NoSuchRoute does not exist on this Flowroute account; '
                                     'create it first (flowroute.numbers.flowroute_route)')
    assert account.requests('PATCH') == []


def test_unknown_number_fails_naming_it_without_writing(account, playbook):
    result = playbook(account, number_task(number='19995550000', primary_route='HOSTRoute1'))
    assert result.rc != 0
    assert result.task(0)['msg'] == 'number: 19995550000 is not on this Flowroute account'
    assert account.requests('PATCH') == []


@pytest.mark.parametrize('options, message', [
    (dict(number='206-555-1234', primary_route='HOSTRoute1'), 'number: must be a phone number in E.164 form'),
    (dict(number=NUMBER, primary_route='HOST Route'), 'primary_route: must be a route name'),
    (dict(number=NUMBER), 'one of the following is required: primary_route, failover_route'),
])
def test_invalid_number_routes_input_sends_nothing(account, playbook, options, message):
    result = playbook(account, number_task(**options))
    assert result.rc != 0
    assert message in result.task(0)['msg']
    assert account.requests() == []
