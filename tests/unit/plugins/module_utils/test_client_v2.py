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
    # a route object without either attribute does not say its edge strategy: it cannot be compared
    assert parse_route(route_item(98396, 'A', **extra), '/v2/routes') == route_record('A', 'HOST', '1.2.3.4', '98396', edge,
                                                                                      edge_known=bool(extra))


@pytest.mark.parametrize('route_type, ours', [('host', 'HOST'), ('number', 'PSTN'), ('uri', 'URI'), ('sip-reg', 'SIP-REG'),
                                              ('fax', 'FAX')])
def test_parse_route_maps_types(route_type, ours):
    assert parse_route(route_item('1', 'A', route_type, 5), '/x') == route_record('A', ours, '5', '1', edge_known=False)


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
    client, session = v2_with([response(201, {'data': route_item('98396', 'new route', 'number', '16476998778',
                                                                 edge_strategy_id=None)})])
    stored = client.create_route(route_record('new route', 'PSTN', '16476998778'))
    assert stored == route_record('new route', 'PSTN', '16476998778', '98396')
    assert sent(session) == [('POST', '/v2/routes', {'data': {'type': 'route', 'attributes': {
        'alias': 'new route', 'route_type': 'number', 'value': '16476998778'}}})]
    assert session.sent[0]['headers']['Content-Type'] == 'application/vnd.api+json'


def test_create_without_a_route_in_the_answer_reads_it_back():
    listed = page([route_item('0', 'sip-reg', 'sip-reg', None), route_item('5', 'A', value='9.9.9.9'),
                   route_item('6', 'A'), route_item('7', 'A'), route_item('8', 'A')])
    client, session = v2_with([response(201, b''), response(200, listed)])
    assert client.create_route(route_record('A', 'HOST', '1.2.3.4'))['id'] == '8'     # the newest of its kind
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
    client, session = v2_with([response(201, {'data': route_item('5', 'A', edge_strategy_id=None)}),
                               response(200, {'data': route_item('5', 'A', edge_strategy_id=None)})])
    with pytest.raises(FlowrouteAPIError) as err:
        client.create_route(dict(route_record('A', 'HOST', '1.2.3.4'), edge_strategy='4'))
    assert str(err.value) == ('POST /v2/routes failed: HTTP 200: the API did not keep edge strategy 4 under either '
                              'attribute name (edge_strategy_id, edge_strategy)')


def test_edge_fallback_reads_back_when_the_patch_answer_is_empty():
    client, session = v2_with([response(201, {'data': route_item('5', 'A', edge_strategy_id=None)}), response(200, b''),
                               response(200, page([route_item('5', 'A', edge_strategy='4')]))])
    assert client.create_route(dict(route_record('A', 'HOST', '1.2.3.4'), edge_strategy='4'))['edge_strategy'] == '4'


def test_delete_and_edge_strategies():
    strategies = {'data': [{'attributes': {'name': 'US-East-VA', 'description': 'Virginia', 'naptr': 'x'}, 'id': 4,
                            'type': 'edge_strategy'}]}
    client, session = v2_with([response(204), response(200, strategies)])
    client.delete_route(route_record('A', 'HOST', '1.2.3.4', 'a/5'))
    assert client.list_edge_strategies() == [{'id': '4', 'name': 'US-East-VA', 'description': 'Virginia', 'naptr': 'x'}]
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
        'number': '12065551234', 'billing_method': None, 'alias': None,
        'primary_route': route_record('A', 'HOST', '1.2.3.4', '5', edge_known=False),
        'failover_route': route_record('sip-reg', 'SIP-REG', None, '0', edge_known=False)}
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
    ([], 'number 12065551234 has no "data"'),
    ({'data': []}, 'number 12065551234 has no "data"'),
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


# --- what every message names, and the paths as sent ---

def test_malformed_list_pages_name_the_page():
    client, dummy = v2_with([response(200, {'data': ['x']})])
    with pytest.raises(FlowrouteAPIError) as err:
        client.list_routes()
    assert str(err.value) == ('GET /v2/routes?limit=200&offset=0 failed: HTTP 200: unexpected answer: a route has no "id" '
                              'or "attributes"')
    client, dummy = v2_with([response(200, {'links': {}})])
    with pytest.raises(FlowrouteAPIError) as err:
        client.list_routes()
    assert str(err.value) == 'GET /v2/routes?limit=200&offset=0 failed: HTTP 200: unexpected answer: expected {"data": [...]}'


