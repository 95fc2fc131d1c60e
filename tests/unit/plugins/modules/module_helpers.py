# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers the module tests share."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


def diffs(result):
    """A many-item task's diff, one entry per object, as {key: {'before': ..., 'after': ...}}; checks the headers."""
    shown = {}
    for diff in result['diff']:
        assert diff['before_header'] == diff['after_header'], diff
        key = diff['before_header'].split(' ', 1)[1]
        assert key not in shown, 'two diffs for {0}'.format(key)
        shown[key] = {'before': diff['before'], 'after': diff['after']}
    return shown
