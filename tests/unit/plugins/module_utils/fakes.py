# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Stand-ins for requests.Session and its answers, shared by the client unit tests."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import requests


class FakeSession:
    """Answers from a queue and records every keyword the transport sent."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.sent = []

    def request(self, method, url, **kwargs):
        self.sent.append(dict(kwargs, method=method, url=url))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def response(status, body=b'', headers=None):
    """A requests.Response with this status, body (bytes, or data to encode as JSON) and headers."""
    resp = requests.Response()
    resp.status_code = status
    resp._content = body if isinstance(body, bytes) else json.dumps(body).encode()
    resp.headers.update(headers or {})
    resp.encoding = 'utf-8'
    return resp


class Time:
    """A clock that only sleeping moves, and the list of sleeps."""

    def __init__(self, now=1000.0):
        self.now, self.waits = now, []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.waits.append(seconds)
        self.now += seconds
