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
import socket
import sys
import threading

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils.client_v1 import sign_request

from conftest import ACCESS_KEY, EMULATOR, ROOT, SECRET_KEY

sys.path.insert(0, os.path.dirname(EMULATOR))
import flowroute_emulator  # noqa: E402  pylint: disable=wrong-import-position

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


def test_answers_are_not_held_back_by_nagle(monkeypatch):
    # An answer goes out as headers, then body. With Nagle's algorithm on, the body waits for the client's
    # delayed ACK of the headers (up to 40 ms on Linux): latency no real server adds, which made every
    # page GET in `make bench` cost 40 ms more than its floor. Seen from the server's side of each connection.
    seen = []
    real_setup = flowroute_emulator.Handler.setup

    def recording_setup(handler):
        real_setup(handler)
        seen.append(handler.connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
    monkeypatch.setattr(flowroute_emulator.Handler, 'setup', recording_setup)
    server = flowroute_emulator.make_server('127.0.0.1', 0, flowroute_emulator.Account(ACCESS_KEY, SECRET_KEY))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for dummy in range(2):
            connection = http.client.HTTPConnection('127.0.0.1', server.server_address[1], timeout=10)
            connection.request('GET', '/v1/routes/')
            assert connection.getresponse().status == 401
            connection.close()
    finally:
        server.shutdown()
        server.server_close()
    assert len(seen) == 2 and all(seen)
