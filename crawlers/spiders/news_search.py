"""news_search: every watched entity's name and aliases against every search profile."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import scrapy

from crawlers.dates import parse_date
from crawlers.sources import SearchSource
from crawlers.spiders.base import SourceSpider, select_first, text_of


class NewsSearchSpider(SourceSpider):
    name = "news_search"
    source_kind = "search"

    def queries(self, source: SearchSource) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for e in self.watchlist.entities:
            names = {"all": e.names, "name": [e.name], "aliases": e.aliases or [e.name]}[source.names]
            for n in dict.fromkeys(names):
                out.append((e.id, source.query.format(name=n)))
        return out

    def search_url(self, source: SearchSource, query: str, page: int) -> str:
        q = quote(query, safe="", encoding=source.query_encoding)
        n = page - 1
        return source.abs_url(source.url.format(query=q, page=source.first_page + n, offset=n * source.page_size,
                                            days=self.ipw.crawl.look_back_days))

    async def start(self):  # noqa: ANN201
        for source in self.sources:
            assert isinstance(source, SearchSource)
            for entity_id, query in self.queries(source):
                yield scrapy.Request(self.search_url(source, query, 1), callback=self.parse_results,
                                     errback=self.on_error,
                                     meta={"source": source.name, "query_entity": entity_id, "query": query,
                                           "page": 1})

    def parse_results(self, response: Any):  # noqa: ANN201
        source: SearchSource = self.source_by_name[response.meta["source"]]
        sel = self.page_selector(response, source)
        page = response.meta["page"]
        stats = self.crawler.stats
        stats.inc_value("ipwatch/result_pages")
        items = sel.css(source.results.item.css) if source.results.item.css else sel.xpath(source.results.item.xpath)
        fresh = old = 0
        for it in items:
            url = self.absolute(response.url, select_first(it, source.results.link))
            if not url:
                continue
            raw_date = text_of(it, source.results.date)
            # a live result list: its `09-05` means this year (the engine's own convention)
            dt = parse_date(raw_date, self.now(), self.tz, source.date_format, yearless=True) if raw_date else None
            if self.too_old(dt):
                old += 1
                stats.inc_value("ipwatch/results_too_old")
                continue
            fresh += 1
            req = self.article_request(url, source, self.parse_article,
                                       query_entity=response.meta["query_entity"],
                                       listing_date=dt.isoformat() if dt else None,
                                       listing_title=text_of(it, source.results.title),
                                       listing_outlet=text_of(it, source.results.outlet))
            if req is not None:
                yield req
        # page on while results are within the look-back window
        if not items or page >= source.max_pages or (old and not fresh):
            return
        nxt = self.absolute(response.url, select_first(sel, source.next_page)) if source.next_page else \
            self.search_url(source, response.meta["query"], page + 1)
        if nxt:
            yield scrapy.Request(nxt, callback=self.parse_results, errback=self.on_error,
                                 meta={**{k: response.meta[k] for k in ("source", "query_entity", "query")},
                                       "page": page + 1})

    def parse_article(self, response: Any):  # noqa: ANN201
        yield self.page_item(response, listing_outlet=response.meta.get("listing_outlet"))
