"""The numbers of a briefing, read from Elasticsearch with the other steps' own rules.

Periods are calendar days in `settings.timezone`: a day, the 7 days ending on the as-of day, or the
calendar month up to it (the previous period: the day before, the 7 days before, the month before).
An article belongs to the day it was published (the day it was fetched when no date is known).

What is decided elsewhere is not decided again here: whether a duty is active or overdue comes from
`alerts.duty_actions.ACTIVE` and `alerts.deadline.days_left` (what `ipwatch duties` shows), a grade change
is a `rating-history` document scoring wrote with `grade_changed`, findings are the `compliance` alerts
of `alerts/findings.py`, and a story is a risk event of `scoring/events.py` (its reports, outlets and
evidence sentence).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from alerts.deadline import days_left
from alerts.duty_actions import ACTIVE
from ipwatch.clock import parse
from ipwatch.store import Store
from ipwatch.watchlist import Watchlist

KINDS = ("day", "week", "month")
KIND_ZH = {"day": "日报", "week": "周报", "month": "月报", "year": "年度"}


@dataclass(frozen=True)
class Period:
    kind: str
    start: date          # first day
    end: date            # last day (inclusive)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def previous(self) -> Period:
        if self.kind == "month":
            last = self.start - timedelta(days=1)
            return Period("month", last.replace(day=1), last)
        if self.kind == "year":
            return Period("year", date(self.start.year - 1, 1, 1), date(self.start.year - 1, 12, 31))
        n = (self.end - self.start).days + 1
        return Period(self.kind, self.start - timedelta(days=n), self.start - timedelta(days=1))

    def bounds(self, tz: str) -> tuple[datetime, datetime]:
        """[first instant, first instant after) in `tz`."""
        z = ZoneInfo(tz)
        return (datetime.combine(self.start, time(0), tzinfo=z),
                datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=z))

    def range(self, tz: str) -> dict[str, str]:
        a, b = self.bounds(tz)
        return {"gte": a.isoformat(), "lt": b.isoformat()}

    @property
    def label(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start} 至 {self.end}"


def period_of(kind: str, as_of: date) -> Period:
    if kind == "day":
        return Period("day", as_of, as_of)
    if kind == "week":
        return Period("week", as_of - timedelta(days=6), as_of)
    if kind == "month":
        return Period("month", as_of.replace(day=1), as_of)
    if kind == "year":
        return Period("year", date(as_of.year, 1, 1), date(as_of.year, 12, 31))
    raise ValueError(f"unknown period {kind!r} (day, week or month)")


def month_periods(year: int) -> list[Period]:
    return [Period("month", date(year, m, 1), date(year, m, calendar.monthrange(year, m)[1])) for m in range(1, 13)]


@dataclass
class Scope:
    """What a report covers: every watched entity, or one platform with its operating unit and residents."""

    platform_id: str | None = None
    platform_name: str = "全部平台"
    entity_ids: list[str] | None = None      # None: everything
    platform_ids: list[str] | None = None    # platforms whose duties count (None: all)
    resident_ids: list[str] = field(default_factory=list)
    operating_unit: str | None = None

    def entity_filter(self, fld: str) -> list[dict[str, Any]]:
        return [] if self.entity_ids is None else [{"terms": {fld: self.entity_ids}}]


def scope_of(wl: Watchlist, platform_id: str | None) -> Scope:
    if platform_id is None:
        return Scope()
    p = wl.get(platform_id)
    if p is None:
        raise KeyError(platform_id)
    residents = [e.id for e in wl.residents_of(platform_id)]
    ids = [p.id, *([p.operating_unit] if p.operating_unit else []), *residents]
    return Scope(p.id, p.name, ids, [p.id], residents, p.operating_unit)


# --- articles ------------------------------------------------------------------------------------

def article_in(period: Period, tz: str) -> dict[str, Any]:
    """Published in the period, or (no publish date) fetched in it."""
    r = period.range(tz)
    return {"bool": {"should": [{"range": {"published_at": r}},
                                {"bool": {"must_not": [{"exists": {"field": "published_at"}}],
                                          "filter": [{"range": {"fetched_at": r}}]}}],
                     "minimum_should_match": 1}}


def articles_query(period: Period, tz: str, scope: Scope, *extra: dict[str, Any]) -> dict[str, Any]:
    return {"bool": {"filter": [article_in(period, tz), *scope.entity_filter("analysis.entity_ids"), *extra]}}


def article_counts(store: Store, period: Period, tz: str, scope: Scope) -> dict[str, int]:
    ix = store.ix.name("articles")
    total = store.count(ix, articles_query(period, tz, scope))
    analysed = store.count(ix, articles_query(period, tz, scope, {"term": {"analysis.status": "done"}}))
    negative = store.count(ix, articles_query(period, tz, scope, {"term": {"analysis.sentiment": "negative"}}))
    reposts = store.count(ix, articles_query(period, tz, scope, {"exists": {"field": "duplicate_of"}}))
    return {"articles": total, "analysed": analysed, "negative": negative, "reposts": reposts}


def negative_share(c: dict[str, int]) -> float | None:
    """Negative articles among the analysed ones (None when none was analysed)."""
    return round(c["negative"] / c["analysed"], 4) if c["analysed"] else None


def daily_volume(store: Store, period: Period, tz: str, scope: Scope, by: str = "day") -> list[dict[str, Any]]:
    """Articles per day (or month) by sentiment: [{day, total, negative, neutral, positive, pending}]."""
    ix = store.ix.name("articles")
    out: dict[str, dict[str, Any]] = {}
    keys = [d.isoformat() for d in period.days] if by == "day" else \
        [f"{p.start:%Y-%m}" for p in month_periods(period.start.year)]
    for k in keys:
        out[k] = {"day": k, "total": 0, "negative": 0, "neutral": 0, "positive": 0, "pending": 0}
    fmt = "yyyy-MM-dd" if by == "day" else "yyyy-MM"
    for fld, cond in (("published_at", {"exists": {"field": "published_at"}}),
                      ("fetched_at", {"bool": {"must_not": [{"exists": {"field": "published_at"}}]}})):
        r = store.search(ix, size=0, query=articles_query(period, tz, scope, cond), aggs={"d": {
            "date_histogram": {"field": fld, "calendar_interval": by, "time_zone": tz, "format": fmt},
            "aggs": {"s": {"terms": {"field": "analysis.sentiment", "missing": "pending"}}}}})
        for b in (r.get("aggregations") or {}).get("d", {}).get("buckets", []):
            row = out.get(b["key_as_string"])
            if row is None:
                continue
            row["total"] += b["doc_count"]
            for s in b["s"]["buckets"]:
                k = s["key"] if s["key"] in row else "pending"
                row[k] += s["doc_count"]
    return list(out.values())


# --- events and stories --------------------------------------------------------------------------

def _event_filter(scope: Scope) -> list[dict[str, Any]]:
    return [{"term": {"active": True}}, *scope.entity_filter("entity_id")]


def new_events(store: Store, period: Period, tz: str, scope: Scope) -> list[dict[str, Any]]:
    """Risk events first seen in the period (rejected ones left out)."""
    ix = store.ix.name("events")
    q = {"bool": {"filter": [*_event_filter(scope), {"range": {"first_seen": period.range(tz)}}],
                  "must_not": [{"term": {"status": "rejected"}}]}}
    r = store.search(ix, size=500, query=q, sort=[{"severity": "desc"}],
                     source={"excludes": ["evidence", "summary", "record"]})
    return [h["_source"] for h in r["hits"]["hits"]]


def stories(store: Store, period: Period, tz: str, scope: Scope, limit: int = 6) -> list[dict[str, Any]]:
    """The period's top stories: risk events reported in it (not the duty-failure records), each a cluster
    of reports with its outlets, reposts, first and last seen, evidence sentence and heat (reports +
    reposts: the pages that carried it)."""
    a, b = period.bounds(tz)
    q = {"bool": {"filter": [*_event_filter(scope), {"range": {"last_seen": {"gte": a.isoformat()}}},
                             {"range": {"first_seen": {"lt": b.isoformat()}}}],
                  "must_not": [{"term": {"status": "rejected"}}, {"term": {"source_kind": "duty"}}]}}
    hits = store.search(store.ix.name("events"), size=200, query=q,
                        source={"excludes": ["evidence", "summary"]})["hits"]["hits"]
    arts = store.ix.name("articles")
    out = []
    for h in hits:
        ev = h["_source"]
        ids = list(ev.get("article_ids") or [])
        reposts = store.count(arts, {"bool": {"should": [
            {"terms": {"duplicate_of": ids}},
            {"bool": {"filter": [{"ids": {"values": ids}}, {"exists": {"field": "duplicate_of"}}]}}],
            "minimum_should_match": 1}}) if ids else 0
        reports = int(ev.get("source_count") or len(ids) or 1)
        out.append({**ev, "reports": reports, "reposts": reposts, "heat": reports + reposts})
    out.sort(key=lambda e: (-e["heat"], -(e.get("severity") or 0), e.get("id") or ""))
    return out[:limit]


# --- duties --------------------------------------------------------------------------------------

def all_duties(store: Store, scope: Scope) -> list[dict[str, Any]]:
    ix = store.ix.name("duties")
    store.refresh(ix)
    flt = [] if scope.platform_ids is None else [{"terms": {"platform_id": scope.platform_ids}}]
    r = store.search(ix, size=5000, query={"bool": {"filter": flt}}, sort=[{"due": "asc"}, {"opened_at": "asc"}])
    return [h["_source"] for h in r["hits"]["hits"]]


def state_at(duty: dict[str, Any], t: datetime) -> str | None:
    """The duty's state at instant `t` from its history (None: not opened yet)."""
    state = None
    for h in sorted(duty.get("history") or [], key=lambda x: x.get("at") or ""):
        at = parse(h.get("at"))
        if at is not None and at <= t:
            state = h.get("to") or state
    return state


