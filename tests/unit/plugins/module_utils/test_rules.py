# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils import rules
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import (
    InvalidInput,
    check_api_url,
    check_number,
    check_number_pattern,
    check_route,
    check_route_reference,
    check_routes,
    check_route_name,
    check_route_type,
    check_route_value,
    is_loopback_host,
)

GOOD_NAMES = ['HOSTRoute1', 'a', 'Z9', '0123456789abcdef0123456789abcdef', 'PSTNRoute1']
BAD_NAMES = [
    ('', 'required'), ('sip-reg', 'built-in'), ('SIP-REG', 'built-in'), ('my route', 'letters'),
    ('a/b', 'letters'), ('a%2Fb', 'letters'), ('..', 'letters'), ('route-1', 'letters'), ('caf\u00e9', 'letters'),
    ('r\u0661', 'letters'), ('abc\n', 'letters'), ('a\x00b', 'letters'), ('a_b', 'letters'), ('a.b', 'letters'),
]


@pytest.mark.parametrize('name', GOOD_NAMES)
def test_good_route_names_pass_unchanged(name):
    assert check_route_name(name) == name


@pytest.mark.parametrize('name, hint', BAD_NAMES)
def test_bad_route_names_name_the_option(name, hint):
    with pytest.raises(InvalidInput) as err:
        check_route_name(name)
    assert str(err.value).startswith('name: ')
    assert hint in str(err.value)


@pytest.mark.parametrize('given, sent', [('HOST', 'HOST'), ('host', 'HOST'), ('Pstn', 'PSTN'), ('uRi', 'URI')])
def test_route_type_any_case_sent_upper(given, sent):
    assert check_route_type(given) == sent


@pytest.mark.parametrize('given', ['', 'SIP-REG', 'sip', 'HOSTS', ' HOST', 'NUMBER', None])
def test_bad_route_types(given):
    with pytest.raises(InvalidInput, match='^type: must be one of HOST, PSTN or URI'):
        check_route_type(given)


GOOD_VALUES = [
    ('HOST', '24.239.23.40:5060', '24.239.23.40:5060'),
    ('HOST', '24.239.23.40', '24.239.23.40'),
    ('HOST', 'sip.example.com', 'sip.example.com'),
    ('HOST', 'sip.example.com:65535', 'sip.example.com:65535'),
    ('HOST', 'pbx1:1', 'pbx1:1'),
    ('HOST', '0.0.0.0', '0.0.0.0'),
    ('HOST', 'a-b.example.co', 'a-b.example.co'),
    ('PSTN', '18002364455', '18002364455'),
    ('PSTN', '+16476998778', '16476998778'),
    ('PSTN', '442071838750', '442071838750'),
    ('PSTN', '123456789012345', '123456789012345'),
    ('URI', 'sip:16476998778@215.122.69.152:5060;transport=tcp', 'sip:16476998778@215.122.69.152:5060;transport=tcp'),
    ('URI', 'sip:120664480000@sip.example.com', 'sip:120664480000@sip.example.com'),
    ('URI', 'sips:alice@example.com:5061;transport=tls', 'sips:alice@example.com:5061;transport=tls'),
    ('URI', 'sip:a.b-c_d%20e@host;transport=udp', 'sip:a.b-c_d%20e@host;transport=udp'),
]
BAD_VALUES = [
    ('HOST', '256.1.1.1', 'IPv4'), ('HOST', '1.2.3', 'IPv4'), ('HOST', '01.2.3.4', 'IPv4'),
    ('HOST', '1.2.3.4:0', 'between 1 and 65535'), ('HOST', '1.2.3.4:65536', 'between 1 and 65535'),
    ('HOST', '1.2.3.4:', 'not a number'), ('HOST', '1.2.3.4:50a', 'not a number'), ('HOST', '1.2.3.4:05060', 'leading zero'),
    ('HOST', '-bad.example.com', 'dash'), ('HOST', 'bad-.example.com', 'dash'), ('HOST', 'a..b', 'dash'),
    ('HOST', 'sip:1.2.3.4', 'scheme'), ('HOST', 'http://example.com', 'scheme'), ('HOST', 'a b.com', 'dash'),
    ('HOST', 'example.123', 'all-numeric'), ('HOST', 'h\u00f6st.com', 'characters'), ('HOST', 'x' * 64 + '.com', 'dash'),
    ('HOST', '::1', 'IPv6'), ('HOST', '[::1]:5060', 'IPv6'), ('HOST', 'host"name', 'dash'), ('HOST', '{"a": 1}', 'dash'), ('HOST', ' 1.2.3.4', 'white space'),
    ('HOST', '1.2.3.4\n', 'white space'), ('HOST', '', 'required'),
    ('PSTN', '1 800 236 4455', 'E.164'), ('PSTN', '1234567890123456', 'E.164'), ('PSTN', '0123456789', 'E.164'),
    ('PSTN', '++18002364455', 'E.164'), ('PSTN', '1-800-236-4455', 'E.164'), ('PSTN', '123456', 'E.164'),
    ('PSTN', '\u0661\u0662\u0663\u0664\u0665\u0666\u0667', 'E.164'),
    ('URI', 'sip:@host', 'user part'), ('URI', 'sip:user@', 'host part'), ('URI', 'sip:user@host;transport=sctp', 'transport'),
    ('URI', 'http:user@host', 'sip: or sips:'), ('URI', 'user@host', 'sip: or sips:'), ('URI', 'SIP:user@host', 'sip: or sips:'),
    ('URI', 'sip:us"er@host', 'user part'), ('URI', 'sip:user@host:99999', 'between'), ('URI', 'sip:user@host;lr', 'transport'),
    ('URI', 'sip:user@host;transport=tcp\nX: y', 'transport'), ('URI', 'sip:a@b@c', 'host part'), ('URI', 'sip:user@256.0.0.1', 'IPv4'),
]


