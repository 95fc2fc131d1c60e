# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Answers and errors as each API version writes them, paging, and what the emulator does not model."""

import re
import uuid
from urllib.parse import urlencode


class ApiAnswer(Exception):
    """Raised by a handler to answer with a status and a JSON (or raw) body."""

    def __init__(self, status, body=None, headers=None):
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}


def v2_error(status, title=None, detail='', error_id=None):
    """A JSON:API error answer: {"errors": [{id, status, title, detail}]}, status an integer."""
    item = {'detail': detail, 'id': error_id or str(uuid.uuid4()), 'status': status}
    if title is not None:
        item['title'] = title
    return ApiAnswer(status, {'errors': [item]})


def v1_page(request, keys, key, render, base, extra=''):
    """One page of a v1 list: {key: {k: render(k)}, "links": {"prev", "next"}}, paged by limit and page."""
    params = request.params
    try:
        limit = int(params.get('limit', 10))
        page = int(params.get('page', 1))
    except ValueError:
        raise ApiAnswer(422, {'error': 'limit and page must be integers'})
    if not 1 <= limit <= 200 or page < 1:
        raise ApiAnswer(422, {'error': 'limit must be 1-200 and page at least 1'})
    answer = {key: dict((k, render(k)) for k in keys[(page - 1) * limit:page * limit])}
    links = {}
    if page > 1:
        links['prev'] = '{0}?limit={1}&page={2}{3}'.format(base, limit, page - 1, extra)
    last_page = request.account.settings['last_page']
    if page * limit < len(keys) or (last_page == 'next-to-empty' and len(answer[key]) == limit):
        links['next'] = '{0}?limit={1}&page={2}{3}'.format(base, limit, page + 1, extra)
    elif last_page == 'next-null':
        links['next'] = None
    if links:
        answer['links'] = links
    return 200, answer


def v2_page(request, items, render, path, filters=(), max_limit=200):
    """limit/offset paging with absolute links: filters first, then limit, then offset."""
    params = request.params
    try:
        limit = int(params.get('limit', 10))
        offset = int(params.get('offset', 0))
    except ValueError:
        raise v2_error(400, 'Bad Request', 'limit and offset must be integers')
    if not 1 <= limit <= max_limit or offset < 0:
        raise v2_error(400, 'Bad Request', 'limit must be 1-{0} and offset at least 0'.format(max_limit))
    page = items[offset:offset + limit]
    base = request.base_url + path + '?' + ''.join(urlencode([pair]) + '&' for pair in filters)
    links = {'self': '{0}limit={1}&offset={2}'.format(base, limit, offset)}
    last_page = request.account.settings['last_page']
    if offset + limit < len(items) or (last_page == 'next-to-empty' and len(page) == limit):
        links['next'] = '{0}limit={1}&offset={2}'.format(base, limit, offset + limit)
    elif last_page == 'next-null':
        links['next'] = None
    return 200, {'data': [render(item) for item in page], 'links': links}


# Calls Flowroute documents that no part of the emulator models (contract v2 section 11, and what the
# parts leave out): they answer 501 saying so, never a 404 that would read as "not on your account".
NOT_MODELLED = [
    ('POST', r'/v2/message-provision'), ('GET', r'/v2/message-provision/status/[^/]+'),
    ('POST', r'/v2/portorders/portability'), ('POST', r'/v2/portorders'), ('GET', r'/v2/portorders/[^/]+'),
    ('PATCH', r'/v2/portorders/[^/]+'), ('GET', r'/v2/cdrs/exports'), ('POST', r'/v2/cdrs/exports'),
    ('GET', r'/v2/numbers/available/tiers'), ('GET', r'/v2\.1/numbers(/.*)?'), ('POST', r'/v2\.1/messages'),
    ('GET', r'/v2\.1/messages(/.*)?'),
]


def not_modelled(method, path):
    """A 501 for a documented call the emulator does not model, or None."""
    for known_method, pattern in NOT_MODELLED:
        if method == known_method and re.fullmatch(pattern, path):
            return v2_error(501, 'Not Implemented by the emulator',
                            '{0} {1} is documented by Flowroute, but this emulator does not model it; test this '
                            'call against the real API'.format(method, path))
    return None


def unknown_path(method, path, v2):
    """A 404 for a path no Flowroute documentation names: a generic body, never a "not on your account" one."""
    detail = 'No such endpoint: {0} {1}'.format(method, path)
    return v2_error(404, 'Not Found', detail) if v2 else ApiAnswer(404, {'error': detail})
