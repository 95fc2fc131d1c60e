# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A local, strict emulator of the Flowroute Numbers API, v1 and v2 on one port (standard library only).

It ships in the collection flowroute.numbers (roles/emulator/files/), started and stopped by the
role flowroute.numbers.emulator; it can also run by hand:

    python flowroute_emulator.py --port 8557 --access-key 12345678 \
        --secret-key 0123456789abcdef0123456789abcdef

v1 (flowroute-v1-api.md): every request's HMAC-SHA1 signature and timestamp are checked.
v2 (flowroute-v2-api.md): HTTP Basic with the keys themselves, JSON:API bodies and errors.
Both versions see one account: a route made over v1 is listed over v2 with its name as alias.
All of it is written from the API contracts, independently of the collection's code, so that a
mistake in one shows against the other. Tests steer it through unsigned endpoints under
/_emulator/ (state, request log, settings, seeding, fault injection) that the real API lacks.
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import socket
import ssl
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote_plus, unquote_plus, urlencode

SIP_REG = 'sip-reg'
SIP_REG_ID = '0'
FIRST_ROUTE_ID = 10001
CONTROL_PREFIX = '/_emulator/'
TIMESTAMP_FORMATS = ('%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%dT%H:%M:%S')
TIMESTAMP = re.compile(r'[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z?')
ROUTE_NAME = re.compile(r'[A-Za-z0-9]+')
NUMBER = re.compile(r'[1-9][0-9]{0,14}')
SLOTS = ('primary_route', 'failover_route')
# route types: v1 names them upper case, v2 lower case and PSTN is "number"
V2_TYPES = {'HOST': 'host', 'PSTN': 'number', 'URI': 'uri', 'SIP-REG': 'sip-reg'}
V1_TYPES = dict((v2, v1) for v1, v2 in V2_TYPES.items())
# The PoPs: id 4 is documented; the Oregon entry is cut off in the sources, so its name here is the emulator's own.
EDGE_STRATEGIES = {
    1: {'name': 'US-West-OR', 'naptr': 'us-west-or.sip.flowroute.com', 'firewall_rules': '34.210.91.112/28',
        'description': 'Data will be sent preferentially from our edge systems in Oregon. We will fall back to '
                       'other regions if necessary.'},
    4: {'name': 'US-East-VA', 'naptr': 'us-east-va.sip.flowroute.com',
        'firewall_rules': '34.226.36.32/28, 34.226.36.32-34.226.36.47',
        'description': 'Data will be sent preferentially from our edge systems in North Virginia. We will fall back '
                       'to other regions if necessary.'},
}
JSONAPI = 'application/vnd.api+json'
V2_BODY_TYPES = (None, JSONAPI, 'application/json', 'text/plain')   # contract section 1: what the SDKs sent


class ApiAnswer(Exception):
    """Raised by a handler to answer with a status and a JSON (or raw) body."""

    def __init__(self, status, body=None):
        super().__init__(status)
        self.status = status
        self.body = body


def v2_error(status, title=None, detail='', error_id=None):
    """A JSON:API error answer: {"errors": [{id, status, title, detail}]}, status an integer."""
    item = {'detail': detail, 'id': error_id or str(uuid.uuid4()), 'status': status}
    if title is not None:
        item['title'] = title
    return ApiAnswer(status, {'errors': [item]})


