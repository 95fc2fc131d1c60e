# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The numbers and CNAM client pieces over a fake session: the wire, paging, buying once, the disputed CNAM path."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest
import requests

from ansible_collections.flowroute.numbers.plugins.module_utils.client import FlowrouteAPIError, Transport
from ansible_collections.flowroute.numbers.plugins.module_utils.client_cnam import CnamClient, parse_cnam
from ansible_collections.flowroute.numbers.plugins.module_utils.client_numbers import NumbersClient, parse_available

from fakes import FakeSession, response

BASE = 'https://api.flowroute.com'


def client_with(kind, answers, retries=2):
    session = FakeSession(answers)
    transport = Transport(BASE, lambda m, u, b: (('k', 's'), {}), session=session, sleep=lambda s: None,
                          clock=lambda: 0.0, retries=retries, accept='application/vnd.api+json')
    return kind(transport), session


def sent(session):
    return [(s['method'], s['url'][len(BASE):], json.loads(s['data']) if s['data'] else None) for s in session.sent]


def offered(number, setup=1, monthly=1.25, **extra):
    return {'attributes': dict({'value': number, 'setup_cost': setup, 'monthly_cost': monthly, 'rate_center': 'x',
                                'state': 'ny', 'number_type': 'standard'}, **extra), 'id': number, 'type': 'number'}


def held(number, alias=None, lookups=True, cnam=None, e911=None):
    relationships = {'cnam_preset': {'data': {'id': cnam, 'type': 'cnam'} if cnam else None},
                     'e911_address': {'data': {'id': e911, 'type': 'e911'} if e911 else None}}
    return {'data': {'attributes': {'alias': alias, 'cnam_lookups_enabled': lookups, 'value': number,
                                    'rate_center': 'x', 'state': 'ny', 'number_type': 'standard'},
                     'id': number, 'relationships': relationships, 'type': 'number'}}


def test_a_held_number_is_read_with_its_flags_and_links():
    client, dummy = client_with(NumbersClient, [response(200, held('1', 'NYC', 'true', 17604, '20930')),
                                                response(404, {'errors': []}), response(200, {'data': {'id': 1}})])
    assert client.get('1') == {'number': '1', 'alias': 'NYC', 'cnam_lookups': True, 'cnam_id': '17604',
                               'e911_id': '20930', 'rate_center': 'x', 'state': 'ny', 'number_type': 'standard'}
    assert client.get('2') is None
    with pytest.raises(FlowrouteAPIError, match='number 3 has no "attributes"'):
        client.get('3')


def test_search_pages_until_the_limit_with_the_query_first():
    page = {'data': [offered('1646{0:07d}'.format(i)) for i in range(200)], 'links': {'next': 'x'}}
    client, session = client_with(NumbersClient, [response(200, page), response(200, page)])
    assert len(client.search({'starts_with': '646'}, 250)) == 250
    assert [s['url'][len(BASE):] for s in session.sent] == [
        '/v2/numbers/available?limit=200&offset=0&starts_with=646', '/v2/numbers/available?limit=200&offset=200&starts_with=646']
    client, session = client_with(NumbersClient, [response(200, {'data': [offered('1')] * 3})])
    assert len(client.search({}, 2)) == 2 and session.sent[0]['url'].endswith('limit=2&offset=0')


def test_parse_available_takes_costs_as_numbers_only():
    assert parse_available(offered('1', '1', True), '/x') == {
        'number': '1', 'setup_cost': None, 'monthly_cost': None, 'rate_center': 'x', 'state': 'ny', 'number_type': 'standard'}
    assert parse_available(offered('1', 0, 2), '/x')['setup_cost'] == 0.0
    with pytest.raises(FlowrouteAPIError, match='a number for sale has no "id" or "attributes"'):
        parse_available({'id': '1'}, '/x')


def test_an_offer_is_the_exact_number_or_none():
    client, session = client_with(NumbersClient, [response(200, {'data': [offered('16463439500'), offered('16463439507', 2)]}),
                                                  response(200, {'data': [offered('16463439500')]})])
    assert client.offer('16463439507')['setup_cost'] == 2.0
    assert client.offer('16463439507') is None
    assert session.sent[0]['url'] == BASE + '/v2/numbers/available?limit=10&offset=0&starts_with=16463439507'


