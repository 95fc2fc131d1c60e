# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Ten forks at once: 50 hosts, each creating its own route, all against one emulator."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import sys

import pytest

ROUTES = 50
TASKS = '''    - flowroute.numbers.flowroute_route:
        name: "LoadRoute{{ inventory_hostname[4:] }}"
        type: HOST
        value: "192.0.2.{{ inventory_hostname[4:] | int }}:5060"
'''


@pytest.mark.newest
@pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)
def test_fifty_routes_with_ten_forks(emulator, playbook, tmp_path, api):
    inventory = tmp_path / 'hosts.ini'
    inventory.write_text('[load]\nload[01:{0}]\n\n[load:vars]\nansible_connection=local\nansible_python_interpreter={1}\n'
                         .format(ROUTES, sys.executable))
    result = playbook(emulator, TASKS, '-f', '10', '-i', str(inventory), hosts='load')
    assert result.rc == 0, result.output
    assert result.data['stats']['load07']['changed'] == 1
    assert sum(host['changed'] for host in result.data['stats'].values()) == ROUTES

    routes = emulator.routes()
    expected = dict(('LoadRoute{0:02d}'.format(n), {'type': 'HOST', 'value': '192.0.2.{0}:5060'.format(n)})
                    for n in range(1, ROUTES + 1))
    assert dict((name, route) for name, route in routes.items() if name.startswith('LoadRoute')) == expected
    writes = api.route_writes(emulator)
    assert len(writes) == ROUTES and set(entry['status'] for entry in writes) == {201}
    # each task read the list once, and over v2 once more after its create
    assert [entry['status'] for entry in emulator.requests('GET')] == [200] * ROUTES * (1 if api.version == 'v1' else 2)

    again = playbook(emulator, TASKS, '-f', '10', '-i', str(inventory), hosts='load')
    assert again.rc == 0, again.output
    assert sum(host['changed'] for host in again.data['stats'].values()) == 0
    assert len(api.route_writes(emulator)) == ROUTES
