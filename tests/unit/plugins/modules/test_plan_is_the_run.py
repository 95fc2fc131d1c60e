# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 18, in-process against the emulator: check mode plans across tasks, prune tells the truth and cannot run
away, writes land once, concurrent creates converge, edge strategies without shared state, honest ``changed``."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils import client_v2

from module_helpers import diffs

V2 = dict(api_version='v2')
NUMBER = '12065551234'
HOST = dict(type='HOST', value='24.239.23.40:5060')


def v2_routes(emulator):
    return [(route['id'], route['alias'], route['value']) for route in emulator.state()['v2_routes']]


def writes(emulator):
    return [(entry['method'], entry['path']) for entry in emulator.requests() if entry['method'] != 'GET']


# --- 1. check mode plans across tasks ---

@pytest.mark.parametrize('version', ['v1', 'v2'])
def test_a_number_routed_to_a_route_not_made_yet_is_planned_in_check_mode_and_refused_for_real(
        run_module, emulator, version):
    emulator.seed_numbers({NUMBER: None})
    plan = run_module('flowroute_number_routes', check_mode=True, diff=True, number=NUMBER, primary_route='HOSTRoute1',
                      api_version=version)
    assert plan.get('failed') is None and plan['changed'] is True
    assert plan['diff']['after']['primary_route'] == 'HOSTRoute1'
    assert plan['warnings'] == ['primary_route: route HOSTRoute1 does not exist on this Flowroute account; create it first '
                                '(flowroute.numbers.flowroute_route); check mode plans on as if an earlier task creates '
                                'it, and a real run fails here unless one does']
    assert plan['number']['primary_route']['name'] == 'HOSTRoute1'
    real = run_module('flowroute_number_routes', number=NUMBER, primary_route='HOSTRoute1', api_version=version)
    assert real['msg'] == ('primary_route: route HOSTRoute1 does not exist on this Flowroute account; create it first '
                           '(flowroute.numbers.flowroute_route)')
    assert writes(emulator) == []


@pytest.mark.parametrize('version', ['v1', 'v2'])
def test_many_numbers_and_a_number_not_on_the_account_yet_are_planned_in_check_mode(run_module, emulator, version):
    emulator.seed_numbers({NUMBER: None})
    items = [{'number': NUMBER, 'primary_route': 'NewPBX'}, {'number': '13125550000', 'primary_route': 'sip-reg'}]
    plan = run_module('flowroute_number_routes', check_mode=True, diff=True, numbers=items, api_version=version)
    assert plan['changed'] is True and plan['updated'] == [NUMBER, '13125550000']
    assert diffs(plan)['13125550000'] == {'before': {}, 'after': {'primary_route': 'sip-reg', 'failover_route': None}}
    assert len(plan['warnings']) == 1 and 'numbers[1].number: 13125550000 is not on this Flowroute account' in \
        plan['warnings'][0] and 'numbers[0].primary_route: route NewPBX does not exist' in plan['warnings'][0]
    real = run_module('flowroute_number_routes', numbers=items, api_version=version)
    assert real['failed'] is True and real['msg'].startswith('numbers: 2 problems on the account, so nothing was written')
    single = run_module('flowroute_number_routes', check_mode=True, number='13125550000', primary_route='sip-reg',
                        api_version=version)
    assert single['changed'] is True and 'number: 13125550000 is not on this Flowroute account' in single['warnings'][0]
    assert writes(emulator) == []


# --- 2. prune: the plan lists exactly what the run deletes, and cannot run away ---

def test_prune_with_an_empty_list_is_refused_before_any_request(run_module, emulator):
    result = run_module('flowroute_routes', routes=[], prune=True, **V2)
    assert result['msg'] == ('routes: is empty and prune is true, which would delete every route on the account; list the '
                             'routes to keep (an undefined or misspelled variable gives an empty list)')
    assert emulator.requests() == []


