"""Shared crawling: several crawl workers (processes or hosts) on one request queue, one dupefilter and
one seen-set in Redis (`crawl.redis_url`), through scrapy-redis.

* **request queue and dupefilter** — scrapy-redis's scheduler (`scrapy_redis.scheduler.Scheduler`, a
  priority queue) under keys of one *round* (`ipwatch:<prefix>:crawl:<round>:<spider>:…`): every worker
  of a round pushes its start requests, the dupefilter keeps one of each, and every worker pops from the
  same queue. A new round (a later crawl) starts with an empty dupefilter, so listings are read again;
  a round's keys expire after a day.
* **seen-set** — ipwatch's own exactly-once record moves to Redis (`SharedCrawlState`): a page is
  *claimed* by one worker (SET NX with a lease of `crawl.claim_ttl_seconds`) before it is handed over,
  marked seen (with the retention as TTL) only after the store accepted it, and an interrupted hand-over
  (a worker killed between the bulk write and the seen-set update) is resolved by the next worker that
  opens, by asking the store — as `crawlers/state.py` does for one process.
* **near-duplicates** stay per worker (the local MinHash index of `CrawlState`).

A worker whose spider goes idle stays open while another worker of the round is busy (it may still push
requests), so the round ends when the queue is empty and every worker is idle.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.dupefilter import RFPDupeFilter

from crawlers.state import CrawlState

ROUND_TTL = 86400          # seconds a round's queue and dupefilter are kept
BUSY_TTL = 15              # a worker that has not touched its busy mark for this long is idle (or dead)


def namespace(prefix: str) -> str:
    return f"ipwatch:{prefix}:crawl"


def round_id(now: float | None = None, seconds: float = 600) -> str:
    """The default round: workers started within the same `seconds` window share one."""
    return str(int((now or time.time()) // seconds))


def redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, decode_responses=True, socket_timeout=30, socket_connect_timeout=10,
                                retry_on_timeout=True)


def shared_scrapy_settings(redis_url: str, prefix: str, round_: str, per_domain: int) -> dict[str, Any]:
    """Scrapy settings of a worker of round `round_` (added to crawlers.runtime.scrapy_settings). A worker
    takes from the queue no more requests than it downloads at once, so the other workers get the rest."""
    base = f"{namespace(prefix)}:{round_}"
    return {
        "CONCURRENT_REQUESTS": per_domain,
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "SCHEDULER_PERSIST": True,          # other workers still use the queue when this one closes
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "SCHEDULER_QUEUE_KEY": f"{base}:%(spider)s:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{base}:%(spider)s:dupefilter",
        "DUPEFILTER_CLASS": "crawlers.shared.RoundDupeFilter",
        "REDIS_URL": redis_url,
        "IPWATCH_SHARED": {"redis_url": redis_url, "namespace": namespace(prefix), "round": round_},
    }


class RoundDupeFilter(RFPDupeFilter):
    """scrapy-redis's dupefilter whose set expires with its round (and is never cleared by one worker)."""

    _expiry_set = False

    def request_seen(self, request: Any) -> bool:
        seen = super().request_seen(request)
        if not self._expiry_set:
            self.server.expire(self.key, ROUND_TTL)
            self._expiry_set = True
        return seen

    def close(self, reason: str = "") -> None:
        pass                                  # the round's other workers still need it