class Account:
    """Everything the emulator remembers, one account behind both API versions; one lock guards it all."""

    def __init__(self, access_key, secret_key, existing='replace', refuse_status=400, window=300,
                 clock=None, latency=0.0, write_body='empty', patch_status=204, last_page='no-next',
                 duplicate_alias='refuse', edge_field='both'):
        self.lock = threading.Lock()
        self.keys = {access_key: secret_key}
        self.settings = {'existing': existing, 'refuse_status': refuse_status, 'window': window,
                         'clock': clock, 'latency': latency, 'write_body': write_body,
                         'patch_status': patch_status, 'last_page': last_page,
                         'duplicate_alias': duplicate_alias, 'edge_field': edge_field}
        self.connections = 0
        self.tls_refused = 0
        self.reset()

    def reset(self):
        # routes by id, in the order they were made; sip-reg is built in
        self.routes = {SIP_REG_ID: {'alias': SIP_REG, 'type': 'SIP-REG', 'value': None, 'edge': None}}
        self.next_id = FIRST_ROUTE_ID
        # numbers: the route id in each slot (None for an empty slot)
        self.tns = {}
        self.log = []
        self.faults = []

    def now(self):
        clock = self.settings['clock']
        if clock:
            return parse_timestamp(clock)
        return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)

    def add_route(self, alias, route_type, value, edge=None):
        route_id = str(self.next_id)
        self.next_id += 1
        self.routes[route_id] = {'alias': alias, 'type': route_type, 'value': value, 'edge': edge}
        return route_id

    def ids_of(self, alias):
        return [route_id for route_id, route in self.routes.items() if route['alias'] == alias]

    def first_id(self, alias):
        ids = self.ids_of(alias)
        return ids[0] if ids else None

    def v1_routes(self):
        """The v1 view: {name: {type, value}}, the first route of each alias."""
        view = {}
        for route in self.routes.values():
            view.setdefault(route['alias'], {'type': route['type'], 'value': route['value']})
        return view

    def users_of(self, route_id):
        return [number for number, tn in self.tns.items() if route_id in (tn['primary_route'], tn['failover_route'])]

    def seed_routes(self, routes):
        """{name: {type, value[, edge]}} replaces the first route of that name or adds one;
        a list of {alias, type, value[, edge]} always adds (duplicate aliases included)."""
        if isinstance(routes, dict):
            for name, route in routes.items():
                route_id = self.first_id(name)
                if route_id is None:
                    self.add_route(name, route['type'], route['value'], route.get('edge'))
                else:
                    self.routes[route_id].update(type=route['type'], value=route['value'], edge=route.get('edge'))
        else:
            for route in routes:
                self.add_route(route.get('alias', route.get('name')), route['type'], route['value'], route.get('edge'))

    def seed_numbers(self, numbers):
        """{number: {routes: [primary name, failover name or None], billing_method}}; default sip-reg twice."""
        for number, tn in numbers.items():
            if not NUMBER.fullmatch(number):
                raise ValueError('bad number {0}'.format(number))
            names = list((tn or {}).get('routes', [SIP_REG, SIP_REG]))
            ids = [None if name is None else self.first_id(name) for name in names]
            if any(name is not None and route_id is None for name, route_id in zip(names, ids)):
                raise ValueError('unknown route in {0}'.format(names))
            self.tns[number] = {'primary_route': ids[0], 'failover_route': ids[1],
                                'billing_method': (tn or {}).get('billing_method', 'METERED')}

    def state(self):
        def name_of(route_id):
            return None if route_id is None else self.routes[route_id]['alias']
        return {
            'routes': self.v1_routes(),
            'v2_routes': [dict(route, id=route_id) for route_id, route in self.routes.items()],
            'tns': dict((number, {'routes': [name_of(tn['primary_route']), name_of(tn['failover_route'])],
                                  'primary_route': tn['primary_route'], 'failover_route': tn['failover_route'],
                                  'billing_method': tn['billing_method']}) for number, tn in self.tns.items()),
            'settings': self.settings, 'connections': self.connections, 'tls_refused': self.tls_refused,
        }


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


# -- the contract's value rules (flowroute-v1-api.md section 4, v2 section 2.6), read independently of the collection --
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


# What a successful v1 PUT answers: the contract says an empty body; the seed page shows one space.
WRITE_BODIES = {
    'empty': lambda name, data: None,
    'space': lambda name, data: b' ',
    'json': lambda name, data: {'name': name, 'type': data['type'], 'value': data['value']},
}


def route_json(name, route):
    """A route as v1 shows it inside a number: {type, name[, value]}."""
    answer = {'type': route['type'], 'name': name}
    if route['type'] != 'SIP-REG':
        answer['value'] = route['value']
    return answer


