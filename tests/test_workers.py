"""Analysis spread over worker processes through a Redis stream with a consumer group (nlp/distributed.py,
ipwatch/workqueue.py), with a real Redis and the real Elasticsearch. The leader publishes the pending
articles; two `ipwatch worker` processes share them; one is killed with SIGKILL mid-batch and the other
takes its batch over (XAUTOCLAIM): every article is analysed, and each result is written exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from ipwatch.context import AppContext
from nlp.distributed import analysis_queue, enqueue_pending, work
from tests.conftest import ROOT
from tests.test_daemon import wait_until

pytestmark = pytest.mark.timeout(240)
N = 40

RUNNER = f"""
import os, sys, threading, time
sys.path.insert(0, {str(ROOT / "tests")!r})
from ipwatch.context import AppContext
from nlp.distributed import analysis_queue, work
from test_demo import KeywordAnalyzer

class Slow(KeywordAnalyzer):
    def analyze(self, articles):
        time.sleep(float(os.environ["SLOW"]))          # "the model"
        return super().analyze(articles)

app = AppContext()
q = analysis_queue(app, os.environ["REDIS_URL"], claim_idle=float(os.environ["CLAIM_IDLE"]))
out = open(os.environ["WRITTEN"], "a")
def written(doc_id):
    out.write(doc_id + "\\n"); out.flush()
print(work(app, q, Slow(app.watchlist), threading.Event(), batch=2, idle_exit=6, on_written=written), flush=True)
"""


def seed(app: AppContext) -> None:
    ix = app.store.ix.article_index(datetime(2026, 11, 1))
    app.store.write([{"_index": ix, "_id": f"a{i:03d}", "_source": {
        "id": f"a{i:03d}", "title": f"北京华信知识产权代理有限公司被罚款 第{i}篇", "text": "因违规被警告并罚款。",
        "published_at": "2026-11-20T08:00:00+08:00", "analysis": {"status": "pending"}}} for i in range(N)])
    app.store.refresh()


def test_workers_share_the_stream_and_a_dead_workers_batch_is_taken_over(store, settings, redis_url,
                                                                         tmp_path: Path) -> None:
    app = AppContext(settings=settings)
    app.__dict__["store"] = store
    seed(app)
    q = analysis_queue(app, redis_url, claim_idle=3)
    assert enqueue_pending(app, q, per_message=2) == {"pending": N, "queued": N}
    assert enqueue_pending(app, q, per_message=2)["queued"] == 0        # waiting items are not queued twice
    script = tmp_path / "worker.py"
    script.write_text(RUNNER)
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPWATCH_")}
    env.update({"IPWATCH_ES__URL": settings.es.url, "IPWATCH_ES__INDEX_PREFIX": settings.es.index_prefix,
                "IPWATCH_SPOOL__DIR": str(tmp_path / "spool"), "REDIS_URL": redis_url, "CLAIM_IDLE": "3",
                "PYTHONPATH": str(ROOT), "IPWATCH_LOGGING__LEVEL": "WARNING"})
    procs = {}
    for name in ("a", "b"):
        procs[name] = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE,
                                       stderr=open(tmp_path / f"{name}.log", "w"),
                                       env={**env, "SLOW": "0.5", "WRITTEN": str(tmp_path / f"{name}.txt")})
    try:
        wait_until(lambda: (tmp_path / "a.txt").exists() and len((tmp_path / "a.txt").read_text().split()) >= 4,
                   timeout=90, every=0.1)
        time.sleep(0.2)                                                  # inside its next batch
        procs["a"].send_signal(signal.SIGKILL)
        procs["a"].wait()
        out, _ = procs["b"].communicate(timeout=180)
        assert procs["b"].returncode == 0, (tmp_path / "b.log").read_text()[-3000:]
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
    totals = json.loads(out.decode().strip().splitlines()[-1].replace("'", '"'))
    written = Counter((tmp_path / "a.txt").read_text().split() + (tmp_path / "b.txt").read_text().split())
    assert len(written) == N and max(written.values()) == 1             # every article once
    assert totals["reclaimed"] >= 1                                      # b took over a's unacked batch
    store.refresh()
    done = store.count(store.ix.name("articles"), {"term": {"analysis.status": "done"}})
    assert done == N
    assert q.backlog() == {"waiting": 0, "pending": 0}


def test_one_process_and_a_redelivered_batch_write_once(store, settings, redis_url) -> None:
    """A batch delivered again (its worker was slow, not dead) finds its articles analysed: skipped."""
    from tests.test_demo import KeywordAnalyzer

    app = AppContext(settings=settings)
    app.__dict__["store"] = store
    seed(app)
    q = analysis_queue(app, redis_url, claim_idle=0.2, consumer="slow")
    enqueue_pending(app, q, per_message=N)
    first = q.take(count=1)                         # taken, never acked
    time.sleep(0.3)
    fast = analysis_queue(app, redis_url, claim_idle=0.2, consumer="fast")
    totals = work(app, fast, KeywordAnalyzer(app.watchlist), threading.Event(), idle_exit=1)
    assert totals["analyzed"] == N and totals["reclaimed"] == 1
    from nlp.distributed import process

    again = process(app, first, KeywordAnalyzer(app.watchlist))
    assert again["analyzed"] == 0 and again["skipped"] == N
