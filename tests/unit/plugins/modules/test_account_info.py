# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""flowroute_account_info in-process: every list read once, and a round trip through the bulk modules."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

ROUTES = {'HostPort': {'type': 'HOST', 'value': '24.239.23.40:5060', 'edge': 4},
          'HostName': {'type': 'HOST', 'value': 'pbx.example.com'},
          'PstnPlus': {'type': 'PSTN', 'value': '+18002364455'},
          'Pstn': {'type': 'PSTN', 'value': '16476998778', 'edge': 1},
          'UriTcp': {'type': 'URI', 'value': 'sip:16476998778@215.122.69.152:5060;transport=tcp'},
          'UriTls': {'type': 'URI', 'value': 'sips:securecall@securedserver.com'}}
NUMBERS = {'12065551234': ['HostPort', 'PstnPlus'], '12065551235': ['UriTcp', None], '13125550000': ['sip-reg', 'Pstn']}


def seed_account(emulator, version):
    routes = dict((name, dict(route, edge=route.get('edge') if version == 'v2' else None))
                  for name, route in ROUTES.items())
    emulator.seed_routes(routes)
    emulator.seed_numbers(NUMBERS)
    if version == 'v2':
        with emulator.account.lock:
            emulator.account.tns['12065551234']['alias'] = 'Front desk'


def export(run_module, version, **args):
    result = run_module('flowroute_account_info', api_version=version, **args)
    assert result.get('failed') is None, result['msg']
    return result


@pytest.mark.parametrize('version', ['v1', 'v2'])
def test_the_export_is_what_the_bulk_modules_take(run_module, emulator, version):
    seed_account(emulator, version)
    result = export(run_module, version)
    assert result['changed'] is False and result['problems'] == []
    assert [route['name'] for route in result['routes']] == sorted(ROUTES)
    by_name = dict((route['name'], route) for route in result['routes'])
    assert by_name['PstnPlus'] == {'name': 'PstnPlus', 'type': 'PSTN', 'value': '18002364455'}
    if version == 'v2':
        assert by_name['HostPort']['edge_strategy'] == 'US-East-VA' and by_name['Pstn']['edge_strategy'] == 'US-West-OR'
        assert [pop['name'] for pop in result['edge_strategies']] == ['US-West-OR', 'US-East-VA']
        assert result['numbers'] == [
            {'number': '12065551234', 'primary_route': 'HostPort', 'failover_route': 'PstnPlus', 'alias': 'Front desk'},
            {'number': '12065551235', 'primary_route': 'UriTcp'},
            {'number': '13125550000', 'primary_route': 'sip-reg', 'failover_route': 'Pstn'}]
    else:
        assert 'edge_strategies' not in result and 'edge_strategy' not in by_name['HostPort']
        assert result['numbers'][1] == {'number': '12065551235', 'primary_route': 'UriTcp', 'failover_route': 'sip-reg'}


@pytest.mark.parametrize('version', ['v1', 'v2'])
def test_each_list_is_read_once(run_module, emulator, version):
    emulator.seed_routes(dict(('R{0:04d}'.format(i), {'type': 'HOST', 'value': '10.0.0.1'}) for i in range(450)))
    emulator.seed_numbers(dict(('1206555{0:04d}'.format(i), None) for i in range(410)))
    result = export(run_module, version, concurrency=4)
    assert len(result['routes']) == 450 and len(result['numbers']) == 410
    gets = [entry['path'] for entry in emulator.requests('GET')]
    if version == 'v1':        # 451 routes and 410 numbers: 3 pages each
        assert gets == ['/v1/routes/?limit=200&page={0}'.format(page) for page in (1, 2, 3)] + \
            ['/v1/tns/?limit=200&page={0}'.format(page) for page in (1, 2, 3)]
    else:                      # 3 route pages, the PoPs, 3 number pages, each number once, and the E911 addresses
        assert len(gets) == 3 + 1 + 3 + 410 + 1 and len(set(gets)) == len(gets)
    assert result['api_requests'] == len(gets)


