# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The rules of numbers bought and named, and of CNAM records: what each accepts, in which form, and the exact
message of each refusal (the option named, the value quoted, an example of what to give)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput
from ansible_collections.flowroute.numbers.plugins.module_utils.rules_numbers import (
    check_cnam_value,
    check_cost,
    check_digits,
    check_search,
)


def refusal(function, *args):
    with pytest.raises(InvalidInput) as err:
        function(*args)
    return str(err.value)


@pytest.mark.parametrize('cost, limit', [(0, 0.0), (0.0, 0.0), (1.25, 1.25), (3, 3.0)])
def test_a_spending_limit_is_dollars_from_0(cost, limit):
    assert check_cost(cost, 'max_setup_cost') == limit and isinstance(check_cost(cost, 'max_setup_cost'), float)


@pytest.mark.parametrize('cost, shown', [(-0.01, '-0.01'), (-1, '-1'), (None, 'None')])
def test_a_spending_limit_below_0_or_missing_is_refused_naming_the_option(cost, shown):
    assert refusal(check_cost, cost, 'max_monthly_cost') == (
        'max_monthly_cost: must be a number of dollars, 0 or more, got {0}'.format(shown))


@pytest.mark.parametrize('value', ['1', '206', '123456789012345'])
def test_digits_to_search_with(value):
    assert check_digits(value, 'contains') == value


@pytest.mark.parametrize('value, most, shown', [
    ('', 15, "''"), ('1234567890123456', 15, "'1234567890123456'"), ('20a', 15, "'20a'"), ('٢٠٦', 15, "'٢٠٦'"),
    (206, 15, '206'), ('12345', 4, "'12345'")])
def test_digits_that_are_not_1_to_most_ascii_digits_are_refused(value, most, shown):
    assert refusal(check_digits, value, 'ends_with', most) == (
        'ends_with: must be 1 to {0} digits of a phone number, got {1}'.format(most, shown))


def test_a_search_query_holds_only_what_was_given_in_the_apis_form():
    assert check_search({}) == {}
    assert check_search({'starts_with': '1206', 'contains': '555', 'ends_with': '34', 'rate_center': 'NWYRCYZN01',
                         'state': 'NY', 'number_type': 'toll-free', 'limit': 5}) == {
        'starts_with': '1206', 'contains': '555', 'ends_with': '34', 'rate_center': 'nwyrcyzn01', 'state': 'ny',
        'number_type': 'toll-free'}
    # the state alone narrows the search too, in either case
    assert check_search({'state': 'ny'}) == {'state': 'ny'}
    assert check_search({'number_type': 'longcode', 'state': None}) == {'number_type': 'longcode'}


@pytest.mark.parametrize('params, message', [
    ({'rate_center': 'nwyrcyzn01'}, 'state: is required with rate_center, e.g. NY with rate_center nwyrcyzn01'),
    ({'state': 'New York'}, "state: must be the two-letter state, e.g. NY, got 'New York'"),
    ({'state': 'N1'}, "state: must be the two-letter state, e.g. NY, got 'N1'"),
    ({'number_type': 'mobile'}, "number_type: must be toll-free or longcode, got 'mobile'"),
    ({'number_type': 'Toll-Free'}, "number_type: must be toll-free or longcode, got 'Toll-Free'"),
    ({'contains': '55-5'}, "contains: must be 1 to 15 digits of a phone number, got '55-5'"),
])
def test_a_bad_search_is_refused_naming_the_option(params, message):
    assert refusal(check_search, params) == message


@pytest.mark.parametrize('value, stored', [('Example Corp', 'EXAMPLE CORP'), ('A', 'A'), ("O'Neil & Co/2", "O'NEIL & CO/2"),
                                           ('ABCDEFGHIJKLMNO', 'ABCDEFGHIJKLMNO'), ('r2-d2_x.y,z@+"', 'R2-D2_X.Y,Z@+"')])
def test_a_caller_name_is_stored_in_upper_case(value, stored):
    assert check_cnam_value(value) == stored


@pytest.mark.parametrize('value, shown', [('12345', "'12345'"), ('', "''"), ('ABCDEFGHIJKLMNOP', "'ABCDEFGHIJKLMNOP'"),
                                          ('Café', "'Café'"), ('Bob!', "'Bob!'"), (None, 'None')])
def test_a_caller_name_the_api_refuses_is_refused_before_any_request(value, shown):
    assert refusal(check_cnam_value, value, 'cnam') == (
        "cnam: a caller name is 1 to 15 letters, digits, spaces and - _ . , @ + & ' / \" with at least one letter, "
        "e.g. EXAMPLE CORP, got {0}".format(shown))
    assert refusal(check_cnam_value, value).startswith('value: a caller name')
