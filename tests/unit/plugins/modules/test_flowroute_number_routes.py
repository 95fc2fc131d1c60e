# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""flowroute_number_routes' main(), in-process."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

NUMBER = '12065551234'


@pytest.fixture
def account(emulator):
    emulator.seed_routes({'HOSTRoute1': {'type': 'HOST', 'value': '24.239.23.40:5060'},
                          'PSTNRoute1': {'type': 'PSTN', 'value': '18002364455'}})
    emulator.seed_numbers({NUMBER: None})
    return emulator


def test_sets_both_then_nothing(run_module, account):
    first = run_module('flowroute_number_routes', diff=True, number='+' + NUMBER, primary_route='HOSTRoute1',
                       failover_route='PSTNRoute1')
    assert first['changed'] is True
    assert first['diff'] == {'before': {'primary_route': 'sip-reg', 'failover_route': 'sip-reg'},
                             'after': {'primary_route': 'HOSTRoute1', 'failover_route': 'PSTNRoute1'}}
    assert first['number'] == {'number': NUMBER, 'billing_method': 'METERED', 'alias': None,
                               'primary_route': {'name': 'HOSTRoute1', 'type': 'HOST', 'value': '24.239.23.40:5060'},
                               'failover_route': {'name': 'PSTNRoute1', 'type': 'PSTN', 'value': '18002364455'}}
    assert [json.loads(patch['body']) for patch in account.requests('PATCH')] == [
        {'routes': [{'name': 'HOSTRoute1'}, {'name': 'PSTNRoute1'}]}]
    second = run_module('flowroute_number_routes', number=NUMBER, primary_route='HOSTRoute1', failover_route='PSTNRoute1')
    assert second['changed'] is False and len(account.requests('PATCH')) == 1


def test_check_mode_sends_no_patch(run_module, account):
    result = run_module('flowroute_number_routes', check_mode=True, number=NUMBER, primary_route='HOSTRoute1')
    assert result['changed'] is True
    assert result['number']['primary_route']['name'] == 'HOSTRoute1'
    assert account.requests('PATCH') == []


def test_keeps_the_slot_not_given(run_module, account):
    account.seed_numbers({NUMBER: ['HOSTRoute1', 'PSTNRoute1']})
    run_module('flowroute_number_routes', number=NUMBER, primary_route='sip-reg')
    assert json.loads(account.requests('PATCH')[0]['body']) == {'routes': [{'name': 'sip-reg'}, {'name': 'PSTNRoute1'}]}


def test_a_slot_with_no_route_must_be_given(run_module, account, monkeypatch):
    # a v1 number whose failover slot came back empty: v1 always sends both slots, so one is needed
    from ansible_collections.flowroute.numbers.plugins.module_utils import client_v1
    real = client_v1.V1Client.get_number

    def one_slot(self, number):
        found = real(self, number)
        found['failover_route'] = None
        return found
    monkeypatch.setattr(client_v1.V1Client, 'get_number', one_slot)
    result = run_module('flowroute_number_routes', number=NUMBER, primary_route='HOSTRoute1')
    assert result['msg'] == 'failover_route: number 12065551234 has none now, so give one'
    assert account.requests('PATCH') == []


@pytest.mark.parametrize('args, message', [
    (dict(number='19995550000', primary_route='HOSTRoute1'), 'number: 19995550000 is not on this Flowroute account'),
    (dict(number=NUMBER, failover_route='NoSuchRoute'),
     'failover_route: route NoSuchRoute does not exist on this Flowroute account; create it first '
     '(flowroute.numbers.flowroute_route)'),
])
def test_unknown_number_or_route_fails_before_any_write(run_module, account, args, message):
    result = run_module('flowroute_number_routes', **args)
    assert result['msg'] == message and result['status'] is None
    assert account.requests('PATCH') == []


def test_refused_patch_has_status_and_api_error(run_module, account):
    account.fault(method='PATCH', count=1, status=404, body={'error': 'Route not found'})
    result = run_module('flowroute_number_routes', number=NUMBER, primary_route='HOSTRoute1')
    assert result['msg'] == ('could not set the routes of number 12065551234: PATCH /v1/tns/12065551234 failed: '
                             'HTTP 404: Route not found')
    assert (result['status'], result['api_error'], result['changed']) == (404, 'Route not found', False)
