# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: a loop of flowroute_route tasks against one flowroute_routes task (`make bench`).

Runs against the emulator with a fixed per-request latency (default 20 ms, like a WAN) and prints a
Markdown table: wall time and HTTP requests for N routes, plus the module process's peak RSS.
Not part of the test suite: machines here are shared, so the figures are for reading, not asserting.
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

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(ROOT, '.build', 'collections')


def module_path(collections, name):
    """A module's file in a collections tree (the staged one, or an older commit's)."""
    return os.path.join(collections, 'ansible_collections', 'flowroute', 'numbers', 'plugins', 'modules', name + '.py')


MODULE = module_path(COLLECTIONS, 'flowroute_routes')
BIN = os.path.dirname(sys.executable)
EMULATOR = os.path.join(COLLECTIONS, 'ansible_collections', 'flowroute', 'numbers', 'roles', 'emulator', 'files',
                        'flowroute_emulator.py')
KEY, SECRET = '12345678', '0123456789abcdef0123456789abcdef'


class Emulator:
    def __init__(self, latency_ms, extra_args=()):
        handle, port_file = tempfile.mkstemp()
        os.close(handle)
        os.unlink(port_file)
        self.process = subprocess.Popen([sys.executable, EMULATOR,
                                         '--port', '0', '--port-file', port_file, '--access-key', KEY,
                                         '--secret-key', SECRET, '--latency-ms', str(latency_ms)] + list(extra_args),
                                        stdout=subprocess.DEVNULL)
        while not os.path.exists(port_file) or not open(port_file).read():
            time.sleep(0.05)
        self.url = 'http://127.0.0.1:' + open(port_file).read()
        os.unlink(port_file)
        self.http = requests.Session()

    def control(self, method, action, data=None):
        answer = self.http.request(method, self.url + '/_emulator/' + action, json=data)
        answer.raise_for_status()
        return answer.json()

    def counts(self):
        log = self.control('GET', 'requests')['requests']
        self.control('DELETE', 'requests')
        return sum(e['method'] == 'GET' for e in log), sum(e['method'] == 'PUT' for e in log)

    def stop(self):
        self.process.terminate()
        self.process.wait()


def routes(count, start=0):
    return [{'name': 'Bench{0:05d}'.format(i), 'type': 'HOST', 'value': '198.51.100.{0}:5060'.format(i % 250 + 1)}
            for i in range(start, start + count)]


def env_for(emulator):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_LOCALHOST_WARNING='false',
               ANSIBLE_INVENTORY_UNPARSED_WARNING='false', ANSIBLE_PYTHON_INTERPRETER=sys.executable,
               FLOWROUTE_API_URL=emulator.url, FLOWROUTE_ACCESS_KEY=KEY, FLOWROUTE_SECRET_KEY=SECRET)
    return env


def playbook(emulator, tasks, items, workdir):
    """Run a one-play playbook with `items` as a variable; returns wall seconds."""
    with open(os.path.join(workdir, 'vars.json'), 'w') as handle:
        json.dump({'items': items}, handle)
    with open(os.path.join(workdir, 'play.yml'), 'w') as handle:
        handle.write('- hosts: localhost\n  gather_facts: false\n  tasks:\n' + tasks)
    start = time.monotonic()
    subprocess.run([os.path.join(BIN, 'ansible-playbook'), 'play.yml', '-e', '@vars.json'], cwd=workdir,
                   env=env_for(emulator), check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - start


LOOP = '''    - flowroute.numbers.flowroute_route: {name: "{{ item.name }}", type: "{{ item.type }}", value: "{{ item.value }}"}
      loop: "{{ items }}"
'''
BULK = '''    - flowroute.numbers.flowroute_routes: {routes: "{{ items }}"}
'''


def module_run(emulator, items):
    """Run flowroute_routes as a bare process; returns (wall seconds, peak RSS in MB)."""
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': {'routes': items, 'access_key': KEY, 'secret_key': SECRET,
                                           'api_url': emulator.url}}, handle)
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, MODULE, handle.name], stdout=subprocess.PIPE,
                               env=dict(os.environ, PYTHONPATH=COLLECTIONS))
    process.stdout.read()
    dummy, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - start
    os.unlink(handle.name)
    if status != 0:
        raise RuntimeError('module failed')
    return elapsed, usage.ru_maxrss / 1024.0


