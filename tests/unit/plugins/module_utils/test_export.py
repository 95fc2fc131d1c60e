# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""An account as the vars the bulk modules take: what is exported, and every problem named with its ids."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.flowroute.numbers.plugins.module_utils.client import route_record
from ansible_collections.flowroute.numbers.plugins.module_utils.export import (
    export_account,
    export_e911,
    export_numbers,
    export_routes,
)
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import check_number_items, check_routes

SIP_REG = route_record('sip-reg', 'SIP-REG', None, '0')
POPS = [{'id': '4', 'name': 'US-East-VA', 'naptr': 'x'}, {'id': '1', 'name': 'US-West-OR'}]


def v2_route(route_id, name, route_type='HOST', value='1.2.3.4', edge=None):
    return route_record(name, route_type, value, route_id, edge)


def test_routes_are_items_of_flowroute_routes_sorted_canonical_and_without_sip_reg():
    routes = [SIP_REG, v2_route('12', 'b pstn', 'PSTN', '+18002364455'), v2_route('11', 'A host', edge='4'),
              v2_route('13', 'c uri', 'URI', 'sip:a@b.example;transport=tcp')]
    items, names, problems = export_routes(routes, POPS, 'v2')
    assert items == [{'name': 'A host', 'type': 'HOST', 'value': '1.2.3.4', 'edge_strategy': 'US-East-VA'},
                     {'name': 'b pstn', 'type': 'PSTN', 'value': '18002364455'},
                     {'name': 'c uri', 'type': 'URI', 'value': 'sip:a@b.example;transport=tcp'}]
    assert names == {'11': 'A host', '12': 'b pstn', '13': 'c uri'} and problems == []
    # the items are exactly what flowroute_routes takes
    assert [dict(route, edge_strategy=item.get('edge_strategy')) for route, item in
            zip(check_routes(items, version='v2'), items)] == [dict(item, edge_strategy=item.get('edge_strategy'))
                                                               for item in items]


def test_over_v1_routes_are_named_and_have_no_edge():
    items, names, problems = export_routes([route_record('sip-reg', 'SIP-REG', None), route_record('R1', 'HOST', 'x.example')],
                                           None, 'v1')
    assert items == [{'name': 'R1', 'type': 'HOST', 'value': 'x.example'}] and names == {'R1': 'R1'} and problems == []


def test_two_routes_with_one_alias_export_the_lowest_id_and_a_problem_naming_both():
    items, names, problems = export_routes([v2_route('30', 'dup', value='5.5.5.5'), v2_route('9', 'dup')], POPS, 'v2')
    assert items == [{'name': 'dup', 'type': 'HOST', 'value': '1.2.3.4'}] and names == {'30': 'dup', '9': 'dup'}
    assert problems == [{'kind': 'duplicate_alias', 'route': 'dup', 'ids': ['30', '9'], 'message': (
        "2 routes have the alias 'dup' (ids 30, 9); the export holds route 9 (the lowest id, the one every run of the "
        "modules takes); keep one with flowroute.numbers.flowroute_routes and prune, or give the others their own alias "
        "with flowroute.numbers.flowroute_route and id")}]


def test_a_name_or_value_the_modules_refuse_is_a_problem_not_an_item():
    routes = [v2_route('5', 'a/b'), v2_route('6', 'ok', 'PSTN', '178'), route_record('R', 'FAX', 'x', '7')]
    items, names, problems = export_routes(routes, POPS, 'v2')
    assert items == [] and names == {'5': None, '6': None, '7': None}
    assert [(p['kind'], p['route'], p['ids']) for p in problems] == [('invalid_route', 'R', ['7']),
                                                                     ('invalid_route', 'a/b', ['5']),
                                                                     ('invalid_route', 'ok', ['6'])]
    assert problems[2]['message'].startswith("route 'ok' (id 6) cannot be written back as it is (value: a PSTN route "
                                             "takes an E.164 number")
    v1 = export_routes([route_record('Office PBX', 'HOST', '1.2.3.4')], None, 'v1')[2][0]['message']
    assert v1.startswith("route 'Office PBX' cannot be written back as it is (name: must contain only the letters")


def test_an_edge_strategy_the_api_does_not_list_is_left_out_and_said():
    items, names, problems = export_routes([v2_route('5', 'R', edge='77')], POPS, 'v2')
    assert items == [{'name': 'R', 'type': 'HOST', 'value': '1.2.3.4'}]
    assert problems[0]['kind'] == 'unknown_edge_strategy' and problems[0]['ids'] == ['5']


def v2_number(number, primary='0', failover=None, alias=None):
    def slot(route_id):
        return None if route_id is None else route_record(None, None, None, route_id)
    return {'number': number, 'primary_route': slot(primary), 'failover_route': slot(failover), 'alias': alias}


def test_numbers_are_items_of_flowroute_number_routes_by_route_name():
    names = {'11': 'A host', '12': 'b pstn'}
    numbers = [v2_number('13125550000', '12', '11', 'NYC Number'), v2_number('12065551234')]
    items, problems = export_numbers(numbers, names, 'v2')
    assert items == [{'number': '12065551234', 'primary_route': 'sip-reg'},
                     {'number': '13125550000', 'primary_route': 'b pstn', 'failover_route': 'A host', 'alias': 'NYC Number'}]
    assert problems == []
    assert len(check_number_items(items, 'v2')) == 2


