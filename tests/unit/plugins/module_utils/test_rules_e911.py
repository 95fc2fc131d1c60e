# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The rules of an E911 address (contract v2 section 6): every field checked, named in the message, canonical form."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput
from ansible_collections.flowroute.numbers.plugins.module_utils.rules_e911 import check_e911_address, check_e911_label

GOOD = {'first_name': 'Albus', 'last_name': 'Rasputin, Jr.', 'street_number': '666', 'street_name': 'Main St',
        'address_type': 'Suite', 'address_type_number': '333', 'city': 'Seattle', 'state': 'WA', 'zip': '98101',
        'country': 'US'}


def test_a_good_address_comes_back_as_the_api_stores_it():
    assert check_e911_address(GOOD) == GOOD
    assert check_e911_address(dict(GOOD, address_type='sUITE', state='wa', country='us', street_number=666)) == GOOD


def test_no_address_type_is_two_empty_strings():
    assert check_e911_address(dict(GOOD, address_type=None, address_type_number=None))['address_type'] == ''
    checked = check_e911_address(dict(GOOD, address_type='', address_type_number=''))
    assert (checked['address_type'], checked['address_type_number']) == ('', '')


def test_canadian_postal_codes_in_any_case_and_spacing():
    address = dict(GOOD, country='CA', state='ON', zip='m4c5k7')
    assert check_e911_address(address)['zip'] == 'M4C 5K7'
    assert check_e911_address(dict(address, zip='M4C 5K7'))['zip'] == 'M4C 5K7'


@pytest.mark.parametrize('changes, message', [
    (dict(zip='9810'), "address.zip: must be five digits, e.g. 98104 for country US, got '9810'"),
    (dict(zip='981011'), "address.zip: must be five digits, e.g. 98104 for country US, got '981011'"),
    (dict(country='CA', zip='98101'), "address.zip: must be a Canadian postal code, e.g. M4C 5K7 for country CA, got '98101'"),
    (dict(country='MX'), "address.country: must be US or CA, got 'MX'"),
    (dict(state='Washington'), "address.state: must be the two-letter state or province, e.g. WA, got 'Washington'"),
    (dict(state='W1'), "address.state: must be the two-letter state or province, e.g. WA, got 'W1'"),
    (dict(street_number='12A'), "address.street_number: must be the number of the building, digits only (a suite or "
                                "unit goes in address_type and address_type_number), got '12A'"),
    (dict(address_type='Cave'), "address.address_type: must be one of Apartment, Basement, Building, Department, Floor, "
                                "Front, Key, Lobby, Lot, Lower, Office, Penthouse, Pier, Rear, Room, Side, Slip, Space, "
                                "Stop, Suite, Trailer, Unit, Upper (any case), got 'Cave'"),
    (dict(address_type=5), "address.address_type: must be one of Apartment, Basement, Building, Department, Floor, "
                           "Front, Key, Lobby, Lot, Lower, Office, Penthouse, Pier, Rear, Room, Side, Slip, Space, "
                           "Stop, Suite, Trailer, Unit, Upper (any case), got 5"),
    (dict(address_type_number=''), 'address.address_type_number: is required: which suite, e.g. 333'),
    (dict(address_type=None), "address.address_type: is required with address_type_number '333', e.g. Suite"),
    (dict(city=''), 'address.city: is required: the address needs it'),
    (dict(first_name=' Albus'), "address.first_name: has a space at either end or a character that is not printable: "
                                "' Albus'"),
    (dict(street_name='Main\nSt'), "address.street_name: has a space at either end or a character that is not "
                                   "printable: 'Main\\nSt'"),
    (dict(street_number=True), 'address.street_number: is required: the address needs it'),
])
def test_each_rule_names_the_field_and_what_it_takes(changes, message):
    with pytest.raises(InvalidInput) as err:
        check_e911_address(dict(GOOD, **changes))
    assert str(err.value) == message


def test_fields_the_api_does_not_have_or_no_dictionary_are_refused():
    with pytest.raises(InvalidInput) as err:
        check_e911_address(dict(GOOD, suite='333', apt=1))
    assert str(err.value) == ('address: unknown fields apt, suite; the fields are first_name, last_name, street_number, '
                              'street_name, address_type, address_type_number, city, state, zip, country')
    with pytest.raises(InvalidInput, match='^address: must be a dictionary of first_name, '):
        check_e911_address('666 Main St')
    with pytest.raises(InvalidInput, match=r'^where\.zip: '):
        check_e911_address(dict(GOOD, zip='1'), 'where')


def test_a_label_is_required_and_printable():
    assert check_e911_label('Seattle office') == 'Seattle office'
    for label, message in ((None, 'label: is required: the label that names the address on the account, e.g. Seattle '
                                  'office'),
                           ('  ', 'label: is required: the label that names the address on the account, e.g. Seattle '
                                  'office'),
                           ('Site\t1', "label: has a space at either end or a character that is not printable: "
                                       "'Site\\t1'")):
        with pytest.raises(InvalidInput) as err:
            check_e911_label(label)
        assert str(err.value) == message
