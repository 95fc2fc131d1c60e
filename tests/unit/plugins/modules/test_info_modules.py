# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""flowroute_route_info and flowroute_number_info main(), in-process."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest


def test_route_info_all_by_name_and_by_type(run_module, emulator):
    emulator.seed_routes({'A': {'type': 'host', 'value': '1.2.3.4'}, 'B': {'type': 'PSTN', 'value': '+18002364455'}})
    everything = run_module('flowroute_route_info', check_mode=True)
    assert everything['changed'] is False
    assert everything['routes'] == [{'name': 'sip-reg', 'type': 'SIP-REG', 'value': None},
                                    {'name': 'A', 'type': 'HOST', 'value': '1.2.3.4'},
                                    {'name': 'B', 'type': 'PSTN', 'value': '18002364455'}]
    assert run_module('flowroute_route_info', name='B')['routes'] == [{'name': 'B', 'type': 'PSTN', 'value': '18002364455'}]
    assert run_module('flowroute_route_info', name='b')['routes'] == []
    assert [r['name'] for r in run_module('flowroute_route_info', type='Host')['routes']] == ['A']
    assert run_module('flowroute_route_info', type='bogus')['msg'] == (
        "type: must be one of HOST, PSTN, URI or SIP-REG (any case), got 'bogus'")


def test_number_info(run_module, emulator):
    emulator.seed_numbers({'12065551234': None, '13125550000': None})
    assert [n['number'] for n in run_module('flowroute_number_info')['numbers']] == ['12065551234', '13125550000']
    assert [n['number'] for n in run_module('flowroute_number_info', pattern='1312')['numbers']] == ['13125550000']
    one = run_module('flowroute_number_info', number='+12065551234')['numbers']
    assert one == [{'number': '12065551234', 'billing_method': 'METERED', 'alias': None,
                    'primary_route': {'name': 'sip-reg', 'type': 'SIP-REG', 'value': None},
                    'failover_route': {'name': 'sip-reg', 'type': 'SIP-REG', 'value': None}}]
    assert run_module('flowroute_number_info', number='19995550000')['numbers'] == []


# --- issue 9 defect: an empty filter returned everything (numbers) or nothing (routes) ---
@pytest.mark.parametrize('module, option', [('flowroute_number_info', 'number'), ('flowroute_number_info', 'pattern'),
                                            ('flowroute_route_info', 'name'), ('flowroute_route_info', 'type')])
def test_empty_filter_is_an_input_error_sent_nowhere(run_module, emulator, module, option):
    result = run_module(module, **{option: ''})
    assert result['failed'] is True
    assert result['msg'] == '{0}: is empty; leave it out to return everything'.format(option)
    assert emulator.requests() == []