def test_a_repeated_page_names_the_list():
    full = page([route_item(str(i), 'R{0}'.format(i)) for i in range(200)], more=True)
    client, dummy = v2_with([response(200, full)] * 3)
    with pytest.raises(FlowrouteAPIError, match=r'^GET /v2/routes failed: HTTP 200: the API answered the same page 3 times'):
        client.list_routes()
    numbers = {'data': [{'id': str(12060000000 + i)} for i in range(200)], 'links': {'next': 'x'}}
    client, dummy = v2_with([response(200, numbers)] + [response(200, number_answer('1'))] * 200 +
                            [response(200, numbers)] + [response(200, number_answer('1'))] * 200 +
                            [response(200, numbers)] + [response(200, number_answer('1'))] * 200)
    with pytest.raises(FlowrouteAPIError, match=r'^GET /v2/numbers failed: HTTP 200: the API answered the same page 3 times'):
        list(client.iter_numbers())


def test_a_malformed_route_in_a_write_answer_names_that_write():
    client, dummy = v2_with([response(201, {'data': {'id': '5', 'attributes': {}}})])
    with pytest.raises(FlowrouteAPIError) as err:
        client.create_route(route_record('A', 'HOST', '1.2.3.4'))
    assert str(err.value) == 'POST /v2/routes failed: HTTP 200: unexpected answer: route 5 has no "route_type"'
    client, dummy = v2_with([response(200, {'data': {'id': '5', 'attributes': {}}})])
    with pytest.raises(FlowrouteAPIError) as err:
        client.update_route(route_record('A', 'HOST', '1.2.3.4', '5'), route_record('A', 'HOST', '1.2.3.5'))
    assert str(err.value) == 'PATCH /v2/routes/5 failed: HTTP 200: unexpected answer: route 5 has no "route_type"'


def test_ids_and_numbers_are_quoted_in_every_path():
    odd = route_record('A', 'HOST', '1.2.3.4', 'a/5')
    client, session = v2_with([response(200, {'data': route_item('a/5', 'A', edge_strategy_id=None)}),
                               response(200, {'data': route_item('a/5', 'A', edge_strategy='4')}),
                               response(404, {}), response(204)])
    client.update_route(odd, dict(odd, edge_strategy='4'))
    client.get_number('1/2')
    client.set_number_routes('1/2', None, {'primary_route': odd, 'failover_route': None})
    assert [s['url'][len(BASE):] for s in session.sent] == ['/v2/routes/a%2F5', '/v2/routes/a%2F5', '/v2/numbers/1%2F2',
                                                            '/v2/numbers/1%2F2/relationships/primary_route']


def test_the_remembered_field_falls_back_to_the_integer_one():
    client, session = v2_with([response(201, {'data': route_item('5', 'A', edge_strategy=None)}),
                               response(200, {'data': route_item('5', 'A', edge_strategy_id=4)})])
    client._edge_field = 'edge_strategy'
    client.create_route(dict(route_record('A', 'HOST', '1.2.3.4'), edge_strategy='4'))
    assert sent(session)[0][2]['data']['attributes']['edge_strategy'] == '4'
    assert sent(session)[1][2]['data']['attributes'] == {'edge_strategy_id': 4}
    assert client._edge_field == 'edge_strategy_id'


def test_a_create_whose_route_cannot_be_found_again_has_no_edge_to_settle():
    client, session = v2_with([response(201, b''), response(200, page([]))])
    assert client.create_route(dict(route_record('A', 'HOST', '1.2.3.4'), edge_strategy='4')) is None
    assert len(session.sent) == 2


def test_update_reads_the_route_list_again_not_a_stale_copy():
    client, session = v2_with([response(200, page([route_item('5', 'A', value='1.1.1.1')])), response(200, b''),
                               response(200, page([route_item('5', 'A', value='5.5.5.5')]))])
    assert client._route_by_id('5')['value'] == '1.1.1.1'
    assert client.update_route(route_record('A', 'HOST', '1.1.1.1', '5'), route_record('A', 'HOST', '5.5.5.5'))['value'] == '5.5.5.5'


