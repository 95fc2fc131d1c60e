# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""flowroute_route's main(), in-process: changed, check mode, diff, failures, and the issue 9 defects."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

HOST = dict(name='HOSTRoute1', type='HOST', value='24.239.23.40:5060')


def test_creates_then_changes_nothing(run_module, emulator):
    first = run_module('flowroute_route', **HOST)
    assert first['changed'] is True
    assert first['route'] == {'name': 'HOSTRoute1', 'type': 'HOST', 'value': '24.239.23.40:5060'}
    puts = emulator.requests('PUT')
    assert [(put['path'], json.loads(put['body']), put['status']) for put in puts] == [
        ('/v1/routes/HOSTRoute1', {'type': 'HOST', 'value': '24.239.23.40:5060'}, 201)]
    second = run_module('flowroute_route', **HOST)
    assert second['changed'] is False
    assert len(emulator.requests('PUT')) == 1


def test_check_mode_predicts_and_sends_no_write(run_module, emulator):
    result = run_module('flowroute_route', check_mode=True, diff=True, **HOST)
    assert result['changed'] is True
    assert result['diff'] == {'before': {}, 'after': {'name': 'HOSTRoute1', 'type': 'HOST', 'value': '24.239.23.40:5060'}}
    assert emulator.requests('PUT') == [] and 'HOSTRoute1' not in emulator.routes()


def test_update_returns_the_new_route_and_diffs_both_sides(run_module, emulator):
    emulator.seed_routes({'HOSTRoute1': {'type': 'HOST', 'value': '10.0.0.1'}})
    result = run_module('flowroute_route', diff=True, **HOST)
    assert result['changed'] is True
    assert result['route'] == {'name': 'HOSTRoute1', 'type': 'HOST', 'value': '24.239.23.40:5060'}
    assert result['diff'] == {'before': {'name': 'HOSTRoute1', 'type': 'HOST', 'value': '10.0.0.1'},
                              'after': {'name': 'HOSTRoute1', 'type': 'HOST', 'value': '24.239.23.40:5060'}}
    assert emulator.routes()['HOSTRoute1'] == {'type': 'HOST', 'value': '24.239.23.40:5060'}


def test_no_diff_unless_asked(run_module):
    assert 'diff' not in run_module('flowroute_route', **HOST)


def test_api_refusal_gives_msg_status_and_api_error(run_module, emulator):
    emulator.fault(method='PUT', count=1, status=422, body={'error': 'Invalid value'})
    result = run_module('flowroute_route', **HOST)
    assert result['failed'] is True and result['changed'] is False
    assert result['msg'] == ("could not create route HOSTRoute1 (HOST '24.239.23.40:5060'): "
                             "PUT /v1/routes/HOSTRoute1 failed: HTTP 422: Invalid value")
    assert (result['status'], result['api_error']) == (422, 'Invalid value')


def test_no_answer_has_status_null(run_module, emulator):
    emulator.fault(method='GET', count=5, drop=True)
    result = run_module('flowroute_route', retries=0, **HOST)
    assert result['failed'] is True
    assert result['msg'].startswith('could not read the routes to check route HOSTRoute1: '
                                    'GET /v1/routes/?limit=200&page=1 failed: no answer: connection to {0} failed'.format(
                                        emulator.url.split('//')[1]))
    assert result['status'] is None and result['api_error'] is None


def test_input_error_has_status_null_and_sends_nothing(run_module, emulator):
    result = run_module('flowroute_route', name='HOSTRoute1', type='HOST', value='256.1.1.1')
    assert result['failed'] is True
    assert result['msg'].startswith("value: a HOST route takes an IPv4 address or DNS hostname with an optional :port")
    assert "'256.1.1.1' is not a valid IPv4 address" in result['msg']
    assert result['status'] is None and result['api_error'] is None
    assert emulator.requests() == []


def test_bad_connection_option_is_an_input_error(run_module, emulator):
    result = run_module('flowroute_route', api_url='https://api.flowroute.com/v1', **HOST)
    assert result['failed'] is True and result['msg'].startswith('api_url: must be scheme://host[:port]')
    assert emulator.requests() == []


def test_secret_never_in_the_result(run_module, emulator):
    emulator.fault(method='GET', count=1, status=500, body={'error': 'echo ' + 'feedfacecafebeef0123456789abcdef'})
    result = run_module('flowroute_route', retries=0, **HOST)
    assert result['failed'] is True
    assert 'feedfacecafebeef0123456789abcdef' not in json.dumps(result)


