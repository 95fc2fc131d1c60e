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


class WriteConflict(Exception):
    """A write landed but does not stand as asked (for example another run made the same name differently)."""


def describe_error(exc):
    """One line for an error raised by a write: the API's failure, or an unexpected exception named as such."""
    if isinstance(exc, (FlowrouteAPIError, InvalidInput, Unsupported, WriteConflict)):
        return str(exc)
    return 'unexpected error ({0}: {1})'.format(type(exc).__name__, exc)


def failure_fields(exc):
    """status and api_error of a failure, for the task result."""
    if isinstance(exc, FlowrouteAPIError):
        return {'status': exc.status, 'api_error': exc.api_error}
    return {'status': None, 'api_error': None}


def _maybe_applied(exc):
    return isinstance(exc, FlowrouteAPIError) and exc.ambiguous


class FlowrouteRunner:
    """Wraps AnsibleModule with the connection options, the client and the read -> compare -> write loop."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        self.module = AnsibleModule(argument_spec=spec, supports_check_mode=True, **kwargs)
        self.params = self.module.params
        self._client = None
        self._warned = set()

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

    def resource(self, kind, option='api_version', pool_size=10):
        """A client of a resource only one API version has (a client_v2.V2Resource), over the task's transport;
        Unsupported naming ``option``, before any request, when the task's api_version lacks it."""
        client = self.client(pool_size)
        if client.version != kind.api_version:
            raise Unsupported(option, '{0} exist only in the Flowroute {1} API (contract {2}); set api_version={1}'
                              .format(kind.what, kind.api_version, kind.section))
        return kind(client.transport, pool_size)

    def warn(self, text):
        self.module.warn(text)

    def warn_once(self, text):
        """A warning that a task shows once however many objects it concerns."""
        if text not in self._warned:
            self._warned.add(text)
            self.module.warn(text)

    def unless_earlier_task(self, option, problem, would):
        """A problem that an earlier task of the play would remove, if it ran: in check mode it only planned
        to, so warn and go on planning; otherwise fail before any write."""
        if not self.check_mode:
            raise InvalidInput(option, problem)
        self.warn('{0}: {1}; check mode plans on as if an earlier task {2}, and a real run fails here unless one '
                  'does'.format(option, problem, would))

    def missing_reference(self, option, problem):
        """Something the task refers to does not exist (yet): an earlier task in check mode may create it."""
        self.unless_earlier_task(option, problem, 'creates it')

    def writes_landed(self):
        """Whether any write of this task was answered with success: a failed task then still changed things."""
        return self._client is not None and self._client.transport.writes_landed > 0

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

    def rate_limits(self):
        """What the task met of the API's rate limit: refusals seen and seconds waited (none before any request)."""
        gate = self._client.transport.gate if self._client is not None else None
        return {'rate_limited': gate.refusals if gate else 0,
                'rate_limit_waited': round(gate.waited, 1) if gate else 0.0}

    def run(self, body):
        """exit_json(**body(self)), or fail_json with a one-line reason, ``status`` and ``api_error``."""
        try:
            result = body(self)
        except (InvalidInput, Unsupported, WriteConflict) as exc:
            self.module.fail_json(msg=str(exc), changed=self.writes_landed(), status=None, api_error=None,
                                  **self.rate_limits())
        except FlowrouteAPIError as exc:
            fields = dict(failure_fields(exc), **self.rate_limits())
            self.module.fail_json(msg=str(exc), changed=self.writes_landed(), **fields)
        except PartialFailure as exc:
            exc.result['changed'] = exc.result['changed'] or self.writes_landed()
            exc.result.update(self.rate_limits())
            self.module.fail_json(msg=str(exc), **exc.result)
        except Exception as exc:  # pylint: disable=broad-except
            # a bug, not a user error: still one line, with the traceback only at -vvv
            self.module.fail_json(msg='{0} in flowroute.numbers; please report it'.format(describe_error(exc)),
                                  exception=traceback.format_exc(), changed=self.writes_landed(), status=None,
                                  api_error=None)
        result.update(self.rate_limits())
        self.module.exit_json(**result)

    def _diff(self, before, after):
        return {'diff': {'before': before, 'after': after}} if self.module._diff else {}

    def _held_anyway(self, what, exc):
        """After a failed write whose object now holds what was asked: whether this task's write did it.

        If a try may have been applied (its answer was lost), it counts as done; if every try was
        refused, another run made the same change meanwhile, and this task changed nothing.
        """
        if _maybe_applied(exc):
            self.warn('{0}; the account now holds exactly what was asked (an earlier try of the write must have '
                      'landed), so this counts as done'.format(exc if what is None else '{0}: {1}'.format(what, exc)))
            return True
        self.warn('{0}; the account holds exactly what was asked all the same: another run made the same change at '
                  'the same time, so this task changed nothing'.format(exc if what is None else '{0}: {1}'.format(
                      what, exc)))
        return False

    def _settled(self, settle):
        """settle()'s outcome, or {} with a warning when reading back for it failed."""
        try:
            return settle()
        except FlowrouteAPIError as exc:
            self.warn('could not read back to check whether another run created the same at the same time: {0}; '
                      'a later run sees any copy'.format(exc))
            return {}

    def apply(self, before, after, write, read_back=None, context=None, settle=None):
        """One object: write when ``before`` != ``after`` ({} means absent), unless in check mode.

        ``read_back()`` returns the object's state now and is asked after a failed write; when the
        account holds ``after`` anyway, the write counts as done (or as another run's, see
        _held_anyway). ``settle()`` is asked after a write that landed and returns {} or one outcome
        of FlowrouteClient.converge_created: ``superseded`` (another run's identical write stands,
        this one was undone: no change) or ``error``. Returns changed and the diff.
        """
        changed = before != after
        if changed and not self.check_mode:
            try:
                with self.step(context):
                    write()
            except FlowrouteAPIError as exc:
                now = self._read_back(read_back)
                if now is None or now != after:
                    raise
                changed = self._held_anyway(None, exc)
            outcome = self._settled(settle) if changed and settle is not None else {}
            if 'error' in outcome:
                raise WriteConflict(outcome['error'])
            if 'superseded' in outcome:
                self.warn('another run created the same at the same time; its copy (id {0}) is kept and the one this '
                          'task made was deleted, so this task changed nothing'.format(outcome['superseded']))
                changed = False
        result = {'changed': changed}
        result.update(self._diff(before, after))
        return result

    @staticmethod
    def _read_back(read_back):
        if read_back is None:
            return None
        try:
            return read_back()
        except FlowrouteAPIError:
            return None

    def _write_all(self, changes, concurrency, read_back, key_name, others):
        """Run the writes of ``changes``, ``concurrency`` at once; {key: error} of those that failed and did not
        land anyway. Keys whose object holds what was asked by another run's doing go to ``others``."""
        if not changes:
            return {}
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            outcomes = list(pool.map(_attempt, changes))
        errors = dict((change['key'], error) for change, error in zip(changes, outcomes) if error is not None)
        now = self._read_back(read_back) if errors else None
        if now is not None:
            for change in changes:
                if change['key'] in errors and _observe(change, now) == change['after']:
                    if not self._held_anyway('{0} {1}'.format(key_name, change['key']), errors.pop(change['key'])):
                        others.append(change['key'])
        return errors

    def apply_many(self, changes, unchanged, concurrency, read_back=None, key_name='name', noun='routes', extra=None,
                   actions=ACTIONS, settle=None, item='route'):
        """Many objects: each change is a dict with key, action ('created', 'updated', 'deleted'),
        before, after ({} means absent), write() and optionally observe(snapshot) -> its state in a
        read-back (default ``snapshot.get(key, {})``). Writes run ``concurrency`` at once; deletes only
        once every other write succeeded, and none when one failed (reported in ``skipped``).

        ``read_back()`` returns a snapshot and is asked after failed writes, to count the ones that
        landed anyway. ``settle(created changes)`` returns {key: outcome} as FlowrouteClient.converge_created.
        Returns the report: changed, the lists of ``actions``, unchanged, ``failed_<noun>``,
        ``api_requests``, the ``extra`` keys and one diff per object applied (per object planned, in
        check mode), headed with ``item`` and its key. Raises PartialFailure, carrying the same report, when a
        write failed.
        """
        concurrency = check_concurrency(concurrency)
        errors, others, skipped = {}, [], []
        if changes and not self.check_mode:
            errors = self._write_all([c for c in changes if c['action'] != 'deleted'], concurrency, read_back, key_name,
                                     others)
            failed_or_other = set(errors).union(others)
            created = [c for c in changes if c['action'] == 'created' and c['key'] not in failed_or_other]
            for key, outcome in (self._settled(lambda: settle(created)) if settle and created else {}).items():
                if 'superseded' in outcome:
                    self.warn('{0} {1}: another run created it at the same time; its copy (id {2}) is kept and the one '
                              'this task made was deleted'.format(key_name, key, outcome['superseded']))
                    others.append(key)
                else:
                    errors[key] = WriteConflict(outcome['error'])
            deletes = [c for c in changes if c['action'] == 'deleted']
            if errors:
                skipped = [c['key'] for c in deletes]
            else:
                errors = self._write_all(deletes, concurrency, read_back, key_name, others)
        applied = [c for c in changes if c['key'] not in errors and c['key'] not in others and c['key'] not in skipped]
        result = dict((action, [c['key'] for c in applied if c['action'] == action]) for action in actions)
        result['unchanged'] = list(unchanged) + others
        result['changed'] = bool(applied)
        if 'deleted' in actions:
            result['skipped'] = skipped
        failed_key = 'failed_' + noun
        result[failed_key] = []
        for change in changes:
            if change['key'] in errors:
                error = errors[change['key']]
                entry = {key_name: change['key'], 'error': describe_error(error)}
                entry.update(failure_fields(error))
                result[failed_key].append(entry)
        if self.module._diff:
            result['diff'] = [{'before_header': '{0} {1}'.format(item, c['key']), 'before': c['before'],
                               'after_header': '{0} {1}'.format(item, c['key']), 'after': c['after']} for c in applied]
        result['api_requests'] = self._client.request_count if self._client is not None else 0
        result.update(extra or {})
        if errors:
            result.update(failure_fields(errors[next(c['key'] for c in changes if c['key'] in errors)]))
            not_sent = ''
            if skipped:
                not_sent = ('; not sent, because a create or update failed: the deletes of {0}'.format(', '.join(skipped)))
            raise PartialFailure('{0} of {1} {2} to write failed ({3}); applied: {4}{5}; run the task again to finish'.format(
                len(errors), len(changes) - len(skipped), noun,
                '; '.join('{0}: {1}'.format(entry[key_name], entry['error']) for entry in result[failed_key]),
                ', '.join(c['key'] for c in applied) or 'none', not_sent), result)
        return result


def _observe(change, snapshot):
    """What a read-back shows of the object a change is about."""
    if 'observe' in change:
        return change['observe'](snapshot)
    return snapshot.get(change['key'], {})


def _attempt(change):
    """Run one write; the error it raised, or None. Any exception is kept, so no report is lost."""
    try:
        change['write']()
    except Exception as exc:  # pylint: disable=broad-except
        return exc
    return None
