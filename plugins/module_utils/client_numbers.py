# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The numbers themselves, a v2 resource (contract section 3): their alias and CNAM-lookup flag."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from urllib.parse import quote

from ansible_collections.flowroute.numbers.plugins.module_utils.client_v2 import V2Resource, listed_number


class NumbersClient(V2Resource):
    """What v2 knows of a number beyond its routing."""

    what = 'number aliases, CNAM lookups, purchases and releases'
    section = 'v2 section 3'

    def list_numbers(self):
        """Every number on the account as the list gives it: [{'id': number, 'alias'}], in API order."""
        return list(self.pages('/v2/numbers', listed_number))

    def set_attributes(self, number, **attributes):
        """PATCH /v2/numbers/{number} with a flat body (section 3.3): alias, cnam_lookups_enabled."""
        self.write('PATCH', '/v2/numbers/' + quote(number, safe=''), dict(attributes, type='number'))
