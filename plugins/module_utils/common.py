# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What every flowroute.numbers module shares: the connection options and building the client."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import env_fallback, missing_required_lib
from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.flowroute.numbers.plugins.module_utils.api import (
    DEFAULT_API_URL,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    FlowrouteAPIError,
    FlowrouteClient,
)
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import (
    InvalidInput,
    check_api_url,
    is_loopback_host,
)


def connection_argument_spec():
    """The connection options, documented once in the flowroute.numbers.flowroute doc fragment."""
    return dict(
        access_key=dict(type='str', required=True, no_log=False, fallback=(env_fallback, ['FLOWROUTE_ACCESS_KEY'])),
        secret_key=dict(type='str', required=True, no_log=True, fallback=(env_fallback, ['FLOWROUTE_SECRET_KEY'])),
        api_url=dict(type='str', default=DEFAULT_API_URL, fallback=(env_fallback, ['FLOWROUTE_API_URL'])),
        validate_certs=dict(type='bool', default=True),
        timeout=dict(type='float', default=30),
        retries=dict(type='int', default=3),
    )


def client_from_module(module, pool_size=10):
    """Build the API client from the module's connection options, or fail the task with the reason."""
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
    params = module.params
    try:
        api_url = check_api_url(params['api_url'])
    except InvalidInput as exc:
        module.fail_json(msg=str(exc))
    if params['timeout'] <= 0:
        module.fail_json(msg='timeout: must be a number of seconds above 0, got {0}'.format(params['timeout']))
    if not 0 <= params['retries'] <= 10:
        module.fail_json(msg='retries: must be between 0 and 10, got {0}'.format(params['retries']))
    parts = urlsplit(api_url)
    if parts.scheme == 'http' and not is_loopback_host(parts.hostname or ''):
        module.warn('api_url {0} is plain http to a host that is not this machine: requests and their '
                    'signatures travel unencrypted; use https'.format(api_url))
    return FlowrouteClient(params['access_key'], params['secret_key'], api_url=api_url,
                           validate_certs=params['validate_certs'], timeout=params['timeout'],
                           retries=params['retries'], pool_size=pool_size)


def checked(module, check, *args):
    """check(*args) from rules.py, or fail the task with its one-line reason."""
    try:
        return check(*args)
    except InvalidInput as exc:
        module.fail_json(msg=str(exc))


def api_call(module, context, call, *args):
    """call(*args) on the client, or fail the task with the context and the API's answer."""
    try:
        return call(*args)
    except FlowrouteAPIError as exc:
        module.fail_json(msg='{0}: {1}'.format(context, exc))
