# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Flowroute Numbers v2 backend: HTTP Basic, JSON:API bodies, offset paging, route ids."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
from urllib.parse import quote

from ansible_collections.flowroute.numbers.plugins.module_utils.client import (
    SLOTS,
    FlowrouteAPIError,
    FlowrouteClient,
    path_with_query,
    route_record,
    unexpected,
    walk_pages,
)

PAGE_LIMIT = 200            # the largest page /v2/routes and /v2/numbers allow
JSONAPI = 'application/vnd.api+json'
TYPES_TO_V2 = {'HOST': 'host', 'PSTN': 'number', 'URI': 'uri', 'SIP-REG': 'sip-reg'}
TYPES_FROM_V2 = dict((v2, v1) for v1, v2 in TYPES_TO_V2.items())
# The sources disagree on the name of a route's PoP attribute (contract section 9): the documented one first.
EDGE_FIELDS = ('edge_strategy_id', 'edge_strategy')


def edge_attribute(field, strategy_id):
    """The value of an edge attribute: an integer for edge_strategy_id, a string for edge_strategy."""
    return int(strategy_id) if field == 'edge_strategy_id' else str(strategy_id)


def _data_list(answer, where):
    if not isinstance(answer, dict) or not isinstance(answer.get('data'), list):
        raise unexpected(where, 'expected {"data": [...]}')
    return answer['data']


def json_api_pages(transport, path, parse, query=None, limit=PAGE_LIMIT, each_page=None):
    """Every item of a v2 list: pages of ``limit`` by offset until one is short or has no ``links.next``.

    ``parse(item, where)`` turns each raw item into what is yielded; ``each_page(items)``, if given, turns
    a page's parsed items into the ones yielded (for example reading each one's details at once).
    """
    query = dict(query or {})

    def fetch(index):
        page_query = dict(query, limit=limit, offset=index * limit)
        where = path_with_query(path, page_query)
        answer = transport.get_json(path, page_query)
        raw = _data_list(answer, where)
        items = [parse(item, where) for item in raw]
        links = answer.get('links')
        # never follow links.next itself: it may name another host (contract section 1)
        more = len(raw) == limit and isinstance(links, dict) and bool(links.get('next'))
        return (each_page(items) if each_page else items), more
    return walk_pages(fetch, path)


class V2Resource:
    """A resource only the v2 API has (E911 addresses, CNAM records, numbers bought and released), over the task's
    one transport. A module gets one with FlowrouteRunner.resource(), which refuses it over v1 before any request."""

    api_version = 'v2'
    what = None         # what the resource is, for the message over v1: 'E911 addresses'
    section = None      # where the contract documents it: 'section 6'

    def __init__(self, transport, pool_size=10):
        self.transport = transport
        self.pool_size = pool_size

    def pages(self, path, parse, query=None, limit=PAGE_LIMIT):
        return json_api_pages(self.transport, path, parse, query, limit)

    def write(self, method, path, data=None, idempotent=None):
        return self.transport.write(method, path, data, content_type=JSONAPI, idempotent=idempotent)

    def post_once(self, path, data, find):
        """A create that lands once (see Transport.post_once): (the answer, None) or (None, what find() found)."""
        return self.transport.post_once(path, data, find, content_type=JSONAPI)


def parse_route(item, where, method='GET'):
    """A route record from a JSON:API route object in the answer to ``method`` ``where``; the alias is its name."""
    if not isinstance(item, dict) or not isinstance(item.get('attributes'), dict) or item.get('id') is None:
        raise unexpected(where, 'a route has no "id" or "attributes"', method)
    attributes = item['attributes']
    route_type = attributes.get('route_type')
    if not isinstance(route_type, str):
        raise unexpected(where, 'route {0} has no "route_type"'.format(item['id']), method)
    edge = attributes.get('edge_strategy_id')
    if edge is None:
        edge = attributes.get('edge_strategy')
    value = attributes.get('value')
    return route_record(attributes.get('alias'), TYPES_FROM_V2.get(route_type, route_type.upper()),
                        value if value is None or isinstance(value, str) else str(value),
                        str(item['id']), None if edge is None else str(edge),
                        edge_known=any(field in attributes for field in EDGE_FIELDS))


def read_number(transport, number, member=None):
    """The answer to GET /v2/numbers/{number}, or None when the account does not hold it (404); its ``data`` must
    be an object, with the JSON:API ``member`` ('attributes' or 'relationships') when the caller reads one."""
    path = '/v2/numbers/' + quote(number, safe='')
    try:
        answer = transport.get_json(path)
    except FlowrouteAPIError as exc:
        if exc.status == 404:
            return None
        raise
    data = answer.get('data') if isinstance(answer, dict) else None
    if not isinstance(data, dict):
        raise unexpected(path, 'number {0} has no "data"'.format(number))
    if member is not None and not isinstance(data.get(member), dict):
        raise unexpected(path, 'number {0} has no "{1}"'.format(number, member))
    return answer


