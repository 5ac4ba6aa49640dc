#!/usr/bin/env bash
# The production shape on one machine: HAProxy in front of two gunicorn app servers, a Celery worker and
# beat, Redis, PostgreSQL (the running server, a database of its own) and a two-node Elasticsearch cluster.
#
# Usage: scripts/cluster.sh start|stop|status|env
#   start   starts whatever is not running (so it also restarts a piece that died); idempotent
#   stop    stops every piece this script started (by the pid files under its state folder)
#   status  one line per piece; exit 1 if any is down
#   env     prints the environment the app servers and the worker run with
#
# Ports (all on 127.0.0.1) follow CLUSTER_PORT (default 8090): HAProxy on it, app servers on +1 and +2,
# Redis on CLUSTER_REDIS_PORT (6390), Elasticsearch HTTP on CLUSTER_ES_PORT (9250) and +1, transport +100.
# They never touch the single development node on 9200 or a Redis on 6379.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

CLUSTER_PORT=${CLUSTER_PORT:-8090}
CLUSTER_REDIS_PORT=${CLUSTER_REDIS_PORT:-6390}
CLUSTER_ES_PORT=${CLUSTER_ES_PORT:-9250}
CLUSTER_ES_HEAP=${CLUSTER_ES_HEAP:-384m}
CLUSTER_WORKERS=${CLUSTER_WORKERS:-2}   # gunicorn workers per app server
CLUSTER_DATABASE_URL=${CLUSTER_DATABASE_URL:-postgres://registry:registry@127.0.0.1:5432/registry_cluster}
state=${CLUSTER_STATE:-$root/var/cluster}
py=$root/.venv/bin/python
bin=$root/.venv/bin

es_http=("$CLUSTER_ES_PORT" "$((CLUSTER_ES_PORT + 1))")
app_ports=("$((CLUSTER_PORT + 1))" "$((CLUSTER_PORT + 2))")

# The fault drill signs up many times from one address: the daily sign-up limit per address is lifted for it.
write_env() {
    mkdir -p "$state"
    cat >"$state/env" <<EOF
DATABASE_URL=$CLUSTER_DATABASE_URL
REDIS_URL=redis://127.0.0.1:$CLUSTER_REDIS_PORT/0
ELASTICSEARCH_URL=http://127.0.0.1:${es_http[0]},http://127.0.0.1:${es_http[1]}
ELASTICSEARCH_REPLICAS=1
ELASTICSEARCH_TIMEOUT=${CLUSTER_ES_TIMEOUT:-20}
ELASTICSEARCH_INDEX_PREFIX=registry
SEARCH_BACKEND=elasticsearch
REGISTRY_VAR_DIR=$state/shared
REGISTRY_TRUSTED_PROXY_HEADER=HTTP_X_FORWARDED_FOR
REGISTRY_CELERY_VISIBILITY_SECONDS=60
REGISTRY_SIGNUPS_PER_ADDRESS_PER_DAY=100000
REGISTRY_PUBLIC_BASE_URL=http://127.0.0.1:$CLUSTER_PORT
DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
DJANGO_SECRET_KEY=${CLUSTER_SECRET_KEY:-cluster-local-key-not-for-production-0123456789abcdef}
DJANGO_SETTINGS_MODULE=config.settings
EOF
}

load_env() {
    write_env
    set -a
    # shellcheck disable=SC1091
    . "$state/env"
    set +a
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
    local seconds=$1 what=$2
    shift 2
    for _ in $(seq 1 "$seconds"); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    echo "$what did not come up in ${seconds}s" >&2
    return 1
}

http_ok() { curl -fsS --max-time 3 "$1" >/dev/null; }

start_redis() {
    local pidfile=$state/redis.pid
    if alive "$pidfile"; then return 0; fi
    command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install redis-server)" >&2; return 1; }
    mkdir -p "$state/redis"
    redis-server --port "$CLUSTER_REDIS_PORT" --bind 127.0.0.1 --daemonize yes --pidfile "$pidfile" \
        --dir "$state/redis" --logfile "$state/redis.log" --appendonly yes --save ""
    wait_for 20 "Redis" redis-cli -p "$CLUSTER_REDIS_PORT" ping
    echo "Redis on 127.0.0.1:$CLUSTER_REDIS_PORT"
}

