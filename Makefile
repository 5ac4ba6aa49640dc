.PHONY: run test test-faults lint messages stop serve

# Install everything, start Elasticsearch, load demo data and serve http://127.0.0.1:8000/
run:
	bash scripts/run.sh

# Start PostgreSQL and Elasticsearch, then run the suite on PostgreSQL (in parallel, one worker per core)
test:
	bash scripts/test.sh -m "not cluster and not operations" -n auto --dist load --maxschedchunk 1

# The operations stage: the fault test starts the production shape (scripts/cluster.sh) on this machine and
# breaks it, the restore drill, and every benchmark once at a tiny size (5-7 minutes)
test-faults:
	bash scripts/test.sh -m "cluster or operations"

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

# Refresh and compile the translation catalogues (compiled .mo files are committed)
messages:
	.venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=.cache
	.venv/bin/python manage.py compilemessages -l en -l zh_Hans --ignore=.venv

stop:
	bash scripts/elasticsearch.sh stop

# Production start of one app server (settings from the environment; see docs/DEPLOYMENT.md)
serve:
	.venv/bin/python manage.py collectstatic --no-input -v 0
	rm -rf var/prometheus && mkdir -p var/prometheus
	PROMETHEUS_MULTIPROC_DIR=$${PROMETHEUS_MULTIPROC_DIR:-$$PWD/var/prometheus} .venv/bin/gunicorn config.wsgi --bind 0.0.0.0:$${PORT:-8000} --workers $${WEB_CONCURRENCY:-4} --timeout 30
