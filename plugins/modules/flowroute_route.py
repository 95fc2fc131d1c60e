#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_route
short_description: Create, update or delete a Flowroute inbound route
version_added: 0.1.0
description:
  - Makes sure a Flowroute inbound route exists with the given type and value (O(state=present)), or does not
    exist (O(state=absent)).
  - An inbound route says where Flowroute delivers calls for the phone numbers that use it -
    a SIP host (V(HOST)), another phone number (V(PSTN)) or a SIP URI (V(URI)).
  - The module reads the account's routes first and writes only when the route is missing or different,
    so a second run reports no change and sends no write.
  - With O(api_version=v1) (the default) routes can only be created; with O(api_version=v2) they are also
    updated in place, deleted, and given an edge strategy (the Flowroute PoP that sends their calls).
  - A create is never sent twice blindly. If its answer is lost (the connection dropped, a timeout, a 5xx), the module
    reads the routes back and sends it again only when the route is not there.
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.write_module
options:
  name:
    description:
      - Name of the route. With O(api_version=v1), letters A-Z, a-z and digits 0-9 only, for example V(HOSTRoute1).
      - With O(api_version=v2) this is the route's alias, which may also hold spaces, dots, dashes and underscores
        (1 to 64 characters). A route made over v1 shows its name as its alias over v2.
      - V(sip-reg) is the account's built-in route and cannot be created, changed or deleted.
      - Required, except with O(state=absent) and O(id).
    type: str
    aliases: [route_name]
  id:
    description:
      - Over O(api_version=v2), the id of one route to change or delete, whatever its alias; with O(state=present) the
        route is given O(name) as its alias. This is how to repair an alias that several routes carry.
      - The ids are in the results of this module and of M(flowroute.numbers.flowroute_route_info).
    type: str
    version_added: 0.3.0
  state:
    description:
      - V(present) creates the route or brings it to O(type), O(value) and O(edge_strategy).
      - V(absent) deletes it (O(api_version=v2) only). A route that numbers still use is not deleted; the task
        fails naming those numbers.
    type: str
    version_added: 0.2.0
    choices: [present, absent]
    default: present
  type:
    description:
      - What the route delivers calls to, one of V(HOST), V(PSTN) or V(URI). Any case is accepted. Required with O(state=present).
      - V(HOST) - an IPv4 address or DNS hostname with an optional port, no scheme, for example
        V(24.239.23.40:5060). Without a port Flowroute uses DNS SRV records.
      - V(PSTN) - a phone number in E.164 format without C(+), for example V(16476998778).
        A leading C(+) is accepted and dropped.
      - V(URI) - a SIP URI C(sip:user@host[:port][;transport=udp|tcp|tls]) or C(sips:...), for example
        V(sip:16476998778@215.122.69.152:5060;transport=tcp).
    type: str
    aliases: [route_type]
  value:
    description:
      - Where calls go, in the form O(type) asks for. It is checked before any request is sent. Required with O(state=present).
    type: str
  edge_strategy:
    description:
      - The edge strategy (Flowroute PoP) that sends the route's calls, by id (V(4)) or by name (V(US-East-VA)),
        as the API lists them. An unknown one fails the task and lists the known ones.
      - Needs O(api_version=v2). When not given, the route keeps the edge strategy it has.
    type: str
    version_added: 0.2.0
notes:
  - With O(api_version=v1), when the route exists with another type or value, the module sends the new one with the
    same API call that creates routes. Whether Flowroute replaces the route is not documented; if it refuses, the
    task fails and says what the route is now, what was asked and what the API answered.
  - With O(api_version=v2), several routes with the same alias and the same type and value are taken as one, the one
    with the lowest id (with a warning); a write to them, or routes with one alias and different values, fail naming
    the ids, with no write. Give O(id) to choose one.
  - Two runs creating the same route at once (two plays, or one play over many hosts) end with one route over
    O(api_version=v2) too, where aliases need not be unique - each run reads the alias back after its create, the
    route with the lowest id stands, and a run whose copy is not that one deletes its copy and reports no change. So
    exactly one run reports the creation. Still, account-wide tasks in a play over many hosts are best run once,
    with C(run_once) set to V(true).
'''

EXAMPLES = r'''
- name: Send calls to a SIP server
  flowroute.numbers.flowroute_route:
    name: HOSTRoute1
    type: HOST
    value: 24.239.23.40:5060
    access_key: "{{ flowroute_access_key }}"
    secret_key: "{{ flowroute_secret_key }}"

- name: Set the credentials once for several Flowroute tasks (module_defaults works on plays too)
  module_defaults:
    group/flowroute.numbers.flowroute:
      access_key: "{{ flowroute_access_key }}"
      secret_key: "{{ flowroute_secret_key }}"
  block:
    - name: Forward calls to a phone number
      flowroute.numbers.flowroute_route:
        name: PSTNRoute1
        type: PSTN
        value: "+18002364455"

    - name: Send calls to a SIP URI over TCP
      flowroute.numbers.flowroute_route:
        name: URIRoute1
        type: URI
        value: sip:16476998778@215.122.69.152:5060;transport=tcp

