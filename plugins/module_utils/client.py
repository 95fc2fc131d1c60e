# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Flowroute API client shared by both API versions.

One keep-alive HTTP session, retries with backoff, error wording and paging guards live here,
with the interface every backend (client_v1.py, client_v2.py) implements. Modules never import
this file: they reach a client through runner.py.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import email.utils
import json
import random
import re
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

DEFAULT_API_URL = 'https://api.flowroute.com'
MAX_PAGES = 100000          # a server that never stops paging must not hang a play
MAX_PAGE_REPEATS = 2        # a server that ignores the page parameter answers the same page again
RETRY_STATUSES = (500, 502, 503, 504)
MAX_RETRY_AFTER = 30.0      # seconds; a longer Retry-After on an error (not a rate limit) is clamped
BACKOFF_BASE = 0.5          # seconds before the first retry, doubled each time
BACKOFF_CAP = 8.0
MAX_RETRY_TIME = 120.0      # total seconds one call may spend waiting between tries after errors
RATE_LIMIT_WAIT = 300.0     # total seconds a task may wait at a rate limit, by default
GATE_JITTER = 0.25          # at most this many seconds (or a tenth of the wait) spread the workers' return
USER_AGENT = 'flowroute.numbers-ansible-collection'
SLOTS = ('primary_route', 'failover_route')


def path_with_query(path, query=None):
    """``path?k=v&...`` with the query sorted by name, as requests are sent, signed and shown in errors."""
    query_string = urlencode(sorted((query or {}).items()))
    return path + ('?' + query_string if query_string else '')


def one_line(text, limit=300):
    """Text squeezed onto one line, cut at ``limit`` characters."""
    text = ' '.join(str(text).split())
    return text if len(text) <= limit else text[:limit] + '...'


class FlowrouteAPIError(Exception):
    """A failed API call: method, path, status (None when no answer came) and the API's own words."""

    def __init__(self, method, path, status=None, detail=None, attempts=1, api_error=None, ambiguous=False,
                 reasoned=False):
        self.method = method
        self.path = path
        self.status = status
        self.detail = detail
        self.attempts = attempts
        self.api_error = api_error
        # True when the API said why (a detail beyond a bare title): then no general hint is added
        self.reasoned = reasoned
        # True when a try of this call may have been applied by the server although no success came back
        # (the connection dropped after sending, a timeout waiting for the answer, a 5xx)
        self.ambiguous = ambiguous
        self.context = None
        super(FlowrouteAPIError, self).__init__(self.describe())

    def describe(self):
        where = '{0} {1}'.format(self.method, self.path)
        what = 'HTTP {0}'.format(self.status) if self.status is not None else 'no answer'
        text = '{0} failed: {1}'.format(where, what)
        if self.detail:
            text += ': {0}'.format(self.detail)
        if self.status == 401 and self.path.startswith('/v1/'):
            text += (' (the API refused the credentials: check access_key and secret_key, and that this machine\'s '
                     'clock is correct, as api_version v1 signs each request with the time and refuses requests '
                     'signed more than a few minutes off)')
        elif self.status == 401:
            text += ' (the API refused the credentials: check access_key and secret_key)'
        elif self.status == 403 and not self.reasoned:
            text += ' (the API refused this action for these credentials)'
        if self.attempts > 1:
            text += ' [gave up after {0} attempts]'.format(self.attempts)
        return text

    def __str__(self):
        if self.context:
            return '{0}: {1}'.format(self.context, self.describe())
        return self.describe()


class Unsupported(Exception):
    """Something the selected API version cannot do; the runner turns it into an input error."""

    def __init__(self, option, problem):
        self.option = option
        super(Unsupported, self).__init__('{0}: {1}'.format(option, problem))


def api_error_text(body):
    """The API's own error text from an error body (v1 ``{"error"}`` or v2 ``{"errors": [...]}``), or None."""
    try:
        data = json.loads(body)
    except ValueError:
        return one_line(body) if body.strip() else None
    if isinstance(data, dict) and isinstance(data.get('error'), str):
        return one_line(data['error']) or None
    if isinstance(data, dict) and isinstance(data.get('errors'), list):
        texts = []
        for item in data['errors']:
            if not isinstance(item, dict):
                continue
            detail = item.get('detail')
            if not isinstance(detail, str):
                detail = _field_errors(detail) or (json.dumps(detail, sort_keys=True) if detail else '')
            title = item.get('title') if isinstance(item.get('title'), str) else ''
            texts.append(' - '.join(part for part in (title, detail) if part))
        texts = [text for text in texts if text]
        if texts:
            return one_line('; '.join(texts))
    if data in ({}, [], None):
        return None
    return one_line(json.dumps(data, sort_keys=True))


