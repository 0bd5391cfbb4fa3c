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

import json
import logging
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
import yaml

from crawlers.jobs import crawl
from ipwatch.context import AppContext, pass_app
from ipwatch.errors import IpwatchError
from ipwatch.job import JobContext, JobResult
from ipwatch.logs import configure_logging
from ipwatch.shell.daemon import Daemon
from ipwatch.shell.demo_site import DemoSite, Scenario
from ipwatch.shell.jobs import JobSpec, pipeline
from ipwatch.shell.localsite import AlertSink
from nlp.jobs import load_analyzer
from reports.jobs import brief
from ipwatch.settings import PROJECT_ROOT, Settings, load_settings

log = logging.getLogger("ipwatch.demo")

DEFAULT_PREFIX = "ipwatch-demo"
DEMO_SOURCES = ("demo-news", "demo-feed", "demo-penalty")


def demo_dir(settings: Settings | None = None) -> Path:
    """`demo/` of the deployment (base_dir), else of the source tree."""
    if settings is not None and (settings.base_dir / "demo" / "scenario.yaml").exists():
        return settings.base_dir / "demo"
    return PROJECT_ROOT / "demo"


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
                "IPWATCH_CRAWL__RETRY_TIMES": "1", "IPWATCH_REPORTS__DIR": str(work / "reports")})
    env.pop("IPWATCH_CRAWL__PROXY", None)
    s = load_settings(config_dir, env=env)
    s.crawl.proxy = None
    s.logging.file = work / "demo.log"      # the terminal shows the progress bar and the summary only
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
FINALLY = [  # once, after the story broke: what the daemon's weekly cron does, up to today
    ("send the weekly briefing", "brief:week"),
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
    out = [JobSpec("brief:week", brief, cron="0 8 * * 1", group="brief", params={"period": "week", "as_of": "today"})]
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
        configure_logging(settings.logging)
        ensure_elasticsearch(app)
        if analyzer is None:
            check_model(settings)
        else:
            app.provide(load_analyzer, analyzer)
        jobs = demo_jobs(app)
        echo(f"scenario site {site.url}, alert sink {sink.url}, index prefix {prefix!r}; log {settings.logging.file}")
        if reset:
            reset_prefix(app)
        daemon = Daemon(app, jobs=jobs)
        daemon.prepare()
        timings: dict[str, float] = {}
        results: dict[str, Any] = {}
        phases = scenario.phases
        plan = [(ph, label, name) for ph in phases for label, name in STEPS]
        plan += [(phases[-1], label, name) for label, name in FINALLY]
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
        "notifications": [{"title": m.get("title"), "kind": (m.get("notification") or {}).get("kind"),
                           "duty_id": (m.get("notification") or {}).get("duty_id"), "text": m.get("text")}
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
    echo(f"Reports from it: ipwatch brief --period week --prefix {s['prefix']} -o brief.pdf; "
         f"ipwatch dossier ntop --prefix {s['prefix']} -o dossier.pdf")


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