def query_params(query):
    return dict((unquote_plus(k), unquote_plus(v)) for k, _s, v in (item.partition('=') for item in query.split('&') if item))


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'     # keep-alive, as the real API
    # headers and body go out as two writes: without TCP_NODELAY, Nagle holds the body until the
    # client's delayed ACK of the headers, up to 40 ms on each answer that a real server does not add
    disable_nagle_algorithm = True
    server_version = 'flowroute-emulator/2'
    account = None                    # set by make_server

    def log_message(self, *args):     # quiet: the request log is at /_emulator/requests
        pass

    # -- plumbing -------------------------------------------------------------
    def _read_body(self):
        length = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(length) if length else b''

    def _send(self, status, body=None, headers=None, content_type='application/json'):
        if body is None:
            payload = b''
        elif isinstance(body, bytes):
            payload = body
        else:
            payload = json.dumps(body).encode()
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if payload:
            self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _base_url(self):
        """The emulator's own base URL for absolute links (the request's Host only when bound to every address)."""
        host, port = self.server.server_address[:2]
        if host in ('0.0.0.0', '::', ''):
            return '{0}://{1}'.format('https' if self.server.tls else 'http', self.headers.get('Host') or 'localhost')
        host = '[{0}]'.format(host) if ':' in host else host
        return '{0}://{1}:{2}'.format('https' if self.server.tls else 'http', host, port)

    def _dispatch(self):
        body = self._read_body()
        if self.path.startswith(CONTROL_PREFIX):
            try:
                status, answer = self._control(json.loads(body) if body else None)
            except (ValueError, KeyError, TypeError) as exc:
                status, answer = 400, {'error': 'bad control request: {0}'.format(exc)}
            self._send(status, answer)
            return
        acct = self.account
        entry = {'method': self.command, 'path': self.path, 'body': body.decode('utf-8', 'replace'),
                 'x_timestamp': self.headers.get('X-Timestamp'), 'content_type': self.headers.get('Content-Type'),
                 'time': time.time()}
        with acct.lock:
            acct.log.append(entry)
            fault = self._take_fault()
            latency = acct.settings['latency']
        if latency:
            time.sleep(latency)
        applied = bool(fault and fault.get('applied'))
        if fault and fault.get('delay') and not applied:
            time.sleep(float(fault['delay']))
        if fault and (fault.get('drop') or 'status' in fault) and not applied:
            entry['status'] = self._apply_fault(fault)
            return
        v2 = self.path.startswith('/v2/')
        try:
            if v2:
                self._authenticate_v2()
            else:
                self._authenticate(body)
            with acct.lock:
                status, answer = self._api_v2(body) if v2 else self._api(body)
        except ApiAnswer as answer_exc:
            status, answer = answer_exc.status, answer_exc.body
        entry['status'] = status
        if applied:
            # the request took effect; its answer is lost (drop) or comes too late (delay)
            entry['applied'] = True
            if fault.get('delay'):
                time.sleep(float(fault['delay']))
            if fault.get('drop'):
                entry['status'] = '{0} applied, then dropped'.format(status)
                self._apply_fault(fault)
                return
            if 'status' in fault:
                entry['status'] = '{0} applied, answered {1}'.format(status, self._apply_fault(fault))
                return
        self._send(status, answer, content_type=JSONAPI if v2 else 'application/json')

    do_GET = do_PUT = do_PATCH = do_POST = do_DELETE = _dispatch

    # -- fault injection -------------------------------------------------------
    def _take_fault(self):
        for fault in self.account.faults:
            if fault['count'] > 0 and fault.get('method', '*') in ('*', self.command) \
                    and self.path.startswith(fault.get('path', '/')):
                fault['count'] -= 1
                return dict(fault)
        return None

    def _apply_fault(self, fault):
        """Drop the connection, or answer with the fault's status, Retry-After and body."""
        if fault.get('drop'):
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return 'dropped'
        headers = {}
        if fault.get('retry_after') is not None:
            headers['Retry-After'] = str(fault['retry_after'])
        raw = fault.get('raw_body')
        body = raw.encode() if raw is not None else fault.get('body', {'error': 'injected fault'})
        self._send(int(fault['status']), body, headers)
        return int(fault['status'])

    # -- authentication -----------------------------------------------------------
    def _basic_credentials(self):
        auth = self.headers.get('Authorization') or ''
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

    def _authenticate(self, body):
        """v1: the Basic password is the HMAC-SHA1 of the request, the timestamp within the window."""
        refused = ApiAnswer(401, {'error': 'Unauthorized'})
        timestamp = self.headers.get('X-Timestamp') or ''
        when = parse_timestamp(timestamp)
        if when is None:
            raise refused
        if abs((self.account.now() - when).total_seconds()) > self.account.settings['window']:
            raise refused
        user, password = self._basic_credentials()
        secret = self.account.keys.get(user)
        if secret is None:
            raise refused
        host = self.headers.get('Host') or ''
        if not any(hmac.compare_digest(password.encode(), candidate.encode()) for candidate in
                   acceptable_signatures(secret, timestamp, self.command, body, host, self.path,
                                         'https' if self.server.tls else 'http')):
            raise refused

    def _authenticate_v2(self):
        """v2: plain Basic access_key:secret_key."""
        user, password = self._basic_credentials()
        secret = self.account.keys.get(user)
        if secret is None or not hmac.compare_digest((password or '').encode(), secret.encode()):
            raise v2_error(401, 'Unauthorized', 'Authentication failed.', '7fc8c70a-ca58-430c-b383-b89df84f8083')

    # -- the v1 API -------------------------------------------------------------
    def _api(self, body):
        path, _sep, query = self.path.partition('?')
        params = query_params(query)
        if path == '/v1/routes/' and self.command == 'GET':
            return self._list_routes(params)
        match = re.fullmatch(r'/v1/routes/([^/?]*)', path)
        if match and self.command == 'PUT':
            return self._put_route(match.group(1), body)
        if path == '/v1/tns/' and self.command == 'GET':
            return self._list_tns(params)
        match = re.fullmatch(r'/v1/tns/([^/?]*)', path)
        if match and self.command == 'GET':
            return 200, self._tn_json(self._number(match.group(1)), detail=False)
        if match and self.command == 'PATCH':
            return self._patch_tn(self._number(match.group(1)), body)
        raise ApiAnswer(404, {'error': 'Not Found'})

    def _page(self, params, keys, key, render, base, extra=''):
        """One page of a list answer: {key: {k: render(k)}, "links": {"prev", "next"}} as v1 pages them."""
        try:
            limit = int(params.get('limit', 10))
            page = int(params.get('page', 1))
        except ValueError:
            raise ApiAnswer(422, {'error': 'limit and page must be integers'})
        if not 1 <= limit <= 200 or page < 1:
            raise ApiAnswer(422, {'error': 'limit must be 1-200 and page at least 1'})
        answer = {key: dict((k, render(k)) for k in keys[(page - 1) * limit:page * limit])}
        links = {}
        if page > 1:
            links['prev'] = '{0}?limit={1}&page={2}{3}'.format(base, limit, page - 1, extra)
        last_page = self.account.settings['last_page']
        if page * limit < len(keys) or (last_page == 'next-to-empty' and len(answer[key]) == limit):
            links['next'] = '{0}?limit={1}&page={2}{3}'.format(base, limit, page + 1, extra)
        elif last_page == 'next-null':
            links['next'] = None
        if links:
            answer['links'] = links
        return 200, answer

    def _list_routes(self, params):
        routes = self.account.v1_routes()
        return self._page(params, list(routes), 'routes', lambda name: dict(routes[name]), '/v1/routes/')

    def _put_route(self, name, body):
        if not ROUTE_NAME.fullmatch(name) or name == SIP_REG:
            raise ApiAnswer(400, {'error': 'Route name must be alphanumeric'})
        try:
            data = json.loads(body)
        except ValueError:
            raise ApiAnswer(400, {})
        if not isinstance(data, dict) or data.get('type') not in VALUE_RULES \
                or not isinstance(data.get('value'), str) or not data['value']:
            raise ApiAnswer(422, {'error': 'type must be HOST, PSTN or URI and value a non-empty string'})
        if not VALUE_RULES[data['type']](data['value']):
            raise ApiAnswer(422, {'error': 'Invalid value for route type {0}'.format(data['type'])})
        route_id = self.account.first_id(name)
        if route_id is not None and self.account.settings['existing'] == 'refuse':
            raise ApiAnswer(self.account.settings['refuse_status'],
                            {'error': 'A route named {0} already exists'.format(name)})
        if route_id is None:
            self.account.add_route(name, data['type'], data['value'])
        else:
            self.account.routes[route_id].update(type=data['type'], value=data['value'])
        return 201, WRITE_BODIES[self.account.settings['write_body']](name, data)

    def _number(self, number):
        if number not in self.account.tns:
            raise ApiAnswer(404, {'error': 'Telephone number {0} not found on this account'.format(number)})
        return number

    def _tn_json(self, number, detail=True):
        tn = self.account.tns[number]
        routes = self.account.routes
        # v1 always shows two routes: an empty slot reads as sip-reg, as on a new number
        ids = [tn[slot] if tn[slot] is not None else SIP_REG_ID for slot in SLOTS]
        answer = {'routes': [route_json(routes[route_id]['alias'], routes[route_id]) for route_id in ids],
                  'billing_method': tn['billing_method']}
        if detail:
            answer['detail'] = '/v1/tns/' + number
        return answer

    def _list_tns(self, params):
        pattern = params.get('pattern', '')
        if pattern and not re.fullmatch(r'[0-9]{1,11}', pattern):
            raise ApiAnswer(422, {'error': 'pattern must be 1 to 11 digits'})
        numbers = [number for number in self.account.tns if pattern in number]
        if not numbers:
            return 200, {}     # the v1 API answers an account without numbers with {}
        return self._page(params, numbers, 'tns', self._tn_json, '/v1/tns/', '&pattern=' + pattern if pattern else '')

    def _patch_tn(self, number, body):
        try:
            data = json.loads(body)
            names = [item['name'] for item in data['routes']]
        except (ValueError, KeyError, TypeError):
            raise ApiAnswer(400, {'error': 'body must be {"routes": [{"name": ...}, {"name": ...}]}'})
        if len(names) != 2:
            raise ApiAnswer(400, {'error': 'routes must list the primary and the failover route'})
        ids = [self.account.first_id(name) for name in names]
        for name, route_id in zip(names, ids):
            if route_id is None:
                raise ApiAnswer(404, {'error': 'Route {0} not found'.format(name)})
        self.account.tns[number].update(primary_route=ids[0], failover_route=ids[1])
        return self.account.settings['patch_status'], None

    # -- the v2 API -------------------------------------------------------------
    def _api_v2(self, body):
        path, _sep, query = self.path.partition('?')
        params = query_params(query)
        method = self.command
        if path == '/v2/routes':
            if method == 'GET':
                return self._v2_list_routes(params)
            if method == 'POST':
                return self._v2_create_route(self._v2_body(body))
        elif path == '/v2/routes/edge_strategies':
            if method == 'GET':
                return 200, {'data': [{'attributes': dict(strategy), 'id': strategy_id, 'type': 'edge_strategy'}
                                      for strategy_id, strategy in sorted(EDGE_STRATEGIES.items())]}
        elif re.fullmatch(r'/v2/routes/[^/]+/?', path):
            route_id = path.split('/')[3]
            if method == 'PATCH' and not path.endswith('/'):
                return self._v2_update_route(route_id, self._v2_body(body))
            if method == 'DELETE':
                return self._v2_delete_route(route_id)
        elif path == '/v2/numbers':
            if method == 'GET':
                return self._v2_list_numbers(params)
        elif re.fullmatch(r'/v2/numbers/[^/]+', path):
            if method == 'GET':
                number = self._v2_number(path.split('/')[3])
                return 200, {'data': self._v2_number_json(number, detail=True),
                             'included': self._v2_included(number), 'links': {'self': self._base_url() + path}}
        else:
            match = re.fullmatch(r'/v2/numbers/([^/]+)/relationships/(primary_route|failover_route)', path)
            if match and method == 'PATCH':
                return self._v2_set_slot(self._v2_number(match.group(1)), match.group(2), self._v2_body(body))
            if match and method == 'DELETE':
                number = self._v2_number(match.group(1))
                self.account.tns[number][match.group(2)] = SIP_REG_ID if match.group(2) == 'primary_route' else None
                return 204, None
            if match:
                raise v2_error(405, 'Method Not Allowed', '{0} is not allowed here'.format(method))
            raise v2_error(404, 'Not Found', 'Could not find that resource on your account.')
        raise v2_error(405, 'Method Not Allowed', '{0} is not allowed on {1}'.format(method, path))

    def _v2_body(self, body):
        content_type = (self.headers.get('Content-Type') or '').split(';')[0].strip().lower() or None
        if content_type not in V2_BODY_TYPES:
            raise v2_error(415, 'Unsupported Media Type', 'send application/vnd.api+json')
        try:
            data = json.loads(body)
        except ValueError:
            raise v2_error(400, 'Bad Request', 'the body is not JSON')
        if not isinstance(data, dict):
            raise v2_error(400, 'Bad Request', 'the body must be a JSON object')
        return data

    def _v2_page(self, params, items, render, path, filters=()):
        """limit/offset paging with absolute links: filters first, then limit, then offset."""
        try:
            limit = int(params.get('limit', 10))
            offset = int(params.get('offset', 0))
        except ValueError:
            raise v2_error(400, 'Bad Request', 'limit and offset must be integers')
        if not 1 <= limit <= 200 or offset < 0:
            raise v2_error(400, 'Bad Request', 'limit must be 1-200 and offset at least 0')
        page = items[offset:offset + limit]
        base = self._base_url() + path + '?' + ''.join(urlencode([pair]) + '&' for pair in filters)
        links = {'self': '{0}limit={1}&offset={2}'.format(base, limit, offset)}
        last_page = self.account.settings['last_page']
        if offset + limit < len(items) or (last_page == 'next-to-empty' and len(page) == limit):
            links['next'] = '{0}limit={1}&offset={2}'.format(base, limit, offset + limit)
        elif last_page == 'next-null':
            links['next'] = None
        return 200, {'data': [render(item) for item in page], 'links': links}

    def _v2_route_json(self, route_id):
        route = self.account.routes[route_id]
        attributes = {'alias': route['alias'], 'route_type': V2_TYPES[route['type']], 'value': route['value']}
        if self.account.settings['edge_field'] != 'absent':
            attributes['edge_strategy_id'] = route['edge']      # every documented read shows the integer field
        return {'attributes': attributes, 'id': route_id,
                'links': {'self': self._base_url() + '/v2/routes/' + route_id}, 'type': 'route'}

    def _v2_list_routes(self, params):
        route_type = params.get('route_type')
        if route_type is not None and route_type not in V1_TYPES:
            raise v2_error(400, 'Bad Request', 'route_type must be sip-reg, host, uri or number')
        ids = [route_id for route_id, route in self.account.routes.items()
               if route_type is None or V2_TYPES[route['type']] == route_type]
        filters = [('route_type', route_type)] if route_type else []
        return self._v2_page(params, ids, self._v2_route_json, '/v2/routes', filters)

    def _honoured_edge_fields(self):
        """The attributes that set a route's PoP (contract section 9: accept both, unless a switch models a server
        that honours one and silently ignores the other, as unknown attributes are)."""
        setting = self.account.settings['edge_field']
        return ('edge_strategy_id', 'edge_strategy') if setting in ('both', 'absent') else (setting,)

    def _v2_edge(self, attributes, current=None):
        """The edge strategy the attributes name (the integer field first), or ``current`` when they name none."""
        for field in self._honoured_edge_fields():
            if attributes.get(field) is None:
                continue
            raw = attributes[field]
            if field == 'edge_strategy_id' and not (isinstance(raw, int) and not isinstance(raw, bool)):
                raise v2_error(422, 'Unprocessable Entity', 'edge_strategy_id must be an integer')
            if field == 'edge_strategy' and not (isinstance(raw, str) and raw.isdigit()):
                raise v2_error(422, 'Unprocessable Entity', 'edge_strategy must be a string of digits')
            if int(raw) not in EDGE_STRATEGIES:
                raise v2_error(422, 'Unprocessable Entity', 'unknown edge strategy {0}'.format(raw))
            return int(raw)
        return current

    def _v2_check_route(self, alias, route_type, value, route_id=None):
        if not isinstance(alias, str) or not alias.strip() or len(alias) > 255:
            raise v2_error(422, 'Unprocessable Entity', 'alias must be a non-empty string')
        if route_type not in ('host', 'number', 'uri'):
            raise v2_error(422, 'Unprocessable Entity', 'route_type must be host, number or uri')
        if not isinstance(value, str) or not VALUE_RULES[V1_TYPES[route_type]](value):
            raise v2_error(422, 'Unprocessable Entity', 'Invalid value for route type {0}'.format(route_type))
        others = [other for other in self.account.ids_of(alias) if other != route_id]
        if others and self.account.settings['duplicate_alias'] == 'refuse':
            raise v2_error(422, 'Unprocessable Entity', 'alias {0} is already used by route {1}'.format(alias, others[0]))

    def _v2_create_route(self, data):
        data = data.get('data')
        if not isinstance(data, dict) or data.get('type') != 'route' or not isinstance(data.get('attributes'), dict):
            raise v2_error(400, 'Bad Request', 'body must be {"data": {"type": "route", "attributes": {...}}}')
        attributes = data['attributes']
        self._v2_check_route(attributes.get('alias'), attributes.get('route_type'), attributes.get('value'))
        edge = self._v2_edge(attributes)
        route_id = self.account.add_route(attributes['alias'], V1_TYPES[attributes['route_type']],
                                          attributes['value'], edge)
        return 201, {'data': self._v2_route_json(route_id), 'links': {'self': self._base_url() + '/v2/routes/' + route_id}}

    def _v2_route(self, route_id):
        if route_id not in self.account.routes:
            raise v2_error(404, 'Not Found', 'Could not find that resource on your account.')
        if route_id == SIP_REG_ID:
            raise v2_error(403, 'Forbidden', 'The sip-reg route cannot be changed or deleted.')
        return self.account.routes[route_id]

    def _v2_update_route(self, route_id, data):
        route = self._v2_route(route_id)
        data = data.get('data')
        if not isinstance(data, dict) or data.get('type') != 'route' or not isinstance(data.get('attributes', {}), dict):
            raise v2_error(400, 'Bad Request', 'body must be {"data": {"type": "route", "attributes": {...}}}')
        if 'id' in data and str(data['id']) != route_id:
            raise v2_error(409, 'Conflict', 'data.id {0} is not the route {1} of the path'.format(data['id'], route_id))
        attributes = data.get('attributes', {})
        merged = {'alias': attributes.get('alias', route['alias']),
                  'route_type': attributes.get('route_type', V2_TYPES[route['type']]),
                  'value': attributes.get('value', route['value'])}
        self._v2_check_route(merged['alias'], merged['route_type'], merged['value'], route_id)
        edge = self._v2_edge(attributes, route['edge'])
        route.update(alias=merged['alias'], type=V1_TYPES[merged['route_type']], value=merged['value'], edge=edge)
        return 200, {'data': self._v2_route_json(route_id), 'links': {'self': self._base_url() + '/v2/routes/' + route_id}}

    def _v2_delete_route(self, route_id):
        self._v2_route(route_id)
        if self.account.users_of(route_id):
            raise v2_error(403, 'This Route has numbers still associated to it.',
                           'Please disassociate all numbers before deleting.', '7fc8c70a-ca58-430c-b383-b89df84f8083')
        del self.account.routes[route_id]
        return 204, None

    def _v2_number(self, number):
        if number not in self.account.tns:
            raise v2_error(404, None, 'Could not find that resource on your account.', 'd66802f3-b56b-43da-8c55-e8c9ec3e0a6d')
        return number

    def _v2_number_json(self, number, detail=False):
        answer = {'attributes': {'alias': None, 'cnam_lookups_enabled': True, 'number_type': 'standard',
                                 'rate_center': 'seattle', 'state': 'wa', 'value': number},
                  'id': number, 'links': {'self': self._base_url() + '/v2/numbers/' + number}, 'type': 'number'}
        if detail:
            tn = self.account.tns[number]
            answer['relationships'] = {'cnam_preset': {'data': None}, 'e911_address': {'data': None}}
            for slot in SLOTS:
                answer['relationships'][slot] = {'data': None if tn[slot] is None else {'id': tn[slot], 'type': 'route'}}
        return answer

    def _v2_included(self, number):
        tn = self.account.tns[number]
        ids = []
        for slot in SLOTS:
            if tn[slot] is not None and tn[slot] not in ids:
                ids.append(tn[slot])
        return [self._v2_route_json(route_id) for route_id in ids]

    def _v2_list_numbers(self, params):
        numbers = list(self.account.tns)
        filters = []
        starts_with = params.get('starts_with')
        if starts_with is not None:
            if not starts_with.startswith('1'):
                starts_with = '1' + starts_with        # the API assumes country code 1 and says so in its links
            numbers = [number for number in numbers if number.startswith(starts_with)]
            filters.append(('starts_with', starts_with))
        for key, keep in (('contains', lambda number, digits: digits in number),
                          ('ends_with', lambda number, digits: number.endswith(digits))):
            if params.get(key) is not None:
                numbers = [number for number in numbers if keep(number, params[key])]
                filters.append((key, params[key]))
        if params.get('alias') is not None:
            numbers = []                               # the emulator's numbers have no alias
            filters.append(('alias', params['alias']))
        return self._v2_page(params, numbers, self._v2_number_json, '/v2/numbers', filters)

    def _v2_set_slot(self, number, slot, data):
        target = data.get('data')
        route_id = None
        if isinstance(target, dict) and target.get('type') == 'route':
            route_id = target.get('id', target.get('route_id'))   # the docs' table says route_id, the example id
        if route_id is None:
            raise v2_error(400, 'Bad Request', 'body must be {"data": {"type": "route", "id": "..."}}')
        if str(route_id) not in self.account.routes:
            raise v2_error(404, 'Not Found', 'route {0} is not on your account'.format(route_id))
        self.account.tns[number][slot] = str(route_id)
        return 204, None

    # -- control endpoints for tests ---------------------------------------------
    def _control(self, data):
        acct = self.account
        action = self.path[len(CONTROL_PREFIX):]
        with acct.lock:
            if action == 'state' and self.command == 'GET':
                return 200, acct.state()
            if action == 'requests' and self.command == 'GET':
                return 200, {'requests': acct.log}
            if action == 'requests' and self.command == 'DELETE':
                acct.log = []
                return 200, {}
            if action == 'reset' and self.command == 'POST':
                problem = settings_problem(acct.settings, data or {})
                if problem:
                    return 400, {'error': problem}
                acct.reset()
                acct.settings.update(data or {})
                return 200, {}
            if action == 'settings' and self.command == 'POST':
                problem = settings_problem(acct.settings, data)
                if problem:
                    return 400, {'error': problem}
                acct.settings.update(data)
                return 200, acct.settings
            if action == 'routes' and self.command == 'POST':
                acct.seed_routes(data)
                return 200, {'count': len(acct.routes)}
            if action == 'tns' and self.command == 'POST':
                acct.seed_numbers(data)
                return 200, {'count': len(acct.tns)}
            if action == 'faults' and self.command == 'POST':
                acct.faults.extend(data if isinstance(data, list) else [data])
                return 200, {'faults': acct.faults}
        return 404, {'error': 'unknown control endpoint'}


