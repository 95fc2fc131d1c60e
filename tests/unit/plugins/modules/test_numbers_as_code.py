# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Numbers as code, in-process against the emulator: search, buy within a spending limit, name, caller name, release
only on request."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

V2 = dict(api_version='v2')
FOR_SALE = [{'number': '16463439507', 'setup_cost': 1, 'monthly_cost': 1.25, 'rate_center': 'nwyrcyzn01', 'state': 'ny'},
            {'number': '16463437777', 'setup_cost': 3, 'monthly_cost': 1.25, 'rate_center': 'nwyrcyzn01', 'state': 'ny'},
            {'number': '12015550000', 'setup_cost': 1, 'monthly_cost': 2.5, 'rate_center': 'oradell', 'state': 'nj'},
            {'number': '18445550000', 'setup_cost': 0, 'monthly_cost': 2, 'rate_center': 'tollfree', 'state': 'us',
             'number_type': 'toll-free'}]
NUMBER = '16463439507'


@pytest.fixture
def shop(emulator):
    emulator.control('POST', 'available', FOR_SALE)
    return emulator


def writes(emulator):
    return [(entry['method'], entry['path']) for entry in emulator.requests() if entry['method'] != 'GET']


def held(emulator):
    return emulator.control('GET', 'state')['tns']


# --- search ---

@pytest.mark.parametrize('args, found', [
    (dict(starts_with='646'), ['16463437777', '16463439507']),
    (dict(contains='7777'), ['16463437777']),
    (dict(ends_with='0000'), ['12015550000', '18445550000']),
    (dict(rate_center='ORADELL', state='NJ'), ['12015550000']),
    (dict(number_type='toll-free'), ['18445550000']),
    (dict(number_type='longcode', starts_with='1646', limit=1), ['16463437777']),
])
def test_search_with_each_filter(run_module, shop, args, found):
    result = run_module('flowroute_number_search', **dict(V2, **args))
    assert [item['number'] for item in result['numbers']] == found
    assert result['changed'] is False


def test_search_returns_the_costs_and_pages_up_to_the_limit(run_module, shop):
    shop.control('POST', 'available', [{'number': '1312555{0:04d}'.format(i), 'setup_cost': 1, 'monthly_cost': 1}
                                       for i in range(450)])
    result = run_module('flowroute_number_search', starts_with='312', limit=420, **V2)
    assert len(result['numbers']) == 420 and result['api_requests'] == 3
    assert result['numbers'][0] == {'number': '13125550000', 'setup_cost': 1.0, 'monthly_cost': 1.0,
                                    'rate_center': 'seattle', 'state': 'wa', 'number_type': 'standard'}
    first = run_module('flowroute_number_search', contains='9507', **V2)['numbers'][0]
    assert (first['setup_cost'], first['monthly_cost'], first['rate_center']) == (1.0, 1.25, 'nwyrcyzn01')


def test_area_codes_and_exchanges_with_a_setup_cost_filter(run_module, shop):
    assert run_module('flowroute_number_search', list='areacodes', **V2)['areacodes'] == ['201', '646', '844']
    assert run_module('flowroute_number_search', list='areacodes', max_setup_cost=0.5, **V2)['areacodes'] == ['844']
    assert run_module('flowroute_number_search', list='exchanges', areacode='646', max_setup_cost=1, **V2)['exchanges'] == ['646343']


@pytest.mark.parametrize('args, message', [
    (dict(rate_center='oradell'), 'state: is required with rate_center, e.g. NY with rate_center nwyrcyzn01'),
    (dict(starts_with='64-6'), "starts_with: must be 1 to 15 digits of a phone number, got '64-6'"),
    (dict(limit=0), 'limit: must be between 1 and 1000, got 0'),
    (dict(state='New York', rate_center='x'), "state: must be the two-letter state, e.g. NY, got 'New York'"),
    (dict(list='exchanges', areacode='6461'), "areacode: must be 1 to 3 digits of a phone number, got '6461'"),
])
def test_search_input_is_checked_before_any_request(run_module, shop, args, message):
    assert run_module('flowroute_number_search', **dict(V2, **args))['msg'] == message
    assert shop.requests() == []


# --- buying ---

