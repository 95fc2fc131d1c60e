#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: flowroute_emulator
short_description: Start or stop the local Flowroute API emulator that ships in this collection
version_added: 0.2.0
description:
  - Starts the collection's strict emulator of the Flowroute Numbers API (v1 and v2 on one port) in the background,
    on the Python that runs this module, and waits until its port answers; or stops it and waits until its process
    is gone.
  - Meant to be used through the role C(flowroute.numbers.emulator), which copies the emulator's script to the host
    and passes the role's variables here. Nothing beyond the collection needs to be installed, except the
    C(trustme) Python package for O(tls=true).
  - Started twice with the same settings is V(ok) and never a second process; started with other settings, the
    running emulator is replaced. Stopped when not running is V(ok).
author:
  - flowroute.numbers maintainers (@flowroute-numbers)
attributes:
  check_mode:
    description: Reports what would change and starts or stops nothing.
    support: full
  diff_mode:
    description: Nothing to show.
    support: none
options:
  state:
    description: Whether the emulator should be running.
    type: str
    choices: [started, stopped]
    default: started
  state_dir:
    description:
      - Directory of this emulator's files (its configuration, process id, log, and CA certificate with O(tls)).
        One directory, one emulator.
    type: path
    required: true
  script:
    description:
      - Path of the emulator's script on the host; the package C(flowroute_emu) must be beside it (the role copies
        both there). Required with O(state=started).
    type: path
  port:
    description: TCP port to listen on; V(0) picks a free one (see RV(port)).
    type: int
    default: 8557
  bind:
    description:
      - Address to listen on. Any address but a loopback one gives a warning, as the emulator has no real security.
    type: str
    default: 127.0.0.1
  access_key:
    description: The access key the emulator accepts.
    type: str
    default: '12345678'
  secret_key:
    description: The secret key the emulator accepts.
    type: str
    default: 0123456789abcdef0123456789abcdef
  routes:
    description: Routes the account starts with, each C({name, type, value}) and optionally C(edge_strategy) (an id).
    type: list
    elements: dict
    default: []
  numbers:
    description:
      - Phone numbers the account starts with. Each is a number (routed to V(sip-reg)), or
        C({number, primary_route, failover_route}) naming routes by name.
    type: list
    elements: raw
    default: []
  settings:
    description: The emulator's switches for what the API's documentation leaves open.
    type: dict
    default: {}
    suboptions:
      existing:
        description: v1 - what C(PUT) does to a route that exists already.
        type: str
        choices: [replace, refuse]
      write_body:
        description: v1 - what a successful C(PUT) answers with its 201.
        type: str
        choices: [empty, space, json]
      patch_status:
        description: v1 - the status of a successful number C(PATCH).
        type: int
        choices: [200, 204]
      last_page:
        description: How a list marks its last page.
        type: str
        choices: [no-next, next-to-empty, next-null]
      duplicate_alias:
        description: v2 - whether a second route may take an alias in use.
        type: str
        choices: [refuse, accept]
      edge_field:
        description:
          - v2 - which route attribute sets a route's edge strategy. V(both) (the default) honours the integer
            C(edge_strategy_id) and the string C(edge_strategy), as the contract asks; V(edge_strategy_id) or
            V(edge_strategy) models a server that honours only that one and silently ignores the other; V(absent)
            honours both and leaves the attribute out of route objects. Reads show C(edge_strategy_id) otherwise.
        type: str
        choices: [both, edge_strategy_id, edge_strategy, absent]
      latency_ms:
        description: Milliseconds added to every API request.
        type: float
      rate_limit:
        description:
          - API requests a second the emulator answers; beyond that it answers 429 with C(Retry-After), as a
            rate-limited API does (a bucket that holds one second of requests). V(0) for no limit.
        type: float
        version_added: 0.3.0
      e911_in_use_status:
        description: v2 - the status of the refusal to delete an E911 address that numbers still use (undocumented).
        type: int
        choices: [403, 409]
        version_added: 0.3.0
      ungeocodable:
        description:
          - v2 - an E911 address whose street name contains this (any case) cannot be geocoded, and is refused with
            the API's 400; an empty string geocodes every address.
        type: str
        version_added: 0.3.0
      balance:
        description: v2 - money left on the account; a purchase whose setup cost is above it answers 403 (insufficient
          funds). Not set, no limit.
        type: float
        version_added: 0.3.0
      purchase_status:
        description: v2 - the status of a successful purchase, V(201) as documented or V(200) as two SDK READMEs show.
        type: int
        choices: [200, 201]
        version_added: 0.3.0
      cnam_path:
        description: v2 - which of the disputed CNAM assignment paths exists, V(cnams) (the docs) or V(cnam) (four SDKs).
        type: str
        choices: [cnams, cnam]
        version_added: 0.3.0
      cnam_approval_delay:
        description: v2 - seconds after which a new CNAM record approves itself; not set, only a control call approves it.
        type: float
        version_added: 0.3.0
  available:
    description:
      - v2 - numbers the account can buy, each C({number, setup_cost, monthly_cost}) and optionally C(rate_center),
        C(state), C(number_type) (V(standard) or V(toll-free)).
    type: list
    elements: dict
    default: []
    version_added: 0.3.0
  tls:
    description: Serve https with a certificate from a throwaway CA made at start (needs the C(trustme) package).
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait for the port to answer, or for the process to end.
    type: float
    default: 20
