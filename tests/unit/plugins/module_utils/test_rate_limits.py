# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Riding out rate limits: one gate per task, fewer requests in flight after a refusal, a bounded wait that spends
no retry, and a true time bound per call."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
import time

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils import client
from ansible_collections.flowroute.numbers.plugins.module_utils.client import (
    FlowrouteAPIError,
    RateGate,
    RateLimitExhausted,
    Transport,
)

from fakes import FakeSession, Time, response

BASE = 'https://api.flowroute.com'


@pytest.fixture
def no_jitter(monkeypatch):
    monkeypatch.setattr(client.random, 'uniform', lambda low, high: low)


def gate_with(concurrency=8, budget=300.0):
    time_ = Time(0.0)
    return RateGate(concurrency, budget, time_.clock, time_.sleep), time_


# --- the gate ---

def test_a_refusal_closes_the_gate_for_every_worker_until_retry_after(no_jitter):
    gate, time_ = gate_with()
    gate.enter()
    gate.leave(refused=True, retry_after=2.0)
    assert gate.enter() == 2.0 and time_.now == 2.0        # the next worker, whoever it is, waits it out
    gate.leave()
    assert gate.enter() == 0.0                              # open again
    assert (gate.refusals, gate.waited) == (1, 2.0)


def test_workers_resume_spread_by_a_little_jitter(monkeypatch):
    asked = []
    monkeypatch.setattr(client.random, 'uniform', lambda low, high: asked.append((low, high)) or high)
    gate, time_ = gate_with()
    gate.enter()
    gate.leave(refused=True, retry_after=1.0)
    gate.enter()
    gate.leave(refused=True, retry_after=30.0)
    gate.enter()
    assert asked == [(0, 0.1), (0, 0.25)]                  # a tenth of the wait, at most a quarter second


def test_a_refusal_halves_the_requests_in_flight_once_per_closing_and_success_raises_them_slowly(no_jitter):
    gate, time_ = gate_with(concurrency=8)
    for dummy in range(3):
        gate.enter()
    gate.leave(refused=True, retry_after=1.0)
    gate.leave(refused=True, retry_after=1.0)               # the echo of requests already in flight
    gate.leave(refused=True, retry_after=1.0)
    assert gate.limit == 4
    time_.now = 5.0
    for expected in (5, 6, 7, 8, 8):
        for dummy in range(gate.limit):
            gate.enter()
            gate.leave()
        assert gate.limit == expected                      # one more after each run of as many successes
    for dummy in range(10):                                  # never below one
        gate.enter()
        gate.leave(refused=True, retry_after=0.0)
    assert gate.limit == 1


def test_without_retry_after_the_wait_backs_off_per_refusal_in_a_row(no_jitter):
    gate, time_ = gate_with()
    for expected in (0.25, 0.5, 1.0, 2.0, 4.0, 4.0):
        gate.enter()
        start = time_.now
        gate.leave(refused=True)
        assert gate.until - start == expected
    gate.enter()
    gate.leave()
    gate.enter()
    start = time_.now
    gate.leave(refused=True)
    assert gate.until - start == 0.25                      # a success ends the run


def test_the_wait_counts_wall_time_closed_not_each_workers_wait(no_jitter):
    gate, time_ = gate_with()
    for dummy in range(5):
        gate.enter()
    for dummy in range(4):
        gate.leave(refused=True, retry_after=10.0)          # four refusals at once: one closing of 10 s
    assert gate.waited == 10.0
    time_.now = 5.0
    gate.leave(refused=True, retry_after=10.0)              # a request sent before the closing, refused later: to 15 s
    assert gate.waited == 15.0 and gate.refusals == 5


def test_a_wait_beyond_the_budget_stops_every_worker_naming_rate_limit_wait(no_jitter):
    gate, time_ = gate_with(budget=20.0)
    gate.enter()
    gate.leave(refused=True, retry_after=15.0)
    gate.enter()
    gate.leave(refused=True, retry_after=15.0)
    with pytest.raises(RateLimitExhausted) as err:
        gate.enter()
    assert str(err.value) == ('still rate limited (HTTP 429) after waiting 15 seconds in all for the API\'s rate limit, '
                              'and it asked for 15 more: more than rate_limit_wait=20 allows; raise rate_limit_wait, '
                              'lower concurrency, or run again later')
    assert gate.waited == 15.0


