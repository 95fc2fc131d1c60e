# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""flowroute_route end to end: real ansible-playbook / ansible runs against the emulator, over v1 and v2."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest

from conftest import ACCESS_KEY, SECRET_KEY

pytestmark = pytest.mark.parametrize('api', ['v1', 'v2'], indirect=True)

THREE_ROUTES = '''
    - flowroute.numbers.flowroute_route: {name: HOSTRoute1, type: HOST, value: "24.239.23.40:5060"}
    - flowroute.numbers.flowroute_route: {name: PSTNRoute1, type: pstn, value: "+18002364455"}
    - flowroute.numbers.flowroute_route:
        name: URIRoute1
        type: URI
        value: "sip:16476998778@215.122.69.152:5060;transport=tcp"
'''
WANTED = {
    'HOSTRoute1': {'type': 'HOST', 'value': '24.239.23.40:5060'},
    'PSTNRoute1': {'type': 'PSTN', 'value': '18002364455'},
    'URIRoute1': {'type': 'URI', 'value': 'sip:16476998778@215.122.69.152:5060;transport=tcp'},
}
V2_TYPES = {'HOST': 'host', 'PSTN': 'number', 'URI': 'uri'}


def sent_route(api, entry):
    """(name, {type, value}) a create request carried, whatever the version."""
    body = json.loads(entry['body'])
    if api.version == 'v1':
        return entry['path'].rsplit('/', 1)[1], body
    attributes = body['data']['attributes']
    back = dict((v2, v1) for v1, v2 in V2_TYPES.items())
    return attributes['alias'], {'type': back[attributes['route_type']], 'value': attributes['value']}


@pytest.mark.subset
def test_creates_each_type_then_changes_nothing_on_second_run(emulator, playbook, api):
    first = playbook(emulator, THREE_ROUTES)
    assert first.rc == 0, first.output
    assert [task['changed'] for task in first.tasks()] == [True, True, True]
    expected_route = {'name': 'PSTNRoute1', 'type': 'PSTN', 'value': '18002364455'}
    if api.version == 'v2':
        expected_route.update(id='10002', edge_strategy=None, edge_strategy_id=None)
    assert first.task(1)['route'] == expected_route
    routes = emulator.routes()
    for name, route in WANTED.items():
        assert routes[name] == route
    writes = api.route_writes(emulator)
    assert [sent_route(api, entry) for entry in writes] == list(WANTED.items())
    assert [(entry['method'], entry['status']) for entry in writes] == [(api.create('x')[0], 201)] * 3

    emulator.control('DELETE', 'requests')
    second = playbook(emulator, THREE_ROUTES)
    assert second.rc == 0, second.output
    assert [task['changed'] for task in second.tasks()] == [False, False, False]
    assert second.data['stats']['localhost']['changed'] == 0
    assert api.route_writes(emulator) == []
    assert [entry['path'] for entry in emulator.requests()] == api.route_list(1) * 3


@pytest.mark.subset
def test_check_mode_reports_change_and_sends_no_write(emulator, playbook, api):
    result = playbook(emulator, THREE_ROUTES, '--check')
    assert result.rc == 0, result.output
    assert [task['changed'] for task in result.tasks()] == [True, True, True]
    assert result.task(0)['route']['value'] == '24.239.23.40:5060'
    assert [entry['method'] for entry in emulator.requests()] == ['GET'] * 3
    assert set(emulator.routes()) == {'sip-reg'}


@pytest.mark.subset
def test_diff_shows_before_and_after(emulator, playbook):
    emulator.control('POST', 'routes', {'HOSTRoute1': {'type': 'HOST', 'value': '10.0.0.1'}})
    tasks = '    - flowroute.numbers.flowroute_route: {name: HOSTRoute1, type: HOST, value: "24.239.23.40:5060"}\n'
    structured = playbook(emulator, tasks, '--diff', '--check')
    assert structured.task(0)['diff'] == {
        'before': {'name': 'HOSTRoute1', 'type': 'HOST', 'value': '10.0.0.1'},
        'after': {'name': 'HOSTRoute1', 'type': 'HOST', 'value': '24.239.23.40:5060'}}
    text = playbook(emulator, tasks, '--diff', callback_json=False)
    assert text.rc == 0, text.output
    assert '-    "value": "10.0.0.1"' in text.stdout
    assert '+    "value": "24.239.23.40:5060"' in text.stdout
    assert 'changed: [localhost]' in text.stdout


def test_changed_value_is_written(emulator, playbook, api):
    emulator.control('POST', 'routes', {'PSTNRoute1': {'type': 'PSTN', 'value': '12065551212'}})
    result = playbook(emulator, '    - flowroute.numbers.flowroute_route: {name: PSTNRoute1, type: URI, value: "sip:a@b.example"}\n')
    assert result.rc == 0, result.output
    assert result.task(0)['changed'] is True
    assert result.task(0)['route']['value'] == 'sip:a@b.example'
    assert emulator.routes()['PSTNRoute1'] == {'type': 'URI', 'value': 'sip:a@b.example'}
    writes = api.route_writes(emulator)
    # v1 sends the create call again; v2 changes the route in place, keeping its id
    assert [(entry['method'], entry['path']) for entry in writes] == (
        [('PUT', '/v1/routes/PSTNRoute1')] if api.version == 'v1' else [('PATCH', '/v2/routes/10001')])


