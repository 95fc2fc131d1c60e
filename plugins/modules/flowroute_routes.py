#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_routes
short_description: Bring many Flowroute inbound routes to a declared state in one task
version_added: 0.1.0
description:
  - Makes sure every route in O(routes) exists with its type and value, like
    M(flowroute.numbers.flowroute_route) does for one, but reads the account's route list only once
    and writes the missing or different routes in parallel.
  - Use it instead of a loop of M(flowroute.numbers.flowroute_route) when there are more than a few
    routes; the v1 API cannot fetch one route by name, so each looped task reads the whole list again.
  - Routes on the account that are not in O(routes) are left alone and reported in RV(unmanaged), unless
    O(prune=true) (O(api_version=v2) only) deletes them.
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.write_module
options:
  routes:
    description:
      - The routes. Every item is checked before any request is sent, by the rules of
        M(flowroute.numbers.flowroute_route); a name may appear only once.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Route name, letters and digits only.
        type: str
        required: true
      type:
        description: V(HOST), V(PSTN) or V(URI), any case.
        type: str
        required: true
      value:
        description: Where calls go, in the form O(routes[].type) asks for.
        type: str
        required: true
      edge_strategy:
        description:
          - The edge strategy (PoP), by id or name, as in M(flowroute.numbers.flowroute_route). Needs O(api_version=v2).
        type: str
        version_added: 0.2.0
  prune:
    description:
      - Delete every route on the account that O(routes) does not name, so the account holds these routes and no
        others. Needs O(api_version=v2).
      - The built-in V(sip-reg) route is never deleted. A route that numbers still use is kept and reported in
        RV(failed_routes), and the rest goes on.
      - With C(--check --diff) the diff is the plan, and nothing is sent.
    type: bool
    version_added: 0.2.0
    default: false
  concurrency:
    description:
      - How many writes may be in flight at once, each request signed on its own. Between V(1) and V(32).
    type: int
    default: 8
notes:
  - If some writes fail, the task fails and lists which routes were applied and which were not, and why.
    Nothing is rolled back; running the task again writes only what is still missing or different.
  - With O(api_version=v2), two routes with the same alias as an item make the task fail naming both ids, before
    any write.
'''

EXAMPLES = r'''
- name: All our routes in one task
  flowroute.numbers.flowroute_routes:
    routes:
      - {name: HOSTRoute1, type: HOST, value: "24.239.23.40:5060"}
      - {name: PSTNRoute1, type: PSTN, value: "18002364455"}
      - {name: URIRoute1, type: URI, value: "sip:16476998778@215.122.69.152:5060;transport=tcp"}

- name: These routes and no others (API v2), PoP chosen per route
  flowroute.numbers.flowroute_routes:
    api_version: v2
    prune: true
    routes:
      - {name: Office PBX, type: HOST, value: "pbx.example.com:5060", edge_strategy: US-East-VA}
      - {name: Call centre, type: PSTN, value: "18002364455"}

- name: Routes from a variable, for example one per branch office
  flowroute.numbers.flowroute_routes:
    routes: "{{ offices | map('combine', {'type': 'HOST'}) | list }}"
    concurrency: 4
  vars:
    offices:
      - {name: Office1, value: "pbx1.example.com:5060"}
      - {name: Office2, value: "pbx2.example.com:5060"}
'''

RETURN = r'''
created:
  description: Names of the routes that did not exist and were (or in check mode, would be) created.
  returned: always
  type: list
  elements: str
  sample: [HOSTRoute1]
deleted:
  description: Names of the routes that O(prune) deleted (or would delete).
  returned: always
  type: list
  elements: str
  sample: [OldPBX]
unmanaged:
  description:
    - Names of the routes on the account, as found before the task, that O(routes) does not name, the built-in
      V(sip-reg) aside. This is the drift between the account and the list; with O(prune=true) they are the routes
      to delete.
  returned: always
  type: list
  elements: str
  sample: [OldPBX, TestRoute]
updated:
  description: Names of the routes whose type, value or edge strategy differed and were (or would be) changed.
  returned: always
  type: list
  elements: str
  sample: [PSTNRoute1]
unchanged:
  description: Names of the routes that already matched.
  returned: always
  type: list
  elements: str
  sample: [URIRoute1]
failed_routes:
  description: The routes whose write failed, each with the API's answer. Empty on success.
  returned: always
  type: list
  elements: dict
  sample: [{name: PSTNRoute2, error: "PUT /v1/routes/PSTNRoute2 failed: HTTP 422: Invalid value"}]
