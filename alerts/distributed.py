"""Sending notifications spread over workers through a Redis stream with a consumer group
(ipwatch/workqueue.py). Evaluation (what records the notifications in the outbox) may go to workers too:
alerts/evaluation.py. The leader's `dispatch` job with `work.redis_url` only publishes the ids of the outbox
documents that are due, and `ipwatch worker --kinds alerts` sends them.

Exactly once does not rest on the stream: a message taken over from a worker that was slow rather than
dead, or published again, reaches `outbox.dispatch`, which sends a document only after claiming it with a
conditional write (`if_seq_no`: status `sending`, a lease); a second dispatcher loses that write and skips
the document. The stream only spreads the work and takes over a dead worker's batch (XAUTOCLAIM); the
outbox's lease takes over a claim that a dead worker made and never finished.
"""

from __future__ import annotations

import threading
from datetime import datetime

from alerts import outbox
from alerts.routing import load_alerts_config
from ipwatch.context import AppContext
from ipwatch.workqueue import WorkQueue


def dispatch_queue(app: AppContext, redis_url: str, claim_idle: float = 60.0, consumer: str | None = None) -> WorkQueue:
    return WorkQueue(redis_url, f"ipwatch:{app.settings.es.index_prefix}:dispatch", claim_idle=claim_idle,
                     consumer=consumer)


def enqueue_due(app: AppContext, queue: WorkQueue, now: datetime | None = None, per_message: int = 4) -> dict[str, int]:
    """The leader's part: publish the outbox documents due now (pending, or a claim whose lease ran out)."""
    store = app.store
    index = store.ix.name("outbox")
    store.refresh(index)
    ids = [h["_id"] for h in store.search(index, query=outbox.due_query(now or app.now()), size=1000, source=False,
                                          sort=[{"next_attempt_at": "asc"}])["hits"]["hits"]]
    return {"due": len(ids), "queued": queue.publish(ids, per_message=per_message)}


def work(app: AppContext, queue: WorkQueue, stop: threading.Event, batch: int = 4,
         idle_exit: float | None = None) -> dict[str, int]:
    """A worker's loop: send the outbox documents of each batch (claimed one by one), then XACK."""
    cfg, sends = app.service(load_alerts_config), app.service(outbox.Sends)
    return queue.drain(stop, lambda b: outbox.dispatch(app.store, cfg, app.now(), ids=b.items, sends=sends),
                       {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}, batch=batch, idle_exit=idle_exit)

