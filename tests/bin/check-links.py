# -*- coding: utf-8 -*-
# Copyright (c) flowroute.numbers contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every internal link of the built docs site leads somewhere: the page exists, and so does the anchor.

Usage: check-links.py HTML_DIR. Prints each broken link with the page it is on; exits 1 when there is one.
"""

import os
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class Page(HTMLParser):
    """The links (href, src) and the anchors (id, name) of one page."""

    def __init__(self):
        super().__init__()
        self.links, self.anchors = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ('id', 'name'):
            if attrs.get(key):
                self.anchors.add(attrs[key])
        for key in ('href', 'src'):
            if attrs.get(key):
                self.links.append(attrs[key])


def read(path, cache):
    if path not in cache:
        page = Page()
        with open(path, encoding='utf-8') as handle:
            page.feed(handle.read())
        cache[path] = page
    return cache[path]


def broken_links(root):
    cache, broken, checked = {}, [], 0
    for folder, dummy, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith('.html'):
                continue
            path = os.path.join(folder, name)
            for link in read(path, cache).links:
                parts = urlsplit(link)
                if parts.scheme or parts.netloc or link.startswith(('mailto:', 'javascript:')):
                    continue            # another site: not ours to check here
                if parts.path.startswith('/'):          # the site's root, where the site is served
                    target = os.path.normpath(os.path.join(root, unquote(parts.path).lstrip('/')))
                else:
                    target = os.path.normpath(os.path.join(folder, unquote(parts.path))) if parts.path else path
                checked += 1
                if os.path.isdir(target):
                    target = os.path.join(target, 'index.html')
                if not os.path.exists(target):
                    broken.append('{0}: {1} (no such page)'.format(os.path.relpath(path, root), link))
                elif parts.fragment and target.endswith('.html') and \
                        unquote(parts.fragment) not in read(target, cache).anchors:
                    broken.append('{0}: {1} (no such anchor)'.format(os.path.relpath(path, root), link))
    return broken, checked


def main():
    broken, checked = broken_links(sys.argv[1])
    for line in broken:
        print('broken link: ' + line)
    print('check-links: {0} internal links, {1} broken'.format(checked, len(broken)))
    return 1 if broken else 0


if __name__ == '__main__':
    sys.exit(main())
