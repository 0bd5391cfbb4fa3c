"""Scale-out figures: crawl throughput with 1, 2 and 4 crawl workers sharing one scrapy-redis queue, and
analysis throughput through the Redis work stream against one process on the same data.

Needs the local Elasticsearch (scripts/elasticsearch.sh start) and starts its own Redis with
scripts/redis.sh on --redis-port (default 6392, data under /tmp). The crawl part serves the fixture
site's benchmark pages (tests/fixtures/site, `/bench/`) on 127.0.0.1 with --latency seconds per
response (a realistic remote site: 0.3 s) and runs each worker as `ipwatch crawl --round R` in its own
process with its own state folder, as separate hosts would; throughput = article pages stored / seconds
from the first page fetched to the last (process start-up is reported apart). The analysis part stores
--articles pending articles and analyses them with a stand-in model of --model-ms per article, once with
`analyze_pending` in one process and once through the stream (`nlp.distributed.work`, 1 and 2 workers).

    .venv/bin/python benchmarks/scale.py                      # both parts, about two minutes
    .venv/bin/python benchmarks/scale.py --only crawl --pages 200 --latency 0.3
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ipwatch.context import AppContext  # noqa: E402
from ipwatch.settings import load_settings  # noqa: E402
from ipwatch.store import Store  # noqa: E402


def _site_module():
    spec = importlib.util.spec_from_file_location("fixture_site_server", ROOT / "tests" / "fixtures" / "site" / "server.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["fixture_site_server"] = mod
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def _redis(port: int, cmd: str, tmp: Path) -> None:
    env = {**os.environ, "IPWATCH_REDIS_PORT": str(port), "IPWATCH_REDIS_DIR": str(tmp / "redis")}
    subprocess.run([str(ROOT / "scripts" / "redis.sh"), cmd], check=True, env=env)


def _config(tmp: Path, site_base: str) -> Path:
    import yaml

    cfg = tmp / "config"
    cfg.mkdir(exist_ok=True)
    (cfg / "settings.yaml").write_text((ROOT / "config" / "settings.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (cfg / "watchlist.yaml").write_text(yaml.safe_dump({"version": 1, "entities": [
        {"id": "hx-patent", "type": "institution", "kind": "patent_agency", "name": "北京华信知识产权代理有限公司",
         "aliases": ["华信知识产权"]}]}, allow_unicode=True), encoding="utf-8")
    (cfg / "sources.yaml").write_text(yaml.safe_dump({"sources": [{
        "name": "bench-list", "type": "official", "enabled": True, "base_url": site_base + "/",
        "record_type": "announcement", "list_urls": ["/bench/list?page=1"], "item": "tr.row",
        "link": "td a::attr(href)", "date": "td.date", "next_page": "a.next::attr(href)", "max_pages": 1000,
        "require_mention": True}]}, allow_unicode=True), encoding="utf-8")
    return cfg


def crawl_run(n: int, args: argparse.Namespace, site, cfg: Path, redis_url: str, tmp: Path) -> dict:
    prefix = f"bench-scale-{uuid.uuid4().hex[:8]}"
    settings = load_settings(cfg, env={"IPWATCH_ES__INDEX_PREFIX": prefix, "IPWATCH_ES__URL": args.es_url})
    store = Store(settings)
    store.setup()
    mark = len(site.site.log)
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPWATCH_")}
    env.update({"IPWATCH_CONFIG_DIR": str(cfg), "IPWATCH_ES__URL": args.es_url, "IPWATCH_ES__INDEX_PREFIX": prefix,
                "IPWATCH_CRAWL__AUTOTHROTTLE": "false", "IPWATCH_CRAWL__CONCURRENT_PER_DOMAIN": str(args.per_worker),
                "IPWATCH_CRAWL__REDIS_URL": redis_url, "IPWATCH_LOGGING__LEVEL": "WARNING",
                "NO_PROXY": "127.0.0.1", "PYTHONPATH": str(ROOT)})
    started = time.monotonic()
    procs = []
    for i in range(n):
        w = tmp / f"{prefix}-w{i}"
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "ipwatch", "crawl", "--source", "bench-list", "--round", prefix],
            cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env={**env, "IPWATCH_SPOOL__DIR": str(w / "spool"), "IPWATCH_CRAWL__STATE_DIR": str(w / "crawl")}))
    stored = 0
    for p in procs:
        out, _ = p.communicate(timeout=900)
        stored += json.loads(out)["stored"]
    wall = time.monotonic() - started
    times = [t for t, path, _ in site.site.log[mark:] if path.startswith("/bench/")]
    span = max(times) - min(times)
    store.es.options(ignore_status=404).indices.delete(index=f"{prefix}-*", expand_wildcards="all")
    store.es.options(ignore_status=404).indices.delete_index_template(name=f"{prefix}-*")
    store.es.options(ignore_status=404).cluster.delete_component_template(name=f"{prefix}-*")
    return {"workers": n, "stored": stored, "seconds": round(span, 2), "wall_seconds": round(wall, 2),
            "pages_per_second": round(stored / span, 2)}


def bench_crawl(args: argparse.Namespace, redis_url: str, tmp: Path) -> list[dict]:
    server = _site_module()
    out = []
    with server.FixtureServer(latency=args.latency, bench_pages=args.pages, bench_per_list=20) as site:
        cfg = _config(tmp, site.base)
        for n in args.workers:
            r = crawl_run(n, args, site, cfg, redis_url, tmp)
            out.append(r)
            print(f"crawl  {n} worker(s): {r['stored']} pages in {r['seconds']} s = {r['pages_per_second']} pages/s "
                  f"(wall {r['wall_seconds']} s with start-up)", flush=True)
    base = out[0]["pages_per_second"]
    for r in out[1:]:
        print(f"crawl  ratio {r['workers']} workers / 1 worker: {r['pages_per_second'] / base:.2f}", flush=True)
    return out


class StandIn:
    """A model of fixed cost per article (--model-ms), releasing the GIL like torch does."""

    def __init__(self, ms: float):
        self.ms = ms

    def analyze(self, articles: list[dict]) -> list[dict]:
        time.sleep(self.ms / 1000 * len(articles))
        return [{"status": "done", "model": "stand-in", "sentiment": "neutral", "risk_types": [], "entity_ids": [],
                 "severity": 0.0} for _ in articles]


def bench_analysis(args: argparse.Namespace, redis_url: str) -> dict:
    from nlp.distributed import analysis_queue, enqueue_pending, work
    from nlp.jobs import analyze_pending

    def fresh() -> AppContext:
        s = load_settings(ROOT / "config", env={"IPWATCH_ES__INDEX_PREFIX": f"bench-scale-{uuid.uuid4().hex[:8]}",
                                                "IPWATCH_ES__URL": args.es_url})
        app = AppContext(settings=s)
        app.store.setup()
        ix = app.store.ix.article_index(datetime(2026, 11, 1))
        for start in range(0, args.articles, 500):
            app.store.write([{"_index": ix, "_id": f"a{i:05d}", "_source": {"id": f"a{i:05d}", "title": f"第{i}篇",
                              "text": "正文。" * 50, "analysis": {"status": "pending"}}}
                             for i in range(start, min(args.articles, start + 500))])
        app.store.refresh()
        return app

    def drop(app: AppContext) -> None:
        es, p = app.store.es, app.store.ix.prefix
        es.options(ignore_status=404).indices.delete(index=f"{p}-*", expand_wildcards="all")
        es.options(ignore_status=404).indices.delete_index_template(name=f"{p}-*")
        es.options(ignore_status=404).cluster.delete_component_template(name=f"{p}-*")

    res = {}
    app = fresh()
    t = time.monotonic()
    n = analyze_pending(app, analyzer=StandIn(args.model_ms))["analyzed"]
    res["one_process"] = round(n / (time.monotonic() - t), 1)
    drop(app)
    print(f"analysis one process: {res['one_process']} articles/s", flush=True)
    for workers in (1, 2):
        app = fresh()
        t = time.monotonic()
        q = analysis_queue(app, redis_url)
        enqueue_pending(app, q, per_message=32)
        totals: list[dict] = []
        threads = [threading.Thread(target=lambda i=i: totals.append(work(
            app, analysis_queue(app, redis_url, consumer=f"bench-{i}"), StandIn(args.model_ms), threading.Event(),
            batch=1, idle_exit=1.0))) for i in range(workers)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        secs = time.monotonic() - t - 1.0                  # less the idle wait before the workers stop
        done = sum(x["analyzed"] for x in totals)
        res[f"stream_{workers}"] = round(done / secs, 1)
        drop(app)
        print(f"analysis {workers} stream worker(s): {res[f'stream_{workers}']} articles/s "
              f"({res[f'stream_{workers}'] / workers:.1f} per worker)", flush=True)
    overhead = 1 - res["stream_1"] / res["one_process"]
    print(f"analysis coordination overhead of one stream worker against one process: {overhead:.1%}", flush=True)
    res["overhead"] = round(overhead, 3)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=["crawl", "analysis"])
    ap.add_argument("--es-url", default=os.environ.get("IPWATCH_ES__URL", "http://127.0.0.1:9200"))
    ap.add_argument("--redis-port", type=int, default=6392)
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--latency", type=float, default=0.3, help="seconds per response of the local site")
    ap.add_argument("--per-worker", type=int, default=2, help="concurrent requests per worker to the site")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--model-ms", type=float, default=5.0, help="stand-in model cost per article")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ipwatch-scale-") as d:
        tmp = Path(d)
        _redis(args.redis_port, "start", tmp)
        url = f"redis://127.0.0.1:{args.redis_port}/0"
        try:
            result = {}
            if args.only in (None, "crawl"):
                result["crawl"] = bench_crawl(args, url, tmp)
            if args.only in (None, "analysis"):
                result["analysis"] = bench_analysis(args, url)
            print(json.dumps(result))
        finally:
            _redis(args.redis_port, "stop", tmp)


if __name__ == "__main__":
    main()
