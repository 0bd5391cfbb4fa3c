"""`ipwatch demo`: the whole pipeline, offline, against a bundled scenario.

Serves `demo/scenario.yaml` as a small news site, a search engine, an RSS feed and a penalty
publicity list on 127.0.0.1 (a free port), starts a local webhook receiver as the alert sink, and
runs the daemon's jobs once each, in pipeline order, through the daemon's own job runner (leader
lock, job state, metrics): crawl → analyse → merge events and rate → evaluate alerts and open
duties → duty reminders → deliver the outbox. It prints a summary and leaves the data in
Elasticsearch under the index prefix `ipwatch-demo` (see it in Kibana with
`ipwatch kibana import --prefix ipwatch-demo`). Nothing is sent outside 127.0.0.1: the demo's
configuration keeps only the local demo sources and routes every alert to the local sink.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit
from zoneinfo import ZoneInfo

import click
import yaml

from crawlers.jobs import crawl
from ipwatch.context import AppContext, pass_app
from ipwatch.errors import IpwatchError
from ipwatch.job import JobContext, JobResult
from ipwatch.shell.daemon import Daemon
from ipwatch.shell.jobs import JobSpec, pipeline
from nlp.jobs import load_analyzer
from ipwatch.settings import PROJECT_ROOT, Settings, load_settings

log = logging.getLogger("ipwatch.demo")

TZ = ZoneInfo("Asia/Shanghai")
DEFAULT_PREFIX = "ipwatch-demo"
DEMO_SOURCES = ("demo-news", "demo-feed", "demo-penalty")
PAGE_SIZE = 10
_PLACEHOLDER = re.compile(r"\{\{([dh])-(\d+)\|([^}]*)\}\}")


def demo_dir(settings: Settings | None = None) -> Path:
    """`demo/` of the deployment (base_dir), else of the source tree."""
    if settings is not None and (settings.base_dir / "demo" / "scenario.yaml").exists():
        return settings.base_dir / "demo"
    return PROJECT_ROOT / "demo"


# --- the scenario site -------------------------------------------------------------------------

@dataclass
class Scenario:
    data: dict[str, Any]
    now: datetime = field(default_factory=lambda: datetime.now(TZ))
    phase: int = 99        # entries with a later `phase` are not on the site yet

    @classmethod
    def load(cls, path: Path, now: datetime | None = None) -> Scenario:
        return cls(yaml.safe_load(path.read_text(encoding="utf-8")), (now or datetime.now(TZ)).astimezone(TZ))

    def _live(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [x for x in items if x.get("phase", 1) <= self.phase]

    @property
    def articles(self) -> list[dict[str, Any]]:
        return self._live(self.data["articles"])

    @property
    def penalties(self) -> dict[str, Any]:
        return {**self.data["penalties"], "records": self._live(self.data["penalties"]["records"])}

    @property
    def phases(self) -> list[int]:
        return sorted({x.get("phase", 1) for x in self.data["articles"] + self.data["penalties"]["records"]})

    def when(self, a: dict[str, Any]) -> datetime:
        return (self.now - timedelta(hours=a["hours_ago"])).replace(second=0, microsecond=0)

    def render(self, text: str) -> str:
        def sub(m: re.Match[str]) -> str:
            delta = timedelta(days=int(m.group(2))) if m.group(1) == "d" else timedelta(hours=int(m.group(2)))
            return (self.now - delta).strftime(m.group(3))
        return _PLACEHOLDER.sub(sub, text)

    def article_page(self, a: dict[str, Any]) -> str:
        e = html.escape
        when = self.when(a)
        paras = "\n".join(f"<p>{e(self.render(p))}</p>" for p in a["paragraphs"])
        return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
                f'<title>{e(a["title"])} - {e(a["outlet"])}</title>\n'
                f'<meta property="og:site_name" content="{e(a["outlet"])}">'
                f'<meta name="author" content="{e(a.get("author", ""))}">'
                f'<meta property="article:published_time" content="{when.isoformat()}"></head>\n<body>'
                f'<div class="nav"><a href="/">{e(a["outlet"])}首页</a> <a href="/news/">新闻</a> '
                f'<a href="/finance/">财经</a> <a href="/legal/">法治</a></div>\n'
                f'<div id="article"><h1>{e(a["title"])}</h1>\n'
                f'<p class="meta"><span class="time">{when:%Y-%m-%d %H:%M}</span> '
                f'<span class="source">来源：{e(a["outlet"])}</span> <span class="author">作者：{e(a.get("author", ""))}</span></p>\n'
                f'<div class="content">\n{paras}\n</div></div>\n'
                f'<div class="foot">{e(a["outlet"])} 版权所有 未经授权不得转载</div></body></html>\n')

    def ago(self, a: dict[str, Any]) -> str:
        h = a["hours_ago"]
        return f"{h}小时前" if h < 24 else f"{h // 24}天前"

    def search(self, q: str, page: int) -> str:
        q = q.strip().strip('"“”')
        hits = [a for a in sorted(self.articles, key=lambda a: a["hours_ago"])
                if q and (q in a["title"] or any(q in p for p in a["paragraphs"]))]
        pages = max(1, -(-len(hits) // PAGE_SIZE))
        shown = hits[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        e = html.escape
        items = "\n".join(
            f'<div class="result c-container"><h3 class="t"><a href="{e(a["path"])}" target="_blank">{e(a["title"])}</a>'
            f'</h3><div class="c-abstract">{e(a["paragraphs"][0][:80])}……</div><div class="c-info">'
            f'<span class="c-src">{e(a["outlet"])}</span> <span class="c-time">{self.ago(a)}</span></div></div>'
            for a in shown)
        nxt = f'<a class="n" href="/search?q={quote(q)}&amp;page={page + 1}">下一页&gt;</a>' if page < pages else ""
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{e(q)}_资讯搜索</title></head>'
                f'<body><div id="head"><form action="/search"><input name="q" value="{e(q)}"></form></div>'
                f'<div id="content_left">{items or "<p class=nores>抱歉，没有找到相关结果</p>"}</div>'
                f'<div id="page">{nxt}</div></body></html>')

    def feed(self) -> str:
        e = html.escape
        items = "".join(
            f"<item><title>{e(a['title'])}</title><link>{e(a['path'])}</link>"
            f"<pubDate>{format_datetime(self.when(a))}</pubDate>"
            f"<description>{e(a['paragraphs'][0][:120])}</description></item>\n"
            for a in sorted(self.articles, key=lambda a: a["hours_ago"]) if a.get("feed"))
        return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                f'<title>{e(self.data.get("site_name", "示例新闻网"))} 知识产权频道</title><link>/news/</link>'
                f'<description>知识产权新闻</description>\n{items}</channel></rss>\n')

    def penalty_list(self) -> str:
        p = self.penalties
        e = html.escape
        rows = "\n".join(
            f'<tr class="row"><td><a href="{e(r["path"])}" target="_blank">{e(r["title"])}</a></td>'
            f'<td class="date">{(self.now - timedelta(days=r["days_ago"])):%Y-%m-%d}</td></tr>'
            for r in p["records"])
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{e(p["list_title"])}_{e(p["authority"])}</title>'
                f'</head><body><div class="header">{e(p["authority"])} 信息公开 &gt; {e(p["list_title"])}</div>'
                f'<table class="list"><tr><th>标题</th><th>公示日期</th></tr>\n{rows}\n</table>'
                f'<div class="pager"></div></body></html>')

    def penalty_detail(self, r: dict[str, Any]) -> str:
        e = html.escape
        rows = "\n".join(f"<tr><th>{e(k)}</th><td>{e(self.render(str(v)))}</td></tr>" for k, v in r["fields"].items())
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{e(r["title"])}_{e(self.penalties["authority"])}'
                f'</title></head><body><div class="header">信息公开 &gt; 行政处罚公示</div><h1>{e(r["title"])}</h1>'
                f'<table class="detail">\n{rows}\n</table><div class="footer">公示日期：'
                f'{(self.now - timedelta(days=r["days_ago"])):%Y-%m-%d}</div></body></html>')

    def route(self, raw_path: str) -> tuple[int, str, str]:
        parts = urlsplit(raw_path)
        path, qs = parts.path, parse_qs(parts.query)
        htm = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", "User-agent: *\nAllow: /\n"
        if path == "/search":
            try:
                page = max(1, int(qs.get("page", ["1"])[0] or 1))
            except ValueError:
                page = 1
            return 200, htm, self.search(qs.get("q", [""])[0], page)
        if path == "/feeds/news.xml":
            return 200, "application/rss+xml; charset=utf-8", self.feed()
        if path == "/penalty/list.html":
            return 200, htm, self.penalty_list()
        for r in self.penalties["records"]:
            if r["path"] == path:
                return 200, htm, self.penalty_detail(r)
        for a in self.articles:
            if a["path"] == path:
                return 200, htm, self.article_page(a)
        if path == "/":
            links = "".join(f'<li><a href="{html.escape(a["path"])}">{html.escape(a["title"])}</a></li>'
                            for a in self.articles)
            return 200, htm, f'<html><head><meta charset="utf-8"><title>示例新闻网</title></head><body><ul>{links}</ul></body></html>'
        return 404, htm, "<h1>404 Not Found</h1>"


class _Server:
    def __init__(self, handler: type[BaseHTTPRequestHandler]):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class DemoSite(_Server):
    """The scenario as a web site on 127.0.0.1 (a free port)."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                outer.requests.append(self.path)
                code, ctype, body = outer.scenario.route(self.path)
                data = body.encode("utf-8")
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_HEAD = do_GET  # noqa: N815

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(Handler)


