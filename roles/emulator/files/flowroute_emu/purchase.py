# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Numbers bought and released (v2 sections 3.4-3.7): a pool of purchasable numbers with their costs, the searches,
the purchase that moves a number to the account, and the release that puts it back.

Switches: ``balance`` (money left; a purchase above it answers 403 "insufficient funds", as the .NET SDK maps it;
null for no limit) and ``purchase_status`` (201 as documented, or 200 as two SDK READMEs show).
"""

from .answers import ApiAnswer, v2_error, v2_page
from .numbers import NOT_ON_ACCOUNT, digit_filters, new_number, number_answer, v2_number

SETTINGS = {
    'balance': (None, None),
    'purchase_status': (201, (200, 201)),
}
INSUFFICIENT = 'Insufficient funds available to complete the request.'


def reset(account):
    # purchasable numbers: {number: {setup_cost, monthly_cost, rate_center, state, number_type}}
    account.available = {}


def state(account):
    return {'available': account.available, 'balance': account.settings['balance']}


def add_available(account, data):
    """[{number, setup_cost, monthly_cost[, rate_center, state, number_type]}] join the pool."""
    for item in data:
        number = str(item['number'])
        account.available[number] = {
            'setup_cost': item.get('setup_cost', 1), 'monthly_cost': item.get('monthly_cost', 1.25),
            'rate_center': item.get('rate_center', 'seattle'), 'state': item.get('state', 'wa'),
            'number_type': item.get('number_type', 'standard')}


def seed(request, data):
    add_available(request.account, data)
    return 200, {'count': len(request.account.available)}


CONTROL = {('POST', 'available'): seed}


def available_json(request, number):
    item = request.account.available[number]
    return {'attributes': dict(item, value=number), 'id': number, 'type': 'number',
            'links': {'related': request.base_url + '/v2/numbers/' + number}}


def search(request):
    params = request.params
    numbers, filters = digit_filters(sorted(request.account.available), params)
    if params.get('rate_center') is not None:
        if params.get('state') is None:
            raise v2_error(400, 'Bad Request', 'state is required with rate_center')
        numbers = [number for number in numbers
                   if request.account.available[number]['rate_center'].lower() == params['rate_center'].lower()
                   and request.account.available[number]['state'].lower() == params['state'].lower()]
        filters += [('rate_center', params['rate_center']), ('state', params['state'])]
    if params.get('number_type') is not None:
        if params['number_type'] not in ('toll-free', 'longcode'):
            raise v2_error(400, 'Bad Request', 'number_type must be toll-free or longcode')
        wanted = 'toll-free' if params['number_type'] == 'toll-free' else 'standard'
        numbers = [number for number in numbers if request.account.available[number]['number_type'] == wanted]
        filters.append(('number_type', params['number_type']))
    return v2_page(request, numbers, lambda number: available_json(request, number), '/v2/numbers/available', filters)


def within(request, number, params):
    limit = params.get('max_setup_cost')
    return limit is None or request.account.available[number]['setup_cost'] <= float(limit)


def areacodes(request):
    codes = sorted(set(number[1:4] for number in request.account.available if within(request, number, request.params)))
    filters = [('max_setup_cost', request.params['max_setup_cost'])] if 'max_setup_cost' in request.params else []

    def render(code):
        return {'type': 'areacode', 'id': code,
                'links': {'related': request.base_url + '/v2/numbers/available/exchanges?areacode=' + code}}
    return v2_page(request, codes, render, '/v2/numbers/available/areacodes', filters, max_limit=400)


def exchanges(request):
    area = request.params.get('areacode')
    codes = sorted(set(number[1:7] for number in request.account.available if within(request, number, request.params)
                       and (area is None or number[1:4] == area)))
    filters = [(key, request.params[key]) for key in ('areacode', 'max_setup_cost') if key in request.params]

    def render(code):
        return {'type': 'exchange', 'id': code,
                'links': {'related': request.base_url + '/v2/numbers/available?starts_with=1' + code}}
    return v2_page(request, codes, render, '/v2/numbers/available/exchanges', filters)


def purchase(request, number):
    account = request.account
    if number in account.tns:
        raise v2_error(422, 'Unprocessable Entity', 'Number {0} is already on your account.'.format(number))
    if number not in account.available:
        raise v2_error(404, None, *NOT_ON_ACCOUNT)
    costs = account.available[number]
    balance = account.settings['balance']
    if balance is not None and costs['setup_cost'] > balance:
        raise ApiAnswer(403, {'errors': [{'detail': INSUFFICIENT, 'status': 403, 'title': 'Forbidden'}]})
    if balance is not None:
        account.settings['balance'] = round(balance - costs['setup_cost'], 4)
    del account.available[number]
    new_number(account, number, rate_center=costs['rate_center'], state=costs['state'],
               number_type=costs['number_type'], costs=costs)
    return number_answer(request, number, account.settings['purchase_status'])


def release(request, number):
    account = request.account
    tn = v2_number(account, number)
    account.available[number] = tn.get('costs') or {'setup_cost': 1, 'monthly_cost': 1.25, 'rate_center': tn['rate_center'],
                                                    'state': tn['state'], 'number_type': tn['number_type']}
    del account.tns[number]
    return 204, None


ENDPOINTS = [
    ('GET', r'/v2/numbers/available', search),
    ('GET', r'/v2/numbers/available/areacodes', areacodes),
    ('GET', r'/v2/numbers/available/exchanges', exchanges),
    ('POST', r'/v2/numbers/([0-9]+)', purchase),
    ('DELETE', r'/v2/numbers/([0-9]+)', release),
]
