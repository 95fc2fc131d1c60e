#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_number
short_description: Buy a Flowroute phone number within a spending limit, name it, give it a caller name, release it
version_added: 0.3.0
description:
  - With O(state=present), makes sure the account holds the number. A number it does not hold is bought, and only when
    O(max_setup_cost) and O(max_monthly_cost) are given and its costs, read from the API's list of numbers for sale
    before the purchase, are within them; otherwise the task fails before any write, quoting the costs. In check
    mode it reports the purchase and its costs, and buys nothing.
  - Sets the number's O(alias), its CNAM-lookup flag (O(cnam_lookups)) and its caller name (O(cnam)), each only
    when it differs.
  - With O(state=absent), releases the number. This is the only way anything in this collection releases a number -
    never as a side effect of another option, never by a prune - and it always needs O(release=true) as well, so a
    O(state=absent) typed by mistake does nothing but fail. A number that still has an E911 address is not released.
  - A purchase is never sent twice - after an answer that was lost, the number is read back before trying again.
  - Needs O(api_version=v2); over v1 the task fails before any request, naming the options that need v2.
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.write_module
options:
  number:
    description: The phone number, E.164, for example V(16463439507). A leading C(+) is dropped.
    type: str
    required: true
  state:
    description:
      - V(present) - the account holds the number (bought if need be) with the given attributes.
      - V(absent) - the number is released from the account (needs O(release=true)).
    type: str
    choices: [present, absent]
    default: present
  max_setup_cost:
    description:
      - The most the number may cost to set up, in dollars. Required to buy a number; it is compared with the cost the
        API lists for it before the purchase.
    type: float
  max_monthly_cost:
    description: The most the number may cost a month, in dollars. Required to buy a number.
    type: float
  alias:
    description: The number's alias, up to 64 characters, for example V(NYC office). Not given, it is left as it is.
    type: str
  cnam_lookups:
    description: Whether Flowroute looks up the caller's name on calls to this number. Not given, it is left as it is.
    type: bool
  cnam:
    description:
      - The caller name the number shows on calls it makes - the value of a CNAM record of the account (see
        M(flowroute.numbers.flowroute_cnam)), compared in upper case as Flowroute stores it.
      - Assigned only once the record is approved (Flowroute approves within 48 hours); while it is pending, the task
        warns, reports the number in RV(pending), and a later run assigns it.
    type: str
  release:
    description:
      - Must be V(true) with O(state=absent), the second key of a release. Flowroute cannot undo a release.
    type: bool
    default: false
seealso:
  - module: flowroute.numbers.flowroute_number_search
  - module: flowroute.numbers.flowroute_cnam
  - module: flowroute.numbers.flowroute_number_routes
'''

EXAMPLES = r'''
- name: Buy a number if it costs at most 1 dollar to set up and 1.25 a month, and name it
  flowroute.numbers.flowroute_number:
    number: "16463439507"
    max_setup_cost: 1
    max_monthly_cost: 1.25
    alias: NYC office
    cnam_lookups: true
    api_version: v2

- name: Show our caller name on its calls (once Flowroute has approved the record)
  flowroute.numbers.flowroute_number:
    number: "16463439507"
    cnam: EXAMPLE CORP
    api_version: v2

- name: Release it - both keys, and no E911 address left on it
  flowroute.numbers.flowroute_number:
    number: "16463439507"
    state: absent
    release: true
    api_version: v2
'''

RETURN = r'''
number:
  description: The number after the task (in check mode, as it would be); V(null) once released.
  returned: success
  type: dict
  contains:
    number:
      description: The number.
      type: str
      sample: "16463439507"
    alias:
      description: Its alias.
      type: str
      sample: NYC office
    cnam_lookups:
      description: Whether caller name lookups are on.
      type: bool
      sample: true
    cnam:
      description: The id of the CNAM record it shows, or V(null).
      type: str
      sample: "30001"
    e911:
      description: The id of its E911 address, or V(null).
      type: str
      sample: null
purchased:
  description: When the task bought (or in check mode would buy) the number, its costs in dollars; otherwise V(null).
  returned: success
  type: dict
  sample: {setup_cost: 1.0, monthly_cost: 1.25}
pending:
  description: The number, when the CNAM record of O(cnam) is still pending approval and so not assigned yet.
  returned: success
  type: list
  elements: str
  sample: ["16463439507"]
status:
  description: When the task failed, the HTTP status of the API's answer (V(null) when no answer came or before any request).
  returned: failure
  type: int
  sample: 403
api_error:
  description: When the task failed, the API's own reason, for example insufficient funds.
  returned: failure
  type: str
  sample: Forbidden - Insufficient funds available to complete the request.
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

from ansible_collections.flowroute.numbers.plugins.module_utils.client_cnam import CnamClient
from ansible_collections.flowroute.numbers.plugins.module_utils.client_numbers import NumbersClient
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput, check_number, check_number_alias
from ansible_collections.flowroute.numbers.plugins.module_utils.rules_numbers import check_cnam_value, check_cost
from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner

V2_OPTIONS = ('max_setup_cost', 'max_monthly_cost', 'alias', 'cnam_lookups', 'cnam')


def dollars(cost):
    return '${0:.2f}'.format(cost) if cost is not None else 'an unknown amount'


def shown(found):
    # The number as results and diffs show it.
    if found is None:
        return {}
    return {'number': found['number'], 'alias': found['alias'], 'cnam_lookups': found['cnam_lookups'],
            'cnam': found['cnam_id'], 'e911': found['e911_id']}


