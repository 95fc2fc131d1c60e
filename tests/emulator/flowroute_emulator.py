# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A local, strict emulator of the Flowroute Numbers v1 API (standard library only).

Run:  python tests/emulator/flowroute_emulator.py --port 8557 --access-key 12345678 \
          --secret-key 0123456789abcdef0123456789abcdef

It checks every request's HMAC-SHA1 signature and timestamp the way the contract
(flowroute-v1-api.md) describes, written here independently of the collection's client so
that a signing bug cannot hide in both. Tests steer it through unsigned endpoints under
/_emulator/ (state, request log, settings, seeding, fault injection) that the real API lacks.
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import json
import re
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote_plus, unquote_plus

SIP_REG = 'sip-reg'
CONTROL_PREFIX = '/_emulator/'
TIMESTAMP_FORMATS = ('%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%dT%H:%M:%S')
TIMESTAMP = re.compile(r'[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z?')
ROUTE_NAME = re.compile(r'[A-Za-z0-9]+')
NUMBER = re.compile(r'[1-9][0-9]{0,14}')


class ApiAnswer(Exception):
    """Raised by a handler to answer with a status and a JSON (or raw) body."""

    def __init__(self, status, body=None):
        super().__init__(status)
        self.status = status
        self.body = body


class Account:
    """Everything the emulator remembers; one lock guards it all."""

    def __init__(self, access_key, secret_key, existing='replace', refuse_status=400, window=300,
                 clock=None, latency=0.0, write_body='empty', patch_status=204, last_page='no-next'):
        self.lock = threading.Lock()
        self.keys = {access_key: secret_key}
        self.settings = {'existing': existing, 'refuse_status': refuse_status, 'window': window,
                         'clock': clock, 'latency': latency, 'write_body': write_body,
                         'patch_status': patch_status, 'last_page': last_page}
        self.connections = 0
        self.tls_refused = 0
        self.reset()

    def reset(self):
        self.routes = {SIP_REG: {'type': 'SIP-REG', 'value': None}}
        self.tns = {}
        self.log = []
        self.faults = []

    def now(self):
        clock = self.settings['clock']
        if clock:
            return parse_timestamp(clock)
        return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)


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


# -- the contract's value rules (flowroute-v1-api.md section 4), read independently of the collection --
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
    """Every signature the contract lets a client send for this request."""
    path, _sep, query = target.partition('?')
    uri = scheme + '://' + host + path + '\n' + sorted_query(query)
    digests = [md5_hex(body)] if body else ['', md5_hex(b'')]
    return [hmac.new(secret.encode(), '\n'.join([timestamp, method, digest, uri]).encode(), 'sha1').hexdigest()
            for digest in digests]


# What a successful PUT answers: the contract says an empty body; the seed page shows one space.
WRITE_BODIES = {
    'empty': lambda name, data: None,
    'space': lambda name, data: b' ',
    'json': lambda name, data: {'name': name, 'type': data['type'], 'value': data['value']},
}


