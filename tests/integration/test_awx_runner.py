# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The example playbooks run the way AWX runs a job: ``ansible-runner run`` over a private data directory.

The directory is laid out as AWX lays it out: ``inventory/hosts``, ``project/`` (the playbooks), ``env/envvars``
holding what docs/awx/credential_type.yml injects (rendered as AWX renders it: awx_credentials.py), ``env/extravars``
with the variables AWX adds to a job, ``env/cmdline`` for the job's verbosity. Process isolation is off: the
installed collection stands for the execution environment's. Each job runs twice; the job events carry each task's
``changed``, and no artifact the job leaves shows the secret key.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import glob
import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from awx_credentials import inject
from conftest import ACCESS_KEY, BIN, COLLECTIONS, ROOT, SECRET_KEY, Emulator, Result, ansible_env

EXAMPLES = os.path.join(ROOT, 'docs', 'examples')
RUNNER = os.path.join(BIN, 'ansible-runner')
# what AWX puts in a job's extra vars besides the template's own
AWX_EXTRA_VARS = {'awx_job_id': 42, 'awx_job_template_id': 7, 'awx_job_template_name': 'Flowroute routes',
                  'awx_user_name': 'admin', 'tower_job_id': 42, 'awx_execution_node': 'localhost'}
# (playbook, the credential's api_version field, over TLS with the CA in the credential, tasks that change on the
# first run: every other task of the playbook reports ok)
JOBS = {
    'demo': ('demo.yml', '', False, ['Deliver calls to a SIP server', 'Forward calls to a phone number',
                                     'Deliver calls to a SIP URI over TCP',
                                     'Calls to 1 206 555 1234 go to the SIP server, failing over to the phone number']),
    'v2': ('v2_declared_state.yml', 'v2', True, [
        'Retarget the office PBX to its new host, sent from the US-East-VA PoP', 'These routes and no others']),
}


@pytest.fixture(scope='module')
def tls_emulator():
    process = Emulator(tls=True)
    yield process
    process.stop()


def credential_type():
    with open(os.path.join(ROOT, 'docs', 'awx', 'credential_type.yml')) as handle:
        return yaml.safe_load(handle)


def private_data_dir(path, playbook, emulator, api_version, verbosity):
    """A job's private data directory, as AWX writes it before it starts ansible-runner."""
    (path / 'project').mkdir(parents=True)
    shutil.copy(os.path.join(EXAMPLES, playbook), str(path / 'project' / playbook))
    (path / 'inventory').mkdir()
    (path / 'inventory' / 'hosts').write_text(
        'localhost ansible_connection=local ansible_python_interpreter={0}\n'.format(sys.executable))
    inputs = {'access_key': ACCESS_KEY, 'secret_key': SECRET_KEY, 'api_version': api_version, 'api_url': emulator.url,
              'ca_certificate': ''}
    if emulator.ca_file:
        with open(emulator.ca_file) as handle:
            inputs['ca_certificate'] = handle.read()
    envvars = inject(credential_type(), inputs, str(path))
    (path / 'env' / 'envvars').write_text(json.dumps(envvars))
    (path / 'env' / 'extravars').write_text(json.dumps(AWX_EXTRA_VARS))
    if verbosity:
        (path / 'env' / 'cmdline').write_text('-' + 'v' * verbosity)
    return envvars


def run_job(path, playbook, ident):
    completed = subprocess.run([RUNNER, 'run', str(path), '--playbook', playbook, '--ident', ident],
                               env=ansible_env(None, callback_json=False), capture_output=True, text=True,
                               timeout=600, check=False)
    artifacts = path / 'artifacts' / ident
    assert artifacts.is_dir(), completed.stdout + completed.stderr
    return completed, artifacts


def job_events(artifacts):
    events = [json.load(open(name)) for name in glob.glob(str(artifacts / 'job_events' / '*.json'))]
    return sorted(events, key=lambda event: event['counter'])


def task_results(artifacts):
    """[(task name, changed)] of the runner_on_ok events, and the names of the tasks that failed."""
    events = job_events(artifacts)
    ok = [(event['event_data']['task'], event['event_data']['res']['changed']) for event in events
          if event['event'] == 'runner_on_ok']
    failed = [event['event_data']['task'] for event in events
              if event['event'] in ('runner_on_failed', 'runner_on_unreachable')]
    return ok, failed


def secret_forms():
    basic = base64.b64encode('{0}:{1}'.format(ACCESS_KEY, SECRET_KEY).encode()).decode()
    return (SECRET_KEY, SECRET_KEY.upper(), basic)


