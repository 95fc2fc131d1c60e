# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every module over api_version v2, in-process against the emulator: update, delete, prune, PoPs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from module_helpers import diffs

V2 = dict(api_version='v2')
NUMBER = '12065551234'


def v2_routes(emulator):
    return dict((route['alias'], route) for route in emulator.state()['v2_routes'])


def bodies(emulator, method):
    return [(entry['path'], json.loads(entry['body']) if entry['body'] else None) for entry in emulator.requests(method)]


def test_create_posts_json_api_then_changes_nothing(run_module, emulator):
    first = run_module('flowroute_route', name='Office PBX', type='host', value='pbx.example.com:5060', **V2)
    assert first['changed'] is True
    assert first['route'] == {'name': 'Office PBX', 'type': 'HOST', 'value': 'pbx.example.com:5060', 'id': '10001',
                              'edge_strategy': None, 'edge_strategy_id': None}
    assert bodies(emulator, 'POST') == [('/v2/routes', {'data': {'type': 'route', 'attributes': {
        'alias': 'Office PBX', 'route_type': 'host', 'value': 'pbx.example.com:5060'}}})]
    assert emulator.requests('POST')[0]['content_type'] == 'application/vnd.api+json'
    second = run_module('flowroute_route', name='Office PBX', type='HOST', value='pbx.example.com:5060', **V2)
    assert second['changed'] is False and second['route']['id'] == '10001'
    assert len(emulator.requests('POST')) == 1 and emulator.requests('PATCH') == []


def test_update_in_place_keeps_the_id(run_module, emulator):
    emulator.seed_routes({'PSTNroute1': {'type': 'PSTN', 'value': '12065551212'}})
    result = run_module('flowroute_route', diff=True, name='PSTNroute1', type='PSTN', value='+18002364455', **V2)
    assert result['changed'] is True and result['route']['id'] == '10001' and result['route']['value'] == '18002364455'
    assert result['diff'] == {'before': {'name': 'PSTNroute1', 'type': 'PSTN', 'value': '12065551212'},
                              'after': {'name': 'PSTNroute1', 'type': 'PSTN', 'value': '18002364455'}}
    assert bodies(emulator, 'PATCH') == [('/v2/routes/10001', {'data': {'type': 'route', 'id': '10001', 'attributes': {
        'alias': 'PSTNroute1', 'route_type': 'number', 'value': '18002364455'}}})]
    assert v2_routes(emulator)['PSTNroute1']['value'] == '18002364455' and emulator.requests('POST') == []


@pytest.mark.parametrize('edge_field', ['edge_strategy_id', 'edge_strategy'])
@pytest.mark.parametrize('asked', ['4', 'US-East-VA', 'us-east-va'])
def test_edge_strategy_takes_whichever_field_the_server_honours(run_module, emulator, edge_field, asked):
    emulator.reset(edge_field=edge_field)
    result = run_module('flowroute_route', name='R1', type='HOST', value='1.2.3.4', edge_strategy=asked, **V2)
    # the PoP by the name the user knows, and by id
    assert result['changed'] is True and result['route']['edge_strategy'] == 'US-East-VA'
    assert result['route']['edge_strategy_id'] == '4' and v2_routes(emulator)['R1']['edge'] == 4
    again = run_module('flowroute_route', name='R1', type='HOST', value='1.2.3.4', edge_strategy='4', **V2)
    assert again['changed'] is False
    writes = emulator.requests('POST') + emulator.requests('PATCH')
    # the documented edge_strategy_id first; edge_strategy only when that did not take
    assert len(writes) == (1 if edge_field == 'edge_strategy_id' else 2)


def test_edge_strategy_change_alone_is_an_update(run_module, emulator):
    emulator.seed_routes({'R1': {'type': 'HOST', 'value': '1.2.3.4', 'edge': 1}})
    result = run_module('flowroute_route', diff=True, name='R1', type='HOST', value='1.2.3.4', edge_strategy='US-East-VA', **V2)
    assert result['changed'] is True
    assert result['diff']['before']['edge_strategy'] == 'US-West-OR (id 1)'
    assert result['diff']['after']['edge_strategy'] == 'US-East-VA (id 4)'
    assert v2_routes(emulator)['R1']['edge'] == 4
    kept = run_module('flowroute_route', name='R1', type='HOST', value='1.2.3.5', **V2)
    assert kept['route']['edge_strategy'] == 'US-East-VA' and v2_routes(emulator)['R1']['edge'] == 4


