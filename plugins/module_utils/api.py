# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Flowroute Numbers v1 API client: signing, one HTTP session, retries, errors, pagination."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import hashlib
import hmac
import json
import random
import re
import threading
import time
import traceback

from ansible.module_utils.six.moves.urllib.parse import parse_qsl, quote, urlencode, urlsplit

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

DEFAULT_API_URL = 'https://api.flowroute.com'
PAGE_LIMIT = 200            # the largest page GET /v1/routes/ allows
MAX_PAGES = 100000          # a server that never stops paging must not hang a play
RETRY_STATUSES = (429, 500, 502, 503, 504)
MAX_RETRY_AFTER = 30.0      # seconds; a longer Retry-After is clamped
BACKOFF_BASE = 0.5          # seconds before the first retry, doubled each time
BACKOFF_CAP = 8.0
MAX_RETRY_TIME = 120.0      # total seconds one call may spend waiting between tries
USER_AGENT = 'flowroute.numbers-ansible-collection'


def canonical_uri(url):
    """The URI token of the signed message: scheme://host/path, newline, query sorted by name."""
    parts = urlsplit(url)
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return '{0}://{1}{2}\n{3}'.format(parts.scheme, parts.netloc, parts.path, query)


def sign_request(secret_key, timestamp, method, url, body=b''):
    """Return the lowercase hex HMAC-SHA1 that Flowroute v1 expects as the Basic auth password."""
    body_md5 = hashlib.md5(body).hexdigest() if body else ''
    message = '\n'.join([timestamp, method.upper(), body_md5, canonical_uri(url)])
    return hmac.new(secret_key.encode('utf-8'), message.encode('utf-8'), hashlib.sha1).hexdigest()


def utc_timestamp(now=None):
    """X-Timestamp value: UTC to the second, ISO 8601 with Z."""
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(now))


def path_with_query(path, query=None):
    """``path?k=v&...`` with the query sorted by name, as requests are sent, signed and shown in errors."""
    query_string = urlencode(sorted((query or {}).items()))
    return path + ('?' + query_string if query_string else '')


class FlowrouteAPIError(Exception):
    """One readable line about a failed API call: method, path, status, the API's own words."""

    def __init__(self, method, path, status=None, detail=None, attempts=1):
        self.method = method
        self.path = path
        self.status = status
        self.detail = detail
        self.attempts = attempts
        super(FlowrouteAPIError, self).__init__(self._text())

    def _text(self):
        where = '{0} {1}'.format(self.method, self.path)
        what = 'HTTP {0}'.format(self.status) if self.status is not None else 'no answer'
        text = '{0} failed: {1}'.format(where, what)
        if self.detail:
            text += ': {0}'.format(self.detail)
        if self.status == 401:
            text += (' (the API refused the request signature: check access_key and secret_key, '
                     'and that this machine\'s clock is correct, as requests signed more than a few '
                     'minutes off are refused)')
        elif self.status == 403:
            text += ' (these credentials may not use this part of the API)'
        if self.attempts > 1:
            text += ' [gave up after {0} attempts]'.format(self.attempts)
        return text


def _one_line(text, limit=300):
    text = ' '.join(str(text).split())
    return text if len(text) <= limit else text[:limit] + '...'


def _api_message(response):
    """The API's own error text from a response, or a short description of the body."""
    body = response.text or ''
    try:
        data = json.loads(body)
    except ValueError:
        return _one_line(body) if body.strip() else 'empty answer'
    if isinstance(data, dict) and isinstance(data.get('error'), str):
        return _one_line(data['error'])
    if data in ({}, [], None):
        return 'the API gave no error message'
    return _one_line(json.dumps(data))


def _transport_detail(exc, timeout):
    """One line for a connection-level failure, without URLs' query strings or headers."""
    if HAS_REQUESTS and isinstance(exc, requests.exceptions.SSLError):
        return 'TLS error ({0}); set validate_certs=false only for a test server'.format(
            _one_line(exc, 200))
    if HAS_REQUESTS and isinstance(exc, requests.exceptions.Timeout):
        return 'no answer within timeout={0} seconds'.format(timeout)
    errno = re.search(r'\[Errno -?\d+\] [^\'")\]]+', str(exc))
    if errno:
        return 'connection failed: {0}'.format(errno.group(0).strip())
    return 'connection failed: {0}'.format(_one_line(exc, 200))


