# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""E911 addresses (v2 section 6): the documented field rules, geocoding, validation, and their numbers.

What the contract leaves open is a switch: how deleting an address that numbers use is refused
(``e911_in_use_status``), and which addresses cannot be geocoded (``ungeocodable``: a street name
containing it). Associating a number with a different address is charged, with the same one free:
GET /_emulator/state shows ``e911_charges``.
"""

import re

from .answers import ApiAnswer, v2_error, v2_page
from .numbers import v2_number

FIRST_ID = 20001
FIELDS = ('label', 'first_name', 'last_name', 'street_number', 'street_name', 'address_type', 'address_type_number',
          'city', 'state', 'zip', 'country')
ADDRESS_TYPES = ('Apartment', 'Basement', 'Building', 'Department', 'Floor', 'Front', 'Key', 'Lobby', 'Lot', 'Lower',
                 'Office', 'Penthouse', 'Pier', 'Rear', 'Room', 'Side', 'Slip', 'Space', 'Stop', 'Suite', 'Trailer',
                 'Unit', 'Upper')
ZIP_US = re.compile(r'[0-9]{5}')
ZIP_CA = re.compile(r'[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]')
GEOCODE = ('Could not geocode this address. Please check the validity of your address.', '7fcfd1cd-486b-4159-8484-b710bd4bbab4')
NOT_EMERGENCY = ('Cannot assign an E911 record to a number that does not support emergency services.',
                 '2ee1a30f-f321-46c5-9065-8be93692d44b')
SETTINGS = {
    'e911_in_use_status': (403, (403, 409)),       # the refusal of a delete while numbers use the address
    'ungeocodable': ('nowhere', None),             # a street name containing it (any case) cannot be geocoded
}


def reset(account):
    account.e911s = {}
    account.next_e911 = FIRST_ID
    account.e911_charges = []


def state(account):
    return {'e911s': dict((e911_id, dict(record, numbers=numbers_of(account, e911_id)))
                          for e911_id, record in account.e911s.items()),
            'e911_charges': account.e911_charges}


def numbers_of(account, e911_id):
    return sorted(number for number, tn in account.tns.items() if tn.get('e911') == e911_id)


def field_problems(attributes):
    """{field: [what is wrong]} by the documented rules (section 6)."""
    problems = {}

    def say(field, text):
        problems.setdefault(field, []).append(text)
    for field in ('label', 'first_name', 'last_name', 'street_number', 'street_name', 'city', 'state', 'zip', 'country'):
        if not isinstance(attributes.get(field), str) or not attributes[field].strip():
            say(field, 'This field is required.')
    if problems:
        return problems
    if attributes['country'] not in ('US', 'CA'):
        say('country', 'Country must be US or CA.')
    if not re.fullmatch(r'[A-Z]{2}', attributes['state']):
        say('state', 'State must be 2 upper case letters.')
    if not attributes['street_number'].isdigit():
        say('street_number', 'A valid integer is required.')
    zip_rule = ZIP_CA if attributes['country'] == 'CA' else ZIP_US
    if not zip_rule.fullmatch(attributes['zip']):
        say('zip', 'ZIP code must be at least 4 and at most 7 digits long')
    kind, unit = attributes.get('address_type') or '', attributes.get('address_type_number') or ''
    if kind and kind.lower() not in [known.lower() for known in ADDRESS_TYPES]:
        say('address_type', 'Address type must be one of {0}.'.format(', '.join(ADDRESS_TYPES)))
    if kind and not unit:
        say('address_type_number', 'This field is required with an address type.')
    if unit and not kind:
        say('address_type', 'This field is required with an address type number.')
    return problems


def check(request, attributes):
    """422 for a field the rules refuse (the documented body: detail an object), 400 for one it cannot geocode."""
    problems = field_problems(attributes)
    if problems:
        raise ApiAnswer(422, {'errors': [{'detail': {'data': {'attributes': problems}},
                                          'id': '15eb464e-d717-49e2-a6cc-e97af67c1930', 'status': 422}]})
    unplaceable = request.account.settings['ungeocodable']
    if unplaceable and unplaceable.lower() in attributes['street_name'].lower():
        raise v2_error(400, 'Client Error', *GEOCODE)


def stored(attributes):
    """Attributes as the API keeps them: an unused address type reads back as empty strings (section 6)."""
    record = dict((field, attributes.get(field) or '') for field in FIELDS)
    if record['address_type']:
        record['address_type'] = next(known for known in ADDRESS_TYPES if known.lower() == record['address_type'].lower())
    return record


def body_attributes(request):
    data = request.json().get('data')
    if not isinstance(data, dict) or data.get('type') != 'e911' or not isinstance(data.get('attributes'), dict):
        raise v2_error(400, 'Bad Request', 'body must be {"data": {"type": "e911", "attributes": {...}}}')
    return data['attributes']


def e911_json(request, e911_id):
    return {'attributes': dict(request.account.e911s[e911_id]), 'id': e911_id,
            'links': {'self': request.base_url + '/v2/e911s/' + e911_id}, 'type': 'e911'}


def find(request, e911_id):
    if e911_id not in request.account.e911s:
        raise v2_error(404, 'Not Found', 'Could not find that resource on your account.')
    return request.account.e911s[e911_id]


def add(account, attributes):
    e911_id = str(account.next_e911)
    account.next_e911 += 1
    account.e911s[e911_id] = stored(attributes)
    return e911_id


# -- the calls ------------------------------------------------------------------
def list_e911s(request):
    params = request.params
    ids = list(request.account.e911s)
    filters = []
    for key in ('label', 'street_name', 'city', 'state'):
        if params.get(key) is not None:                    # partial and case-insensitive
            ids = [e911_id for e911_id in ids if params[key].lower() in request.account.e911s[e911_id][key].lower()]
            filters.append((key, params[key]))
    return v2_page(request, ids, lambda e911_id: e911_json(request, e911_id), '/v2/e911s', filters, max_limit=2000)


def get_e911(request, e911_id):
    find(request, e911_id)
    return 200, {'data': e911_json(request, e911_id)}


def validate(request):
    check(request, stored(body_attributes(request)))
    return 204, None


def create(request):
    attributes = stored(body_attributes(request))
    check(request, attributes)
    e911_id = add(request.account, attributes)
    return 201, {'data': e911_json(request, e911_id)}


def update(request, e911_id):
    record = find(request, e911_id)
    merged = dict(record, **dict((key, value) for key, value in body_attributes(request).items() if key in FIELDS))
    merged = stored(merged)
    check(request, merged)
    record.update(merged)
    return 200, {'data': e911_json(request, e911_id)}


def delete(request, e911_id):
    find(request, e911_id)
    if numbers_of(request.account, e911_id):
        status = request.account.settings['e911_in_use_status']
        raise v2_error(status, 'Forbidden' if status == 403 else 'Conflict',
                       'You must remove all phone number associations first.')
    del request.account.e911s[e911_id]
    return 204, None


def numbers(request, e911_id):
    find(request, e911_id)

    def render(number):
        return {'attributes': {'alias': request.account.tns[number]['alias'], 'value': number}, 'id': number,
                'links': {'self': request.base_url + '/v2/numbers/' + number}, 'type': 'number'}
    return v2_page(request, numbers_of(request.account, e911_id), render,
                   '/v2/e911s/{0}/relationships/numbers'.format(e911_id), max_limit=2000)


def assign(request, number, e911_id):
    tn = v2_number(request.account, number)
    find(request, e911_id)
    if not tn.get('emergency', True):
        raise v2_error(422, None, *NOT_EMERGENCY)
    if tn.get('e911') != e911_id:       # the same address again is free; another one is charged
        request.account.e911_charges.append({'number': number, 'e911': e911_id})
    tn['e911'] = e911_id
    return 204, None


def detach(request, number):
    v2_number(request.account, number)['e911'] = None
    return 204, None


def seed(request, data):
    """[{label, ..., numbers: [...]}]: addresses (checked by the rules) and the numbers that use them."""
    made = []
    for item in data:
        attributes = stored(item)
        problems = field_problems(attributes)
        if problems:
            return 400, {'error': 'seed {0}: {1}'.format(item.get('label'), problems)}
        e911_id = add(request.account, attributes)
        for number in item.get('numbers', []):
            request.account.tns[number]['e911'] = e911_id
        made.append(e911_id)
    return 200, {'ids': made}


CONTROL = {('POST', 'e911s'): seed}
ENDPOINTS = [
    ('GET', r'/v2/e911s', list_e911s),
    ('POST', r'/v2/e911s', create),
    ('POST', r'/v2/e911s/validate', validate),
    ('GET', r'/v2/e911s/((?!validate$)[^/]+)', get_e911),
    ('PATCH', r'/v2/e911s/((?!validate$)[^/]+)', update),
    ('DELETE', r'/v2/e911s/((?!validate$)[^/]+)', delete),
    ('GET', r'/v2/e911s/([^/]+)/relationships/numbers', numbers),
    ('PATCH', r'/v2/numbers/([0-9]+)/relationships/e911s/([^/]+)', assign),
    ('DELETE', r'/v2/numbers/([0-9]+)/relationships/e911s/?', detach),
]