def test_area_codes_and_exchanges_page_on_their_own_limits():
    full = {'data': [{'id': str(200 + i), 'type': 'areacode'} for i in range(400)], 'links': {'next': 'x'}}
    client, session = client_with(NumbersClient, [response(200, full), response(200, {'data': [{'id': '999'}]})])
    assert len(client.codes('areacodes', {'max_setup_cost': 1.0}, 1000)) == 401
    assert session.sent[1]['url'] == BASE + '/v2/numbers/available/areacodes?limit=400&max_setup_cost=1.0&offset=400'
    client, session = client_with(NumbersClient, [response(200, {'data': [{'id': '646343'}, {'id': '646344'}]})])
    assert client.codes('exchanges', {'areacode': '646'}, 1) == ['646343']
    assert session.sent[0]['url'] == BASE + '/v2/numbers/available/exchanges?areacode=646&limit=1&offset=0'
    client, dummy = client_with(NumbersClient, [response(200, {'data': [{'type': 'exchange'}]})])
    assert refused(client.codes, 'exchanges', {}, 5) == ('GET /v2/numbers/available/exchanges?limit=5&offset=0 failed: '
                                                         'HTTP 200: unexpected answer: an area code or exchange has no "id"')


def test_a_purchase_whose_answer_was_lost_is_read_back_not_sent_twice():
    client, session = client_with(NumbersClient, [requests.exceptions.ConnectionError('aborted'), response(200, held('1')),
                                                  response(200, held('1'))])
    assert client.purchase('1')['number'] == '1'
    assert [s['method'] for s in session.sent] == ['POST', 'GET', 'GET']
    assert session.sent[0]['data'] is None


def test_the_number_writes_on_the_wire():
    client, session = client_with(NumbersClient, [response(200, held('1')), response(204)])
    client.set_attributes('1', alias='NYC', cnam_lookups_enabled='true')
    client.release('1')
    assert sent(session) == [('PATCH', '/v2/numbers/1', {'type': 'number', 'alias': 'NYC', 'cnam_lookups_enabled': 'true'}),
                             ('DELETE', '/v2/numbers/1', None)]
    assert session.sent[0]['headers']['Content-Type'] == 'application/vnd.api+json'


def cnam_item(cnam_id, value, approved=False, **extra):
    return {'attributes': dict({'value': value, 'is_approved': approved, 'approval_datetime': None,
                                'creation_datetime': 'then', 'rejection_reason': ''}, **extra), 'id': cnam_id, 'type': 'cnam'}


def test_cnam_records_are_found_by_exact_value_over_the_substring_filter():
    client, session = client_with(CnamClient, [response(200, {'data': [cnam_item('1', 'EXAMPLE CORP'), cnam_item('2', 'EXAMPLE')]})])
    assert [record['id'] for record in client.find('EXAMPLE')] == ['2']
    assert session.sent[0]['url'] == BASE + '/v2/cnams?limit=200&offset=0&value=EXAMPLE'
    assert parse_cnam(cnam_item('3', 'X', True, rejection_reason='bad'), '/x') == {
        'id': '3', 'value': 'X', 'is_approved': True, 'approval_datetime': None, 'creation_datetime': 'then',
        'rejection_reason': 'bad'}
    with pytest.raises(FlowrouteAPIError, match='a CNAM record has no "id" or "attributes"'):
        parse_cnam({'id': 1}, '/x')


def test_a_cnam_record_is_created_once_with_a_flat_body():
    client, session = client_with(CnamClient, [response(201, {'data': cnam_item('7', 'X')})])
    assert client.create('X')['id'] == '7' and sent(session) == [('POST', '/v2/cnams', {'value': 'X'})]
    client, session = client_with(CnamClient, [response(502, {}), response(200, {'data': [cnam_item('8', 'X')]})])
    assert client.create('X')['id'] == '8' and [s['method'] for s in session.sent] == ['POST', 'GET']


def test_the_documented_assignment_path_first_the_other_once_then_remembered():
    answers = [response(404, {'errors': [{'detail': 'No such endpoint'}]}), response(202, {'data': {'id': 7}}),
               response(202, {'data': {'id': 7}}), response(202, {'data': {'id': None}})]
    client, session = client_with(CnamClient, answers)
    client.assign('12065551234', '7')
    client.assign('12065551235', '7')
    client.unassign('12065551235')
    assert [(m, p) for m, p, d in sent(session)] == [
        ('PATCH', '/v2/numbers/12065551234/relationships/cnams/7'), ('PATCH', '/v2/numbers/12065551234/relationships/cnam/7'),
        ('PATCH', '/v2/numbers/12065551235/relationships/cnam/7'), ('DELETE', '/v2/numbers/12065551235/relationships/cnam')]
    assert client.assign_path == 'cnam'


