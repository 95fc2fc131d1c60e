# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""flowroute_e911 and flowroute_e911_info in-process against the emulator: the address, its numbers, and the order
Flowroute demands."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

V2 = dict(api_version='v2')
SEATTLE = {'first_name': 'Albus', 'last_name': 'Rasputin, Jr.', 'street_number': '666', 'street_name': 'Main St',
           'address_type': 'suite', 'address_type_number': '333', 'city': 'Seattle', 'state': 'wa', 'zip': '98101',
           'country': 'us'}
STORED = dict(SEATTLE, address_type='Suite', state='WA', country='US')
PORTLAND = {'first_name': 'Example', 'last_name': 'Corp', 'street_number': '1', 'street_name': 'Oak St', 'city': 'Portland',
            'state': 'OR', 'zip': '97201', 'country': 'US'}
N1, N2, N3 = '12065551234', '12065551235', '12065551236'


@pytest.fixture
def account(emulator):
    emulator.seed_numbers({N1: None, N2: None, N3: None})
    return emulator


def seed(emulator, label, address, numbers=()):
    return emulator.control('POST', 'e911s', [dict(address, label=label, numbers=list(numbers))])['ids'][0]


def calls(emulator):
    return [(entry['method'], entry['path']) for entry in emulator.requests() if entry['method'] != 'GET']


def state(emulator):
    return emulator.control('GET', 'state')


def test_create_with_numbers_then_nothing(run_module, account):
    result = run_module('flowroute_e911', diff=True, label='Seattle office', address=SEATTLE, numbers=[N1, '+' + N2], **V2)
    assert result['changed'] is True and result['attached'] == [N1, N2]
    assert result['e911'] == {'id': '20001', 'label': 'Seattle office', 'address': STORED, 'numbers': [N1, N2]}
    assert result['diff'] == {'before': {}, 'after': {'label': 'Seattle office', 'address': STORED, 'numbers': [N1, N2]}}
    assert calls(account) == [('POST', '/v2/e911s/validate'), ('POST', '/v2/e911s'),
                              ('PATCH', '/v2/numbers/{0}/relationships/e911s/20001'.format(N1)),
                              ('PATCH', '/v2/numbers/{0}/relationships/e911s/20001'.format(N2))]
    assert state(account)['e911s']['20001']['numbers'] == [N1, N2]
    account.account.log.clear()
    again = run_module('flowroute_e911', label='Seattle office', address=SEATTLE, numbers=[N2, N1], **V2)
    assert again['changed'] is False and calls(account) == []


def test_a_field_that_differs_is_validated_then_patched_alone(run_module, account):
    seed(account, 'Seattle office', STORED, [N1])
    moved = dict(SEATTLE, street_number='700')
    result = run_module('flowroute_e911', diff=True, label='Seattle office', address=moved, **V2)
    assert result['changed'] is True
    assert result['diff']['before']['address']['street_number'] == '666'
    assert result['diff']['after'] == {'label': 'Seattle office', 'address': dict(STORED, street_number='700'), 'numbers': [N1]}
    assert calls(account) == [('POST', '/v2/e911s/validate'), ('PATCH', '/v2/e911s/20001')]
    assert json.loads(account.requests('PATCH')[0]['body'])['data']['attributes'] == {'street_number': '700'}


def test_moving_a_number_between_two_addresses_is_one_charged_write(run_module, account):
    seed(account, 'Seattle office', STORED, [N1, N2])
    seed(account, 'Portland office', PORTLAND)
    result = run_module('flowroute_e911', label='Portland office', address=PORTLAND, numbers=[N2], **V2)
    assert result['changed'] is True and result['attached'] == [N2]
    assert calls(account) == [('PATCH', '/v2/numbers/{0}/relationships/e911s/20002'.format(N2))]
    assert state(account)['e911_charges'] == [{'number': N2, 'e911': '20002'}]
    assert state(account)['e911s']['20001']['numbers'] == [N1]


def test_exclusive_refuses_to_leave_a_number_without_address_unless_allowed(run_module, account):
    seed(account, 'Seattle office', STORED, [N1, N2, N3])
    refused = run_module('flowroute_e911', label='Seattle office', address=SEATTLE, numbers=[N1], numbers_exclusive=True, **V2)
    assert refused['msg'] == ('allow_numbers_without_e911: numbers_exclusive would leave 12065551235, 12065551236 without '
                              'an E911 address (a 911 call from them is billed and may not reach help); give them another '
                              'address first, or set allow_numbers_without_e911: true')
    assert calls(account) == []
    done = run_module('flowroute_e911', label='Seattle office', address=SEATTLE, numbers=[N1], numbers_exclusive=True,
                      allow_numbers_without_e911=True, **V2)
    assert done['detached'] == [N2, N3] and done['e911']['numbers'] == [N1]
    assert calls(account) == [('DELETE', '/v2/numbers/{0}/relationships/e911s'.format(N2)),
                              ('DELETE', '/v2/numbers/{0}/relationships/e911s'.format(N3))]


