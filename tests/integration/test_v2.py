# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What only v2 can do, end to end: a declared state with prune, PoPs, deletes, and one account behind both APIs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

from conftest import ACCESS_KEY, ROOT, SECRET_KEY

pytestmark = pytest.mark.parametrize('api', ['v2'], indirect=True)
EXAMPLE = os.path.join(ROOT, 'docs', 'examples', 'v2_declared_state.yml')


def example_env(emulator):
    return {'FLOWROUTE_ACCESS_KEY': ACCESS_KEY, 'FLOWROUTE_SECRET_KEY': SECRET_KEY, 'FLOWROUTE_API_URL': emulator.url}


def v2_routes(emulator):
    return dict((route['alias'], route) for route in emulator.control('GET', 'state')['v2_routes'])


def run_example(emulator, playbook_file, *args):
    return playbook_file(emulator, EXAMPLE, *args, env=example_env(emulator))


@pytest.mark.subset
def test_declared_state_plan_then_apply_then_nothing(emulator, playbook_file):
    emulator.control('POST', 'routes', {'Office PBX': {'type': 'HOST', 'value': 'pbx1.example.com:5060'},
                                        'Call centre': {'type': 'PSTN', 'value': '18002364455'},
                                        'Old PBX': {'type': 'HOST', 'value': '10.0.0.9'},
                                        'Test route': {'type': 'URI', 'value': 'sip:test@example.com'},
                                        'Lab': {'type': 'HOST', 'value': 'lab.example.com'}})
    plan = run_example(emulator, playbook_file, '--check', '--diff')
    assert plan.rc == 0, plan.output
    retarget, retire, prune = plan.tasks()[:3]
    assert retarget['changed'] is True and retarget['diff'] == {
        'before': {'name': 'Office PBX', 'type': 'HOST', 'value': 'pbx1.example.com:5060', 'edge_strategy': None},
        'after': {'name': 'Office PBX', 'type': 'HOST', 'value': 'pbx2.example.com:5060', 'edge_strategy': 'US-East-VA (id 4)'}}
    assert retire['changed'] is True and retire['diff'] == {
        'before': {'name': 'Old PBX', 'type': 'HOST', 'value': '10.0.0.9'}, 'after': {}}
    # in check mode nothing was retargeted or retired, so the bulk task plans those too
    assert prune['updated'] == ['Office PBX'] and prune['unchanged'] == ['Call centre']
    assert prune['deleted'] == ['Old PBX', 'Test route', 'Lab'] and prune['unmanaged'] == ['Old PBX', 'Test route', 'Lab']
    lab = [diff for diff in prune['diff'] if diff['before_header'] == 'route Lab']
    assert lab == [{'before_header': 'route Lab', 'after_header': 'route Lab',
                    'before': {'type': 'HOST', 'value': 'lab.example.com'}, 'after': {}}]
    assert set(entry['method'] for entry in emulator.requests()) == {'GET'}

    applied = run_example(emulator, playbook_file)
    assert applied.rc == 0, applied.output
    assert [task['changed'] for task in applied.tasks()[:3]] == [True, True, True]
    assert applied.tasks()[2]['deleted'] == ['Test route', 'Lab'] and applied.tasks()[2]['updated'] == []
    routes = v2_routes(emulator)
    assert set(routes) == {'sip-reg', 'Office PBX', 'Call centre'}
    assert routes['Office PBX']['value'] == 'pbx2.example.com:5060' and routes['Office PBX']['edge'] == 4

    emulator.control('DELETE', 'requests')
    again = run_example(emulator, playbook_file)
    assert again.rc == 0, again.output
    assert again.data['stats']['localhost']['changed'] == 0
    assert set(entry['method'] for entry in emulator.requests()) == {'GET'}


