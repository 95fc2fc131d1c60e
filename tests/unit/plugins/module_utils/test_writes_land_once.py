# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A write that is not idempotent lands once: no blind retry of a POST, read back first, converge after a race.

Also the edge-strategy fallback without shared state, and the count of writes that landed.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest
import requests
import urllib3

from ansible_collections.flowroute.numbers.plugins.module_utils.client import (
    FlowrouteAPIError,
    FlowrouteClient,
    Transport,
    lowest_id,
    route_record,
)
from ansible_collections.flowroute.numbers.plugins.module_utils.client_v2 import V2Client
from ansible_collections.flowroute.numbers.plugins.module_utils.rules import same_route

from fakes import FakeSession, response

BASE = 'https://api.flowroute.com'


def refused():
    """What requests raises when nothing listens: the request never left this machine."""
    reason = urllib3.exceptions.NewConnectionError(None, 'Failed to establish a new connection: [Errno 111] refused')
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, '/x', reason))


def transport_with(answers, retries=3):
    session = FakeSession(answers)
    transport = Transport(BASE, lambda m, u, b: (('k', 's'), {}), session=session, sleep=lambda s: None,
                          clock=lambda: 0.0, retries=retries)
    return transport, session


LOST = [requests.exceptions.ConnectionError('Connection aborted.'), requests.exceptions.ReadTimeout('slow'),
        requests.exceptions.ChunkedEncodingError('cut'), response(500, {}), response(502, {}), response(503, {}),
        response(504, {})]


@pytest.mark.parametrize('lost', LOST)
def test_a_post_whose_answer_was_lost_is_not_sent_again(lost):
    transport, session = transport_with([lost, response(201, {})])
    with pytest.raises(FlowrouteAPIError) as err:
        transport.write('POST', '/v2/routes', {'a': 1})
    assert len(session.sent) == 1 and err.value.ambiguous is True


@pytest.mark.parametrize('method', ['PUT', 'PATCH', 'DELETE'])
@pytest.mark.parametrize('lost', LOST)
def test_idempotent_writes_keep_their_retries_and_say_a_try_may_have_landed(method, lost):
    transport, session = transport_with([lost, response(400, {'error': 'exists'})])
    with pytest.raises(FlowrouteAPIError) as err:
        transport.write(method, '/v1/routes/A', {'a': 1})
    # the refusal came after a try that may have been applied: the read-back decides, not the last answer
    assert len(session.sent) == 2 and err.value.status == 400 and err.value.ambiguous is True


@pytest.mark.parametrize('first', [response(429, {}), requests.exceptions.ConnectTimeout('slow'), refused()])
def test_a_post_is_retried_when_nothing_can_have_been_applied(first):
    transport, session = transport_with([first, response(201, {'ok': 1})])
    assert transport.write('POST', '/v2/routes', {'a': 1}) == {'ok': 1}
    assert len(session.sent) == 2


def test_a_refusal_or_a_read_is_never_ambiguous():
    transport, session = transport_with([response(422, {}), response(503, {}), requests.exceptions.ReadTimeout('x')],
                                        retries=0)
    for call in (lambda: transport.write('POST', '/v2/routes', {}), lambda: transport.get_json('/v2/routes'),
                 lambda: transport.get_json('/v2/routes')):
        with pytest.raises(FlowrouteAPIError) as err:
            call()
        assert err.value.ambiguous is False


def test_writes_landed_counts_successful_writes_only():
    transport, session = transport_with([response(200, {}), response(201), response(422, {}), response(204)], retries=0)
    transport.get_json('/v2/routes')
    transport.write('POST', '/v2/routes', {})
    with pytest.raises(FlowrouteAPIError):
        transport.write('PATCH', '/v2/routes/1', {})
    transport.write('DELETE', '/v2/routes/1', None)
    assert (transport.writes_landed, transport.request_count) == (2, 4)


def test_post_once_reads_back_before_sending_again():
    transport, session = transport_with([requests.exceptions.ConnectionError('aborted')])
    looked = []
    answer = transport.post_once('/v2/routes', {'a': 1}, lambda: looked.append(1) or {'id': '7'}, 'application/json')
    assert answer == (None, {'id': '7'}) and looked == [1] and len(session.sent) == 1


def test_post_once_sends_again_only_when_the_read_back_finds_nothing():
    transport, session = transport_with([response(503, {}), response(201, {'ok': 1})])
    looked = []
    assert transport.post_once('/v2/routes', {'a': 1}, lambda: looked.append(1), 'application/json') == ({'ok': 1}, None)
    assert looked == [1] and [s['method'] for s in session.sent] == ['POST', 'POST']


