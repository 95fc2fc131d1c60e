# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test-only stdout callback: prints the whole run as one JSON document, diffs included.

Shape: {"plays": [{"tasks": [{"name": ..., "action": ..., "hosts": {"localhost": result}}]}], "stats": {host: {...}}}
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: results_json
type: stdout
short_description: whole-run JSON for flowroute.numbers integration tests
description: [Prints every task result, with diff, as one JSON document at the end of the run.]
'''


def _result_of(result):
    data = result.result if hasattr(type(result), 'result') else result._result
    return dict((key, value) for key, value in data.items() if not key.startswith('_ansible_'))


def _host_of(result):
    host = result.host if hasattr(type(result), 'host') else result._host
    return host.get_name()


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'results_json'

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self.plays = []

    def v2_playbook_on_play_start(self, play):
        self.plays.append({'name': play.get_name(), 'tasks': []})

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.plays[-1]['tasks'].append({'name': task.get_name(), 'action': task.action, 'hosts': {}})

    def _record(self, result, **extra):
        data = _result_of(result)
        data.update(extra)
        if not self.plays:   # ad-hoc runs have no play start
            self.plays.append({'name': 'adhoc', 'tasks': [{'name': 'adhoc', 'hosts': {}}]})
        self.plays[-1]['tasks'][-1]['hosts'][_host_of(result)] = data

    def v2_runner_on_ok(self, result):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, failed=True)

    def v2_runner_on_skipped(self, result):
        self._record(result, skipped=True)

    def v2_runner_on_unreachable(self, result):
        self._record(result, unreachable=True)

    def v2_playbook_on_stats(self, stats):
        summary = dict((host, stats.summarize(host)) for host in sorted(stats.processed))
        self._display.display(json.dumps({'plays': self.plays, 'stats': summary}, indent=2, sort_keys=True, default=str))
