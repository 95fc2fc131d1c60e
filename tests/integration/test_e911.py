# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""E911 addresses through ansible-playbook, over v2: a site's life from create to retirement, with the emulator's
request log as the witness of what was written and in which order; and the daily check playbook."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

from conftest import ACCESS_KEY, ROOT, SECRET_KEY

V2 = pytest.mark.parametrize('api', ['v2'], indirect=True)
N1, N2, N3 = '12065551234', '12065551235', '12065551236'
SEATTLE = '''{first_name: Example, last_name: Corp, street_number: "666", street_name: Main St, address_type: Suite,
                  address_type_number: "333", city: Seattle, state: WA, zip: "98101", country: US}'''
PORTLAND = '''{first_name: Example, last_name: Corp, street_number: "1", street_name: Oak St, city: Portland, state: OR,
                  zip: "97201", country: US}'''


def task(label, address=None, numbers=None, **options):
    lines = ['    - flowroute.numbers.flowroute_e911:', '        label: {0}'.format(label)]
    if address:
        lines.append('        address: {0}'.format(address))
    if numbers is not None:
        lines.append('        numbers: {0}'.format(list(numbers)))
    lines += ['        {0}: {1}'.format(key, value) for key, value in options.items()]
    return '\n'.join(lines) + '\n'


def writes(emulator):
    return [(entry['method'], entry['path']) for entry in emulator.requests() if entry['method'] != 'GET']


@pytest.fixture
def account(emulator):
    emulator.control('POST', 'tns', {N1: None, N2: None, N3: None})
    return emulator


@pytest.mark.subset
@V2
def test_a_sites_life_create_rerun_change_move_exclusive_retire(account, playbook):
    made = playbook(account, task('Seattle office', SEATTLE, [N1, N2]), '--diff')
    assert made.rc == 0 and made.task(0)['changed'] is True, made.output
    assert writes(account) == [('POST', '/v2/e911s/validate'), ('POST', '/v2/e911s'),
                               ('PATCH', '/v2/numbers/{0}/relationships/e911s/20001'.format(N1)),
                               ('PATCH', '/v2/numbers/{0}/relationships/e911s/20001'.format(N2))]
    account.control('DELETE', 'requests')
    again = playbook(account, task('Seattle office', SEATTLE, [N1, N2]))
    assert again.rc == 0 and again.task(0)['changed'] is False and writes(account) == []

    moved = playbook(account, task('Seattle office', SEATTLE.replace('"666"', '"700"')))
    assert moved.rc == 0 and writes(account) == [('POST', '/v2/e911s/validate'), ('PATCH', '/v2/e911s/20001')]
    account.control('DELETE', 'requests')

    # a second site takes N2: exactly one association write, charged once
    portland = playbook(account, task('Portland office', PORTLAND, [N2]))
    assert portland.rc == 0, portland.output
    assert [call for call in writes(account) if 'relationships' in call[1]] == [
        ('PATCH', '/v2/numbers/{0}/relationships/e911s/20002'.format(N2))]
    assert account.control('GET', 'state')['e911_charges'][-1] == {'number': N2, 'e911': '20002'}
    account.control('DELETE', 'requests')

    exclusive = playbook(account, task('Portland office', PORTLAND, [N3], numbers_exclusive='true',
                                       allow_numbers_without_e911='true'))
    assert exclusive.rc == 0 and exclusive.task(0)['detached'] == [N2]
    assert writes(account) == [('PATCH', '/v2/numbers/{0}/relationships/e911s/20002'.format(N3)),
                               ('DELETE', '/v2/numbers/{0}/relationships/e911s'.format(N2))]
    account.control('DELETE', 'requests')

    retired = playbook(account, task('Seattle office', state='absent', allow_numbers_without_e911='true'))
    assert retired.rc == 0 and retired.task(0)['changed'] is True
    assert writes(account) == [('DELETE', '/v2/numbers/{0}/relationships/e911s'.format(N1)),
                               ('DELETE', '/v2/e911s/20001')]        # every detach before the delete


@V2
def test_check_mode_validates_only_and_a_failed_validation_writes_nothing(account, playbook):
    plan = playbook(account, task('Seattle office', SEATTLE, [N1]), '--check', '--diff')
    assert plan.rc == 0 and plan.task(0)['changed'] is True
    assert writes(account) == [('POST', '/v2/e911s/validate')]
    account.control('DELETE', 'requests')
    refused = playbook(account, task('Nowhere', SEATTLE.replace('Main St', 'Nowhere Rd'), [N1]))
    assert refused.rc != 0
    assert refused.task(0)['msg'].endswith('HTTP 400: Client Error - Could not geocode this address. Please check the '
                                           'validity of your address.')
    assert writes(account) == [('POST', '/v2/e911s/validate')]


@pytest.mark.parametrize('api', ['v1'], indirect=True)
def test_v1_is_refused_before_any_request(account, playbook):
    result = playbook(account, task('Seattle office', SEATTLE, [N1]))
    assert result.rc != 0 and result.task(0)['msg'].startswith('api_version: E911 addresses exist only in the '
                                                               'Flowroute v2 API')
    assert account.requests() == []


@V2
def test_the_daily_check_fails_on_a_number_without_an_address_and_passes_once_it_has_one(account, playbook,
                                                                                         playbook_file):
    env = {'FLOWROUTE_ACCESS_KEY': ACCESS_KEY, 'FLOWROUTE_SECRET_KEY': SECRET_KEY, 'FLOWROUTE_API_URL': account.url}
    check = os.path.join(ROOT, 'docs', 'examples', 'e911_daily_check.yml')
    assert playbook(account, task('Seattle office', SEATTLE, [N1, N2])).rc == 0
    failing = playbook_file(account, check, env=env)
    assert failing.rc != 0
    assert failing.tasks()[1]['msg'] == 'Numbers without an E911 address: {0}'.format(N3)
    assert playbook(account, task('Seattle office', SEATTLE, [N3])).rc == 0
    passing = playbook_file(account, check, env=env)
    assert passing.rc == 0, passing.output