def test_a_large_prune_stops_before_any_write_in_check_mode_too_and_max_deletes_lets_it_go(run_module, emulator):
    emulator.seed_routes(dict(('Old{0:02d}'.format(i), {'type': 'HOST', 'value': '10.0.0.{0}'.format(i + 1)})
                              for i in range(11)))
    keep = [{'name': 'Keep', 'type': 'HOST', 'value': '1.2.3.4'}]
    for check_mode in (True, False):
        result = run_module('flowroute_routes', check_mode=check_mode, routes=keep, prune=True, **V2)
        assert result['failed'] is True and result['msg'] == (
            'max_deletes: prune would delete 11 routes, more than max_deletes 10: ' +
            ', '.join('Old{0:02d}'.format(i) for i in range(11)) + '; check that routes lists every route to keep '
            '(--check --diff shows the plan), then set max_deletes: 11 to let it go ahead')
    # stopped before the numbers were even read, and nothing was written
    assert [entry['path'] for entry in emulator.requests()] == ['/v2/routes?limit=200&offset=0'] * 2
    done = run_module('flowroute_routes', routes=keep, prune=True, max_deletes=11, **V2)
    assert len(done['deleted']) == 11 and done['created'] == ['Keep']


def test_max_deletes_is_checked_before_any_request(run_module, emulator):
    assert run_module('flowroute_routes', routes=[{'name': 'A', 'type': 'HOST', 'value': '1.2.3.4'}], prune=True,
                      max_deletes=-1, **V2)['msg'] == 'max_deletes: must be 0 or more, got -1'
    assert emulator.requests() == []


def test_prune_of_a_duplicated_alias_with_one_copy_in_use_is_refused_before_any_write(run_module, emulator):
    emulator.reset(duplicate_alias='accept')
    emulator.seed_routes([{'alias': 'dup', 'type': 'HOST', 'value': '1.2.3.4'}, {'alias': 'dup', 'type': 'HOST', 'value': '1.2.3.4'}])
    emulator.seed_numbers({NUMBER: None})
    with emulator.account.lock:
        emulator.account.tns[NUMBER]['failover_route'] = '10002'
    keep = [{'name': 'Keep', 'type': 'HOST', 'value': '5.6.7.8'}]
    plan = run_module('flowroute_routes', check_mode=True, routes=keep, prune=True, **V2)
    assert plan['deleted'] == ['dup (id 10001)', 'dup (id 10002)']
    assert 'dup (id 10002) by 12065551234' in plan['warnings'][0]
    real = run_module('flowroute_routes', routes=keep, prune=True, **V2)
    assert real['failed'] is True and real['changed'] is False and 'dup (id 10002) by 12065551234' in real['msg']
    assert writes(emulator) == [] and len(v2_routes(emulator)) == 3


def test_prune_keeps_the_copy_of_a_listed_alias_that_numbers_use_and_deletes_the_others(run_module, emulator):
    emulator.reset(duplicate_alias='accept')
    emulator.seed_routes([{'alias': 'PBX', 'type': 'HOST', 'value': '1.2.3.4'}, {'alias': 'PBX', 'type': 'HOST', 'value': '1.2.3.9'},
                          {'alias': 'PBX', 'type': 'HOST', 'value': '1.2.3.4'}])
    emulator.seed_numbers({NUMBER: None})
    with emulator.account.lock:
        emulator.account.tns[NUMBER]['primary_route'] = '10002'
    wanted = [{'name': 'PBX', 'type': 'HOST', 'value': '1.2.3.4'}]
    result = run_module('flowroute_routes', routes=wanted, prune=True, **V2)
    assert (result['updated'], result['deleted']) == (['PBX'], ['PBX (id 10001)', 'PBX (id 10003)'])
    assert v2_routes(emulator) == [('0', 'sip-reg', None), ('10002', 'PBX', '1.2.3.4')]
    assert run_module('flowroute_routes', routes=wanted, prune=True, **V2)['changed'] is False


def test_a_failed_delete_of_a_duplicate_is_read_back_by_id_and_reported_failed(run_module, emulator):
    emulator.reset(duplicate_alias='accept')
    emulator.seed_routes([{'alias': 'dup', 'type': 'HOST', 'value': '1.2.3.4'}, {'alias': 'dup', 'type': 'HOST', 'value': '1.2.3.4'}])
    emulator.fault(method='DELETE', path='/v2/routes/10002', count=5, status=500, body={'errors': [{'status': 500}]})
    result = run_module('flowroute_routes', routes=[{'name': 'Keep', 'type': 'HOST', 'value': '5.6.7.8'}], prune=True, **V2)
    assert result['failed'] is True and result['deleted'] == ['dup (id 10001)']
    assert [entry['name'] for entry in result['failed_routes']] == ['dup (id 10002)']
    assert [route[0] for route in v2_routes(emulator)] == ['0', '10002', '10003']


