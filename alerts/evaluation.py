"""Alert evaluation spread over workers (kind `evaluate`, stream `ipwatch:<prefix>:evaluate`), the way event
merging is (scoring/distributed.py), and the steps the leader's `evaluate` (alerts/jobs.py) shares with it.

The leader keeps the three cursors of `evaluate` (events by `updated_at`, rating history by `rated_at`,
analysed articles by `analysis.analyzed_at`): `enqueue_evaluation` reads past them, publishes the units and
only then moves each cursor. A unit is `event:<entity>@<time>` (every event of that entity changed since
the time, applied in `updated_at` order as one process applies them), `grade:<rating-history id>` or
`article:<id>`. A worker evaluates a unit under leases (`WorkQueue.hold`): an entity's events under one
lease per platform whose duties they may touch (taken in sorted order, so two workers cannot deadlock), a
grade change or a finding under a lease on its alert id. The writes are the ones `evaluate` makes and are
idempotent: duties are changed with conditional updates and have deterministic ids, alerts have
deterministic ids, and a notification is recorded in the outbox with a create that a second one loses. So
a unit evaluated twice (published twice, or taken over from a worker that was slow rather than dead)
changes nothing the second time, and a batch left by a worker killed mid-way is taken over (XAUTOCLAIM)
and finished. Then XACK. Surges (one aggregation over all entities every `surge.every_seconds`) stay on the
leader.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime, timedelta
from typing import Any

from alerts import compliance, duties, grades, outbox
from alerts.routing import AlertsConfig, load_alerts_config
from ipwatch.context import AppContext
from ipwatch.store import Cursor, Store, doc_id
from ipwatch.watchlist import Watchlist
from ipwatch.workqueue import Batch, WorkQueue

log = logging.getLogger(__name__)

EVENT_COUNTS = ("events", "duties_opened", "duties_attached", "duties_dismissed", "before_cutoff", "compliance")


def event_duties(store: Store, cfg: AlertsConfig, wl: Watchlist, hit: dict[str, Any], now: datetime,
                 counts: dict[str, int]) -> None:
    """One risk event (a hit: `_id`, `_source`) → its duties and compliance findings, added to `counts`."""
    ev = {**hit["_source"], "id": hit["_source"].get("id") or hit["_id"]}
    counts["events"] += 1
    c = duties.apply_event(store, cfg, wl, ev, now)
    counts["duties_opened"] += c["opened"]
    counts["duties_attached"] += c["attached"]
    counts["duties_dismissed"] += c["dismissed"]
    counts["before_cutoff"] += c["before_cutoff"]
    counts["compliance"] += compliance.for_event(store, cfg, wl, ev, now)


def send_due(app: AppContext, cfg: AlertsConfig, now: datetime) -> dict[str, int]:
    """Send what is due; with `work.redis_url` (and `alerts` in `work.kinds`) only publish it to the
    dispatch stream for `ipwatch worker --kinds alerts` (alerts/distributed.py)."""
    w = app.settings.work
    if w.redis_url and "alerts" in w.kinds:
        from alerts.distributed import dispatch_queue, enqueue_due

        return enqueue_due(app, dispatch_queue(app, w.redis_url, claim_idle=w.claim_idle_seconds), now)
    return outbox.dispatch(app.store, cfg, now, sends=app.service(outbox.Sends))


def evaluate_queue(app: AppContext, redis_url: str, claim_idle: float = 60.0, consumer: str | None = None) -> WorkQueue:
    return WorkQueue(redis_url, f"ipwatch:{app.settings.es.index_prefix}:evaluate", claim_idle=claim_idle,
                     consumer=consumer)


def enqueue_evaluation(app: AppContext, queue: WorkQueue, now: datetime) -> dict[str, int]:
    """The leader's part of `evaluate`: read the three cursors of alerts/jobs.py (events, rating history,
    analysed articles), publish their units and only then move each cursor. Units: `event:<entity>@<time>`
    (that entity's events changed since the time), `grade:<rating-history id>` (a grade change),
    `article:<id>` (an article that may hold a self-inspection finding)."""
    cfg, store = app.service(load_alerts_config), app.store
    overlap = timedelta(seconds=cfg.cursor_overlap_seconds)
    counts = {"events": 0, "grade_changes_seen": 0, "compliance_articles": 0, "queued": 0}
    events_ix, history_ix, articles_ix = (store.ix.name(n) for n in ("events", "rating-history", "articles"))
    store.refresh(f"{events_ix},{history_ix},{articles_ix}")

    cursor = Cursor(store, "alerts-cursor-events", overlap)
    hits, newest = cursor.read(events_ix, "updated_at")
    first: dict[str, str] = {}                  # entity → the oldest change of its events in this read
    for h in hits:
        eid, at = h["_source"].get("entity_id"), h["_source"].get("updated_at") or ""
        if eid and (eid not in first or at < first[eid]):
            first[eid] = at
    counts["events"] = len(hits)
    counts["queued"] += queue.publish([f"event:{e}@{first[e]}" for e in sorted(first)])
    cursor.advance(newest, now)

    cursor = Cursor(store, "alerts-cursor-ratings", overlap)
    hits, newest = cursor.read(history_ix, "rated_at")
    changed = [h["_id"] for h in hits if grades.is_change(h["_source"])]
    counts["grade_changes_seen"] = len(changed)
    counts["queued"] += queue.publish([f"grade:{i}" for i in changed])
    cursor.advance(newest, now)

    extra = compliance.article_filters(cfg, app.watchlist)
    if extra:
        cursor = Cursor(store, "alerts-cursor-compliance", overlap)
        hits, newest = cursor.read(articles_ix, "analysis.analyzed_at", extra)
        counts["compliance_articles"] = len(hits)
        counts["queued"] += queue.publish([f"article:{h['_id']}" for h in hits])
        cursor.advance(newest, now)
    return counts


def lease_keys(app: AppContext, entity_id: str) -> list[str]:
    """What evaluating an entity's events writes to, serialised across workers: the duties of every
    platform it reports to (a platform's duties may gather the events of the platform and of its
    operating units), and the entity itself."""
    return sorted({f"platform:{p}" for p in app.watchlist.duty_platforms(entity_id)} | {f"platform:{entity_id}"})


def evaluate_unit(app: AppContext, queue: WorkQueue, cfg: Any, unit: str, now: datetime, lease_ttl: float,
                  counts: dict[str, int], prep: Any = None) -> None:
    """Evaluate one published unit under its leases (the same writes `alerts.jobs.evaluate` makes)."""
    store, wl = app.store, app.watchlist
    kind, _, key = unit.partition(":")
    if kind == "event":
        entity, _, since = key.partition("@")
        with ExitStack() as held:
            for k in lease_keys(app, entity):           # always in sorted order: two workers cannot deadlock
                held.enter_context(queue.hold(k, lease_ttl))
            store.refresh(store.ix.name("events"))
            flt: list[dict[str, Any]] = [{"term": {"entity_id": entity}}]
            if since:
                flt.append({"range": {"updated_at": {"gte": since}}})
            hits = list(store.scan(store.ix.name("events"), {"bool": {"filter": flt}}))
            hits.sort(key=lambda h: (h["_source"].get("updated_at") or "", h["_id"]))
            for h in hits:
                event_duties(store, cfg, wl, h, now, counts)
    elif kind == "grade":
        got = store.get(store.ix.name("rating-history"), key)
        if got is not None:
            with queue.hold(f"alert:{doc_id('grade', key)}", lease_ttl):
                counts["grade_changes"] += grades.grade_change(store, cfg, wl, {"_id": key, "_source": got.source},
                                                               now)
    elif kind == "article":
        got = _article(store, key)
        if got is not None:
            counts["compliance_articles"] += 1
            counts["compliance"] += compliance.article_findings(
                store, cfg, wl, got, now, guard=lambda aid: queue.hold(f"alert:{aid}", lease_ttl), prep=prep)
    else:
        log.warning("evaluate: unknown unit %r", unit)


def _article(store: Any, article_id: str) -> dict[str, Any] | None:
    r = store.search(store.ix.name("articles"), size=1, query={"ids": {"values": [article_id]}})
    hits = r["hits"]["hits"]
    return hits[0] if hits else None


def evaluate_batch(app: AppContext, queue: WorkQueue, batch: Batch, now: datetime, lease_ttl: float = 120.0,
                   between: Callable[[str], None] | None = None) -> dict[str, int]:
    """Evaluate each unit of the batch, then (alerts.yaml `outbox.dispatch_after_evaluate`) send or publish
    what is due, as the leader's evaluate does."""

    cfg = app.service(load_alerts_config)
    counts = {**dict.fromkeys(EVENT_COUNTS, 0), "grade_changes": 0, "compliance_articles": 0, "units": 0}
    prep = compliance.prepare(cfg, app.watchlist) if any(u.startswith("article:") for u in batch.items) else None
    for unit in dict.fromkeys(batch.items):
        evaluate_unit(app, queue, cfg, unit, now, lease_ttl, counts, prep)
        counts["units"] += 1
        if between:
            between(unit)
    if cfg.outbox.dispatch_after_evaluate:
        for k, v in send_due(app, cfg, now).items():
            counts[k] = counts.get(k, 0) + v
    return counts


def evaluate_work(app: AppContext, queue: WorkQueue, stop: threading.Event, batch: int = 4,
                  idle_exit: float | None = None, lease_ttl: float = 120.0,
                  between: Callable[[str], None] | None = None) -> dict[str, int]:
    """A worker's loop: evaluate each batch (a unit that changes meanwhile is queued again), then XACK."""
    def handle(b: Batch) -> dict[str, int]:
        queue.unmark(b)
        return evaluate_batch(app, queue, b, app.now(), lease_ttl=lease_ttl, between=between)
    return queue.drain(stop, handle, {"units": 0, "events": 0, "duties_opened": 0, "grade_changes": 0,
                                      "compliance": 0, "sent": 0}, batch=batch, idle_exit=idle_exit)
