"""Recovery time and recovery point of a point-in-time restore, on a register of a given size; prints a table.

Starts a PostgreSQL server of its own (port 5499) with WAL archiving through scripts/backup.sh, seeds it,
takes a base backup and a file backup, makes a change, notes the moment, makes another, then loses the data
directory and the files and restores to that moment with scripts/restore.sh, timing each step: unpacking
the base backup, replaying the WAL, the files, and rebuilding search from the database. tests/cluster/
test_restore_drill.py runs the same drill on a small register and checks what came back.

Usage: .venv/bin/python bench/restore.py [--size 100000]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
PORT = int(os.environ.get("DRILL_PG_PORT", "5499"))
ARCHIVE_TIMEOUT = 60  # seconds: the most WAL a quiet server keeps before archiving it (the recovery point)


def pg_bin(name: str) -> str:
    version = sorted(os.listdir("/usr/lib/postgresql"), key=int)[-1]
    return f"/usr/lib/postgresql/{version}/bin/{name}"


def as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a server command as the postgres user when we are root (PostgreSQL refuses to run as root)."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=300, **kwargs)


class Drill:
    def __init__(self, root: Path):
        self.root = root
        self.data = root / "data"
        self.backup = root / "backup"
        self.var = root / "var"
        self.url = f"postgres://postgres@127.0.0.1:{PORT}/registry"

    def env(self) -> dict:
        env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "ELASTICSEARCH_URL") if key in os.environ}
        return {
            **env,
            "DATABASE_URL": self.url,
            "REGISTRY_VAR_DIR": str(self.var),
            "BACKUP_DIR": str(self.backup),
            "BACKUP_PG": f"host=127.0.0.1 port={PORT} user=postgres",
            "ELASTICSEARCH_INDEX_PREFIX": "restore_drill",
            "DJANGO_SECRET_KEY": "restore-drill-key-0123456789abcdef0123456789",
        }

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [str(PYTHON), "manage.py", *args], cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=3600
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def script(self, name: str, *args: str) -> str:
        result = subprocess.run(
            ["bash", str(ROOT / "scripts" / name), *args], env=self.env(), capture_output=True, text=True, timeout=3600
        )
        if result.returncode != 0:
            raise RuntimeError(f"{name} {' '.join(args)}:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self):
        as_postgres([pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "start"])

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            as_postgres([pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def sql(self, query: str, params=(), *, database: str = "registry"):
        with psycopg.connect(self.url.rsplit("/", 1)[0] + "/" + database, autocommit=True) as connection:
            cursor = connection.execute(query, params)
            return cursor.fetchall() if cursor.description else []


@contextmanager
def drill_server():
    """A new PostgreSQL server archiving its WAL to a backup directory, removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="registry-restore-drill-"))
    root.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    drill = Drill(root)
    # The archive command runs as the server's user: give it its own copy of the script.
    archiver = root / "backup.sh"
    shutil.copy(ROOT / "scripts" / "backup.sh", archiver)
    as_postgres([pg_bin("initdb"), "-D", str(drill.data), "-A", "trust", "-U", "postgres", "-E", "UTF8"])
    with open(drill.data / "postgresql.auto.conf", "a") as conf:
        conf.write(
            f"port = {PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{root}'\n"
            f"wal_level = replica\narchive_mode = on\narchive_timeout = {ARCHIVE_TIMEOUT}\n"
            f"archive_command = 'BACKUP_DIR={drill.backup} bash {archiver} wal %p %f'\n"
        )
    drill.backup.mkdir()
    if os.geteuid() == 0:
        shutil.chown(drill.backup, "postgres")
    drill.start()
    try:
        yield drill
    finally:
        drill.stop()
        shutil.rmtree(root, ignore_errors=True)


def stored_files(drill: Drill) -> list[str]:
    return sorted(
        str(path.relative_to(drill.var))
        for folder in ("uploads", "certificates")
        for path in (drill.var / folder).rglob("*")
        if path.is_file()
    )


