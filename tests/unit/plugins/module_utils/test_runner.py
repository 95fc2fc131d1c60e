# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The runner: changed, check mode, diff, reading back after a failed write, and the one place errors fail."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.flowroute.numbers.plugins.module_utils import runner as runner_module
from ansible_collections.flowroute.numbers.plugins.module_utils.client import FlowrouteAPIError, Unsupported
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import InvalidInput
from ansible_collections.flowroute.numbers.plugins.module_utils.runner import FlowrouteRunner, PartialFailure


class Exited(Exception):
    def __init__(self, how, result):
        super(Exited, self).__init__(how)
        self.how, self.result = how, result


class FakeModule:
    def __init__(self, check_mode=False, diff=False):
        self.check_mode, self._diff = check_mode, diff
        self.params, self.warnings = {}, []

    def warn(self, text):
        self.warnings.append(text)

    def exit_json(self, **result):
        raise Exited('exit', result)

    def fail_json(self, **result):
        raise Exited('fail', result)


def make_runner(check_mode=False, diff=False):
    runner = FlowrouteRunner.__new__(FlowrouteRunner)
    runner.module = FakeModule(check_mode, diff)
    runner.params = runner.module.params
    runner._client = None
    runner._warned = set()
    return runner


def outcome(runner, body):
    with pytest.raises(Exited) as exited:
        runner.run(body)
    return exited.value.how, exited.value.result


def api_error(status=422, text='nope', ambiguous=False):
    return FlowrouteAPIError('PUT', '/v1/routes/A', status, text, api_error=text, ambiguous=ambiguous)


# --- run: the single catch ---

NO_LIMITS = {'rate_limited': 0, 'rate_limit_waited': 0.0}


def test_run_exits_with_the_result():
    assert outcome(make_runner(), lambda r: {'changed': True, 'x': 1}) == ('exit', dict(NO_LIMITS, changed=True, x=1))


@pytest.mark.parametrize('exc, msg, status, api_text', [
    (InvalidInput('name', 'bad'), 'name: bad', None, None),
    (Unsupported('state', 'needs v2'), 'state: needs v2', None, None),
    (FlowrouteAPIError('GET', '/x', 503, 'down', 4, 'down'), 'GET /x failed: HTTP 503: down [gave up after 4 attempts]', 503, 'down'),
    (FlowrouteAPIError('GET', '/x', None, 'connection failed: refused'), 'GET /x failed: no answer: connection failed: refused', None, None),
    (KeyError('oops'), "unexpected error (KeyError: 'oops') in flowroute.numbers; please report it", None, None),
])
def test_run_turns_every_error_into_one_failure(exc, msg, status, api_text):
    def body(runner):
        raise exc
    how, result = outcome(make_runner(), body)
    assert how == 'fail'
    assert (result['msg'], result['status'], result['api_error'], result['changed']) == (msg, status, api_text, False)
    assert ('exception' in result) == isinstance(exc, KeyError)


def test_run_partial_failure_keeps_its_report():
    def body(runner):
        raise PartialFailure('1 of 2 failed', {'changed': True, 'created': ['A'], 'status': 422, 'api_error': 'x'})
    assert outcome(make_runner(), body) == ('fail', dict(NO_LIMITS, msg='1 of 2 failed', changed=True, created=['A'],
                                                         status=422, api_error='x'))


def test_step_names_what_failed_once():
    runner = make_runner()
    with pytest.raises(FlowrouteAPIError) as err:
        with runner.step('outer'):
            with runner.step('inner'):
                raise api_error()
    assert str(err.value) == 'inner: PUT /v1/routes/A failed: HTTP 422: nope'


def test_missing_requests_fails_with_the_install_hint(monkeypatch):
    monkeypatch.setattr(runner_module, 'HAS_REQUESTS', False)
    monkeypatch.setattr(runner_module, 'REQUESTS_IMPORT_ERROR', 'Traceback: No module named requests')
    with pytest.raises(Exited) as exited:
        make_runner().client()
    result = exited.value.result
    assert result['msg'].startswith('Failed to import the required Python library (requests)')
    assert (result['exception'], result['changed'], result['status'], result['api_error']) == (
        'Traceback: No module named requests', False, None, None)


