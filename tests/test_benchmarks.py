"""Every benchmark still runs: `bench/run.py --tiny` drives each one once on a few hundred records."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.run import SUITES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.operations
@pytest.mark.elasticsearch
def test_every_benchmark_runs_at_a_tiny_size():
    # The benchmarks make their own databases (registry_bench_*) and index prefixes (bench_*).
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "ELASTICSEARCH_INDEX_PREFIX")}
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--tiny"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = result.stdout
    for title, _command in SUITES["tiny"]:
        section = report.split(f"## {title} (", 1)[1].split("\n## ", 1)[0]
        assert "failed" not in section, section
        assert "|---" in section, f"{title} printed no table:\n{section}"
