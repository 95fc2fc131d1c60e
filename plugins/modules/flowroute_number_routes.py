#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_number_routes
short_description: Point a Flowroute phone number at its primary and failover routes
version_added: 0.1.0
description:
  - Sets which inbound routes a phone number on the Flowroute account uses.
  - With O(api_version=v1) both routes are always sent in one call; with O(api_version=v2) only the slot that
    differs is changed, one call per slot.
  - Reads the number's routing first and writes only when it differs, so a second run reports no change.
  - Before writing, checks that the number is on the account and that every route named exists,
    and fails naming the one that does not.
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.write_module
options:
  number:
    description:
      - The phone number, in E.164 form, for example V(12065551234). A leading C(+) is dropped.
    type: str
    required: true
  primary_route:
    description:
      - Name (over v2, alias) of the route calls go to first. V(sip-reg) is the built-in SIP registration route.
      - If not given, the number keeps its current primary route.
    type: str
  failover_route:
    description:
      - Name of the route used when the primary fails. May be the same as O(primary_route).
      - If not given, the number keeps its current failover route.
    type: str
notes:
  - At least one of O(primary_route) and O(failover_route) is required.
'''

EXAMPLES = r'''
- name: Route to our SIP server
  flowroute.numbers.flowroute_route:
    name: HOSTRoute1
    type: HOST
    value: 24.239.23.40:5060

- name: Calls to 1 206 555 1234 go there, failing over to SIP registration
  flowroute.numbers.flowroute_number_routes:
    number: "+12065551234"
    primary_route: HOSTRoute1
    failover_route: sip-reg

- name: Change only the failover route
  flowroute.numbers.flowroute_number_routes:
    number: "12065551234"
    failover_route: PSTNRoute1
'''

RETURN = r'''
number:
  description: The number's routing after the task (in check mode, as it would be).
  returned: success
  type: dict
  contains:
    number:
      description: The phone number, E.164 digits.
      type: str
      sample: "12065551234"
    primary_route:
      description: The primary route, C({name, type, value}).
      type: dict
      sample: {name: HOSTRoute1, type: HOST, value: "24.239.23.40:5060"}
    failover_route:
      description: The failover route, C({name, type, value}).
      type: dict
      sample: {name: sip-reg, type: SIP-REG, value: null}
    billing_method:
      description: How the number is billed, for example V(METERED).
      type: str
      sample: METERED
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

from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import (
    InvalidInput,
    check_number,
    check_route_reference,
    present_route,
)

SLOTS = ('primary_route', 'failover_route')


def slot_names(number):
    """{'primary_route': name, 'failover_route': name} of a number as read (None for an empty slot)."""
    return dict((slot, (number[slot] or {}).get('name')) for slot in SLOTS)


def ensure_number_routes(runner):
    params = runner.params
    client = runner.client()
    number = check_number(params['number'])
    asked = dict((slot, check_route_reference(params[slot], slot, client.version))
                 for slot in SLOTS if params[slot] is not None)

    def read():
        with runner.step('could not read number {0}'.format(number)):
            return client.get_number(number)

    current = read()
    if current is None:
        raise InvalidInput('number', '{0} is not on this Flowroute account'.format(number))
    before = slot_names(current)
    after = dict(before, **asked)
    routes = dict((slot, current[slot]) for slot in SLOTS)
    if before != after:
        with runner.step('could not read the routes for number {0}'.format(number)):
            existing = {}
            for route in client.iter_routes():
                existing.setdefault(route['name'], []).append(route)
        for slot in SLOTS:
            found = existing.get(after[slot], [])
            if after[slot] is None:
                if client.needs_both_slots:
                    raise InvalidInput(slot, 'number {0} has none now, so give one'.format(number))
            elif not found:
                raise InvalidInput(slot, 'route {0} does not exist on this Flowroute account; create it first '
                                         '(flowroute.numbers.flowroute_route)'.format(after[slot]))
            elif len(found) > 1:
                raise InvalidInput(slot, '{0} routes have the alias {1!r} (ids {2}); remove all but one first'.format(
                    len(found), after[slot], ', '.join(route['id'] for route in found)))
            else:
                routes[slot] = found[0]
    result = runner.apply(before, after, lambda: client.set_number_routes(number, current, routes),
                          lambda: {'current': slot_names(read() or current)},
                          'could not set the routes of number {0}'.format(number))
    result['number'] = dict(current, **dict((slot, present_route(routes[slot], client.route_fields)) for slot in SLOTS))
    return result


def main():
    FlowrouteRunner(dict(
        number=dict(type='str', required=True),
        primary_route=dict(type='str'),
        failover_route=dict(type='str'),
    ), required_one_of=[SLOTS]).run(ensure_number_routes)


if __name__ == '__main__':
    main()