def test_buy_within_the_limits_name_it_then_nothing(run_module, shop):
    result = run_module('flowroute_number', diff=True, number=NUMBER, max_setup_cost=1, max_monthly_cost=1.25,
                        alias='NYC office', cnam_lookups=False, **V2)
    assert result['changed'] is True and result['purchased'] == {'setup_cost': 1.0, 'monthly_cost': 1.25}
    assert result['diff']['before'] == {} and result['diff']['after']['alias'] == 'NYC office'
    assert writes(shop) == [('POST', '/v2/numbers/' + NUMBER), ('PATCH', '/v2/numbers/' + NUMBER)]
    assert json.loads(shop.requests('PATCH')[0]['body']) == {'type': 'number', 'alias': 'NYC office',
                                                             'cnam_lookups_enabled': 'false'}
    assert held(shop)[NUMBER]['alias'] == 'NYC office' and held(shop)[NUMBER]['cnam_lookups_enabled'] is False
    shop.account.log.clear()
    again = run_module('flowroute_number', number=NUMBER, max_setup_cost=1, max_monthly_cost=1.25, alias='NYC office',
                       cnam_lookups=False, **V2)
    assert again['changed'] is False and again['purchased'] is None and writes(shop) == []


@pytest.mark.parametrize('limits, message', [
    (dict(max_setup_cost=0.5, max_monthly_cost=2), 'max_setup_cost: number 16463439507 is not bought: it costs $1.00 to '
                                                   'set up and $1.25 a month, more than max_setup_cost $0.50'),
    (dict(max_setup_cost=1, max_monthly_cost=1), 'max_monthly_cost: number 16463439507 is not bought: it costs $1.00 to '
                                                 'set up and $1.25 a month, more than max_monthly_cost $1.00'),
    (dict(max_monthly_cost=2), 'max_setup_cost: number 16463439507 is not on this account, and buying it needs '
                               'max_setup_cost and max_monthly_cost: it costs $1.00 to set up and $1.25 a month'),
    (dict(), 'max_setup_cost: number 16463439507 is not on this account, and buying it needs max_setup_cost and '
             'max_monthly_cost: it costs $1.00 to set up and $1.25 a month'),
])
def test_over_either_limit_or_without_them_nothing_is_bought(run_module, shop, limits, message):
    for check_mode in (True, False):
        assert run_module('flowroute_number', check_mode=check_mode, number=NUMBER, **dict(V2, **limits))['msg'] == message
    assert writes(shop) == [] and NUMBER not in held(shop)


def test_check_mode_reports_the_purchase_and_its_costs_and_buys_nothing(run_module, shop):
    plan = run_module('flowroute_number', check_mode=True, number=NUMBER, max_setup_cost=1, max_monthly_cost=2, **V2)
    assert plan['changed'] is True and plan['purchased'] == {'setup_cost': 1.0, 'monthly_cost': 1.25}
    assert writes(shop) == [] and NUMBER not in held(shop)


def test_a_number_neither_held_nor_for_sale(run_module, shop):
    assert run_module('flowroute_number', number='19995550000', max_setup_cost=5, max_monthly_cost=5, **V2)['msg'] == (
        'number: 19995550000 is neither on this Flowroute account nor for sale (see flowroute.numbers.flowroute_number_search)')


def test_a_purchase_whose_answer_was_lost_buys_once(run_module, shop):
    shop.fault(method='POST', count=1, drop=True, applied=True)
    result = run_module('flowroute_number', number=NUMBER, max_setup_cost=1, max_monthly_cost=2, **V2)
    assert result.get('failed') is None and result['changed'] is True
    assert [entry['status'] for entry in shop.requests('POST')] == ['201 applied, then dropped']
    assert NUMBER in held(shop)


def test_insufficient_funds_gives_the_apis_reason(run_module, shop):
    shop.control('POST', 'settings', {'balance': 0.5})
    result = run_module('flowroute_number', number=NUMBER, max_setup_cost=1, max_monthly_cost=2, **V2)
    assert result['status'] == 403 and result['changed'] is False
    assert result['msg'].endswith('HTTP 403: Forbidden - Insufficient funds available to complete the request.')
    assert NUMBER not in held(shop)


@pytest.mark.parametrize('status', [200, 201])
def test_either_documented_purchase_status_is_success(run_module, shop, status):
    shop.control('POST', 'settings', {'purchase_status': status})
    assert run_module('flowroute_number', number=NUMBER, max_setup_cost=1, max_monthly_cost=2, **V2)['changed'] is True


# --- caller names ---

def test_a_pending_caller_name_then_approval_then_assignment_on_the_next_run(run_module, shop):
    shop.seed_numbers({'12065551234': None})
    made = run_module('flowroute_cnam', value='Example Corp', **V2)
    assert made['changed'] is True and made['cnam']['value'] == 'EXAMPLE CORP' and made['cnam']['is_approved'] is False
    pending = run_module('flowroute_number', number='12065551234', cnam='example corp', **V2)
    assert pending['changed'] is False and pending['pending'] == ['12065551234']
    assert pending['warnings'][0].startswith("cnam: the CNAM record 'EXAMPLE CORP' (id 30001) is pending approval")
    assert [call for call in writes(shop) if 'relationships' in call[1]] == []
    shop.control('POST', 'cnams/approve', {'id': '30001'})
    assigned = run_module('flowroute_number', number='12065551234', cnam='EXAMPLE CORP', **V2)
    assert assigned['changed'] is True and assigned['number']['cnam'] == '30001' and assigned['pending'] == []
    assert writes(shop)[-1] == ('PATCH', '/v2/numbers/12065551234/relationships/cnams/30001')
    assert held(shop)['12065551234']['cnam'] == '30001'
    assert run_module('flowroute_number', number='12065551234', cnam='EXAMPLE CORP', **V2)['changed'] is False
    again = run_module('flowroute_cnam', value='EXAMPLE CORP', **V2)
    assert again['changed'] is False and again['cnam']['is_approved'] is True and again['cnam']['approval_datetime']


