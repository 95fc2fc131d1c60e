# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The account's numbers and their routing: v1 section 3 (/v1/tns) and v2 sections 3.1-3.3 and 4.

A fresh number has primary route "0" (sip-reg) and failover null (v2 section 3); v1 shows an empty slot as sip-reg.
"""

import json
import re

from .answers import ApiAnswer, v1_page, v2_error, v2_page
from .routes import SIP_REG, SIP_REG_ID, first_id, route_json
from .rules import NUMBER

SLOTS = ('primary_route', 'failover_route')
NOT_ON_ACCOUNT = ('Could not find that resource on your account.', 'd66802f3-b56b-43da-8c55-e8c9ec3e0a6d')
SETTINGS = {
    'patch_status': (204, (200, 204)),                      # v1: a number PATCH answers 204 or 200
}


def reset(account):
    # numbers: the route id in each slot (None for an empty slot) and the number's attributes
    account.tns = {}


def new_number(account, number, primary=SIP_REG_ID, failover=None, **attributes):
    """Put a number on the account, fresh unless told otherwise."""
    record = {'primary_route': primary, 'failover_route': failover, 'billing_method': 'METERED', 'alias': None,
              'cnam_lookups_enabled': True, 'number_type': 'standard', 'rate_center': 'seattle', 'state': 'wa',
              'e911': None, 'cnam': None}
    record.update(attributes)
    account.tns[number] = record
    return record


def seed(account, numbers):
    """{number: {routes: [primary name, failover name or None], billing_method, alias}}; a fresh number by default."""
    for number, tn in numbers.items():
        if not NUMBER.fullmatch(number):
            raise ValueError('number {0!r} is not an E.164 number without +'.format(number))
        names = list((tn or {}).get('routes', [SIP_REG, None]))
        ids = [None if name is None else first_id(account, name) for name in names]
        for slot, name, route_id in zip(SLOTS, names, ids):
            if name is not None and route_id is None:
                raise ValueError('number {0}: its {1} {2} is not a route on the account'.format(number, slot, name))
        extra = dict((key, tn[key]) for key in ('billing_method', 'alias', 'emergency') if tn and key in tn)
        new_number(account, number, ids[0], ids[1], **extra)


def state(account):
    def name_of(route_id):
        return None if route_id is None else account.routes[route_id]['alias']
    return {'tns': dict((number, dict(tn, routes=[name_of(tn['primary_route']), name_of(tn['failover_route'])]))
                        for number, tn in account.tns.items())}


def seed_control(request, data):
    seed(request.account, data)
    return 200, {'count': len(request.account.tns)}


CONTROL = {('POST', 'tns'): seed_control}


# -- v1 -------------------------------------------------------------------------
def v1_number(account, number):
    if number not in account.tns:
        raise ApiAnswer(404, {'error': 'Telephone number {0} not found on this account'.format(number)})
    return number


def v1_route(name, route):
    """A route as v1 shows it inside a number: {type, name[, value]}."""
    answer = {'type': route['type'], 'name': name}
    if route['type'] != 'SIP-REG':
        answer['value'] = route['value']
    return answer


def v1_number_json(account, number, detail=True):
    tn = account.tns[number]
    # v1 always shows two routes: an empty slot reads as sip-reg, as on a new number
    ids = [tn[slot] if tn[slot] is not None else SIP_REG_ID for slot in SLOTS]
    answer = {'routes': [v1_route(account.routes[route_id]['alias'], account.routes[route_id]) for route_id in ids],
              'billing_method': tn['billing_method']}
    if detail:
        answer['detail'] = '/v1/tns/' + number
    return answer


def v1_list(request):
    pattern = request.params.get('pattern', '')
    if pattern and not re.fullmatch(r'[0-9]{1,11}', pattern):
        raise ApiAnswer(422, {'error': 'pattern must be 1 to 11 digits'})
    numbers = [number for number in request.account.tns if pattern in number]
    if not numbers:
        return 200, {}     # the v1 API answers an account without numbers with {}
    return v1_page(request, numbers, 'tns', lambda number: v1_number_json(request.account, number), '/v1/tns/',
                   '&pattern=' + pattern if pattern else '')


def v1_get(request, number):
    return 200, v1_number_json(request.account, v1_number(request.account, number), detail=False)


def v1_patch(request, number):
    account = request.account
    v1_number(account, number)
    try:
        data = json.loads(request.body)
        names = [item['name'] for item in data['routes']]
    except (ValueError, KeyError, TypeError):
        raise ApiAnswer(400, {'error': 'body must be {"routes": [{"name": ...}, {"name": ...}]}'})
    if len(names) != 2:
        raise ApiAnswer(400, {'error': 'routes must list the primary and the failover route'})
    ids = [first_id(account, name) for name in names]
    for name, route_id in zip(names, ids):
        if route_id is None:
            raise ApiAnswer(404, {'error': 'Route {0} not found'.format(name)})
    account.tns[number].update(primary_route=ids[0], failover_route=ids[1])
    return account.settings['patch_status'], None


# -- v2 -------------------------------------------------------------------------
def v2_number(account, number):
    if number not in account.tns:
        raise v2_error(404, None, *NOT_ON_ACCOUNT)
    return account.tns[number]


def number_json(request, number, detail=False):
    tn = request.account.tns[number]
    answer = {'attributes': {'alias': tn['alias'], 'cnam_lookups_enabled': tn['cnam_lookups_enabled'],
                             'number_type': tn['number_type'], 'rate_center': tn['rate_center'], 'state': tn['state'],
                             'value': number},
              'id': number, 'links': {'self': request.base_url + '/v2/numbers/' + number}, 'type': 'number'}
    if detail:
        answer['relationships'] = {
            'cnam_preset': {'data': None if tn['cnam'] is None else {'id': tn['cnam'], 'type': 'cnam'}},
            'e911_address': {'data': None if tn['e911'] is None else {'id': tn['e911'], 'type': 'e911'}}}
        for slot in SLOTS:
            answer['relationships'][slot] = {'data': None if tn[slot] is None else {'id': tn[slot], 'type': 'route'}}
    return answer


def number_answer(request, number, status=200):
    """The whole number object: data, the routes it names in included, links."""
    tn = request.account.tns[number]
    ids = []
    for slot in SLOTS:
        if tn[slot] is not None and tn[slot] not in ids and tn[slot] in request.account.routes:
            ids.append(tn[slot])
    return status, {'data': number_json(request, number, detail=True),
                    'included': [route_json(request, route_id) for route_id in ids],
                    'links': {'self': request.base_url + '/v2/numbers/' + number}}


def digit_filters(numbers, params):
    """The numbers that match the starts_with, contains and ends_with filters (sections 3.1 and 3.6), and the
    filters as the answer's links repeat them."""
    filters = []
    starts_with = params.get('starts_with')
    if starts_with is not None:
        if not starts_with.startswith('1'):
            starts_with = '1' + starts_with        # the API assumes country code 1 and says so in its links
        numbers = [number for number in numbers if number.startswith(starts_with)]
        filters.append(('starts_with', starts_with))
    for key, keep in (('contains', lambda number, digits: digits in number),
                      ('ends_with', lambda number, digits: number.endswith(digits))):
        if params.get(key) is not None:
            numbers = [number for number in numbers if keep(number, params[key])]
            filters.append((key, params[key]))
    return numbers, filters


