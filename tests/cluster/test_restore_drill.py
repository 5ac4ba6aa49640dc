"""The restore drill: back up, keep changing, restore to a moment in between, and find exactly what was there.

A PostgreSQL server of its own (bench/restore.py's drill: port 5499, WAL archived by scripts/backup.sh)
holds a small seeded register. Base backup and file backup; change A; the target moment; change B; then the
data directory and the files are lost, scripts/restore.sh brings them back to the target moment, and: change
A is there and change B is not, every stored file matches its recorded hash, the audit chains are whole, and
search, rebuilt from the database, agrees with the register.
"""

import hashlib

import pytest

from bench.restore import drill_run, drill_server, stored_files

pytestmark = pytest.mark.cluster


def test_restore_to_a_moment_between_changes():
    with drill_server() as drill:
        _target, _timings = drill_run(drill, size=120)
        files = stored_files(drill)
        assert any(name.startswith("certificates/") for name in files), "the demo renders certificates"

        reasons = {row[0] for row in drill.sql("SELECT reason FROM registry_organizationhistory")}
        assert "演练甲" in reasons and "演练乙" not in reasons
        domiciles = {row[0] for row in drill.sql("SELECT domicile FROM registry_organization")}
        assert "上海市闵行区莘庄镇演练甲路1号" in domiciles and "上海市闵行区莘庄镇演练乙路1号" not in domiciles

        certificates = drill.sql("SELECT file_name, file_sha256 FROM registry_certificate WHERE file_sha256 <> ''")
        assert certificates
        for name, digest in certificates:
            assert hashlib.sha256((drill.var / "certificates" / name).read_bytes()).hexdigest() == digest, name

        assert "审计链完好" in drill.manage("audit_verify", "--no-anchor")
        assert "索引与数据库一致" in drill.manage("search_index", "--check")
