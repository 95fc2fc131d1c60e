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
  - Sets which inbound routes a phone number on the Flowroute account uses, through the v1 API
    ("Update Phone Number Routes").
  - Reads the number's routing first and writes only when it differs, so a second run reports no change.
  - Before writing, checks that the number is on the account and that every route named exists,
    and fails naming the one that does not.
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.actiongroup
attributes:
  check_mode:
    description: Reports what would change and sends no write.
    support: full
  diff_mode:
    description: Shows the primary and failover route names before and after.
    support: full
options:
  number:
    description:
      - The phone number, in E.164 form, for example V(12065551234). A leading C(+) is dropped.
    type: str
    required: true
  primary_route:
    description:
      - Name of the route calls go to first. V(sip-reg) is the built-in SIP registration route.
      - If not given, the number keeps its current primary route.
    type: str
  failover_route:
    description:
      - Name of the route used when the primary fails. May be the same as O(primary_route).
      - If not given, the number keeps its current failover route.
    type: str
notes:
  - At least one of O(primary_route) and O(failover_route) is required. The API is always sent both.
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
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flowroute.numbers.plugins.module_utils.common import (
    api_call,
    checked,
    client_from_module,
    connection_argument_spec,
)
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import check_number, check_route_reference

SLOTS = ('primary_route', 'failover_route')


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        number=dict(type='str', required=True),
        primary_route=dict(type='str'),
        failover_route=dict(type='str'),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True,
                           required_one_of=[SLOTS])
    number = checked(module, check_number, module.params['number'])
    asked = dict((slot, checked(module, check_route_reference, module.params[slot], slot))
                 for slot in SLOTS if module.params[slot] is not None)
    client = client_from_module(module)

    current = api_call(module, 'could not read number {0}'.format(number), client.get_number, number)
    if current is None:
        module.fail_json(msg='number: {0} is not on this Flowroute account'.format(number))
    before = dict((slot, (current[slot] or {}).get('name')) for slot in SLOTS)
    after = dict(before, **asked)
    changed = before != after
    result = dict(current)

    if changed:
        routes = api_call(module, 'could not read the routes for number {0}'.format(number), client.list_routes)
        for slot in SLOTS:
            if after[slot] is None:
                module.fail_json(msg='{0}: number {1} has none now, so give one'.format(slot, number))
            if after[slot] not in routes:
                module.fail_json(msg='{0}: route {1} does not exist on this Flowroute account; create it first '
                                     '(flowroute.numbers.flowroute_route)'.format(slot, after[slot]))
            result[slot] = dict(name=after[slot], type=routes[after[slot]]['type'], value=routes[after[slot]]['value'])
        if not module.check_mode:
            api_call(module, 'could not set the routes of number {0}'.format(number),
                     client.set_number_routes, number, after['primary_route'], after['failover_route'])

    output = dict(changed=changed, number=result)
    if module._diff:
        output['diff'] = dict(before=before, after=after)
    module.exit_json(**output)


if __name__ == '__main__':
    main()
