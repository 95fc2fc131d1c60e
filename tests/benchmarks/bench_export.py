# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: exporting a large account with flowroute_account_info (`make bench`).

An account of --routes routes and --numbers numbers on the emulator, at --latency-ms per request;
the module as a bare process over v1 and v2: GETs, wall time and peak RSS against the floor (the
list pages one after another, plus over v2 each number's details, --concurrency at once). Prints a
Markdown table; not part of the test suite (machines here are shared).

Then the round trip at that size, over each version: the export applied with flowroute_routes (with prune over
v2; v1 cannot delete routes) and flowroute_number_routes to a second, empty account B (its numbers held but
unrouted); B exported again must equal A's export; and A's export applied to A itself must send no write and report
changed=false.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

from bench_routes import BIN, COLLECTIONS, KEY, SECRET, Emulator, module_path

MODULE = module_path(COLLECTIONS, 'flowroute_account_info')
ROUTES_MODULE = module_path(COLLECTIONS, 'flowroute_routes')
NUMBERS_MODULE = module_path(COLLECTIONS, 'flowroute_number_routes')
EXPORTED = ('routes', 'numbers', 'problems')


def writes(emulator):
    return sum(1 for entry in emulator.control('GET', 'requests')['requests'] if entry['method'] != 'GET')


def apply(emulator, version, concurrency, export):
    """The export applied as the guide does: flowroute_routes (prune where the API can delete routes, v2 only),
    then flowroute_number_routes. (changed, writes sent, wall seconds, peak RSS in MB)."""
    routes = {'routes': export['routes']}
    if version == 'v2':
        routes.update(prune=True, max_deletes=0)
    emulator.control('DELETE', 'requests')
    start = time.monotonic()
    dummy, rss_routes, routed = run(emulator, version, concurrency, ROUTES_MODULE, **routes)
    dummy, rss_numbers, numbered = run(emulator, version, concurrency, NUMBERS_MODULE, numbers=export['numbers'])
    return (routed['changed'] or numbered['changed'], writes(emulator), time.monotonic() - start,
            max(rss_routes, rss_numbers))


def round_trip(emulator, version, concurrency, export, latency_ms):
    """Apply A's export to an empty account B, export B, compare; apply it to A: no write. One table row."""
    empty = Emulator(latency_ms)
    try:
        empty.control('POST', 'tns', dict((number['number'], None) for number in export['numbers']))
        changed, b_writes, apply_seconds, rss = apply(empty, version, concurrency, export)
        dummy, dummy, export_b = run(empty, version, concurrency)
    finally:
        empty.stop()
    equal = all(export[key] == export_b[key] for key in EXPORTED)
    again, again_writes, again_seconds, dummy = apply(emulator, version, concurrency, export)
    return version, changed, b_writes, apply_seconds, rss, equal, again, again_writes, again_seconds


def run(emulator, version, concurrency, module=MODULE, **options):
    """A module as a bare process: (wall seconds, peak RSS in MB, its result)."""
    arguments = {'access_key': KEY, 'secret_key': SECRET, 'api_url': emulator.url, 'api_version': version,
                 'concurrency': concurrency}
    arguments.update(options)
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': arguments}, handle)
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, module, handle.name], stdout=subprocess.PIPE,
                               env=dict(os.environ, PYTHONPATH=COLLECTIONS))
    output = process.stdout.read()
    dummy, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - start
    os.unlink(handle.name)
    result = json.loads(output)
    if status != 0 or result.get('failed'):
        raise RuntimeError('{0} failed: {1}'.format(os.path.basename(module), result.get('msg')))
    return elapsed, usage.ru_maxrss / 1024.0, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--routes', type=int, default=10000)
    parser.add_argument('--numbers', type=int, default=10000)
    parser.add_argument('--latency-ms', type=float, default=20)
    parser.add_argument('--concurrency', type=int, default=8)
    args = parser.parse_args()
    latency = args.latency_ms / 1000.0
    emulator = Emulator(args.latency_ms)
    rows = []
    try:
        routes = dict(('Route{0:05d}'.format(i), {'type': 'HOST', 'value': '198.51.100.{0}:5060'.format(i % 250 + 1),
                                                  'edge': 4 if i % 3 == 0 else None}) for i in range(args.routes))
        emulator.control('POST', 'routes', routes)
        names = sorted(routes)
        emulator.control('POST', 'tns', dict(('1206{0:07d}'.format(i), {'routes': [names[i % len(names)], None]})
                                             for i in range(args.numbers)))
        route_pages = int(math.ceil((args.routes + 1) / 200.0))
        number_pages = int(math.ceil(args.numbers / 200.0))
        exports = {}
        for version in ('v1', 'v2'):
            emulator.control('DELETE', 'requests')
            seconds, rss, result = run(emulator, version, args.concurrency)
            gets = sum(1 for entry in emulator.control('GET', 'requests')['requests'] if entry['method'] == 'GET')
            if version == 'v1':
                floor = (route_pages + number_pages) * latency
                formula = '({0} + {1} pages) x latency'.format(route_pages, number_pages)
            else:
                floor = (route_pages + 1 + number_pages) * latency + args.numbers * latency / args.concurrency
                formula = '({0} + 1 + {1} pages) x latency + {2} numbers x latency / {3}'.format(
                    route_pages, number_pages, args.numbers, args.concurrency)
            assert len(result['routes']) == args.routes and len(result['numbers']) == args.numbers
            rows.append((version, gets, seconds, floor, formula, rss, len(result['problems'])))
            exports[version] = result
            sys.stderr.write('{0}\n'.format(rows[-1]))
        trips = []
        for version in ('v1', 'v2'):
            trips.append(round_trip(emulator, version, args.concurrency, exports[version], args.latency_ms))
            sys.stderr.write('{0}\n'.format(trips[-1]))
    finally:
        emulator.stop()
    version = subprocess.run([os.path.join(BIN, 'ansible'), '--version'], capture_output=True, text=True,
                             check=True).stdout.split('\n')[0]
    print('Export of {0} routes and {1} numbers; emulator latency {2:g} ms per request, concurrency {3}; Python {4}, '
          '{5}'.format(args.routes, args.numbers, args.latency_ms, args.concurrency, sys.version.split()[0], version))
    print()
    print('| API | GETs | wall time | floor | x floor | peak RSS | problems |')
    print('|---|---:|---:|---|---:|---:|---:|')
    for version, gets, seconds, floor, formula, rss, problems in rows:
        print('| {0} | {1} | {2:.2f} s | {3:.2f} s = {4} | {5} | {6:.0f} MB | {7} |'.format(
            version, gets, seconds, floor, formula, '{0:.2f}'.format(seconds / floor) if floor else '-', rss,
            problems))
    print()
    print('Round trip: A\'s export applied (flowroute_routes, with prune over v2, then flowroute_number_routes) to an empty '
          'account B, B exported again; then A\'s export applied to A.')
    print()
    print('| API | B: changed | B: writes | B: apply time | B: peak RSS | export B == export A | A again: changed '
          '| A again: writes | A again: time |')
    print('|---|---|---:|---:|---:|---|---|---:|---:|')
    failures = 0
    for version, changed, b_writes, apply_seconds, rss, equal, again, again_writes, again_seconds in trips:
        print('| {0} | {1} | {2} | {3:.1f} s | {4:.0f} MB | {5} | {6} | {7} | {8:.1f} s |'.format(
            version, changed, b_writes, apply_seconds, rss, 'yes' if equal else 'NO', again, again_writes,
            again_seconds))
        failures += (not changed) + (not equal) + bool(again) + bool(again_writes)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
