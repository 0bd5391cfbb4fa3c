"""feeds: RSS 2.0 / RSS 1.0 / Atom feeds of outlets and official sites."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import scrapy
from lxml import etree

from crawlers.dates import parse_date
from crawlers.sources import FeedSource
from crawlers.spiders.base import SourceSpider


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse_feed(body: bytes) -> list[dict[str, str | None]]:
    """Entries of an RSS or Atom document: title, link, date (raw), summary."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(body.lstrip(), parser)
    if root is None:
        return []
    out = []
    for el in root.iter():
        if _local(el.tag) not in ("item", "entry"):
            continue
        e: dict[str, str | None] = {"title": None, "link": None, "date": None, "summary": None}
        for c in el:
            name = _local(c.tag)
            text = (c.text or "").strip()
            if name == "title":
                e["title"] = text
            elif name == "link":
                href = c.get("href")
                if href and c.get("rel", "alternate") == "alternate":
                    e["link"] = href.strip()
                elif text and not e["link"]:
                    e["link"] = text
            elif name == "guid" and not e["link"] and text.startswith("http"):
                e["link"] = text
            elif name in ("pubdate", "published", "updated", "date", "issued") and not e["date"]:
                e["date"] = text
            elif name in ("description", "summary", "content", "encoded") and not e["summary"]:
                e["summary"] = "".join(c.itertext()).strip()
        if e["link"]:
            out.append(e)
    return out


def feed_date(raw: str | None, now: datetime, tz: Any) -> datetime | None:
    if not raw:
        return None
    try:
        dt = parsedate_to_datetime(raw)
        return dt if dt.tzinfo else dt.replace(tzinfo=tz)
    except (TypeError, ValueError, IndexError):
        return parse_date(raw, now, tz)


class FeedsSpider(SourceSpider):
    name = "feeds"
    source_kind = "feed"

    async def start(self):  # noqa: ANN201
        for source in self.sources:
            assert isinstance(source, FeedSource)
            for u in source.urls:
                yield scrapy.Request(source.abs_url(u), callback=self.parse_feed, errback=self.on_error,
                                     meta={"source": source.name})

    def parse_feed(self, response: Any):  # noqa: ANN201
        source: FeedSource = self.source_by_name[response.meta["source"]]
        self.crawler.stats.inc_value("ipwatch/feeds")
        for e in parse_feed(response.body):
            url = self.absolute(response.url, e["link"])
            if not url:
                continue
            dt = feed_date(e["date"], self.now(), self.tz)
            if self.too_old(dt):
                self.crawler.stats.inc_value("ipwatch/results_too_old")
                continue
            if source.follow:
                req = self.article_request(url, source, self.parse_article,
                                           listing_date=dt.isoformat() if dt else None, listing_title=e["title"])
                if req is not None:
                    yield req
            else:
                summary = re.sub(r"<[^>]+>", "", e["summary"] or "")
                html = f"<html><head><title>{e['title'] or ''}</title></head><body><h1>{e['title'] or ''}</h1>" \
                       f"<p>{summary}</p></body></html>"
                fake = response.replace(url=url, body=html.encode("utf-8"),
                                        headers={"Content-Type": "text/html; charset=utf-8"})
                fake.meta.update({"source": source.name, "listing_date": dt.isoformat() if dt else None,
                                  "listing_title": e["title"], "keys": []})
                if not self.state.seen(url_key_of(url)):
                    yield self.page_item(fake)

    def parse_article(self, response: Any):  # noqa: ANN201
        yield self.page_item(response)


def url_key_of(url: str) -> str:
    from crawlers.urls import url_key

    return url_key(url)