@pytest.mark.parametrize('in_use_status', [403, 409])
def test_absent_detaches_every_number_first_then_deletes(run_module, account, in_use_status):
    account.control('POST', 'settings', {'e911_in_use_status': in_use_status})
    seed(account, 'Old warehouse', STORED, [N1, N2])
    refused = run_module('flowroute_e911', label='Old warehouse', state='absent', **V2)
    assert refused['msg'].startswith("allow_numbers_without_e911: deleting E911 address 'Old warehouse' would leave "
                                     "12065551234, 12065551235 without an E911 address")
    plan = run_module('flowroute_e911', check_mode=True, diff=True, label='Old warehouse', state='absent',
                      allow_numbers_without_e911=True, **V2)
    assert plan['changed'] is True and plan['diff']['after'] == {} and calls(account) == []
    done = run_module('flowroute_e911', label='Old warehouse', state='absent', allow_numbers_without_e911=True, **V2)
    assert done['changed'] is True and done['detached'] == [N1, N2] and done['e911'] is None
    assert calls(account) == [('DELETE', '/v2/numbers/{0}/relationships/e911s'.format(N1)),
                              ('DELETE', '/v2/numbers/{0}/relationships/e911s'.format(N2)),
                              ('DELETE', '/v2/e911s/20001')]
    assert state(account)['e911s'] == {}
    assert run_module('flowroute_e911', label='Old warehouse', state='absent', **V2)['changed'] is False


def test_an_address_the_api_cannot_geocode_fails_with_its_reason_and_no_write(run_module, account):
    result = run_module('flowroute_e911', label='Nowhere', address=dict(SEATTLE, street_name='Nowhere Rd'), numbers=[N1], **V2)
    assert result['status'] == 400
    assert result['msg'] == ("the API refused the address 'Nowhere': POST /v2/e911s/validate failed: HTTP 400: Client "
                             "Error - Could not geocode this address. Please check the validity of your address.")
    assert calls(account) == [('POST', '/v2/e911s/validate')]


def test_check_mode_validates_and_sends_no_write(run_module, account):
    plan = run_module('flowroute_e911', check_mode=True, label='Seattle office', address=SEATTLE, numbers=[N1], **V2)
    assert plan['changed'] is True and plan['attached'] == [N1] and plan['e911']['id'] is None
    assert calls(account) == [('POST', '/v2/e911s/validate')]
    bad = run_module('flowroute_e911', check_mode=True, label='X', address=dict(SEATTLE, street_name='nowhere'), **V2)
    assert bad['status'] == 400


def test_the_rules_refuse_before_any_request_naming_the_field(run_module, account):
    for address, message in (
            (dict(SEATTLE, zip='9810'), "address.zip: must be five digits, e.g. 98104 for country US, got '9810'"),
            (dict(SEATTLE, address_type_number=None), 'address.address_type_number: is required: which suite, e.g. 333'),
            (dict(SEATTLE, country='USA'), "address.country: must be US or CA, got 'USA'"),
            (dict(SEATTLE, city=None), 'address.city: is required: the address needs it')):
        assert run_module('flowroute_e911', label='Seattle office', address=address, **V2)['msg'] == message
    assert account.requests() == []


def test_a_number_that_does_not_support_emergency_services_fails_with_the_apis_reason(run_module, emulator):
    emulator.seed_numbers({N1: None})
    emulator.account.tns[N1]['emergency'] = False
    result = run_module('flowroute_e911', label='Seattle office', address=SEATTLE, numbers=[N1], **V2)
    assert result['status'] == 422 and result['changed'] is True        # the address was made before the refusal
    assert 'Cannot assign an E911 record to a number that does not support emergency services.' in result['msg']


def test_a_number_not_on_the_account_is_planned_in_check_mode_and_refused_for_real(run_module, account):
    plan = run_module('flowroute_e911', check_mode=True, label='Seattle office', address=SEATTLE, numbers=['19995550000'], **V2)
    assert plan['changed'] is True and 'numbers: 19995550000 is not on this Flowroute account' in plan['warnings'][0]
    real = run_module('flowroute_e911', label='Seattle office', address=SEATTLE, numbers=['19995550000'], **V2)
    assert real['msg'] == 'numbers: 19995550000 is not on this Flowroute account'


def test_two_addresses_with_one_label_fail_naming_both(run_module, account):
    seed(account, 'Twin', STORED)
    seed(account, 'Twin', PORTLAND)
    result = run_module('flowroute_e911', label='Twin', address=SEATTLE, **V2)
    assert result['msg'] == "label: 2 E911 addresses have the label 'Twin' (ids 20001, 20002); give all but one another label first"


def test_v1_is_refused_before_any_request(run_module, account):
    for module, args in (('flowroute_e911', dict(label='X', address=SEATTLE)), ('flowroute_e911_info', {})):
        assert run_module(module, **args)['msg'] == ('api_version: E911 addresses exist only in the Flowroute v2 API '
                                                     '(contract v2 section 6); set api_version=v2')
    assert account.requests() == []


def test_info_lists_addresses_with_numbers_and_the_numbers_without_any(run_module, account):
    seed(account, 'Seattle office', STORED, [N1])
    seed(account, 'Portland office', PORTLAND, [N3])
    result = run_module('flowroute_e911_info', **V2)
    assert [(address['label'], address['numbers']) for address in result['addresses']] == [
        ('Seattle office', [N1]), ('Portland office', [N3])]
    assert result['addresses'][0]['address'] == STORED and result['numbers_without_e911'] == [N2]
    one = run_module('flowroute_e911_info', label='Portland office', **V2)
    assert [address['id'] for address in one['addresses']] == ['20002'] and one['numbers_without_e911'] == []
