"""Scoring benchmark against the real Elasticsearch.

    .venv/bin/python benchmarks/scoring.py                       # 100 000 entities, 1 000 000 events
    .venv/bin/python benchmarks/scoring.py --entities 10000 --events 100000 --keep

Loads synthetic entities (12 platforms with operating units, institutions residing on / cooperating
with them) and risk events into a fresh index prefix, then times:
  1. a full re-rating from scratch (every rating and history document written),
  2. a full re-rating when nothing changed (read, compute, write nothing),
  3. an incremental re-rating after new events for 100 entities (and their platforms),
  4. a full re-rating after those new events.
Goal: a full re-rating of 100k entities / 1M events in ≤ 60 s on the development machine.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from elasticsearch.helpers import parallel_bulk  # noqa: E402

from ipwatch.context import AppContext  # noqa: E402
from ipwatch.settings import load_settings  # noqa: E402
from ipwatch.store import Store, doc_id  # noqa: E402
from ipwatch.watchlist import Entity, Watchlist  # noqa: E402
from scoring.rerate import rerate  # noqa: E402
from scoring.rulebook import rulebook_of  # noqa: E402

CATEGORIES = ["交易服务", "金融服务", "特色服务", "工具支撑"]
KINDS = ["patent_agency", "law_firm", "appraiser", "bank", "insurer", "guarantor", "tech_transfer", "other"]


def make_watchlist(n: int, rnd: random.Random) -> Watchlist:
    ents: list[Entity] = []
    plats = []
    for i in range(12):
        ents.append(Entity.model_construct(id=f"unit-{i:02d}", type="operating_unit", name=f"运营单位{i}",
                                           aliases=[], resides_on=[], cooperates_with=[], operating_unit=None))
        p = f"plat-{i:02d}"
        plats.append(p)
        ents.append(Entity.model_construct(id=p, type="platform", name=f"平台{i}", category=CATEGORIES[i % 4],
                                           aliases=[], resides_on=[], cooperates_with=[], operating_unit=f"unit-{i:02d}"))
    for i in range(n - len(ents)):
        res = [rnd.choice(plats)]
        coop = [p for p in rnd.sample(plats, 1) if p not in res] if rnd.random() < 0.2 else []
        ents.append(Entity.model_construct(id=f"inst-{i:06d}", type="institution", name=f"机构{i}",
                                           kind=rnd.choice(KINDS), aliases=[], resides_on=res,
                                           cooperates_with=coop, operating_unit=None))
    # model_construct skips validation (100k entities); the types the scoring code reads are plain values
    from ipwatch.watchlist import EntityType

    for e in ents:
        e.type = EntityType(e.type)
    wl = Watchlist.model_construct(version=1, entities=ents)
    return wl


def make_events(wl: Watchlist, n: int, rb, rnd: random.Random, today: date, tag: str = "e"):
    ids = [e.id for e in wl.entities]
    types = list(rb.risk_types) + list(rb.positive_types)
    weights = [3 if t in ("major_public_opinion", "litigation", "equity_change", "leadership_change") else 1
               for t in types]
    by_id = wl.by_id()
    for i in range(n):
        # a few institutions attract many reports (heavy tail); platforms and units as often as anyone
        eid = ids[24 + int(rnd.paretovariate(1.2) * 50) % (len(ids) - 24)] if rnd.random() < 0.3 else rnd.choice(ids)
        typ = rnd.choices(types, weights)[0]
        day = (today - timedelta(days=rnd.randint(0, 1200))).isoformat()
        official = rnd.random() < 0.15
        e = by_id[eid]
        yield doc_id("bench", tag, i), {
            "id": doc_id("bench", tag, i), "entity_id": eid, "origin_entity_id": eid, "entity_name": e.name,
            "entity_type": e.type.value, "platforms": e.platforms, "risk_type": typ, "origin_risk_type": typ,
            "event_date": day, "event_date_source": "text", "severity": round(rnd.random(), 3),
            "confidence": 1.0 if official else round(0.3 + 0.7 * rnd.random(), 3),
            "authority": 1.0 if official else rnd.choice([0.9, 0.8, 0.7, 0.5, 0.4]), "official": official,
            "source_kind": "official" if official else "news", "source_count": rnd.randint(1, 5),
            "article_ids": [doc_id("a", tag, i)], "title": f"事件{i}", "active": True, "actions": [],
            "entity_history": [eid], "status": "new"}


def load(store: Store, docs, total: int, chunk: int = 5000) -> float:
    from tqdm import tqdm

    idx = store.ix.name("events")
    store.es.indices.put_settings(index=idx, settings={"index": {"refresh_interval": "-1"}})
    t0 = time.monotonic()
    actions = ({"_index": idx, "_id": i, "_source": d} for i, d in docs)
    with tqdm(total=total, unit="ev", unit_scale=True, desc="loading events") as bar:
        for ok, item in parallel_bulk(store.es, actions, thread_count=2, chunk_size=chunk, queue_size=4,
                                      request_timeout=120):
            if not ok:
                raise RuntimeError(item)
            bar.update(1)
    store.es.indices.put_settings(index=idx, settings={"index": {"refresh_interval": None}})
    store.refresh(idx)
    return time.monotonic() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entities", type=int, default=100_000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--prefix", default="bench-scoring")
    ap.add_argument("--keep", action="store_true", help="Keep the indices (a re-run with the same sizes reuses them).")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    os.environ.setdefault("IPWATCH_LOGGING__LEVEL", "WARNING")
    settings = load_settings(ROOT / "config", env={**os.environ, "IPWATCH_ES__INDEX_PREFIX": args.prefix,
                                                    "IPWATCH_ES__REQUEST_TIMEOUT": "120"})
    store = Store(settings)
    app = AppContext(settings=settings)
    app.__dict__["store"] = store
    rnd = random.Random(args.seed)
    rb = rulebook_of(app)
    now = datetime.now(timezone.utc)
    today = now.date()
    wl = make_watchlist(args.entities, rnd)
    app.__dict__["watchlist"] = wl
    print(f"{len(wl.entities)} entities ({sum(1 for e in wl.entities if e.type.value == 'platform')} platforms); "
          f"{args.events} events; Elasticsearch {settings.es.url}, prefix {args.prefix}")

    store.setup()
    extra_ids = [doc_id("bench-new", i) for i in range(101)]
    if store.es.count(index=store.ix.name("events"))["count"] > args.events:   # a kept earlier run's additions
        store.es.bulk(operations=[{"delete": {"_index": store.ix.name("events"), "_id": i}} for i in extra_ids],
                      refresh=True)
    have = store.es.count(index=store.ix.name("events"))["count"]
    if have != args.events:
        if have:
            store.es.indices.delete(index=f"{args.prefix}-events,{args.prefix}-ratings,{args.prefix}-rating-history")
            store.setup()
        secs = load(store, make_events(wl, args.events, rb, rnd, today), args.events)
        print(f"loaded {args.events} events in {secs:.1f} s ({args.events / secs:,.0f}/s)")
    else:
        print(f"reusing {have} events already loaded; clearing ratings")
        store.es.indices.delete(index=f"{args.prefix}-ratings,{args.prefix}-rating-history")
        store.setup()

    def run(label: str, **kw) -> dict:
        t0 = time.monotonic()
        res = rerate(app, now, rulebook=rb, **kw)
        secs = time.monotonic() - t0
        print(f"{label:48s} {secs:7.1f} s   entities {res['entities']:>7}  events {res['events']:>8}  "
              f"written {res['written']:>7}  grade changes {res['grade_changes']:>5}  "
              f"(load {res['seconds_load']} s, rate {res['seconds_rate']} s)")
        return res

    run("full re-rating, nothing stored yet")
    run("full re-rating, nothing changed")
    # 100 new events for 100 entities, then one more for one entity
    new_ids = [e.id for e in rnd.sample(wl.entities, 101)]
    idx = store.ix.name("events")
    extra = []
    by_id = wl.by_id()
    for i, eid in enumerate(new_ids):
        e = by_id[eid]
        extra.append({"_index": idx, "_id": doc_id("bench-new", i), "_source": {
            "id": doc_id("bench-new", i), "entity_id": eid, "origin_entity_id": eid, "risk_type": "administrative_penalty",
            "origin_risk_type": "administrative_penalty", "event_date": today.isoformat(), "severity": 0.8,
            "confidence": 1.0, "authority": 1.0, "official": True, "source_kind": "official", "source_count": 1,
            "active": True, "actions": [], "entity_history": [eid], "status": "new",
            "entity_name": e.name}})
    store.write(extra[:100])
    store.refresh(idx)
    run("incremental re-rating (100 entities + platforms)", entity_ids=new_ids[:100])
    store.write(extra[100:])
    store.refresh(idx)
    run("incremental re-rating (1 entity + platforms)", entity_ids=new_ids[100:])
    run("full re-rating, nothing changed (again)", trigger="full")
    if not args.keep:
        store.es.options(ignore_status=404).indices.delete(index=f"{args.prefix}-*")
        store.es.options(ignore_status=404).indices.delete_index_template(name=f"{args.prefix}-*")
        store.es.options(ignore_status=404).cluster.delete_component_template(name=f"{args.prefix}-*")


if __name__ == "__main__":
    main()
