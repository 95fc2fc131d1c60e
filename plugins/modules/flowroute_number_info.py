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
    reading all pages of the v1 number list, or one number.
  - Never changes anything.
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.actiongroup
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
      description: The route calls go to first, C({name, type, value}); C(value) is V(null) for V(sip-reg).
      type: dict
      sample: {name: HOSTRoute1, type: HOST, value: "24.239.23.40:5060"}
    failover_route:
      description: The route used when the primary fails, C({name, type, value}).
      type: dict
      sample: {name: sip-reg, type: SIP-REG, value: null}
    billing_method:
      description: How the number is billed, as the API says, for example V(METERED).
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
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import check_number, check_number_pattern


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        number=dict(type='str'),
        pattern=dict(type='str'),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True,
                           mutually_exclusive=[('number', 'pattern')])
    number = module.params['number'] and checked(module, check_number, module.params['number'])
    pattern = module.params['pattern'] and checked(module, check_number_pattern, module.params['pattern'])
    client = client_from_module(module)

    if number:
        found = api_call(module, 'could not read number {0}'.format(number), client.get_number, number)
        numbers = [found] if found else []
    else:
        numbers = list(api_call(module, 'could not list the numbers', client.list_numbers, pattern).values())
    module.exit_json(changed=False, numbers=numbers)


if __name__ == '__main__':
    main()
