"""Search latency (Elasticsearch vs database fallback vs plain icontains) and bulk-index throughput.

Each size gets its own PostgreSQL database (created and seeded once, then reused) and its own index.
Prints a markdown table.

Usage: .venv/bin/python bench/search.py [--sizes 100000 1000000] [--runs 7] [--workers 2] [--index-only]
Needs PostgreSQL (scripts/postgres.sh start) and Elasticsearch (scripts/elasticsearch.sh start).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import migrated_database  # noqa: E402

PG = os.environ.get("BENCH_POSTGRES", "postgres://registry:registry@127.0.0.1:5432")

# Realistic public queries: Han fragments, pinyin, a code, filters, and an empty query with facets.
QUERIES = [
    {"text": "志愿者"},
    {"text": "书法"},
    {"text": "养老服务"},
    {"text": "闵行区青年"},
    {"text": "科技"},
    {"text": "qnzyz"},
    {"text": "shequ"},
    {"text": "<code>"},
    {"text": "协会", "org_type": "1", "jurisdiction": "310112"},
    {"text": "中心", "founded_year": "2020"},
    {"grade": "5A"},
    {},
]


def database_url(size: int) -> str:
    return f"{PG}/registry_bench_{size}"


def prepare(size: int) -> None:
    """Create, migrate and seed the size's database unless it already holds `size` organizations."""
    env = {**os.environ, "DATABASE_URL": database_url(size)}
    manage = [sys.executable, str(ROOT / "manage.py")]
    if not migrated_database(f"registry_bench_{size}"):
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*manage, "seed_demo", "--orgs", str(size), "--seed", "7", "--no-accounts"], env=env, check=True)


def measure(
    size: int, runs: int, skip_fallback: bool = False, workers: int | None = None, index_only: bool = False
) -> list[dict]:
    os.environ["DATABASE_URL"] = database_url(size)
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = f"bench_{size}"
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.db import connections

    if not hasattr(measure, "ready"):
        django.setup()
        measure.ready = True
    connections.close_all()
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = f"registry_bench_{size}"
    settings.ELASTICSEARCH_INDEX_PREFIX = f"bench_{size}"
    from registry.models import Organization
    from registry.search.backends import get_backend
    from registry.search.base import SearchQuery
    from registry.services.search_rebuild import default_workers, index_rebuild

    organizations = Organization.objects.exclude(uscc__isnull=True).select_related("jurisdiction")
    count = organizations.count()
    es = get_backend("elasticsearch")
    # The same rebuild as `manage.py search_index --rebuild`: worker processes, a new index, the alias swapped.
    workers = default_workers() if workers is None else workers
    started = time.perf_counter()
    indexed = index_rebuild(backend=es, workers=workers).indexed
    index_seconds = time.perf_counter() - started
    code = organizations.order_by("pk").values_list("uscc", flat=True)[count // 2]
    queries = [SearchQuery(**{**q, "text": code if q.get("text") == "<code>" else q.get("text", "")}) for q in QUERIES]

    def icontains(query):
        qs = Organization.objects.filter(name__icontains=query.text) if query.text else Organization.objects.all()
        return qs.count(), list(qs.order_by("-founded_on")[:20].values_list("id", flat=True))

    backends = {
        "elasticsearch": es.search,
        "database fallback": get_backend("database").search,
        "plain icontains": icontains,
    }
    if skip_fallback:
        del backends["database fallback"]
    if index_only:
        backends = {}
    rows = []
    for name, run in backends.items():
        timings = []
        for query in queries:
            run(query)  # warm-up
            for _ in range(runs):
                t0 = time.perf_counter()
                run(query)
                timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        rows.append(
            {
                "size": count,
                "backend": name,
                "p50": statistics.median(timings),
                "p95": timings[int(len(timings) * 0.95) - 1],
            }
        )
    rows.append({"size": count, "indexed": indexed, "index_seconds": index_seconds, "workers": workers})
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-fallback", action="store_true", help="measure Elasticsearch and icontains only")
    parser.add_argument("--workers", type=int, default=None, help="rebuild worker processes (default: CPU count)")
    parser.add_argument("--index-only", action="store_true", help="measure the full reindex only, no searches")
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        prepare(size)
        results.extend(measure(size, args.runs, args.skip_fallback, args.workers, args.index_only))
    if not args.index_only:
        print(
            f"\n{len(QUERIES)} queries × {args.runs} runs each, after one warm-up; facets included for both backends.\n"
        )
        print("| organizations | search | p50 ms | p95 ms | p95 vs icontains |")
        print("|---:|---|---:|---:|---:|")
    for size in sorted({r["size"] for r in results}) if not args.index_only else []:
        rows = [r for r in results if r["size"] == size and "backend" in r]
        baseline = next(r["p95"] for r in rows if r["backend"] == "plain icontains")
        for r in rows:
            print(f"| {size:,} | {r['backend']} | {r['p50']:.1f} | {r['p95']:.1f} | {baseline / r['p95']:.1f}× |")
    print("\n| organizations | full reindex | workers | organizations/s |")
    print("|---:|---:|---:|---:|")
    for r in results:
        if "indexed" in r:
            rate = r["indexed"] / r["index_seconds"]
            print(f"| {r['size']:,} | {r['index_seconds']:.1f} s | {r['workers']} | {rate:,.0f} |")


if __name__ == "__main__":
    main()
