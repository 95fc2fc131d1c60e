# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The E911 client piece over a fake session: what goes on the wire, what comes back, and odd answers."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest
import requests

from ansible_collections.flowroute.numbers.plugins.module_utils.client import FlowrouteAPIError, Transport
from ansible_collections.flowroute.numbers.plugins.module_utils.client_e911 import E911Client, parse_address

from fakes import FakeSession, response

BASE = 'https://api.flowroute.com'
FIELDS = {'first_name': 'A', 'last_name': 'B', 'street_number': '1', 'street_name': 'Main St', 'address_type': '',
          'address_type_number': '', 'city': 'Seattle', 'state': 'WA', 'zip': '98101', 'country': 'US'}


def e911_with(answers, retries=2):
    session = FakeSession(answers)
    transport = Transport(BASE, lambda m, u, b: (('k', 's'), {}), session=session, sleep=lambda s: None,
                          clock=lambda: 0.0, retries=retries, accept='application/vnd.api+json')
    return E911Client(transport), session


def item(e911_id, label, **changes):
    return {'attributes': dict(FIELDS, label=label, **changes), 'id': e911_id, 'type': 'e911'}


def sent(session):
    return [(s['method'], s['url'][len(BASE):], json.loads(s['data']) if s['data'] else None) for s in session.sent]


def test_addresses_are_found_by_exact_label_over_the_partial_filter():
    client, session = e911_with([response(200, {'data': [item('1', 'Seattle'), item('2', 'Seattle 2'), item('3', 'seattle')]})])
    found = client.list_addresses('Seattle')
    assert [address['id'] for address in found] == ['1'] and found[0]['address'] == FIELDS
    assert session.sent[0]['url'] == BASE + '/v2/e911s?label=Seattle&limit=2000&offset=0'


def test_parse_keeps_every_field_as_text_and_empty_for_none():
    parsed = parse_address(item('5', 'X', street_number=666, address_type=None), '/v2/e911s')
    assert parsed == {'id': '5', 'label': 'X', 'address': dict(FIELDS, street_number='666', address_type='')}
    with pytest.raises(FlowrouteAPIError, match='an E911 address has no "id" or "attributes"'):
        parse_address({'id': '5'}, '/v2/e911s')


def test_the_numbers_of_an_address_are_their_values_whichever_id_the_api_gives():
    answer = {'data': [{'attributes': {'value': '12062011682'}, 'id': '682705'}, {'id': '12062011681'}]}
    client, session = e911_with([response(200, answer)])
    assert client.numbers_of('5') == ['12062011681', '12062011682']
    assert session.sent[0]['url'] == BASE + '/v2/e911s/5/relationships/numbers?limit=2000&offset=0'
    client, dummy = e911_with([response(200, {'data': [{'attributes': {}}]})])
    with pytest.raises(FlowrouteAPIError, match='a number of the address has no "value"'):
        client.numbers_of('5')


def test_a_numbers_address_is_read_from_its_relationships():
    with_one = {'data': {'relationships': {'e911_address': {'data': {'id': 21845, 'type': 'e911'}}}}}
    client, dummy = e911_with([response(200, with_one), response(200, {'data': {'relationships': {}}}),
                               response(404, {'errors': []}), response(200, {'x': 1}), response(500, {})], retries=0)
    assert client.number_address('12065551234') == (True, '21845')
    assert client.number_address('12065551234') == (True, None)
    assert client.number_address('19995550000') == (False, None)
    with pytest.raises(FlowrouteAPIError, match='number 12065551234 has no "data"'):
        client.number_address('12065551234')
    with pytest.raises(FlowrouteAPIError, match='HTTP 500'):
        client.number_address('12065551234')


def test_validation_is_a_post_that_may_be_retried_as_it_writes_nothing():
    client, session = e911_with([requests.exceptions.ConnectionError('aborted'), response(204)])
    client.validate('Office', FIELDS)
    assert sent(session) == [('POST', '/v2/e911s/validate', {'data': {'type': 'e911', 'attributes': dict(FIELDS, label='Office')}})] * 2


def test_a_create_whose_answer_was_lost_is_found_by_label_and_fields_not_sent_twice():
    client, session = e911_with([requests.exceptions.ConnectionError('aborted'),
                                 response(200, {'data': [item('8', 'Office', city='Tacoma'), item('9', 'Office')]})])
    assert client.create('Office', FIELDS)['id'] == '9'
    assert [s['method'] for s in session.sent] == ['POST', 'GET']
    client, session = e911_with([response(201, {'data': item('10', 'Office')})])
    assert client.create('Office', FIELDS) == {'id': '10', 'label': 'Office', 'address': FIELDS}


