"""The daemon in process: scheduling, the leader lock, /healthz and /metrics, driven with small fake
jobs against the real Elasticsearch under the test's unique index prefix. The daemon as a process
(SIGTERM, SIGKILL, `ipwatch run`) is tests/test_daemon_process.py."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from ipwatch.context import AppContext
from ipwatch.shell.daemon import LOCK_ID, Daemon, JobSpec, LeaderLock
from ipwatch.shell.jobs import pipeline, select_jobs
from ipwatch.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent


# --- helpers -----------------------------------------------------------------------------------

def make_app(settings: Settings, **daemon: Any) -> AppContext:
    s = settings.model_copy(deep=True)
    s.daemon.lock_ttl_seconds = daemon.pop("lock_ttl_seconds", 3.0)
    s.daemon.http_port = daemon.pop("http_port", 0)
    for k, v in daemon.items():
        setattr(s.daemon, k, v)
    return AppContext(settings=s)


def wait_until(pred, timeout: float = 30.0, every: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(every)
    raise AssertionError(f"condition not met within {timeout} s")


class Recorder:
    """Fake job that records its runs (start, end) and optionally sleeps."""

    def __init__(self, sleep: float = 0.0, result: dict | None = None, fail: bool = False):
        self.sleep, self.result, self.fail = sleep, result or {}, fail
        self.runs: list[tuple[float, float]] = []
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()

    def __call__(self, ctx):  # noqa: ANN001
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        t0 = time.monotonic()
        time.sleep(self.sleep)
        with self._lock:
            self.active -= 1
            self.runs.append((t0, time.monotonic()))
        if self.fail:
            raise RuntimeError("boom")
        return dict(self.result)


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- scheduling ---------------------------------------------------------------------------------

def test_jobs_run_on_their_interval_never_overlap(store, settings, daemons):
    app = make_app(settings)
    fast, slow = Recorder(), Recorder(sleep=0.6)
    grouped_a, grouped_b = Recorder(sleep=0.3), Recorder(sleep=0.3)
    shared = Recorder(sleep=0.3)

    def both(ctx):  # noqa: ANN001 - two grouped jobs feed one recorder
        return shared(ctx)

    jobs = [JobSpec("fast", fast, interval=0.25), JobSpec("slow", slow, interval=0.1),
            JobSpec("crawl:a", both, interval=0.1, group="crawl"),
            JobSpec("crawl:b", both, interval=0.1, group="crawl")]
    d = Daemon(app, jobs=jobs)
    daemons.append(d)
    assert d.start(http=False)
    time.sleep(2.5)
    assert d.stop(grace=5)
    assert 4 <= len(fast.runs) <= 13, fast.runs     # every 0.25 s for 2.5 s (fewer on a loaded machine)
    # slow's interval (0.1 s) is shorter than its run (0.6 s): runs never overlap, misfires coalesce
    assert slow.max_active == 1 and 2 <= len(slow.runs) <= 5
    starts = sorted(slow.runs)
    assert all(b[0] >= a[1] for a, b in zip(starts, starts[1:]))
    assert shared.max_active == 1 and len(shared.runs) >= 3      # a group runs one job at a time
    state = store.get(store.ix.name("state"), "job:fast").source
    assert state["data"]["runs"] == len(fast.runs) and state["data"]["running_since"] is None


def test_restart_coalesces_missed_runs_and_reruns_interrupted_first(store, settings, daemons):
    app = make_app(settings)
    ix = store.ix.name("state")
    long_ago = (datetime.now(timezone.utc) - timedelta(hours=5)).isoformat()
    recent = (datetime.now(timezone.utc) - timedelta(seconds=5)).isoformat()
    for name, data in {"missed": {"last_start": long_ago, "runs": 7},
                       "interrupted": {"last_start": recent, "running_since": recent, "runs": 3},
                       "recent": {"last_start": recent, "last_success_start": recent, "runs": 1}}.items():
        store.put(ix, f"job:{name}", {"id": f"job:{name}", "kind": "job", "data": data}, None, refresh=True)
    missed, interrupted, recent_job = Recorder(), Recorder(), Recorder()
    d = Daemon(app, jobs=[JobSpec("missed", missed, interval=3600),      # 5 intervals missed
                          JobSpec("interrupted", interrupted, interval=3600),
                          JobSpec("recent", recent_job, interval=3600)])
    daemons.append(d)
    assert d.start(http=False)
    wait_until(lambda: missed.runs and interrupted.runs, timeout=10)
    time.sleep(0.5)
    d.stop(grace=5)
    assert len(missed.runs) == 1            # one coalesced run, not five
    assert len(interrupted.runs) == 1       # interrupted by a kill: run again at once
    assert recent_job.runs == []            # ran 5 s ago; next run in an hour
    assert store.get(ix, "job:missed").source["data"]["runs"] == 8


def test_nightly_cron_job_runs_when_its_slot_was_missed(store, settings, daemons):
    app = make_app(settings)
    ix = store.ix.name("state")
    two_days = (datetime.now(timezone.utc) - timedelta(days=2)).isoformat()
    store.put(ix, "job:rerate_full", {"id": "job:rerate_full", "kind": "job",
                                      "data": {"last_start": two_days, "last_success_start": two_days}},
              None, refresh=True)
    full, fresh = Recorder(), Recorder()
    d = Daemon(app, jobs=[JobSpec("rerate_full", full, cron="0 3 * * *"),
                          JobSpec("never_ran_cron", fresh, cron="0 3 * * *")])
    daemons.append(d)
    assert d.start(http=False)
    wait_until(lambda: full.runs, timeout=10)
    d.stop(grace=5)
    assert len(full.runs) == 1 and fresh.runs == []   # a first-ever cron job waits for its slot


def test_registry_skips_packages_that_are_not_there_and_filters(settings):
    app = make_app(settings)
    jobs, skipped = pipeline(app)
    names = {j.name for j in jobs}
    assert "spool" in names
    for name, reason in skipped:
        assert name.split(":")[0] in {"crawl", "analyze", "events", "rerate", "rerate_full", "evaluate",
                                      "check_duties", "dispatch"}, (name, reason)
    kept, _ = select_jobs([JobSpec("crawl:a", Recorder(), interval=1), JobSpec("analyze", Recorder(), interval=1),
                           JobSpec("dispatch", Recorder(), interval=1)], ["crawl", "dispatch"])
    assert [j.name for j in kept] == ["crawl:a", "dispatch"]


def test_failing_job_is_recorded_and_the_others_go_on(store, settings, daemons):
    app = make_app(settings)
    bad, good = Recorder(fail=True), Recorder()
    d = Daemon(app, jobs=[JobSpec("bad", bad, interval=0.2), JobSpec("good", good, interval=0.2)])
    daemons.append(d)
    assert d.start(http=False)
    wait_until(lambda: len(bad.runs) >= 2 and len(good.runs) >= 2)
    code, health = d.health()
    d.stop(grace=5)
    assert code == 200
    assert health["jobs"]["bad"]["consecutive_failures"] >= 2
    assert "RuntimeError: boom" in health["jobs"]["bad"]["last_error"]
    assert health["jobs"]["good"]["last_success"]


# --- the leader lock ----------------------------------------------------------------------------

def test_second_daemon_refused_then_takes_over_after_expiry(store, settings):
    first = LeaderLock(store, ttl=1.5, owner="first")
    second = LeaderLock(store, ttl=1.5, owner="second")
    assert first.try_acquire()
    assert not second.try_acquire() and second.holder["owner"] == "first"
    assert first.renew()
    assert not second.try_acquire()
    time.sleep(1.7)                           # the first stops renewing (it died)
    assert second.try_acquire()
    assert not first.renew()                  # the first learns it lost the lock
    assert first.holder["owner"] == "second"
    second.release()
    assert first.try_acquire()                # a released lock is free at once


def test_lock_of_a_dead_process_on_this_host_is_taken_over_at_once(store, settings):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    old = LeaderLock(store, ttl=600, owner="old")
    old.pid = dead.pid
    assert old.try_acquire()
    new = LeaderLock(store, ttl=600, owner="new")
    assert new.try_acquire()


@pytest.fixture
def daemons():
    """Daemons a test creates; all stopped at the end even when the test fails."""
    made: list[Daemon] = []
    yield made
    for d in made:
        d.stop(grace=2)


def test_daemon_refuses_while_lock_is_held_and_stops_when_lock_is_lost(store, settings, daemons):
    from ipwatch.shell.daemon import LockHeld

    app_a, app_b = make_app(settings, lock_ttl_seconds=3.0), make_app(settings, lock_ttl_seconds=3.0)
    a = Daemon(app_a, jobs=[JobSpec("tick", Recorder(), interval=0.2)])
    b = Daemon(app_b, jobs=[JobSpec("tick", Recorder(), interval=0.2)])
    daemons += [a, b]
    assert a.start(http=False)
    with pytest.raises(LockHeld, match="another ipwatch daemon"):
        b.start(http=False)
    # someone else takes the lock (e.g. after a network partition): a must stop its jobs
    ix = store.ix.name("state")
    cur = store.get(ix, LOCK_ID)
    store.put(ix, LOCK_ID, {**cur.source, "owner": "intruder"}, cur, refresh=True)
    wait_until(lambda: a.stop_event.is_set(), timeout=20)
    assert a.lost_lock
    a.stop(grace=2)
    assert store.get(ix, LOCK_ID).source["owner"] == "intruder"   # not released by the loser


def test_standby_daemon_takes_over_when_the_leader_stops(store, settings, daemons):
    a = Daemon(make_app(settings, lock_ttl_seconds=5.0), jobs=[JobSpec("tick", Recorder(), interval=0.2)])
    tick_b = Recorder()
    b = Daemon(make_app(settings, lock_ttl_seconds=5.0), jobs=[JobSpec("tick", tick_b, interval=0.2)])
    daemons += [a, b]
    assert a.start(http=False)
    t = threading.Thread(target=b.start, kwargs={"standby": True, "http": False})
    t.start()
    wait_until(lambda: b.phase == "standby", timeout=30)
    time.sleep(0.5)
    assert not tick_b.runs and not b.lock.held
    a.stop(grace=2)                           # releases the lock: b takes over without waiting for expiry
    t.join(timeout=30)
    wait_until(lambda: tick_b.runs, timeout=20)
    assert b.lock.held


# --- /healthz and /metrics ----------------------------------------------------------------------

def test_health_and_metrics_endpoints(store, settings, daemons):
    app = make_app(settings)
    crawl = Recorder(result={"pages_fetched": 5, "items": 3, "by_status": {"200": 5}})
    analyze = Recorder(result={"analyzed": 4, "errors": 0})
    events = Recorder(result={"created": 2, "updated": 1})
    dispatch = Recorder(result={"sent": 3, "failed": 0})
    d = Daemon(app, jobs=[JobSpec("crawl:demo-news", crawl, interval=60), JobSpec("analyze", analyze, interval=60),
                          JobSpec("events", events, interval=60), JobSpec("dispatch", dispatch, interval=60)])
    daemons.append(d)
    assert d.start()
    base = f"http://127.0.0.1:{d._server.port}"
    wait_until(lambda: all(r.runs for r in (crawl, analyze, events, dispatch)))
    wait_until(lambda: all(d.states[n].get("last_success") for n in d.jobs))
    store.spool.append([{"_index": "x", "_id": "1", "_source": {}}])   # something waits in the spool
    code, body = get(base + "/healthz")
    health = json.loads(body)
    assert code == 200 and health["status"] == "ok" and health["elasticsearch"] and health["leader"]
    assert set(health["jobs"]) == {"crawl:demo-news", "analyze", "events", "dispatch"}
    for job in health["jobs"].values():
        assert job["alive"] and job["last_success"] and job["next_run"]
    code, body = get(base + "/metrics")
    text = body.decode()
    assert code == 200
    for line in ('ipwatch_pages_fetched_total{source="demo-news"} 5.0',
                 "ipwatch_articles_analysed_total 4.0",
                 'ipwatch_events_total{change="created"} 2.0',
                 "ipwatch_alerts_sent_total 3.0",
                 'ipwatch_job_runs_total{job="analyze",outcome="success"} 1.0',
                 'ipwatch_job_items_total{job="crawl:demo-news",key="by_status.200"} 5.0',
                 "ipwatch_spool_actions 1.0", "ipwatch_leader 1.0", "ipwatch_elasticsearch_up 1.0"):
        assert line in text, line
    assert 'ipwatch_job_duration_seconds_count{job="dispatch"} 1.0' in text
    assert "ipwatch_job_last_success_timestamp_seconds{job=\"events\"}" in text
    assert get(base + "/nope")[0] == 404
    # Elasticsearch unreachable -> 503 with the reason
    d.store.ping = lambda: False
    d._es_up = (0.0, True)
    code, body = get(base + "/healthz")
    assert code == 503 and json.loads(body)["elasticsearch"] is False
    d.stop(grace=5)
    with pytest.raises(OSError):
        urllib.request.urlopen(base + "/healthz", timeout=2)
