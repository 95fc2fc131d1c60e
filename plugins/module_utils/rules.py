# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Input rules and canonical forms: pure functions, no I/O.

Each ``check_*`` function returns the value to send, normalised, or raises
``InvalidInput`` whose text names the option and says what to fix.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

ROUTE_TYPES = ('HOST', 'PSTN', 'URI')
SLOTS = ('primary_route', 'failover_route')
RESERVED_ROUTE_NAMES = ('sip-reg',)

_ROUTE_NAME = re.compile(r'[A-Za-z0-9]+')
_ALIAS = re.compile(r'[A-Za-z0-9 ._-]{1,64}')
_DIGITS = re.compile(r'[0-9]+')
_E164 = re.compile(r'[1-9][0-9]{6,14}')
_HOST_LABEL = re.compile(r'[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?')
# RFC 3261 "user" restricted to characters that need no quoting anywhere:
# unreserved marks and %XX escapes; no quotes, spaces, ';' or '@'.
_SIP_USER = re.compile(r"(?:[A-Za-z0-9\-_.!~*()&=+$,]|%[0-9A-Fa-f]{2})+")
_SIP_URI = re.compile(
    r'(?P<scheme>[^:]*):(?P<user>[^@]*)@(?P<hostport>[^;]*)(?:;(?P<params>.*))?',
    re.DOTALL)
_TRANSPORTS = ('udp', 'tcp', 'tls')


class InvalidInput(ValueError):
    """A module option whose value the API would not accept; the text says which and why."""

    def __init__(self, option, problem):
        self.option = option
        self.problem = problem
        super(InvalidInput, self).__init__('{0}: {1}'.format(option, problem))


def _show(value):
    """Quote a user value for an error message: control characters escaped, never raw."""
    return repr(value)


def check_route_name(name, option='name', version='v1'):
    """Return a valid route name: v1 letters and digits only; a v2 alias may also have spaces, dots, dashes, underscores."""
    if not isinstance(name, str) or name == '':
        raise InvalidInput(option, 'a route name is required (letters and digits only, e.g. HOSTRoute1)')
    if name.lower() in RESERVED_ROUTE_NAMES:
        raise InvalidInput(option, '{0} is the built-in route and cannot be created or changed'.format(_show(name)))
    if version == 'v2':
        if not _ALIAS.fullmatch(name) or not name.isascii() or name != name.strip():
            raise InvalidInput(
                option, 'a route alias is 1 to 64 letters A-Z, a-z, digits, spaces, dots, dashes or underscores, '
                        'not starting or ending with a space, got {0}'.format(_show(name)))
        return name
    if not _ROUTE_NAME.fullmatch(name) or not name.isascii():
        v2_can = _ALIAS.fullmatch(name) and name.isascii() and name == name.strip()
        raise InvalidInput(
            option, 'must contain only the letters A-Z, a-z and the digits 0-9 '
                    '(no spaces, dashes or other characters), got {0}{1}'.format(
                        _show(name), '; over api_version v2 a route\'s alias may also have spaces, dots, dashes and '
                                     'underscores' if v2_can else ''))
    return name


def check_route_type(route_type, option='type'):
    """Return the route type in upper case, accepting any case on input."""
    if isinstance(route_type, str) and route_type.upper() in ROUTE_TYPES and route_type.isascii():
        return route_type.upper()
    raise InvalidInput(option, 'must be one of HOST, PSTN or URI (any case), got {0}'.format(_show(route_type)))


def _port_problem(port):
    """Return why a port string is not 1-65535 in plain digits, or None."""
    if not _DIGITS.fullmatch(port) or not port.isascii():
        return 'port {0} is not a number'.format(_show(port))
    if not 1 <= int(port) <= 65535:
        return 'port {0} is not between 1 and 65535'.format(_show(port))
    if port.startswith('0'):
        return 'port {0} has a leading zero; write {1}'.format(_show(port), int(port))
    return None


def _host_problem(host):
    """Return why host is neither an IPv4 address nor a DNS hostname, or None."""
    if host == '':
        return 'the host is empty'
    if not host.isascii():
        return 'host {0} has characters other than letters, digits, dots and dashes'.format(_show(host))
    labels = host.split('.')
    if all(_DIGITS.fullmatch(label) for label in labels):
        # Looks numeric, so it must be a real IPv4 address, not a hostname.
        if len(labels) != 4 or any(int(label) > 255 or (len(label) > 1 and label.startswith('0')) for label in labels):
            return '{0} is not a valid IPv4 address'.format(_show(host))
        return None
    if len(host) > 253:
        return 'hostname {0} is longer than 253 characters'.format(_show(host))
    for label in labels:
        if not _HOST_LABEL.fullmatch(label):
            return ('hostname {0} is not valid: each dot-separated part must be 1-63 letters, digits '
                    'or dashes, not starting or ending with a dash'.format(_show(host)))
    if _DIGITS.fullmatch(labels[-1]):
        return 'hostname {0} ends in an all-numeric part'.format(_show(host))
    return None