# Elasticsearch refuses to run as root: as root it runs as a system user of its own, and keeps its data
# outside the checkout when that user cannot reach it (e.g. under a private home).
es_state=$state
if [ "$(id -u)" = 0 ]; then
    id elasticsearch >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin elasticsearch
    runuser -u elasticsearch -- test -x "$root" || es_state=/var/lib/registry-cluster-$CLUSTER_ES_PORT
fi
es_node_dir() { echo "$es_state/es-$1"; }

start_es_node() {  # start_es_node INDEX
    local i=$1 home dir pidfile run_user="" jhome
    dir=$(es_node_dir "$i")
    pidfile=$dir/es.pid
    if alive "$pidfile"; then return 0; fi
    home=$(bash scripts/elasticsearch.sh home)
    jhome=${ES_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
    mkdir -p "$dir/data" "$dir/logs" "$dir/tmp"
    if [ "$(id -u)" = 0 ]; then
        run_user=elasticsearch
        chown -R "$run_user" "$dir" "$home"
    fi
    # Node 0 is master-eligible and holds data; node 1 holds data (the replicas) only.  Two master-eligible
    # nodes cannot outvote each other, so a cluster that must lose any node needs three of them.
    local roles="master,data,ingest"
    [ "$i" = 1 ] && roles="data,ingest"
    local cmd=(env ES_JAVA_HOME="$jhome" ES_JAVA_OPTS="-Xms$CLUSTER_ES_HEAP -Xmx$CLUSTER_ES_HEAP" ES_TMPDIR="$dir/tmp"
        "$home/bin/elasticsearch" -d -p "$pidfile"
        -Expack.security.enabled=false -Ecluster.name="registry-cluster-$CLUSTER_ES_PORT" -Enode.name="node-$i"
        -Enode.roles="$roles" -Enetwork.host=127.0.0.1
        -Ehttp.port="${es_http[$i]}" -Etransport.port="$((es_http[i] + 100))"
        -Ediscovery.seed_hosts="127.0.0.1:$((es_http[0] + 100))" -Ecluster.initial_master_nodes=node-0
        -Epath.data="$dir/data" -Epath.logs="$dir/logs"
        -Ecluster.routing.allocation.disk.threshold_enabled=false)
    if [ -n "$run_user" ]; then
        runuser -u "$run_user" -- "${cmd[@]}" >"$dir/logs/console.log" 2>&1
    else
        "${cmd[@]}" >"$dir/logs/console.log" 2>&1
    fi
}

es_nodes_joined() {
    curl -fsS --max-time 3 "http://127.0.0.1:${es_http[0]}/_cluster/health?wait_for_nodes=2&timeout=2s" |
        grep -q '"number_of_nodes":2'
}

start_es() {
    start_es_node 0
    start_es_node 1
    wait_for 150 "Elasticsearch cluster" es_nodes_joined
    echo "Elasticsearch cluster on 127.0.0.1:${es_http[0]},${es_http[1]}"
}

prepare_database() {
    "$py" - <<EOF
import psycopg
from urllib.parse import urlparse

url = urlparse("$CLUSTER_DATABASE_URL")
with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as conn:
    name = url.path.lstrip("/")
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')
EOF
    "$py" manage.py migrate --no-input -v 0
    "$py" manage.py signing_setup
}

start_app() {  # start_app INDEX
    local i=$1 port=${app_ports[$1]} pidfile=$state/app-$1.pid
    if alive "$pidfile"; then return 0; fi
    "$bin/gunicorn" config.wsgi --bind "127.0.0.1:$port" --workers "$CLUSTER_WORKERS" --timeout 30 \
        --graceful-timeout 10 --daemon --pid "$pidfile" --name "registry-app-$i" --no-control-socket \
        --access-logfile "$state/app-$i.access.log" --error-logfile "$state/app-$i.log"
    wait_for 30 "app server $i" http_ok "http://127.0.0.1:$port/health/"
    echo "app server $i on 127.0.0.1:$port"
}

start_worker() {
    local pidfile=$state/worker.pid
    if alive "$pidfile"; then return 0; fi
    "$bin/celery" -A config.celery:app worker --detach --concurrency 2 --hostname "registry-worker@%h" \
        --pidfile "$pidfile" --logfile "$state/worker.log" --loglevel INFO
    wait_for 30 "Celery worker" alive "$pidfile"
    echo "Celery worker"
}

start_beat() {
    local pidfile=$state/beat.pid
    if alive "$pidfile"; then return 0; fi
    "$bin/celery" -A config.celery:app beat --detach --pidfile "$pidfile" --logfile "$state/beat.log" --loglevel INFO \
        --schedule "$state/beat-schedule"
    wait_for 30 "Celery beat" alive "$pidfile"
    echo "Celery beat"
}

start_proxy() {
    local pidfile=$state/haproxy.pid
    if alive "$pidfile"; then return 0; fi
    command -v haproxy >/dev/null || { echo "haproxy is not installed (apt-get install haproxy)" >&2; return 1; }
    cat >"$state/haproxy.cfg" <<EOF
global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    option forwardfor
    # A request that found a dead server (refused, or closed with no answer) goes to the other one.
    option redispatch
    retries 3
    retry-on conn-failure empty-response
    option http-buffer-request
frontend registry
    bind 127.0.0.1:$CLUSTER_PORT
    default_backend app_servers
backend app_servers
    balance roundrobin
    option httpchk GET /health/
    http-check expect status 200
    server app0 127.0.0.1:${app_ports[0]} check inter 1s fall 2 rise 2
    server app1 127.0.0.1:${app_ports[1]} check inter 1s fall 2 rise 2
EOF
    haproxy -f "$state/haproxy.cfg" -D -p "$pidfile"
    wait_for 20 "HAProxy" http_ok "http://127.0.0.1:$CLUSTER_PORT/health/"
    echo "HAProxy on http://127.0.0.1:$CLUSTER_PORT/"
}

start() {
    load_env
    start_redis
    start_es
    prepare_database
    start_app 0
    start_app 1
    start_worker
    start_beat
    start_proxy
}

stop_pid() {  # stop_pid PIDFILE NAME
    local pidfile=$1 pid
    if [ -f "$pidfile" ]; then
        pid=$(cat "$pidfile")
        if kill "$pid" 2>/dev/null; then
            for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        fi
        rm -f "$pidfile"
        echo "$2 stopped"
    fi
}

stop() {
    stop_pid "$state/haproxy.pid" HAProxy
    stop_pid "$state/beat.pid" "Celery beat"
    stop_pid "$state/worker.pid" "Celery worker"
    stop_pid "$state/app-0.pid" "app server 0"
    stop_pid "$state/app-1.pid" "app server 1"
    stop_pid "$(es_node_dir 1)/es.pid" "Elasticsearch node 1"
    stop_pid "$(es_node_dir 0)/es.pid" "Elasticsearch node 0"
    stop_pid "$state/redis.pid" Redis
}

status() {
    local down=0 name pidfile
    for entry in "redis:$state/redis.pid" "es-0:$(es_node_dir 0)/es.pid" "es-1:$(es_node_dir 1)/es.pid" \
        "app-0:$state/app-0.pid" "app-1:$state/app-1.pid" "worker:$state/worker.pid" "beat:$state/beat.pid" \
        "haproxy:$state/haproxy.pid"; do
        name=${entry%%:*}
        pidfile=${entry#*:}
        if alive "$pidfile"; then echo "$name up (pid $(cat "$pidfile"))"; else echo "$name down"; down=1; fi
    done
    return $down
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    env) write_env && cat "$state/env" ;;
    *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
