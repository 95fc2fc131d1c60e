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
        others. Needs O(api_version=v2). The built-in V(sip-reg) route is never deleted.
      - Also deletes the extra copies of a listed alias that several routes carry, keeping the one numbers use (else
        the one with the lowest id).
      - Everything that decides what a prune deletes is checked before any write, in check mode too, so
        C(--check --diff) shows exactly what the run does. A prune that would delete a route numbers still use fails
        before any write, naming the routes and their numbers (in check mode it warns in the same words, as an earlier
        task may point those numbers elsewhere). A prune with an empty O(routes) is refused, and one that would delete
        more than O(max_deletes) routes fails.
      - Deletes are sent only after every create and update of O(routes) succeeded; when one failed, no route is
        deleted and RV(skipped) lists them.
    type: bool
    version_added: 0.2.0
    default: false
  max_deletes:
    description:
      - The most routes a prune may delete. A prune that would delete more fails before any write, in check mode
        too, naming them.
      - 'When an account is first brought under code: run with C(--check --diff), read the plan, then raise
        O(max_deletes) to the number it gives (or list the routes you forgot).'
    type: int
    default: 10
    version_added: 0.3.0
  concurrency:
    description:
      - How many writes may be in flight at once, each request signed on its own. Between V(1) and V(32).
    type: int
    default: 8
notes:
  - If some writes fail, the task fails and lists which routes were applied and which were not, and why.
    Nothing is rolled back; running the task again writes only what is still missing or different.
  - With O(api_version=v2), several routes with the alias of an item and the same type and value count as one (the
    lowest id) when nothing is to change; otherwise the task fails naming their ids before any write, unless
    O(prune=true) deletes the extra copies.
  - Creates are never sent twice blindly, and two runs creating the same routes at once end with one route each, as
    with M(flowroute.numbers.flowroute_route). In a play over many hosts, run account-wide tasks once
    (C(run_once) set to V(true)).
  - With C(--diff), there is one diff per route, so a deletion and a creation never read as a rename.
'''

EXAMPLES = r'''
- name: All our routes in one task
  flowroute.numbers.flowroute_routes:
    routes:
      - {name: HOSTRoute1, type: HOST, value: "24.239.23.40:5060"}
      - {name: PSTNRoute1, type: PSTN, value: "18002364455"}
      - {name: URIRoute1, type: URI, value: "sip:16476998778@215.122.69.152:5060;transport=tcp"}