def buying(runner, numbers, number):
    # The costs of buying a number the account does not hold, once the limits allow them; fails before any write.
    params = runner.params
    with runner.step('could not read whether number {0} is for sale'.format(number)):
        offer = numbers.offer(number)
    if offer is None:
        raise InvalidInput('number', '{0} is neither on this Flowroute account nor for sale (see '
                                     'flowroute.numbers.flowroute_number_search)'.format(number))
    costs = 'it costs {0} to set up and {1} a month'.format(dollars(offer['setup_cost']), dollars(offer['monthly_cost']))
    for option, cost in (('max_setup_cost', offer['setup_cost']), ('max_monthly_cost', offer['monthly_cost'])):
        if params[option] is None:
            raise InvalidInput(option, 'number {0} is not on this account, and buying it needs max_setup_cost and '
                                       'max_monthly_cost: {1}'.format(number, costs))
        limit = check_cost(params[option], option)
        if cost is None or cost > limit:
            raise InvalidInput(option, 'number {0} is not bought: {1}, more than {2} {3}'.format(
                number, costs, option, dollars(limit)))
    return {'setup_cost': offer['setup_cost'], 'monthly_cost': offer['monthly_cost']}


def caller_name(runner, number, current):
    # (the CNAM record of the cnam option, whether to assign it now): pending or missing records are not assigned.
    value = check_cnam_value(runner.params['cnam'], 'cnam')
    cnams = runner.resource(CnamClient, 'cnam')
    with runner.step('could not read the CNAM records'):
        records = cnams.find(value)
    if len(records) > 1:
        raise InvalidInput('cnam', '{0} CNAM records have the value {1!r} (ids {2})'.format(
            len(records), value, ', '.join(record['id'] for record in records)))
    if not records:
        runner.missing_reference('cnam', 'there is no CNAM record {0!r} on this account; create it first '
                                         '(flowroute.numbers.flowroute_cnam)'.format(value))
        return cnams, None, False
    record = records[0]
    if record['rejection_reason']:
        raise InvalidInput('cnam', 'Flowroute rejected the CNAM record {0!r} (id {1}): {2}'.format(
            value, record['id'], record['rejection_reason']))
    if not record['is_approved']:
        if current.get('cnam') != record['id']:
            runner.warn('cnam: the CNAM record {0!r} (id {1}) is pending approval, so number {2} is not given it yet; '
                        'a later run assigns it once Flowroute approves it (within 48 hours)'.format(
                            value, record['id'], number))
        return cnams, record, False
    return cnams, record, True


def ensure_number(runner):
    params = runner.params
    number = check_number(params['number'])
    given = [option for option in V2_OPTIONS if params[option] is not None] + (['state'] if params['state'] == 'absent' else [])
    numbers = runner.resource(NumbersClient, ', '.join(given) or 'api_version')
    if params['state'] == 'absent':
        return ensure_released(runner, numbers, number)
    if params['alias'] is not None:
        check_number_alias(params['alias'])
    with runner.step('could not read number {0}'.format(number)):
        found = numbers.get(number)
    purchase = None
    if found is None:
        purchase = buying(runner, numbers, number)
    current = shown(found) or {'number': number, 'alias': None, 'cnam_lookups': None, 'cnam': None, 'e911': None}
    after = dict(current)
    if params['alias'] is not None:
        after['alias'] = params['alias']
    if params['cnam_lookups'] is not None:
        after['cnam_lookups'] = params['cnam_lookups']
    record, assign, pending = None, False, []
    if params['cnam'] is not None:
        cnams, record, assign = caller_name(runner, number, current)
        if record is not None and assign:
            after['cnam'] = record['id']
        elif record is not None and current['cnam'] != record['id']:
            pending = [number]
        elif record is None:
            after['cnam'] = '(to be created)'
    before = shown(found)
    changes = dict((key, after[key]) for key in ('alias', 'cnam_lookups') if after[key] != current[key])

    def write():
        if purchase is not None:
            now = numbers.purchase(number)
            changes.update((key, after[key]) for key, was in (('alias', now['alias']), ('cnam_lookups', now['cnam_lookups']))
                           if after[key] != was)
        if changes:
            body = {}
            if 'alias' in changes:
                body['alias'] = changes['alias']
            if 'cnam_lookups' in changes:          # the string the enable-cnam-lookups page sends
                body['cnam_lookups_enabled'] = 'true' if changes['cnam_lookups'] else 'false'
            numbers.set_attributes(number, **body)
        if assign and after['cnam'] != current['cnam']:
            cnams.assign(number, record['id'])

    def read_back():
        return shown(numbers.get(number))

    result = runner.apply(before, after, write, read_back, 'could not bring number {0} to what was asked'.format(number))
    result.update(number=after, purchased=purchase, pending=pending)
    return result


def ensure_released(runner, numbers, number):
    if not runner.params['release']:
        raise InvalidInput('release', 'state absent releases number {0} from the account, and Flowroute cannot undo a '
                                      'release; set release: true as well to release it'.format(number))
    with runner.step('could not read number {0}'.format(number)):
        found = numbers.get(number)
    if found is not None and found['e911_id'] is not None:
        runner.unless_earlier_task('state', 'number {0} still has E911 address {1}; detach it first '
                                            '(flowroute.numbers.flowroute_e911), then release it'.format(
                                                number, found['e911_id']), 'detaches it')
    result = runner.apply(shown(found), {}, lambda: numbers.release(number), lambda: shown(numbers.get(number)),
                          'could not release number {0}'.format(number))
    result.update(number=None, purchased=None, pending=[])
    return result


def main():
    FlowrouteRunner(dict(
        number=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        max_setup_cost=dict(type='float'),
        max_monthly_cost=dict(type='float'),
        alias=dict(type='str'),
        cnam_lookups=dict(type='bool'),
        cnam=dict(type='str'),
        release=dict(type='bool', default=False),
    )).run(ensure_number)


if __name__ == '__main__':
    main()
