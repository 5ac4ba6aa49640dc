#!/usr/bin/env bash
# Backups of the register: PostgreSQL base backups plus continuous WAL archiving (point-in-time recovery,
# with PostgreSQL's own tools), and the uploaded files and generated documents (copied, never deleted).
# Elasticsearch is not backed up: after a restore it is rebuilt from the database (search_index --rebuild).
#
# Usage:
#   scripts/backup.sh wal PATH NAME   the server's archive_command: archive_command = '/opt/registry/scripts/backup.sh wal %p %f'
#   scripts/backup.sh base            a base backup (pg_basebackup: compressed tar with the WAL it needs)
#   scripts/backup.sh files           copy new uploads and documents to the backup; write their hash manifest
#   scripts/backup.sh list            the base backups, oldest first
#   scripts/backup.sh prune DAYS      remove base backups older than DAYS days, keeping the newest, and WAL older
#                                     than the oldest base backup kept
# Environment:
#   BACKUP_DIR        where backups go (default: var/backup); put it on another disk or host (NFS, object storage sync)
#   BACKUP_PG         libpq connection string for pg_basebackup, a role with REPLICATION (default: from PG* variables)
#   REGISTRY_VAR_DIR  the product's var directory (default: var): uploads in its uploads/, certificates in its
#                     certificates/ (or REGISTRY_CERTIFICATE_ROOT), as the settings read them
# The server needs: wal_level = replica, archive_mode = on, archive_command as above (docs/BACKUP.md).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
BACKUP_DIR=${BACKUP_DIR:-$here/var/backup}
VAR=${REGISTRY_VAR_DIR:-$here/var}
# What is kept as files: each is backed up to (and restored from) $BACKUP_DIR/files/<name>.
declare -A FILE_ROOTS=([uploads]="$VAR/uploads" [certificates]="${REGISTRY_CERTIFICATE_ROOT:-$VAR/certificates}")

wal() {  # wal PATH NAME: copy one finished WAL segment into the archive, atomically, never overwriting another
    local source=$1 name=$2 target="$BACKUP_DIR/wal/$2"
    mkdir -p "$BACKUP_DIR/wal"
    if [ -f "$target" ]; then
        # Archived before (a retry after a crash): fine if it is the same file, an error if not.
        cmp -s "$source" "$target" && exit 0
        echo "backup.sh: $name is already archived with other contents" >&2
        exit 1
    fi
    cp "$source" "$target.partial"
    sync "$target.partial" 2>/dev/null || true
    mv "$target.partial" "$target"
}

base() {
    local stamp dir
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    dir="$BACKUP_DIR/base/$stamp"
    mkdir -p "$dir"
    pg_basebackup ${BACKUP_PG:+-d "$BACKUP_PG"} -D "$dir" -Ft -z -X fetch --checkpoint=fast --label "registry $stamp"
    date -u +%Y-%m-%dT%H:%M:%SZ >"$dir/finished"
    echo "$dir"
}

files() {
    local name target="$BACKUP_DIR/files"
    for name in "${!FILE_ROOTS[@]}"; do
        mkdir -p "$target/$name" "${FILE_ROOTS[$name]}"
        # Uploads and documents are written once under new names: copy what is new, never delete or overwrite.
        cp -a --no-clobber "${FILE_ROOTS[$name]}/." "$target/$name/"
    done
    (cd "$target" && find . -type f ! -name 'MANIFEST.sha256*' -print0 | sort -z | xargs -0 -r sha256sum) \
        >"$target/MANIFEST.sha256.partial"
    mv "$target/MANIFEST.sha256.partial" "$target/MANIFEST.sha256"
    echo "$target: $(wc -l <"$target/MANIFEST.sha256") files"
}

restore_files() {  # put the files back (scripts/restore.sh --files) and check them against the manifest
    local name target="$BACKUP_DIR/files"
    for name in "${!FILE_ROOTS[@]}"; do
        mkdir -p "${FILE_ROOTS[$name]}"
        [ -d "$target/$name" ] && cp -a --no-clobber "$target/$name/." "${FILE_ROOTS[$name]}/"
    done
    local line digest path name_part rest
    while read -r digest path; do
        path=${path#./}
        name_part=${path%%/*}
        rest=${path#*/}
        echo "$digest  ${FILE_ROOTS[$name_part]}/$rest"
    done <"$target/MANIFEST.sha256" | sha256sum --quiet -c -
    echo "files restored and checked against the manifest"
}

list() {
    ls -1 "$BACKUP_DIR/base" 2>/dev/null | while read -r stamp; do
        [ -f "$BACKUP_DIR/base/$stamp/finished" ] && echo "$stamp"
    done
}

prune() {
    local days=$1 keep oldest
    keep=$(list | tail -n 1)
    [ -n "$keep" ] || { echo "no base backup" >&2; exit 1; }
    find "$BACKUP_DIR/base" -mindepth 1 -maxdepth 1 -type d -mtime "+$days" ! -name "$keep" -exec rm -rf {} +
    oldest=$(list | head -n 1)
    # WAL before the oldest base backup's start is not needed by any restore from the backups kept.
    local first
    first=$(tar -xzOf "$BACKUP_DIR/base/$oldest/base.tar.gz" ./backup_label 2>/dev/null | sed -n 's/^START WAL LOCATION: .* (file \(.*\))$/\1/p')
    if [ -n "$first" ]; then
        find "$BACKUP_DIR/wal" -type f ! -newer "$BACKUP_DIR/wal/$first" ! -name "$first" -delete
    fi
}

case "${1:-}" in
    wal) wal "$2" "$3" ;;
    base) base ;;
    files) files ;;
    list) list ;;
    prune) prune "$2" ;;
    restore-files) restore_files ;;
    *) sed -n '5,12p' "$0" >&2; exit 2 ;;
esac
