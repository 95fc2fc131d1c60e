# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's core: one account behind both API versions, the HTTP server, authentication, faults, the rate
limit, the control endpoints under /_emulator/, and the dispatch of every API request to the part that models it."""

import datetime
import json
import math
import re
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote_plus

from . import auth, cnam, e911, messaging, numbers, purchase, routes
from .answers import ApiAnswer, not_modelled, unknown_path, v2_error
from .auth import parse_timestamp

# The parts, in the order their endpoints are tried. A new resource is one more module here.
PARTS = [routes, purchase, numbers, messaging, e911, cnam]
CONTROL_PREFIX = '/_emulator/'
JSONAPI = 'application/vnd.api+json'
V2_BODY_TYPES = (None, JSONAPI, 'application/json', 'text/plain')   # contract section 1: what the SDKs sent
SETTINGS = {
    'window': (300, None),                  # v1: accepted clock skew, seconds
    'clock': (None, None),                  # v1: pretend the time is this X-Timestamp
    'latency': (0.0, None),                 # seconds added to every API request
    'last_page': ('no-next', ('no-next', 'next-to-empty', 'next-null')),
    'rate_limit': (0, None),                # API requests a second before 429 (0: no limit)
}


def setting_defaults():
    """{setting: (default, choices)} of the core and every part."""
    every = dict(SETTINGS)
    for part in PARTS:
        every.update(getattr(part, 'SETTINGS', {}))
    return every


def settings_problem(data, known=None):
    """Why these settings cannot be taken, or None."""
    known = known or setting_defaults()
    unknown = sorted(set(data) - set(known))
    if unknown:
        return 'unknown settings: {0}'.format(unknown)
    for key, value in data.items():
        choices = known[key][1]
        if choices and value not in choices:
            return 'setting {0} must be one of {1}, got {2!r}'.format(key, list(choices), value)
    return None


class RateLimit:
    """A token bucket of ``rate`` requests a second holding one second of them: beyond it, 429 with Retry-After."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tokens, self.stamp, self.rate = 0.0, time.monotonic(), 0

    def admit(self, rate):
        """None when the request may go on, else the whole seconds to wait before a token is there."""
        with self.lock:
            now = time.monotonic()
            if rate != self.rate:
                self.tokens, self.rate = float(rate), rate
            self.tokens = min(float(rate), self.tokens + (now - self.stamp) * rate)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                return None
            return max(1, math.ceil((1 - self.tokens) / rate))


class Account:
    """Everything the emulator remembers, one account behind both API versions; one lock guards it all."""

    def __init__(self, access_key, secret_key, **settings):
        problem = settings_problem(settings)
        if problem:
            raise ValueError(problem)
        self.lock = threading.Lock()
        self.keys = {access_key: secret_key}
        self.settings = dict((key, default) for key, (default, dummy) in setting_defaults().items())
        self.settings.update(settings)
        self.connections = 0
        self.tls_refused = 0
        self.rate_limit = RateLimit()
        self.reset()

    def reset(self):
        self.log = []
        self.faults = []
        self.refused = 0                    # 429s the rate limit answered
        for part in PARTS:
            if hasattr(part, 'reset'):
                part.reset(self)

    def now(self):
        clock = self.settings['clock']
        if clock:
            return parse_timestamp(clock)
        return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None, microsecond=0)

    # the seeding the command line, the role and the tests use, for the two oldest parts
    def seed_routes(self, data):
        routes.seed(self, data)

    def seed_numbers(self, data):
        numbers.seed(self, data)

    def v1_routes(self):
        return routes.v1_routes(self)

    def state(self):
        answer = {'settings': self.settings, 'connections': self.connections, 'tls_refused': self.tls_refused,
                  'rate_limited': self.refused}
        for part in PARTS:
            if hasattr(part, 'state'):
                answer.update(part.state(self))
        return answer


def query_params(query):
    return dict((unquote_plus(k), unquote_plus(v)) for k, _s, v in (item.partition('=') for item in query.split('&') if item))


class Request:
    """What a part's handler sees of one API request."""

    def __init__(self, handler, body):
        self.account = handler.account
        self.method = handler.command
        self.target = handler.path
        self.path, _sep, query = handler.path.partition('?')
        self.params = query_params(query)
        self.headers = handler.headers
        self.body = body
        self.scheme = 'https' if handler.server.tls else 'http'
        self.base_url = handler.base_url()
        self.v2 = self.path.startswith(('/v2/', '/v2.1/'))

    def json(self):
        """A v2 request body: JSON in any media type the SDKs sent (contract section 1), an object."""
        content_type = (self.headers.get('Content-Type') or '').split(';')[0].strip().lower() or None
        if content_type not in V2_BODY_TYPES:
            raise v2_error(415, 'Unsupported Media Type', 'send application/vnd.api+json')
        try:
            data = json.loads(self.body)
        except ValueError:
            raise v2_error(400, 'Bad Request', 'the body is not JSON')
        if not isinstance(data, dict):
            raise v2_error(400, 'Bad Request', 'the body must be a JSON object')
        return data


