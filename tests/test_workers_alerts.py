"""Sending spread over workers (alerts/distributed.py) with a real Redis and the real Elasticsearch: the
leader publishes the due outbox documents, every one twice more by hand (a re-publication, a batch taken
over from a slow worker), and two dispatchers take them at once; each notification reaches the receiver
exactly once, because only the worker whose conditional claim wins sends (alerts/outbox.py)."""

from __future__ import annotations

import threading
from typing import Any

from alerts import jobs
from alerts.distributed import dispatch_queue, enqueue_due, work
from ipwatch.context import AppContext
from ipwatch.job import run_job

from tests.alerts_support import *  # noqa: F403 - the shared receivers, fixtures and helpers
from tests.alerts_support import Receiver, local, outbox_docs, put_event


def test_two_dispatchers_on_the_stream_deliver_each_notification_once(app: AppContext, rx: Receiver,
                                                                      redis_url: str) -> None:
    now = local(2026, 3, 3)
    for i in range(6):
        put_event(app.store, id=f"sp{i}", article_ids=[f"sp{i}"])
    app.settings.work.redis_url, app.settings.work.kinds = redis_url, ["analyze", "alerts"]
    run_job(jobs.evaluate, app, now)                          # the leader records …
    assert len(outbox_docs(app.store)) == 6
    assert run_job(jobs.dispatch, app, now) == {"due": 6, "queued": 6}     # … and only publishes
    q = dispatch_queue(app, redis_url, claim_idle=1, consumer="leader")
    assert enqueue_due(app, q, now)["queued"] == 0            # waiting documents are not queued twice
    for d in outbox_docs(app.store):
        for _ in range(2):
            q.r.xadd(q.stream, {"items": d["id"]})
    totals: dict[str, Any] = {}

    def one(name: str) -> None:
        totals[name] = work(app, dispatch_queue(app, redis_url, claim_idle=1, consumer=name), threading.Event(),
                            batch=2, idle_exit=1.5)
    threads = [threading.Thread(target=one, args=(n,)) for n in ("d1", "d2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert totals["d1"]["sent"] + totals["d2"]["sent"] == 6
    assert len(rx.accepted) == 6 and len({r["key"] for r in rx.accepted}) == 6
    assert all(d["status"] == "sent" and d["attempts"] == 1 for d in outbox_docs(app.store))
    assert q.backlog() == {"waiting": 0, "pending": 0}
