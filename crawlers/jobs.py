"""The daemon's crawl job: every enabled source (or the named ones), in a child process.

Twisted's reactor cannot be restarted inside one process, so each crawl runs `CrawlerProcess` in
a fresh `spawn` child; the spiders of one job share that process (and its seen-set and
near-duplicate index). `ipwatch crawl` calls the same function; from a terminal it asks the child
for its running counts (pages fetched, articles stored, errors: a ("progress", counts) message at
most every `PROGRESS_EVERY` seconds) and shows them as a progress bar; the daemon asks for none.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import queue as queue_mod
import time
from collections.abc import Callable
from typing import Any

from ipwatch.context import AppContext
from ipwatch.job import JobContext, JobResult
from ipwatch.progress import advance_to, close_bar, make_bar
from ipwatch.settings import Settings

log = logging.getLogger(__name__)

STAT_KEYS = {
    "stored": "ipwatch/stored", "near_duplicates": "ipwatch/near_duplicates", "skipped_seen": "ipwatch/skipped_seen",
    "too_old": "ipwatch/too_old", "irrelevant": "ipwatch/irrelevant", "empty": "ipwatch/empty_pages",
    "skipped_non_html": "ipwatch/skipped_non_html", "fetch_errors": "ipwatch/fetch_errors",
    "extract_errors": "ipwatch/extract_errors", "store_errors": "ipwatch/store_errors", "spooled": "ipwatch/spooled",
    "retry_after_honoured": "ipwatch/retry_after_honoured", "requests": "downloader/request_count",
    "responses": "downloader/response_count", "robots_forbidden": "robotstxt/forbidden",
}
PROGRESS_EVERY = 1.0  # seconds between two progress messages from the crawl process, at least


def plan(settings: Settings, sources: list[str] | None = None) -> dict[str, list[str]]:
    """spider name -> source names to crawl."""
    from crawlers.sources import SPIDER_OF_TYPE, load_sources

    cfg = load_sources(settings.config_file("sources.yaml"))
    out: dict[str, list[str]] = {}
    for s in cfg.select(sources):
        out.setdefault(SPIDER_OF_TYPE[s.type], []).append(s.name)
    return out


def run_in_process(settings: Settings, watchlist: Any, work: dict[str, list[str]],
                   extra: dict[str, Any] | None = None, install_root_handler: bool = True,
                   on_progress: Callable[[dict[str, int]], None] | None = None,
                   every: float = PROGRESS_EVERY) -> dict[str, Any]:
    """Run the spiders in this process (blocks; once per process). `on_progress`, when given, gets the
    crawl's running counts (`progress_counts`) every `every` seconds while they change, and once at the end."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings as ScrapySettings

    from crawlers.runtime import scrapy_settings
    from crawlers.spiders.feeds import FeedsSpider
    from crawlers.spiders.news_search import NewsSearchSpider
    from crawlers.spiders.official import OfficialSpider

    spiders = {c.name: c for c in (NewsSearchSpider, FeedsSpider, OfficialSpider)}
    ss = ScrapySettings()
    ss.setdict(scrapy_settings(settings), priority="project")
    ss.setdict({"IPWATCH_SETTINGS": settings, "IPWATCH_WATCHLIST": watchlist,
                "LOG_INSTALL_ROOT_HANDLER": install_root_handler, **(extra or {})}, priority="cmdline")
    process = CrawlerProcess(ss)
    crawlers = {}
    for name, names in work.items():
        crawler = process.create_crawler(spiders[name])
        crawlers[name] = crawler
        process.crawl(crawler, sources=",".join(names))
    ticker = None
    if on_progress is not None:
        from twisted.internet import task

        sent: dict[str, int] = {}

        def report() -> None:
            counts = progress_counts(crawlers.values())
            if counts != sent:
                sent.clear()
                sent.update(counts)
                on_progress(counts)

        ticker = task.LoopingCall(report)
        ticker.start(every, now=False)
    process.start()
    if ticker is not None and on_progress is not None:
        if ticker.running:
            ticker.stop()
        on_progress(progress_counts(crawlers.values()))  # the final counts, whatever was sent last
    out: dict[str, Any] = {"spiders": {}}
    for name, crawler in crawlers.items():
        st = crawler.stats.get_stats()
        counts = {k: int(st.get(v, 0) or 0) for k, v in STAT_KEYS.items()}
        counts["finish_reason"] = st.get("finish_reason")
        counts["elapsed_seconds"] = float(st.get("elapsed_time_seconds", 0.0) or 0.0)
        out["spiders"][name] = counts
    return out