@pytest.mark.parametrize('edge_field', ['edge_strategy_id', 'edge_strategy'])
def test_edge_strategy_by_name_by_id_and_unknown(emulator, playbook, edge_field):
    emulator.reset(edge_field=edge_field)
    result = playbook(emulator, '''    - flowroute.numbers.flowroute_route: {name: ByName, type: HOST, value: "1.2.3.4", edge_strategy: us-east-va}
    - flowroute.numbers.flowroute_route: {name: ById, type: HOST, value: "1.2.3.5", edge_strategy: "1"}
    - flowroute.numbers.flowroute_route: {name: Unknown, type: HOST, value: "1.2.3.6", edge_strategy: EU-West}
      ignore_errors: true
''')
    assert result.rc == 0, result.output
    by_name, by_id, unknown = result.tasks()
    # the PoP by the name the user knows and by the id the API uses, however it was given
    assert (by_name['route']['edge_strategy'], by_name['route']['edge_strategy_id']) == ('US-East-VA', '4')
    assert (by_id['route']['edge_strategy'], by_id['route']['edge_strategy_id']) == ('US-West-OR', '1')
    assert unknown['msg'] == "edge_strategy: unknown edge strategy 'EU-West'; the API lists 1 (US-West-OR), 4 (US-East-VA)"
    routes = v2_routes(emulator)
    assert (routes['ByName']['edge'], routes['ById']['edge']) == (4, 1) and 'Unknown' not in routes


def test_deleting_a_route_in_use_fails_before_any_delete(emulator, playbook):
    emulator.control('POST', 'routes', {'Busy': {'type': 'HOST', 'value': '1.2.3.4'}})
    emulator.control('POST', 'tns', {'12065551234': {'routes': ['Busy', None]}})
    result = playbook(emulator, '    - flowroute.numbers.flowroute_route: {name: Busy, state: absent}\n')
    assert result.rc != 0
    assert result.task(0)['msg'] == ('name: route Busy (id 10001) is still the primary or failover route of 12065551234; '
                                     'point those numbers at another route first (flowroute.numbers.flowroute_number_routes)')
    assert emulator.requests('DELETE') == [] and 'Busy' in v2_routes(emulator)


@pytest.mark.parametrize('duplicate_alias', ['refuse', 'accept'])
def test_duplicate_aliases_either_way_the_server_goes(emulator, playbook, duplicate_alias):
    emulator.reset(duplicate_alias=duplicate_alias)
    emulator.control('POST', 'routes', [{'alias': 'Twin', 'type': 'HOST', 'value': '1.2.3.4'}])
    if duplicate_alias == 'accept':
        emulator.control('POST', 'routes', [{'alias': 'Twin', 'type': 'HOST', 'value': '1.2.3.5'}])
    result = playbook(emulator, '    - flowroute.numbers.flowroute_route: {name: Twin, type: HOST, value: "1.2.3.6"}\n')
    if duplicate_alias == 'accept':
        assert result.rc != 0
        assert result.task(0)['msg'] == ("name: 2 routes have the alias 'Twin' with different types or values (ids "
                                         "10001, 10002); give id to choose one, or keep one with "
                                         "flowroute.numbers.flowroute_routes and prune")
        assert [entry['method'] for entry in emulator.requests()] == ['GET']
    else:
        assert result.rc == 0, result.output
        assert [(e['method'], e['path']) for e in emulator.requests()][1:] == [('PATCH', '/v2/routes/10001')]


def test_one_account_behind_both_versions(emulator, playbook):
    made = playbook(emulator, '    - flowroute.numbers.flowroute_route: {name: Shared, type: HOST, value: "1.2.3.4", api_version: v1}\n'
                              '    - flowroute.numbers.flowroute_route: {name: Shared, type: HOST, value: "1.2.3.5"}\n'
                              '    - flowroute.numbers.flowroute_route_info: {name: Shared, api_version: v1}\n')
    assert made.rc == 0, made.output
    assert [task['changed'] for task in made.tasks()] == [True, True, False]
    assert [(e['method'], e['path']) for e in emulator.requests() if e['method'] != 'GET'] == [
        ('PUT', '/v1/routes/Shared'), ('PATCH', '/v2/routes/10001')]
    assert made.tasks()[1]['route']['id'] == '10001'
    assert made.tasks()[2]['routes'] == [{'name': 'Shared', 'type': 'HOST', 'value': '1.2.3.5'}]