# The switches for what the contracts leave open; each setting's allowed values.
CHOICES = {'existing': ('replace', 'refuse'), 'write_body': tuple(WRITE_BODIES), 'patch_status': (200, 204),
           'last_page': ('no-next', 'next-to-empty', 'next-null'), 'duplicate_alias': ('refuse', 'accept'),
           'edge_field': ('both', 'edge_strategy_id', 'edge_strategy', 'absent')}


def settings_problem(current, data):
    """Why these settings cannot be taken, or None."""
    unknown = sorted(set(data) - set(current))
    if unknown:
        return 'unknown settings: {0}'.format(unknown)
    for key, value in data.items():
        if key in CHOICES and value not in CHOICES[key]:
            return 'setting {0} must be one of {1}, got {2!r}'.format(key, list(CHOICES[key]), value)
    return None


class EmulatorServer(ThreadingHTTPServer):
    """Counts connections, and speaks TLS when given an ssl context (the handshake runs in the handler thread)."""

    daemon_threads = True

    def __init__(self, address, handler, account, tls=None):
        self.account = account
        self.tls = tls
        super().__init__(address, handler)

    def get_request(self):
        sock, address = super().get_request()
        with self.account.lock:
            self.account.connections += 1
        if self.tls is not None:
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def finish_request(self, request, client_address):
        if self.tls is not None:
            try:
                request.do_handshake()
            except (ssl.SSLError, OSError):
                with self.account.lock:     # a client that does not trust the certificate gives up here
                    self.account.tls_refused += 1
                return
        super().finish_request(request, client_address)


