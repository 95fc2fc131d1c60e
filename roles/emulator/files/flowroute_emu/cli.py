# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's command line: switches for what the contracts leave open, seeds, TLS, and running as a daemon."""

import argparse
import json
import os

from . import purchase, routes
from .core import Account, make_server, setting_defaults, settings_problem, tls_context

DESCRIPTION = 'A local, strict emulator of the Flowroute Numbers API, v1 and v2 on one port (standard library only).'


def daemonize(log_file, build_server, port_file=None):
    """Fork a detached emulator; this process prints {"pid", "port"} (or {"error"}) once it listens, and exits."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid > 0:
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            report = pipe.read()
        try:
            answer = json.loads(report)
        except ValueError:
            answer = {'error': 'the emulator stopped before it listened; see {0}'.format(log_file)}
        print(json.dumps(answer), flush=True)
        return 1 if 'error' in answer else 0
    os.close(read_end)
    os.setsid()                      # its own session: it outlives whoever started it
    with open(os.devnull) as null:
        os.dup2(null.fileno(), 0)
    with open(log_file, 'ab') as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    with os.fdopen(write_end, 'w') as pipe:
        try:
            server = build_server()
        except Exception as exc:  # pylint: disable=broad-except
            pipe.write(json.dumps({'error': '{0}: {1}'.format(type(exc).__name__, exc)}))
            pipe.flush()
            os._exit(1)
        port = server.server_address[1]
        if port_file:
            with open(port_file, 'w') as handle:
                handle.write(str(port))
        pipe.write(json.dumps({'pid': os.getpid(), 'port': port}))
    print('flowroute-emulator listening on port {0}'.format(port), flush=True)
    server.serve_forever()
    os._exit(0)


def parser():
    choices = dict((key, list(options)) for key, (dummy, options) in setting_defaults().items() if options)
    args = argparse.ArgumentParser(description=DESCRIPTION)
    args.add_argument('--host', default='127.0.0.1')
    args.add_argument('--port', type=int, default=8557, help='0 picks a free port')
    args.add_argument('--access-key', default='12345678')
    args.add_argument('--secret-key', default='0123456789abcdef0123456789abcdef')
    args.add_argument('--existing', choices=choices['existing'], default='replace',
                      help='v1: what PUT does to a route that exists already')
    args.add_argument('--refuse-status', type=int, default=400)
    args.add_argument('--window', type=int, default=300, help='v1: accepted clock skew, seconds')
    args.add_argument('--clock', help='v1: pretend the time is this X-Timestamp, e.g. 2026-11-27T04:04:18Z')
    args.add_argument('--latency-ms', type=float, default=0, help='added to every API request')
    args.add_argument('--write-body', choices=choices['write_body'], default='empty',
                      help='v1: what a successful PUT answers with a 201: nothing, one space, or JSON')
    args.add_argument('--patch-status', type=int, choices=choices['patch_status'], default=204)
    args.add_argument('--last-page', choices=choices['last_page'], default='no-next',
                      help='how a list marks its last page: no next link, a full last page linking to an '
                           'empty one, or "next": null')
    args.add_argument('--duplicate-alias', choices=choices['duplicate_alias'], default='refuse',
                      help='v2: whether a second route may take an alias that is in use')
    args.add_argument('--edge-field', choices=choices['edge_field'], default='both',
                      help='v2: which route attribute sets the edge strategy: both (edge_strategy_id, an integer, or '
                           'edge_strategy, a string), only one of them (the other silently ignored), or both with '
                           'route objects that leave the attribute out (absent); reads show edge_strategy_id')
    args.add_argument('--rate-limit', type=float, default=0,
                      help='API requests a second; beyond it, 429 with Retry-After (a bucket of one second\'s '
                           'requests); 0 for no limit')
    args.add_argument('--burst', type=int, default=0, help='the first N API requests answer 429 (Retry-After: 1)')
    args.add_argument('--seed-routes', type=int, default=0, help='start with this many routes')
    args.add_argument('--seed-file', help='JSON {"routes": ..., "numbers": ...} as the /_emulator/ seeding takes them')
    args.add_argument('--seed-numbers', default='', help='comma-separated numbers on the account (fresh: primary '
                                                         'sip-reg, no failover)')
    args.add_argument('--tls', action='store_true', help='serve https with a certificate from a throwaway CA '
                      '(needs the trustme package)')
    args.add_argument('--ca-file', help='with --tls: write the CA certificate here (PEM)')
    args.add_argument('--port-file', help='write the port here once listening')
    args.add_argument('--daemon', action='store_true',
                      help='run in the background, detached; print {"pid", "port"} as JSON once listening, then exit')
    args.add_argument('--log-file', default=os.devnull, help='with --daemon: where the emulator\'s output goes')
    args.add_argument('--config', help='JSON file with any of host, port, access_key, secret_key, settings '
                                       '(the switches above, by their setting names), routes, numbers, tls, ca_file; '
                                       'it wins over the command line and keeps the secret key off it')
    return args


def main(argv=None):
    command_line = parser()
    args = command_line.parse_args(argv)
    config = {}
    if args.config:
        with open(args.config) as handle:
            config = json.load(handle)
        for key in ('host', 'port', 'access_key', 'secret_key', 'tls', 'ca_file'):
            if config.get(key) is not None:
                setattr(args, key, config[key])
        settings = dict(config.get('settings') or {})
        if 'latency_ms' in settings:
            args.latency_ms = settings.pop('latency_ms')
        problem = settings_problem(settings)
        if problem:
            command_line.error('--config: ' + problem)
        for key, value in settings.items():
            setattr(args, key, value)
    if args.tls and not args.ca_file:
        command_line.error('--tls needs --ca-file')

    account = Account(args.access_key, args.secret_key, existing=args.existing, refuse_status=args.refuse_status,
                      window=args.window, clock=args.clock, latency=args.latency_ms / 1000.0,
                      write_body=args.write_body, patch_status=args.patch_status, last_page=args.last_page,
                      duplicate_alias=args.duplicate_alias, edge_field=args.edge_field, rate_limit=args.rate_limit)
    for key in ('e911_in_use_status', 'ungeocodable', 'balance', 'purchase_status', 'cnam_path', 'cnam_approval_delay'):
        if config.get('settings', {}).get(key) is not None:
            account.settings[key] = config['settings'][key]
    if args.burst:
        account.faults.append({'count': args.burst, 'status': 429, 'retry_after': 1,
                               'body': {'errors': [{'status': 429, 'title': 'Too Many Requests'}]}})
    for index in range(args.seed_routes):
        routes.add_route(account, 'SeedRoute{0:05d}'.format(index), 'HOST', '192.0.2.{0}'.format(index % 250 + 1))
    try:
        if args.seed_file:
            with open(args.seed_file) as handle:
                seed = json.load(handle)
            account.seed_routes(seed.get('routes') or {})
            account.seed_numbers(seed.get('numbers') or {})
        account.seed_routes(config.get('routes') or [])
        account.seed_numbers(config.get('numbers') or {})
        purchase.add_available(account, config.get('available') or [])
        account.seed_numbers(dict((number, None) for number in args.seed_numbers.split(',') if number))
    except ValueError as exc:
        command_line.error('seed: {0}'.format(exc))
    if args.daemon:
        return daemonize(args.log_file, lambda: make_server(args.host, args.port, account,
                                                            tls_context(args.ca_file) if args.tls else None),
                         args.port_file)
    server = make_server(args.host, args.port, account, tls_context(args.ca_file) if args.tls else None)
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file, 'w') as handle:
            handle.write(str(port))
    print('flowroute-emulator listening on {0}://{1}:{2}'.format('https' if args.tls else 'http', args.host, port),
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0