def test_unknown_edge_strategy_lists_the_known_ones_and_writes_nothing(run_module, emulator):
    result = run_module('flowroute_route', name='R1', type='HOST', value='1.2.3.4', edge_strategy='EU-West', **V2)
    assert result['msg'] == "edge_strategy: unknown edge strategy 'EU-West'; the API lists 1 (US-West-OR), 4 (US-East-VA)"
    assert [entry['method'] for entry in emulator.requests()] == ['GET']


def test_delete_then_ok_when_gone(run_module, emulator):
    emulator.seed_routes({'Old': {'type': 'HOST', 'value': '1.2.3.4'}})
    check = run_module('flowroute_route', check_mode=True, diff=True, name='Old', state='absent', **V2)
    # what is (or would be) deleted is in the result, not lost
    assert check['changed'] is True and emulator.requests('DELETE') == []
    assert check['route'] == {'name': 'Old', 'type': 'HOST', 'value': '1.2.3.4', 'id': '10001', 'edge_strategy': None,
                              'edge_strategy_id': None}
    assert check['diff'] == {'before': {'name': 'Old', 'type': 'HOST', 'value': '1.2.3.4'}, 'after': {}}
    result = run_module('flowroute_route', name='Old', state='absent', **V2)
    assert result['changed'] is True
    assert [entry['path'] for entry in emulator.requests('DELETE')] == ['/v2/routes/10001']
    assert 'Old' not in v2_routes(emulator)
    assert result['route']['id'] == '10001'
    again = run_module('flowroute_route', name='Old', state='absent', **V2)
    assert again['changed'] is False and again['route'] is None and len(emulator.requests('DELETE')) == 1


def test_deleting_a_route_in_use_fails_naming_the_numbers_before_any_delete(run_module, emulator):
    emulator.seed_routes({'Busy': {'type': 'HOST', 'value': '1.2.3.4'}})
    emulator.seed_numbers({NUMBER: ['Busy', 'sip-reg'], '13125550000': ['sip-reg', 'Busy'], '14155550000': None})
    result = run_module('flowroute_route', name='Busy', state='absent', **V2)
    assert result['msg'] == ('name: route Busy (id 10001) is still the primary or failover route of 12065551234, '
                             '13125550000; point those numbers at another route first '
                             '(flowroute.numbers.flowroute_number_routes)')
    assert emulator.requests('DELETE') == [] and 'Busy' in v2_routes(emulator)


def test_two_routes_with_one_alias_fail_naming_both_ids(run_module, emulator):
    emulator.reset(duplicate_alias='accept')
    emulator.seed_routes([{'alias': 'Twin', 'type': 'HOST', 'value': '1.2.3.4'}, {'alias': 'Twin', 'type': 'HOST', 'value': '1.2.3.5'}])
    for args in (dict(type='HOST', value='1.2.3.6'), dict(state='absent')):
        result = run_module('flowroute_route', name='Twin', **dict(V2, **args))
        assert result['msg'] == ("name: 2 routes have the alias 'Twin' with different types or values (ids 10001, "
                                 "10002); give id to choose one, or keep one with flowroute.numbers.flowroute_routes "
                                 "and prune")
    assert [entry['method'] for entry in emulator.requests()] == ['GET', 'GET']


def test_duplicate_alias_refused_by_the_server_is_reported(run_module, emulator, monkeypatch):
    # a server that refuses a second route with an alias in use (the emulator's default) answers 422
    from ansible_collections.flowroute.numbers.plugins.module_utils import client
    emulator.seed_routes({'Taken': {'type': 'HOST', 'value': '1.2.3.4'}})
    monkeypatch.setattr(client.FlowrouteClient, 'find_route', lambda self, name: ([], []))
    result = run_module('flowroute_route', name='Taken', type='HOST', value='1.2.3.5', **V2)
    assert result['status'] == 422 and 'alias Taken is already used by route 10001' in result['msg']


@pytest.mark.parametrize('args, message', [
    (dict(state='absent'), 'state: the Flowroute v1 API cannot delete routes; set api_version=v2'),
    (dict(type='HOST', value='1.2.3.4', edge_strategy='4'), 'edge_strategy: the Flowroute v1 API has no edge strategies; '
                                                            'set api_version=v2'),
])
def test_v1_refuses_what_it_cannot_do_before_any_request(run_module, emulator, args, message):
    result = run_module('flowroute_route', name='R1', **args)
    assert result['msg'] == message and result['status'] is None
    assert emulator.requests() == []


@pytest.mark.parametrize('name, version, ok', [('Office PBX', 'v2', True), ('Office PBX', 'v1', False),
                                               ('a/b', 'v2', False), ('R1', 'v1', True)])