def tls_context(ca_file):
    """A server context with a certificate for 127.0.0.1 and localhost, from a throwaway CA written to ca_file."""
    import trustme  # only the --tls switch needs it
    authority = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert('127.0.0.1', 'localhost', '::1').configure_cert(context)
    authority.cert_pem.write_to_path(ca_file)
    return context


def make_server(host, port, account, tls=None):
    handler = type('BoundHandler', (Handler,), {'account': account})
    return EmulatorServer((host, port), handler, account, tls)


def daemonize(log_file, build_server, port_file=None):
    """Fork a detached emulator; this process prints {"pid", "port"} (or {"error"}) once it listens, and exits."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid > 0:
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            report = pipe.read()
        try:
            answer = json.loads(report)
        except ValueError:
            answer = {'error': 'the emulator stopped before it listened; see {0}'.format(log_file)}
        print(json.dumps(answer), flush=True)
        return 1 if 'error' in answer else 0
    os.close(read_end)
    os.setsid()                      # its own session: it outlives whoever started it
    with open(os.devnull) as null:
        os.dup2(null.fileno(), 0)
    with open(log_file, 'ab') as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    with os.fdopen(write_end, 'w') as pipe:
        try:
            server = build_server()
        except Exception as exc:  # pylint: disable=broad-except
            pipe.write(json.dumps({'error': '{0}: {1}'.format(type(exc).__name__, exc)}))
            pipe.flush()
            os._exit(1)
        port = server.server_address[1]
        if port_file:
            with open(port_file, 'w') as handle:
                handle.write(str(port))
        pipe.write(json.dumps({'pid': os.getpid(), 'port': port}))
    print('flowroute-emulator listening on port {0}'.format(port), flush=True)
    server.serve_forever()
    os._exit(0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8557, help='0 picks a free port')
    parser.add_argument('--access-key', default='12345678')
    parser.add_argument('--secret-key', default='0123456789abcdef0123456789abcdef')
    parser.add_argument('--existing', choices=CHOICES['existing'], default='replace',
                        help='v1: what PUT does to a route that exists already')
    parser.add_argument('--refuse-status', type=int, default=400)
    parser.add_argument('--window', type=int, default=300, help='v1: accepted clock skew, seconds')
    parser.add_argument('--clock', help='v1: pretend the time is this X-Timestamp, e.g. 2026-11-27T04:04:18Z')
    parser.add_argument('--latency-ms', type=float, default=0, help='added to every API request')
    parser.add_argument('--write-body', choices=list(WRITE_BODIES), default='empty',
                        help='v1: what a successful PUT answers with a 201: nothing, one space, or JSON')
    parser.add_argument('--patch-status', type=int, choices=[200, 204], default=204)
    parser.add_argument('--last-page', choices=list(CHOICES['last_page']), default='no-next',
                        help='how a list marks its last page: no next link, a full last page linking to an '
                             'empty one, or "next": null')
    parser.add_argument('--duplicate-alias', choices=CHOICES['duplicate_alias'], default='refuse',
                        help='v2: whether a second route may take an alias that is in use')
    parser.add_argument('--edge-field', choices=CHOICES['edge_field'], default='both',
                        help='v2: which route attribute sets the edge strategy: both (edge_strategy_id, an integer, or '
                             'edge_strategy, a string), only one of them (the other silently ignored), or both with '
                             'route objects that leave the attribute out (absent); reads show edge_strategy_id')
    parser.add_argument('--seed-routes', type=int, default=0, help='start with this many routes')
    parser.add_argument('--seed-file', help='JSON {"routes": ..., "numbers": ...} as the /_emulator/ seeding takes them')
    parser.add_argument('--seed-numbers', default='', help='comma-separated numbers on the account (routed to sip-reg)')
    parser.add_argument('--tls', action='store_true', help='serve https with a certificate from a throwaway CA '
                        '(needs the trustme package)')
    parser.add_argument('--ca-file', help='with --tls: write the CA certificate here (PEM)')
    parser.add_argument('--port-file', help='write the port here once listening')
    parser.add_argument('--daemon', action='store_true',
                        help='run in the background, detached; print {"pid", "port"} as JSON once listening, then exit')
    parser.add_argument('--log-file', default=os.devnull, help='with --daemon: where the emulator\'s output goes')
    parser.add_argument('--config', help='JSON file with any of host, port, access_key, secret_key, settings '
                                         '(the switches above, by their setting names), routes, numbers, tls, ca_file; '
                                         'it wins over the command line and keeps the secret key off it')
    args = parser.parse_args(argv)
    config = {}
    if args.config:
        with open(args.config) as handle:
            config = json.load(handle)
        for key in ('host', 'port', 'access_key', 'secret_key', 'tls', 'ca_file'):
            if config.get(key) is not None:
                setattr(args, key, config[key])
        settings = dict(config.get('settings') or {})
        if 'latency_ms' in settings:
            args.latency_ms = settings.pop('latency_ms')
        problem = settings_problem(dict.fromkeys(CHOICES), settings)
        if problem:
            parser.error('--config: ' + problem)
        for key, value in settings.items():
            setattr(args, key, value)
    if args.tls and not args.ca_file:
        parser.error('--tls needs --ca-file')

    account = Account(args.access_key, args.secret_key, existing=args.existing,
                      refuse_status=args.refuse_status, window=args.window, clock=args.clock,
                      latency=args.latency_ms / 1000.0, write_body=args.write_body,
                      patch_status=args.patch_status, last_page=args.last_page,
                      duplicate_alias=args.duplicate_alias, edge_field=args.edge_field)
    for index in range(args.seed_routes):
        account.add_route('SeedRoute{0:05d}'.format(index), 'HOST', '192.0.2.{0}'.format(index % 250 + 1))
    if args.seed_file:
        with open(args.seed_file) as handle:
            seed = json.load(handle)
        account.seed_routes(seed.get('routes') or {})
        account.seed_numbers(seed.get('numbers') or {})
    account.seed_routes(config.get('routes') or [])
    account.seed_numbers(config.get('numbers') or {})
    account.seed_numbers(dict((number, None) for number in args.seed_numbers.split(',') if number))
    if args.daemon:
        return daemonize(args.log_file, lambda: make_server(args.host, args.port, account,
                                                            tls_context(args.ca_file) if args.tls else None),
                         args.port_file)
    server = make_server(args.host, args.port, account, tls_context(args.ca_file) if args.tls else None)
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file, 'w') as handle:
            handle.write(str(port))
    print('flowroute-emulator listening on {0}://{1}:{2}'.format('https' if args.tls else 'http', args.host, port),
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == '__main__':
    sys.exit(main())
