#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_number_routes
short_description: Point Flowroute phone numbers at their primary and failover routes
version_added: 0.1.0
description:
  - Sets which inbound routes a phone number on the Flowroute account uses.
  - With O(api_version=v1) both routes are always sent in one call; with O(api_version=v2) only the slot that
    differs is changed, one call per slot.
  - Reads the number's routing first and writes only when it differs, so a second run reports no change.
  - Before writing, checks that the number is on the account and that every route named exists,
    and fails naming the one that does not. In check mode it warns instead and plans the change, as an earlier task
    of the play (which in check mode only planned) may create the route or buy the number.
  - A slot that is not being changed is kept as it is; its route is never looked up by name.
  - With O(numbers), many numbers in one task, for example to move a thousand numbers to a new SIP host;
    the account's numbers and routes are each read once, and only the numbers whose routing differs are
    written, several at a time (O(concurrency)).
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.write_module
options:
  number:
    description:
      - The phone number, in E.164 form, for example V(12065551234). A leading C(+) is dropped.
      - One of O(number) and O(numbers) is required.
    type: str
  numbers:
    description:
      - Many numbers, each with its routes, instead of O(number). Every item is checked before any request, each
        number may appear once, and every number and route named must exist; otherwise the task fails naming every
        offender and writes nothing.
      - Over O(api_version=v1) the account's number list is read once (200 numbers a page, stopping once every
        listed number is found); over O(api_version=v2), which has no routing in its list, each listed number is read.
    type: list
    elements: dict
    version_added: 0.2.0
    suboptions:
      number:
        description: The phone number, E.164.
        type: str
        required: true
      primary_route:
        description: Name of its primary route; if not given, it keeps the one it has.
        type: str
      failover_route:
        description: Name of its failover route; if not given, it keeps the one it has.
        type: str
      alias:
        description: Its alias, as O(alias). Needs O(api_version=v2).
        type: str
        version_added: 0.3.0
  concurrency:
    description:
      - With O(numbers), how many writes may be in flight at once. Between V(1) and V(32).
    type: int
    default: 8
    version_added: 0.2.0
  primary_route:
    description:
      - Name (over v2, alias) of the route calls go to first. V(sip-reg) is the built-in SIP registration route.
      - If not given, the number keeps its current primary route.
    type: str
  failover_route:
    description:
      - Name of the route used when the primary fails. May be the same as O(primary_route).
      - If not given, the number keeps its current failover route.
    type: str
  alias:
    description:
      - The number's alias, a name of up to 64 characters that the portal and the API show beside it, for example
        V(Front desk). Set only when it differs. If not given, the number keeps the alias it has.
      - Needs O(api_version=v2); over v1 the task fails before any request.
    type: str
    version_added: 0.3.0
notes:
  - With O(number), at least one of O(primary_route) and O(failover_route) is required.
  - If some writes of O(numbers) fail, the task fails and lists which numbers were applied and which were not, and
    why. Nothing is rolled back; running the task again writes only what is still different.
'''

EXAMPLES = r'''
- name: Route to our SIP server
  flowroute.numbers.flowroute_route:
    name: HOSTRoute1
    type: HOST
    value: 24.239.23.40:5060

- name: Calls to 1 206 555 1234 go there, failing over to SIP registration
  flowroute.numbers.flowroute_number_routes:
    number: "+12065551234"
    primary_route: HOSTRoute1
    failover_route: sip-reg

- name: Change only the failover route
  flowroute.numbers.flowroute_number_routes:
    number: "12065551234"
    failover_route: PSTNRoute1

- name: Move numbers to the new SIP host, in one task (a list of hundreds works the same)
  flowroute.numbers.flowroute_number_routes:
    numbers:
      - {number: "12065551234", primary_route: NewPBX}
      - {number: "12065551235", primary_route: NewPBX, failover_route: sip-reg}
    concurrency: 16
'''

RETURN = r'''
number:
  description: With O(number), the number's routing after the task (in check mode, as it would be).
  returned: success and O(number) is given
  type: dict
  contains:
    number:
      description: The phone number, E.164 digits.
      type: str
      sample: "12065551234"
    primary_route:
      description:
        - The primary route, C({name, type, value}), and over O(api_version=v2) C(id), C(edge_strategy) (by name) and
          C(edge_strategy_id).
      type: dict
      sample: {name: HOSTRoute1, type: HOST, value: "24.239.23.40:5060"}
    failover_route:
      description: The failover route, as RV(number.primary_route); over O(api_version=v2) V(null) when it has none.
      type: dict
      sample: {name: sip-reg, type: SIP-REG, value: null}
    alias:
      description: The number's alias (O(api_version=v2) only; V(null) over v1 or when it has none).
      type: str
      sample: Front desk
      version_added: 0.3.0
    billing_method:
      description: How the number is billed, for example V(METERED).
      type: str
      sample: METERED
