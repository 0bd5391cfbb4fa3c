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

# Reports (reports/): a CJK font for Chinese text in charts and PDFs, Pango for WeasyPrint, and
# poppler-utils (pdftotext/pdftoppm) for the report tests. Debian packages, installed only when missing.
report_pkgs=(fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${report_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[bootstrap] installing ${missing[*]} (report fonts, PDF rendering)" >&2
    apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "[bootstrap] missing Debian packages for reports: ${missing[*]} (install them as root)" >&2
  fi
fi

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
# The console's browser tests (tests/test_console_browser.py) drive Debian's chromium with its driver;
# nothing is downloaded at test time. Installed once when missing (as root with apt-get); elsewhere the
# tests skip and say why. IPWATCH_SKIP_BROWSER=1 leaves it out.
if [ "${IPWATCH_SKIP_BROWSER:-}" != 1 ] && ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[bootstrap] installing chromium and chromium-driver (the console's browser tests)" >&2
    apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
      || echo "[bootstrap] chromium could not be installed; the browser tests will skip" >&2
  else
    echo "[bootstrap] chromium/chromedriver missing (apt-get install chromium chromium-driver as root);" \
         "the console's browser tests will skip" >&2
  fi
fi
if [ "${IPWATCH_SKIP_REDIS:-}" != 1 ]; then
  "$ROOT/scripts/redis.sh" install
fi
if [ "${IPWATCH_SKIP_ES:-}" != 1 ]; then
  "$ROOT/scripts/elasticsearch.sh" start
fi