def test_the_client_gets_the_options_the_warnings_and_the_pool_size():
    runner = make_runner()
    runner.params.update(access_key='12345678', secret_key='0' * 32, api_url='http://10.1.1.1:1', validate_certs=True,
                         timeout=5, retries=0, api_version='v1', rate_limit_wait=300, ca_path=None)
    client = runner.client(pool_size=4)
    assert client.pool_size == 4 and runner.client() is client
    fresh = make_runner()
    fresh.params.update(runner.params)
    assert fresh.client().pool_size == 10
    assert runner.module.warnings[0].startswith('api_url http://10.1.1.1:1 is plain http')


def test_an_unexpected_error_keeps_its_traceback_for_verbose_output():
    def body(runner):
        raise KeyError('oops')
    how, result = outcome(make_runner(), body)
    assert result['exception'].startswith('Traceback (most recent call last)')


# --- apply: one object ---

def test_apply_writes_a_difference_and_diffs_it():
    writes = []
    runner = make_runner(diff=True)
    assert runner.apply({'v': 1}, {'v': 2}, lambda: writes.append(1)) == {
        'changed': True, 'diff': {'before': {'v': 1}, 'after': {'v': 2}}}
    assert writes == [1]


def test_apply_does_nothing_when_equal_and_shows_no_diff_unless_asked():
    writes = []
    assert make_runner().apply({'v': 1}, {'v': 1}, lambda: writes.append(1)) == {'changed': False}
    assert writes == []


def test_apply_in_check_mode_predicts_without_writing():
    writes = []
    assert make_runner(check_mode=True).apply({}, {'v': 2}, lambda: writes.append(1)) == {'changed': True}
    assert writes == []


def fail_write():
    raise api_error()


def test_apply_failed_write_is_raised_with_its_context():
    with pytest.raises(FlowrouteAPIError) as err:
        make_runner().apply({}, {'v': 2}, fail_write, context='could not create A')
    assert str(err.value) == 'could not create A: PUT /v1/routes/A failed: HTTP 422: nope'


def lost_write():
    raise api_error(ambiguous=True)


def test_apply_failed_write_that_landed_anyway_is_done_with_a_warning():
    runner = make_runner()
    assert runner.apply({}, {'v': 2}, lost_write, lambda: {'v': 2}, 'could not create A') == {'changed': True}
    assert runner.module.warnings == [
        'could not create A: PUT /v1/routes/A failed: HTTP 422: nope; the account now holds exactly what was asked '
        '(an earlier try of the write must have landed), so this counts as done']


def test_apply_refused_write_whose_object_holds_what_was_asked_was_another_runs_change():
    runner = make_runner()
    assert runner.apply({}, {'v': 2}, fail_write, lambda: {'v': 2}, 'could not create A') == {'changed': False}
    assert runner.module.warnings == [
        'could not create A: PUT /v1/routes/A failed: HTTP 422: nope; the account holds exactly what was asked all the '
        'same: another run made the same change at the same time, so this task changed nothing']


@pytest.mark.parametrize('read_back', [lambda: {'v': 1}, lambda: {}, None])
def test_apply_failed_write_that_did_not_land_fails(read_back):
    runner = make_runner()
    with pytest.raises(FlowrouteAPIError):
        runner.apply({'v': 1}, {'v': 2}, fail_write, read_back)
    assert runner.module.warnings == []


def test_apply_read_back_failing_too_keeps_the_first_error():
    def read_back():
        raise FlowrouteAPIError('GET', '/v1/routes/', 500, 'down')
    with pytest.raises(FlowrouteAPIError, match='PUT /v1/routes/A failed: HTTP 422'):
        make_runner().apply({}, {'v': 2}, fail_write, read_back)


def test_apply_other_exceptions_are_not_swallowed():
    def boom():
        raise RuntimeError('x')
    with pytest.raises(RuntimeError):
        make_runner().apply({}, {'v': 2}, boom, lambda: {'v': 2})


# --- apply_many: many objects ---

def change(key, action, before, after, write=None):
    return dict(key=key, action=action, before=before, after=after, write=write or (lambda: None))


def test_apply_many_reports_each_action_and_the_diff():
    changes = [change('A', 'created', {}, {'v': 1}), change('B', 'updated', {'v': 1}, {'v': 2}),
               change('C', 'deleted', {'v': 3}, {})]
    result = make_runner(diff=True).apply_many(changes, ['D'], 4)
    assert result == {'created': ['A'], 'updated': ['B'], 'deleted': ['C'], 'unchanged': ['D'], 'changed': True,
                      'failed_routes': [], 'api_requests': 0, 'skipped': [],
                      'diff': [{'before_header': 'route A', 'after_header': 'route A', 'before': {}, 'after': {'v': 1}},
                               {'before_header': 'route B', 'after_header': 'route B', 'before': {'v': 1}, 'after': {'v': 2}},
                               {'before_header': 'route C', 'after_header': 'route C', 'before': {'v': 3}, 'after': {}}]}


