# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The v1 backend: signing, paths, bodies and the shapes of its answers."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils import client_v1
from ansible_collections.flowroute.numbers.plugins.module_utils.client import FlowrouteAPIError, Transport, route_record
from ansible_collections.flowroute.numbers.plugins.module_utils.client_v1 import V1Client, canonical_uri, sign_request

from fakes import FakeSession, response

SECRET = '594d7111c8916b1d94e5f189536ed971'
BASE = 'https://api.flowroute.com'
NOW = 1441488562.0          # 2015-09-05T21:29:22Z


# The contract's documented test vectors.
@pytest.mark.parametrize('timestamp, method, body, target, signature', [
    ('2015-09-05T21:29:22Z', 'GET', b'', '/v1/routes/?page=2&limit=10', 'd283b80755089cb66c768cba9e497f94a8108bd2'),
    ('2015-09-05T21:29:22', 'GET', b'', '/v1/routes/?page=2&limit=10', '772942087b558655d5a51f7266a67de45ca45112'),
    ('2015-09-05T21:29:22Z', 'PUT', b'{"type": "HOST", "value": "24.239.23.40:5060"}', '/v1/routes/HOSTroute1',
     'e65f3d0eae09a37d46bc7159075ef7c701e72dfc'),
    ('2015-09-05T21:29:22Z', 'PATCH', b'{"routes": [{"name": "HOSTroute1"}, {"name": "sip-reg"}]}', '/v1/tns/12065551234',
     '19cb1c9d8a41e35c2f0b5f8a16081f5f0c05de53'),
])
def test_signature_matches_documented_vectors(timestamp, method, body, target, signature):
    assert sign_request(SECRET, timestamp, method, BASE + target, body) == signature
    assert sign_request(SECRET, timestamp, method.lower(), BASE + target, body) == signature


def test_canonical_uri():
    assert canonical_uri('https://h:8443/v1/routes/?page=2&limit=10&a=') == 'https://h:8443/v1/routes/\na=&limit=10&page=2'
    assert canonical_uri('http://h/v1/tns/1') == 'http://h/v1/tns/1\n'


def test_md5_is_asked_for_as_a_checksum_not_for_security(fips_hashlib):
    assert client_v1.body_md5(b'{}') == '99914b932bd37a50b983c5e7c90ae93b'


def test_md5_on_an_interpreter_without_usedforsecurity(monkeypatch):
    real_md5 = hashlib.md5

    def old_md5(data=b''):
        return real_md5(data)
    monkeypatch.setattr(hashlib, 'md5', old_md5)
    assert client_v1.body_md5(b'{}') == '99914b932bd37a50b983c5e7c90ae93b'


def v1_with(answers, now=NOW):
    session = FakeSession(answers)

    def factory(authorize, accept):
        assert accept == 'application/json'
        return Transport('http://127.0.0.1:8557', authorize, session=session, sleep=lambda s: None,
                         clock=lambda: now, retries=0)
    return V1Client('12345678', SECRET, factory, pool_size=4), session


def test_requests_are_signed_as_sent_with_a_z_timestamp():
    client, session = v1_with([response(201)])
    client.create_route(route_record('HOSTRoute1', 'HOST', '24.239.23.40:5060'))
    sent = session.sent[0]
    assert sent['method'] == 'PUT' and sent['url'] == 'http://127.0.0.1:8557/v1/routes/HOSTRoute1'
    assert sent['data'] == b'{"type": "HOST", "value": "24.239.23.40:5060"}'
    assert sent['headers']['Content-Type'] == 'application/json'
    assert sent['headers']['X-Timestamp'] == '2015-09-05T21:29:22Z'
    assert sent['auth'] == ('12345678', sign_request(SECRET, '2015-09-05T21:29:22Z', 'PUT', sent['url'], sent['data']))
    assert client.pool_size == 4 and client.version == 'v1' and client.needs_both_slots
    assert not client.can_delete and not client.can_choose_edge and client.unique_names


def test_a_get_is_signed_with_an_empty_body_token_and_sends_no_body():
    client, session = v1_with([response(200, {})])
    list(client.iter_numbers())
    sent = session.sent[0]
    assert sent['data'] is None
    assert sent['auth'][1] == sign_request(SECRET, '2015-09-05T21:29:22Z', 'GET', sent['url'])


