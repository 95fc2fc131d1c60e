# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Numbers as code through ansible-playbook, over v2: find, buy within a spending limit, name, caller name, release
only on request."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

pytestmark = pytest.mark.parametrize('api', ['v2'], indirect=True)
NUMBER = '16463439507'
FOR_SALE = [{'number': NUMBER, 'setup_cost': 1, 'monthly_cost': 1.25, 'rate_center': 'nwyrcyzn01', 'state': 'ny'},
            {'number': '16463437777', 'setup_cost': 3, 'monthly_cost': 1.25, 'rate_center': 'nwyrcyzn01', 'state': 'ny'},
            {'number': '18445550000', 'setup_cost': 0, 'monthly_cost': 2, 'number_type': 'toll-free'}]
SEARCHES = '''    - flowroute.numbers.flowroute_number_search: {starts_with: "646"}
    - flowroute.numbers.flowroute_number_search: {contains: "7777"}
    - flowroute.numbers.flowroute_number_search: {ends_with: "9507"}
    - flowroute.numbers.flowroute_number_search: {rate_center: nwyrcyzn01, state: NY}
    - flowroute.numbers.flowroute_number_search: {number_type: toll-free}
    - flowroute.numbers.flowroute_number_search: {list: areacodes, max_setup_cost: 1}
'''
BUY = '''    - flowroute.numbers.flowroute_number:
        number: "{number}"
        max_setup_cost: {setup}
        max_monthly_cost: 1.25
        alias: NYC office
        cnam_lookups: false
'''


@pytest.fixture
def shop(emulator):
    emulator.control('POST', 'available', FOR_SALE)
    return emulator


def writes(emulator):
    return [(entry['method'], entry['path']) for entry in emulator.requests() if entry['method'] != 'GET']


@pytest.mark.subset
def test_search_then_plan_then_buy_within_limits_then_nothing(shop, playbook):
    found = playbook(shop, SEARCHES)
    assert found.rc == 0, found.output
    assert [[item['number'] for item in task['numbers']] for task in found.tasks()[:5]] == [
        ['16463437777', NUMBER], ['16463437777'], [NUMBER], ['16463437777', NUMBER], ['18445550000']]
    assert found.task(5)['areacodes'] == ['646', '844'] and found.task(0)['numbers'][1]['setup_cost'] == 1.0

    refused = playbook(shop, BUY.format(number='16463437777', setup=2))
    assert refused.rc != 0 and refused.task(0)['msg'] == (
        'max_setup_cost: number 16463437777 is not bought: it costs $3.00 to set up and $1.25 a month, more than '
        'max_setup_cost $2.00')
    plan = playbook(shop, BUY.format(number=NUMBER, setup=1), '--check', '--diff')
    assert plan.rc == 0 and plan.task(0)['purchased'] == {'setup_cost': 1.0, 'monthly_cost': 1.25}
    assert writes(shop) == []
    shop.control('POST', 'faults', {'method': 'POST', 'count': 1, 'drop': True, 'applied': True})
    bought = playbook(shop, BUY.format(number=NUMBER, setup=1))
    assert bought.rc == 0 and bought.task(0)['changed'] is True, bought.output
    assert writes(shop) == [('POST', '/v2/numbers/' + NUMBER), ('PATCH', '/v2/numbers/' + NUMBER)]   # bought once
    again = playbook(shop, BUY.format(number=NUMBER, setup=1))
    assert again.rc == 0 and again.task(0)['changed'] is False and len(writes(shop)) == 2


def test_insufficient_funds_gives_the_apis_reason(shop, playbook):
    shop.control('POST', 'settings', {'balance': 0.5})
    result = playbook(shop, BUY.format(number=NUMBER, setup=1))
    assert result.rc != 0 and result.task(0)['status'] == 403
    assert result.task(0)['api_error'] == 'Forbidden - Insufficient funds available to complete the request.'


CALLER_NAME = '''    - flowroute.numbers.flowroute_cnam: {value: Example Corp}
      register: record
    - flowroute.numbers.flowroute_number: {number: "12065551234", cnam: Example Corp}
'''


def test_a_pending_caller_name_then_approval_then_the_next_run_assigns_it(shop, playbook):
    shop.control('POST', 'tns', {'12065551234': None})
    first = playbook(shop, CALLER_NAME)
    assert first.rc == 0, first.output
    assert first.task(0)['cnam']['is_approved'] is False and first.task(1)['pending'] == ['12065551234']
    assert [call for call in writes(shop) if 'relationships' in call[1]] == []
    shop.control('POST', 'cnams/approve', {'id': first.task(0)['cnam']['id']})
    second = playbook(shop, CALLER_NAME)
    assert second.rc == 0 and [task['changed'] for task in second.tasks()] == [False, True]
    assert writes(shop)[-1] == ('PATCH', '/v2/numbers/12065551234/relationships/cnams/30001')


RELEASE = '''    - flowroute.numbers.flowroute_number:
        number: "12065551234"
        state: absent
{extra}'''


def test_release_only_with_both_keys_and_no_e911_address(shop, playbook):
    shop.control('POST', 'tns', {'12065551234': None})
    shop.control('POST', 'e911s', [{'label': 'Site', 'first_name': 'A', 'last_name': 'B', 'street_number': '1',
                                    'street_name': 'Main St', 'city': 'Seattle', 'state': 'WA', 'zip': '98101',
                                    'country': 'US', 'numbers': ['12065551234']}])
    typo = playbook(shop, RELEASE.format(extra=''))
    assert typo.rc != 0 and typo.task(0)['msg'].startswith('release: state absent releases number 12065551234')
    attached = playbook(shop, RELEASE.format(extra='        release: true\n'))
    assert attached.rc != 0 and 'still has E911 address 20001' in attached.task(0)['msg']
    assert writes(shop) == []
    shop.control('POST', 'tns', {'12065551234': None})          # the address detached
    released = playbook(shop, RELEASE.format(extra='        release: true\n'))
    assert released.rc == 0 and released.task(0)['changed'] is True
    assert writes(shop) == [('DELETE', '/v2/numbers/12065551234')]