seealso:
  - name: Test your playbooks without a Flowroute account
    description: The guide to the role C(flowroute.numbers.emulator).
    link: https://github.com/flowroute-numbers/flowroute.numbers/tree/main/docs/docsite/rst/guide_testing.rst
'''

EXAMPLES = r'''
- name: Start the emulator (the role flowroute.numbers.emulator does this for you)
  flowroute.numbers.flowroute_emulator:
    script: ~/.cache/flowroute-emulator/8557/flowroute_emulator.py
    state_dir: ~/.cache/flowroute-emulator/8557
    routes:
      - {name: HOSTRoute1, type: HOST, value: "24.239.23.40:5060"}
    numbers: ["12065551234"]
  register: emulator

- name: Stop it
  flowroute.numbers.flowroute_emulator:
    state: stopped
    state_dir: ~/.cache/flowroute-emulator/8557
'''

RETURN = r'''
api_url:
  description: Where the emulator answers, for the modules' O(flowroute.numbers.flowroute_route#module:api_url).
  returned: state is started
  type: str
  sample: http://127.0.0.1:8557
port:
  description: The port it listens on.
  returned: state is started
  type: int
  sample: 8557
pid:
  description: Its process id.
  returned: state is started and not in check mode
  type: int
  sample: 4242
ca_file:
  description: With O(tls=true), the CA certificate that signed its certificate, for the modules' O(flowroute.numbers.flowroute_route#module:ca_path).
  returned: state is started and tls is true
  type: str
  sample: /home/user/.cache/flowroute-emulator/8557/ca.pem
log_file:
  description: Where its output goes.
  returned: state is started
  type: str
  sample: /home/user/.cache/flowroute-emulator/8557/emulator.log