def route(request):
    """The part's handler for this request, or the answer for a path or method nobody models."""
    path_known = False
    for part in PARTS:
        for method, pattern, handler in part.ENDPOINTS:
            match = re.fullmatch(pattern, request.path)
            if match:
                if method == request.method:
                    return handler(request, *match.groups())
                path_known = True
    refusal = not_modelled(request.method, request.path)
    if refusal is not None:
        raise refusal
    if path_known:
        if request.v2:
            raise v2_error(405, 'Method Not Allowed', '{0} is not allowed on {1}'.format(request.method, request.path))
        raise ApiAnswer(405, {'error': 'Method Not Allowed'})
    raise unknown_path(request.method, request.path, request.v2)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'     # keep-alive, as the real API
    # headers and body go out as two writes: without TCP_NODELAY, Nagle holds the body until the
    # client's delayed ACK of the headers, up to 40 ms on each answer that a real server does not add
    disable_nagle_algorithm = True
    server_version = 'flowroute-emulator/3'
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

    def base_url(self):
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
        request = Request(self, body)
        entry = {'method': self.command, 'path': self.path, 'body': body.decode('utf-8', 'replace'),
                 'x_timestamp': self.headers.get('X-Timestamp'), 'content_type': self.headers.get('Content-Type'),
                 'time': time.time()}
        with acct.lock:
            acct.log.append(entry)
            fault = self._take_fault()
            latency, rate = acct.settings['latency'], acct.settings['rate_limit']
        if latency:
            time.sleep(latency)
        wait = acct.rate_limit.admit(rate) if rate and not fault else None
        if wait is not None:
            with acct.lock:
                acct.refused += 1
            entry['status'] = 429
            self._refuse_rate(request, wait)
            return
        applied = bool(fault and fault.get('applied'))
        if fault and fault.get('delay') and not applied:
            time.sleep(float(fault['delay']))
        if fault and (fault.get('drop') or 'status' in fault) and not applied:
            entry['status'] = self._apply_fault(fault)
            return
        headers = {}
        try:
            # every request is authenticated before its path is looked at, as the real API does: a request whose
            # path is not /v2 is checked as v1, so any byte changed in a signed request is a 401
            if request.v2:
                auth.check_v2(request)
            else:
                auth.check_v1(request)
            with acct.lock:
                status, answer = route(request)
        except ApiAnswer as answer_exc:
            status, answer, headers = answer_exc.status, answer_exc.body, answer_exc.headers
        except Exception as exc:  # pylint: disable=broad-except
            # a bug of the emulator's: say so in the answer rather than drop the connection like a network fault
            status, answer = 500, v2_error(500, 'Emulator error', 'the emulator failed on {0} {1}: {2!r}'.format(
                self.command, request.path, exc)).body
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
        self._send(status, answer, headers, content_type=JSONAPI if request.v2 else 'application/json')

    do_GET = do_PUT = do_PATCH = do_POST = do_DELETE = _dispatch

    def _refuse_rate(self, request, wait):
        detail = 'Too many requests: the limit is {0} a second; retry after {1} s'.format(
            self.account.settings['rate_limit'], wait)
        body = v2_error(429, 'Too Many Requests', detail).body if request.v2 else {'error': detail}
        self._send(429, body, {'Retry-After': str(wait)}, JSONAPI if request.v2 else 'application/json')

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
                # a fresh account: every setting back to its default, but for those given
                problem = settings_problem(data or {})
                if problem:
                    return 400, {'error': problem}
                acct.reset()
                acct.settings.update((key, default) for key, (default, dummy) in setting_defaults().items())
                acct.settings.update(data or {})
                return 200, {}
            if action == 'settings' and self.command == 'POST':
                problem = settings_problem(data)
                if problem:
                    return 400, {'error': problem}
                acct.settings.update(data)
                return 200, acct.settings
            if action == 'faults' and self.command == 'POST':
                acct.faults.extend(data if isinstance(data, list) else [data])
                return 200, {'faults': acct.faults}
            if action == 'burst' and self.command == 'POST':
                # the next ``count`` API requests answer 429 with Retry-After, as a burst of refusals
                acct.faults.append({'count': int(data['count']), 'status': 429,
                                    'retry_after': data.get('retry_after', 1),
                                    'body': {'errors': [{'status': 429, 'title': 'Too Many Requests'}]}})
                return 200, {'faults': acct.faults}
            request = type('ControlRequest', (), {'account': acct, 'base_url': self.base_url()})()
            for part in PARTS:
                handler = getattr(part, 'CONTROL', {}).get((self.command, action))
                if handler is not None:
                    return handler(request, data)
        return 404, {'error': 'unknown control endpoint'}


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
