#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_route
short_description: Create a Flowroute inbound route
version_added: 0.1.0
description:
  - Makes sure a Flowroute inbound route exists with the given type and value, through the Flowroute Numbers v1 API.
  - An inbound route says where Flowroute delivers calls for the phone numbers that use it -
    a SIP host (V(HOST)), another phone number (V(PSTN)) or a SIP URI (V(URI)).
  - The module reads the account's routes first and writes only when the route is missing or different,
    so a second run reports no change and sends no write.
  - The v1 API has no call to delete a route, so there is no O(ignore:state=absent).
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
    description: Shows the route's type and value before and after.
    support: full
options:
  name:
    description:
      - Name of the route, letters A-Z, a-z and digits 0-9 only, for example V(HOSTRoute1).
      - V(sip-reg) is the account's built-in route and cannot be created.
    type: str
    required: true
    aliases: [route_name]
  type:
    description:
      - What the route delivers calls to, one of V(HOST), V(PSTN) or V(URI). Any case is accepted; the API is sent upper case.
      - V(HOST) - an IPv4 address or DNS hostname with an optional port, no scheme, for example
        V(24.239.23.40:5060). Without a port Flowroute uses DNS SRV records.
      - V(PSTN) - a phone number in E.164 format without C(+), for example V(16476998778).
        A leading C(+) is accepted and dropped.
      - V(URI) - a SIP URI C(sip:user@host[:port][;transport=udp|tcp|tls]) or C(sips:...), for example
        V(sip:16476998778@215.122.69.152:5060;transport=tcp).
    type: str
    required: true
    aliases: [route_type]
  value:
    description:
      - Where calls go, in the form O(type) asks for. It is checked before any request is sent.
    type: str
    required: true
notes:
  - When the route exists with another type or value, the module sends the new one with the same API call
    that creates routes. Whether Flowroute replaces the route is not documented; if it refuses,
    the task fails and says what the route is now, what was asked and what the API answered.
'''

EXAMPLES = r'''
- name: Send calls to a SIP server
  flowroute.numbers.flowroute_route:
    name: HOSTRoute1
    type: HOST
    value: 24.239.23.40:5060
    access_key: "{{ flowroute_access_key }}"
    secret_key: "{{ flowroute_secret_key }}"

- name: Set the credentials once for several Flowroute tasks (module_defaults works on plays too)
  module_defaults:
    group/flowroute.numbers.flowroute:
      access_key: "{{ flowroute_access_key }}"
      secret_key: "{{ flowroute_secret_key }}"
  block:
    - name: Forward calls to a phone number
      flowroute.numbers.flowroute_route:
        name: PSTNRoute1
        type: PSTN
        value: "+18002364455"

    - name: Send calls to a SIP URI over TCP
      flowroute.numbers.flowroute_route:
        name: URIRoute1
        type: URI
        value: sip:16476998778@215.122.69.152:5060;transport=tcp

- name: Take the credentials from FLOWROUTE_ACCESS_KEY and FLOWROUTE_SECRET_KEY in the environment
  flowroute.numbers.flowroute_route:
    name: HOSTRoute2
    type: host
    value: sip.example.com
  register: result

- name: Show the route
  ansible.builtin.debug:
    msg: "{{ result.route.name }} delivers to {{ result.route.type }} {{ result.route.value }}"
'''

RETURN = r'''
route:
  description: The route as it is after the task (in check mode, as it would be).
  returned: success
  type: dict
  contains:
    name:
      description: Route name.
      type: str
      sample: HOSTRoute1
    type:
      description: Route type, upper case.
      type: str
      sample: HOST
    value:
      description: Where calls are delivered. For V(PSTN), digits without C(+).
      type: str
      sample: 24.239.23.40:5060
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.flowroute.numbers.plugins.module_utils.api import FlowrouteAPIError
from ansible_collections.flowroute.numbers.plugins.module_utils.common import (
    api_call,
    checked,
    client_from_module,
    connection_argument_spec,
)
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import check_route


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        name=dict(type='str', required=True, aliases=['route_name']),
        type=dict(type='str', required=True, aliases=['route_type']),
        value=dict(type='str', required=True),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)

    wanted = checked(module, check_route, module.params['name'], module.params['type'], module.params['value'])
    name = wanted['name']
    client = client_from_module(module)

    found = api_call(module, 'could not read the routes to check route {0}'.format(name), client.list_routes).get(name)
    before = dict(name=name, type=found['type'], value=found['value']) if found else {}
    changed = before != wanted

    if changed and not module.check_mode:
        try:
            client.create_route(name, wanted['type'], wanted['value'])
        except FlowrouteAPIError as exc:
            if found:
                module.fail_json(msg='route {0} is {1} {2!r}; the API refused to change it to {3} {4!r}: {5}'.format(
                    name, found['type'], found['value'], wanted['type'], wanted['value'], exc))
            module.fail_json(msg='could not create route {0} ({1} {2!r}): {3}'.format(
                name, wanted['type'], wanted['value'], exc))

    result = dict(changed=changed, route=wanted)
    if module._diff:
        result['diff'] = dict(before=before, after=wanted)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