@pytest.mark.parametrize('route_type, value, sent', GOOD_VALUES)
def test_good_values(route_type, value, sent):
    assert check_route_value(route_type, value) == sent


@pytest.mark.parametrize('route_type, value, hint', BAD_VALUES)
def test_bad_values_say_what_to_fix(route_type, value, hint):
    with pytest.raises(InvalidInput) as err:
        check_route_value(route_type, value)
    message = str(err.value)
    assert message.startswith('value: ')
    assert hint in message
    assert '\n' not in message


def test_check_route_normalises_everything():
    assert check_route('PSTNRoute1', 'pstn', '+18002364455') == {'name': 'PSTNRoute1', 'type': 'PSTN', 'value': '18002364455',
                                                                 'edge_strategy': None}
    assert check_route('Office PBX', 'host', 'pbx', version='v2', edge_strategy='4')['edge_strategy'] == '4'
    with pytest.raises(InvalidInput, match=r'^edge_strategy: is empty; leave it out to return everything$'):
        check_route('A', 'host', 'pbx', edge_strategy='')


def test_value_checked_against_its_type():
    with pytest.raises(InvalidInput, match='^value: a PSTN route'):
        check_route('R1', 'PSTN', '24.239.23.40:5060')


@pytest.mark.parametrize('given, normalised', [
    ('https://api.flowroute.com', 'https://api.flowroute.com'),
    ('https://api.flowroute.com/', 'https://api.flowroute.com'),
    ('HTTPS://API.Flowroute.com:443', 'https://api.flowroute.com'),
    ('http://127.0.0.1:8557', 'http://127.0.0.1:8557'),
    ('http://localhost:80', 'http://localhost'),
])
def test_api_url_normalised(given, normalised):
    assert check_api_url(given) == normalised


@pytest.mark.parametrize('given', ['api.flowroute.com', 'https://api.flowroute.com/v1', 'ftp://x', 'https://a.com?x=1',
                                   'https://user:pw@a.com', 'https://a.com:0', '', None])
def test_bad_api_url(given):
    with pytest.raises(InvalidInput, match='^api_url: '):
        check_api_url(given)


@pytest.mark.parametrize('host, loopback', [('127.0.0.1', True), ('127.5.6.7', True), ('localhost', True), ('[::1]', True),
                                            ('10.0.0.1', False), ('api.flowroute.com', False), ('127.0.0.1.nip.io', False)])
