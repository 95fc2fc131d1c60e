# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Messaging callback URLs (v2 section 8). No documented call reads one back, so GET /_emulator/callbacks shows them."""

from .answers import v2_error
from .numbers import v2_number

ACCOUNT_TYPES = ('sms_callback', 'mms_callback', 'sms_dlr_callback', 'mms_dlr_callback', 'dlr_callback')
NUMBER_TYPES = ACCOUNT_TYPES


def reset(account):
    account.callbacks = {'account': {}, 'numbers': {}}


def callback_url(request):
    """Both documented bodies: {"data": {"attributes": {"callback_url"}}} (Python) or {"callback_url"} (PHP, docs)."""
    data = request.json()
    url = data.get('callback_url')
    if url is None and isinstance(data.get('data'), dict) and isinstance(data['data'].get('attributes'), dict):
        url = data['data']['attributes'].get('callback_url')
    if not isinstance(url, str) or not url:
        raise v2_error(422, 'Unprocessable Entity', 'callback_url is required')
    return url


def set_account_callback(request, callback_type):
    request.account.callbacks['account'][callback_type] = callback_url(request)
    return 204, None


def set_number_callback(request, number, callback_type):
    v2_number(request.account, number)
    request.account.callbacks['numbers'].setdefault(number, {})[callback_type] = callback_url(request)
    return 204, None


def show(request, data):
    return 200, request.account.callbacks


CONTROL = {('GET', 'callbacks'): show}
TYPES = '|'.join(ACCOUNT_TYPES)
ENDPOINTS = [
    ('PUT', r'/v2\.1/messages/({0})'.format(TYPES), set_account_callback),
    ('POST', r'/v2/numbers/([0-9]+)/relationships/({0})'.format(TYPES), set_number_callback),
]
