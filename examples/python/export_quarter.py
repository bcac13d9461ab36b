#!/usr/bin/env python3
"""Export last quarter's incidents to CSV.

One row per incident whose impact started in the quarter, with its response times in
minutes. The quarter is the last full one unless --quarter names another (2026Q3).

    MURPHY_URL=https://murphy.example.com MURPHY_TOKEN=murphy_... \
        python3 export_quarter.py --out incidents-2026Q3.csv

The token needs the "read" or "incidents" scope (or none).
"""

import argparse
import csv
import datetime
import os
import sys

import requests


def murphy():
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {os.environ['MURPHY_TOKEN']}"
    base = os.environ.get("MURPHY_URL", "http://127.0.0.1:3000").rstrip("/")
    return session, base


def quarter_bounds(name):
    """First and last day of quarter `name` (2026Q3), or of the last full quarter."""
    if name:
        year, q = name.upper().split("Q")
        year, q = int(year), int(q)
    else:
        today = datetime.date.today()
        q = (today.month - 1) // 3  # the quarter before this one, 0 meaning last year's Q4
        year = today.year if q else today.year - 1
        q = q or 4
    first = datetime.date(year, 3 * q - 2, 1)
    next_first = datetime.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return first, next_first - datetime.timedelta(days=1), f"{year}Q{q}"


def minutes(start, end):
    if not start or not end:
        return ""
    parse = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    return round((parse(end) - parse(start)).total_seconds() / 60, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quarter", help="e.g. 2026Q3 (default: the last full quarter)")
    parser.add_argument("--out", help="the CSV file (default: incidents-<quarter>.csv)")
    args = parser.parse_args()
    first, last, name = quarter_bounds(args.quarter)
    out = args.out or f"incidents-{name}.csv"

    session, base = murphy()
    columns = ["reference", "title", "severity", "kind", "status", "services",
               "impact_started_at", "detected_at", "acknowledged_at", "mitigated_at",
               "resolved_at", "minutes_to_detect", "minutes_to_acknowledge",
               "minutes_to_resolve", "url"]
    rows = 0
    with open(out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        url = f"{base}/api/v1/incidents"
        params = {"from": first.isoformat(), "to": last.isoformat(), "limit": 200}
        while url:
            page = session.get(url, params=params, timeout=60)
            page.raise_for_status()
            page = page.json()
            for item in page["items"]:
                # The list is brief; each incident has its milestones.
                incident = session.get(f"{base}/api/v1/incidents/{item['number']}", timeout=30)
                incident.raise_for_status()
                i = incident.json()
                writer.writerow([
                    i["reference"], i["title"], i["severity"], i["kind"], i["status"],
                    "; ".join(i["services"]), i["impact_started_at"], i["detected_at"] or "",
                    i["acknowledged_at"] or "", i["mitigated_at"] or "", i["resolved_at"] or "",
                    minutes(i["impact_started_at"], i["detected_at"]),
                    minutes(i["detected_at"], i["acknowledged_at"]),
                    minutes(i["impact_started_at"], i["resolved_at"]),
                    f"{base}/incidents/{i['number']}",
                ])
                rows += 1
            url = base + page["next"] if page["next"] else None
            params = None  # `next` carries them
    print(f"{rows} incidents of {name} ({first} to {last}) written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