def listed_number(item, where):
    """A number as the list gives it: its id and alias."""
    if not isinstance(item, dict) or item.get('id') is None:
        raise unexpected(where, 'a number has no "id"')
    attributes = item.get('attributes') if isinstance(item.get('attributes'), dict) else {}
    alias = attributes.get('alias')
    return {'id': str(item['id']), 'alias': alias if isinstance(alias, str) else None}


class V2Client(FlowrouteClient):
    """Flowroute Numbers v2: routes have server-given ids and aliases; update, delete and PoPs exist."""

    version = 'v2'
    unique_names = False         # whether aliases are unique is not documented (contract section 10)
    can_delete = True
    can_choose_edge = True
    needs_both_slots = False
    route_fields = ('name', 'type', 'value', 'id', 'edge_strategy')

    def __init__(self, access_key, secret_key, transport_factory, pool_size=10):
        self._credentials = (access_key, secret_key)
        transport = transport_factory(self._authorize, JSONAPI)
        super(V2Client, self).__init__(transport, pool_size)
        self._edge_field = EDGE_FIELDS[0]
        self._edge_lock = threading.Lock()
        self._routes_by_id = {}

    def _authorize(self, method, url, body):
        return self._credentials, {}

    def _write(self, method, path, data=None):
        return self.transport.write(method, path, data, content_type=JSONAPI)

    # -- routes -------------------------------------------------------------------
    def iter_routes(self):
        return json_api_pages(self.transport, '/v2/routes', parse_route)

    def _route_by_id(self, route_id, refresh=False):
        """A route found by listing (v2 has no GET of one route); None when it is gone."""
        if refresh or route_id not in self._routes_by_id:
            self._routes_by_id = dict((route['id'], route) for route in self.iter_routes())
        return self._routes_by_id.get(route_id)

    def _answered_route(self, answer, method, path):
        data = answer.get('data') if isinstance(answer, dict) else None
        return parse_route(data, path, method) if isinstance(data, dict) and data.get('id') is not None else None

    @property
    def edge_field(self):
        """The edge attribute to send: the documented one, until the server was seen to keep only the other."""
        with self._edge_lock:
            return self._edge_field

    def _attributes(self, route, edge_field):
        attributes = {'alias': route['name'], 'route_type': TYPES_TO_V2[route['type']], 'value': route['value']}
        if route.get('edge_strategy') is not None:
            attributes[edge_field] = edge_attribute(edge_field, route['edge_strategy'])
        return attributes

    def _find_made(self, route):
        """After a create whose answer was lost: a route with its alias and attributes, or None."""
        made = (route['name'], route['type'], route['value'])
        candidates = [found for found in self.iter_routes() if (found['name'], found['type'], found['value']) == made]
        return candidates[-1] if candidates else None

    def create_route(self, route):
        field = self.edge_field
        answer, found = self.transport.post_once(
            '/v2/routes', {'data': {'type': 'route', 'attributes': self._attributes(route, field)}},
            lambda: self._find_made(route), content_type=JSONAPI)
        stored = found or self._answered_route(answer, 'POST', '/v2/routes')
        if stored is None:          # no route in the answer: find the one just made
            stored = self._find_made(route)
        return self._settle_edge(route, stored, field, 'POST', '/v2/routes')

    def update_route(self, current, route):
        field = self.edge_field
        path = '/v2/routes/' + quote(current['id'], safe='')
        answer = self._write('PATCH', path, {'data': {'type': 'route', 'id': current['id'],
                                                      'attributes': self._attributes(route, field)}})
        stored = self._answered_route(answer, 'PATCH', path) or self._route_by_id(current['id'], refresh=True)
        return self._settle_edge(route, stored, field, 'PATCH', path)

    def _settle_edge(self, route, stored, sent, method, where):
        """Make sure the asked PoP took, whichever attribute name the server honours: read back, and
        write once more under the other name when it did not (remembered for the next writes).

        ``sent`` is the attribute this write used: another thread may have switched the remembered one
        meanwhile. A route whose answer does not show the edge attribute at all cannot be checked.
        """
        wanted = route.get('edge_strategy')
        if wanted is None or stored is None or not stored['edge_known'] or stored['edge_strategy'] == wanted:
            return stored
        for field in [name for name in EDGE_FIELDS if name != sent]:
            path = '/v2/routes/' + quote(stored['id'], safe='')
            answer = self._write('PATCH', path, {'data': {'type': 'route', 'id': stored['id'], 'attributes': {
                field: edge_attribute(field, wanted)}}})
            again = self._answered_route(answer, 'PATCH', path) or self._route_by_id(stored['id'], refresh=True)
            if again is not None and again['edge_strategy'] == wanted:
                with self._edge_lock:
                    self._edge_field = field
                return again
        raise FlowrouteAPIError(method, where, 200, 'the API did not keep edge strategy {0} under either attribute '
                                'name ({1})'.format(wanted, ', '.join(EDGE_FIELDS)))

    def delete_route(self, current):
        self._write('DELETE', '/v2/routes/' + quote(current['id'], safe=''))

    def list_edge_strategies(self):
        where = '/v2/routes/edge_strategies'
        strategies = []
        for item in _data_list(self.transport.get_json(where), where):
            if not isinstance(item, dict) or item.get('id') is None or not isinstance(item.get('attributes'), dict):
                raise unexpected(where, 'an edge strategy has no "id" or "attributes"')
            strategy = dict(item['attributes'])
            strategy.update(id=str(item['id']), name=item['attributes'].get('name'))
            strategies.append(strategy)
        self._pops = dict((strategy['id'], strategy['name']) for strategy in strategies)
        return strategies

    # -- numbers ------------------------------------------------------------------
    def iter_numbers(self, pattern=None):
        # list items carry no routing: each number's details are read, a page at a time, concurrently
        def details(listed):
            return [found for found in self.map_concurrently(self.get_number, [item['id'] for item in listed])
                    if found is not None]
        return json_api_pages(self.transport, '/v2/numbers', listed_number, {'contains': pattern} if pattern else None,
                              each_page=details)

    def iter_number_routing(self):
        # the list gives each number's alias, its details the ids in its slots: routes are not looked up
        def details(listed):
            found = self.map_concurrently(lambda item: self._slot_ids(item['id']), listed)
            return [dict(slots, number=item['id'], alias=item['alias']) for item, slots in zip(listed, found)
                    if slots is not None]
        return json_api_pages(self.transport, '/v2/numbers', listed_number, each_page=details)

    def _slot_ids(self, number):
        """{slot: {'id': route id} or None} of one number, or None when it is gone."""
        data = self._number_data(number)
        if data is None:
            return None
        slots = {}
        for slot in SLOTS:
            link = self._slot_link(data, slot, number)
            slots[slot] = None if link is None else route_record(None, None, None, link)
        return slots

    def get_numbers(self, numbers):
        # the v2 list carries no routing: read just these numbers, several at a time
        return dict(zip(numbers, self.map_concurrently(self.get_number, list(numbers))))

    def _number_answer(self, number):
        """The answer to GET /v2/numbers/{number} (its routing), or None when it is not on the account."""
        return read_number(self.transport, number, 'relationships')

    def _number_data(self, number):
        answer = self._number_answer(number)
        return None if answer is None else answer['data']

    @staticmethod
    def _slot_link(data, slot, number):
        """The route id in a slot of a number's data, or None for an empty slot."""
        link = (data['relationships'].get(slot) or {}).get('data')
        if link is None:
            return None
        if not isinstance(link, dict) or link.get('id') is None:
            raise unexpected('/v2/numbers/' + number, 'number {0} has a {1} without an "id"'.format(number, slot))
        return str(link['id'])

    def get_number(self, number):
        answer = self._number_answer(number)
        if answer is None:
            return None
        path = '/v2/numbers/' + quote(number, safe='')
        included = {}
        for item in answer.get('included') or []:
            if isinstance(item, dict) and item.get('type') == 'route':
                route = parse_route(item, path)
                included[route['id']] = route
        attributes = answer['data'].get('attributes') if isinstance(answer['data'].get('attributes'), dict) else {}
        found = {'number': number, 'billing_method': None,
                 'alias': attributes['alias'] if isinstance(attributes.get('alias'), str) else None}
        for slot in SLOTS:
            route_id = self._slot_link(answer['data'], slot, number)
            if route_id is None:
                found[slot] = None
                continue
            found[slot] = included.get(route_id) or self._route_by_id(route_id) or route_record(None, 'UNKNOWN', None, route_id)
        return found

    def set_number_routes(self, number, current, wanted):
        # one call per slot, and only for the slot that differs
        for slot in SLOTS:
            route = wanted.get(slot)
            now = current.get(slot) if current else None
            if route is None or (now is not None and now.get('id') == route['id']):
                continue
            self._write('PATCH', '/v2/numbers/{0}/relationships/{1}'.format(quote(number, safe=''), slot),
                        {'data': {'type': 'route', 'id': route['id']}})
