#!/usr/bin/env python3
"""Start the post-mortem when a SEV1 or SEV2 incident resolves.

Follows the change feed; when an incident's status changes and it is now resolved (or
closed) at one of the chosen severities, the post-mortem is started, pre-filled from the
incident's record, and its address printed. Starting one that exists changes nothing, so
the script may see the same incident twice.

    MURPHY_URL=https://murphy.example.com MURPHY_TOKEN=murphy_... \
        python3 postmortem_on_resolve.py --state ~/.murphy-postmortems

--once reads what is there and stops. The token needs the "postmortems" and "read"
scopes (or none).
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--severities", default="SEV1,SEV2",
                        help="comma-separated (default SEV1,SEV2)")
    parser.add_argument("--state", help="a file that keeps the cursor between runs")
    parser.add_argument("--from-start", action="store_true",
                        help="without a state file, read the whole feed rather than what comes next")
    parser.add_argument("--once", action="store_true", help="read what is there, then stop")
    args = parser.parse_args()
    severities = {s.strip().upper() for s in args.severities.split(",")}

    session, base = murphy()
    cursor = "0.0" if args.from_start else "latest"
    if args.state and os.path.exists(args.state):
        with open(args.state) as f:
            cursor = f.read().strip() or cursor

    started = 0
    while True:
        page = session.get(f"{base}/api/v1/events",
                           params={"after": cursor, "wait": 0 if args.once else 30},
                           timeout=60)
        page.raise_for_status()
        page = page.json()
        changed = {e["incident"] for e in page["events"]
                   if e["kind"] == "incident.status" and e["incident"]}
        for number in sorted(changed):
            incident = session.get(f"{base}/api/v1/incidents/{number}", timeout=30)
            incident.raise_for_status()
            incident = incident.json()
            if incident["status"] not in ("resolved", "closed"):
                continue
            if incident["severity"] not in severities:
                continue
            answer = session.post(f"{base}/api/v1/incidents/{number}/postmortem",
                                  json={}, timeout=30)
            answer.raise_for_status()
            if answer.status_code == 201:
                started += 1
                print(f"Started the post-mortem of INC-{number}: "
                      f"{base}/incidents/{number}/postmortem")
        cursor = page["cursor"]
        if args.state:
            with open(args.state, "w") as f:
                f.write(cursor)
        if args.once and not page["more"]:
            break
    print(f"{started} post-mortems started")
    return 0


if __name__ == "__main__":
    sys.exit(main())