def duties_at(duties: list[dict[str, Any]], t: datetime) -> dict[str, list[dict[str, Any]]]:
    """Active duties at `t`, and those of them past their deadline then (days_left < 0)."""
    active = [d for d in duties if state_at(d, t) in ACTIVE]
    return {"open": active, "overdue": [d for d in active if days_left(d, t) < 0]}


def duty_outcomes(duties: list[dict[str, Any]], period: Period, tz: str, now: datetime) -> dict[str, list[dict[str, Any]]]:
    """Duties reported in the period (on time / late) and those still open at its end (or now)."""
    a, b = period.bounds(tz)
    t = min(b, now)
    reported = [d for d in duties if d.get("state") == "reported" and d.get("report_date")
                and period.start <= date.fromisoformat(d["report_date"][:10]) <= period.end]
    at = duties_at(duties, t)
    return {"on_time": [d for d in reported if not d.get("reported_late")],
            "late": [d for d in reported if d.get("reported_late")],
            "open": at["open"], "overdue": at["overdue"]}


# --- ratings, findings ---------------------------------------------------------------------------

def grade_changes(store: Store, period: Period, tz: str, scope: Scope) -> list[dict[str, Any]]:
    """Grade changes scoring recorded in the period (rating-history `grade_changed`)."""
    ix = store.ix.name("rating-history")
    q = {"bool": {"filter": [{"term": {"grade_changed": True}}, {"range": {"rated_at": period.range(tz)}},
                             *scope.entity_filter("entity_id")]}}
    r = store.search(ix, size=500, query=q, sort=[{"rated_at": "asc"}],
                     source=["entity_id", "entity_name", "entity_type", "platforms", "previous_grade", "grade",
                             "previous_score", "score", "rated_at", "direction", "summary"])
    return [h["_source"] for h in r["hits"]["hits"]]


