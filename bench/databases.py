"""Benchmark databases: each new one is a copy of a migrated template, so a run migrates from scratch once.

The template is named after a digest of the migration files; when they change, the next run builds a new one
(under a temporary name, renamed when complete, so an interrupted build is never used) and drops the old."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_POSTGRES", "postgres://registry:registry@127.0.0.1:5432")
PREFIX = "registry_bench_template_"


def migrations_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/[0-9]*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _exists(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _template(conn) -> str:
    name = f"{PREFIX}{migrations_digest()}"
    if _exists(conn, name):
        return name
    for (old,) in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [PREFIX + "%"]).fetchall():
        conn.execute(f'DROP DATABASE "{old}"')
    building = f"{name}_building"
    conn.execute(f"CREATE DATABASE \"{building}\" ENCODING 'UTF8' TEMPLATE template0")
    env = {**os.environ, "DATABASE_URL": f"{PG}/{building}"}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"], env=env, check=True)
    conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    return name


def migrated_database(name: str, *, fresh: bool = False) -> bool:
    """Make database `name` a migrated copy of the template unless it exists already (with `fresh`, replace it).

    Returns True when it was created now; an existing database is left to the caller to migrate forward."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        elif _exists(conn, name):
            return False
        template = _template(conn)
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return True
