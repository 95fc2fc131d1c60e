# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""flowroute_route_info, flowroute_number_info and flowroute_number_routes against the emulator."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

pytestmark = pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)
NUMBER = '12065551234'


def seed_routes(emulator, count):
    routes = dict(('Seed{0:04d}'.format(i), {'type': ('HOST', 'PSTN', 'URI')[i % 3], 'value': 'v{0}'.format(i)})
                  for i in range(count))
    emulator.control('POST', 'routes', routes)
    return routes


def shown(api, route, route_id=None, edge=None, edge_id=None):
    """A route as the modules return it over this version: over v2 with its id, and its PoP by name and id."""
    return dict(route, id=route_id, edge_strategy=edge, edge_strategy_id=edge_id) if api.version == 'v2' else route


def fresh_failover(api, route):
    """A fresh number's failover (contract v2 section 3: null; v1 shows an empty slot as sip-reg)."""
    return route if api.version == 'v1' else None


def test_route_info_returns_every_route_across_pages(emulator, playbook, api):
    seeded = seed_routes(emulator, 450)
    result = playbook(emulator, '    - flowroute.numbers.flowroute_route_info:\n', '--check')
    assert result.rc == 0, result.output
    routes = result.task(0)['routes']
    assert result.task(0)['changed'] is False
    assert len(routes) == 451
    assert routes[0] == shown(api, {'name': 'sip-reg', 'type': 'SIP-REG', 'value': None}, '0')
    assert dict((r['name'], {'type': r['type'], 'value': r['value']}) for r in routes[1:]) == seeded
    assert [entry['path'] for entry in emulator.requests()] == api.route_list(3)


@pytest.mark.subset
def test_route_info_filters_and_loops(emulator, playbook, api):
    seed_routes(emulator, 9)
    result = playbook(emulator, '''    - flowroute.numbers.flowroute_route_info: {name: Seed0004}
    - flowroute.numbers.flowroute_route_info: {type: uri}
      register: uris
    - flowroute.numbers.flowroute_route_info: {name: Missing}
    - ansible.builtin.debug: {msg: "{{ item.name }}={{ item.value }}"}
      loop: "{{ uris.routes }}"
''')
    assert result.rc == 0, result.output
    assert result.task(0)['routes'] == [shown(api, {'name': 'Seed0004', 'type': 'PSTN', 'value': 'v4'}, '10005')]
    assert [r['name'] for r in result.task(1)['routes']] == ['Seed0002', 'Seed0005', 'Seed0008']
    assert result.task(2)['routes'] == []
    assert [item['msg'] for item in result.task(3)['results']] == ['Seed0002=v2', 'Seed0005=v5', 'Seed0008=v8']


@pytest.mark.subset
def test_number_info_empty_account_is_an_empty_list(emulator, playbook):
    result = playbook(emulator, '    - flowroute.numbers.flowroute_number_info:\n')
    assert result.rc == 0, result.output
    assert result.task(0)['numbers'] == []


def test_number_info_reads_every_page_and_filters(emulator, playbook, api):
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
    sip_reg = shown(api, {'name': 'sip-reg', 'type': 'SIP-REG', 'value': None}, '0')
    billing = (lambda method: method) if api.version == 'v1' else (lambda method: None)
    assert everything[0] == {'number': '12065550000', 'billing_method': billing('METERED'), 'alias': None,
                             'primary_route': sip_reg, 'failover_route': fresh_failover(api, sip_reg)}
    expected = {'number': '13125550000', 'billing_method': billing('VPRI'), 'failover_route': sip_reg, 'alias': None,
                'primary_route': shown(api, {'name': 'HOSTRoute1', 'type': 'HOST', 'value': '24.239.23.40:5060'}, '10001')}
    assert result.task(1)['numbers'] == [expected]
    assert result.task(2)['numbers'] == [expected]
    assert result.task(3)['numbers'] == []
    lists = [entry['path'] for entry in emulator.requests() if '?' in entry['path']]
    if api.version == 'v1':
        assert lists == ['/v1/tns/?limit=200&page=1', '/v1/tns/?limit=200&page=2', '/v1/tns/?limit=200&page=3',
                         '/v1/tns/?limit=200&page=1&pattern=1312']
    else:   # the v2 list carries no routing: each number's details are read too
        assert lists == ['/v2/numbers?limit=200&offset=0', '/v2/numbers?limit=200&offset=200',
                         '/v2/numbers?limit=200&offset=400', '/v2/numbers?contains=1312&limit=200&offset=0']
        assert len(emulator.requests('GET')) == 4 + 431 + 1 + 1 + 1


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


