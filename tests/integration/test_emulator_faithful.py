# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator never misleads (issue 20), over raw HTTP: both edge fields, fresh numbers as the contract has them,
"not emulated" said plainly, the documented alias and callback calls, the rate limit, and a layout that can grow."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ast
import glob
import os
import time

import pytest
import requests

from conftest import ACCESS_KEY, EMULATOR, SECRET_KEY

JSONAPI = {'Content-Type': 'application/vnd.api+json'}


def v2(emulator, method, path, json=None, headers=None, raw=None):
    return requests.request(method, emulator.url + path, json=json, data=raw, auth=(ACCESS_KEY, SECRET_KEY),
                            headers=headers or JSONAPI, timeout=10)


def routes(emulator):
    return dict((route['alias'], route) for route in emulator.control('GET', 'state')['v2_routes'])


# --- 1. the edge field ---

SDK_DEMO_ROUTE = {'data': {'type': 'route', 'attributes': {'route_type': 'host', 'value': 'www.example.com',
                                                           'alias': 'SDK demo', 'edge_strategy': '1'}}}


@pytest.mark.parametrize('setting, kept', [('both', 1), ('edge_strategy', 1), ('absent', 1), ('edge_strategy_id', None)])
def test_the_python_sdk_demos_create_with_edge_strategy_keeps_its_pop(emulator, setting, kept):
    emulator.reset(edge_field=setting)
    answer = v2(emulator, 'POST', '/v2/routes', SDK_DEMO_ROUTE, {'Content-Type': 'application/json; charset=utf-8'})
    assert answer.status_code == 201
    assert routes(emulator)['SDK demo']['edge'] == kept      # a server that honours only the other field ignores it
    attributes = answer.json()['data']['attributes']
    if setting == 'absent':
        assert 'edge_strategy_id' not in attributes and 'edge_strategy' not in attributes
    else:       # every documented read shows the integer field, whichever field set it
        assert attributes['edge_strategy_id'] == kept and 'edge_strategy' not in attributes


def test_both_fields_are_honoured_on_update_and_the_integer_wins(emulator):
    made = v2(emulator, 'POST', '/v2/routes', SDK_DEMO_ROUTE).json()['data']['id']
    body = {'data': {'type': 'route', 'id': made, 'attributes': {'edge_strategy_id': 4, 'edge_strategy': '1'}}}
    assert v2(emulator, 'PATCH', '/v2/routes/' + made, body).json()['data']['attributes']['edge_strategy_id'] == 4
    body['data']['attributes'] = {'edge_strategy': '1'}
    assert v2(emulator, 'PATCH', '/v2/routes/' + made, body).json()['data']['attributes']['edge_strategy_id'] == 1


# --- 2. fresh numbers ---

def test_a_seeded_number_is_fresh_as_the_contract_says_and_a_seed_may_still_route_it(emulator):
    emulator.control('POST', 'routes', {'PBX': {'type': 'HOST', 'value': '1.2.3.4'}})
    emulator.control('POST', 'tns', {'12065551234': None, '13125550000': {'routes': ['PBX', 'PBX']}})
    fresh = v2(emulator, 'GET', '/v2/numbers/12065551234').json()['data']['relationships']
    assert fresh['primary_route'] == {'data': {'id': '0', 'type': 'route'}} and fresh['failover_route'] == {'data': None}
    routed = v2(emulator, 'GET', '/v2/numbers/13125550000').json()['data']['relationships']
    assert routed['primary_route']['data']['id'] == routed['failover_route']['data']['id'] == '10001'


# --- 3. "not emulated" said plainly ---

@pytest.mark.parametrize('method, path', [('POST', '/v2/message-provision'), ('GET', '/v2/cdrs/exports'),
                                          ('POST', '/v2/portorders/portability'), ('GET', '/v2/numbers/available/tiers')])
def test_a_documented_call_the_emulator_does_not_model_answers_501_saying_so(emulator, method, path):
    answer = v2(emulator, method, path, {} if method == 'POST' else None)
    assert answer.status_code == 501
    error = answer.json()['errors'][0]
    assert error['status'] == 501 and '{0} {1}'.format(method, path) in error['detail']
    assert 'this emulator does not model it' in error['detail']
    assert error['id'] != 'd66802f3-b56b-43da-8c55-e8c9ec3e0a6d' and 'on your account' not in error['detail']


