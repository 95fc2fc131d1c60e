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
    type: str
    required: true
    aliases: [route_name]
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
  - With O(api_version=v2), two routes with the same alias make the task fail naming both ids, with no write.
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
'''

RETURN = r'''
route:
  description:
    - The route as it is after the task (in check mode, as it would be). With O(state=absent), V(null).
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
      description: The id of the route's edge strategy, or V(null) for the API's default (O(api_version=v2) only).
      type: str
      sample: "4"
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

from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import (
    InvalidInput,
    check_route,
    check_route_name,
    present_route,
    resolve_edge_strategy,
    route_state,
)


def named(name, state):
    # The route as the diff shows it: {} when absent.
    return dict(name=name, **state) if state else {}


def find_one(runner, client, name):
    # The route named ``name`` or None; two of them are an error naming both ids.
    with runner.step('could not read the routes to check route {0}'.format(name)):
        found, similar = client.find_route(name)
    if len(found) > 1:
        raise InvalidInput('name', '{0} routes have the alias {1!r} (ids {2}); remove all but one first, they '
                                   'cannot be told apart by name'.format(len(found), name,
                                                                         ', '.join(route['id'] for route in found)))
    if not found and similar:
        runner.warn('route {0} does not exist, but route {1} differs from it only in case; route names are '
                    'case-sensitive, so {0} is a new route'.format(name, similar[0]['name']))
    return found[0] if found else None


def ensure_route(runner):
    params = runner.params
    client = runner.client()
    if params['state'] == 'absent':
        client.require('delete', 'state')
        return ensure_absent(runner, client, check_route_name(params['name'], 'name', client.version))
    if params['edge_strategy'] is not None:
        client.require('edge', 'edge_strategy')
    wanted = check_route(params['name'], params['type'], params['value'], version=client.version,
                         edge_strategy=params['edge_strategy'])
    name = wanted['name']
    if wanted['edge_strategy'] is not None:
        with runner.step('could not read the edge strategies'):
            wanted['edge_strategy'] = resolve_edge_strategy(wanted['edge_strategy'], client.list_edge_strategies())
    with_edge = wanted['edge_strategy'] is not None
    current = find_one(runner, client, name)
    before = named(name, route_state(current, with_edge))
    after = named(name, route_state(wanted, with_edge))
    stored = {}
    if current:
        context = 'route {0} is {1} {2!r}; the API refused to change it to {3} {4!r}'.format(
            name, before['type'], before['value'], after['type'], after['value'])
        call = partial(client.update_route, current, wanted)
    else:
        context = 'could not create route {0} ({1} {2!r})'.format(name, after['type'], after['value'])
        call = partial(client.create_route, wanted)

    def write():
        stored['route'] = call()

    def read_back():
        stored['route'] = find_one(runner, client, name)
        return {'current': named(name, route_state(stored['route'], with_edge))}

    result = runner.apply(before, after, write, read_back, context)
    final = dict(current or {}, **wanted)
    final['id'] = (stored.get('route') or current or {}).get('id')
    if not with_edge:
        final['edge_strategy'] = (stored.get('route') or current or {}).get('edge_strategy')
    result['route'] = present_route(final, client.route_fields)
    return result


def ensure_absent(runner, client, name):
    current = find_one(runner, client, name)
    if current is not None:
        with runner.step('could not read the numbers to check that route {0} is unused'.format(name)):
            users = client.route_users().get(current['id'], [])
        if users:
            raise InvalidInput('name', 'route {0} (id {1}) is still the primary or failover route of {2}; point '
                                       'those numbers at another route first (flowroute.numbers.flowroute_number_routes)'
                                       .format(name, current['id'], ', '.join(users)))
    result = runner.apply(named(name, route_state(current)), {}, partial(client.delete_route, current),
                          lambda: {'current': named(name, route_state(find_one(runner, client, name)))},
                          'could not delete route {0} (id {1})'.format(name, (current or {}).get('id')))
    result['route'] = None
    return result


def main():
    FlowrouteRunner(dict(
        name=dict(type='str', required=True, aliases=['route_name']),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        type=dict(type='str', aliases=['route_type']),
        value=dict(type='str'),
        edge_strategy=dict(type='str'),
    ), required_if=[('state', 'present', ('type', 'value'))]).run(ensure_route)


if __name__ == '__main__':
    main()
