# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The shared transport and client interface: what goes on the wire, retries, errors, paging."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import requests

from ansible_collections.flowroute.numbers.plugins.module_utils import client
from ansible_collections.flowroute.numbers.plugins.module_utils.client import (
    FlowrouteAPIError,
    FlowrouteClient,
    Transport,
    Unsupported,
    api_error_text,
    path_with_query,
    route_record,
    walk_pages,
)

from fakes import FakeSession, Time, response

BASE = 'http://127.0.0.1:8557'


def no_auth(method, url, body):
    return ('user', 'pass'), {'X-Extra': method}


def transport_with(answers, clock=None, **kwargs):
    session = FakeSession(answers)
    waits = []
    transport = Transport(BASE, no_auth, session=session, sleep=waits.append, clock=clock or (lambda: 1000.0), **kwargs)
    return transport, session, waits


def timed_transport(answers, now=1000.0, **kwargs):
    time_ = Time(now)
    session = FakeSession(answers)
    return Transport(BASE, no_auth, session=session, sleep=time_.sleep, clock=time_.clock, **kwargs), session, time_


def test_one_request_carries_everything_it_should():
    transport, session, dummy = transport_with([response(200, {'a': 1})], timeout=7.5, accept='application/vnd.api+json')
    assert transport.get_json('/v1/x', {'b': '2', 'a': '1'}) == {'a': 1}
    sent = session.sent[0]
    assert sent == {'method': 'GET', 'url': BASE + '/v1/x?a=1&b=2', 'data': None, 'auth': ('user', 'pass'),
                    'timeout': 7.5, 'verify': True, 'allow_redirects': False,
                    'headers': {'Accept': 'application/vnd.api+json', 'User-Agent': 'flowroute.numbers-ansible-collection',
                                'X-Extra': 'GET'}}
    assert transport.request_count == 1


def test_a_write_sends_json_with_its_content_type():
    transport, session, dummy = transport_with([response(201)])
    assert transport.write('PUT', '/v1/routes/A', {'type': 'HOST'}, content_type='application/x-test') is None
    sent = session.sent[0]
    assert sent['data'] == b'{"type": "HOST"}'
    assert sent['headers']['Content-Type'] == 'application/x-test'


def test_a_write_without_data_sends_no_body_and_no_content_type():
    transport, session, dummy = transport_with([response(204)])
    transport.write('DELETE', '/v2/routes/1', None)
    assert session.sent[0]['data'] is None and 'Content-Type' not in session.sent[0]['headers']


@pytest.mark.parametrize('body, expected', [(b'', None), (b' ', None), (b'Created', None), (b'<html/>', None),
                                            (b'{"data": {"id": "7"}}', {'data': {'id': '7'}})])
def test_any_2xx_to_a_write_is_success_whatever_the_body(body, expected):
    transport, dummy, dummy2 = transport_with([response(201, body)])
    assert transport.write('PUT', '/v1/routes/A', {}) == expected


def test_a_read_with_an_empty_body_is_none():
    transport, dummy, dummy2 = transport_with([response(200, b'  ')])
    assert transport.get_json('/v1/tns/') is None


def test_a_read_that_is_not_json_fails_naming_the_endpoint():
    transport, dummy, dummy2 = transport_with([response(200, b'<html>gateway</html>')])
    with pytest.raises(FlowrouteAPIError) as err:
        transport.get_json('/v1/routes/', {'page': 1})
    assert str(err.value) == 'GET /v1/routes/?page=1 failed: HTTP 200: the answer is not JSON: <html>gateway</html>'
    assert err.value.status == 200


@pytest.mark.parametrize('status', [300, 301, 302, 304, 100])
def test_anything_outside_2xx_is_a_failure(status):
    transport, session, dummy = transport_with([response(status, b'')])
    with pytest.raises(FlowrouteAPIError) as err:
        transport.send('GET', '/v1/routes/')
    assert err.value.status == status and len(session.sent) == 1


@pytest.mark.parametrize('status', [200, 201, 204, 299])
def test_2xx_is_success(status):
    transport, dummy, dummy2 = transport_with([response(status, b'')])
    assert transport.send('GET', '/x').status_code == status


# --- validate_certs (issue 9: REQUESTS_CA_BUNDLE used to win over validate_certs=false) ---

