"""The one signature of a pipeline job: `def job(ctx: JobContext) -> JobResult`.

Each step declares its jobs in its own `jobs.py` (crawlers, nlp, scoring, alerts); the shell's job
table (`ipwatch/shell/jobs.py`) lists them in pipeline order and schedules them. A job reads the
time from `ctx.now`, its services from `ctx.app`, and its previous successful start from
`ctx.previous_start` (for incremental work); it watches `ctx.stop` when it runs long, and returns
counts for the log, the job state and /metrics.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ipwatch.context import AppContext

JobResult = dict[str, Any]


@dataclass
class JobContext:
    """One run of one job."""

    app: AppContext
    now: datetime
    name: str = ""
    previous_start: datetime | None = None   # start of the last successful run (None: never ran)
    stop: threading.Event = field(default_factory=threading.Event)
    params: Mapping[str, Any] = field(default_factory=dict)   # per-entry arguments, e.g. the source to crawl


Job = Callable[[JobContext], JobResult]


def run_job(job: Job, app: AppContext, now: datetime | None = None, **params: Any) -> JobResult:
    """Run one job once outside the scheduler (CLI commands, tests, the demo)."""
    return job(JobContext(app=app, now=now or app.now(), name=getattr(job, "__name__", ""), params=params))
