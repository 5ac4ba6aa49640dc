"""Time opening an annual inspection season (a report and a Viewflow process per organization).

Uses the database bench/search.py creates for the size (registry_bench_<size>); the season's reports and
processes from an earlier run are removed first. Prints a markdown table.

Usage: .venv/bin/python bench/annual.py [--size 100000] [--year 2025]
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_POSTGRES", "postgres://registry:registry@127.0.0.1:5432")

CLEANUP = [
    """CREATE TEMP TABLE bench_processes AS
       SELECT process_ptr_id AS id FROM workflows_bureauprocess b
       JOIN registry_annualreport r ON r.id = b.annual_report_id WHERE r.year = %(year)s""",
    """DELETE FROM viewflow_task_previous WHERE from_task_id IN
       (SELECT t.id FROM viewflow_task t JOIN bench_processes p ON p.id = t.process_id)
       OR to_task_id IN (SELECT t.id FROM viewflow_task t JOIN bench_processes p ON p.id = t.process_id)""",
    "DELETE FROM viewflow_task WHERE process_id IN (SELECT id FROM bench_processes)",
    "DELETE FROM workflows_bureauprocess WHERE process_ptr_id IN (SELECT id FROM bench_processes)",
    "DELETE FROM viewflow_process WHERE id IN (SELECT id FROM bench_processes)",
    "DELETE FROM registry_annualreport WHERE year = %(year)s",
    "DROP TABLE bench_processes",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    url = f"{PG}/registry_bench_{args.size}"
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"], env=env, check=True)
    os.environ["DATABASE_URL"] = url
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = f"bench_{args.size}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection, transaction

    from registry.models import Organization
    from workflows.flows.annual_inspection.services import annual_season_open

    with transaction.atomic(), connection.cursor() as cursor:
        for statement in CLEANUP:
            cursor.execute(statement, {"year": args.year})
    total = Organization.objects.count()
    rows = []
    for label in ("opening the season", "running it again (idempotent)"):
        started = time.perf_counter()
        result = annual_season_open(year=args.year)
        rows.append((label, time.perf_counter() - started, result["processes"]))
    print("\n| organizations | annual inspection season | seconds | processes opened | per second |")
    print("|---:|---|---:|---:|---:|")
    for label, seconds, processes in rows:
        print(f"| {total:,} | {label} | {seconds:.1f} | {processes:,} | {processes / seconds:,.0f} |")


if __name__ == "__main__":
    main()
