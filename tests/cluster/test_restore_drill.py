"""The restore drill: back up, keep changing, restore to a moment in between, and find exactly what was there.

A PostgreSQL server of its own (port 5499, WAL archived by scripts/backup.sh) holds a small seeded register.
Base backup and file backup; change A; the target moment; change B; then the data directory and the
uploads are lost, scripts/restore.sh brings them back to the target moment, and: change A is there and
change B is not, every stored file matches its recorded hash, the audit chains are whole, and search,
rebuilt from the database, agrees with the register.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
PORT = int(os.environ.get("DRILL_PG_PORT", "5499"))

pytestmark = pytest.mark.cluster


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
            [str(PYTHON), "manage.py", *args], cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def script(self, name: str, *args: str) -> str:
        result = subprocess.run(
            ["bash", str(ROOT / "scripts" / name), *args], env=self.env(), capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, f"{name} {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
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


@pytest.fixture
def drill():
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
            "wal_level = replica\narchive_mode = on\n"
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


def test_restore_to_a_moment_between_changes(drill):
    drill.sql("CREATE DATABASE registry", database="postgres")
    drill.manage("migrate", "--no-input", "-v", "0")
    drill.manage("seed_demo", "--orgs", "120", "--seed", "3")
    files_before = stored_files(drill)
    assert any(name.startswith("certificates/") for name in files_before), "the demo renders certificates"

    drill.script("backup.sh", "base")
    drill.script("backup.sh", "files")
    change(drill, "演练甲")
    time.sleep(1.5)
    (target,) = drill.sql("SELECT to_char(now(), 'YYYY-MM-DD HH24:MI:SS.USOF')")[0]
    time.sleep(1.5)
    change(drill, "演练乙")
    drill.sql("SELECT pg_switch_wal()")
    for _ in range(60):  # the segment holding change B reaches the archive
        archived = drill.sql("SELECT last_archived_wal FROM pg_stat_archiver")[0][0]
        current = drill.sql("SELECT pg_walfile_name(pg_current_wal_lsn())")[0][0]
        if archived and archived < current and (drill.backup / "wal" / archived).exists():
            break
        time.sleep(0.5)

    # The disaster: the server's data directory and the uploads are gone.
    drill.stop()
    shutil.rmtree(drill.var / "uploads", ignore_errors=True)
    shutil.rmtree(drill.var / "certificates")
    drill.script("restore.sh", "--pgdata", str(drill.data), "--target-time", target, "--files")
    drill.start()
    for _ in range(120):
        if not drill.sql("SELECT pg_is_in_recovery()")[0][0]:
            break
        time.sleep(0.5)
    assert drill.sql("SELECT pg_is_in_recovery()")[0][0] is False

    reasons = {row[0] for row in drill.sql("SELECT reason FROM registry_organizationhistory")}
    assert "演练甲" in reasons and "演练乙" not in reasons
    domiciles = {row[0] for row in drill.sql("SELECT domicile FROM registry_organization")}
    assert "上海市闵行区莘庄镇演练甲路1号" in domiciles and "上海市闵行区莘庄镇演练乙路1号" not in domiciles

    assert stored_files(drill) == files_before
    certificates = drill.sql("SELECT file_name, file_sha256 FROM registry_certificate WHERE file_sha256 <> ''")
    assert certificates
    for name, digest in certificates:
        assert hashlib.sha256((drill.var / "certificates" / name).read_bytes()).hexdigest() == digest, name

    assert "审计链完好" in drill.manage("audit_verify", "--no-anchor")
    drill.manage("search_index", "--rebuild")
    check = drill.manage("search_index", "--check")
    assert "索引与数据库一致" in check, check
