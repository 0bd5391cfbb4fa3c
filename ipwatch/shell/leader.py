"""The leader lock: one daemon per Elasticsearch deployment (index prefix) runs the jobs.

A lease document (`lock:daemon` in the `state` index) is taken and renewed with optimistic
concurrency (`if_seq_no`); a second daemon refuses to start while it is fresh, or with `--standby`
waits and takes over when it expires — at once when the holder was a dead process on this host.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from ipwatch.clock import parse, utcnow
from ipwatch.errors import ConflictError

log = logging.getLogger("ipwatch.daemon")

LOCK_ID = "lock:daemon"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class LeaderLock:
    """A lease in the `state` index, taken and renewed with optimistic concurrency."""

    def __init__(self, store: Any, ttl: float, owner: str | None = None,
                 clock: Callable[[], datetime] = utcnow):
        self.store = store
        self.ttl = ttl
        self.clock = clock
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self.owner = owner or f"{self.host}:{self.pid}:{uuid.uuid4().hex[:8]}"
        self.index = store.ix.name("state")
        self._version: Any = None
        self.holder: dict[str, Any] | None = None   # the other owner's doc after a failed try

    @property
    def held(self) -> bool:
        return self._version is not None

    def _doc(self, now: datetime, started: str | None = None) -> dict[str, Any]:
        return {"id": LOCK_ID, "kind": "lock", "owner": self.owner, "heartbeat_at": now.isoformat(),
                "expires_at": (now + timedelta(seconds=self.ttl)).isoformat(), "updated_at": now.isoformat(),
                "data": {"host": self.host, "pid": self.pid, "ttl": self.ttl,
                         "started_at": started or now.isoformat()}}

    def stale_reason(self, src: dict[str, Any], now: datetime) -> str | None:
        """Why the lock in `src` may be taken over (None: it is held)."""
        if not src.get("owner") or src.get("released"):
            return "released"
        exp = parse(str(src.get("expires_at") or ""))
        if exp is None or exp <= now:
            return f"expired at {src.get('expires_at')}"
        data = src.get("data") or {}
        pid = data.get("pid")
        if data.get("host") == self.host and isinstance(pid, int) and pid != self.pid and not _pid_alive(pid):
            return f"its holder (pid {pid} on this host) is dead"
        return None

    def try_acquire(self) -> bool:
        now = self.clock()
        cur = self.store.get(self.index, LOCK_ID)
        if cur is not None and cur.source.get("owner") != self.owner:
            reason = self.stale_reason(cur.source, now)
            if reason is None:
                self.holder = cur.source
                return False
            log.warning("taking over the leader lock from %s: %s", cur.source.get("owner"), reason,
                        extra={"previous_owner": cur.source.get("owner")})
        try:
            self._version = self.store.put(self.index, LOCK_ID, self._doc(now), cur, refresh=True)
        except ConflictError:
            self._version = None
            got = self.store.get(self.index, LOCK_ID)
            self.holder = got.source if got else None
            return False
        self.holder = None
        return True

    def renew(self) -> bool:
        """Extend the lease; False when someone else took it (we are no longer the leader)."""
        if self._version is None:
            return False
        now = self.clock()
        started = (self._version.source.get("data") or {}).get("started_at")
        try:
            self._version = self.store.put(self.index, LOCK_ID, self._doc(now, started), self._version)
            return True
        except ConflictError:
            cur = self.store.get(self.index, LOCK_ID)
            if cur is not None and cur.source.get("owner") == self.owner:
                self._version = cur   # our own write that timed out but landed
                return self.renew()
            self._version = None
            self.holder = cur.source if cur else None
            return False

    def release(self) -> None:
        if self._version is None:
            return
        now = self.clock()
        doc = {**self._doc(now), "owner": None, "released": True, "expires_at": now.isoformat(),
               "data": {**self._doc(now)["data"], "released_by": self.owner}}
        try:
            self.store.put(self.index, LOCK_ID, doc, self._version, refresh=True)
        except Exception as exc:  # noqa: BLE001 - it expires on its own anyway
            log.warning("could not release the leader lock: %s", exc)
        self._version = None
