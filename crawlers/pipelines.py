"""The article pipeline: extract, filter, link near-duplicates, write to the store exactly once.

Runs off the reactor thread (extraction and jieba are CPU work). Documents are written in bulk
batches (IPWATCH_BATCH_SIZE, and at least every 2 s); only after a batch is accepted by the store
(or its spool) are its URLs added to the seen-set, so a crawl killed at any moment fetches again
only what it had not handed over.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import threading
import time
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from scrapy.exceptions import DropItem

from crawlers.extractor import extract
from crawlers.records import extract_record
from crawlers.runtime import settings_from_crawler
from crawlers.state import CrawlState, signature
from crawlers.urls import domain_of, url_key
from ipwatch.names import NameIndex
from ipwatch.store import Store, doc_id
from ipwatch.store.text import segment

log = logging.getLogger(__name__)


def build_document(page: dict[str, Any], *, source: Any, tz: Any, now: datetime | None = None,
                   state: CrawlState | None = None) -> dict[str, Any] | None:
    """The article document (docs/contracts.md) for one fetched page; None when empty."""
    now = now or datetime.now(timezone.utc)
    art = extract(page["body"], page["url"], content_type=page.get("content_type"),
                  encoding=getattr(source, "encoding", None), now=now, tz=tz, trim=not page.get("record_type"))
    title = art["title"] or page.get("listing_title")
    text = art["text"] or ""
    if not title and not text:
        return None
    # no date on the page or its listing: published_at stays null (the fetch time is not a publish
    # date; the analysis then reports its event date unknown and the duty counts from first sighting)
    if art["published_at"]:
        published, how = art["published_at"], "page"
    elif page.get("listing_date"):
        published, how = page["listing_date"], "listing"
    else:
        published, how = None, "none"
    canonical = art["canonical_url"]
    doc: dict[str, Any] = {
        "id": doc_id(canonical),
        "url": page["url"],
        "canonical_url": canonical,
        "source": page["source"],
        "source_type": page["source_type"],
        "title": title,
        "title_seg": segment(title),
        "text": text,
        "text_seg": segment(text),
        "published_at": published,
        "published_at_source": how,
        "published_source": art["published_source"],
        "fetched_at": page.get("fetched_at") or now.isoformat(),
        "outlet": art["outlet"] or getattr(source, "outlet", None) or page.get("listing_outlet"),
        "outlet_domain": domain_of(canonical),
        "author": art["author"],
        "origin": art["origin"],
        "language": art["language"],
        "query_entity": page.get("query_entity"),
        "duplicate_of": None,
        "record": None,
        "replies": art["replies"],
        "analysis": {"status": "pending"},
    }
    if getattr(source, "outlet", None) and source.type == "official":
        doc["outlet"] = source.outlet
    if page.get("record_type"):
        html = page["body"].decode(art["encoding"], "replace") if art["encoding"] not in ("unicode",) \
            else page["body"]
        doc["record"] = extract_record(html, source.label_map(), page["record_type"], now, tz,
                                       fields=source.fields, authority=source.authority, fallback_text=text)
        if how != "page" and doc["record"].get("decision_date"):
            day = datetime.fromisoformat(doc["record"]["decision_date"])
            doc["published_at"], doc["published_at_source"] = day.replace(tzinfo=tz).isoformat(), "page"
    sig = signature(text)
    if sig is not None:
        doc["minhash"] = base64.b64encode(sig.hashvalues.astype("<u8").tobytes()).decode("ascii")
        doc["_sig"] = sig
        if state is not None:
            doc["duplicate_of"] = state.near_duplicate(doc["id"], sig)
    return doc


def _warm_up() -> None:
    segment("知识产权运营平台")
    extract(b"<html><head><title>t</title></head><body><p>warm</p></body></html>", "http://127.0.0.1/")


class ArticlePipeline:
    def __init__(self, crawler: Any):
        self.crawler = crawler
        self.ipw = settings_from_crawler(crawler)
        self.tz = ZoneInfo(self.ipw.timezone)
        self.batch_size = crawler.settings.getint("IPWATCH_BATCH_SIZE", 50)
        self.threaded = crawler.settings.getbool("IPWATCH_PIPELINE_THREADS", True)
        self.store: Store | None = None
        self.buffer: list[tuple[dict[str, Any], list[str]]] = []
        self.lock = threading.Lock()
        self.flush_lock = threading.Lock()
        self.last_flush = time.monotonic()
        self._ticker: asyncio.Task | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArticlePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.store = self.crawler.settings.get("IPWATCH_STORE") or Store(self.ipw)
        spider = self.crawler.spider
        self.state: CrawlState = spider.state
        self.names = NameIndex(spider.watchlist)
        self.by_id = spider.watchlist.by_id()
        self._resolve_interrupted()
        try:
            loop = asyncio.get_event_loop()
            self._ticker = loop.create_task(self._tick())
            # load jieba's dictionary and trafilatura while the first pages download
            self._warm = loop.create_task(asyncio.to_thread(_warm_up))
        except RuntimeError:
            self._ticker = None

    def _resolve_interrupted(self) -> None:
        """A previous crawl killed between a bulk write and the seen-set update: ask the store."""
        pend = self.state.pending()
        if not pend:
            return
        try:
            alias = self.store.ix.name("articles")
            self.store.refresh(alias)
            res = self.store.search(alias, query={"ids": {"values": list(pend)}}, size=len(pend), _source=False)
            found = {h["_id"] for h in res["hits"]["hits"]}
        except Exception as exc:  # noqa: BLE001 - unknown: those pages are fetched again (idempotent ids)
            log.warning("could not check %d interrupted hand-over(s): %s", len(pend), exc)
            return
        n = self.state.resolve_pending(found)
        log.info("resumed: %d of %d documents of an interrupted hand-over were stored", n, len(pend))

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(2.0)
            if self.buffer and time.monotonic() - self.last_flush >= 2.0:
                await asyncio.to_thread(self.flush)

    async def process_item(self, item: dict[str, Any]) -> Any:
        if not item.get("_page"):
            return item
        if not self.threaded:
            return self._process(item)
        return await asyncio.to_thread(self._process, item)

    def _process(self, page: dict[str, Any]) -> dict[str, Any]:
        stats = self.crawler.stats
        spider = self.crawler.spider
        source = spider.source_by_name[page["source"]]
        keys = list(page.get("keys", []))
        try:
            doc = build_document(page, source=source, tz=self.tz, state=None)
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the crawl
            log.exception("extraction failed for %s", page["url"])
            stats.inc_value("ipwatch/extract_errors")
            raise DropItem(f"extraction failed: {exc}") from exc
        if doc is None:
            stats.inc_value("ipwatch/empty_pages")
            raise DropItem(f"{page['url']}: no title or text")
        keys.append(url_key(doc["canonical_url"]))
        # drop what is outside the window or not about anyone watched (remembered as seen)
        published = datetime.fromisoformat(doc["published_at"]) if doc["published_at"] else None
        if published is not None and spider.too_old(published):
            self.state.mark_seen(keys, "")
            stats.inc_value("ipwatch/too_old")
            raise DropItem(f"{page['url']}: published {doc['published_at']}, outside the look-back window")
        hay = f"{doc['title'] or ''}\n{doc['text']}\n{(doc.get('record') or {}).get('party') or ''}"
        found = self.names.mentioned(hay)
        if doc["query_entity"]:
            want = {n for n in self.by_id[doc["query_entity"]].names} if doc["query_entity"] in self.by_id else set()
            if source.require_mention and not any(n in hay for n in want):
                self.state.mark_seen(keys, "")
                stats.inc_value("ipwatch/irrelevant")
                raise DropItem(f"{page['url']}: does not mention {doc['query_entity']}")
        elif source.require_mention and not found:
            self.state.mark_seen(keys, "")
            stats.inc_value("ipwatch/irrelevant")
            raise DropItem(f"{page['url']}: mentions no watched entity")
        if not self.state.claim(url_key(doc["canonical_url"])):  # another link to a page handed over
            if self.state.seen(url_key(doc["canonical_url"])) is not None or not getattr(self.state, "shared", False):
                self.state.mark_seen(keys, doc["id"])   # (shared: a claim of a live worker is not yet seen)
            stats.inc_value("ipwatch/skipped_seen")
            raise DropItem(f"{page['url']}: already stored as {doc['canonical_url']}")
        sig = doc.pop("_sig", None)
        if sig is not None:
            doc["duplicate_of"] = self.state.near_duplicate(doc["id"], sig)
            if doc["duplicate_of"]:
                stats.inc_value("ipwatch/near_duplicates")
        with self.lock:
            self.buffer.append((doc, keys))
            full = len(self.buffer) >= self.batch_size
        if full:
            self.flush()
        return {k: doc[k] for k in ("id", "canonical_url", "title", "published_at", "duplicate_of")}

    def flush(self) -> None:
        with self.flush_lock:
            with self.lock:
                batch, self.buffer = self.buffer, []
                self.last_flush = time.monotonic()
            if not batch:
                return
            self.state.begin_handover([(keys, doc["id"]) for doc, keys in batch])
            actions = []
            for doc, _ in batch:
                when = datetime.fromisoformat(doc["published_at"] or doc["fetched_at"])
                actions.append({"_index": self.store.ix.article_index(when), "_id": doc["id"], "_source": doc})
            res = self.store.write(actions)
            failed = {f["_id"] for f in res.failed}
            stats = self.crawler.stats
            handed = []
            for doc, keys in batch:
                if doc["id"] in failed:
                    stats.inc_value("ipwatch/store_errors")
                    continue
                handed.append((keys, doc["id"]))
                stats.inc_value("ipwatch/stored")
            self.state.mark_many(handed)
            if failed:
                self.state.resolve_pending(set())
            if res.spooled:
                stats.inc_value("ipwatch/spooled", res.spooled)

    def close_spider(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
        self.flush()
