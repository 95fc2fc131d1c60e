# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every hostile input in tests/data/hostile_inputs.json is refused by the input rules."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput, check_route

with open(os.path.join(os.path.dirname(__file__), '..', '..', '..', 'data', 'hostile_inputs.json')) as handle:
    HOSTILE = json.load(handle)


@pytest.mark.parametrize('name', HOSTILE['names'])
def test_hostile_names_refused(name):
    with pytest.raises(InvalidInput) as err:
        check_route(name, 'HOST', '1.2.3.4')
    assert str(err.value).startswith('name: ')
    assert '\n' not in str(err.value) and '\r' not in str(err.value)


@pytest.mark.parametrize('route_type, value', HOSTILE['values'])
def test_hostile_values_refused(route_type, value):
    with pytest.raises(InvalidInput) as err:
        check_route('Route1', route_type, value)
    assert str(err.value).startswith('value: ')
    assert '\n' not in str(err.value) and '\r' not in str(err.value)