def test_server_refusing_a_change_fails_with_both_sides_and_its_answer(emulator, playbook, api):
    emulator.control('POST', 'routes', {'HOSTRoute1': {'type': 'HOST', 'value': '10.0.0.1'}})
    if api.version == 'v1':
        emulator.control('POST', 'settings', {'existing': 'refuse'})
        answer = 'PUT /v1/routes/HOSTRoute1 failed: HTTP 400: A route named HOSTRoute1 already exists'
    else:
        emulator.control('POST', 'faults', {'method': 'PATCH', 'count': 1, 'status': 422,
                                            'body': {'errors': [{'status': 422, 'title': 'Unprocessable Entity',
                                                                 'detail': 'route is locked'}]}})
        answer = 'PATCH /v2/routes/10001 failed: HTTP 422: Unprocessable Entity - route is locked'
    result = playbook(emulator, '    - flowroute.numbers.flowroute_route: {name: HOSTRoute1, type: HOST, value: "10.0.0.2"}\n')
    assert result.rc != 0
    task = result.task(0)
    assert task['failed'] is True and task['changed'] is False
    # over v1, whose refusal is the API's own limit, the message says what can do it
    can = ' (api_version v2 changes a route in place)' if api.version == 'v1' else ''
    assert task['msg'] == ("route HOSTRoute1 is HOST '10.0.0.1'; the API refused to change it to HOST '10.0.0.2'"
                           "{0}: {1}".format(can, answer))
    assert emulator.routes()['HOSTRoute1']['value'] == '10.0.0.1'


def test_route_found_on_a_later_page(emulator, playbook, api):
    seeded = dict(('Seed{0:04d}'.format(i), {'type': 'PSTN', 'value': '1206555{0:04d}'.format(i)}) for i in range(450))
    emulator.control('POST', 'routes', seeded)
    result = playbook(emulator, '    - flowroute.numbers.flowroute_route: {name: Seed0420, type: PSTN, value: "12065550420"}\n')
    assert result.rc == 0, result.output
    assert result.task(0)['changed'] is False
    assert [entry['path'] for entry in emulator.requests()] == api.route_list(3)


def test_credentials_from_environment(emulator, playbook, api):
    env = {'FLOWROUTE_ACCESS_KEY': ACCESS_KEY, 'FLOWROUTE_SECRET_KEY': SECRET_KEY, 'FLOWROUTE_API_URL': emulator.url,
           'FLOWROUTE_API_VERSION': api.version}
    result = playbook(emulator, '    - flowroute.numbers.flowroute_route: {name: EnvRoute, type: HOST, value: "pbx.example.com"}\n',
                      env=env, defaults=False)
    assert result.rc == 0, result.output
    assert result.task(0)['changed'] is True
    assert emulator.routes()['EnvRoute'] == {'type': 'HOST', 'value': 'pbx.example.com'}
    assert emulator.requests()[0]['path'] == api.route_list(1)[0]


def test_module_defaults_action_group_sets_credentials_for_every_task(emulator, playbook):
    result = playbook(emulator, THREE_ROUTES)   # the only credentials are in module_defaults: group/...
    assert result.rc == 0, result.output
    statuses = [entry['status'] for entry in emulator.requests()]
    # a read and a create per task, and over v2 the alias read back after each create
    assert len(statuses) == (6 if emulator.api_version == 'v1' else 9) and set(statuses) <= {200, 201}


@pytest.mark.subset
def test_wrong_secret_fails_clearly_without_showing_it(emulator, playbook, api):
    wrong = 'deadbeefdeadbeefdeadbeefdeadbeef'
    result = playbook(emulator, '    - flowroute.numbers.flowroute_route: {name: R1, type: HOST, value: "1.2.3.4"}\n',
                      '-vvvv', secret=wrong)
    assert result.rc != 0
    task = result.task(0)
    assert task['msg'].startswith('could not read the routes to check route R1: GET {0} failed: HTTP 401'.format(
        api.route_list(1)[0]))
    assert 'secret_key' in task['msg'] and task['status'] == 401
    assert wrong not in result.output
    assert [entry['status'] for entry in emulator.requests()] == [401]


INVALID = [
    ('name: "my/route"', 'name: '),
    ('name: sip-reg', 'built-in route'),
    ('name: "../etc"', 'name: '),
    ('name: R1\n        type: SIP', 'type: must be one of HOST, PSTN or URI'),
    ('name: R1\n        type: HOST\n        value: "256.1.1.1:5060"', 'value: a HOST route'),
    ('name: R1\n        type: PSTN\n        value: "1 800 236 4455"', 'value: a PSTN route'),
    ('name: R1\n        type: URI\n        value: "sip:user@host;transport=sctp"', 'value: the only parameter'),
]


