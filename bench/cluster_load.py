"""Requests a second and p95 of public search and the portal with one app server, then two.

Usage: scripts/cluster.sh start   # and a seeded register, e.g. manage.py seed_demo --orgs 10000
       .venv/bin/pip install -r bench/requirements.txt
       .venv/bin/python bench/cluster_load.py [--users 30] [--seconds 45]
One app server: locust against the first gunicorn server directly; two: against HAProxy in front of both.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCUST = Path(sys.executable).parent / "locust"


def run_locust(host: str, *, users: int, seconds: int) -> dict[str, tuple[float, float]]:
    """Run locust headless against `host`; return {request name: (requests a second, p95 ms)}."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = str(Path(folder) / "load")
        subprocess.run(
            [
                str(LOCUST),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--only-summary",
                "-u",
                str(users),
                "-r",
                str(max(users // 5, 1)),
                "-t",
                f"{seconds}s",
                "--host",
                host,
                "--csv",
                prefix,
            ],
            capture_output=True,
        )  # locust exits 1 when any request failed: the failures are counted in the table
        with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as stats:
            return {
                row["Name"]: (float(row["Requests/s"]), float(row["95%"]), int(row["Failure Count"]))
                for row in csv.DictReader(stats)
            }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=45)
    arguments = parser.parse_args()
    port = int(os.environ.get("CLUSTER_PORT", "8090"))
    setups = [("one app server", f"http://127.0.0.1:{port + 1}"), ("two app servers", f"http://127.0.0.1:{port}")]
    print(f"{arguments.users} simulated users, {arguments.seconds} s each\n")
    print("| app servers | request | req/s | p95 (ms) | failures |")
    print("|---|---|---:|---:|---:|")
    for label, host in setups:
        results = run_locust(host, users=arguments.users, seconds=arguments.seconds)
        for name in ("public search", "portal"):
            rate, p95, failures = results[name]
            print(f"| {label} | {name} | {rate:.1f} | {p95:.0f} | {failures} |")


if __name__ == "__main__":
    main()