class RecordingAdapter(requests.adapters.BaseAdapter):
    """Records the verify setting requests hands to the connection, after its environment merging."""

    def __init__(self):
        super(RecordingAdapter, self).__init__()
        self.verify = []

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        self.verify.append(verify)
        resp = requests.Response()
        resp.status_code, resp._content, resp.request = 200, b'{}', request
        return resp

    def close(self):
        pass


@pytest.mark.parametrize('validate_certs, expected', [(False, False), (True, '/etc/ssl/corporate-ca.pem')])
def test_validate_certs_wins_over_ca_bundle_variables(monkeypatch, validate_certs, expected):
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/etc/ssl/corporate-ca.pem')
    monkeypatch.setenv('CURL_CA_BUNDLE', '/etc/ssl/other.pem')
    session = requests.Session()
    adapter = RecordingAdapter()
    session.mount('http://', adapter)
    transport = Transport(BASE, no_auth, validate_certs=validate_certs, session=session)
    transport.get_json('/v1/routes/')
    assert adapter.verify == [expected]


def test_own_session_keeps_connections_for_each_worker():
    transport = Transport('https://api.flowroute.com', no_auth, pool_size=6)
    adapter = transport._session.get_adapter('https://api.flowroute.com/v1/routes/')
    assert adapter._pool_maxsize == 6 and adapter._pool_connections == 1
    assert transport._session.get_adapter('http://127.0.0.1/') is adapter


# --- retries ---

@pytest.mark.parametrize('status', [429, 500, 502, 503, 504])
def test_transient_statuses_are_retried(status, monkeypatch):
    monkeypatch.setattr(client.random, 'uniform', lambda low, high: low)
    transport, session, waits = transport_with([response(status, {'error': 'x'}), response(200, {})], retries=1)
    transport.get_json('/x')
    assert len(session.sent) == 2 and len(waits) == 1


@pytest.mark.parametrize('status', [400, 401, 403, 404, 405, 409, 415, 422, 501, 505])
def test_other_statuses_are_never_retried(status):
    transport, session, waits = transport_with([response(status, {'error': 'x'})], retries=3)
    with pytest.raises(FlowrouteAPIError):
        transport.get_json('/x')
    assert len(session.sent) == 1 and waits == []


@pytest.mark.parametrize('exc', [requests.exceptions.ConnectionError('reset'), requests.exceptions.ReadTimeout('slow'),
                                 requests.exceptions.ConnectTimeout('slow'), requests.exceptions.ChunkedEncodingError('cut')])
def test_transient_transport_errors_are_retried(exc):
    transport, session, dummy = transport_with([exc, response(200, {})], retries=1)
    assert transport.get_json('/x') == {}
    assert len(session.sent) == 2


@pytest.mark.parametrize('exc', [requests.exceptions.SSLError('certificate verify failed'),
                                 requests.exceptions.InvalidURL('bad'), requests.exceptions.TooManyRedirects('loop')])
def test_tls_and_other_request_errors_are_not_retried(exc):
    transport, session, dummy = transport_with([exc], retries=3)
    with pytest.raises(FlowrouteAPIError) as err:
        transport.get_json('/x')
    assert len(session.sent) == 1 and err.value.status is None


def test_retries_zero_means_one_try_and_ten_means_eleven():
    transport, session, dummy = transport_with([response(503, {})] * 2, retries=0)
    with pytest.raises(FlowrouteAPIError) as err:
        transport.get_json('/x')
    assert len(session.sent) == 1 and err.value.attempts == 1 and 'gave up' not in str(err.value)
    transport, session, dummy = transport_with([response(503, {})] * 12, retries=10, clock=lambda: 0.0)
    with pytest.raises(FlowrouteAPIError) as err:
        transport.get_json('/x')
    assert len(session.sent) == 11 and str(err.value).endswith('[gave up after 11 attempts]')


def test_backoff_doubles_from_half_a_second_with_jitter_and_is_capped(monkeypatch):
    monkeypatch.setattr(client.random, 'uniform', lambda low, high: high)
    transport, dummy, waits = transport_with([response(503, {})] * 7 + [response(200, {})], retries=7, clock=lambda: 0.0)
    transport.get_json('/x')
    assert waits == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    monkeypatch.setattr(client.random, 'uniform', lambda low, high: low)
    transport, dummy, waits = transport_with([response(503, {})] * 2 + [response(200, {})], retries=2, clock=lambda: 0.0)
    transport.get_json('/x')
    assert waits == [0.25, 0.5]


