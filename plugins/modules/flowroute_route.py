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
  - flowroute.numbers.flowroute.write_module
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

from functools import partial

from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import check_route, present_route, route_state


def named(name, state):
    """The route as shown in the diff: {} when absent."""
    return dict(name=name, **state) if state else {}


def ensure_route(runner):
    params = runner.params
    wanted = check_route(params['name'], params['type'], params['value'])
    name = wanted['name']
    client = runner.client()

    def read():
        with runner.step('could not read the routes to check route {0}'.format(name)):
            return client.find_route(name)

    found, similar = read()
    if not found and similar:
        runner.warn('route {0} does not exist, but route {1} differs from it only in case; route names are '
                    'case-sensitive, so {0} is a new route'.format(name, similar[0]['name']))
    current = found[0] if found else None
    before = named(name, route_state(current))
    after = named(name, route_state(wanted))
    if current:
        context = 'route {0} is {1} {2!r}; the API refused to change it to {3} {4!r}'.format(
            name, before['type'], before['value'], after['type'], after['value'])
        write = partial(client.update_route, current, wanted)
    else:
        context = 'could not create route {0} ({1} {2!r})'.format(name, after['type'], after['value'])
        write = partial(client.create_route, wanted)
    result = runner.apply(before, after, write, lambda: {'current': named(name, route_state((read()[0] or [None])[0]))},
                          context)
    result['route'] = present_route(wanted)
    return result


def main():
    FlowrouteRunner(dict(
        name=dict(type='str', required=True, aliases=['route_name']),
        type=dict(type='str', required=True, aliases=['route_type']),
        value=dict(type='str', required=True),
    )).run(ensure_route)


if __name__ == '__main__':
    main()
