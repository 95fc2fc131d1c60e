#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_e911
short_description: Manage a Flowroute E911 address and the numbers that use it
version_added: 0.3.0
description:
  - Makes sure an E911 (emergency) address exists with the given fields and that the given numbers use it
    (O(state=present)), or that it does not exist (O(state=absent)). Every US number that can dial 911 needs a
    dispatchable address; Flowroute bills a 911 call from a number without one.
  - The address is known by its O(label), unique on the account for this module. Its fields are checked here
    before any request, then validated by the API (it must be able to geocode the address) before a create or an
    update - in check mode too, as validating writes nothing - and the API's own reason is the failure.
  - A number already on this address is never associated again; associating a number with a different address is
    charged by Flowroute, so no write is sent that changes nothing.
  - Needs O(api_version=v2); over v1 the task fails before any request.
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.write_module
options:
  label:
    description:
      - The address's label, what tells it from the account's other addresses, for example V(Seattle office).
      - Two addresses with this label make the task fail naming both ids, with no write.
    type: str
    required: true
  state:
    description:
      - V(present) creates the address or brings its fields to O(address), and gives it O(numbers).
      - V(absent) removes it from every number that uses it, one detach after another, then deletes it (Flowroute
        refuses to delete an address that numbers use).
    type: str
    choices: [present, absent]
    default: present
  address:
    description:
      - The address, required with O(state=present). Changed fields are updated in place.
    type: dict
    suboptions:
      first_name:
        description: First name of the person or the business at the address.
        type: str
      last_name:
        description: Last name, or the rest of the business name.
        type: str
      street_number:
        description: The number of the building, digits only, for example V(666).
        type: str
      street_name:
        description: The street, for example V(Main St).
        type: str
      address_type:
        description:
          - Where in the building, one of V(Apartment), V(Basement), V(Building), V(Department), V(Floor), V(Front),
            V(Key), V(Lobby), V(Lot), V(Lower), V(Office), V(Penthouse), V(Pier), V(Rear), V(Room), V(Side), V(Slip),
            V(Space), V(Stop), V(Suite), V(Trailer), V(Unit), V(Upper) (any case). Needs O(address.address_type_number).
        type: str
      address_type_number:
        description: Which one, for example V(333) with V(Suite).
        type: str
      city:
        description: The city.
        type: str
      state:
        description: The state or province, two letters, for example V(WA).
        type: str
      zip:
        description: The ZIP code, five digits (V(98101)), or the Canadian postal code (V(M4C 5K7)).
        type: str
      country:
        description: V(US) or V(CA).
        type: str
  numbers:
    description:
      - The numbers that must use this address (E.164, a leading C(+) is dropped). A number on another address is
        moved here (one write, charged by Flowroute); one already here is left as it is.
      - If not given, the numbers that use the address are left as they are.
    type: list
    elements: str
  numbers_exclusive:
    description:
      - Also detach the numbers that use this address and are not in O(numbers).
    type: bool
    default: false
  allow_numbers_without_e911:
    description:
      - A detach that would leave a number without any E911 address (by O(numbers_exclusive), or O(state=absent)) is
        refused before any write, naming the numbers, unless this is V(true).
    type: bool
    default: false
notes:
  - The plan is the run - the validation by the API, which numbers are on the account, and which would be left without
    an address are all found before any write, and in check mode too.
seealso:
  - module: flowroute.numbers.flowroute_e911_info
'''

EXAMPLES = r'''
- name: The Seattle office's address, used by its numbers
  flowroute.numbers.flowroute_e911:
    label: Seattle office
    address:
      first_name: Example
      last_name: Corp
      street_number: "666"
      street_name: Main St
      address_type: Suite
      address_type_number: "333"
      city: Seattle
      state: WA
      zip: "98101"
      country: US
    numbers: ["12065551234", "12065551235"]
    api_version: v2

- name: Only these numbers use it now; the others may go without an address (they move to another site next)
  flowroute.numbers.flowroute_e911:
    label: Seattle office
    address: "{{ seattle_address }}"
    numbers: ["12065551234"]
    numbers_exclusive: true
    allow_numbers_without_e911: true
    api_version: v2
  vars:
    seattle_address: {first_name: Example, last_name: Corp, street_number: "666", street_name: Main St,
                      city: Seattle, state: WA, zip: "98101", country: US}

- name: Retire the site, once its numbers have another address
  flowroute.numbers.flowroute_e911:
    label: Old warehouse
    state: absent
    api_version: v2
'''

RETURN = r'''
e911:
  description: The address after the task (in check mode, as it would be); V(null) with O(state=absent).
  returned: success
  type: dict
  contains:
    id:
      description: Its id (V(null) in check mode for an address not made yet).
      type: str
      sample: "21845"
    label:
      description: Its label.
      type: str
      sample: Seattle office
    address:
      description: Its fields as the API keeps them (an unused address type reads as empty strings).
      type: dict
      sample: {first_name: Example, last_name: Corp, street_number: "666", street_name: Main St, address_type: Suite,
               address_type_number: "333", city: Seattle, state: WA, zip: "98101", country: US}
    numbers:
      description: The numbers that use it, sorted.
      type: list
      elements: str
      sample: ["12065551234"]
