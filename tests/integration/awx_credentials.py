# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What AWX does with a custom credential type, restated for the tests (no AWX runs here).

Read from AWX's source: ``awx/main/fields.py`` (``CredentialTypeInputField`` and ``CredentialTypeInjectorField``:
the checks when a type is saved) and ``awx/main/models/credential.py`` (``CredentialType.inject_credential``: the
environment a job gets). Two behaviours matter to the collection: every ``env`` injector is rendered, so a field
left blank reaches the job as an empty variable; and a ``file`` injector writes its file into the job's private
data directory, whose path ``tower.filename`` gives.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import stat
import tempfile

from jinja2 import StrictUndefined, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

NAME = re.compile(r'^[a-zA-Z_]+[a-zA-Z0-9_]*$')
FIELD_KEYS = {'id', 'label', 'type', 'format', 'choices', 'help_text', 'multiline', 'secret', 'ask_at_runtime', 'default'}
FILE_KEY = re.compile(r'^template(\.[a-zA-Z_]+[a-zA-Z0-9_]*)?$')
# part of AWX's ENV_BLOCKLIST: variables a credential may not set
BLOCKED = {'VIRTUAL_ENV', 'PATH', 'PYTHONPATH', 'JOB_ID', 'INVENTORY_ID', 'INVENTORY_SOURCE_ID', 'INVENTORY_UPDATE_ID',
           'AD_HOC_COMMAND_ID', 'REST_API_URL', 'REST_API_TOKEN', 'MAX_EVENT_RES', 'CALLBACK_QUEUE',
           'CALLBACK_CONNECTION', 'CACHE', 'JOB_CALLBACK_DEBUG', 'INVENTORY_HOSTVARS', 'AWX_HOST', 'PROJECT_REVISION'}


def _field_problems(field, seen):
    problems = []
    unknown = set(field) - FIELD_KEYS
    if unknown:
        problems.append('field {0}: unknown keys {1}'.format(field.get('id'), sorted(unknown)))
    if 'id' not in field or 'label' not in field:
        problems.append('field {0}: id and label are required'.format(field))
        return problems
    if not NAME.match(field['id']) or field['id'] == 'tower' or field['id'] in seen:
        problems.append('field {0}: not a variable name, reserved, or not unique'.format(field['id']))
    kind = field.get('type', 'string')
    if kind not in ('string', 'boolean'):
        problems.append('field {0}: type must be string or boolean'.format(field['id']))
    elif 'default' in field and not isinstance(field['default'], {'string': str, 'boolean': bool}[kind]):
        problems.append('field {0}: default is not a {1}'.format(field['id'], kind))
    for key in ('choices', 'multiline', 'format', 'secret'):
        if key in field and kind != 'string':
            problems.append('field {0}: {1} not allowed for {2}'.format(field['id'], key, kind))
    choices = field.get('choices')
    if choices is not None and (not isinstance(choices, list) or not choices or len(set(choices)) != len(choices)
                                or not all(isinstance(choice, str) for choice in choices)):
        problems.append('field {0}: choices must be unique strings'.format(field['id']))
    return problems


def check_credential_type(credential_type):
    """What AWX would refuse this credential type for, as a list of reasons (empty: it saves)."""
    problems = []
    if credential_type.get('kind') not in ('cloud', 'net'):
        problems.append('a custom credential type is of kind cloud or net')
    inputs = credential_type.get('inputs', {})
    if set(inputs) - {'fields', 'required'}:
        problems.append('inputs takes only fields and required')
    ids = []
    for field in inputs.get('fields', []):
        problems.extend(_field_problems(field, ids))
        ids.append(field.get('id'))
    if set(inputs.get('required', [])) - set(ids):
        problems.append('required names undefined fields')
    injectors = credential_type.get('injectors', {})
    if set(injectors) - {'file', 'env', 'extra_vars'}:
        problems.append('injectors takes only file, env and extra_vars')
    files = list(injectors.get('file', {}))
    if not all(FILE_KEY.match(key) for key in files) or ('template' in files and len(files) > 1):
        problems.append('file injectors: template, or template.NAME for several files')
    for name, template in injectors.get('env', {}).items():
        if not NAME.match(name) or name.startswith('ANSIBLE_') or name in BLOCKED:
            problems.append('env {0}: not allowed'.format(name))
        if not all(ord(char) < 128 for char in template):
            problems.append('env {0}: ASCII only'.format(name))

    # every template must render with every field set and nothing else defined
    namespace = dict((field_id, 'EXAMPLE') for field_id in ids)
    namespace['tower'] = {'filename': 'EXAMPLE_FILENAME'} if 'template' in files else {}
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for kind, injector in injectors.items():
        for name, template in injector.items():
            try:
                strict.from_string(template).render(namespace)
            except UndefinedError as exc:
                problems.append('{0} {1} uses an undefined field ({2})'.format(kind, name, exc))
    return problems


def inject(credential_type, inputs, private_data_dir):
    """The environment variables a job gets from a credential of this type holding ``inputs``."""
    fields = credential_type['inputs']['fields']
    namespace = {}
    for name, value in inputs.items():
        if isinstance(value, bool) or len(value):        # a blank field is left out of the namespace
            namespace[name] = value
    for field in fields:
        if field.get('type') == 'boolean' and field['id'] not in inputs:
            namespace[field['id']] = False
    sandbox = ImmutableSandboxedEnvironment()
    tower = {}
    os.makedirs(os.path.join(private_data_dir, 'env'), exist_ok=True)
    for label, template in credential_type['injectors'].get('file', {}).items():
        handle, path = tempfile.mkstemp(dir=os.path.join(private_data_dir, 'env'))
        with os.fdopen(handle, 'w') as written:
            written.write(sandbox.from_string(template).render(**namespace))
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        if '.' in label:
            tower.setdefault('filename', {})[label.split('.')[1]] = path
        else:
            tower['filename'] = path
    namespace['tower'] = tower
    return dict((name, sandbox.from_string(template).render(**namespace))
                for name, template in credential_type['injectors'].get('env', {}).items())