def test_name_rules_per_version(run_module, emulator, name, version, ok):
    result = run_module('flowroute_route', name=name, type='HOST', value='1.2.3.4', api_version=version)
    assert result.get('failed', False) is not ok, result


def test_v2_refuses_plain_http_to_another_host_before_any_request(run_module, emulator):
    result = run_module('flowroute_route', name='R1', type='HOST', value='1.2.3.4', api_url='http://10.9.9.9:1', **V2)
    assert result['msg'].startswith('api_url: api_version v2 sends secret_key itself with every request')


def test_wrong_secret_over_v2_is_401_with_the_apis_words(run_module, emulator):
    result = run_module('flowroute_route', name='R1', type='HOST', value='1.2.3.4', secret_key='0' * 32, **V2)
    assert result['status'] == 401 and result['api_error'] == 'Unauthorized - Authentication failed.'
    assert '0' * 32 not in json.dumps(result)


# --- flowroute_routes over v2 ---

def test_prune_plan_in_check_mode_then_applied_then_nothing(run_module, emulator):
    emulator.seed_routes({'Keep': {'type': 'HOST', 'value': '1.2.3.4'}, 'Retarget': {'type': 'HOST', 'value': '10.0.0.1'},
                          'Stale': {'type': 'PSTN', 'value': '18002364455'}, 'Busy': {'type': 'URI', 'value': 'sip:a@b.example'}})
    emulator.seed_numbers({NUMBER: ['Busy', 'sip-reg']})
    wanted = [{'name': 'Keep', 'type': 'HOST', 'value': '1.2.3.4'}, {'name': 'Retarget', 'type': 'HOST', 'value': '10.0.0.2'},
              {'name': 'New one', 'type': 'HOST', 'value': 'pbx.example.com', 'edge_strategy': 'US-East-VA'}]
    in_use = ('prune: would delete routes that numbers still use as primary or failover: Busy (id 10004) by 12065551234; '
              'point those numbers at other routes in an earlier task (flowroute.numbers.flowroute_number_routes), or list '
              'the routes to keep them')
    plan = run_module('flowroute_routes', check_mode=True, diff=True, routes=wanted, prune=True, **V2)
    assert (plan['created'], plan['updated'], plan['deleted'], plan['unchanged']) == (['New one'], ['Retarget'], ['Stale', 'Busy'], ['Keep'])
    assert plan['unmanaged'] == ['Stale', 'Busy']
    # the plan names the route in use, in the very words a real run fails with
    assert plan['warnings'] == [in_use + '; check mode plans on as if an earlier task points those numbers at other '
                                         'routes, and a real run fails here unless one does']
    assert diffs(plan) == {'Retarget': {'before': {'type': 'HOST', 'value': '10.0.0.1'}, 'after': {'type': 'HOST', 'value': '10.0.0.2'}},
                           'New one': {'before': {}, 'after': {'type': 'HOST', 'value': 'pbx.example.com',
                                                               'edge_strategy': 'US-East-VA (id 4)'}},
                           'Stale': {'before': {'type': 'PSTN', 'value': '18002364455'}, 'after': {}},
                           'Busy': {'before': {'type': 'URI', 'value': 'sip:a@b.example'}, 'after': {}}}
    assert [entry['method'] for entry in emulator.requests()] == ['GET'] * len(emulator.requests())

    refused = run_module('flowroute_routes', routes=wanted, prune=True, **V2)
    assert refused['failed'] is True and refused['changed'] is False and refused['msg'] == in_use
    assert [entry['method'] for entry in emulator.requests()] == ['GET'] * len(emulator.requests())

    emulator.seed_numbers({NUMBER: None})
    emulator.account.log.clear()
    applied = run_module('flowroute_routes', routes=wanted, prune=True, **V2)
    assert applied.get('failed') is None and applied['changed'] is True
    assert (applied['created'], applied['updated'], applied['deleted']) == (['New one'], ['Retarget'], ['Stale', 'Busy'])
    writes = [entry['method'] for entry in emulator.requests() if entry['method'] != 'GET']
    assert writes[-2:] == ['DELETE', 'DELETE'] and sorted(writes[:2]) == ['PATCH', 'POST']
    assert set(v2_routes(emulator)) == {'sip-reg', 'Keep', 'Retarget', 'New one'}
    assert v2_routes(emulator)['New one']['edge'] == 4
    done = run_module('flowroute_routes', routes=wanted, prune=True, **V2)
    assert done['changed'] is False and done['unmanaged'] == [] and done['deleted'] == []


