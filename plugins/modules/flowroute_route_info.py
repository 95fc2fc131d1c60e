#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_route_info
short_description: List Flowroute inbound routes
version_added: 0.1.0
description:
  - Returns every inbound route on the Flowroute account, reading all pages of the route list,
    the built-in V(sip-reg) route included.
  - Never changes anything.
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.info_module
options:
  name:
    description:
      - Return only the route with this name (an empty list if there is none; over v2, where aliases may repeat,
        every route with this alias).
    type: str
    aliases: [route_name]
  type:
    description:
      - Return only routes of this type, for example V(HOST), V(PSTN), V(URI) or V(SIP-REG). Any case.
    type: str
    aliases: [route_type]
'''

EXAMPLES = r'''
- name: Read every route
  flowroute.numbers.flowroute_route_info:
  register: all_routes

- name: Show each HOST route
  ansible.builtin.debug:
    msg: "{{ item.name }} -> {{ item.value }}"
  loop: "{{ all_routes.routes | selectattr('type', 'equalto', 'HOST') }}"
  loop_control:
    label: "{{ item.name }}"

- name: Does HOSTRoute1 exist?
  flowroute.numbers.flowroute_route_info:
    name: HOSTRoute1
  register: found

- name: Fail when it does not
  ansible.builtin.assert:
    that: found.routes | length == 1
'''

RETURN = r'''
routes:
  description: The routes, in the order the API lists them.
  returned: success
  type: list
  elements: dict
  contains:
    name:
      description: Route name.
      type: str
      sample: HOSTRoute1
    type:
      description: Route type as the API gives it, V(HOST), V(PSTN), V(URI) or V(SIP-REG).
      type: str
      sample: HOST
    value:
      description: Where calls go; V(null) for V(sip-reg).
      type: str
      sample: 24.239.23.40:5060
    id:
      description: The route's id (O(api_version=v2) only).
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
  sample:
    - {name: sip-reg, type: SIP-REG, value: null}
    - {name: HOSTRoute1, type: HOST, value: "24.239.23.40:5060"}
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
    canonical_type,
    check_filter,
    check_route_type_filter,
    present_route,
)


def read_routes(runner):
    name = check_filter(runner.params['name'], 'name')
    route_type = check_filter(runner.params['type'], 'type', check_route_type_filter)
    client = runner.client()
    with runner.step('could not list the routes'):
        routes = client.find_route(name)[0] if name is not None else client.list_routes()
    routes = [route for route in routes if route_type in (None, canonical_type(route['type']))]
    with runner.step('could not read the edge strategies'):
        pops = client.edge_names(routes)
    return dict(changed=False, routes=[present_route(route, client.route_fields, pops) for route in routes])


def main():
    FlowrouteRunner(dict(
        name=dict(type='str', aliases=['route_name']),
        type=dict(type='str', aliases=['route_type']),
    )).run(read_routes)


if __name__ == '__main__':
    main()
