"""What the console's pages read from Elasticsearch: one bounded query per list (size-limited, sorted,
filtered by keyword fields), so a page costs the same with 100 or 100,000 entities."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ipwatch.store import Store

PAGE = 50
ARTICLE_FIELDS = ["id", "title", "url", "outlet", "published_at", "fetched_at", "source_type", "duplicate_of",
                  "analysis.sentiment", "analysis.risk_types", "analysis.entity_ids", "analysis.subject",
                  "analysis.status", "analysis.correction"]


def hits(r: dict[str, Any]) -> list[dict[str, Any]]:
    return [h["_source"] for h in r["hits"]["hits"]]


def total(r: dict[str, Any]) -> int:
    return int(r["hits"]["total"]["value"]) if isinstance(r["hits"].get("total"), dict) else len(r["hits"]["hits"])


def get(store: Store, logical: str, ident: str) -> dict[str, Any] | None:
    got = store.get(store.ix.name(logical), ident)
    return got.source if got else None


def by_ids(store: Store, logical: str, ids: list[str], source: list[str] | None = None) -> list[dict[str, Any]]:
    """Documents in the order of `ids` (missing ones left out)."""
    found = store.mget(store.ix.name(logical), ids, source=source)
    return [found[i]["_source"] for i in ids if i in found]


def duties(store: Store, state: str | None = None, platform: str | None = None, entity: str | None = None,
           size: int = PAGE, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    flt: list[dict[str, Any]] = []
    if state == "active" or not state:
        flt.append({"terms": {"state": ["open", "acknowledged"]}})
    elif state != "all":
        flt.append({"term": {"state": state}})
    if platform:
        flt.append({"term": {"platform_id": platform}})
    if entity:
        flt.append({"term": {"entity_id": entity}})
    r = store.search(store.ix.name("duties"), query={"bool": {"filter": flt}}, size=size, from_=offset,
                     sort=[{"due": "asc"}, {"id": "asc"}], track_total_hits=True)
    return hits(r), total(r)


def events(store: Store, entity: str | None = None, status: str | None = None, risk_type: str | None = None,
           size: int = PAGE, offset: int = 0, active_only: bool = True) -> tuple[list[dict[str, Any]], int]:
    flt: list[dict[str, Any]] = []
    if entity:
        flt.append({"term": {"entity_history": entity}})
    if status:
        flt.append({"term": {"status": status}})
    if risk_type:
        flt.append({"term": {"risk_type": risk_type}})
    if active_only:
        flt.append({"term": {"active": True}})
    r = store.search(store.ix.name("events"), query={"bool": {"filter": flt}}, size=size, from_=offset,
                     sort=[{"event_date": "desc"}, {"id": "asc"}], track_total_hits=True,
                     source_excludes=["evidence"])
    return hits(r), total(r)


def alerts(store: Store, kind: str | None = None, status: str | None = "active", entity: str | None = None,
           size: int = PAGE, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    flt: list[dict[str, Any]] = []
    if kind:
        flt.append({"term": {"kind": kind}})
    if status:
        flt.append({"term": {"status": status}})
    if entity:
        flt.append({"term": {"entity_id": entity}})
    r = store.search(store.ix.name("alerts"), query={"bool": {"filter": flt}}, size=size, from_=offset,
                     sort=[{"created_at": "desc"}], track_total_hits=True)
    return hits(r), total(r)


def grade_changes(store: Store, since: str, entity: str | None = None, size: int = 20) -> list[dict[str, Any]]:
    flt: list[dict[str, Any]] = [{"term": {"grade_changed": True}}, {"range": {"rated_at": {"gte": since}}}]
    if entity:
        flt = [{"term": {"entity_id": entity}}]
    r = store.search(store.ix.name("rating-history"), query={"bool": {"filter": flt}}, size=size,
                     sort=[{"rated_at": "desc"}])
    return hits(r)


def week_volume(store: Store, now: datetime, tz: str, days: int = 7) -> list[dict[str, Any]]:
    """Articles per local day over the last `days` days, with the negative share."""
    start = (now.astimezone(ZoneInfo(tz)) - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0,
                                                                             microsecond=0)
    r = store.search(store.ix.name("articles"), size=0, query={"range": {"published_at": {"gte": start.isoformat()}}},
                     aggs={"days": {"date_histogram": {"field": "published_at", "calendar_interval": "day",
                                                       "time_zone": tz, "min_doc_count": 0,
                                                       "extended_bounds": {"min": start.isoformat()[:10],
                                                                           "max": now.astimezone(ZoneInfo(tz)).date().isoformat()},
                                                       "format": "yyyy-MM-dd"},
                                    "aggs": {"neg": {"filter": {"term": {"analysis.sentiment": "negative"}}}}}})
    out = []
    for b in r["aggregations"]["days"]["buckets"]:
        n, neg = b["doc_count"], b["neg"]["doc_count"]
        out.append({"day": b["key_as_string"], "count": n, "negative": neg, "share": (neg / n) if n else 0.0})
    return out[-days:]


def entities(store: Store, q: str | None = None, etype: str | None = None, size: int = PAGE,
             offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    must: list[dict[str, Any]] = []
    flt: list[dict[str, Any]] = []
    if q:
        must.append({"bool": {"should": [{"match_phrase": {"name": q}}, {"term": {"id": q}}, {"term": {"aliases": q}},
                                         {"term": {"uscc": q.upper()}}, {"prefix": {"id": q}}],
                              "minimum_should_match": 1}})
    if etype:
        flt.append({"term": {"type": etype}})
    r = store.search(store.ix.name("entities"), query={"bool": {"must": must, "filter": flt}}, size=size,
                     from_=offset, sort=[{"_score": "desc"}, {"id": "asc"}], track_total_hits=True)
    return hits(r), total(r)


def ratings_of(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    r = store.search(store.ix.name("ratings"), query={"terms": {"entity_id": ids}}, size=len(ids),
                     source=["entity_id", "grade", "score", "as_of"])
    return {d["entity_id"]: d for d in hits(r)}


def residents(store: Store, platform_id: str, size: int = 200) -> list[dict[str, Any]]:
    q = {"bool": {"should": [{"term": {"resides_on": platform_id}}, {"term": {"cooperates_with": platform_id}},
                             {"term": {"platforms": platform_id}}], "minimum_should_match": 1,
                  "must_not": [{"term": {"id": platform_id}}]}}
    return hits(store.search(store.ix.name("entities"), query=q, size=size, sort=[{"id": "asc"}]))


def grade_history(store: Store, entity_id: str, size: int = 200) -> list[dict[str, Any]]:
    r = store.search(store.ix.name("rating-history"), query={"term": {"entity_id": entity_id}}, size=size,
                     sort=[{"rated_at": "asc"}], source=["score", "grade", "as_of", "rated_at", "summary", "direction"])
    return hits(r)


def articles(store: Store, q: str | None = None, entity: str | None = None, risk: str | None = None,
             sentiment: str | None = None, outlet: str | None = None, date_from: str | None = None,
             date_to: str | None = None, ids: list[str] | None = None, size: int = PAGE,
             offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Full text over the jieba-segmented fields (words) with the character fields as a phrase fallback."""
    must: list[dict[str, Any]] = []
    flt: list[dict[str, Any]] = []
    if q:
        from ipwatch.store.text import segment

        words = segment(q)
        must.append({"bool": {"should": [
            {"multi_match": {"query": words, "fields": ["title_seg^3", "text_seg"], "operator": "and"}},
            {"multi_match": {"query": q, "type": "phrase", "fields": ["title^3", "text"]}}],
            "minimum_should_match": 1}})
    for field, value in (("analysis.entity_ids", entity), ("analysis.risk_types", risk),
                         ("analysis.sentiment", sentiment), ("outlet", outlet)):
        if value:
            flt.append({"term": {field: value}})
    if ids is not None:
        flt.append({"ids": {"values": ids}})
    if date_from or date_to:
        rng = {k: v for k, v in (("gte", date_from), ("lte", date_to)) if v}
        flt.append({"range": {"published_at": rng}})
    sort: list[Any] = [{"_score": "desc"}, {"published_at": {"order": "desc", "missing": "_last"}}] if q else \
        [{"published_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    r = store.search(store.ix.name("articles"), query={"bool": {"must": must, "filter": flt}}, size=size, from_=offset,
                     sort=sort, track_total_hits=True, source=ARTICLE_FIELDS)
    return hits(r), total(r)


def outlets(store: Store, size: int = 100) -> list[str]:
    r = store.search(store.ix.name("articles"), size=0, aggs={"o": {"terms": {"field": "outlet", "size": size}}})
    return [b["key"] for b in r["aggregations"]["o"]["buckets"]]
