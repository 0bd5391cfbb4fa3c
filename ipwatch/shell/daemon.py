"""`ipwatch run`: the background service.

One leader per Elasticsearch deployment (index prefix) runs the pipeline's jobs — the table in
`ipwatch/shell/jobs.py`, in pipeline order — on APScheduler (`ipwatch/shell/schedule.py`). Misfires
coalesce into one run, a job never runs twice at once (`max_instances=1`; jobs of one group share a
lock), and a second daemon against the same Elasticsearch refuses to start while the first one's
leader lock (`ipwatch/shell/leader.py`, renewed every `lock_ttl_seconds / 3`) is fresh; with
`--standby` it waits and takes over when the lock expires, at once when the holder was a dead
process on the same host.

Durability: pipeline state lives in Elasticsearch (articles' `analysis.status`, events, the
outbox) and every job is idempotent, so a run cut short by SIGKILL is simply run again. The daemon
records each job's runs in the `state` index (`job:<name>`: last start, success, error, result,
and `running_since` while a run is in progress); on start it schedules each job from its last run,
at once for a job whose previous run was interrupted. SIGTERM/SIGINT stop scheduling, let running
jobs finish for up to `daemon.shutdown_grace_seconds` (they can watch `ctx.stop`),
release the lock and exit 0.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from datetime import datetime
from typing import Any

import click

from ipwatch.clock import parse, utcnow
from ipwatch.context import AppContext, pass_app
from ipwatch.errors import ConflictError, IpwatchError, StoreUnavailable
from ipwatch.job import JobContext
from ipwatch.logs import Throttle
from ipwatch.metrics import Metrics
from ipwatch.store.store import UNREACHABLE
from ipwatch.shell.health import Health
from ipwatch.shell.jobs import JobSpec, JobState, pipeline
from ipwatch.shell.leader import LOCK_ID, LeaderLock
from ipwatch.shell.schedule import Scheduling

log = logging.getLogger("ipwatch.daemon")

EXIT_OK, EXIT_CRASH, EXIT_LOCK_HELD, EXIT_LOCK_LOST = 0, 1, 3, 4
__all__ = ["LOCK_ID", "Daemon", "JobSpec", "LeaderLock", "serve"]


class LockHeld(IpwatchError):
    exit_code = EXIT_LOCK_HELD


class Daemon(Scheduling, Health):
    def __init__(self, app: AppContext, jobs: list[JobSpec] | None = None,
                 skipped: list[tuple[str, str]] | None = None, metrics: Metrics | None = None,
                 owner: str | None = None):
        self.app = app
        self.settings = app.settings
        self.cfg = app.settings.daemon
        self.store = app.store
        if jobs is None:
            jobs, skipped = pipeline(app)
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
        self._console: Any = None
        self._es_up: tuple[float, bool] = (0.0, False)
        self.phase = "starting"
        self.started_at = utcnow()
        self._quiet = Throttle(self.cfg.repeat_log_seconds)

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
            if self._quiet.allow(f"state:{name}", type(exc).__name__):
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
        start = utcnow()
        ctx = JobContext(app=self.app, now=start, name=name, previous_start=parse(st.get("last_success_start")),
                         stop=self.shutdown_event, params=spec.params)
        t0 = time.monotonic()
        with self._inflight_lock:
            self._inflight[name] = start
        self.metrics.job_running.labels(name).set(1)
        self._save_state(name, running_since=start.isoformat(), running_owner=self.lock.owner,
                         last_start=start.isoformat())
        log.debug("job started", extra={"job": name})
        ok, result, error = False, None, None
        try:
            result = spec.func(ctx)
            ok = True
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the daemon
            error = f"{type(exc).__name__}: {exc}"
            # a user-actionable error (missing model, bad config) or an outage needs no traceback, and
            # the same failure again (evaluate runs every second) is logged once a minute with a count
            known = isinstance(exc, (IpwatchError, *UNREACHABLE))
            if self._quiet.allow(f"job:{name}", error if known else type(exc).__name__):
                log.error("job failed", exc_info=not known,
                          extra={"job": name, "error": error, "repeated": self._quiet.repeated(f"job:{name}")})
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
                if self._quiet.allow("heartbeat", "unreachable"):
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
        from alerts.routing import load_alerts_config

        try:
            duty = load_alerts_config(self.app).duty
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
        for server in (self._server, self._console):
            if server is not None:
                server.stop()
        self._server = self._console = None
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
