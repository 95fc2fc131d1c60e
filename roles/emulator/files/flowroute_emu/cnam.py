# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""CNAM records, the caller name a number shows (v2 section 7): created pending, approved later, assigned to numbers.

Switches: ``cnam_path`` (which of the disputed assignment paths exists, section 9: ``cnams`` as the docs and the
Node SDK, or ``cnam`` as the Python, PHP, .NET and Ruby SDKs), ``cnam_approval_delay`` (seconds after which a
record approves itself; null: only POST /_emulator/cnams/{id}/approve approves it, as a person does within 48 h).
"""

import datetime
import re
import time

from .answers import v2_error, v2_page
from .numbers import v2_number

FIRST_ID = 30001
VALUE = re.compile(r'''[A-Za-z0-9 \-_.,@+&'/"]{1,15}''')
NOT_FOUND = ('CNAM record not found. Nothing to delete.', '849e9a08-dbed-417c-acf7-84e94877c317')
SETTINGS = {
    'cnam_path': ('cnams', ('cnams', 'cnam')),
    'cnam_approval_delay': (None, None),
}


def reset(account):
    account.cnams = {}
    account.next_cnam = FIRST_ID


def state(account):
    return {'cnams': dict((cnam_id, dict(record, numbers=numbers_of(account, cnam_id)))
                          for cnam_id, record in account.cnams.items())}


def numbers_of(account, cnam_id):
    return sorted(number for number, tn in account.tns.items() if tn.get('cnam') == cnam_id)


def stamp(moment):
    return datetime.datetime.fromtimestamp(moment, datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S.%f+00:00')


def settle(account, record):
    """A pending record approves itself once the delay has passed."""
    delay = account.settings['cnam_approval_delay']
    if not record['is_approved'] and record['rejection_reason'] is None and delay is not None \
            and time.time() - record['created'] >= float(delay):
        approve(record)


def approve(record):
    record['is_approved'] = True
    record['approved'] = time.time()


def cnam_json(request, cnam_id, detail=False):
    record = request.account.cnams[cnam_id]
    settle(request.account, record)
    answer = {'attributes': {'approval_datetime': stamp(record['approved']) if record['approved'] else None,
                             'creation_datetime': stamp(record['created']), 'is_approved': record['is_approved'],
                             'rejection_reason': record['rejection_reason'], 'value': record['value']},
              'id': cnam_id, 'links': {'self': request.base_url + '/v2/cnams/' + cnam_id}, 'type': 'cnam'}
    if detail:
        numbers = numbers_of(request.account, cnam_id) if record['is_approved'] else []
        answer['relationships'] = {'numbers': {'data': [{'id': number, 'type': 'number'} for number in numbers]}}
    return answer


def find(request, cnam_id):
    if cnam_id not in request.account.cnams:
        raise v2_error(404, 'Resource not found', *NOT_FOUND)
    return request.account.cnams[cnam_id]


def list_cnams(request):
    params = request.params
    ids = list(request.account.cnams)
    for record in request.account.cnams.values():
        settle(request.account, record)
    filters = []
    if params.get('is_approved') is not None:
        wanted = params['is_approved'].lower() == 'true'
        ids = [cnam_id for cnam_id in ids if request.account.cnams[cnam_id]['is_approved'] is wanted]
        filters.append(('is_approved', params['is_approved']))
    if params.get('value') is not None:                     # a substring of the value
        ids = [cnam_id for cnam_id in ids if params['value'].upper() in request.account.cnams[cnam_id]['value']]
        filters.append(('value', params['value']))
    return v2_page(request, ids, lambda cnam_id: cnam_json(request, cnam_id), '/v2/cnams', filters, max_limit=100000)


def get_cnam(request, cnam_id):
    find(request, cnam_id)
    return 200, {'data': cnam_json(request, cnam_id, detail=True)}


def checked_value(value):
    if not isinstance(value, str) or not VALUE.fullmatch(value) or not re.search('[A-Za-z]', value):
        raise v2_error(422, 'Unprocessable Entity', 'value must be 1 to 15 characters with at least one letter, of '
                                                    'letters, digits, spaces and - _ . , @ + & \' / "')
    return value.upper()


def create(request):
    value = checked_value(request.json().get('value'))     # a flat body, section 7
    if any(record['value'] == value for record in request.account.cnams.values()):
        raise v2_error(422, 'Unprocessable Entity', 'CNAM value {0} already exists on your account.'.format(value))
    cnam_id = str(request.account.next_cnam)
    request.account.next_cnam += 1
    request.account.cnams[cnam_id] = {'value': value, 'is_approved': False, 'created': time.time(), 'approved': None,
                                      'rejection_reason': None}
    return 201, {'data': cnam_json(request, cnam_id)}


def update(request, cnam_id):
    record = find(request, cnam_id)
    data = request.json().get('data')
    if record['is_approved']:
        raise v2_error(403, 'Forbidden', 'Only a pending CNAM record can be changed.')
    if not isinstance(data, dict) or not isinstance(data.get('attributes'), dict):
        raise v2_error(400, 'Bad Request', 'body must be {"data": {"type": "cnam", "attributes": {"value": ...}}}')
    record['value'] = checked_value(data['attributes'].get('value'))
    return 200, {'data': cnam_json(request, cnam_id)}


def delete(request, cnam_id):
    find(request, cnam_id)
    for number in numbers_of(request.account, cnam_id):     # deleting a record unassigns its numbers
        request.account.tns[number]['cnam'] = None
    del request.account.cnams[cnam_id]
    return 204, None


def answered(cnam_id):
    return 202, {'data': {'attributes': {'date_created': time.strftime('%a, %d %b %Y %H:%M:%S GMT', time.gmtime())},
                          'id': cnam_id, 'type': 'cnam'}}


def on_path(request, form):
    """Only the assignment path the switch says exists answers; the other is an unknown path."""
    if request.account.settings['cnam_path'] != form:
        raise v2_error(404, 'Not Found', 'No such endpoint: {0} {1}'.format(request.method, request.path))


def assign(request, number, form, cnam_id):
    on_path(request, form)
    tn = v2_number(request.account, number)
    record = find(request, cnam_id)
    settle(request.account, record)
    if not record['is_approved']:
        raise v2_error(422, 'Unprocessable Entity', 'CNAM record {0} is not approved yet.'.format(cnam_id))
    tn['cnam'] = cnam_id
    return answered(int(cnam_id))


def unassign(request, number, form):
    on_path(request, form)
    v2_number(request.account, number)['cnam'] = None
    return answered(None)


def approve_control(request, data):
    cnam_id = data['id']
    if cnam_id not in request.account.cnams:
        return 404, {'error': 'no CNAM record {0}'.format(cnam_id)}
    if data.get('rejection_reason'):
        request.account.cnams[cnam_id]['rejection_reason'] = data['rejection_reason']
    else:
        approve(request.account.cnams[cnam_id])
    return 200, {}


CONTROL = {('POST', 'cnams/approve'): approve_control}
ENDPOINTS = [
    ('GET', r'/v2/cnams', list_cnams),
    ('POST', r'/v2/cnams', create),
    ('GET', r'/v2/cnams/([^/]+)', get_cnam),
    ('PATCH', r'/v2/cnams/([^/]+)', update),
    ('DELETE', r'/v2/cnams/([^/]+)', delete),
    ('PATCH', r'/v2/numbers/([0-9]+)/relationships/(cnams|cnam)/([^/]+)', assign),
    ('DELETE', r'/v2/numbers/([0-9]+)/relationships/(cnams|cnam)', unassign),
]
