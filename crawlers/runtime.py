"""Scrapy settings from ipwatch settings, and the app objects a running crawler shares."""

from __future__ import annotations

import logging
from typing import Any

from ipwatch.settings import Settings

log = logging.getLogger(__name__)

BASE: dict[str, Any] = {
    "BOT_NAME": "ipwatch",
    "SPIDER_MODULES": ["crawlers.spiders"],
    "NEWSPIDER_MODULE": "crawlers.spiders",
    "ITEM_PIPELINES": {"crawlers.pipelines.ArticlePipeline": 300},
    "DOWNLOADER_MIDDLEWARES": {
        "crawlers.middlewares.SourcePolicyMiddleware": 90,          # proxy, robots override, seen-set
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "crawlers.middlewares.BackoffRetryMiddleware": 550,         # Retry-After, back-off on 429/5xx
        "crawlers.middlewares.ContentTypeMiddleware": 560,          # non-HTML skipped
    },
    "EXTENSIONS": {"scrapy.extensions.telnet.TelnetConsole": None,
                   "scrapy.extensions.remote_control.RemoteControl": None},
    "RETRY_ENABLED": True,
    "RETRY_HTTP_CODES": [429, 500, 502, 503, 504, 522, 524, 408],
    "REDIRECT_ENABLED": True,
    "REDIRECT_MAX_TIMES": 5,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "HTTPERROR_ALLOWED_CODES": [],
    "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    "DNS_TIMEOUT": 10,
    "AUTOTHROTTLE_START_DELAY": 0.5,
    "AUTOTHROTTLE_MAX_DELAY": 30.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0,
    "LOG_LEVEL": "INFO",
    "FEED_EXPORT_ENCODING": "utf-8",
    # ipwatch's own knobs (read by the middlewares and pipeline)
    "IPWATCH_BACKOFF_BASE": 1.0,        # seconds; doubled on every retry of a 5xx without Retry-After
    "IPWATCH_MAX_RETRY_AFTER": 120.0,   # a longer Retry-After gives the page up for this run
    "IPWATCH_BATCH_SIZE": 50,           # articles per bulk write
    "IPWATCH_PIPELINE_THREADS": True,   # extraction off the reactor thread
}


def scrapy_settings(s: Settings) -> dict[str, Any]:
    c = s.crawl
    out = dict(BASE)
    out.update({
        "USER_AGENT": c.user_agent,
        "ROBOTSTXT_OBEY": True,                 # always loaded; sources opt out per request
        "IPWATCH_OBEY_ROBOTS": c.obey_robots,
        "CONCURRENT_REQUESTS": c.concurrent_requests,
        "CONCURRENT_REQUESTS_PER_DOMAIN": c.concurrent_per_domain,
        "DOWNLOAD_TIMEOUT": c.download_timeout,
        "DOWNLOAD_MAXSIZE": c.download_maxsize,
        "DOWNLOAD_WARNSIZE": max(1, c.download_maxsize // 2),
        "RETRY_TIMES": c.retry_times,
        "AUTOTHROTTLE_ENABLED": c.autothrottle,
        "IPWATCH_PROXY": c.proxy,
        "LOG_LEVEL": s.logging.level,
    })
    if s.logging.file is not None:      # the crawl's own log (and stats dump) beside ipwatch's
        out["LOG_FILE"] = str(s.logging.file)
    return out


def settings_from_crawler(crawler: Any) -> Settings:
    """The ipwatch Settings a crawl runs with (handed over by jobs.crawl, else loaded)."""
    s = crawler.settings.get("IPWATCH_SETTINGS")
    if isinstance(s, Settings):
        return s
    from ipwatch.settings import load_settings

    return load_settings()
