#!/usr/bin/env bash
# A real single-node Elasticsearch on 127.0.0.1 for development, tests and `make run`, or a local
# cluster of N nodes (one cluster name, distinct ports) for the scale-out tests.
#
#   scripts/elasticsearch.sh start|stop|status|url
#   scripts/elasticsearch.sh cluster start N | stop | status | urls | kill I | start-node I | wait | clean | dir
#
# Fetches the integ-test-zip distribution from Maven Central with mvn (once), unpacks it into an
# ignored cache folder, and runs it as a non-root user (Elasticsearch refuses root) with a small
# heap, security off and disk thresholds off. Idempotent: `start` on a running node does nothing.
#
# Environment: IPWATCH_ES_VERSION (9.2.0), IPWATCH_ES_PORT (9200), IPWATCH_ES_HEAP (512m),
# IPWATCH_ES_HOME (cache folder), IPWATCH_ES_USER (ipwatch-es, created when run as root),
# IPWATCH_ES_JAVA_HOME (a JDK >= 21; defaults to the newest one found), IPWATCH_ES_STOP_WAIT (60: seconds a
# node gets to stop after SIGTERM before SIGKILL).
# Cluster: IPWATCH_ES_CLUSTER_PORT (9281: node I serves http on 9281+I-1, transport on 9381+I-1),
# IPWATCH_ES_CLUSTER_HEAP (256m per node). The nodes share one unpacked distribution; each has its own
# config, data and logs folder (node-I/) beside it. `kill I` sends SIGKILL to node I (tests), `start-node I`
# brings it back with its data, `clean` stops every node and deletes their data.
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

install_plain() {   # install_plain HOME: the unpacked distribution, its config untouched
  local home="$1"
  if [ ! -f "$M2_ZIP" ]; then
    log "fetching $ARTIFACT from Maven Central"
    mvn -q -B dependency:get -Dartifact="$ARTIFACT" -Dtransitive=false >&2
  fi
  log "unpacking into $home"
  local tmp; tmp="$(mktemp -d "$(dirname "$home")/.unpack.XXXXXX")"
  (cd "$tmp" && unzip -q "$M2_ZIP")
  mv "$tmp/elasticsearch-${VERSION}" "$home"
  rmdir "$tmp"
}

