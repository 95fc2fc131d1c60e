# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # The connection options every module takes (plugins/module_utils/common.py).
    DOCUMENTATION = r'''
options:
  access_key:
    description:
      - Flowroute API access key, the 8-digit tech prefix shown under Preferences > API Control in the portal.
      - If not set, the value of the E(FLOWROUTE_ACCESS_KEY) environment variable is used; a variable set to the
        empty string counts as not set (AWX injects one for a credential field left blank).
      - Set it once for all modules with O(ignore:module_defaults) and the action group
        C(group/flowroute.numbers.flowroute).
    type: str
    required: true
  secret_key:
    description:
      - Flowroute API secret key (32 hex characters). It is never logged or returned.
      - With O(api_version=v1) it signs each request and is never sent; with O(api_version=v2) it is the HTTP Basic
        password of each request, so v2 needs https.
      - If not set, the value of the E(FLOWROUTE_SECRET_KEY) environment variable is used; a variable set to the
        empty string counts as not set (AWX injects one for a credential field left blank).
    type: str
    required: true
  api_url:
    description:
      - Where the Flowroute API is, as C(scheme://host[:port]) only; the modules add C(/v1/...) or C(/v2/...).
      - Change it only to test against a local emulator, for example V(http://127.0.0.1:8557).
        Plain C(http://) to a host other than this machine gives a warning with O(api_version=v1), and is
        refused before any request with O(api_version=v2), which sends the secret key itself.
      - If not set, the value of the E(FLOWROUTE_API_URL) environment variable is used; a variable set to the
        empty string counts as not set (AWX injects one for a credential field left blank).
    type: str
    default: https://api.flowroute.com
  validate_certs:
    description:
      - Whether to verify the API server's TLS certificate. Set to V(false) only for a test server; to trust a private
        CA, give O(ca_path) instead.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for the API to connect and to answer, per request.
      - One API call, its tries and the waits between them included, takes at most O(timeout) x (O(retries) + 1) +
        120 seconds; waiting for a rate limit comes on top, bounded for the whole task by O(rate_limit_wait).
    type: float
    default: 30
  retries:
    description:
      - How many times to try a request again after a transient failure (HTTP 500, 502, 503, 504,
        a dropped connection or a timeout), waiting longer each time with some randomness,
        and honouring the API's C(Retry-After) up to 30 seconds. Each try is signed anew.
      - A create (a POST, which is not idempotent) is not sent again after a failure that may have been applied;
        the module reads back first, and sends it again only if it did not land.
      - Other errors, such as a refused signature or invalid input, are never retried.
      - Between V(0) and V(10).
    type: int
    default: 3
  rate_limit_wait:
    description:
      - How many seconds in all a task may wait for the API's rate limit (HTTP 429, or 503 with C(Retry-After)), which
        Flowroute does not publish. Between V(0) and V(86400).
      - A refusal for rate is not an error and spends no retry. It stops every request of the task until the API's
        C(Retry-After) has passed (a back-off without one), then they resume, spread by a little jitter, with fewer
        requests in flight, raised again step by step while answers succeed.
      - When the wait would pass this, the task fails saying so; nothing it wrote before is lost.
    type: float
    default: 300
    version_added: 0.3.0
  api_version:
    description:
      - Which Flowroute Numbers API to use. V(v1) signs each request (HMAC-SHA1) and can only create routes.
        V(v2) uses HTTP Basic and can also update and delete routes and choose their edge strategy (PoP).
      - Both see the same account; a v1 route name is the v2 route's alias.
      - V(v1) or V(v2), in any case.
      - If not set, the value of the E(FLOWROUTE_API_VERSION) environment variable is used; a variable set to the
        empty string counts as not set (AWX injects one for a credential field left blank).
    type: str
    version_added: 0.2.0
    default: v1
  ca_path:
    description:
      - A CA bundle file (PEM) to trust for O(api_url), for an API whose certificate a private CA signed (a TLS
        proxy, or the emulator started with C(emulator_tls)). Not needed for the real API.
      - If not set, the value of the E(FLOWROUTE_CA_PATH) environment variable is used; a variable set to the
        empty string counts as not set (AWX injects one for a credential field left blank).
    type: path
    version_added: 0.3.0
requirements:
  - python >= 3.9 (on the host that runs the modules, usually the controller)
  - requests
notes:
  - With O(api_version=v1) every request is signed with HMAC-SHA1 over a timestamp, so this machine's clock must
    be right to within a few minutes, or the API answers HTTP 401.
seealso:
  - name: Flowroute Numbers API v1
    description: The default API of these modules.
    link: https://developer.flowroute.com/api/numbers/v1.0/
  - name: Flowroute Numbers API v2
    description: The API these modules use with O(api_version=v2).
    link: https://developer.flowroute.com/api/numbers/v2.0/
'''

    # The attributes of a module that writes: check mode, diff mode and the action group.
    WRITE_MODULE = r'''
attributes:
  check_mode:
    description: Reports what would change (created, updated or deleted) and sends no write.
    support: full
  diff_mode:
    description: Shows each object that changes, before and after.
    support: full
  action_group:
    description: Use C(group/flowroute.numbers.flowroute) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - flowroute.numbers.flowroute
'''

    # The attributes of a module that only reads.
    INFO_MODULE = r'''
attributes:
  check_mode:
    description: Runs normally in check mode; it only reads.
    support: full
  diff_mode:
    description: Reads only, so there is nothing to show.
    support: N/A
  action_group:
    description: Use C(group/flowroute.numbers.flowroute) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - flowroute.numbers.flowroute
'''