def _split_host_port(hostport):
    """Split 'host[:port]'; returns (host, port or None)."""
    host, sep, port = hostport.rpartition(':')
    if not sep:
        return hostport, None
    return host, port


def _check_host_value(value, option):
    if '://' in value or value.lower().startswith(('sip:', 'sips:', 'http:', 'https:')):
        raise InvalidInput(option, 'a HOST route takes an IPv4 address or hostname with an optional :port, '
                                   'without a scheme, got {0}'.format(_show(value)))
    if value.count(':') > 1 or value.startswith('['):
        raise InvalidInput(option, 'a HOST route takes an IPv4 address or DNS hostname; IPv6 addresses '
                                   'are not supported, got {0}'.format(_show(value)))
    host, port = _split_host_port(value)
    problem = _host_problem(host) or (port is not None and _port_problem(port))
    if problem:
        raise InvalidInput(option, 'a HOST route takes an IPv4 address or DNS hostname with an optional '
                                   ':port (e.g. 24.239.23.40:5060 or sip.example.com): {0}'.format(problem))
    return value


def _e164_digits(text):
    """E.164 digits of a phone number with an optional leading +, or None if it is not one."""
    if not isinstance(text, str):
        return None
    digits = text[1:] if text.startswith('+') else text
    return digits if _E164.fullmatch(digits) and digits.isascii() else None


def _check_pstn_value(value, option):
    number = _e164_digits(value)
    if number is None:
        raise InvalidInput(option, 'a PSTN route takes an E.164 number: 7 to 15 digits, not starting with 0, '
                                   'no spaces or dashes, e.g. 16476998778 (a leading + is allowed), '
                                   'got {0}'.format(_show(value)))
    return number


def _check_uri_value(value, option):
    example = 'e.g. sip:16476998778@215.122.69.152:5060;transport=tcp'
    match = _SIP_URI.fullmatch(value)
    if not match or match.group('scheme') not in ('sip', 'sips'):
        raise InvalidInput(option, 'a URI route takes sip: or sips: followed by user@host[:port]'
                                   '[;transport=udp|tcp|tls], {0}; got {1}'.format(example, _show(value)))
    user = match.group('user')
    if not _SIP_USER.fullmatch(user) or not user.isascii():
        raise InvalidInput(option, 'the user part before @ must be non-empty letters, digits or '
                                   "-_.!~*()&=+$, (%XX escapes allowed), {0}; got {1}".format(example, _show(value)))
    host, port = _split_host_port(match.group('hostport'))
    problem = _host_problem(host) or (port is not None and _port_problem(port))
    if problem:
        raise InvalidInput(option, 'the host part after @ is not valid: {0}; {1}'.format(problem, example))
    params = match.group('params')
    if params is not None:
        key, sep, transport = params.partition('=')
        if key != 'transport' or not sep or transport not in _TRANSPORTS:
            raise InvalidInput(option, 'the only parameter allowed after the host is ;transport=udp, '
                                       ';transport=tcp or ;transport=tls, got {0}'.format(_show(';' + params)))
    return value


_VALUE_CHECKS = {'HOST': _check_host_value, 'PSTN': _check_pstn_value, 'URI': _check_uri_value}


def check_route_value(route_type, value, option='value'):
    """Return the value to send for a route of an already checked type (PSTN loses a leading +)."""
    if not isinstance(value, str) or value == '':
        raise InvalidInput(option, 'a value is required for a {0} route'.format(route_type))
    if value != value.strip():
        raise InvalidInput(option, 'has leading or trailing white space: {0}'.format(_show(value)))
    return _VALUE_CHECKS[route_type](value, option)


def check_route(name, route_type, value, prefix='', version='v1', edge_strategy=None):
    """Check a whole route; returns ``{'name', 'type', 'value', 'edge_strategy'}`` ready to send."""
    name = check_route_name(name, prefix + 'name', version)
    route_type = check_route_type(route_type, prefix + 'type')
    return {'name': name, 'type': route_type, 'value': check_route_value(route_type, value, prefix + 'value'),
            'edge_strategy': check_filter(edge_strategy, prefix + 'edge_strategy')}