def test_the_route_list_is_read_once_for_routes_it_holds_and_again_for_one_it_does_not():
    client, session = v2_with([response(200, page([route_item('5', 'A')])), response(200, page([route_item('5', 'A'), route_item('6', 'B')]))])
    assert client._route_by_id('5')['name'] == 'A' and client._route_by_id('5')['name'] == 'A'
    assert len(session.sent) == 1
    assert client._route_by_id('6')['name'] == 'B' and len(session.sent) == 2


def test_number_lists_page_on_while_full_and_linked():
    full = {'data': [{'id': str(12060000000 + i)} for i in range(200)], 'links': {'next': 'x'}}
    short_linked = {'data': [{'id': '13120000000'}], 'links': {'next': 'x'}}
    answers = [response(200, full)] + [response(200, number_answer(str(12060000000 + i))) for i in range(200)]
    answers += [response(200, short_linked), response(200, number_answer('13120000000'))]
    client, session = v2_with(answers, pool_size=1)
    assert len(list(client.iter_numbers())) == 201
    assert [s['url'][len(BASE):] for s in session.sent if '?' in s['url']] == [
        '/v2/numbers?limit=200&offset=0', '/v2/numbers?limit=200&offset=200']
    full_unlinked = {'data': [{'id': str(12060000000 + i)} for i in range(200)]}
    client, session = v2_with([response(200, full_unlinked)] + [response(200, number_answer('1'))] * 200)
    assert len(list(client.iter_numbers())) == 200


def test_malformed_numbers_name_the_page_or_the_number():
    client, dummy = v2_with([response(200, {'data': [{'attributes': {}}]})])
    with pytest.raises(FlowrouteAPIError) as err:
        list(client.iter_numbers())
    assert str(err.value) == 'GET /v2/numbers?limit=200&offset=0 failed: HTTP 200: unexpected answer: a number has no "id"'
    client, dummy = v2_with([response(200, {})])
    with pytest.raises(FlowrouteAPIError) as err:
        list(client.iter_numbers())
    assert str(err.value) == 'GET /v2/numbers?limit=200&offset=0 failed: HTTP 200: unexpected answer: expected {"data": [...]}'
    bad_included = number_answer('12065551234', '5')
    bad_included['included'] = [{'type': 'route', 'id': '5', 'attributes': {}}]
    client, dummy = v2_with([response(200, bad_included)])
    with pytest.raises(FlowrouteAPIError) as err:
        client.get_number('12065551234')
    assert str(err.value) == 'GET /v2/numbers/12065551234 failed: HTTP 200: unexpected answer: route 5 has no "route_type"'
    client, dummy = v2_with([response(200, {'data': ['x']})])
    with pytest.raises(FlowrouteAPIError) as err:
        client.list_edge_strategies()
    assert str(err.value) == ('GET /v2/routes/edge_strategies failed: HTTP 200: unexpected answer: an edge strategy has no '
                              '"id" or "attributes"')


def test_an_empty_primary_slot_still_reads_the_failover():
    client, dummy = v2_with([response(200, number_answer('12065551234', None, '5'))])
    found = client.get_number('12065551234')
    assert found['primary_route'] is None and found['failover_route']['id'] == '5'


def test_setting_routes_without_a_current_reading_writes_every_slot_given():
    client, session = v2_with([response(204), response(204)])
    client.set_number_routes('12065551234', None, {'primary_route': route_record('A', 'HOST', 'x', '5'),
                                                   'failover_route': route_record('sip-reg', 'SIP-REG', None, '0')})
    assert [s['url'].rsplit('/', 1)[1] for s in session.sent] == ['primary_route', 'failover_route']


def test_pool_size_reaches_the_client():
    client, dummy = v2_with([], pool_size=7)
    assert client.pool_size == 7


def test_a_write_answer_whose_route_has_no_attributes_names_the_write():
    client, dummy = v2_with([response(201, {'data': {'id': '5'}})])
    with pytest.raises(FlowrouteAPIError) as err:
        client.create_route(route_record('A', 'HOST', '1.2.3.4'))
    assert str(err.value) == 'POST /v2/routes failed: HTTP 200: unexpected answer: a route has no "id" or "attributes"'