class AlertSink(_Server):
    """A local webhook receiver standing in for mail / DingTalk / WeCom."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.keys: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    msg = json.loads(body or b"{}")
                except ValueError:
                    msg = {"raw": body.decode("utf-8", "replace")}
                key = self.headers.get("Idempotency-Key") or msg.get("idempotency_key") or ""
                if key not in outer.keys:          # a repeated delivery is acknowledged, not kept twice
                    outer.keys.append(key)
                    outer.received.append(msg)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "11")
                self.end_headers()
                self.wfile.write(b'{"ok":true}')

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(Handler)


# --- configuration for the run -------------------------------------------------------------------

def write_demo_config(src: Path, dst: Path, site_url: str, sink_url: str) -> None:
    """Copy config/ to `dst` with only the demo sources (pointed at the site) and one local sink."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("settings.yaml", "watchlist.yaml", "scoring.yaml"):
        if (src / name).exists():
            shutil.copy(src / name, dst / name)
    sources = yaml.safe_load((src / "sources.yaml").read_text(encoding="utf-8")) or {}
    demo = [dict(s) for s in sources.get("sources", []) if s.get("name") in DEMO_SOURCES]
    missing = set(DEMO_SOURCES) - {s["name"] for s in demo}
    if missing:
        raise IpwatchError(f"{src / 'sources.yaml'} lacks the demo source(s) {', '.join(sorted(missing))}")
    for s in demo:
        s.update(enabled=True, base_url=site_url + "/", delay=0)
        s.pop("proxy", None)
    (dst / "sources.yaml").write_text(yaml.safe_dump({"version": sources.get("version", 1), "sources": demo},
                                                     allow_unicode=True, sort_keys=False), encoding="utf-8")
    alerts = yaml.safe_load((src / "alerts.yaml").read_text(encoding="utf-8")) or {}
    alerts["channels"] = {"demo-sink": {"type": "webhook", "url": f"{sink_url}/ipwatch/hook"}}
    alerts["routes"] = [{"name": "everything-to-the-demo-sink", "match": {}, "channels": ["demo-sink"]}]
    alerts["silences"] = []
    # Every outlet of the scenario is served from 127.0.0.1: rate that host like a regional newspaper
    # so a surge of coverage can pass the surge rule's top-authority test.
    surge = alerts.setdefault("surge", {}) or {}
    surge.setdefault("outlet_authority", {})["127.0.0.1"] = 0.6
    alerts["surge"] = surge
    alerts.pop("dashboard_url", None)
    (dst / "alerts.yaml").write_text(yaml.safe_dump(alerts, allow_unicode=True, sort_keys=False), encoding="utf-8")