def test_jitter_is_between_half_and_all_of_the_step(monkeypatch):
    asked = []
    monkeypatch.setattr(client.random, 'uniform', lambda low, high: asked.append((low, high)) or 1.0)
    transport, dummy, waits = transport_with([response(503, {}), response(200, {})], retries=1)
    transport.get_json('/x')
    assert asked == [(0.5, 1.0)] and waits == [0.5]


def test_each_try_is_authorized_anew():
    calls = []

    def authorize(method, url, body):
        calls.append((method, url, body))
        return ('u', str(len(calls))), {}
    session = FakeSession([response(503, {}), response(201)])
    transport = Transport(BASE, authorize, session=session, sleep=lambda s: None, retries=1)
    transport.write('PUT', '/v1/routes/A', {'a': 1})
    assert calls == [('PUT', BASE + '/v1/routes/A', b'{"a": 1}')] * 2
    assert [sent['auth'] for sent in session.sent] == [('u', '1'), ('u', '2')]


def test_a_rate_limits_retry_after_is_honoured_at_the_gate(monkeypatch):
    monkeypatch.setattr(client.random, 'uniform', lambda low, high: low)
    transport, dummy, time_ = timed_transport([response(429, {}, {'Retry-After': '2'}), response(429, {}, {'Retry-After': '0'}),
                                               response(429, {}, {'Retry-After': '-5'}), response(200, {})], retries=0)
    transport.get_json('/x')
    # waiting for a rate limit spends no retry (retries=0), and a zero or past Retry-After costs no wait
    assert time_.waits == [2.0] and transport.gate.refusals == 3


def test_an_errors_retry_after_is_clamped_to_30():
    transport, dummy, waits = transport_with([response(502, {}, {'Retry-After': '86400'}), response(200, {})],
                                             retries=1, clock=lambda: 0.0)
    transport.get_json('/x')
    assert waits == [30.0]


def test_retry_after_http_date_is_measured_with_the_clients_clock(monkeypatch):
    # the client's clock says 07:27:50 on that day: the API asks for 10 seconds
    monkeypatch.setattr(client.random, 'uniform', lambda low, high: low)
    now = 4096250870.0   # Wed, 21 Oct 2099 07:27:50 GMT
    transport, dummy, time_ = timed_transport([response(503, {}, {'Retry-After': 'Wed, 21 Oct 2099 07:28:00 GMT'}),
                                               response(503, {}, {'Retry-After': 'Wed, 21 Oct 2099 07:27:40 GMT'}),
                                               response(200, {})], now=now, retries=2)
    transport.get_json('/x')
    assert time_.waits == [10.0]


def test_unreadable_retry_after_falls_back_to_backoff(monkeypatch):
    monkeypatch.setattr(client.random, 'uniform', lambda low, high: high)
    transport, dummy, waits = transport_with([response(503, {}, {'Retry-After': 'soon'}), response(503, {}, {'Retry-After': ' '}),
                                              response(200, {})], retries=2, clock=lambda: 0.0)
    transport.get_json('/x')
    assert waits == [0.5, 1.0]


def test_no_retry_once_the_total_wait_would_pass_120_seconds():
    now = [1000.0]

    def clock():
        return now[0]

    def sleep(seconds):
        now[0] += seconds
    session = FakeSession([response(502, {}, {'Retry-After': '30'})] * 10)
    transport = Transport(BASE, no_auth, session=session, sleep=sleep, clock=clock, retries=10, timeout=1)
    with pytest.raises(FlowrouteAPIError) as err:
        transport.get_json('/x')
    # the call's bound is timeout x 11 tries + 120 s of back-off = 131 s: waits of 30 s at 1000, 1030, 1060, 1090
    # end at 1120; a fifth would end at 1150, past 1131
    assert transport.call_time_bound() == 131
    assert len(session.sent) == 5 and now[0] == 1120.0
    assert str(err.value).endswith('[gave up after 5 attempts]')


# --- error wording ---

