# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Messages that point at the fix (issue 24): each names what the user must change."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

HOST = dict(type='HOST', value='24.239.23.40:5060')


def test_a_connection_error_names_the_host(run_module, emulator):
    result = run_module('flowroute_route', name='R1', api_url='http://127.0.0.1:9', retries=0, **HOST)
    assert 'failed: no answer: connection to 127.0.0.1:9 failed: [Errno 111] Connection refused' in result['msg']


@pytest.mark.parametrize('given', ['V2', 'v2', 'V1'])
def test_api_version_takes_any_case(run_module, emulator, given):
    assert run_module('flowroute_route', name='R1', api_version=given, **HOST).get('failed') is None


def test_a_bad_api_version_from_the_environment_names_the_variable(run_module, emulator, monkeypatch):
    monkeypatch.setenv('FLOWROUTE_API_VERSION', 'v3')
    result = run_module('flowroute_route', name='R1', api_version='v3', **HOST)
    assert result['msg'] == "api_version: must be v1 or v2 (any case), got 'v3' (from the environment variable " \
                            "FLOWROUTE_API_VERSION)"
    monkeypatch.delenv('FLOWROUTE_API_VERSION')
    assert run_module('flowroute_route', name='R1', api_version='v3', **HOST)['msg'] == (
        "api_version: must be v1 or v2 (any case), got 'v3'")
    assert emulator.requests() == []


@pytest.mark.parametrize('version', ['v1', 'v2'])
def test_a_number_without_its_country_code_is_told_so(run_module, emulator, version):
    emulator.seed_routes({'R1': HOST})
    emulator.seed_numbers({'12065551234': None})
    result = run_module('flowroute_number_routes', number='2065551234', primary_route='R1', api_version=version)
    assert result['msg'] == ('number: 2065551234 is not on this Flowroute account; a North American number has 11 '
                             'digits, with its country code 1: did you mean 12065551234?')


def test_over_v1_a_name_with_a_space_says_v2_takes_it(run_module, emulator):
    result = run_module('flowroute_route', name='Office PBX', **HOST)
    assert result['msg'].endswith("got 'Office PBX'; over api_version v2 a route's alias may also have spaces, dots, "
                                  "dashes and underscores")


def test_over_v1_a_route_named_with_a_space_can_be_routed_to(run_module, emulator):
    # made in the portal or over v2, it is listed by that name over v1 too
    emulator.seed_routes({'Office PBX': HOST})
    emulator.seed_numbers({'12065551234': None})
    result = run_module('flowroute_number_routes', number='12065551234', primary_route='Office PBX')
    assert result['changed'] is True and emulator.state()['tns']['12065551234']['routes'][0] == 'Office PBX'


def test_a_missing_ca_path_names_the_option_and_the_variable(run_module, emulator, monkeypatch, tmp_path):
    missing = str(tmp_path / 'ca.pem')
    monkeypatch.setenv('FLOWROUTE_CA_PATH', missing)
    result = run_module('flowroute_route', name='R1', **HOST)
    assert result['msg'] == ("ca_path: no such file: {0!r} (from the environment variable FLOWROUTE_CA_PATH); give the "
                             "PEM file of the CA that signed the API's certificate".format(missing))
    assert emulator.requests() == []


def test_ca_path_is_what_the_connection_trusts(tmp_path):
    from ansible_collections.flowroute.numbers.plugins.module_utils.common import build_client, connection_argument_spec
    bundle = tmp_path / 'ca.pem'
    bundle.write_text('x')
    params = dict((name, spec.get('default')) for name, spec in connection_argument_spec().items())
    params.update(access_key='12345678', secret_key='0' * 32, ca_path=str(bundle))
    assert build_client(params, lambda text: None).transport.verify == str(bundle)
    params['validate_certs'] = False
    assert build_client(params, lambda text: None).transport.verify is False