def check_routes(items, option='routes', version='v1'):
    """Check a list of routes; every item is checked and names must be unique. Returns the checked list."""
    if not isinstance(items, list):
        raise InvalidInput(option, 'must be a list of {name, type, value}')
    checked, seen = [], {}
    for index, item in enumerate(items):
        where = '{0}[{1}]'.format(option, index)
        if not isinstance(item, dict):
            raise InvalidInput(where, 'must be a dictionary with name, type and value, got {0}'.format(_show(item)))
        unknown = sorted(set(item) - set(('name', 'type', 'value', 'edge_strategy')))
        if unknown:
            raise InvalidInput(where, 'unknown keys {0}; only name, type, value and edge_strategy are allowed'.format(
                ', '.join(map(str, unknown))))
        route = check_route(item.get('name'), item.get('type'), item.get('value'), where + '.', version,
                            item.get('edge_strategy'))
        if route['name'] in seen:
            raise InvalidInput(where + '.name', '{0} is already listed at {1}[{2}]; each route may appear once'.format(
                route['name'], option, seen[route['name']]))
        seen[route['name']] = index
        checked.append(route)
    return checked


def check_route_reference(name, option, version='v1'):
    """Return a route name a number may point at, or the built-in sip-reg. Over either version it may have the form of
    a v2 alias: a route made in the portal or over v2 is listed by that name over v1 too."""
    if isinstance(name, str) and name.lower() in RESERVED_ROUTE_NAMES:
        return name.lower()
    try:
        return check_route_name(name, option, 'v2')
    except InvalidInput:
        raise InvalidInput(option, 'must be the name of a route (letters, digits, spaces, dots, dashes, underscores) '
                                   'or sip-reg, got {0}'.format(_show(name)))


def resolve_edge_strategy(wanted, strategies, option='edge_strategy'):
    """The id of the edge strategy named by id or by name (any case) in ``strategies`` [{id, name}]."""
    for strategy in strategies:
        if wanted == strategy['id'] or (isinstance(strategy['name'], str) and wanted.lower() == strategy['name'].lower()):
            return strategy['id']
    raise InvalidInput(option, 'unknown edge strategy {0}; the API lists {1}'.format(_show(wanted), ', '.join(
        '{0} ({1})'.format(strategy['id'], strategy['name']) for strategy in strategies) or 'none'))


def check_number_alias(alias, option='alias'):
    """Return a number's alias: 1 to 64 printable characters, no space at either end (contract v2 section 3.1)."""
    if not isinstance(alias, str) or not 1 <= len(alias) <= 64 or not alias.isprintable() or alias != alias.strip():
        raise InvalidInput(option, 'a number alias is 1 to 64 printable characters, not starting or ending with a '
                                   'space, got {0}'.format(_show(alias)))
    return alias


def check_number_items(items, version='v1', option='numbers'):
    """Check a list of {number, primary_route, failover_route, alias}: every item, and each number once.

    Returns [{'number', 'asked': {slot: route name}, 'alias', 'where'}]; raises InvalidInput naming every offender.
    """
    if not isinstance(items, list):
        raise InvalidInput(option, 'must be a list of {number, primary_route, failover_route}')
    problems, checked, seen = [], [], {}
    for index, item in enumerate(items):
        where = '{0}[{1}]'.format(option, index)
        if not isinstance(item, dict):
            problems.append('{0}: must be a dictionary with number, primary_route and failover_route, got {1}'.format(
                where, _show(item)))
            continue
        unknown = sorted(set(item) - set(('number', 'alias') + SLOTS))
        if unknown:
            problems.append('{0}: unknown keys {1}; only number, primary_route, failover_route and alias are '
                            'allowed'.format(where, ', '.join(map(str, unknown))))
        asked, alias = {}, None
        try:
            number = check_number(item.get('number'), where + '.number')
            for slot in SLOTS:
                if item.get(slot) is not None:
                    asked[slot] = check_route_reference(item[slot], '{0}.{1}'.format(where, slot), version)
            if item.get('alias') is not None:
                alias = check_number_alias(item['alias'], where + '.alias')
        except InvalidInput as exc:
            problems.append(str(exc))
            continue
        if not asked and alias is None:
            problems.append('{0}: give at least one of primary_route, failover_route and alias'.format(where))
        elif number in seen:
            problems.append('{0}.number: {1} is already listed at {2}[{3}]; each number may appear once'.format(
                where, number, option, seen[number]))
        else:
            seen[number] = index
            checked.append({'number': number, 'asked': asked, 'alias': alias, 'where': where})
    if problems:
        raise InvalidInput(option, '{0} in the list, so nothing was sent: {1}'.format(
            '1 problem' if len(problems) == 1 else '{0} problems'.format(len(problems)), '; '.join(problems)))
    return checked