def test_deletes_wait_for_the_creates_and_are_not_sent_when_one_failed(run_module, emulator):
    emulator.seed_routes({'Old': {'type': 'HOST', 'value': '10.0.0.1'}})
    emulator.fault(method='POST', count=1, status=422, body={'errors': [{'status': 422, 'detail': 'bad'}]})
    wanted = [{'name': 'New', 'type': 'HOST', 'value': '1.2.3.4'}]
    result = run_module('flowroute_routes', routes=wanted, prune=True, **V2)
    assert result['failed'] is True and result['skipped'] == ['Old'] and result['deleted'] == []
    assert result['msg'].endswith('not sent, because a create or update failed: the deletes of Old; run the task again '
                                  'to finish')
    assert [method for method, dummy in writes(emulator)] == ['POST']
    again = run_module('flowroute_routes', routes=wanted, prune=True, **V2)
    assert again['created'] == ['New'] and again['deleted'] == ['Old']
    assert [method for method, dummy in writes(emulator)][1:] == ['POST', 'DELETE']


# --- 3. writes land once; concurrent creates converge; duplicates can be repaired ---

@pytest.mark.parametrize('duplicate_alias', ['accept', 'refuse'])
def test_a_create_applied_then_dropped_makes_one_route(run_module, emulator, duplicate_alias):
    emulator.reset(duplicate_alias=duplicate_alias)
    emulator.fault(method='POST', count=1, drop=True, applied=True)
    result = run_module('flowroute_route', name='R1', retries=3, **dict(HOST, **V2))
    assert result.get('failed') is None and result['changed'] is True
    assert [route[1] for route in v2_routes(emulator)] == ['sip-reg', 'R1']
    assert [method for method, dummy in writes(emulator)] == ['POST']
    assert run_module('flowroute_route', name='R1', **dict(HOST, **V2))['changed'] is False


def race(monkeypatch, emulator, value, before_ours):
    """Another run creates the same alias just before (or just after) this task's POST."""
    real = client_v2.V2Client.create_route

    def racing(self, route):
        if before_ours:
            emulator.seed_routes([{'alias': route['name'], 'type': 'HOST', 'value': value}])
        made = real(self, route)
        if not before_ours:
            emulator.seed_routes([{'alias': route['name'], 'type': 'HOST', 'value': value}])
        return made
    monkeypatch.setattr(client_v2.V2Client, 'create_route', racing)


def test_a_run_that_lost_a_create_race_deletes_its_own_copy_and_reports_no_change(run_module, emulator, monkeypatch):
    emulator.reset(duplicate_alias='accept')
    race(monkeypatch, emulator, HOST['value'], before_ours=True)
    result = run_module('flowroute_route', name='R1', **dict(HOST, **V2))
    assert result.get('failed') is None and result['changed'] is False and result['route']['id'] == '10001'
    assert result['warnings'] == ['another run created the same at the same time; its copy (id 10001) is kept and the '
                                  'one this task made was deleted, so this task changed nothing']
    assert v2_routes(emulator) == [('0', 'sip-reg', None), ('10001', 'R1', HOST['value'])]
    assert writes(emulator) == [('POST', '/v2/routes'), ('DELETE', '/v2/routes/10002')]


def test_the_run_that_won_a_create_race_keeps_its_route_and_reports_it(run_module, emulator, monkeypatch):
    emulator.reset(duplicate_alias='accept')
    race(monkeypatch, emulator, HOST['value'], before_ours=False)
    result = run_module('flowroute_route', name='R1', **dict(HOST, **V2))
    assert result['changed'] is True and result['route']['id'] == '10001'
    assert writes(emulator) == [('POST', '/v2/routes')]


def test_a_race_with_other_values_under_the_alias_fails_naming_the_ids(run_module, emulator, monkeypatch):
    emulator.reset(duplicate_alias='accept')
    race(monkeypatch, emulator, '9.9.9.9', before_ours=True)
    result = run_module('flowroute_route', name='R1', **dict(HOST, **V2))
    assert result['failed'] is True and result['changed'] is True
    assert result['msg'].startswith("2 routes have the alias 'R1' with different types or values (ids 10001, 10002)")


def test_a_refused_create_whose_route_another_run_made_is_no_change(run_module, emulator, monkeypatch):
    race(monkeypatch, emulator, HOST['value'], before_ours=True)       # the emulator refuses the second alias (422)
    result = run_module('flowroute_route', name='R1', **dict(HOST, **V2))
    assert result.get('failed') is None and result['changed'] is False
    assert 'another run made the same change at the same time, so this task changed nothing' in result['warnings'][0]