attached:
  description: The numbers given this address by the task (or that would be, in check mode).
  returned: success
  type: list
  elements: str
  sample: ["12065551235"]
detached:
  description: The numbers removed from this address by the task, in the order they were.
  returned: success
  type: list
  elements: str
  sample: []
status:
  description: When the task failed, the HTTP status of the API's answer (V(null) when no answer came or before any request).
  returned: failure
  type: int
  sample: 400
api_error:
  description: When the task failed, the API's own reason, for example why it cannot geocode the address.
  returned: failure
  type: str
  sample: Client Error - Could not geocode this address. Please check the validity of your address.
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

from ansible_collections.flowroute.numbers.plugins.module_utils.client_e911 import E911Client
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput, check_number, not_on_account
from ansible_collections.flowroute.numbers.plugins.module_utils.rules_e911 import check_e911_address, check_e911_label
from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner


def shown(label, fields, numbers):
    # The address as the diff shows it: {} when absent.
    return {'label': label, 'address': fields, 'numbers': sorted(numbers)} if fields is not None else {}


def find(runner, e911, label):
    # The address with this label and its numbers, or (None, []); two of them are an error naming both ids.
    with runner.step('could not read the E911 addresses to find {0!r}'.format(label)):
        found = e911.list_addresses(label)
        if len(found) > 1:
            raise InvalidInput('label', '{0} E911 addresses have the label {1!r} (ids {2}); give all but one another '
                                        'label first'.format(len(found), label, ', '.join(item['id'] for item in found)))
        return (found[0], e911.numbers_of(found[0]['id'])) if found else (None, [])


def refuse_leaving_without_address(runner, numbers, why):
    if numbers and not runner.params['allow_numbers_without_e911']:
        raise InvalidInput('allow_numbers_without_e911', '{0} would leave {1} without an E911 address (a 911 call from '
                                                         'them is billed and may not reach help); give them another '
                                                         'address first, or set allow_numbers_without_e911: true'.format(
                                                             why, ', '.join(numbers)))


def ensure_e911(runner):
    params = runner.params
    label = check_e911_label(params['label'])
    e911 = runner.resource(E911Client)
    if params['state'] == 'absent':
        return ensure_absent(runner, e911, label)
    wanted = check_e911_address(params['address'])
    asked = None
    if params['numbers'] is not None:
        asked = sorted(set(check_number(number, 'numbers[{0}]'.format(index))
                           for index, number in enumerate(params['numbers'])))
    current, using = find(runner, e911, label)
    attach, detach = [], []
    for number in asked or []:
        if number in using:
            continue
        with runner.step('could not read number {0}'.format(number)):
            exists, dummy = e911.number_address(number)
        if not exists:
            runner.missing_reference('numbers', not_on_account(number))
        attach.append(number)
    if params['numbers_exclusive'] and asked is not None:
        detach = [number for number in using if number not in asked]
        refuse_leaving_without_address(runner, detach, 'numbers_exclusive')
    changed_fields = dict((field, value) for field, value in wanted.items()
                          if current is None or current['address'][field] != value)
    if changed_fields:
        # the API's own check, in check mode too: validating writes nothing
        with runner.step('the API refused the address {0!r}'.format(label)):
            e911.validate(label, wanted)
    final = sorted((set(using) | set(attach)) - set(detach))
    before = shown(label, current['address'] if current else None, using)
    after = shown(label, wanted, final)
    made = {'id': current['id'] if current else None}

    def write():
        if current is None:
            made['id'] = e911.create(label, wanted)['id']
        elif changed_fields:
            e911.update(current['id'], changed_fields)
        for number in attach:
            e911.attach(number, made['id'])
        for number in detach:
            e911.detach(number)

    def read_back():
        again, numbers = find(runner, e911, label)
        return shown(label, again['address'] if again else None, numbers)

    result = runner.apply(before, after, write, read_back, 'could not apply E911 address {0!r}'.format(label))
    result.update(e911=dict(after, id=made['id']), attached=attach, detached=detach)
    return result


def ensure_absent(runner, e911, label):
    current, using = find(runner, e911, label)
    refuse_leaving_without_address(runner, using, 'deleting E911 address {0!r}'.format(label))

    def write():
        for number in using:            # Flowroute refuses to delete an address numbers use: every detach first
            e911.detach(number)
        e911.delete(current['id'])

    def read_back():
        again, numbers = find(runner, e911, label)
        return shown(label, again['address'] if again else None, numbers)

    result = runner.apply(shown(label, current['address'] if current else None, using), {}, write, read_back,
                          'could not delete E911 address {0!r}'.format(label))
    result.update(e911=None, attached=[], detached=list(using) if current else [])
    return result


def main():
    field = dict(type='str')
    FlowrouteRunner(dict(
        label=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        address=dict(type='dict', options=dict(
            first_name=field, last_name=field, street_number=field, street_name=field, address_type=field,
            address_type_number=field, city=field, state=field, zip=field, country=field)),
        numbers=dict(type='list', elements='str'),
        numbers_exclusive=dict(type='bool', default=False),
        allow_numbers_without_e911=dict(type='bool', default=False),
    ), required_if=[('state', 'present', ('address',))]).run(ensure_e911)


if __name__ == '__main__':
    main()
