#!/usr/bin/env python3
"""Follow Murphy's change feed and post each change to a chat webhook.

Slack, Mattermost, Rocket.Chat and Microsoft Teams' incoming webhooks take a JSON body
with "text". The cursor is kept in a file, so a restart reads on where it stopped and
nothing is posted twice.

    MURPHY_URL=https://murphy.example.com MURPHY_TOKEN=murphy_... \
        python3 feed_to_chat.py https://hooks.slack.com/services/... --state ~/.murphy-feed

Without a state file it starts with what happens next. --once reads what is there and
stops (for cron, or a test). The token needs the "read" or "incidents" scope (or none).
"""

import argparse
import os
import sys

import requests


def murphy():
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {os.environ['MURPHY_TOKEN']}"
    base = os.environ.get("MURPHY_URL", "http://127.0.0.1:3000").rstrip("/")
    return session, base


def message(event, base):
    where = f"INC-{event['incident']}: " if event["incident"] else ""
    who = f" ({event['actor']})" if event.get("actor") else ""
    link = f" {base}/incidents/{event['incident']}" if event["incident"] else ""
    return f"{where}{event['summary']}{who}{link}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("webhook", help="the chat's incoming webhook URL")
    parser.add_argument("--state", help="a file that keeps the cursor between runs")
    parser.add_argument("--once", action="store_true", help="read what is there, then stop")
    parser.add_argument("--timeline-only", action="store_true",
                        help="post timeline entries only, not the audit trail")
    args = parser.parse_args()

    session, base = murphy()
    cursor = "latest"
    if args.state and os.path.exists(args.state):
        with open(args.state) as f:
            cursor = f.read().strip() or "latest"

    posted = 0
    while True:
        page = session.get(f"{base}/api/v1/events",
                           params={"after": cursor, "wait": 0 if args.once else 30},
                           timeout=60)
        page.raise_for_status()
        page = page.json()
        for event in page["events"]:
            if args.timeline_only and event["source"] != "timeline":
                continue
            sent = requests.post(args.webhook, json={"text": message(event, base)}, timeout=30)
            sent.raise_for_status()
            posted += 1
        cursor = page["cursor"]
        if args.state:
            with open(args.state, "w") as f:
                f.write(cursor)
        if args.once and not page["more"]:
            break
    print(f"posted {posted} changes; cursor {cursor}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
