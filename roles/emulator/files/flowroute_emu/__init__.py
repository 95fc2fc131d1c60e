# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The parts of the Flowroute API emulator (standard library only), started by ../flowroute_emulator.py.

core.py       the account, the HTTP server, faults, rate limits, control endpoints, dispatch to the parts
auth.py       v1 request signatures and timestamps, v2 HTTP Basic
answers.py    answers and errors (v1 and JSON:API), paging, "not emulated"
rules.py      the contracts' value rules, read independently of the collection
routes.py     routes and PoPs (v1 section 2, v2 section 2)
numbers.py    the account's numbers and their routing (v1 section 3, v2 sections 3.1-3.3 and 4)
messaging.py  messaging callback URLs (v2 section 8), with an inspection hook
e911.py       E911 addresses and their numbers (v2 section 6)
purchase.py   numbers to buy: the pool, the searches, purchase and release (v2 sections 3.4-3.7)
cnam.py       CNAM records: pending, approved, assigned (v2 section 7)
cli.py        the command line, the daemon

A part is a module with ENDPOINTS [(method, path regex, handler(request, *groups))], and optionally
SETTINGS {name: (default, choices)}, reset(account), state(account) and CONTROL {(method, action): handler}.
A new resource is one new part listed in core.PARTS. Nothing here is shared with the collection's plugins/.
"""
