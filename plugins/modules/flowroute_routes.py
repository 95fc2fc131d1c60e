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
  - flowroute.numbers.flowroute.actiongroup
attributes:
  check_mode:
    description: Reports what would be created and updated and sends no write.
    support: full
  diff_mode:
    description: Shows the type and value before and after of each route that changes.
    support: full
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
'''

from concurrent.futures import ThreadPoolExecutor

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flowroute.numbers.plugins.module_utils.api import FlowrouteAPIError
from ansible_collections.flowroute.numbers.plugins.module_utils.common import (
    api_call,
    checked,
    client_from_module,
    connection_argument_spec,
)
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import check_routes


def write_routes(client, routes, concurrency):
    """PUT each route, at most ``concurrency`` at once; returns {name: error text} for those that failed."""
    def put(route):
        try:
            client.create_route(route['name'], route['type'], route['value'])
        except FlowrouteAPIError as exc:
            return route['name'], str(exc)
        return route['name'], None

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return dict((name, error) for name, error in pool.map(put, routes) if error)


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        routes=dict(type='list', elements='dict', required=True, options=dict(
            name=dict(type='str', required=True),
            type=dict(type='str', required=True),
            value=dict(type='str', required=True),
        )),
        concurrency=dict(type='int', default=8),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    wanted = checked(module, check_routes, module.params['routes'])
    concurrency = module.params['concurrency']
    if not 1 <= concurrency <= 32:
        module.fail_json(msg='concurrency: must be between 1 and 32, got {0}'.format(concurrency))
    client = client_from_module(module, pool_size=concurrency)

    current = api_call(module, 'could not read the routes', client.list_routes)
    to_write = [route for route in wanted if current.get(route['name']) != {'type': route['type'], 'value': route['value']}]
    writing = set(route['name'] for route in to_write)
    failures = {} if module.check_mode else write_routes(client, to_write, concurrency)
    applied = [route['name'] for route in to_write if route['name'] not in failures]
    result = dict(
        created=[name for name in applied if name not in current],
        updated=[name for name in applied if name in current],
        unchanged=[route['name'] for route in wanted if route['name'] not in writing],
        failed_routes=[dict(name=r['name'], error=failures[r['name']]) for r in to_write if r['name'] in failures],
        changed=bool(applied),
    )
    if module._diff:
        result['diff'] = dict(
            before=dict((r['name'], current[r['name']]) for r in to_write if r['name'] in current),
            after=dict((r['name'], {'type': r['type'], 'value': r['value']}) for r in to_write))
    result['api_requests'] = client.request_count
    if failures:
        module.fail_json(
            msg='{0} of {1} routes to write failed ({2}); applied: {3}; run the task again to finish'.format(
                len(failures), len(to_write),
                '; '.join('{0}: {1}'.format(item['name'], item['error']) for item in result['failed_routes']),
                ', '.join(result['created'] + result['updated']) or 'none'),
            **result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
