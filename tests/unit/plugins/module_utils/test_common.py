# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils.common import client_from_module, connection_argument_spec


class Failed(Exception):
    pass


class FakeModule:
    def __init__(self, **params):
        self.params = dict((name, spec.get('default')) for name, spec in connection_argument_spec().items())
        self.params.update(access_key='12345678', secret_key='0123456789abcdef0123456789abcdef')
        self.params.update(params)
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)

    def fail_json(self, **kwargs):
        raise Failed(kwargs['msg'])


def test_secret_key_is_no_log_and_both_keys_come_from_the_environment():
    spec = connection_argument_spec()
    assert spec['secret_key']['no_log'] is True
    assert spec['access_key']['fallback'][1] == ['FLOWROUTE_ACCESS_KEY']
    assert spec['secret_key']['fallback'][1] == ['FLOWROUTE_SECRET_KEY']
    assert spec['api_url']['fallback'][1] == ['FLOWROUTE_API_URL']


def test_defaults_verify_certificates_against_the_real_api():
    module = FakeModule()
    client = client_from_module(module)
    assert client.api_url == 'https://api.flowroute.com'
    assert client._session.verify is True
    assert module.warnings == []


@pytest.mark.parametrize('url', ['http://10.1.2.3:8557', 'http://api.flowroute.com', 'http://flowroute.example'])
def test_plain_http_to_another_host_warns(url):
    module = FakeModule(api_url=url)
    client_from_module(module)
    assert len(module.warnings) == 1 and 'plain http' in module.warnings[0]


@pytest.mark.parametrize('url', ['http://127.0.0.1:8557', 'http://localhost:8557', 'http://[::1]:8557', 'https://10.1.2.3'])
def test_loopback_or_https_does_not_warn(url):
    module = FakeModule(api_url=url)
    client_from_module(module)
    assert module.warnings == []


@pytest.mark.parametrize('params, message', [
    (dict(api_url='https://api.flowroute.com/v1'), '^api_url: must be scheme://host'),
    (dict(timeout=0), '^timeout: must be'),
    (dict(retries=11), '^retries: must be between 0 and 10'),
    (dict(retries=-1), '^retries: must be between 0 and 10'),
])
def test_bad_connection_options_fail_naming_the_option(params, message):
    with pytest.raises(Failed, match=message):
        client_from_module(FakeModule(**params))