def not_on_account(number):
    """'N is not on this Flowroute account', with a hint when the number lacks its country code."""
    text = '{0} is not on this Flowroute account'.format(number)
    if len(number) == 10 and not number.startswith('1'):
        text += '; a North American number has 11 digits, with its country code 1: did you mean 1{0}?'.format(number)
    return text


def check_number(number, option='number'):
    """Return a phone number as the API writes it: E.164 digits, a leading + dropped."""
    digits = _e164_digits(number)
    if digits is None:
        raise InvalidInput(option, 'must be a phone number in E.164 form, 7 to 15 digits, e.g. 12065551234 '
                                   '(a leading + is allowed), got {0}'.format(_show(number)))
    return digits


def check_number_pattern(pattern, option='pattern'):
    """Return a partial number to search for: 1 to 11 digits."""
    if not isinstance(pattern, str) or not re.fullmatch(r'[0-9]{1,11}', pattern) or not pattern.isascii():
        raise InvalidInput(option, 'must be 1 to 11 digits of a phone number, got {0}'.format(_show(pattern)))
    return pattern


def check_api_url(api_url, option='api_url'):
    """Return ``scheme://host[:port]`` (default ports dropped, lower case), refusing paths and queries."""
    match = re.fullmatch(r'(?P<scheme>[A-Za-z]+)://(?P<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])'
                         r'(?::(?P<port>[0-9]+))?/?', api_url or '')
    if not match:
        raise InvalidInput(option, 'must be scheme://host[:port] with nothing after it, e.g. '
                                   'https://api.flowroute.com (the client adds /v1/... or /v2/...), got {0}'.format(_show(api_url)))
    scheme = match.group('scheme').lower()
    host = match.group('host').lower()
    port = match.group('port')
    if scheme not in ('http', 'https'):
        raise InvalidInput(option, 'scheme must be https (or http for a local emulator), got {0}'.format(_show(api_url)))
    if port is not None:
        problem = _port_problem(port)
        if problem:
            raise InvalidInput(option, problem)
        if (scheme, port) in (('https', '443'), ('http', '80')):
            port = None
    return '{0}://{1}{2}'.format(scheme, host, ':' + port if port else '')


def check_credential(value, option):
    """Return a key that HTTP Basic authentication can carry (Latin-1 characters only); never quotes the key."""
    try:
        (value or '').encode('latin-1')
    except UnicodeEncodeError:
        raise InvalidInput(option, 'has a character that HTTP authentication cannot carry (only Latin-1 characters '
                                   'can be sent); copy the key again from Preferences > API Control in the portal')
    return value


def check_max_deletes(max_deletes, option='max_deletes'):
    """Return how many routes a prune may delete, 0 or more."""
    if max_deletes is None or max_deletes < 0:
        raise InvalidInput(option, 'must be 0 or more, got {0}'.format(_show(max_deletes)))
    return max_deletes


def _from_environment(value, environment, variable):
    """' (from the environment variable X)' when the value is the one that variable holds."""
    return ' (from the environment variable {0})'.format(variable) if environment is not None and value == environment \
        else ''


def check_api_version(version, environment=None, option='api_version'):
    """Return v1 or v2, accepting any case; a bad value names the environment variable it came from, if it did."""
    if isinstance(version, str) and version.lower() in ('v1', 'v2'):
        return version.lower()
    raise InvalidInput(option, 'must be v1 or v2 (any case), got {0}{1}'.format(
        _show(version), _from_environment(version, environment, 'FLOWROUTE_API_VERSION')))


def check_ca_path(path, environment=None, exists=None, option='ca_path'):
    """Return the CA bundle file to trust, or None; ``exists(path)`` says whether the file is there."""
    if path is None:
        return None
    if not exists(path):
        raise InvalidInput(option, 'no such file: {0}{1}; give the PEM file of the CA that signed the API\'s '
                                   'certificate'.format(_show(path), _from_environment(path, environment, 'FLOWROUTE_CA_PATH')))
    return path


