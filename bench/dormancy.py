"""Time the dormancy sweep (set-based SQL) over a large register; prints a markdown table.

Uses the databases bench/search.py creates (registry_bench_<size>), migrating them first. A register
seeded before annual-report years were recorded gets them filled in by one UPDATE with the demo's mix
(most report yearly; about 3 % stopped years ago).

Usage: .venv/bin/python bench/dormancy.py [--size 1000000]
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_POSTGRES", "postgres://registry:registry@127.0.0.1:5432")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    url = f"{PG}/registry_bench_{args.size}"
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"], env=env, check=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from registry.models import DormancyCase, Organization
    from registry.services.dormancy import sweep_dormant

    if not Organization.objects.filter(last_annual_report_year__isnull=False).exists():
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE registry_organization SET last_annual_report_year = CASE
                    WHEN founded_on IS NULL OR founded_on >= DATE '2025-01-01' THEN NULL
                    WHEN id % 100 < 3 THEN CASE WHEN EXTRACT(YEAR FROM founded_on) <= 2023 - id % 3
                                                THEN 2023 - id % 3 END
                    WHEN on_abnormal_list THEN 2024
                    ELSE 2025 END
                """
            )
    DormancyCase.objects.all().delete()
    total = Organization.objects.count()
    rows = []
    for label in ("first run (finds every candidate)", "second run (nothing new: idempotent)"):
        started = time.perf_counter()
        counts = sweep_dormant()
        seconds = time.perf_counter() - started
        rows.append((label, seconds, sum(counts.values())))
    print("\n| organizations | sweep | seconds | new cases |\n|---:|---|---:|---:|")
    for label, seconds, found in rows:
        print(f"| {total:,} | {label} | {seconds:.2f} | {found:,} |")


if __name__ == "__main__":
    main()
