"""Ratings and events in Elasticsearch: what rating reads (active events, stored ratings) and how it
writes (bulk with `if_seq_no` conditions, one `rating-history` document per change). Everything goes
through the Store; nothing here decides a score (scoring/rating.py does)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ipwatch.store import Store, doc_id
from scoring.rating import Rating
from scoring.rulebook import Rulebook

EVENT_FIELDS = ["id", "entity_id", "origin_entity_id", "origin_risk_type", "risk_type", "event_date",
                "severity", "confidence", "authority", "official", "source_kind", "source_count", "actions",
                "entity_history", "penalty_kind"]
SLIM_EVENT_FIELDS = ["id", "entity_id", "risk_type", "event_date", "severity", "confidence", "authority", "official",
                     "source_count", "penalty_kind"]
RATING_FIELDS = ["signature", "score", "grade", "computed_at", "rulebook_version", "event_ids",
                 "contributions.event_id", "contributions.points"]


def iter_events(store: Store, entity_ids: Iterable[str] | None = None, page: int = 10000
                ) -> Iterator[dict[str, Any]]:
    """Active events (of the given entities, or all) with only the fields rating needs.

    Events never touched by an officer (almost all) are read with a slim `_source` (their origin
    equals their current subject and type); the few with actions are read whole."""
    flt: list[dict[str, Any]] = [{"term": {"active": True}}]
    if entity_ids is not None:
        flt.append({"terms": {"entity_history": sorted(set(entity_ids))}})
    index = store.ix.name("events")
    has_actions = {"exists": {"field": "actions.action"}}
    for page_ in store.scan_sources(index, {"bool": {"filter": flt, "must_not": [has_actions]}},
                                    SLIM_EVENT_FIELDS, page):
        yield from page_
    for page_ in store.scan_sources(index, {"bool": {"filter": [*flt, has_actions]}}, EVENT_FIELDS, page):
        yield from page_


def _direction(rb: Rulebook, prev: dict[str, Any] | None, r: Rating) -> str:
    if not prev:
        return "new"
    a, b = rb.grade_rank(prev.get("grade") or ""), rb.grade_rank(r.grade)
    if a != b:
        return "down" if b > a else "up"
    ps = prev.get("score")
    return "same" if ps is None or ps == r.score else ("down" if r.score < ps else "up")


def history_doc(rb: Rulebook, r: Rating, prev: dict[str, Any] | None, now: datetime, trigger: str
                ) -> dict[str, Any]:
    prev_ids = set((prev or {}).get("event_ids") or [])
    cur_ids = set(r.event_ids)
    prev_grade = (prev or {}).get("grade")
    hid = doc_id("rating", r.entity_id, r.as_of, (prev or {}).get("signature"), r.signature)
    changed = prev_grade is not None and prev_grade != r.grade
    summary = (f"{r.entity_name or r.entity_id}: {prev_grade or '—'} → {r.grade} "
               f"(score {(prev or {}).get('score', '—')} → {r.score:g})")
    by_id = {c.event_id: c for c in r.contributions}
    added = sorted(cur_ids - prev_ids)
    if added:
        summary += "; new: " + ", ".join(f"{by_id[e].risk_type} {by_id[e].event_date} {by_id[e].points:+g}"
                                         for e in added[:5])
    removed = sorted(prev_ids - cur_ids)
    if removed:
        summary += f"; no longer counting: {len(removed)} event(s)"
    prev_rb = (prev or {}).get("rulebook_version")
    if prev_rb and prev_rb != r.rulebook_version:
        # a new rulebook re-rates everyone: say which records it weighs differently
        before = {c.get("event_id"): c.get("points") for c in (prev or {}).get("contributions") or []}
        moved = [f"{c.risk_type} {c.event_date} {before[c.event_id] or 0.0:+g} → {c.points or 0.0:+g}"
                 for c in r.contributions if c.event_id in before and before[c.event_id] != c.points]
        summary += f"; rulebook {prev_rb} → {r.rulebook_version}" + (": " + ", ".join(moved[:5]) if moved else "")
    return {"id": hid, "entity_id": r.entity_id, "entity_name": r.entity_name, "entity_type": r.entity_type,
            "platforms": r.platforms, "score": r.score, "grade": r.grade,
            "previous_score": (prev or {}).get("score"), "previous_grade": prev_grade,
            "grade_changed": changed, "direction": _direction(rb, prev, r), "as_of": r.as_of,
            "rated_at": now.isoformat(), "rulebook_version": r.rulebook_version, "trigger": trigger,
            "event_ids": r.event_ids, "added_event_ids": added, "removed_event_ids": removed,
            "caps": r.caps, "summary": summary}


def rating_doc(r: Rating, prev: dict[str, Any] | None, now: datetime, snapshot: datetime) -> dict[str, Any]:
    d = r.to_doc()
    d["previous_grade"] = (prev or {}).get("grade") if prev and prev.get("grade") != r.grade else \
        (prev or {}).get("previous_grade")
    d["rated_at"] = now.isoformat()
    d["computed_at"] = snapshot.isoformat()
    return d


@dataclass
class WriteCounts:
    written: int = 0
    unchanged: int = 0
    conflicts: int = 0
    grade_changes: int = 0
    history: int = 0
    retry: list[str] = field(default_factory=list)


def bulk_write_ratings(store: Store, rb: Rulebook, ratings: dict[str, Rating],
                       current: dict[str, dict[str, Any]], now: datetime, snapshot: datetime, trigger: str,
                       chunk: int = 2000) -> WriteCounts:
    """Bulk-index changed ratings with if_seq_no/if_primary_term (create when new); conflicting
    entities are returned in `retry` for the careful per-document path."""
    idx, hidx = store.ix.name("ratings"), store.ix.name("rating-history")
    wc = WriteCounts()
    todo = []
    for eid, r in ratings.items():
        cur = current.get(eid)
        if cur is not None and cur["_source"].get("signature") == r.signature:
            wc.unchanged += 1
            continue
        if cur is not None and (cur["_source"].get("computed_at") or "") > snapshot.isoformat():
            wc.retry.append(eid)  # someone rated it from newer events meanwhile: recompute carefully
            continue
        todo.append((eid, r, cur))
    for start in range(0, len(todo), chunk):
        part = todo[start:start + chunk]
        with_event_ids(store, [cur for _, _, cur in part if cur is not None])
        ops: list[dict[str, Any]] = []
        for eid, r, cur in part:
            prev = cur["_source"] if cur else None
            if cur is None:
                ops.append({"create": {"_index": idx, "_id": eid}})
            else:
                ops.append({"index": {"_index": idx, "_id": eid, "if_seq_no": cur["_seq_no"],
                                      "if_primary_term": cur["_primary_term"]}})
            ops.append(rating_doc(r, prev, now, snapshot))
        hist = []
        for (eid, r, cur), res in zip(part, store.bulk_conditional(ops), strict=True):
            status = res.get("status", 200)
            if status < 300:
                wc.written += 1
                h = history_doc(rb, r, cur["_source"] if cur else None, now, trigger)
                wc.grade_changes += h["grade_changed"]
                hist.append({"_index": hidx, "_id": h["id"], "_source": h})
            elif status == 409:
                wc.conflicts += 1
                wc.retry.append(eid)
            else:
                raise RuntimeError(f"rating {eid} rejected: {res.get('error')}")
        if hist:
            wres = store.write(hist)
            wc.history += wres.written + wres.spooled
    return wc


def with_event_ids(store: Store, hits: list[dict[str, Any]]) -> None:
    """Add the stored `event_ids` to rating hits that will be replaced (for the history's diff)."""
    need = [h for h in hits if "event_ids" not in h["_source"]]
    if not need:
        return
    docs = store.mget(store.ix.name("ratings"), [h["_id"] for h in need], source=["event_ids"])
    got = {i: (d.get("_source") or {}).get("event_ids") or [] for i, d in docs.items()}
    for h in need:
        h["_source"]["event_ids"] = got.get(h["_id"], [])


def stored_scores(store: Store, ids: Iterable[str]) -> dict[str, float]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    out = {}
    for i, d in store.mget(store.ix.name("ratings"), ids, source=["score", "own_score", "entity_type"]).items():
        s = d["_source"]
        out[i] = s.get("score") if s.get("score") is not None else s.get("own_score")
    return out


def current_ratings(store: Store, ids: list[str] | None) -> dict[str, dict[str, Any]]:
    """Stored ratings with their seq_no/primary_term (realtime mget for a few, scan for all)."""
    idx = store.ix.name("ratings")
    out: dict[str, dict[str, Any]] = {}
    if ids is None:
        store.refresh(idx)
        for h in store.scan(idx, source=RATING_FIELDS, versions=True, size=5000, scroll="2m"):
            out[h["_id"]] = h
        return out
    return store.mget(idx, ids, source=RATING_FIELDS)


