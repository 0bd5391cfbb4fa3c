"""official: list-and-detail publicity pages (行政处罚公示, court / enforcement notices, announcements)."""

from __future__ import annotations

from typing import Any

import scrapy

from crawlers.dates import parse_date
from crawlers.sources import OfficialSource
from crawlers.spiders.base import SourceSpider, select_first, text_of


class OfficialSpider(SourceSpider):
    name = "official"
    source_kind = "official"

    async def start(self):  # noqa: ANN201
        for source in self.sources:
            assert isinstance(source, OfficialSource)
            for u in source.list_urls:
                yield scrapy.Request(source.abs_url(u), callback=self.parse_list, errback=self.on_error,
                                     meta={"source": source.name, "page": 1})

    def parse_list(self, response: Any):  # noqa: ANN201
        source: OfficialSource = self.source_by_name[response.meta["source"]]
        sel = self.page_selector(response, source)
        self.crawler.stats.inc_value("ipwatch/list_pages")
        rows = sel.css(source.item.css) if source.item.css else sel.xpath(source.item.xpath)
        fresh = old = 0
        for row in rows:
            url = self.absolute(response.url, select_first(row, source.link))
            if not url:
                continue
            raw = text_of(row, source.date)
            dt = parse_date(raw, self.now(), self.tz, yearless=True) if raw else None  # a live list: this year
            if self.too_old(dt):
                old += 1
                self.crawler.stats.inc_value("ipwatch/results_too_old")
                continue
            fresh += 1
            req = self.article_request(url, source, self.parse_detail, listing_date=dt.isoformat() if dt else None,
                                       listing_title=text_of(row, source.title))
            if req is not None:
                yield req
        page = response.meta["page"]
        if source.next_page and rows and page < source.max_pages and not (old and not fresh):
            nxt = self.absolute(response.url, select_first(sel, source.next_page))
            if nxt and nxt != response.url:
                yield scrapy.Request(nxt, callback=self.parse_list, errback=self.on_error,
                                     meta={"source": source.name, "page": page + 1})

    def parse_detail(self, response: Any):  # noqa: ANN201
        yield self.page_item(response, record_type=self.source_by_name[response.meta["source"]].record_type)
