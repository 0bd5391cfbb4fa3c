"""Prometheus metrics of the daemon, owned by one `Metrics` object (its own registry, no globals).

Job functions return a dict of counts (see docs/contracts.md); `observe_job` feeds every numeric
value into `ipwatch_job_items_total{job,key}` and the well-known ones into the named counters
(pages fetched, articles analysed, events, alerts sent).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

__all__ = ["CONTENT_TYPE_LATEST", "Metrics", "job_kind"]

# job kind -> (named counter, result keys it is read from, first present wins)
NAMED_KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "crawl": ("pages_fetched", ("pages_fetched", "pages", "fetched", "responses")),
    "analyze": ("articles_analysed", ("analyzed", "analysed", "done", "articles")),
    "dispatch": ("alerts_sent", ("sent", "delivered")),
}
EVENT_KEYS = {"created": ("created", "events_created", "new"), "updated": ("updated", "merged", "events_updated")}

DURATION_BUCKETS = (0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)


def job_kind(job: str) -> str:
    """`crawl:cnipa-news` -> `crawl`; `rerate_full` -> `rerate`."""
    base = job.split(":", 1)[0]
    return "rerate" if base == "rerate_full" else base


def _numbers(result: Mapping[str, Any], prefix: str = "", depth: int = 0) -> Iterator[tuple[str, float]]:
    for k, v in result.items():
        key = f"{prefix}{k}"
        if isinstance(v, bool):
            continue
        if isinstance(v, (int, float)):
            yield key, float(v)
        elif isinstance(v, Mapping) and depth < 1:
            yield from _numbers(v, key + ".", depth + 1)


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None):
        self.registry = r = registry or CollectorRegistry()
        self.job_runs = Counter("ipwatch_job_runs", "Job runs by outcome (success, failure; skipped: due while the previous run still went)",
                                ["job", "outcome"], registry=r)
        self.job_duration = Histogram("ipwatch_job_duration_seconds", "Job run duration",
                                      ["job"], buckets=DURATION_BUCKETS, registry=r)
        self.job_last_success = Gauge("ipwatch_job_last_success_timestamp_seconds",
                                      "Unix time of the job's last successful run", ["job"], registry=r)
        self.job_running = Gauge("ipwatch_job_running", "1 while the job runs", ["job"], registry=r)
        self.job_items = Counter("ipwatch_job_items", "Every count a job reported, by key",
                                 ["job", "key"], registry=r)
        self.pages_fetched = Counter("ipwatch_pages_fetched", "Pages fetched by the crawlers",
                                     ["source"], registry=r)
        self.articles_analysed = Counter("ipwatch_articles_analysed", "Articles analysed by the NLP model",
                                         registry=r)
        self.events = Counter("ipwatch_events", "Risk events created or updated", ["change"], registry=r)
        self.alerts_sent = Counter("ipwatch_alerts_sent", "Notifications delivered from the outbox",
                                   registry=r)
        self.spool_bytes = Gauge("ipwatch_spool_bytes", "Bytes waiting in the on-disk spool", registry=r)
        self.spool_actions = Gauge("ipwatch_spool_actions", "Writes waiting in the on-disk spool", registry=r)
        self.es_up = Gauge("ipwatch_elasticsearch_up", "1 when Elasticsearch answered the last check",
                           registry=r)
        self.leader = Gauge("ipwatch_leader", "1 while this daemon holds the leader lock", registry=r)

    def observe_job(self, job: str, duration: float, result: Any, ok: bool, finished_at: float) -> None:
        self.job_duration.labels(job).observe(duration)
        self.job_runs.labels(job, "success" if ok else "failure").inc()
        if not ok:
            return
        self.job_last_success.labels(job).set(finished_at)
        if not isinstance(result, Mapping):
            return
        for key, value in _numbers(result):
            if value >= 0:
                self.job_items.labels(job, key).inc(value)
        kind = job_kind(job)
        if kind in NAMED_KEYS:
            name, keys = NAMED_KEYS[kind]
            value = next((result[k] for k in keys if isinstance(result.get(k), (int, float))), None)
            if value is not None and value > 0:
                counter = getattr(self, name)
                if name == "pages_fetched":
                    counter.labels(job.split(":", 1)[1] if ":" in job else "all").inc(value)
                else:
                    counter.inc(value)
        if kind == "events":
            for change, keys in EVENT_KEYS.items():
                value = next((result[k] for k in keys if isinstance(result.get(k), (int, float))), None)
                if value:
                    self.events.labels(change).inc(value)

    def set_spool(self, size_bytes: int, actions: int) -> None:
        self.spool_bytes.set(size_bytes)
        self.spool_actions.set(actions)

    def render(self) -> bytes:
        return generate_latest(self.registry)