def progress_counts(crawlers: Any) -> dict[str, int]:
    """What a progress bar shows, summed over the running crawlers: pages fetched, articles stored, errors."""
    total = {"pages": 0, "stored": 0, "errors": 0}
    for crawler in crawlers:
        stats = getattr(crawler, "stats", None)
        if stats is None:  # not started yet
            continue
        st = stats.get_stats()
        total["pages"] += int(st.get(STAT_KEYS["responses"], 0) or 0)
        total["stored"] += int(st.get(STAT_KEYS["stored"], 0) or 0)
        total["errors"] += sum(int(st.get(STAT_KEYS[k], 0) or 0)
                               for k in ("fetch_errors", "extract_errors", "store_errors"))
    return total


def _child(settings: Settings, watchlist: Any, work: dict[str, list[str]], extra: dict[str, Any] | None,
           q: Any, every: float | None = None) -> None:
    """The crawl process: ("progress", counts) messages when `every` is given, then ("ok", result) or ("error", why)."""
    try:
        on_progress = None if every is None else (lambda counts: q.put(("progress", counts)))
        q.put(("ok", run_in_process(settings, watchlist, work, extra, on_progress=on_progress,
                                    every=every or PROGRESS_EVERY)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        q.put(("error", f"{type(exc).__name__}: {exc}"))


def crawl(app: AppContext, sources: list[str] | None = None, *, timeout: float | None = None,
          extra_settings: dict[str, Any] | None = None, progress: bool | None = False,
          round_: str | None = None) -> dict[str, Any]:
    """Crawl once; returns counts (stored, near_duplicates, skipped_seen, fetch_errors, …). `progress`
    shows a bar of pages fetched (stored and errors beside it) on stderr: True, False (the daemon) or
    None (when stderr is a terminal, as `ipwatch crawl` asks). With `crawl.redis_url` set this process is
    one worker of a shared round (crawlers/shared.py): `round_`, or the current `crawl.round_seconds` window."""
    started = time.monotonic()
    c = app.settings.crawl
    if c.redis_url:
        from crawlers.shared import round_id, shared_scrapy_settings

        extra_settings = {**shared_scrapy_settings(c.redis_url, app.settings.es.index_prefix,
                                                   round_ or round_id(seconds=c.round_seconds), c.concurrent_per_domain),
                          **(extra_settings or {})}
    work = plan(app.settings, sources)
    result: dict[str, Any] = {"sources": sum(len(v) for v in work.values()), "spiders": {}}
    if not work:
        result["seconds"] = 0.0
        return result
    bar = make_bar(progress, "crawl", unit="page", unit_scale=False)
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(app.settings, app.watchlist, work, extra_settings, q,
                                         None if bar is None else PROGRESS_EVERY),
                    name="ipwatch-crawl", daemon=False)
    p.start()
    status, payload = "error", "crawl process ended without a result"
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while True:
            try:
                kind, message = q.get(timeout=1.0)
            except queue_mod.Empty:
                if not p.is_alive():
                    status, payload = "error", f"crawl process exited with code {p.exitcode}"
                    break
            else:
                if kind != "progress":  # "ok" or "error": the crawl's end
                    status, payload = kind, message
                    break
                advance_to(bar, message["pages"], stored=message["stored"], errors=message["errors"])
            # checked after a progress message too: a child that keeps reporting must still time out
            if deadline is not None and time.monotonic() > deadline:
                p.terminate()
                status, payload = "error", f"crawl timed out after {timeout:.0f}s"
                break
    finally:
        close_bar(bar)
    p.join(timeout=30)
    if p.is_alive():
        p.kill()
        p.join()
    if status != "ok":
        log.error("crawl failed: %s", payload)
        result["error"] = payload
    else:
        result["spiders"] = payload["spiders"]
        for counts in payload["spiders"].values():
            for k, v in counts.items():
                if isinstance(v, int):
                    result[k] = result.get(k, 0) + v
    result["seconds"] = round(time.monotonic() - started, 2)
    return result


def crawl_source(ctx: JobContext) -> JobResult:
    """The daemon's job for one source (`ctx.params["source"]`): each source runs on its own interval."""
    return crawl(ctx.app, sources=[ctx.params["source"]])
