"""Re-rating: the entity universe from the watchlist, ratings computed from the stored events as of a
day, written only when they changed (each with optimistic concurrency). `rerate` is what the daemon's
rating jobs and `ipwatch rate` run; `rate_as_of` answers "what was the grade then" without writing."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from ipwatch.clock import local_date
from ipwatch.context import AppContext
from ipwatch.errors import ConflictError
from ipwatch.progress import close_bar, make_bar, tick
from ipwatch.store import Store
from scoring.rating import EntityRef, Rating, ResidentSummary, rate
from scoring.repository import (bulk_write_ratings, current_ratings, history_doc, iter_events, rating_doc,
                                stored_scores)
from scoring.rulebook import Rulebook, rulebook_of

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
        stored = stored_scores(store, [ref.operating_unit]) if ref.operating_unit else {}
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


def rerate(app: AppContext, now: datetime, entity_ids: Iterable[str] | None = None, trigger: str | None = None,
           rulebook: Rulebook | None = None, progress: bool = False) -> dict[str, Any]:
    """Re-rate everyone (entity_ids None) or the given entities and their platforms, as of today."""
    t0 = time.monotonic()
    rb = rulebook or rulebook_of(app)
    store: Store = app.store
    universe = Universe.from_watchlist(app.watchlist, rb)
    as_of = local_date(now, app.settings.timezone)
    store.refresh(store.ix.name("events"))
    snapshot = datetime.now(timezone.utc)
    bar = make_bar(progress, "loading events", unit="ev")
    if entity_ids is None:
        evs = tick(iter_events(store), bar)
        events_by = group_events(evs)
        ids = None
        stored: dict[str, float] = {}
        trigger = trigger or "full"
    else:
        ids = universe.expand(entity_ids)
        events_by = group_events(tick(iter_events(store, ids), bar))
        units = {universe.ref(i).operating_unit for i in ids if universe.ref(i).is_platform} - {None}
        stored = stored_scores(store, units - ids)  # type: ignore[arg-type]
        before = current_ratings(store, sorted(ids))
        trigger = trigger or "incremental"
    n_events = bar.n if bar is not None else None
    close_bar(bar)
    t_load = time.monotonic() - t0
    bar = make_bar(progress, "rating", unit="entity")
    ratings = compute(universe, events_by, rb, as_of, ids=ids, stored_scores=stored,
                      progress=(bar.update if bar is not None else None),
                      summaries=None if ids is None else
                      (lambda fresh: resident_summaries(store, universe, rb, ids, fresh, before)))
    close_bar(bar)
    t_rate = time.monotonic() - t0 - t_load
    current = current_ratings(store, None) if ids is None else before
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


def rate_as_of(app: AppContext, as_of: date, entity_ids: Iterable[str] | None = None, rulebook: Rulebook | None = None
               ) -> dict[str, Rating]:
    """Ratings as of a past date, computed from the events (nothing is written)."""
    rb = rulebook or rulebook_of(app)
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
