"""The daemon as a process: `serve()` with fake jobs (RUNNER) or the real `ipwatch run` in a subprocess
against the real Elasticsearch: SIGTERM lets the running job finish, SIGKILL mid-pipeline loses and
doubles nothing, a second daemon is refused."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from ipwatch.context import AppContext
from ipwatch.settings import Settings
from ipwatch.shell.daemon import LOCK_ID, JobSpec
from tests.test_daemon import ROOT, VENV_BIN, free_port, get, wait_until

# --- the daemon as a process ---------------------------------------------------------------------

RUNNER = f"""
import os, sys
sys.path.insert(0, {str(ROOT)!r})
import tests.test_daemon_process as t
from ipwatch.context import AppContext
from ipwatch.shell.daemon import serve
code, clean = serve(AppContext(), jobs=t.fake_jobs(os.environ["FAKE_JOBS"]),
                    standby=bool(os.environ.get("STANDBY")))
if not clean:
    os._exit(code)
sys.exit(code)
"""

N_ARTICLES = 24


def _articles_index(app: AppContext) -> str:
    return app.store.ix.monthly("articles", datetime(2026, 11, 1))


def fake_jobs(kind: str) -> list[JobSpec]:
    """Jobs for the subprocess runner (module-level so the child process can import them)."""

    def slow(ctx):  # noqa: ANN001 - one long run that SIGTERM must let finish
        app = ctx.app
        time.sleep(float(os.environ.get("SLOW_SECONDS", "3")))
        ix = app.store.ix.name("state")
        app.store.update(ix, "test:slow", lambda cur: {"id": "test:slow", "kind": "test",
                                                       "data": {"n": ((cur or {}).get("data") or {}).get("n", 0) + 1}},
                         refresh=True)
        return {"slept": 1}

    def ingest(ctx):  # noqa: ANN001 - idempotent: deterministic ids, skips existing docs
        app = ctx.app
        ix = _articles_index(app)
        actions = []
        for i in range(N_ARTICLES):
            if app.store.get(ix, f"a{i:03d}") is None:
                actions.append({"_index": ix, "_id": f"a{i:03d}", "_source": {
                    "id": f"a{i:03d}", "title": f"第{i}篇", "published_at": "2026-11-20T08:00:00+08:00",
                    "analysis": {"status": "pending"}}})
        app.store.write(actions)
        app.store.refresh(ix)
        return {"pages_fetched": len(actions)}

    def analyze(ctx):  # noqa: ANN001 - one article at a time, slowly, until stopped
        app = ctx.app
        ix = app.store.ix.name("articles")
        app.store.refresh(ix)
        hits = app.store.search(ix, size=1000, query={"term": {"analysis.status": "pending"}},
                                sort=[{"id": "asc"}])["hits"]["hits"]
        done = 0
        for h in hits:
            if ctx.stop.is_set():
                break
            time.sleep(0.15)                              # "the model"

            def change(cur):  # noqa: ANN001
                if cur["analysis"]["status"] != "pending":
                    return None
                return {**cur, "analysis": {"status": "done", "times": cur["analysis"].get("times", 0) + 1,
                                            "by": os.getpid()}}
            app.store.update(h["_index"], h["_id"], change)
            done += 1
        return {"analyzed": done}

    table = {"slow": [JobSpec("slow", slow, interval=3600)],
             "pipeline": [JobSpec("crawl:fake", ingest, interval=0.5), JobSpec("analyze", analyze, interval=0.5)]}
    return table[kind]


def _env(settings: Settings, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPWATCH_")}
    env.update({"IPWATCH_ES__URL": settings.es.url, "IPWATCH_ES__INDEX_PREFIX": settings.es.index_prefix,
                "IPWATCH_SPOOL__DIR": str(settings.spool.dir), "IPWATCH_CRAWL__STATE_DIR": str(settings.crawl.state_dir),
                "IPWATCH_CONFIG_DIR": str(ROOT / "config"), "IPWATCH_DAEMON__HTTP_PORT": str(port),
                "IPWATCH_DAEMON__LOCK_TTL_SECONDS": "30", "IPWATCH_DAEMON__SHUTDOWN_GRACE_SECONDS": "20",
                "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def start_runner(settings: Settings, tmp_path: Path, kind: str, port: int, **extra: str) -> subprocess.Popen:
    log = open(tmp_path / f"daemon-{time.monotonic_ns()}.log", "w")
    return subprocess.Popen([sys.executable, "-c", RUNNER], env=_env(settings, port, FAKE_JOBS=kind, **extra),
                            stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)


def health_of(port: int) -> dict | None:
    try:
        code, body = get(f"http://127.0.0.1:{port}/healthz")
    except OSError:
        return None
    return json.loads(body)


def test_sigterm_lets_the_running_job_finish_and_exits_0(store, settings, tmp_path):
    port = free_port()
    proc = start_runner(settings, tmp_path, "slow", port, SLOW_SECONDS="3")
    try:
        wait_until(lambda: (h := health_of(port)) and h["jobs"]["slow"]["running_since"], timeout=60, every=0.2)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        took = time.monotonic() - t0
    finally:
        proc.kill()
    assert took < 20, took
    ix = store.ix.name("state")
    assert store.get(ix, "test:slow").source["data"]["n"] == 1          # the in-flight run completed
    job = store.get(ix, "job:slow").source["data"]
    assert job["running_since"] is None and job["runs"] == 1
    lock = store.get(ix, LOCK_ID).source
    assert lock["owner"] is None and lock["released"]                    # the next daemon starts at once


def test_sigterm_grace_is_bounded(store, settings, tmp_path):
    port = free_port()
    proc = start_runner(settings, tmp_path, "slow", port, SLOW_SECONDS="120",
                        IPWATCH_DAEMON__SHUTDOWN_GRACE_SECONDS="2")
    try:
        wait_until(lambda: (h := health_of(port)) and h["jobs"]["slow"]["running_since"], timeout=60, every=0.2)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert time.monotonic() - t0 < 10
    finally:
        proc.kill()
    job = store.get(store.ix.name("state"), "job:slow").source["data"]
    assert job["running_since"]          # recorded as interrupted: the next start runs it again


def test_sigkill_mid_pipeline_then_restart_loses_and_doubles_nothing(store, settings, tmp_path):
    app = AppContext(settings=settings)
    ix_alias = store.ix.name("articles")
    port = free_port()
    first = start_runner(settings, tmp_path, "pipeline", port)
    try:
        def analysed() -> int:
            store.refresh(ix_alias)
            return store.search(ix_alias, size=0, track_total_hits=True,
                                query={"term": {"analysis.status": "done"}})["hits"]["total"]["value"]
        wait_until(lambda: analysed() >= 6, timeout=90, every=0.2)
        first.send_signal(signal.SIGKILL)                       # mid-run of `analyze`
        first.wait(timeout=10)
    finally:
        first.kill()
    done_before = analysed()
    assert done_before < N_ARTICLES
    state_ix = store.ix.name("state")
    before = store.get(state_ix, "job:analyze").source["data"]
    assert before["running_since"]                                   # it was cut short
    assert store.get(state_ix, LOCK_ID).source["owner"]                      # and the lock not released

    second = start_runner(settings, tmp_path, "pipeline", port)   # no --standby: the dead holder is detected
    try:
        wait_until(lambda: analysed() == N_ARTICLES, timeout=90, every=0.2)
        h = wait_until(lambda: health_of(port), timeout=10)
        assert h["leader"]
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0
    finally:
        second.kill()
    store.refresh(ix_alias)
    docs = [h["_source"] for h in store.search(ix_alias, size=1000, query={"match_all": {}})["hits"]["hits"]]
    assert len(docs) == N_ARTICLES                                # nothing doubled by the re-run crawl
    assert all(d["analysis"]["status"] == "done" and d["analysis"]["times"] == 1 for d in docs)   # once each
    assert len({d["analysis"]["by"] for d in docs}) == 2           # both processes did part of it
    job = store.get(state_ix, "job:analyze").source["data"]
    assert job["running_since"] is None
    assert job["runs"] >= (before.get("runs") or 0) + 1               # the count went on from the stored one
    assert _articles_index(app) in store.es.indices.get_alias(name=ix_alias)


def test_ipwatch_run_cli_serves_refuses_a_second_and_stops_on_sigterm(store, settings, tmp_path):
    port, port2 = free_port(), free_port()
    env = _env(settings, port, IPWATCH_DAEMON__INTERVALS='{"spool": 0.5}')
    log = open(tmp_path / "run.log", "w")
    proc = subprocess.Popen([str(VENV_BIN / "ipwatch"), "run"], env=env, stdout=log, stderr=subprocess.STDOUT,
                            cwd=tmp_path)
    try:
        wait_until(lambda: (h := health_of(port)) and h["jobs"]["spool"]["last_success"], timeout=90, every=0.3)
        second = subprocess.run([str(VENV_BIN / "ipwatch"), "run"], env={**env, "IPWATCH_DAEMON__HTTP_PORT": str(port2)},
                                capture_output=True, text=True, timeout=90, cwd=tmp_path)
        assert second.returncode == 3
        assert "another ipwatch daemon" in second.stderr
        metrics = get(f"http://127.0.0.1:{port}/metrics")[1].decode()
        assert 'ipwatch_job_runs_total{job="spool",outcome="success"}' in metrics
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=40) == 0
    finally:
        proc.kill()
    lines = [json.loads(x) for x in (tmp_path / "run.log").read_text().splitlines() if x.startswith("{")]
    [running] = [x for x in lines if x["message"] == "daemon running"]  # structured JSON logs
    # the start-up line says what the duty rules leave out
    assert running["duty_hidden"] == "nothing" and "ip-finance-service" in running["platforms_without_operating_unit"]
    assert any(x["message"] == "daemon stopped" and x["clean"] for x in lines)