@pytest.mark.parametrize('version', ['v1', 'v2'])
def test_round_trip_export_apply_to_an_empty_account_export_again(run_module, emulator, version):
    seed_account(emulator, version)
    first = export(run_module, version)
    # account B: empty but for the same numbers, fresh
    emulator.reset()
    emulator.seed_numbers(dict((number, None) for number in NUMBERS))
    routes = run_module('flowroute_routes', routes=first['routes'], prune=version == 'v2', api_version=version)
    numbers = run_module('flowroute_number_routes', numbers=first['numbers'], api_version=version)
    assert routes['changed'] is True and numbers['changed'] is True
    second = export(run_module, version)
    assert (second['routes'], second['numbers'], second['problems']) == (first['routes'], first['numbers'], [])
    # applying A's export to A writes nothing
    emulator.reset()
    seed_account(emulator, version)
    again = [run_module('flowroute_routes', routes=first['routes'], prune=version == 'v2', api_version=version),
             run_module('flowroute_number_routes', numbers=first['numbers'], api_version=version)]
    assert [result['changed'] for result in again] == [False, False]
    assert [entry['method'] for entry in emulator.requests() if entry['method'] != 'GET'] == []


def test_what_cannot_be_written_back_is_in_problems(run_module, emulator):
    emulator.reset(duplicate_alias='accept')
    emulator.seed_routes([{'alias': 'Twin', 'type': 'HOST', 'value': '1.2.3.4'}, {'alias': 'Twin', 'type': 'HOST', 'value': '1.2.3.5'},
                          {'alias': 'a/b', 'type': 'HOST', 'value': '1.2.3.6'}])
    emulator.seed_numbers({'12065551234': None})
    with emulator.account.lock:
        emulator.account.tns['12065551234']['failover_route'] = '777'      # a route id that is not in the list
    result = export(run_module, 'v2')
    assert [(problem['kind'], problem.get('route', problem.get('number')), problem['ids']) for problem in result['problems']] == [
        ('duplicate_alias', 'Twin', ['10001', '10002']), ('invalid_route', 'a/b', ['10003']),
        ('missing_route', '12065551234', ['777'])]
    assert result['routes'] == [{'name': 'Twin', 'type': 'HOST', 'value': '1.2.3.4'}]
    assert result['numbers'] == [{'number': '12065551234', 'primary_route': 'sip-reg'}]


E911 = {'first_name': 'Example', 'last_name': 'Corp', 'street_number': '666', 'street_name': 'Main St',
        'address_type': 'Suite', 'address_type_number': '333', 'city': 'Seattle', 'state': 'WA', 'zip': '98101',
        'country': 'US'}


def test_e911_addresses_export_as_flowroute_e911_takes_them_and_round_trip(run_module, emulator):
    emulator.seed_numbers({'12065551234': None, '12065551235': None})
    emulator.control('POST', 'e911s', [dict(E911, label='Seattle office', numbers=['12065551235', '12065551234']),
                                       dict(E911, label='Lab', street_number='1', address_type='', address_type_number='')])
    first = export(run_module, 'v2')
    assert first['e911_addresses'] == [
        {'label': 'Lab', 'address': dict(E911, street_number='1', address_type='', address_type_number=''), 'numbers': []},
        {'label': 'Seattle office', 'address': E911, 'numbers': ['12065551234', '12065551235']}]
    emulator.reset()
    emulator.seed_numbers({'12065551234': None, '12065551235': None})
    for item in first['e911_addresses']:
        assert run_module('flowroute_e911', api_version='v2', **item)['changed'] is True
    assert export(run_module, 'v2')['e911_addresses'] == first['e911_addresses']


def test_e911_addresses_with_one_label_are_a_problem_not_an_item(run_module, emulator):
    emulator.control('POST', 'e911s', [dict(E911, label='Twin'), dict(E911, label='Twin', street_number='2')])
    result = export(run_module, 'v2')
    assert result['e911_addresses'] == []
    assert [(problem['kind'], problem['label'], problem['ids']) for problem in result['problems']] == [
        ('duplicate_label', 'Twin', ['20001', '20002'])]
