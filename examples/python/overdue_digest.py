#!/usr/bin/env python3
"""A weekly digest of overdue action items, by owner.

Prints the digest as Markdown, and posts it to a chat webhook when one is given. Run it
from cron on Monday mornings:

    MURPHY_URL=https://murphy.example.com MURPHY_TOKEN=murphy_... \
        python3 overdue_digest.py --webhook https://hooks.slack.com/services/...

The token needs the "read" or "postmortems" scope (or none).
"""

import argparse
import collections
import os
import sys

import requests


def murphy():
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {os.environ['MURPHY_TOKEN']}"
    base = os.environ.get("MURPHY_URL", "http://127.0.0.1:3000").rstrip("/")
    return session, base


def overdue_items(session, base):
    """Every overdue action item, following the list's `next` links."""
    url = f"{base}/api/v1/action-items?overdue=true&sort=due&limit=200"
    while url:
        page = session.get(url, timeout=30)
        page.raise_for_status()
        page = page.json()
        yield from page["items"]
        url = base + page["next"] if page["next"] else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--webhook", help="a chat's incoming webhook URL to post the digest to")
    args = parser.parse_args()

    session, base = murphy()
    by_owner = collections.defaultdict(list)
    for item in overdue_items(session, base):
        owner = item["owner_name"] or "Nobody (no owner yet)"
        by_owner[owner].append(item)

    if not by_owner:
        digest = "No overdue action items. Well done."
    else:
        total = sum(len(items) for items in by_owner.values())
        lines = [f"# Overdue action items: {total}", ""]
        for owner in sorted(by_owner):
            lines.append(f"## {owner}")
            for item in by_owner[owner]:
                lines.append(f"- {item['title']} ({item['priority'].upper()}, due {item['due_on']}, "
                             f"{item['incident_reference']}) {base}/incidents/{item['incident']}/postmortem")
            lines.append("")
        digest = "\n".join(lines).rstrip()
    print(digest)
    if args.webhook:
        requests.post(args.webhook, json={"text": digest}, timeout=30).raise_for_status()
    return 0


if __name__ == "__main__":
    sys.exit(main())
