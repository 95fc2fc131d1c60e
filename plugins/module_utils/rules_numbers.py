# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rules of numbers bought and named, and of CNAM records (contract v2 sections 3 and 7): pure functions."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput

_CNAM = re.compile(r'''[A-Z0-9 \-_.,@+&'/"]{1,15}''')
NUMBER_TYPES = ('toll-free', 'longcode')


def check_cost(cost, option):
    """Return a spending limit in dollars, 0 or more."""
    if cost is None or cost < 0:
        raise InvalidInput(option, 'must be a number of dollars, 0 or more, got {0!r}'.format(cost))
    return float(cost)


def check_digits(value, option, most=15):
    """Return a partial number to search with: 1 to ``most`` digits."""
    if not isinstance(value, str) or not re.fullmatch('[0-9]{1,%d}' % most, value) or not value.isascii():
        raise InvalidInput(option, 'must be 1 to {0} digits of a phone number, got {1!r}'.format(most, value))
    return value


def check_search(params):
    """The API's query for a search of purchasable numbers, from the module's options (only those given)."""
    query = {}
    for option in ('starts_with', 'contains', 'ends_with'):
        if params.get(option) is not None:
            query[option] = check_digits(params[option], option)
    if params.get('rate_center') is not None:
        if params.get('state') is None:
            raise InvalidInput('state', 'is required with rate_center, e.g. NY with rate_center nwyrcyzn01')
        query['rate_center'] = params['rate_center'].lower()
    if params.get('state') is not None:
        if not re.fullmatch('[A-Za-z]{2}', params['state']):
            raise InvalidInput('state', 'must be the two-letter state, e.g. NY, got {0!r}'.format(params['state']))
        query['state'] = params['state'].lower()
    if params.get('number_type') is not None:
        if params['number_type'] not in NUMBER_TYPES:
            raise InvalidInput('number_type', 'must be toll-free or longcode, got {0!r}'.format(params['number_type']))
        query['number_type'] = params['number_type']
    return query


def check_cnam_value(value, option='value'):
    """Return a caller name as the API stores it: 1 to 15 characters, at least one letter, upper case."""
    if not isinstance(value, str) or not _CNAM.fullmatch(value.upper()) or not re.search('[A-Za-z]', value):
        raise InvalidInput(option, 'a caller name is 1 to 15 letters, digits, spaces and - _ . , @ + & \' / " with at '
                                   'least one letter, e.g. EXAMPLE CORP, got {0!r}'.format(value))
    return value.upper()
