"""How the console's pages hold up at national size: 100,000 entities and 1,000,000 risk events.

Indexes synthetic entities, ratings and events (plus a few duties and alerts) into a throw-away index
prefix with the Elasticsearch bulk helpers — as many as fit in `--budget` seconds, the counts used
are printed — then times each list page and the entity page through the Flask test client (signed
in, p50/p95 over `--requests` requests each) beside the same Elasticsearch queries made directly
(the `queries` functions the pages call), and prints the figures and the page/query ratio.

    .venv/bin/python benchmarks/console.py                          # full size, up to the budget
    .venv/bin/python benchmarks/console.py --entities 20000 --events 200000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from elasticsearch import helpers  # noqa: E402

from ipwatch.context import AppContext  # noqa: E402
from ipwatch.settings import load_settings  # noqa: E402
from ipwatch.shell.console import queries as Q  # noqa: E402

TYPES = ["institution"] * 90 + ["operating_unit"] * 8 + ["platform"] * 2
RISKS = ["litigation", "administrative_penalty", "dishonest_debtor", "leadership_change", "equity_change",
         "major_public_opinion", "regulatory_action"]
GRADES = ["A", "B", "C", "D"]
PASSWORD = "bench-password-1234"


def entity_docs(n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        t = TYPES[i % len(TYPES)]
        yield {"_id": f"e{i:06d}", "_source": {
            "id": f"e{i:06d}", "type": t, "name": f"第{i}号知识产权服务机构", "aliases": [f"机构{i}"],
            "uscc": f"91{i:016d}", "platforms": [f"e{(i // 50) * 50:06d}"], "region": "北京"}}


def rating_docs(n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield {"_id": f"e{i:06d}", "_source": {"entity_id": f"e{i:06d}", "entity_name": f"第{i}号知识产权服务机构",
                                               "grade": GRADES[i % 4], "score": 60 + i % 40, "as_of": "2026-11-30"}}


def event_docs(n: int, n_entities: int) -> Iterator[dict[str, Any]]:
    rnd = random.Random(7)
    day0 = date(2024, 1, 1)
    for i in range(n):
        ent = f"e{rnd.randrange(n_entities):06d}"
        yield {"_id": f"ev{i:07d}", "_source": {
            "id": f"ev{i:07d}", "entity_id": ent, "entity_history": [ent], "origin_entity_id": ent,
            "risk_type": RISKS[i % len(RISKS)], "status": "new" if i % 5 else "confirmed", "active": i % 11 != 0,
            "event_date": (day0 + timedelta(days=i % 1000)).isoformat(), "severity": 0.5, "source_count": 1,
            "title": f"风险事件 {i}", "article_ids": [f"a{i}"], "urls": [f"https://news.example/{i}"]}}


def small_docs(kind: str, n: int, n_entities: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        ent = f"e{(i * 37) % n_entities:06d}"
        if kind == "duties":
            src = {"id": f"d{i}", "entity_id": ent, "entity_name": ent, "platform_id": "e000000", "state": "open",
                   "due": (date(2026, 12, 1) + timedelta(days=i % 30)).isoformat(), "risk_type": "litigation",
                   "occurred_on": "2026-11-25", "title": f"报告义务 {i}"}
        else:
            src = {"id": f"al{i}", "kind": "surge" if i % 2 else "grade_change", "entity_id": ent, "entity_name": ent,
                   "status": "active", "title": f"预警 {i}", "created_at": f"2026-11-{1 + i % 28:02d}T08:00:00Z"}
        yield {"_id": src["id"], "_source": src}


def load(app: AppContext, logical: str, docs: Iterator[dict[str, Any]], deadline: float) -> int:
    es, index = app.store.es, app.store.ix.name(logical)
    n = 0

    def gen() -> Iterator[dict[str, Any]]:
        nonlocal n
        for d in docs:
            if time.monotonic() > deadline:
                return
            n += 1
            yield {"_index": index, **d}
    for ok, _ in helpers.parallel_bulk(es, gen(), chunk_size=5000, thread_count=2, raise_on_error=True):
        pass
    es.indices.refresh(index=index)
    return n


def timed(fn: Callable[[], Any], n: int) -> tuple[float, float]:
    fn()                                                  # warm up
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entities", type=int, default=100_000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--budget", type=float, default=300, help="seconds for indexing events at most")
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--keep", action="store_true", help="keep the indices (prefix printed)")
    a = ap.parse_args()
    prefix = f"bench-console-{uuid.uuid4().hex[:8]}"
    env = {"IPWATCH_ES__URL": os.environ.get("IPWATCH_ES__URL", "http://127.0.0.1:9200"),
           "IPWATCH_ES__INDEX_PREFIX": prefix, "IPWATCH_SPOOL__DIR": f"/tmp/{prefix}-spool"}
    app = AppContext(config_dir=ROOT / "config", settings=load_settings(ROOT / "config", env=env))
    store = app.store
    try:
        store.setup()
        t0 = time.monotonic()
        n_ent = load(app, "entities", entity_docs(a.entities), float("inf"))
        load(app, "ratings", rating_docs(n_ent), float("inf"))
        t1 = time.monotonic()
        n_ev = load(app, "events", event_docs(a.events, n_ent), t1 + a.budget)
        t2 = time.monotonic()
        load(app, "duties", small_docs("duties", 2000, n_ent), float("inf"))
        load(app, "alerts", small_docs("alerts", 2000, n_ent), float("inf"))
        print(f"indexed {n_ent:,} entities (+ ratings) in {t1 - t0:.0f} s, {n_ev:,} events in {t2 - t1:.0f} s "
              f"({n_ev / max(t2 - t1, 1e-9):,.0f}/s), 2,000 duties, 2,000 alerts; prefix {prefix}")
        if n_ev < a.events:
            print(f"NOTE: reduced size — {n_ev:,} of {a.events:,} events fitted in the {a.budget:.0f} s budget")
        load1 = os.getloadavg()
        print(f"machine: {os.cpu_count()} CPUs, load average {load1[0]:.1f} / {load1[1]:.1f} / {load1[2]:.1f}")

        from ipwatch.clock import utcnow
        from ipwatch.shell.console import accounts
        from ipwatch.shell.console.app import create_app

        accounts.add_user(store, "bench", PASSWORD, "viewer", "bench", utcnow())
        flask_app = create_app(app)
        c = flask_app.test_client()
        import re

        tok = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").get_data(as_text=True)).group(1)  # type: ignore[union-attr]
        assert c.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": tok}).status_code == 302
        busy = "e000100"                                 # a platform: residents, events

        def page(path: str) -> Callable[[], Any]:
            def go() -> None:
                r = c.get(path)
                assert r.status_code == 200, (path, r.status_code)
            return go

        def entity_direct() -> None:
            Q.get(store, "entities", busy)
            Q.get(store, "ratings", busy)
            Q.events(store, entity=busy, size=50, active_only=False)
            Q.duties(store, "all", entity=busy, size=50)
            Q.alerts(store, status=None, entity=busy, size=50)
            Q.articles(store, entity=busy, size=30)
            Q.grade_history(store, busy)
            Q.residents(store, busy)

        cases = [
            ("entities (list)", "/entities", lambda: (Q.entities(store), Q.ratings_of(store, [f"e{i:06d}" for i in range(50)]))),
            ("entities (search)", "/entities?q=第4242号", lambda: Q.entities(store, "第4242号")),
            ("events (list)", "/events", lambda: Q.events(store)),
            ("events (page 100)", "/events?page=100", lambda: Q.events(store, offset=100 * Q.PAGE)),
            ("events (filtered)", "/events?type=litigation&status=confirmed",
             lambda: Q.events(store, status="confirmed", risk_type="litigation")),
            ("duties (list)", "/duties", lambda: Q.duties(store, "active")),
            ("alerts (list)", "/alerts", lambda: Q.alerts(store)),
            ("entity page", f"/entities/{busy}", entity_direct),
        ]
        print(f"{'page':22s} {'page p50':>9s} {'p95':>8s} {'query p50':>10s} {'p95':>8s} {'ratio p50':>9s}")
        for name, path, direct in cases:
            p50, p95 = timed(page(path), a.requests)
            q50, q95 = timed(direct, a.requests)
            print(f"{name:22s} {p50:7.1f}ms {p95:6.1f}ms {q50:8.1f}ms {q95:6.1f}ms {p50 / max(q50, 1e-9):8.1f}x")
    finally:
        if not a.keep:
            store.es.options(ignore_status=404).indices.delete(index=f"{prefix}-*", expand_wildcards="all")
            store.es.options(ignore_status=404).indices.delete_index_template(name=f"{prefix}-*")
            store.es.options(ignore_status=404).cluster.delete_component_template(name=f"{prefix}-settings")


if __name__ == "__main__":
    main()