def change(drill: Drill, reason: str) -> None:
    """A change through the register's own service: a change of domicile, written to the history."""
    drill.manage(
        "shell",
        "-c",
        "from registry.choices import HistoryAction; from registry.models import Organization; "
        "from registry.services.register import organization_update; "
        "org = Organization.objects.filter(status='normal').order_by('pk').first(); "
        f"organization_update(organization=org, by=None, reason='{reason}', action=HistoryAction.CHANGED, "
        f"domicile='上海市闵行区莘庄镇{reason}路1号')",
    )


def wait_until_promoted(drill: Drill) -> None:
    for _ in range(2400):
        if not drill.sql("SELECT pg_is_in_recovery()")[0][0]:
            return
        time.sleep(0.25)
    raise RuntimeError("the restored server did not finish its recovery")


def archive_everything(drill: Drill) -> None:
    """Switch to a new WAL segment and wait until the one holding the last change is archived."""
    (segment,) = drill.sql("SELECT pg_walfile_name(pg_current_wal_lsn())")[0]
    drill.sql("SELECT pg_switch_wal()")
    for _ in range(240):
        if (drill.backup / "wal" / segment).exists():
            return
        time.sleep(0.25)
    raise RuntimeError(f"WAL segment {segment} was not archived")


def drill_run(drill: Drill, *, size: int) -> tuple[str, dict]:
    """Seed, back up, change, restore to between the changes; the target moment and each step's seconds."""
    timings = {}

    def timed(label, func, *args):
        started = time.perf_counter()
        result = func(*args)
        timings[label] = time.perf_counter() - started
        return result

    drill.sql("CREATE DATABASE registry", database="postgres")
    drill.manage("migrate", "--no-input", "-v", "0")
    drill.manage("signing_setup")
    timed("seed the register (not part of the restore)", drill.manage, "seed_demo", "--orgs", str(size), "--seed", "3")
    timed("base backup (pg_basebackup, compressed)", drill.script, "backup.sh", "base")
    timed("file backup (uploads, certificates, manifest)", drill.script, "backup.sh", "files")
    change(drill, "演练甲")
    time.sleep(1.5)
    (target,) = drill.sql("SELECT to_char(now(), 'YYYY-MM-DD HH24:MI:SS.USOF')")[0]
    time.sleep(1.5)
    change(drill, "演练乙")
    archive_everything(drill)
    drill.stop()
    shutil.rmtree(drill.var / "uploads", ignore_errors=True)
    shutil.rmtree(drill.var / "certificates", ignore_errors=True)
    timed(
        "restore the base backup and the files (restore.sh --files)",
        drill.script,
        "restore.sh",
        "--pgdata",
        str(drill.data),
        "--target-time",
        target,
        "--files",
    )
    started = time.perf_counter()
    drill.start()
    wait_until_promoted(drill)
    timings["replay the WAL to the target and open"] = time.perf_counter() - started
    timed("rebuild search from the database", drill.manage, "search_index", "--rebuild")
    return target, timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    with drill_server() as drill:
        _target, timings = drill_run(drill, size=args.size)
        organizations = drill.sql("SELECT count(*) FROM registry_organization")[0][0]
        base_bytes = sum(f.stat().st_size for f in (drill.backup / "base").rglob("*") if f.is_file())
    print(f"\n{organizations:,} organizations; base backup {base_bytes / 1e6:.0f} MB\n")
    print("| step | seconds |\n|---|---:|")
    for label, seconds in timings.items():
        print(f"| {label} | {seconds:.1f} |")
    recovery = sum(s for label, s in timings.items() if label.startswith(("restore", "replay", "rebuild")))
    print(f"| **recovery time** (restore, replay, search) | **{recovery:.1f}** |")
    print(f"| recovery point: a quiet server archives its WAL at least every | {ARCHIVE_TIMEOUT} |")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
