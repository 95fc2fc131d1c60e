# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real-client check: requests recorded from Flowroute's official v1 SDK, replayed byte for byte."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import http.client
import json
import os

import pytest

from conftest import ROOT, Emulator

# A copy of shared/official-sdk-requests.json, so the check runs from any clone.
RECORDED = os.environ.get('FLOWROUTE_SDK_RECORDING',
                          os.path.join(ROOT, 'tests', 'integration', 'data', 'official-sdk-requests.json'))


@pytest.fixture(scope='module')
def recording():
    if not os.path.exists(RECORDED):
        pytest.fail('official-sdk-requests.json not found at {0} (set FLOWROUTE_SDK_RECORDING)'.format(RECORDED))
    with open(RECORDED) as handle:
        return json.load(handle)


@pytest.fixture(scope='module')
def sdk_emulator(recording):
    # the recording was made with its own keys, at its own time: the emulator takes both
    process = Emulator(['--access-key', recording['access_key'], '--secret-key', recording['secret_key'],
                        '--clock', recording['requests'][0]['x_timestamp']])
    yield process
    process.stop()


def replay(emulator, request, target=None, timestamp=None, authorization=None, body=None):
    """Send one recorded request as recorded, with optional replacements; returns the status."""
    connection = http.client.HTTPConnection(emulator.url.split('//')[1], timeout=10)
    body = (request['body'] if body is None else body).encode()
    connection.putrequest(request['method'], target or request['target'], skip_host=True, skip_accept_encoding=True)
    connection.putheader('Host', request['host'])
    connection.putheader('X-Timestamp', timestamp or request['x_timestamp'])
    connection.putheader('Authorization', authorization or request['authorization'])
    if request['content_type']:
        connection.putheader('Content-Type', request['content_type'])
    connection.putheader('Content-Length', str(len(body)))
    connection.endheaders(body)
    status = connection.getresponse().status
    connection.close()
    return status


def mutations(text):
    """Every copy of text with one character replaced by another printable one."""
    for index, char in enumerate(text):
        yield text[:index] + ('x' if char != 'x' else 'y') + text[index + 1:]


def test_accepts_each_recorded_request(sdk_emulator, recording):
    sdk_emulator.control('POST', 'reset', {'clock': recording['requests'][0]['x_timestamp']})
    sdk_emulator.control('POST', 'tns', {'12065551234': {}})
    statuses = [replay(sdk_emulator, request) for request in recording['requests']]
    assert statuses == [201, 201, 200, 200, 204]
    state = sdk_emulator.control('GET', 'state')
    assert state['routes']['HOSTRoute1'] == {'type': 'HOST', 'value': '24.239.23.40:5060'}
    assert state['tns']['12065551234']['routes'] == ['HOSTRoute1', 'sip-reg']


def test_refuses_each_recorded_request_with_any_byte_changed(sdk_emulator, recording):
    sdk_emulator.control('POST', 'reset', {'clock': recording['requests'][0]['x_timestamp']})
    sdk_emulator.control('POST', 'tns', {'12065551234': {}})
    tried = 0
    for request in recording['requests']:
        user, signature = base64.b64decode(request['authorization'][6:]).decode().split(':')
        variants = [dict(body=body) for body in mutations(request['body'])]
        variants += [dict(target=target) for target in mutations(request['target'])]
        variants += [dict(timestamp=timestamp) for timestamp in mutations(request['x_timestamp'])]
        variants += [dict(authorization='Basic ' + base64.b64encode((user + ':' + sig).encode()).decode())
                     for sig in mutations(signature)]
        for variant in variants:
            assert replay(sdk_emulator, request, **variant) == 401, (request['method'], request['target'], variant)
            tried += 1
    assert tried > 500
    assert sdk_emulator.requests('PUT') and all(entry['status'] == 401 for entry in sdk_emulator.requests())


def test_refuses_a_timestamp_outside_the_window(sdk_emulator, recording):
    request = recording['requests'][2]
    sdk_emulator.control('POST', 'reset', {'clock': '2026-11-27T04:10:19Z', 'window': 360})
    assert replay(sdk_emulator, request) == 401
    sdk_emulator.control('POST', 'reset', {'clock': '2026-11-27T04:10:17Z', 'window': 360})
    assert replay(sdk_emulator, request) == 200