def _field_errors(detail):
    """'field: reason; ...' of a detail object {"data": {"attributes": {field: [reasons]}}} (contract v2 section 6)."""
    fields = detail.get('data', {}).get('attributes') if isinstance(detail, dict) and isinstance(detail.get('data'), dict) \
        else None
    if not isinstance(fields, dict) or not fields:
        return None
    return '; '.join('{0}: {1}'.format(field, ' '.join(map(str, reasons)) if isinstance(reasons, list) else reasons)
                     for field, reasons in sorted(fields.items()))


def api_gave_reason(body):
    """Whether an error body says why: a v1 error text, or a v2 error with a detail (not only a title)."""
    try:
        data = json.loads(body)
    except ValueError:
        return False
    if isinstance(data, dict) and isinstance(data.get('error'), str):
        return bool(data['error'].strip())
    errors = data.get('errors') if isinstance(data, dict) else None
    return isinstance(errors, list) and any(isinstance(item, dict) and item.get('detail') for item in errors)


def _describe_answer(body):
    """What goes after ``HTTP nnn:`` in a failure: the API's text, or what the body was like."""
    text = api_error_text(body)
    if text is not None:
        return text
    return 'empty answer' if not body.strip() else 'the API gave no error message'


def _transport_detail(exc, timeout, host):
    """One line for a connection-level failure naming the host, without URLs' query strings or headers."""
    if isinstance(exc, requests.exceptions.SSLError):
        reason = re.search(r'\[SSL(?:: [A-Z_]+)?\] [^(\')"]+', str(exc))
        return ('TLS error with {0} ({1}); if a private CA signed its certificate, give that CA to ca_path (or '
                'FLOWROUTE_CA_PATH); set validate_certs=false only for a test server'.format(
                    host, reason.group(0).strip() if reason else one_line(exc, 200)))
    if isinstance(exc, requests.exceptions.Timeout):
        return 'no answer from {0} within timeout={1} seconds'.format(host, timeout)
    errno = re.search(r'\[Errno -?\d+\] [^\'")\]]+', str(exc))
    if errno:
        return 'connection to {0} failed: {1}'.format(host, errno.group(0).strip())
    return 'connection to {0} failed: {1}'.format(host, one_line(exc, 200))


def _is_transient(exc):
    transient = (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                 requests.exceptions.ChunkedEncodingError)
    return isinstance(exc, transient) and not isinstance(exc, requests.exceptions.SSLError)


# urllib3's names for failures before the request left this machine: nothing can have been applied
_NOT_SENT = ('NewConnectionError', 'NameResolutionError', 'ConnectTimeoutError')


def _never_sent(exc):
    """Whether a transport failure happened before the request was sent (connect or TLS handshake)."""
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError)):
        return True
    reason = getattr(exc.args[0], 'reason', None) if exc.args else None
    return type(reason).__name__ in _NOT_SENT


