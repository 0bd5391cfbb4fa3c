"""A local on-disk spool for writes made while Elasticsearch is unreachable.

Actions are appended (fsynced) to `pending.jsonl`. Replay renames it to `replaying-<n>.jsonl`
under a file lock, sends it in order and deletes it; a replay that fails half-way leaves the file
to be replayed first next time. Every spooled action is an idempotent `index` with a
deterministic `_id`, so sending part of a file twice cannot create a duplicate.
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

Action = dict[str, Any]  # {"_index": ..., "_id": ..., "_source": {...}}


class Spool:
    def __init__(self, directory: Path, max_bytes: int = 2 * 1024**3):
        self.dir = Path(directory)
        self.max_bytes = max_bytes
        self.dir.mkdir(parents=True, exist_ok=True)
        self._pending = self.dir / "pending.jsonl"

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
                raise OSError(f"spool {self.dir} is full ({self.max_bytes} bytes); refusing to drop writes")
            with open(self._pending, "ab") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())

    def replay(self, send: Callable[[list[Action]], None], batch: int = 500) -> int:
        """Send spooled actions in order with `send` (which raises when ES is down). Returns count."""
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
                            send(chunk)
                            sent += len(chunk)
                            chunk = []
                if chunk:
                    send(chunk)
                    sent += len(chunk)
                path.unlink()
        return sent