- name: These routes and no others (API v2), PoP chosen per route; at most 25 deletions
  flowroute.numbers.flowroute_routes:
    api_version: v2
    prune: true
    max_deletes: 25
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
routes:
  description:
    - Every route of O(routes), in its order, as it stands after the task - as the API stored it after a write, as it
      would be in check mode (an C(id) of V(null) for a route not made yet), as it was when nothing was to change or
      its write failed. The same form as RV(flowroute.numbers.flowroute_route#module:route).
  returned: always
  type: list
  elements: dict
  sample: [{name: Office PBX, type: HOST, value: "pbx.example.com:5060", id: "98396", edge_strategy: US-East-VA,
            edge_strategy_id: "4"}]
  version_added: 0.3.0
created:
  description: Names of the routes that did not exist and were (or in check mode, would be) created.
  returned: always
  type: list
  elements: str
  sample: [HOSTRoute1]
deleted:
  description:
    - Names of the routes that O(prune) deleted (or would delete). A route whose alias several routes carry is named
      with its id, C(name (id N)).
  returned: always
  type: list
  elements: str
  sample: [OldPBX, "Office PBX (id 98397)"]
skipped:
  description: The deletes that were not sent because a create or update of O(routes) failed. Empty on success.
  returned: always
  type: list
  elements: str
  sample: []
  version_added: 0.3.0
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
  description:
    - Names of the routes that already matched, or that another run created at the same time (a warning says so).
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
rate_limited:
  description:
    - How many times the API refused a request of the task for its rate limit (HTTP 429, or 503 with C(Retry-After)).
      The task waited and sent them again; see O(rate_limit_wait).
  returned: always
  type: int
  sample: 0
  version_added: 0.3.0
rate_limit_waited:
  description: Seconds the task waited in all for the API's rate limit.
  returned: always
  type: float
  sample: 0.0
  version_added: 0.3.0
'''

from functools import partial

from ansible_collections.flowroute.numbers.plugins.module_utils.client import lowest_id
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import (
    InvalidInput,
    check_concurrency,
    check_max_deletes,
    check_routes,
    compares_edge,
    present_route,
    resolve_edge_strategy,
    route_state,
    same_route,
)
from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner, PartialFailure


def read_routes(runner, client):
    """{name: [routes with that name]} in API order."""
    with runner.step('could not read the routes'):
        return client.routes_by_name()


def observed(name, route_id, wanted_state, pops):
    """observe(snapshot) for the runner: the state the read-back shows of this route (by id where known)."""
    def observe(snapshot):
        if route_id is not None:
            copies = [route for routes in snapshot.values() for route in routes if route['id'] == route_id]
        else:
            copies = snapshot.get(name, [])
        found = lowest_id(copies) if len(copies) > 1 else (copies[0] if copies else None)
        with_edge = 'edge_strategy' in wanted_state
        state = route_state(found, with_edge and compares_edge(wanted_state['edge_strategy'], found), pops)
        if found is not None and with_edge and 'edge_strategy' not in state:
            state['edge_strategy'] = wanted_state['edge_strategy']      # not shown by the API: cannot differ
        return state
    return observe


def copy_key(name, route, copies):
    return name if len(copies) == 1 else '{0} (id {1})'.format(name, route['id'])


def ensure_routes(runner):
    params = runner.params
    concurrency = check_concurrency(params['concurrency'])
    max_deletes = check_max_deletes(params['max_deletes'])
    client = runner.client(pool_size=concurrency)
    prune = params['prune']
    if prune:
        client.require('delete', 'prune')
    wanted = check_routes(params['routes'], version=client.version)
    if prune and not wanted:
        raise InvalidInput('routes', 'is empty and prune is true, which would delete every route on the account; list '
                                     'the routes to keep (an undefined or misspelled variable gives an empty list)')
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
    unmanaged = [name for name, routes in current.items() if name not in listed and routes[0]['type'] != 'SIP-REG']
    repeated = dict((name, current[name]) for name in listed if len(current.get(name, [])) > 1)
    deleting = sum(len(current[name]) for name in unmanaged) if prune else 0
    deleting += sum(len(copies) - 1 for copies in repeated.values()) if prune else 0
    if deleting > max_deletes:
        planned = ['{0} ({1} routes)'.format(name, len(current[name])) if len(current[name]) > 1 else name
                   for name in unmanaged]
        planned += ['{0} copies of {1}'.format(len(copies) - 1, name) for name, copies in repeated.items()]
        raise InvalidInput('max_deletes', 'prune would delete {0} routes, more than max_deletes {1}: {2}; check that '
                                          'routes lists every route to keep (--check --diff shows the plan), then set '
                                          'max_deletes: {0} to let it go ahead'.format(
                                              deleting, max_deletes, ', '.join(planned)))
    users = {}
    if deleting:
        with runner.step('could not read the numbers to check which routes are in use'):
            users = client.route_users()

    changes, unchanged, problems, deletes = [], [], [], []
    folded = dict((name.lower(), name) for name in current if isinstance(name, str))
    made, standing = {}, {}
    with runner.step('could not read the edge strategies'):
        pops = client.edge_names([route for routes in current.values() for route in routes] + wanted)
    for route in wanted:
        name = route['name']
        copies = current.get(name, [])
        if not copies and name.lower() in folded:
            runner.warn('route {0} does not exist, but route {1} differs from it only in case; route names are '
                        'case-sensitive, so {0} is a new route'.format(name, folded[name.lower()]))
        with_edge = compares_edge(route['edge_strategy'], copies[0] if copies else None)
        if route['edge_strategy'] is not None and not with_edge:
            runner.warn_once('the API does not show the edge strategy of route {0}, so it cannot be compared with '
                             'edge_strategy {1}; it is sent only with a change of type or value'.format(
                                 name, route['edge_strategy']))
        after = route_state(route, with_edge, pops)
        now, trouble = pick_copy(runner, name, copies, after, with_edge, prune, users, pops)
        standing[name] = now
        if trouble:
            problems.append(trouble)
            continue
        for extra in [copy for copy in copies if copy is not now] if prune else []:
            deletes.append((copy_key(name, extra, copies), extra))
        before = route_state(now, with_edge, pops)
        if before == after:
            unchanged.append(name)
            continue
        key = name
        if now is None:
            write = partial(create, client, route, made, key)
            changes.append(dict(key=key, action='created', before=before, after=after, write=write,
                                observe=observed(name, None, after, pops)))
        else:
            changes.append(dict(key=key, action='updated', before=before, after=after,
                                write=partial(update, client, now, route, made, key),
                                observe=observed(name, now['id'], after, pops)))
    if problems:
        raise InvalidInput('routes', 'several routes on the account have the alias of an item, so it cannot be told '
                                     'which to change: {0}; remove all but one first, give prune: true to delete the '
                                     'extra copies, or use flowroute.numbers.flowroute_route with id'.format(
                                         '; '.join(problems)))
    if prune:
        deletes += [(copy_key(name, route, current[name]), route) for name in unmanaged for route in current[name]]
    in_use = ['{0} (id {1}) by {2}'.format(route['name'], route['id'], ', '.join(users[route['id']]))
              for dummy, route in deletes if users.get(route['id'])]
    if in_use:
        problem = ('would delete routes that numbers still use as primary or failover: {0}; point those numbers at other '
                   'routes in an earlier task (flowroute.numbers.flowroute_number_routes), or list the routes to keep '
                   'them'.format('; '.join(in_use)))
        runner.unless_earlier_task('prune', problem, 'points those numbers at other routes')
    for key, route in deletes:
        changes.append(dict(key=key, action='deleted', before=route_state(route), after={},
                            write=partial(client.delete_route, route),
                            observe=observed(route['name'], route['id'], {}, pops)))

    def settle(created):
        return client.converge_created(dict((change['key'], made[change['key']]) for change in created
                                            if made.get(change['key']) is not None), same_route)

    def now_standing(report):
        # every listed route as it stands after the task: as the API stored it after a write, as planned in check
        # mode (or when the API did not say), as it was when its write failed or nothing was to change
        kept = set(report['unchanged']) | set(entry['name'] for entry in report['failed_routes'])
        shown = []
        for route in wanted:
            name = route['name']
            was = standing[name]
            stood = made.get(name) if name not in kept else None
            if stood is None and name not in kept:
                stood = dict(was or {}, **route)
                stood['id'] = (was or {}).get('id')
                if route['edge_strategy'] is None:
                    stood['edge_strategy'] = (was or {}).get('edge_strategy')
            shown.append(present_route(stood or was, client.route_fields, pops))
        return shown
    try:
        result = runner.apply_many(changes, unchanged, concurrency, partial(read_routes, runner, client),
                                   extra={'unmanaged': unmanaged}, settle=settle)
    except PartialFailure as exc:
        exc.result['routes'] = now_standing(exc.result)
        raise
    result['routes'] = now_standing(result)
    return result


def create(client, route, made, key):
    made[key] = client.create_route(route)


def update(client, now, route, made, key):
    made[key] = client.update_route(now, route)


def pick_copy(runner, name, copies, after, with_edge, prune, users, pops):
    """(the route that stands for ``name``, None) or (None, a problem) when several routes carry it.

    With prune the copy numbers use is kept (else the lowest id) and the others are deleted; without, identical
    copies that need no write are taken as one (the lowest id), and anything else is a problem."""
    if len(copies) < 2:
        return (copies[0] if copies else None), None
    ids = ', '.join(route['id'] for route in copies)
    if prune:
        used = [route for route in copies if users.get(route['id'])]
        if len(used) > 1:
            return None, '{0} (ids {1}; numbers use {2})'.format(name, ids, ', '.join(route['id'] for route in used))
        return (used[0] if used else lowest_id(copies)), None
    kept = lowest_id(copies)
    if all(same_route(route, copies[0]) for route in copies) and route_state(kept, with_edge, pops) == after:
        runner.warn('{0} routes have the alias {1!r} with the same type and value (ids {2}); route {3} is taken as the '
                    'route; prune: true deletes the others'.format(len(copies), name, ids, kept['id']))
        return kept, None
    return None, '{0} (ids {1})'.format(name, ids)


def main():
    FlowrouteRunner(dict(
        routes=dict(type='list', elements='dict', required=True, options=dict(
            name=dict(type='str', required=True),
            type=dict(type='str', required=True),
            value=dict(type='str', required=True),
            edge_strategy=dict(type='str'),
        )),
        prune=dict(type='bool', default=False),
        max_deletes=dict(type='int', default=10),
        concurrency=dict(type='int', default=8),
    )).run(ensure_routes)


if __name__ == '__main__':
    main()