class RateGate:
    """One per task: the API's rate limit, shared by every worker.

    A refusal for rate (429, or 503 with Retry-After) closes the gate for every worker until the
    API's Retry-After (or a back-off) has passed; they then resume spread by a little jitter. It
    also halves the requests in flight (at least 1), raising them again by one after each run of
    successes as long as the limit, never above the task's concurrency. Waiting here does not
    spend a call's retries; the task's total wait is bounded by ``budget`` seconds instead.
    """

    def __init__(self, concurrency, budget=RATE_LIMIT_WAIT, clock=time.time, sleep=time.sleep):
        self._cond = threading.Condition()
        self.concurrency = concurrency
        self.limit = concurrency            # requests in flight allowed now
        self.in_flight = 0
        self.budget = budget
        self.until = 0.0                    # the gate is closed until then
        self.refusals = 0
        self.waited = 0.0                   # wall seconds the gate was closed, in all
        self.exhausted = None               # why no more requests may be sent
        self._successes = 0
        self._streak = 0                    # refusals in a row, for the back-off when no Retry-After came
        self._clock, self._sleep = clock, sleep

    def enter(self):
        """Wait until the gate is open and a request may be in flight; returns the seconds waited at the gate.
        Raises RateLimitExhausted once the task's wait would pass its budget."""
        waited, slept_until = 0.0, None
        while True:
            with self._cond:
                if self.exhausted:
                    raise RateLimitExhausted(self.exhausted)
                now = self._clock()
                # open once its time has come, or once this worker slept out the closing it saw (and no new one came)
                if now >= self.until or self.until == slept_until:
                    if self.in_flight < self.limit:
                        self.in_flight += 1
                        return waited
                    self._cond.wait(0.05)
                    continue
                slept_until = self.until
                pause = self.until - now + random.uniform(0, min(GATE_JITTER, (self.until - now) / 10.0))
            self._sleep(pause)
            waited += pause

    def leave(self, refused=False, retry_after=None):
        """A request is done: ``refused`` for rate, with the Retry-After seconds the API asked for (or None)."""
        with self._cond:
            self.in_flight -= 1
            if not refused:
                self._streak = 0
                self._successes += 1
                if self._successes >= self.limit and self.limit < self.concurrency:
                    self.limit += 1
                    self._successes = 0
            else:
                self._refused(retry_after)
            self._cond.notify_all()

    def _refused(self, retry_after):
        self.refusals += 1
        self._streak += 1
        now = self._clock()
        if retry_after is None:
            retry_after = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** (self._streak - 1))) * random.uniform(0.5, 1.0)
        if now >= self.until:               # a new closing, not the echo of requests already in flight
            self.limit = max(1, self.limit // 2)
            self._successes = 0
        until = now + retry_after
        if until > self.until:
            longer = until - max(self.until, now)
            if self.waited + longer > self.budget:
                self.exhausted = ('still rate limited (HTTP 429) after waiting {0:.0f} seconds in all for the API\'s '
                                  'rate limit, and it asked for {1:.0f} more: more than rate_limit_wait={2:g} allows; '
                                  'raise rate_limit_wait, lower concurrency, or run again later'.format(
                                      self.waited, retry_after, self.budget))
                return
            self.waited += longer
            self.until = until


class RateLimitExhausted(Exception):
    """The task waited at the rate limit as long as rate_limit_wait allows."""


class Transport:
    """One keep-alive session to the API: authorization per try, the rate gate, retries, error wording."""

    def __init__(self, api_url, authorize, validate_certs=True, timeout=30, retries=3, pool_size=10,
                 accept='application/json', session=None, sleep=time.sleep, clock=time.time,
                 rate_limit_wait=RATE_LIMIT_WAIT, ca_path=None):
        self.api_url = api_url.rstrip('/')
        self.host = self.api_url.split('://', 1)[-1]
        self._authorize = authorize
        self.timeout = timeout
        self.retries = retries
        self.accept = accept
        # Passed on every request: requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE win over session.verify.
        # A CA bundle file to trust (ca_path) is what requests takes in verify too.
        self.verify = (ca_path or True) if validate_certs else False
        self.request_count = 0
        self.writes_landed = 0      # writes the API answered with a 2xx: whether a task changed anything
        self._count_lock = threading.Lock()
        self._sleep = sleep
        self.clock = clock
        self.gate = RateGate(pool_size, rate_limit_wait, clock, sleep)
        if session is None:
            session = requests.Session()
            # one kept-alive connection per concurrent worker instead of reconnecting
            adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=pool_size)
            session.mount('https://', adapter)
            session.mount('http://', adapter)
        self._session = session

    def call_time_bound(self):
        """The most one call may take, its tries and the back-off between them included (rate-limit waits aside)."""
        return self.timeout * (self.retries + 1) + MAX_RETRY_TIME

    def _retry_after(self, response, clamp=MAX_RETRY_AFTER):
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
            seconds = email.utils.mktime_tz(parsed) - self.clock()
        return min(max(seconds, 0.0), clamp)

    def _backoff(self, attempt, response):
        asked = self._retry_after(response) if response is not None else None
        if asked is not None:
            return asked
        return min(BACKOFF_CAP, BACKOFF_BASE * (2 ** (attempt - 1))) * random.uniform(0.5, 1.0)

    def _send_once(self, method, url, body, content_type, timeout):
        headers = {'Accept': self.accept, 'User-Agent': USER_AGENT}
        if body:
            headers['Content-Type'] = content_type
        auth, extra_headers = self._authorize(method, url, body)
        headers.update(extra_headers)
        with self._count_lock:
            self.request_count += 1
        return self._session.request(method, url, data=body or None, headers=headers, auth=auth,
                                     timeout=timeout, verify=self.verify, allow_redirects=False)

    def send(self, method, path, query=None, body=b'', content_type='application/json', idempotent=None):
        """Send one call, retried on transient failures (authorized anew each try); returns the 2xx response.

        Every try passes the task's rate gate first; a refusal for rate waits there for the whole task and
        is sent again without spending a retry. The call's own time (tries and back-off) is bounded by
        call_time_bound(): each try gets at most what is left of it.

        A call that is not ``idempotent`` (by default, a POST) is never sent again after a try that
        may have been applied (no answer after sending, a timeout, a 5xx): the error is raised with
        ``ambiguous`` set, so that the caller reads back before deciding. 429 and failures to connect
        are retried for every method: nothing was applied.
        """
        if idempotent is None:
            idempotent = method != 'POST'
        shown_path = path_with_query(path, query)
        url = self.api_url + shown_path
        deadline = self.clock() + self.call_time_bound()
        attempt, tries = 0, 0
        maybe_applied = False
        while True:
            try:
                deadline += self.gate.enter()
            except RateLimitExhausted as exc:
                raise FlowrouteAPIError(method, shown_path, 429, str(exc), tries)
            remaining = deadline - self.clock()
            if remaining <= 0:
                self.gate.leave()
                raise FlowrouteAPIError(method, shown_path, None, 'no success within {0:g} seconds, the most one call may '
                                        'take with timeout={1:g} and retries={2}'.format(
                                            self.call_time_bound(), self.timeout, self.retries), tries,
                                        ambiguous=maybe_applied)
            tries += 1
            response, refused = None, False
            try:
                response = self._send_once(method, url, body, content_type, min(self.timeout, remaining))
            except requests.exceptions.RequestException as exc:
                retriable = _is_transient(exc)
                maybe_applied = maybe_applied or (method != 'GET' and not _never_sent(exc))
                error = FlowrouteAPIError(method, shown_path, None, _transport_detail(exc, self.timeout, self.host), tries,
                                          ambiguous=maybe_applied)
            else:
                status = response.status_code
                asked = self._retry_after(response, clamp=self.gate.budget)
                refused = status == 429 or (status == 503 and asked is not None)
                if 200 <= status < 300:
                    if method != 'GET':
                        with self._count_lock:
                            self.writes_landed += 1
                    self.gate.leave()
                    return response
                retriable = status in RETRY_STATUSES
                maybe_applied = maybe_applied or (method != 'GET' and status >= 500)
                error = FlowrouteAPIError(method, shown_path, status, _describe_answer(response.text), tries,
                                          api_error_text(response.text), ambiguous=maybe_applied,
                                          reasoned=api_gave_reason(response.text))
            self.gate.leave(refused, asked if refused else None)
            if refused and not (maybe_applied and not idempotent):
                continue        # the API said "later": wait at the gate, not counted as a try for errors
            attempt += 1
            if not retriable or attempt > self.retries or (maybe_applied and not idempotent):
                raise error
            pause = self._backoff(attempt, response)
            if self.clock() + pause > deadline:
                raise error
            self._sleep(pause)

    def get_json(self, path, query=None):
        """GET and decode the JSON answer; None for an empty body."""
        response = self.send('GET', path, query)
        if not response.content.strip():
            return None
        try:
            return json.loads(response.text)
        except ValueError:
            raise FlowrouteAPIError('GET', path_with_query(path, query), response.status_code,
                                    'the answer is not JSON: {0}'.format(one_line(response.text, 120)))

    def write(self, method, path, data, content_type='application/json', idempotent=None):
        """Send a write; any 2xx is success whatever its body. Returns the decoded JSON body, or None."""
        body = json.dumps(data).encode('utf-8') if data is not None else b''
        response = self.send(method, path, body=body, content_type=content_type, idempotent=idempotent)
        try:
            return json.loads(response.text) if response.content.strip() else None
        except ValueError:
            return None

    def post_once(self, path, data, find, content_type):
        """A POST that must land once: ``(answer, None)``, or ``(None, found)`` when a lost answer's
        POST had been applied.

        After a try whose answer was lost, ``find()`` reads back: what it returns is taken as the
        answer; only when it returns None is the POST sent again (at most ``retries`` times).
        """
        attempt, tries = 0, 0
        while True:
            try:
                return self.write('POST', path, data, content_type), None
            except FlowrouteAPIError as exc:
                tries += exc.attempts
                if not exc.ambiguous or attempt >= self.retries:
                    exc.attempts = tries
                    raise
            attempt += 1
            found = find()
            if found is not None:
                return None, found


