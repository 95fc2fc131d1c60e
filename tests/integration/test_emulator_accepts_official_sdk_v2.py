# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real-client check for v2: requests recorded from Flowroute's official v3 Python SDK, replayed byte for byte."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import http.client
import json
import os

import pytest

from conftest import ROOT, Emulator

# A copy of shared/official-sdk-v2-requests.json, so the check runs from any clone.
RECORDED = os.path.join(ROOT, 'tests', 'integration', 'data', 'official-sdk-v2-requests.json')


@pytest.fixture(scope='module')
def recording():
    with open(RECORDED) as handle:
        return json.load(handle)


@pytest.fixture(scope='module')
def sdk_emulator(recording):
    process = Emulator(['--access-key', recording['access_key'], '--secret-key', recording['secret_key']])
    yield process
    process.stop()


def fresh_account(emulator):
    """As the recording asks: an account that owns 12065551234 as a fresh number (primary sip-reg, no failover)."""
    emulator.control('POST', 'reset', {})
    emulator.control('POST', 'tns', {'12065551234': {'routes': ['sip-reg', None]}})


def replay(emulator, request, authorization=None):
    """Send one recorded request with its headers in their order; returns (status, decoded body or None)."""
    connection = http.client.HTTPConnection(emulator.url.split('//')[1], timeout=10)
    body = request['body'].encode()
    connection.putrequest(request['method'], request['target'], skip_host=True, skip_accept_encoding=True)
    for name, value in request['headers']:
        if name.lower() == 'authorization' and authorization is not None:
            value = authorization
        connection.putheader(name, value)
    connection.endheaders(body or None)
    answer = connection.getresponse()
    status, text = answer.status, answer.read()
    connection.close()
    return status, json.loads(text) if text else None


def test_accepts_each_recorded_request_with_its_status(sdk_emulator, recording):
    fresh_account(sdk_emulator)
    answers = [replay(sdk_emulator, request) for request in recording['requests']]
    assert [status for status, dummy in answers] == [request['status'] for request in recording['requests']]
    assert [status for status, dummy in answers] == [200, 201, 201, 200, 200, 200, 200, 200, 204, 204, 200]
    created = [body['data']['id'] for status, body in answers if status == 201]
    assert created == ['10001', '10002']      # the ids the recording's relationship PATCHes name
    final = answers[-1][1]['data']['relationships']
    assert final['primary_route']['data'] == {'id': '10001', 'type': 'route'}
    assert final['failover_route']['data'] == {'id': '10002', 'type': 'route'}
    before = answers[7][1]['data']['relationships']
    assert before['primary_route']['data'] == {'id': '0', 'type': 'route'} and before['failover_route']['data'] is None
    routes = sdk_emulator.control('GET', 'state')['v2_routes']
    assert [(r['alias'], r['type'], r['value']) for r in routes] == [
        ('sip-reg', 'SIP-REG', None), ('il775u0123456789', 'HOST', 'il775u.sonsofodin.com'), ('PSTNroute1', 'PSTN', '16476998778')]


def test_list_answers_have_absolute_links_filters_first(sdk_emulator, recording):
    fresh_account(sdk_emulator)
    for request in recording['requests'][:3]:
        replay(sdk_emulator, request)
    status, body = replay(sdk_emulator, recording['requests'][3])          # GET /v2/routes?limit=2&offset=2
    assert status == 200 and [item['id'] for item in body['data']] == ['10002']
    assert body['links'] == {'self': '{0}/v2/routes?limit=2&offset=2'.format(sdk_emulator.url)}    # its own base URL
    status, body = replay(sdk_emulator, recording['requests'][6])          # starts_with=206 -> 1206
    assert body['links']['self'] == '{0}/v2/numbers?starts_with=1206&limit=3&offset=0'.format(sdk_emulator.url)
    assert [item['id'] for item in body['data']] == ['12065551234'] and 'relationships' not in body['data'][0]


def test_refuses_each_recorded_request_with_any_byte_of_its_authorization_changed(sdk_emulator, recording):
    fresh_account(sdk_emulator)
    tried = 0
    for request in recording['requests']:
        authorization = request['authorization']
        for index in range(6, len(authorization)):
            changed = authorization[:index] + ('A' if authorization[index] != 'A' else 'B') + authorization[index + 1:]
            status, body = replay(sdk_emulator, request, authorization=changed)
            assert status == 401, (request['call'], changed)
            assert body == {'errors': [{'detail': 'Authentication failed.', 'id': '7fc8c70a-ca58-430c-b383-b89df84f8083',
                                        'status': 401, 'title': 'Unauthorized'}]}
            tried += 1
    assert tried > 600
    assert sdk_emulator.control('GET', 'state')['v2_routes'][1:] == []
