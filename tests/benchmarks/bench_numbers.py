# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: routing many numbers in one task, and flowroute_route's early stop (`make bench`).

Against the emulator with a fixed per-request latency (default 20 ms, like a WAN), over v1. Prints
a Markdown table. Not part of the test suite: machines here are shared, so the figures are for
reading, not asserting.

- a loop of single-number flowroute_number_routes tasks (a measured sample, extrapolated) against one
  flowroute_number_routes task with numbers, cold and re-run, and the module process's peak RSS;
- a loop of flowroute_route over existing routes of a 5,000-route account, with the collection as it
  was before the early stop (built from --before-ref) and as it is now.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
import time

from bench_routes import BIN, COLLECTIONS, KEY, SECRET, Emulator, env_for, extrapolate, module_path, print_table

# the last commit whose flowroute_route read every page of the route list
BEFORE_REF = '92193a6'
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODULE = module_path(COLLECTIONS, 'flowroute_number_routes')


def playbook(emulator, tasks, variables, workdir, collections=COLLECTIONS):
    """Run a one-play playbook; returns wall seconds."""
    with open(os.path.join(workdir, 'vars.json'), 'w') as handle:
        json.dump(variables, handle)
    with open(os.path.join(workdir, 'play.yml'), 'w') as handle:
        handle.write('- hosts: localhost\n  gather_facts: false\n  tasks:\n' + tasks)
    env = dict(env_for(emulator), ANSIBLE_COLLECTIONS_PATH=collections)
    start = time.monotonic()
    subprocess.run([os.path.join(BIN, 'ansible-playbook'), 'play.yml', '-e', '@vars.json'], cwd=workdir,
                   env=env, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - start


def counts(emulator):
    log = emulator.control('GET', 'requests')['requests']
    emulator.control('DELETE', 'requests')
    return sum(e['method'] == 'GET' for e in log), sum(e['method'] == 'PATCH' for e in log)


def seed(emulator, numbers):
    emulator.control('POST', 'reset')
    emulator.control('POST', 'routes', {'OldPBX': {'type': 'HOST', 'value': '10.0.0.1'},
                                        'NewPBX': {'type': 'HOST', 'value': '10.0.0.2'}})
    emulator.control('POST', 'tns', dict((number, {'routes': ['OldPBX', 'sip-reg']}) for number in numbers))
    emulator.control('DELETE', 'requests')


def module_run(emulator, items):
    """flowroute_number_routes as a bare process; returns (wall seconds, peak RSS in MB)."""
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': {'numbers': items, 'access_key': KEY, 'secret_key': SECRET,
                                           'api_url': emulator.url, 'concurrency': 8}}, handle)
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, MODULE, handle.name], stdout=subprocess.PIPE,
                               env=dict(os.environ, PYTHONPATH=COLLECTIONS))
    output = process.stdout.read()
    dummy, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - start
    os.unlink(handle.name)
    if status != 0:
        raise RuntimeError('module failed: {0}'.format(output[-500:]))
    return elapsed, usage.ru_maxrss / 1024.0


def collection_at(ref, where):
    """Build and install the collection as it was at git ref; returns its collections path."""
    source = os.path.join(where, 'src')
    os.makedirs(source)
    archive = os.path.join(where, 'src.tar')
    subprocess.run(['git', '-C', ROOT, 'archive', '--format=tar', '-o', archive, ref], check=True)
    with tarfile.open(archive) as handle:
        handle.extractall(source, filter='data')
    dist = os.path.join(where, 'dist')
    subprocess.run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', '--output-path', dist, source],
                   check=True, stdout=subprocess.DEVNULL)
    tarball = os.path.join(dist, os.listdir(dist)[0])
    installed = os.path.join(where, 'collections')
    subprocess.run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '-p', installed, tarball],
                   check=True, stdout=subprocess.DEVNULL)
    return installed


