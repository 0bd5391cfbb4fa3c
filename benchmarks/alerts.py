"""Latency from a stored risk event to its notification leaving ipwatch (goal: p95 <= 2 s).

Runs against the local Elasticsearch (scripts/elasticsearch.sh start) with a throw-away index
prefix and a local signed-webhook receiver on 127.0.0.1. A writer stores major-matter events one
by one (no refresh, like scoring does); an alerts loop runs `jobs.evaluate` every `--interval`
seconds (the daemon's `evaluate` job at `daemon.intervals.evaluate`), which with
`outbox.dispatch_after_evaluate` sends what it recorded at once; the receiver timestamps each
arrival. Latency = arrival - the moment the event write returned.

    .venv/bin/python benchmarks/alerts.py --events 40
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import statistics
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from alerts import jobs  # noqa: E402
from ipwatch.clock import iso  # noqa: E402
from alerts.routing import AlertsConfig  # noqa: E402
from ipwatch.context import AppContext  # noqa: E402
from ipwatch.settings import load_settings  # noqa: E402
from ipwatch.store import Store  # noqa: E402
from ipwatch.watchlist import Watchlist  # noqa: E402

SECRET = "bench-" + uuid.uuid4().hex


def receiver(arrivals: dict[str, float]) -> ThreadingHTTPServer:
    class H(BaseHTTPRequestHandler):
        def log_message(self, *a: Any) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            t = time.time()
            body = self.rfile.read(int(self.headers["Content-Length"]))
            ts = self.headers.get("X-Ipwatch-Timestamp", "")
            want = "sha256=" + hmac.new(SECRET.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
            ok = hmac.compare_digest(want, self.headers.get("X-Ipwatch-Signature", ""))
            if ok:
                n = json.loads(body)["notification"]
                arrivals.setdefault(n["duty_id"], t)
            self.send_response(200 if ok else 401)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=40)
    ap.add_argument("--gap", type=float, default=0.7, help="seconds between stored events")
    ap.add_argument("--interval", type=float, default=0.5, help="seconds between evaluate runs")
    args = ap.parse_args()

    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    settings = load_settings(ROOT / "config", env={**os.environ, "IPWATCH_ES__INDEX_PREFIX": prefix})
    store = Store(settings)
    store.setup()                      # what `ipwatch setup` does in a deployment
    arrivals: dict[str, float] = {}
    srv = receiver(arrivals)
    os.environ["IPWATCH_BENCH_SECRET"] = SECRET
    app = AppContext(settings=settings)
    app.__dict__["store"] = store
    app.__dict__["watchlist"] = Watchlist.model_validate({"entities": [
        {"id": "p-bench", "type": "platform", "name": "基准测试平台", "category": "交易服务"}]})
    app.alerts_config = AlertsConfig.model_validate({
        "channels": {"hook": {"type": "webhook", "url": f"http://127.0.0.1:{srv.server_address[1]}/hook",
                              "secret_env": "IPWATCH_BENCH_SECRET"}},
        "routes": [{"name": "all", "match": {"kinds": ["duty"]}, "channels": ["hook"]}]})
    from alerts.duties import duty_id

    jobs.run_once(app)
    stored: dict[str, float] = {}
    stop = threading.Event()
    rounds = [0]
    durations: list[float] = []

    def loop() -> None:
        while not stop.is_set():
            t0 = time.time()
            jobs.evaluate(app)          # records and (dispatch_after_evaluate) sends at once
            durations.append(time.time() - t0)
            rounds[0] += 1
            if args.interval:
                time.sleep(args.interval)

    worker = threading.Thread(target=loop, daemon=True)
    worker.start()
    try:
        for i in range(args.events):
            eid = f"bench-{i}"
            today = datetime.now(timezone.utc).date().isoformat()
            store.index(store.ix.name("events"), eid, {
                "id": eid, "entity_id": "p-bench", "entity_name": "基准测试平台", "entity_type": "platform",
                "risk_type": "litigation", "event_date": today, "event_date_source": "text", "status": "new",
                "severity": 0.5, "confidence": 0.9, "title": f"基准事件 {i}", "article_ids": [eid],
                "urls": [f"https://bench.example/{i}"], "updated_at": iso(datetime.now(timezone.utc))})
            stored[duty_id("p-bench", eid)] = time.time()
            time.sleep(args.gap)
        deadline = time.time() + 30
        while len(arrivals) < args.events and time.time() < deadline:
            time.sleep(0.1)
    finally:
        stop.set()
        worker.join(timeout=30)
        srv.shutdown()
        store.es.options(ignore_status=404).indices.delete(index=f"{prefix}-*", expand_wildcards="all")
        store.es.options(ignore_status=404).indices.delete_index_template(name=f"{prefix}-*")
        store.es.options(ignore_status=404).cluster.delete_component_template(name=f"{prefix}-*")
    lat = sorted(arrivals[k] - t for k, t in stored.items() if k in arrivals)
    missing = len(stored) - len(lat)
    if not lat:
        print("no notification arrived")
        return 1
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [lat[0]] * 99
    print(f"events {len(stored)}  delivered {len(lat)}  missing {missing}  evaluate runs {rounds[0]}  "
          f"run time p50 {statistics.median(durations):.3f} s max {max(durations):.3f} s")
    print(f"latency stored event -> notification received: p50 {q[49]:.3f} s  p95 {q[94]:.3f} s  max {lat[-1]:.3f} s")
    print("goal p95 <= 2 s:", "met" if q[94] <= 2 and not missing else "NOT met")
    return 0 if q[94] <= 2 and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
