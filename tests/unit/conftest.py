# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures the unit tests share (this file is copied with tests/unit/ into the mutation scratch tree)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest


@pytest.fixture
def fips_hashlib(monkeypatch):
    """hashlib as on a FIPS-mode host: MD5 is refused unless asked for with usedforsecurity=False."""
    import hashlib
    real_md5 = hashlib.md5

    def fips_md5(data=b'', **kwargs):
        if kwargs.get('usedforsecurity', True):
            raise ValueError('[digital envelope routines] unsupported: md5 is disabled in FIPS mode')
        return real_md5(data, **kwargs)
    monkeypatch.setattr(hashlib, 'md5', fips_md5)


class ConcurrencyProbe:
    """Wraps a call to count how many run at once; ``peak`` is the most seen together."""

    def __init__(self, hold=0.02):
        import threading
        self.hold = hold
        self.now = self.peak = 0
        self._lock = threading.Lock()

    def wrap(self, call):
        import time

        def counted(*args, **kwargs):
            with self._lock:
                self.now += 1
                self.peak = max(self.peak, self.now)
            time.sleep(self.hold)
            try:
                return call(*args, **kwargs)
            finally:
                with self._lock:
                    self.now -= 1
        return counted


@pytest.fixture
def concurrency_probe():
    return ConcurrencyProbe()
