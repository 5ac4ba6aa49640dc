#!/usr/bin/env bash
# Restore the register to a moment: the newest base backup before it, then the archived WAL up to it.
#
# Usage (the PostgreSQL server stopped):
#   scripts/restore.sh --pgdata DIR --target-time "2026-12-05 10:30:00+08" [--base STAMP] [--files]
#     --pgdata       the server's data directory (moved aside to DIR.before-restore-<time>, never deleted)
#     --target-time  recover every transaction committed up to this moment, none after it
#     --base         the base backup to start from (default: the newest that finished before the target time)
#     --files        also put back the uploads and documents from the backup and check them against their manifest
# Then start the server: it replays the WAL, stops at the target and opens for writes. Then rebuild search:
#   .venv/bin/python manage.py search_index --rebuild && .venv/bin/python manage.py audit_verify
# Environment: BACKUP_DIR, REGISTRY_VAR_DIR and REGISTRY_CERTIFICATE_ROOT as for scripts/backup.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
BACKUP_DIR=${BACKUP_DIR:-$here/var/backup}
pgdata="" target="" base="" restore_files=0
while [ $# -gt 0 ]; do
    case "$1" in
        --pgdata) pgdata=$2; shift 2 ;;
        --target-time) target=$2; shift 2 ;;
        --base) base=$2; shift 2 ;;
        --files) restore_files=1; shift ;;
        *) sed -n '4,11p' "$0" >&2; exit 2 ;;
    esac
done
[ -n "$pgdata" ] && [ -n "$target" ] || { sed -n '4,11p' "$0" >&2; exit 2; }
if [ -f "$pgdata/postmaster.pid" ]; then
    echo "restore.sh: the server is running on $pgdata: stop it first" >&2
    exit 1
fi
target_epoch=$(date -d "$target" +%s) || { echo "restore.sh: cannot read the time '$target'" >&2; exit 2; }
if [ -z "$base" ]; then
    for stamp in $(bash "$here/scripts/backup.sh" list); do
        finished=$(date -d "$(cat "$BACKUP_DIR/base/$stamp/finished")" +%s)
        [ "$finished" -le "$target_epoch" ] && base=$stamp
    done
fi
[ -n "$base" ] || { echo "restore.sh: no base backup finished before $target" >&2; exit 1; }
echo "restoring base backup $base, then WAL up to $target"

owner=$(stat -c %U "$pgdata" 2>/dev/null || id -un)
aside="$pgdata.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
[ -d "$pgdata" ] && mv "$pgdata" "$aside" && echo "the old data directory is kept in $aside"
mkdir -p "$pgdata"
tar -xzf "$BACKUP_DIR/base/$base/base.tar.gz" -C "$pgdata"
rm -f "$pgdata/postmaster.pid"
cat >>"$pgdata/postgresql.auto.conf" <<EOF
# scripts/restore.sh $(date -u +%Y-%m-%dT%H:%M:%SZ): point-in-time recovery
restore_command = 'cp "$BACKUP_DIR/wal/%f" "%p"'
recovery_target_time = '$target'
recovery_target_inclusive = true
recovery_target_action = 'promote'
EOF
touch "$pgdata/recovery.signal"
chmod 700 "$pgdata"
[ "$(id -u)" = 0 ] && chown -R "$owner" "$pgdata"

if [ "$restore_files" = 1 ]; then
    bash "$here/scripts/backup.sh" restore-files
fi
echo "now start the server; it stops replaying at $target and opens for writes"