def check_timeout(timeout, option='timeout'):
    """Return a per-request timeout in seconds, above 0."""
    if timeout is None or timeout <= 0:
        raise InvalidInput(option, 'must be a number of seconds above 0, got {0}'.format(_show(timeout)))
    return timeout


def check_retries(retries, option='retries'):
    """Return how many times to retry a transient failure, 0 to 10."""
    if retries is None or not 0 <= retries <= 10:
        raise InvalidInput(option, 'must be between 0 and 10, got {0}'.format(_show(retries)))
    return retries


def check_rate_limit_wait(seconds, option='rate_limit_wait'):
    """Return the seconds a task may wait in all at the API's rate limit, 0 to 86400."""
    if seconds is None or not 0 <= seconds <= 86400:
        raise InvalidInput(option, 'must be between 0 and 86400 seconds, got {0}'.format(_show(seconds)))
    return seconds


def check_concurrency(concurrency, option='concurrency'):
    """Return how many writes may run at once, 1 to 32."""
    if concurrency is None or not 1 <= concurrency <= 32:
        raise InvalidInput(option, 'must be between 1 and 32, got {0}'.format(_show(concurrency)))
    return concurrency


def check_filter(value, option, rule=None):
    """An info module's optional filter: None (no filter) or a non-empty value, checked by ``rule``."""
    if value is None:
        return None
    if value == '':
        raise InvalidInput(option, 'is empty; leave it out to return everything')
    return rule(value, option) if rule else value


def check_route_type_filter(route_type, option='type'):
    """Return a route type to filter by, upper case: HOST, PSTN, URI or SIP-REG."""
    if isinstance(route_type, str) and route_type.upper() in ROUTE_TYPES + ('SIP-REG',) and route_type.isascii():
        return route_type.upper()
    raise InvalidInput(option, 'must be one of HOST, PSTN, URI or SIP-REG (any case), got {0}'.format(_show(route_type)))


def canonical_type(route_type):
    """A route type as compared and shown: upper case (stored types may come back in any case)."""
    return route_type.upper() if isinstance(route_type, str) else route_type


def canonical_value(route_type, value):
    """A route value as compared and shown: a PSTN number without its leading +."""
    if canonical_type(route_type) == 'PSTN' and isinstance(value, str) and value.startswith('+'):
        return value[1:]
    return value


def compares_edge(wanted_edge, current):
    """Whether a route's edge strategy takes part in the comparison: the task asks for one, and the route
    does not exist yet or the API showed its edge attribute (an answer without it cannot be compared)."""
    return wanted_edge is not None and (not current or current.get('edge_known', True))


def same_route(one, other):
    """Whether two routes as read hold the same type, value and edge strategy."""
    return route_state(one, True) == route_state(other, True)


def edge_shown(edge_id, pops=None):
    """An edge strategy as diffs show it: its name and id (``US-East-VA (id 4)``), the id alone when the name is not
    known, None for none."""
    if edge_id is None:
        return None
    name = (pops or {}).get(edge_id)
    return '{0} (id {1})'.format(name, edge_id) if name else edge_id


def route_state(route, with_edge=False, pops=None):
    """The part of a route that is compared: ``{'type', 'value'}`` (and ``edge_strategy``, by name and id when
    ``pops`` {id: name} is given), canonical."""
    if not route:
        return {}
    state = {'type': canonical_type(route['type']), 'value': canonical_value(route['type'], route['value'])}
    if with_edge:
        state['edge_strategy'] = edge_shown(route.get('edge_strategy'), pops)
    return state


def present_route(route, fields=('name', 'type', 'value'), pops=None):
    """A route as modules return it: the given fields, type and value in canonical form; None stays None. With
    ``edge_strategy`` among the fields, it is the PoP's name (the id when ``pops`` does not name it) and
    ``edge_strategy_id`` its id."""
    if route is None:
        return None
    shown = dict((field, route.get(field)) for field in fields)
    shown['type'] = canonical_type(route['type'])
    shown['value'] = canonical_value(route['type'], route['value'])
    if 'edge_strategy' in fields:
        edge_id = route.get('edge_strategy')
        shown['edge_strategy_id'] = edge_id
        shown['edge_strategy'] = (pops or {}).get(edge_id, edge_id)
    return shown


def is_loopback_host(host):
    """True for localhost, 127.0.0.0/8 and ::1, the hosts where plain HTTP is acceptable."""
    host = (host or '').strip('[]').lower()
    return host in ('localhost', '::1') or bool(re.fullmatch(r'127(\.[0-9]{1,3}){3}', host))
