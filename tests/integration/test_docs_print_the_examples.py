# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The guides print the example playbooks the tests run, byte for byte: what a reader copies is what was tested."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

import pytest

from conftest import ROOT

GUIDES = os.path.join(ROOT, 'docs', 'docsite', 'rst')
DOCS = os.path.join(ROOT, 'docs')
# guide -> the files under docs/ it prints in full
PRINTED = {'guide_adopt.rst': ['examples/account_export.yml', 'examples/account_declared.yml'],
           'guide_e911.rst': ['examples/e911_daily_check.yml'],
           'guide_awx.rst': ['awx/execution-environment.yml', 'awx/credential_type.yml', 'awx/create_credential_type.yml']}


def code_blocks(text):
    """The contents of every code-block of an RST text, dedented by their four spaces."""
    blocks = []
    for match in re.finditer(r'^\.\. code-block:: [^\n]*\n\n((?:(?:    [^\n]*)?\n)+)', text, re.M):
        lines = match.group(1).split('\n')
        blocks.append('\n'.join(line[4:] for line in lines).rstrip('\n') + '\n')
    return blocks


@pytest.mark.parametrize('guide', sorted(PRINTED))
def test_each_printed_example_is_the_file_the_tests_run(guide):
    with open(os.path.join(GUIDES, guide)) as handle:
        blocks = code_blocks(handle.read())
    for name in PRINTED[guide]:
        with open(os.path.join(DOCS, name)) as handle:
            assert handle.read() in blocks, '{0} does not print {1} as it is'.format(guide, name)


def test_the_link_check_of_the_built_site_finds_a_missing_page_and_a_missing_anchor(tmp_path):
    import subprocess
    import sys
    (tmp_path / 'a').mkdir()
    (tmp_path / 'index.html').write_text('<a href="b.html#x">x</a><a href="a/">dir</a><a href="../nope.html">n</a>'
                                         '<a href="#self">s</a><a href="/">root</a><a href="https://x.example/">o</a>'
                                         '<p id="self"></p>')
    (tmp_path / 'b.html').write_text('<p id="y"></p>')
    (tmp_path / 'a' / 'index.html').write_text('')
    completed = subprocess.run([sys.executable, os.path.join(ROOT, 'tests', 'bin', 'check-links.py'), str(tmp_path)],
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 1
    assert completed.stdout.splitlines() == ['broken link: index.html: b.html#x (no such anchor)',
                                             'broken link: index.html: ../nope.html (no such page)',
                                             'check-links: 5 internal links, 2 broken']
