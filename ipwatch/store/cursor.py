"""Where an incremental job left off, kept in the `state` index.

A cursor is a time in a stream of documents ordered by one field (articles by `analysis.analyzed_at`,
events by `updated_at`). A job reads from `since()` — the stored time minus an overlap, so documents
indexed late with an earlier time are not missed — does its work, and only then `advance()`s to the
newest time it processed: a run cut short re-reads, it never skips. Work is idempotent, so the overlap
costs a re-read, not a double effect.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ipwatch.clock import iso, parse

if TYPE_CHECKING:
    from ipwatch.store.store import Store


class Cursor:
    """A named position kept as document `<name>` in the state index."""

    def __init__(self, store: Store, name: str, overlap: timedelta):
        self.store, self.name, self.overlap = store, name, overlap
        self.index = store.ix.name("state")
        self._loaded = False
        self._value: datetime | None = None

    @property
    def value(self) -> datetime | None:
        """The stored position (None: the job never finished a batch)."""
        if not self._loaded:
            got = self.store.get(self.index, self.name)
            self._value = _position((got.source.get("data") or {}) if got else {})
            self._loaded = True
        return self._value

    def since(self) -> datetime | None:
        """Where to read from: the position minus the overlap (None: from the beginning)."""
        v = self.value
        return v - self.overlap if v else None

    def since_iso(self) -> str | None:
        s = self.since()
        return iso(s) if s else None

    def read(self, index: str, field: str, filters: list[dict[str, Any]] | None = None
             ) -> tuple[list[dict[str, Any]], str | None]:
        """Every document of `index` matching `filters` whose `field` is at or after `since()`, and the
        newest `field` value among them (what to `advance` to once they are handled)."""
        flt = list(filters or [])
        since = self.since_iso()
        if since:
            flt.append({"range": {field: {"gte": since}}})
        hits = list(self.store.scan(index, {"bool": {"filter": flt}} if flt else None))
        newest: datetime | None = None
        for h in hits:
            v = _dotted(h["_source"], field)
            t = parse(str(v)) if v else None
            if t is not None and (newest is None or t > newest):
                newest = t
        return hits, iso(newest) if newest else None

    def advance(self, to: datetime | str | None, now: datetime) -> None:
        """Move to `to` after the work up to it is done; never backwards, and no write when unchanged."""
        t = parse(to) if isinstance(to, str) else to
        if t is None or (self.value is not None and t <= self.value):
            return
        self.store.index(self.index, self.name, {"id": self.name, "kind": "cursor", "updated_at": iso(now),
                                                 "data": {"value": iso(t)}})
        self._value = t


def _position(data: dict[str, Any]) -> datetime | None:
    """The stored time; cursors written by earlier releases kept `after: [epoch_ms, id]` instead."""
    if data.get("value"):
        return parse(str(data["value"]))
    after = data.get("after")
    if isinstance(after, list) and after and isinstance(after[0], (int, float)):
        return datetime.fromtimestamp(after[0] / 1000, tz=timezone.utc)
    return None


def _dotted(doc: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        if not isinstance(doc, dict):
            return None
        doc = doc.get(part)  # type: ignore[assignment]
    return doc
