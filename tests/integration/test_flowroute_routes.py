# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""flowroute_routes: many routes in one task, against the emulator."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

pytestmark = pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)


def routes_task(routes, **options):
    task = {'flowroute.numbers.flowroute_routes': dict(routes=routes, **options)}
    return '    - ' + json.dumps(task) + '\n'


def many(count, start=0, value='192.0.2.{0}:5060'):
    return [{'name': 'Bulk{0:04d}'.format(i), 'type': 'HOST', 'value': value.format(i % 250 + 1)}
            for i in range(start, start + count)]


def test_create_then_rerun_unchanged(emulator, playbook, api):
    routes = many(250)
    first = playbook(emulator, routes_task(routes))
    assert first.rc == 0, first.output
    task = first.task(0)
    assert task['changed'] is True
    assert task['created'] == [r['name'] for r in routes] and task['updated'] == [] and task['unchanged'] == []
    stored = emulator.routes()
    assert all(stored[r['name']] == {'type': 'HOST', 'value': r['value']} for r in routes)
    # v1: one read of the list; v2 also reads it back once after the creates (two pages for 251 routes), in case
    # another run created some of them at the same time
    assert len(emulator.requests('GET')) == (1 if api.version == 'v1' else 3) and len(api.route_writes(emulator)) == 250

    emulator.control('DELETE', 'requests')
    second = playbook(emulator, routes_task(routes))
    assert second.rc == 0, second.output
    assert second.task(0)['changed'] is False
    assert len(second.task(0)['unchanged']) == 250
    # 251 routes with sip-reg: exactly ceil(251 / 200) = 2 list requests and no write
    assert [entry['path'] for entry in emulator.requests()] == api.route_list(2)
    assert second.task(0)['api_requests'] == 2 and second.task(0)['unmanaged'] == []


@pytest.mark.subset
def test_mixed_update_with_check_mode_and_diff(emulator, playbook, api):
    emulator.control('POST', 'routes', {'Keep': {'type': 'PSTN', 'value': '18002364455'},
                                        'Change': {'type': 'HOST', 'value': '10.0.0.1'}})
    routes = [{'name': 'Keep', 'type': 'pstn', 'value': '+18002364455'},
              {'name': 'Change', 'type': 'HOST', 'value': '10.0.0.2'},
              {'name': 'New', 'type': 'URI', 'value': 'sip:a@b.example'}]
    check = playbook(emulator, routes_task(routes), '--check', '--diff')
    assert check.rc == 0, check.output
    task = check.task(0)
    assert (task['created'], task['updated'], task['unchanged'], task['changed']) == (['New'], ['Change'], ['Keep'], True)
    # one diff per route, each with its own header
    assert task['diff'] == [{'before_header': 'route Change', 'after_header': 'route Change',
                             'before': {'type': 'HOST', 'value': '10.0.0.1'}, 'after': {'type': 'HOST', 'value': '10.0.0.2'}},
                            {'before_header': 'route New', 'after_header': 'route New',
                             'before': {}, 'after': {'type': 'URI', 'value': 'sip:a@b.example'}}]
    assert '--- before: route Change' in check.stdout or check.data is not None
    assert api.route_writes(emulator) == []

    real = playbook(emulator, routes_task(routes))
    assert real.rc == 0, real.output
    assert sorted((entry['method'], entry['path']) for entry in api.route_writes(emulator)) == (
        [('PUT', '/v1/routes/Change'), ('PUT', '/v1/routes/New')] if api.version == 'v1'
        else [('PATCH', '/v2/routes/10002'), ('POST', '/v2/routes')])
    assert emulator.routes()['Change'] == {'type': 'HOST', 'value': '10.0.0.2'}


def test_partial_failure_reports_and_rerun_completes(emulator, playbook, api):
    routes = many(20)
    emulator.control('POST', 'faults', {'method': api.create('x')[0], 'count': 3, 'status': 422, 'body': {'error': 'Invalid route'}})
    first = playbook(emulator, routes_task(routes, concurrency=4))
    assert first.rc != 0
    task = first.task(0)
    assert task['failed'] is True and task['changed'] is True
    failed = [item['name'] for item in task['failed_routes']]
    assert len(failed) == 3 and len(task['created']) == 17
    assert set(failed) | set(task['created']) == set(r['name'] for r in routes)
    assert all(item['error'].endswith('failed: HTTP 422: Invalid route') for item in task['failed_routes'])
    assert task['msg'].startswith('3 of 20 routes to write failed (')
    assert 'run the task again to finish' in task['msg']
    assert set(emulator.routes()) - {'sip-reg'} == set(task['created'])

    second = playbook(emulator, routes_task(routes, concurrency=4))
    assert second.rc == 0, second.output
    assert sorted(second.task(0)['created']) == sorted(failed)
    assert len(second.task(0)['unchanged']) == 17
    assert set(emulator.routes()) - {'sip-reg'} == set(r['name'] for r in routes)


@pytest.mark.parametrize('routes, message', [
    ([{'name': 'A', 'type': 'HOST', 'value': '1.2.3.4'}, {'name': 'A', 'type': 'PSTN', 'value': '18002364455'}],
     'routes[1].name: A is already listed at routes[0]'),
    ([{'name': 'A', 'type': 'HOST', 'value': '1.2.3.4'}, {'name': 'B', 'type': 'PSTN', 'value': '1 800'}],
     'routes[1].value: a PSTN route takes an E.164 number'),
    ([{'name': 'bad/name', 'type': 'HOST', 'value': '1.2.3.4'}], 'routes[0].name: '),
])
def test_invalid_items_refused_before_any_request(emulator, playbook, routes, message):
    result = playbook(emulator, routes_task(routes))
    assert result.rc != 0
    assert message in result.task(0)['msg']
    assert emulator.requests() == []