@pytest.mark.parametrize('status, body, expected, api_error', [
    (422, {'error': 'Invalid value'}, 'PUT /p failed: HTTP 422: Invalid value', 'Invalid value'),
    (400, {}, 'PUT /p failed: HTTP 400: the API gave no error message', None),
    (400, b'', 'PUT /p failed: HTTP 400: empty answer', None),
    (404, b'Not here\nat all', 'PUT /p failed: HTTP 404: Not here at all', 'Not here at all'),
    (403, {'errors': [{'status': 403, 'detail': '', 'title': 'ActionNotAuthorizedError'}]},
     'PUT /p failed: HTTP 403: ActionNotAuthorizedError (the API refused this action for these credentials)',
     'ActionNotAuthorizedError'),
    # a 401 off /v1 (here /p, as over v2): no advice about the clock, which only v1 signs with
    (401, {'errors': [{'detail': 'Authentication failed.', 'id': 'x', 'status': 401, 'title': 'Unauthorized'}]},
     'PUT /p failed: HTTP 401: Unauthorized - Authentication failed. (the API refused the credentials: check access_key '
     'and secret_key)', 'Unauthorized - Authentication failed.'),
    # a 403 that says why needs no general hint that sends the user to the credentials
    (403, {'errors': [{'status': 403, 'detail': 'Insufficient funds available to complete the request.', 'title': 'Forbidden'}]},
     'PUT /p failed: HTTP 403: Forbidden - Insufficient funds available to complete the request.',
     'Forbidden - Insufficient funds available to complete the request.'),
    (403, {'error': 'Not allowed to do that'}, 'PUT /p failed: HTTP 403: Not allowed to do that', 'Not allowed to do that'),
    (403, b'<html>Forbidden</html>', 'PUT /p failed: HTTP 403: <html>Forbidden</html> (the API refused this action for '
                                     'these credentials)', '<html>Forbidden</html>'),
    (403, {'error': ' '}, 'PUT /p failed: HTTP 403: the API gave no error message (the API refused this action for these '
                          'credentials)', None),
    # the documented field errors (contract v2 section 6) read as field: reason
    (422, {'errors': [{'detail': {'data': {'attributes': {'zip': ['too short'], 'city': ['required', 'text']}}},
                       'status': 422}]},
     'PUT /p failed: HTTP 422: city: required text; zip: too short', 'city: required text; zip: too short'),
    (422, {'errors': [{'detail': {'data': {'attributes': {'zip': 'too short'}}}, 'status': 422}]},
     'PUT /p failed: HTTP 422: zip: too short', 'zip: too short'),
    (422, {'errors': [{'detail': {'data': {'attributes': {}}}, 'status': 422}]},
     'PUT /p failed: HTTP 422: {"data": {"attributes": {}}}', '{"data": {"attributes": {}}}'),
    (422, {'errors': [{'detail': {'data': 'x'}, 'status': 422}]},
     'PUT /p failed: HTTP 422: {"data": "x"}', '{"data": "x"}'),
    (409, [1, 2], 'PUT /p failed: HTTP 409: [1, 2]', '[1, 2]'),
])
def test_error_wording(status, body, expected, api_error):
    transport, dummy, dummy2 = transport_with([response(status, body)], retries=0)
    # (over /v1 a 401 also names the clock: see test_a_v1_401_names_the_clock)
    with pytest.raises(FlowrouteAPIError) as err:
        transport.write('PUT', '/p', {})
    assert str(err.value) == expected
    assert (err.value.status, err.value.api_error, err.value.method, err.value.path) == (status, api_error, 'PUT', '/p')


@pytest.mark.parametrize('body, expected', [
    ('{"errors": [{"title": "A"}, "junk", {"detail": "B"}, {}]}', 'A; B'),
    ('{"errors": []}', '{"errors": []}'),
    ('{"error": 5}', '{"error": 5}'),
    ('null', None), ('[]', None), ('  ', None),
    ('x' * 400, 'x' * 300 + '...'),
])
def test_api_error_text(body, expected):
    assert api_error_text(body) == expected


