# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest
import requests

from ansible_collections.flowroute.numbers.plugins.module_utils import api
from ansible_collections.flowroute.numbers.plugins.module_utils.api import (
    FlowrouteAPIError,
    FlowrouteClient,
    sign_request,
)

SECRET = '594d7111c8916b1d94e5f189536ed971'
BASE = 'https://api.flowroute.com'


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


def test_signature_depends_on_every_part():
    base = sign_request(SECRET, '2015-09-05T21:29:22Z', 'PUT', BASE + '/v1/routes/A', b'{}')
    assert sign_request(SECRET, '2015-09-05T21:29:23Z', 'PUT', BASE + '/v1/routes/A', b'{}') != base
    assert sign_request(SECRET, '2015-09-05T21:29:22Z', 'PATCH', BASE + '/v1/routes/A', b'{}') != base
    assert sign_request(SECRET, '2015-09-05T21:29:22Z', 'PUT', BASE + '/v1/routes/B', b'{}') != base
    assert sign_request(SECRET, '2015-09-05T21:29:22Z', 'PUT', BASE + '/v1/routes/A', b'{ }') != base
    assert sign_request(SECRET[::-1], '2015-09-05T21:29:22Z', 'PUT', BASE + '/v1/routes/A', b'{}') != base


class FakeSession:
    """Stands in for requests.Session: answers from a queue and records what was sent."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.sent = []
        self.headers = {}
        self.verify = None

    def request(self, method, url, data=None, headers=None, auth=None, timeout=None, allow_redirects=True):
        self.sent.append(dict(method=method, url=url, data=data, headers=headers, auth=auth, timeout=timeout))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def response(status, body=b'', headers=None):
    resp = requests.Response()
    resp.status_code = status
    resp._content = body if isinstance(body, bytes) else json.dumps(body).encode()
    resp.headers.update(headers or {})
    resp.encoding = 'utf-8'
    return resp


def client_with(answers, **kwargs):
    session = FakeSession(answers)
    waits = []
    client = FlowrouteClient('12345678', SECRET, api_url='http://127.0.0.1:8557', session=session,
                             sleep=waits.append, **kwargs)
    return client, session, waits


def test_requests_are_signed_as_sent():
    client, session, dummy = client_with([response(201)])
    client.create_route('HOSTRoute1', 'HOST', '24.239.23.40:5060')
    sent = session.sent[0]
    assert sent['method'] == 'PUT'
    assert sent['url'] == 'http://127.0.0.1:8557/v1/routes/HOSTRoute1'
    assert sent['data'] == b'{"type": "HOST", "value": "24.239.23.40:5060"}'
    assert sent['headers']['Content-Type'] == 'application/json; charset=utf-8'
    timestamp = sent['headers']['X-Timestamp']
    assert sent['auth'] == ('12345678', sign_request(SECRET, timestamp, 'PUT', sent['url'], sent['data']))


def test_list_routes_reads_every_page_with_limit_200():
    page1 = {'routes': {'sip-reg': {'type': 'SIP-REG', 'value': None}, 'A': {'type': 'HOST', 'value': '1.2.3.4'}},
             'links': {'next': '/v1/routes/?limit=200&page=2'}}
    page2 = {'routes': {'B': {'type': 'PSTN', 'value': '178'}}, 'links': {'prev': '/v1/routes/?limit=200&page=1'}}
    client, session, dummy = client_with([response(200, page1), response(200, page2)])
    routes = client.list_routes()
    assert list(routes) == ['sip-reg', 'A', 'B']
    assert routes['B'] == {'type': 'PSTN', 'value': '178'}
    assert [s['url'] for s in session.sent] == ['http://127.0.0.1:8557/v1/routes/?limit=200&page=1',
                                                'http://127.0.0.1:8557/v1/routes/?limit=200&page=2']


@pytest.mark.parametrize('body, problem', [
    ({'routes': ['A']}, '"routes" is list'),
    ({'routes': {'A': {'value': 'x'}}}, "route 'A' has no \"type\""),
    ([1, 2], 'expected a JSON object'),
])
def test_wrong_shaped_list_fails_naming_the_endpoint(body, problem):
    client, dummy, dummy2 = client_with([response(200, body)])
    with pytest.raises(FlowrouteAPIError) as err:
        client.list_routes()
    assert str(err.value).startswith('GET /v1/routes/?limit=200&page=1 failed: HTTP 200: unexpected answer: ')
    assert problem in str(err.value)


def test_non_json_answer_fails_cleanly():
    client, dummy, dummy2 = client_with([response(200, b'<html>gateway</html>')])
    with pytest.raises(FlowrouteAPIError, match=r'^GET /v1/routes/\?limit=200&page=1 failed: HTTP 200: the answer is not JSON'):
        client.list_routes()


@pytest.mark.parametrize('status, body, expected', [
    (422, {'error': 'Invalid value for route type HOST'}, 'PUT /v1/routes/R1 failed: HTTP 422: Invalid value for route type HOST'),
    (400, {}, 'PUT /v1/routes/R1 failed: HTTP 400: the API gave no error message'),
    (400, b'', 'PUT /v1/routes/R1 failed: HTTP 400: empty answer'),
    (404, b'Not here\nat all', 'PUT /v1/routes/R1 failed: HTTP 404: Not here at all'),
    (403, {'error': 'Forbidden'}, 'PUT /v1/routes/R1 failed: HTTP 403: Forbidden (these credentials may not use'),
])
def test_error_wording(status, body, expected):
    client, session, dummy = client_with([response(status, body)])
    with pytest.raises(FlowrouteAPIError) as err:
        client.create_route('R1', 'HOST', '1.2.3.4')
    assert str(err.value).startswith(expected)
    assert len(session.sent) == 1, '4xx is never retried'


def test_401_hints_at_keys_and_clock_and_never_shows_the_secret():
    client, dummy, dummy2 = client_with([response(401, {'error': 'Unauthorized'})])
    with pytest.raises(FlowrouteAPIError) as err:
        client.list_routes()
    text = str(err.value)
    assert 'HTTP 401: Unauthorized' in text and 'secret_key' in text and 'clock' in text
    assert SECRET not in text and SECRET not in repr(client)


def test_retries_transient_failures_with_growing_backoff_and_fresh_signatures():
    clock = iter(range(1000, 2000))
    session = FakeSession([response(503, {'error': 'busy'}), requests.exceptions.ConnectionError('reset'),
                           requests.exceptions.ReadTimeout('slow'), response(201)])
    waits = []
    client = FlowrouteClient('12345678', SECRET, api_url='http://127.0.0.1:8557', session=session,
                             sleep=waits.append, clock=lambda: next(clock), retries=3)
    client.create_route('R1', 'HOST', '1.2.3.4')
    assert len(session.sent) == 4
    assert len(waits) == 3 and waits[0] < waits[2] and all(w > 0 for w in waits)
    timestamps = [s['headers']['X-Timestamp'] for s in session.sent]
    assert len(set(timestamps)) == 4
    assert len(set(s['auth'][1] for s in session.sent)) == 4


def test_retry_after_is_honoured_and_clamped():
    client, session, waits = client_with([response(429, {'error': 'slow down'}, {'Retry-After': '2'}),
                                          response(429, {'error': 'slow down'}, {'Retry-After': '86400'}),
                                          response(201)])
    client.create_route('R1', 'HOST', '1.2.3.4')
    assert waits == [2.0, api.MAX_RETRY_AFTER]


def test_gives_up_with_last_status_and_attempt_count():
    client, session, waits = client_with([response(502, {'error': 'bad gateway'})] * 3, retries=2)
    with pytest.raises(FlowrouteAPIError) as err:
        client.create_route('R1', 'HOST', '1.2.3.4')
    assert str(err.value) == 'PUT /v1/routes/R1 failed: HTTP 502: bad gateway [gave up after 3 attempts]'
    assert len(session.sent) == 3


def test_connection_errors_are_one_line():
    exc = requests.exceptions.ConnectionError(
        "HTTPConnectionPool(host='127.0.0.1', port=1): Max retries exceeded with url: /v1/routes/?limit=200&page=1 "
        "(Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f>: Failed to establish a new "
        "connection: [Errno 111] Connection refused'))")
    client, dummy, dummy2 = client_with([exc], retries=0)
    with pytest.raises(FlowrouteAPIError) as err:
        client.list_routes()
    assert str(err.value) == 'GET /v1/routes/?limit=200&page=1 failed: no answer: connection failed: [Errno 111] Connection refused'


def test_tls_errors_are_not_retried():
    client, session, dummy = client_with([requests.exceptions.SSLError('certificate verify failed')])
    with pytest.raises(FlowrouteAPIError, match='TLS error .*validate_certs'):
        client.list_routes()
    assert len(session.sent) == 1


def test_numbers_empty_account_answers_empty_object():
    client, session, dummy = client_with([response(200, {})])
    assert client.list_numbers() == {}
    assert session.sent[0]['url'] == 'http://127.0.0.1:8557/v1/tns/?limit=200&page=1'


def test_numbers_pages_pattern_and_parsing():
    page1 = {'tns': {'12062092844': {'routes': [{'type': 'SIP-REG', 'name': 'sip-reg'},
                                                {'type': 'HOST', 'name': 'HOSTroute1', 'value': '24.239.23.40:5060'}],
                                     'billing_method': 'METERED', 'detail': '/v1/tns/12062092844'}},
             'links': {'next': '/v1/tns/?limit=200&page=2&pattern=1206'}}
    page2 = {'tns': {'12062092845': {'routes': [], 'billing_method': 'VPRI'}}}
    client, session, dummy = client_with([response(200, page1), response(200, page2)])
    numbers = client.list_numbers('1206')
    assert numbers['12062092844'] == {
        'number': '12062092844', 'billing_method': 'METERED',
        'primary_route': {'name': 'sip-reg', 'type': 'SIP-REG', 'value': None},
        'failover_route': {'name': 'HOSTroute1', 'type': 'HOST', 'value': '24.239.23.40:5060'}}
    assert numbers['12062092845']['primary_route'] is None
    assert [s['url'] for s in session.sent] == ['http://127.0.0.1:8557/v1/tns/?limit=200&page=1&pattern=1206',
                                                'http://127.0.0.1:8557/v1/tns/?limit=200&page=2&pattern=1206']


def test_get_number_404_is_none_and_patch_sends_both_routes():
    client, session, dummy = client_with([response(404, {'error': 'Not Found'}), response(204)])
    assert client.get_number('19995550000') is None
    client.set_number_routes('12065551234', 'HOSTroute1', 'sip-reg')
    assert session.sent[1]['method'] == 'PATCH'
    assert session.sent[1]['data'] == b'{"routes": [{"name": "HOSTroute1"}, {"name": "sip-reg"}]}'


def test_number_of_wrong_shape_fails_naming_the_endpoint():
    client, dummy, dummy2 = client_with([response(200, {'routes': 'sip-reg'})])
    with pytest.raises(FlowrouteAPIError, match=r'^GET /v1/tns/12065551234 failed: HTTP 200: unexpected answer: number 12065551234 has no "routes" list'):
        client.get_number('12065551234')


def test_total_retry_time_is_bounded():
    now = [1000.0]

    def clock():
        now[0] += 50.0     # every look at the clock, 50 s have passed
        return now[0]
    session = FakeSession([response(503, {'error': 'busy'})] * 10)
    waits = []
    client = FlowrouteClient('12345678', SECRET, api_url='http://127.0.0.1:8557', session=session,
                             sleep=waits.append, clock=clock, retries=10)
    with pytest.raises(FlowrouteAPIError) as err:
        client.create_route('R1', 'HOST', '1.2.3.4')
    assert len(session.sent) < 11
    assert str(err.value).endswith('[gave up after {0} attempts]'.format(len(session.sent)))


def test_retry_after_http_date_is_understood():
    client, session, waits = client_with([response(503, {'error': 'later'}, {'Retry-After': 'Wed, 21 Oct 2099 07:28:00 GMT'}),
                                          response(201)])
    client.create_route('R1', 'HOST', '1.2.3.4')
    assert waits == [api.MAX_RETRY_AFTER]
