"""`ipwatch run`: the background service.

One leader per Elasticsearch deployment (index prefix) runs the pipeline's jobs on APScheduler:

    crawl:<source>  crawlers.jobs.crawl(app, sources=[source])      every source's own interval
    analyze         nlp.jobs.analyze_pending(app)                   new articles
    events          scoring.jobs.update_events(app, now)            event merging, surges
    rerate          scoring.jobs.rerate(app, now, entity_ids=[…])   entities whose events changed
    rerate_full     scoring.jobs.rerate(app, now)                   nightly (daemon.full_rerate_cron)
    evaluate        alerts.jobs.evaluate(app, now)                  duties, surges, grade changes
    check_duties    alerts.jobs.check_duties(app, now)              reminders, escalation
    dispatch        alerts.jobs.dispatch(app, now)                  the outbox
    spool           Store.replay_spool()                            writes spooled while ES was down

Job functions are imported lazily: a package that is not installed (or fails to import) is
skipped with a log line and the other jobs run. Misfires coalesce into one run, a job never runs
twice at once (`max_instances=1`; crawls also share one lock, Scrapy's reactor being per process),
and a second daemon against the same Elasticsearch refuses to start while the first one's leader
lock (a document in the `state` index, renewed every `lock_ttl_seconds / 3`) is fresh; with
`--standby` it waits and takes over when the lock expires, at once when the holder was a dead
process on the same host.

Durability: pipeline state lives in Elasticsearch (articles' `analysis.status`, events, the
outbox) and every job is idempotent, so a run cut short by SIGKILL is simply run again. The daemon
records each job's runs in the `state` index (`job:<name>`: last start, success, error, result,
and `running_since` while a run is in progress); on start it schedules each job from its last run,
at once for a job whose previous run was interrupted. SIGTERM/SIGINT stop scheduling, let running
jobs finish for up to `daemon.shutdown_grace_seconds` (they can watch `app.shutdown_event`),
release the lock and exit 0.
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import click

from ipwatch.context import AppContext, pass_app
from ipwatch.errors import ConflictError, IpwatchError, StoreUnavailable
from ipwatch.metrics import Metrics

log = logging.getLogger("ipwatch.daemon")

DEFAULT_INTERVALS: dict[str, float] = {
    "crawl": 3600.0,        # per source, unless the source or daemon.intervals["crawl:<name>"] says
    "analyze": 120.0,
    "events": 300.0,
    "rerate": 600.0,       # update_events re-rates what it touched; this catches manual event edits
    "evaluate": 1.0,         # duties/alerts from stored events; the 2 s event→notification goal
    "check_duties": 900.0,
    "dispatch": 60.0,
    "spool": 60.0,
}
JOB_NAMES = ("crawl", "analyze", "events", "rerate", "rerate_full", "evaluate", "check_duties",
             "dispatch", "spool")
RERATE_OVERLAP = timedelta(minutes=2)   # events written just before the last run may be unrefreshed
LOCK_ID = "lock:daemon"

EXIT_OK, EXIT_CRASH, EXIT_LOCK_HELD, EXIT_LOCK_LOST = 0, 1, 3, 4


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _iso(t: datetime | None) -> str | None:
    return t.isoformat() if t else None


def _parse(t: Any) -> datetime | None:
    if not t:
        return None
    try:
        d = datetime.fromisoformat(str(t))
    except ValueError:
        return None
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


class LockHeld(IpwatchError):
    exit_code = EXIT_LOCK_HELD


# --- jobs ------------------------------------------------------------------------------------

@dataclass
class JobContext:
    """What a job run gets besides the app: the previous successful run, the stop signal."""

    name: str
    previous_start: datetime | None
    stop: threading.Event


JobFunc = Callable[[AppContext, datetime, JobContext], Any]


@dataclass
class JobSpec:
    name: str
    func: JobFunc
    interval: float | None = None          # seconds between runs, or
    cron: str | None = None                # a crontab in settings.timezone
    group: str | None = None               # jobs of one group never run at the same time
    target: str = ""                       # "module:function" it calls (for logs)

    def __post_init__(self) -> None:
        if (self.interval is None) == (self.cron is None):
            raise ValueError(f"job {self.name}: give exactly one of interval or cron")


class JobUnavailable(Exception):
    pass


def _resolve(target: str) -> Callable[..., Any]:
    module, attr = target.split(":")
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            raise JobUnavailable(f"{module} is not installed yet") from None
        raise JobUnavailable(f"{module} failed to import: {exc!r}") from None
    except Exception as exc:  # noqa: BLE001 - a broken package must not stop the others
        raise JobUnavailable(f"{module} failed to import: {exc!r}") from None
    fn = getattr(mod, attr, None)
    if not callable(fn):
        raise JobUnavailable(f"{target} does not exist")
    return fn


def _crawl_sources(app: AppContext) -> list[tuple[str, float | None]]:
    """(name, own interval in seconds or None) of each enabled source in sources.yaml."""
    from ipwatch.appconfig import load_domain_file

    cfg = load_domain_file(app.settings, "sources.yaml")
    out = []
    for s in getattr(cfg, "sources", None) or []:
        if not getattr(s, "enabled", True):
            continue
        own = None
        for attr, factor in (("interval_seconds", 1), ("interval_minutes", 60), ("interval", 1)):
            v = getattr(s, attr, None)
            if isinstance(v, (int, float)) and v > 0:
                own = float(v) * factor
                break
            if isinstance(v, timedelta):
                own = v.total_seconds()
                break
        out.append((s.name, own))
    return out


def _rerate_incremental(rerate: Callable[..., Any]) -> JobFunc:
    def run(app: AppContext, now: datetime, ctx: JobContext) -> Any:
        if ctx.previous_start is None:
            return {"mode": "full", **_as_dict(rerate(app, now, entity_ids=None))}
        index = app.store.ix.name("events")
        app.store.refresh(index)
        since = ctx.previous_start - RERATE_OVERLAP
        resp = app.store.search(index, size=0, query={"range": {"updated_at": {"gte": since.isoformat()}}},
                                aggs={"e": {"terms": {"field": "entity_history", "size": 10000}}})
        ids = sorted(b["key"] for b in resp.get("aggregations", {}).get("e", {}).get("buckets", []))
        if not ids:
            return {"entities": 0}
        return {"entities": len(ids), **_as_dict(rerate(app, now, entity_ids=ids))}
    return run


def _replay_spool(app: AppContext, now: datetime, ctx: JobContext) -> dict[str, int]:
    try:
        return {"replayed": app.store.replay_spool()}
    except StoreUnavailable:
        return {"replayed": 0, "unreachable": 1}


def _as_dict(r: Any) -> dict[str, Any]:
    return dict(r) if isinstance(r, dict) else ({} if r is None else {"result": r})


def build_jobs(app: AppContext) -> tuple[list[JobSpec], list[tuple[str, str]]]:
    """The jobs this installation can run, and (name, reason) for each one skipped."""
    d = app.settings.daemon
    intervals = {**DEFAULT_INTERVALS, **d.intervals}
    jobs: list[JobSpec] = []
    skipped: list[tuple[str, str]] = []

    def add(name: str, target: str, make: Callable[[Callable[..., Any]], JobFunc], **kw: Any) -> None:
        try:
            fn = _resolve(target)
        except JobUnavailable as exc:
            skipped.append((name, str(exc)))
            return
        jobs.append(JobSpec(name=name, func=make(fn), target=target, **kw))

    try:
        sources = _crawl_sources(app)
    except Exception as exc:  # noqa: BLE001 - a wrong sources.yaml stops crawling, not the daemon
        skipped.append(("crawl", f"sources.yaml: {exc}"))
        sources = []
    if not sources:
        skipped.append(("crawl", "no enabled source in sources.yaml"))
    for name, own in sources:
        every = d.intervals.get(f"crawl:{name}") or own or intervals["crawl"]
        add(f"crawl:{name}", "crawlers.jobs:crawl",
            lambda fn, n=name: (lambda app, now, ctx: fn(app, sources=[n])), interval=every, group="crawl")
    add("analyze", "nlp.jobs:analyze_pending", lambda fn: (lambda app, now, ctx: fn(app)),
        interval=intervals["analyze"])
    add("events", "scoring.jobs:update_events", lambda fn: (lambda app, now, ctx: fn(app, now)),
        interval=intervals["events"])
    add("rerate", "scoring.jobs:rerate", _rerate_incremental, interval=intervals["rerate"], group="rerate")
    add("rerate_full", "scoring.jobs:rerate", lambda fn: (lambda app, now, ctx: fn(app, now, entity_ids=None)),
        cron=d.full_rerate_cron, group="rerate")
    add("evaluate", "alerts.jobs:evaluate", lambda fn: (lambda app, now, ctx: fn(app, now)),
        interval=intervals["evaluate"])
    add("check_duties", "alerts.jobs:check_duties", lambda fn: (lambda app, now, ctx: fn(app, now)),
        interval=intervals["check_duties"])
    add("dispatch", "alerts.jobs:dispatch", lambda fn: (lambda app, now, ctx: fn(app, now)),
        interval=intervals["dispatch"], group="dispatch")
    jobs.append(JobSpec("spool", _replay_spool, interval=intervals["spool"], target="ipwatch.store:replay_spool"))
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


# --- the leader lock -------------------------------------------------------------------------

def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class LeaderLock:
    """A lease in the `state` index, taken and renewed with optimistic concurrency."""

    def __init__(self, store: Any, ttl: float, owner: str | None = None,
                 clock: Callable[[], datetime] = utcnow):
        self.store = store
        self.ttl = ttl
        self.clock = clock
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self.owner = owner or f"{self.host}:{self.pid}:{uuid.uuid4().hex[:8]}"
        self.index = store.ix.name("state")
        self._version: Any = None
        self.holder: dict[str, Any] | None = None   # the other owner's doc after a failed try

    @property
    def held(self) -> bool:
        return self._version is not None

    def _doc(self, now: datetime, started: str | None = None) -> dict[str, Any]:
        return {"id": LOCK_ID, "kind": "lock", "owner": self.owner, "heartbeat_at": now.isoformat(),
                "expires_at": (now + timedelta(seconds=self.ttl)).isoformat(), "updated_at": now.isoformat(),
                "data": {"host": self.host, "pid": self.pid, "ttl": self.ttl,
                         "started_at": started or now.isoformat()}}

    def stale_reason(self, src: dict[str, Any], now: datetime) -> str | None:
        """Why the lock in `src` may be taken over (None: it is held)."""
        if not src.get("owner") or src.get("released"):
            return "released"
        exp = _parse(src.get("expires_at"))
        if exp is None or exp <= now:
            return f"expired at {src.get('expires_at')}"
        data = src.get("data") or {}
        pid = data.get("pid")
        if data.get("host") == self.host and isinstance(pid, int) and pid != self.pid and not _pid_alive(pid):
            return f"its holder (pid {pid} on this host) is dead"
        return None

    def try_acquire(self) -> bool:
        now = self.clock()
        cur = self.store.get(self.index, LOCK_ID)
        if cur is not None and cur.source.get("owner") != self.owner:
            reason = self.stale_reason(cur.source, now)
            if reason is None:
                self.holder = cur.source
                return False
            log.warning("taking over the leader lock from %s: %s", cur.source.get("owner"), reason,
                        extra={"previous_owner": cur.source.get("owner")})
        try:
            self._version = self.store.put(self.index, LOCK_ID, self._doc(now), cur, refresh=True)
        except ConflictError:
            self._version = None
            got = self.store.get(self.index, LOCK_ID)
            self.holder = got.source if got else None
            return False
        self.holder = None
        return True

    def renew(self) -> bool:
        """Extend the lease; False when someone else took it (we are no longer the leader)."""
        if self._version is None:
            return False
        now = self.clock()
        started = (self._version.source.get("data") or {}).get("started_at")
        try:
            self._version = self.store.put(self.index, LOCK_ID, self._doc(now, started), self._version)
            return True
        except ConflictError:
            cur = self.store.get(self.index, LOCK_ID)
            if cur is not None and cur.source.get("owner") == self.owner:
                self._version = cur   # our own write that timed out but landed
                return self.renew()
            self._version = None
            self.holder = cur.source if cur else None
            return False

    def release(self) -> None:
        if self._version is None:
            return
        now = self.clock()
        doc = {**self._doc(now), "owner": None, "released": True, "expires_at": now.isoformat(),
               "data": {**self._doc(now)["data"], "released_by": self.owner}}
        try:
            self.store.put(self.index, LOCK_ID, doc, self._version, refresh=True)
        except Exception as exc:  # noqa: BLE001 - it expires on its own anyway
            log.warning("could not release the leader lock: %s", exc)
        self._version = None


# --- the daemon ------------------------------------------------------------------------------

@dataclass
class JobState:
    """What the daemon remembers of a job (persisted as `state/job:<name>`)."""

    data: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.data.get(key)


class Daemon:
    def __init__(self, app: AppContext, jobs: list[JobSpec] | None = None,
                 skipped: list[tuple[str, str]] | None = None, metrics: Metrics | None = None,
                 owner: str | None = None):
        self.app = app
        self.settings = app.settings
        self.cfg = app.settings.daemon
        self.store = app.store
        if jobs is None:
            jobs, skipped = build_jobs(app)
        self.jobs = {j.name: j for j in jobs}
        self.skipped = list(skipped or [])
        self.metrics = metrics or Metrics()
        self.lock = LeaderLock(self.store, self.cfg.lock_ttl_seconds, owner=owner)
        self.stop_event = threading.Event()
        self.shutdown_event = threading.Event()   # handed to jobs: finish up, we are stopping
        self.lost_lock = False
        self.crashed = False
        self.state_index = self.store.ix.name("state")
        self.states: dict[str, JobState] = {n: JobState() for n in self.jobs}
        self._inflight: dict[str, datetime] = {}
        self._inflight_lock = threading.Lock()
        self._groups: dict[str, threading.Lock] = {}
        self._scheduler: Any = None
        self._heartbeat: threading.Thread | None = None
        self._server: Any = None
        self._es_up: tuple[float, bool] = (0.0, False)
        self.phase = "starting"
        self.started_at = utcnow()
        app.shutdown_event = self.shutdown_event  # type: ignore[attr-defined]

    # -- state ------------------------------------------------------------------------------
    def _state_id(self, name: str) -> str:
        return f"job:{name}"

    def load_states(self) -> None:
        for name in self.jobs:
            cur = self.store.get(self.state_index, self._state_id(name))
            self.states[name] = JobState(dict((cur.source.get("data") or {}) if cur else {}))

    def _save_state(self, name: str, **changes: Any) -> None:
        st = self.states[name]
        st.data.update(changes)
        snapshot = dict(st.data)
        now = utcnow().isoformat()

        def change(cur: dict[str, Any] | None) -> dict[str, Any]:
            return {"id": self._state_id(name), "kind": "job", "owner": self.lock.owner,
                    "updated_at": now, "data": snapshot}
        try:
            self.store.update(self.state_index, self._state_id(name), change)
        except (StoreUnavailable, ConflictError) as exc:
            log.warning("job state of %s not saved: %s", name, exc, extra={"job": name})
        except Exception as exc:  # noqa: BLE001 - bookkeeping must not kill the job
            log.warning("job state of %s not saved: %r", name, exc, extra={"job": name})

    # -- running a job ----------------------------------------------------------------------
    def run_job(self, name: str) -> bool:
        """Run one job now (the scheduler calls this). Returns True on success."""
        spec = self.jobs[name]
        if self.stop_event.is_set() or not self.lock.held:
            return False
        group = self._groups.setdefault(spec.group, threading.Lock()) if spec.group else None
        if group is not None:
            while not group.acquire(timeout=0.5):
                if self.stop_event.is_set():
                    return False
        try:
            return self._run(spec)
        finally:
            if group is not None:
                group.release()

    def _run(self, spec: JobSpec) -> bool:
        name = spec.name
        st = self.states[name]
        ctx = JobContext(name, _parse(st.get("last_success_start")), self.shutdown_event)
        start = utcnow()
        t0 = time.monotonic()
        with self._inflight_lock:
            self._inflight[name] = start
        self.metrics.job_running.labels(name).set(1)
        self._save_state(name, running_since=start.isoformat(), running_owner=self.lock.owner,
                         last_start=start.isoformat())
        log.debug("job started", extra={"job": name})
        ok, result, error = False, None, None
        try:
            result = spec.func(self.app, start, ctx)
            ok = True
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the daemon
            error = f"{type(exc).__name__}: {exc}"
            # a user-actionable error (missing model, bad config) needs no traceback every run
            log.error("job failed", exc_info=not isinstance(exc, IpwatchError),
                      extra={"job": name, "error": error})
        duration = time.monotonic() - t0
        end = utcnow()
        self.metrics.job_running.labels(name).set(0)
        self.metrics.observe_job(name, duration, result, ok, end.timestamp())
        changes: dict[str, Any] = {"running_since": None, "running_owner": None, "last_end": end.isoformat(),
                                   "last_duration": round(duration, 3), "runs": (st.get("runs") or 0) + 1}
        if ok:
            changes.update(last_success=end.isoformat(), last_success_start=start.isoformat(),
                           last_result=_jsonable(result), consecutive_failures=0)
            idle = isinstance(result, dict) and not any(v for v in result.values() if isinstance(v, (int, float)))
            # frequent jobs with nothing to do (evaluate runs every second) log at debug level
            log.log(logging.DEBUG if idle else logging.INFO, "job finished",
                    extra={"job": name, "duration_s": round(duration, 3), "result": _jsonable(result)})
        else:
            changes.update(last_error=error, last_error_at=end.isoformat(),
                           failures=(st.get("failures") or 0) + 1,
                           consecutive_failures=(st.get("consecutive_failures") or 0) + 1)
        self._save_state(name, **changes)
        with self._inflight_lock:          # only now: stop() waits for this record to be written
            self._inflight.pop(name, None)
        return ok

    # -- scheduling -------------------------------------------------------------------------
    def _first_run(self, spec: JobSpec, now: datetime, index: int) -> datetime:
        st = self.states[spec.name]
        if st.get("running_since"):
            log.warning("the previous run of %s (started %s by %s) was interrupted; running it again",
                        spec.name, st.get("running_since"), st.get("running_owner"), extra={"job": spec.name})
            return now
        stagger = timedelta(seconds=min(0.2 * index, 5.0))
        last = _parse(st.get("last_start"))
        if spec.interval is not None:
            if last is None:
                return now + stagger
            return max(now + stagger, last + timedelta(seconds=spec.interval))
        trigger = self._cron(spec)
        prev = self._previous_fire(trigger, now)
        last_ok = _parse(st.get("last_success_start"))
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

    def _start_scheduler(self) -> None:
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
        sched.start()
        self._scheduler = sched

    # -- health -----------------------------------------------------------------------------
    def es_reachable(self, max_age: float = 5.0) -> bool:
        at, up = self._es_up
        if time.monotonic() - at > max_age:
            up = self.store.ping()
            self._es_up = (time.monotonic(), up)
            self.metrics.es_up.set(1 if up else 0)
        return up

    def health(self) -> tuple[int, dict[str, Any]]:
        es = self.es_reachable()
        sched = self._scheduler
        running = bool(sched and sched.running)
        with self._inflight_lock:
            inflight = dict(self._inflight)
        jobs: dict[str, Any] = {}
        for name in self.jobs:
            st = self.states[name]
            sj = sched.get_job(name) if running else None
            nxt = sj.next_run_time if sj else None
            jobs[name] = {"alive": bool(running and (nxt is not None or name in inflight)),
                          "running_since": _iso(inflight.get(name)),
                          "next_run": _iso(nxt), "last_success": st.get("last_success"),
                          "last_error": st.get("last_error"), "last_error_at": st.get("last_error_at"),
                          "consecutive_failures": st.get("consecutive_failures") or 0,
                          "runs": st.get("runs") or 0}
        ok = es and running and self.lock.held and all(j["alive"] for j in jobs.values()) \
            and self.phase == "running"
        status = "ok" if ok else (self.phase if self.phase != "running" else "degraded")
        body = {"status": status, "elasticsearch": es, "scheduler": running, "leader": self.lock.held,
                "owner": self.lock.owner, "index_prefix": self.store.ix.prefix,
                "started_at": self.started_at.isoformat(), "jobs": jobs,
                "skipped_jobs": dict(self.skipped)}
        if not self.lock.held and self.lock.holder:
            body["lock_holder"] = self.lock.holder.get("owner")
        return (200 if ok else 503), body

    def render_metrics(self) -> bytes:
        try:
            self.metrics.set_spool(self.store.spool.size_bytes(), self.store.spool.count())
        except OSError:
            pass
        self.metrics.leader.set(1 if self.lock.held else 0)
        self.es_reachable()
        return self.metrics.render()

    def start_http(self, host: str | None = None, port: int | None = None) -> Any:
        from ipwatch.httpd import StatusServer

        host = self.cfg.http_host if host is None else host
        port = self.cfg.http_port if port is None else port
        try:
            self._server = StatusServer(host, port, self.health, self.render_metrics).start()
        except OSError as exc:
            raise IpwatchError(f"cannot serve /healthz and /metrics on {host}:{port}: {exc.strerror}") from None
        return self._server

    # -- lifecycle --------------------------------------------------------------------------
    def wait_for_es(self) -> bool:
        delay, last_log = 1.0, 0.0
        while not self.stop_event.is_set():
            if self.store.ping():
                return True
            if time.monotonic() - last_log > 30:
                log.warning("waiting for Elasticsearch at %s", self.settings.es.url)
                last_log = time.monotonic()
            self.stop_event.wait(delay)
            delay = min(delay * 2, 15.0)
        return False

    def acquire(self, standby: bool) -> bool:
        """Take the leader lock; without `standby` raise LockHeld when another daemon has it."""
        while not self.stop_event.is_set():
            try:
                if self.lock.try_acquire():
                    return True
            except StoreUnavailable as exc:
                log.warning("leader lock: %s", exc)
            else:
                holder = self.lock.holder or {}
                if not standby:
                    raise LockHeld(
                        f"another ipwatch daemon ({holder.get('owner')}) is running against "
                        f"{self.settings.es.url} with index prefix {self.store.ix.prefix!r}; its lock expires at "
                        f"{holder.get('expires_at')} unless renewed (use --standby to wait and take over)")
                if self.phase != "standby":
                    log.info("standing by: %s holds the leader lock", holder.get("owner"))
                    self.phase = "standby"
            self.stop_event.wait(max(1.0, min(self.lock.ttl / 3, 10.0)))
        return False

    def _heartbeat_loop(self) -> None:
        every = max(0.2, self.lock.ttl / 3)
        while not self.stop_event.wait(every):
            try:
                if not self.lock.renew():
                    log.error("lost the leader lock to %s; stopping", (self.lock.holder or {}).get("owner"))
                    self.lost_lock = True
                    self.stop_event.set()
                    return
                self.metrics.es_up.set(1)
            except StoreUnavailable as exc:
                # Jobs spool their writes meanwhile; whoever wants the lock cannot reach ES either.
                self.metrics.es_up.set(0)
                log.warning("leader lock not renewed (Elasticsearch unreachable): %s", exc)
            except Exception:  # noqa: BLE001
                log.exception("leader lock heartbeat failed")

    def start(self, standby: bool = False, http: bool = True) -> bool:
        """Everything up to running jobs. False when stopped before getting the lock."""
        if not self.wait_for_es():
            return False
        logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.getLogger().level))
        self._setup_schema()                     # before the lock: it lives in the `state` index
        if not standby:
            self.acquire(standby=False)          # refuse before binding the port
        if http and self._server is None:
            self.start_http()
        if not self.lock.held and not self.acquire(standby=True):
            return False
        self.phase = "starting"
        self.become_leader()
        self._start_scheduler()
        self.phase = "running"
        log.info("daemon running", extra={"jobs": sorted(self.jobs), "skipped": dict(self.skipped),
                                          **self._coverage()})
        return True

    def _coverage(self) -> dict[str, Any]:
        """What the duty rules leave out, on the start-up line: the backfill cut-off and the platforms
        whose operating unit is unknown (their unit's matters open no duty)."""
        from ipwatch.appconfig import load_domain_file

        try:
            duty = getattr(load_domain_file(self.app.settings, "alerts.yaml"), "duty", None)
        except Exception:  # noqa: BLE001 - the jobs report a broken file; the start-up line must not fail on it
            duty = None
        cutoff = getattr(duty, "backfill_cutoff", None)
        return {"duty_backfill_cutoff": cutoff.isoformat() if cutoff else None,
                "duty_hidden": (duty.hidden() if duty else None) or "nothing",
                "platforms_without_operating_unit": self.app.watchlist.without_operating_unit()}

    def become_leader(self) -> None:
        """With the lock held: mirror the watchlist, load job states, start the heartbeat."""
        self.metrics.leader.set(1)
        log.info("leader lock acquired", extra={"owner": self.lock.owner, "index_prefix": self.store.ix.prefix})
        self._sync_entities()
        self.load_states()
        self._heartbeat = threading.Thread(target=self._heartbeat_loop, name="ipwatch-lock", daemon=True)
        self._heartbeat.start()

    def prepare(self) -> None:
        """Schema, leader lock (refused when held) and state, without the scheduler: for running
        jobs one after another with `run_job` (the demo)."""
        self._setup_schema()
        self.acquire(standby=False)
        self.become_leader()
        self.phase = "running"

    def _setup_schema(self) -> None:
        for what, status in self.store.setup():
            if status != "unchanged":
                log.info("schema: %s %s", status, what)

    def _sync_entities(self) -> None:
        try:
            from ipwatch.entities import sync_entities

            sync_entities(self.store, self.app.watchlist)
        except Exception as exc:  # noqa: BLE001
            log.warning("watchlist not mirrored into Elasticsearch: %s", exc)

    def wait(self) -> None:
        while not self.stop_event.wait(1.0):
            if self._scheduler is not None and not self._scheduler.running:
                log.error("scheduler stopped unexpectedly")
                self.crashed = True
                self.stop_event.set()

    def request_stop(self, reason: str = "") -> None:
        if not self.stop_event.is_set():
            log.info("stopping%s", f" ({reason})" if reason else "")
        self.stop_event.set()
        self.shutdown_event.set()

    def stop(self, grace: float | None = None) -> bool:
        """Stop scheduling, wait for running jobs up to `grace`, release the lock.
        Returns False when jobs were still running at the deadline (the caller should exit hard)."""
        grace = self.cfg.shutdown_grace_seconds if grace is None else grace
        t_stop = time.monotonic()
        self.phase = "stopping"
        self.stop_event.set()
        self.shutdown_event.set()
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            with self._inflight_lock:
                if not self._inflight:
                    break
            time.sleep(0.05)
        with self._inflight_lock:
            left = sorted(self._inflight)
        if self._heartbeat is not None:
            self._heartbeat.join(timeout=5)
        if left:
            # Keep the lock: it expires on its own, so nobody runs these jobs while we still do.
            log.error("jobs still running after %.0f s; exiting anyway (they run again on the next start)",
                      grace, extra={"jobs": left})
        elif not self.lost_lock:
            self.lock.release()
        if self._server is not None:
            self._server.stop()
            self._server = None
        self.metrics.leader.set(0)
        self.phase = "stopped"
        log.info("daemon stopped", extra={"clean": not left, "stop_s": round(time.monotonic() - t_stop, 2)})
        return not left


def serve(app: AppContext, jobs: list[JobSpec] | None = None, standby: bool = False,
          install_signals: bool = True) -> tuple[int, bool]:
    """Run the daemon until SIGTERM/SIGINT. Returns (exit code, clean)."""
    daemon = Daemon(app, jobs=jobs)
    if install_signals and threading.current_thread() is threading.main_thread():
        def on_signal(signum: int, frame: Any) -> None:
            daemon.request_stop(signal.Signals(signum).name)
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
    try:
        started = daemon.start(standby=standby)
    except BaseException:
        daemon.stop(grace=0)
        raise
    if started:
        daemon.wait()
    clean = daemon.stop()
    if daemon.lost_lock:
        return EXIT_LOCK_LOST, clean
    return (EXIT_CRASH if daemon.crashed else EXIT_OK), clean


def _jsonable(v: Any, depth: int = 0) -> Any:
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, datetime):
        return v.isoformat()
    if depth > 4:
        return str(v)
    if isinstance(v, dict):
        return {str(k): _jsonable(x, depth + 1) for k, x in list(v.items())[:100]}
    if isinstance(v, (list, tuple, set)):
        return [_jsonable(x, depth + 1) for x in list(v)[:100]]
    return str(v)


@click.command("run")
@click.option("--standby", is_flag=True,
              help="If another daemon holds the leader lock, wait and take over when it stops renewing it.")
@pass_app
def run(app: AppContext, standby: bool) -> None:
    """Run the monitoring daemon (crawl, analyse, rate, alert on schedule) until SIGTERM."""
    code, clean = serve(app, standby=standby)
    if not clean:
        logging.shutdown()
        os._exit(code)   # worker threads still running: do not wait for them at interpreter exit
    raise SystemExit(code)