def test_a_404_on_both_paths_is_the_documented_paths_error_and_other_errors_are_not_retried_elsewhere():
    client, session = client_with(CnamClient, [response(404, {'error': 'first'}), response(404, {'error': 'second'})])
    with pytest.raises(FlowrouteAPIError, match='first'):
        client.assign('1', '7')
    assert client.assign_path == 'cnams'
    client, session = client_with(CnamClient, [response(422, {'error': 'not approved'})])
    with pytest.raises(FlowrouteAPIError, match='not approved'):
        client.assign('1', '7')
    assert len(session.sent) == 1
    client, session = client_with(CnamClient, [response(404, {'error': 'x'}), response(403, {'error': 'funds'})])
    with pytest.raises(FlowrouteAPIError, match='funds'):
        client.assign('1', '7')


def refused(call, *args):
    with pytest.raises(FlowrouteAPIError) as err:
        call(*args)
    return str(err.value)


def test_a_number_with_a_slash_stays_one_path_segment_in_every_call():
    client, session = client_with(NumbersClient, [response(200, held('1/2')), response(201, held('1/2')),
                                                  response(200, held('1/2')), response(204), response(200, held('1/2'))])
    client.get('1/2')
    client.purchase('1/2')
    client.release('1/2')
    client.set_attributes('1/2', alias='x')
    assert [(s['method'], s['url'][len(BASE):]) for s in session.sent] == [
        ('GET', '/v2/numbers/1%2F2'), ('POST', '/v2/numbers/1%2F2'), ('GET', '/v2/numbers/1%2F2'),
        ('DELETE', '/v2/numbers/1%2F2'), ('PATCH', '/v2/numbers/1%2F2')]


def test_the_flag_of_cnam_lookups_is_read_as_a_boolean_or_the_strings_the_pages_send():
    flags = [True, False, 'true', 'false', None]
    client, dummy = client_with(NumbersClient, [response(200, held('1', lookups=flag)) for flag in flags])
    assert [client.get('1')['cnam_lookups'] for flag in flags] == [True, False, True, False, False]


@pytest.mark.parametrize('answer, problem', [
    ({'data': {'id': '1'}}, 'number 1 has no "attributes"'),
    ({'data': None}, 'number 1 has no "data"'),
    ('[]', 'number 1 has no "data"'),
])
def test_a_malformed_number_names_its_path(answer, problem):
    client, dummy = client_with(NumbersClient, [response(200, answer)])
    assert refused(client.get, '1') == 'GET /v2/numbers/1 failed: HTTP 200: unexpected answer: ' + problem


def test_a_number_for_sale_without_a_value_is_known_by_its_id():
    item = offered('16463439507')
    del item['attributes']['value']
    assert parse_available(item, '/x')['number'] == '16463439507'
    assert refused(parse_available, {'id': '1'}, '/v2/numbers/available?limit=10') == (
        'GET /v2/numbers/available?limit=10 failed: HTTP 200: unexpected answer: a number for sale has no "id" or '
        '"attributes"')
    assert refused(parse_available, {'attributes': {}}, '/x').endswith('a number for sale has no "id" or "attributes"')


def test_a_malformed_offer_names_the_search_it_answered():
    client, dummy = client_with(NumbersClient, [response(200, {'data': [{'type': 'number'}]})])
    assert refused(client.offer, '16463439507') == (
        'GET /v2/numbers/available?limit=10&offset=0&starts_with=16463439507 failed: HTTP 200: unexpected answer: a '
        'number for sale has no "id" or "attributes"')


def test_exchanges_page_by_200_and_a_short_page_is_the_last_whatever_its_links_say():
    full = {'data': [{'id': str(646000 + i), 'type': 'exchange'} for i in range(200)], 'links': {'next': 'x'}}
    short = {'data': [{'id': '646999', 'type': 'exchange'}], 'links': {'next': 'x'}}
    client, session = client_with(NumbersClient, [response(200, full), response(200, short), response(200, full)])
    assert len(client.codes('exchanges', {'areacode': '646'}, 1000)) == 201
    assert [s['url'][len(BASE):] for s in session.sent] == [
        '/v2/numbers/available/exchanges?areacode=646&limit=200&offset=0',
        '/v2/numbers/available/exchanges?areacode=646&limit=200&offset=200']


