# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Stand-in for the get-pip.py that ansible-test --venv downloads from a host this network cannot reach.

tests/bin/run-sanity.sh copies it to ~/.ansible/test/cache/get_pip_<version>.py; ansible-test runs it
inside each new virtualenv with get-pip's arguments. It bootstraps pip from the interpreter's own
ensurepip, then installs the pinned packages from the package index.
"""

import subprocess
import sys

GET_PIP_ONLY = ('--no-setuptools', '--no-wheel')


def main():
    args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY]
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade'])
    subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--disable-pip-version-check'] + args)


if __name__ == '__main__':
    main()