# --- issue 9 defects: each of these failed on main before the runner ---

def test_fips_host_md5_refused_for_security_still_signs(run_module, emulator, fips_hashlib):
    result = run_module('flowroute_route', **HOST)
    assert result['changed'] is True
    assert [put['status'] for put in emulator.requests('PUT')] == [201]


def test_write_applied_then_answer_lost_counts_as_done(run_module, emulator):
    # the first PUT lands but its answer is dropped; the retry is refused because the name exists
    emulator.reset(existing='refuse')
    emulator.fault(method='PUT', count=1, drop=True, applied=True)
    result = run_module('flowroute_route', **HOST)
    assert result.get('failed') is not True, result
    assert result['changed'] is True
    assert [put['status'] for put in emulator.requests('PUT')] == ['201 applied, then dropped', 400]
    assert any('the account now holds exactly what was asked' in warning for warning in result['warnings'])
    assert emulator.routes()['HOSTRoute1'] == {'type': 'HOST', 'value': '24.239.23.40:5060'}


def test_write_applied_then_answer_too_late_counts_as_done(run_module, emulator):
    emulator.reset(existing='refuse')
    emulator.fault(method='PUT', count=1, delay=1.5, applied=True)
    result = run_module('flowroute_route', timeout=0.5, **HOST)
    assert result.get('failed') is not True, result
    assert result['changed'] is True
    assert len(emulator.requests('PUT')) == 2


def test_failed_write_that_did_not_land_still_fails(run_module, emulator):
    emulator.reset(existing='refuse')
    emulator.seed_routes({'HOSTRoute1': {'type': 'HOST', 'value': '10.0.0.1'}})
    result = run_module('flowroute_route', **HOST)
    assert result['failed'] is True and result['changed'] is False
    assert result['msg'] == ("route HOSTRoute1 is HOST '10.0.0.1'; the API refused to change it to HOST "
                             "'24.239.23.40:5060' (api_version v2 changes a route in place): PUT /v1/routes/HOSTRoute1 "
                             "failed: HTTP 400: A route named HOSTRoute1 already exists")
    assert result['status'] == 400


def test_stored_type_in_lower_case_is_the_same_route(run_module, emulator):
    emulator.reset(existing='refuse')
    emulator.seed_routes({'HOSTRoute1': {'type': 'host', 'value': '24.239.23.40:5060'},
                          'PSTNRoute1': {'type': 'PSTN', 'value': '+18002364455'}})
    first = run_module('flowroute_route', **HOST)
    second = run_module('flowroute_route', name='PSTNRoute1', type='pstn', value='18002364455')
    assert (first['changed'], second['changed']) == (False, False)
    assert emulator.requests('PUT') == []


def test_name_differing_only_in_case_warns_naming_the_existing_route(run_module, emulator):
    emulator.seed_routes({'hostroute1': {'type': 'HOST', 'value': '24.239.23.40:5060'}})
    result = run_module('flowroute_route', **HOST)
    assert result['changed'] is True
    assert any('route hostroute1 differs from it only in case' in warning for warning in result['warnings'])


def test_any_2xx_answer_to_a_write_is_success(run_module, emulator):
    for index, fault in enumerate([dict(status=201, raw_body='Created'), dict(status=201, raw_body=' '),
                                   dict(status=200, raw_body='<html>ok</html>'), dict(status=202, body={'ok': True})]):
        emulator.fault(method='PUT', count=1, **fault)
        result = run_module('flowroute_route', name='Route{0}'.format(index), type='HOST', value='1.2.3.4')
        assert result.get('failed') is not True, (fault, result)
        assert result['changed'] is True


def test_list_that_repeats_its_page_fails_after_two_repeats(run_module, emulator):
    page = {'routes': {'Other': {'type': 'HOST', 'value': '1.2.3.4'}}, 'links': {'next': '/v1/routes/?limit=200&page=2'}}
    emulator.fault(method='GET', count=50, status=200, body=page)
    result = run_module('flowroute_route', **HOST)
    assert result['failed'] is True
    assert result['msg'] == ('could not read the routes to check route HOSTRoute1: GET /v1/routes/ failed: HTTP 200: '
                             'the API answered the same page 3 times in a row: it ignores paging, so the list cannot be read')
    assert len(emulator.requests('GET')) == 3
    assert emulator.requests('PUT') == []