def demo_settings(config_dir: Path, base: Settings, prefix: str, work: Path) -> Settings:
    env = {k: v for k, v in os.environ.items() if k.startswith("IPWATCH_")}
    env.update({"IPWATCH_BASE_DIR": str(base.base_dir), "IPWATCH_ES__INDEX_PREFIX": prefix,
                "IPWATCH_SPOOL__DIR": str(work / "spool"), "IPWATCH_CRAWL__STATE_DIR": str(work / "crawl"),
                "IPWATCH_CRAWL__AUTOTHROTTLE": "false", "IPWATCH_CRAWL__CONCURRENT_PER_DOMAIN": "8",
                "IPWATCH_CRAWL__CONCURRENT_REQUESTS": "8", "IPWATCH_CRAWL__DOWNLOAD_TIMEOUT": "10",
                "IPWATCH_CRAWL__RETRY_TIMES": "1"})
    env.pop("IPWATCH_CRAWL__PROXY", None)
    s = load_settings(config_dir, env=env)
    s.crawl.proxy = None
    return s


def ensure_elasticsearch(app: AppContext) -> None:
    """Start the local node with scripts/elasticsearch.sh when the configured one is local and down."""
    if app.store.ping():
        return
    url = urlsplit(app.settings.es.url)
    script = app.settings.base_dir / "scripts" / "elasticsearch.sh"
    if url.hostname not in ("127.0.0.1", "localhost") or not script.exists():
        raise IpwatchError(f"Elasticsearch at {app.settings.es.url} is not reachable")
    click.echo(f"starting the local Elasticsearch ({script} start) …", err=True)
    subprocess.run([str(script), "start"], check=True, env={**os.environ, "IPWATCH_ES_PORT": str(url.port or 9200)})
    if not app.store.ping():
        raise IpwatchError(f"Elasticsearch at {app.settings.es.url} did not come up")