def test_loopback(host, loopback):
    assert is_loopback_host(host) is loopback


@pytest.mark.parametrize('given, sent', [('12065551234', '12065551234'), ('+12065551234', '12065551234'), ('4420718387500', '4420718387500')])
def test_numbers(given, sent):
    assert check_number(given) == sent


@pytest.mark.parametrize('given', ['206-555-1234', '1206555123x', '+', '', '012065551234', '1234567890123456', ' 12065551234', None])
def test_bad_numbers(given):
    with pytest.raises(InvalidInput, match='^number: must be a phone number in E.164 form'):
        check_number(given)


@pytest.mark.parametrize('given, sent', [('HOSTRoute1', 'HOSTRoute1'), ('sip-reg', 'sip-reg'), ('SIP-REG', 'sip-reg')])
def test_route_references(given, sent):
    assert check_route_reference(given, 'primary_route') == sent


@pytest.mark.parametrize('given', ['', ' ab', 'route/1', None, 'x' * 65])
def test_bad_route_references(given):
    with pytest.raises(InvalidInput, match='^failover_route: must be the name of a route'):
        check_route_reference(given, 'failover_route')


@pytest.mark.parametrize('given, ok', [('1', True), ('12065551234', True), ('120655512345', False), ('', False), ('12a', False)])
def test_number_patterns(given, ok):
    if ok:
        assert check_number_pattern(given) == given
    else:
        with pytest.raises(InvalidInput, match='^pattern: '):
            check_number_pattern(given)


def test_check_routes_normalises_each_item():
    assert check_routes([{'name': 'A', 'type': 'pstn', 'value': '+18002364455'}, {'name': 'B', 'type': 'HOST', 'value': 'pbx',
                                                                                  'edge_strategy': 'US-East-VA'}]) == [
        {'name': 'A', 'type': 'PSTN', 'value': '18002364455', 'edge_strategy': None},
        {'name': 'B', 'type': 'HOST', 'value': 'pbx', 'edge_strategy': 'US-East-VA'}]
    assert check_routes([{'name': 'My PBX', 'type': 'HOST', 'value': 'pbx'}], version='v2')[0]['name'] == 'My PBX'
    with pytest.raises(InvalidInput, match=r'^routes\[0\]\.name: must contain only'):
        check_routes([{'name': 'My PBX', 'type': 'HOST', 'value': 'pbx'}])


@pytest.mark.parametrize('items, message', [
    ('A', '^routes: must be a list'),
    (['A'], r'^routes\[0\]: must be a dictionary'),
    ([{'name': 'A', 'type': 'HOST', 'value': '1.2.3.4', 'extra': 1}],
     r'^routes\[0\]: unknown keys extra; only name, type, value and edge_strategy are allowed$'),
    ([{'name': 'A', 'type': 'HOST'}], r'^routes\[0\]\.value: a value is required'),
    ([{'name': 'A', 'type': 'HOST', 'value': '1.2.3.4'}, {'name': 'A', 'type': 'HOST', 'value': '1.2.3.4'}],
     r'^routes\[1\]\.name: A is already listed at routes\[0\]'),
])
def test_check_routes_refuses_with_the_item_path(items, message):
    with pytest.raises(InvalidInput, match=message):
        check_routes(items)


# --- canonical forms: both sides of every comparison ---

@pytest.mark.parametrize('route, state', [
    ({'type': 'host', 'value': '1.2.3.4'}, {'type': 'HOST', 'value': '1.2.3.4'}),
    ({'type': 'Pstn', 'value': '+18002364455'}, {'type': 'PSTN', 'value': '18002364455'}),
    ({'type': 'URI', 'value': '+sip:x@y'}, {'type': 'URI', 'value': '+sip:x@y'}),
    ({'type': 'SIP-REG', 'value': None}, {'type': 'SIP-REG', 'value': None}),
    (None, {}), ({}, {}),
])
def test_route_state_is_canonical(route, state):
    assert rules.route_state(route) == state


def test_route_state_with_edge():
    assert rules.route_state({'type': 'host', 'value': 'a', 'edge_strategy': '4'}, with_edge=True) == {
        'type': 'HOST', 'value': 'a', 'edge_strategy': '4'}
    assert rules.route_state({'type': 'host', 'value': 'a'}, with_edge=True) == {'type': 'HOST', 'value': 'a', 'edge_strategy': None}


