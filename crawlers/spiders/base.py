"""What every ipwatch spider shares: sources from config, the watchlist, the seen-set."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import scrapy
from parsel import Selector as PSelector
from scrapy import signals

from crawlers.encoding import decode_html
from crawlers.runtime import settings_from_crawler
from crawlers.sources import SOURCE_TYPE_OF, Selector, load_sources
from crawlers.shared import RoundMembership, open_state
from crawlers.urls import url_key

log = logging.getLogger(__name__)


def select_all(sel: PSelector, spec: Selector | None) -> list[str]:
    if spec is None:
        return []
    found = sel.css(spec.css) if spec.css else sel.xpath(spec.xpath)
    vals = [v.strip() for v in found.getall() if v and v.strip()]
    if spec.re:
        import re

        out = []
        for v in vals:
            m = re.search(spec.re, v)
            if m:
                out.append((m.group(1) if m.groups() else m.group(0)).strip())
        vals = out
    return vals


def select_first(sel: PSelector, spec: Selector | None) -> str | None:
    vals = select_all(sel, spec)
    if not vals:
        return None
    if spec is not None and spec.css and "::" not in spec.css and not spec.re:
        return PSelector(text=vals[0]).xpath("string()").get("").strip() or None
    return vals[0]


def text_of(sel: PSelector, spec: Selector | None) -> str | None:
    """Visible text of the first match (markup stripped)."""
    if spec is None:
        return None
    if spec.css and "::" not in spec.css:
        node = sel.css(spec.css)
        v = " ".join(" ".join(node[:1].xpath(".//text()").getall()).split()) if node else None
        if v and spec.re:
            import re

            m = re.search(spec.re, v)
            v = (m.group(1) if m and m.groups() else (m.group(0) if m else None))
        return v or None
    return select_first(sel, spec)


class PageItem(dict):
    """A fetched page on its way to the pipeline (short repr: logs never dump the body)."""

    def __repr__(self) -> str:
        return f"<page {self.get('url')} from {self.get('source')}>"

    __str__ = __repr__


class SourceSpider(scrapy.Spider):
    """Base: `-a sources=a,b` picks sources (default: every enabled source of the spider's type)."""

    source_kind = ""  # search | feed | official

    def __init__(self, sources: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.source_names = [s.strip() for s in (sources or "").split(",") if s.strip()] or None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.ipw = settings_from_crawler(crawler)
        wl = crawler.settings.get("IPWATCH_WATCHLIST")
        if wl is None:
            from ipwatch.watchlist import load_watchlist

            wl = load_watchlist(spider.ipw.config_file("watchlist.yaml"))
        spider.watchlist = wl
        cfg = load_sources(spider.ipw.config_file("sources.yaml"))
        spider.sources = cfg.select(spider.source_names, type=cls.source_kind)
        if spider.source_names and len(spider.sources) < len(spider.source_names):
            other = [n for n in spider.source_names if n not in {s.name for s in spider.sources}]
            log.warning("%s: source(s) %s are not of type %r and are skipped", cls.name, ", ".join(other),
                        cls.source_kind)
        spider.source_by_name = {s.name: s for s in spider.sources}
        spider.tz = ZoneInfo(spider.ipw.timezone)
        spider.look_back = timedelta(days=spider.ipw.crawl.look_back_days)
        spider.state = open_state(spider.ipw, crawler.settings)
        if crawler.settings.get("IPWATCH_SHARED"):
            spider.membership = RoundMembership(crawler, crawler.settings.get("IPWATCH_SHARED"))
        spider._queued: set[str] = set()
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        return spider

    def _opened(self, spider: Any) -> None:
        """Per-source politeness: delay and concurrency for each host a source uses."""
        if spider is not self:
            return
        slots = self.crawler.engine.downloader.per_slot_settings
        for s in self.sources:
            if not s.delay and not s.concurrency:
                continue
            for u in [s.base_url, *getattr(s, "urls", []), *getattr(s, "list_urls", []), getattr(s, "url", None)]:
                try:
                    host = urlsplit(s.abs_url(u)).hostname if u else None
                except ValueError:
                    host = None
                if host:
                    conf = slots.setdefault(host, {})
                    if s.delay:
                        conf["delay"] = max(conf.get("delay", 0), s.delay)
                    if s.concurrency:
                        conf["concurrency"] = min(conf.get("concurrency", 1 << 30), s.concurrency)

    # --- helpers -----------------------------------------------------------------------------
    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def too_old(self, dt: datetime | None) -> bool:
        return dt is not None and dt < self.now() - self.look_back

    def page_selector(self, response: Any, source: Any) -> PSelector:
        text, _ = decode_html(response.body, response.headers.get(b"Content-Type", b"").decode("latin-1"),
                              source.encoding)
        return PSelector(text=text or "<html></html>")

    def article_request(self, url: str, source: Any, callback: Any, **meta: Any) -> scrapy.Request | None:
        """A request for an article page, or None when it was handed over before (seen-set)."""
        key = url_key(url)
        stats = self.crawler.stats
        if key in self._queued:
            return None
        if self.state.seen(key):
            stats.inc_value("ipwatch/skipped_seen")
            return None
        self._queued.add(key)
        stats.inc_value("ipwatch/article_requests")
        # below listings (priority 0): the next listing is read early, so workers never wait for work
        return scrapy.Request(url, callback=callback, errback=self.on_error, dont_filter=True, priority=-1,
                              meta={"source": source.name, "keys": [key], **meta})

    def page_item(self, response: Any, **extra: Any) -> dict[str, Any]:
        """The raw page handed to the pipeline (extraction runs there, off the reactor thread)."""
        src = self.source_by_name[response.meta["source"]]
        keys = list(response.meta.get("keys", []))
        keys.append(url_key(response.url))
        return PageItem({
            "_page": True,
            "url": response.url,
            "body": response.body,
            "content_type": response.headers.get(b"Content-Type", b"").decode("latin-1"),
            "source": src.name,
            "source_type": SOURCE_TYPE_OF[src.type],
            "query_entity": response.meta.get("query_entity"),
            "listing_date": response.meta.get("listing_date"),
            "listing_title": response.meta.get("listing_title"),
            "keys": keys,
            "fetched_at": self.now().isoformat(),
            **extra,
        })

    def on_error(self, failure: Any) -> None:
        req = getattr(failure, "request", None)
        self.crawler.stats.inc_value("ipwatch/fetch_errors")
        self.logger.info("failed %s: %s", getattr(req, "url", "?"), failure.getErrorMessage())

    @staticmethod
    def absolute(base: str, href: str | None) -> str | None:
        if not href:
            return None
        u = urljoin(base, href.strip())
        return u if urlsplit(u).scheme in ("http", "https") else None
