"""Downloader middlewares: per-source policy, Retry-After-aware retries, non-HTML skipping."""

from __future__ import annotations

import asyncio
import logging
import time
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, StopDownload
from scrapy.http import Request, Response

log = logging.getLogger(__name__)

# what a page may be; anything else (PDF, images, archives, video, office files) is not fetched
TEXTUAL = ("text/html", "application/xhtml", "text/xml", "application/xml", "application/rss", "application/atom",
           "text/plain", "application/rdf")
BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0")


class SourcePolicyMiddleware:
    """Per-source settings on every request: robots.txt override, proxy."""

    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.obey_default = crawler.settings.getbool("IPWATCH_OBEY_ROBOTS", True)
        self.proxy = crawler.settings.get("IPWATCH_PROXY")

    @classmethod
    def from_crawler(cls, crawler: Any) -> SourcePolicyMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        src = getattr(spider, "source_by_name", {}).get(request.meta.get("source"))
        obey = self.obey_default if src is None or src.obey_robots is None else src.obey_robots
        if not obey:
            request.meta["dont_obey_robotstxt"] = True
        proxy = (src.proxy if src is not None else None) or self.proxy
        if proxy and "proxy" not in request.meta:
            request.meta["proxy"] = proxy
        return None


def retry_after_seconds(value: bytes | str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date)."""
    if not value:
        return None
    v = value.decode("latin-1") if isinstance(value, bytes) else value
    v = v.strip()
    try:
        return max(0.0, float(v))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(v).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None


class BackoffRetryMiddleware(RetryMiddleware):
    """Retries on 429/5xx: waits what `Retry-After` asks (and holds back the whole host meanwhile),
    else backs off exponentially (IPWATCH_BACKOFF_BASE × 2^attempt). A Retry-After longer than
    IPWATCH_MAX_RETRY_AFTER gives the page up for this run."""

    def __init__(self, settings: Any):
        super().__init__(settings)
        self.base = settings.getfloat("IPWATCH_BACKOFF_BASE", 1.0)
        self.max_wait = settings.getfloat("IPWATCH_MAX_RETRY_AFTER", 120.0)
        self.paused_until: dict[str, float] = {}

    async def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).netloc
        wait = self.paused_until.get(host, 0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        return None

    async def process_response(self, request: Request, response: Response) -> Any:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        attempt = request.meta.get("retry_times", 0)
        ra = retry_after_seconds(response.headers.get(b"Retry-After"))
        stats = self.crawler.stats
        if ra is not None:
            if ra > self.max_wait:
                stats.inc_value("ipwatch/retry_after_too_long")
                log.warning("%s asks to retry after %.0fs (> %.0fs): giving up for this run", request.url, ra,
                            self.max_wait)
                return response
            wait = ra
            stats.inc_value("ipwatch/retry_after_honoured")
        else:
            wait = self.base * (2 ** attempt)
        retry = self._retry(request, f"{response.status} (waiting {wait:.1f}s)")
        if retry is None:
            return response
        host = urlsplit(request.url).netloc
        self.paused_until[host] = max(self.paused_until.get(host, 0), time.monotonic() + wait)
        await asyncio.sleep(wait)
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Any:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            await asyncio.sleep(self.base * (2 ** request.meta.get("retry_times", 0)))
        return retry


class ContentTypeMiddleware:
    """Skips non-HTML responses: stops the download as soon as the headers say so (a PDF is not
    downloaded at all), and checks the first bytes when the headers lie."""

    def __init__(self, crawler: Any):
        self.crawler = crawler
        crawler.signals.connect(self.headers_received, signal=signals.headers_received)

    @classmethod
    def from_crawler(cls, crawler: Any) -> ContentTypeMiddleware:
        return cls(crawler)

    def headers_received(self, headers: Any, body_length: int, request: Request, spider: Any) -> None:
        ctype = (headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if ctype and not any(t in ctype for t in TEXTUAL):
            self.crawler.stats.inc_value("ipwatch/skipped_non_html")
            log.info("skipping %s (Content-Type %s)", request.url, ctype)
            raise StopDownload(fail=True)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.body[:8].startswith(BINARY_MAGIC):
            self.crawler.stats.inc_value("ipwatch/skipped_non_html")
            raise IgnoreRequest(f"{response.url}: binary content")
        return response
