"""The daemon's job table: the pipeline's steps in the order data flows through them.

    page ──crawl:<source>──▶ article ──analyze──▶ analysis ──events──▶ risk event ──rerate──▶ rating
                                                                           │
                                               duty / alert ◀──evaluate────┘──▶ outbox ──dispatch──▶ channel
                                                     └──brief:<period>──▶ briefing ──▶ outbox

Every job is `def job(ctx: JobContext) -> JobResult`, declared by the step that owns the work; this
table only says when each runs. Intervals come from `daemon.intervals` (settings.yaml), the nightly
full re-rating from `daemon.full_rerate_cron`, the briefings from `reports.*_cron`; `daemon.jobs` keeps a subset (a name or a kind, e.g.
`crawl` for every source). Jobs of one `group` never run at the same time (crawls share one Scrapy
process at a time; the two re-rating jobs write the same ratings).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from alerts import jobs as alerting
from crawlers import jobs as crawling
from crawlers.sources import load_sources_config
from ipwatch.context import AppContext
from ipwatch.errors import StoreUnavailable
from ipwatch.job import Job, JobContext, JobResult
from ipwatch.store.retention import apply_retention
from nlp import jobs as analysis
from reports import jobs as reporting
from scoring import jobs as scoring

DEFAULT_INTERVALS: dict[str, float] = {
    "crawl": 3600.0,        # per source, unless daemon.intervals["crawl:<name>"] says otherwise
    "analyze": 120.0,
    "events": 300.0,
    "rerate": 600.0,        # events re-rates what it touched; this catches officer actions and manual events
    "evaluate": 1.0,        # duties and alerts from stored events: the 2 s event→notification goal
    "check_duties": 900.0,
    "dispatch": 60.0,
    "spool": 60.0,
    "retention": 86400.0,
}


@dataclass
class JobSpec:
    name: str
    func: Job
    interval: float | None = None          # seconds between runs, or
    cron: str | None = None                # a crontab in settings.timezone
    group: str | None = None               # jobs of one group never run at the same time
    params: Mapping[str, Any] = field(default_factory=dict)   # handed to the job as ctx.params

    def __post_init__(self) -> None:
        if (self.interval is None) == (self.cron is None):
            raise ValueError(f"job {self.name}: give exactly one of interval or cron")

    @property
    def target(self) -> str:
        """The function it runs, for logs."""
        return f"{self.func.__module__}.{getattr(self.func, '__qualname__', type(self.func).__name__)}"


@dataclass
class JobState:
    """What the daemon remembers of a job (persisted as `state/job:<name>`)."""

    data: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.data.get(key)


def replay_spool(ctx: JobContext) -> JobResult:
    """Writes spooled while Elasticsearch was unreachable, replayed in order."""
    try:
        return {"replayed": ctx.app.store.replay_spool()}
    except StoreUnavailable:
        return {"replayed": 0, "unreachable": 1}


def retention(ctx: JobContext) -> JobResult:
    """Crawled articles past `retention.articles_days` go (ipwatch/store/retention.py)."""
    return apply_retention(ctx.app.store, ctx.app.settings.retention.articles_days, ctx.now)


def pipeline(app: AppContext) -> tuple[list[JobSpec], list[tuple[str, str]]]:
    """The jobs of this installation in pipeline order, and (name, reason) for each one left out."""
    d = app.settings.daemon
    every = {**DEFAULT_INTERVALS, **d.intervals}
    skipped: list[tuple[str, str]] = []
    try:
        sources = [s.name for s in load_sources_config(app).select()]
    except Exception as exc:  # noqa: BLE001 - a wrong sources.yaml stops crawling, not the daemon
        skipped.append(("crawl", f"sources.yaml: {exc}"))
        sources = []
    if not sources and not skipped:
        skipped.append(("crawl", "no enabled source in sources.yaml"))
    jobs = [JobSpec(f"crawl:{s}", crawling.crawl_source, interval=d.intervals.get(f"crawl:{s}") or every["crawl"],
                    group="crawl", params={"source": s}) for s in sources]
    jobs += [
        JobSpec("analyze", analysis.analyze, interval=every["analyze"]),
        JobSpec("events", scoring.events, interval=every["events"]),
        JobSpec("rerate", scoring.rerate_changed, interval=every["rerate"], group="rerate"),
        JobSpec("rerate_full", scoring.rerate_all, cron=d.full_rerate_cron, group="rerate"),
        JobSpec("evaluate", alerting.evaluate, interval=every["evaluate"]),
        JobSpec("check_duties", alerting.check_duties, interval=every["check_duties"]),
    ]
    r = app.settings.reports
    jobs += [JobSpec(f"brief:{kind}", reporting.brief, cron=cron, group="brief", params={"period": kind})
             for kind, cron in (("day", r.daily_cron), ("week", r.weekly_cron), ("month", r.monthly_cron)) if cron]
    jobs += [
        JobSpec("dispatch", alerting.dispatch, interval=every["dispatch"], group="dispatch"),
        JobSpec("spool", replay_spool, interval=every["spool"]),
        JobSpec("retention", retention, interval=every["retention"]),
    ]
    return select_jobs(jobs, d.jobs, skipped)


def select_jobs(jobs: list[JobSpec], only: Iterable[str] | None,
                skipped: list[tuple[str, str]] | None = None) -> tuple[list[JobSpec], list[tuple[str, str]]]:
    """Keep the jobs named in `only` (a name or its kind, e.g. `crawl` for every crawl job)."""
    skipped = list(skipped or [])
    if only is None:
        return jobs, skipped
    wanted = set(only)
    kept = [j for j in jobs if j.name in wanted or j.name.split(":", 1)[0] in wanted]
    skipped += [(j.name, "not in daemon.jobs") for j in jobs if j not in kept]
    return kept, skipped
