"""Run the benchmarks side by side and print one markdown report.

Usage: .venv/bin/python bench/run.py --tiny    # every benchmark once on a few hundred records (the test suite runs it)
       .venv/bin/python bench/run.py --quick   # 100,000 organizations; under 10 minutes on 2 cores
       .venv/bin/python bench/run.py --full    # adds the 1,000,000 cases (seeding them takes a while once)
Needs PostgreSQL and Elasticsearch running (scripts/postgres.sh start; scripts/elasticsearch.sh start).
"""

import argparse
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

SUITES = {
    # Not a measurement: proves that every benchmark still runs after a change to the code it drives.
    "tiny": [
        ("Certificates", ["bench/certificates.py", "--runs", "1"]),
        ("Search and indexing", ["bench/search.py", "--sizes", "300", "--runs", "1"]),
        ("Dormancy sweep", ["bench/dormancy.py", "--size", "300"]),
        ("Annual inspection season", ["bench/annual.py", "--size", "300"]),
        ("Registration process and officer inbox", ["bench/flows.py", "--processes", "1", "--tasks", "50"]),
        ("Register import", ["bench/import_register.py", "--size", "200", "--index"]),
    ],
    "quick": [
        ("Certificates", ["bench/certificates.py", "--runs", "10"]),
        ("Search and indexing", ["bench/search.py", "--sizes", "100000", "--runs", "5"]),
        ("Dormancy sweep", ["bench/dormancy.py", "--size", "100000"]),
        ("Annual inspection season", ["bench/annual.py", "--size", "100000"]),
        ("Registration process and officer inbox", ["bench/flows.py", "--processes", "20", "--tasks", "10000"]),
        ("Register import", ["bench/import_register.py", "--size", "100000"]),
    ],
    "full": [
        ("Certificates", ["bench/certificates.py", "--runs", "30"]),
        ("Search and indexing", ["bench/search.py", "--sizes", "100000", "1000000", "--runs", "7"]),
        ("Dormancy sweep", ["bench/dormancy.py", "--size", "1000000"]),
        ("Annual inspection season", ["bench/annual.py", "--size", "100000"]),
        ("Registration process and officer inbox", ["bench/flows.py", "--processes", "100", "--tasks", "10000"]),
        ("Register import", ["bench/import_register.py", "--size", "100000", "--index"]),
    ],
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--tiny", action="store_true")
    mode.add_argument("--quick", action="store_true")
    mode.add_argument("--full", action="store_true")
    args = parser.parse_args()
    name = "full" if args.full else "tiny" if args.tiny else "quick"
    suite = SUITES[name]
    report = [
        f"# Benchmarks ({name}), {time.strftime('%Y-%m-%d')}",
        "",
        f"Machine: {platform.node()}, {platform.machine()}, Python {platform.python_version()}, {_cores()} cores.",
    ]
    started = time.perf_counter()
    failed = []
    for title, command in suite:
        print(f"… {title}", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        result = subprocess.run([PYTHON, *command], cwd=ROOT, capture_output=True, text=True)
        report += ["", f"## {title} ({time.perf_counter() - t0:.0f} s)", ""]
        if result.returncode != 0:
            report.append(f"failed (exit {result.returncode}): {result.stderr.strip().splitlines()[-1:]}")
            failed.append(title)
            continue
        kept = [line for line in result.stdout.splitlines() if line.startswith("|") or not line or "runs each" in line]
        # Keep the blank lines between tables (markdown needs them), not runs of them.
        report += [line for i, line in enumerate(kept) if line or (i and kept[i - 1])]
    report += ["", f"Total: {time.perf_counter() - started:.0f} s"]
    if failed:
        report += ["", f"Failed: {', '.join(failed)}"]
    print("\n".join(report))
    sys.exit(1 if failed else 0)


def _cores() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    main()