def unexpected(where, problem, method='GET'):
    """The error for an answer to ``method`` ``where`` that has the wrong shape."""
    return FlowrouteAPIError(method, where, 200, 'unexpected answer: {0}'.format(problem))


def walk_pages(fetch_page, endpoint):
    """Yield every item of a paged list. fetch_page(index) -> (items, has_next), index from 0.

    Stops at the first empty or last page; fails when a page repeats (a server that ignores
    paging) or after MAX_PAGES pages.
    """
    previous, repeats = None, 0
    for index in range(MAX_PAGES):
        items, has_next = fetch_page(index)
        if items and items == previous:
            repeats += 1
            if repeats >= MAX_PAGE_REPEATS:
                raise FlowrouteAPIError('GET', endpoint, 200, 'the API answered the same page {0} times in a row: '
                                        'it ignores paging, so the list cannot be read'.format(repeats + 1))
        else:
            repeats = 0
        previous = items
        yield from items
        if not has_next or not items:
            return
    raise FlowrouteAPIError('GET', endpoint, 200, 'still paging after {0} pages'.format(MAX_PAGES))


def route_record(name, route_type, value, route_id=None, edge_strategy=None, edge_known=True):
    """A route as every backend returns it. ``edge_known`` is False when the API's answer did not show
    the route's edge strategy at all (the attribute is optional), so it cannot be compared."""
    return {'name': name, 'type': route_type, 'value': value, 'id': route_id, 'edge_strategy': edge_strategy,
            'edge_known': edge_known}


