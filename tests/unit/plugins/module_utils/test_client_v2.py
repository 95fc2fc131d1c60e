# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The v2 backend: Basic auth, JSON:API bodies, offset paging, ids, the edge field fallback."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils import client_v2
from ansible_collections.flowroute.numbers.plugins.module_utils.client import FlowrouteAPIError, Transport, route_record
from ansible_collections.flowroute.numbers.plugins.module_utils.client_v2 import V2Client, parse_route

from fakes import FakeSession, response

BASE = 'https://api.flowroute.com'


def v2_with(answers, pool_size=1):
    session = FakeSession(answers)

    def factory(authorize, accept):
        assert accept == 'application/vnd.api+json'
        return Transport(BASE, authorize, session=session, sleep=lambda s: None, retries=0, accept=accept)
    return V2Client('31415926', 'c0ffee1234567890c0ffee1234567890', factory, pool_size=pool_size), session


def route_item(route_id, alias, route_type='host', value='1.2.3.4', **extra):
    attributes = dict({'alias': alias, 'route_type': route_type, 'value': value}, **extra)
    return {'attributes': attributes, 'id': route_id, 'type': 'route', 'links': {'self': BASE + '/v2/routes/' + str(route_id)}}


def page(items, more=False):
    return {'data': items, 'links': dict({'self': 'x'}, **({'next': 'https://elsewhere.example/next'} if more else {}))}


def sent(session):
    return [(s['method'], s['url'][len(BASE):], json.loads(s['data']) if s['data'] else None) for s in session.sent]


def test_basic_auth_with_the_keys_and_json_api_headers():
    client, session = v2_with([response(200, page([]))])
    assert client.list_routes() == []
    request = session.sent[0]
    assert request['auth'] == ('31415926', 'c0ffee1234567890c0ffee1234567890')
    assert request['headers']['Accept'] == 'application/vnd.api+json' and 'X-Timestamp' not in request['headers']
    assert (client.version, client.unique_names, client.can_delete, client.can_choose_edge, client.needs_both_slots) == (
        'v2', False, True, True, False)
    assert client.route_fields == ('name', 'type', 'value', 'id', 'edge_strategy')


def test_routes_page_by_offset_and_never_follow_next():
    full = [route_item(str(i), 'R{0}'.format(i)) for i in range(200)]
    client, session = v2_with([response(200, page(full, more=True)), response(200, page([route_item('200', 'Last')]))])
    routes = client.list_routes()
    assert len(routes) == 201 and routes[-1]['name'] == 'Last'
    assert [s['url'] for s in session.sent] == [BASE + '/v2/routes?limit=200&offset=0', BASE + '/v2/routes?limit=200&offset=200']


def test_a_full_page_without_next_or_a_short_page_is_the_last():
    full = [route_item(str(i), 'R{0}'.format(i)) for i in range(200)]
    client, session = v2_with([response(200, page(full))])
    assert len(client.list_routes()) == 200 and len(session.sent) == 1
    client, session = v2_with([response(200, page(full[:3], more=True))])
    assert len(client.list_routes()) == 3 and len(session.sent) == 1


@pytest.mark.parametrize('extra, edge', [({}, None), ({'edge_strategy_id': None}, None), ({'edge_strategy_id': 4}, '4'),
                                         ({'edge_strategy': '1'}, '1'), ({'edge_strategy_id': None, 'edge_strategy': '1'}, '1')])
def test_parse_route_reads_either_edge_field(extra, edge):
    assert parse_route(route_item(98396, 'A', **extra), '/v2/routes') == route_record('A', 'HOST', '1.2.3.4', '98396', edge)


@pytest.mark.parametrize('route_type, ours', [('host', 'HOST'), ('number', 'PSTN'), ('uri', 'URI'), ('sip-reg', 'SIP-REG'),
                                              ('fax', 'FAX')])
def test_parse_route_maps_types(route_type, ours):
    assert parse_route(route_item('1', 'A', route_type, 5), '/x') == route_record('A', ours, '5', '1')


