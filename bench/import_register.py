"""Time importing an existing register (organizations and their annual results) from a workbook; prints a table.

Builds a workbook of plausible organizations from the demo generator (a sheet of organizations, one of
annual inspection results for their last two reports, one of grades), then imports it into a fresh
PostgreSQL database `registry_bench_import`: a dry run (read and check every row), the import itself,
the same file again (nothing changes), and optionally sending the queued index updates to Elasticsearch.

Usage: .venv/bin/python bench/import_register.py [--size 100000] [--index]
"""

import argparse
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import migrated_database  # noqa: E402

PG = os.environ.get("BENCH_POSTGRES", "postgres://registry:registry@127.0.0.1:5432")
DB_NAME = "registry_bench_import"


def fresh_database() -> str:
    migrated_database(DB_NAME, fresh=True)
    return f"{PG}/{DB_NAME}"


def build_workbook(size: int) -> tuple[bytes, dict]:
    from openpyxl import Workbook

    from registry.demo import generate
    from registry.models import Jurisdiction
    from registry.rules.annual import must_report
    from registry.rules.codes import build_uscc, org_body_for_serial
    from registry.rules.names import name_errors
    from registry.rules.register_import import SHEET_BY_KEY

    rng = random.Random(7)
    jurisdictions = {j.code: j for j in Jurisdiction.objects.all()}
    contexts = {code: j.name_context() for code, j in jurisdictions.items()}
    choices = [(j.code, j.full_name, j.name) for j in jurisdictions.values()]
    preferred = ["310112", "310117", "310151"]
    choices.sort(key=lambda c: (c[0] not in preferred, c[0]))
    labels = {"1": "社会团体", "2": "民办非企业单位", "3": "基金会"}
    statuses = {"normal": "正常", "revoked": "撤销", "deregistered": "注销"}
    directs = {
        "industry": "行业协会商会类",
        "science": "科技类",
        "charity": "公益慈善类",
        "community": "城乡社区服务类",
    }
    workbook = Workbook(write_only=True)
    orgs = workbook.create_sheet(SHEET_BY_KEY["organizations"].title)
    orgs.append([c.header for c in SHEET_BY_KEY["organizations"].columns])
    results = workbook.create_sheet(SHEET_BY_KEY["annual_results"].title)
    results.append([c.header for c in SHEET_BY_KEY["annual_results"].columns])
    grades = workbook.create_sheet(SHEET_BY_KEY["grades"].title)
    grades.append([c.header for c in SHEET_BY_KEY["grades"].columns])
    taken: set = set()
    counts = {"organizations": 0, "annual_results": 0, "grades": 0}
    serial = 0
    while counts["organizations"] < size:
        demo = generate(rng, jurisdictions=choices, taken=taken)
        if demo.status == "preparing":
            continue
        # A few demo names (e.g. 上海市闵行区医学会) break the name rules; a register to import would not have them.
        if name_errors(demo.name, org_type=demo.org_type, context=contexts[demo.jurisdiction_code]):
            continue
        code = build_uscc(
            category=demo.org_type, division_code=demo.jurisdiction_code, org_body=org_body_for_serial(serial)
        )
        serial += 1
        orgs.append(
            [
                code,
                demo.name,
                labels[demo.org_type],
                statuses[demo.status],
                demo.domicile,
                demo.legal_rep_name,
                demo.legal_rep_id_number,
                demo.business_scope,
                demo.competent_unit,
                directs.get(demo.direct_category, ""),
                demo.activity_area,
                demo.registered_funds,
                demo.founded_on,
                demo.certificate_valid_until,
                demo.status_changed_on,
            ]
        )
        counts["organizations"] += 1
        last = demo.last_annual_report_year
        for year in (last - 1, last) if last else ():
            # Only years the organization had to report for (registered before that year's cutoff).
            if must_report(demo.founded_on, year):
                results.append([code, year, "合格" if rng.random() < 0.9 else "基本合格", None])
                counts["annual_results"] += 1
        if demo.grade:
            grades.append([code, demo.grade, demo.grade_expires_on.replace(year=demo.grade_expires_on.year - 5), None])
            counts["grades"] += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--index", action="store_true", help="also send the queued index updates to Elasticsearch")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = fresh_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ELASTICSEARCH_INDEX_PREFIX", "bench_import")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from registry.models import Organization
    from registry.services.register_import import drain_imported, register_import

    rows = []
    started = time.perf_counter()
    data, counts = build_workbook(args.size)
    rows.append(
        ("build the workbook (not part of the import)", time.perf_counter() - started, f"{len(data) / 1e6:.1f} MB")
    )
    imported_ids = []
    for label, kwargs in (
        ("dry run: read and check every row", {"dry_run": True}),
        ("import (organizations, results, grades, history, index queue)", {}),
        ("the same file again (nothing changes)", {}),
    ):
        started = time.perf_counter()
        result = register_import(data=data, filename="bench.xlsx", **kwargs)
        seconds = time.perf_counter() - started
        assert not result.problems, result.problems[:5]
        c = result.counts
        rows.append((label, seconds, f"{c['created']:,} new, {c['updated']:,} updated, {c['unchanged']:,} unchanged"))
        print(f"… {label}: {seconds:.1f} s", file=sys.stderr, flush=True)
        imported_ids = imported_ids or result.organization_ids
    if args.index:
        from registry.models import IndexTask
        from registry.services.search_queue import drain_index_queue

        started = time.perf_counter()
        totals = drain_imported(imported_ids)
        retries = 0
        # What timed out stays queued; drain it as the scheduled job would, without waiting for the backoff.
        while IndexTask.objects.exists() and retries < 20:
            retries += 1
            totals["done"] += drain_index_queue(force=True, limit=2000)["done"]
        outcome = f"{totals['done']:,} documents; {retries} batches retried from the queue"
        rows.append(("send the queued index updates to Elasticsearch", time.perf_counter() - started, outcome))
    print(
        f"\nworkbook: {counts['organizations']:,} organizations, {counts['annual_results']:,} annual results, "
        f"{counts['grades']:,} grades; register now {Organization.objects.count():,} organizations\n"
    )
    print("| step | seconds | outcome |\n|---|---:|---|")
    for label, seconds, outcome in rows:
        print(f"| {label} | {seconds:.1f} | {outcome} |")


if __name__ == "__main__":
    main()
