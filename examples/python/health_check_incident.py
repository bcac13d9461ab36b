#!/usr/bin/env python3
"""File an incident when a health check fails.

Run it from cron every minute. When URL answers 2xx in time, nothing happens (exit 0).
When it does not, an incident is filed for SERVICE (exit 2), unless one filed by this check
is still open: a check failing for an hour files one incident, not sixty. An Idempotency-Key
makes a retried request safe too.

    MURPHY_URL=https://murphy.example.com MURPHY_TOKEN=murphy_... \
        python3 health_check_incident.py https://checkout.example.com/healthz --service checkout

The token needs the "incidents" scope (or none).
"""

import argparse
import datetime
import hashlib
import os
import sys

import requests


def murphy():
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {os.environ['MURPHY_TOKEN']}"
    base = os.environ.get("MURPHY_URL", "http://127.0.0.1:3000").rstrip("/")
    return session, base


def check(url, timeout):
    """What is wrong with URL, or None when it is healthy."""
    try:
        response = requests.get(url, timeout=timeout)
    except requests.RequestException as e:
        return f"no answer: {e.__class__.__name__}"
    if not 200 <= response.status_code < 300:
        return f"HTTP {response.status_code}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--service", required=True, help="the affected service, as Murphy names it")
    parser.add_argument("--severity", default="SEV2", choices=["SEV1", "SEV2", "SEV3", "SEV4"])
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for an answer")
    args = parser.parse_args()

    problem = check(args.url, args.timeout)
    if problem is None:
        print(f"{args.url} is healthy")
        return 0

    session, base = murphy()
    title = f"Health check failing: {args.url}"
    # One open incident per check: look for it before filing another.
    open_ones = session.get(f"{base}/api/v1/incidents",
                            params={"state": "open", "service": args.service, "limit": 200},
                            timeout=30)
    open_ones.raise_for_status()
    for incident in open_ones.json()["items"]:
        if incident["title"] == title:
            print(f"{incident['reference']} is already open for this check ({problem})")
            return 2

    now = datetime.datetime.now(datetime.timezone.utc)
    key = hashlib.sha256(f"{args.url}|{now:%Y-%m-%dT%H}".encode()).hexdigest()
    filed = session.post(
        f"{base}/api/v1/incidents",
        json={
            "title": title,
            "summary": f"The health check of {args.url} failed: {problem}.",
            "kind": "outage",
            "severity": args.severity,
            "services": [args.service],
            "detected_at": now.isoformat().replace("+00:00", "Z"),
        },
        headers={"Idempotency-Key": key},
        timeout=30,
    )
    if filed.status_code != 201:
        print(f"Murphy refused the incident: {filed.status_code} {filed.text}", file=sys.stderr)
        return 1
    incident = filed.json()
    print(f"Filed {incident['reference']}: {title} ({problem})")
    return 2


if __name__ == "__main__":
    sys.exit(main())