def current_ratings(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    got = store.mget(store.ix.name("ratings"), ids, source=["entity_id", "entity_name", "grade", "score"])
    return {i: d["_source"] for i, d in got.items()}


def findings(store: Store, period: Period, tz: str, scope: Scope) -> list[dict[str, Any]]:
    """Self-inspection findings (compliance alerts) found in the period or still open during it."""
    a, b = period.bounds(tz)
    ix = store.ix.name("alerts")
    who = [] if scope.entity_ids is None else [{"bool": {"should": [
        {"terms": {"entity_id": scope.entity_ids}}, {"terms": {"platforms": scope.platform_ids or []}}],
        "minimum_should_match": 1}}]
    q = {"bool": {"filter": [{"term": {"kind": "compliance"}}, {"range": {"created_at": {"lt": b.isoformat()}}},
                             *who,
                             {"bool": {"should": [{"range": {"created_at": {"gte": a.isoformat()}}},
                                                  {"terms": {"finding_state": ["open", "rectifying"]}},
                                                  {"range": {"resolved_at": {"gte": a.isoformat()}}}],
                                       "minimum_should_match": 1}}]}}
    r = store.search(ix, size=500, query=q, sort=[{"created_at": "asc"}])
    return [h["_source"] for h in r["hits"]["hits"]]


# --- the headline --------------------------------------------------------------------------------

def headline(store: Store, period: Period, tz: str, scope: Scope, now: datetime,
             duties: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Articles, negative share, new risk events, open and overdue duties: this period and the one before."""
    duties = all_duties(store, scope) if duties is None else duties
    out: dict[str, Any] = {}
    for key, p in (("current", period), ("previous", period.previous())):
        c = article_counts(store, p, tz, scope)
        t = min(p.bounds(tz)[1], now)
        at = duties_at(duties, t)
        out[key] = {**c, "negative_share": negative_share(c), "new_events": len(new_events(store, p, tz, scope)),
                    "open_duties": len(at["open"]), "overdue_duties": len(at["overdue"]), "period": p.label}
    return out
