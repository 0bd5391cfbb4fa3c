"""`ipwatch worker`: one process of the work spread over hosts (docs/scale-out.md). It reads the Redis
streams the leader publishes to — `analyze` (nlp/distributed.py), `events` (scoring/distributed.py),
`evaluate` and `alerts` (alerts/distributed.py) — one thread per kind, until SIGTERM (or `--idle-exit`)."""

from __future__ import annotations

import json
import signal
import threading
from typing import Any

import click

from ipwatch.context import AppContext, pass_app

KINDS = ("analyze", "events", "evaluate", "alerts")


def run_kind(app: AppContext, kind: str, redis_url: str, stop: threading.Event, batch: int, claim_idle: float,
             idle_exit: float | None, enqueue: bool = False) -> dict[str, Any]:
    """One kind's loop (the leader's publishing first with `enqueue`)."""
    if kind == "analyze":
        from nlp.distributed import analysis_queue, enqueue_pending, work
        from nlp.jobs import load_analyzer

        q = analysis_queue(app, redis_url, claim_idle=claim_idle)
        queued = enqueue_pending(app, q) if enqueue else None
        out = work(app, q, app.service(load_analyzer), stop, batch=batch, idle_exit=idle_exit)
    elif kind == "events":
        from scoring.distributed import enqueue_changed, events_queue
        from scoring.distributed import work as merge

        q = events_queue(app, redis_url, claim_idle=claim_idle)
        queued = enqueue_changed(app, q, app.now()) if enqueue else None
        out = merge(app, q, stop, batch=batch, idle_exit=idle_exit, lease_ttl=app.settings.work.lease_seconds)
    elif kind == "evaluate":
        from alerts.evaluation import enqueue_evaluation, evaluate_queue, evaluate_work

        q = evaluate_queue(app, redis_url, claim_idle=claim_idle)
        queued = enqueue_evaluation(app, q, app.now()) if enqueue else None
        out = evaluate_work(app, q, stop, batch=batch, idle_exit=idle_exit, lease_ttl=app.settings.work.lease_seconds)
    elif kind == "alerts":
        from alerts.distributed import dispatch_queue, enqueue_due
        from alerts.distributed import work as send

        q = dispatch_queue(app, redis_url, claim_idle=claim_idle)
        queued = enqueue_due(app, q) if enqueue else None
        out = send(app, q, stop, batch=batch, idle_exit=idle_exit)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return {"enqueued": queued, **out} if queued is not None else out


@click.command("worker")
@click.option("--redis-url", help="The Redis whose streams carry the work (default: work.redis_url).")
@click.option("--kinds", default="analyze", show_default=True,
              help="What this worker does, comma-separated: analyze, events (merging and re-rating), evaluate (duties and alerts), alerts (sending).")
@click.option("--enqueue", is_flag=True, help="Publish the pending work first (what the leader does).")
@click.option("--batch", type=int, default=4, show_default=True, help="Messages taken at a time.")
@click.option("--claim-idle", type=float,
              help="Seconds after which a batch a worker did not acknowledge is taken over (work.claim_idle_seconds).")
@click.option("--idle-exit", type=float, help="Stop after this many seconds without work (default: run on).")
@pass_app
def worker(app: AppContext, redis_url: str | None, kinds: str, enqueue: bool, batch: int, claim_idle: float | None,
           idle_exit: float | None) -> None:
    """Do the work the leader publishes to the shared work streams (Redis consumer groups) until stopped."""
    redis_url = redis_url or app.settings.work.redis_url
    if not redis_url:
        raise click.UsageError("give --redis-url or set work.redis_url (IPWATCH_WORK__REDIS_URL)")
    chosen = [k.strip() for k in kinds.split(",") if k.strip()]
    wrong = [k for k in chosen if k not in KINDS]
    if wrong or not chosen:
        raise click.UsageError(f"--kinds: choose from {', '.join(KINDS)} (got {kinds!r})")
    idle = claim_idle or app.settings.work.claim_idle_seconds
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    results: dict[str, Any] = {}
    errors: list[BaseException] = []

    def one(kind: str) -> None:
        try:
            results[kind] = run_kind(app, kind, redis_url, stop, batch, idle, idle_exit, enqueue)
        except BaseException as exc:  # noqa: BLE001 - reported below; the other kinds stop too
            errors.append(exc)
            stop.set()

    threads = [threading.Thread(target=one, args=(k,), name=f"worker-{k}") for k in chosen]
    for t in threads:
        t.start()
    try:
        while any(t.is_alive() for t in threads):
            for t in threads:
                t.join(0.5)
    except KeyboardInterrupt:
        stop.set()
        for t in threads:
            t.join()
    if errors:
        raise errors[0]
    click.echo(json.dumps(results if len(chosen) > 1 else results[chosen[0]]))
