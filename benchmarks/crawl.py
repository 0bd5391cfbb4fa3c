"""Crawl throughput: ipwatch's spider vs a bare Scrapy spider fetching the same pages, same run.

Serves the fixture site's benchmark section (a paginated list of N article pages, each a
realistic ~2 KB Chinese article) on 127.0.0.1 from a separate process, then runs, each in a fresh
process and with the same Scrapy politeness settings:

* bare     — a minimal `scrapy.Spider` that follows the list and fetches every article, doing nothing;
* ipwatch  — the `official` spider on a list source: seen-set, encoding detection, extraction,
             entity filter, MinHash near-dup, jieba segmentation and bulk writes to Elasticsearch.

pages/s = responses / crawl time (Scrapy's elapsed_time_seconds); the runs alternate and the
medians are compared. Prints the ratio.

    .venv/bin/python benchmarks/crawl.py                      # project defaults: 2 per domain, 100 ms server latency
    .venv/bin/python benchmarks/crawl.py --per-domain 16 --latency 0   # unthrottled: CPU-bound
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 15) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"fixture server did not start on port {port}")


# --- children -------------------------------------------------------------------------------
def child_bare(base: str, per_domain: int, concurrency: int) -> dict:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    class Bare(scrapy.Spider):
        name = "bare"

        async def start(self):  # noqa: ANN201
            yield scrapy.Request(base + "/bench/list?page=1", callback=self.parse)

        def parse(self, response):  # noqa: ANN001, ANN201
            for href in response.css("tr.row td a::attr(href)").getall():
                yield response.follow(href, callback=self.article)
            nxt = response.css("a.next::attr(href)").get()
            if nxt:
                yield response.follow(nxt, callback=self.parse)

        def article(self, response):  # noqa: ANN001, ANN201
            return None

    proc = CrawlerProcess({"LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": True, "CONCURRENT_REQUESTS": concurrency,
                           "CONCURRENT_REQUESTS_PER_DOMAIN": per_domain, "AUTOTHROTTLE_ENABLED": False,
                           "TELNETCONSOLE_ENABLED": False, "COOKIES_ENABLED": False,
                           "USER_AGENT": "ipwatch-bench"})
    crawler = proc.create_crawler(Bare)
    proc.crawl(crawler)
    proc.start()
    st = crawler.stats.get_stats()
    return {"responses": st.get("downloader/response_count", 0), "seconds": st["elapsed_time_seconds"], "stored": 0}


def child_ipwatch(base: str, per_domain: int, concurrency: int, work: Path) -> dict:
    import yaml

    from crawlers.jobs import run_in_process
    from ipwatch.settings import load_settings
    from ipwatch.store import Store
    from ipwatch.watchlist import load_watchlist

    cfg = work / "config"
    cfg.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "config" / "settings.yaml", cfg / "settings.yaml")
    (cfg / "watchlist.yaml").write_text(yaml.safe_dump({"version": 1, "entities": [
        {"id": "hx-patent", "type": "institution", "kind": "patent_agency", "name": "北京华信知识产权代理有限公司"}]},
        allow_unicode=True), encoding="utf-8")
    (cfg / "sources.yaml").write_text(yaml.safe_dump({"version": 1, "sources": [{
        "name": "bench-list", "type": "official", "base_url": base + "/", "record_type": "announcement",
        "list_urls": ["/bench/list?page=1"], "item": "tr.row", "link": "td a::attr(href)", "date": "td.date",
        "next_page": "a.next::attr(href)", "max_pages": 1000, "require_mention": True}]}, allow_unicode=True),
        encoding="utf-8")
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    s = load_settings(cfg, env={**os.environ, "IPWATCH_ES__INDEX_PREFIX": prefix,
                                "IPWATCH_CRAWL__STATE_DIR": str(work / "state"),
                                "IPWATCH_SPOOL__DIR": str(work / "spool"), "IPWATCH_LOGGING__LEVEL": "WARNING",
                                "IPWATCH_CRAWL__AUTOTHROTTLE": "false",
                                "IPWATCH_CRAWL__CONCURRENT_PER_DOMAIN": str(per_domain),
                                "IPWATCH_CRAWL__CONCURRENT_REQUESTS": str(concurrency)})
    store = Store(s)
    store.setup()
    from datetime import datetime, timedelta

    for when in {datetime.now(), datetime.now() - timedelta(days=2)}:  # a deployment has this month's index
        store.es.options(ignore_status=400).indices.create(index=store.ix.article_index(when))
    try:
        out = run_in_process(s, load_watchlist(cfg / "watchlist.yaml"), {"official": ["bench-list"]},
                             extra={"LOG_LEVEL": "WARNING"})
        st = out["spiders"]["official"]
        store.refresh()
        n = store.es.count(index=store.ix.name("articles"))["count"]
        return {"responses": st["responses"], "seconds": st["elapsed_seconds"], "stored": n}
    finally:
        store.es.options(ignore_status=404).indices.delete(index=f"{prefix}-*", expand_wildcards="all")
        store.es.options(ignore_status=404).indices.delete_index_template(name=f"{prefix}-*")
        store.es.options(ignore_status=404).cluster.delete_component_template(name=f"{prefix}-*")


def run_child(kind: str, base: str, args: argparse.Namespace, work: Path) -> dict:
    out = work / f"{kind}.json"
    cmd = [sys.executable, __file__, "--child", kind, "--base", base, "--per-domain", str(args.per_domain),
           "--concurrency", str(args.concurrency), "--work", str(work), "--out", str(out)]
    subprocess.run(cmd, check=True, cwd=ROOT)
    return json.loads(out.read_text())


def main() -> None:
    ap = argparse.ArgumentParser(description="ipwatch crawl throughput vs bare Scrapy")
    ap.add_argument("--pages", type=int, default=200, help="article pages (plus list pages, 20 per list)")
    ap.add_argument("--latency", type=float, default=0.1, help="server latency per response, seconds")
    ap.add_argument("--per-domain", type=int, default=2, help="CONCURRENT_REQUESTS_PER_DOMAIN for both")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds; the median of each is compared")
    ap.add_argument("--child"), ap.add_argument("--base"), ap.add_argument("--work"), ap.add_argument("--out")
    args = ap.parse_args()
    if args.child:
        work = Path(args.work) / uuid.uuid4().hex[:6]
        res = child_bare(args.base, args.per_domain, args.concurrency) if args.child == "bare" else \
            child_ipwatch(args.base, args.per_domain, args.concurrency, work)
        Path(args.out).write_text(json.dumps(res))
        return
    port = free_port()
    server = subprocess.Popen([sys.executable, str(ROOT / "tests" / "fixtures" / "site" / "server.py"), "--port",
                               str(port), "--latency", str(args.latency), "--bench-pages", str(args.pages)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    work = Path(tempfile.mkdtemp(prefix="ipwatch-bench-"))
    try:
        wait_port(port)
        base = f"http://127.0.0.1:{port}"
        runs: dict[str, list[float]] = {"bare": [], "ipwatch": []}
        for r in range(args.rounds):
            for kind in ("bare", "ipwatch"):
                res = run_child(kind, base, args, work)
                res["pages_per_s"] = res["responses"] / res["seconds"] if res["seconds"] else 0.0
                print(f"round {r + 1} {kind:8s} {res['responses']:5d} responses in {res['seconds']:6.2f}s = "
                      f"{res['pages_per_s']:7.1f} pages/s" + (f", {res['stored']} stored" if kind == "ipwatch" else ""))
                runs[kind].append(res["pages_per_s"])
        med = {k: statistics.median(v) for k, v in runs.items()}
        ratio = med["ipwatch"] / med["bare"]
        print(f"settings: {args.pages} articles, server latency {args.latency * 1000:.0f} ms, "
              f"{args.per_domain} per domain, {args.concurrency} total")
        print(f"median of {args.rounds}: bare scrapy {med['bare']:.1f} pages/s, ipwatch {med['ipwatch']:.1f} pages/s")
        print(f"ratio ipwatch/bare = {ratio:.2f} (goal >= 0.90)")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