def test_over_v1_numbers_name_their_routes_and_both_slots():
    number = {'number': '12065551234', 'primary_route': route_record('R1', 'HOST', 'x'),
              'failover_route': route_record('sip-reg', 'SIP-REG', None), 'alias': None}
    assert export_numbers([number], {'R1': 'R1'}, 'v1') == (
        [{'number': '12065551234', 'primary_route': 'R1', 'failover_route': 'sip-reg'}], [])


def test_a_number_routed_to_a_missing_or_unexportable_route_keeps_the_rest_and_says_so():
    items, problems = export_numbers([v2_number('12065551234', '777', '5'), v2_number('13125550000', '5', None)],
                                     {'5': None}, 'v2')
    assert items == []
    assert [(p['kind'], p['number'], p['ids']) for p in problems] == [
        ('missing_route', '12065551234', ['777']), ('unexportable_route', '12065551234', ['5']),
        ('number_left_out', '12065551234', []), ('unexportable_route', '13125550000', ['5']),
        ('number_left_out', '13125550000', [])]
    assert problems[0]['message'] == ('number 12065551234: its primary_route is route id 777, which is not in the route '
                                      'list; point the number at a route that is '
                                      '(flowroute.numbers.flowroute_number_routes); the export leaves the primary_route out')


def test_the_whole_account_with_edge_strategies_over_v2_only():
    exported = export_account([SIP_REG, v2_route('5', 'R')], POPS, [v2_number('12065551234', '5')], 'v2')
    assert exported == {'routes': [{'name': 'R', 'type': 'HOST', 'value': '1.2.3.4'}],
                        'numbers': [{'number': '12065551234', 'primary_route': 'R'}], 'problems': [],
                        'edge_strategies': POPS}
    assert 'edge_strategies' not in export_account([], None, [], 'v1')


ADDRESS = {'first_name': 'A', 'last_name': 'B', 'street_number': '1', 'street_name': 'Main St', 'address_type': '',
           'address_type_number': '', 'city': 'Seattle', 'state': 'WA', 'zip': '98101', 'country': 'US'}


def test_e911_addresses_sorted_by_label_with_their_numbers_sorted():
    items, problems = export_e911([{'id': '2', 'label': 'b', 'address': ADDRESS, 'numbers': ['13', '12']},
                                   {'id': '1', 'label': 'a', 'address': ADDRESS, 'numbers': []}])
    assert items == [{'label': 'a', 'address': ADDRESS, 'numbers': []},
                     {'label': 'b', 'address': ADDRESS, 'numbers': ['12', '13']}] and problems == []


def test_an_e911_address_the_rules_refuse_is_a_problem_naming_it():
    items, problems = export_e911([{'id': '7', 'label': 'Old', 'address': dict(ADDRESS, zip='1'), 'numbers': []}])
    assert items == []
    assert problems == [{'kind': 'invalid_e911', 'label': 'Old', 'ids': ['7'], 'message': (
        "E911 address 'Old' (id 7) cannot be written back as it is (address.zip: must be five digits, e.g. 98104 for "
        "country US, got '1'); correct it in the portal, then export again")}]


def test_addresses_are_exported_only_when_read():
    assert export_account([], None, [], 'v2', [])['e911_addresses'] == []
    assert 'e911_addresses' not in export_account([], None, [], 'v2')
    exported = export_account([], None, [], 'v2', [{'id': '1', 'label': 'x', 'address': dict(ADDRESS, zip='1'),
                                                    'numbers': []}])
    assert [problem['kind'] for problem in exported['problems']] == ['invalid_e911']


def test_every_problem_message_says_what_to_do():
    routes = [v2_route('5', 'R', edge='77'), route_record(None, 'HOST', '1.2.3.4', '6')]
    items, names, problems = export_routes(routes, POPS, 'v2')
    assert problems[0]['message'] == ("route None (id 6) cannot be written back as it is (name: a route name is required "
                                      "(letters and digits only, e.g. HOSTRoute1)); give it a name and value the modules "
                                      "take (over api_version v2 with flowroute.numbers.flowroute_route and id), then "
                                      "export again")
    assert problems[1] == {'kind': 'unknown_edge_strategy', 'route': 'R', 'ids': ['5'], 'message': (
        "route 'R' (id 5) has edge strategy 77, which the API does not list; the export leaves its edge_strategy out")}
    numbers, number_problems = export_numbers([v2_number('12065551234', '6', None)], names, 'v2')
    assert number_problems == [
        {'kind': 'unexportable_route', 'number': '12065551234', 'ids': ['6'], 'message': (
            'number 12065551234: its primary_route is route 6, which the export cannot hold (see its problem); the export '
            'leaves the primary_route out')},
        {'kind': 'number_left_out', 'number': '12065551234', 'ids': [], 'message': (
            'number 12065551234 has nothing the export can hold, so it is not in numbers')}]


def test_over_v1_an_invalid_route_has_no_ids_to_name():
    problems = export_routes([route_record('Office PBX', 'HOST', '1.2.3.4')], None, 'v1')[2]
    assert problems[0]['ids'] == []


def test_a_number_with_an_empty_primary_still_exports_its_failover():
    items, problems = export_numbers([v2_number('12065551234', None, '5')], {'5': 'R'}, 'v2')
    assert items == [{'number': '12065551234', 'failover_route': 'R'}] and problems == []
