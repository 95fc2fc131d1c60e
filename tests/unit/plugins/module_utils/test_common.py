# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The connection options and the client they build."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils.client_v1 import sign_request
from ansible_collections.flowroute.numbers.plugins.module_utils.common import build_client, connection_argument_spec
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput

from fakes import response


def params(**overrides):
    values = dict((name, spec.get('default')) for name, spec in connection_argument_spec().items())
    values.update(access_key='12345678', secret_key='0123456789abcdef0123456789abcdef')
    values.update(overrides)
    return values


def build(**overrides):
    warnings = []
    return build_client(params(**overrides), warnings.append, pool_size=5), warnings


def test_the_options_their_types_defaults_and_environment():
    spec = connection_argument_spec()
    assert spec == {
        'access_key': {'type': 'str', 'required': True, 'no_log': False, 'fallback': spec['access_key']['fallback']},
        'secret_key': {'type': 'str', 'required': True, 'no_log': True, 'fallback': spec['secret_key']['fallback']},
        'api_url': {'type': 'str', 'default': 'https://api.flowroute.com', 'fallback': spec['api_url']['fallback']},
        'validate_certs': {'type': 'bool', 'default': True},
        'timeout': {'type': 'float', 'default': 30},
        'retries': {'type': 'int', 'default': 3},
        'rate_limit_wait': {'type': 'float', 'default': 300},
        'api_version': {'type': 'str', 'default': 'v1', 'fallback': spec['api_version']['fallback']},
        'ca_path': {'type': 'path', 'fallback': spec['ca_path']['fallback']},
    }
    assert spec['ca_path']['fallback'][1] == ['FLOWROUTE_CA_PATH']
    assert spec['api_version']['fallback'][1] == ['FLOWROUTE_API_VERSION']
    assert spec['access_key']['fallback'][1] == ['FLOWROUTE_ACCESS_KEY']
    assert spec['secret_key']['fallback'][1] == ['FLOWROUTE_SECRET_KEY']
    assert spec['api_url']['fallback'][1] == ['FLOWROUTE_API_URL']


def test_every_option_reaches_the_client():
    client, warnings = build(api_url='HTTPS://Example.COM:8443/', validate_certs=False, timeout=0.5, retries=10,
                             rate_limit_wait=42.5)
    transport = client.transport
    assert (transport.api_url, transport.verify, transport.timeout, transport.retries, transport.gate.budget) == (
        'https://example.com:8443', False, 0.5, 10, 42.5)
    assert transport.gate.concurrency == 5
    assert client.pool_size == 5 and warnings == []
    session = transport._session
    assert session.get_adapter('https://example.com')._pool_maxsize == 5


def test_the_keys_reach_the_signature():
    client, dummy = build(api_url='http://127.0.0.1:1')
    url = 'http://127.0.0.1:1/v1/routes/'
    (user, signature), headers = client._authorize('GET', url, b'')
    assert user == '12345678'
    assert signature == sign_request('0123456789abcdef0123456789abcdef', headers['X-Timestamp'], 'GET', url)


def test_defaults_verify_certificates_against_the_real_api():
    client, warnings = build()
    assert client.transport.api_url == 'https://api.flowroute.com'
    assert client.transport.verify is True and client.transport.timeout == 30 and client.transport.retries == 3
    assert warnings == []


@pytest.mark.parametrize('url', ['http://10.1.2.3:8557', 'http://api.flowroute.com', 'http://flowroute.example'])
def test_plain_http_to_another_host_warns(url):
    dummy, warnings = build(api_url=url)
    assert warnings == ['api_url {0} is plain http to a host that is not this machine: requests and their signatures '
                        'travel unencrypted; use https'.format(url.lower())]


@pytest.mark.parametrize('url', ['http://127.0.0.1:8557', 'http://localhost:8557', 'http://[::1]:8557', 'https://10.1.2.3'])
def test_loopback_or_https_does_not_warn(url):
    assert build(api_url=url)[1] == []


@pytest.mark.parametrize('overrides, message', [
    (dict(api_url='https://api.flowroute.com/v1'), '^api_url: must be scheme://host'),
    (dict(timeout=0), '^timeout: must be a number of seconds above 0, got 0$'),
    (dict(timeout=-1.5), '^timeout: must be a number of seconds above 0, got -1.5$'),
    (dict(retries=11), '^retries: must be between 0 and 10, got 11$'),
    (dict(retries=-1), '^retries: must be between 0 and 10, got -1$'),
])
def test_bad_connection_options_fail_naming_the_option(overrides, message):
    with pytest.raises(InvalidInput, match=message):
        build(**overrides)


