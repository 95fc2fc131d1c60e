# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: riding out the API's rate limit (`make bench`).

The emulator answers at most --rate requests a second (a bucket of one second of them) and 429 with
Retry-After beyond, at --latency-ms per request. Each row runs one bulk module as a bare process
(no ansible-playbook start-up), with the collection as it is now and as it was at --before-ref:
wall time against the floor (requests admitted / rate), refusals, and what failed. Then bursts of
consecutive 429s (Retry-After: 1). Prints a Markdown table; not part of the test suite (machines here
are shared, so the figures are for reading, not asserting).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from bench_numbers import collection_at
from bench_routes import BIN, COLLECTIONS, KEY, SECRET, Emulator, module_path

BEFORE_REF = '5e7f191'      # before issue 19: every worker retried its 429s on its own, at most 3 times


def run_module(collections, name, args):
    """A module as a bare process; returns (wall seconds, its result)."""
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': args}, handle)
    start = time.monotonic()
    completed = subprocess.run([sys.executable, module_path(collections, name), handle.name], capture_output=True,
                               text=True, env=dict(os.environ, PYTHONPATH=collections), check=False)
    elapsed = time.monotonic() - start
    os.unlink(handle.name)
    return elapsed, json.loads(completed.stdout)


def routes(count):
    return [{'name': 'Bench{0:05d}'.format(i), 'type': 'HOST', 'value': '198.51.100.{0}:5060'.format(i % 250 + 1)}
            for i in range(count)]


def numbers(count):
    return ['1206{0:07d}'.format(i) for i in range(count)]


def prepare(emulator, what, size, rate):
    emulator.control('POST', 'reset', {'rate_limit': rate})
    if what == 'numbers':
        emulator.control('POST', 'routes', {'OldPBX': {'type': 'HOST', 'value': '10.0.0.1'},
                                            'NewPBX': {'type': 'HOST', 'value': '10.0.0.2'}})
        emulator.control('POST', 'tns', dict((number, {'routes': ['OldPBX', 'sip-reg']}) for number in numbers(size)))
    emulator.control('DELETE', 'requests')


def task(emulator, what, size, version, concurrency):
    """(module name, its arguments) for a bulk task of ``size`` items."""
    args = {'access_key': KEY, 'secret_key': SECRET, 'api_url': emulator.url, 'api_version': version,
            'concurrency': concurrency}
    if what == 'routes':
        return 'flowroute_routes', dict(args, routes=routes(size))
    return 'flowroute_number_routes', dict(args, numbers=[{'number': n, 'primary_route': 'NewPBX'} for n in numbers(size)])


def measure(emulator, collections, what, size, version, concurrency, rate):
    prepare(emulator, what, size, rate)
    name, args = task(emulator, what, size, version, concurrency)
    seconds, result = run_module(collections, name, args)
    log = emulator.control('GET', 'requests')['requests']
    admitted = sum(1 for entry in log if entry.get('status') != 429)
    refused = len(log) - admitted
    failed = len(result.get('failed_routes', result.get('failed_numbers', [])))
    if result.get('failed') and not failed:
        failed = 'task: ' + result['msg'][:80]
    return seconds, admitted, refused, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--size', type=int, default=1000)
    parser.add_argument('--rate', type=float, default=100)
    parser.add_argument('--latency-ms', type=float, default=20)
    parser.add_argument('--before-ref', default=BEFORE_REF)
    parser.add_argument('--bursts', default='50,200')
    args = parser.parse_args()
    emulator = Emulator(args.latency_ms)
    before = collection_at(args.before_ref, tempfile.mkdtemp())
    rows = []
    try:
        plan = [('routes', 'v1', c) for c in (8, 16, 32)] + [('numbers', 'v1', c) for c in (8, 16, 32)]
        plan += [('routes', 'v2', 16), ('numbers', 'v2', 16)]
        for what, version, concurrency in plan:
            for label, collections in (('now', COLLECTIONS), ('before ' + args.before_ref, before)):
                if label != 'now' and concurrency == 16:
                    continue
                seconds, admitted, refused, failed = measure(emulator, collections, what, args.size, version,
                                                             concurrency, args.rate)
                floor = admitted / args.rate
                rows.append(('{0} {1}'.format(args.size, what), version, concurrency, label, seconds, floor, admitted,
                             refused, failed))
                sys.stderr.write('{0}\n'.format(rows[-1]))
        for burst in [int(n) for n in args.bursts.split(',') if n]:
            for label, collections in (('now', COLLECTIONS), ('before ' + args.before_ref, before)):
                prepare(emulator, 'routes', args.size, 0)
                emulator.control('POST', 'burst', {'count': burst, 'retry_after': 1})
                name, module_args = task(emulator, 'routes', args.size, 'v1', 8)
                seconds, result = run_module(collections, name, module_args)
                log = emulator.control('GET', 'requests')['requests']
                refused = sum(1 for entry in log if entry.get('status') == 429)
                failed = len(result.get('failed_routes', [])) or (('task: ' + result['msg'][:80]) if result.get('failed') else 0)
                what = '{0} routes, burst of {1} x 429'.format(args.size, burst)
                rows.append((what, 'v1', 8, label, seconds, None, len(log) - refused, refused, failed))
                sys.stderr.write('{0}\n'.format(rows[-1]))
    finally:
        emulator.stop()
    version = subprocess.run([os.path.join(BIN, 'ansible'), '--version'], capture_output=True, text=True,
                             check=True).stdout.split('\n')[0]
    print('Emulator: {0:g} requests/s (bucket of one second), {1:g} ms latency per request; Python {2}, {3}'.format(
        args.rate, args.latency_ms, sys.version.split()[0], version))
    print()
    print('| task | API | concurrency | collection | wall time | floor (admitted / rate) | x floor | requests admitted '
          '| 429 refusals | failed |')
    print('|---|---|---:|---|---:|---:|---:|---:|---:|---|')
    for what, api, concurrency, label, seconds, floor, admitted, refused, failed in rows:
        print('| {0} | {1} | {2} | {3} | {4:.2f} s | {5} | {6} | {7} | {8} | {9} |'.format(
            what, api, concurrency, label, seconds, '' if floor is None else '{0:.2f} s'.format(floor),
            '' if floor is None else '{0:.2f}'.format(seconds / floor), admitted, refused, failed))
    return 0


if __name__ == '__main__':
    sys.exit(main())
