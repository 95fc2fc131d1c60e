# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Rate limits through ansible-playbook: a burst of refusals loses no write, a limit that never lifts fails after the
bounded wait naming it, and check mode plans as ever."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

pytestmark = pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)
SIZE = 300
NUMBERS = ['1206555{0:04d}'.format(i) for i in range(SIZE)]


def routes_task(count, **options):
    items = ''.join('          - {{name: Burst{0:04d}, type: HOST, value: "198.51.100.{1}"}}\n'.format(i, i % 250 + 1)
                    for i in range(count))
    extra = ''.join('        {0}: {1}\n'.format(key, value) for key, value in options.items())
    return '    - flowroute.numbers.flowroute_routes:\n        routes:\n' + items + extra


def numbers_task(route):
    items = ''.join('          - {{number: "{0}", primary_route: {1}}}\n'.format(number, route) for number in NUMBERS)
    return '    - flowroute.numbers.flowroute_number_routes:\n        numbers:\n' + items


def refused(emulator):
    return [entry for entry in emulator.requests() if entry['status'] == 429]


@pytest.mark.newest
def test_a_burst_of_200_refusals_during_300_creates_and_300_number_moves_loses_nothing(emulator, playbook, api):
    emulator.control('POST', 'routes', {'NewPBX': {'type': 'HOST', 'value': '10.0.0.2'}})
    emulator.control('POST', 'tns', dict((number, None) for number in NUMBERS))
    # 200 consecutive 429s (Retry-After: 0, so the test does not sleep through them; make bench runs them at 1 s)
    emulator.control('POST', 'burst', {'count': 200, 'retry_after': 0})
    created = playbook(emulator, routes_task(SIZE))
    assert created.rc == 0, created.output[-3000:]
    task = created.task(0)
    assert len(task['created']) == SIZE and task['failed_routes'] == [] and task['rate_limited'] == 200
    stored = emulator.control('GET', 'state')['routes']
    assert all('Burst{0:04d}'.format(i) in stored for i in range(SIZE))

    emulator.control('DELETE', 'requests')
    emulator.control('POST', 'burst', {'count': 200, 'retry_after': 0})
    moved = playbook(emulator, numbers_task('NewPBX'))
    assert moved.rc == 0, moved.output[-3000:]
    assert len(moved.task(0)['updated']) == SIZE and moved.task(0)['rate_limited'] == 200
    assert len(refused(emulator)) == 200
    assert all(tn['routes'][0] == 'NewPBX' for tn in emulator.control('GET', 'state')['tns'].values())

    again = playbook(emulator, routes_task(SIZE) + numbers_task('NewPBX'))
    assert again.rc == 0 and again.data['stats']['localhost']['changed'] == 0, again.output[-3000:]


@pytest.mark.subset
def test_a_limit_that_never_lifts_fails_after_the_bounded_wait_naming_it(emulator, playbook, api):
    emulator.control('POST', 'burst', {'count': 100000, 'retry_after': 1})
    result = playbook(emulator, routes_task(3, rate_limit_wait=3))
    assert result.rc != 0
    task = result.task(0)
    assert task['status'] == 429 and task['changed'] is False
    assert 'still rate limited (HTTP 429) after waiting 3 seconds in all' in task['msg']
    assert 'more than rate_limit_wait=3 allows; raise rate_limit_wait, lower concurrency, or run again later' in task['msg']
    assert task['rate_limited'] == len(refused(emulator)) >= 4 and task['rate_limit_waited'] == 3.0
    assert [entry for entry in emulator.requests() if entry['method'] != 'GET'] == []


def test_check_mode_rides_out_a_rate_limit_too_and_writes_nothing(emulator, playbook, api):
    emulator.control('POST', 'burst', {'count': 3, 'retry_after': 1})
    result = playbook(emulator, routes_task(5), '--check')
    assert result.rc == 0, result.output
    assert len(result.task(0)['created']) == 5 and result.task(0)['rate_limited'] == 3
    assert result.task(0)['rate_limit_waited'] >= 1.0
    assert set(entry['method'] for entry in emulator.requests()) == {'GET'}