def files_showing_the_secret(artifacts):
    """The artifact files that hold the secret key in any form.

    ``command`` is ansible-runner's record of the command and the environment it started it with: the injected
    FLOWROUTE_SECRET_KEY is there by design (in AWX too), so only that variable is taken out before searching it.
    """
    showing = []
    for name in sorted(glob.glob(str(artifacts / '**'), recursive=True)):
        if os.path.isdir(name):
            continue
        with open(name, encoding='utf-8', errors='replace') as handle:
            text = handle.read()
        if os.path.basename(name) == 'command':
            record = json.loads(text)
            assert record['env'].pop('FLOWROUTE_SECRET_KEY') == SECRET_KEY
            text = json.dumps(record)
        if any(form in text for form in secret_forms()):
            showing.append(os.path.relpath(name, str(artifacts)))
    return showing


@pytest.mark.parametrize('verbosity', [0, 4])
@pytest.mark.parametrize('job', sorted(JOBS))
def test_a_job_run_as_awx_runs_it_reports_each_task_and_shows_no_secret(
        emulator_process, tls_emulator, tmp_path, job, verbosity):
    playbook, api_version, tls, changing = JOBS[job]
    emulator = tls_emulator if tls else emulator_process
    emulator.reset()
    emulator.control('POST', 'tns', {'12065551234': None})
    envvars = private_data_dir(tmp_path, playbook, emulator, api_version, verbosity)
    if tls:     # the CA pasted into the credential is a file in the job's env/, and the modules trust it
        assert os.path.dirname(envvars['FLOWROUTE_CA_PATH']) == str(tmp_path / 'env')
    else:       # the fields left blank reach the job as empty variables
        assert (envvars['FLOWROUTE_CA_PATH'], envvars['FLOWROUTE_API_VERSION']) == ('', '')

    with open(os.path.join(EXAMPLES, playbook)) as handle:
        names = [task['name'] for task in yaml.safe_load(handle)[0]['tasks']]
    for ident, expected in (('first', [(name, name in changing) for name in names]),
                            ('second', [(name, False) for name in names])):
        completed, artifacts = run_job(tmp_path, playbook, ident)
        status = (artifacts / 'status').read_text().strip()
        rc = (artifacts / 'rc').read_text().strip()
        assert (status, rc, completed.returncode) == ('successful', '0', 0), completed.stdout[-4000:]
        assert task_results(artifacts) == (expected, []), ident
        command = json.loads((artifacts / 'command').read_text())['command']
        assert ('-vvvv' in command, 'ESTABLISH LOCAL CONNECTION' in completed.stdout) == (bool(verbosity),) * 2
        assert files_showing_the_secret(artifacts) == [], ident
    assert [entry['method'] for entry in emulator.requests()].count('GET') > 0
    if tls:
        assert emulator.tls_refused() == 0


# Stands in for awx.awx.credential_type (no controller runs here): takes the options create_credential_type.yml
# passes, and returns them as the controller would receive them.
STAND_IN = '''#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict(
        name=dict(type='str', required=True), description=dict(type='str'),
        kind=dict(type='str', choices=['ssh', 'vault', 'net', 'scm', 'cloud', 'insights', 'kubernetes']),
        inputs=dict(type='dict'), injectors=dict(type='dict'),
        state=dict(type='str', default='present', choices=['present', 'absent'])))
    module.exit_json(changed=True, sent=module.params)


main()
'''


def test_the_guides_playbook_sends_the_credential_type_as_the_file_holds_it(tmp_path):
    modules = tmp_path / 'stand_in' / 'ansible_collections' / 'awx' / 'awx' / 'plugins' / 'modules'
    modules.mkdir(parents=True)
    (modules / 'credential_type.py').write_text(STAND_IN)
    for name in ('create_credential_type.yml', 'credential_type.yml'):
        shutil.copy(os.path.join(ROOT, 'docs', 'awx', name), str(tmp_path / name))
    env = ansible_env(None, {'ANSIBLE_COLLECTIONS_PATH': os.pathsep.join([str(tmp_path / 'stand_in'), COLLECTIONS])})
    completed = subprocess.run([os.path.join(BIN, 'ansible-playbook'), str(tmp_path / 'create_credential_type.yml')],
                               env=env, capture_output=True, text=True, timeout=300, check=False)
    result = Result(completed, True)
    assert result.rc == 0, result.output
    expected = credential_type()
    assert result.task(0)['sent'] == dict(name=expected['name'], description=expected['description'],
                                          kind=expected['kind'], inputs=expected['inputs'],
                                          injectors=expected['injectors'], state='present')
    assert result.task(0)['sent']['injectors']['env']['FLOWROUTE_SECRET_KEY'] == '{{ secret_key }}'
