# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The contracts' value rules (flowroute-v1-api.md section 4, v2 section 2.6), read independently of the collection."""

import re

ROUTE_NAME = re.compile(r'[A-Za-z0-9]+')
NUMBER = re.compile(r'[1-9][0-9]{0,14}')
OCTET = r'(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])'
IPV4 = re.compile(r'{0}(?:\.{0}){{3}}'.format(OCTET))
HOST_LABEL = re.compile(r'[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?')
E164 = re.compile(r'[1-9][0-9]{6,14}')
# RFC 3261 user: unreserved, escaped and user-unreserved characters
SIP_USER = re.compile(r"(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+")
SIP_URI = re.compile(r'sips?:(?P<user>[^@]+)@(?P<hostport>[^;]+)(?:;transport=(?:udp|tcp|tls))?')


def valid_host(text):
    """An IPv4 address in dotted decimal, or a DNS host name (labels of letters, digits, inner dashes)."""
    labels = text.split('.')
    if all(label.isascii() and label.isdigit() for label in labels):
        return bool(IPV4.fullmatch(text))
    # RFC 1123 2.1: the top label of a host name is never all digits, or it could pass for an address
    return len(text) <= 253 and all(HOST_LABEL.fullmatch(label) for label in labels) and not labels[-1].isdigit()


def valid_hostport(text):
    """host, or host:port with a port from 1 to 65535."""
    host, sep, port = text.partition(':')
    if not sep:
        return valid_host(text)
    return valid_host(host) and port.isascii() and port.isdigit() and 1 <= int(port) <= 65535


def valid_pstn(text):
    """An E.164 number without +: a country code never starts with 0, 15 digits at most."""
    return bool(E164.fullmatch(text))


def valid_uri(text):
    """sip: or sips: user@domain[:port], optionally ;transport=udp, tcp or tls."""
    match = SIP_URI.fullmatch(text)
    if not match or match.group('user').startswith('/'):
        return False        # sip://... is the hierarchical form of http URIs; a SIP URI never takes it
    return bool(SIP_USER.fullmatch(match.group('user'))) and valid_hostport(match.group('hostport'))


VALUE_RULES = {'HOST': valid_hostport, 'PSTN': valid_pstn, 'URI': valid_uri}