def test_canonical_type_and_value_leave_other_things_alone():
    assert rules.canonical_type(None) is None
    assert rules.canonical_value('PSTN', None) is None
    assert rules.canonical_value('pstn', '+1') == '1'
    assert rules.canonical_value('HOST', '+1') == '+1'


def test_present_route():
    route = {'name': 'A', 'type': 'pstn', 'value': '+1800', 'id': '7', 'edge_strategy': None}
    assert rules.present_route(route) == {'name': 'A', 'type': 'PSTN', 'value': '1800'}
    assert rules.present_route(route, ('name', 'type', 'value', 'id')) == {'name': 'A', 'type': 'PSTN', 'value': '1800', 'id': '7'}
    assert rules.present_route(None) is None


# --- filters and option checks ---

def test_check_filter():
    assert rules.check_filter(None, 'name') is None
    assert rules.check_filter('A', 'name') == 'A'
    assert rules.check_filter('+12065551234', 'number', rules.check_number) == '12065551234'
    with pytest.raises(InvalidInput, match=r'^pattern: is empty; leave it out to return everything$'):
        rules.check_filter('', 'pattern', rules.check_number_pattern)


@pytest.mark.parametrize('value, expected', [('host', 'HOST'), ('Sip-Reg', 'SIP-REG'), ('URI', 'URI'), ('pstn', 'PSTN')])
def test_route_type_filter(value, expected):
    assert rules.check_route_type_filter(value) == expected


@pytest.mark.parametrize('value', ['SIP', 'HOSTS', 'ＨOST', 5, None])
def test_route_type_filter_refuses(value):
    with pytest.raises(InvalidInput) as err:
        rules.check_route_type_filter(value)
    assert str(err.value) == 'type: must be one of HOST, PSTN, URI or SIP-REG (any case), got {0!r}'.format(value)


@pytest.mark.parametrize('check, good, bad', [
    (rules.check_timeout, [0.001, 0.5, 30, 3600], [0, -1, None]),
    (rules.check_retries, [0, 1, 10], [-1, 11, None]),
    (rules.check_concurrency, [1, 8, 32], [0, 33, None]),
])
def test_option_ranges(check, good, bad):
    for value in good:
        assert check(value) == value
    for value in bad:
        with pytest.raises(InvalidInput):
            check(value)


# --- v2 aliases, route references and edge strategies ---

@pytest.mark.parametrize('alias', ['A', 'Office PBX', 'new_route_5000', 'il775u0123456789', 'a.b-c_d e', 'x' * 64,
                                   'fb6da186e68bce36adf454261d654c25'])
def test_v2_aliases(alias):
    assert rules.check_route_name(alias, version='v2') == alias


@pytest.mark.parametrize('alias', [' A', 'A ', 'x' * 65, 'a/b', 'caf\u00e9', 'a\tb', 'a\nb', 'a@b', 'sip-reg', 'SIP-REG', ''])
def test_v2_aliases_refused(alias):
    with pytest.raises(InvalidInput, match='^name: '):
        rules.check_route_name(alias, version='v2')


def test_v2_alias_message():
    with pytest.raises(InvalidInput) as err:
        rules.check_route_name('a/b', version='v2')
    assert str(err.value) == ("name: a route alias is 1 to 64 letters A-Z, a-z, digits, spaces, dots, dashes or "
                              "underscores, not starting or ending with a space, got 'a/b'")


def test_route_references_take_the_names_routes_have_over_either_version():
    # a route made in the portal or over v2 is listed by its alias over v1 too, so a number may name it there
    assert rules.check_route_reference('SIP-Reg', 'primary_route') == 'sip-reg'
    assert rules.check_route_reference('Office PBX', 'primary_route', 'v2') == 'Office PBX'
    assert rules.check_route_reference('Office PBX', 'primary_route', 'v1') == 'Office PBX'
    for version in ('v1', 'v2'):
        with pytest.raises(InvalidInput) as err:
            rules.check_route_reference('a/b', 'failover_route', version)
        assert str(err.value) == ("failover_route: must be the name of a route (letters, digits, spaces, dots, dashes, "
                                  "underscores) or sip-reg, got 'a/b'")