def extrapolate(run_loop, sample, size):
    """A loop of `size` tasks from a timed sample: ansible-playbook's start-up once (the same loop over no
    items) plus the sample's time per task N times. Returns (seconds, note)."""
    start_up = run_loop([])
    per_task = (run_loop(sample) - start_up) / len(sample)
    return start_up + per_task * size, 'extrapolated: start-up {0:.2f} s + N x {1:.3f} s per task ({2} tasks timed)'.format(
        start_up, per_task, len(sample))


def loop_requests(total, start_size):
    """GET and PUT requests a loop of single tasks sends to create `total` routes on an account of start_size."""
    gets = sum(int(math.ceil((start_size + i + 1) / 200.0)) for i in range(total))
    return gets, total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--sizes', default='100,1000,5000')
    parser.add_argument('--latency-ms', type=float, default=20)
    parser.add_argument('--sample', type=int, default=30, help='loop items measured when N is larger than this x 4')
    args = parser.parse_args()
    emulator = Emulator(args.latency_ms)
    workdir = tempfile.mkdtemp()
    rows = []
    concurrency = 8
    try:
        for size in [int(n) for n in args.sizes.split(',')]:
            wanted = routes(size)
            # 1. loop of flowroute_route, cold: measured whole, or a sample in the middle of the fill, extrapolated
            emulator.control('POST', 'reset')
            if size <= args.sample * 4:
                loop_time = playbook(emulator, LOOP, wanted, workdir)
                gets, puts = emulator.counts()
                loop_note = 'measured'
            else:
                first_half = dict((r['name'], {'type': r['type'], 'value': r['value']}) for r in wanted[:size // 2])
                emulator.control('POST', 'routes', first_half)
                emulator.counts()
                sample = wanted[size // 2:size // 2 + args.sample]
                loop_time, loop_note = extrapolate(lambda items: playbook(emulator, LOOP, items, workdir), sample, size)
                emulator.counts()
                gets, puts = loop_requests(size, 0)
                loop_note += ' at N/2'
            rows.append((size, 'loop of flowroute_route', loop_time, gets, puts, loop_note))

            # 2. flowroute_routes, cold create; 3. the same again, nothing to change
            emulator.control('POST', 'reset')
            cold = playbook(emulator, BULK, wanted, workdir)
            gets, puts = emulator.counts()
            floor = size * args.latency_ms / 1000.0 / concurrency
            rows.append((size, 'flowroute_routes, cold create', cold, gets, puts,
                         'floor N*latency/concurrency = {0:.2f}s; {1:.0f}x faster than the loop'.format(floor, loop_time / cold)))
            rerun = playbook(emulator, BULK, wanted, workdir)
            gets, puts = emulator.counts()
            rows.append((size, 'flowroute_routes, re-run', rerun, gets, puts,
                         'expected ceil((N+1)/200) = {0} GETs'.format(int(math.ceil((size + 1) / 200.0)))))

            # the module alone, without ansible-playbook's start-up: time and peak RSS
            emulator.control('POST', 'reset')
            bare_cold, rss_cold = module_run(emulator, wanted)
            bare_rerun, rss_rerun = module_run(emulator, wanted)
            emulator.counts()
            rows.append((size, 'flowroute_routes module process alone', bare_cold, None, None,
                         'cold {0:.2f}s ({1:.1f}x floor), re-run {2:.2f}s; peak RSS {3:.0f} MB / {4:.0f} MB'.format(
                             bare_cold, bare_cold / floor, bare_rerun, rss_cold, rss_rerun)))
            sys.stderr.write('done N={0}\n'.format(size))
    finally:
        emulator.stop()

    print_table('concurrency {0}'.format(concurrency), args.latency_ms, 'PUT', rows)
    return 0


def print_table(setting, latency_ms, writes, rows):
    """The benchmark's Markdown table: (N, how, seconds, GETs, writes, notes) per row."""
    print('Emulator latency {0:g} ms per request, {1}, Python {2}, {3}'.format(
        latency_ms, setting, sys.version.split()[0],
        subprocess.run([os.path.join(BIN, 'ansible'), '--version'], capture_output=True, text=True, check=True).stdout.split('\n')[0]))
    print()
    print('| N | how | wall time | GET | {0} | notes |'.format(writes))
    print('|---:|---|---:|---:|---:|---|')
    for size, how, seconds, gets, count, note in rows:
        print('| {0} | {1} | {2:.2f} s | {3} | {4} | {5} |'.format(
            size, how, seconds, '' if gets is None else gets, '' if count is None else count, note))


if __name__ == '__main__':
    sys.exit(main())
