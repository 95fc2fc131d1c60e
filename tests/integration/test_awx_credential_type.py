# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""docs/awx/credential_type.yml: a type AWX saves, injecting exactly the environment variables the modules read.

The variables are read from each module's own argument spec (main() run until it builds its AnsibleModule), never
retyped here, so an option that gains or loses an environment fallback turns this red until the type follows.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib
import os
import re

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.flowroute.numbers.plugins.module_utils import runner

from awx_credentials import check_credential_type, inject
from conftest import ROOT

CREDENTIAL_TYPE = os.path.join(ROOT, 'docs', 'awx', 'credential_type.yml')


def credential_type():
    with open(CREDENTIAL_TYPE) as handle:
        return yaml.safe_load(handle)


def action_group():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml')) as handle:
        return yaml.safe_load(handle)['action_groups']['flowroute']


class Built(Exception):
    pass


def argument_spec(module, monkeypatch):
    """The whole argument spec module ``module`` gives AnsibleModule, connection options included."""
    seen = {}

    def recorder(argument_spec, **kwargs):
        seen.update(argument_spec)
        raise Built()
    monkeypatch.setattr(runner, 'AnsibleModule', recorder)
    code = importlib.import_module('ansible_collections.flowroute.numbers.plugins.modules.' + module)
    with pytest.raises(Built):
        code.main()
    return seen


def environment_fallbacks(spec):
    """{environment variable: (option, no_log)} for every option of spec that falls back to one."""
    found = {}
    for option, details in spec.items():
        if details.get('fallback'):
            for name in details['fallback'][1]:
                found[name] = (option, bool(details.get('no_log')))
    return found


def test_awx_would_save_the_shipped_credential_type():
    assert check_credential_type(credential_type()) == []


@pytest.mark.parametrize('change, reason', [
    (lambda t: t['injectors']['env'].update(FLOWROUTE_X='{{ acess_key }}'), 'FLOWROUTE_X uses an undefined field'),
    (lambda t: t['injectors']['env'].update(ANSIBLE_CONFIG='x'), 'env ANSIBLE_CONFIG: not allowed'),
    (lambda t: t['inputs']['fields'].append({'id': 'tls', 'label': 'TLS', 'type': 'boolean', 'secret': True}),
     'field tls: secret not allowed for boolean'),
    (lambda t: t['inputs']['required'].append('token'), 'required names undefined fields'),
    (lambda t: t.update(kind='ssh'), 'a custom credential type is of kind cloud or net'),
    (lambda t: t['injectors'].update(file={'template': '', 'template.key': ''}), 'file injectors'),
])
def test_the_check_refuses_what_awx_refuses(change, reason):
    broken = credential_type()
    change(broken)
    assert any(reason in problem for problem in check_credential_type(broken)), check_credential_type(broken)


def test_the_injected_variables_are_exactly_the_modules_environment_fallbacks(monkeypatch):
    injected = set(credential_type()['injectors']['env'])
    for module in action_group():
        fallbacks = environment_fallbacks(argument_spec(module, monkeypatch))
        assert fallbacks, module
        assert set(fallbacks) == injected, '{0} reads {1}, the credential type injects {2}'.format(
            module, sorted(fallbacks), sorted(injected))


def test_a_secret_option_comes_from_a_secret_field_and_only_then(monkeypatch):
    fields = dict((field['id'], field) for field in credential_type()['inputs']['fields'])
    fallbacks = environment_fallbacks(argument_spec('flowroute_route', monkeypatch))
    for name, template in credential_type()['injectors']['env'].items():
        used = set(re.findall(r'\b([a-z_]+)\b', template)) & set(fields)
        assert len(used) == 1, (name, template)
        option, no_log = fallbacks[name]
        assert bool(fields[used.pop()].get('secret')) == no_log, '{0} ({1})'.format(name, option)
    assert set(credential_type()['inputs']['required']) == set(
        option for option, details in runner.connection_argument_spec().items() if details.get('required'))


def connection_options(environment, monkeypatch):
    """The connection options the modules end with when AWX gives the job ``environment``."""
    for name in list(os.environ):
        if name.startswith('FLOWROUTE_'):
            monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    result = ArgumentSpecValidator(runner.connection_argument_spec()).validate({})
    assert [str(error) for error in result.errors] == []
    return result.validated_parameters


def test_fields_left_blank_reach_the_job_empty_and_the_modules_use_their_defaults(tmp_path, monkeypatch):
    environment = inject(credential_type(), {'access_key': '12345678', 'secret_key': 's3cret'}, str(tmp_path))
    assert environment == {'FLOWROUTE_ACCESS_KEY': '12345678', 'FLOWROUTE_SECRET_KEY': 's3cret',
                           'FLOWROUTE_API_VERSION': '', 'FLOWROUTE_API_URL': '', 'FLOWROUTE_CA_PATH': ''}
    options = connection_options(environment, monkeypatch)
    assert (options['api_url'], options['api_version'], options['ca_path']) == ('https://api.flowroute.com', 'v1', None)
    assert (options['access_key'], options['secret_key']) == ('12345678', 's3cret')


def test_every_field_filled_reaches_the_modules(tmp_path, monkeypatch):
    pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
    environment = inject(credential_type(), {'access_key': '12345678', 'secret_key': 's3cret', 'api_version': 'v2',
                                             'api_url': 'https://api.example.net', 'ca_certificate': pem}, str(tmp_path))
    options = connection_options(environment, monkeypatch)
    assert (options['api_url'], options['api_version']) == ('https://api.example.net', 'v2')
    assert os.path.dirname(options['ca_path']) == str(tmp_path / 'env')
    with open(options['ca_path']) as handle:
        assert handle.read() == pem
