"""Event merging, re-rating and sending spread over workers (scoring/distributed.py, alerts/distributed.py,
ipwatch/workqueue.py) with a real Redis and the real Elasticsearch: two workers merging the same entities
at once leave the events and ratings one process leaves; a worker killed with SIGKILL mid-batch has its
batch taken over; two dispatchers on one stream deliver each notification once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from ipwatch.context import AppContext
from ipwatch.settings import load_settings
from ipwatch.store import Store
from nlp.jobs import analyze_pending
from scoring.distributed import enqueue_changed, events_queue, work
from scoring.sync import update_events
from tests.conftest import ROOT, drop_prefix
from tests.test_daemon import wait_until

pytestmark = pytest.mark.timeout(120)
NAMES = ["北京华信知识产权代理有限公司", "上海科达律师事务所", "深圳中诚资产评估有限公司", "华智众创（北京）投资管理有限责任公司",
         "横琴国际知识产权交易中心有限公司", "北京正聚源通鼎信用管理有限公司"]
TEXTS = ["被罚款", "被警告并罚款", "被起诉", "遭用户投诉维权", "法定代表人卸任"]

RUNNER = """
import os, sys, threading, time
from ipwatch.context import AppContext
from scoring.distributed import events_queue, work

app = AppContext()
q = events_queue(app, os.environ["REDIS_URL"], claim_idle=2, consumer="doomed")
out = open(os.environ["DONE"], "a")
def between(subject):
    out.write(subject + "\\n"); out.flush(); time.sleep(3)    # killed here, its batch not acknowledged
print(work(app, q, threading.Event(), batch=3, idle_exit=30, lease_ttl=3, between=between), flush=True)
"""


def app_for(settings: Any, store: Store) -> AppContext:
    from tests.test_demo import KeywordAnalyzer

    app = AppContext(settings=settings)
    app.__dict__["store"] = store
    ix = store.ix.article_index(datetime(2026, 11, 1))
    docs = []
    for i in range(24):
        name, what = NAMES[i % len(NAMES)], TEXTS[(i // len(NAMES)) % len(TEXTS)]
        day = 1 + (i % 3) * 9
        docs.append({"_index": ix, "_id": f"s{i:03d}", "_source": {
            "id": f"s{i:03d}", "title": f"{name}{what} 第{i}篇", "text": f"{name}{what}。",
            "url": f"https://news.example/s{i}", "canonical_url": f"https://news.example/s{i}",
            "domain": "news.example", "published_at": f"2026-11-{day:02d}T08:00:00+08:00",
            "analysis": {"status": "pending"}}})
    store.write(docs)
    store.refresh()
    assert analyze_pending(app, analyzer=KeywordAnalyzer(app.watchlist))["analyzed"] == 24
    return app


def snapshot(store: Store) -> dict[str, Any]:
    store.refresh()
    evs = [h["_source"] for h in store.scan(store.ix.name("events"), {"match_all": {}}, size=1000)]
    ratings = [h["_source"] for h in store.scan(store.ix.name("ratings"), {"match_all": {}}, size=1000)]
    hist = [h["_source"] for h in store.scan(store.ix.name("rating-history"), {"match_all": {}}, size=1000)]
    return {"events": sorted((e["id"], e.get("active"), tuple(sorted(e.get("article_ids") or []))) for e in evs),
            "ratings": sorted((r["entity_id"], r["grade"], round(r["score"], 3)) for r in ratings),
            # score-only history entries follow the order entities were merged in; grade changes must not
            "grade_changes": sorted(str((r.get("entity_id"), r.get("previous_grade"), r.get("grade"))) for r in hist
                                    if r.get("previous_grade") != r.get("grade"))}


@pytest.fixture
def other(es_url: str, tmp_path: Path) -> Any:
    """A second installation (its own index prefix) for the distributed run beside the one-process run."""
    import uuid

    s = load_settings(ROOT / "config", env={"IPWATCH_ES__URL": es_url, "IPWATCH_ES__INDEX_PREFIX":
                                            f"test-{uuid.uuid4().hex[:10]}", "IPWATCH_SPOOL__DIR": str(tmp_path / "sp2")})
    st = Store(s)
    st.setup()
    yield s, st
    drop_prefix(st)


def baseline(settings: Any, store: Store) -> dict[str, Any]:
    app = app_for(settings, store)
    now = app.now()
    counts = update_events(app, now)
    assert counts["events_created"] >= 6
    return snapshot(store)


def test_two_workers_merge_as_one_process_does(store, settings, other, redis_url) -> None:
    t0 = time.monotonic()
    expected = baseline(settings, store)
    s2, st2 = other
    app = app_for(s2, st2)
    q = events_queue(app, redis_url, claim_idle=5, consumer="leader")
    queued = enqueue_changed(app, q, app.now())
    assert queued["queued"] == queued["subjects"] >= len(NAMES)
    assert enqueue_changed(app, q, app.now())["queued"] == 0            # waiting entities are not queued twice
    for subject in sorted(q.r.keys(f"{q.stream}:queued:*")):             # and each entity once more, so that
        q.r.xadd(q.stream, {"items": subject.rsplit(":", 1)[1]})         # both workers hold it at once
    totals: dict[str, dict[str, int]] = {}

    def run(name: str) -> None:
        wapp = AppContext(settings=s2)
        totals[name] = work(wapp, events_queue(wapp, redis_url, claim_idle=5, consumer=name), threading.Event(),
                            batch=2, idle_exit=1.5, lease_ttl=30)
    threads = [threading.Thread(target=run, args=(n,)) for n in ("w1", "w2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert totals["w1"]["batches"] > 0 and totals["w2"]["batches"] > 0           # both took work
    got = snapshot(st2)
    assert [e[0] for e in got["events"]] == [e[0] for e in expected["events"]]   # the same events, none twice
    assert got == expected
    assert q.backlog() == {"waiting": 0, "pending": 0}
    print(f"two workers: {time.monotonic() - t0:.1f}s, {totals}")


def test_a_killed_merging_workers_batch_is_taken_over(store, settings, other, redis_url, tmp_path) -> None:
    t0 = time.monotonic()
    expected = baseline(settings, store)
    s2, st2 = other
    app = app_for(s2, st2)
    q = events_queue(app, redis_url, claim_idle=2, consumer="leader")
    enqueue_changed(app, q, app.now())
    script = tmp_path / "worker.py"
    script.write_text(RUNNER)
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPWATCH_")}
    env.update({"IPWATCH_ES__URL": s2.es.url, "IPWATCH_ES__INDEX_PREFIX": s2.es.index_prefix,
                "IPWATCH_SPOOL__DIR": str(tmp_path / "spool"), "REDIS_URL": redis_url, "PYTHONPATH": str(ROOT),
                "IPWATCH_LOGGING__LEVEL": "WARNING", "DONE": str(tmp_path / "done.txt")})
    proc = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=open(tmp_path / "w.log", "w"))
    try:
        wait_until(lambda: (tmp_path / "done.txt").exists() and (tmp_path / "done.txt").read_text().strip() != "",
                   timeout=60, every=0.1)
        proc.send_signal(signal.SIGKILL)                                 # one entity merged, the rest not
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert q.backlog()["pending"] >= 1
    totals = work(AppContext(settings=s2), events_queue(app, redis_url, claim_idle=2, consumer="heir"),
                  threading.Event(), batch=3, idle_exit=4, lease_ttl=3)
    assert totals["reclaimed"] >= 1
    assert snapshot(st2) == expected
    assert q.backlog() == {"waiting": 0, "pending": 0}
    print(f"killed worker: {time.monotonic() - t0:.1f}s, {totals}")
