"""Analysed articles → risk events: each new analysis past the cursor is grouped with the other reports
of its subject and risk type, the group's events are rewritten (scoring/events.py `sync_group`), and
the entities they touch are re-rated. Resumable and idempotent: the cursor in `state` moves only after
a batch is done and is re-read with a ten-minute overlap."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

from ipwatch.clock import iso
from ipwatch.context import AppContext
from ipwatch.store import Cursor, Store
from scoring.events import ARTICLE_FIELDS, Report, reports_from_article, sync_group
from scoring.rerate import rerate
from scoring.rulebook import Rulebook, rulebook_of

CURSOR_ID = "scoring-update-events"
CURSOR_OVERLAP = timedelta(minutes=10)  # re-read the last 10 minutes: late-indexed analyses are not missed


def update_events(app: AppContext, now: datetime, batch: int = 500, rerate_after: bool = True,
                  rulebook: Rulebook | None = None) -> dict[str, Any]:
    """Process analysed articles past the cursor into events; re-rate the entities touched."""
    rb = rulebook or rulebook_of(app)
    store: Store = app.store
    wl = app.watchlist
    uscc_index = {e.uscc: e.id for e in wl.entities if e.uscc}
    arts = store.ix.name("articles")
    store.refresh(arts)
    counts = {"articles": 0, "groups": 0, "events_created": 0, "events_updated": 0, "events_superseded": 0,
              "events_unchanged": 0}
    touched: set[str] = set()

    def reload(subject: str, typ: str) -> list[Report]:
        """One group's reports, read afresh (sync_group asks when another run saw newer articles)."""
        store.refresh(arts)
        e = wl.get(subject)
        return _group_reports(store, rb, {subject}, {e.uscc} if e is not None and e.uscc else set(),
                              uscc_index).get((subject, typ), [])

    for hits in analysed_pages(store, now, batch, ["id", "analysis.subject", "analysis.status", "source_type",
                                                   "record.party_uscc"]):
        counts["articles"] += len(hits)
        touched |= _sync_hits(store, rb, wl, hits, now, counts, reload)
    counts["entities_touched"] = len(touched)
    if touched and rerate_after:
        r = rerate(app, now, entity_ids=sorted(touched), trigger="events", rulebook=rb)
        counts["ratings_written"] = r["written"]
        counts["grade_changes"] = r["grade_changes"]
    return counts


def analysed_pages(store: Store, now: datetime, batch: int, source: list[str]) -> Iterator[list[dict[str, Any]]]:
    """The analysed articles past the events cursor, a page at a time in the order they were analysed;
    the cursor moves past each page once the caller is done with it (the next page is asked for), so an
    interrupted run starts again at the page it did not finish."""
    arts = store.ix.name("articles")
    cursor = Cursor(store, CURSOR_ID, CURSOR_OVERLAP)
    flt: list[dict[str, Any]] = [{"term": {"analysis.status": "done"}}]
    since = cursor.since()
    if since is not None:
        flt.append({"range": {"analysis.analyzed_at": {"gte": iso(since)}}})
    search_after = None
    while True:
        kw: dict[str, Any] = {"search_after": search_after} if search_after else {}
        hits = store.search(arts, query={"bool": {"filter": flt}}, size=batch,
                            sort=[{"analysis.analyzed_at": "asc"}, {"id": "asc"}], source=source, **kw)["hits"]["hits"]
        if not hits:
            return
        yield hits
        search_after = hits[-1]["sort"]
        cursor.advance(datetime.fromtimestamp(search_after[0] / 1000, tz=timezone.utc), now)
        if len(hits) < batch:
            return


def _sync_hits(store: Store, rb: Rulebook, wl: Any, hits: list[dict[str, Any]], now: datetime,
               counts: dict[str, int], reload: Callable[[str, str], list[Report]]) -> set[str]:
    """Rewrite the groups these analysed articles belong to, or belonged to before; the entities touched."""
    uscc_index = {e.uscc: e.id for e in wl.entities if e.uscc}
    info = {e.id: {"name": e.name, "type": e.type.value, "platforms": e.platforms} for e in wl.entities}
    touched: set[str] = set()
    art_ids = [h["_source"].get("id") or h["_id"] for h in hits]
    subjects, groups = subjects_of(store, wl, hits)
    usccs: set[str] = set()
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
        touched |= _tally(counts, sync_group(store, rb, subject, typ, reports.get((subject, typ), []),
                                             info.get(subject), now, reload=lambda s=subject, t=typ: reload(s, t)))
    return touched


def _tally(counts: dict[str, Any], res: Any) -> set[str]:
    """Add one group's sync result to the run's counts; the entities it touched."""
    counts["groups"] += 1
    counts["events_created"] += res.created
    counts["events_updated"] += res.updated
    counts["events_superseded"] += res.superseded
    counts["events_unchanged"] += res.unchanged
    return res.entities or set()


