"""Alert evaluation spread over workers (alerts/evaluation.py, kind `evaluate`) with a real Redis and the
real Elasticsearch: the leader's `evaluate` only publishes its units (an entity's changed events, a grade
change, an article that may hold a finding); two workers evaluating every unit at once (each published
twice), or a worker killed with SIGKILL mid-batch and its heir, leave exactly the duties, alerts and
outbox documents one `evaluate` leaves on another prefix, and each notification reaches the local
receiver once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from alerts import jobs
from alerts.evaluation import evaluate_queue, evaluate_work
from alerts.routing import load_alerts_config
from ipwatch.clock import iso
from ipwatch.context import AppContext
from ipwatch.job import run_job
from ipwatch.settings import load_settings
from ipwatch.store import Store
from tests.alerts_support import *
from tests.alerts_support import (
    SECRETS,
    SH,
    WATCHLIST,
    Receiver,
    make_config,
    outbox_docs,
    put_event,
)
from tests.conftest import ROOT, drop_prefix
from tests.test_daemon import wait_until

pytestmark = pytest.mark.timeout(120)

RUNNER = """
import os, threading, time
from alerts.evaluation import evaluate_queue, evaluate_work
from alerts.routing import load_alerts_config
from ipwatch.context import AppContext
from tests.alerts_support import WATCHLIST, make_config

class Rx:
    url = os.environ["RX_URL"]
app = AppContext()
app.__dict__["watchlist"] = WATCHLIST
app.provide(load_alerts_config, make_config(Rx(), outbox={"dispatch_after_evaluate": True}))
q = evaluate_queue(app, os.environ["REDIS_URL"], claim_idle=2, consumer="doomed")
out = open(os.environ["DONE"], "a")
def between(unit):
    out.write(unit + "\\n"); out.flush(); time.sleep(3)     # killed here, its batch not acknowledged