def test_a_v1_name_refused_for_what_a_v2_alias_takes_says_so():
    with pytest.raises(InvalidInput) as err:
        rules.check_route_name('Office PBX')
    assert str(err.value).endswith("got 'Office PBX'; over api_version v2 a route's alias may also have spaces, dots, "
                                   "dashes and underscores")
    with pytest.raises(InvalidInput) as err:
        rules.check_route_name('a/b')
    assert str(err.value).endswith("got 'a/b'")


STRATEGIES = [{'id': '1', 'name': 'US-West-OR'}, {'id': '4', 'name': 'US-East-VA'}]


@pytest.mark.parametrize('wanted, expected', [('4', '4'), ('1', '1'), ('US-East-VA', '4'), ('us-west-or', '1')])
def test_edge_strategy_by_id_or_name(wanted, expected):
    assert rules.resolve_edge_strategy(wanted, STRATEGIES) == expected


def test_unknown_edge_strategy_lists_the_known_ones():
    with pytest.raises(InvalidInput) as err:
        rules.resolve_edge_strategy('EU-West', STRATEGIES, 'routes[2].edge_strategy')
    assert str(err.value) == "routes[2].edge_strategy: unknown edge strategy 'EU-West'; the API lists 1 (US-West-OR), 4 (US-East-VA)"
    with pytest.raises(InvalidInput, match='the API lists none$'):
        rules.resolve_edge_strategy('4', [])
    with pytest.raises(InvalidInput):
        rules.resolve_edge_strategy('x', [{'id': '9', 'name': None}])


# --- many numbers ---

def test_check_number_items():
    assert rules.check_number_items([{'number': '+12065551234', 'primary_route': 'SIP-REG'},
                                     {'number': '12065551235', 'failover_route': 'My PBX', 'primary_route': None}], 'v2') == [
        {'number': '12065551234', 'asked': {'primary_route': 'sip-reg'}, 'alias': None, 'where': 'numbers[0]'},
        {'number': '12065551235', 'asked': {'failover_route': 'My PBX'}, 'alias': None, 'where': 'numbers[1]'}]
    assert rules.check_number_items([]) == []


@pytest.mark.parametrize('items, message', [
    ('x', 'numbers: must be a list of {number, primary_route, failover_route}'),
    (['x'], "numbers: 1 problem in the list, so nothing was sent: numbers[0]: must be a dictionary with number, "
            "primary_route and failover_route, got 'x'"),
    ([{'number': '12065551234', 'primary_route': 'A', 'x': 1}],
     'numbers: 1 problem in the list, so nothing was sent: numbers[0]: unknown keys x; only number, primary_route, '
     'failover_route and alias are allowed'),
    ([{'number': '12065551234', 'failover_route': 'a/b'}],
     "numbers: 1 problem in the list, so nothing was sent: numbers[0].failover_route: must be the name of a route "
     "(letters, digits, spaces, dots, dashes, underscores) or sip-reg, got 'a/b'"),
])
def test_check_number_items_refuses(items, message):
    with pytest.raises(InvalidInput) as err:
        rules.check_number_items(items)
    assert str(err.value) == message


# --- what mutation testing found unpinned ---

@pytest.mark.parametrize('value, message', [
    ('sip:a@host;foo=tcp', "value: the only parameter allowed after the host is ;transport=udp, ;transport=tcp or "
                           ";transport=tls, got ';foo=tcp'"),
    ('sip:a@host:5060:1', "value: the host part after @ is not valid: hostname 'host:5060' is not valid: each "
                          "dot-separated part must be 1-63 letters, digits or dashes, not starting or ending with a dash; "
                          "e.g. sip:16476998778@215.122.69.152:5060;transport=tcp"),
])
def test_uri_parameter_and_port_mistakes(value, message):
    with pytest.raises(InvalidInput) as err:
        rules.check_route_value('URI', value)
    assert str(err.value) == message


