#!/usr/bin/env bash
# A real single-node Elasticsearch on 127.0.0.1 for development, tests and `make run`.
#
#   scripts/elasticsearch.sh start|stop|status|url
#
# Fetches the integ-test-zip distribution from Maven Central with mvn (once), unpacks it into an
# ignored cache folder, and runs it as a non-root user (Elasticsearch refuses root) with a small
# heap, security off and disk thresholds off. Idempotent: `start` on a running node does nothing.
#
# Environment: IPWATCH_ES_VERSION (9.2.0), IPWATCH_ES_PORT (9200), IPWATCH_ES_HEAP (512m),
# IPWATCH_ES_HOME (cache folder), IPWATCH_ES_USER (ipwatch-es, created when run as root),
# IPWATCH_ES_JAVA_HOME (a JDK >= 21; defaults to the newest one found).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${IPWATCH_ES_VERSION:-9.2.0}"
PORT="${IPWATCH_ES_PORT:-9200}"
HEAP="${IPWATCH_ES_HEAP:-512m}"
ES_USER="${IPWATCH_ES_USER:-ipwatch-es}"
CACHE="${IPWATCH_ES_HOME:-$ROOT/.cache/elasticsearch}"
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${VERSION}:zip"
M2_ZIP="${HOME}/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/${VERSION}/elasticsearch-${VERSION}.zip"

log() { echo "[elasticsearch] $*" >&2; }

health() { curl -fsS --max-time 2 "http://127.0.0.1:${PORT}/_cluster/health" 2>/dev/null; }

find_java() {
  if [ -n "${IPWATCH_ES_JAVA_HOME:-}" ]; then echo "$IPWATCH_ES_JAVA_HOME"; return; fi
  local best="" best_major=0 j major
  for j in /usr/lib/jvm/* ${JAVA_HOME:-}; do
    [ -x "$j/bin/java" ] || continue
    major=$("$j/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    [ -n "$major" ] || continue
    if [ "$major" -gt "$best_major" ]; then best_major=$major; best=$j; fi
  done
  if [ "$best_major" -lt 21 ]; then
    log "Elasticsearch ${VERSION} needs a JDK >= 21; found none (set IPWATCH_ES_JAVA_HOME)"; exit 1
  fi
  echo "$best"
}

# The node's home must be reachable by the unprivileged user; a clone under a private
# directory (e.g. /root) is not, so fall back to a shared cache there.
home_dir() {
  local dir="$CACHE/elasticsearch-${VERSION}-${PORT}"
  mkdir -p "$CACHE"
  if [ "$(id -u)" = 0 ] && ! su -s /bin/sh "$ES_USER" -c "test -x '$CACHE'" 2>/dev/null; then
    dir="/var/tmp/ipwatch-elasticsearch/elasticsearch-${VERSION}-${PORT}"
  fi
  echo "$dir"
}

install() {
  local home="$1"
  if [ -x "$home/bin/elasticsearch" ]; then return; fi
  if [ ! -f "$M2_ZIP" ]; then
    log "fetching $ARTIFACT from Maven Central"
    mvn -q -B dependency:get -Dartifact="$ARTIFACT" -Dtransitive=false >&2
  fi
  log "unpacking into $home"
  local tmp; tmp="$(mktemp -d "$(dirname "$home")/.unpack.XXXXXX")"
  (cd "$tmp" && unzip -q "$M2_ZIP")
  mv "$tmp/elasticsearch-${VERSION}" "$home"
  rmdir "$tmp"
  cat > "$home/config/elasticsearch.yml" <<EOF
cluster.name: ipwatch
node.name: ipwatch-node
network.host: 127.0.0.1
http.port: ${PORT}
transport.port: $((PORT + 100))
discovery.type: single-node
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
}

ensure_user() {
  if [ "$(id -u)" != 0 ]; then return; fi
  if ! id "$ES_USER" >/dev/null 2>&1; then
    log "creating system user $ES_USER"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
  fi
}

start() {
  if health >/dev/null; then log "already running on 127.0.0.1:${PORT}"; return 0; fi
  ensure_user
  local home java; home="$(home_dir)"; java="$(find_java)"
  mkdir -p "$(dirname "$home")"
  install "$home"
  local run=(env ES_JAVA_HOME="$java" ES_JAVA_OPTS="-Xms${HEAP} -Xmx${HEAP}"
             "$home/bin/elasticsearch" -d -p "$home/es.pid")
  log "starting Elasticsearch ${VERSION} on 127.0.0.1:${PORT} (JDK $java, heap $HEAP)"
  if [ "$(id -u)" = 0 ]; then
    chown -R "$ES_USER" "$home"
    su -s /bin/bash "$ES_USER" -c "$(printf '%q ' "${run[@]}")" >/dev/null
  else
    "${run[@]}" >/dev/null
  fi
  local i
  for i in $(seq 1 120); do
    if health | grep -q '"status":"\(green\|yellow\)"'; then log "ready"; return 0; fi
    sleep 1
  done
  log "did not become healthy in 120 s; see $home/logs"; exit 1
}

stop() {
  local home pid; home="$(home_dir)"
  if [ -f "$home/es.pid" ]; then
    pid="$(cat "$home/es.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    log "stopped"
  else
    log "not running"
  fi
}

case "${1:-status}" in
  start) start ;;
  stop) stop ;;
  status) if health; then echo; else log "not running on 127.0.0.1:${PORT}"; exit 1; fi ;;
  url) echo "http://127.0.0.1:${PORT}" ;;
  home) home_dir ;;
  *) echo "usage: $0 start|stop|status|url|home" >&2; exit 2 ;;
esac