@pytest.mark.parametrize('path', ['/v2/nothing', '/v2/numbers/12065551234/nothing', '/v2/routes/5/extra'])
def test_an_undocumented_path_answers_a_generic_404(emulator, path):
    answer = v2(emulator, 'GET', path)
    assert answer.status_code == 404
    error = answer.json()['errors'][0]
    assert error['detail'] == 'No such endpoint: GET ' + path
    assert error['id'] != 'd66802f3-b56b-43da-8c55-e8c9ec3e0a6d'


def test_only_a_number_not_on_the_account_gets_the_not_on_your_account_answer(emulator):
    answer = v2(emulator, 'GET', '/v2/numbers/19995550000')
    assert answer.status_code == 404
    assert answer.json()['errors'][0] == {'detail': 'Could not find that resource on your account.',
                                          'id': 'd66802f3-b56b-43da-8c55-e8c9ec3e0a6d', 'status': 404}


@pytest.mark.parametrize('body', [{'data': {'attributes': {'callback_url': 'https://example.com/sms'}}},
                                  {'callback_url': 'https://example.com/sms'}])
def test_account_and_number_callbacks_follow_the_contract_with_an_inspection_hook(emulator, body):
    emulator.control('POST', 'tns', {'12065551234': None})
    assert v2(emulator, 'PUT', '/v2.1/messages/sms_callback', body).status_code == 204
    assert v2(emulator, 'POST', '/v2/numbers/12065551234/relationships/dlr_callback', body).status_code == 204
    assert emulator.control('GET', 'callbacks') == {
        'account': {'sms_callback': 'https://example.com/sms'},
        'numbers': {'12065551234': {'dlr_callback': 'https://example.com/sms'}}}
    wrong = requests.put(emulator.url + '/v2.1/messages/sms_callback', json=body, auth=(ACCESS_KEY, 'x' * 32), timeout=10)
    assert wrong.status_code == 401


def test_a_numbers_alias_and_cnam_lookups_are_patched_as_documented(emulator):
    emulator.control('POST', 'tns', {'12065551234': None})
    body = {'type': 'number', 'alias': 'NYC Number', 'cnam_lookups_enabled': 'false'}
    answer = v2(emulator, 'PATCH', '/v2/numbers/12065551234', body)
    assert answer.status_code == 200
    attributes = answer.json()['data']['attributes']
    assert (attributes['alias'], attributes['cnam_lookups_enabled']) == ('NYC Number', False)
    found = v2(emulator, 'GET', '/v2/numbers?alias=NYC%20Number').json()['data']
    assert [item['id'] for item in found] == ['12065551234']
    assert v2(emulator, 'PATCH', '/v2/numbers/12065551234', {'cnam_lookups_enabled': 'maybe'}).status_code == 422


# --- the rate limit switch (used by make bench) ---

def test_the_rate_limit_answers_429_with_retry_after_beyond_n_a_second(emulator):
    emulator.reset(rate_limit=5)
    statuses = [v2(emulator, 'GET', '/v2/routes') for dummy in range(8)]
    assert [answer.status_code for answer in statuses[:5]] == [200] * 5
    refused = [answer for answer in statuses if answer.status_code == 429]
    assert refused and all(answer.headers['Retry-After'] == '1' for answer in refused)
    assert refused[0].json()['errors'][0]['title'] == 'Too Many Requests'
    time.sleep(1.1)
    assert v2(emulator, 'GET', '/v2/routes').status_code == 200
    assert emulator.control('GET', 'state')['rate_limited'] == len(refused)


def test_a_burst_of_429s(emulator):
    emulator.control('POST', 'burst', {'count': 3, 'retry_after': 2})
    answers = [v2(emulator, 'GET', '/v2/routes') for dummy in range(4)]
    assert [answer.status_code for answer in answers] == [429, 429, 429, 200]
    assert answers[0].headers['Retry-After'] == '2'


# --- 5. a layout that can grow, sharing nothing with plugins/ ---

