"""The outbox: every notification is recorded in Elasticsearch before it is sent.

1. `enqueue` writes one document per (notification, channel) with `op_type=create` and
   `_id` = idempotency key = sha1(notification key, channel). Recording the same notification
   again is a no-op, so a job that is re-run (or resumes after a crash) never duplicates it.
2. `dispatch` claims due documents with optimistic concurrency (`if_seq_no`/`if_primary_term`):
   status `sending`, a lease and one more attempt. Only the claimant sends.
3. After the send the document becomes `sent`; a failure puts it back to `pending` with
   exponential back-off, or `failed` after `max_attempts` or a non-retryable error.
4. A claim whose lease ran out (the process died between "recorded" and "sent") is claimed
   again and sent. Delivery is at-least-once: a crash *during* the network call can repeat a
   message, so the key travels with it (HTTP `Idempotency-Key`, email Message-ID) for the
   receiver to drop the repeat.

Short of a crash nothing is sent twice. A lease runs from the moment of the claim (not from the start
of a round that may have spent minutes on slow receivers) and outlasts a send (`lease_seconds` >
`timeout_seconds`, checked when alerts.yaml is read). One process runs one round at a time (`Sends`:
evaluate's dispatch waits for the dispatch job's). An outcome the store cannot take at once (a node
failing over) is retried until the lease would run out, and a `sent` it still refuses is kept by the
process, which neither claims that message again nor forgets to record it.

Silenced notifications are recorded with status `silenced` and not sent; a channel over its rate
limit keeps its messages `pending` until the window has room.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
import uuid
from datetime import datetime, timedelta
from typing import Any

from alerts import channels
from ipwatch.clock import iso, parse
from alerts.messages import console_link, render
from alerts.routing import AlertsConfig
from elasticsearch import ApiError

from ipwatch.errors import ConflictError, StoreUnavailable
from ipwatch.store import Store, Versioned, doc_id
from ipwatch.store.store import RETRY_STATUSES

log = logging.getLogger("alerts.outbox")

OWNER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def redact(text: str, secrets: list[str]) -> str:
    for s in secrets:
        if s and len(s) >= 4:
            text = text.replace(s, "***")
    return text


def enqueue(store: Store, cfg: AlertsConfig, n: dict[str, Any], now: datetime) -> dict[str, int]:
    """Record a notification for every channel its routes choose. Returns counts."""
    counts = {"recorded": 0, "already": 0, "unrouted": 0}
    targets = cfg.route(n)
    if not targets:
        counts["unrouted"] = 1
        log.info("no route for %s notification %s", n["kind"], n["key"][:12])
        return counts
    if cfg.dashboard_url and not n.get("dashboard_url"):
        n = {**n, "dashboard_url": cfg.dashboard_url}
    link = console_link(n, cfg.console_url)
    if link and not n.get("console_url"):
        n = {**n, "console_url": link}
    message = render(n)
    index = store.ix.name("outbox")
    for route, channel in targets:
        key = doc_id("notify", n["key"], channel)
        doc = {"id": key, "idempotency_key": key, "channel": channel, "route": route, "status": "pending",
               "attempts": 0, "next_attempt_at": iso(now), "created_at": iso(now), "kind": n["kind"],
               "state": n.get("state", "firing"), "alert_id": n.get("alert_id"), "duty_id": n.get("duty_id"),
               "entity_id": n.get("entity_id"), "platforms": n.get("platforms") or [],
               "severity": n.get("severity"), "subject": message["title"],
               "payload": {"message": message, "notification": n}}
        try:
            store.put(index, key, doc, None)
            counts["recorded"] += 1
        except ConflictError:
            counts["already"] += 1
    return counts


def due_query(now: datetime) -> dict[str, Any]:
    t = iso(now)
    return {"bool": {"should": [
        {"bool": {"filter": [{"term": {"status": "pending"}}, {"range": {"next_attempt_at": {"lte": t}}}]}},
        {"bool": {"filter": [{"term": {"status": "sending"}}, {"range": {"lease_until": {"lte": t}}}]}},
    ], "minimum_should_match": 1}}


class _RateLimiter:
    def __init__(self, store: Store, cfg: AlertsConfig, now: datetime):
        self.store, self.cfg, self.now = store, cfg, now
        self.used: dict[str, int] = {}

    def allow(self, channel: str) -> datetime | None:
        """None if a message may go now, else when to try again."""
        rl = self.cfg.channels[channel].rate_limit
        if rl is None:
            return None
        if channel not in self.used:
            since = iso(self.now - timedelta(seconds=rl.per_seconds))
            self.used[channel] = self.store.count(self.store.ix.name("outbox"), {"bool": {"filter": [
                {"term": {"channel": channel}}, {"term": {"status": "sent"}}, {"range": {"sent_at": {"gt": since}}}]}})
        if self.used[channel] >= rl.max:
            return self.now + timedelta(seconds=min(rl.per_seconds, 300))
        self.used[channel] += 1
        return None


def _backoff(cfg: AlertsConfig, attempts: int) -> float:
    o = cfg.outbox
    return min(o.backoff_max_seconds, o.backoff_initial_seconds * (2 ** max(0, attempts - 1)))


class Sends:
    """What one process's dispatch rounds share: one round at a time, and the messages it sent whose
    `sent` the store has not taken yet (id → document and the claim it replaces)."""

    def __init__(self, app: Any = None):
        self.lock = threading.Lock()
        self.unrecorded: dict[str, tuple[dict[str, Any], Versioned]] = {}

    def flush(self, store: Store, index: str) -> None:
        """Record the kept outcomes; those the store still refuses stay kept."""
        for key, (doc, claimed) in list(self.unrecorded.items()):
            try:
                _put(store, index, doc, claimed)
            except (StoreUnavailable, ApiError) as exc:
                log.warning("outbox %s: sent, and still not recorded (%s)", key[:12], exc)
                continue
            del self.unrecorded[key]


def dispatch(store: Store, cfg: AlertsConfig, now: datetime, ids: list[str] | None = None,
             crash_after_claim: bool = False, sends: Sends | None = None) -> dict[str, int]:
    """Send what is due. `now` is when the round starts; leases are taken at `now` plus the time the
    round has run. `sends` is the process's (a fresh one if None). `crash_after_claim` (tests only) stops
    right after the first claim, the way a killed process would."""
    sends = sends or Sends()
    with sends.lock:
        return _round(store, cfg, now, ids, crash_after_claim, sends)


def _round(store: Store, cfg: AlertsConfig, now: datetime, ids: list[str] | None, crash_after_claim: bool,
           sends: Sends) -> dict[str, int]:
    index = store.ix.name("outbox")
    counts = {"sent": 0, "retry": 0, "failed": 0, "silenced": 0, "rate_limited": 0, "skipped": 0}
    started = time.monotonic()

    def clock() -> datetime:
        return now + timedelta(seconds=time.monotonic() - started)

    sends.flush(store, index)
    store.refresh(index)
    query = due_query(now)
    if ids:
        query = {"bool": {"filter": [query, {"ids": {"values": ids}}]}}
    hits = store.search(index, query=query, size=cfg.outbox.batch, sort=[{"next_attempt_at": "asc"}],
                        source=False)["hits"]["hits"]
    limiter = _RateLimiter(store, cfg, now)
    secrets = cfg.secret_values()
    for h in hits:
        if h["_id"] in sends.unrecorded:          # sent by this process; its outcome waits for the store
            counts["skipped"] += 1
            continue
        cur = store.get(index, h["_id"])
        if cur is None:
            continue
        doc = dict(cur.source)
        t = clock()
        lease = parse(doc.get("lease_until"))
        due = parse(doc.get("next_attempt_at"))
        eligible = (doc["status"] == "pending" and (due is None or due <= t)) or \
                   (doc["status"] == "sending" and (lease is None or lease <= t))
        if not eligible:
            counts["skipped"] += 1
            continue
        n = doc["payload"].get("notification") or {}
        ch_cfg = cfg.channels.get(doc["channel"])
        silence = cfg.silenced(n, now)
        if silence is not None or ch_cfg is None or not ch_cfg.enabled:
            why = f"silenced: {silence.reason}" if silence else f"channel {doc['channel']} removed or disabled"
            doc.update(status="silenced", last_error=why, updated_at=iso(now))
            _put(store, index, doc, cur)
            counts["silenced"] += 1
            continue
        later = limiter.allow(doc["channel"])
        if later is not None:
            doc.update(status="pending", next_attempt_at=iso(later), last_error="rate limit", lease_until=None)
            _put(store, index, doc, cur)
            counts["rate_limited"] += 1
            continue
        doc.update(status="sending", lease_until=iso(t + timedelta(seconds=cfg.outbox.lease_seconds)),
                   lease_owner=OWNER, attempts=int(doc.get("attempts") or 0) + 1, updated_at=iso(t))
        try:
            claimed = store.put(index, cur.id, doc, cur, refresh=False)
        except ConflictError:
            counts["skipped"] += 1   # another dispatcher has it
            continue
        claimed_at = time.monotonic()
        if crash_after_claim:
            return counts
        message = {**doc["payload"]["message"], "notification": _public(n)}
        try:
            receipt = channels.send(ch_cfg, message, doc["idempotency_key"], cfg.outbox.timeout_seconds,
                                    policy=cfg.http)
        except channels.DeliveryError as exc:
            err = redact(str(exc), secrets)
            final = not exc.retryable or doc["attempts"] >= cfg.outbox.max_attempts
            doc.update(status="failed" if final else "pending", last_error=err, lease_until=None,
                       next_attempt_at=iso(now + timedelta(seconds=_backoff(cfg, doc["attempts"]))))
            (log.error if final else log.warning)(
                "notification %s via %s %s (attempt %d): %s", doc["id"][:12], doc["channel"],
                "failed for good" if final else "will be retried", doc["attempts"], err)
            _record(store, cfg, index, doc, claimed, claimed_at)
            counts["failed" if final else "retry"] += 1
            continue
        except Exception as exc:  # noqa: BLE001 - a bug in one channel must not stop the others
            err = redact(f"{type(exc).__name__}: {exc}", secrets)
            doc.update(status="pending", last_error=err, lease_until=None,
                       next_attempt_at=iso(now + timedelta(seconds=_backoff(cfg, doc["attempts"]))))
            # the traceback is logged redacted (an exception text may hold a URL with a key in it)
            log.error("notification %s via %s: unexpected error %s\n%s", doc["id"][:12], doc["channel"], err,
                      redact(traceback.format_exc(), secrets))
            _record(store, cfg, index, doc, claimed, claimed_at)
            counts["retry"] += 1
            continue
        doc.update(status="sent", sent_at=iso(clock()), lease_until=None, last_error=None,
                   receipt=redact(receipt, secrets))
        log.info("notification %s sent via %s (%s)", doc["id"][:12], doc["channel"], doc["subject"])
        counts["sent"] += 1
        if not _record(store, cfg, index, doc, claimed, claimed_at):
            sends.unrecorded[doc["id"]] = (doc, claimed)
    return counts


def _record(store: Store, cfg: AlertsConfig, index: str, doc: dict[str, Any], claimed: Versioned,
            claimed_at: float) -> bool:
    """Write a send's outcome over the claim, retrying while the store fails over, until the lease would
    run out (then another dispatcher may take the claim over). False: not recorded."""
    give_up = claimed_at + cfg.outbox.lease_seconds * 0.9
    delay = min(0.5, cfg.outbox.lease_seconds / 20)
    while True:
        try:
            _put(store, index, doc, claimed)
            return True
        except (StoreUnavailable, ApiError) as exc:
            if isinstance(exc, ApiError) and exc.meta.status not in RETRY_STATUSES:
                raise
            if time.monotonic() + delay >= give_up:
                log.error("outbox %s: %s, and the store did not take it: %s", doc["id"][:12], doc["status"], exc)
                return False
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def _public(n: dict[str, Any]) -> dict[str, Any]:
    keep = ("key", "kind", "state", "entity_id", "entity_name", "entity_type", "platforms", "risk_type",
            "severity", "due", "duty_id", "alert_id", "urgent", "overdue", "links")
    return {k: n.get(k) for k in keep if k in n}


def _put(store: Store, index: str, doc: dict[str, Any], expected: Any) -> None:
    try:
        store.put(index, doc["id"], doc, expected)
    except ConflictError:
        log.warning("outbox %s changed while it was being sent; leaving the newer state", doc["id"][:12])
