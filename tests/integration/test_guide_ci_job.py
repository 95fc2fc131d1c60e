# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The CI job of the testing guide, run as printed: its shell steps and its two playbooks, taken from the guide.

It makes its own virtualenv from PyPI, as a user's CI does, and installs the built tarball instead of Galaxy's
copy, the one thing it says may be swapped (COLLECTION). It runs once per `make test`: it brings its own Ansible.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import os
import re
import socket
import subprocess

import pytest

from conftest import ROOT

GUIDE = os.path.join(ROOT, 'docs', 'docsite', 'rst', 'guide_testing.rst')


def printed_blocks():
    with open(GUIDE) as handle:
        text = handle.read()
    section = text[text.index('A CI job\n'):text.index('Without Ansible\n')]
    blocks = []
    for match in re.finditer(r'^\.\. code-block:: (\w+)\n\n((?:(?:    [^\n]*)?\n)+)', section, re.M):
        blocks.append((match.group(1), '\n'.join(line[4:] for line in match.group(2).split('\n')).rstrip() + '\n'))
    return blocks


def test_the_guides_ci_job_passes_as_printed(tmp_path):
    with socket.socket() as probe:
        if probe.connect_ex(('127.0.0.1', 8557)) == 0:
            pytest.fail('port 8557, which the printed job uses, is taken')
    blocks = printed_blocks()
    shell = [text for kind, text in blocks if kind == 'shell']
    playbooks = dict((text.split('\n', 1)[0][2:], text) for kind, text in blocks if kind == 'yaml')
    assert len(shell) == 1 and sorted(playbooks) == ['tests/emulator.yml', 'tests/flowroute.yml']
    (tmp_path / 'tests').mkdir()
    for name, text in playbooks.items():
        (tmp_path / name).write_text(text)
    (tmp_path / 'job.sh').write_text(shell[0])
    tarball = glob.glob(os.path.join(ROOT, '.build', 'dist', 'flowroute-numbers-*.tar.gz'))
    assert len(tarball) == 1, 'run tests/bin/stage.sh first'
    env = dict((key, value) for key, value in os.environ.items()
               if not key.startswith(('ANSIBLE_', 'FLOWROUTE_', 'VIRTUAL_ENV', 'PYTHON')))
    env.update(COLLECTION=tarball[0], HOME=str(tmp_path), ANSIBLE_NOCOLOR='1')
    completed = subprocess.run(['bash', 'job.sh'], cwd=str(tmp_path), env=env, capture_output=True, text=True,
                               timeout=900, check=False)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-4000:]
    runs = re.findall(r'localhost\s*: ok=\d+\s+changed=(\d+)', output)
    # start the emulator, the plan, the run, the run again, stop the emulator
    assert len(runs) == 5 and runs[3] == '0' and runs[1] == runs[2] != '0', runs
    assert 'HOSTRoute1 does not exist' in output            # the plan warned about the route it only planned
    with socket.socket() as probe:
        assert probe.connect_ex(('127.0.0.1', 8557)) != 0   # and the emulator is stopped