def test_the_writes_on_the_wire():
    client, session = e911_with([response(200, {'data': item('5', 'X')}), response(204), response(204), response(204)])
    client.update('5', {'zip': '98104'})
    client.attach('12065551234', '5')
    client.detach('12065551234')
    client.delete('5')
    assert sent(session) == [('PATCH', '/v2/e911s/5', {'data': {'type': 'e911', 'id': '5', 'attributes': {'zip': '98104'}}}),
                             ('PATCH', '/v2/numbers/12065551234/relationships/e911s/5', None),
                             ('DELETE', '/v2/numbers/12065551234/relationships/e911s', None),
                             ('DELETE', '/v2/e911s/5', None)]
    assert session.sent[0]['headers']['Content-Type'] == 'application/vnd.api+json'


def refused(call, *args):
    with pytest.raises(FlowrouteAPIError) as err:
        call(*args)
    return str(err.value)


def test_ids_with_a_slash_stay_one_path_segment_in_every_call():
    client, session = e911_with([response(200, {'data': []}), response(200, {'data': {}}), response(200, {}),
                                 response(204), response(204), response(204)])
    client.numbers_of('5/6')
    client.number_address('1/2')
    client.update('5/6', {'zip': '98104'})
    client.delete('5/6')
    client.attach('1/2', '5/6')
    client.detach('1/2')
    assert [(m, p) for m, p, d in sent(session)] == [
        ('GET', '/v2/e911s/5%2F6/relationships/numbers?limit=2000&offset=0'), ('GET', '/v2/numbers/1%2F2'),
        ('PATCH', '/v2/e911s/5%2F6'), ('DELETE', '/v2/e911s/5%2F6'),
        ('PATCH', '/v2/numbers/1%2F2/relationships/e911s/5%2F6'), ('DELETE', '/v2/numbers/1%2F2/relationships/e911s')]


def test_malformed_answers_name_the_request_they_answered():
    assert refused(parse_address, {'attributes': {}}, '/v2/e911s?limit=2000&offset=0') == (
        'GET /v2/e911s?limit=2000&offset=0 failed: HTTP 200: unexpected answer: an E911 address has no "id" or '
        '"attributes"')
    assert refused(parse_address, 'x', '/v2/e911s', 'POST').startswith('POST /v2/e911s failed:')
    client, dummy = e911_with([response(201, {'data': {'id': '5'}})])
    assert refused(client.create, 'Office', FIELDS) == (
        'POST /v2/e911s failed: HTTP 200: unexpected answer: an E911 address has no "id" or "attributes"')
    client, dummy = e911_with([response(200, {'data': [{'attributes': {'value': None}}]})])
    assert refused(client.numbers_of, '5') == ('GET /v2/e911s/5/relationships/numbers?limit=2000&offset=0 failed: '
                                               'HTTP 200: unexpected answer: a number of the address has no "value"')
    client, dummy = e911_with([response(200, {'data': ['12062011681']}), response(200, {'data': None})])
    assert refused(client.numbers_of, '5').endswith('a number of the address has no "value"')
    assert refused(client.number_address, '12065551234') == (
        'GET /v2/numbers/12065551234 failed: HTTP 200: unexpected answer: number 12065551234 has no "data"')


def test_a_number_of_an_address_without_attributes_is_known_by_its_id():
    client, dummy = e911_with([response(200, {'data': [{'id': '12062011681', 'attributes': None}]})])
    assert client.numbers_of('5') == ['12062011681']


def test_a_lost_create_is_found_among_the_addresses_of_its_label_only():
    # the label filter is partial on the API side: the read-back keeps the exact label, then the same fields
    client, session = e911_with([requests.exceptions.ConnectionError('aborted'),
                                 response(200, {'data': [item('7', 'Office'), item('8', 'Office 2')]})])
    assert client.create('Office', FIELDS)['id'] == '7'
    assert session.sent[1]['url'] == BASE + '/v2/e911s?label=Office&limit=2000&offset=0'


def test_a_lost_create_that_did_not_land_is_sent_again():
    client, session = e911_with([requests.exceptions.ConnectionError('aborted'), response(200, {'data': []}),
                                 response(201, {'data': item('9', 'Office')})])
    assert client.create('Office', FIELDS)['id'] == '9'
    assert [s['method'] for s in session.sent] == ['POST', 'GET', 'POST']


def test_a_create_sends_json_api():
    client, session = e911_with([response(201, {'data': item('10', 'Office')})])
    client.create('Office', FIELDS)
    assert session.sent[0]['headers']['Content-Type'] == 'application/vnd.api+json'