def test_names_and_numbers_are_quoted_in_paths():
    client, session = v1_with([response(201), response(201), response(404, {}), response(204)])
    client.create_route(route_record('a/b c', 'HOST', '1.2.3.4'))
    client.update_route(None, route_record('x?y', 'HOST', '1.2.3.4'))
    client.get_number('1/2')
    client.set_number_routes('1/2', None, {'primary_route': {'name': 'A'}, 'failover_route': {'name': 'sip-reg'}})
    assert [s['url'] for s in session.sent] == ['http://127.0.0.1:8557/v1/routes/a%2Fb%20c',
                                                'http://127.0.0.1:8557/v1/routes/x%3Fy',
                                                'http://127.0.0.1:8557/v1/tns/1%2F2',
                                                'http://127.0.0.1:8557/v1/tns/1%2F2']
    assert session.sent[3]['method'] == 'PATCH'
    assert session.sent[3]['data'] == b'{"routes": [{"name": "A"}, {"name": "sip-reg"}]}'


def test_list_routes_reads_every_page_with_limit_200():
    page1 = {'routes': {'sip-reg': {'type': 'SIP-REG', 'value': None}, 'A': {'type': 'HOST', 'value': '1.2.3.4'}},
             'links': {'next': '/v1/routes/?limit=200&page=2'}}
    page2 = {'routes': {'B': {'type': 'PSTN', 'value': 178}}, 'links': {'prev': '/v1/routes/?limit=200&page=1'}}
    client, session = v1_with([response(200, page1), response(200, page2)])
    assert client.list_routes() == [route_record('sip-reg', 'SIP-REG', None), route_record('A', 'HOST', '1.2.3.4'),
                                    route_record('B', 'PSTN', '178')]
    assert [s['url'] for s in session.sent] == ['http://127.0.0.1:8557/v1/routes/?limit=200&page=1',
                                                'http://127.0.0.1:8557/v1/routes/?limit=200&page=2']


@pytest.mark.parametrize('links', [None, {}, {'next': None}, {'next': ''}, 'junk'])
def test_a_page_without_a_next_link_is_the_last(links):
    page = {'routes': {'A': {'type': 'HOST', 'value': '1.2.3.4'}}}
    if links is not None:
        page['links'] = links
    client, session = v1_with([response(200, page)])
    assert len(client.list_routes()) == 1 and len(session.sent) == 1


@pytest.mark.parametrize('body, problem', [
    ({'routes': ['A']}, '"routes" is list, not an object keyed by route name'),
    ({'routes': {'A': {'value': 'x'}}}, "route 'A' has no \"type\""),
    ({'routes': {'A': 'HOST'}}, "route 'A' has no \"type\""),
    ([1, 2], 'expected a JSON object, got list'),
])
def test_wrong_shaped_list_fails_naming_the_endpoint(body, problem):
    client, dummy = v1_with([response(200, body)])
    with pytest.raises(FlowrouteAPIError) as err:
        client.list_routes()
    assert str(err.value) == 'GET /v1/routes/?limit=200&page=1 failed: HTTP 200: unexpected answer: ' + problem


def test_numbers_empty_account_answers_empty_object():
    client, session = v1_with([response(200, {})])
    assert list(client.iter_numbers()) == []
    assert session.sent[0]['url'] == 'http://127.0.0.1:8557/v1/tns/?limit=200&page=1'