def test_every_part_of_a_listed_route_is_named_by_its_place():
    with pytest.raises(InvalidInput) as err:
        check_routes([{'name': 'A', 'type': 'SIP', 'value': '1.2.3.4'}])
    assert str(err.value) == "routes[0].type: must be one of HOST, PSTN or URI (any case), got 'SIP'"
    with pytest.raises(InvalidInput) as err:
        check_routes([{'name': 'A', 'type': 'HOST', 'value': '1.2.3.4', 'z': 1, 'y': 2}])
    assert str(err.value) == 'routes[0]: unknown keys y, z; only name, type, value and edge_strategy are allowed'


def test_number_items_report_every_problem_and_every_unknown_key():
    with pytest.raises(InvalidInput) as err:
        rules.check_number_items(['x', {'number': '12065551234', 'primary_route': 'A', 'z': 1, 'y': 2}])
    assert str(err.value) == ("numbers: 2 problems in the list, so nothing was sent: numbers[0]: must be a dictionary with "
                              "number, primary_route and failover_route, got 'x'; numbers[1]: unknown keys y, z; only "
                              "number, primary_route, failover_route and alias are allowed")


def test_defaults_are_v1_and_the_plain_option_names():
    with pytest.raises(InvalidInput, match=r'^name: must contain only'):
        check_route('Office PBX', 'HOST', '1.2.3.4')
    with pytest.raises(InvalidInput, match=r'^name: must contain only'):
        rules.check_route_name('Office PBX')
    assert rules.check_route_reference('Office PBX', 'primary_route') == 'Office PBX'
    with pytest.raises(InvalidInput, match=r'^routes\[0\]\.name: must contain only'):
        check_routes([{'name': 'Office PBX', 'type': 'HOST', 'value': '1.2.3.4'}])
    assert rules.check_number_items([{'number': '12065551234', 'primary_route': 'Office PBX'}])[0]['asked'] == {
        'primary_route': 'Office PBX'}


# --- rules added for issues 18 and 19 ---

def test_max_deletes_may_be_zero_and_not_below():
    from ansible_collections.flowroute.numbers.plugins.module_utils.rules import check_max_deletes
    assert check_max_deletes(0) == 0
    with pytest.raises(InvalidInput, match=r'^max_deletes: must be 0 or more, got -1$'):
        check_max_deletes(-1)


@pytest.mark.parametrize('seconds', [0, 0.5, 86400])
def test_rate_limit_wait_bounds_are_allowed(seconds):
    from ansible_collections.flowroute.numbers.plugins.module_utils.rules import check_rate_limit_wait
    assert check_rate_limit_wait(seconds) == seconds


def test_rate_limit_wait_outside_says_what_it_got():
    from ansible_collections.flowroute.numbers.plugins.module_utils.rules import check_rate_limit_wait
    with pytest.raises(InvalidInput) as err:
        check_rate_limit_wait(86400.5)
    assert str(err.value) == 'rate_limit_wait: must be between 0 and 86400 seconds, got 86400.5'


def test_a_route_read_without_edge_known_compares_its_edge():
    from ansible_collections.flowroute.numbers.plugins.module_utils.rules import compares_edge
    assert compares_edge('4', {'type': 'HOST', 'value': 'x'}) is True
    assert compares_edge('4', {'type': 'HOST', 'value': 'x', 'edge_known': False}) is False
    assert compares_edge('4', None) is True and compares_edge(None, {'edge_known': True}) is False


@pytest.mark.parametrize('alias', ['NYC Number', 'x', 'A' * 64, 'Café 1'])
def test_number_aliases_that_are_taken(alias):
    from ansible_collections.flowroute.numbers.plugins.module_utils.rules import check_number_alias
    assert check_number_alias(alias) == alias


@pytest.mark.parametrize('alias', ['', 'A' * 65, ' NYC', 'NYC ', 'a\tb', None, 5])
def test_number_aliases_that_are_refused_say_why(alias):
    from ansible_collections.flowroute.numbers.plugins.module_utils.rules import check_number_alias
    with pytest.raises(InvalidInput) as err:
        check_number_alias(alias, 'numbers[0].alias')
    assert str(err.value) == ('numbers[0].alias: a number alias is 1 to 64 printable characters, not starting or ending '
                              'with a space, got {0!r}'.format(alias))