def test_unmanaged_is_reported_over_v1_too_and_prune_needs_v2(run_module, emulator):
    emulator.seed_routes({'Drift': {'type': 'HOST', 'value': '1.2.3.4'}})
    result = run_module('flowroute_routes', routes=[{'name': 'A', 'type': 'HOST', 'value': '1.2.3.4'}])
    assert result['unmanaged'] == ['Drift'] and result['deleted'] == []
    refused = run_module('flowroute_routes', prune=True, routes=[{'name': 'A', 'type': 'HOST', 'value': '1.2.3.4'}])
    assert refused['msg'] == 'prune: the Flowroute v1 API cannot delete routes; set api_version=v2'


def test_bulk_items_with_a_duplicated_alias_on_the_account_fail_before_any_write(run_module, emulator):
    emulator.reset(duplicate_alias='accept')
    emulator.seed_routes([{'alias': 'Twin', 'type': 'HOST', 'value': '1.2.3.4'}, {'alias': 'Twin', 'type': 'HOST', 'value': '1.2.3.5'}])
    result = run_module('flowroute_routes', routes=[{'name': 'Twin', 'type': 'HOST', 'value': '1.2.3.4'}], **V2)
    assert result['msg'] == ('routes: several routes on the account have the alias of an item, so it cannot be told which '
                             'to change: Twin (ids 10001, 10002); remove all but one first, give prune: true to delete '
                             'the extra copies, or use flowroute.numbers.flowroute_route with id')
    assert [entry['method'] for entry in emulator.requests()] == ['GET']


def test_prune_deletes_every_route_of_a_repeated_unlisted_alias(run_module, emulator):
    emulator.reset(duplicate_alias='accept')
    emulator.seed_routes([{'alias': 'Twin', 'type': 'HOST', 'value': '1.2.3.4'}, {'alias': 'Twin', 'type': 'HOST', 'value': '1.2.3.5'}])
    result = run_module('flowroute_routes', routes=[{'name': 'Keep', 'type': 'HOST', 'value': '1.2.3.4'}], prune=True, **V2)
    assert result['deleted'] == ['Twin (id 10001)', 'Twin (id 10002)']
    assert set(v2_routes(emulator)) == {'sip-reg', 'Keep'}


# --- numbers over v2 ---

def test_number_routing_changes_only_the_slot_that_differs(run_module, emulator):
    emulator.seed_routes({'HOSTRoute1': {'type': 'HOST', 'value': '24.239.23.40:5060'}, 'Backup': {'type': 'PSTN', 'value': '18002364455'}})
    emulator.seed_numbers({NUMBER: ['sip-reg', None]})
    first = run_module('flowroute_number_routes', diff=True, number=NUMBER, primary_route='HOSTRoute1', **V2)
    assert first['changed'] is True
    assert first['diff'] == {'before': {'primary_route': 'sip-reg', 'failover_route': None},
                             'after': {'primary_route': 'HOSTRoute1', 'failover_route': None}}
    assert first['number']['primary_route'] == {'name': 'HOSTRoute1', 'type': 'HOST', 'value': '24.239.23.40:5060',
                                                'id': '10001', 'edge_strategy': None, 'edge_strategy_id': None}
    assert first['number']['failover_route'] is None
    assert bodies(emulator, 'PATCH') == [('/v2/numbers/12065551234/relationships/primary_route',
                                          {'data': {'type': 'route', 'id': '10001'}})]
    second = run_module('flowroute_number_routes', number=NUMBER, primary_route='HOSTRoute1', failover_route='Backup', **V2)
    assert second['changed'] is True
    assert [path for path, dummy in bodies(emulator, 'PATCH')][1:] == ['/v2/numbers/12065551234/relationships/failover_route']
    assert emulator.state()['tns'][NUMBER]['routes'] == ['HOSTRoute1', 'Backup']
    third = run_module('flowroute_number_routes', number=NUMBER, primary_route='HOSTRoute1', failover_route='Backup', **V2)
    assert third['changed'] is False and len(emulator.requests('PATCH')) == 2
    back = run_module('flowroute_number_routes', number=NUMBER, primary_route='sip-reg', **V2)
    assert bodies(emulator, 'PATCH')[-1] == ('/v2/numbers/12065551234/relationships/primary_route',
                                             {'data': {'type': 'route', 'id': '0'}})
    assert back['number']['primary_route']['id'] == '0'


