# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What every flowroute.numbers module shares: the connection options and the client they build."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
from urllib.parse import urlsplit

from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.flowroute.numbers.plugins.module_utils.client import DEFAULT_API_URL, Transport
from ansible_collections.flowroute.numbers.plugins.module_utils.client_v1 import V1Client
from ansible_collections.flowroute.numbers.plugins.module_utils.client_v2 import V2Client
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import (
    InvalidInput,
    check_api_url,
    check_api_version,
    check_ca_path,
    check_credential,
    check_rate_limit_wait,
    check_retries,
    check_timeout,
    is_loopback_host,
)


def env_fallback(*names):
    """The first of these environment variables that holds a value; one set to the empty string counts as unset.

    AWX and Automation Platform inject every variable of a credential type, a field left blank as '', so that
    ``FLOWROUTE_API_URL=''`` means "the default", never "an API at ''" (docs/awx/credential_type.yml).
    """
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    raise AnsibleFallbackNotFound


def connection_argument_spec():
    """The connection options, documented once in the flowroute.numbers.flowroute doc fragment."""
    return dict(
        access_key=dict(type='str', required=True, no_log=False, fallback=(env_fallback, ['FLOWROUTE_ACCESS_KEY'])),
        secret_key=dict(type='str', required=True, no_log=True, fallback=(env_fallback, ['FLOWROUTE_SECRET_KEY'])),
        api_url=dict(type='str', default=DEFAULT_API_URL, fallback=(env_fallback, ['FLOWROUTE_API_URL'])),
        validate_certs=dict(type='bool', default=True),
        timeout=dict(type='float', default=30),
        retries=dict(type='int', default=3),
        rate_limit_wait=dict(type='float', default=300),
        api_version=dict(type='str', default='v1', fallback=(env_fallback, ['FLOWROUTE_API_VERSION'])),
        ca_path=dict(type='path', fallback=(env_fallback, ['FLOWROUTE_CA_PATH'])),
    )


BACKENDS = {'v1': V1Client, 'v2': V2Client}


def build_client(params, warn, pool_size=10):
    """The API client for the module's connection options; raises InvalidInput for a bad option."""
    access_key = check_credential(params['access_key'], 'access_key')
    secret_key = check_credential(params['secret_key'], 'secret_key')
    api_url = check_api_url(params['api_url'])
    timeout = check_timeout(params['timeout'])
    retries = check_retries(params['retries'])
    rate_limit_wait = check_rate_limit_wait(params['rate_limit_wait'])
    version = check_api_version(params['api_version'], os.environ.get('FLOWROUTE_API_VERSION'))
    ca_path = check_ca_path(params['ca_path'], os.environ.get('FLOWROUTE_CA_PATH'), os.path.isfile)
    parts = urlsplit(api_url)
    if parts.scheme == 'http' and not is_loopback_host(parts.hostname):
        if version == 'v2':
            raise InvalidInput('api_url', 'api_version v2 sends secret_key itself with every request (HTTP Basic), '
                                          'so plain http is allowed only to this machine; use https, got {0}'.format(api_url))
        warn('api_url {0} is plain http to a host that is not this machine: requests and their '
             'signatures travel unencrypted; use https'.format(api_url))

    def transport_factory(authorize, accept):
        return Transport(api_url, authorize, validate_certs=params['validate_certs'], timeout=timeout,
                         retries=retries, pool_size=pool_size, accept=accept, rate_limit_wait=rate_limit_wait,
                         ca_path=ca_path)
    return BACKENDS[version](access_key, secret_key, transport_factory, pool_size)
