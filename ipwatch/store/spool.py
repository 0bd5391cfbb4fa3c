"""A local on-disk spool for writes made while Elasticsearch is unreachable.

Actions are appended (fsynced) to `pending.jsonl`. Replay renames it to `replaying-<n>.jsonl`
under a file lock, sends it in order and deletes it; a replay that fails half-way leaves the file
to be replayed first next time. Every spooled action is an idempotent `index` with a
deterministic `_id`, so sending part of a file twice cannot create a duplicate.

An action Elasticsearch rejects for good on replay (a mapping conflict: 400) goes to
`dead-letter.jsonl` with its error, never silently away: `ipwatch spool status` counts them,
`ipwatch spool dead` shows them, `ipwatch spool requeue` puts them back in the queue once the cause is
fixed. A full spool (`spool.max_bytes`) refuses new actions with SpoolFull.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ipwatch.errors import SpoolFull

Action = dict[str, Any]  # {"_index": ..., "_id": ..., "_source": {...}}


class Spool:
    def __init__(self, directory: Path, max_bytes: int = 2 * 1024**3):
        self.dir = Path(directory)
        self.max_bytes = max_bytes
        self.dir.mkdir(parents=True, exist_ok=True)
        self._pending = self.dir / "pending.jsonl"
        self.dead_path = self.dir / "dead-letter.jsonl"

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.dir / ".lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def files(self) -> list[Path]:
        """Spool files in replay order: half-replayed ones first, then pending."""
        replaying = sorted(self.dir.glob("replaying-*.jsonl"), key=lambda p: int(p.stem.split("-")[1]))
        return replaying + ([self._pending] if self._pending.exists() else [])

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.files())

    def count(self) -> int:
        n = 0
        for p in self.files():
            with open(p, "rb") as fh:
                n += sum(1 for line in fh if line.strip())
        return n

    def __bool__(self) -> bool:
        return any(p.stat().st_size for p in self.files())

    def append(self, actions: list[Action]) -> None:
        if not actions:
            return
        data = "".join(json.dumps(a, ensure_ascii=False, default=str) + "\n" for a in actions).encode()
        with self._locked():
            if self.size_bytes() + len(data) > self.max_bytes:
                raise SpoolFull(f"Elasticsearch is unreachable and the spool {self.dir} is full "
                                f"(spool.max_bytes {self.max_bytes}); {len(actions)} write(s) refused")
            with open(self._pending, "ab") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())

    def replay(self, send: Callable[[list[Action]], list[dict[str, Any]]], batch: int = 500) -> int:
        """Send spooled actions in order with `send` (which raises when ES is down and returns the
        actions rejected for good, each with `status` and `error`). Rejected ones go to the dead-letter
        file. Returns how many were stored."""
        sent = 0
        with self._locked():
            if self._pending.exists() and self._pending.stat().st_size:
                self._pending.rename(self.dir / f"replaying-{time.time_ns()}.jsonl")
            for path in self.files():
                if path == self._pending:
                    continue
                chunk: list[Action] = []
                with open(path, encoding="utf-8") as fh:
                    for line in fh:
                        if not line.strip():
                            continue
                        chunk.append(json.loads(line))
                        if len(chunk) >= batch:
                            sent += self._send(send, chunk)
                            chunk = []
                if chunk:
                    sent += self._send(send, chunk)
                path.unlink()
        return sent

    def _send(self, send: Callable[[list[Action]], list[dict[str, Any]]], chunk: list[Action]) -> int:
        rejected = send(chunk)
        if rejected:
            self._append_dead(chunk, rejected)
        return len(chunk) - len(rejected)

    def _append_dead(self, chunk: list[Action], rejected: list[dict[str, Any]]) -> None:
        by_key = {(a["_index"], a["_id"]): a for a in chunk}
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        lines = [json.dumps({"at": at, "status": r.get("status"), "error": r.get("error"),
                             "action": by_key.get((r.get("_index"), r.get("_id")), r)}, ensure_ascii=False, default=str)
                 + "\n" for r in rejected]
        with open(self.dead_path, "a", encoding="utf-8") as fh:
            fh.writelines(lines)
            fh.flush()
            os.fsync(fh.fileno())

    def dead_letters(self) -> list[dict[str, Any]]:
        """What Elasticsearch rejected for good: {at, status, error, action}, oldest first."""
        if not self.dead_path.exists():
            return []
        with open(self.dead_path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    def requeue_dead(self) -> int:
        """Put every dead letter back in the queue (after the mapping or data is fixed); returns how many."""
        with self._locked():
            dead = self.dead_letters()
            if not dead:
                return 0
            data = "".join(json.dumps(d["action"], ensure_ascii=False, default=str) + "\n" for d in dead).encode()
            with open(self._pending, "ab") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            self.dead_path.unlink()
        return len(dead)