updated:
  description: With O(numbers), the numbers whose routing was (or in check mode, would be) changed.
  returned: O(numbers) is given
  type: list
  elements: str
  sample: ["12065551234"]
unchanged:
  description: With O(numbers), the numbers whose routing already matched.
  returned: O(numbers) is given
  type: list
  elements: str
  sample: ["12065551235"]
failed_numbers:
  description: With O(numbers), the numbers whose write failed, each with the API's answer. Empty on success.
  returned: O(numbers) is given
  type: list
  elements: dict
  sample: [{number: "12065551236", error: "PATCH /v1/tns/12065551236 failed: HTTP 404: Route not found", status: 404,
            api_error: Route not found}]
api_requests:
  description: With O(numbers), how many HTTP requests the task sent, retries included.
  returned: O(numbers) is given
  type: int
  sample: 7
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

from functools import partial

from ansible_collections.flowroute.numbers.plugins.module_utils.client import lowest_id, route_record
from ansible_collections.flowroute.numbers.plugins.module_utils.client_numbers import NumbersClient
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import (
    InvalidInput,
    check_concurrency,
    check_number,
    check_number_alias,
    check_number_items,
    check_route_reference,
    not_on_account,
    present_route,
    same_route,
)
from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner

SLOTS = ('primary_route', 'failover_route')


def slot_names(number, with_alias=False):
    """{'primary_route': name, 'failover_route': name} of a number as read (None for an empty slot), and its
    alias when the task sets one."""
    names = dict((slot, (number[slot] or {}).get('name')) for slot in SLOTS)
    if with_alias:
        names['alias'] = number.get('alias')
    return names


def writer(client, numbers_client, number, current, routes, before, after):
    """The write that brings a number from ``before`` to ``after``: its routing, then its alias, each only if it
    differs."""
    def write():
        if any(before.get(slot) != after[slot] for slot in SLOTS):
            client.set_number_routes(number, current, routes)
        if 'alias' in after and before.get('alias') != after['alias']:
            numbers_client.set_attributes(number, alias=after['alias'])
    return write


def read_routes(runner, client):
    """{name: [routes with that name]} in API order."""
    with runner.step('could not read the routes'):
        return client.routes_by_name()


def wanted_routes(runner, client, routes, current, before, after, where):
    """{slot: route} for the routing ``after``: a slot that changes is resolved by name, one that does not is
    kept as read (never looked up by name). Also the problems that stop it, and the routes that do not exist
    (a problem outside check mode, where an earlier task may create them)."""
    wanted, problems, missing = dict((slot, current.get(slot)) for slot in SLOTS), [], []
    for slot in SLOTS:
        name = after[slot]
        if name is None:
            if client.needs_both_slots and before:
                problems.append('{0}{1}: number {2} has none now, so give one'.format(where, slot, current['number']))
            continue
        if before and name == before[slot]:
            continue
        found = routes.get(name, [])
        if not found:
            missing.append('{0}{1}: route {2} does not exist on this Flowroute account; create it first '
                           '(flowroute.numbers.flowroute_route)'.format(where, slot, name))
            wanted[slot] = route_record(name, None, None)
        elif len(found) > 1 and not all(same_route(route, found[0]) for route in found):
            problems.append('{0}{1}: {2} routes have the alias {3!r} with different types or values (ids {4}); '
                            'remove all but one first'.format(where, slot, len(found), name,
                                                              ', '.join(route['id'] for route in found)))
        else:
            wanted[slot] = lowest_id(found) if len(found) > 1 else found[0]
            if len(found) > 1:
                runner.warn('{0}{1}: {2} routes have the alias {3!r} with the same type and value (ids {4}); route {5} '
                            'is used'.format(where, slot, len(found), name, ', '.join(route['id'] for route in found),
                                             wanted[slot]['id']))
    return wanted, problems, missing


