# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Two readings of one contract must agree: the collection's rules and the emulator's own checks.

For any input: when the rules accept it, exactly the normalised value reaches the emulator, validly
signed, and is stored (201). When the rules refuse it, the same input sent unchecked is refused by
the emulator too (4xx), unless the collection is stricter on purpose: those cases are listed by
name in DELIBERATE, each with its reason, and documented in docs/docsite/rst/guide_getting_started.rst.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import sys
import threading
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.flowroute.numbers.plugins.module_utils.client import FlowrouteAPIError, route_record
from ansible_collections.flowroute.numbers.plugins.module_utils.common import build_client, connection_argument_spec
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput, check_route

from conftest import EMULATOR  # noqa: E402  pylint: disable=wrong-import-position

sys.path.insert(0, os.path.dirname(EMULATOR))
import flowroute_emulator  # noqa: E402  pylint: disable=wrong-import-position

KEY, SECRET = '27182818', '0fedcba9876543210fedcba987654321'
EXAMPLES = int(os.environ.get('FLOWROUTE_PROPERTY_EXAMPLES', '3000'))
COUNTS = Counter()


def _port_with_leading_zero(route_type, value):
    return route_type in ('HOST', 'URI') and re.search(r':0[0-9]+(;|$)', value) is not None


def _uri_user_with_rfc_only_characters(route_type, value):
    match = re.fullmatch(r'sips?:([^@]+)@.*', value, re.DOTALL)
    return route_type == 'URI' and match is not None and re.search(r"[';?/]", match.group(1)) is not None


# Where the collection is stricter than the API's documented form, on purpose.
DELIBERATE = {
    # RFC 3986 reads :05060 as port 5060; Flowroute's examples never pad, and a padded port is far more often a typo
    'port with a leading zero': _port_with_leading_zero,
    # RFC 3261 allows ' ; ? / in a SIP user part; they are separators elsewhere in a URI, no Flowroute example uses
    # them, and sip://host (an http-style URI) is the mistake they let through
    "URI user part with ' ; ? or /": _uri_user_with_rfc_only_characters,
}

# Strings near the valid forms, so that acceptance is explored as well as refusal.
HOSTISH = st.from_regex(r'\A[0-9a-zA-Z.:\- ]{0,24}\Z')
PSTNISH = st.from_regex(r'\A\+?[0-9 ]{0,18}\Z')
LABEL = st.from_regex(r'\A[a-z0-9\-]{0,10}\Z')
HOSTNAMES = st.lists(LABEL, min_size=1, max_size=4).map('.'.join)
URIISH = st.builds(lambda scheme, user, host, port, params: scheme + user + '@' + host + port + params,
                   st.sampled_from(['sip:', 'sips:', 'SIP:', 'http:', 'sip://', '']),
                   st.from_regex(r"\A[0-9a-z%._\"'@;/?!~*()&=+$, \-]{0,8}\Z"),
                   st.one_of(HOSTISH, HOSTNAMES, st.sampled_from(['215.122.69.152', 'example.com', 'atlanta.com'])),
                   st.sampled_from(['', ':5060', ':0', ':05060', ':65535', ':65536', ':x']),
                   st.sampled_from(['', ';transport=tcp', ';transport=tls', ';transport=TCP', ';transport=sctp', ';lr',
                                    ';transport=udp\n']))
IPV4ISH = st.builds(lambda a, b, port: '{0}.2.3.{1}'.format(a, b) + port, st.integers(0, 300), st.integers(0, 300),
                    st.one_of(st.just(''), st.integers(-1, 70000).map(':{0}'.format), st.just(':05060')))
DIGITS = st.from_regex(r'\A\+?[0-9]{5,17}\Z')
NAMES = st.one_of(st.from_regex(r'\A[A-Za-z0-9]{1,12}\Z'), st.text(max_size=12), st.sampled_from(['sip-reg', 'SIP-REG']))
TYPES = st.sampled_from(['HOST', 'PSTN', 'URI', 'host', 'Uri', 'SIP-REG', ''])
VALUES = st.one_of(st.text(max_size=40), HOSTISH, PSTNISH, URIISH, IPV4ISH, DIGITS, HOSTNAMES)
# SIP URIs with a valid host whose user part draws on RFC 3261's whole user alphabet
RFC_URIS = st.builds(lambda scheme, user, host: scheme + user + '@' + host, st.sampled_from(['sip:', 'sips:']),
                     st.from_regex(r"\A[0-9a-z'.;?/!~*()&=+$,\-]{1,8}\Z"), st.sampled_from(['example.com', '192.0.2.7:5060']))
