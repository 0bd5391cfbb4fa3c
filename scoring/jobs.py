"""The scoring jobs the daemon schedules (docs/contracts.md), each `def job(ctx: JobContext) -> JobResult`.

* `events`: newly analysed articles → risk events (scoring/sync.py), then re-rate what they touched.
* `rerate_changed`: re-rate the entities whose events changed since the last run (officer actions,
  manual events); the first run re-rates everyone.
* `rerate_all`: re-rate everyone as of today (nightly: grades move as penalties age out).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ipwatch.job import JobContext, JobResult
from ipwatch.store import Cursor
from scoring.rerate import rerate
from scoring.sync import update_events

RERATE_CURSOR = "scoring-rerate"
RERATE_OVERLAP = timedelta(minutes=2)   # events written just before the last run may be unrefreshed


def events(ctx: JobContext) -> JobResult:
    """With `work.redis_url` (and `events` in `work.kinds`) the leader only publishes the entities to merge;
    `ipwatch worker --kinds events` processes merge them and re-rate (scoring/distributed.py)."""
    w = ctx.app.settings.work
    if w.redis_url and "events" in w.kinds:
        from scoring.distributed import enqueue_changed, events_queue

        return enqueue_changed(ctx.app, events_queue(ctx.app, w.redis_url, claim_idle=w.claim_idle_seconds), ctx.now)
    return update_events(ctx.app, ctx.now)


def rerate_changed(ctx: JobContext) -> JobResult:
    store = ctx.app.store
    cursor = Cursor(store, RERATE_CURSOR, RERATE_OVERLAP)
    if cursor.value is None:
        out = {"mode": "full", **rerate(ctx.app, ctx.now, entity_ids=None)}
        cursor.advance(ctx.now, ctx.now)
        return out
    index = store.ix.name("events")
    store.refresh(index)
    resp = store.search(index, size=0, query={"range": {"updated_at": {"gte": cursor.since_iso()}}},
                        aggs={"e": {"terms": {"field": "entity_history", "size": 10000}},
                              "newest": {"max": {"field": "updated_at"}}})
    aggs: dict[str, Any] = resp.get("aggregations") or {}
    ids = sorted(b["key"] for b in (aggs.get("e") or {}).get("buckets", []))
    if not ids:
        return {"entities": 0}
    out = {"entities": len(ids), **rerate(ctx.app, ctx.now, entity_ids=ids)}
    cursor.advance((aggs.get("newest") or {}).get("value_as_string"), ctx.now)
    return out


def rerate_all(ctx: JobContext) -> JobResult:
    return rerate(ctx.app, ctx.now, entity_ids=None)
