#!/usr/bin/env python3
"""Stop a deploy when a service's error budget is spent.

Exits 0 when SERVICE has budget left (more than --keep percent of it), 1 when it has not,
and 3 when the budget cannot be read (no such service, no objective, Murphy away): decide
in the pipeline whether that blocks.

    MURPHY_URL=https://murphy.example.com MURPHY_TOKEN=murphy_... \
        python3 deploy_gate.py checkout --keep 10 && ./deploy.sh

The token needs the "read" or "services" scope (or none).
"""

import argparse
import os
import sys
import urllib.parse

import requests


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("service")
    parser.add_argument("--keep", type=float, default=0.0,
                        help="percent of the budget that must be left (default 0)")
    args = parser.parse_args()

    base = os.environ.get("MURPHY_URL", "http://127.0.0.1:3000").rstrip("/")
    headers = {"Authorization": f"Bearer {os.environ['MURPHY_TOKEN']}"}
    name = urllib.parse.quote(args.service, safe="")
    try:
        answer = requests.get(f"{base}/api/v1/services/{name}/budget", headers=headers, timeout=30)
    except requests.RequestException as e:
        print(f"Cannot reach Murphy: {e}", file=sys.stderr)
        return 3
    if answer.status_code != 200:
        detail = answer.json().get("detail", answer.text) if answer.content else answer.reason
        print(f"No budget for {args.service}: {detail}", file=sys.stderr)
        return 3
    budget = answer.json()
    left = budget["remaining_ratio"] * 100
    summary = (f"{args.service}: {left:.1f}% of the error budget left "
               f"({budget['remaining_minutes']:.1f} of {budget['budget_minutes']:.1f} minutes, "
               f"{budget['slo_target']}% over {budget['slo_window_days']} days)")
    if budget["exhausted"] or left <= args.keep:
        print(f"STOP: {summary}")
        return 1
    print(f"GO: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
