"""The real pipeline under the daemon, killed with SIGKILL mid-way and restarted.

`ipwatch.shell.daemon.serve()` with the real job registry (crawlers, nlp, scoring, alerts) runs in a
subprocess against the demo scenario site and a local alert sink served by the test; only the
model is replaced by the keyword stand-in of test_demo (the trained model may not exist yet).
After the kill the next daemon takes over at once (the holder is dead), and when it is done
nothing is lost (every scenario page stored and analysed, every notification delivered) and
nothing is doubled (one document per page, one delivery per idempotency key).
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from elasticsearch import ApiError

from tests.test_daemon import wait_until

from ipwatch.shell.daemon import LOCK_ID
from ipwatch.shell.demo import demo_dir, write_demo_config
from ipwatch.shell.demo_site import DemoSite, Scenario
from ipwatch.shell.localsite import AlertSink

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(any(importlib.util.find_spec(m) is None for m in ("crawlers", "nlp", "scoring", "alerts"))
                       or importlib.util.find_spec("crawlers.jobs") is None,
                       reason="pipeline packages missing"),
]

RUNNER = f"""
import os, sys
sys.path.insert(0, {str(TESTS)!r})
from ipwatch.context import AppContext
from ipwatch.shell.daemon import serve
from nlp.jobs import load_analyzer
from test_demo import KeywordAnalyzer

if __name__ == "__main__":
    app = AppContext()
    app.provide(load_analyzer, KeywordAnalyzer(app.watchlist))   # instead of loading the model
    code, clean = serve(app)
    if not clean:
        os._exit(code)
    sys.exit(code)
"""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_sigkill_mid_pipeline_with_the_real_jobs(store, settings, tmp_path):
    site = DemoSite(Scenario.load(demo_dir() / "scenario.yaml"))
    sink = AlertSink()
    cfg = tmp_path / "config"
    try:
        write_demo_config(ROOT / "config", cfg, site.url, sink.url)
        alerts = yaml.safe_load((cfg / "alerts.yaml").read_text(encoding="utf-8"))
        alerts.setdefault("outbox", {}).update(lease_seconds=5, timeout_seconds=3)  # a send cut short is retried soon
        (cfg / "alerts.yaml").write_text(yaml.safe_dump(alerts, allow_unicode=True), encoding="utf-8")
        script = tmp_path / "runner.py"
        script.write_text(RUNNER)
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("IPWATCH_")}
        env.update({
            "IPWATCH_CONFIG_DIR": str(cfg), "IPWATCH_BASE_DIR": str(ROOT), "IPWATCH_ES__URL": settings.es.url,
            "IPWATCH_ES__INDEX_PREFIX": settings.es.index_prefix, "IPWATCH_SPOOL__DIR": str(tmp_path / "spool"),
            "IPWATCH_CRAWL__STATE_DIR": str(tmp_path / "crawl"), "IPWATCH_CRAWL__AUTOTHROTTLE": "false",
            "IPWATCH_CRAWL__CONCURRENT_PER_DOMAIN": "8", "IPWATCH_DAEMON__HTTP_PORT": str(port),
            "IPWATCH_DAEMON__INTERVALS": '{"crawl": 4, "analyze": 1, "events": 1, "rerate": 2, "evaluate": 1, '
                                         '"check_duties": 2, "dispatch": 1}',
            "IPWATCH_DAEMON__SHUTDOWN_GRACE_SECONDS": "60", "NO_PROXY": "127.0.0.1", "PYTHONUNBUFFERED": "1"})
        arts = store.ix.name("articles")

        def count(index: str, query: dict | None = None) -> int:
            store.refresh(index)
            r = store.search(index, size=0, track_total_hits=True, query=query or {"match_all": {}})
            return r["hits"]["total"]["value"]

        def count_when_ready(index: str, query: dict) -> int:
            """`count` while the daemon may be creating the index: a search that reaches it before its shard has
            started is answered 503 (no shard to search), which means nothing is there yet."""
            try:
                return count(index, query)
            except ApiError as exc:
                if exc.meta.status != 503:
                    raise
                return 0

        log1 = open(tmp_path / "first.log", "w")
        first = subprocess.Popen([sys.executable, str(script)], env=env, stdout=log1, stderr=subprocess.STDOUT,
                                 cwd=tmp_path)
        try:
            wait_until(lambda: count_when_ready(arts, {"term": {"analysis.status": "done"}}) >= 1, timeout=180,
                       every=0.5)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            first.kill()
        stored_at_kill = count(arts)
        state = store.ix.name("state")
        assert store.get(state, LOCK_ID).source["owner"]                 # the dead daemon's lock

        log2 = open(tmp_path / "second.log", "w")
        second = subprocess.Popen([sys.executable, str(script)], env=env, stdout=log2, stderr=subprocess.STDOUT,
                                  cwd=tmp_path)
        try:
            outbox = store.ix.name("outbox")
            expected_pages = sum(1 for _ in site.scenario.articles) + len(site.scenario.penalties["records"])

            def settled() -> bool:
                n = count(arts)
                return (n >= expected_pages - 3                     # irrelevant pages are not stored
                        and count(arts, {"term": {"analysis.status": "pending"}}) == 0
                        and count(outbox) >= 3
                        and count(outbox, {"bool": {"must_not": {"term": {"status": "sent"}}}}) == 0)
            wait_until(settled, timeout=300, every=1.0)
            time.sleep(3)                                            # another round of every job
            second.send_signal(signal.SIGTERM)
            assert second.wait(timeout=90) == 0
        finally:
            second.kill()
        docs = [h["_source"] for h in store.search(arts, size=500)["hits"]["hits"]]
        urls = [d["canonical_url"] for d in docs]
        assert len(urls) == len(set(urls))                              # one document per page
        assert len(docs) >= stored_at_kill
        assert all(d["analysis"]["status"] == "done" for d in docs)
        store.refresh(outbox)
        keys = [h["_source"]["idempotency_key"] for h in store.search(outbox, size=500)["hits"]["hits"]]
        assert sorted(sink.keys) == sorted(set(keys))                   # each notification delivered once
        events = [h["_source"] for h in store.search(store.ix.name("events"), size=500,
                                                      query={"term": {"active": True}})["hits"]["hits"]]
        groups = [(e["entity_id"], e["risk_type"], e.get("event_date")) for e in events]
        assert len(groups) == len(set(groups)), groups                  # no event twice
        assert {e["entity_id"] for e in events} >= {"hx-patent", "unit-huazhi"}
        assert store.get(state, "job:analyze").source["data"]["runs"] >= 2
    finally:
        site.close()
        sink.close()