def test_apply_many_nothing_to_do():
    assert make_runner().apply_many([], ['A'], 1, noun='numbers', key_name='number', actions=('updated',)) == {
        'updated': [], 'unchanged': ['A'], 'changed': False, 'failed_numbers': [], 'api_requests': 0}


def test_apply_many_check_mode_writes_nothing_but_reports_the_plan():
    writes = []
    result = make_runner(check_mode=True).apply_many([change('A', 'created', {}, {'v': 1}, lambda: writes.append(1))], [], 2)
    assert result['created'] == ['A'] and result['changed'] is True and writes == []


def test_apply_many_refuses_a_bad_concurrency_before_writing():
    writes = []
    with pytest.raises(InvalidInput, match='^concurrency: must be between 1 and 32, got 0$'):
        make_runner().apply_many([change('A', 'created', {}, {'v': 1}, lambda: writes.append(1))], [], 0)
    assert writes == []


def test_apply_many_partial_failure_carries_the_report():
    changes = [change('A', 'created', {}, {'v': 1}, fail_write), change('B', 'created', {}, {'v': 2}),
               change('C', 'updated', {'v': 0}, {'v': 3}, lambda: 1 / 0)]
    with pytest.raises(PartialFailure) as err:
        make_runner(diff=True).apply_many(changes, [], 3)
    result = err.value.result
    assert str(err.value) == ('2 of 3 routes to write failed (A: PUT /v1/routes/A failed: HTTP 422: nope; C: unexpected '
                              'error (ZeroDivisionError: division by zero)); applied: B; run the task again to finish')
    assert result['created'] == ['B'] and result['updated'] == [] and result['changed'] is True
    assert result['failed_routes'] == [
        {'name': 'A', 'error': 'PUT /v1/routes/A failed: HTTP 422: nope', 'status': 422, 'api_error': 'nope'},
        {'name': 'C', 'error': 'unexpected error (ZeroDivisionError: division by zero)', 'status': None, 'api_error': None}]
    assert (result['status'], result['api_error']) == (422, 'nope')
    assert result['diff'] == [{'before_header': 'route B', 'after_header': 'route B', 'before': {}, 'after': {'v': 2}}]


def test_apply_many_nothing_applied_is_no_change():
    with pytest.raises(PartialFailure) as err:
        make_runner().apply_many([change('A', 'created', {}, {'v': 1}, fail_write)], [], 1)
    assert err.value.result['changed'] is False
    assert str(err.value).endswith('applied: none; run the task again to finish')


def test_apply_many_counts_failed_writes_that_landed_anyway():
    runner = make_runner()
    changes = [change('A', 'created', {}, {'v': 1}, lost_write), change('B', 'created', {}, {'v': 2}, lost_write),
               change('E', 'updated', {'v': 0}, {'v': 5}, fail_write)]
    with pytest.raises(PartialFailure) as err:
        runner.apply_many(changes, [], 2, read_back=lambda: {'A': {'v': 1}, 'B': {'v': 9}, 'E': {'v': 5}})
    result = err.value.result
    assert result['created'] == ['A'] and result['updated'] == [] and result['unchanged'] == ['E']
    assert [entry['name'] for entry in result['failed_routes']] == ['B']
    assert runner.module.warnings == [
        'name A: PUT /v1/routes/A failed: HTTP 422: nope; the account now holds exactly what was asked (an earlier try '
        'of the write must have landed), so this counts as done',
        'name E: PUT /v1/routes/A failed: HTTP 422: nope; the account holds exactly what was asked all the same: '
        'another run made the same change at the same time, so this task changed nothing']


def test_apply_many_read_back_failing_keeps_every_failure():
    def read_back():
        raise FlowrouteAPIError('GET', '/v1/routes/', 500, 'down')
    with pytest.raises(PartialFailure) as err:
        make_runner().apply_many([change('A', 'created', {}, {'v': 1}, fail_write)], [], 1, read_back=read_back)
    assert len(err.value.result['failed_routes']) == 1


def test_apply_many_runs_at_most_concurrency_writes_at_once(concurrency_probe):
    write = concurrency_probe.wrap(lambda: None)
    make_runner().apply_many([change(str(i), 'created', {}, {'v': i}, write) for i in range(9)], [], 3)
    assert concurrency_probe.peak == 3


