#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_cnam
short_description: Manage a Flowroute CNAM record, the caller name numbers show
version_added: 0.3.0
description:
  - Makes sure a CNAM (caller name) record with O(value) exists on the account (O(state=present)), or does not
    (O(state=absent)). A new record is pending until Flowroute approves it, within 48 hours; the task reports
    whether it is approved, when, or why it was rejected.
  - Give it to numbers with the O(flowroute.numbers.flowroute_number#module:cnam) option of
    M(flowroute.numbers.flowroute_number), which assigns it once it is approved.
  - Needs O(api_version=v2); over v1 the task fails before any request.
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
extends_documentation_fragment:
  - flowroute.numbers.flowroute
  - flowroute.numbers.flowroute.write_module
options:
  value:
    description:
      - The caller name, 1 to 15 letters, digits, spaces and C(- _ . , @ + & ' / ") with at least one letter. Flowroute
        stores it in upper case, and it is compared so.
    type: str
    required: true
  state:
    description:
      - V(present) creates the record when the account has none with this value.
      - V(absent) deletes it, which also takes it off the numbers that show it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: flowroute.numbers.flowroute_number
'''

EXAMPLES = r'''
- name: Our caller name
  flowroute.numbers.flowroute_cnam:
    value: Example Corp
    api_version: v2
  register: cnam

- name: Say when it is still waiting for approval
  ansible.builtin.debug:
    msg: "CNAM record {{ cnam.cnam.id }} is pending approval"
  when: not cnam.cnam.is_approved
'''

RETURN = r'''
cnam:
  description: The record after the task (in check mode, as it would be); V(null) with O(state=absent).
  returned: success
  type: dict
  contains:
    id:
      description: Its id (V(null) in check mode for a record not made yet).
      type: str
      sample: "22790"
    value:
      description: The caller name, as Flowroute stores it.
      type: str
      sample: EXAMPLE CORP
    is_approved:
      description: Whether Flowroute approved it; only an approved record can be given to numbers.
      type: bool
      sample: false
    approval_datetime:
      description: When it was approved, or V(null).
      type: str
      sample: "2018-04-23 17:04:30.829341+00:00"
    rejection_reason:
      description: Why Flowroute rejected it, or V(null).
      type: str
      sample: null
status:
  description: When the task failed, the HTTP status of the API's answer (V(null) when no answer came or before any request).
  returned: failure
  type: int
  sample: 422
api_error:
  description: When the task failed, the API's own error text, if it gave one.
  returned: failure
  type: str
  sample: Unprocessable Entity - CNAM value EXAMPLE CORP already exists on your account.
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
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput
from ansible_collections.flowroute.numbers.plugins.module_utils.rules_numbers import check_cnam_value
from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner

SHOWN = ('id', 'value', 'is_approved', 'approval_datetime', 'rejection_reason')


def ensure_cnam(runner):
    value = check_cnam_value(runner.params['value'])
    cnams = runner.resource(CnamClient)
    with runner.step('could not read the CNAM records'):
        found = cnams.find(value)
    if len(found) > 1:
        raise InvalidInput('value', '{0} CNAM records have the value {1!r} (ids {2})'.format(
            len(found), value, ', '.join(record['id'] for record in found)))
    current = found[0] if found else None
    made = {}
    if runner.params['state'] == 'absent':
        result = runner.apply({'value': value} if current else {}, {}, lambda: cnams.delete(current['id']),
                              lambda: {'value': value} if cnams.find(value) else {},
                              'could not delete CNAM record {0!r}'.format(value))
        result['cnam'] = None
        return result

    def create():
        made['record'] = cnams.create(value)

    result = runner.apply({'value': value} if current else {}, {'value': value}, create,
                          lambda: {'value': value} if cnams.find(value) else {},
                          'could not create CNAM record {0!r}'.format(value))
    planned = {'id': None, 'value': value, 'is_approved': False, 'approval_datetime': None, 'rejection_reason': None}
    record = made.get('record') or current or planned
    result['cnam'] = dict((key, record.get(key)) for key in SHOWN)
    return result


def main():
    FlowrouteRunner(dict(
        value=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
    )).run(ensure_cnam)


if __name__ == '__main__':
    main()