api_requests:
  description: How many HTTP requests the task sent, retries included.
  returned: always
  type: int
  sample: 3
status:
  description:
    - When the task failed, the HTTP status of the API's answer, so a playbook can branch on it with C(failed_when) or C(until).
    - V(null) when no answer came (a connection failure or a timeout) or the input was refused before any request.
  returned: failure
  type: int
  sample: 422
api_error:
  description:
    - When the task failed, the API's own error text, if it gave one.
  returned: failure
  type: str
  sample: Invalid value for route type HOST
'''

from functools import partial

from ansible_collections.flowroute.numbers.plugins.module_utils.rules import (
    InvalidInput,
    check_concurrency,
    check_routes,
    resolve_edge_strategy,
    route_state,
)
from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner


def read_routes(runner, client):
    """{name: [routes with that name]} in API order."""
    with runner.step('could not read the routes'):
        return client.routes_by_name()


def ensure_routes(runner):
    params = runner.params
    concurrency = check_concurrency(params['concurrency'])
    client = runner.client(pool_size=concurrency)
    if params['prune']:
        client.require('delete', 'prune')
    wanted = check_routes(params['routes'], version=client.version)
    if any(route['edge_strategy'] is not None for route in wanted):
        client.require('edge', 'routes[].edge_strategy')
        with runner.step('could not read the edge strategies'):
            strategies = client.list_edge_strategies()
        for index, route in enumerate(wanted):
            if route['edge_strategy'] is not None:
                route['edge_strategy'] = resolve_edge_strategy(route['edge_strategy'], strategies,
                                                               'routes[{0}].edge_strategy'.format(index))

    current = read_routes(runner, client)
    listed = set(route['name'] for route in wanted)
    repeated = ['{0} (ids {1})'.format(name, ', '.join(route['id'] for route in current[name]))
                for name in current if name in listed and len(current[name]) > 1]
    if repeated:
        raise InvalidInput('routes', 'several routes on the account have the alias of an item, so it cannot be told '
                                     'which to change: {0}; remove all but one first'.format('; '.join(repeated)))
    folded = dict((name.lower(), name) for name in current if isinstance(name, str))
    changes, unchanged = [], []
    for route in wanted:
        name = route['name']
        now = current.get(name, [None])[0]
        if now is None and name.lower() in folded:
            runner.warn('route {0} does not exist, but route {1} differs from it only in case; route names are '
                        'case-sensitive, so {0} is a new route'.format(name, folded[name.lower()]))
        with_edge = route['edge_strategy'] is not None
        before, after = route_state(now, with_edge), route_state(route, with_edge)
        if before == after:
            unchanged.append(name)
        elif now is None:
            changes.append(dict(key=name, action='created', before=before, after=after,
                                write=partial(client.create_route, route)))
        else:
            changes.append(dict(key=name, action='updated', before=before, after=after,
                                write=partial(client.update_route, now, route)))

    unmanaged = [name for name, routes in current.items() if name not in listed and routes[0]['type'] != 'SIP-REG']
    if params['prune'] and unmanaged:
        with runner.step('could not read the numbers to check which routes are in use'):
            users = client.route_users()
        for name in unmanaged:
            for route in current[name]:
                key = name if len(current[name]) == 1 else '{0} (id {1})'.format(name, route['id'])
                changes.append(dict(key=key, action='deleted', before=route_state(route), after={},
                                    write=partial(delete_unused, client, route, users.get(route['id'], []))))

    def read_back():
        return dict((name, route_state(routes[0])) for name, routes in read_routes(runner, client).items())
    return runner.apply_many(changes, unchanged, concurrency, read_back, extra={'unmanaged': unmanaged})


def delete_unused(client, route, users):
    """Delete a route unless numbers use it (the API would refuse it with 403 anyway)."""
    if users:
        raise InvalidInput('prune', 'route {0} (id {1}) is kept: it is still the primary or failover route of {2}'.format(
            route['name'], route['id'], ', '.join(users)))
    client.delete_route(route)


def main():
    FlowrouteRunner(dict(
        routes=dict(type='list', elements='dict', required=True, options=dict(
            name=dict(type='str', required=True),
            type=dict(type='str', required=True),
            value=dict(type='str', required=True),
            edge_strategy=dict(type='str'),
        )),
        prune=dict(type='bool', default=False),
        concurrency=dict(type='int', default=8),
    )).run(ensure_routes)


if __name__ == '__main__':
    main()
