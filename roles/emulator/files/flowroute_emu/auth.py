# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Authentication: v1's HMAC-SHA1 request signature and timestamp window, v2's plain HTTP Basic."""

import base64
import datetime
import hashlib
import hmac
import re
from urllib.parse import quote_plus, unquote_plus

from .answers import ApiAnswer, v2_error

TIMESTAMP_FORMATS = ('%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%dT%H:%M:%S')
TIMESTAMP = re.compile(r'[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z?')


def parse_timestamp(text):
    """The time an X-Timestamp names, or None unless it is in one of the documented, zero-padded forms."""
    if not TIMESTAMP.fullmatch(text):
        return None
    for fmt in TIMESTAMP_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            pass
    return None


def sorted_query(query):
    """The query part of the signed URI: parameters sorted by name, form-encoded."""
    if not query:
        return ''
    pairs = []
    for item in query.split('&'):
        key, _sep, value = item.partition('=')
        pairs.append((unquote_plus(key), unquote_plus(value)))
    pairs.sort(key=lambda pair: pair[0])
    return '&'.join(quote_plus(key) + '=' + quote_plus(value) for key, value in pairs)


def md5_hex(data):
    """MD5 as the signature's body checksum; marked not for security, so it also works on FIPS hosts."""
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def acceptable_signatures(secret, timestamp, method, body, host, target, scheme='http'):
    """Every signature the contract lets a v1 client send for this request."""
    path, _sep, query = target.partition('?')
    uri = scheme + '://' + host + path + '\n' + sorted_query(query)
    digests = [md5_hex(body)] if body else ['', md5_hex(b'')]
    return [hmac.new(secret.encode(), '\n'.join([timestamp, method, digest, uri]).encode(), 'sha1').hexdigest()
            for digest in digests]


def basic_credentials(headers):
    """(user, password) of an Authorization: Basic header, or (None, None)."""
    auth = headers.get('Authorization') or ''
    if not auth.startswith('Basic '):
        return None, None
    try:
        raw = base64.b64decode(auth[6:], validate=True)
        user, sep, password = raw.decode().partition(':')
    except (ValueError, UnicodeDecodeError):
        return None, None
    if base64.b64encode(raw).decode() != auth[6:]:
        return None, None       # a non-canonical encoding (RFC 4648 3.5): some byte of it was changed
    return (user, password) if sep else (None, None)


def check_v1(request):
    """v1: the Basic password is the HMAC-SHA1 of the request, the timestamp within the window."""
    account = request.account
    refused = ApiAnswer(401, {'error': 'Unauthorized'})
    timestamp = request.headers.get('X-Timestamp') or ''
    when = parse_timestamp(timestamp)
    if when is None:
        raise refused
    if abs((account.now() - when).total_seconds()) > account.settings['window']:
        raise refused
    user, password = basic_credentials(request.headers)
    secret = account.keys.get(user)
    if secret is None:
        raise refused
    host = request.headers.get('Host') or ''
    if not any(hmac.compare_digest(password.encode(), candidate.encode()) for candidate in
               acceptable_signatures(secret, timestamp, request.method, request.body, host, request.target,
                                     request.scheme)):
        raise refused


def check_v2(request):
    """v2: plain Basic access_key:secret_key."""
    user, password = basic_credentials(request.headers)
    secret = request.account.keys.get(user)
    if secret is None or not hmac.compare_digest((password or '').encode(), secret.encode()):
        raise v2_error(401, 'Unauthorized', 'Authentication failed.', '7fc8c70a-ca58-430c-b383-b89df84f8083')
