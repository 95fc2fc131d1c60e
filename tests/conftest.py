# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Makes this checkout importable as ansible_collections.flowroute.numbers for pytest."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import sys


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if not ROOT.endswith(os.path.join('ansible_collections', 'flowroute', 'numbers')):
    # A link .build/pysrc/ansible_collections/flowroute/numbers -> this checkout, so tests run the
    # files being edited; git ignores .build/ and the tarball leaves it out.
    PARENT = os.path.join(ROOT, '.build', 'pysrc', 'ansible_collections', 'flowroute')
    LINK = os.path.join(PARENT, 'numbers')
    if not os.path.islink(LINK):
        os.makedirs(PARENT, exist_ok=True)
        os.symlink(ROOT, LINK)
    sys.path.insert(0, os.path.join(ROOT, '.build', 'pysrc'))
else:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(ROOT))))
