"""Risk events: analysed articles merged into one event per real-world event, plus officer actions.

An analysed article yields one *report* per risk type it evidences (subject, type, event date,
severity, confidence, source authority). Reports of one (subject, type) form a *group*; a group is
clustered as a whole, so the result depends only on the set of articles, never on their order:

* official records (penalty publicity, court and enforcement lists) are one event per decision
  number, with confidence 1, and take precedence: news within `official_window_days` of a record
  joins it (the nearest one) and the event keeps the record's date, severity and authority;
* other news reports chain into one event when their dates are within `window_days` of each other
  or one is a near-duplicate (`duplicate_of`) of another.

Event ids are deterministic: sha1(subject, type, anchor) where the anchor is the record's decision
number or else the earliest-published report. When new evidence merges two events or an official
record absorbs news, the old event is kept, inactive, with `superseded_by` (officer actions carry
over). Nothing is ever deleted. Officer actions (confirm / correct / reject / reopen) are appended
to `actions` with who, when and why; ratings replay them as of a date.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ipwatch.errors import ConflictError
from ipwatch.store import Store, doc_id
from scoring.rating import effective, entities_touched, objection
from scoring.rulebook import RECORD_TYPE_RISK, Rulebook, type_label

log = logging.getLogger(__name__)

# fields a group re-computation owns; everything else on an event (officer state) is kept
ARTICLE_FIELDS = ("analysis", "source_type", "outlet", "outlet_domain", "url", "title", "published_at",
                  "duplicate_of", "record", "id")


@dataclass(frozen=True)
class Report:
    article_id: str
    subject: str
    risk_type: str
    event_date: str
    event_date_source: str
    published: str
    severity: float
    confidence: float
    authority: float
    official: bool
    decision_key: str | None
    outlet: str | None
    url: str | None
    title: str | None
    duplicate_of: str | None
    record: dict[str, Any] | None
    quote: str | None = None          # the sentence that states the matter (analysis.matters evidence)

    @property
    def weight(self) -> float:
        return self.severity * self.confidence * self.authority


def reports_from_article(src: dict[str, Any], rb: Rulebook, uscc_index: dict[str, str] | None = None
                         ) -> list[Report]:
    """The reports an analysed article contributes (none unless analysed, with a subject and a risk)."""
    an = src.get("analysis") or {}
    if an.get("status") != "done":
        return []
    official = src.get("source_type") == "official"
    record = src.get("record") if official else None
    subject = an.get("subject")
    if not subject and record and uscc_index and record.get("party_uscc"):
        subject = uscc_index.get(str(record["party_uscc"]).upper())
    if not subject:
        return []
    types = [t for t in an.get("risk_types") or [] if rb.known(t)]
    if record:
        rt = RECORD_TYPE_RISK.get(record.get("record_type") or "")
        if rt and rt in types:
            types.remove(rt)
        if rt:
            types.insert(0, rt)
    types = types[: rb.merge.max_types_per_article]
    if not types:
        return []
    published = str(src.get("published_at") or src.get("fetched_at") or "")
    if record and record.get("decision_date"):
        ev_date, ev_src = str(record["decision_date"])[:10], "record"
    elif an.get("event_date"):
        ev_date, ev_src = str(an["event_date"])[:10], an.get("event_date_source") or "text"
    elif src.get("published_at") and src.get("published_at_source") not in ("fetched", "none"):
        ev_date, ev_src = published[:10], "published"
    else:  # no date on the page: the first sighting, flagged (never passed off as a publish date)
        ev_date, ev_src = published[:10], "first_seen"
    if not ev_date:
        return []
    sev = an.get("severity")
    if sev is None:
        sev = rb.merge.official_severity if official else rb.merge.default_severity
    scores = an.get("risk_scores") or {}
    art_id = src.get("id") or doc_id(src.get("canonical_url") or src.get("url"))
    decision = None
    if official:
        decision = str((record or {}).get("decision_no") or "") or f"article:{art_id}"
    quotes = {m.get("code"): m.get("evidence") for m in reversed(an.get("matters") or [])
              if m.get("status") == "occurred"}
    out = []
    for t in types:
        conf = 1.0 if official else float(scores.get(t, rb.merge.default_confidence))
        out.append(Report(
            article_id=art_id, subject=subject, risk_type=t, event_date=ev_date, event_date_source=ev_src,
            published=published, severity=float(sev), confidence=conf,
            authority=rb.authority.of(src.get("source_type"), src.get("outlet"), src.get("outlet_domain")),
            official=official, decision_key=decision, outlet=src.get("outlet"), url=src.get("url"),
            title=src.get("title"), duplicate_of=src.get("duplicate_of"), record=record, quote=quotes.get(t)))
    return out


def _days(a: str, b: str) -> int:
    return abs((datetime.fromisoformat(a) - datetime.fromisoformat(b)).days)


def cluster(reports: Iterable[Report], rb: Rulebook) -> list[list[Report]]:
    """Cluster the reports of ONE (subject, type) group; independent of input order."""
    uniq: dict[str, Report] = {}
    for r in reports:
        uniq[r.article_id] = r
    items = sorted(uniq.values(), key=lambda r: (r.event_date, r.article_id))
    officials: dict[str, list[Report]] = {}
    news = []
    for r in items:
        if r.official:
            officials.setdefault(r.decision_key or r.article_id, []).append(r)
        else:
            news.append(r)
    # union-find over news: date chains and near-duplicate links
    parent = {r.article_id: r.article_id for r in news}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb_ = find(a), find(b)
        if ra != rb_:
            lo, hi = sorted((ra, rb_))
            parent[hi] = lo

    w = rb.merge.window_days
    for prev, cur in zip(news, news[1:]):
        if _days(prev.event_date, cur.event_date) <= w:
            union(prev.article_id, cur.article_id)
    for r in news:
        if r.duplicate_of and r.duplicate_of in parent:
            union(r.article_id, r.duplicate_of)
    comps: dict[str, list[Report]] = {}
    for r in news:
        comps.setdefault(find(r.article_id), []).append(r)
    # a news component within official_window_days of a record joins the nearest record
    rec_dates = {k: min(r.event_date for r in v) for k, v in officials.items()}
    ow = rb.merge.official_window_days
    out: dict[str, list[Report]] = {k: list(v) for k, v in officials.items()}
    free: list[list[Report]] = []
    for comp in comps.values():
        best: tuple[int, str] | None = None
        for key, d in rec_dates.items():
            gap = min(_days(d, r.event_date) for r in comp)
            if gap <= ow and (best is None or (gap, key) < best):
                best = (gap, key)
        if best is None:
            free.append(comp)
        else:
            out[best[1]].extend(comp)
    return [sorted(v, key=lambda r: r.article_id) for v in (*out.values(), *free)]


def event_id(subject: str, risk_type: str, members: list[Report]) -> str:
    recs = sorted(r.decision_key or r.article_id for r in members if r.official)
    anchor = "rec:" + recs[0] if recs else "art:" + min((r.published, r.article_id) for r in members)[1]
    return doc_id("event", subject, risk_type, anchor)


def build_event(subject: str, risk_type: str, members: list[Report], entity: dict[str, Any] | None
                ) -> dict[str, Any]:
    """The system part of an event document (officer fields are added by `sync_group`)."""
    officials = [r for r in members if r.official]
    if officials:
        primary = min(officials, key=lambda r: (r.decision_key or "", r.event_date, -r.weight, r.article_id))
        ev_date, ev_src = primary.event_date, "record"
        severity = max(r.severity for r in officials if r.decision_key == primary.decision_key)
        confidence, authority = 1.0, primary.authority
    else:
        primary = min(members, key=lambda r: (-r.weight, r.event_date, r.article_id))
        first = min(members, key=lambda r: (r.event_date, r.event_date_source != "text", r.article_id))
        ev_date, ev_src = first.event_date, first.event_date_source
        severity, confidence, authority = primary.severity, primary.confidence, primary.authority
    ids = {r.article_id for r in members}
    evidence = [{"article_id": r.article_id, "outlet": r.outlet, "url": r.url, "published_at": r.published,
                 "event_date": r.event_date, "official": r.official, "duplicate_of": r.duplicate_of,
                 "authority": r.authority, "confidence": r.confidence, "severity": r.severity, "quote": r.quote}
                for r in sorted(members, key=lambda r: (r.published, r.article_id))]
    return {
        "id": event_id(subject, risk_type, members),
        "entity_id": subject, "origin_entity_id": subject,
        "entity_name": (entity or {}).get("name"), "entity_type": (entity or {}).get("type"),
        "platforms": list((entity or {}).get("platforms") or []),
        "risk_type": risk_type, "origin_risk_type": risk_type, "risk_name": type_label(risk_type),
        "event_date": ev_date, "event_date_source": ev_src,
        "first_seen": min(r.published for r in members), "last_seen": max(r.published for r in members),
        "severity": round(severity, 4), "confidence": round(confidence, 4), "authority": round(authority, 4),
        "official": bool(officials), "source_kind": "official" if officials else "news",
        "record": primary.record if officials else None,
        "title": primary.title, "article_ids": sorted(ids),
        # the sentence that says so, from the best-supported report that has one
        "quote": next((r.quote for r in sorted(members, key=lambda r: (-r.weight, r.article_id)) if r.quote), None),
        "outlets": sorted({r.outlet for r in members if r.outlet}),
        "urls": sorted({r.url for r in members if r.url})[:200],
        "source_count": len(members),
        "independent_sources": sum(1 for r in members if not (r.duplicate_of and r.duplicate_of in ids)),
        "evidence": evidence[:200],
        "active": True, "superseded_by": None,
    }


OFFICER_FIELDS = ("status", "status_reason", "status_by", "status_at", "actions", "corrected_from")


def _with_officer_state(doc: dict[str, Any], sources: list[dict[str, Any]]) -> dict[str, Any]:
    """Carry officer actions from the same-id document and any superseded by this one."""
    actions: dict[tuple[str, str, str], dict[str, Any]] = {}
    for s in sources:
        for a in s.get("actions") or []:
            actions[(a["at"], a["action"], a.get("by") or "")] = a
    doc["actions"] = [actions[k] for k in sorted(actions)]
    return apply_officer_fields(doc)


def apply_officer_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """status/entity/type as of now, from the action log (the log is the truth)."""
    acts = doc.get("actions") or []
    ent, typ, status = effective(doc, "9999-12-31")
    doc["status"] = status
    last = acts[-1] if acts else None
    doc["status_reason"] = last.get("reason") if last else None
    doc["status_by"] = last.get("by") if last else None
    doc["status_at"] = last.get("at") if last else None
    if ent != doc["origin_entity_id"] or typ != doc["origin_risk_type"]:
        doc["corrected_from"] = {"entity_id": doc["origin_entity_id"], "risk_type": doc["origin_risk_type"]}
    else:
        doc["corrected_from"] = None
    doc["entity_id"], doc["risk_type"], doc["risk_name"] = ent, typ, type_label(typ)
    doc["entity_history"] = sorted(entities_touched(doc))
    obj = objection(doc, "9999-12-31")
    doc["objection"] = {"since": obj["on"], "by": obj["by"], "reason": obj.get("reason")} if obj else None
    return doc


def _content(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "updated_at"}


@dataclass
class GroupResult:
    created: int = 0
    updated: int = 0
    superseded: int = 0
    unchanged: int = 0
    entities: set[str] | None = None


def existing_group_events(store: Store, subject: str, risk_type: str) -> list[dict[str, Any]]:
    idx = store.ix.name("events")
    resp = store.search(idx, query={"bool": {"filter": [
        {"term": {"origin_entity_id": subject}}, {"term": {"origin_risk_type": risk_type}}],
        "must_not": [{"terms": {"source_kind": ["manual", "duty"]}}]}}, size=10000, seq_no_primary_term=True)
    return resp["hits"]["hits"]


def sync_group(store: Store, rb: Rulebook, subject: str, risk_type: str, reports: list[Report],
               entity: dict[str, Any] | None, now: datetime, attempts: int = 10,
               reload: Callable[[], list[Report]] | None = None) -> GroupResult:
    """Make the stored events of one (subject, type) group match its reports. Idempotent.

    `reload` reads the group's reports afresh. It is called when a stored event cites an article that
    `reports` lacks: another run, which read the articles later, wrote that event, and superseding it
    from our older view would lose it. The events are read before the reports, and an event is only
    written after its articles are searchable, so the fresh reports cover every event seen."""
    from ipwatch.store import Versioned

    idx = store.ix.name("events")
    for _ in range(attempts):
        hits = existing_group_events(store, subject, risk_type)
        old = {h["_id"]: h for h in hits}
        known = {r.article_id for r in reports}
        if reload is not None and any(a not in known for h in hits for a in h["_source"].get("article_ids") or []):
            reports = reload()
        clusters = cluster(reports, rb) if reports else []
        new_docs: dict[str, dict[str, Any]] = {}
        art_to_new: dict[str, str] = {}
        for members in clusters:
            d = build_event(subject, risk_type, members, entity)
            if risk_type == "administrative_penalty":
                # the kind of penalty weighs it and sets how long it counts (scoring.yaml penalty_kinds)
                texts = [d.get("quote"), d.get("title"), *(str((r.record or {}).get("penalty") or "") for r in members),
                         *(r.quote for r in members)]
                kind = rb.penalty_kind(*texts)
                d["penalty_kind"] = kind.kind if kind else None
            new_docs[d["id"]] = d
            for a in d["article_ids"]:
                art_to_new[a] = d["id"]
        # superseded: old events whose id is gone
        contributors: dict[str, list[dict[str, Any]]] = {i: [] for i in new_docs}
        writes: list[tuple[str, dict[str, Any], Any]] = []
        res = GroupResult(entities=set())
        for oid, h in old.items():
            if oid in new_docs:
                contributors[oid].append(h["_source"])
                continue
            src = dict(h["_source"])
            targets = sorted({art_to_new[a] for a in src.get("article_ids") or [] if a in art_to_new})
            succ = targets[0] if targets else None
            if succ:
                contributors[succ].append(src)
            if src.get("active") is False and src.get("superseded_by") == succ:
                res.unchanged += 1
                continue
            src["active"] = False
            src["superseded_by"] = succ
            src["void_reason"] = None if succ else "no analysed article supports it any more"
            writes.append((oid, src, h))
            res.superseded += 1
            res.entities |= set(src.get("entity_history") or [src["entity_id"]])
        for nid, d in new_docs.items():
            d = _with_officer_state(d, contributors[nid])
            d["void_reason"] = None
            h = old.get(nid)
            if h is not None and _content(h["_source"]) == _content(d):
                res.unchanged += 1
                continue
            writes.append((nid, d, h))
            res.entities |= set(d["entity_history"])
            if h is None:
                res.created += 1
            else:
                res.updated += 1
        try:
            for wid, doc, h in writes:
                doc["updated_at"] = now.isoformat()
                expected = None if h is None else Versioned(h["_id"], h["_source"], h["_seq_no"],
                                                           h["_primary_term"], h["_index"])
                store.put(idx, wid, doc, expected)
        except ConflictError:
            store.refresh(idx)
            continue
        return res
    raise ConflictError(f"events of {subject}/{risk_type}: gave up after {attempts} conflicting updates")


# --- officer actions -----------------------------------------------------------------------------
