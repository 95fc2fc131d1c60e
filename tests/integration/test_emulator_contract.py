# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator enforces the documented API on its own: value forms (422) and timestamp forms (401)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import http.client
import json
import os

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils.client_v1 import sign_request

from conftest import ACCESS_KEY, ROOT, SECRET_KEY

with open(os.path.join(ROOT, 'tests', 'data', 'hostile_inputs.json')) as handle:
    HOSTILE_VALUES = json.load(handle)['values']


def raw_put(emulator, name, body, timestamp):
    """A PUT signed with the collection's signer for exactly this timestamp, sent byte for byte."""
    host = emulator.url.split('//')[1]
    data = json.dumps(body).encode()
    signature = sign_request(SECRET_KEY, timestamp, 'PUT', 'http://{0}/v1/routes/{1}'.format(host, name), data)
    connection = http.client.HTTPConnection(host, timeout=10)
    connection.request('PUT', '/v1/routes/' + name, body=data, headers={
        'X-Timestamp': timestamp, 'Content-Type': 'application/json',
        'Authorization': 'Basic ' + base64.b64encode('{0}:{1}'.format(ACCESS_KEY, signature).encode()).decode()})
    answer = connection.getresponse()
    status, text = answer.status, answer.read()
    connection.close()
    return status, text


def test_every_hostile_value_is_refused_with_422(emulator):
    emulator.reset(clock='2026-11-28T12:00:00Z')
    answers = [raw_put(emulator, 'Route1', {'type': route_type, 'value': value}, '2026-11-28T12:00:00Z')
               for route_type, value in HOSTILE_VALUES]
    assert len(answers) == 66
    refused = [(value, status) for (dummy, value), (status, dummy2) in zip(HOSTILE_VALUES, answers) if status != 422]
    assert refused == []
    assert all(isinstance(json.loads(text)['error'], str) for status, text in answers)
    assert set(emulator.routes()) == {'sip-reg'}


@pytest.mark.parametrize('route_type, value', [('HOST', '24.239.23.40:5060'), ('HOST', 'sip.example.com'),
                                               ('PSTN', '16476998778'), ('URI', 'sips:securecall@securedserver.com'),
                                               ('URI', 'sip:16476998778@215.122.69.152:5060;transport=tcp')])
def test_documented_examples_are_stored(emulator, route_type, value):
    emulator.reset(clock='2026-11-28T12:00:00Z')
    assert raw_put(emulator, 'Route1', {'type': route_type, 'value': value}, '2026-11-28T12:00:00Z')[0] == 201


@pytest.mark.parametrize('timestamp, status', [
    ('2026-11-28T12:00:00Z', 201), ('2026-11-28T12:00:00', 201),
    ('2026-11-28T12:0:00Z', 401), ('2026-11-28T1:00:00Z', 401), ('2026-11-8T12:00:00Z', 401),
    ('2026-1-28T12:00:00Z', 401), ('2026-11-28 12:00:00Z', 401), ('2026-11-28T12:00:00.000Z', 401),
    ('2026-11-28T12:00:00+00:00', 401), ('2026-11-28t12:00:00z', 401), (' 2026-11-28T12:00:00Z', 401),
])
def test_only_the_documented_timestamp_forms_are_accepted(emulator, timestamp, status):
    # each request is correctly signed for its own timestamp: only the form decides
    emulator.reset(clock='2026-11-28T12:00:00Z')
    assert raw_put(emulator, 'Route1', {'type': 'HOST', 'value': '1.2.3.4'}, timestamp)[0] == status
