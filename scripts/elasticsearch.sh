#!/usr/bin/env bash
# Fetch, start, stop one local Elasticsearch node for the registry.
# Usage: scripts/elasticsearch.sh start|stop|status|home   (home: fetch the distribution, print its folder)
# The official test distribution comes from Maven Central; the version matches the Python client (8.19.x).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

ES_VERSION=${ES_VERSION:-8.19.21}
ES_PORT=${ES_PORT:-9200}
ES_HEAP=${ES_HEAP:-512m}
cache="$root/.cache/elasticsearch"
state="$root/var/elasticsearch"
run_user=""
if [ "$(id -u)" = 0 ]; then
    # Elasticsearch refuses to run as root: it runs as a system user of its own.
    run_user=elasticsearch
    id "$run_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$run_user"
    if ! runuser -u "$run_user" -- test -x "$root"; then
        # The checkout is not reachable for that user (e.g. under a private home): keep the node elsewhere.
        cache=/var/lib/registry-elasticsearch/cache
        state=/var/lib/registry-elasticsearch/state
    fi
fi
home="$cache/elasticsearch-$ES_VERSION"
pidfile="$state/elasticsearch.pid"
url="http://127.0.0.1:$ES_PORT"

healthy() {
    curl -fsS --max-time 3 "$url/_cluster/health?wait_for_status=yellow&timeout=2s" 2>/dev/null | grep -q '"status":"\(green\|yellow\)"'
}

java_home() {
    if [ -n "${ES_JAVA_HOME:-}" ]; then echo "$ES_JAVA_HOME"; return; fi
    local java
    java=$(command -v java) || { echo "Java 17+ is not installed" >&2; return 1; }
    dirname "$(dirname "$(readlink -f "$java")")"
}

fetch() {
    local zip="$cache/elasticsearch-$ES_VERSION.zip"
    mkdir -p "$cache"
    if [ ! -f "$zip" ]; then
        echo "Fetching Elasticsearch $ES_VERSION from Maven Central…"
        command -v mvn >/dev/null || { echo "Maven (mvn) is not installed" >&2; return 1; }
        mvn -q -B dependency:copy \
            -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
            -DoutputDirectory="$cache" -Dstyle.color=never >/dev/null 2>&1
    fi
    if [ ! -x "$home/bin/elasticsearch" ]; then
        rm -rf "$home.partial" && mkdir -p "$home.partial"
        unzip -q "$zip" -d "$home.partial"
        mv "$home.partial/elasticsearch-$ES_VERSION" "$home" && rm -rf "$home.partial"
    fi
}

start() {
    if healthy; then
        echo "Elasticsearch is already running at $url"
        return 0
    fi
    if curl -s --max-time 2 "$url" >/dev/null 2>&1; then
        echo "Port $ES_PORT is taken by something that is not a healthy Elasticsearch node." >&2
        return 1
    fi
    fetch
    local jhome
    jhome=$(java_home)
    mkdir -p "$state/data" "$state/logs" "$state/tmp"
    if [ -n "$run_user" ]; then
        chown -R "$run_user" "$home" "$state"
    fi
    rm -f "$pidfile"
    local cmd=(env ES_JAVA_HOME="$jhome" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" ES_TMPDIR="$state/tmp"
        "$home/bin/elasticsearch" -d -p "$pidfile"
        -Ediscovery.type=single-node -Expack.security.enabled=false
        -Enetwork.host=127.0.0.1 -Ehttp.port="$ES_PORT" -Etransport.port=$((ES_PORT + 100))
        -Epath.data="$state/data" -Epath.logs="$state/logs" -Ecluster.name=registry-local
        -Ecluster.routing.allocation.disk.threshold_enabled=false)
    echo "Starting Elasticsearch $ES_VERSION on $url (Java: $jhome)…"
    if [ -n "$run_user" ]; then
        runuser -u "$run_user" -- "${cmd[@]}" >"$state/logs/console.log" 2>&1
    else
        "${cmd[@]}" >"$state/logs/console.log" 2>&1
    fi
    for _ in $(seq 1 90); do
        if healthy; then
            echo "Elasticsearch is up at $url"
            return 0
        fi
        sleep 2
    done
    echo "Elasticsearch did not become healthy; see $state/logs" >&2
    tail -n 30 "$state/logs/console.log" >&2 || true
    return 1
}

stop() {
    if [ -f "$pidfile" ]; then
        local pid
        pid=$(cat "$pidfile")
        if kill "$pid" 2>/dev/null; then
            for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        fi
        rm -f "$pidfile"
        echo "Elasticsearch stopped"
    else
        echo "Elasticsearch is not running (no pid file at $pidfile)"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) if healthy; then echo "up at $url"; else echo "down"; exit 1; fi ;;
    home) fetch >&2 && echo "$home" ;;
    *) echo "usage: $0 start|stop|status|home" >&2; exit 2 ;;
esac
