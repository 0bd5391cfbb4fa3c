"""When the daemon's jobs run: APScheduler triggers that resume from each job's recorded runs.

On start a job runs at once when its previous run was interrupted, when its interval has passed since
its last start, or when a cron run was missed; otherwise at its next time. Jobs start staggered by
0.2 s so a restart does not fire everything in the same instant. A run that comes due while the job's
previous run still goes is skipped (runs never overlap): it counts in `ipwatch_job_runs_total` as
`outcome="skipped"` and is logged once a minute per job, instead of APScheduler's warning every time.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ipwatch.clock import parse, utcnow

if TYPE_CHECKING:
    from ipwatch.shell.jobs import JobSpec, JobState
    from ipwatch.settings import DaemonSettings, Settings

log = logging.getLogger("ipwatch.daemon")


class _NotSkipWarnings(logging.Filter):
    """Drops APScheduler's own "maximum number of running instances reached" warning: the daemon
    counts and logs such a skipped run itself (`Scheduling._skipped`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances" not in str(record.msg)


SKIP_FILTER = _NotSkipWarnings()


class Scheduling:
    """The scheduling half of the Daemon (mixed in; the Daemon owns the state it reads)."""

    settings: Settings
    cfg: DaemonSettings
    jobs: dict[str, JobSpec]
    states: dict[str, JobState]
    skipped: list[tuple[str, str]]
    _scheduler: Any
    metrics: Any
    _quiet: Any

    def run_job(self, name: str) -> bool:  # implemented by the Daemon
        raise NotImplementedError

    def _first_run(self, spec: JobSpec, now: datetime, index: int) -> datetime:
        st = self.states[spec.name]
        if st.get("running_since"):
            log.warning("the previous run of %s (started %s by %s) was interrupted; running it again",
                        spec.name, st.get("running_since"), st.get("running_owner"), extra={"job": spec.name})
            return now
        stagger = timedelta(seconds=min(0.2 * index, 5.0))
        last = parse(st.get("last_start"))
        if spec.interval is not None:
            if last is None:
                return now + stagger
            return max(now + stagger, last + timedelta(seconds=spec.interval))
        trigger = self._cron(spec)
        prev = self._previous_fire(trigger, now)
        last_ok = parse(st.get("last_success_start"))
        if prev is not None and (last_ok is None or last_ok < prev) and last is not None:
            log.info("%s missed its run at %s; running it now", spec.name, prev.isoformat(),
                     extra={"job": spec.name})
            return now + stagger
        return trigger.get_next_fire_time(None, now)

    def _cron(self, spec: JobSpec) -> Any:
        from apscheduler.triggers.cron import CronTrigger

        return CronTrigger.from_crontab(spec.cron, timezone=ZoneInfo(self.settings.timezone))

    @staticmethod
    def _previous_fire(trigger: Any, now: datetime) -> datetime | None:
        t = trigger.get_next_fire_time(None, now - timedelta(days=8))
        prev = None
        while t is not None and t <= now:
            prev = t
            t = trigger.get_next_fire_time(t, t + timedelta(seconds=1))
        return prev

    def _skipped(self, event: Any) -> None:
        """A run came due while the job's previous run still goes (evaluate runs every second, a long
        analyze batch outlasts its interval): counted, and logged once a minute per job."""
        name = event.job_id
        self.metrics.job_runs.labels(name, "skipped").inc()
        if self._quiet.allow(f"skip:{name}", "skipped"):
            log.info("run skipped: the previous run is still going",
                     extra={"job": name, "repeated": self._quiet.repeated(f"skip:{name}")})

    def _start_scheduler(self) -> None:
        from apscheduler.events import EVENT_JOB_MAX_INSTANCES
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.interval import IntervalTrigger

        # A group's jobs get their own one-thread executor: they queue there instead of holding
        # threads of the shared pool while they wait for each other.
        groups = sorted({j.group for j in self.jobs.values() if j.group})
        executors = {"default": ThreadPoolExecutor(self.cfg.max_workers),
                     **{f"group:{g}": ThreadPoolExecutor(1) for g in groups}}
        sched = BackgroundScheduler(
            executors=executors,
            job_defaults={"coalesce": True, "max_instances": 1,
                          "misfire_grace_time": int(self.cfg.misfire_grace_seconds)},
            timezone=ZoneInfo(self.settings.timezone))
        now = utcnow()
        for i, spec in enumerate(self.jobs.values()):
            first = self._first_run(spec, now, i)
            if spec.interval is not None:
                trigger = IntervalTrigger(seconds=spec.interval, start_date=first)
            else:
                trigger = self._cron(spec)
            sched.add_job(self.run_job, trigger, args=[spec.name], id=spec.name, name=spec.name,
                          next_run_time=first, executor=f"group:{spec.group}" if spec.group else "default")
            log.info("job scheduled", extra={"job": spec.name, "target": spec.target, "first_run": first.isoformat(),
                                             "interval_s": spec.interval, "cron": spec.cron})
        for name, reason in self.skipped:
            log.info("job skipped: %s", reason, extra={"job": name})
        sched.add_listener(self._skipped, EVENT_JOB_MAX_INSTANCES)
        scheduler_log = logging.getLogger("apscheduler.scheduler")
        if SKIP_FILTER not in scheduler_log.filters:
            scheduler_log.addFilter(SKIP_FILTER)
        sched.start()
        self._scheduler = sched