def test_the_edge_fallback_names_its_patch_and_reads_fresh_routes():
    client, dummy = v2_with([response(200, {'data': route_item('5', 'A', edge_strategy_id=None)}), response(200, {'data': {'id': '5', 'attributes': {}}})])
    with pytest.raises(FlowrouteAPIError) as err:
        client.update_route(route_record('A', 'HOST', '1.2.3.4', '5'), dict(route_record('A', 'HOST', '1.2.3.4'), edge_strategy='4'))
    assert str(err.value) == 'PATCH /v2/routes/5 failed: HTTP 200: unexpected answer: route 5 has no "route_type"'
    null_edge = route_item('5', 'A', edge_strategy_id=None)
    client, session = v2_with([response(200, page([null_edge])), response(200, {'data': null_edge}),
                               response(200, b''), response(200, page([route_item('5', 'A', edge_strategy='4')]))])
    client._route_by_id('5')
    stored = client.update_route(route_record('A', 'HOST', '1.2.3.4', '5'), dict(route_record('A', 'HOST', '1.2.3.4'), edge_strategy='4'))
    assert stored['edge_strategy'] == '4'
    client, dummy = v2_with([response(200, {'data': null_edge}), response(200, {'data': null_edge})])
    with pytest.raises(FlowrouteAPIError) as err:
        client.update_route(route_record('A', 'HOST', '1.2.3.4', '5'), dict(route_record('A', 'HOST', '1.2.3.4'), edge_strategy='4'))
    assert str(err.value) == ('PATCH /v2/routes/5 failed: HTTP 200: the API did not keep edge strategy 4 under either '
                              'attribute name (edge_strategy_id, edge_strategy)')


def test_edge_strategies_without_data_name_the_endpoint():
    client, dummy = v2_with([response(200, {'x': 1})])
    with pytest.raises(FlowrouteAPIError) as err:
        client.list_edge_strategies()
    assert str(err.value) == 'GET /v2/routes/edge_strategies failed: HTTP 200: unexpected answer: expected {"data": [...]}'


def test_default_pool_size():
    def factory(authorize, accept):
        return Transport(BASE, authorize, accept=accept)
    assert V2Client('1', '2', factory).pool_size == 10


def test_the_pop_names_listed_once_serve_every_later_route_of_the_task():
    strategies = {'data': [{'attributes': {'name': 'US-East-VA'}, 'id': 4}, {'attributes': {}, 'id': 1}]}
    client, session = v2_with([response(200, strategies)])
    listed = client.list_edge_strategies()
    assert [(strategy['id'], strategy['name']) for strategy in listed] == [('4', 'US-East-VA'), ('1', None)]
    assert client.edge_names([route_record('A', 'HOST', '1.2.3.4', '5', '4')]) == {'4': 'US-East-VA', '1': None}
    assert len(session.sent) == 1


def test_a_number_with_a_slash_is_read_as_one_path_segment_and_its_alias_when_it_is_text():
    with_alias = number_answer('1/2')
    with_alias['data']['attributes']['alias'] = 'Front desk'
    not_text = number_answer('12065551234')
    not_text['data']['attributes']['alias'] = 5
    client, session = v2_with([response(200, with_alias), response(200, not_text)])
    assert client.get_number('1/2')['alias'] == 'Front desk'
    assert client.get_number('12065551234')['alias'] is None
    assert session.sent[0]['url'] == BASE + '/v2/numbers/1%2F2'


def test_the_routing_of_every_number_keeps_text_aliases_skips_numbers_gone_and_names_a_bad_slot():
    listed = {'data': [{'id': '12065551234', 'attributes': {'alias': 'Desk'}},
                       {'id': '12065551235', 'attributes': {'alias': 7}}, {'id': '12065551236'}]}
    client, dummy = v2_with([response(200, listed), response(200, number_answer('12065551234', '5')),
                             response(200, number_answer('12065551235')), response(404, {'errors': []})])
    routing = list(client.iter_number_routing())
    assert [(found['number'], found['alias'], found['primary_route']['id']) for found in routing] == [
        ('12065551234', 'Desk', '5'), ('12065551235', None, '0')]
    bad = number_answer('12065551234')
    bad['data']['relationships']['failover_route'] = {'data': {'type': 'route'}}
    client, dummy = v2_with([response(200, {'data': [{'id': '12065551234'}]}), response(200, bad)])
    with pytest.raises(FlowrouteAPIError) as err:
        list(client.iter_number_routing())
    assert str(err.value) == ('GET /v2/numbers/12065551234 failed: HTTP 200: unexpected answer: number 12065551234 has '
                              'a failover_route without an "id"')