def ensure_number_routes(runner):
    params = runner.params
    if params['numbers'] is not None:
        return ensure_many(runner)
    client = runner.client()
    number = check_number(params['number'])
    asked = dict((slot, check_route_reference(params[slot], slot, client.version))
                 for slot in SLOTS if params[slot] is not None)
    with_alias = params['alias'] is not None
    numbers_client = None
    if with_alias:
        asked['alias'] = check_number_alias(params['alias'])
        numbers_client = runner.resource(NumbersClient, 'alias')

    def read():
        with runner.step('could not read number {0}'.format(number)):
            return client.get_number(number)

    current = read()
    if current is None:
        runner.missing_reference('number', not_on_account(number))
        current = dict(number=number, primary_route=None, failover_route=None, billing_method=None, alias=None)
        before = {}
    else:
        before = slot_names(current, with_alias)
    after = dict(before or slot_names(current, with_alias), **asked)
    routes = dict((slot, current[slot]) for slot in SLOTS)
    if any(before.get(slot) != after[slot] for slot in SLOTS):
        routes, problems, missing = wanted_routes(runner, client, read_routes(runner, client), current, before, after, '')
        if problems:
            option, dummy, problem = problems[0].partition(': ')
            raise InvalidInput(option, problem)
        for text in missing:
            option, dummy, problem = text.partition(': ')
            runner.missing_reference(option, problem)
    result = runner.apply(before, after, writer(client, numbers_client, number, current, routes, before, after),
                          lambda: slot_names(read() or current, with_alias),
                          'could not set the routes of number {0}'.format(number))
    with runner.step('could not read the edge strategies'):
        pops = client.edge_names([routes[slot] for slot in SLOTS])
    result['number'] = dict(current, **dict((slot, present_route(routes[slot], client.route_fields, pops))
                                            for slot in SLOTS))
    if with_alias:
        result['number']['alias'] = after['alias']
    return result


def ensure_many(runner):
    params = runner.params
    concurrency = check_concurrency(params['concurrency'])
    client = runner.client(pool_size=concurrency)
    items = check_number_items(params['numbers'], client.version)
    with_alias = any(item['alias'] is not None for item in items)
    numbers_client = runner.resource(NumbersClient, 'numbers[].alias', concurrency) if with_alias else None
    listed = [item['number'] for item in items]
    with runner.step('could not read the numbers'):
        current = client.get_numbers(listed)
    routes = read_routes(runner, client)
    changes, unchanged, problems, missing = [], [], [], []
    for item in items:
        found = current[item['number']]
        item_alias = item['alias'] is not None
        if found is None:
            missing.append('{0}.number: {1}'.format(item['where'], not_on_account(item['number'])))
            found = dict(number=item['number'], primary_route=None, failover_route=None, alias=None)
            before = {}
        else:
            before = slot_names(found, item_alias)
        after = dict(before or slot_names(found, item_alias), **item['asked'])
        if item_alias:
            after['alias'] = item['alias']
        if before == after:
            unchanged.append(item['number'])
            continue
        wanted, trouble, absent = wanted_routes(runner, client, routes, found, before, after, item['where'] + '.')
        problems.extend(trouble)
        missing.extend(absent)
        changes.append(dict(key=item['number'], action='updated', before=before, after=after,
                            write=writer(client, numbers_client, item['number'], found, wanted, before, after),
                            observe=partial(observed_number, item['number'], item_alias)))
    if not runner.check_mode:
        problems.extend(missing)
    if problems:
        raise InvalidInput('numbers', '{0} on the account, so nothing was written: {1}'.format(
            '1 problem' if len(problems) == 1 else '{0} problems'.format(len(problems)), '; '.join(problems)))
    if missing:
        runner.missing_reference('numbers', '; '.join(missing))

    def read_back():
        with runner.step('could not read the numbers again'):
            return client.get_numbers(listed)
    return runner.apply_many(changes, unchanged, concurrency, read_back, key_name='number', noun='numbers',
                             actions=('updated',), item='number')


def observed_number(number, with_alias, snapshot):
    """What a read-back shows of one number, in the form of its change."""
    found = snapshot.get(number)
    return slot_names(found, with_alias) if found else {}


def main():
    FlowrouteRunner(dict(
        number=dict(type='str'),
        numbers=dict(type='list', elements='dict', options=dict(
            number=dict(type='str', required=True),
            primary_route=dict(type='str'),
            failover_route=dict(type='str'),
            alias=dict(type='str'),
        )),
        primary_route=dict(type='str'),
        failover_route=dict(type='str'),
        alias=dict(type='str'),
        concurrency=dict(type='int', default=8),
    ), required_one_of=[('number', 'numbers'), ('primary_route', 'failover_route', 'alias', 'numbers')],
        mutually_exclusive=[('number', 'numbers'), ('numbers', 'primary_route'), ('numbers', 'failover_route'),
                            ('numbers', 'alias')],
    ).run(ensure_number_routes)


if __name__ == '__main__':
    main()