def test_the_emulator_is_parts_over_one_core_and_imports_nothing_of_the_collection():
    package = os.path.join(os.path.dirname(EMULATOR), 'flowroute_emu')
    files = sorted(glob.glob(os.path.join(package, '*.py')))
    assert {'core.py', 'routes.py', 'numbers.py', 'answers.py', 'auth.py'} <= set(map(os.path.basename, files))
    for path in files + [EMULATOR]:
        with open(path) as handle:
            tree = ast.parse(handle.read())
        imported = [node.module or '' for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        assert not [name for name in imported if 'ansible' in name or 'plugins' in name], path
        with open(path) as handle:
            assert len(handle.read().splitlines()) < 500, '{0}: a part stays small'.format(path)


# --- E911 (contract v2 section 6) ---

ADDRESS = {'label': 'Office', 'first_name': 'Albus', 'last_name': 'Rasputin', 'street_number': '666',
           'street_name': 'Main St', 'address_type': 'suite', 'address_type_number': '333', 'city': 'Seattle',
           'state': 'WA', 'zip': '98101', 'country': 'US'}


def e911_body(**changes):
    return {'data': {'type': 'e911', 'attributes': dict(ADDRESS, **changes)}}


def test_e911_field_rules_answer_422_with_the_documented_detail_object(emulator):
    answer = v2(emulator, 'POST', '/v2/e911s', e911_body(zip='123', state='Washington', address_type_number=''))
    assert answer.status_code == 422
    detail = answer.json()['errors'][0]['detail']
    assert sorted(detail['data']['attributes']) == ['address_type_number', 'state', 'zip']
    assert detail['data']['attributes']['zip'] == ['ZIP code must be at least 4 and at most 7 digits long']
    assert v2(emulator, 'POST', '/v2/e911s/validate', e911_body()).status_code == 204
    assert v2(emulator, 'POST', '/v2/e911s/validate', e911_body(country='CA', zip='M4C 5K7')).status_code == 204


def test_e911_geocoding_is_a_switch(emulator):
    refused = v2(emulator, 'POST', '/v2/e911s/validate', e911_body(street_name='Nowhere Rd'))
    assert refused.status_code == 400 and refused.json()['errors'][0]['detail'].startswith('Could not geocode')
    emulator.control('POST', 'settings', {'ungeocodable': 'Main'})
    assert v2(emulator, 'POST', '/v2/e911s/validate', e911_body()).status_code == 400
    assert v2(emulator, 'POST', '/v2/e911s/validate', e911_body(street_name='Nowhere Rd')).status_code == 204


@pytest.mark.parametrize('status', [403, 409])
def test_deleting_an_address_in_use_is_refused_with_the_switched_status(emulator, status):
    emulator.reset(e911_in_use_status=status)
    emulator.control('POST', 'tns', {'12065551234': None})
    made = v2(emulator, 'POST', '/v2/e911s', e911_body()).json()['data']
    assert made['attributes']['address_type'] == 'Suite'
    assert v2(emulator, 'PATCH', '/v2/numbers/12065551234/relationships/e911s/' + made['id'], raw=b'').status_code == 204
    refused = v2(emulator, 'DELETE', '/v2/e911s/' + made['id'])
    assert refused.status_code == status
    assert v2(emulator, 'DELETE', '/v2/numbers/12065551234/relationships/e911s/').status_code == 204
    assert v2(emulator, 'DELETE', '/v2/e911s/' + made['id']).status_code == 204


def test_a_number_without_emergency_services_is_refused_with_the_documented_422(emulator):
    emulator.control('POST', 'tns', {'18005550000': {'emergency': False}})
    made = v2(emulator, 'POST', '/v2/e911s', e911_body()).json()['data']['id']
    refused = v2(emulator, 'PATCH', '/v2/numbers/18005550000/relationships/e911s/' + made, raw=b'')
    assert refused.status_code == 422
    assert refused.json()['errors'][0]['id'] == '2ee1a30f-f321-46c5-9065-8be93692d44b'


def test_e911_lists_page_up_to_2000_and_filter_partly_in_any_case(emulator):
    emulator.control('POST', 'e911s', [dict(ADDRESS, label='Site {0}'.format(i), city='Seattle' if i % 2 else 'Tacoma')
                                       for i in range(5)])
    page = v2(emulator, 'GET', '/v2/e911s?city=seat&limit=2000').json()
    assert [item['attributes']['label'] for item in page['data']] == ['Site 1', 'Site 3']
    assert v2(emulator, 'GET', '/v2/e911s?limit=2001').status_code == 400
    first = v2(emulator, 'GET', '/v2/e911s?limit=2').json()
    assert len(first['data']) == 2 and first['links']['next'].endswith('/v2/e911s?limit=2&offset=2')
