"""Work spread over several processes or hosts: a Redis stream with a consumer group.

The leader publishes work items (document ids) with `publish`; each worker `take`s a batch with
XREADGROUP (a message goes to one consumer of the group), does it, and `ack`s it (XACK). A worker that
dies mid-batch leaves its messages pending in the group; after `claim_idle` seconds without an ack
another worker takes them over with XAUTOCLAIM, so nothing is lost. An item is published once while it
waits (a `queued:<id>` mark with a lease), so a leader that runs again does not queue it twice; the work
itself must be idempotent and conditional (the caller writes with `if_seq_no`), so a batch taken over
from a worker that was slow rather than dead is still stored once.

Work on a shared key (an entity whose events two batches would rewrite) is serialised with `hold`: a
Redis key set with NX and a TTL, released only by its holder; a holder that dies lets it expire.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"


class LeaseBusy(RuntimeError):
    """Another worker held the key for longer than we were willing to wait."""


@dataclass
class Batch:
    """Messages taken by one consumer: their stream ids and the item ids they carry."""

    message_ids: list[str]
    items: list[str]
    reclaimed: int = 0          # how many were taken over from a consumer that did not ack them


class WorkQueue:
    def __init__(self, redis_url: str, name: str, group: str = "workers", consumer: str | None = None,
                 claim_idle: float = 60.0, lease: float = 3600.0, client: Any = None):
        import redis

        self.r = client or redis.Redis.from_url(redis_url, decode_responses=True, socket_timeout=30,
                                                retry_on_timeout=True)
        self.stream, self.group = name, group
        self.consumer = consumer or f"{socket.gethostname()}:{os.getpid()}"
        self.claim_idle_ms = int(claim_idle * 1000)
        self.lease = int(lease)
        try:
            self.r.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except redis.ResponseError as exc:          # BUSYGROUP: it exists
            if "BUSYGROUP" not in str(exc):
                raise

    def publish(self, items: list[str], per_message: int = 1) -> int:
        """Queue the items not already waiting; returns how many were queued."""
        fresh = [i for i in items if self.r.set(f"{self.stream}:queued:{i}", "1", nx=True, ex=self.lease)]
        for start in range(0, len(fresh), per_message):
            self.r.xadd(self.stream, {"items": ",".join(fresh[start:start + per_message])})
        return len(fresh)

    def take(self, count: int = 10, block: float = 1.0) -> Batch:
        """Up to `count` messages: first those a dead consumer left unacked, then new ones."""
        ids: list[str] = []
        items: list[str] = []
        _, claimed, _ = self.r.xautoclaim(self.stream, self.group, self.consumer, self.claim_idle_ms,
                                          start_id="0-0", count=count)
        for mid, fields in claimed:
            if fields:                               # None: the message was deleted meanwhile
                ids.append(mid)
                items += fields["items"].split(",")
        reclaimed = len(ids)
        if len(ids) < count:
            got = self.r.xreadgroup(self.group, self.consumer, {self.stream: ">"}, count=count - len(ids),
                                    block=int(block * 1000) or None)
            for _, messages in got or []:
                for mid, fields in messages:
                    ids.append(mid)
                    items += fields["items"].split(",")
        return Batch(ids, [i for i in items if i], reclaimed)

    def ack(self, batch: Batch) -> None:
        """Done: acknowledge and delete the messages, and let their items be queued again later."""
        if not batch.message_ids:
            return
        pipe = self.r.pipeline(transaction=True)
        pipe.xack(self.stream, self.group, *batch.message_ids)
        pipe.xdel(self.stream, *batch.message_ids)
        for i in batch.items:
            pipe.delete(f"{self.stream}:queued:{i}")
        pipe.execute()

    def drain(self, stop: Any, handle: Callable[[Batch], Mapping[str, Any]], total: dict[str, int], batch: int = 4,
              idle_exit: float | None = None, block: float = 0.5) -> dict[str, int]:
        """A worker's loop until `stop` (a threading.Event) is set, or nothing came for `idle_exit`
        seconds: `handle` each batch, XACK it only once `handle` returned (its writes are stored), and add
        to `total` the batches, the reclaimed messages and every count `handle` returns that `total` has."""
        total.setdefault("batches", 0)
        total.setdefault("reclaimed", 0)
        last = time.monotonic()
        while not stop.is_set():
            b = self.take(count=batch, block=block)
            if not b.message_ids:
                if idle_exit is not None and time.monotonic() - last > idle_exit:
                    break
                continue
            counts = handle(b)
            self.ack(b)
            last = time.monotonic()
            total["batches"] += 1
            total["reclaimed"] += b.reclaimed
            for k in total.keys() & counts.keys() - {"batches", "reclaimed"}:
                total[k] += counts[k]
        return total

    def unmark(self, batch: Batch) -> None:
        """Let the batch's items be queued again at once (while it is being worked on): an item that
        changes meanwhile gets a new message rather than being lost."""
        if batch.items:
            self.r.delete(*[f"{self.stream}:queued:{i}" for i in batch.items])

    @contextmanager
    def hold(self, key: str, ttl: float, wait: float | None = None) -> Iterator[None]:
        """Hold `key` alone among the workers of this stream (SET NX PX; released only by its holder,
        expiring after `ttl` seconds if the holder dies). Waits up to `wait` (default `ttl`) seconds."""
        name, token = f"{self.stream}:lease:{key}", uuid.uuid4().hex
        deadline = time.monotonic() + (ttl if wait is None else wait)
        while not self.r.set(name, token, nx=True, px=int(ttl * 1000)):
            if time.monotonic() > deadline:
                raise LeaseBusy(key)
            time.sleep(0.05)
        try:
            yield
        finally:
            self.r.eval(_RELEASE, 1, name, token)

    def backlog(self) -> dict[str, int]:
        """Messages waiting (not yet delivered) and pending (delivered, not acked)."""
        info = self.r.xinfo_groups(self.stream)
        g = next((x for x in info if x["name"] == self.group), {})
        return {"waiting": int(g.get("lag") or 0), "pending": int(g.get("pending") or 0)}