def test_apply_an_absent_object_read_back_as_missing_counts_as_deleted():
    runner = make_runner()
    assert runner.apply({'v': 1}, {}, lost_write, lambda: {}, 'could not delete A')['changed'] is True


# --- the plan is the run: deletes last, settle after creates, changed when a write landed ---

def test_deletes_are_sent_only_after_every_other_write_succeeded():
    order = []
    changes = [change('Old', 'deleted', {'v': 1}, {}, lambda: order.append('delete')),
               change('New', 'created', {}, {'v': 2}, lambda: order.append('create')),
               change('Moved', 'updated', {'v': 3}, {'v': 4}, lambda: order.append('update'))]
    make_runner().apply_many(changes, [], 8)
    assert order[-1] == 'delete' and sorted(order[:2]) == ['create', 'update']


def test_a_failed_create_skips_every_delete_and_says_so():
    deletes = []
    changes = [change('New', 'created', {}, {'v': 2}, fail_write), change('Old', 'deleted', {'v': 1}, {},
                                                                          lambda: deletes.append(1))]
    with pytest.raises(PartialFailure) as err:
        make_runner().apply_many(changes, [], 2, read_back=lambda: {})
    assert deletes == [] and err.value.result['skipped'] == ['Old'] and err.value.result['deleted'] == []
    assert str(err.value) == ('1 of 1 routes to write failed (New: PUT /v1/routes/A failed: HTTP 422: nope); applied: none; '
                              'not sent, because a create or update failed: the deletes of Old; run the task again to finish')


def test_observe_reads_a_change_back_under_its_own_key():
    changes = [change('A (id 7)', 'deleted', {'v': 1}, {}, lost_write)]
    changes[0]['observe'] = lambda now: {} if '7' not in now['ids'] else {'v': 1}
    assert make_runner().apply_many(changes, [], 1, read_back=lambda: {'ids': ['8']})['deleted'] == ['A (id 7)']
    with pytest.raises(PartialFailure):
        make_runner().apply_many(changes, [], 1, read_back=lambda: {'ids': ['7']})


def test_settle_moves_a_superseded_create_to_unchanged_and_fails_a_conflicting_one():
    runner = make_runner()
    changes = [change('A', 'created', {}, {'v': 1}), change('B', 'created', {}, {'v': 2}),
               change('C', 'created', {}, {'v': 3}), change('Old', 'deleted', {'v': 0}, {})]
    seen = []

    def settle(created):
        seen.extend(c['key'] for c in created)
        return {'A': {'superseded': '9'}, 'B': {'error': 'B differs'}}
    with pytest.raises(PartialFailure) as err:
        runner.apply_many(changes, [], 4, settle=settle)
    result = err.value.result
    assert seen == ['A', 'B', 'C']
    assert (result['created'], result['unchanged'], result['skipped']) == (['C'], ['A'], ['Old'])
    assert result['failed_routes'] == [{'name': 'B', 'error': 'B differs', 'status': None, 'api_error': None}]
    assert runner.module.warnings == ['name A: another run created it at the same time; its copy (id 9) is kept and the '
                                      'one this task made was deleted']


def test_settle_that_cannot_read_back_warns_and_keeps_the_creates():
    def settle(created):
        raise FlowrouteAPIError('GET', '/v2/routes', 503, 'down')
    runner = make_runner()
    assert runner.apply_many([change('A', 'created', {}, {'v': 1})], [], 1, settle=settle)['created'] == ['A']
    assert runner.module.warnings[0].startswith('could not read back to check whether another run created the same')


def test_apply_settles_a_create_superseded_by_another_run_as_no_change():
    runner = make_runner()
    assert runner.apply({}, {'v': 1}, lambda: None, settle=lambda: {'superseded': '9'}) == {'changed': False}
    assert runner.module.warnings == ['another run created the same at the same time; its copy (id 9) is kept and the '
                                      'one this task made was deleted, so this task changed nothing']
    with pytest.raises(runner_module.WriteConflict, match='^differs$'):
        make_runner().apply({}, {'v': 1}, lambda: None, settle=lambda: {'error': 'differs'})
    assert make_runner().apply({}, {'v': 1}, lambda: None, settle=lambda: {}) == {'changed': True}


def test_settle_is_not_asked_in_check_mode_or_without_a_change():
    asked = []
    make_runner(check_mode=True).apply({}, {'v': 1}, lambda: None, settle=lambda: asked.append(1) or {})
    make_runner().apply({'v': 1}, {'v': 1}, lambda: None, settle=lambda: asked.append(1) or {})
    assert asked == []


