# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rules of an E911 address (contract v2 section 6) and its canonical form: pure functions, no I/O."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput

ADDRESS_FIELDS = ('first_name', 'last_name', 'street_number', 'street_name', 'address_type', 'address_type_number',
                  'city', 'state', 'zip', 'country')
REQUIRED = ('first_name', 'last_name', 'street_number', 'street_name', 'city', 'state', 'zip', 'country')
ADDRESS_TYPES = ('Apartment', 'Basement', 'Building', 'Department', 'Floor', 'Front', 'Key', 'Lobby', 'Lot', 'Lower',
                 'Office', 'Penthouse', 'Pier', 'Rear', 'Room', 'Side', 'Slip', 'Space', 'Stop', 'Suite', 'Trailer',
                 'Unit', 'Upper')
_ZIP = {'US': (re.compile(r'[0-9]{5}'), 'five digits, e.g. 98104'),
        'CA': (re.compile(r'([A-Z][0-9][A-Z]) ?([0-9][A-Z][0-9])'), 'a Canadian postal code, e.g. M4C 5K7')}


def _text(value, option, what):
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(option, 'is required: {0}'.format(what))
    if value != value.strip() or not value.isprintable():
        raise InvalidInput(option, 'has a space at either end or a character that is not printable: {0!r}'.format(value))
    return value


def check_e911_label(label, option='label'):
    """Return an address's label: what tells it from the account's other addresses."""
    return _text(label, option, 'the label that names the address on the account, e.g. Seattle office')


def check_e911_address(address, option='address'):
    """Return the address as the API stores it (every field; an unused address type as two empty strings)."""
    if not isinstance(address, dict):
        raise InvalidInput(option, 'must be a dictionary of {0}'.format(', '.join(ADDRESS_FIELDS)))
    unknown = sorted(set(address) - set(ADDRESS_FIELDS))
    if unknown:
        raise InvalidInput(option, 'unknown fields {0}; the fields are {1}'.format(
            ', '.join(map(str, unknown)), ', '.join(ADDRESS_FIELDS)))
    checked = dict((field, _text(address.get(field), '{0}.{1}'.format(option, field), 'the address needs it'))
                   for field in REQUIRED)
    if not checked['street_number'].isdigit():
        raise InvalidInput(option + '.street_number', 'must be the number of the building, digits only (a suite or unit '
                                                      'goes in address_type and address_type_number), got {0!r}'.format(
                                                          checked['street_number']))
    checked['country'] = checked['country'].upper()
    if checked['country'] not in _ZIP:
        raise InvalidInput(option + '.country', 'must be US or CA, got {0!r}'.format(address['country']))
    checked['state'] = checked['state'].upper()
    if not re.fullmatch(r'[A-Z]{2}', checked['state']):
        raise InvalidInput(option + '.state', 'must be the two-letter state or province, e.g. WA, got {0!r}'.format(
            address['state']))
    rule, example = _ZIP[checked['country']]
    match = rule.fullmatch(checked['zip'].upper())
    if not match:
        raise InvalidInput(option + '.zip', 'must be {0} for country {1}, got {2!r}'.format(
            example, checked['country'], address['zip']))
    checked['zip'] = ' '.join(match.groups()) if checked['country'] == 'CA' else match.group(0)
    kind, unit = address.get('address_type'), address.get('address_type_number')
    checked['address_type'], checked['address_type_number'] = '', ''
    if kind not in (None, ''):
        known = [name for name in ADDRESS_TYPES if isinstance(kind, str) and name.lower() == kind.lower()]
        if not known:
            raise InvalidInput(option + '.address_type', 'must be one of {0} (any case), got {1!r}'.format(
                ', '.join(ADDRESS_TYPES), kind))
        checked['address_type'] = known[0]
        checked['address_type_number'] = _text(unit, option + '.address_type_number',
                                               'which {0}, e.g. 333'.format(known[0].lower()))
    elif unit not in (None, ''):
        raise InvalidInput(option + '.address_type', 'is required with address_type_number {0!r}, e.g. Suite'.format(unit))
    return checked