class SharedCrawlState(CrawlState):
    """The seen-set, claims and interrupted hand-overs in Redis; near-duplicates stay local."""

    shared = True

    def __init__(self, state_dir: Path, window_days: int, redis_url: str, ns: str, claim_ttl: float,
                 retention_days: int | None = None):
        super().__init__(state_dir, window_days, retention_days)
        self.r = redis_client(redis_url)
        self.ns = ns
        self.claim_ttl = max(1, int(claim_ttl))
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"

    @classmethod
    def open_shared(cls, state_dir: Path, window_days: int, redis_url: str, ns: str, claim_ttl: float
                    ) -> SharedCrawlState:
        key = f"{Path(state_dir).resolve()}|{redis_url}|{ns}"
        with cls._lock:
            if key not in cls._instances:
                cls._instances[key] = cls(Path(state_dir), window_days, redis_url, ns, claim_ttl)
            return cls._instances[key]  # type: ignore[return-value]

    def _k(self, kind: str, key: str = "") -> str:
        return f"{self.ns}:{kind}:{key}" if key else f"{self.ns}:{kind}"

    def seen(self, key: str) -> str | None:
        v = self.r.get(self._k("seen", key))
        return None if v is None else v

    def claim(self, key: str) -> bool:
        """True for the one worker (of all) that may hand this page over now."""
        with self.lock:
            if key in self._claimed or self.seen(key) is not None:
                return False
            if not self.r.set(self._k("claim", key), self.worker, nx=True, ex=self.claim_ttl):
                return False
            if self.seen(key) is not None:     # handed over between the two reads
                return False
            self._claimed.add(key)
            return True

    def begin_handover(self, handed: list[tuple[list[str], str]]) -> None:
        if handed:
            now = time.time()
            self.r.hset(self._k("pending"), mapping={doc: json.dumps({"keys": list(dict.fromkeys(keys)), "at": now,
                                                                      "worker": self.worker})
                                                     for keys, doc in handed})

    def pending(self) -> dict[str, list[str]]:
        """Hand-overs older than a claim: their worker is gone (a live one finishes within seconds)."""
        cut = time.time() - self.claim_ttl
        out: dict[str, list[str]] = {}
        for doc, raw in self.r.hgetall(self._k("pending")).items():
            v = json.loads(raw)
            if v["at"] < cut or v.get("worker") == self.worker:
                out[doc] = v["keys"]
        return out

    def resolve_pending(self, stored_ids: set[str]) -> int:
        pend = self.pending()
        self.mark_many([(keys, doc) for doc, keys in pend.items() if doc in stored_ids])
        if pend:
            self.r.hdel(self._k("pending"), *pend)
        return sum(1 for d in pend if d in stored_ids)

    def mark_many(self, handed: list[tuple[list[str], str]]) -> None:
        ttl = int(self.retention)
        with self.lock:
            sigs, self._pending_sigs = self._pending_sigs, []
            if sigs:
                self.db.executemany("INSERT OR REPLACE INTO minhash(doc_id, at, sig) VALUES (?,?,?)", sigs)
        if not handed:
            return
        pipe = self.r.pipeline(transaction=True)
        for keys, doc in handed:
            for k in dict.fromkeys(keys):
                pipe.set(self._k("seen", k), doc, ex=ttl)
        docs = [doc for _, doc in handed if doc]
        if docs:
            pipe.hdel(self._k("pending"), *docs)
        pipe.execute()

    def prune(self) -> int:
        return 0                               # seen keys expire on their own

    def seen_count(self) -> int:
        return sum(1 for _ in self.r.scan_iter(self._k("seen", "*"), count=1000))


def open_state(ipw: Any, crawler_settings: Any) -> CrawlState:
    """The crawl state of a spider: shared through Redis for a worker of a round, else local."""
    shared = crawler_settings.get("IPWATCH_SHARED")
    state_dir, window = ipw.path(ipw.crawl.state_dir), ipw.crawl.look_back_days
    if not shared:
        return CrawlState.open(state_dir, window)
    return SharedCrawlState.open_shared(state_dir, window, shared["redis_url"], shared["namespace"],
                                        ipw.crawl.claim_ttl_seconds)


class RoundMembership:
    """Keeps a worker's spider open while another worker of its round is busy or requests are queued."""

    def __init__(self, crawler: Any, shared: dict[str, Any]):
        self.crawler = crawler
        self.r = redis_client(shared["redis_url"])
        self.base = f"{shared['namespace']}:{shared['round']}"
        self.me = f"{socket.gethostname()}:{os.getpid()}"
        self._last = 0.0
        crawler.signals.connect(self.busy, signal=signals.request_scheduled)
        crawler.signals.connect(self.busy, signal=signals.response_received)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    def _key(self, spider: Any) -> str:
        return f"{self.base}:{spider.name}:busy:{self.me}"

    def busy(self, *args: Any, spider: Any = None, **kw: Any) -> None:
        now = time.monotonic()
        if now - self._last >= 2.0:
            self.r.set(self._key(self.crawler.spider), "1", ex=BUSY_TTL)
            self._last = now

    def idle(self, spider: Any) -> None:
        self.r.delete(self._key(spider))
        self._last = 0.0
        queued = self.r.zcard(f"{self.base}:{spider.name}:requests")
        others = list(self.r.scan_iter(f"{self.base}:{spider.name}:busy:*", count=100))
        if queued or others:
            slot = getattr(self.crawler.engine, "_slot", None)   # look again in 0.5 s, not at the 5 s heartbeat
            if slot is not None and hasattr(slot, "nextcall"):
                slot.nextcall.schedule(0.5)
            raise DontCloseSpider

    def closed(self, spider: Any) -> None:
        self.r.delete(self._key(spider))
