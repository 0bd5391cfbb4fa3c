#!/usr/bin/env bash
# Everything a fresh machine needs before ipwatch runs: the virtualenv with ipwatch and its
# dependencies (torch included), a local Elasticsearch, and Debian's redis-server (installed, not
# started: shared crawling and its tests start it with scripts/redis.sh). Safe to run again: it only
# does what is missing or out of date.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${IPWATCH_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
  echo "[bootstrap] creating virtualenv $VENV" >&2
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip setuptools wheel
fi
stamp="$VENV/.ipwatch-deps"
# Re-install when pyproject.toml or the lock changes.
want="$(cat pyproject.toml requirements.lock | sha1sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "[bootstrap] installing the locked dependencies and ipwatch into $VENV (first run downloads torch)" >&2
  lock="requirements.lock"
  # PyPI's Linux torch wheel bundles CUDA; where the PyTorch CPU wheel index is reachable, set
  # IPWATCH_TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu to install the CPU-only build of
  # the locked torch version (the lock's CUDA packages are then left out).
  if [ -n "${IPWATCH_TORCH_INDEX_URL:-}" ]; then
    torch_pin="$(grep -E '^torch==' requirements.lock)"
    "$VENV/bin/pip" install -q --progress-bar off --index-url "$IPWATCH_TORCH_INDEX_URL" "$torch_pin"
    lock="$(mktemp)"
    grep -vE '^(torch|triton|nvidia-[a-z0-9-]+|cuda-[a-z-]+)==' requirements.lock > "$lock"
  fi
  "$VENV/bin/pip" install -q --progress-bar off -r "$lock"
  "$VENV/bin/pip" install -q --progress-bar off --no-deps -e ".[dev]"
  echo "$want" > "$stamp"
fi
if [ "${IPWATCH_SKIP_REDIS:-}" != 1 ]; then
  "$ROOT/scripts/redis.sh" install
fi
if [ "${IPWATCH_SKIP_ES:-}" != 1 ]; then
  "$ROOT/scripts/elasticsearch.sh" start
fi
