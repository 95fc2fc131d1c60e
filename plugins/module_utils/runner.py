# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Read -> compare -> write for every flowroute.numbers module, in one place.

A module hands the runner the state it found, the state it wants and the function that writes;
the runner decides ``changed``, honours check mode, builds the diff, writes, reads again after a
failed write, and is the only place where errors become ``fail_json``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import traceback
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.flowroute.numbers.plugins.module_utils.client import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    FlowrouteAPIError,
    Unsupported,
)
from ansible_collections.flowroute.numbers.plugins.module_utils.common import build_client, connection_argument_spec
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput, check_concurrency

ACTIONS = ('created', 'updated', 'deleted')


class PartialFailure(Exception):
    """Some writes of a many-item task failed; ``result`` says what was applied and what was not."""

    def __init__(self, msg, result):
        super(PartialFailure, self).__init__(msg)
        self.result = result


def describe_error(exc):
    """One line for an error raised by a write: the API's failure, or an unexpected exception named as such."""
    if isinstance(exc, (FlowrouteAPIError, InvalidInput, Unsupported)):
        return str(exc)
    return 'unexpected error ({0}: {1})'.format(type(exc).__name__, exc)


def failure_fields(exc):
    """status and api_error of a failure, for the task result."""
    if isinstance(exc, FlowrouteAPIError):
        return {'status': exc.status, 'api_error': exc.api_error}
    return {'status': None, 'api_error': None}


class FlowrouteRunner:
    """Wraps AnsibleModule with the connection options, the client and the read -> compare -> write loop."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        self.module = AnsibleModule(argument_spec=spec, supports_check_mode=True, **kwargs)
        self.params = self.module.params
        self._client = None

    @property
    def check_mode(self):
        return self.module.check_mode

    def client(self, pool_size=10):
        """The API client for the connection options (built once; raises InvalidInput for a bad option)."""
        if self._client is None:
            if not HAS_REQUESTS:
                self.module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR,
                                      changed=False, status=None, api_error=None)
            self._client = build_client(self.params, self.module.warn, pool_size)
        return self._client

    def warn(self, text):
        self.module.warn(text)

    @staticmethod
    @contextmanager
    def step(context):
        """Name what was being done in the message of an API error raised inside the block."""
        try:
            yield
        except FlowrouteAPIError as exc:
            if exc.context is None:
                exc.context = context
            raise

    def run(self, body):
        """exit_json(**body(self)), or fail_json with a one-line reason, ``status`` and ``api_error``."""
        try:
            result = body(self)
        except (InvalidInput, Unsupported) as exc:
            self.module.fail_json(msg=str(exc), changed=False, status=None, api_error=None)
        except FlowrouteAPIError as exc:
            self.module.fail_json(msg=str(exc), changed=False, **failure_fields(exc))
        except PartialFailure as exc:
            self.module.fail_json(msg=str(exc), **exc.result)
        except Exception as exc:  # pylint: disable=broad-except
            # a bug, not a user error: still one line, with the traceback only at -vvv
            self.module.fail_json(msg='{0} in flowroute.numbers; please report it'.format(describe_error(exc)),
                                  exception=traceback.format_exc(), changed=False, status=None, api_error=None)
        self.module.exit_json(**result)

    def _diff(self, before, after):
        return {'diff': {'before': before, 'after': after}} if self.module._diff else {}

    def _landed(self, read_back, key, after, exc):
        """After a failed write: whether the account already holds exactly ``after`` for ``key``."""
        try:
            now = read_back()
        except FlowrouteAPIError:
            return False
        if now.get(key, {}) != after:
            return False
        self.warn('{0}; the account now holds exactly what was asked (an earlier try of the write must have '
                  'landed), so this counts as done'.format(exc))
        return True

    def apply(self, before, after, write, read_back=None, context=None):
        """One object: write when ``before`` != ``after`` ({} means absent), unless in check mode.

        ``read_back()`` returns ``{'current': state}`` and is asked after a failed write; when the
        account holds ``after`` anyway, the write counts as done. Returns changed and the diff.
        """
        changed = before != after
        if changed and not self.check_mode:
            try:
                with self.step(context):
                    write()
            except FlowrouteAPIError as exc:
                if read_back is None or not self._landed(read_back, 'current', after, exc):
                    raise
        result = {'changed': changed}
        result.update(self._diff(before, after))
        return result

    def apply_many(self, changes, unchanged, concurrency, read_back=None, key_name='name', noun='routes', extra=None,
                   actions=ACTIONS):
        """Many objects: each change is a dict with key, action ('created', 'updated', 'deleted'),
        before, after ({} means absent) and write(); writes run ``concurrency`` at once.

        ``read_back()`` returns ``{key: state}`` and is asked once when writes failed, to count the
        ones that landed anyway. Returns the report: changed, the lists of ``actions`` (created,
        updated, deleted), unchanged,
        ``failed_<noun>``, ``api_requests``, the ``extra`` keys and the diff of what was applied (of everything,
        in check mode). Raises
        PartialFailure, carrying the same report, when a write failed.
        """
        concurrency = check_concurrency(concurrency)
        errors = {}
        if changes and not self.check_mode:
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                outcomes = list(pool.map(_attempt, changes))
            errors = dict((change['key'], error) for change, error in zip(changes, outcomes) if error is not None)
        if errors and read_back is not None:
            try:
                now = read_back()
            except FlowrouteAPIError:
                now = None
            for change in changes:
                if now is not None and change['key'] in errors and now.get(change['key'], {}) == change['after']:
                    self.warn('{0} {1}: {2}; the account now holds exactly what was asked, so this counts as done'.format(
                        key_name, change['key'], errors.pop(change['key'])))
        applied = [change for change in changes if change['key'] not in errors]
        result = dict((action, [c['key'] for c in applied if c['action'] == action]) for action in actions)
        result['unchanged'] = list(unchanged)
        result['changed'] = bool(applied)
        failed_key = 'failed_' + noun
        result[failed_key] = []
        for change in changes:
            if change['key'] in errors:
                error = errors[change['key']]
                entry = {key_name: change['key'], 'error': describe_error(error)}
                entry.update(failure_fields(error))
                result[failed_key].append(entry)
        result.update(self._diff(dict((c['key'], c['before']) for c in applied if c['before']),
                                 dict((c['key'], c['after']) for c in applied if c['after'])))
        result['api_requests'] = self._client.request_count if self._client is not None else 0
        result.update(extra or {})
        if errors:
            result.update(failure_fields(errors[next(c['key'] for c in changes if c['key'] in errors)]))
            raise PartialFailure('{0} of {1} {2} to write failed ({3}); applied: {4}; run the task again to finish'.format(
                len(errors), len(changes), noun,
                '; '.join('{0}: {1}'.format(entry[key_name], entry['error']) for entry in result[failed_key]),
                ', '.join(c['key'] for c in applied) or 'none'), result)
        return result


def _attempt(change):
    """Run one write; the error it raised, or None. Any exception is kept, so no report is lost."""
    try:
        change['write']()
    except Exception as exc:  # pylint: disable=broad-except
        return exc
    return None
