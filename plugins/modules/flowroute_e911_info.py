#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_e911_info
short_description: List Flowroute E911 addresses with their numbers, and the numbers that have none
version_added: 0.3.0
description:
  - Returns the account's E911 addresses, each with the numbers that use it, in the form
    M(flowroute.numbers.flowroute_e911) takes.
  - Also returns RV(numbers_without_e911), the account's numbers that have no E911 address - the daily check that a
    911 call from every number reaches help (and is not billed as a call from a number without an address).
  - Needs O(api_version=v2); over v1 the task fails before any request.
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.info_module
options:
  label:
    description: Only the address with exactly this label.
    type: str
seealso:
  - module: flowroute.numbers.flowroute_e911
'''

EXAMPLES = r'''
- name: Every number must have an E911 address
  flowroute.numbers.flowroute_e911_info:
    api_version: v2
  register: e911

- name: Fail naming the numbers that have none
  ansible.builtin.assert:
    that: e911.numbers_without_e911 | length == 0
    fail_msg: "Numbers without an E911 address: {{ e911.numbers_without_e911 | join(', ') }}"
'''

RETURN = r'''
addresses:
  description: The addresses, in the API's order, each with its C(id), C(label), C(address) fields and C(numbers).
  returned: success
  type: list
  elements: dict
  sample: [{id: "21845", label: Seattle office, numbers: ["12065551234"],
            address: {first_name: Example, last_name: Corp, street_number: "666", street_name: Main St,
                      address_type: Suite, address_type_number: "333", city: Seattle, state: WA, zip: "98101",
                      country: US}}]
numbers_without_e911:
  description:
    - The account's numbers that no E911 address lists, sorted. Empty when O(label) is given, as then only one address
      is read.
  returned: success
  type: list
  elements: str
  sample: ["12065559999"]
api_requests:
  description: How many HTTP requests the task sent, retries included.
  returned: always
  type: int
  sample: 4
status:
  description: When the task failed, the HTTP status of the API's answer.
  returned: failure
  type: int
  sample: 401
api_error:
  description: When the task failed, the API's own error text, if it gave one.
  returned: failure
  type: str
  sample: Unauthorized - Authentication failed.
rate_limited:
  description: How many times the API refused a request of the task for its rate limit.
  returned: always
  type: int
  sample: 0
rate_limit_waited:
  description: Seconds the task waited in all for the API's rate limit.
  returned: always
  type: float
  sample: 0.0
'''

from ansible_collections.flowroute.numbers.plugins.module_utils.client_e911 import E911Client
from ansible_collections.flowroute.numbers.plugins.module_utils.client_numbers import NumbersClient
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import check_filter
from ansible_collections.flowroute.numbers.plugins.module_utils.rules_e911 import check_e911_label
from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner


def read_e911(runner):
    label = check_filter(runner.params['label'], 'label', check_e911_label)
    e911 = runner.resource(E911Client)
    with runner.step('could not read the E911 addresses'):
        addresses = [dict(address, numbers=e911.numbers_of(address['id'])) for address in e911.list_addresses(label)]
    without = []
    if label is None:
        with runner.step('could not read the numbers'):
            listed = runner.resource(NumbersClient).list_numbers()
        covered = set(number for address in addresses for number in address['numbers'])
        without = sorted(item['id'] for item in listed if item['id'] not in covered)
    return dict(changed=False, addresses=addresses, numbers_without_e911=without,
                api_requests=runner.client().request_count)


def main():
    FlowrouteRunner(dict(
        label=dict(type='str'),
    )).run(read_e911)


if __name__ == '__main__':
    main()