def test_number_routing_with_a_duplicated_alias_fails_naming_both(run_module, emulator):
    emulator.reset(duplicate_alias='accept')
    emulator.seed_routes([{'alias': 'Twin', 'type': 'HOST', 'value': '1.2.3.4'}, {'alias': 'Twin', 'type': 'HOST', 'value': '1.2.3.5'}])
    emulator.seed_numbers({NUMBER: None})
    result = run_module('flowroute_number_routes', number=NUMBER, primary_route='Twin', **V2)
    assert result['msg'] == ("primary_route: 2 routes have the alias 'Twin' with different types or values (ids 10001, "
                             "10002); remove all but one first")
    assert emulator.requests('PATCH') == []


def test_info_modules_over_v2(run_module, emulator):
    emulator.seed_routes({'A': {'type': 'HOST', 'value': '1.2.3.4', 'edge': 4}})
    emulator.seed_numbers({NUMBER: ['A', None], '13125550000': None})
    routes = run_module('flowroute_route_info', **V2)['routes']
    assert routes == [{'name': 'sip-reg', 'type': 'SIP-REG', 'value': None, 'id': '0', 'edge_strategy': None,
                       'edge_strategy_id': None},
                      {'name': 'A', 'type': 'HOST', 'value': '1.2.3.4', 'id': '10001', 'edge_strategy': 'US-East-VA',
                       'edge_strategy_id': '4'}]
    numbers = run_module('flowroute_number_info', **V2)['numbers']
    assert numbers[0] == {'number': NUMBER, 'billing_method': None, 'failover_route': None, 'alias': None,
                          'primary_route': {'name': 'A', 'type': 'HOST', 'value': '1.2.3.4', 'id': '10001',
                                            'edge_strategy': 'US-East-VA', 'edge_strategy_id': '4'}}
    # a fresh number, as the contract has it: primary sip-reg ("0"), no failover
    assert numbers[1]['primary_route']['name'] == 'sip-reg' and numbers[1]['failover_route'] is None
    assert [n['number'] for n in run_module('flowroute_number_info', pattern='1312', **V2)['numbers']] == ['13125550000']
    assert run_module('flowroute_number_info', number='19995550000', **V2)['numbers'] == []


# --- every edge-field setting of the emulator, through the module (issue 20) ---

@pytest.mark.parametrize('setting, writes', [('both', 1), ('edge_strategy_id', 1), ('edge_strategy', 2), ('absent', 1)])
def test_every_edge_setting_of_the_emulator_through_the_module(run_module, emulator, setting, writes):
    emulator.reset(edge_field=setting)
    first = run_module('flowroute_route', name='R1', type='HOST', value='1.2.3.4', edge_strategy='US-East-VA', **V2)
    assert first.get('failed') is None and first['changed'] is True
    assert v2_routes(emulator)['R1']['edge'] == 4
    assert len(emulator.requests('POST') + emulator.requests('PATCH')) == writes
    again = run_module('flowroute_route', name='R1', type='HOST', value='1.2.3.4', edge_strategy='4', **V2)
    assert again['changed'] is False and len(emulator.requests('POST') + emulator.requests('PATCH')) == writes
    # a route object without the attribute cannot be compared: said once, never written for it
    assert bool(again['warnings']) is (setting == 'absent')


# --- results worth registering (issue 24) ---

def test_bulk_results_hold_every_listed_route_as_it_now_stands(run_module, emulator):
    emulator.seed_routes({'Keep': {'type': 'HOST', 'value': '1.2.3.4', 'edge': 1}, 'Move': {'type': 'HOST', 'value': '10.0.0.1'}})
    wanted = [{'name': 'Keep', 'type': 'HOST', 'value': '1.2.3.4'},
              {'name': 'Move', 'type': 'HOST', 'value': '10.0.0.2', 'edge_strategy': 'us-east-va'},
              {'name': 'New', 'type': 'PSTN', 'value': '+18002364455'}]
    plan = run_module('flowroute_routes', check_mode=True, routes=wanted, **V2)
    assert plan['routes'] == [
        {'name': 'Keep', 'type': 'HOST', 'value': '1.2.3.4', 'id': '10001', 'edge_strategy': 'US-West-OR', 'edge_strategy_id': '1'},
        {'name': 'Move', 'type': 'HOST', 'value': '10.0.0.2', 'id': '10002', 'edge_strategy': 'US-East-VA', 'edge_strategy_id': '4'},
        {'name': 'New', 'type': 'PSTN', 'value': '18002364455', 'id': None, 'edge_strategy': None, 'edge_strategy_id': None}]
    done = run_module('flowroute_routes', routes=wanted, **V2)
    assert [route['id'] for route in done['routes']] == ['10001', '10002', '10003']
    assert done['routes'][1]['edge_strategy'] == 'US-East-VA'
    assert run_module('flowroute_routes', routes=wanted, **V2)['routes'] == done['routes']