def test_connection_errors_are_one_line_without_urls():
    exc = requests.exceptions.ConnectionError(
        "HTTPConnectionPool(host='127.0.0.1', port=1): Max retries exceeded with url: /v1/routes/?limit=200&page=1 "
        "(Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f>: Failed to establish a new "
        "connection: [Errno 111] Connection refused'))")
    transport, dummy, dummy2 = transport_with([exc], retries=0)
    with pytest.raises(FlowrouteAPIError) as err:
        transport.get_json('/v1/routes/', {'limit': 200, 'page': 1})
    # the host is named: which API could not be reached is half the diagnosis
    assert str(err.value) == ('GET /v1/routes/?limit=200&page=1 failed: no answer: connection to 127.0.0.1:8557 failed: '
                              '[Errno 111] Connection refused')


@pytest.mark.parametrize('exc, expected', [
    (requests.exceptions.ReadTimeout('x'), 'GET /x failed: no answer: no answer from 127.0.0.1:8557 within timeout=4 seconds'),
    (requests.exceptions.SSLError('certificate verify failed'),
     'GET /x failed: no answer: TLS error with 127.0.0.1:8557 (certificate verify failed); if a private CA signed its '
     'certificate, give that CA to ca_path (or FLOWROUTE_CA_PATH); set validate_certs=false only for a test server'),
    (requests.exceptions.ConnectionError('weird\nthing'),
     'GET /x failed: no answer: connection to 127.0.0.1:8557 failed: weird thing'),
    (requests.exceptions.SSLError("HTTPSConnectionPool(host='127.0.0.1', port=1): Max retries exceeded with url: "
                                  "/v1/routes/?limit=200&page=1 (Caused by SSLError(SSLCertVerificationError(1, '[SSL: "
                                  "CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer "
                                  "certificate (_ssl.c:1020)')))"),
     'GET /x failed: no answer: TLS error with 127.0.0.1:8557 ([SSL: CERTIFICATE_VERIFY_FAILED] certificate verify '
     'failed: unable to get local issuer certificate); if a private CA signed its certificate, give that CA to ca_path '
     '(or FLOWROUTE_CA_PATH); set validate_certs=false only for a test server'),
])
def test_transport_error_wording(exc, expected):
    transport, dummy, dummy2 = transport_with([exc], retries=0, timeout=4)
    with pytest.raises(FlowrouteAPIError) as err:
        transport.get_json('/x')
    assert str(err.value) == expected


def test_context_prefixes_the_message():
    err = FlowrouteAPIError('GET', '/x', 500, 'boom', attempts=2)
    err.context = 'could not read'
    assert str(err) == 'could not read: GET /x failed: HTTP 500: boom [gave up after 2 attempts]'
    assert err.describe() == 'GET /x failed: HTTP 500: boom [gave up after 2 attempts]'


def test_path_with_query_sorts_and_encodes():
    assert path_with_query('/v1/tns/', {'pattern': '1 2', 'limit': 200}) == '/v1/tns/?limit=200&pattern=1+2'
    assert path_with_query('/v1/tns/') == '/v1/tns/'


# --- paging ---

def pages_of(*pages):
    def fetch(index):
        return pages[index]
    return fetch


def test_walk_pages_reads_until_no_next_or_an_empty_page():
    assert list(walk_pages(pages_of(([1, 2], True), ([3], False), ([9], False)), '/l')) == [1, 2, 3]
    assert list(walk_pages(pages_of(([1], True), ([], True), ([9], False)), '/l')) == [1]


def test_walk_pages_fails_when_a_page_comes_back_twice_more():
    with pytest.raises(FlowrouteAPIError) as err:
        list(walk_pages(pages_of(([1], True), ([1], True), ([1], True), ([2], False)), '/l'))
    assert str(err.value) == ('GET /l failed: HTTP 200: the API answered the same page 3 times in a row: it ignores '
                              'paging, so the list cannot be read')


def test_walk_pages_allows_one_repeat_and_counts_repeats_in_a_row_only():
    assert list(walk_pages(pages_of(([1], True), ([1], True), ([2], True), ([2], True), ([3], False)), '/l')) == [1, 1, 2, 2, 3]


def test_walk_pages_stops_at_the_page_limit(monkeypatch):
    monkeypatch.setattr(client, 'MAX_PAGES', 3)
    with pytest.raises(FlowrouteAPIError, match=r'^GET /l failed: HTTP 200: still paging after 3 pages$'):
        list(walk_pages(lambda index: ([index], True), '/l'))


