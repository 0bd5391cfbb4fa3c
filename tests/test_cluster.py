"""ipwatch on a real 3-node Elasticsearch cluster with one replica (`pytest -m cluster`).

These tests run last, and the cluster boots in the background from collection on (tests/conftest.py
runs `scripts/elasticsearch.sh cluster start 3`), on its own ports
(IPWATCH_TEST_CLUSTER_PORT, 9281: http 9281-9283, transport 9381-9383; 256 MB heap per node), away from
the single node on 9200 that the rest of the suite uses, and removes it afterwards. The client knows
every node (`es.url` + `es.hosts`). A node killed with SIGKILL in the middle of ingest, and in the middle
of the real pipeline (crawl → analysis → events → rating → duties → outbox → delivery), loses nothing
and doubles nothing, and the cluster is green again once the node is back.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from ipwatch.settings import Settings, load_settings
from ipwatch.shell.demo import demo_dir, write_demo_config
from ipwatch.shell.demo_site import DemoSite, Scenario
from ipwatch.shell.localsite import AlertSink
from ipwatch.store import Store
from tests.conftest import CLUSTER_PORT, ES_SCRIPT, ROOT, drop_prefix
from tests.test_daemon import wait_until
from tests.test_daemon_pipeline import RUNNER, _free_port

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(400)]

PORT = int(CLUSTER_PORT)
NODES = 3


def cluster_ctl(*args: str) -> str:
    env = {**os.environ, "IPWATCH_ES_CLUSTER_PORT": str(PORT)}
    return subprocess.run([str(ES_SCRIPT), "cluster", *args], check=True, env=env, text=True,
                          stdout=subprocess.PIPE).stdout.strip()


@pytest.fixture(scope="module")
def cluster(cluster_boot: subprocess.Popen | None) -> Iterator[list[str]]:
    """A fresh 3-node cluster for these tests (booted in the background since collection, see
    tests/conftest.py); stopped and deleted after them."""
    if cluster_boot is None:
        cluster_ctl("clean")
        cluster_ctl("start", str(NODES))
    else:
        assert cluster_boot.wait(timeout=400) == 0, "the cluster did not boot; see $TMPDIR/ipwatch-test-cluster-*.log"
    try:
        yield cluster_ctl("urls").split(",")
    finally:
        cluster_ctl("clean")


@pytest.fixture
def csettings(tmp_path: Path, cluster: list[str]) -> Settings:
    env = {"IPWATCH_ES__URL": cluster[0], "IPWATCH_ES__HOSTS": json.dumps(cluster[1:]),
           "IPWATCH_ES__REPLICAS": "1", "IPWATCH_ES__INDEX_PREFIX": f"test-{uuid.uuid4().hex[:10]}",
           "IPWATCH_SPOOL__DIR": str(tmp_path / "spool"), "IPWATCH_ES__BACKOFF_INITIAL": "0.2",
           "IPWATCH_CRAWL__STATE_DIR": str(tmp_path / "crawl")}
    return load_settings(ROOT / "config", env=env)


@pytest.fixture
def cstore(csettings: Settings) -> Iterator[Store]:
    st = Store(csettings)
    st.setup()
    yield st
    drop_prefix(st)


def health(st: Store, **kw: object) -> dict:
    return st.es.cluster.health(index=f"{st.ix.prefix}-*", **kw).body


def count(st: Store, index: str, query: dict | None = None) -> int:
    st.refresh(index)
    return st.search(index, size=0, track_total_hits=True, query=query or {"match_all": {}})["hits"]["total"]["value"]


def until_searchable(pred: Callable[[], object]) -> Callable[[], bool]:
    """A wait predicate that reads "not yet" when a search answers 503: an index the daemon has just made
    answers so until its primaries are allocated (seen on a loaded CI machine)."""
    from elasticsearch import ApiError

    def wrapped() -> bool:
        try:
            return bool(pred())
        except ApiError as exc:
            if exc.meta.status == 503:
                return False
            raise
    return wrapped


def test_setup_takes_replicas_from_settings_and_the_cluster_is_green(cstore: Store) -> None:
    settings = cstore.es.indices.get_settings(index=f"{cstore.ix.prefix}-*").body
    assert settings and {s["settings"]["index"]["number_of_replicas"] for s in settings.values()} == {"1"}
    cstore.write([{"_index": cstore.ix.article_index(datetime(2026, 11, 1)), "_id": "a", "_source": {"id": "a"}}])
    assert health(cstore, wait_for_status="green", timeout="60s")["status"] == "green"
    nodes = {s["node"] for s in cstore.es.cat.shards(index=f"{cstore.ix.prefix}-*", format="json").body}
    assert len(nodes) == NODES                                      # copies spread over every node
    assert cstore.setup() and all(r == "unchanged" for _, r in cstore.setup())


def test_sigkill_a_node_mid_ingest_loses_and_doubles_nothing(cstore: Store) -> None:
    ix = cstore.ix.article_index(datetime(2026, 11, 1))
    n_batches, per_batch = 60, 50
    written = spooled = 0
    failed: list = []
    half = threading.Event()

    def ingest() -> None:
        nonlocal written, spooled
        for b in range(n_batches):
            res = cstore.write([{"_index": ix, "_id": f"b{b:03d}-{i:03d}",
                                 "_source": {"id": f"b{b:03d}-{i:03d}", "title": f"第{b}批第{i}篇",
                                             "analysis": {"status": "pending"}}} for i in range(per_batch)])
            written, spooled = written + res.written, spooled + res.spooled
            failed.extend(res.failed)
            if b == n_batches // 3:
                half.set()
            time.sleep(0.05)

    t = threading.Thread(target=ingest)
    t.start()
    assert half.wait(60)
    cluster_ctl("kill", "1")                                        # the node named in es.url
    assert t.is_alive()                                             # while batches are still coming
    t.join(180)
    assert not t.is_alive() and failed == []
    cstore.replay_spool()
    assert count(cstore, cstore.ix.name("articles")) == n_batches * per_batch   # nothing lost, nothing twice
    cluster_ctl("start-node", "1")
    assert health(cstore, wait_for_status="green", wait_for_nodes=str(NODES), timeout="120s")["status"] == "green"
    assert count(cstore, cstore.ix.name("articles")) == n_batches * per_batch


def test_sigkill_a_node_mid_pipeline_loses_and_doubles_nothing(cstore: Store, csettings: Settings,
                                                                tmp_path: Path) -> None:
    """The real daemon pipeline on the cluster; node 2 is killed once the first article is stored and
    kept down while alerts are evaluated and delivered, then started again."""
    store, settings = cstore, csettings
    site = DemoSite(Scenario.load(demo_dir() / "scenario.yaml"))
    sink = AlertSink()
    cfg = tmp_path / "config"
    daemon = None
    try:
        write_demo_config(ROOT / "config", cfg, site.url, sink.url)
        alerts = yaml.safe_load((cfg / "alerts.yaml").read_text(encoding="utf-8"))
        alerts.setdefault("outbox", {}).update(lease_seconds=5, timeout_seconds=3)
        (cfg / "alerts.yaml").write_text(yaml.safe_dump(alerts, allow_unicode=True), encoding="utf-8")
        script = tmp_path / "runner.py"
        script.write_text(RUNNER)
        env = {k: v for k, v in os.environ.items() if not k.startswith("IPWATCH_")}
        env.update({
            "IPWATCH_CONFIG_DIR": str(cfg), "IPWATCH_BASE_DIR": str(ROOT), "IPWATCH_ES__URL": settings.es.url,
            "IPWATCH_ES__HOSTS": json.dumps(settings.es.hosts), "IPWATCH_ES__REPLICAS": "1",
            "IPWATCH_ES__INDEX_PREFIX": settings.es.index_prefix, "IPWATCH_SPOOL__DIR": str(tmp_path / "spool"),
            "IPWATCH_CRAWL__STATE_DIR": str(tmp_path / "crawl"), "IPWATCH_CRAWL__AUTOTHROTTLE": "false",
            "IPWATCH_CRAWL__CONCURRENT_PER_DOMAIN": "8", "IPWATCH_DAEMON__HTTP_PORT": str(_free_port()),
            "IPWATCH_DAEMON__INTERVALS": '{"crawl": 4, "analyze": 1, "events": 1, "rerate": 2, "evaluate": 1, '
                                         '"check_duties": 2, "dispatch": 1, "spool": 2}',
            "IPWATCH_DAEMON__SHUTDOWN_GRACE_SECONDS": "60", "NO_PROXY": "127.0.0.1", "PYTHONUNBUFFERED": "1"})
        arts, outbox = store.ix.name("articles"), store.ix.name("outbox")
        log = open(tmp_path / "daemon.log", "w")
        daemon = subprocess.Popen([sys.executable, str(script)], env=env, stdout=log, stderr=subprocess.STDOUT,
                                  cwd=tmp_path)
        wait_until(until_searchable(lambda: count(store, arts) >= 1), timeout=180, every=0.2)
        # every index the daemon has made so far gets its replica first (as in any deployment that has run
        # for a while): a primary whose replica was still being copied dies with the node, and its index
        # stays red until the node is back
        store.es.cluster.health(wait_for_status="green", timeout="90s")
        stored_at_kill = count(store, arts)
        analysed_at_kill = count(store, arts, {"term": {"analysis.status": "done"}})
        cluster_ctl("kill", "2")                                    # mid-ingest
        wait_until(lambda: len(sink.posts) >= 1, timeout=120, every=0.5)  # alerting with a node down
        posts_while_down = len(sink.posts)
        cluster_ctl("start-node", "2")
        expected_pages = sum(1 for _ in site.scenario.articles) + len(site.scenario.penalties["records"])

        def settled() -> bool:
            return (count(store, arts) >= expected_pages - 3
                    and count(store, arts, {"term": {"analysis.status": "pending"}}) == 0
                    and count(store, outbox) >= 3
                    and count(store, outbox, {"bool": {"must_not": {"term": {"status": "sent"}}}}) == 0)
        wait_until(until_searchable(settled), timeout=240, every=1.0)
        time.sleep(3)                                               # another round of every job
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=90) == 0
        assert health(store, wait_for_status="green", wait_for_nodes=str(NODES), timeout="120s")["status"] == "green"
        docs = [h["_source"] for h in store.search(arts, size=500)["hits"]["hits"]]
        urls = [d["canonical_url"] for d in docs]
        assert len(urls) == len(set(urls))                          # one document per page
        assert all(d["analysis"]["status"] == "done" for d in docs)
        keys = [h["_source"]["idempotency_key"] for h in store.search(outbox, size=500)["hits"]["hits"]]
        assert sorted(sink.keys) == sorted(set(keys))               # every notification delivered …
        assert [k for k, n in Counter(sink.posts).items() if n > 1] == []   # … once
        events = [h["_source"] for h in store.search(store.ix.name("events"), size=500,
                                                      query={"term": {"active": True}})["hits"]["hits"]]
        groups = [(e["entity_id"], e["risk_type"], e.get("event_date")) for e in events]
        assert len(groups) == len(set(groups)), groups              # no event twice
        assert {e["entity_id"] for e in events} >= {"hx-patent", "unit-huazhi"}
        assert count(store, store.ix.name("ratings")) >= 2
        assert analysed_at_kill < len(docs)
        print(f"stored at kill {stored_at_kill}, analysed {analysed_at_kill}, deliveries while down {posts_while_down}, "
              f"pages {len(docs)}, notifications {len(keys)}")
    finally:
        if daemon is not None and daemon.poll() is None:
            daemon.kill()
        site.close()
        sink.close()
        cluster_ctl("start-node", "2")
