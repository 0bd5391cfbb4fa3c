"""Shared crawling (crawlers/shared.py): crawl workers on one scrapy-redis queue and one seen-set in a real
Redis (Debian's redis-server, started by scripts/redis.sh on IPWATCH_TEST_REDIS_PORT, 6391: conftest), against the
local fixture site and the real Elasticsearch. Two workers of one round fetch and store every page once
between them; a worker killed with SIGKILL mid-crawl loses nothing (the next round stores what it had not
handed over) and what it had stored is not fetched again.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from ipwatch.settings import Settings
from tests.conftest import ROOT
from tests.test_crawl import articles, articles_while_crawling, make_config, server

PAGES = 60
pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def site():
    with server.FixtureServer(bench_pages=PAGES, bench_per_list=10) as srv:
        yield srv


def worker(settings: Settings, cfg: Path, site, redis_url: str, tmp_path: Path, name: str, round_: str,
           claim_ttl: float = 300) -> subprocess.Popen:
    """`ipwatch crawl --source bench-list --round R` as its own host would run it (own state folder)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPWATCH_")}
    env.update({"IPWATCH_CONFIG_DIR": str(cfg), "IPWATCH_ES__URL": settings.es.url,
                "IPWATCH_ES__INDEX_PREFIX": settings.es.index_prefix, "IPWATCH_SPOOL__DIR": str(tmp_path / name / "spool"),
                "IPWATCH_CRAWL__STATE_DIR": str(tmp_path / name / "crawl"), "IPWATCH_CRAWL__AUTOTHROTTLE": "false",
                "IPWATCH_CRAWL__CONCURRENT_PER_DOMAIN": "2", "IPWATCH_CRAWL__REDIS_URL": redis_url,
                "IPWATCH_CRAWL__CLAIM_TTL_SECONDS": str(claim_ttl), "IPWATCH_LOGGING__LEVEL": "WARNING",
                "IPWATCH_SOURCES_BASE_URL": site.base + "/", "NO_PROXY": "127.0.0.1",
                "PYTHONPATH": str(ROOT)})
    out, log = open(tmp_path / f"{name}.json", "w"), open(tmp_path / f"{name}.log", "a")
    return subprocess.Popen([sys.executable, "-m", "ipwatch", "crawl", "--source", "bench-list", "--round", round_],
                            cwd=tmp_path, env=env, stdout=out, stderr=log, start_new_session=True)


def article_fetches(site, since: int = 0) -> Counter:
    return Counter(p for _, p, _ in site.site.log[since:] if p.startswith("/bench/a/"))


def test_two_workers_share_the_queue_and_store_each_page_once(store, settings, site, redis_url, tmp_path) -> None:
    cfg = make_config(tmp_path, site.base)
    site.site.latency = 0.1
    mark = len(site.site.log)
    procs = [worker(settings, cfg, site, redis_url, tmp_path, f"w{i}", "r1") for i in (1, 2)]
    for p in procs:
        assert p.wait(timeout=180) == 0, (tmp_path / "w1.log").read_text()[-3000:]
    stored = articles(store)
    assert len(stored) == PAGES                                      # none lost
    fetched = article_fetches(site, mark)
    assert len(fetched) == PAGES and max(fetched.values()) == 1      # each page fetched once by one worker
    results = [json.loads((tmp_path / f"w{i}.json").read_text()) for i in (1, 2)]
    assert sum(r["stored"] for r in results) == PAGES and all(r["stored"] > 0 for r in results), results
    lists = Counter(p for _, p, _ in site.site.log[mark:] if p.startswith("/bench/list"))
    assert max(lists.values()) == 1                                  # one shared dupefilter: each listing once


def test_a_worker_killed_mid_crawl_loses_nothing(store, settings, site, redis_url, tmp_path) -> None:
    cfg = make_config(tmp_path, site.base)
    site.site.latency = 0.25
    mark = len(site.site.log)
    a = worker(settings, cfg, site, redis_url, tmp_path, "a", "r2", claim_ttl=3)
    b = worker(settings, cfg, site, redis_url, tmp_path, "b", "r2", claim_ttl=3)
    try:
        deadline = time.time() + 90
        while time.time() < deadline and len(articles_while_crawling(store)) < 12:
            assert a.poll() is None, (tmp_path / "a.log").read_text()[-3000:]
            time.sleep(0.2)
        os.killpg(a.pid, signal.SIGKILL)                             # the worker and its crawl process
        a.wait()
        assert b.wait(timeout=180) == 0
    finally:
        for p in (a, b):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
    stored_before = set(articles(store))
    assert 12 <= len(stored_before) <= PAGES
    time.sleep(3.5)                                                  # the dead worker's claims lapse
    site.site.latency = 0.0
    restart = len(site.site.log)
    c = worker(settings, cfg, site, redis_url, tmp_path, "c", "r3", claim_ttl=3)  # the next round
    assert c.wait(timeout=180) == 0, (tmp_path / "c.log").read_text()[-3000:]
    after = articles(store)
    assert len(after) == PAGES                                       # nothing lost
    refetched = [p for p in article_fetches(site, restart) if site.url(p) in stored_before]
    assert refetched == []                                           # nothing stored is fetched again
    assert max(article_fetches(site, mark).values()) <= 2            # at most the dead worker's in-flight twice