def test_a_malformed_area_code_names_the_page_it_came_on():
    client, dummy = client_with(NumbersClient, [response(200, {'data': [{'type': 'areacode'}]})])
    assert refused(client.codes, 'areacodes', {'max_setup_cost': 1.0}, 5) == (
        'GET /v2/numbers/available/areacodes?limit=5&max_setup_cost=1.0&offset=0 failed: HTTP 200: unexpected '
        'answer: an area code or exchange has no "id"')


def test_a_cnam_client_keeps_its_pool_size_and_the_documented_path():
    client, dummy = client_with(CnamClient, [])
    assert (client.pool_size, client.assign_path) == (10, 'cnams')
    assert CnamClient(client.transport, 7).pool_size == 7


def test_cnam_ids_and_numbers_with_a_slash_stay_one_path_segment():
    client, session = client_with(CnamClient, [response(204), response(202, {}), response(204)])
    client.delete('7/8')
    client.assign('1/2', '7/8')
    client.unassign('1/2')
    assert [(m, p) for m, p, d in sent(session)] == [
        ('DELETE', '/v2/cnams/7%2F8'), ('PATCH', '/v2/numbers/1%2F2/relationships/cnams/7%2F8'),
        ('DELETE', '/v2/numbers/1%2F2/relationships/cnams')]


def test_malformed_cnam_answers_name_the_request_they_answered():
    assert refused(parse_cnam, {'id': 1}, '/v2/cnams?limit=200&offset=0&value=X') == (
        'GET /v2/cnams?limit=200&offset=0&value=X failed: HTTP 200: unexpected answer: a CNAM record has no "id" or '
        '"attributes"')
    assert refused(parse_cnam, {'attributes': {}}, '/x').endswith('a CNAM record has no "id" or "attributes"')
    for answer in ({'data': {'id': '7'}}, {'data': None}, '[]'):
        client, dummy = client_with(CnamClient, [response(201, answer)])
        assert refused(client.create, 'X') == (
            'POST /v2/cnams failed: HTTP 200: unexpected answer: a CNAM record has no "id" or "attributes"')


def test_a_lost_cnam_create_that_did_not_land_is_sent_again():
    client, session = client_with(CnamClient, [response(502, {}), response(200, {'data': [cnam_item('1', 'XY')]}),
                                               response(201, {'data': cnam_item('9', 'X')})])
    assert client.create('X')['id'] == '9'
    assert [s['method'] for s in session.sent] == ['POST', 'GET', 'POST']


def test_links_of_a_number_whose_relationships_are_not_an_object_are_empty():
    answer = held('1', cnam='17604')
    answer['data']['relationships'] = ['cnam_preset']
    client, dummy = client_with(NumbersClient, [response(200, answer)])
    assert (client.get('1')['cnam_id'], client.get.__self__ is client) == (None, True)


def test_a_number_for_sale_is_its_value_when_its_id_is_another():
    item = offered('16463439507')
    item['id'] = 'offer-1'
    assert parse_available(item, '/x')['number'] == '16463439507'


def test_lists_that_are_not_lists_name_the_request():
    client, dummy = client_with(NumbersClient, [response(200, {'data': {}}), response(200, {'data': {}})])
    assert refused(client.offer, '1') == ('GET /v2/numbers/available?limit=10&offset=0&starts_with=1 failed: HTTP 200: '
                                          'unexpected answer: expected {"data": [...]}')
    assert refused(client.codes, 'exchanges', {}, 5) == ('GET /v2/numbers/available/exchanges?limit=5&offset=0 failed: '
                                                         'HTTP 200: unexpected answer: expected {"data": [...]}')


def test_a_page_of_area_codes_served_again_stops_the_list_naming_it():
    full = {'data': [{'id': str(200 + i)} for i in range(400)], 'links': {'next': 'x'}}
    client, dummy = client_with(NumbersClient, [response(200, full)] * 4)
    message = refused(client.codes, 'areacodes', {}, 2000)
    assert message.startswith('GET /v2/numbers/available/areacodes '), message


def test_a_purchase_sends_no_body():
    client, session = client_with(NumbersClient, [response(201, held('1')), response(200, held('1'))])
    client.purchase('1')
    assert session.sent[0]['data'] is None and 'Content-Type' not in session.sent[0]['headers']