- name: Take the credentials from FLOWROUTE_ACCESS_KEY and FLOWROUTE_SECRET_KEY in the environment
  flowroute.numbers.flowroute_route:
    name: HOSTRoute2
    type: host
    value: sip.example.com
  register: result

- name: Show the route
  ansible.builtin.debug:
    msg: "{{ result.route.name }} delivers to {{ result.route.type }} {{ result.route.value }}"

- name: Retarget a route in place and send its calls from the US-East-VA PoP (API v2)
  flowroute.numbers.flowroute_route:
    name: Office PBX
    type: HOST
    value: pbx2.example.com:5060
    edge_strategy: US-East-VA
    api_version: v2

- name: Retire a route (API v2)
  flowroute.numbers.flowroute_route:
    name: Old PBX
    state: absent
    api_version: v2

- name: In a play over many hosts, create an account-wide route once
  flowroute.numbers.flowroute_route:
    name: Office PBX
    type: HOST
    value: pbx.example.com:5060
    api_version: v2
  run_once: true

- name: Two routes carry the alias Office PBX; give the second its own (API v2)
  flowroute.numbers.flowroute_route:
    id: "98397"
    name: Office PBX 2
    type: HOST
    value: pbx2.example.com:5060
    api_version: v2
'''

RETURN = r'''
route:
  description:
    - The route as it is after the task (in check mode, as it would be).
    - With O(state=absent), the route that was (or in check mode, would be) deleted, so that what went is not lost;
      V(null) when there was none.
  returned: success
  type: dict
  contains:
    name:
      description: Route name.
      type: str
      sample: HOSTRoute1
    type:
      description: Route type, upper case.
      type: str
      sample: HOST
    value:
      description: Where calls are delivered. For V(PSTN), digits without C(+).
      type: str
      sample: 24.239.23.40:5060
    id:
      description: The route's id (O(api_version=v2) only; V(null) in check mode for a route not made yet).
      type: str
      sample: "98396"
    edge_strategy:
      description:
        - The name of the route's edge strategy (PoP), as O(flowroute.numbers.flowroute_route#module:edge_strategy)
          takes it (its id when the API does not list it), or V(null) for the API's default (O(api_version=v2) only).
      type: str
      sample: US-East-VA
    edge_strategy_id:
      description: The id of the route's edge strategy, or V(null) (O(api_version=v2) only).
      type: str
      sample: "4"
      version_added: 0.3.0
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
from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import (
    InvalidInput,
    check_filter,
    check_route,
    check_route_name,
    compares_edge,
    present_route,
    resolve_edge_strategy,
    route_state,
    same_route,
)


def named(name, state):
    # The route as the diff shows it: {} when absent.
    return dict(name=name, **state) if state else {}


def find_copies(runner, client, name):
    # Every route named ``name``; routes that carry it with different attributes are an error naming their ids.
    with runner.step('could not read the routes to check route {0}'.format(name)):
        found, similar = client.find_route(name)
    if len(found) > 1 and not all(same_route(route, found[0]) for route in found):
        raise InvalidInput('name', '{0} routes have the alias {1!r} with different types or values (ids {2}); give '
                                   'id to choose one, or keep one with flowroute.numbers.flowroute_routes and '
                                   'prune'.format(len(found), name, ', '.join(route['id'] for route in found)))
    if not found and similar:
        runner.warn('route {0} does not exist, but route {1} differs from it only in case; route names are '
                    'case-sensitive, so {0} is a new route'.format(name, similar[0]['name']))
    return found


def find_by_id(runner, client, route_id):
    with runner.step('could not read the routes to find route id {0}'.format(route_id)):
        return next((route for route in client.iter_routes() if route['id'] == route_id), None)


def only_one(runner, copies, name, writes):
    # The route that stands for ``name``: with identical copies (two runs created it at once) the lowest id;
    # a write to one of several copies is refused, as it could not be told which is meant.
    if len(copies) < 2:
        return copies[0] if copies else None
    ids = ', '.join(route['id'] for route in copies)
    if writes:
        raise InvalidInput('name', '{0} routes have the alias {1!r} (ids {2}); give id to change or delete one of '
                                   'them, or remove the copies with flowroute.numbers.flowroute_routes and '
                                   'prune'.format(len(copies), name, ids))
    kept = lowest_id(copies)
    runner.warn('{0} routes have the alias {1!r} with the same type and value (ids {2}); route {3} is taken as the '
                'route; flowroute.numbers.flowroute_routes with prune deletes the others'.format(
                    len(copies), name, ids, kept['id']))
    return kept


