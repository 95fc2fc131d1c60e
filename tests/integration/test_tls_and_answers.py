# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The modules over https, and every answer the contract allows, through ansible-playbook."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest
import requests

from conftest import Emulator

ROUTE = '    - flowroute.numbers.flowroute_route: {name: TLSRoute, type: HOST, value: "1.2.3.4", retries: 3}\n'
# A bundle of public CAs, as these machines and many corporate hosts set globally: it does not hold the
# emulator's throwaway CA, so only validate_certs=false (honoured over these variables) can reach it.
PUBLIC_BUNDLE = '/etc/ssl/certs/ca-certificates.crt' if os.path.exists('/etc/ssl/certs/ca-certificates.crt') \
    else requests.certs.where()
PUBLIC_CAS = {'REQUESTS_CA_BUNDLE': PUBLIC_BUNDLE, 'CURL_CA_BUNDLE': PUBLIC_BUNDLE}


@pytest.fixture(scope='module')
def tls_process():
    process = Emulator(tls=True)
    yield process
    process.stop()


@pytest.fixture
def tls_emulator(tls_process, api):
    tls_process.reset()
    tls_process.api_version = api.version
    return tls_process


@pytest.mark.subset
@pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)
def test_https_with_the_ca_from_requests_ca_bundle(tls_emulator, playbook):
    result = playbook(tls_emulator, ROUTE, env={'REQUESTS_CA_BUNDLE': tls_emulator.ca_file})
    assert result.rc == 0, result.output
    assert result.task(0)['changed'] is True
    assert tls_emulator.routes()['TLSRoute'] == {'type': 'HOST', 'value': '1.2.3.4'}


@pytest.mark.subset
@pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)
def test_https_trusting_the_emulators_ca_with_ca_path_even_beside_a_public_bundle(tls_emulator, playbook):
    task = ROUTE.replace('retries: 3', 'retries: 3, ca_path: "{0}"'.format(tls_emulator.ca_file))
    result = playbook(tls_emulator, task, env=PUBLIC_CAS)
    assert result.rc == 0, result.output
    assert result.task(0)['changed'] is True and tls_emulator.routes()['TLSRoute']['value'] == '1.2.3.4'
    by_environment = playbook(tls_emulator, ROUTE, env=dict(PUBLIC_CAS, FLOWROUTE_CA_PATH=tls_emulator.ca_file))
    assert by_environment.rc == 0 and by_environment.task(0)['changed'] is False, by_environment.output


@pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)
def test_validate_certs_false_reaches_it_although_ca_bundle_variables_are_set(tls_emulator, playbook):
    result = playbook(tls_emulator, ROUTE.replace('retries: 3', 'retries: 3, validate_certs: false'), env=PUBLIC_CAS)
    assert result.rc == 0, result.output
    assert result.task(0)['changed'] is True


@pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)
def test_untrusted_certificate_fails_at_once_saying_tls(tls_emulator, playbook, api):
    before = tls_emulator.tls_refused()
    result = playbook(tls_emulator, ROUTE, env=PUBLIC_CAS)
    assert result.rc != 0
    task = result.task(0)
    assert task['msg'].startswith('could not read the routes to check route TLSRoute: GET {0} '
                                  'failed: no answer: TLS error with 127.0.0.1:'.format(api.route_list(1)[0]))
    assert 'certificate verify failed' in task['msg']
    # the message names the option that fixes it, before the one for test servers only
    assert ('if a private CA signed its certificate, give that CA to ca_path (or FLOWROUTE_CA_PATH); set '
            'validate_certs=false only for a test server') in task['msg']
    assert 'gave up' not in task['msg'] and task['status'] is None
    assert tls_emulator.tls_refused() - before == 1       # one try, no retry
    assert tls_emulator.requests() == []


@pytest.mark.parametrize('write_body', ['empty', 'space', 'json'])
def test_every_documented_write_answer_is_success(emulator, playbook, write_body):
    emulator.reset(write_body=write_body)
    result = playbook(emulator, ROUTE)
    assert result.rc == 0, result.output
    assert result.task(0)['changed'] is True
    assert [put['status'] for put in emulator.requests('PUT')] == [201]


@pytest.mark.parametrize('patch_status', [200, 204])
def test_number_patch_answered_200_or_204(emulator, playbook, patch_status):
    emulator.reset(patch_status=patch_status)
    emulator.control('POST', 'tns', {'12065551234': {}})
    result = playbook(emulator, '    - flowroute.numbers.flowroute_number_routes: {number: "12065551234", failover_route: sip-reg, '
                                'primary_route: sip-reg}\n    - flowroute.numbers.flowroute_number_routes: '
                                '{number: "12065551234", primary_route: sip-reg}\n', '--diff')
    assert result.rc == 0, result.output
    assert [task['changed'] for task in result.tasks()] == [False, False]
    emulator.control('POST', 'routes', {'R1': {'type': 'HOST', 'value': '1.2.3.4'}})
    result = playbook(emulator, '    - flowroute.numbers.flowroute_number_routes: {number: "12065551234", primary_route: R1}\n')
    assert result.rc == 0, result.output
    assert result.task(0)['changed'] is True
    assert [patch['status'] for patch in emulator.requests('PATCH')] == [patch_status]


@pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)
@pytest.mark.parametrize('last_page, pages', [('no-next', 1), ('next-to-empty', 2), ('next-null', 1)])
def test_every_way_a_list_can_end(emulator, playbook, last_page, pages, api):
    emulator.reset(last_page=last_page)
    # with sip-reg, exactly one full page of 200
    emulator.control('POST', 'routes', dict(('Full{0:03d}'.format(i), {'type': 'HOST', 'value': '1.2.3.4'}) for i in range(199)))
    result = playbook(emulator, '    - flowroute.numbers.flowroute_route_info:\n'
                                '    - flowroute.numbers.flowroute_routes: {routes: [{name: Full198, type: HOST, value: "1.2.3.4"}]}\n')
    assert result.rc == 0, result.output
    assert len(result.task(0)['routes']) == 200
    assert result.task(1)['unchanged'] == ['Full198']
    # a full page with next set: v1 follows it to the empty page; v2 pages by offset and stops at a full last
    # page only when next is absent, so it reads the empty page too
    assert len(emulator.requests('GET')) == 2 * pages