'''

import hashlib
import json
import os
import signal
import socket
import sys
import time

from ansible.module_utils.basic import AnsibleModule

LOOPBACK = ('127.0.0.1', 'localhost', '::1')


def alive(pid, script):
    """Whether pid is a running emulator started from script (not a reused process id)."""
    try:
        os.kill(pid, 0)
    except (OSError, TypeError):
        return False
    cmdline = '/proc/{0}/cmdline'.format(pid)
    if os.path.exists(cmdline):
        with open(cmdline, 'rb') as handle:
            return script.encode() in handle.read()
    return True


def answers(host, port):
    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        return False
    return True


def running(state_file):
    """The recorded state of a live emulator of this directory, or None."""
    try:
        with open(state_file) as handle:
            state = json.load(handle)
    except (OSError, ValueError):
        return None
    return state if alive(state.get('pid'), state.get('script', '')) else None


def stop(state, timeout):
    os.kill(state['pid'], signal.SIGTERM)
    deadline = time.time() + timeout
    while alive(state['pid'], state['script']):
        if time.time() > deadline:
            os.kill(state['pid'], signal.SIGKILL)
        time.sleep(0.05)


def emulator_config(params, state_dir):
    """What the emulator is started with: its --config file's content."""
    routes = [{'alias': route.get('name'), 'type': str(route.get('type', '')).upper(), 'value': route.get('value'),
               'edge': route.get('edge_strategy') and int(route['edge_strategy'])} for route in params['routes']]
    numbers = {}
    for item in params['numbers']:
        if isinstance(item, dict):
            numbers[str(item['number'])] = {'routes': [item.get('primary_route') or 'sip-reg', item.get('failover_route')]}
        else:
            numbers[str(item)] = None
    settings = dict((key, value) for key, value in params['settings'].items() if value is not None)
    return {'host': params['bind'], 'port': params['port'], 'access_key': params['access_key'],
            'secret_key': params['secret_key'], 'settings': settings, 'routes': routes, 'numbers': numbers,
            'available': params['available'],
            'tls': params['tls'], 'ca_file': os.path.join(state_dir, 'ca.pem') if params['tls'] else None}


def seed_problem(params):
    """Why the routes and numbers to start with cannot be seeded (naming the role variable and the item), or None."""
    names = set(['sip-reg'])
    for index, route in enumerate(params['routes']):
        missing = [key for key in ('name', 'type', 'value') if not route.get(key)]
        if missing:
            return 'routes[{0}] (emulator_routes in the role): {1} has no {2}'.format(index, route, ', '.join(missing))
        names.add(str(route['name']))
    for index, item in enumerate(params['numbers']):
        if not isinstance(item, dict):
            continue
        if not item.get('number'):
            return 'numbers[{0}] (emulator_numbers in the role): {1} has no number'.format(index, item)
        for slot in ('primary_route', 'failover_route'):
            if item.get(slot) and item[slot] not in names:
                return ('numbers[{0}] (emulator_numbers in the role): the {1} {2} of number {3} is not one of the routes '
                        'the emulator starts with (emulator_routes: {4}) nor sip-reg'.format(
                            index, slot, item[slot], item['number'],
                            ', '.join(sorted(names - set(['sip-reg']))) or 'none'))
    return None


def fingerprint(config, script):
    """What tells one emulator setup from another, without keeping the secret key in the state file."""
    return hashlib.sha256(json.dumps([config, script], sort_keys=True).encode()).hexdigest()


def main():
    module = AnsibleModule(argument_spec=dict(
        state=dict(type='str', default='started', choices=['started', 'stopped']),
        state_dir=dict(type='path', required=True),
        script=dict(type='path'),
        port=dict(type='int', default=8557),
        bind=dict(type='str', default='127.0.0.1'),
        access_key=dict(type='str', default='12345678', no_log=False),
        secret_key=dict(type='str', default='0123456789abcdef0123456789abcdef', no_log=True),
        routes=dict(type='list', elements='dict', default=[]),
        numbers=dict(type='list', elements='raw', default=[]),
        available=dict(type='list', elements='dict', default=[]),
        settings=dict(type='dict', default={}, options=dict(
            existing=dict(type='str', choices=['replace', 'refuse']),
            write_body=dict(type='str', choices=['empty', 'space', 'json']),
            patch_status=dict(type='int', choices=[200, 204]),
            last_page=dict(type='str', choices=['no-next', 'next-to-empty', 'next-null']),
            duplicate_alias=dict(type='str', choices=['refuse', 'accept']),
            edge_field=dict(type='str', choices=['both', 'edge_strategy_id', 'edge_strategy', 'absent']),
            latency_ms=dict(type='float'),
            rate_limit=dict(type='float'),
            e911_in_use_status=dict(type='int', choices=[403, 409]),
            ungeocodable=dict(type='str'),
            balance=dict(type='float'),
            purchase_status=dict(type='int', choices=[200, 201]),
            cnam_path=dict(type='str', choices=['cnams', 'cnam']),
            cnam_approval_delay=dict(type='float'),
        )),
        tls=dict(type='bool', default=False),
        wait_timeout=dict(type='float', default=20),
    ), required_if=[('state', 'started', ('script',))], supports_check_mode=True)
    params = module.params
    state_dir = params['state_dir']
    state_file = os.path.join(state_dir, 'emulator.json')
    current = running(state_file)

    if params['state'] == 'stopped':
        if current is not None and not module.check_mode:
            stop(current, params['wait_timeout'])
            os.unlink(state_file)
        module.exit_json(changed=current is not None)

    if params['bind'] not in LOOPBACK:
        module.warn('the emulator listens on {0}: anyone who can reach that address can use it with the keys it was '
                    'given; it has no real security, so use it only for tests'.format(params['bind']))
    problem = seed_problem(params)
    if problem:
        module.fail_json(msg=problem)
    config = emulator_config(params, state_dir)
    scheme = 'https' if params['tls'] else 'http'
    connect_host = '127.0.0.1' if params['bind'] in ('0.0.0.0', '::', '') else params['bind']
    log_file = os.path.join(state_dir, 'emulator.log')
    result = dict(log_file=log_file)
    if params['tls']:
        result['ca_file'] = config['ca_file']
    if current is not None and current.get('fingerprint') == fingerprint(config, params['script']) \
            and answers(connect_host, current['port']):
        module.exit_json(changed=False, api_url=current['api_url'], port=current['port'], pid=current['pid'], **result)
    if module.check_mode:
        module.exit_json(changed=True, port=params['port'], api_url='{0}://{1}:{2}'.format(
            scheme, connect_host if ':' not in connect_host else '[{0}]'.format(connect_host), params['port']), **result)
    if current is not None:
        stop(current, params['wait_timeout'])
    if not os.path.isdir(state_dir):
        os.makedirs(state_dir, 0o700)
    config_file = os.path.join(state_dir, 'config.json')
    with os.fdopen(os.open(config_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 'w') as handle:
        json.dump(config, handle)
    # the emulator detaches itself and reports once it listens, so this is a command that completes
    rc, out, err = module.run_command([sys.executable, params['script'], '--config', config_file, '--daemon',
                                       '--log-file', log_file])
    lines = (out + err).strip().splitlines()
    try:
        started = json.loads(lines[-1])
    except (IndexError, ValueError):
        started = {}
    if rc != 0 or 'pid' not in started:
        module.fail_json(msg='the emulator exited at start (code {0}): {1}'.format(
            rc, started.get('error') or (lines[-1] if lines else 'no output')), **result)
    pid, port = started['pid'], started['port']
    deadline = time.time() + params['wait_timeout']
    while not answers(connect_host, port):
        if time.time() > deadline:
            module.fail_json(msg='the emulator did not answer on port {0} within {1} seconds'.format(
                port, params['wait_timeout']), **result)
        time.sleep(0.05)
    api_url = '{0}://{1}:{2}'.format(scheme, connect_host if ':' not in connect_host else '[{0}]'.format(connect_host), port)
    with open(state_file, 'w') as handle:
        json.dump({'pid': pid, 'port': port, 'api_url': api_url, 'script': params['script'],
                   'fingerprint': fingerprint(config, params['script'])}, handle)
    module.exit_json(changed=True, api_url=api_url, port=port, pid=pid, **result)


if __name__ == '__main__':
    main()