def reset_prefix(app: AppContext) -> None:
    es, prefix = app.store.es, app.store.ix.prefix
    es.options(ignore_status=404).indices.delete(index=f"{prefix}-*", expand_wildcards="all")
    es.options(ignore_status=404).indices.delete_index_template(name=f"{prefix}-*")
    es.options(ignore_status=404).cluster.delete_component_template(name=f"{prefix}-settings")


# --- the run -------------------------------------------------------------------------------------

STEPS = [  # (what the user sees, daemon job)
    ("crawl the scenario site", "crawl:demo"),
    ("analyse new articles", "analyze"),
    ("merge events, detect surges, rate", "events"),
    ("full re-rating", "rerate_full"),
    ("evaluate alerts, open duties", "evaluate"),
    ("duty reminders and escalation", "check_duties"),
    ("re-rate what the duties changed (late reports)", "rerate"),
    ("deliver the outbox", "dispatch"),
]


def crawl_demo_sources(ctx: JobContext) -> JobResult:
    """One crawl of the three demo sources (the daemon crawls each source on its own interval)."""
    return crawl(ctx.app, sources=list(DEMO_SOURCES), timeout=240)


def demo_jobs(app: AppContext) -> list[JobSpec]:
    """The daemon's jobs for the demo: one crawl of the three demo sources, then the pipeline."""
    jobs, skipped = pipeline(app)
    by_name = {j.name: j for j in jobs}
    reasons = dict(skipped)
    out = []
    for label, name in STEPS:
        if name == "crawl:demo":
            out.append(JobSpec("crawl:demo", crawl_demo_sources, interval=3600, group="crawl"))
        elif name in by_name:
            out.append(by_name[name])
        else:
            raise IpwatchError(f"demo step '{label}' cannot run: {reasons.get(name, 'job not available')}")
    return out


def check_model(settings: Settings) -> None:
    path = settings.path(settings.nlp.model_path)
    if not (path / "config.json").exists():
        raise IpwatchError(f"the NLP model is missing at {path}: train it with `ipwatch train` "
                           f"(or set nlp.model_path)")