def test_post_once_gives_up_after_the_retries_and_never_reads_back_after_a_refusal():
    transport, session = transport_with([response(429, {}), response(503, {}), response(503, {}), response(503, {})],
                                        retries=2)
    with pytest.raises(FlowrouteAPIError) as err:
        transport.post_once('/v2/routes', {}, lambda: None, 'application/json')
    assert len(session.sent) == 4 and str(err.value).endswith('HTTP 503: the API gave no error message [gave up after 4 attempts]')
    transport, session = transport_with([response(422, {'errors': []})])
    with pytest.raises(FlowrouteAPIError) as err:
        transport.post_once('/v2/routes', {}, lambda: pytest.fail('no read-back after a refusal'), 'application/json')
    assert err.value.status == 422


# --- v2 create: read back by alias after a lost answer ---

def route_item(route_id, alias, value='1.2.3.4', **extra):
    attributes = dict({'alias': alias, 'route_type': 'host', 'value': value, 'edge_strategy_id': None}, **extra)
    return {'attributes': attributes, 'id': route_id, 'type': 'route'}


def page(*items):
    return {'data': list(items), 'links': {}}


def v2_with(answers, session=None):
    session = session or FakeSession(answers)

    def factory(authorize, accept):
        return Transport(BASE, authorize, session=session, sleep=lambda s: None, clock=lambda: 0.0, retries=2,
                         accept=accept)
    return V2Client('31415926', 'c0ffee1234567890c0ffee1234567890', factory), session


def test_a_v2_create_whose_answer_was_lost_is_found_by_alias_not_posted_twice():
    client, session = v2_with([requests.exceptions.ConnectionError('aborted'),
                               response(200, page(route_item('0', 'sip-reg', None), route_item('9', 'A')))])
    stored = client.create_route(route_record('A', 'HOST', '1.2.3.4'))
    assert stored['id'] == '9'
    assert [s['method'] for s in session.sent] == ['POST', 'GET']


def test_a_v2_create_whose_answer_was_lost_and_did_not_land_is_posted_again():
    client, session = v2_with([response(502, {}), response(200, page(route_item('9', 'A', value='9.9.9.9'))),
                               response(201, {'data': route_item('10', 'A')})])
    assert client.create_route(route_record('A', 'HOST', '1.2.3.4'))['id'] == '10'
    assert [s['method'] for s in session.sent] == ['POST', 'GET', 'POST']


# --- converge after creates ---

class Listed(FlowrouteClient):
    """A client over a fixed route list that records deletes."""

    unique_names = False

    def __init__(self, routes, refuse_delete=False):
        super(Listed, self).__init__(None)
        self.routes, self.deleted, self.refuse_delete = routes, [], refuse_delete

    def iter_routes(self):
        return iter(self.routes)

    def delete_route(self, current):
        if self.refuse_delete:
            raise FlowrouteAPIError('DELETE', '/v2/routes/' + current['id'], 403, 'in use')
        self.deleted.append(current['id'])


def host(route_id, value='1.2.3.4', name='A'):
    return route_record(name, 'HOST', value, route_id)


def test_converge_keeps_the_lowest_id_and_deletes_this_runs_copy_when_it_is_not_that():
    listed = Listed([host('12'), host('9'), host('30', name='B')])
    assert listed.converge_created({'A': host('12'), 'B': host('30', name='B')}, same_route) == {'A': {'superseded': '9'}}
    assert listed.deleted == ['12']
    mine_lowest = Listed([host('12'), host('9')])
    assert mine_lowest.converge_created({'A': host('9')}, same_route) == {} and mine_lowest.deleted == []


def test_converge_refuses_different_values_under_one_alias_naming_the_ids():
    listed = Listed([host('9'), host('12', value='5.6.7.8')])
    outcome = listed.converge_created({'A': host('12', value='5.6.7.8')}, same_route)
    assert outcome['A']['error'].startswith("2 routes have the alias 'A' with different types or values (ids 9, 12)")
    assert listed.deleted == []


def test_converge_reports_a_copy_it_could_not_delete():
    listed = Listed([host('9'), host('12')], refuse_delete=True)
    outcome = listed.converge_created({'A': host('12')}, same_route)
    assert outcome['A']['error'].startswith('another run created route A at the same time (id 9), and the copy this '
                                            'task made (id 12) could not be deleted: DELETE /v2/routes/12 failed')