def test_the_built_client_sends_through_its_own_session(monkeypatch):
    client, dummy = build(api_url='http://127.0.0.1:1', timeout=2.5)
    sent = []

    def fake_request(method, url, **kwargs):
        sent.append((method, url, kwargs['timeout'], kwargs['verify']))
        return response(200, {})
    monkeypatch.setattr(client.transport._session, 'request', fake_request)
    assert client.list_routes() == []
    assert sent == [('GET', 'http://127.0.0.1:1/v1/routes/?limit=200&page=1', 2.5, True)]


def test_api_version_picks_the_backend():
    v1, dummy = build(api_url='http://127.0.0.1:1')
    v2, dummy = build(api_url='http://127.0.0.1:1', api_version='v2')
    assert (v1.version, v2.version) == ('v1', 'v2')
    assert v2._authorize('GET', 'http://127.0.0.1:1/v2/routes', b'') == (('12345678', '0123456789abcdef0123456789abcdef'), {})
    assert v2.transport.accept == 'application/vnd.api+json' and v1.transport.accept == 'application/json'


@pytest.mark.parametrize('url', ['http://10.1.2.3:8557', 'http://api.flowroute.com', 'http://flowroute.example'])
def test_v2_refuses_plain_http_to_another_host(url):
    with pytest.raises(InvalidInput) as err:
        build(api_url=url, api_version='v2')
    assert str(err.value) == ('api_url: api_version v2 sends secret_key itself with every request (HTTP Basic), so plain '
                              'http is allowed only to this machine; use https, got {0}'.format(url))


@pytest.mark.parametrize('url', ['http://127.0.0.1:8557', 'http://localhost', 'https://api.flowroute.com'])
def test_v2_over_https_or_to_this_machine(url):
    assert build(api_url=url, api_version='v2')[1] == []


def test_default_pool_size():
    assert build_client(params(), lambda text: None).pool_size == 10


@pytest.mark.parametrize('seconds', [-1, 86401, None])
def test_rate_limit_wait_outside_0_to_86400_is_refused(seconds):
    with pytest.raises(InvalidInput, match='^rate_limit_wait: must be between 0 and 86400 seconds, got'):
        build(rate_limit_wait=seconds)


def validated(arguments):
    """The connection options as ansible-core's own argument validation gives them, fallbacks applied."""
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
    result = ArgumentSpecValidator(connection_argument_spec()).validate(arguments)
    return result.validated_parameters, [str(error) for error in result.errors]


@pytest.mark.parametrize('variable, option, default, value', [
    ('FLOWROUTE_API_URL', 'api_url', 'https://api.flowroute.com', 'http://127.0.0.1:8557'),
    ('FLOWROUTE_API_VERSION', 'api_version', 'v1', 'v2'),
    ('FLOWROUTE_CA_PATH', 'ca_path', None, '/etc/ssl/flowroute-ca.pem'),
    ('FLOWROUTE_ACCESS_KEY', 'access_key', '12345678', '87654321'),
])
def test_an_empty_environment_variable_counts_as_unset(monkeypatch, variable, option, default, value):
    # AWX injects every variable of a credential type, a field left blank as '' (docs/awx/credential_type.yml)
    keys = {'access_key': '12345678', 'secret_key': 's'} if option != 'access_key' else {'secret_key': 's'}
    monkeypatch.setenv(variable, '')
    parameters, errors = validated(keys)
    assert parameters[option] == (default if option != 'access_key' else None)
    assert errors == ([] if option != 'access_key' else ['missing required arguments: access_key'])
    monkeypatch.setenv(variable, value)
    assert validated(keys) == (dict(parameters, **{option: value}), [])


def test_an_empty_secret_key_variable_is_a_missing_secret_key(monkeypatch):
    monkeypatch.setenv('FLOWROUTE_SECRET_KEY', '')
    assert validated({'access_key': '12345678'})[1] == ['missing required arguments: secret_key']


def test_an_option_given_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv('FLOWROUTE_API_VERSION', 'v2')
    assert validated({'access_key': '1', 'secret_key': 's', 'api_version': 'v1'})[0]['api_version'] == 'v1'
