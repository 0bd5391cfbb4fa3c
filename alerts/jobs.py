"""The alert jobs the daemon schedules (docs/contracts.md), each `def job(ctx: JobContext) -> JobResult`.
Each is idempotent and resumable: documents have deterministic ids, and cursors in the `state` index
only move forward after the work they cover is done, re-read with an overlap (`cursor_overlap_seconds`).

* `evaluate`: risk events → reporting duties and compliance findings; rating changes → grade-change
  alerts; analysed articles → self-inspection hits; major public-opinion surges.
* `check_duties`: reminders before the due date, escalation once overdue, findings past their deadline.
* `dispatch`: sends what the outbox holds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from alerts import compliance, duties, findings, grades, surge
from alerts.evaluation import (
    EVENT_COUNTS,
    enqueue_evaluation,
    evaluate_queue,
    event_duties,
    send_due,
)
from alerts.routing import AlertsConfig, load_alerts_config
from ipwatch.context import AppContext
from ipwatch.job import JobContext, JobResult, run_job
from ipwatch.store import Cursor, Store
from ipwatch.watchlist import Watchlist


def get_config(app: AppContext) -> AlertsConfig:
    """The validated alerts.yaml, read once per context (tests `app.provide(load_alerts_config, cfg)`)."""
    return app.service(load_alerts_config)


class _SurgeSchedule:
    """When surges were last measured: they are measured every `surge.every_seconds`, not every second."""

    def __init__(self, app: AppContext):
        self.last: datetime | None = None

    def due(self, now: datetime, every: float) -> bool:
        if self.last is None or abs((now - self.last).total_seconds()) >= every:
            self.last = now
            return True
        return False


def _authority(app: AppContext, cfg: AlertsConfig) -> Callable[[str | None], float]:
    """Outlet authority: alerts.yaml `surge.outlet_authority` first, then the scoring rulebook's source
    classes, then `surge.default_authority`."""
    from scoring.rulebook import rulebook_of

    s = cfg.surge
    try:
        rb_auth = app.service(rulebook_of).authority
    except Exception:  # noqa: BLE001 - scoring.yaml invalid: alerts.yaml alone (config check names the fault)
        return s.authority

    def of(domain: str | None) -> float:
        d = (domain or "").lower().strip(".")
        probe = d
        while probe:
            if probe in s.outlet_authority:
                return s.outlet_authority[probe]
            probe = probe.partition(".")[2]
        a = rb_auth.of(None, None, d) if d else rb_auth.default
        return a if a != rb_auth.default else s.default_authority
    return of


def from_events(store: Store, cfg: AlertsConfig, wl: Watchlist, now: datetime) -> dict[str, int]:
    """Risk events changed since the cursor → reporting duties and compliance findings."""
    counts = dict.fromkeys(EVENT_COUNTS, 0)
    index = store.ix.name("events")
    store.refresh(f"{index},{store.ix.name('duties')}")
    cursor = Cursor(store, "alerts-cursor-events", timedelta(seconds=cfg.cursor_overlap_seconds))
    hits, newest = cursor.read(index, "updated_at")
    hits.sort(key=lambda h: h["_source"].get("updated_at") or "")
    for h in hits:
        event_duties(store, cfg, wl, h, now, counts)
    cursor.advance(newest, now)
    return counts


def evaluate(ctx: JobContext) -> JobResult:
    app, now = ctx.app, ctx.now
    cfg, store, wl = get_config(app), app.store, app.watchlist
    counts: dict[str, int] = {}
    w = app.settings.work
    if w.redis_url and "evaluate" in w.kinds:
        # the leader keeps the cursors and publishes the units; `ipwatch worker --kinds evaluate` evaluates them
        counts.update(enqueue_evaluation(app, evaluate_queue(app, w.redis_url, claim_idle=w.claim_idle_seconds), now))
    else:
        counts.update(from_events(store, cfg, wl, now))
        counts.update(grades.from_history(store, cfg, wl, now))
        for k, v in compliance.from_articles(store, cfg, wl, now).items():
            counts[k] = counts.get(k, 0) + v
    if app.service(_SurgeSchedule).due(now, cfg.surge.every_seconds):
        counts.update(surge.evaluate(store, cfg, wl, now, authority=_authority(app, cfg)))
    if cfg.outbox.dispatch_after_evaluate:
        for k, v in send_due(app, cfg, now).items():
            counts[k] = counts.get(k, 0) + v
    return counts


def check_duties(ctx: JobContext) -> JobResult:
    """Duty reminders and escalation, and self-inspection findings past their rectification deadline."""
    cfg = get_config(ctx.app)
    return {**duties.check_all(ctx.app.store, cfg, ctx.now), **findings.check(ctx.app.store, cfg, ctx.now)}


def dispatch(ctx: JobContext) -> JobResult:
    return send_due(ctx.app, get_config(ctx.app), ctx.now)


def run_once(app: AppContext, now: datetime | None = None) -> dict[str, int]:
    """evaluate + check_duties + dispatch, in that order (what `ipwatch alerts run` does)."""
    now = now or app.now()
    out: dict[str, int] = {}
    for job in (evaluate, check_duties, dispatch):
        for k, v in run_job(job, app, now).items():
            out[k] = out.get(k, 0) + v
    return out