def patches(api, emulator):
    """What the number routing writes set: v1 [(primary, failover)]; v2 [(slot, route id)] per call."""
    if api.version == 'v1':
        return [tuple(route['name'] for route in json.loads(p['body'])['routes']) for p in api.number_writes(emulator)]
    return [(p['path'].rsplit('/', 1)[1], json.loads(p['body'])['data']['id']) for p in api.number_writes(emulator)]


@pytest.mark.subset
def test_number_routes_set_then_idempotent(account, playbook, api):
    task = number_task(number='+' + NUMBER, primary_route='HOSTRoute1', failover_route='PSTNRoute1')
    first = playbook(account, task, '--diff')
    assert first.rc == 0, first.output
    assert first.task(0)['changed'] is True
    assert first.task(0)['diff'] == {'before': {'primary_route': 'sip-reg', 'failover_route': fresh_failover(api, 'sip-reg')},
                                     'after': {'primary_route': 'HOSTRoute1', 'failover_route': 'PSTNRoute1'}}
    assert first.task(0)['number']['primary_route'] == shown(
        api, {'name': 'HOSTRoute1', 'type': 'HOST', 'value': '24.239.23.40:5060'}, '10001')
    assert patches(api, account) == ([('HOSTRoute1', 'PSTNRoute1')] if api.version == 'v1'
                                     else [('primary_route', '10001'), ('failover_route', '10002')])
    assert tn(account) == ['HOSTRoute1', 'PSTNRoute1']

    second = playbook(account, task)
    assert second.rc == 0, second.output
    assert second.task(0)['changed'] is False
    assert len(api.number_writes(account)) == (1 if api.version == 'v1' else 2)


def test_number_routes_keeps_the_slot_not_given(account, playbook, api):
    account.control('POST', 'tns', {NUMBER: {'routes': ['HOSTRoute1', 'PSTNRoute1']}})
    result = playbook(account, number_task(number=NUMBER, primary_route='sip-reg'))
    assert result.rc == 0, result.output
    assert patches(api, account) == ([('sip-reg', 'PSTNRoute1')] if api.version == 'v1' else [('primary_route', '0')])
    assert tn(account) == ['sip-reg', 'PSTNRoute1']


def test_number_routes_check_mode_sends_no_patch(account, playbook, api):
    result = playbook(account, number_task(number=NUMBER, primary_route='HOSTRoute1'), '--check', '--diff')
    assert result.rc == 0, result.output
    assert result.task(0)['changed'] is True
    assert result.task(0)['diff']['after'] == {'primary_route': 'HOSTRoute1', 'failover_route': fresh_failover(api, 'sip-reg')}
    assert account.requests('PATCH') == []
    assert tn(account) == ['sip-reg', None]
    # it did read (the number, then the routes), and only read
    assert [entry['method'] for entry in account.requests()] == ['GET', 'GET']


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
    (dict(number=NUMBER, primary_route='HOST/Route'), "primary_route: must be the name of a route (letters, digits, spaces, dots, "
                                                      "dashes, underscores) or sip-reg, got 'HOST/Route'"),
    (dict(number=NUMBER), 'one of the following is required: primary_route, failover_route'),
])
def test_invalid_number_routes_input_sends_nothing(account, playbook, options, message):
    result = playbook(account, number_task(**options))
    assert result.rc != 0
    assert message in result.task(0)['msg']
    assert account.requests() == []