TYPED_VALUES = st.one_of(st.tuples(st.sampled_from(['HOST', 'host']), st.one_of(HOSTISH, IPV4ISH, HOSTNAMES)),
                         st.tuples(st.sampled_from(['PSTN', 'pstn']), st.one_of(PSTNISH, DIGITS)),
                         st.tuples(st.sampled_from(['URI', 'uri']), st.one_of(URIISH, RFC_URIS)),
                         st.tuples(TYPES, VALUES))


@pytest.fixture(scope='module')
def live():
    account = flowroute_emulator.Account(KEY, SECRET)
    server = flowroute_emulator.make_server('127.0.0.1', 0, account)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # every connection option at its default (an option added later cannot break this test), then what differs
    params = dict((name, spec.get('default')) for name, spec in connection_argument_spec().items())
    params.update(access_key=KEY, secret_key=SECRET, api_url='http://127.0.0.1:{0}'.format(server.server_address[1]),
                  retries=0)
    client = build_client(params, warn=None)
    yield account, client
    server.shutdown()
    server.server_close()


def status_of(client, name, route_type, value):
    """Send a route without any checking; the status the emulator answered."""
    try:
        client.create_route(route_record(name, route_type, value))
    except FlowrouteAPIError as exc:
        return exc.status
    return 201


def test_rules_and_emulator_agree_both_ways(live, capsys):
    account, client = live

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(name=NAMES, typed_value=TYPED_VALUES)
    def check(name, typed_value):
        route_type, value = typed_value
        try:
            route = check_route(name, route_type, value)
        except InvalidInput as refusal:
            COUNTS['refused'] += 1
            if refusal.option == 'name':
                probe = (name, 'HOST', '192.0.2.1')
            elif refusal.option == 'type':
                probe = ('Probe', route_type, '192.0.2.1')
            else:
                probe = ('Probe', route_type.upper(), value)
            status = status_of(client, *probe)
            if status == 201:
                reasons = [reason for reason, applies in DELIBERATE.items() if applies(probe[1], probe[2])]
                assert reasons, 'the rules refuse {0!r} ({1}) but the emulator stored it'.format(probe, refusal)
                COUNTS['deliberate: ' + reasons[0]] += 1
            elif refusal.option == 'name':
                # refused, not stored; '.' and '..' come back 401, as urllib3 drops dot segments after signing
                assert 400 <= status < 500, (probe, status)
                COUNTS['refused by both'] += 1
            else:
                assert status == 422, (probe, status)
                COUNTS['refused by both'] += 1
            return
        before = len(account.log)
        assert status_of(client, route['name'], route['type'], route['value']) == 201, \
            'the rules accept {0!r} but the emulator refused it'.format(route)
        COUNTS['accepted by both'] += 1
        arrived = account.log[before:]
        assert len(arrived) == 1 and arrived[0]['status'] == 201       # 401 would mean a bad signature
        assert arrived[0]['path'] == '/v1/routes/' + name
        assert json.loads(arrived[0]['body']) == {'type': route_type.upper(), 'value': route['value']}
        assert route['value'] == value or (route_type.upper() == 'PSTN' and '+' + route['value'] == value)
        assert account.v1_routes()[name] == {'type': route_type.upper(), 'value': route['value']}

    check()
    with capsys.disabled():
        print('\nproperty test: {0} examples; {1}'.format(
            COUNTS['refused'] + COUNTS['accepted by both'],
            ', '.join('{0} {1}'.format(count, what) for what, count in sorted(COUNTS.items()))))
    assert COUNTS['accepted by both'] > 200 and COUNTS['refused by both'] > 200
