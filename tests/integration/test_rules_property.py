# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Property: for any input, the rules refuse it, or exactly that value reaches the emulator, validly signed."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import sys
import threading

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.flowroute.numbers.plugins.module_utils.common import build_client
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput, check_route

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'emulator'))
import flowroute_emulator  # noqa: E402  pylint: disable=wrong-import-position

KEY, SECRET = '27182818', '0fedcba9876543210fedcba987654321'
EXAMPLES = int(os.environ.get('FLOWROUTE_PROPERTY_EXAMPLES', '3000'))
COUNTS = {'refused': 0, 'sent': 0}

# Strings near the valid forms, so that acceptance is explored as well as refusal.
HOSTISH = st.from_regex(r'\A[0-9a-zA-Z.:\- ]{0,24}\Z')
PSTNISH = st.from_regex(r'\A\+?[0-9 ]{0,18}\Z')
URIISH = st.builds(lambda scheme, user, host, port, params: scheme + user + '@' + host + port + params,
                   st.sampled_from(['sip:', 'sips:', 'SIP:', 'http:', 'sip://', '']),
                   st.from_regex(r'\A[0-9a-z%._"@;/ \-]{0,8}\Z'), HOSTISH,
                   st.sampled_from(['', ':5060', ':0', ':65536', ':x']),
                   st.sampled_from(['', ';transport=tcp', ';transport=tls', ';transport=sctp', ';lr', ';transport=udp\n']))
IPV4ISH = st.builds(lambda a, b, port: '{0}.2.3.{1}'.format(a, b) + port, st.integers(0, 300), st.integers(0, 300),
                    st.one_of(st.just(''), st.integers(-1, 70000).map(':{0}'.format)))
DIGITS = st.from_regex(r'\A\+?[0-9]{5,17}\Z')
NAMES = st.one_of(st.from_regex(r'\A[A-Za-z0-9]{1,12}\Z'), st.text(max_size=12))
TYPES = st.sampled_from(['HOST', 'PSTN', 'URI', 'host', 'Uri', 'SIP-REG', ''])
VALUES = st.one_of(st.text(max_size=40), HOSTISH, PSTNISH, URIISH, IPV4ISH, DIGITS)
TYPED_VALUES = st.one_of(st.tuples(st.sampled_from(['HOST', 'host']), st.one_of(HOSTISH, IPV4ISH)),
                         st.tuples(st.sampled_from(['PSTN', 'pstn']), st.one_of(PSTNISH, DIGITS)),
                         st.tuples(st.sampled_from(['URI', 'uri']), URIISH),
                         st.tuples(TYPES, VALUES))


@pytest.fixture(scope='module')
def live():
    account = flowroute_emulator.Account(KEY, SECRET)
    server = flowroute_emulator.make_server('127.0.0.1', 0, account)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    client = build_client(dict(access_key=KEY, secret_key=SECRET, api_url='http://127.0.0.1:{0}'.format(server.server_address[1]),
                               validate_certs=True, timeout=30, retries=0), warn=None)
    yield account, client
    server.shutdown()
    server.server_close()


def test_rules_refuse_or_the_exact_value_arrives_signed(live, capsys):
    account, client = live

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(name=NAMES, typed_value=TYPED_VALUES)
    def check(name, typed_value):
        route_type, value = typed_value
        try:
            route = check_route(name, route_type, value)
        except InvalidInput:
            COUNTS['refused'] += 1
            return
        before = len(account.log)
        client.create_route(route)
        COUNTS['sent'] += 1
        arrived = account.log[before:]
        assert len(arrived) == 1 and arrived[0]['status'] == 201       # 401 would mean a bad signature
        assert arrived[0]['path'] == '/v1/routes/' + name
        assert json.loads(arrived[0]['body']) == {'type': route_type.upper(), 'value': route['value']}
        assert route['value'] == value or (route_type.upper() == 'PSTN' and '+' + route['value'] == value)
        assert account.routes[name] == {'type': route_type.upper(), 'value': route['value']}

    check()
    with capsys.disabled():
        print('\nproperty test: {0} examples, {1} refused by the rules, {2} sent and verified'.format(
            COUNTS['refused'] + COUNTS['sent'], COUNTS['refused'], COUNTS['sent']))
    assert COUNTS['sent'] > 200 and COUNTS['refused'] > 200
