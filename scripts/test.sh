#!/usr/bin/env bash
# Check the code, then run the tests on PostgreSQL against a real Elasticsearch node.
# Extra arguments go to pytest (`make test` passes -m "not cluster" and -n for parallel workers;
# each worker has its own test database and Elasticsearch index prefix).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh test
if [ -z "${DATABASE_URL:-}" ]; then
    bash scripts/postgres.sh start
    export DATABASE_URL=postgres://registry:registry@127.0.0.1:${PGPORT:-5432}/registry
fi
# Tests of search never skip: without a node the run fails here, loudly.
bash scripts/elasticsearch.sh start
export ELASTICSEARCH_URL=${ELASTICSEARCH_URL:-http://127.0.0.1:${ES_PORT:-9200}}
export ELASTICSEARCH_INDEX_PREFIX=test_registry
export DJANGO_SECRET_KEY=test-only-key-not-used-in-production-0123456789abcdef

.venv/bin/ruff check .
python3 scripts/check_imports.py
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null || {
    echo "Models changed without a migration: run manage.py makemigrations" >&2
    exit 1
}
# Production refuses to start without a shared cache; the check needs its address only (nothing connects).
DJANGO_PRODUCTION=1 DJANGO_ALLOWED_HOSTS=registry.example.gov.cn REDIS_URL=redis://127.0.0.1:6379/0 \
    .venv/bin/python manage.py check --deploy --fail-level WARNING
.venv/bin/pytest "$@"