def ensure_route(runner):
    params = runner.params
    client = runner.client()
    route_id = check_filter(params['id'], 'id')
    if route_id is not None:
        client.require('ids', 'id')
    if params['state'] == 'absent':
        client.require('delete', 'state')
        name = check_route_name(params['name'], 'name', client.version) if params['name'] is not None else None
        return ensure_absent(runner, client, name, route_id)
    if params['edge_strategy'] is not None:
        client.require('edge', 'edge_strategy')
    wanted = check_route(params['name'], params['type'], params['value'], version=client.version,
                         edge_strategy=params['edge_strategy'])
    name = wanted['name']
    if wanted['edge_strategy'] is not None:
        with runner.step('could not read the edge strategies'):
            wanted['edge_strategy'] = resolve_edge_strategy(wanted['edge_strategy'], client.list_edge_strategies())
    if route_id is not None:
        copies = [find_by_id(runner, client, route_id)]
        if copies[0] is None:
            raise InvalidInput('id', 'there is no route with id {0} on this Flowroute account'.format(route_id))
    else:
        copies = find_copies(runner, client, name)
    with_edge = compares_edge(wanted['edge_strategy'], copies[0] if copies else None)
    if wanted['edge_strategy'] is not None and not with_edge:
        runner.warn_once('the API does not show the edge strategy of route {0}, so it cannot be compared with '
                         'edge_strategy {1}; it is sent only with a change of type or value'.format(
                             name, wanted['edge_strategy']))
    before_name = copies[0]['name'] if route_id is not None else name
    writes = route_id is None and bool(copies) and route_state(copies[0], with_edge) != route_state(wanted, with_edge)
    current = only_one(runner, copies, name, writes)
    pops = client.edge_names([wanted]) if with_edge else {}
    before = named(before_name, route_state(current, with_edge, pops))
    after = named(name, route_state(wanted, with_edge, pops))
    stored = {}
    if current:
        context = 'route {0} is {1} {2!r}; the API refused to change it to {3} {4!r}{5}'.format(
            before_name, before['type'], before['value'], after['type'], after['value'],
            ' (api_version v2 changes a route in place)' if client.version == 'v1' else '')
        call = partial(client.update_route, current, wanted)
    else:
        context = 'could not create route {0} ({1} {2!r})'.format(name, after['type'], after['value'])
        call = partial(client.create_route, wanted)

    def write():
        stored['route'] = call()

    def read_back():
        copies = [find_by_id(runner, client, route_id)] if route_id is not None else find_copies(runner, client, name)
        stored['route'] = lowest_id(copies) if copies and copies[0] else None
        return named(stored['route']['name'] if stored['route'] else name,
                     route_state(stored['route'], compares_edge(wanted['edge_strategy'], stored['route']), pops))

    def settle():
        made = stored.get('route')
        if current or made is None:
            return {}
        outcome = client.converge_created({name: made}, same_route).get(name, {})
        if 'superseded' in outcome:         # the route that stands is the other run's copy
            stored['route'] = dict(made, id=outcome['superseded'])
        return outcome

    result = runner.apply(before, after, write, read_back, context, settle)
    final = dict(current or {}, **wanted)
    final['id'] = (stored.get('route') or current or {}).get('id')
    if not with_edge:
        final['edge_strategy'] = (stored.get('route') or current or {}).get('edge_strategy')
    with runner.step('could not read the edge strategies'):
        result['route'] = present_route(final, client.route_fields, client.edge_names([final]))
    return result


def ensure_absent(runner, client, name, route_id):
    if route_id is not None:
        current = find_by_id(runner, client, route_id)
        if current is not None and name is not None and current['name'] != name:
            raise InvalidInput('name', 'route id {0} has the alias {1!r}, not {2!r}; leave name out to delete it by '
                                       'id'.format(route_id, current['name'], name))
    else:
        current = only_one(runner, find_copies(runner, client, name), name, True)
    shown = current['name'] if current else (name or 'id {0}'.format(route_id))
    if current is not None:
        with runner.step('could not read the numbers to check that route {0} is unused'.format(shown)):
            users = client.route_users().get(current['id'], [])
        if users:
            raise InvalidInput('name', 'route {0} (id {1}) is still the primary or failover route of {2}; point '
                                       'those numbers at another route first (flowroute.numbers.flowroute_number_routes)'
                                       .format(shown, current['id'], ', '.join(users)))

    def read_back():
        if current is None:
            return {}
        return named(shown, route_state(find_by_id(runner, client, current['id'])))

    result = runner.apply(named(shown, route_state(current)), {}, partial(client.delete_route, current), read_back,
                          'could not delete route {0} (id {1})'.format(shown, (current or {}).get('id')))
    with runner.step('could not read the edge strategies'):
        result['route'] = present_route(current, client.route_fields, client.edge_names([current]))
    return result


def main():
    FlowrouteRunner(dict(
        name=dict(type='str', aliases=['route_name']),
        id=dict(type='str'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        type=dict(type='str', aliases=['route_type']),
        value=dict(type='str'),
        edge_strategy=dict(type='str'),
    ), required_if=[('state', 'present', ('name', 'type', 'value'))],
        required_one_of=[('name', 'id')]).run(ensure_route)


if __name__ == '__main__':
    main()