@pytest.mark.parametrize('item, problem', [
    ('x', 'a route has no "id" or "attributes"'), ({'id': '1'}, 'a route has no "id" or "attributes"'),
    ({'attributes': {}}, 'a route has no "id" or "attributes"'),
    ({'id': '1', 'attributes': {'alias': 'A'}}, 'route 1 has no "route_type"'),
])
def test_malformed_routes_fail_naming_the_endpoint(item, problem):
    with pytest.raises(FlowrouteAPIError) as err:
        parse_route(item, '/v2/routes?limit=200&offset=0')
    assert str(err.value) == 'GET /v2/routes?limit=200&offset=0 failed: HTTP 200: unexpected answer: ' + problem


@pytest.mark.parametrize('answer', [{'data': {}}, [1], {'routes': []}])
def test_a_list_without_a_data_array_fails(answer):
    client, dummy = v2_with([response(200, answer)])
    with pytest.raises(FlowrouteAPIError, match=r'unexpected answer: expected \{"data": \[...\]\}$'):
        client.list_routes()


def test_create_posts_the_documented_body_and_returns_the_stored_route():
    client, session = v2_with([response(201, {'data': route_item('98396', 'new route', 'number', '16476998778')})])
    stored = client.create_route(route_record('new route', 'PSTN', '16476998778'))
    assert stored == route_record('new route', 'PSTN', '16476998778', '98396')
    assert sent(session) == [('POST', '/v2/routes', {'data': {'type': 'route', 'attributes': {
        'alias': 'new route', 'route_type': 'number', 'value': '16476998778'}}})]
    assert session.sent[0]['headers']['Content-Type'] == 'application/vnd.api+json'


def test_create_without_a_route_in_the_answer_reads_it_back():
    listed = page([route_item('0', 'sip-reg', 'sip-reg', None), route_item('5', 'A', value='9.9.9.9'),
                   route_item('6', 'A'), route_item('7', 'A')])
    client, session = v2_with([response(201, b''), response(200, listed)])
    assert client.create_route(route_record('A', 'HOST', '1.2.3.4'))['id'] == '7'
    client, session = v2_with([response(201, b' '), response(200, page([]))])
    assert client.create_route(route_record('A', 'HOST', '1.2.3.4')) is None


def test_update_patches_all_three_attributes_and_the_id():
    client, session = v2_with([response(200, {'data': route_item('5', 'A', 'uri', 'sip:a@b.example')})])
    stored = client.update_route(route_record('A', 'HOST', '1.2.3.4', '5'), route_record('A', 'URI', 'sip:a@b.example'))
    assert stored['value'] == 'sip:a@b.example'
    assert sent(session) == [('PATCH', '/v2/routes/5', {'data': {'type': 'route', 'id': '5', 'attributes': {
        'alias': 'A', 'route_type': 'uri', 'value': 'sip:a@b.example'}}})]


def test_update_without_a_route_in_the_answer_lists_to_find_it():
    client, session = v2_with([response(200, b''), response(200, page([route_item('5', 'A', value='5.5.5.5')]))])
    assert client.update_route(route_record('A', 'HOST', '1.2.3.4', '5'), route_record('A', 'HOST', '5.5.5.5'))['id'] == '5'
    assert [s['method'] for s in session.sent] == ['PATCH', 'GET']


def test_edge_strategy_goes_as_documented_integer_first():
    client, session = v2_with([response(201, {'data': route_item('5', 'A', edge_strategy_id=4)})])
    stored = client.create_route(dict(route_record('A', 'HOST', '1.2.3.4'), edge_strategy='4'))
    assert stored['edge_strategy'] == '4' and len(session.sent) == 1
    assert sent(session)[0][2]['data']['attributes']['edge_strategy_id'] == 4


def test_edge_strategy_falls_back_to_the_other_name_and_remembers_it():
    client, session = v2_with([response(201, {'data': route_item('5', 'A', edge_strategy=None)}),
                               response(200, {'data': route_item('5', 'A', edge_strategy='4')}),
                               response(201, {'data': route_item('6', 'B', edge_strategy='1')})])
    first = client.create_route(dict(route_record('A', 'HOST', '1.2.3.4'), edge_strategy='4'))
    assert first['edge_strategy'] == '4'
    assert sent(session)[1] == ('PATCH', '/v2/routes/5', {'data': {'type': 'route', 'id': '5', 'attributes': {'edge_strategy': '4'}}})
    second = client.create_route(dict(route_record('B', 'HOST', '1.2.3.5'), edge_strategy='1'))
    assert second['edge_strategy'] == '1' and len(session.sent) == 3
    assert sent(session)[2][2]['data']['attributes'] == {'alias': 'B', 'route_type': 'host', 'value': '1.2.3.5',
                                                         'edge_strategy': '1'}


