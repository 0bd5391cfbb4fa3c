"""Scoring jobs the daemon schedules (docs/contracts.md), and the Elasticsearch side of ratings.

* `update_events(app, now)`: turn newly analysed articles into risk events (cursor in `state`,
  resumable, idempotent), then re-rate the entities they touch and their platforms.
* `rerate(app, now, entity_ids=None)`: re-rate everyone (None) or the given entities (plus their
  platforms); writes only ratings that changed, each with optimistic concurrency, and one
  `rating-history` document per change (`grade_changed` is what alerts consume).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from elasticsearch.helpers import scan as es_scan

from ipwatch.errors import ConflictError
from ipwatch.store import Store, doc_id
from scoring.events import ARTICLE_FIELDS, Report, reports_from_article, sync_group
from scoring.rating import EntityRef, Rating, ResidentSummary, rate
from scoring.rulebook import Rulebook, app_rulebook

log = logging.getLogger(__name__)

# what rating needs from an event document
EVENT_FIELDS = ["id", "entity_id", "origin_entity_id", "origin_risk_type", "risk_type", "event_date",
                "severity", "confidence", "authority", "official", "source_kind", "source_count", "actions",
                "entity_history", "penalty_kind"]
SLIM_EVENT_FIELDS = ["id", "entity_id", "risk_type", "event_date", "severity", "confidence", "authority", "official",
                     "source_count", "penalty_kind"]
RATING_FIELDS = ["signature", "score", "grade", "computed_at", "rulebook_version", "event_ids",
                 "contributions.event_id", "contributions.points"]
CURSOR_ID = "scoring-update-events"
CURSOR_OVERLAP_MS = 10 * 60 * 1000  # re-read the last 10 minutes: late-indexed analyses are not missed


def local_date(now: datetime, tz: str) -> date:
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return now.astimezone(ZoneInfo(tz)).date()


# --- the entity universe ------------------------------------------------------------------------
@dataclass
class Universe:
    refs: dict[str, EntityRef]
    residents: dict[str, list[tuple[str, float]]] = field(default_factory=dict)   # platform -> (id, weight)
    platforms_of_unit: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_watchlist(cls, wl: Any, rb: Rulebook) -> Universe:
        refs = {e.id: EntityRef.of(e) for e in wl.entities}
        u = cls(refs)
        for e in wl.entities:
            for p in e.resides_on:
                u.residents.setdefault(p, []).append((e.id, rb.platforms.resides_weight))
            for p in e.cooperates_with:
                if p not in e.resides_on:
                    u.residents.setdefault(p, []).append((e.id, rb.platforms.cooperates_weight))
            if e.operating_unit:
                u.platforms_of_unit.setdefault(e.operating_unit, []).append(e.id)
        return u

    def ref(self, entity_id: str, ev: dict[str, Any] | None = None) -> EntityRef:
        r = self.refs.get(entity_id)
        if r is None:  # an entity known only from events (e.g. removed from the watchlist)
            r = EntityRef(id=entity_id, name=(ev or {}).get("entity_name") or entity_id,
                          type=(ev or {}).get("entity_type") or "institution")
        return r

    def expand(self, ids: Iterable[str]) -> set[str]:
        """The entities plus the platforms they reside on / cooperate with / operate."""
        out = set(ids)
        for i in list(out):
            r = self.refs.get(i)
            if r is not None:
                out.update(r.platforms)
            out.update(self.platforms_of_unit.get(i, ()))
        return out


# --- loading ------------------------------------------------------------------------------------
def _scroll_sources(store: Store, index: str, body: dict[str, Any], page: int) -> Iterator[list[dict[str, Any]]]:
    """Pages of `_source`s through a scroll, with `filter_path` so only the sources are parsed."""
    fp = ["_scroll_id", "hits.hits._source"]
    try:
        resp = store.es.search(index=index, scroll="2m", size=page, filter_path=fp, ignore_unavailable=True,
                               **body)
    except Exception as exc:  # noqa: BLE001
        if getattr(exc, "status_code", None) == 404 or "index_not_found" in str(exc):
            return
        raise
    sid = resp.get("_scroll_id")
    try:
        while True:
            hits = (resp.get("hits") or {}).get("hits") or []
            if not hits:
                break
            yield [h["_source"] for h in hits]
            if len(hits) < page or not sid:
                break
            resp = store.es.scroll(scroll_id=sid, scroll="2m", filter_path=fp)
            sid = resp.get("_scroll_id") or sid
    finally:
        if sid:
            store.es.options(ignore_status=404).clear_scroll(scroll_id=sid)


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
    plain = {"query": {"bool": {"filter": flt, "must_not": [has_actions]}}, "source": SLIM_EVENT_FIELDS}
    for page_ in _scroll_sources(store, index, plain, page):
        yield from page_
    acted = {"query": {"bool": {"filter": [*flt, has_actions]}}, "source": EVENT_FIELDS}
    for page_ in _scroll_sources(store, index, acted, page):
        yield from page_


def group_events(events: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        hist = ev.get("entity_history")
        if hist and len(hist) > 1:
            for e in hist:
                by.setdefault(e, []).append(ev)
        else:
            by.setdefault(ev["entity_id"], []).append(ev)
    return by


def compute(universe: Universe, events_by: dict[str, list[dict[str, Any]]], rb: Rulebook, as_of: date,
            ids: Iterable[str] | None = None, stored_scores: dict[str, float] | None = None,
            progress: Callable[[int], None] | None = None,
            summaries: Callable[[dict[str, Rating]], dict[str, ResidentSummary]] | None = None
            ) -> dict[str, Rating]:
    """Ratings of `ids` (default: every known entity and every entity with events), platforms last.

    Platforms combine their residents: from the ratings computed here and `stored_scores`, or — for
    incremental runs — from `summaries(computed)` (aggregated from the stored ratings)."""
    if ids is None:
        ids = set(universe.refs) | set(events_by)
    ids = set(ids)
    out: dict[str, Rating] = {}
    plain = sorted(i for i in ids if not universe.ref(i).is_platform)
    plats = sorted(i for i in ids if universe.ref(i).is_platform)
    for n, i in enumerate(plain, 1):
        evs = events_by.get(i, ())
        out[i] = rate(universe.ref(i, evs[0] if evs else None), evs, rb, as_of)
        if progress and n % 1000 == 0:
            progress(1000)
    stored = stored_scores or {}

    def score_of(eid: str) -> float:
        if eid in out:
            return out[eid].own_score if universe.ref(eid).is_platform else out[eid].score
        return stored.get(eid, rb.base_score)

    given = summaries(out) if (summaries is not None and plats) else {}
    for i in plats:
        ref = universe.ref(i)
        residents: Any = given.get(i) if i in given else \
            [(r, score_of(r), w) for r, w in universe.residents.get(i, ())]
        unit = (ref.operating_unit, score_of(ref.operating_unit)) if ref.operating_unit else None
        out[i] = rate(ref, events_by.get(i, ()), rb, as_of, residents=residents, operating_unit=unit)
    if progress:
        progress(len(plain) % 1000 + len(plats))
    return out


# --- writing ------------------------------------------------------------------------------------
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
        _with_event_ids(store, [cur for _, _, cur in part if cur is not None])
        ops: list[dict[str, Any]] = []
        for eid, r, cur in part:
            prev = cur["_source"] if cur else None
            if cur is None:
                ops.append({"create": {"_index": idx, "_id": eid}})
            else:
                ops.append({"index": {"_index": idx, "_id": eid, "if_seq_no": cur["_seq_no"],
                                      "if_primary_term": cur["_primary_term"]}})
            ops.append(rating_doc(r, prev, now, snapshot))
        resp = store.es.bulk(operations=ops, refresh=False)
        hist = []
        for (eid, r, cur), item in zip(part, resp["items"], strict=True):
            res = next(iter(item.values()))
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


def _with_event_ids(store: Store, hits: list[dict[str, Any]]) -> None:
    """Add the stored `event_ids` to rating hits that will be replaced (for the history's diff)."""
    need = [h for h in hits if "event_ids" not in h["_source"]]
    if not need:
        return
    resp = store.es.mget(index=store.ix.name("ratings"), ids=[h["_id"] for h in need], source_includes=["event_ids"])
    got = {d["_id"]: (d.get("_source") or {}).get("event_ids") or [] for d in resp["docs"] if d.get("found")}
    for h in need:
        h["_source"]["event_ids"] = got.get(h["_id"], [])


class _Stale(Exception):
    pass


def careful_write(store: Store, rb: Rulebook, universe: Universe, entity_id: str, as_of: date, now: datetime,
                  trigger: str, attempts: int = 10) -> tuple[bool, dict[str, Any] | None]:
    """Re-rate one entity from freshly loaded events and write it with `Store.update` (OCC).

    A rating computed from an older snapshot never replaces one computed from a newer snapshot: the
    job then reloads the events and recomputes. Returns (written, history doc or None)."""
    idx, hidx = store.ix.name("ratings"), store.ix.name("rating-history")
    for _ in range(attempts):
        store.refresh(store.ix.name("events"))
        snapshot = datetime.now(timezone.utc)
        events_by = group_events(iter_events(store, [entity_id]))
        ref = universe.ref(entity_id)
        stored = _stored_scores(store, [ref.operating_unit]) if ref.operating_unit else {}
        r = compute(universe, events_by, rb, as_of, ids=[entity_id], stored_scores=stored,
                    summaries=lambda fresh: resident_summaries(store, universe, rb, [entity_id], {}, {}))[entity_id]
        out: dict[str, Any] = {}

        def change(cur: dict[str, Any] | None) -> dict[str, Any] | None:
            if cur is not None and (cur.get("computed_at") or "") > snapshot.isoformat():
                raise _Stale
            out["prev"] = cur
            if cur is not None and cur.get("signature") == r.signature:
                return None
            return rating_doc(r, cur, now, snapshot)

        try:
            got = store.update(idx, entity_id, change)
        except _Stale:
            continue
        prev = out.get("prev")
        if prev is not None and prev.get("signature") == r.signature:
            return False, None
        h = history_doc(rb, r, prev, now, trigger)
        store.write([{"_index": hidx, "_id": h["id"], "_source": h}])
        assert got is not None
        return True, h
    raise ConflictError(f"rating {entity_id}: gave up after {attempts} attempts")


def _platform_inputs(universe: Universe, ids: Iterable[str]) -> set[str]:
    """Residents and operating units whose scores the platforms among `ids` combine."""
    out: set[str] = set()
    for i in ids:
        ref = universe.ref(i)
        if ref.is_platform:
            out |= {r for r, _ in universe.residents.get(i, ())}
            if ref.operating_unit:
                out.add(ref.operating_unit)
    return out


def resident_summaries(store: Store, universe: Universe, rb: Rulebook, ids: Iterable[str], fresh: dict[str, Rating],
                       stored_fresh: dict[str, dict[str, Any]]) -> dict[str, ResidentSummary]:
    """Resident summaries of the platforms among `ids` from ONE aggregation over the stored ratings,
    with the ratings just computed (`fresh`, stored before as `stored_fresh`) swapped in."""
    plats = sorted(i for i in ids if universe.ref(i).is_platform)
    if not plats:
        return {}
    idx = store.ix.name("ratings")
    store.refresh(idx)
    aggs: dict[str, Any] = {}
    k = 5 + len(fresh)
    for n, p in enumerate(plats):
        top = {"top_hits": {"size": min(k, 100), "sort": [{"score": "asc"}, {"entity_id": "asc"}],
                            "_source": ["score"]}}
        aggs[f"r{n}"] = {"filter": {"term": {"resides_on": p}},
                         "aggs": {"sum": {"sum": {"field": "score"}}, "low": top}}
        aggs[f"c{n}"] = {"filter": {"bool": {"filter": [{"term": {"cooperates_with": p}}],
                                             "must_not": [{"term": {"resides_on": p}}]}},
                         "aggs": {"sum": {"sum": {"field": "score"}}, "low": top}}
    resp = store.search(idx, size=0, aggs=aggs)
    out: dict[str, ResidentSummary] = {}
    weights = {"r": rb.platforms.resides_weight, "c": rb.platforms.cooperates_weight}
    for n, p in enumerate(plats):
        members = dict(universe.residents.get(p, ()))
        summ = ResidentSummary()
        lows: list[tuple[str, float]] = []
        for kind in ("r", "c"):
            a = (resp.get("aggregations") or {}).get(f"{kind}{n}")
            if not a:
                continue
            w = weights[kind]
            cnt = a["doc_count"]
            summ.count += cnt
            summ.weight += cnt * w
            summ.weighted += a["sum"]["value"] * w
            # residents never rated (and not rated now) count at the base score, as in a full run
            expected = [r for r in members if (p in universe.ref(r).resides_on) == (kind == "r")]
            missing = len([r for r in expected if not (r in fresh and r not in stored_fresh)]) - cnt
            if missing > 0:
                summ.count += missing
                summ.weight += missing * w
                summ.weighted += missing * w * rb.base_score
            lows += [(h["_id"], h["_source"]["score"]) for h in a["low"]["hits"]["hits"]]
        # swap in what was just computed for residents of this platform
        for rid, r in fresh.items():
            if rid not in members:
                continue
            w = members[rid]
            old = stored_fresh.get(rid)
            if old is not None:
                summ.weighted -= w * (old["_source"].get("score") or 0.0)
            else:
                summ.count += 1
                summ.weight += w
            summ.weighted += w * r.score
        low = {i: sc for i, sc in lows if i not in fresh}
        low.update({rid: r.score for rid, r in fresh.items() if rid in members})
        summ.worst = sorted(low.items(), key=lambda x: (x[1], x[0]))[:5]
        out[p] = summ
    return out


def _stored_scores(store: Store, ids: Iterable[str]) -> dict[str, float]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    out = {}
    for start in range(0, len(ids), 1000):
        resp = store.es.mget(index=store.ix.name("ratings"), ids=ids[start:start + 1000],
                             source_includes=["score", "own_score", "entity_type"])
        for d in resp["docs"]:
            if d.get("found"):
                s = d["_source"]
                out[d["_id"]] = s.get("score") if s.get("score") is not None else s.get("own_score")
    return out


def _current(store: Store, ids: list[str] | None) -> dict[str, dict[str, Any]]:
    """Stored ratings with their seq_no/primary_term (realtime mget for a few, scan for all)."""
    idx = store.ix.name("ratings")
    out: dict[str, dict[str, Any]] = {}
    if ids is None:
        store.refresh(idx)
        body = {"query": {"match_all": {}}, "_source": RATING_FIELDS, "seq_no_primary_term": True}
        for h in es_scan(store.es, index=idx, query=body, size=5000, scroll="2m", ignore_unavailable=True):
            out[h["_id"]] = h
        return out
    for start in range(0, len(ids), 1000):
        try:
            resp = store.es.mget(index=idx, ids=ids[start:start + 1000], source_includes=RATING_FIELDS)
        except Exception:  # noqa: BLE001 - index missing: nothing stored yet
            return out
        for d in resp["docs"]:
            if d.get("found"):
                out[d["_id"]] = d
    return out


# --- the jobs -----------------------------------------------------------------------------------
def rerate(app: Any, now: datetime, entity_ids: Iterable[str] | None = None, trigger: str | None = None,
           rulebook: Rulebook | None = None, progress: bool = False) -> dict[str, Any]:
    """Re-rate everyone (entity_ids None) or the given entities and their platforms, as of today."""
    t0 = time.monotonic()
    rb = rulebook or app_rulebook(app)
    store: Store = app.store
    universe = Universe.from_watchlist(app.watchlist, rb)
    as_of = local_date(now, app.settings.timezone)
    store.refresh(store.ix.name("events"))
    snapshot = datetime.now(timezone.utc)
    bar = _bar(progress, "loading events", unit="ev")
    if entity_ids is None:
        evs = _tick(iter_events(store), bar)
        events_by = group_events(evs)
        ids = None
        stored: dict[str, float] = {}
        trigger = trigger or "full"
    else:
        ids = universe.expand(entity_ids)
        events_by = group_events(_tick(iter_events(store, ids), bar))
        units = {universe.ref(i).operating_unit for i in ids if universe.ref(i).is_platform} - {None}
        stored = _stored_scores(store, units - ids)  # type: ignore[arg-type]
        before = _current(store, sorted(ids))
        trigger = trigger or "incremental"
    n_events = bar.n if bar is not None else None
    _close(bar)
    t_load = time.monotonic() - t0
    bar = _bar(progress, "rating", unit="entity")
    ratings = compute(universe, events_by, rb, as_of, ids=ids, stored_scores=stored,
                      progress=(bar.update if bar is not None else None),
                      summaries=None if ids is None else
                      (lambda fresh: resident_summaries(store, universe, rb, ids, fresh, before)))
    _close(bar)
    t_rate = time.monotonic() - t0 - t_load
    current = _current(store, None) if ids is None else before
    wc = bulk_write_ratings(store, rb, ratings, current, now, snapshot, trigger)
    for eid in wc.retry:
        written, h = careful_write(store, rb, universe, eid, as_of, now, trigger)
        wc.written += written
        wc.history += h is not None
        wc.grade_changes += bool(h and h["grade_changed"])
    store.refresh(f"{store.ix.name('ratings')},{store.ix.name('rating-history')}")
    return {"as_of": as_of.isoformat(), "mode": "full" if ids is None else "incremental",
            "entities": len(ratings), "events": n_events if n_events is not None else
            sum(len(v) for v in events_by.values()),
            "written": wc.written, "unchanged": wc.unchanged, "conflicts": wc.conflicts,
            "history": wc.history, "grade_changes": wc.grade_changes,
            "seconds_load": round(t_load, 2), "seconds_rate": round(t_rate, 2),
            "seconds": round(time.monotonic() - t0, 2)}


def rate_as_of(app: Any, as_of: date, entity_ids: Iterable[str] | None = None, rulebook: Rulebook | None = None
               ) -> dict[str, Rating]:
    """Ratings as of a past date, computed from the events (nothing is written)."""
    rb = rulebook or app_rulebook(app)
    store: Store = app.store
    universe = Universe.from_watchlist(app.watchlist, rb)
    store.refresh(store.ix.name("events"))
    if entity_ids is None:
        return compute(universe, group_events(iter_events(store)), rb, as_of)
    ids = set(entity_ids)
    need = ids | _platform_inputs(universe, ids)
    events_by = group_events(iter_events(store, need))
    base = compute(universe, events_by, rb, as_of, ids=need - ids)  # residents as of that date too
    stored = {i: (r.score) for i, r in base.items()}
    return compute(universe, events_by, rb, as_of, ids=ids, stored_scores=stored)


def update_events(app: Any, now: datetime, batch: int = 500, rerate_after: bool = True,
                  rulebook: Rulebook | None = None) -> dict[str, Any]:
    """Process analysed articles past the cursor into events; re-rate the entities touched."""
    rb = rulebook or app_rulebook(app)
    store: Store = app.store
    wl = app.watchlist
    uscc_index = {e.uscc: e.id for e in wl.entities if e.uscc}
    info = {e.id: {"name": e.name, "type": e.type.value, "platforms": e.platforms} for e in wl.entities}
    arts = store.ix.name("articles")
    sidx = store.ix.name("state")
    store.refresh(arts)
    cur = store.get(sidx, CURSOR_ID)
    after: list[Any] | None = (cur.source.get("data") or {}).get("after") if cur else None
    flt: list[dict[str, Any]] = [{"term": {"analysis.status": "done"}}]
    if after:
        flt.append({"range": {"analysis.analyzed_at": {"gte": int(after[0]) - CURSOR_OVERLAP_MS,
                                                        "format": "epoch_millis"}}})
    counts = {"articles": 0, "groups": 0, "events_created": 0, "events_updated": 0, "events_superseded": 0,
              "events_unchanged": 0}
    touched: set[str] = set()

    def reload(subject: str, typ: str) -> list[Report]:
        """One group's reports, read afresh (sync_group asks when another run saw newer articles)."""
        store.refresh(arts)
        e = wl.get(subject)
        return _group_reports(store, rb, {subject}, {e.uscc} if e is not None and e.uscc else set(),
                              uscc_index).get((subject, typ), [])

    search_after = None
    while True:
        kw: dict[str, Any] = {}
        if search_after:
            kw["search_after"] = search_after
        resp = store.search(arts, query={"bool": {"filter": flt}}, size=batch,
                            sort=[{"analysis.analyzed_at": "asc"}, {"id": "asc"}],
                            source=["id", "analysis.subject", "analysis.status", "source_type",
                                    "record.party_uscc"], **kw)
        hits = resp["hits"]["hits"]
        if not hits:
            break
        counts["articles"] += len(hits)
        art_ids = [h["_source"].get("id") or h["_id"] for h in hits]
        subjects: set[str] = set()
        usccs: set[str] = set()
        for h in hits:
            s = h["_source"]
            if (s.get("analysis") or {}).get("subject"):
                subjects.add(s["analysis"]["subject"])
            pu = (s.get("record") or {}).get("party_uscc")
            if pu and str(pu).upper() in uscc_index:
                subjects.add(uscc_index[str(pu).upper()])
        # groups that held these articles before (an article re-analysed may have moved)
        groups: set[tuple[str, str]] = set()
        old = store.search(store.ix.name("events"), query={"terms": {"article_ids": art_ids}}, size=10000,
                           source=["origin_entity_id", "origin_risk_type"])
        for h in old["hits"]["hits"]:
            groups.add((h["_source"]["origin_entity_id"], h["_source"]["origin_risk_type"]))
            subjects.add(h["_source"]["origin_entity_id"])
        for s in subjects:
            e = wl.get(s) if len(subjects) < 50 else None
            if e is not None and e.uscc:
                usccs.add(e.uscc)
        if len(subjects) >= 50:
            usccs = {u for u, i in uscc_index.items() if i in subjects}
        reports = _group_reports(store, rb, subjects, usccs, uscc_index)
        batch_ids = set(art_ids)
        for key, reps in reports.items():
            if any(r.article_id in batch_ids for r in reps):
                groups.add(key)
        for subject, typ in sorted(groups):
            res = sync_group(store, rb, subject, typ, reports.get((subject, typ), []), info.get(subject), now,
                             reload=lambda s=subject, t=typ: reload(s, t))
            counts["groups"] += 1
            counts["events_created"] += res.created
            counts["events_updated"] += res.updated
            counts["events_superseded"] += res.superseded
            counts["events_unchanged"] += res.unchanged
            touched |= res.entities or set()
        search_after = hits[-1]["sort"]
        store.write([{"_index": sidx, "_id": CURSOR_ID, "_source": {
            "id": CURSOR_ID, "kind": "cursor", "updated_at": now.isoformat(),
            "data": {"after": search_after}}}])
        if len(hits) < batch:
            break
    counts["entities_touched"] = len(touched)
    if touched and rerate_after:
        r = rerate(app, now, entity_ids=sorted(touched), trigger="events", rulebook=rb)
        counts["ratings_written"] = r["written"]
        counts["grade_changes"] = r["grade_changes"]
    return counts


def _group_reports(store: Store, rb: Rulebook, subjects: set[str], usccs: set[str],
                   uscc_index: dict[str, str]) -> dict[tuple[str, str], list[Report]]:
    if not subjects:
        return {}
    should: list[dict[str, Any]] = [{"terms": {"analysis.subject": sorted(subjects)}}]
    if usccs:
        should.append({"terms": {"record.party_uscc": sorted(usccs)}})
    body = {"query": {"bool": {"filter": [{"term": {"analysis.status": "done"}}],
                               "should": should, "minimum_should_match": 1}},
            "_source": list(ARTICLE_FIELDS)}
    out: dict[tuple[str, str], list[Report]] = {}
    for h in es_scan(store.es, index=store.ix.name("articles"), query=body, size=2000, ignore_unavailable=True):
        src = h["_source"]
        src.setdefault("id", h["_id"])
        for r in reports_from_article(src, rb, uscc_index):
            if r.subject in subjects:
                out.setdefault((r.subject, r.risk_type), []).append(r)
    return out


# --- progress helpers ---------------------------------------------------------------------------
def _bar(enabled: bool, desc: str, unit: str) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(desc=desc, unit=unit, unit_scale=True, leave=False)


def _tick(it: Iterable[Any], bar: Any) -> Iterator[Any]:
    if bar is None:
        n = 0
        for x in it:
            n += 1
            yield x
        return
    for x in it:
        bar.update(1)
        yield x


def _close(bar: Any) -> None:
    if bar is not None:
        bar.close()
