# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A bad network and a misbehaving API: faults injected into the emulator, seen through ansible-playbook."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

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
def test_transient_failures_cost_a_retry(emulator, playbook, fault):
    emulator.control('POST', 'faults', [dict(fault, method='GET', count=2), dict(fault, method='PUT', count=1)])
    result = playbook(emulator, one_route())
    assert result.rc == 0, result.output
    assert result.task(0)['changed'] is True
    expected = 'dropped' if fault.get('drop') else fault['status']
    assert statuses(emulator, 'GET') == [expected, expected, 200]
    assert statuses(emulator, 'PUT') == [expected, 201]
    assert emulator.routes()['HOSTRoute1'] == {'type': 'HOST', 'value': '24.239.23.40:5060'}
    # every try was signed anew with a valid signature (the emulator checked each one that got through)
    assert len(set(entry['x_timestamp'] for entry in emulator.requests())) >= 2


def test_timeout_is_retried(emulator, playbook):
    emulator.control('POST', 'faults', {'method': 'GET', 'count': 1, 'delay': 3})
    result = playbook(emulator, one_route(timeout=1))
    assert result.rc == 0, result.output
    assert len(emulator.requests('GET')) == 2
    assert len(emulator.requests('PUT')) == 1


def test_retry_after_is_honoured(emulator, playbook):
    emulator.control('POST', 'faults', {'method': 'PUT', 'count': 1, 'status': 429, 'retry_after': 2,
                                        'body': {'error': 'Too Many Requests'}})
    result = playbook(emulator, one_route())
    assert result.rc == 0, result.output
    first, second = emulator.requests('PUT')
    assert first['status'] == 429 and second['status'] == 201
    assert 2.0 <= second['time'] - first['time'] < 30


def test_out_of_tries_fails_with_last_status_message_and_attempts(emulator, playbook):
    emulator.control('POST', 'faults', {'method': 'PUT', 'count': 10, 'status': 503, 'body': {'error': 'maintenance'}})
    result = playbook(emulator, one_route(retries=2))
    assert result.rc != 0
    task = result.task(0)
    assert task['failed'] is True and task['changed'] is False
    assert task['msg'] == ("could not create route HOSTRoute1 (HOST '24.239.23.40:5060'): PUT /v1/routes/HOSTRoute1 "
                           "failed: HTTP 503: maintenance [gave up after 3 attempts]")
    assert statuses(emulator, 'PUT') == [503, 503, 503]
    assert 'HOSTRoute1' not in emulator.routes()


def test_out_of_tries_on_read_writes_nothing(emulator, playbook):
    emulator.control('POST', 'faults', {'method': 'GET', 'count': 10, 'drop': True})
    result = playbook(emulator, one_route(retries=1))
    task = result.task(0)
    assert task['failed'] is True and task['changed'] is False
    assert task['msg'].startswith('could not read the routes to check route HOSTRoute1: GET /v1/routes/?limit=200&page=1 '
                                  'failed: no answer: connection failed')
    assert task['msg'].endswith('[gave up after 2 attempts]')
    assert emulator.requests('PUT') == []


@pytest.mark.parametrize('status', [400, 401, 403, 404, 422])
def test_client_errors_are_never_retried(emulator, playbook, status):
    emulator.control('POST', 'faults', {'method': 'PUT', 'count': 5, 'status': status, 'body': {'error': 'nope'}})
    result = playbook(emulator, one_route())
    task = result.task(0)
    assert task['failed'] is True and task['changed'] is False
    assert 'PUT /v1/routes/HOSTRoute1 failed: HTTP {0}: nope'.format(status) in task['msg']
    assert 'gave up' not in task['msg']
    assert statuses(emulator, 'PUT') == [status]


@pytest.mark.parametrize('fault, problem', [
    ({'status': 200, 'raw_body': '<html><body>Gateway</body></html>'}, 'HTTP 200: the answer is not JSON: <html>'),
    ({'status': 200, 'body': {'routes': ['HOSTRoute1']}}, 'unexpected answer: "routes" is list, not an object keyed by route name'),
    ({'status': 200, 'body': {'routes': {'HOSTRoute1': {'value': '1.2.3.4'}}}}, "unexpected answer: route 'HOSTRoute1' has no \"type\""),
    ({'status': 200, 'body': ['not', 'an', 'object']}, 'unexpected answer: expected a JSON object, got list'),
    ({'status': 502, 'raw_body': '<html>Bad Gateway</html>'}, 'HTTP 502: <html>Bad Gateway</html> [gave up after 2 attempts]'),
])
def test_malformed_answers_fail_cleanly_naming_the_endpoint(emulator, playbook, fault, problem):
    emulator.control('POST', 'faults', dict(fault, method='GET', count=5))
    result = playbook(emulator, one_route(retries=1))
    task = result.task(0)
    assert task['failed'] is True and task['changed'] is False
    assert task['msg'].startswith('could not read the routes to check route HOSTRoute1: GET /v1/routes/?limit=200&page=1 failed: ')
    assert problem in task['msg']
    assert 'Traceback' not in result.output and 'KeyError' not in result.output
    assert emulator.requests('PUT') == []