def _retry_after(response):
    """Seconds asked for by a Retry-After header (delta or HTTP date), clamped; None if absent."""
    value = (response.headers.get('Retry-After') or '').strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        seconds = email.utils.mktime_tz(parsed) - time.time()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


class FlowrouteClient:
    """Talks to the Flowroute Numbers v1 API over one keep-alive session."""

    def __init__(self, access_key, secret_key, api_url=DEFAULT_API_URL, validate_certs=True,
                 timeout=30, retries=3, session=None, sleep=time.sleep, clock=time.time, pool_size=10):
        if not HAS_REQUESTS:
            raise RuntimeError('the Python library requests is required')
        self.access_key = access_key
        self._secret_key = secret_key
        self.api_url = api_url.rstrip('/')
        self.timeout = timeout
        self.retries = max(int(retries), 0)
        self._count_lock = threading.Lock()   # flowroute_routes sends from several threads
        self.request_count = 0
        self._sleep = sleep
        self._clock = clock
        if session is None:
            session = requests.Session()
            # keep one kept-alive connection per concurrent worker instead of reconnecting
            adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=max(pool_size, 1))
            session.mount('https://', adapter)
            session.mount('http://', adapter)
        self._session = session
        self._session.verify = validate_certs
        self._session.headers['User-Agent'] = USER_AGENT

    def __repr__(self):  # never show the secret, even in a debugger or a traceback
        return 'FlowrouteClient(api_url={0!r}, access_key={1!r})'.format(self.api_url, self.access_key)

    def _backoff(self, attempt, response):
        asked = _retry_after(response) if response is not None else None
        if asked is not None:
            return asked
        return min(BACKOFF_CAP, BACKOFF_BASE * (2 ** (attempt - 1))) * random.uniform(0.5, 1.0)

    def _send_once(self, method, url, body):
        timestamp = utc_timestamp(self._clock())
        signature = sign_request(self._secret_key, timestamp, method, url, body)
        headers = {'X-Timestamp': timestamp, 'Accept': 'application/json'}
        if body:
            headers['Content-Type'] = 'application/json; charset=utf-8'
        with self._count_lock:
            self.request_count += 1
        return self._session.request(method, url, data=body or None, headers=headers,
                                     auth=(self.access_key, signature), timeout=self.timeout,
                                     allow_redirects=False)

    def request(self, method, path, query=None, data=None):
        """Send one signed call (re-signed on each retry); returns decoded JSON or None for an empty body."""
        shown_path = path_with_query(path, query)
        url = self.api_url + shown_path
        body = json.dumps(data).encode('utf-8') if data is not None else b''
        deadline = self._clock() + MAX_RETRY_TIME
        attempt = 0
        while True:
            attempt += 1
            response = None
            try:
                response = self._send_once(method, url, body)
            except requests.exceptions.RequestException as exc:
                transient = (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                             requests.exceptions.ChunkedEncodingError)
                retriable = isinstance(exc, transient) and not isinstance(exc, requests.exceptions.SSLError)
                error = FlowrouteAPIError(method, shown_path, None, _transport_detail(exc, self.timeout), attempt)
            else:
                if 200 <= response.status_code < 300:
                    return self._decode(method, shown_path, response)
                retriable = response.status_code in RETRY_STATUSES
                error = FlowrouteAPIError(method, shown_path, response.status_code, _api_message(response), attempt)
            if not retriable or attempt > self.retries:
                raise error
            pause = self._backoff(attempt, response)
            if self._clock() + pause > deadline:
                raise error
            self._sleep(pause)

    @staticmethod
    def _decode(method, path, response):
        if not response.content or not response.content.strip():
            return None
        try:
            return json.loads(response.text)
        except ValueError:
            raise FlowrouteAPIError(method, path, response.status_code,
                                    'the answer is not JSON: {0}'.format(_one_line(response.text, 120)))

    def _all_pages(self, path, query, parse):
        """Follow a list endpoint through every page; parse(answer, shown_path) -> (items, has_next)."""
        items = {}
        for page in range(1, MAX_PAGES + 1):
            page_query = dict(query, limit=PAGE_LIMIT, page=page)
            page_items, has_next = parse(self.request('GET', path, page_query), path_with_query(path, page_query))
            items.update(page_items)
            if not has_next or not page_items:
                return items
        raise FlowrouteAPIError('GET', path, detail='still paging after {0} pages'.format(MAX_PAGES))

    def list_routes(self):
        """Every route on the account, all pages: ``{name: {'type': ..., 'value': ...}}`` in API order."""
        return self._all_pages('/v1/routes/', {}, _parse_route_page)

    def list_numbers(self, pattern=None):
        """Every number on the account (optionally matching a partial number): ``{number: routing}``."""
        return self._all_pages('/v1/tns/', {'pattern': pattern} if pattern else {}, _parse_number_page)

    def get_number(self, number):
        """One number's routing ``{'primary_route', 'failover_route', 'billing_method'}``; None if not on the account."""
        path = '/v1/tns/' + quote(number, safe='')
        try:
            answer = self.request('GET', path)
        except FlowrouteAPIError as exc:
            if exc.status == 404:
                return None
            raise
        return _parse_number(answer, path, number)

    def set_number_routes(self, number, primary, failover):
        """PATCH /v1/tns/{number} with both routes, primary first (the API may not take one alone)."""
        self.request('PATCH', '/v1/tns/' + quote(number, safe=''),
                     data={'routes': [{'name': primary}, {'name': failover}]})

    def create_route(self, name, route_type, value):
        """PUT /v1/routes/{name}: create (or, where the server allows it, replace) a route."""
        self.request('PUT', '/v1/routes/' + quote(name, safe=''), data={'type': route_type, 'value': value})


