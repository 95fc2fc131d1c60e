#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_routes
short_description: Create many Flowroute inbound routes in one task
version_added: 0.1.0
description:
  - Makes sure every route in O(routes) exists with its type and value, like
    M(flowroute.numbers.flowroute_route) does for one, but reads the account's route list only once
    and writes the missing or different routes in parallel.
  - Use it instead of a loop of M(flowroute.numbers.flowroute_route) when there are more than a few
    routes; the v1 API cannot fetch one route by name, so each looped task reads the whole list again.
  - Routes on the account that are not in O(routes) are left alone.
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.write_module
options:
  routes:
    description:
      - The routes. Every item is checked before any request is sent, by the rules of
        M(flowroute.numbers.flowroute_route); a name may appear only once.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description: Route name, letters and digits only.
        type: str
        required: true
      type:
        description: V(HOST), V(PSTN) or V(URI), any case.
        type: str
        required: true
      value:
        description: Where calls go, in the form O(routes[].type) asks for.
        type: str
        required: true
  concurrency:
    description:
      - How many writes may be in flight at once, each request signed on its own. Between V(1) and V(32).
    type: int
    default: 8
notes:
  - If some writes fail, the task fails and lists which routes were applied and which were not, and why.
    Nothing is rolled back; running the task again writes only what is still missing or different.
'''

EXAMPLES = r'''
- name: All our routes in one task
  flowroute.numbers.flowroute_routes:
    routes:
      - {name: HOSTRoute1, type: HOST, value: "24.239.23.40:5060"}
      - {name: PSTNRoute1, type: PSTN, value: "18002364455"}
      - {name: URIRoute1, type: URI, value: "sip:16476998778@215.122.69.152:5060;transport=tcp"}

- name: Routes from a variable, for example one per branch office
  flowroute.numbers.flowroute_routes:
    routes: "{{ offices | map('combine', {'type': 'HOST'}) | list }}"
    concurrency: 4
  vars:
    offices:
      - {name: Office1, value: "pbx1.example.com:5060"}
      - {name: Office2, value: "pbx2.example.com:5060"}
'''

RETURN = r'''
created:
  description: Names of the routes that did not exist and were (or in check mode, would be) created.
  returned: always
  type: list
  elements: str
  sample: [HOSTRoute1]
updated:
  description: Names of the routes whose type or value differed and were (or would be) sent again.
  returned: always
  type: list
  elements: str
  sample: [PSTNRoute1]
unchanged:
  description: Names of the routes that already matched.
  returned: always
  type: list
  elements: str
  sample: [URIRoute1]
failed_routes:
  description: The routes whose write failed, each with the API's answer. Empty on success.
  returned: always
  type: list
  elements: dict
  sample: [{name: PSTNRoute2, error: "PUT /v1/routes/PSTNRoute2 failed: HTTP 422: Invalid value"}]
api_requests:
  description: How many HTTP requests the task sent, retries included.
  returned: always
  type: int
  sample: 3
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
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import check_concurrency, check_routes, route_state


def ensure_routes(runner):
    params = runner.params
    wanted = check_routes(params['routes'])
    concurrency = check_concurrency(params['concurrency'])
    client = runner.client(pool_size=concurrency)

    def read():
        with runner.step('could not read the routes'):
            routes = {}
            for route in client.iter_routes():
                routes.setdefault(route['name'], route)
            return routes

    current = read()
    folded = dict((name.lower(), name) for name in current if isinstance(name, str))
    changes, unchanged = [], []
    for route in wanted:
        name = route['name']
        now = current.get(name)
        if now is None and name.lower() in folded:
            runner.warn('route {0} does not exist, but route {1} differs from it only in case; route names are '
                        'case-sensitive, so {0} is a new route'.format(name, folded[name.lower()]))
        before, after = route_state(now), route_state(route)
        if before == after:
            unchanged.append(name)
        elif now is None:
            changes.append(dict(key=name, action='created', before=before, after=after,
                                write=lambda route=route: client.create_route(route)))
        else:
            changes.append(dict(key=name, action='updated', before=before, after=after,
                                write=lambda now=now, route=route: client.update_route(now, route)))
    return runner.apply_many(changes, unchanged, concurrency,
                             lambda: dict((name, route_state(route)) for name, route in read().items()))


def main():
    FlowrouteRunner(dict(
        routes=dict(type='list', elements='dict', required=True, options=dict(
            name=dict(type='str', required=True),
            type=dict(type='str', required=True),
            value=dict(type='str', required=True),
        )),
        concurrency=dict(type='int', default=8),
    )).run(ensure_routes)


if __name__ == '__main__':
    main()
