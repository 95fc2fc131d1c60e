# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every refusal of the input rules, word for word: the option, what to fix, and the offending value, quoted."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils import rules

# (rule, arguments, the whole message)
CASES = [
    ('check_route_name', ('',),
     'name: a route name is required (letters and digits only, e.g. HOSTRoute1)'),
    ('check_route_name', (None,),
     'name: a route name is required (letters and digits only, e.g. HOSTRoute1)'),
    ('check_route_name', ('sip-reg',),
     "name: 'sip-reg' is the built-in route and cannot be created or changed"),
    ('check_route_name', ('a b',),
     'name: must contain only the letters A-Z, a-z and the digits 0-9 (no spaces, dashes or other '
     "characters), got 'a b'; over api_version v2 a route's alias may also have spaces, dots, dashes and underscores"),
    ('check_route_name', ('café',),
     'name: must contain only the letters A-Z, a-z and the digits 0-9 (no spaces, dashes or other '
     "characters), got 'café'"),
    ('check_route_type', ('SIP',),
     "type: must be one of HOST, PSTN or URI (any case), got 'SIP'"),
    ('check_route_type', (None,),
     'type: must be one of HOST, PSTN or URI (any case), got None'),
    ('check_route_value', ('HOST', ''),
     'value: a value is required for a HOST route'),
    ('check_route_value', ('HOST', ' 1.2.3.4'),
     "value: has leading or trailing white space: ' 1.2.3.4'"),
    ('check_route_value', ('HOST', 'sip:pbx.example.com'),
     'value: a HOST route takes an IPv4 address or hostname with an optional :port, without a scheme, got '
     "'sip:pbx.example.com'"),
    ('check_route_value', ('HOST', 'SIPS:pbx'),
     'value: a HOST route takes an IPv4 address or hostname with an optional :port, without a scheme, got '
     "'SIPS:pbx'"),
    ('check_route_value', ('HOST', 'HTTP:pbx'),
     'value: a HOST route takes an IPv4 address or hostname with an optional :port, without a scheme, got '
     "'HTTP:pbx'"),
    ('check_route_value', ('HOST', 'https:pbx'),
     'value: a HOST route takes an IPv4 address or hostname with an optional :port, without a scheme, got '
     "'https:pbx'"),
    ('check_route_value', ('HOST', 'ftp://pbx'),
     'value: a HOST route takes an IPv4 address or hostname with an optional :port, without a scheme, got '
     "'ftp://pbx'"),
    ('check_route_value', ('HOST', '::1'),
     'value: a HOST route takes an IPv4 address or DNS hostname; IPv6 addresses are not supported, got '
     "'::1'"),
    ('check_route_value', ('HOST', '[2001:db8::1]'),
     'value: a HOST route takes an IPv4 address or DNS hostname; IPv6 addresses are not supported, got '
     "'[2001:db8::1]'"),
    ('check_route_value', ('HOST', '[x'),
     'value: a HOST route takes an IPv4 address or DNS hostname; IPv6 addresses are not supported, got '
     "'[x'"),
    ('check_route_value', ('HOST', ':5060'),
     'value: a HOST route takes an IPv4 address or DNS hostname with an optional :port (e.g. '
     '24.239.23.40:5060 or sip.example.com): the host is empty'),
    ('check_route_value', ('HOST', 'péx.example.com'),
     'value: a HOST route takes an IPv4 address or DNS hostname with an optional :port (e.g. '
     "24.239.23.40:5060 or sip.example.com): host 'péx.example.com' has characters other than letters, "
     'digits, dots and dashes'),
    ('check_route_value', ('HOST', '1.2.3.256'),
     'value: a HOST route takes an IPv4 address or DNS hostname with an optional :port (e.g. '
     "24.239.23.40:5060 or sip.example.com): '1.2.3.256' is not a valid IPv4 address"),
    ('check_route_value', ('HOST', '1.2.3.01'),
     'value: a HOST route takes an IPv4 address or DNS hostname with an optional :port (e.g. '
     "24.239.23.40:5060 or sip.example.com): '1.2.3.01' is not a valid IPv4 address"),
    ('check_route_value', ('HOST', '1.2.3'),
     'value: a HOST route takes an IPv4 address or DNS hostname with an optional :port (e.g. '
     "24.239.23.40:5060 or sip.example.com): '1.2.3' is not a valid IPv4 address"),
    ('check_route_value', ('HOST', 'a' * 250 + '.com'),
     'value: a HOST route takes an IPv4 address or DNS hostname with an optional :port (e.g. '
     '24.239.23.40:5060 or sip.example.com): hostname '
     "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com' is longer than 253 characters"),
    ('check_route_value', ('HOST', '-pbx.example.com'),
     'value: a HOST route takes an IPv4 address or DNS hostname with an optional :port (e.g. '
     "24.239.23.40:5060 or sip.example.com): hostname '-pbx.example.com' is not valid: each dot-separated "
     'part must be 1-63 letters, digits or dashes, not starting or ending with a dash'),
    ('check_route_value', ('HOST', 'pbx.123'),
     'value: a HOST route takes an IPv4 address or DNS hostname with an optional :port (e.g. '
     "24.239.23.40:5060 or sip.example.com): hostname 'pbx.123' ends in an all-numeric part"),
    ('check_route_value', ('HOST', 'pbx:x'),
     'value: a HOST route takes an IPv4 address or DNS hostname with an optional :port (e.g. '
     "24.239.23.40:5060 or sip.example.com): port 'x' is not a number"),
    ('check_route_value', ('HOST', 'pbx:0'),
     'value: a HOST route takes an IPv4 address or DNS hostname with an optional :port (e.g. '
     "24.239.23.40:5060 or sip.example.com): port '0' is not between 1 and 65535"),
    ('check_route_value', ('HOST', 'pbx:65536'),
     'value: a HOST route takes an IPv4 address or DNS hostname with an optional :port (e.g. '
     "24.239.23.40:5060 or sip.example.com): port '65536' is not between 1 and 65535"),
    ('check_route_value', ('HOST', 'pbx:05060'),
     'value: a HOST route takes an IPv4 address or DNS hostname with an optional :port (e.g. '
     "24.239.23.40:5060 or sip.example.com): port '05060' has a leading zero; write 5060"),
    ('check_route_value', ('HOST', 'pbx:٥'),
     'value: a HOST route takes an IPv4 address or DNS hostname with an optional :port (e.g. '
     "24.239.23.40:5060 or sip.example.com): port '٥' is not a number"),
    ('check_route_value', ('PSTN', '1 800'),
     'value: a PSTN route takes an E.164 number: 7 to 15 digits, not starting with 0, no spaces or '
     "dashes, e.g. 16476998778 (a leading + is allowed), got '1 800'"),
    ('check_route_value', ('PSTN', '+0123456'),
     'value: a PSTN route takes an E.164 number: 7 to 15 digits, not starting with 0, no spaces or '
     "dashes, e.g. 16476998778 (a leading + is allowed), got '+0123456'"),
    ('check_route_value', ('URI', 'http:a@b'),
     'value: a URI route takes sip: or sips: followed by user@host[:port][;transport=udp|tcp|tls], e.g. '
     "sip:16476998778@215.122.69.152:5060;transport=tcp; got 'http:a@b'"),
    ('check_route_value', ('URI', 'sip:a'),
     'value: a URI route takes sip: or sips: followed by user@host[:port][;transport=udp|tcp|tls], e.g. '
     "sip:16476998778@215.122.69.152:5060;transport=tcp; got 'sip:a'"),
    ('check_route_value', ('URI', 'sip:a b@host'),
     'value: the user part before @ must be non-empty letters, digits or -_.!~*()&=+$, (%XX escapes '
     "allowed), e.g. sip:16476998778@215.122.69.152:5060;transport=tcp; got 'sip:a b@host'"),
    ('check_route_value', ('URI', 'sip:usér@host'),
     'value: the user part before @ must be non-empty letters, digits or -_.!~*()&=+$, (%XX escapes '
     "allowed), e.g. sip:16476998778@215.122.69.152:5060;transport=tcp; got 'sip:usér@host'"),
    ('check_route_value', ('URI', 'sip:a@256.1.1.1'),
     "value: the host part after @ is not valid: '256.1.1.1' is not a valid IPv4 address; e.g. "
     'sip:16476998778@215.122.69.152:5060;transport=tcp'),
    ('check_route_value', ('URI', 'sip:a@host:0'),
     "value: the host part after @ is not valid: port '0' is not between 1 and 65535; e.g. "
     'sip:16476998778@215.122.69.152:5060;transport=tcp'),
    ('check_route_value', ('URI', 'sip:a@host;lr'),
     'value: the only parameter allowed after the host is ;transport=udp, ;transport=tcp or '
     ";transport=tls, got ';lr'"),
    ('check_route_value', ('URI', 'sip:a@host;transport'),
     'value: the only parameter allowed after the host is ;transport=udp, ;transport=tcp or '
     ";transport=tls, got ';transport'"),
    ('check_route_value', ('URI', 'sip:a@host;transport=TCP'),
     'value: the only parameter allowed after the host is ;transport=udp, ;transport=tcp or '
     ";transport=tls, got ';transport=TCP'"),
    ('check_routes', ('x',),
     'routes: must be a list of {name, type, value}'),
    ('check_routes', (['x'],),
     "routes[0]: must be a dictionary with name, type and value, got 'x'"),
    ('check_route_reference', (None, 'primary_route'),
     'primary_route: must be the name of a route (letters, digits, spaces, dots, dashes, underscores) or sip-reg, '
     'got None'),
    ('check_number', ('12',),
     'number: must be a phone number in E.164 form, 7 to 15 digits, e.g. 12065551234 (a leading + is '
     "allowed), got '12'"),
    ('check_number', (None,),
     'number: must be a phone number in E.164 form, 7 to 15 digits, e.g. 12065551234 (a leading + is '
     'allowed), got None'),
    ('check_number_pattern', ('123456789012',),
     "pattern: must be 1 to 11 digits of a phone number, got '123456789012'"),
    ('check_number_pattern', ('12a',),
     "pattern: must be 1 to 11 digits of a phone number, got '12a'"),
    ('check_number_pattern', ('١',),
     "pattern: must be 1 to 11 digits of a phone number, got '١'"),
    ('check_api_url', ('ftp://h',),
     "api_url: scheme must be https (or http for a local emulator), got 'ftp://h'"),
    ('check_api_url', ('https://h/v1',),
     'api_url: must be scheme://host[:port] with nothing after it, e.g. https://api.flowroute.com (the '
     "client adds /v1/... or /v2/...), got 'https://h/v1'"),
    ('check_api_url', ('https://h:0',),
     "api_url: port '0' is not between 1 and 65535"),
    ('check_api_url', ('https://h:99999',),
     "api_url: port '99999' is not between 1 and 65535"),
    ('check_api_url', (None,),
     'api_url: must be scheme://host[:port] with nothing after it, e.g. https://api.flowroute.com (the '
     'client adds /v1/... or /v2/...), got None'),
    ('check_timeout', (0,),
     'timeout: must be a number of seconds above 0, got 0'),
    ('check_retries', (11,),
     'retries: must be between 0 and 10, got 11'),
    ('check_concurrency', (0,),
     'concurrency: must be between 1 and 32, got 0'),
    ('check_filter', ('', 'name'),
     'name: is empty; leave it out to return everything'),
    ('check_route_type_filter', ('x',),
     "type: must be one of HOST, PSTN, URI or SIP-REG (any case), got 'x'"),
]