def v2_list(request):
    params = request.params
    numbers, filters = digit_filters(list(request.account.tns), params)
    if params.get('alias') is not None:
        numbers = [number for number in numbers if request.account.tns[number]['alias'] == params['alias']]
        filters.append(('alias', params['alias']))
    return v2_page(request, numbers, lambda number: number_json(request, number), '/v2/numbers', filters)


def v2_get(request, number):
    v2_number(request.account, number)
    return number_answer(request, number)


def flag(value, name):
    """A boolean as the pages send it: true/false, or the strings "true"/"false" (enable-cnam-lookups page)."""
    if isinstance(value, bool):
        return value
    if value in ('true', 'false'):
        return value == 'true'
    raise v2_error(422, 'Unprocessable Entity', '{0} must be true or false'.format(name))


def v2_patch(request, number):
    """Section 3.3: a flat body {"type": "number", "alias": ..., "cnam_lookups_enabled": ...}; 200, the number."""
    tn = v2_number(request.account, number)
    data = request.json()
    if data.get('type', 'number') != 'number':
        raise v2_error(400, 'Bad Request', 'type must be number')
    if 'alias' in data:
        alias = data['alias']
        if alias is not None and (not isinstance(alias, str) or len(alias) > 64):
            raise v2_error(422, 'Unprocessable Entity', 'alias must be a string of at most 64 characters')
        tn['alias'] = alias
    if 'cnam_lookups_enabled' in data:
        tn['cnam_lookups_enabled'] = flag(data['cnam_lookups_enabled'], 'cnam_lookups_enabled')
    for key in ('messaging_enabled', 'messaging_email', 'messaging_callback_url'):
        if key in data:
            tn[key] = data[key]
    return number_answer(request, number)


def v2_set_slot(request, number, slot):
    tn = v2_number(request.account, number)
    target = request.json().get('data')
    route_id = None
    if isinstance(target, dict) and target.get('type') == 'route':
        route_id = target.get('id', target.get('route_id'))   # the docs' table says route_id, the example id
    if route_id is None:
        raise v2_error(400, 'Bad Request', 'body must be {"data": {"type": "route", "id": "..."}}')
    if str(route_id) not in request.account.routes:
        raise v2_error(404, 'Not Found', 'route {0} is not on your account'.format(route_id))
    tn[slot] = str(route_id)
    return 204, None


def v2_clear_slot(request, number, slot):
    v2_number(request.account, number)[slot] = SIP_REG_ID if slot == 'primary_route' else None
    return 204, None


ENDPOINTS = [
    ('GET', r'/v1/tns/', v1_list),
    ('GET', r'/v1/tns/([^/?]*)', v1_get),
    ('PATCH', r'/v1/tns/([^/?]*)', v1_patch),
    ('GET', r'/v2/numbers', v2_list),
    ('GET', r'/v2/numbers/([0-9]+)', v2_get),
    ('PATCH', r'/v2/numbers/([0-9]+)', v2_patch),
    ('PATCH', r'/v2/numbers/([0-9]+)/relationships/(primary_route|failover_route)', v2_set_slot),
    ('DELETE', r'/v2/numbers/([0-9]+)/relationships/(primary_route|failover_route)', v2_clear_slot),
]
