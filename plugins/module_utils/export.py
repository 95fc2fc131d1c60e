# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An account as the very vars the bulk modules take: pure functions, no I/O.

What cannot be written back as it is goes to ``problems``, each with the ids and what to do; nothing is
dropped without a problem that says so.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.flowroute.numbers.plugins.module_utils.client import lowest_id
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput, check_route
from ansible_collections.flowroute.numbers.plugins.module_utils.rules_e911 import check_e911_address, check_e911_label

SLOTS = ('primary_route', 'failover_route')
SIP_REG = 'sip-reg'


def problem(kind, message, **where):
    """One thing the export cannot say as the modules take it."""
    return dict(where, kind=kind, message=message)


def export_routes(routes, strategies, version):
    """(items of flowroute_routes' ``routes``, sorted by name; {how a number names a route: its exported name or None};
    problems). Numbers name routes by name over v1 and by id over v2."""
    by_name = {}
    for route in routes:
        if route['type'] != 'SIP-REG':
            by_name.setdefault(route['name'], []).append(route)
    pops = dict((strategy['id'], strategy['name']) for strategy in strategies or [])
    items, names, problems = [], {}, []
    for name in sorted(by_name, key=str):
        copies = by_name[name]
        kept = lowest_id(copies) if len(copies) > 1 else copies[0]
        keys = [copy['id'] for copy in copies] if version == 'v2' else [name]
        if len(copies) > 1:
            problems.append(problem(
                'duplicate_alias', '{0} routes have the alias {1!r} (ids {2}); the export holds route {3} (the lowest id, '
                'the one every run of the modules takes); keep one with flowroute.numbers.flowroute_routes and prune, '
                'or give the others their own alias with flowroute.numbers.flowroute_route and id'.format(
                    len(copies), name, ', '.join(keys), kept['id']), route=name, ids=keys))
        try:
            checked = check_route(name, kept['type'], kept['value'], version=version)
        except InvalidInput as exc:
            names.update((key, None) for key in keys)
            problems.append(problem(
                'invalid_route', 'route {0!r}{1} cannot be written back as it is ({2}); give it a name and value the '
                'modules take (over api_version v2 with flowroute.numbers.flowroute_route and id), then export '
                'again'.format(name, ' (id {0})'.format(kept['id']) if kept['id'] else '', exc),
                route=name, ids=[kept['id']] if kept['id'] else []))
            continue
        item = {'name': checked['name'], 'type': checked['type'], 'value': checked['value']}
        edge = kept.get('edge_strategy')
        if edge is not None and edge in pops:
            item['edge_strategy'] = pops[edge]
        elif edge is not None:
            problems.append(problem(
                'unknown_edge_strategy', 'route {0!r} (id {1}) has edge strategy {2}, which the API does not list; the '
                'export leaves its edge_strategy out'.format(name, kept['id'], edge), route=name, ids=[kept['id']]))
        items.append(item)
        names.update((key, checked['name']) for key in keys)
    return items, names, problems


def export_numbers(numbers, names, version):
    """(items of flowroute_number_routes' ``numbers``, sorted by number; problems)."""
    items, problems = [], []
    for number in sorted(numbers, key=lambda found: found['number']):
        item = {'number': number['number']}
        for slot in SLOTS:
            route = number.get(slot)
            if route is None:
                continue
            key = route['id'] if version == 'v2' else route['name']
            if key in ('0', SIP_REG):
                item[slot] = SIP_REG
            elif names.get(key) is not None:
                item[slot] = names[key]
            elif key in names:
                problems.append(problem(
                    'unexportable_route', 'number {0}: its {1} is route {2}, which the export cannot hold (see its '
                    'problem); the export leaves the {1} out'.format(number['number'], slot, key),
                    number=number['number'], ids=[key]))
            else:
                problems.append(problem(
                    'missing_route', 'number {0}: its {1} is route id {2}, which is not in the route list; point the '
                    'number at a route that is (flowroute.numbers.flowroute_number_routes); the export leaves the {1} '
                    'out'.format(number['number'], slot, key), number=number['number'], ids=[key]))
        if number.get('alias'):
            item['alias'] = number['alias']
        if len(item) > 1:
            items.append(item)
        else:
            problems.append(problem(
                'number_left_out', 'number {0} has nothing the export can hold, so it is not in numbers'.format(
                    number['number']), number=number['number'], ids=[]))
    return items, problems


def export_e911(addresses):
    """(items in the form flowroute_e911 takes - label, address, numbers - sorted by label; problems).
    ``addresses`` are [{id, label, address, numbers}]."""
    by_label = {}
    for address in addresses:
        by_label.setdefault(address['label'], []).append(address)
    items, problems = [], []
    for label in sorted(by_label, key=str):
        copies = by_label[label]
        ids = [copy['id'] for copy in copies]
        if len(copies) > 1:
            problems.append(problem(
                'duplicate_label', '{0} E911 addresses have the label {1!r} (ids {2}); the export holds none of them, '
                'as flowroute.numbers.flowroute_e911 knows an address by its label; give all but one another label in '
                'the portal, then export again'.format(len(copies), label, ', '.join(ids)), label=label, ids=ids))
            continue
        try:
            item = {'label': check_e911_label(label), 'address': check_e911_address(copies[0]['address']),
                    'numbers': sorted(copies[0]['numbers'])}
        except InvalidInput as exc:
            problems.append(problem(
                'invalid_e911', 'E911 address {0!r} (id {1}) cannot be written back as it is ({2}); correct it in the '
                'portal, then export again'.format(label, ids[0], exc), label=label, ids=ids))
            continue
        items.append(item)
    return items, problems


def export_account(routes, strategies, numbers, version, addresses=None):
    """{'routes', 'numbers', 'problems'} of an account, 'edge_strategies' when ``strategies`` is not None and
    'e911_addresses' when ``addresses`` is not None."""
    route_items, names, problems = export_routes(routes, strategies, version)
    number_items, number_problems = export_numbers(numbers, names, version)
    exported = {'routes': route_items, 'numbers': number_items, 'problems': problems + number_problems}
    if strategies is not None:
        exported['edge_strategies'] = strategies
    if addresses is not None:
        exported['e911_addresses'], e911_problems = export_e911(addresses)
        exported['problems'] += e911_problems
    return exported