def test_edge_strategy_the_api_keeps_under_neither_name_fails():
    client, session = v2_with([response(201, {'data': route_item('5', 'A')}), response(200, {'data': route_item('5', 'A')})])
    with pytest.raises(FlowrouteAPIError) as err:
        client.create_route(dict(route_record('A', 'HOST', '1.2.3.4'), edge_strategy='4'))
    assert str(err.value) == ('POST /v2/routes failed: no answer: the API did not keep edge strategy 4 under either '
                              'attribute name (edge_strategy_id, edge_strategy)')


def test_edge_fallback_reads_back_when_the_patch_answer_is_empty():
    client, session = v2_with([response(201, {'data': route_item('5', 'A')}), response(200, b''),
                               response(200, page([route_item('5', 'A', edge_strategy='4')]))])
    assert client.create_route(dict(route_record('A', 'HOST', '1.2.3.4'), edge_strategy='4'))['edge_strategy'] == '4'


def test_delete_and_edge_strategies():
    strategies = {'data': [{'attributes': {'name': 'US-East-VA', 'description': 'Virginia', 'naptr': 'x'}, 'id': 4,
                            'type': 'edge_strategy'}]}
    client, session = v2_with([response(204), response(200, strategies)])
    client.delete_route(route_record('A', 'HOST', '1.2.3.4', 'a/5'))
    assert client.list_edge_strategies() == [{'id': '4', 'name': 'US-East-VA', 'description': 'Virginia'}]
    assert [(m, p) for m, p, d in sent(session)] == [('DELETE', '/v2/routes/a%2F5'), ('GET', '/v2/routes/edge_strategies')]


@pytest.mark.parametrize('answer, problem', [({'data': [{'id': 4}]}, 'an edge strategy has no "id" or "attributes"'),
                                             ({'data': ['x']}, 'an edge strategy has no "id" or "attributes"'),
                                             ({}, 'expected {"data": [...]}')])
def test_malformed_edge_strategies(answer, problem):
    client, dummy = v2_with([response(200, answer)])
    with pytest.raises(FlowrouteAPIError) as err:
        client.list_edge_strategies()
    assert str(err.value).endswith('unexpected answer: ' + problem)


def number_answer(number, primary='0', failover=None, included=True):
    relationships = {'cnam_preset': {'data': None}}
    for slot, route_id in (('primary_route', primary), ('failover_route', failover)):
        relationships[slot] = {'data': None if route_id is None else {'id': route_id, 'type': 'route'}}
    routes = {'0': route_item('0', 'sip-reg', 'sip-reg', None), '5': route_item('5', 'A')}
    answer = {'data': {'attributes': {'value': number}, 'id': number, 'type': 'number', 'relationships': relationships}}
    if included:
        answer['included'] = [routes[route_id] for route_id in (primary, failover) if route_id is not None] + [{'type': 'cnam'}]
    return answer


def test_get_number_reads_the_slots_from_included_routes():
    client, session = v2_with([response(200, number_answer('12065551234', '5', '0'))])
    assert client.get_number('12065551234') == {
        'number': '12065551234', 'billing_method': None, 'primary_route': route_record('A', 'HOST', '1.2.3.4', '5'),
        'failover_route': route_record('sip-reg', 'SIP-REG', None, '0')}
    assert session.sent[0]['url'] == BASE + '/v2/numbers/12065551234'


def test_get_number_finds_routes_that_were_not_included_by_listing():
    client, session = v2_with([response(200, number_answer('12065551234', '5', None, included=False)),
                               response(200, page([route_item('5', 'A')]))])
    found = client.get_number('12065551234')
    assert found['primary_route']['name'] == 'A' and found['failover_route'] is None


