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
  - Returns every inbound route on the Flowroute account, reading all pages of the v1 route list,
    the built-in V(sip-reg) route included.
  - Never changes anything.
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.actiongroup
  - flowroute.numbers.flowroute.info_module
options:
  name:
    description:
      - Return only the route with this name (an empty list if there is none).
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
  sample:
    - {name: sip-reg, type: SIP-REG, value: null}
    - {name: HOSTRoute1, type: HOST, value: "24.239.23.40:5060"}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flowroute.numbers.plugins.module_utils.common import (
    api_call,
    client_from_module,
    connection_argument_spec,
)


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        name=dict(type='str', aliases=['route_name']),
        type=dict(type='str', aliases=['route_type']),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    client = client_from_module(module)

    found = api_call(module, 'could not list the routes', client.list_routes)
    wanted_type = (module.params['type'] or '').upper()
    routes = [dict(name=name, type=route['type'], value=route['value']) for name, route in found.items()
              if module.params['name'] in (None, name) and wanted_type in ('', route['type'].upper())]
    module.exit_json(changed=False, routes=routes)


if __name__ == '__main__':
    main()
