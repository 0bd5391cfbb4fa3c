"""Crawl state on disk (`settings.crawl.state_dir/crawl.sqlite`): the seen-set and near-dup index.

* **seen** — canonical URL keys of articles handed over (written to the store or its spool).
  Checked before an article is fetched, so a crawl killed with SIGKILL resumes without fetching
  again what it finished. Rows older than the retention are pruned, so it stays bounded; an
  article that old is outside the look-back window and is skipped anyway.
* **minhash** — MinHash signatures of first copies seen within the look-back window, restored
  into an in-memory `datasketch.MinHashLSH` at start; reposts are linked to the first copy.

Both are shared by every spider of one process (one crawl job runs all its spiders in one
process) and safe for several processes (SQLite WAL, short transactions).
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SHINGLE = 5
THRESHOLD = 0.7
SCHEME = "affine32"  # pinned: stored signatures stay comparable across datasketch versions
_STRIP = re.compile(r"[\s\W_]+", re.UNICODE)


def signature(text: str) -> MinHash | None:
    """MinHash of the character 5-shingles of `text` (punctuation and spaces removed)."""
    norm = _STRIP.sub("", text or "")
    if len(norm) < 30:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME)
    shingles = {norm[i: i + SHINGLE] for i in range(len(norm) - SHINGLE + 1)}
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


class CrawlState:
    _instances: dict[str, CrawlState] = {}
    _lock = threading.Lock()

    @classmethod
    def open(cls, state_dir: Path, window_days: int, retention_days: int | None = None) -> CrawlState:
        key = str(Path(state_dir).resolve())
        with cls._lock:
            if key not in cls._instances:
                cls._instances[key] = cls(Path(state_dir), window_days, retention_days)
            return cls._instances[key]

    def __init__(self, state_dir: Path, window_days: int, retention_days: int | None = None):
        state_dir.mkdir(parents=True, exist_ok=True)
        self.path = state_dir / "crawl.sqlite"
        self.window = window_days * 86400
        self.retention = (retention_days or max(4 * window_days, 30)) * 86400
        self.lock = threading.RLock()
        self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, doc_id TEXT, at REAL)")
        self.db.execute("CREATE TABLE IF NOT EXISTS minhash (doc_id TEXT PRIMARY KEY, at REAL, sig BLOB)")
        self.db.execute("CREATE TABLE IF NOT EXISTS pending (key TEXT, doc_id TEXT, at REAL)")
        self.db.execute("CREATE INDEX IF NOT EXISTS seen_at ON seen(at)")
        self.db.execute("CREATE INDEX IF NOT EXISTS minhash_at ON minhash(at)")
        self.prune()
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._lsh_keys: dict[str, float] = {}
        self._claimed: set[str] = set()  # canonical keys being handed over by this process
        self._pending_sigs: list[tuple[str, float, bytes]] = []
        self._restore()

    # --- seen-set ------------------------------------------------------------------------------
    def seen(self, key: str) -> str | None:
        with self.lock:
            row = self.db.execute("SELECT doc_id FROM seen WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def claim(self, key: str) -> bool:
        """True for the first caller in this process for a key not handed over before."""
        with self.lock:
            if key in self._claimed or self.seen(key):
                return False
            self._claimed.add(key)
            return True

    def begin_handover(self, handed: list[tuple[list[str], str]]) -> None:
        """Remember a batch about to be written: a crash between the write and `mark_many` is
        resolved at the next start by asking the store which of these documents exist."""
        now = time.time()
        with self.lock:
            self.db.executemany("INSERT INTO pending(key, doc_id, at) VALUES (?,?,?)",
                                [(k, doc, now) for keys, doc in handed for k in dict.fromkeys(keys)])

    def pending(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        with self.lock:
            for key, doc in self.db.execute("SELECT key, doc_id FROM pending").fetchall():
                out.setdefault(doc, []).append(key)
        return out

    def resolve_pending(self, stored_ids: set[str]) -> int:
        """Documents of an interrupted hand-over that reached the store count as seen; forget the rest."""
        pend = self.pending()
        self.mark_many([(keys, doc) for doc, keys in pend.items() if doc in stored_ids])
        with self.lock:
            self.db.execute("DELETE FROM pending")
        return sum(1 for d in pend if d in stored_ids)

    def mark_seen(self, keys: list[str], doc_id: str) -> None:
        self.mark_many([(keys, doc_id)])

    def mark_many(self, handed: list[tuple[list[str], str]]) -> None:
        """Record handed-over pages (and the signatures of new first copies) in one transaction."""
        now = time.time()
        rows = [(k, doc, now) for keys, doc in handed for k in dict.fromkeys(keys)]
        with self.lock:
            sigs, self._pending_sigs = self._pending_sigs, []
            self.db.execute("BEGIN")
            try:
                self.db.executemany("INSERT OR IGNORE INTO seen(key, doc_id, at) VALUES (?,?,?)", rows)
                self.db.executemany("INSERT OR REPLACE INTO minhash(doc_id, at, sig) VALUES (?,?,?)", sigs)
                self.db.executemany("DELETE FROM pending WHERE doc_id=?", [(doc,) for _, doc in handed])
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def prune(self) -> int:
        cut = time.time() - self.retention
        with self.lock:
            n = self.db.execute("DELETE FROM seen WHERE at < ?", (cut,)).rowcount
            self.db.execute("DELETE FROM minhash WHERE at < ?", (time.time() - self.window,))
        return n

    def seen_count(self) -> int:
        with self.lock:
            return self.db.execute("SELECT count(*) FROM seen").fetchone()[0]

    # --- near-duplicates -----------------------------------------------------------------------
    def _restore(self) -> None:
        cut = time.time() - self.window
        with self.lock:
            rows = self.db.execute("SELECT doc_id, at, sig FROM minhash WHERE at >= ?", (cut,)).fetchall()
        for doc, at, sig in rows:
            self._insert(doc, at, np.frombuffer(sig, dtype=np.uint64))

    def _insert(self, doc: str, at: float, hv: np.ndarray) -> None:
        if doc in self._lsh_keys:
            return
        self.lsh.insert(doc, MinHash(num_perm=NUM_PERM, seed=7, hashvalues=hv, scheme=SCHEME))
        self._lsh_keys[doc] = at

    def _evict(self) -> None:
        cut = time.time() - self.window
        for doc in [d for d, at in self._lsh_keys.items() if at < cut]:
            self.lsh.remove(doc)
            del self._lsh_keys[doc]

    def near_duplicate(self, doc: str, sig: MinHash | None, register: bool = True) -> str | None:
        """The id of an earlier copy of this text, or None (then `doc` becomes a first copy)."""
        if sig is None:
            return None
        with self.lock:
            self._evict()
            hits = [h for h in self.lsh.query(sig) if h != doc]
            if hits:
                return min(hits, key=lambda h: self._lsh_keys.get(h, 0))
            if register:
                now = time.time()
                self._insert(doc, now, sig.hashvalues.astype(np.uint64))
                # written with the next mark_many (after the store accepted the batch)
                self._pending_sigs.append((doc, now, sig.hashvalues.astype(np.uint64).tobytes()))
            return None

    def close(self) -> None:
        with self.lock:
            if self._pending_sigs:
                self.mark_many([])
            self.db.close()
        with CrawlState._lock:
            CrawlState._instances = {k: v for k, v in CrawlState._instances.items() if v is not self}