def run_demo(base_app: AppContext, prefix: str = DEFAULT_PREFIX, reset: bool = True,
             progress: bool = True, echo: Any = click.echo, analyzer: Any = None) -> dict[str, Any]:
    """Run the scenario; returns the summary. `analyzer` replaces the trained model (tests)."""
    from tqdm import tqdm

    t0 = time.monotonic()
    base = base_app.settings
    if reset and "demo" not in prefix:
        raise IpwatchError(f"refusing to reset index prefix {prefix!r}: the demo's prefix must contain 'demo'")
    for var in ("NO_PROXY", "no_proxy"):   # never send local traffic through a proxy
        os.environ[var] = ",".join(filter(None, [os.environ.get(var, ""), "127.0.0.1", "localhost"]))
    scenario = Scenario.load(demo_dir(base) / "scenario.yaml")
    work = base.path(Path("var/demo")) / prefix
    if reset and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    site, sink = DemoSite(scenario), AlertSink()
    tmp = Path(tempfile.mkdtemp(prefix="ipwatch-demo-config-"))
    try:
        write_demo_config(base.config_dir, tmp, site.url, sink.url)
        settings = demo_settings(tmp, base, prefix, work)
        app = AppContext(config_dir=tmp, settings=settings)
        ensure_elasticsearch(app)
        if analyzer is None:
            check_model(settings)
        else:
            app.provide(load_analyzer, analyzer)
        jobs = demo_jobs(app)
        echo(f"scenario site {site.url}, alert sink {sink.url}, index prefix {prefix!r}")
        if reset:
            reset_prefix(app)
        daemon = Daemon(app, jobs=jobs)
        daemon.prepare()
        timings: dict[str, float] = {}
        results: dict[str, Any] = {}
        phases = scenario.phases
        plan = [(ph, label, name) for ph in phases for label, name in STEPS]
        bar = tqdm(plan, desc="demo", unit="step", disable=not progress, leave=True)
        try:
            for ph, label, name in bar:
                scenario.phase = ph
                label = f"{label} ({'the story breaks' if ph == phases[-1] and len(phases) > 1 else 'earlier news'})"
                bar.set_description(label)
                s0 = time.monotonic()
                app.store.refresh()        # what the last step wrote is visible to the next one
                ok = daemon.run_job(name)
                if name == "dispatch":     # deliver until the outbox holds nothing due
                    for _ in range(5):
                        r = daemon.states[name].get("last_result") or {}
                        if not ok or not any(r.get(k) for k in ("sent", "claimed", "due", "delivered")):
                            break
                        app.store.refresh()
                        ok = daemon.run_job(name)
                timings[label] = round(time.monotonic() - s0, 1)
                st = daemon.states[name]
                results[f"{name}#{ph}"] = st.get("last_result")
                if not ok:
                    raise IpwatchError(f"demo step '{label}' ({name}) failed: {st.get('last_error')}")
        finally:
            bar.close()
            daemon.stop(grace=5)
        summary = summarize(app, sink, site)
        summary.update(seconds=round(time.monotonic() - t0, 1), steps=timings, results=results, prefix=prefix)
        return summary
    finally:
        site.close()
        sink.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _hits(app: AppContext, logical: str, **body: Any) -> list[dict[str, Any]]:
    return [h["_source"] for h in app.store.search(app.store.ix.name(logical), **body)["hits"]["hits"]]


def summarize(app: AppContext, sink: AlertSink, site: DemoSite) -> dict[str, Any]:
    st = app.store
    st.refresh()
    arts = st.ix.name("articles")

    def count(index: str, query: dict[str, Any] | None = None) -> int:
        r = st.search(index, size=0, track_total_hits=True, query=query or {"match_all": {}})
        return r["hits"]["total"]["value"]

    by_type = st.search(arts, size=0, aggs={"t": {"terms": {"field": "source_type"}}}).get("aggregations", {})
    return {
        "site_requests": len(site.requests),
        "articles": count(arts),
        "articles_by_type": {b["key"]: b["doc_count"] for b in by_type.get("t", {}).get("buckets", [])},
        "near_duplicates": count(arts, {"exists": {"field": "duplicate_of"}}),
        "analysed": count(arts, {"term": {"analysis.status": "done"}}),
        "negative": count(arts, {"term": {"analysis.sentiment": "negative"}}),
        "events": _hits(app, "events", size=50, sort=[{"severity": "desc"}],
                        source=["entity_id", "entity_name", "risk_type", "event_date", "source_count", "status",
                                "severity"]),
        "grade_changes": [h for h in _hits(app, "rating-history", size=200, sort=[{"rated_at": "asc"}],
                                           query={"exists": {"field": "previous_grade"}},
                                           source=["entity_id", "entity_name", "previous_grade", "grade", "score",
                                                   "previous_score", "rated_at"])
                          if h.get("previous_grade") and h["previous_grade"] != h.get("grade")],
        "lowest_ratings": _hits(app, "ratings", size=6, sort=[{"score": "asc"}],
                                source=["entity_id", "entity_name", "grade", "score"]),
        "duties": _hits(app, "duties", size=50, sort=[{"due": "asc"}],
                        source=["entity_name", "platform_name", "risk_type", "occurred_on", "due", "state", "urgent",
                                "overdue", "late_by_days", "found_days_after", "quote"]),
        # pages a watched name was found in by substring that name no watched entity once read
        "name_collisions": _hits(app, "articles", size=20, query={"bool": {
            "filter": [{"term": {"analysis.status": "done"}}],
            "must_not": [{"exists": {"field": "analysis.entity_ids"}}]}}, source=["title"]),
        "ratings": _hits(app, "ratings", size=100, source=["entity_id", "entity_name", "grade", "score"]),
        "alerts": _hits(app, "alerts", size=100, sort=[{"created_at": "asc"}],
                        source=["kind", "entity_name", "title", "severity"]),
        "notifications": [{"title": m.get("title"), "kind": (m.get("notification") or {}).get("kind")}
                          for m in sink.received],
    }