LOOP_NUMBERS = '''    - flowroute.numbers.flowroute_number_routes: {number: "{{ item }}", primary_route: NewPBX}
      loop: "{{ numbers }}"
'''
BULK_NUMBERS = '''    - flowroute.numbers.flowroute_number_routes: {numbers: "{{ items }}", concurrency: "{{ concurrency }}"}
'''
LOOP_ROUTES = '''    - flowroute.numbers.flowroute_route: {name: "{{ item }}", type: HOST, value: "192.0.2.1"}
      loop: "{{ names }}"
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--numbers', type=int, default=1000)
    parser.add_argument('--rss-numbers', type=int, default=10000)
    parser.add_argument('--latency-ms', type=float, default=20)
    parser.add_argument('--sample', type=int, default=30)
    parser.add_argument('--routes', type=int, default=5000)
    parser.add_argument('--route-tasks', type=int, default=20)
    parser.add_argument('--before-ref', default=BEFORE_REF)
    parser.add_argument('--more-concurrency', type=int, default=16, help='a second cold run with this concurrency')
    parser.add_argument('--repeat', type=int, default=3, help='runs of each bulk task; the best is reported')
    args = parser.parse_args()
    latency = args.latency_ms / 1000.0
    emulator = Emulator(args.latency_ms)
    workdir = tempfile.mkdtemp()
    rows = []
    try:
        size = args.numbers
        numbers = ['1206{0:07d}'.format(i) for i in range(size)]
        items = [{'number': number, 'primary_route': 'NewPBX'} for number in numbers]
        # 1. a loop of single-number tasks: a sample in the middle, extrapolated to N
        seed(emulator, numbers)
        sample = numbers[size // 2:size // 2 + args.sample]
        loop_time, loop_note = extrapolate(lambda chosen: playbook(emulator, LOOP_NUMBERS, {'numbers': chosen}, workdir),
                                           sample, size)
        gets, patches = counts(emulator)
        rows.append((size, 'loop of flowroute_number_routes', loop_time, gets * size // len(sample), patches * size // len(sample),
                     loop_note))
        # 2. one task, cold; 3. the same again; each the best of --repeat runs (this machine is shared)
        list_pages = int(math.ceil(size / 200.0)) + 1

        def floor(concurrency):
            return list_pages * latency + size * latency / concurrency

        def best_of(concurrency, passes=1):
            """Per pass (1: cold, 2: re-run), over --repeat runs: (best seconds, (GETs, PATCHes) of the last run,
            every time shown)."""
            times, seen = [[] for dummy in range(passes)], [None] * passes
            for dummy in range(args.repeat):
                seed(emulator, numbers)
                for index in range(passes):
                    times[index].append(playbook(emulator, BULK_NUMBERS, {'items': items, 'concurrency': concurrency}, workdir))
                    seen[index] = counts(emulator)
            return [(min(t), n, ', '.join('{0:.2f}'.format(x) for x in t)) for t, n in zip(times, seen)]

        (cold, (cold_gets, cold_patches), colds), (rerun, (rerun_gets, rerun_patches), reruns) = best_of(8, passes=2)
        rows.append((size, 'flowroute_number_routes with numbers, cold', cold, cold_gets, cold_patches,
                     'best of {0} ({1}); floor (list pages + N x latency / concurrency) = {2:.2f} s: {3:.2f}x floor; '
                     '{4:.0f}x faster than the loop'.format(args.repeat, colds, floor(8), cold / floor(8), loop_time / cold)))
        rows.append((size, 'flowroute_number_routes with numbers, re-run', rerun, rerun_gets, rerun_patches,
                     'best of {0} ({1}); expected ceil(N/200) + 1 route page = {2} GETs, 0 PATCH'.format(
                         args.repeat, reruns, list_pages)))
        # the same task with more connections at once: faster, further from its (lower) floor
        more = args.more_concurrency
        [(fast, (fast_gets, fast_patches), fasts)] = best_of(more)
        rows.append((size, 'the same, cold, concurrency {0}'.format(more), fast, fast_gets, fast_patches,
                     'best of {0} ({1}); floor {2:.2f} s: {3:.2f}x floor; {4:.0f}x faster than the loop'.format(
                         args.repeat, fasts, floor(more), fast / floor(more), loop_time / fast)))
        # the module alone: time and peak RSS, at N and at --rss-numbers
        seed(emulator, numbers)
        bare, rss = module_run(emulator, items)
        counts(emulator)
        rows.append((size, 'the module process alone, cold', bare, None, None,
                     '{0:.2f}x floor; peak RSS {1:.0f} MB'.format(bare / floor(8), rss)))
        big = ['1312{0:07d}'.format(i) for i in range(args.rss_numbers)]
        seed(emulator, big)
        emulator.control('POST', 'settings', {'latency': 0.0})
        bare_big, rss_big = module_run(emulator, [{'number': number, 'primary_route': 'NewPBX'} for number in big])
        emulator.control('POST', 'settings', {'latency': latency})
        gets, patches = counts(emulator)
        rows.append((args.rss_numbers, 'the module process alone, cold, no latency', bare_big, gets, patches,
                     'peak RSS {0:.0f} MB'.format(rss_big)))
        sys.stderr.write('numbers done\n')

        # 4. a loop of flowroute_route over existing routes, before and after the early stop
        emulator.control('POST', 'reset')
        emulator.control('POST', 'routes', dict(('Seed{0:05d}'.format(i), {'type': 'HOST', 'value': '192.0.2.1'})
                                                for i in range(args.routes - 1)))
        step = (args.routes - 1) // args.route_tasks
        names = ['Seed{0:05d}'.format(i * step) for i in range(args.route_tasks)]
        pages = int(math.ceil(args.routes / 200.0))
        emulator.control('DELETE', 'requests')
        before = playbook(emulator, LOOP_ROUTES, {'names': names}, workdir, collection_at(args.before_ref, tempfile.mkdtemp()))
        gets, dummy = counts(emulator)
        rows.append((args.routes, 'loop of {0} flowroute_route, existing routes, before ({1})'.format(len(names), args.before_ref),
                     before, gets, 0, '{0} pages each'.format(pages)))
        after = playbook(emulator, LOOP_ROUTES, {'names': names}, workdir)
        after_gets, dummy = counts(emulator)
        rows.append((args.routes, 'the same loop, with the early stop', after, after_gets, 0,
                     '{0:.1f} pages each on average; {1:.1f}x fewer GETs, {2:.1f}x faster'.format(
                         after_gets / float(len(names)), gets / float(after_gets), before / after)))
        first_page = playbook(emulator, LOOP_ROUTES, {'names': names[:1] * len(names)}, workdir)
        first_gets, dummy = counts(emulator)
        rows.append((args.routes, 'loop of {0} over a route on page 1, early stop'.format(len(names)), first_page,
                     first_gets, 0, 'one GET each'))
    finally:
        emulator.stop()

    print_table('API v1, concurrency 8', args.latency_ms, 'PATCH', rows)
    return 0


if __name__ == '__main__':
    sys.exit(main())