# The shape checks below all read answers to GET; ``where`` is the path (with query) that was asked.
def _unexpected(where, problem):
    return FlowrouteAPIError('GET', where, 200, 'unexpected answer: {0}'.format(problem))


def _page_items(answer, where, key, described):
    """The object under ``key`` of one list page and whether a next page exists."""
    if answer is None or answer == {}:
        return {}, False
    if not isinstance(answer, dict):
        raise _unexpected(where, 'expected a JSON object, got {0}'.format(type(answer).__name__))
    items = answer.get(key, {})
    if not isinstance(items, dict):
        raise _unexpected(where, '"{0}" is {1}, not an object keyed by {2}'.format(key, type(items).__name__, described))
    links = answer.get('links')
    return items, isinstance(links, dict) and bool(links.get('next'))


def _route(raw, where, label):
    """``{'type', 'value'}`` of a route as the API gave it (values are never re-validated)."""
    if not isinstance(raw, dict) or not isinstance(raw.get('type'), str):
        raise _unexpected(where, '{0} has no "type"'.format(label))
    value = raw.get('value')
    return {'type': raw['type'], 'value': value if value is None or isinstance(value, str) else str(value)}


def _parse_route_page(answer, where):
    """One page of GET /v1/routes/: ({name: route}, has_next)."""
    items, has_next = _page_items(answer, where, 'routes', 'route name')
    return dict((name, _route(raw, where, 'route {0!r}'.format(name))) for name, raw in items.items()), has_next


def _parse_number(raw, where, number):
    """A number's routing from GET /v1/tns/ or /v1/tns/{number}."""
    if not isinstance(raw, dict) or not isinstance(raw.get('routes'), list):
        raise _unexpected(where, 'number {0} has no "routes" list'.format(number))
    routes = []
    for index, item in enumerate(raw['routes'][:2]):
        label = 'number {0} route {1}'.format(number, index + 1)
        if not isinstance(item, dict) or not isinstance(item.get('name'), str):
            raise _unexpected(where, '{0} has no "name"'.format(label))
        route = _route(item, where, label)
        routes.append({'name': item['name'], 'type': route['type'], 'value': route['value']})
    routes += [None] * (2 - len(routes))
    billing = raw.get('billing_method')
    return {'number': number, 'primary_route': routes[0], 'failover_route': routes[1],
            'billing_method': billing if isinstance(billing, str) else None}


def _parse_number_page(answer, where):
    """One page of GET /v1/tns/: ({number: routing}, has_next); an account without numbers answers {}."""
    items, has_next = _page_items(answer, where, 'tns', 'number')
    return dict((number, _parse_number(raw, where, number)) for number, raw in items.items()), has_next
