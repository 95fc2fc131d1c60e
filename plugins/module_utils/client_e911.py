# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""E911 addresses, a v2 resource (contract section 6): the addresses, their numbers, validation."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import quote

from ansible_collections.flowroute.numbers.plugins.module_utils.client import unexpected
from ansible_collections.flowroute.numbers.plugins.module_utils.client_v2 import V2Resource, read_number
from ansible_collections.flowroute.numbers.plugins.module_utils.rules_e911 import ADDRESS_FIELDS

E911_PAGE = 2000            # the largest page of /v2/e911s and an address's numbers


def parse_address(item, where, method='GET'):
    """{id, label, address: {fields}} of a JSON:API e911 object in the answer to ``method`` ``where``."""
    if not isinstance(item, dict) or item.get('id') is None or not isinstance(item.get('attributes'), dict):
        raise unexpected(where, 'an E911 address has no "id" or "attributes"', method)
    attributes = item['attributes']
    return {'id': str(item['id']), 'label': attributes.get('label'),
            'address': dict((field, '' if attributes.get(field) is None else str(attributes[field]))
                            for field in ADDRESS_FIELDS)}


def _number_value(item, where):
    """The number of an item of an address's numbers: its value (the SDKs' ids are the number, the docs' are not)."""
    attributes = item.get('attributes') if isinstance(item, dict) and isinstance(item.get('attributes'), dict) else {}
    value = attributes.get('value') or (item.get('id') if isinstance(item, dict) else None)
    if value is None:
        raise unexpected(where, 'a number of the address has no "value"')
    return str(value)


class E911Client(V2Resource):
    """The account's E911 addresses and which numbers use them."""

    what = 'E911 addresses'
    section = 'v2 section 6'

    def list_addresses(self, label=None):
        """Every address (with ``label``, the ones whose label is exactly it), in API order."""
        found = self.pages('/v2/e911s', parse_address, {'label': label} if label else None, E911_PAGE)
        return [address for address in found if label is None or address['label'] == label]

    def numbers_of(self, e911_id):
        """The numbers that use an address, sorted."""
        path = '/v2/e911s/{0}/relationships/numbers'.format(quote(e911_id, safe=''))
        return sorted(self.pages(path, _number_value, limit=E911_PAGE))

    def number_address(self, number):
        """(whether the number is on the account, the id of its E911 address or None)."""
        answer = read_number(self.transport, number)
        if answer is None:
            return False, None
        link = ((answer['data'].get('relationships') or {}).get('e911_address') or {}).get('data')
        return True, (str(link['id']) if isinstance(link, dict) and link.get('id') is not None else None)

    @staticmethod
    def _body(label, address):
        return {'data': {'type': 'e911', 'attributes': dict(address, label=label)}}

    def validate(self, label, address):
        """POST /v2/e911s/validate: raises the API's refusal (400 cannot geocode, 422 a field); writes nothing."""
        self.write('POST', '/v2/e911s/validate', self._body(label, address), idempotent=True)

    def create(self, label, address):
        """The address as stored, created once even when an answer is lost."""
        def made():
            same = [found for found in self.list_addresses(label) if found['address'] == address]
            return same[-1] if same else None
        answer, found = self.post_once('/v2/e911s', self._body(label, address), made)
        return found or parse_address(answer.get('data') if isinstance(answer, dict) else None, '/v2/e911s', 'POST')

    def update(self, e911_id, changed):
        """PATCH only the changed fields (any subset, revalidated by the API)."""
        self.write('PATCH', '/v2/e911s/' + quote(e911_id, safe=''), {'data': {'type': 'e911', 'id': e911_id,
                                                                              'attributes': changed}})

    def delete(self, e911_id):
        self.write('DELETE', '/v2/e911s/' + quote(e911_id, safe=''))

    def attach(self, number, e911_id):
        """Give a number this address (charged when it had another one)."""
        self.write('PATCH', '/v2/numbers/{0}/relationships/e911s/{1}'.format(quote(number, safe=''), quote(e911_id, safe='')))

    def detach(self, number):
        self.write('DELETE', '/v2/numbers/{0}/relationships/e911s'.format(quote(number, safe='')))