print(evaluate_work(app, q, threading.Event(), batch=3, idle_exit=30, lease_ttl=3, between=between), flush=True)
"""


def seed(store: Store) -> None:
    """Events of a unit and of platforms (two of one matter sharing a report), grade changes, articles."""
    now = datetime.now(SH)
    day = (now - timedelta(days=1)).date().isoformat()
    t = [iso(now - timedelta(minutes=10 - i)) for i in range(8)]
    put_event(store, id="e1", event_date=day, article_ids=["a1"], updated_at=t[0])
    put_event(store, id="e2", event_date=day, article_ids=["a1", "a2"], updated_at=t[1])   # attaches to e1's duty
    put_event(store, id="e3", entity_id="p-beta", entity_type="platform", event_date=day, article_ids=["b1"],
              updated_at=t[2])
    put_event(store, id="e4", entity_id="p-alpha", entity_type="platform", risk_type="restructuring", event_date=day,
              article_ids=["c9"], updated_at=t[3])
    put_event(store, id="ub", entity_id="p-beta", entity_type="platform", risk_type="unauthorized_branch",
              event_date=day, article_ids=["ub"], title="贝塔平台在外省设立工作站", updated_at=t[4])
    put_event(store, id="e9", entity_id="i-agency", entity_type="institution", risk_type="dishonest_debtor",
              event_date=day, article_ids=["e9"], updated_at=t[5])
    hx = store.ix.name("rating-history")
    store.write([
        {"_index": hx, "_id": "h1", "_source": {"entity_id": "i-agency", "entity_name": "甲乙专利代理有限公司",
                                                 "grade": "C", "previous_grade": "B", "score": 62, "previous_score": 78,
                                                 "as_of": day, "rated_at": t[6], "event_ids": ["e9"]}},
        {"_index": hx, "_id": "h2", "_source": {"entity_id": "i-busy", "entity_name": "热门银行股份有限公司",
                                                 "grade": "A", "previous_grade": None, "score": 95,
                                                 "previous_score": None, "as_of": day, "rated_at": t[6]}}])
    docs = [("c1", "阿尔法平台在杭州设立分中心并举行揭牌仪式", ["p-alpha"]),
            ("c2", "记者发现合同上加盖了贝塔知识产权金融平台公章。", ["p-beta"]),
            ("c4", "贝塔平台以平台名义开展融资担保收费业务", ["p-beta"])]
    store.write([{"_index": store.ix.article_index(now), "_id": i, "_source": {
        "id": i, "url": f"https://news.example/{i}", "title": x, "text": x, "published_at": now.isoformat(),
        "outlet": "示例网", "duplicate_of": None,
        "analysis": {"status": "done", "analyzed_at": t[7], "entity_ids": ents}}} for i, x, ents in docs])
    store.refresh()


def snapshot(store: Store) -> dict[str, Any]:
    store.refresh()
    duties = [h["_source"] for h in store.scan(store.ix.name("duties"))]
    alerts = [h["_source"] for h in store.scan(store.ix.name("alerts"))]
    return {"duties": sorted((d["id"], d["state"], d["event_id"], d["platform_id"], tuple(sorted(d["article_ids"])),
                              tuple(sorted(d.get("related_event_ids") or [])), len(d["history"]),
                              tuple(sorted(d.get("reminders_sent") or []))) for d in duties),
            "alerts": sorted((a["id"], a["kind"], a["status"], a.get("entity_id")) for a in alerts),
            "outbox": sorted((o["id"], o["status"], o["attempts"]) for o in outbox_docs(store))}


def delivered(rx: Receiver) -> list[str]:
    keys = [r["key"] for r in rx.accepted]
    assert len(keys) == len(set(keys)), "a notification was delivered twice"
    return sorted(keys)


def baseline(app: AppContext) -> tuple[dict[str, Any], list[str]]:
    app.provide(load_alerts_config, make_config(app_rx(app), outbox={"dispatch_after_evaluate": True}))
    seed(app.store)
    c = run_job(jobs.evaluate, app, app.now())
    assert c["duties_opened"] >= 3 and c["grade_changes"] == 1 and c["compliance"] >= 3, c
    return snapshot(app.store), delivered(app_rx(app))


def app_rx(app: AppContext) -> Receiver:
    return app.__dict__["_rx"]


@pytest.fixture
def twin(es_url: str, tmp_path: Path, redis_url: str, secrets_env: dict[str, str]) -> Any:
    """A second installation (its own index prefix and receiver) whose evaluation goes to the workers."""
    s = load_settings(ROOT / "config", env={"IPWATCH_ES__URL": es_url, "IPWATCH_ES__INDEX_PREFIX":
                                            f"test-{uuid.uuid4().hex[:10]}", "IPWATCH_SPOOL__DIR": str(tmp_path / "sp2")})
    s.work.redis_url, s.work.kinds = redis_url, ["evaluate"]
    st = Store(s)
    st.setup()
    rx2 = Receiver()
    a = AppContext(settings=s)
    a.__dict__.update(store=st, watchlist=WATCHLIST, _rx=rx2)
    a.provide(load_alerts_config, make_config(rx2, outbox={"dispatch_after_evaluate": True}))
    yield a
    rx2.close()
    drop_prefix(st)


def worker_app(twin: AppContext) -> AppContext:
    a = AppContext(settings=twin.settings)
    a.__dict__.update(store=Store(twin.settings), watchlist=WATCHLIST)
    a.provide(load_alerts_config, twin.service(load_alerts_config))
    return a


def test_two_workers_evaluate_as_one_process_does(app: AppContext, rx: Receiver, twin: AppContext,
                                                  redis_url: str) -> None:
    t0 = time.monotonic()
    app.__dict__["_rx"] = rx
    expected, sent = baseline(app)
    seed(twin.store)
    published = run_job(jobs.evaluate, twin, twin.now())                 # the leader only publishes
    assert published["queued"] == 4 + 1 + 3, published                  # 4 entities' events, 1 grade change, 3 articles
    assert snapshot(twin.store)["duties"] == [] and snapshot(twin.store)["alerts"] == []
    q = evaluate_queue(twin, redis_url, claim_idle=5, consumer="leader")
    assert run_job(jobs.evaluate, twin, twin.now())["queued"] == 0      # waiting units are not queued twice
    for unit in sorted(q.r.keys(f"{q.stream}:queued:*")):              # and each unit once more, so that
        q.r.xadd(q.stream, {"items": unit.split(":queued:", 1)[1]})     # both workers hold it at once
    totals: dict[str, dict[str, int]] = {}

    def run(name: str) -> None:
        wapp = worker_app(twin)
        totals[name] = evaluate_work(wapp, evaluate_queue(wapp, redis_url, claim_idle=5, consumer=name),
                                     threading.Event(), batch=2, idle_exit=1.5, lease_ttl=30)
    threads = [threading.Thread(target=run, args=(n,)) for n in ("w1", "w2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert totals["w1"]["batches"] > 0 and totals["w2"]["batches"] > 0, totals
    assert snapshot(twin.store) == expected
    assert delivered(app_rx(twin)) == sent and len(sent) >= 8
    assert q.backlog() == {"waiting": 0, "pending": 0}
    print(f"two evaluators: {time.monotonic() - t0:.1f}s, {totals}")


def test_a_killed_evaluators_batch_is_taken_over(app: AppContext, rx: Receiver, twin: AppContext, redis_url: str,
                                                 tmp_path: Path) -> None:
    t0 = time.monotonic()
    app.__dict__["_rx"] = rx
    expected, sent = baseline(app)
    seed(twin.store)
    run_job(jobs.evaluate, twin, twin.now())
    q = evaluate_queue(twin, redis_url, claim_idle=2, consumer="leader")
    s2 = twin.settings
    script = tmp_path / "worker.py"
    script.write_text(RUNNER)
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPWATCH_")}
    env.update(SECRETS)
    env.update({"IPWATCH_ES__URL": s2.es.url, "IPWATCH_ES__INDEX_PREFIX": s2.es.index_prefix,
                "IPWATCH_SPOOL__DIR": str(tmp_path / "spool"), "REDIS_URL": redis_url, "PYTHONPATH": str(ROOT),
                "IPWATCH_LOGGING__LEVEL": "WARNING", "DONE": str(tmp_path / "done.txt"), "RX_URL": app_rx(twin).url})
    proc = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: (tmp_path / "done.txt").exists() and (tmp_path / "done.txt").read_text().strip() != "",
                   timeout=60, every=0.1)
        proc.send_signal(signal.SIGKILL)                                 # one unit evaluated, the rest not
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert q.backlog()["pending"] >= 1
    assert app_rx(twin).accepted == []                                  # it died before sending anything
    totals = evaluate_work(worker_app(twin), evaluate_queue(twin, redis_url, claim_idle=2, consumer="heir"),
                           threading.Event(), batch=3, idle_exit=4, lease_ttl=3)
    assert totals["reclaimed"] >= 1, totals
    assert snapshot(twin.store) == expected
    assert delivered(app_rx(twin)) == sent
    assert q.backlog() == {"waiting": 0, "pending": 0}
    print(f"killed evaluator: {time.monotonic() - t0:.1f}s, {totals}")