def test_numbers_pages_pattern_and_parsing():
    page1 = {'tns': {'12062092844': {'routes': [{'type': 'SIP-REG', 'name': 'sip-reg'},
                                                {'type': 'HOST', 'name': 'HOSTroute1', 'value': '24.239.23.40:5060'},
                                                {'type': 'HOST', 'name': 'ignored', 'value': 'x'}],
                                     'billing_method': 'METERED', 'detail': '/v1/tns/12062092844'}},
             'links': {'next': '/v1/tns/?limit=200&page=2&pattern=1206'}}
    page2 = {'tns': {'12062092845': {'routes': [], 'billing_method': 5}}}
    client, session = v1_with([response(200, page1), response(200, page2)])
    numbers = list(client.iter_numbers('1206'))
    assert numbers[0] == {'number': '12062092844', 'billing_method': 'METERED', 'alias': None,
                          'primary_route': route_record('sip-reg', 'SIP-REG', None),
                          'failover_route': route_record('HOSTroute1', 'HOST', '24.239.23.40:5060')}
    assert numbers[1] == {'number': '12062092845', 'billing_method': None, 'primary_route': None, 'failover_route': None,
                          'alias': None}
    assert [s['url'] for s in session.sent] == ['http://127.0.0.1:8557/v1/tns/?limit=200&page=1&pattern=1206',
                                                'http://127.0.0.1:8557/v1/tns/?limit=200&page=2&pattern=1206']


def test_get_number_reads_one_number_and_404_is_none():
    detail = {'routes': [{'type': 'HOST', 'name': 'A', 'value': '1.2.3.4'}, {'type': 'SIP-REG', 'name': 'sip-reg'}],
              'billing_method': 'VPRI'}
    client, session = v1_with([response(200, detail), response(404, {'error': 'Not Found'})])
    assert client.get_number('12065551234') == {'number': '12065551234', 'billing_method': 'VPRI', 'alias': None,
                                                'primary_route': route_record('A', 'HOST', '1.2.3.4'),
                                                'failover_route': route_record('sip-reg', 'SIP-REG', None)}
    assert session.sent[0]['url'] == 'http://127.0.0.1:8557/v1/tns/12065551234' and session.sent[0]['method'] == 'GET'
    assert client.get_number('19995550000') is None


def test_get_number_other_errors_are_raised():
    client, dummy = v1_with([response(500, {'error': 'down'})])
    with pytest.raises(FlowrouteAPIError, match='HTTP 500: down'):
        client.get_number('12065551234')


@pytest.mark.parametrize('body, problem', [
    ({'routes': 'sip-reg'}, 'number 12065551234 has no "routes" list'),
    ({'routes': [{'type': 'HOST'}]}, 'number 12065551234 route 1 has no "name"'),
    ({'routes': [{'name': 'a', 'type': 'HOST'}, 'x']}, 'number 12065551234 route 2 has no "name"'),
    ({'routes': [{'name': 'a'}]}, 'number 12065551234 route 1 has no "type"'),
    ('text', 'number 12065551234 has no "routes" list'),
])
def test_number_of_wrong_shape_fails_naming_the_endpoint(body, problem):
    client, dummy = v1_with([response(200, body)])
    with pytest.raises(FlowrouteAPIError) as err:
        client.get_number('12065551234')
    assert str(err.value) == 'GET /v1/tns/12065551234 failed: HTTP 200: unexpected answer: ' + problem


def test_v1_cannot_delete_or_list_edge_strategies():
    client, session = v1_with([])
    with pytest.raises(NotImplementedError):
        client.delete_route(None)
    with pytest.raises(NotImplementedError):
        client.list_edge_strategies()
    assert session.sent == []


def test_an_empty_or_keyless_list_answer_is_an_empty_list():
    client, session = v1_with([response(200, b''), response(200, {'links': {}})])
    assert list(client.iter_numbers()) == [] and client.list_routes() == []


def test_malformed_number_pages_name_the_page():
    client, dummy = v1_with([response(200, {'tns': ['x']})])
    with pytest.raises(FlowrouteAPIError) as err:
        list(client.iter_numbers('1'))
    assert str(err.value) == ('GET /v1/tns/?limit=200&page=1&pattern=1 failed: HTTP 200: unexpected answer: "tns" is list, '
                              'not an object keyed by number')
    client, dummy = v1_with([response(200, {'tns': {'12065551234': {'routes': 'x'}}})])
    with pytest.raises(FlowrouteAPIError) as err:
        list(client.iter_numbers())
    assert str(err.value) == ('GET /v1/tns/?limit=200&page=1 failed: HTTP 200: unexpected answer: number 12065551234 has '
                              'no "routes" list')


def test_default_pool_size():
    def factory(authorize, accept):
        return Transport('http://h', authorize)
    assert V1Client('1', '2', factory).pool_size == 10