def test_the_other_assignment_path_is_tried_once_and_remembered(run_module, shop):
    shop.control('POST', 'settings', {'cnam_path': 'cnam'})
    shop.seed_numbers({'12065551234': None})
    run_module('flowroute_cnam', value='EXAMPLE', **V2)
    shop.control('POST', 'cnams/approve', {'id': '30001'})
    assert run_module('flowroute_number', number='12065551234', cnam='EXAMPLE', **V2)['changed'] is True
    assert [(call, entry['status']) for call, entry in zip(writes(shop), [e for e in shop.requests() if e['method'] != 'GET'])
            if 'relationships' in call[1]] == [
        (('PATCH', '/v2/numbers/12065551234/relationships/cnams/30001'), 404),
        (('PATCH', '/v2/numbers/12065551234/relationships/cnam/30001'), 202)]


def test_a_caller_name_with_no_record_is_planned_in_check_mode_and_refused_for_real(run_module, shop):
    shop.seed_numbers({'12065551234': None})
    plan = run_module('flowroute_number', check_mode=True, number='12065551234', cnam='NEW NAME', **V2)
    assert plan['changed'] is True and 'create it first (flowroute.numbers.flowroute_cnam)' in plan['warnings'][0]
    assert run_module('flowroute_number', number='12065551234', cnam='NEW NAME', **V2)['msg'] == (
        "cnam: there is no CNAM record 'NEW NAME' on this account; create it first (flowroute.numbers.flowroute_cnam)")


def test_a_caller_name_is_checked_before_any_request(run_module, shop):
    for value in ('1234', 'A' * 16, 'Bad|Name'):
        assert run_module('flowroute_cnam', value=value, **V2)['msg'].startswith('value: a caller name is 1 to 15 letters')
    assert shop.requests() == []


def test_a_cnam_record_is_deleted_on_request(run_module, shop):
    run_module('flowroute_cnam', value='GONE SOON', **V2)
    gone = run_module('flowroute_cnam', value='Gone soon', state='absent', **V2)
    assert gone['changed'] is True and gone['cnam'] is None and writes(shop)[-1] == ('DELETE', '/v2/cnams/30001')
    assert run_module('flowroute_cnam', value='Gone soon', state='absent', **V2)['changed'] is False


# --- releasing ---

def test_release_needs_both_keys_and_no_e911_address(run_module, shop):
    shop.seed_numbers({'12065551234': None})
    refused = run_module('flowroute_number', number='12065551234', state='absent', **V2)
    assert refused['msg'] == ('release: state absent releases number 12065551234 from the account, and Flowroute cannot '
                              'undo a release; set release: true as well to release it')
    assert shop.requests() == []
    shop.account.tns['12065551234']['e911'] = '20001'
    attached = run_module('flowroute_number', number='12065551234', state='absent', release=True, **V2)
    assert attached['msg'] == ('state: number 12065551234 still has E911 address 20001; detach it first '
                               '(flowroute.numbers.flowroute_e911), then release it')
    shop.account.tns['12065551234']['e911'] = None
    released = run_module('flowroute_number', number='12065551234', state='absent', release=True, **V2)
    assert released['changed'] is True and writes(shop) == [('DELETE', '/v2/numbers/12065551234')]
    assert '12065551234' not in held(shop)
    assert run_module('flowroute_number', number='12065551234', state='absent', release=True, **V2)['changed'] is False


def test_over_v1_every_option_that_needs_v2_is_refused_naming_it(run_module, shop):
    assert run_module('flowroute_number', number=NUMBER, alias='x', max_setup_cost=1)['msg'].startswith(
        'max_setup_cost, alias: number aliases, CNAM lookups, purchases and releases exist only in the Flowroute v2 API')
    assert run_module('flowroute_number', number=NUMBER, state='absent', release=True)['msg'].startswith('state: ')
    assert run_module('flowroute_cnam', value='X')['msg'].startswith(
        'api_version: CNAM records exist only in the Flowroute v2 API')
    assert run_module('flowroute_number_search', starts_with='646')['msg'].startswith('api_version: ')
    assert shop.requests() == []
