# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A local, strict emulator of the Flowroute Numbers API, v1 and v2 on one port (standard library only).

It ships in the collection flowroute.numbers (roles/emulator/files/, this script and the package
flowroute_emu/ beside it), started and stopped by the role flowroute.numbers.emulator; it can also
run by hand:

    python flowroute_emulator.py --port 8557 --access-key 12345678 \
        --secret-key 0123456789abcdef0123456789abcdef

v1 (flowroute-v1-api.md): every request's HMAC-SHA1 signature and timestamp are checked.
v2 (flowroute-v2-api.md): HTTP Basic with the keys themselves, JSON:API bodies and errors.
Both versions see one account: a route made over v1 is listed over v2 with its name as alias.
All of it is written from the API contracts, independently of the collection's code, so that a
mistake in one shows against the other. Tests steer it through unsigned endpoints under
/_emulator/ (state, request log, settings, seeding, fault injection) that the real API lacks.
flowroute_emu/__init__.py says which file models what.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# pylint: disable=wrong-import-position,unused-import
from flowroute_emu.cli import main  # noqa: E402
from flowroute_emu.core import Account, Handler, make_server, settings_problem  # noqa: E402,F401

if __name__ == '__main__':
    sys.exit(main())