def route_json(name, route):
    answer = {'type': route['type'], 'name': name}
    if route['type'] != 'SIP-REG':
        answer['value'] = route['value']
    return answer


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'     # keep-alive, as the real API
    server_version = 'flowroute-emulator/1'
    account = None                    # set by make_server

    def log_message(self, *args):     # quiet: the request log is at /_emulator/requests
        pass

    # -- plumbing -------------------------------------------------------------
    def _read_body(self):
        length = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(length) if length else b''

    def _send(self, status, body=None, headers=None):
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
            self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

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
                 'x_timestamp': self.headers.get('X-Timestamp'), 'time': time.time()}
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
        try:
            self._authenticate(body)
            with acct.lock:
                status, answer = self._api(body)
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
        self._send(status, answer)

    do_GET = do_PUT = do_PATCH = do_POST = do_DELETE = _dispatch

    # -- fault injection -------------------------------------------------------
    def _take_fault(self):
        for fault in self.account.faults:
            if fault['count'] > 0 and fault.get('method', '*') in ('*', self.command):
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
    def _authenticate(self, body):
        refused = ApiAnswer(401, {'error': 'Unauthorized'})
        timestamp = self.headers.get('X-Timestamp') or ''
        when = parse_timestamp(timestamp)
        if when is None:
            raise refused
        if abs((self.account.now() - when).total_seconds()) > self.account.settings['window']:
            raise refused
        auth = self.headers.get('Authorization') or ''
        if not auth.startswith('Basic '):
            raise refused
        try:
            user, _sep, password = base64.b64decode(auth[6:], validate=True).decode().partition(':')
        except (ValueError, UnicodeDecodeError):
            raise refused
        secret = self.account.keys.get(user)
        if secret is None:
            raise refused
        host = self.headers.get('Host') or ''
        if not any(hmac.compare_digest(password.encode(), candidate.encode()) for candidate in
                   acceptable_signatures(secret, timestamp, self.command, body, host, self.path,
                                         'https' if self.server.tls else 'http')):
            raise refused

    # -- the v1 API -------------------------------------------------------------
    def _api(self, body):
        path, _sep, query = self.path.partition('?')
        params = dict((unquote_plus(k), unquote_plus(v)) for k, _s, v in
                      (item.partition('=') for item in query.split('&') if item))
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
        routes = self.account.routes
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
        if name in self.account.routes and self.account.settings['existing'] == 'refuse':
            raise ApiAnswer(self.account.settings['refuse_status'],
                            {'error': 'A route named {0} already exists'.format(name)})
        self.account.routes[name] = {'type': data['type'], 'value': data['value']}
        return 201, WRITE_BODIES[self.account.settings['write_body']](name, data)

    def _number(self, number):
        if number not in self.account.tns:
            raise ApiAnswer(404, {'error': 'Telephone number {0} not found on this account'.format(number)})
        return number

    def _tn_json(self, number, detail=True):
        tn = self.account.tns[number]
        answer = {'routes': [route_json(name, self.account.routes[name]) for name in tn['routes']],
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
        for name in names:
            if name not in self.account.routes:
                raise ApiAnswer(404, {'error': 'Route {0} not found'.format(name)})
        self.account.tns[number]['routes'] = names
        return self.account.settings['patch_status'], None

    # -- control endpoints for tests ---------------------------------------------
    def _control(self, data):
        acct = self.account
        action = self.path[len(CONTROL_PREFIX):]
        with acct.lock:
            if action == 'state' and self.command == 'GET':
                return 200, {'routes': acct.routes, 'tns': acct.tns, 'settings': acct.settings,
                             'connections': acct.connections, 'tls_refused': acct.tls_refused}
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
                for name, route in data.items():
                    acct.routes[name] = {'type': route['type'], 'value': route['value']}
                return 200, {'count': len(acct.routes)}
            if action == 'tns' and self.command == 'POST':
                for number, tn in data.items():
                    if not NUMBER.fullmatch(number):
                        return 400, {'error': 'bad number {0}'.format(number)}
                    acct.tns[number] = {'routes': list(tn.get('routes', [SIP_REG, SIP_REG])),
                                        'billing_method': tn.get('billing_method', 'METERED')}
                return 200, {'count': len(acct.tns)}
            if action == 'faults' and self.command == 'POST':
                acct.faults.extend(data if isinstance(data, list) else [data])
                return 200, {'faults': acct.faults}
        return 404, {'error': 'unknown control endpoint'}


# The switches for what the contract leaves open; each setting's allowed values (None: any).
CHOICES = {'existing': ('replace', 'refuse'), 'write_body': tuple(WRITE_BODIES), 'patch_status': (200, 204),
           'last_page': ('no-next', 'next-to-empty', 'next-null')}


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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8557, help='0 picks a free port')
    parser.add_argument('--access-key', default='12345678')
    parser.add_argument('--secret-key', default='0123456789abcdef0123456789abcdef')
    parser.add_argument('--existing', choices=['replace', 'refuse'], default='replace',
                        help='what PUT does to a route that exists already')
    parser.add_argument('--refuse-status', type=int, default=400)
    parser.add_argument('--window', type=int, default=300, help='accepted clock skew, seconds')
    parser.add_argument('--clock', help='pretend the time is this X-Timestamp, e.g. 2026-11-27T04:04:18Z')
    parser.add_argument('--latency-ms', type=float, default=0, help='added to every API request')
    parser.add_argument('--seed-routes', type=int, default=0, help='start with this many routes')
    parser.add_argument('--seed-numbers', default='', help='comma-separated numbers on the account (routed to sip-reg)')
    parser.add_argument('--write-body', choices=list(WRITE_BODIES), default='empty',
                        help='what a successful PUT answers with a 201: nothing, one space, or JSON')
    parser.add_argument('--patch-status', type=int, choices=[200, 204], default=204)
    parser.add_argument('--last-page', choices=list(CHOICES['last_page']), default='no-next',
                        help='how a list marks its last page: no next link, a full last page linking to an '
                             'empty one, or "next": null')
    parser.add_argument('--tls', action='store_true', help='serve https with a certificate from a throwaway CA '
                        '(needs the trustme package)')
    parser.add_argument('--ca-file', help='with --tls: write the CA certificate here (PEM)')
    parser.add_argument('--port-file', help='write the port here once listening')
    args = parser.parse_args(argv)
    if args.tls and not args.ca_file:
        parser.error('--tls needs --ca-file')

    account = Account(args.access_key, args.secret_key, existing=args.existing,
                      refuse_status=args.refuse_status, window=args.window, clock=args.clock,
                      latency=args.latency_ms / 1000.0, write_body=args.write_body,
                      patch_status=args.patch_status, last_page=args.last_page)
    for index in range(args.seed_routes):
        account.routes['SeedRoute{0:05d}'.format(index)] = {'type': 'HOST', 'value': '192.0.2.{0}'.format(index % 250 + 1)}
    for number in filter(None, args.seed_numbers.split(',')):
        account.tns[number] = {'routes': [SIP_REG, SIP_REG], 'billing_method': 'METERED'}
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