# --- the client interface ---

class ListedClient(FlowrouteClient):
    def __init__(self, names, unique=True):
        super(ListedClient, self).__init__(Transport(BASE, no_auth), pool_size=3)
        self.names, self.unique_names, self.read = names, unique, []

    def iter_routes(self):
        for name in self.names:
            self.read.append(name)
            yield route_record(name, 'HOST', '1.2.3.4')


def test_find_route_stops_at_the_first_match_when_names_are_unique():
    listed = ListedClient(['a', 'R1', 'b'])
    exact, similar = listed.find_route('R1')
    assert [r['name'] for r in exact] == ['R1'] and similar == [] and listed.read == ['a', 'R1']


def test_find_route_reads_everything_when_names_may_repeat_and_reports_case_variants():
    listed = ListedClient(['r1', 'R1', 'x', 'R1'], unique=False)
    exact, similar = listed.find_route('R1')
    assert len(exact) == 2 and [r['name'] for r in similar] == ['r1'] and len(listed.read) == 4


def test_routes_by_name_groups_repeated_names_in_api_order():
    listed = ListedClient(['b', 'a', 'b', 'B'], unique=False)
    grouped = listed.routes_by_name()
    assert list(grouped) == ['b', 'a', 'B'] and [len(grouped[name]) for name in grouped] == [2, 1, 1]
    assert grouped['b'][0] is not grouped['b'][1] and listed.read == ['b', 'a', 'b', 'B']


def test_interface_basics():
    listed = ListedClient(['a', 'b'])
    assert [r['name'] for r in listed.list_routes()] == ['a', 'b']
    assert listed.map_concurrently(lambda x: x * 2, [1, 2, 3, 4]) == [2, 4, 6, 8]
    assert listed.map_concurrently(lambda x: x * 2, [5]) == [10]
    assert repr(listed) == "ListedClient(api_url='http://127.0.0.1:8557')"
    assert listed.request_count == 0
    with pytest.raises(Unsupported, match=r'^state: the Flowroute v1 API cannot delete routes; set api_version=v2$'):
        listed.require('delete', 'state')
    with pytest.raises(Unsupported, match=r'^edge_strategy: the Flowroute v1 API has no edge strategies; set api_version=v2$'):
        listed.require('edge', 'edge_strategy')
    listed.can_delete = listed.can_choose_edge = True
    listed.require('delete', 'state')
    listed.require('edge', 'edge_strategy')
    for call, args in [('create_route', (None,)), ('update_route', (None, None)), ('delete_route', (None,)),
                       ('list_edge_strategies', ()), ('iter_numbers', ()), ('get_number', ('1',)),
                       ('set_number_routes', ('1', None, None))]:
        with pytest.raises(NotImplementedError):
            getattr(FlowrouteClient, call)(listed, *args)


# --- edges that mutation testing found unpinned ---

def test_defaults_of_a_transport():
    transport = Transport('http://h:1/', no_auth, session=FakeSession([response(200, {})]))
    assert (transport.api_url, transport.verify, transport.timeout, transport.retries, transport.accept) == (
        'http://h:1', True, 30, 3, 'application/json')
    transport.get_json('/x')
    assert transport._session.sent[0]['url'] == 'http://h:1/x'
    assert transport._session.sent[0]['headers']['Accept'] == 'application/json'
    transport = Transport('http://h:1', no_auth, session=FakeSession([response(201)]))
    transport.write('PUT', '/y', {'a': 1})
    assert transport._session.sent[0]['headers']['Content-Type'] == 'application/json'
    own = Transport('http://h:1', no_auth)
    assert own._session.get_adapter('http://h:1/')._pool_maxsize == 10
    assert FlowrouteClient(own).pool_size == 10


def test_a_long_answer_that_is_not_json_is_cut_at_120_characters():
    transport, dummy, dummy2 = transport_with([response(200, b'x' * 130)])
    with pytest.raises(FlowrouteAPIError) as err:
        transport.get_json('/x')
    assert str(err.value) == 'GET /x failed: HTTP 200: the answer is not JSON: ' + 'x' * 120 + '...'


