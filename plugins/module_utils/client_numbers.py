# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The numbers themselves, a v2 resource (contract section 3): what is for sale and at what cost, buying once,
releasing, and a number's alias and CNAM-lookup flag."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import quote

from ansible_collections.flowroute.numbers.plugins.module_utils.client import (
    path_with_query,
    unexpected,
    walk_pages,
)
from ansible_collections.flowroute.numbers.plugins.module_utils.client_v2 import (
    PAGE_LIMIT,
    V2Resource,
    _data_list,
    listed_number,
    read_number,
)

AREACODE_PAGE = 400         # the largest page of /v2/numbers/available/areacodes


def _cost(value):
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def parse_available(item, where):
    """A purchasable number: {number, setup_cost, monthly_cost, rate_center, state, number_type}."""
    if not isinstance(item, dict) or item.get('id') is None or not isinstance(item.get('attributes'), dict):
        raise unexpected(where, 'a number for sale has no "id" or "attributes"')
    attributes = item['attributes']
    return {'number': str(attributes.get('value') or item['id']), 'setup_cost': _cost(attributes.get('setup_cost')),
            'monthly_cost': _cost(attributes.get('monthly_cost')), 'rate_center': attributes.get('rate_center'),
            'state': attributes.get('state'), 'number_type': attributes.get('number_type')}


def _code(item, where):
    if not isinstance(item, dict) or item.get('id') is None:
        raise unexpected(where, 'an area code or exchange has no "id"')
    return str(item['id'])


def _link(relationships, name):
    data = (relationships.get(name) or {}).get('data') if isinstance(relationships, dict) else None
    return str(data['id']) if isinstance(data, dict) and data.get('id') is not None else None


class NumbersClient(V2Resource):
    """What v2 knows of a number beyond its routing."""

    what = 'number aliases, CNAM lookups, purchases and releases'
    section = 'v2 section 3'

    def list_numbers(self):
        """Every number on the account as the list gives it: [{'id': number, 'alias'}], in API order."""
        return list(self.pages('/v2/numbers', listed_number))

    def get(self, number):
        """A number on the account: {number, alias, cnam_lookups, cnam_id, e911_id, rate_center, state,
        number_type}, or None when the account does not hold it."""
        answer = read_number(self.transport, number, 'attributes')
        if answer is None:
            return None
        attributes, relationships = answer['data']['attributes'], answer['data'].get('relationships') or {}
        lookups = attributes.get('cnam_lookups_enabled')
        return {'number': number, 'alias': attributes.get('alias'),
                'cnam_lookups': lookups if isinstance(lookups, bool) else lookups == 'true',
                'cnam_id': _link(relationships, 'cnam_preset'), 'e911_id': _link(relationships, 'e911_address'),
                'rate_center': attributes.get('rate_center'), 'state': attributes.get('state'),
                'number_type': attributes.get('number_type')}

    def search(self, query, limit):
        """At most ``limit`` numbers for sale that match ``query``, page by page."""
        found = []
        for item in self.pages('/v2/numbers/available', parse_available, query, min(limit, PAGE_LIMIT)):
            found.append(item)
            if len(found) >= limit:
                break
        return found

    def offer(self, number):
        """The number for sale with its costs, or None when it is not for sale."""
        path = '/v2/numbers/available'
        query = {'starts_with': number, 'limit': 10, 'offset': 0}
        answer = self.transport.get_json(path, query)
        where = path_with_query(path, query)
        for item in _data_list(answer, where):
            parsed = parse_available(item, where)
            if parsed['number'] == number:
                return parsed
        return None

    def codes(self, kind, query, limit):
        """At most ``limit`` area codes (kind 'areacodes') or exchanges ('exchanges') that have numbers for sale."""
        path = '/v2/numbers/available/' + kind
        page = min(limit, AREACODE_PAGE if kind == 'areacodes' else PAGE_LIMIT)

        def fetch(index):
            page_query = dict(query, limit=page, offset=index * page)
            answer = self.transport.get_json(path, page_query)
            where = path_with_query(path, page_query)
            items = [_code(item, where) for item in _data_list(answer, where)]
            links = answer.get('links')
            return items, len(items) == page and isinstance(links, dict) and bool(links.get('next'))
        found = []
        for code in walk_pages(fetch, path):
            found.append(code)
            if len(found) >= limit:
                break
        return found

    def purchase(self, number):
        """Buy a number, once even when an answer is lost: what the account then holds of it."""
        path = '/v2/numbers/' + quote(number, safe='')
        self.post_once(path, None, lambda: self.get(number))
        return self.get(number)

    def release(self, number):
        self.write('DELETE', '/v2/numbers/' + quote(number, safe=''))

    def set_attributes(self, number, **attributes):
        """PATCH /v2/numbers/{number} with a flat body (section 3.3): alias, cnam_lookups_enabled."""
        self.write('PATCH', '/v2/numbers/' + quote(number, safe=''), dict(attributes, type='number'))
