# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""CNAM records, a v2 resource (contract section 7): caller names, their approval, their numbers."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
from urllib.parse import quote

from ansible_collections.flowroute.numbers.plugins.module_utils.client import FlowrouteAPIError, unexpected
from ansible_collections.flowroute.numbers.plugins.module_utils.client_v2 import V2Resource

# The sources disagree on the assignment path (contract section 9): the documented one first.
ASSIGN_PATHS = ('cnams', 'cnam')


def parse_cnam(item, where, method='GET'):
    """{id, value, is_approved, approval_datetime, creation_datetime, rejection_reason} of a JSON:API cnam object in
    the answer to ``method`` ``where``."""
    if not isinstance(item, dict) or item.get('id') is None or not isinstance(item.get('attributes'), dict):
        raise unexpected(where, 'a CNAM record has no "id" or "attributes"', method)
    attributes = item['attributes']
    return {'id': str(item['id']), 'value': attributes.get('value'), 'is_approved': attributes.get('is_approved') is True,
            'approval_datetime': attributes.get('approval_datetime'),
            'creation_datetime': attributes.get('creation_datetime'),
            'rejection_reason': attributes.get('rejection_reason') or None}


class CnamClient(V2Resource):
    """The account's caller-name records."""

    what = 'CNAM records'
    section = 'v2 section 7'

    def __init__(self, transport, pool_size=10):
        super(CnamClient, self).__init__(transport, pool_size)
        self._path = ASSIGN_PATHS[0]
        self._path_lock = threading.Lock()

    def find(self, value):
        """The records whose value is exactly ``value`` (stored upper case), over the API's substring filter."""
        found = self.pages('/v2/cnams', parse_cnam, {'value': value})
        return [record for record in found if record['value'] == value]

    def create(self, value):
        """A new record, pending approval; created once even when an answer is lost."""
        def made():
            same = self.find(value)
            return same[0] if same else None
        answer, found = self.post_once('/v2/cnams', {'value': value}, made)
        return found or parse_cnam(answer.get('data') if isinstance(answer, dict) else None, '/v2/cnams', 'POST')

    def delete(self, cnam_id):
        self.write('DELETE', '/v2/cnams/' + quote(cnam_id, safe=''))

    @property
    def assign_path(self):
        with self._path_lock:
            return self._path

    def _on_path(self, method, path_of):
        """Send on the remembered assignment path; on a 404 there, once on the other, remembered when it answers."""
        tried = self.assign_path
        try:
            return self.write(method, path_of(tried))
        except FlowrouteAPIError as exc:
            if exc.status != 404:
                raise
            first = exc
        other = [name for name in ASSIGN_PATHS if name != tried][0]
        try:
            answer = self.write(method, path_of(other))
        except FlowrouteAPIError as exc:
            if exc.status == 404:
                raise first
            raise
        with self._path_lock:
            self._path = other
        return answer

    def assign(self, number, cnam_id):
        """Give a number this caller name (an approved record only)."""
        self._on_path('PATCH', lambda name: '/v2/numbers/{0}/relationships/{1}/{2}'.format(
            quote(number, safe=''), name, quote(cnam_id, safe='')))

    def unassign(self, number):
        self._on_path('DELETE', lambda name: '/v2/numbers/{0}/relationships/{1}'.format(quote(number, safe=''), name))
