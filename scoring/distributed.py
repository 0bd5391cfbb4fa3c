"""Event merging (and the re-rating it triggers) spread over workers through a Redis stream with a consumer
group (ipwatch/workqueue.py), the way analysis is (nlp/distributed.py).

The leader's `enqueue_changed` reads the analysed articles past the `events` cursor and publishes their
*subjects* — the entity each reports on, and the entity whose events held it before — then moves the
cursor. The work item is an entity, not an article: all of an entity's (subject, type) groups are
rewritten together from every report of that subject (scoring/sync.py `sync_subject`). A worker holds
the entity's lease (`WorkQueue.hold`, SET NX with a TTL) while it merges, so one entity is merged by one
worker at a time; afterwards it re-rates the entities touched under one `rerate` lease, so a rating is
always computed after the event writes that preceded it. Then XACK. A worker killed mid-batch leaves the
message pending (XAUTOCLAIM hands it to another worker after `claim_idle`) and its lease expires; doing a
batch again changes nothing, since `sync_group` only writes what differs, conditionally.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ipwatch.context import AppContext
from ipwatch.workqueue import Batch, WorkQueue
from scoring.rerate import rerate
from scoring.rulebook import Rulebook, rulebook_of
from scoring.sync import analysed_pages, subjects_of, sync_subject

log = logging.getLogger(__name__)


def events_queue(app: AppContext, redis_url: str, claim_idle: float = 60.0, consumer: str | None = None) -> WorkQueue:
    return WorkQueue(redis_url, f"ipwatch:{app.settings.es.index_prefix}:events", claim_idle=claim_idle,
                     consumer=consumer)


def enqueue_changed(app: AppContext, queue: WorkQueue, now: datetime, batch: int = 500) -> dict[str, int]:
    """The leader's part: publish the subjects of the analysed articles past the cursor, then move it."""
    store, wl = app.store, app.watchlist
    arts = store.ix.name("articles")
    store.refresh(arts)
    counts = {"articles": 0, "subjects": 0, "queued": 0}
    for hits in analysed_pages(store, now, batch, ["id", "analysis.subject", "record.party_uscc"]):
        subjects, _ = subjects_of(store, wl, hits)
        counts["articles"] += len(hits)
        counts["subjects"] += len(subjects)
        counts["queued"] += queue.publish(sorted(subjects))
    return counts


def process(app: AppContext, queue: WorkQueue, batch: Batch, now: datetime, lease_ttl: float = 120.0,
            rulebook: Rulebook | None = None, rerate_after: bool = True,
            between: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Merge the events of each entity of the batch under its lease, then re-rate what they touched."""
    rb = rulebook or rulebook_of(app)
    store, wl = app.store, app.watchlist
    counts: dict[str, Any] = {"subjects": 0, "groups": 0, "events_created": 0, "events_updated": 0,
                              "events_superseded": 0, "events_unchanged": 0, "ratings_written": 0}
    touched: set[str] = set()
    store.refresh(store.ix.name("articles"))
    for subject in dict.fromkeys(batch.items):
        with queue.hold(f"entity:{subject}", lease_ttl):
            touched |= sync_subject(store, rb, wl, subject, now, counts)
        counts["subjects"] += 1
        if between:
            between(subject)
    # the subjects are re-rated even when their events were already right: a batch taken over from a worker
    # killed between its merge and its re-rating finds nothing to change, yet the rating is still owed
    touched |= set(batch.items)
    if touched and rerate_after:
        with queue.hold("rerate", lease_ttl):
            r = rerate(app, now, entity_ids=sorted(touched), trigger="events", rulebook=rb)
        counts["ratings_written"] += r["written"]
    counts["touched"] = sorted(touched)
    return counts


def work(app: AppContext, queue: WorkQueue, stop: threading.Event, batch: int = 4, idle_exit: float | None = None,
         lease_ttl: float = 120.0, between: Callable[[str], None] | None = None) -> dict[str, int]:
    """A worker's loop until `stop` is set (or nothing came for `idle_exit` seconds)."""
    rb = rulebook_of(app)

    def handle(b: Batch) -> dict[str, Any]:
        queue.unmark(b)                     # an entity that changes while we merge is queued again
        return process(app, queue, b, app.now(), lease_ttl=lease_ttl, rulebook=rb, between=between)
    # acknowledged only after the events and ratings are stored
    return queue.drain(stop, handle, {"subjects": 0, "events_created": 0, "events_updated": 0, "events_superseded": 0,
                                      "ratings_written": 0}, batch=batch, idle_exit=idle_exit)
