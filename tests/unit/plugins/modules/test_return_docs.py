# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every module returns what its RETURN documentation says, of the type it says, and its samples have that type."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib

import pytest
import yaml

# what ansible-core adds or every module may return, documented once by Ansible
STANDARD = {'changed', 'failed', 'msg', 'diff', 'warnings', 'invocation', 'exception', 'deprecations'}
TYPES = {'str': str, 'int': int, 'bool': bool, 'float': (float, int), 'list': list, 'dict': dict}
V2 = dict(api_version='v2')
ADDRESS = {'first_name': 'A', 'last_name': 'B', 'street_number': '1', 'street_name': 'Main St', 'city': 'Seattle',
           'state': 'WA', 'zip': '98101', 'country': 'US'}


def documented(module):
    code = importlib.import_module('ansible_collections.flowroute.numbers.plugins.modules.' + module)
    return yaml.safe_load(code.RETURN)


def same_type(value, kind):
    return value is None or (isinstance(value, TYPES[kind]) and not (kind in ('int', 'float') and isinstance(value, bool)))


def check_value(where, value, doc):
    assert same_type(value, doc['type']), '{0}: {1!r} is not {2}'.format(where, value, doc['type'])
    contains = doc.get('contains')
    if contains and value is not None:
        for item in (value if doc['type'] == 'list' else [value]):
            unknown = set(item) - set(contains)
            assert not unknown, '{0}: undocumented {1}'.format(where, sorted(unknown))
            for key, sub in contains.items():
                if key in item:
                    check_value('{0}.{1}'.format(where, key), item[key], sub)


def check(module, result):
    docs = documented(module)
    unknown = set(result) - set(docs) - STANDARD
    assert not unknown, '{0} returns undocumented {1}'.format(module, sorted(unknown))
    for key, doc in docs.items():
        if doc['returned'] == 'always' or (doc['returned'] == 'success' and not result.get('failed')):
            assert key in result, '{0} does not return {1}'.format(module, key)
        if key in result:
            check_value('{0}.{1}'.format(module, key), result[key], doc)


MODULES = ['flowroute_route', 'flowroute_routes', 'flowroute_route_info', 'flowroute_number_info',
           'flowroute_number_routes', 'flowroute_account_info', 'flowroute_e911', 'flowroute_e911_info',
           'flowroute_number_search', 'flowroute_number', 'flowroute_cnam', 'flowroute_emulator']


@pytest.mark.parametrize('module', MODULES)
def test_every_documented_sample_has_its_type(module):
    for key, doc in documented(module).items():
        if 'sample' in doc:
            sample = doc['sample']
            if doc['type'] == 'list' and doc.get('elements') and sample is not None:
                assert all(same_type(item, doc['elements']) for item in sample), key
            else:
                assert same_type(sample, doc['type']), '{0}.{1} sample'.format(module, key)
        for sub, subdoc in (doc.get('contains') or {}).items():
            if 'sample' in subdoc:
                assert same_type(subdoc['sample'], subdoc['type']), '{0}.{1}.{2} sample'.format(module, key, sub)


def test_what_each_module_returns_is_documented(run_module, emulator):
    emulator.seed_routes({'A': {'type': 'HOST', 'value': '1.2.3.4', 'edge': 4}})
    emulator.seed_numbers({'12065551234': ['A', None], '12065551235': None})
    emulator.control('POST', 'available', [{'number': '16463439507', 'setup_cost': 1, 'monthly_cost': 1.25}])
    runs = [
        ('flowroute_route', dict(name='R1', type='HOST', value='1.2.3.5', edge_strategy='4', **V2)),
        ('flowroute_route', dict(name='R1', state='absent', **V2)),
        ('flowroute_route', dict(name='R1', type='HOST', value='1.2.3.5')),
        ('flowroute_routes', dict(routes=[{'name': 'B', 'type': 'HOST', 'value': '1.2.3.6', 'edge_strategy': '4'}],
                                  prune=False, **V2)),
        ('flowroute_routes', dict(routes=[{'name': 'B', 'type': 'HOST', 'value': '1.2.3.7'}])),
        ('flowroute_route_info', V2),
        ('flowroute_route_info', {}),
        ('flowroute_number_info', V2),
        ('flowroute_number_info', {}),
        ('flowroute_number_routes', dict(number='12065551235', primary_route='A', alias='Desk', **V2)),
        ('flowroute_number_routes', dict(numbers=[{'number': '12065551235', 'failover_route': 'A'}])),
        ('flowroute_account_info', V2),
        ('flowroute_account_info', {}),
        ('flowroute_e911', dict(label='Site', address=ADDRESS, numbers=['12065551234'], **V2)),
        ('flowroute_e911_info', V2),
        ('flowroute_number_search', dict(starts_with='646', **V2)),
        ('flowroute_number_search', dict(list='areacodes', **V2)),
        ('flowroute_number', dict(number='16463439507', max_setup_cost=1, max_monthly_cost=2, alias='NYC', **V2)),
        ('flowroute_cnam', dict(value='EXAMPLE', **V2)),
        ('flowroute_route', dict(name='R/1', type='HOST', value='1.2.3.4')),          # a failure
        ('flowroute_number', dict(number='16463439507', state='absent', release=True, **V2)),
    ]
    for module, args in runs:
        result = run_module(module, **args)
        check(module, result)