def test_in_flight_requests_wait_for_a_slot_when_the_limit_is_lower(concurrency_probe):
    gate, dummy = gate_with(concurrency=2)

    def one():
        gate.enter()
        try:
            concurrency_probe.wrap(lambda: None)()
        finally:
            gate.leave()
    threads = [threading.Thread(target=one) for dummy in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert concurrency_probe.peak == 2


# --- the transport ---

def transport_with(answers, retries=3, budget=300.0, timeout=30, **kwargs):
    time_ = Time(0.0)
    session = FakeSession(answers)
    transport = Transport(BASE, lambda m, u, b: (('k', 's'), {}), session=session, sleep=time_.sleep, clock=time_.clock,
                          retries=retries, timeout=timeout, rate_limit_wait=budget, **kwargs)
    return transport, session, time_


def test_waiting_for_a_rate_limit_spends_no_retry(no_jitter):
    transport, session, time_ = transport_with([response(429, {}, {'Retry-After': '1'})] * 6 + [response(200, {})],
                                               retries=0)
    assert transport.get_json('/v2/routes') == {}
    assert len(session.sent) == 7 and time_.waits == [1.0] * 6 and transport.gate.refusals == 6


def test_a_limit_that_never_lifts_fails_after_the_bounded_wait_naming_it(no_jitter):
    transport, session, time_ = transport_with([response(429, {'errors': [{'title': 'Too Many Requests'}]},
                                                         {'Retry-After': '1'})] * 100, budget=5)
    with pytest.raises(FlowrouteAPIError) as err:
        transport.get_json('/v2/routes')
    assert err.value.status == 429 and time_.now == 5.0 and len(session.sent) == 6
    assert str(err.value).startswith('GET /v2/routes failed: HTTP 429: still rate limited (HTTP 429) after waiting 5 '
                                     'seconds in all')
    assert 'rate_limit_wait=5' in str(err.value)


def test_a_post_refused_for_rate_was_not_applied_and_is_sent_again(no_jitter):
    transport, session, time_ = transport_with([response(429, {}, {'Retry-After': '2'}), response(201, {'ok': 1})])
    assert transport.write('POST', '/v2/routes', {}) == {'ok': 1}
    assert len(session.sent) == 2 and time_.waits == [2.0]


def test_a_post_answered_503_with_retry_after_closes_the_gate_and_is_read_back_not_resent(no_jitter):
    transport, session, time_ = transport_with([response(503, {}, {'Retry-After': '3'})])
    with pytest.raises(FlowrouteAPIError) as err:
        transport.write('POST', '/v2/routes', {})
    assert err.value.ambiguous is True and len(session.sent) == 1
    assert transport.gate.until == 3.0                     # the next request of the task waits for it


class SlowSession(FakeSession):
    """Each request takes the whole timeout it was given, on the transport's clock."""

    def __init__(self, answers, time_):
        super(SlowSession, self).__init__(answers)
        self.time = time_

    def request(self, method, url, **kwargs):
        self.time.now += kwargs['timeout']
        return super(SlowSession, self).request(method, url, **kwargs)


def test_one_call_takes_no_longer_than_its_bound_tries_and_waits_included(no_jitter):
    time_ = Time(0.0)
    session = SlowSession([response(502, {})] * 20, time_)
    transport = Transport(BASE, lambda m, u, b: (('k', 's'), {}), session=session, sleep=time_.sleep, clock=time_.clock,
                          retries=10, timeout=30)
    with pytest.raises(FlowrouteAPIError):
        transport.get_json('/v2/routes')
    # 11 tries of 30 s and the back-off between them: never more than 30 x 11 + 120 s
    assert transport.call_time_bound() == 450.0
    assert time_.now <= 450.0
    assert session.sent[-1]['timeout'] <= 30


def test_each_try_gets_at_most_what_is_left_of_the_calls_time(no_jitter):
    time_ = Time(0.0)
    session = SlowSession([response(502, {})] * 5 + [response(200, {})], time_)
    transport = Transport(BASE, lambda m, u, b: (('k', 's'), {}), session=session, sleep=time_.sleep, clock=time_.clock,
                          retries=5, timeout=100)
    transport.call_time_bound = lambda: 250.0
    with pytest.raises(FlowrouteAPIError) as err:
        transport.get_json('/v2/routes')
    timeouts = [sent['timeout'] for sent in session.sent]
    assert timeouts[:2] == [100, 100] and timeouts[2] < 100 and time_.now <= 250.0
    assert 'failed' in str(err.value)


def test_rate_limit_waits_do_not_eat_into_a_calls_own_time_bound(no_jitter):
    transport, session, time_ = transport_with([response(429, {}, {'Retry-After': '60'})] * 3 + [response(200, {})],
                                               retries=0, timeout=1)
    assert transport.call_time_bound() == 121
    assert transport.get_json('/v2/routes') == {} and time_.now == 180.0


def test_every_worker_of_a_task_stops_at_one_refusal_then_all_resume():
    # real threads and time: the first answer is a 429 asking for one second; no request of any worker goes out
    # before that second has passed
    sent_at, lock = [], threading.Lock()

    class Recording(FakeSession):
        def request(self, method, url, **kwargs):
            with lock:
                sent_at.append(time.monotonic())
                first = len(sent_at) == 1
            return response(429, {}, {'Retry-After': '1'}) if first else response(200, {})
    transport = Transport(BASE, lambda m, u, b: (('k', 's'), {}), session=Recording([]), pool_size=4)
    start = time.monotonic()
    threads = [threading.Thread(target=transport.get_json, args=('/v2/numbers/{0}'.format(i),)) for i in range(4)]
    threads[0].start()
    while not sent_at:
        time.sleep(0.001)
    time.sleep(0.05)
    for thread in threads[1:]:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(sent_at) == 5
    assert all(moment - start >= 0.99 for moment in sent_at[1:])
    assert transport.gate.refusals == 1 and transport.gate.limit <= 4


# --- the details the first mutation run found untested ---

def test_jitter_is_a_tenth_of_the_wait_measured_from_now_at_any_hour(monkeypatch):
    asked = []
    monkeypatch.setattr(client.random, 'uniform', lambda low, high: asked.append((low, high)) or low)
    time_ = Time(now=100000.0)
    gate = RateGate(8, 300.0, time_.clock, time_.sleep)
    gate.enter()
    gate.leave(refused=True, retry_after=1.0)
    gate.enter()
    assert asked == [(0, 0.1)]


def test_the_back_off_without_retry_after_has_the_same_jitter_as_a_retry(monkeypatch):
    asked = []
    monkeypatch.setattr(client.random, 'uniform', lambda low, high: asked.append((low, high)) or high)
    gate, time_ = gate_with()
    gate.enter()
    gate.leave(refused=True)
    assert asked == [(0.5, 1.0)] and gate.until == 0.5


def test_the_limit_rises_after_exactly_as_many_successes_as_it_allows(no_jitter):
    gate, time_ = gate_with(concurrency=8)
    gate.limit = 3
    for dummy in range(2):
        gate.enter()
        gate.leave()
    assert gate.limit == 3
    gate.enter()
    gate.leave()
    assert gate.limit == 4
    gate.enter()
    gate.leave(refused=True, retry_after=1.0)               # halved: the count of successes starts again
    time_.now = 10.0
    gate.enter()
    gate.leave()
    assert gate.limit == 2
    gate.enter()
    gate.leave()
    assert gate.limit == 3


def test_a_worker_that_meets_a_longer_closing_while_asleep_waits_for_it_too_and_counts_both(no_jitter):
    gate, time_ = gate_with()
    gate.enter()
    gate.leave(refused=True, retry_after=2.0)
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        time_.now += seconds
        if len(sleeps) == 1:                        # another worker's refusal comes in meanwhile
            gate.in_flight += 1
            gate.leave(refused=True, retry_after=3.0)
    gate._sleep = sleep
    assert gate.enter() == 5.0 and sleeps == [2.0, 3.0]


def test_a_refusal_that_asks_for_no_more_time_than_the_closing_leaves_it_as_it_is(no_jitter):
    gate, time_ = gate_with()
    for dummy in range(2):
        gate.enter()
    gate.leave(refused=True, retry_after=5.0)
    gate.leave(refused=True, retry_after=5.0)
    assert (gate.until, gate.waited) == (5.0, 5.0)


def test_the_exhausted_message_gives_the_attempts(no_jitter):
    transport, session, time_ = transport_with([response(429, {}, {'Retry-After': '1'})] * 10, budget=2)
    with pytest.raises(FlowrouteAPIError) as err:
        transport.get_json('/v2/routes')
    assert str(err.value).endswith('[gave up after 3 attempts]')


def test_a_call_out_of_time_before_a_try_says_so(no_jitter):
    # retries=7 and timeout=2.5: 2.5 x 8 + 120 = 140 s; seven waits of 20 s after 502s end exactly there, and no
    # eighth try fits
    transport, session, time_ = transport_with([response(502, {}, {'Retry-After': '20'})] * 10, retries=7, timeout=2.5)
    with pytest.raises(FlowrouteAPIError) as err:
        transport.get_json('/v2/routes')
    assert len(session.sent) == 7 and time_.now == 140.0
    assert str(err.value) == ('GET /v2/routes failed: no answer: no success within 140 seconds, the most one call may '
                              'take with timeout=2.5 and retries=7 [gave up after 7 attempts]')
    assert err.value.ambiguous is False


def test_a_try_with_less_than_a_second_left_is_still_sent_with_what_is_left(no_jitter):
    transport, session, time_ = transport_with([response(502, {}, {'Retry-After': '19.9375'})] * 10, retries=7,
                                               timeout=2.5)
    with pytest.raises(FlowrouteAPIError) as err:
        transport.get_json('/v2/routes')
    assert len(session.sent) == 8 and session.sent[-1]['timeout'] == 0.4375
    assert str(err.value).startswith('GET /v2/routes failed: HTTP 502')
