#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_account_info
short_description: Export a Flowroute account as the vars the bulk modules take
version_added: 0.3.0
description:
  - Reads every route and every number of the account and returns them in the very form
    M(flowroute.numbers.flowroute_routes) takes in O(flowroute.numbers.flowroute_routes#module:routes) and
    M(flowroute.numbers.flowroute_number_routes) in O(flowroute.numbers.flowroute_number_routes#module:numbers),
    so an account set up by hand can be brought under code, and checked with C(--check --diff) against itself.
  - What cannot be written back as it is (two routes with one alias, a name or value the modules refuse, a number
    routed to a route id missing from the list) is listed in RV(problems) with the ids and what to do; nothing is
    left out without a problem that says so.
  - Reads each list once. Over O(api_version=v1) that is one request per page of routes and of numbers. Over
    O(api_version=v2), whose number list has no routing, it is the pages and one request per number, O(concurrency)
    at once, the edge strategies, and the E911 addresses with one request each for their numbers.
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.info_module
options:
  concurrency:
    description:
      - Over O(api_version=v2), how many numbers are read at once. Between V(1) and V(32).
    type: int
    default: 8
'''

EXAMPLES = r'''
- name: Read the account
  flowroute.numbers.flowroute_account_info:
  register: account

- name: Write it to a vars file that flowroute_routes and flowroute_number_routes take as they are
  ansible.builtin.copy:
    content: "{{ {'flowroute_routes': account.routes, 'flowroute_numbers': account.numbers} | to_nice_yaml(indent=2) }}"
    dest: "{{ playbook_dir }}/flowroute_account.yml"
    mode: "0644"

- name: Stop when something cannot be written back as it is
  ansible.builtin.fail:
    msg: "{{ account.problems | map(attribute='message') | list }}"
  when: account.problems | length > 0
'''

RETURN = r'''
routes:
  description:
    - Every route of the account, the built-in V(sip-reg) aside, sorted by name, as items of
      O(flowroute.numbers.flowroute_routes#module:routes) - C(name), C(type), C(value), and over O(api_version=v2)
      C(edge_strategy) by the PoP's name when the route has one.
  returned: success
  type: list
  elements: dict
  sample: [{name: HOSTRoute1, type: HOST, value: "24.239.23.40:5060", edge_strategy: US-East-VA}]
numbers:
  description:
    - Every number of the account, sorted, as items of O(flowroute.numbers.flowroute_number_routes#module:numbers) -
      C(number), C(primary_route) and C(failover_route) by name (a slot with no route is left out), and over
      O(api_version=v2) C(alias) when it has one.
  returned: success
  type: list
  elements: dict
  sample: [{number: "12065551234", primary_route: HOSTRoute1, failover_route: sip-reg}]
edge_strategies:
  description: Over O(api_version=v2), the PoPs the API lists, with every attribute it gives; their names are what
    C(edge_strategy) takes.
  returned: success and api_version is v2
  type: list
  elements: dict
  sample: [{id: "4", name: US-East-VA, description: "Data will be sent preferentially from our edge systems in North Virginia.",
            naptr: us-east-va.sip.flowroute.com, firewall_rules: "34.226.36.32/28"}]
e911_addresses:
  description:
    - Over O(api_version=v2), the E911 addresses, sorted by label, each in the form M(flowroute.numbers.flowroute_e911)
      takes - C(label), C(address) and C(numbers).
  returned: success and api_version is v2
  type: list
  elements: dict
  sample: [{label: Seattle office, numbers: ["12065551234"],
            address: {first_name: Example, last_name: Corp, street_number: "666", street_name: Main St, address_type: "",
                      address_type_number: "", city: Seattle, state: WA, zip: "98101", country: US}}]
problems:
  description:
    - What the export cannot hold as it is, each with C(kind) (V(duplicate_alias), V(invalid_route),
      V(unknown_edge_strategy), V(missing_route), V(unexportable_route), V(number_left_out), V(duplicate_label),
      V(invalid_e911)), the C(route), C(number) or C(label) it is about, the C(ids) involved, and a C(message) that
      says what to do.
  returned: success
  type: list
  elements: dict
  sample: [{kind: duplicate_alias, route: Office PBX, ids: ["98396", "98397"],
            message: "2 routes have the alias 'Office PBX' (ids 98396, 98397); the export holds route 98396 ..."}]
api_requests:
  description: How many HTTP requests the task sent, retries included.
  returned: always
  type: int
  sample: 3
status:
  description:
    - When the task failed, the HTTP status of the API's answer.
    - V(null) when no answer came or the input was refused before any request.
  returned: failure
  type: int
  sample: 401
api_error:
  description: When the task failed, the API's own error text, if it gave one.
  returned: failure
  type: str
  sample: Unauthorized
rate_limited:
  description:
    - How many times the API refused a request of the task for its rate limit; the task waited and sent them again.
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
from ansible_collections.flowroute.numbers.plugins.module_utils.export import export_account
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import check_concurrency
from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner


def read_account(runner):
    client = runner.client(pool_size=check_concurrency(runner.params['concurrency']))
    with runner.step('could not read the routes'):
        routes = client.list_routes()
    strategies = None
    if client.can_choose_edge:
        with runner.step('could not read the edge strategies'):
            strategies = client.list_edge_strategies()
    with runner.step('could not read the numbers'):
        numbers = list(client.iter_number_routing())
    addresses = None
    if client.version == E911Client.api_version:
        e911 = runner.resource(E911Client)
        with runner.step('could not read the E911 addresses'):
            addresses = [dict(address, numbers=e911.numbers_of(address['id'])) for address in e911.list_addresses()]
    result = export_account(routes, strategies, numbers, client.version, addresses)
    result.update(changed=False, api_requests=client.request_count)
    return result


def main():
    FlowrouteRunner(dict(
        concurrency=dict(type='int', default=8),
    )).run(read_account)


if __name__ == '__main__':
    main()