def test_bulk_creates_converge_with_one_list_read(run_module, emulator, monkeypatch):
    emulator.reset(duplicate_alias='accept')
    race(monkeypatch, emulator, '1.2.3.4', before_ours=True)
    wanted = [{'name': 'R{0}'.format(i), 'type': 'HOST', 'value': '1.2.3.4'} for i in range(4)]
    result = run_module('flowroute_routes', routes=wanted, **V2)
    assert result['created'] == [] and sorted(result['unchanged']) == ['R0', 'R1', 'R2', 'R3']
    assert len([w for w in writes(emulator) if w[0] == 'DELETE']) == 4
    assert sorted(alias for dummy, alias, value in v2_routes(emulator)) == ['R0', 'R1', 'R2', 'R3', 'sip-reg']
    # one read of the list before the writes and one after them, whatever the number of creates
    assert len([entry for entry in emulator.requests('GET') if entry['path'].startswith('/v2/routes?')]) == 2


def test_identical_copies_are_one_route_until_a_write_would_have_to_choose(run_module, emulator):
    emulator.reset(duplicate_alias='accept')
    emulator.seed_routes([{'alias': 'R1', 'type': 'HOST', 'value': HOST['value']}] * 2)
    same = run_module('flowroute_route', name='R1', **dict(HOST, **V2))
    assert same['changed'] is False and same['route']['id'] == '10001'
    assert same['warnings'][0].startswith("2 routes have the alias 'R1' with the same type and value (ids 10001, 10002)")
    other = run_module('flowroute_route', name='R1', type='HOST', value='1.1.1.1', **V2)
    assert other['msg'] == ("name: 2 routes have the alias 'R1' (ids 10001, 10002); give id to change or delete one of "
                            "them, or remove the copies with flowroute.numbers.flowroute_routes and prune")
    bulk = run_module('flowroute_routes', routes=[dict(HOST, name='R1')], **V2)
    assert bulk['unchanged'] == ['R1']


def test_id_repairs_duplicates_one_route_at_a_time(run_module, emulator):
    emulator.reset(duplicate_alias='accept')
    emulator.seed_routes([{'alias': 'R1', 'type': 'HOST', 'value': '1.1.1.1'}, {'alias': 'R1', 'type': 'HOST', 'value': '2.2.2.2'}])
    renamed = run_module('flowroute_route', diff=True, id='10002', name='R2', type='HOST', value='2.2.2.2', **V2)
    assert renamed['changed'] is True and renamed['route']['id'] == '10002'
    assert renamed['diff'] == {'before': {'name': 'R1', 'type': 'HOST', 'value': '2.2.2.2'},
                               'after': {'name': 'R2', 'type': 'HOST', 'value': '2.2.2.2'}}
    assert v2_routes(emulator)[1:] == [('10001', 'R1', '1.1.1.1'), ('10002', 'R2', '2.2.2.2')]
    emulator.seed_routes([{'alias': 'R1', 'type': 'HOST', 'value': '3.3.3.3'}])
    gone = run_module('flowroute_route', id='10003', state='absent', **V2)
    assert gone['changed'] is True and writes(emulator)[-1] == ('DELETE', '/v2/routes/10003')
    assert run_module('flowroute_route', id='10003', state='absent', **V2)['changed'] is False
    assert run_module('flowroute_route', id='10001', name='R9', state='absent', **V2)['msg'] == (
        "name: route id 10001 has the alias 'R1', not 'R9'; leave name out to delete it by id")
    assert run_module('flowroute_route', id='777', name='R1', type='HOST', value='1.1.1.1', **V2)['msg'] == (
        'id: there is no route with id 777 on this Flowroute account')


def test_id_needs_v2(run_module, emulator):
    assert run_module('flowroute_route', id='5', name='R1', **HOST)['msg'] == (
        'id: the Flowroute v1 API has no route ids, a route is known by its name; set api_version=v2')
    assert emulator.requests() == []


# --- 4. edge strategy without shared state ---

def test_many_routes_at_once_with_the_other_edge_field_all_keep_their_pop(run_module, emulator):
    emulator.reset(edge_field='edge_strategy')
    wanted = [{'name': 'E{0:02d}'.format(i), 'type': 'HOST', 'value': '10.0.0.{0}'.format(i + 1), 'edge_strategy': '4'}
              for i in range(24)]
    result = run_module('flowroute_routes', concurrency=8, routes=wanted, **V2)
    assert result.get('failed') is None and len(result['created']) == 24
    assert set(route['edge'] for route in emulator.state()['v2_routes'][1:]) == {4}
    assert run_module('flowroute_routes', concurrency=8, routes=wanted, **V2)['changed'] is False