@pytest.mark.parametrize('rule, args, message', CASES)
def test_each_refusal_says_exactly_this(rule, args, message):
    with pytest.raises(rules.InvalidInput) as err:
        getattr(rules, rule)(*args)
    assert str(err.value) == message
    assert err.value.option == message.split(': ', 1)[0] and err.value.problem == message.split(': ', 1)[1]


# The edges that are accepted, next to the refusals above.
@pytest.mark.parametrize('route_type, value', [
    ('HOST', '255.255.255.255'), ('HOST', '0.0.0.0:1'), ('HOST', 'pbx:65535'), ('HOST', 'a' * 63 + '.example.com'),
    ('HOST', '.'.join(['a' * 63] * 3) + '.' + 'b' * 61), ('HOST', 'sip-server.example.com'),
    ('URI', 'sips:a@b.example'), ('URI', 'sip:a@b.example;transport=udp'), ('URI', 'sip:%41b@host:65535;transport=tls'),
    ('PSTN', '1234567'), ('PSTN', '123456789012345'), ('PSTN', '+16476998778'),
])
def test_edges_accepted(route_type, value):
    assert rules.check_route_value(route_type, value) == value.lstrip('+')


@pytest.mark.parametrize('route_type, value', [
    ('HOST', 'a' * 64 + '.example.com'), ('HOST', '.'.join(['a' * 63] * 3) + '.' + 'b' * 62), ('PSTN', '123456'),
    ('PSTN', '1234567890123456'), ('URI', 'sips:a@b.example;transport=sctp'),
])
def test_edges_refused(route_type, value):
    with pytest.raises(rules.InvalidInput):
        rules.check_route_value(route_type, value)


def test_253_is_the_longest_host_name():
    longest = '.'.join(['a' * 63] * 3) + '.' + 'b' * 61
    assert len(longest) == 253
