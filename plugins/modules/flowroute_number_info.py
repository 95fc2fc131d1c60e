#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_number_info
short_description: List Flowroute phone numbers and their routes
version_added: 0.1.0
description:
  - Returns the phone numbers on the Flowroute account with their primary and failover routes,
    reading all pages of the number list, or one number.
  - Over O(api_version=v2) the list does not carry the routing, so each number's details are read as well,
    several at a time.
  - Never changes anything.
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.info_module
options:
  number:
    description:
      - Return only this number, in E.164 form (for example V(12065551234); a leading C(+) is dropped).
      - A number that is not on the account gives an empty list.
    type: str
  pattern:
    description:
      - Return only numbers that contain these digits (1 to 11 digits), for example an area code V(1206).
    type: str
'''

EXAMPLES = r'''
- name: Every number on the account
  flowroute.numbers.flowroute_number_info:
  register: numbers

- name: Numbers that still use the built-in sip-reg route
  ansible.builtin.debug:
    msg: "{{ numbers.numbers | selectattr('primary_route.name', 'equalto', 'sip-reg') | map(attribute='number') }}"

- name: One number
  flowroute.numbers.flowroute_number_info:
    number: "+12065551234"
  register: one

- name: Numbers in area code 206
  flowroute.numbers.flowroute_number_info:
    pattern: "1206"
'''

RETURN = r'''
numbers:
  description: The numbers, each with its routing. Empty when the account has none (or O(number) is not on it).
  returned: success
  type: list
  elements: dict
  contains:
    number:
      description: The phone number, E.164 digits.
      type: str
      sample: "12065551234"
    primary_route:
      description:
        - The route calls go to first, C({name, type, value}), and over O(api_version=v2) C(id), C(edge_strategy) (by
          name) and C(edge_strategy_id); C(value) is V(null) for V(sip-reg).
      type: dict
      sample: {name: HOSTRoute1, type: HOST, value: "24.239.23.40:5060"}
    failover_route:
      description:
        - The route used when the primary fails, as RV(numbers[].primary_route).
        - Over O(api_version=v2), V(null) when the number has none (a fresh number).
      type: dict
      sample: {name: sip-reg, type: SIP-REG, value: null}
    alias:
      description: The number's alias (O(api_version=v2) only; V(null) over v1 or when it has none).
      type: str
      sample: Front desk
      version_added: 0.3.0
    billing_method:
      description: How the number is billed, as the API says, for example V(METERED); V(null) over v2.
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

from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import (
    check_filter,
    check_number,
    check_number_pattern,
    present_route,
)


def read_numbers(runner):
    number = check_filter(runner.params['number'], 'number', check_number)
    pattern = check_filter(runner.params['pattern'], 'pattern', check_number_pattern)
    client = runner.client()
    if number is not None:
        with runner.step('could not read number {0}'.format(number)):
            found = client.get_number(number)
        numbers = [found] if found else []
    else:
        with runner.step('could not list the numbers'):
            numbers = list(client.iter_numbers(pattern))
    with runner.step('could not read the edge strategies'):
        pops = client.edge_names([item[slot] for item in numbers for slot in ('primary_route', 'failover_route')])
    for item in numbers:
        for slot in ('primary_route', 'failover_route'):
            item[slot] = present_route(item[slot], client.route_fields, pops)
    return dict(changed=False, numbers=numbers)


def main():
    FlowrouteRunner(dict(
        number=dict(type='str'),
        pattern=dict(type='str'),
    ), mutually_exclusive=[('number', 'pattern')]).run(read_numbers)


if __name__ == '__main__':
    main()