install() {
  local home="$1"
  if [ -x "$home/bin/elasticsearch" ]; then return; fi
  install_plain "$home"
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

# private_tmp DIR: DIR/tmp for Elasticsearch's temporary files. Unset, ES_TMPDIR defaults to a fresh
# /tmp/elasticsearch-* at every start that nothing removes, and that a /tmp cleaner may remove under a
# running node (Elasticsearch's "Temp directory" page); inside DIR it goes with the node's folder.
private_tmp() {
  mkdir -p "$1/tmp"
  chmod 700 "$1/tmp"
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
  private_tmp "$home"
  local run=(env ES_JAVA_HOME="$java" ES_TMPDIR="$home/tmp" ES_JAVA_OPTS="-Xms${HEAP} -Xmx${HEAP}"
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

# read_pid FILE: the pid in FILE, or nothing. Elasticsearch deletes its pid file as it shuts down, so a
# test-then-read would race with a node that is stopping (and fail the script under `set -e`).
read_pid() { cat "$1" 2>/dev/null || true; }

# kill_hard PID: SIGKILL, and up to 10 s until the process is gone.
kill_hard() {
  kill -9 "$1" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.2; done
}

# stop_pids PID...: SIGTERM, up to IPWATCH_ES_STOP_WAIT (60) s for a clean shutdown, then SIGKILL, so no
# node outlives `stop` and writes into a folder that `clean` is deleting.
stop_pids() {
  local pid _ grace="${IPWATCH_ES_STOP_WAIT:-60}"
  [ "$#" -gt 0 ] || return 0
  kill "$@" 2>/dev/null || true
  for pid in "$@"; do
    for _ in $(seq 1 "$grace"); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid did not stop in $grace s; sending SIGKILL"
      kill_hard "$pid"
    fi
  done
}

stop() {
  local home pid; home="$(home_dir)"
  pid="$(read_pid "$home/es.pid")"
  if [ -n "$pid" ]; then
    stop_pids "$pid"
    rm -f "$home/es.pid"
    log "stopped"
  else
    log "not running"
  fi
}

# --- a local cluster of N nodes ------------------------------------------------------------------
CPORT="${IPWATCH_ES_CLUSTER_PORT:-9281}"
CHEAP="${IPWATCH_ES_CLUSTER_HEAP:-256m}"
CNAME="ipwatch-cluster-${CPORT}"

cluster_dir() {
  local dir="$CACHE/cluster-${VERSION}-${CPORT}"
  mkdir -p "$CACHE"
  if [ "$(id -u)" = 0 ] && ! su -s /bin/sh "$ES_USER" -c "test -x '$CACHE'" 2>/dev/null; then
    dir="/var/tmp/ipwatch-elasticsearch/cluster-${VERSION}-${CPORT}"
  fi
  echo "$dir"
}

node_port() { echo $((CPORT + $1 - 1)); }
node_health() { curl -fsS --max-time 2 "http://127.0.0.1:$(node_port "$1")/_cluster/health" 2>/dev/null; }
cluster_size() { cat "$(cluster_dir)/nodes" 2>/dev/null || echo 0; }

node_config() {   # node_config DIR I N: node I's own config folder
  local dir="$1" i="$2" n="$3"
  local node="$dir/node-$i" seeds="" masters="" j
  for j in $(seq 1 "$n"); do
    seeds="${seeds:+$seeds, }\"127.0.0.1:$((CPORT + 100 + j - 1))\""
    masters="${masters:+$masters, }\"node-$j\""
  done
  mkdir -p "$node/data" "$node/logs"
  if [ ! -d "$node/config" ]; then cp -r "$dir/home/config" "$node/config"; fi
  cat > "$node/config/elasticsearch.yml" <<EOF
cluster.name: ${CNAME}
node.name: node-$i
network.host: 127.0.0.1
http.port: $(node_port "$i")
transport.port: $((CPORT + 100 + i - 1))
path.data: $node/data
path.logs: $node/logs
discovery.seed_hosts: [${seeds}]
cluster.initial_master_nodes: [${masters}]
node.processors: 1
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
}

start_node() {   # start_node I: start node I (its data kept); does not wait for the cluster
  local i="$1" dir java n; dir="$(cluster_dir)"; n="$(cluster_size)"
  if node_health "$i" >/dev/null; then return 0; fi
  java="$(find_java)"
  node_config "$dir" "$i" "$n"
  local node="$dir/node-$i"
  private_tmp "$node"
  local run=(env ES_JAVA_HOME="$java" ES_PATH_CONF="$node/config" ES_TMPDIR="$node/tmp"
             ES_JAVA_OPTS="-Xms${CHEAP} -Xmx${CHEAP}"
             "$dir/home/bin/elasticsearch" -d -p "$node/es.pid")
  log "starting node-$i of ${CNAME} on 127.0.0.1:$(node_port "$i") (heap $CHEAP)"
  if [ "$(id -u)" = 0 ]; then
    chown -R "$ES_USER" "$node"
    su -s /bin/bash "$ES_USER" -c "$(printf '%q ' "${run[@]}")" >/dev/null
  else
    "${run[@]}" >/dev/null
  fi
}

wait_cluster() {   # wait_cluster N [status]: until N nodes have joined and the health is `status` or better
  local n="$1" want="${2:-yellow}" i j
  for i in $(seq 1 180); do
    for j in $(seq 1 "$(cluster_size)"); do
      if curl -fsS --max-time 5 \
           "http://127.0.0.1:$(node_port "$j")/_cluster/health?wait_for_nodes=${n}&wait_for_status=${want}&timeout=1s" \
           2>/dev/null | grep -q '"timed_out":false'; then
        log "${CNAME}: $n node(s), $want or better"; return 0
      fi
    done
    sleep 1
  done
  log "${CNAME} did not reach $n node(s) and $want in 180 s; see $(cluster_dir)/node-*/logs"; exit 1
}

cluster_start() {
  local n="${1:-3}" dir; dir="$(cluster_dir)"
  ensure_user
  mkdir -p "$dir"
  find_java >/dev/null
  if [ ! -x "$dir/home/bin/elasticsearch" ]; then install_plain "$dir/home"; fi
  echo "$n" > "$dir/nodes"
  if [ "$(id -u)" = 0 ]; then chown -R "$ES_USER" "$dir/home/config"; fi
  local i pids=()
  for i in $(seq 1 "$n"); do start_node "$i" & pids+=($!); done
  for i in "${pids[@]}"; do wait "$i"; done
  wait_cluster "$n" yellow
}

cluster_stop() {
  local dir pid i pids=(); dir="$(cluster_dir)"
  for i in $(seq 1 "$(cluster_size)"); do
    pid="$(read_pid "$dir/node-$i/es.pid")"
    if [ -n "$pid" ]; then pids+=("$pid"); fi
  done
  stop_pids "${pids[@]}"
  for i in $(seq 1 "$(cluster_size)"); do rm -f "$dir/node-$i/es.pid"; done
  log "${CNAME} stopped"
}

cluster_kill() {   # cluster_kill I: SIGKILL node I (what a crashed host looks like)
  local dir pid; dir="$(cluster_dir)"
  pid="$(read_pid "$dir/node-$1/es.pid")"
  [ -n "$pid" ] || { log "node-$1 is not running"; return 0; }
  kill_hard "$pid"
  rm -f "$dir/node-$1/es.pid"
  log "node-$1 killed (SIGKILL)"
}

cluster_urls() {
  local i out=""
  for i in $(seq 1 "${1:-$(cluster_size)}"); do out="${out:+$out,}http://127.0.0.1:$(node_port "$i")"; done
  echo "$out"
}

cluster() {
  local dir i
  case "${1:-status}" in
    start) cluster_start "${2:-3}" ;;
    stop) cluster_stop ;;
    clean) cluster_stop; dir="$(cluster_dir)"; rm -rf "$dir"/node-* "$dir/nodes"; log "${CNAME} data removed" ;;
    kill) cluster_kill "${2:?node number}" ;;
    start-node) start_node "${2:?node number}"; wait_cluster "$(cluster_size)" yellow ;;
    urls) cluster_urls "${2:-}" ;;
    dir) cluster_dir ;;
    wait) wait_cluster "${2:-$(cluster_size)}" "${3:-green}" ;;
    status) for i in $(seq 1 "$(cluster_size)"); do
              printf 'node-%s %s ' "$i" "$(node_port "$i")"; node_health "$i" || printf 'down'; echo; done ;;
    *) echo "usage: $0 cluster start N|stop|status|urls [N]|kill I|start-node I|wait [N] [status]|clean|dir" >&2
       exit 2 ;;
  esac
}

case "${1:-status}" in
  start) start ;;
  stop) stop ;;
  status) if health; then echo; else log "not running on 127.0.0.1:${PORT}"; exit 1; fi ;;
  url) echo "http://127.0.0.1:${PORT}" ;;
  cluster) shift; cluster "$@" ;;
  home) home_dir ;;
  *) echo "usage: $0 start|stop|status|url|home|cluster ..." >&2; exit 2 ;;
esac
