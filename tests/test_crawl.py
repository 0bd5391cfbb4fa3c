"""Crawlers end to end against the local fixture site and the real Elasticsearch.

One crawl of the three demo sources (search engine, RSS feed, penalty publicity) checks what a
user would see in the articles index; a second crawl must hand over nothing again; a crawl killed
with SIGKILL must resume without fetching again what it had stored.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from crawlers.urls import canonical_url
from ipwatch.context import AppContext
from ipwatch.settings import Settings
from ipwatch.store import doc_id

from tests.conftest import ROOT

SITE = ROOT / "tests" / "fixtures" / "site"
_spec = importlib.util.spec_from_file_location("fixture_site_server", SITE / "server.py")
server = importlib.util.module_from_spec(_spec)
sys.modules["fixture_site_server"] = server
_spec.loader.exec_module(server)  # type: ignore[union-attr]

TZ = ZoneInfo("Asia/Shanghai")
WATCHLIST = {
    "version": 1,
    "entities": [
        {"id": "hx-patent", "type": "institution", "kind": "patent_agency", "name": "北京华信知识产权代理有限公司",
         "aliases": ["华信知识产权"]},
        {"id": "tc-patent", "type": "institution", "kind": "patent_agency", "name": "青岛天成知识产权代理有限公司"},
    ],
}
BENCH_SOURCE = {
    "name": "bench-list", "type": "official", "enabled": False, "base_url": "http://127.0.0.1:1/",
    "record_type": "announcement", "list_urls": ["/bench/list?page=1"], "item": "tr.row",
    "link": "td a::attr(href)", "date": "td.date", "next_page": "a.next::attr(href)", "max_pages": 50,
    "require_mention": True,
}


@pytest.fixture(scope="module")
def site():
    # the slow page outlasts the download timeout twice over; the timeout itself leaves an ordinary page time to
    # arrive on a loaded 2-core CI machine (at 1.5 s a page timed out once, and its retry counted as a second fetch)
    with server.FixtureServer(slow_seconds=7.0, huge_bytes=3 * 1024 * 1024, bench_pages=60,
                              bench_per_list=10) as srv:
        yield srv


def make_config(tmp_path: Path, site_base: str) -> Path:
    cfg = tmp_path / "config"
    cfg.mkdir()
    (cfg / "settings.yaml").write_text((ROOT / "config" / "settings.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (cfg / "watchlist.yaml").write_text(yaml.safe_dump(WATCHLIST, allow_unicode=True), encoding="utf-8")
    sources = yaml.safe_load((ROOT / "config" / "sources.yaml").read_text(encoding="utf-8"))
    sources["sources"].append({**BENCH_SOURCE, "base_url": site_base + "/"})
    (cfg / "sources.yaml").write_text(yaml.safe_dump(sources, allow_unicode=True), encoding="utf-8")
    return cfg


@pytest.fixture
def app(settings: Settings, store, tmp_path: Path, site, monkeypatch) -> AppContext:
    cfg = make_config(tmp_path, site.base)
    monkeypatch.setenv("IPWATCH_SOURCES_BASE_URL", site.base + "/")
    s = settings.model_copy(update={
        "config_dir": cfg,
        "crawl": settings.crawl.model_copy(update={
            "download_timeout": 3.0, "download_maxsize": 1024 * 1024, "retry_times": 1, "autothrottle": False,
            "concurrent_per_domain": 8, "look_back_days": 7}),
    })
    a = AppContext(settings=s)
    a.__dict__["store"] = store
    return a


def articles(store) -> dict[str, dict]:
    store.refresh()
    res = store.search(store.ix.name("articles"), size=500, query={"match_all": {}})
    return {h["_source"]["canonical_url"]: h["_source"] | {"_index": h["_index"]} for h in res["hits"]["hits"]}


def articles_while_crawling(store) -> dict[str, dict]:
    """`articles` polled while another process writes: the month's index it creates on its first bulk
    request answers 503 until its shard has started (seen on a loaded 2-core CI machine); not yet is none."""
    from elasticsearch import ApiError

    try:
        return articles(store)
    except ApiError as exc:
        if exc.meta.status != 503:
            raise
        return {}


FAST = {"IPWATCH_BACKOFF_BASE": 0.1}


def test_crawl_demo_sources_end_to_end(app: AppContext, site) -> None:
    result = app_crawl(app, ["demo-news", "demo-feed", "demo-penalty"])
    print("first crawl", result)
    assert "error" not in result, result
    docs = articles(app.store)
    u = site.url
    expected = {u("/news/hx-penalty.html"), u("/news/hx-credit.wrongcs.html"), u("/mirror/hx-penalty-repost.html"),
                u("/news/malformed.html"), u("/flaky/429.html"), u("/news/tc-fine.nocs.html"),
                u("/penalty/detail-101.html"), u("/penalty/detail-102.html")}
    assert set(docs) == expected, sorted(set(docs) ^ expected)
    assert result["stored"] == len(expected)

    # a UTF-8 article reached through a tracking-parameter link: clean fields, canonical id, monthly index
    a = docs[u("/news/hx-penalty.html")]
    today = datetime.now(TZ)
    assert a["id"] == doc_id(a["canonical_url"])
    assert a["title"] == "北京华信知识产权代理有限公司因代理违规被罚款5万元"
    assert a["published_at"] == (today - timedelta(days=1)).strftime("%Y-%m-%dT10:30:00+08:00")
    assert a["published_at_source"] == "page"
    assert a["author"] == "张伟、李娜" and a["outlet"] == "示例日报" and a["outlet_domain"] == "127.0.0.1"
    assert a["source"] == "demo-news" and a["source_type"] == "news" and a["query_entity"] == "hx-patent"
    assert a["text"].startswith("本报讯 近日，北京市知识产权局") and "责任编辑" not in a["text"]
    assert "相关新闻" not in a["text"] and "版权所有" not in a["text"]
    assert "华信" in a["title_seg"].split() or "北京华信" in a["title_seg"]
    assert a["analysis"] == {"status": "pending"}
    assert a["_index"] == app.store.ix.article_index(datetime.fromisoformat(a["published_at"]))

    # the repost is kept, linked to the first copy, with its own outlet
    r = docs[u("/mirror/hx-penalty-repost.html")]
    assert r["outlet"] == "转载财经网"
    assert {r["duplicate_of"], a["duplicate_of"]} == {a["id"], None} or \
        {r["duplicate_of"], a["duplicate_of"]} == {None, r["id"]}
    assert result["near_duplicates"] == 1

    # GBK with only a <meta> charset, and GBK behind a wrong `charset=utf-8` header
    assert docs[u("/news/tc-fine.nocs.html")]["title"] == "青岛天成知识产权代理有限公司虚假宣传被罚3万元"
    credit = docs[u("/news/hx-credit.wrongcs.html")]
    assert credit["title"] == "华信知识产权信用评价等级下调 平台启动复核" and credit["author"] == "陈明"
    assert "信用评价等级由A级下调至B级" in credit["text"]
    assert "华信" in docs[u("/news/malformed.html")]["title"]

    # official record: structured fields kept
    rec = docs[u("/penalty/detail-101.html")]
    assert rec["source_type"] == "official"
    assert rec["record"] == {
        "record_type": "administrative_penalty", "decision_no": "京知执罚字〔2026〕18号",
        "party": "北京华信知识产权代理有限公司", "party_uscc": "91110108MA01ABCD5X",
        "authority": "北京市知识产权局", "decision_date": (today - timedelta(days=3)).date().isoformat(),
        "penalty": "警告，罚款人民币5万元", "amount_yuan": 50000.0,
    }
    assert docs[u("/penalty/detail-102.html")]["record"]["amount_yuan"] == 30000.0

    # politeness and robustness, as seen from the server
    hits = site.site.hits
    t429 = hits("/flaky/429.html")
    # Retry-After: 1 honoured. A third GET may follow at once: Twisted's connection pool re-sends an
    # idempotent request once when a reused keep-alive connection drops before the answer (seen once in
    # CI under load, 0.04 s after the retry); Scrapy's own retries are spent by then (RETRY_TIMES = 1)
    assert 2 <= len(t429) <= 3 and t429[1] - t429[0] >= 0.95
    assert len(hits("/err/500.html")) == 2                        # retried once (retry_times=1), then given up
    assert hits("/private/secret.html") == []                     # robots.txt
    assert hits("/never-fetched.html") == [] and not [p for _, p, _ in site.site.log if "page=5" in p]
    assert 1 <= len(hits("/loop/a")) <= 6                         # redirect loop cut
    assert len(hits("/news/hx-penalty.html")) == 1                # one fetch despite several links
    for skipped in ("/huge.html", "/slow.html", "/files/annual-report.pdf", "/news/unrelated.html",
                    "/news/old.html", "/penalty/detail-103.html"):
        assert u(skipped) not in docs
    assert result["skipped_non_html"] >= 1 and result["irrelevant"] >= 2 and result["robots_forbidden"] >= 1

    # a second crawl hands nothing over again and does not fetch the stored articles again
    before = len(site.site.log)
    again = app_crawl(app, ["demo-news", "demo-feed", "demo-penalty"])
    assert again["stored"] == 0 and again["skipped_seen"] >= 6
    refetched = [p for _, p, _ in site.site.log[before:] if canonical_url(u(p)) in docs]
    assert refetched == []
    assert len(articles(app.store)) == len(expected)


def app_crawl(app: AppContext, sources: list[str]) -> dict:
    from crawlers.jobs import crawl

    return crawl(app, sources, timeout=120, extra_settings=FAST)


def test_crawl_resumes_after_sigkill(app: AppContext, site, tmp_path: Path) -> None:
    """`scrapy crawl` killed with SIGKILL; the next crawl fetches only what was not stored."""
    site.site.latency = 0.15
    s = app.settings
    env = {**os.environ, "IPWATCH_CONFIG_DIR": str(s.config_dir), "IPWATCH_ES__URL": s.es.url,
           "IPWATCH_ES__INDEX_PREFIX": s.es.index_prefix, "IPWATCH_SPOOL__DIR": str(s.spool.dir),
           "IPWATCH_CRAWL__STATE_DIR": str(s.crawl.state_dir), "IPWATCH_CRAWL__AUTOTHROTTLE": "false",
           "IPWATCH_CRAWL__CONCURRENT_PER_DOMAIN": "2", "IPWATCH_LOGGING__LEVEL": "WARNING"}
    proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "scrapy"), "crawl", "official", "-a", "sources=bench-list",
                             "-s", "IPWATCH_BATCH_SIZE=4"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 60
        while time.time() < deadline and len(articles_while_crawling(app.store)) < 12:
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    # a bulk request the killed process had sent is indexed a moment later: count once the store is still
    stored_before = set(articles(app.store))
    for _ in range(20):
        time.sleep(0.5)
        now = set(articles(app.store))
        if now == stored_before:
            break
        stored_before = now
    assert 12 <= len(stored_before) < 60
    kill_mark = len(site.site.log)

    site.site.latency = 0.0
    result = app_crawl(app, ["bench-list"])
    after = articles(app.store)
    assert len(after) == 60
    refetched = [p for _, p, _ in site.site.log[kill_mark:] if site.url(p) in stored_before]
    assert refetched == []
    assert result["stored"] == 60 - len(stored_before)
    assert result["skipped_seen"] >= len(stored_before)


def test_a_full_spool_is_a_store_error_and_the_pages_are_fetched_again(app: AppContext, site, tmp_path: Path) -> None:
    """Elasticsearch down and no room in the spool: nothing counts as stored, every refused page is a
    store error, and none is marked seen, so the next crawl (with the node back) stores them all."""
    s = app.settings
    down = s.model_copy(update={"es": s.es.model_copy(update={"url": "http://127.0.0.1:9", "max_retries": 0,
                                                              "request_timeout": 1.0}),
                                "spool": s.spool.model_copy(update={"max_bytes": 64})})
    dead = AppContext(settings=down)
    result = app_crawl(dead, ["demo-news"])
    assert result.get("stored", 0) == 0 and result.get("spooled", 0) == 0
    assert result["store_errors"] >= 3, result
    again = app_crawl(app, ["demo-news"])
    assert again["stored"] == result["store_errors"], again


def test_a_crawl_from_a_terminal_shows_its_pages_as_they_come(app: AppContext, site, monkeypatch) -> None:
    """The crawl process reports its running counts about every second; the bar's count only grows and
    ends at the pages the crawl fetched, with the articles stored beside it."""
    import io

    from crawlers import jobs
    from ipwatch import progress

    seen: list[tuple[int, str]] = []
    bars = []

    class Watched(io.StringIO):
        def isatty(self) -> bool:
            return True

    def make_bar(enabled, *a, **k):
        bar = progress.make_bar(enabled, *a, file=Watched(), **k)
        bars.append(bar)
        return bar

    def advance_to(bar, n, **postfix):
        progress.advance_to(bar, n, **postfix)
        seen.append((bar.n, bar.postfix))

    monkeypatch.setattr(jobs, "make_bar", make_bar)
    monkeypatch.setattr(jobs, "advance_to", advance_to)
    site.site.latency = 0.1
    try:
        result = jobs.crawl(app, ["bench-list"], timeout=120, progress=None,
                            extra_settings={**FAST, "CONCURRENT_REQUESTS_PER_DOMAIN": 2})
    finally:
        site.site.latency = 0.0
    assert "error" not in result, result
    assert len(bars) == 1 and bars[0] is not None
    assert len(seen) >= 2, seen                                   # while it ran, not only at its end
    counts = [n for n, _ in seen]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    assert bars[0].n == result["responses"] and result["stored"] == 60
    assert seen[-1][1] == f"stored={result['stored']}, errors=0"