def test_route_objects_without_the_edge_attribute_warn_once_and_are_not_written_every_run(run_module, emulator):
    emulator.reset(edge_field='absent')
    first = run_module('flowroute_route', name='R1', edge_strategy='US-East-VA', **dict(HOST, **V2))
    assert first.get('failed') is None and first['changed'] is True
    assert emulator.state()['v2_routes'][1]['edge'] == 4
    again = run_module('flowroute_route', name='R1', edge_strategy='US-East-VA', **dict(HOST, **V2))
    assert again['changed'] is False and again['warnings'] == [
        'the API does not show the edge strategy of route R1, so it cannot be compared with edge_strategy 4; it is sent '
        'only with a change of type or value']
    bulk = run_module('flowroute_routes', routes=[dict(HOST, name='R1', edge_strategy='4'),
                                                  dict(HOST, name='R2', edge_strategy='4')], **V2)
    assert bulk['unchanged'] == ['R1'] and bulk['created'] == ['R2'] and len(bulk['warnings']) == 1
    assert [method for method, dummy in writes(emulator)] == ['POST', 'POST']


def test_a_bulk_update_that_landed_before_its_error_is_read_back_with_its_edge(run_module, emulator):
    emulator.seed_routes({'R1': {'type': 'HOST', 'value': '1.1.1.1'}})
    emulator.fault(method='PATCH', count=1, drop=True, applied=True)
    result = run_module('flowroute_routes', retries=0, routes=[dict(HOST, name='R1', edge_strategy='4')], **V2)
    assert result.get('failed') is None and result['updated'] == ['R1']
    assert 'counts as done' in result['warnings'][0]


# --- 5. changed whenever a write landed; 6. an unchanged slot is not resolved by name ---

def test_a_failure_after_one_slot_was_written_reports_changed(run_module, emulator):
    emulator.seed_routes({'A': {'type': 'HOST', 'value': '1.2.3.4'}})
    emulator.seed_numbers({NUMBER: None})
    emulator.fault(method='PATCH', path='/v2/numbers/{0}/relationships/failover_route'.format(NUMBER), count=1,
                   status=422, body={'errors': [{'status': 422, 'detail': 'no'}]})
    result = run_module('flowroute_number_routes', number=NUMBER, primary_route='A', failover_route='A', **V2)
    assert result['failed'] is True and result['changed'] is True
    assert emulator.state()['tns'][NUMBER]['routes'][0] == 'A'


def test_changing_only_the_failover_never_looks_up_the_primary_by_name(run_module, emulator):
    emulator.reset(duplicate_alias='accept')
    emulator.seed_routes([{'alias': 'Twin', 'type': 'HOST', 'value': '1.2.3.4'}, {'alias': 'Twin', 'type': 'HOST', 'value': '1.2.3.5'},
                          {'alias': 'Backup', 'type': 'PSTN', 'value': '18002364455'}])
    emulator.seed_numbers({NUMBER: None})
    with emulator.account.lock:
        emulator.account.tns[NUMBER]['primary_route'] = '10002'
    result = run_module('flowroute_number_routes', number=NUMBER, failover_route='Backup', **V2)
    assert result.get('failed') is None and result['changed'] is True
    assert writes(emulator) == [('PATCH', '/v2/numbers/12065551234/relationships/failover_route')]
    assert result['number']['primary_route']['id'] == '10002'


# --- 7. credentials that HTTP cannot carry ---

@pytest.mark.parametrize('option', ['access_key', 'secret_key'])
@pytest.mark.parametrize('version', ['v1', 'v2'])
def test_credentials_outside_latin1_are_an_input_error_naming_the_option(run_module, emulator, option, version):
    bad = 'caf\u00e9\u2603key'
    result = run_module('flowroute_route', name='R1', api_version=version, **dict(HOST, **{option: bad}))
    assert result['msg'] == ('{0}: has a character that HTTP authentication cannot carry (only Latin-1 characters can be '
                             'sent); copy the key again from Preferences > API Control in the portal'.format(option))
    assert bad not in json.dumps(result) and emulator.requests() == []