def test_converge_has_nothing_to_do_where_names_are_unique_or_nothing_was_created():
    listed = Listed([host('9'), host('12')])
    listed.unique_names = True
    assert listed.converge_created({'A': host('12')}, same_route) == {} and listed.deleted == []
    listed.unique_names = False
    assert listed.converge_created({}, same_route) == {}


def test_lowest_id_compares_ids_as_numbers():
    assert lowest_id([host('100'), host('99'), host('101')])['id'] == '99'
    assert lowest_id([route_record('A', 'HOST', 'x')])['id'] is None


# --- the edge field: each write knows what it sent ---

class SwitchingSession(FakeSession):
    """Another worker switches the remembered edge field while this write's POST is in flight."""

    def __init__(self, answers):
        super(SwitchingSession, self).__init__(answers)
        self.client = None

    def request(self, method, url, **kwargs):
        if method == 'POST':
            with self.client._edge_lock:
                self.client._edge_field = 'edge_strategy'
        return super(SwitchingSession, self).request(method, url, **kwargs)


def test_the_fallback_tries_the_field_this_write_did_not_send_whatever_another_thread_remembered():
    session = SwitchingSession([response(201, {'data': route_item('5', 'A')}),
                                response(200, {'data': route_item('5', 'A', edge_strategy_id=None, edge_strategy='4')})])
    client, session = v2_with(None, session)
    session.client = client
    stored = client.create_route(dict(route_record('A', 'HOST', '1.2.3.4'), edge_strategy='4'))
    assert stored['edge_strategy'] == '4'
    bodies = [json.loads(s['data'])['data']['attributes'] for s in session.sent]
    assert bodies[0]['edge_strategy_id'] == 4 and bodies[1] == {'edge_strategy': '4'}


def test_a_route_whose_answer_does_not_show_the_edge_attribute_is_not_written_again():
    item = {'attributes': {'alias': 'A', 'route_type': 'host', 'value': '1.2.3.4'}, 'id': '5', 'type': 'route'}
    client, session = v2_with([response(201, {'data': item})])
    stored = client.create_route(dict(route_record('A', 'HOST', '1.2.3.4'), edge_strategy='4'))
    assert stored['edge_known'] is False and len(session.sent) == 1


def test_an_error_is_not_ambiguous_unless_said():
    assert FlowrouteAPIError('GET', '/x').ambiguous is False


def test_a_connection_error_without_details_may_have_been_applied():
    transport, session = transport_with([requests.exceptions.ConnectionError()])
    with pytest.raises(FlowrouteAPIError) as err:
        transport.write('POST', '/v2/routes', {})
    assert err.value.ambiguous is True and len(session.sent) == 1


def test_post_once_resends_at_most_retries_times():
    transport, session = transport_with([response(503, {})] * 5, retries=2)
    looked = []
    with pytest.raises(FlowrouteAPIError) as err:
        transport.post_once('/v2/routes', {}, lambda: looked.append(1), 'application/json')
    assert len(session.sent) == 3 and looked == [1, 1] and err.value.attempts == 3


def test_lowest_id_breaks_ties_of_length_by_the_digits():
    assert lowest_id([host('12'), host('10'), host('11')])['id'] == '10'


def test_converge_handles_every_created_name_whatever_comes_before_it():
    listed = Listed([host('1', name='A'), host('5', name='B'), host('4', name='B'), host('8', name='C'),
                     host('7', name='C', value='9.9.9.9'), host('20', name='D'), host('3', name='D')])
    listed.refuse_delete = False
    outcomes = listed.converge_created({'A': host('1', name='A'), 'C': host('8', name='C'), 'B': host('5', name='B'),
                                        'D': host('20', name='D'), 'E': host('30', name='E')}, same_route)
    assert outcomes == {'B': {'superseded': '4'}, 'D': {'superseded': '3'}, 'C': {'error': (
        "2 routes have the alias 'C' with different types or values (ids 8, 7): another run is creating it with other "
        "values; keep one (flowroute_route with id, or flowroute_routes with prune)")}}
    assert listed.deleted == ['5', '20']


def test_converge_goes_on_after_a_copy_it_could_not_delete():
    listed = Listed([host('2', name='A'), host('9', name='A'), host('3', name='B'), host('8', name='B')],
                    refuse_delete=True)
    outcomes = listed.converge_created({'A': host('9', name='A'), 'B': host('8', name='B')}, same_route)
    assert sorted(outcomes) == ['A', 'B'] and all('could not be deleted' in outcome['error'] for outcome in outcomes.values())
