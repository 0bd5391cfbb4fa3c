"""What the daemon tells a supervisor: /healthz (JSON, 200 only when this instance runs every job as
leader with Elasticsearch reachable) and /metrics (Prometheus), served by ipwatch/shell/httpd.py."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ipwatch.errors import IpwatchError

log = logging.getLogger("ipwatch.daemon")

if TYPE_CHECKING:
    from ipwatch.metrics import Metrics
    from ipwatch.settings import DaemonSettings
    from ipwatch.shell.jobs import JobSpec, JobState
    from ipwatch.shell.leader import LeaderLock
    from ipwatch.store import Store


def _iso(t: datetime | None) -> str | None:
    return t.isoformat() if t else None


class Health:
    """The health half of the Daemon (mixed in; the Daemon owns the state it reads)."""

    app: Any
    cfg: DaemonSettings
    store: Store
    metrics: Metrics
    lock: LeaderLock
    jobs: dict[str, JobSpec]
    states: dict[str, JobState]
    skipped: list[tuple[str, str]]
    phase: str
    started_at: datetime
    _scheduler: Any
    _server: Any
    _console: Any
    _es_up: tuple[float, bool]
    _inflight: dict[str, datetime]
    _inflight_lock: threading.Lock

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

    def liveness(self) -> tuple[int, dict[str, Any]]:
        """Alive: starting, standing by, or running with a working scheduler. Not alive: stopped, or
        a leader whose scheduler died (a supervisor should restart the process)."""
        sched = self._scheduler
        dead_scheduler = self.phase == "running" and not (sched is not None and sched.running) \
            and self.lock.held and bool(self.jobs)
        alive = self.phase in ("starting", "standby", "running") and not dead_scheduler
        body = {"status": "alive" if alive else ("scheduler stopped" if dead_scheduler else self.phase),
                "phase": self.phase, "leader": self.lock.held}
        return (200 if alive else 503), body

    def render_metrics(self) -> bytes:
        try:
            self.metrics.set_spool(self.store.spool.size_bytes(), self.store.spool.count())
        except OSError:
            pass
        self.metrics.leader.set(1 if self.lock.held else 0)
        self.es_reachable()
        return self.metrics.render()

    def start_http(self, host: str | None = None, port: int | None = None) -> Any:
        """The probes, and the console (ipwatch/shell/console/) on the same server when it shares the
        daemon's address (the default) or on its own otherwise. A console that cannot start is logged
        and the probes are served alone: the daemon's work does not depend on it."""
        from ipwatch.shell.httpd import StatusServer

        host = self.cfg.http_host if host is None else host
        port = self.cfg.http_port if port is None else port
        console = self.app.settings.console
        shared = console.enabled and (console.host or host) == host and \
            (console.port if console.port is not None else port) == port
        if shared:
            try:
                from ipwatch.shell.console.server import ConsoleServer

                self._server = ConsoleServer(self.app, host, port, probes=(self.health, self.render_metrics,
                                                                           self.liveness)).start()
                return self._server
            except OSError as exc:
                raise IpwatchError(f"cannot serve the console and /healthz on {host}:{port}: {exc.strerror}") from None
            except Exception:  # noqa: BLE001
                log.exception("console not started; serving /healthz and /metrics only")
        try:
            self._server = StatusServer(host, port, self.health, self.render_metrics, self.liveness).start()
        except OSError as exc:
            raise IpwatchError(f"cannot serve /healthz and /metrics on {host}:{port}: {exc.strerror}") from None
        if console.enabled and not shared:
            try:
                from ipwatch.shell.console.server import ConsoleServer

                self._console = ConsoleServer(self.app, console.host or host,
                                              port if console.port is None else console.port).start()
            except Exception:  # noqa: BLE001
                log.exception("console not started")
        return self._server