def test_long_connection_and_tls_errors_are_cut_at_200_characters():
    for exc, prefix in ((requests.exceptions.ConnectionError('y' * 250), 'connection to 127.0.0.1:8557 failed: '),
                        (requests.exceptions.SSLError('z' * 250), 'TLS error with 127.0.0.1:8557 (')):
        transport, dummy, dummy2 = transport_with([exc], retries=0)
        with pytest.raises(FlowrouteAPIError) as err:
            transport.get_json('/x')
        assert err.value.detail.startswith(prefix + exc.args[0][:200] + '...')


def test_one_line_keeps_exactly_the_limit():
    assert client.one_line('a' * 300) == 'a' * 300
    assert client.one_line('a' * 301) == 'a' * 300 + '...'


def test_connection_errors_given_up_on_count_the_attempts():
    transport, session, dummy = transport_with([requests.exceptions.ConnectionError('reset')] * 3, retries=2)
    with pytest.raises(FlowrouteAPIError) as err:
        transport.get_json('/x')
    assert str(err.value) == 'GET /x failed: no answer: connection to 127.0.0.1:8557 failed: reset [gave up after 3 attempts]'


def test_error_detail_objects_are_shown_with_sorted_keys_and_titles_must_be_text():
    assert api_error_text('{"errors": [{"detail": {"b": 1, "a": 2}}]}') == '{"a": 2, "b": 1}'
    assert api_error_text('{"errors": [{"title": 5, "detail": "x"}]}') == 'x'
    assert api_error_text('{"z": 1, "a": 2}') == '{"a": 2, "z": 1}'


def test_the_error_keeps_its_message_as_its_argument():
    err = FlowrouteAPIError('GET', '/x', 500, 'boom')
    assert err.args == ('GET /x failed: HTTP 500: boom',)
    assert Unsupported('state', 'needs v2').option == 'state'


def test_map_concurrently_keeps_to_the_pool_size(concurrency_probe):
    listed = ListedClient([])
    assert listed.map_concurrently(concurrency_probe.wrap(lambda item: item), list(range(9))) == list(range(9))
    assert concurrency_probe.peak == 3


class NumberedClient(FlowrouteClient):
    def __init__(self, numbers):
        super(NumberedClient, self).__init__(Transport(BASE, no_auth))
        self.numbers = numbers

    def iter_numbers(self, pattern=None):
        return iter(self.numbers)


def test_route_users_by_id_or_by_name_and_every_slot():
    v1 = NumberedClient([{'number': '1', 'primary_route': None, 'failover_route': route_record('A', 'HOST', 'x')},
                         {'number': '2', 'primary_route': route_record('A', 'HOST', 'x'), 'failover_route': route_record('A', 'HOST', 'x')}])
    assert v1.route_users() == {'A': ['1', '2']}
    v2 = NumberedClient([{'number': '1', 'primary_route': route_record('A', 'HOST', 'x', '5'), 'failover_route': None}])
    assert v2.route_users() == {'5': ['1']}


def test_get_numbers_stops_once_every_one_is_found():
    read = []

    def numbers():
        for number in ('1', '2', '3'):
            read.append(number)
            yield {'number': number, 'primary_route': None, 'failover_route': None}
    client = NumberedClient([])
    client.iter_numbers = lambda pattern=None: numbers()
    assert client.get_numbers(['2', '1']) == {'2': {'number': '2', 'primary_route': None, 'failover_route': None},
                                              '1': {'number': '1', 'primary_route': None, 'failover_route': None}}
    assert read == ['1', '2']
    assert client.get_numbers(['9'])['9'] is None and read[-1] == '3'


def test_a_v1_401_names_the_clock_and_a_v2_one_does_not():
    for path, clock in (('/v1/routes/', True), ('/v2/routes', False)):
        transport, dummy, dummy2 = transport_with([response(401, {'error': 'Unauthorized'})], retries=0)
        with pytest.raises(FlowrouteAPIError) as err:
            transport.get_json(path)
        assert str(err.value).startswith('GET {0} failed: HTTP 401: Unauthorized (the API refused the credentials: check '
                                         'access_key and secret_key'.format(path))
        assert ("that this machine's clock is correct, as api_version v1 signs each request with the time and refuses "
                "requests signed more than a few minutes off" in str(err.value)) is clock