def test_get_number_404_is_none_and_other_errors_raise():
    client, dummy = v2_with([response(404, {'errors': [{'status': 404, 'detail': 'Could not find that resource on your account.'}]}),
                             response(500, {'errors': [{'status': 500, 'title': 'down'}]})])
    assert client.get_number('19995550000') is None
    with pytest.raises(FlowrouteAPIError, match='HTTP 500: down'):
        client.get_number('12065551234')


@pytest.mark.parametrize('answer, problem', [
    ({'data': {'id': '1'}}, 'number 12065551234 has no "relationships"'),
    ([], 'number 12065551234 has no "relationships"'),
    ({'data': {'relationships': {'primary_route': {'data': {'type': 'route'}}}}},
     'number 12065551234 has a primary_route without an "id"'),
])
def test_malformed_numbers(answer, problem):
    client, dummy = v2_with([response(200, answer)])
    with pytest.raises(FlowrouteAPIError) as err:
        client.get_number('12065551234')
    assert str(err.value) == 'GET /v2/numbers/12065551234 failed: HTTP 200: unexpected answer: ' + problem


def test_a_slot_naming_a_route_that_is_gone_still_reads():
    client, dummy = v2_with([response(200, number_answer('12065551234', '77', None, included=False)), response(200, page([]))])
    assert client.get_number('12065551234')['primary_route'] == route_record(None, 'UNKNOWN', None, '77')


def test_iter_numbers_reads_each_numbers_details_in_order():
    listed = {'data': [{'id': '12065551234', 'attributes': {}}, {'id': '13125550000', 'attributes': {}}], 'links': {}}
    client, session = v2_with([response(200, listed), response(200, number_answer('12065551234')),
                               response(200, number_answer('13125550000', '5'))])
    numbers = list(client.iter_numbers('1'))
    assert [n['number'] for n in numbers] == ['12065551234', '13125550000']
    assert session.sent[0]['url'] == BASE + '/v2/numbers?contains=1&limit=200&offset=0'


def test_iter_numbers_drops_numbers_gone_between_list_and_details_and_checks_ids():
    listed = {'data': [{'id': '12065551234'}, {'id': '13125550000'}]}
    client, dummy = v2_with([response(200, listed), response(200, number_answer('12065551234')), response(404, {})])
    assert [n['number'] for n in client.iter_numbers()] == ['12065551234']
    client, dummy = v2_with([response(200, {'data': [{'attributes': {}}]})])
    with pytest.raises(FlowrouteAPIError, match='a number has no "id"'):
        list(client.iter_numbers())


def test_route_users_maps_route_ids_to_numbers():
    listed = {'data': [{'id': '12065551234'}, {'id': '13125550000'}]}
    client, dummy = v2_with([response(200, listed), response(200, number_answer('12065551234', '5', '5')),
                             response(200, number_answer('13125550000', '0', '5'))])
    assert client.route_users() == {'5': ['12065551234', '13125550000'], '0': ['13125550000']}


def test_set_number_routes_patches_only_the_slot_that_differs():
    client, session = v2_with([response(204), response(204)])
    current = {'primary_route': route_record('sip-reg', 'SIP-REG', None, '0'), 'failover_route': None}
    client.set_number_routes('12065551234', current, {'primary_route': route_record('A', 'HOST', 'x', '5'),
                                                      'failover_route': None})
    client.set_number_routes('12065551234', current, {'primary_route': route_record('sip-reg', 'SIP-REG', None, '0'),
                                                      'failover_route': route_record('A', 'HOST', 'x', '5')})
    assert sent(session) == [('PATCH', '/v2/numbers/12065551234/relationships/primary_route', {'data': {'type': 'route', 'id': '5'}}),
                             ('PATCH', '/v2/numbers/12065551234/relationships/failover_route', {'data': {'type': 'route', 'id': '5'}})]
    assert session.sent[0]['headers']['Content-Type'] == 'application/vnd.api+json'


def test_edge_attribute_types():
    assert client_v2.edge_attribute('edge_strategy_id', '4') == 4
    assert client_v2.edge_attribute('edge_strategy', 4) == '4'
