#!/usr/bin/env bash
# A real Redis on 127.0.0.1 for shared crawling (scrapy-redis) and its tests: Debian's redis-server,
# installed with apt-get when missing (as root), started as a daemon with its data under var/.
#
#   scripts/redis.sh start|stop|status|url|install
#
# Environment: IPWATCH_REDIS_PORT (6379), IPWATCH_REDIS_DIR (var/redis-<port>). Idempotent: `start` on a
# running server does nothing. Append-only file on (fsync every second), so a restart keeps the queue.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${IPWATCH_REDIS_PORT:-6379}"
DIR="${IPWATCH_REDIS_DIR:-$ROOT/var/redis-${PORT}}"

log() { echo "[redis] $*" >&2; }
ping() { redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; }

ensure_installed() {
  if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's redis-server"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
  else
    log "redis-server is missing: install it (Debian: apt-get install redis-server)"; exit 1
  fi
}

start() {
  ensure_installed
  if ping; then log "already running on 127.0.0.1:${PORT}"; return 0; fi
  mkdir -p "$DIR"
  redis-server --bind 127.0.0.1 --port "$PORT" --daemonize yes --dir "$DIR" --pidfile "$DIR/redis.pid" \
    --logfile "$DIR/redis.log" --appendonly yes --appendfsync everysec --save "" --protected-mode yes
  for _ in $(seq 1 50); do if ping; then log "ready on 127.0.0.1:${PORT}"; return 0; fi; sleep 0.1; done
  log "did not answer in 5 s; see $DIR/redis.log"; exit 1
}

stop() {
  if [ -f "$DIR/redis.pid" ]; then
    local pid; pid="$(cat "$DIR/redis.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$DIR/redis.pid"
    log "stopped"
  else
    log "not running"
  fi
}

case "${1:-status}" in
  start) start ;;
  stop) stop ;;
  status) if ping; then echo "running on 127.0.0.1:${PORT}"; else log "not running on 127.0.0.1:${PORT}"; exit 1; fi ;;
  url) echo "redis://127.0.0.1:${PORT}/0" ;;
  install) ensure_installed ;;
  *) echo "usage: $0 start|stop|status|url|install" >&2; exit 2 ;;
esac