def lowest_id(routes):
    """The route with the lowest numeric id: the one every run keeps when an alias was created twice."""
    return min(routes, key=lambda route: (len(str(route['id'])), str(route['id'])))


class FlowrouteClient:
    """What every module may ask of the API, whatever its version. Backends fill in the calls."""

    version = None
    unique_names = True          # whether the API guarantees one route per name
    can_delete = False
    can_choose_edge = False
    needs_both_slots = True      # whether setting a number's routing always sends primary and failover
    route_fields = ('name', 'type', 'value')    # what modules return of a route

    def __init__(self, transport, pool_size=10):
        self.transport = transport
        self.pool_size = pool_size
        self._pops = None

    @property
    def request_count(self):
        return self.transport.request_count

    def __repr__(self):  # never show a secret, even in a debugger or a traceback
        return '{0}(api_url={1!r})'.format(type(self).__name__, self.transport.api_url)

    def require(self, capability, option):
        """Raise Unsupported unless this API version can do ``capability`` ('delete', 'edge' or 'ids')."""
        if capability == 'delete' and not self.can_delete:
            raise Unsupported(option, 'the Flowroute v1 API cannot delete routes; set api_version=v2')
        if capability == 'edge' and not self.can_choose_edge:
            raise Unsupported(option, 'the Flowroute v1 API has no edge strategies; set api_version=v2')
        if capability == 'ids' and self.unique_names:
            raise Unsupported(option, 'the Flowroute v1 API has no route ids, a route is known by its name; set '
                                      'api_version=v2')

    def find_route(self, name):
        """(routes named exactly ``name``, routes whose name differs only in case).

        Stops at the first exact match when the API guarantees unique names; otherwise reads
        every page so that duplicates show.
        """
        exact, similar = [], []
        folded = name.lower()
        for route in self.iter_routes():
            if route['name'] == name:
                exact.append(route)
                if self.unique_names:
                    break
            elif isinstance(route['name'], str) and route['name'].lower() == folded:
                similar.append(route)
        return exact, similar

    def list_routes(self):
        """Every route on the account, in API order."""
        return list(self.iter_routes())

    def routes_by_name(self):
        """{name: [routes with that name, in API order]}, from one pass over the route list."""
        routes = {}
        for route in self.iter_routes():
            routes.setdefault(route['name'], []).append(route)
        return routes

    def get_numbers(self, numbers):
        """{number: its routing, or None when not on the account}, from one pass over the account's numbers
        that stops once every one of them is found."""
        found = dict.fromkeys(numbers)
        missing = set(numbers)
        for item in self.iter_numbers():
            if item['number'] in missing:
                found[item['number']] = item
                missing.discard(item['number'])
                if not missing:
                    break
        return found

    def route_users(self):
        """{route id (or name where routes have no id): [numbers whose primary or failover it is]}."""
        users = {}
        for number in self.iter_numbers():
            for slot in SLOTS:
                route = number[slot]
                if route is None:
                    continue
                numbers = users.setdefault(route['id'] if route['id'] is not None else route['name'], [])
                if number['number'] not in numbers:
                    numbers.append(number['number'])
        return users

    def edge_names(self, routes):
        """{PoP id: name} when the API has PoPs and one of ``routes`` has one (the list read once per task), else {}."""
        if not self.can_choose_edge or not any(route and route.get('edge_strategy') for route in routes):
            return {}
        if self._pops is None:
            self._pops = dict((strategy['id'], strategy['name']) for strategy in self.list_edge_strategies())
        return self._pops

    def converge_created(self, created, same):
        """After creates, make each name stand for one route again; {key: outcome}.

        ``created`` is {key: the route as stored}; ``same(route, stored)`` says whether two routes
        hold the same attributes. When several routes carry a created name with the same attributes
        (two runs created it at once), the lowest id is the route and this run deletes its own copy
        if that is not it: outcome ``{'superseded': the lowest id}``. Different attributes under the
        name give ``{'error': text}``. An API whose names are unique has nothing to converge.
        """
        if self.unique_names or not created:
            return {}
        by_name = self.routes_by_name()
        outcomes = {}
        for key, stored in created.items():
            copies = by_name.get(stored['name'], [])
            if len(copies) < 2:
                continue
            if not all(same(copy, stored) for copy in copies):
                outcomes[key] = {'error': '{0} routes have the alias {1!r} with different types or values (ids {2}): '
                                          'another run is creating it with other values; keep one (flowroute_route '
                                          'with id, or flowroute_routes with prune)'.format(
                                              len(copies), stored['name'], ', '.join(copy['id'] for copy in copies))}
                continue
            kept = lowest_id(copies)
            if kept['id'] != stored['id']:
                try:
                    self.delete_route(stored)
                except FlowrouteAPIError as exc:
                    outcomes[key] = {'error': 'another run created route {0} at the same time (id {1}), and the copy '
                                              'this task made (id {2}) could not be deleted: {3}'.format(
                                                  stored['name'], kept['id'], stored['id'], exc)}
                    continue
                outcomes[key] = {'superseded': kept['id']}
        return outcomes

    def map_concurrently(self, call, items):
        """[call(item) for item in items], at most pool_size at once, in order."""
        if len(items) < 2:
            return [call(item) for item in items]
        with ThreadPoolExecutor(max_workers=self.pool_size) as pool:
            return list(pool.map(call, items))

    # The calls below are the interface; each backend implements them.
    def iter_routes(self):
        raise NotImplementedError

    def create_route(self, route):
        """Create ``route`` ({name, type, value, edge_strategy}); returns the route as stored, or None."""
        raise NotImplementedError

    def update_route(self, current, route):
        """Change the existing route ``current`` into ``route``."""
        raise NotImplementedError

    def delete_route(self, current):
        raise NotImplementedError

    def list_edge_strategies(self):
        raise NotImplementedError

    def iter_numbers(self, pattern=None):
        """Every number on the account (optionally containing ``pattern``), each with its routing."""
        raise NotImplementedError

    def iter_number_routing(self):
        """Every number on the account, each as {number, alias, primary_route, failover_route} with each route
        as the API names it (v1 by name, v2 by id, None for an empty slot), no route looked up."""
        for number in self.iter_numbers():
            yield dict(number, alias=None)

    def get_number(self, number):
        """One number's routing, or None when it is not on the account."""
        raise NotImplementedError

    def set_number_routes(self, number, current, wanted):
        """Point ``number`` at wanted {'primary_route': route, 'failover_route': route}; current as read."""
        raise NotImplementedError
