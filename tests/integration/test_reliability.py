# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A bad network and a misbehaving API: faults injected into the emulator, seen through ansible-playbook."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

pytestmark = pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)

ONE_ROUTE = '''    - flowroute.numbers.flowroute_route:
        name: HOSTRoute1
        type: HOST
        value: "24.239.23.40:5060"
        retries: {retries}
        timeout: {timeout}
'''


def one_route(retries=3, timeout=5):
    return ONE_ROUTE.format(retries=retries, timeout=timeout)


def statuses(emulator, method=None):
    return [entry['status'] for entry in emulator.requests(method)]


@pytest.mark.parametrize('fault', [
    {'status': 503}, {'status': 500}, {'status': 502}, {'status': 504},
    {'status': 429, 'body': {'error': 'Too Many Requests'}},
    {'drop': True},
])
def test_transient_failures_cost_a_retry(emulator, playbook, fault, api):
    create = api.create('HOSTRoute1')[0]
    emulator.control('POST', 'faults', [dict(fault, method='GET', count=2), dict(fault, method=create, count=1)])
    result = playbook(emulator, one_route())
    assert result.rc == 0, result.output
    assert result.task(0)['changed'] is True
    expected = 'dropped' if fault.get('drop') else fault['status']
    reads = [expected, expected, 200]
    if api.version == 'v2':
        # a POST whose answer was lost is not sent again before the routes are read back (a 429 was not applied),
        # and every v2 create reads its alias back once, in case another run created it at the same time
        reads += ([200] if expected != 429 else []) + [200]
    assert statuses(emulator, 'GET') == reads
    assert statuses(emulator, create) == [expected, 201]
    assert emulator.routes()['HOSTRoute1'] == {'type': 'HOST', 'value': '24.239.23.40:5060'}
    if api.version == 'v1':
        # every try was signed anew with a valid signature (the emulator checked each one that got through)
        assert len(set(entry['x_timestamp'] for entry in emulator.requests())) >= 2


def test_timeout_is_retried(emulator, playbook, api):
    emulator.control('POST', 'faults', {'method': 'GET', 'count': 1, 'delay': 3})
    result = playbook(emulator, one_route(timeout=1))
    assert result.rc == 0, result.output
    assert len(emulator.requests('GET')) == (2 if api.version == 'v1' else 3)     # v2: the alias read back once
    assert len(api.route_writes(emulator)) == 1


def test_retry_after_is_honoured(emulator, playbook, api):
    emulator.control('POST', 'faults', {'method': api.create('x')[0], 'count': 1, 'status': 429, 'retry_after': 2,
                                        'body': {'error': 'Too Many Requests'}})
    result = playbook(emulator, one_route())
    assert result.rc == 0, result.output
    first, second = api.route_writes(emulator)
    assert first['status'] == 429 and second['status'] == 201
    assert 2.0 <= second['time'] - first['time'] < 30


@pytest.mark.subset
def test_out_of_tries_fails_with_last_status_message_and_attempts(emulator, playbook, api):
    method, path = api.create('HOSTRoute1')
    emulator.control('POST', 'faults', {'method': method, 'count': 10, 'status': 503, 'body': {'error': 'maintenance'}})
    result = playbook(emulator, one_route(retries=2))
    assert result.rc != 0
    task = result.task(0)
    assert task['failed'] is True and task['changed'] is False
    assert task['msg'] == ("could not create route HOSTRoute1 (HOST '24.239.23.40:5060'): {0} {1} "
                           "failed: HTTP 503: maintenance [gave up after 3 attempts]".format(method, path))
    assert (task['status'], task['api_error']) == (503, 'maintenance')
    assert statuses(emulator, method) == [503, 503, 503]
    assert 'HOSTRoute1' not in emulator.routes()


def test_out_of_tries_on_read_writes_nothing(emulator, playbook, api):
    emulator.control('POST', 'faults', {'method': 'GET', 'count': 10, 'drop': True})
    result = playbook(emulator, one_route(retries=1))
    task = result.task(0)
    assert task['failed'] is True and task['changed'] is False
    assert task['msg'].startswith('could not read the routes to check route HOSTRoute1: GET {0} '
                                  'failed: no answer: connection to {1} failed'.format(api.route_list(1)[0],
                                                                                       emulator.url.split('//')[1]))
    assert task['msg'].endswith('[gave up after 2 attempts]')
    assert api.route_writes(emulator) == []


@pytest.mark.parametrize('status', [400, 401, 403, 404, 422])
def test_client_errors_are_never_retried(emulator, playbook, status, api):
    method, path = api.create('HOSTRoute1')
    emulator.control('POST', 'faults', {'method': method, 'count': 5, 'status': status, 'body': {'error': 'nope'}})
    result = playbook(emulator, one_route())
    task = result.task(0)
    assert task['failed'] is True and task['changed'] is False
    assert '{0} {1} failed: HTTP {2}: nope'.format(method, path, status) in task['msg']
    assert 'gave up' not in task['msg'] and task['status'] == status
    assert statuses(emulator, method) == [status]


MALFORMED = {
    'v1': [
        ({'status': 200, 'raw_body': '<html><body>Gateway</body></html>'}, 'HTTP 200: the answer is not JSON: <html>'),
        ({'status': 200, 'body': {'routes': ['HOSTRoute1']}}, 'unexpected answer: "routes" is list, not an object keyed by route name'),
        ({'status': 200, 'body': {'routes': {'HOSTRoute1': {'value': '1.2.3.4'}}}}, "unexpected answer: route 'HOSTRoute1' has no \"type\""),
        ({'status': 200, 'body': ['not', 'an', 'object']}, 'unexpected answer: expected a JSON object, got list'),
        ({'status': 502, 'raw_body': '<html>Bad Gateway</html>'}, 'HTTP 502: <html>Bad Gateway</html> [gave up after 2 attempts]'),
    ],
    'v2': [
        ({'status': 200, 'raw_body': '<html><body>Gateway</body></html>'}, 'HTTP 200: the answer is not JSON: <html>'),
        ({'status': 200, 'body': {'data': {'id': '1'}}}, 'unexpected answer: expected {"data": [...]}'),
        ({'status': 200, 'body': {'data': [{'id': '7', 'attributes': {'alias': 'A'}}]}}, 'unexpected answer: route 7 has no "route_type"'),
        ({'status': 200, 'body': {'data': ['x']}}, 'unexpected answer: a route has no "id" or "attributes"'),
        ({'status': 502, 'raw_body': '<html>Bad Gateway</html>'}, 'HTTP 502: <html>Bad Gateway</html> [gave up after 2 attempts]'),
    ],
}


@pytest.mark.parametrize('case', range(5))
def test_malformed_answers_fail_cleanly_naming_the_endpoint(emulator, playbook, api, case):
    fault, problem = MALFORMED[api.version][case]
    emulator.control('POST', 'faults', dict(fault, method='GET', count=5))
    result = playbook(emulator, one_route(retries=1))
    task = result.task(0)
    assert task['failed'] is True and task['changed'] is False
    assert task['msg'].startswith('could not read the routes to check route HOSTRoute1: GET {0} failed: '.format(
        api.route_list(1)[0]))
    assert problem in task['msg']
    assert 'Traceback' not in result.output and 'KeyError' not in result.output
    assert api.route_writes(emulator) == []