def test_invalid_inputs_fail_before_any_request(emulator, playbook):
    tasks = ''
    for args, dummy in INVALID:
        if 'type:' not in args:
            args += '\n        type: HOST'
        if 'value:' not in args:
            args += '\n        value: "1.2.3.4"'
        tasks += '    - flowroute.numbers.flowroute_route:\n        {0}\n      ignore_errors: true\n'.format(args)
    result = playbook(emulator, tasks)
    assert result.rc == 0, result.output
    assert len(result.tasks()) == len(INVALID)
    for task, (args, expected) in zip(result.tasks(), INVALID):
        assert task['failed'] is True, args
        assert expected in task['msg'], task['msg']
        assert task['status'] is None
    assert emulator.requests() == []


@pytest.mark.subset
def test_adhoc_command_creates_then_reports_ok(emulator, adhoc, api):
    args = 'name=PSTNRoute1 type=PSTN value=18002364455'
    first = adhoc(emulator, args)
    assert first.rc == 0, first.output
    assert first.stdout.startswith('localhost | CHANGED')
    second = adhoc(emulator, args)
    assert second.rc == 0, second.output
    assert second.stdout.startswith('localhost | SUCCESS')
    assert '"changed": false' in second.stdout
    assert [entry['method'] for entry in api.route_writes(emulator)] == [api.create('PSTNRoute1')[0]]


def test_adhoc_with_route_name_and_route_type_aliases(emulator, adhoc):
    result = adhoc(emulator, 'route_name=HOSTRoute1 route_type=host value=24.239.23.40:5060')
    assert result.rc == 0, result.output
    assert emulator.routes()['HOSTRoute1'] == {'type': 'HOST', 'value': '24.239.23.40:5060'}


def test_unreachable_api_is_one_line_without_traceback(emulator, adhoc, api):
    result = adhoc(emulator, 'name=R1 type=HOST value=1.2.3.4 retries=0', env={'FLOWROUTE_API_URL': 'http://127.0.0.1:9'})
    assert result.rc != 0
    # the message names the host that did not answer
    assert 'GET {0} failed: no answer: connection to 127.0.0.1:9 failed:'.format(api.route_list(1)[0]) in result.stdout
    assert 'Traceback' not in result.output


def test_status_and_api_error_let_a_playbook_branch(emulator, playbook, api):
    method = api.create('R1')[0]
    emulator.control('POST', 'faults', {'method': method, 'count': 1, 'status': 422, 'body': {'error': 'Invalid value'}})
    result = playbook(emulator, '''    - flowroute.numbers.flowroute_route: {name: R1, type: HOST, value: "1.2.3.4"}
      register: attempt
      failed_when: attempt.failed and attempt.status != 422
    - ansible.builtin.assert:
        that: [attempt.status == 422, attempt.api_error == 'Invalid value', attempt.changed == false]
''')
    assert result.rc == 0, result.output
    assert result.task(0)['status'] == 422


def test_write_that_landed_before_its_answer_was_lost_succeeds(emulator, playbook, api):
    # over v1 the server refuses to rewrite an existing name; over v2 a second route with the alias
    emulator.reset(existing='refuse')
    emulator.control('POST', 'faults', {'method': api.create('R1')[0], 'count': 1, 'drop': True, 'applied': True})
    result = playbook(emulator, '    - flowroute.numbers.flowroute_route: {name: R1, type: HOST, value: "1.2.3.4"}\n')
    assert result.rc == 0, result.output
    assert result.task(0)['changed'] is True
    # over v1 the PUT is retried (the server refuses the name it already holds); over v2 a POST is never sent
    # twice blindly: the routes are read back and the route is found
    assert [entry['status'] for entry in api.route_writes(emulator)] == (
        ['201 applied, then dropped', 400] if api.version == 'v1' else ['201 applied, then dropped'])
    assert emulator.routes()['R1'] == {'type': 'HOST', 'value': '1.2.3.4'}
    assert len(emulator.control('GET', 'state')['v2_routes']) == 2


def test_a_write_answered_2xx_with_any_body_is_success(emulator, playbook, api):
    for index, body in enumerate(['', ' ', 'Created', '{"unexpected": true}']):
        emulator.control('POST', 'faults', {'method': api.create('x')[0], 'count': 1, 'applied': True, 'status': 201,
                                            'raw_body': body})
        result = playbook(emulator, '    - flowroute.numbers.flowroute_route: {{name: Body{0}, type: HOST, value: "1.2.3.4"}}\n'.format(index))
        assert result.rc == 0, (body, result.output)
        assert result.task(0)['changed'] is True
        if api.version == 'v2':     # the id comes from reading the route back when the answer does not carry it
            assert result.task(0)['route']['id'] == str(10001 + index)
