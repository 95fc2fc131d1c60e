# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Score each file of a mutmut run, without the equivalent mutants named in the exclusion file; list survivors."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import argparse
import glob
import json
import os
import subprocess
import sys

PREFIX = 'ansible_collections.flowroute.numbers.plugins.module_utils.'
KILLED = (1, 3, -24, 36)          # tests failed (1, 3) or the mutant hung and was stopped (timeouts)


def exclusions(path):
    """{mutant name: reason} from lines 'name  # reason'."""
    found = {}
    with open(path) as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith('#'):
                name, dummy, reason = line.partition('#')
                found[name.strip()] = reason.strip()
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('scratch')
    parser.add_argument('equivalent')
    parser.add_argument('--threshold', type=float, default=90.0)
    args = parser.parse_args()
    equivalent = exclusions(args.equivalent)
    used, rows, survivors, below = set(), [], [], []
    metas = sorted(glob.glob(os.path.join(args.scratch, 'mutants', 'ansible_collections', 'flowroute', 'numbers', 'plugins',
                                          'module_utils', '*.py.meta')))
    for meta in metas:
        with open(meta) as handle:
            codes = json.load(handle)['exit_code_by_key']
        name = os.path.basename(meta)[:-len('.meta')]
        killed = survived = excluded = other = 0
        for key, code in sorted(codes.items()):
            if code in KILLED:
                killed += 1
            elif code == 0 and key[len(PREFIX):] in equivalent:
                excluded += 1
                used.add(key[len(PREFIX):])
            elif code == 0:
                survived += 1
                survivors.append(key)
            else:
                other += 1      # not run, no tests reached it, or suspicious: counted against the file
        total = killed + survived + other
        score = 100.0 * killed / total if total else 100.0
        rows.append((name, len(codes), excluded, killed, survived, other, score))
        if score < args.threshold:
            below.append(name)
    print('| file | mutants | equivalent (excluded) | killed | survived | other | score |')
    print('|---|---:|---:|---:|---:|---:|---:|')
    for name, count, excluded, killed, survived, other, score in rows:
        print('| {0} | {1} | {2} | {3} | {4} | {5} | {6:.1f}% |'.format(name, count, excluded, killed, survived, other, score))
    total_killed = sum(row[3] for row in rows)
    total = sum(row[3] + row[4] + row[5] for row in rows)
    print('| all | {0} | {1} | {2} | {3} | {4} | {5:.1f}% |'.format(
        sum(row[1] for row in rows), sum(row[2] for row in rows), total_killed, sum(row[4] for row in rows),
        sum(row[5] for row in rows), 100.0 * total_killed / total if total else 100.0))
    print('\nsurvivors ({0}):'.format(len(survivors)))
    for key in survivors:
        shown = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'mutmut'), 'show', key], cwd=args.scratch,
                               capture_output=True, text=True, check=False).stdout
        change = ' '.join(line.strip() for line in shown.splitlines()
                          if line[:2] in ('- ', '+ ') and not line.startswith(('---', '+++')))
        print('  {0}: {1}'.format(key[len(PREFIX):], change[:220]))
    # names in files this run mutated (make test mutates only the files changed since the last release)
    scored = set(row[0][:-len('.py')] for row in rows)
    stale = sorted(name for name in set(equivalent) - used if name.split('.')[0] in scored)
    if stale:
        print('\nexcluded names that did not survive or no longer exist (remove them): {0}'.format(', '.join(stale)))
    if below:
        print('\nmutation: FAILED, under {0:g}%: {1}'.format(args.threshold, ', '.join(below)))
        return 1
    print('\nmutation: every file at {0:g}% or more'.format(args.threshold))
    return 0


if __name__ == '__main__':
    sys.exit(main())
