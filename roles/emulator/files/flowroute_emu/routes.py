# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Routes and PoPs: v1 section 2 (PUT and list, keyed by name) and v2 section 2 (ids, aliases, update, delete).

One store behind both versions: a route made over v1 is listed over v2 with its name as alias.
"""

import json

from .answers import ApiAnswer, v1_page, v2_error, v2_page
from .rules import ROUTE_NAME, VALUE_RULES

SIP_REG = 'sip-reg'
SIP_REG_ID = '0'
FIRST_ROUTE_ID = 10001
# route types: v1 names them upper case, v2 lower case and PSTN is "number"
V2_TYPES = {'HOST': 'host', 'PSTN': 'number', 'URI': 'uri', 'SIP-REG': 'sip-reg'}
V1_TYPES = dict((v2, v1) for v1, v2 in V2_TYPES.items())
# The PoPs: id 4 is documented; the Oregon entry is cut off in the sources, so its name here is the emulator's own.
EDGE_STRATEGIES = {
    1: {'name': 'US-West-OR', 'naptr': 'us-west-or.sip.flowroute.com', 'firewall_rules': '34.210.91.112/28',
        'description': 'Data will be sent preferentially from our edge systems in Oregon. We will fall back to '
                       'other regions if necessary.'},
    4: {'name': 'US-East-VA', 'naptr': 'us-east-va.sip.flowroute.com',
        'firewall_rules': '34.226.36.32/28, 34.226.36.32-34.226.36.47',
        'description': 'Data will be sent preferentially from our edge systems in North Virginia. We will fall back '
                       'to other regions if necessary.'},
}
# What a successful v1 PUT answers: the contract says an empty body; the seed page shows one space.
WRITE_BODIES = {
    'empty': lambda name, data: None,
    'space': lambda name, data: b' ',
    'json': lambda name, data: {'name': name, 'type': data['type'], 'value': data['value']},
}

SETTINGS = {
    'existing': ('replace', ('replace', 'refuse')),         # v1: what PUT does to a route that exists
    'refuse_status': (400, None),
    'write_body': ('empty', tuple(WRITE_BODIES)),
    'duplicate_alias': ('refuse', ('refuse', 'accept')),    # v2: may a second route take an alias in use
    # v2: which attribute sets a route's PoP (contract section 9); 'absent': route objects leave it out
    'edge_field': ('both', ('both', 'edge_strategy_id', 'edge_strategy', 'absent')),
}


# -- the store ----------------------------------------------------------------
def reset(account):
    # routes by id, in the order they were made; sip-reg is built in
    account.routes = {SIP_REG_ID: {'alias': SIP_REG, 'type': 'SIP-REG', 'value': None, 'edge': None}}
    account.next_id = FIRST_ROUTE_ID


def add_route(account, alias, route_type, value, edge=None):
    route_id = str(account.next_id)
    account.next_id += 1
    account.routes[route_id] = {'alias': alias, 'type': route_type, 'value': value, 'edge': edge}
    return route_id


def ids_of(account, alias):
    return [route_id for route_id, route in account.routes.items() if route['alias'] == alias]


def first_id(account, alias):
    ids = ids_of(account, alias)
    return ids[0] if ids else None


def v1_routes(account):
    """The v1 view: {name: {type, value}}, the first route of each alias."""
    view = {}
    for route in account.routes.values():
        view.setdefault(route['alias'], {'type': route['type'], 'value': route['value']})
    return view


def seed(account, routes):
    """{name: {type, value[, edge]}} replaces the first route of that name or adds one;
    a list of {alias, type, value[, edge]} always adds (duplicate aliases included)."""
    if isinstance(routes, dict):
        for name, route in routes.items():
            route_id = first_id(account, name)
            if route_id is None:
                add_route(account, name, route['type'], route['value'], route.get('edge'))
            else:
                account.routes[route_id].update(type=route['type'], value=route['value'], edge=route.get('edge'))
    else:
        for route in routes:
            add_route(account, route.get('alias', route.get('name')), route['type'], route['value'], route.get('edge'))


def state(account):
    return {'routes': v1_routes(account),
            'v2_routes': [dict(route, id=route_id) for route_id, route in account.routes.items()]}


def seed_control(request, data):
    seed(request.account, data)
    return 200, {'count': len(request.account.routes)}


CONTROL = {('POST', 'routes'): seed_control}


# -- v1 -------------------------------------------------------------------------
def v1_list(request):
    routes = v1_routes(request.account)
    return v1_page(request, list(routes), 'routes', lambda name: dict(routes[name]), '/v1/routes/')


def v1_put(request, name):
    account = request.account
    if not ROUTE_NAME.fullmatch(name) or name == SIP_REG:
        raise ApiAnswer(400, {'error': 'Route name must be alphanumeric'})
    try:
        data = json.loads(request.body)
    except ValueError:
        raise ApiAnswer(400, {})
    if not isinstance(data, dict) or data.get('type') not in VALUE_RULES \
            or not isinstance(data.get('value'), str) or not data['value']:
        raise ApiAnswer(422, {'error': 'type must be HOST, PSTN or URI and value a non-empty string'})
    if not VALUE_RULES[data['type']](data['value']):
        raise ApiAnswer(422, {'error': 'Invalid value for route type {0}'.format(data['type'])})
    route_id = first_id(account, name)
    if route_id is not None and account.settings['existing'] == 'refuse':
        raise ApiAnswer(account.settings['refuse_status'], {'error': 'A route named {0} already exists'.format(name)})
    if route_id is None:
        add_route(account, name, data['type'], data['value'])
    else:
        account.routes[route_id].update(type=data['type'], value=data['value'])
    return 201, WRITE_BODIES[account.settings['write_body']](name, data)


# -- v2 -------------------------------------------------------------------------
def route_json(request, route_id):
    route = request.account.routes[route_id]
    attributes = {'alias': route['alias'], 'route_type': V2_TYPES[route['type']], 'value': route['value']}
    if request.account.settings['edge_field'] != 'absent':
        attributes['edge_strategy_id'] = route['edge']      # every documented read shows the integer field
    return {'attributes': attributes, 'id': route_id,
            'links': {'self': request.base_url + '/v2/routes/' + route_id}, 'type': 'route'}


def v2_list(request):
    route_type = request.params.get('route_type')
    if route_type is not None and route_type not in V1_TYPES:
        raise v2_error(400, 'Bad Request', 'route_type must be sip-reg, host, uri or number')
    ids = [route_id for route_id, route in request.account.routes.items()
           if route_type is None or V2_TYPES[route['type']] == route_type]
    filters = [('route_type', route_type)] if route_type else []
    return v2_page(request, ids, lambda route_id: route_json(request, route_id), '/v2/routes', filters)


def honoured_edge_fields(account):
    """The attributes that set a route's PoP (contract section 9: accept both, unless a switch models a server
    that honours one and silently ignores the other, as unknown attributes are)."""
    setting = account.settings['edge_field']
    return ('edge_strategy_id', 'edge_strategy') if setting in ('both', 'absent') else (setting,)


def edge_of(account, attributes, current=None):
    """The edge strategy the attributes name (the integer field first), or ``current`` when they name none."""
    for field in honoured_edge_fields(account):
        if attributes.get(field) is None:
            continue
        raw = attributes[field]
        if field == 'edge_strategy_id' and not (isinstance(raw, int) and not isinstance(raw, bool)):
            raise v2_error(422, 'Unprocessable Entity', 'edge_strategy_id must be an integer')
        if field == 'edge_strategy' and not (isinstance(raw, str) and raw.isdigit()):
            raise v2_error(422, 'Unprocessable Entity', 'edge_strategy must be a string of digits')
        if int(raw) not in EDGE_STRATEGIES:
            raise v2_error(422, 'Unprocessable Entity', 'unknown edge strategy {0}'.format(raw))
        return int(raw)
    return current


def check_route(account, alias, route_type, value, route_id=None):
    if not isinstance(alias, str) or not alias.strip() or len(alias) > 255:
        raise v2_error(422, 'Unprocessable Entity', 'alias must be a non-empty string')
    if route_type not in ('host', 'number', 'uri'):
        raise v2_error(422, 'Unprocessable Entity', 'route_type must be host, number or uri')
    if not isinstance(value, str) or not VALUE_RULES[V1_TYPES[route_type]](value):
        raise v2_error(422, 'Unprocessable Entity', 'Invalid value for route type {0}'.format(route_type))
    others = [other for other in ids_of(account, alias) if other != route_id]
    if others and account.settings['duplicate_alias'] == 'refuse':
        raise v2_error(422, 'Unprocessable Entity', 'alias {0} is already used by route {1}'.format(alias, others[0]))


def route_answer(request, route_id, status):
    return status, {'data': route_json(request, route_id), 'links': {'self': request.base_url + '/v2/routes/' + route_id}}


def v2_create(request):
    data = request.json().get('data')
    if not isinstance(data, dict) or data.get('type') != 'route' or not isinstance(data.get('attributes'), dict):
        raise v2_error(400, 'Bad Request', 'body must be {"data": {"type": "route", "attributes": {...}}}')
    attributes = data['attributes']
    check_route(request.account, attributes.get('alias'), attributes.get('route_type'), attributes.get('value'))
    edge = edge_of(request.account, attributes)
    route_id = add_route(request.account, attributes['alias'], V1_TYPES[attributes['route_type']],
                         attributes['value'], edge)
    return route_answer(request, route_id, 201)


def changeable(request, route_id):
    if route_id not in request.account.routes:
        raise v2_error(404, 'Not Found', 'Could not find that resource on your account.')
    if route_id == SIP_REG_ID:
        raise v2_error(403, 'Forbidden', 'The sip-reg route cannot be changed or deleted.')
    return request.account.routes[route_id]


def v2_update(request, route_id):
    route = changeable(request, route_id)
    data = request.json().get('data')
    if not isinstance(data, dict) or data.get('type') != 'route' or not isinstance(data.get('attributes', {}), dict):
        raise v2_error(400, 'Bad Request', 'body must be {"data": {"type": "route", "attributes": {...}}}')
    if 'id' in data and str(data['id']) != route_id:
        raise v2_error(409, 'Conflict', 'data.id {0} is not the route {1} of the path'.format(data['id'], route_id))
    attributes = data.get('attributes', {})
    merged = {'alias': attributes.get('alias', route['alias']),
              'route_type': attributes.get('route_type', V2_TYPES[route['type']]),
              'value': attributes.get('value', route['value'])}
    check_route(request.account, merged['alias'], merged['route_type'], merged['value'], route_id)
    edge = edge_of(request.account, attributes, route['edge'])
    route.update(alias=merged['alias'], type=V1_TYPES[merged['route_type']], value=merged['value'], edge=edge)
    return route_answer(request, route_id, 200)


def users_of(account, route_id):
    return [number for number, tn in account.tns.items() if route_id in (tn['primary_route'], tn['failover_route'])]


def v2_delete(request, route_id):
    changeable(request, route_id)
    if users_of(request.account, route_id):
        raise v2_error(403, 'This Route has numbers still associated to it.',
                       'Please disassociate all numbers before deleting.', '7fc8c70a-ca58-430c-b383-b89df84f8083')
    del request.account.routes[route_id]
    return 204, None


def v2_edge_strategies(request):
    return 200, {'data': [{'attributes': dict(strategy), 'id': strategy_id, 'type': 'edge_strategy'}
                          for strategy_id, strategy in sorted(EDGE_STRATEGIES.items())]}


ENDPOINTS = [
    ('GET', r'/v1/routes/', v1_list),
    ('PUT', r'/v1/routes/([^/?]*)', v1_put),
    ('GET', r'/v2/routes', v2_list),
    ('POST', r'/v2/routes', v2_create),
    ('GET', r'/v2/routes/edge_strategies', v2_edge_strategies),
    ('PATCH', r'/v2/routes/((?!edge_strategies$)[^/]+)', v2_update),
    # the page writes DELETE /routes/:id/, its example has no trailing slash: both
    ('DELETE', r'/v2/routes/((?!edge_strategies/?$)[^/]+)/?', v2_delete),
]
