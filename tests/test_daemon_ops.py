"""Operating the daemon: liveness apart from readiness, so a healthy standby is not restarted."""

from __future__ import annotations

import json
import threading

from ipwatch.shell.daemon import Daemon, JobSpec
from tests.test_daemon import Recorder, daemons, get, make_app, wait_until  # noqa: F401 - daemons is a fixture


def test_a_standby_is_alive_but_not_ready_and_the_leader_is_both(store, settings, daemons) -> None:  # noqa: F811
    a = Daemon(make_app(settings, lock_ttl_seconds=5.0), jobs=[JobSpec("tick", Recorder(), interval=0.2)])
    b = Daemon(make_app(settings, lock_ttl_seconds=5.0), jobs=[JobSpec("tick", Recorder(), interval=0.2)])
    daemons += [a, b]
    assert a.start()
    t = threading.Thread(target=b.start, kwargs={"standby": True})
    t.start()
    wait_until(lambda: b.phase == "standby" and b._server is not None, timeout=30)
    leader, standby = (f"http://127.0.0.1:{d._server.port}" for d in (a, b))
    wait_until(lambda: get(leader + "/readyz")[0] == 200, timeout=20)
    assert get(leader + "/livez")[0] == 200
    code, body = get(standby + "/livez")
    assert code == 200 and json.loads(body)["phase"] == "standby"          # Docker keeps it
    code, body = get(standby + "/readyz")
    assert code == 503 and json.loads(body)["status"] == "standby"         # a load balancer skips it
    assert get(standby + "/healthz")[0] == 503                              # /healthz is readiness, as before
    a.stop(grace=2)
    t.join(timeout=30)
    wait_until(lambda: get(standby + "/readyz")[0] == 200, timeout=30)
    assert get(standby + "/livez")[0] == 200


def test_an_outage_is_logged_once_a_minute_without_tracebacks(store, settings, daemons, caplog) -> None:  # noqa: F811
    import logging

    from elasticsearch import ConnectionError as EsConnectionError

    def down(ctx):  # noqa: ANN001 - what a job sees while Elasticsearch is unreachable
        raise EsConnectionError("Connection refused")

    d = Daemon(make_app(settings), jobs=[JobSpec("evaluate", down, interval=0.05)])
    daemons.append(d)
    caplog.set_level(logging.INFO, logger="ipwatch.daemon")
    assert d.start(http=False)
    wait_until(lambda: (d.states["evaluate"].get("consecutive_failures") or 0) >= 10, timeout=20)
    d.stop(grace=2)
    failed = [r for r in caplog.records if r.getMessage() == "job failed"]
    assert len(failed) == 1 and not failed[0].exc_info
    assert d.states["evaluate"].get("failures") >= 10          # every failure still counts in the state


def test_a_run_due_while_the_last_still_goes_is_counted_and_logged_once(store, settings, daemons, caplog) -> None:  # noqa: F811
    """A job that outlasts its interval (analyze on a big batch; evaluate runs every second) skips the runs that
    come due meanwhile: the officer's metrics count them and the log says so once a minute, not APScheduler's
    warning at every tick."""
    import logging

    slow = Recorder(sleep=0.6)
    d = Daemon(make_app(settings), jobs=[JobSpec("analyze", slow, interval=0.1)])
    daemons.append(d)
    caplog.set_level(logging.INFO)
    assert d.start(http=False)
    wait_until(lambda: len(slow.runs) >= 2, timeout=20)
    d.stop(grace=5)
    skipped = d.metrics.registry.get_sample_value("ipwatch_job_runs_total", {"job": "analyze", "outcome": "skipped"})
    assert skipped >= 3 and slow.max_active == 1
    said = [r for r in caplog.records if r.getMessage() == "run skipped: the previous run is still going"]
    assert len(said) == 1 and said[0].levelno == logging.INFO and said[0].job == "analyze"
    assert not [r for r in caplog.records if r.name.startswith("apscheduler") and r.levelno >= logging.WARNING]
