#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_number_search
short_description: Search the phone numbers Flowroute has for sale, with their costs
version_added: 0.3.0
description:
  - Lists purchasable numbers with the API's filters, each with its C(setup_cost) and C(monthly_cost), to choose one
    to buy with M(flowroute.numbers.flowroute_number).
  - With O(list=areacodes) or O(list=exchanges), lists the area codes or the exchanges that have numbers for sale.
  - Reads only; pages as every list, up to O(limit) results. Needs O(api_version=v2).
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.info_module
options:
  list:
    description: What to list - V(numbers) for sale, the V(areacodes) that have some, or the V(exchanges).
    type: str
    choices: [numbers, areacodes, exchanges]
    default: numbers
  starts_with:
    description: Numbers that start with these digits; the API assumes country code 1 (V(206) finds V(1206...)).
    type: str
  contains:
    description: Numbers that contain these digits, for a vanity number.
    type: str
  ends_with:
    description: Numbers that end with these digits.
    type: str
  rate_center:
    description: Numbers of this rate center, for example V(nwyrcyzn01); needs O(state).
    type: str
  state:
    description: The two-letter state of O(rate_center).
    type: str
  number_type:
    description: V(longcode) (a local number) or V(toll-free).
    type: str
    choices: [longcode, toll-free]
  areacode:
    description: With O(list=exchanges), only the exchanges of this area code.
    type: str
  max_setup_cost:
    description: With O(list=areacodes) or O(list=exchanges), only where numbers cost at most this much to set up.
    type: float
  limit:
    description: The most results to return, between V(1) and V(1000).
    type: int
    default: 10
seealso:
  - module: flowroute.numbers.flowroute_number
'''

EXAMPLES = r'''
- name: Vanity numbers in area code 646 that end in 7777
  flowroute.numbers.flowroute_number_search:
    starts_with: "646"
    ends_with: "7777"
    limit: 5
    api_version: v2
  register: found

- name: Buy the cheapest of them, within a budget
  flowroute.numbers.flowroute_number:
    number: "{{ (found.numbers | sort(attribute='setup_cost') | first).number }}"
    max_setup_cost: 2
    max_monthly_cost: 1.5
    api_version: v2
  when: found.numbers | length > 0

- name: Area codes with numbers that cost at most 1 dollar to set up
  flowroute.numbers.flowroute_number_search:
    list: areacodes
    max_setup_cost: 1
    limit: 100
    api_version: v2
'''

RETURN = r'''
numbers:
  description: With O(list=numbers), the numbers for sale, each with its costs in dollars.
  returned: success and list is numbers
  type: list
  elements: dict
  sample: [{number: "16463439507", setup_cost: 1.0, monthly_cost: 1.25, rate_center: nwyrcyzn01, state: ny,
            number_type: standard}]
areacodes:
  description: With O(list=areacodes), the area codes that have numbers for sale.
  returned: success and list is areacodes
  type: list
  elements: str
  sample: ["201", "646"]
exchanges:
  description: With O(list=exchanges), the exchanges (area code and the next three digits) that have numbers for sale.
  returned: success and list is exchanges
  type: list
  elements: str
  sample: ["646343"]
api_requests:
  description: How many HTTP requests the task sent, retries included.
  returned: always
  type: int
  sample: 1
status:
  description: When the task failed, the HTTP status of the API's answer.
  returned: failure
  type: int
  sample: 400
api_error:
  description: When the task failed, the API's own error text, if it gave one.
  returned: failure
  type: str
  sample: Bad Request
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

from ansible_collections.flowroute.numbers.plugins.module_utils.client_numbers import NumbersClient
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput
from ansible_collections.flowroute.numbers.plugins.module_utils.rules_numbers import check_cost, check_digits, check_search
from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner


def search(runner):
    params = runner.params
    limit = params['limit']
    if not 1 <= limit <= 1000:
        raise InvalidInput('limit', 'must be between 1 and 1000, got {0}'.format(limit))
    numbers = runner.resource(NumbersClient)
    kind = params['list']
    if kind == 'numbers':
        query = check_search(params)
        with runner.step('could not search the numbers for sale'):
            found = numbers.search(query, limit)
    else:
        query = {}
        if params['max_setup_cost'] is not None:
            query['max_setup_cost'] = check_cost(params['max_setup_cost'], 'max_setup_cost')
        if kind == 'exchanges' and params['areacode'] is not None:
            query['areacode'] = check_digits(params['areacode'], 'areacode', 3)
        with runner.step('could not list the {0} that have numbers for sale'.format(kind)):
            found = numbers.codes(kind, query, limit)
    return {'changed': False, kind: found, 'api_requests': runner.client().request_count}


def main():
    FlowrouteRunner(dict(
        list=dict(type='str', default='numbers', choices=['numbers', 'areacodes', 'exchanges']),
        starts_with=dict(type='str'),
        contains=dict(type='str'),
        ends_with=dict(type='str'),
        rate_center=dict(type='str'),
        state=dict(type='str'),
        number_type=dict(type='str', choices=['longcode', 'toll-free']),
        areacode=dict(type='str'),
        max_setup_cost=dict(type='float'),
        limit=dict(type='int', default=10),
    )).run(search)


if __name__ == '__main__':
    main()
