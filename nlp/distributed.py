"""Analysis spread over several workers through a Redis stream with a consumer group (ipwatch/workqueue.py).

The leader's `enqueue_pending` publishes the ids of pending articles (each once while it waits); every
`ipwatch worker` runs `work` — take a batch (XREADGROUP, or XAUTOCLAIM of a dead worker's batch), read
the articles with their `_seq_no`, skip those no longer pending, run the model, write each result only if
the article is unchanged since it was read (`if_seq_no`/`if_primary_term`), then XACK. A worker killed
mid-batch loses nothing (its batch is taken over after `claim_idle` seconds), and no article gets two
analyses: a result is written only over the pending document it was computed from.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from ipwatch.context import AppContext
from ipwatch.workqueue import Batch, WorkQueue

log = logging.getLogger(__name__)


def analysis_queue(app: AppContext, redis_url: str, claim_idle: float = 60.0, consumer: str | None = None) -> WorkQueue:
    return WorkQueue(redis_url, f"ipwatch:{app.settings.es.index_prefix}:analyze", claim_idle=claim_idle,
                     consumer=consumer)


def enqueue_pending(app: AppContext, queue: WorkQueue, per_message: int = 8) -> dict[str, int]:
    """The leader's part: publish every pending article not already queued."""
    store = app.store
    alias = store.ix.name("articles")
    store.refresh(alias)
    ids = [h["_id"] for h in store.scan(alias, {"term": {"analysis.status": "pending"}}, source=[], size=1000)]
    return {"pending": len(ids), "queued": queue.publish(ids, per_message=per_message)}


def process(app: AppContext, batch: Batch, analyzer: Any, on_written: Callable[[str], None] | None = None
            ) -> dict[str, int]:
    """Analyse the still-pending articles of a batch and write each result conditionally."""
    store = app.store
    counts = {"analyzed": 0, "skipped": 0, "conflicts": 0, "errors": 0}
    # a search, not mget: `articles` is an alias over monthly indices (ids were refreshed before publishing)
    docs = store.search(store.ix.name("articles"), query={"ids": {"values": batch.items}}, size=len(batch.items),
                        seq_no_primary_term=True)["hits"]["hits"]
    todo = [d for d in docs if (d["_source"].get("analysis") or {}).get("status") == "pending"]
    counts["skipped"] = len(batch.items) - len(todo)
    if not todo:
        return counts
    arts = [dict(d["_source"], id=d["_source"].get("id", d["_id"])) for d in todo]
    try:
        results = analyzer.analyze(arts)
    except Exception as exc:  # noqa: BLE001 - the batch is marked, the worker goes on
        log.exception("analysis failed for %d article(s)", len(arts))
        results = [{"status": "error", "error": str(exc)[:500]} for _ in arts]
        counts["errors"] += len(arts)
    ops: list[dict[str, Any]] = []
    for d, res in zip(todo, results, strict=True):
        res = {k: v for k, v in res.items() if k != "id"}
        ops.append({"index": {"_index": d["_index"], "_id": d["_id"], "if_seq_no": d["_seq_no"],
                              "if_primary_term": d["_primary_term"]}})
        ops.append({**d["_source"], "analysis": res})
    for d, item in zip(todo, store.bulk_conditional(ops), strict=True):
        status = item.get("status", 200)
        if status == 409:
            counts["conflicts"] += 1               # someone else analysed it first: theirs stands
        elif status < 300:
            counts["analyzed"] += 1
            if on_written:
                on_written(d["_id"])
        else:
            raise RuntimeError(f"article {d['_id']} not written: {item.get('error')}")
    return counts


def work(app: AppContext, queue: WorkQueue, analyzer: Any, stop: threading.Event, batch: int = 4,
         idle_exit: float | None = None, on_written: Callable[[str], None] | None = None) -> dict[str, int]:
    """A worker's loop until `stop` is set (or nothing came for `idle_exit` seconds); a batch is
    acknowledged only after its results are stored."""
    return queue.drain(stop, lambda b: process(app, b, analyzer, on_written),
                       {"analyzed": 0, "skipped": 0, "conflicts": 0, "errors": 0}, batch=batch, idle_exit=idle_exit)
