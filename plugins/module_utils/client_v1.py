# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Flowroute Numbers v1 backend: HMAC-SHA1 request signing, /v1 paths and answers."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import hmac
import time
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from ansible_collections.flowroute.numbers.plugins.module_utils.client import (
    SLOTS,
    FlowrouteAPIError,
    FlowrouteClient,
    path_with_query,
    route_record,
    unexpected,
    walk_pages,
)

PAGE_LIMIT = 200            # the largest page GET /v1/routes/ and /v1/tns/ allow


def body_md5(body):
    """MD5 hex of a request body for the signature; a checksum, not security, so allowed in FIPS mode."""
    try:
        digest = hashlib.md5(body, usedforsecurity=False)
    except TypeError:       # an interpreter whose hashlib does not know usedforsecurity
        digest = hashlib.md5(body)
    return digest.hexdigest()


def canonical_uri(url):
    """The URI token of the signed message: scheme://host/path, newline, query sorted by name."""
    parts = urlsplit(url)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return '{0}://{1}{2}\n{3}'.format(parts.scheme, parts.netloc, parts.path, query)


def sign_request(secret_key, timestamp, method, url, body=b''):
    """Return the lowercase hex HMAC-SHA1 that Flowroute v1 expects as the Basic auth password."""
    digest = body_md5(body) if body else ''
    message = '\n'.join([timestamp, method.upper(), digest, canonical_uri(url)])
    return hmac.new(secret_key.encode('utf-8'), message.encode('utf-8'), hashlib.sha1).hexdigest()


def utc_timestamp(now):
    """X-Timestamp value: UTC to the second, ISO 8601 with Z."""
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(now))


class V1Client(FlowrouteClient):
    """Flowroute Numbers v1: signed requests, routes keyed by name, no update or delete call."""

    version = 'v1'

    def __init__(self, access_key, secret_key, transport_factory, pool_size=10):
        self._access_key = access_key
        self._secret_key = secret_key
        transport = transport_factory(self._authorize, 'application/json')
        super(V1Client, self).__init__(transport, pool_size)

    def _authorize(self, method, url, body):
        timestamp = utc_timestamp(self.transport.clock())
        signature = sign_request(self._secret_key, timestamp, method, url, body)
        return (self._access_key, signature), {'X-Timestamp': timestamp}

    def _pages(self, path, query, parse):
        def fetch(index):
            page_query = dict(query, limit=PAGE_LIMIT, page=index + 1)
            return parse(self.transport.get_json(path, page_query), path_with_query(path, page_query))
        return walk_pages(fetch, path)

    def iter_routes(self):
        return self._pages('/v1/routes/', {}, _parse_route_page)

    def create_route(self, route):
        self.transport.write('PUT', '/v1/routes/' + quote(route['name'], safe=''),
                             {'type': route['type'], 'value': route['value']})

    def update_route(self, current, route):
        # v1 has no update call: the create call is sent again, and the server replaces or refuses
        self.create_route(route)

    def iter_numbers(self, pattern=None):
        return self._pages('/v1/tns/', {'pattern': pattern} if pattern else {}, _parse_number_page)

    def get_number(self, number):
        path = '/v1/tns/' + quote(number, safe='')
        try:
            answer = self.transport.get_json(path)
        except FlowrouteAPIError as exc:
            if exc.status == 404:
                return None
            raise
        return _parse_number(answer, path, number)

    def set_number_routes(self, number, current, wanted):
        # both slots in one call, primary first: the API may not take one alone
        self.transport.write('PATCH', '/v1/tns/' + quote(number, safe=''),
                             {'routes': [{'name': wanted[slot]['name']} for slot in SLOTS]})


def _page_items(answer, where, key, described):
    """The object under ``key`` of one list page and whether a next page exists."""
    if answer is None or answer == {}:
        return {}, False
    if not isinstance(answer, dict):
        raise unexpected(where, 'expected a JSON object, got {0}'.format(type(answer).__name__))
    items = answer.get(key, {})
    if not isinstance(items, dict):
        raise unexpected(where, '"{0}" is {1}, not an object keyed by {2}'.format(key, type(items).__name__, described))
    links = answer.get('links')
    return items, isinstance(links, dict) and bool(links.get('next'))


def _route(name, raw, where, label):
    """A route record from the API's {type, value} (values are never re-validated)."""
    if not isinstance(raw, dict) or not isinstance(raw.get('type'), str):
        raise unexpected(where, '{0} has no "type"'.format(label))
    value = raw.get('value')
    return route_record(name, raw['type'], value if value is None or isinstance(value, str) else str(value))


def _parse_route_page(answer, where):
    """One page of GET /v1/routes/: ([route], has_next)."""
    items, has_next = _page_items(answer, where, 'routes', 'route name')
    return [_route(name, raw, where, 'route {0!r}'.format(name)) for name, raw in items.items()], has_next


def _parse_number(raw, where, number):
    """A number's routing from GET /v1/tns/ or /v1/tns/{number}."""
    if not isinstance(raw, dict) or not isinstance(raw.get('routes'), list):
        raise unexpected(where, 'number {0} has no "routes" list'.format(number))
    routes = []
    for index, item in enumerate(raw['routes'][:2]):
        label = 'number {0} route {1}'.format(number, index + 1)
        if not isinstance(item, dict) or not isinstance(item.get('name'), str):
            raise unexpected(where, '{0} has no "name"'.format(label))
        routes.append(_route(item['name'], item, where, label))
    routes += [None] * (2 - len(routes))
    billing = raw.get('billing_method')
    return {'number': number, 'primary_route': routes[0], 'failover_route': routes[1],
            'billing_method': billing if isinstance(billing, str) else None, 'alias': None}


def _parse_number_page(answer, where):
    """One page of GET /v1/tns/: ([number], has_next); an account without numbers answers {}."""
    items, has_next = _page_items(answer, where, 'tns', 'number')
    return [_parse_number(raw, where, number) for number, raw in items.items()], has_next
