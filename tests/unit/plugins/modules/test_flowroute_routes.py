# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""flowroute_routes' main(), in-process: the report, check mode, diff, partial failures."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils import client_v1

from module_helpers import diffs


def routes(count, value='192.0.2.{0}'):
    return [{'name': 'Bulk{0:03d}'.format(i), 'type': 'HOST', 'value': value.format(i + 1)} for i in range(count)]


def test_report_check_mode_and_diff(run_module, emulator):
    emulator.seed_routes({'Keep': {'type': 'pstn', 'value': '18002364455'}, 'Change': {'type': 'HOST', 'value': '10.0.0.1'}})
    wanted = [{'name': 'Keep', 'type': 'PSTN', 'value': '+18002364455'},
              {'name': 'Change', 'type': 'HOST', 'value': '10.0.0.2'},
              {'name': 'New', 'type': 'URI', 'value': 'sip:a@b.example'}]
    check = run_module('flowroute_routes', check_mode=True, diff=True, routes=wanted)
    assert (check['created'], check['updated'], check['deleted'], check['unchanged']) == (['New'], ['Change'], [], ['Keep'])
    assert check['changed'] is True and check['failed_routes'] == []
    assert diffs(check) == {'Change': {'before': {'type': 'HOST', 'value': '10.0.0.1'},
                                       'after': {'type': 'HOST', 'value': '10.0.0.2'}},
                            'New': {'before': {}, 'after': {'type': 'URI', 'value': 'sip:a@b.example'}}}
    assert [diff['before_header'] for diff in check['diff']] == ['route Change', 'route New']
    assert emulator.requests('PUT') == []
    real = run_module('flowroute_routes', routes=wanted)
    assert real['changed'] is True and real['api_requests'] == 3
    assert sorted(put['path'] for put in emulator.requests('PUT')) == ['/v1/routes/Change', '/v1/routes/New']
    again = run_module('flowroute_routes', routes=wanted)
    assert again['changed'] is False and again['unchanged'] == ['Keep', 'Change', 'New']


def test_partial_failure_reports_applied_and_failed_with_diff_of_applied_only(run_module, emulator):
    emulator.fault(method='PUT', count=1, status=422, body={'error': 'Invalid route'})
    result = run_module('flowroute_routes', diff=True, concurrency=1, routes=routes(3))
    assert result['failed'] is True and result['changed'] is True
    assert result['created'] == ['Bulk001', 'Bulk002']
    assert result['failed_routes'] == [{'name': 'Bulk000', 'status': 422, 'api_error': 'Invalid route',
                                        'error': 'PUT /v1/routes/Bulk000 failed: HTTP 422: Invalid route'}]
    assert (result['status'], result['api_error']) == (422, 'Invalid route')
    assert diffs(result) == {'Bulk001': {'before': {}, 'after': {'type': 'HOST', 'value': '192.0.2.2'}},
                             'Bulk002': {'before': {}, 'after': {'type': 'HOST', 'value': '192.0.2.3'}}}
    assert result['msg'] == ('1 of 3 routes to write failed (Bulk000: PUT /v1/routes/Bulk000 failed: HTTP 422: '
                             'Invalid route); applied: Bulk001, Bulk002; run the task again to finish')


def test_every_write_failing_is_not_a_change(run_module, emulator):
    emulator.fault(method='PUT', count=10, status=422, body={'error': 'no'})
    result = run_module('flowroute_routes', routes=routes(2))
    assert result['failed'] is True and result['changed'] is False
    assert result['created'] == [] and len(result['failed_routes']) == 2


def test_concurrency_outside_1_to_32_is_refused_before_any_request(run_module, emulator):
    for concurrency in (0, 33):
        result = run_module('flowroute_routes', concurrency=concurrency, routes=routes(1))
        assert result['msg'] == 'concurrency: must be between 1 and 32, got {0}'.format(concurrency)
    assert emulator.requests() == []


@pytest.mark.parametrize('concurrency', [1, 3])
def test_no_more_writes_in_flight_than_concurrency(run_module, emulator, monkeypatch, concurrency, concurrency_probe):
    monkeypatch.setattr(client_v1.V1Client, 'create_route', concurrency_probe.wrap(client_v1.V1Client.create_route))
    result = run_module('flowroute_routes', concurrency=concurrency, routes=routes(8))
    assert len(result['created']) == 8
    assert concurrency_probe.peak == concurrency


# --- issue 9 defects ---

def test_unexpected_exception_in_one_worker_keeps_the_report(run_module, emulator, monkeypatch):
    real = client_v1.V1Client.create_route

    def flaky(self, route):
        if route['name'] == 'Bulk001':
            raise RuntimeError('boom')
        return real(self, route)
    monkeypatch.setattr(client_v1.V1Client, 'create_route', flaky)
    result = run_module('flowroute_routes', diff=True, routes=routes(3))
    assert result['failed'] is True and result['changed'] is True
    assert sorted(result['created']) == ['Bulk000', 'Bulk002']
    assert result['failed_routes'] == [{'name': 'Bulk001', 'error': 'unexpected error (RuntimeError: boom)',
                                        'status': None, 'api_error': None}]
    assert sorted(diffs(result)) == ['Bulk000', 'Bulk002']


def test_fips_host_bulk_writes_keep_working(run_module, emulator, fips_hashlib):
    result = run_module('flowroute_routes', routes=routes(4))
    assert sorted(result['created']) == ['Bulk000', 'Bulk001', 'Bulk002', 'Bulk003']


def test_bulk_write_that_landed_before_its_error_counts_as_done(run_module, emulator):
    emulator.reset(existing='refuse')
    emulator.fault(method='PUT', count=1, drop=True, applied=True)
    result = run_module('flowroute_routes', concurrency=1, routes=routes(2))
    assert result.get('failed') is not True, result
    assert result['created'] == ['Bulk000', 'Bulk001']
    assert any('Bulk000' in warning and 'counts as done' in warning for warning in result['warnings'])