class LandedClient:
    def __init__(self, landed):
        self.transport = type('T', (), {'writes_landed': landed, 'gate': None})()


@pytest.mark.parametrize('exc', [api_error(), InvalidInput('x', 'bad'), KeyError('k')])
def test_a_failure_after_a_write_landed_reports_changed(exc):
    def body(runner):
        runner._client = LandedClient(1)
        raise exc
    how, result = outcome(make_runner(), body)
    assert how == 'fail' and result['changed'] is True

    def partial(runner):
        runner._client = LandedClient(1)
        raise PartialFailure('x', {'changed': False})
    assert outcome(make_runner(), partial)[1]['changed'] is True


def test_missing_reference_fails_a_real_run_and_warns_in_check_mode():
    with pytest.raises(InvalidInput, match='^primary_route: route R does not exist$'):
        make_runner().missing_reference('primary_route', 'route R does not exist')
    runner = make_runner(check_mode=True)
    runner.missing_reference('primary_route', 'route R does not exist')
    assert runner.module.warnings == ['primary_route: route R does not exist; check mode plans on as if an earlier task '
                                      'creates it, and a real run fails here unless one does']


def test_warn_once_shows_a_warning_once():
    runner = make_runner()
    runner.warn_once('a')
    runner.warn_once('a')
    runner.warn_once('b')
    assert runner.module.warnings == ['a', 'b']


def test_every_result_reports_the_rate_limit_met_success_or_failure():
    from ansible_collections.flowroute.numbers.plugins.module_utils.client import RateGate

    def body(runner, fails):
        runner._client = LandedClient(0)
        runner._client.transport.gate = RateGate(4)
        runner._client.transport.gate.refusals, runner._client.transport.gate.waited = 7, 12.345
        if fails:
            raise api_error()
        return {'changed': False}
    for fails in (False, True):
        how, result = outcome(make_runner(), lambda runner: body(runner, fails))
        assert (result['rate_limited'], result['rate_limit_waited']) == (7, 12.3)


def test_a_delete_without_observe_reads_back_by_its_key_and_missing_means_gone():
    runner = make_runner()
    result = runner.apply_many([change('Old', 'deleted', {'v': 1}, {}, lost_write)], [], 1, read_back=lambda: {})
    assert result['deleted'] == ['Old']
    assert runner.module.warnings[0].startswith('name Old: PUT /v1/routes/A failed')


def test_a_delete_another_run_made_meanwhile_is_no_change_of_this_tasks():
    def gone():
        raise api_error(404, 'not found')
    runner = make_runner()
    result = runner.apply_many([change('Old', 'deleted', {'v': 1}, {}, gone)], [], 1, read_back=lambda: {})
    assert result['deleted'] == [] and result['unchanged'] == ['Old'] and result['changed'] is False


def test_every_skipped_delete_is_named():
    changes = [change('New', 'created', {}, {'v': 2}, fail_write), change('Old', 'deleted', {'v': 1}, {}),
               change('Older', 'deleted', {'v': 0}, {})]
    with pytest.raises(PartialFailure) as err:
        make_runner().apply_many(changes, [], 2)
    assert 'the deletes of Old, Older;' in str(err.value)


def test_diff_headers_name_the_kind_of_object():
    result = make_runner(diff=True).apply_many([change('Site A', 'created', {}, {'v': 1})], [], 1, noun='addresses',
                                               item='address')
    assert result['diff'][0]['before_header'] == 'address Site A'


def test_a_settle_that_cannot_read_back_says_why_in_its_warning():
    def settle(created):
        raise FlowrouteAPIError('GET', '/v2/routes', 503, 'down')
    runner = make_runner()
    runner.apply_many([change('A', 'created', {}, {'v': 1})], [], 1, settle=settle)
    assert runner.module.warnings == ['could not read back to check whether another run created the same at the same '
                                      'time: GET /v2/routes failed: HTTP 503: down; a later run sees any copy']


def test_an_input_error_reports_the_rate_limit_met_too():
    def body(runner):
        raise InvalidInput('x', 'bad')
    assert outcome(make_runner(), body)[1]['rate_limited'] == 0


def test_deletes_run_at_most_concurrency_at_once_too(concurrency_probe):
    write = concurrency_probe.wrap(lambda: None)
    make_runner().apply_many([change(str(i), 'deleted', {'v': i}, {}, write) for i in range(9)], [], 3)
    assert concurrency_probe.peak == 3