def subjects_of(store: Store, wl: Any, hits: list[dict[str, Any]]) -> tuple[set[str], set[tuple[str, str]]]:
    """The subjects these analysed articles report on or reported on before (an article re-analysed may
    have moved), and the (subject, type) groups that held them before."""
    uscc_index = {e.uscc: e.id for e in wl.entities if e.uscc}
    subjects: set[str] = set()
    for h in hits:
        s = h["_source"]
        if (s.get("analysis") or {}).get("subject"):
            subjects.add(s["analysis"]["subject"])
        pu = (s.get("record") or {}).get("party_uscc")
        if pu and str(pu).upper() in uscc_index:
            subjects.add(uscc_index[str(pu).upper()])
    groups: set[tuple[str, str]] = set()
    art_ids = [h["_source"].get("id") or h["_id"] for h in hits]
    old = store.search(store.ix.name("events"), query={"terms": {"article_ids": art_ids}}, size=10000,
                       source=["origin_entity_id", "origin_risk_type"])
    for h in old["hits"]["hits"]:
        groups.add((h["_source"]["origin_entity_id"], h["_source"]["origin_risk_type"]))
        subjects.add(h["_source"]["origin_entity_id"])
    return subjects, groups


def sync_subject(store: Store, rb: Rulebook, wl: Any, subject: str, now: datetime,
                 counts: dict[str, int]) -> set[str]:
    """Rewrite every group of one subject (those its articles form now and those its events hold) — the
    unit of work of a distributed `events` worker (scoring/distributed.py); the entities touched."""
    uscc_index = {e.uscc: e.id for e in wl.entities if e.uscc}
    e = wl.get(subject)
    info = {"name": e.name, "type": e.type.value, "platforms": e.platforms} if e is not None else None
    usccs = {e.uscc} if e is not None and e.uscc else set()
    arts = store.ix.name("articles")
    reports = _group_reports(store, rb, {subject}, usccs, uscc_index)
    resp = store.search(store.ix.name("events"), size=0, query={"bool": {
        "filter": [{"term": {"origin_entity_id": subject}}],
        "must_not": [{"terms": {"source_kind": ["manual", "duty"]}}]}},
        aggs={"t": {"terms": {"field": "origin_risk_type", "size": 1000}}})
    types = {t for (_, t) in reports}
    types |= {b["key"] for b in ((resp.get("aggregations") or {}).get("t") or {}).get("buckets", [])}

    def reload(typ: str) -> list[Report]:
        store.refresh(arts)
        return _group_reports(store, rb, {subject}, usccs, uscc_index).get((subject, typ), [])

    touched: set[str] = set()
    for typ in sorted(types):
        touched |= _tally(counts, sync_group(store, rb, subject, typ, reports.get((subject, typ), []), info, now,
                                             reload=lambda t=typ: reload(t)))
    return touched


def resync_articles(app: AppContext, article_ids: list[str], now: datetime, rulebook: Rulebook | None = None,
                    rerate_after: bool = True) -> dict[str, Any]:
    """Re-derive at once the events of the groups these articles feed or fed (after an officer corrected
    their analysis: a report leaves its event, an event left without reports is voided) and re-rate the
    entities touched. The same work `update_events` does for new analyses."""
    rb = rulebook or rulebook_of(app)
    store, wl = app.store, app.watchlist
    arts = store.ix.name("articles")
    store.refresh(arts)
    uscc_index = {e.uscc: e.id for e in wl.entities if e.uscc}
    hits = store.search(arts, query={"ids": {"values": article_ids}}, size=len(article_ids),
                        source=["id", "analysis.subject", "analysis.status", "source_type", "record.party_uscc"],
                        )["hits"]["hits"]
    counts = {"articles": len(hits), "groups": 0, "events_created": 0, "events_updated": 0, "events_superseded": 0,
              "events_unchanged": 0}

    def reload(subject: str, typ: str) -> list[Report]:
        store.refresh(arts)
        e = wl.get(subject)
        return _group_reports(store, rb, {subject}, {e.uscc} if e is not None and e.uscc else set(),
                              uscc_index).get((subject, typ), [])

    touched = _sync_hits(store, rb, wl, hits, now, counts, reload)
    counts["entities_touched"] = len(touched)
    if touched and rerate_after:
        r = rerate(app, now, entity_ids=sorted(touched), trigger="correction", rulebook=rb)
        counts["ratings_written"] = r["written"]
        counts["grade_changes"] = r["grade_changes"]
    counts["touched"] = sorted(touched)  # type: ignore[assignment]
    return counts


def _group_reports(store: Store, rb: Rulebook, subjects: set[str], usccs: set[str],
                   uscc_index: dict[str, str]) -> dict[tuple[str, str], list[Report]]:
    if not subjects:
        return {}
    should: list[dict[str, Any]] = [{"terms": {"analysis.subject": sorted(subjects)}}]
    if usccs:
        should.append({"terms": {"record.party_uscc": sorted(usccs)}})
    query = {"bool": {"filter": [{"term": {"analysis.status": "done"}}], "should": should, "minimum_should_match": 1}}
    out: dict[tuple[str, str], list[Report]] = {}
    for h in store.scan(store.ix.name("articles"), query, source=list(ARTICLE_FIELDS), size=2000):
        src = h["_source"]
        src.setdefault("id", h["_id"])
        for r in reports_from_article(src, rb, uscc_index):
            if r.subject in subjects:
                out.setdefault((r.subject, r.risk_type), []).append(r)
    return out