def print_summary(s: dict[str, Any], echo: Any = click.echo) -> None:
    echo("")
    echo(f"== ipwatch demo: done in {s['seconds']} s (index prefix {s['prefix']!r}) ==")
    echo(f"articles: {s['articles']} stored {s['articles_by_type']}, {s['near_duplicates']} near-duplicate(s), "
         f"{s['analysed']} analysed, {s['negative']} negative  ({s['site_requests']} pages served)")
    echo(f"risk events ({len(s['events'])}):")
    for e in s["events"]:
        echo(f"  {e.get('entity_name', e.get('entity_id'))}  {e.get('risk_type')}  on {e.get('event_date')}  "
             f"{e.get('source_count')} report(s)  severity {e.get('severity')}")
    echo(f"grade changes ({len(s['grade_changes'])}):")
    for g in s["grade_changes"]:
        echo(f"  {g.get('entity_name', g.get('entity_id'))}  {g.get('previous_grade')} → {g.get('grade')}  "
             f"(score {g.get('previous_score')} → {g.get('score')})")
    echo("lowest ratings: " + ", ".join(f"{r.get('entity_name')} {r.get('grade')} ({r.get('score')})"
                                        for r in s["lowest_ratings"]))
    echo(f"reporting duties ({len(s['duties'])}):")
    for d in s["duties"]:
        late = (f", overdue: found {d.get('found_days_after')} days after, {d.get('late_by_days')} days late"
                if d.get("overdue") else ", urgent" if d.get("urgent") else "")
        echo(f"  {d.get('platform_name')}: {d.get('entity_name')} {d.get('risk_type')} occurred {d.get('occurred_on')}"
             f" → due {d.get('due')} [{d.get('state')}{late}]" + (f"  依据「{d['quote']}」" if d.get("quote") else ""))
    grades = {r.get("entity_name"): r for r in s.get("ratings") or []}
    for d in s["duties"]:
        r = grades.get(d.get("entity_name"))
        if r:
            why = ("the missing report costs it (late_report)" if d.get("overdue") else
                   "the change itself costs nothing; only a late report would")
            echo(f"  grade of {d.get('entity_name')}: {r.get('grade')} ({r.get('score')}) - {why}")
    for a in s.get("name_collisions") or []:
        echo(f"name collision, nothing opened: 「{a.get('title')}」 names no watched entity")
    kinds: dict[str, int] = {}
    for a in s["alerts"]:
        kinds[a.get("kind")] = kinds.get(a.get("kind"), 0) + 1
    echo(f"alerts: {len(s['alerts'])} {kinds}; notifications delivered to the local sink: {len(s['notifications'])}")
    for n in s["notifications"][:12]:
        echo(f"  ✉ {n['title']}")
    echo("steps: " + ", ".join(f"{k} {v}s" for k, v in s["steps"].items()))
    echo(f"The data stays in Elasticsearch: ipwatch kibana import --prefix {s['prefix']}")


@click.command("demo")
@click.option("--prefix", default=DEFAULT_PREFIX, show_default=True,
              help="Index prefix for the demo's data (must contain 'demo'; it is reset first).")
@click.option("--keep", is_flag=True, help="Do not delete the previous demo data first.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_app
def demo(app: AppContext, prefix: str, keep: bool, as_json: bool) -> None:
    """Run the whole pipeline offline against a bundled scenario (crawl → analyse → rate → alert)."""
    summary = run_demo(app, prefix=prefix, reset=not keep, progress=not as_json)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
    else:
        print_summary(summary)
