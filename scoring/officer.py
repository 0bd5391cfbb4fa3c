"""What risk officers do with a risk event — confirm, correct (another subject or type), reject, reopen,
repair (the matter was remedied), object (a formal objection pending) — and manual events for matters
learnt outside the news. Each action is appended to the event's `actions` and survives the event's
regeneration from new reports (scoring/events.py keeps officer fields)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo
from typing import Any

from ipwatch import audit
from ipwatch.errors import ConflictError, IpwatchError
from ipwatch.store import Store, doc_id
from scoring.events import apply_officer_fields
from scoring.rating import entities_touched
from scoring.rulebook import Rulebook, type_label

OFFICER_ACTIONS = ("confirm", "correct", "reject", "reopen", "repair", "object")


class EventNotFound(IpwatchError):
    pass



def find_event(store: Store, ident: str) -> dict[str, Any]:
    idx = store.ix.name("events")
    got = store.get(idx, ident)
    if got is not None:
        return got.source
    if len(ident) >= 6:
        resp = store.search(idx, query={"prefix": {"id": ident}}, size=2)
        hits = resp["hits"]["hits"]
        if len(hits) == 1:
            return hits[0]["_source"]
        if len(hits) > 1:
            raise EventNotFound(f"event id prefix {ident!r} is ambiguous; give more characters")
    raise EventNotFound(f"no event {ident!r} (see `ipwatch events list`)")


def officer_action(store: Store, event_ident: str, action: str, by: str, reason: str, now: datetime,
                   tz: str = "Asia/Shanghai", entity_id: str | None = None, risk_type: str | None = None,
                   rulebook: Rulebook | None = None, known_entities: set[str] | None = None,
                   on: date | None = None) -> tuple[dict[str, Any], set[str]]:
    """Record an officer action on an event (optimistic concurrency). Returns the new document and the
    entities whose ratings it touches (old and new subject)."""
    if action not in OFFICER_ACTIONS:
        raise IpwatchError(f"unknown action {action!r}")
    if action in ("reject", "correct", "repair", "object") and not reason:
        raise IpwatchError(f"{action} needs a reason (--reason)")
    if action == "correct":
        if not entity_id and not risk_type:
            raise IpwatchError("correct needs --entity and/or --type")
        if risk_type and rulebook is not None and not rulebook.known(risk_type):
            raise IpwatchError(f"unknown risk type {risk_type!r}")
        if entity_id and known_entities is not None and entity_id not in known_entities:
            raise IpwatchError(f"unknown entity {entity_id!r} (not in the watchlist)")
    ev = find_event(store, event_ident)
    idx = store.ix.name("events")
    today = now.astimezone(ZoneInfo(tz)).date()
    if on is not None and on > today:
        raise IpwatchError(f"{action} dated {on} is in the future (today is {today})")
    entry = {"at": now.isoformat(), "on": (on or today).isoformat(), "action": action, "by": by,
             "reason": reason or None}
    if action == "correct":
        entry["entity_id"] = entity_id
        entry["risk_type"] = risk_type
    before: set[str] = set()
    prev: dict[str, Any] = {}

    def change(cur: dict[str, Any] | None) -> dict[str, Any] | None:
        if cur is None:
            raise EventNotFound(f"no event {ev['id']!r}")
        prev.clear()
        prev.update({k: v for k, v in cur.items() if k != "evidence"})
        before.clear()
        before.update(entities_touched(cur))
        cur["actions"] = [*(cur.get("actions") or []), entry]
        apply_officer_fields(cur)
        cur["updated_at"] = now.isoformat()
        return cur

    got = store.update(idx, ev["id"], change, refresh="wait_for")
    assert got is not None
    doc = got.source
    what = f" → {entity_id or ''} {risk_type or ''}".rstrip() if action == "correct" else ""
    audit.record(store, actor=by, action=f"event.{action}", target_kind="event", target_id=doc["id"],
                 target_name=doc.get("title"), before=prev, after={k: v for k, v in doc.items() if k != "evidence"},
                 now=now, summary=f"{prev.get('status', 'new')} → {doc.get('status')}{what}" + (f"：{reason}" if reason else ""))
    return doc, before | set(doc["entity_history"])


def add_manual_event(store: Store, rb: Rulebook, entity: dict[str, Any], risk_type: str, event_date: str,
                     by: str, reason: str, now: datetime, severity: float = 0.5, tz: str = "Asia/Shanghai"
                     ) -> dict[str, Any]:
    """An event entered by a risk officer (e.g. an award, or a risk learnt offline); confidence 1."""
    if not rb.known(risk_type):
        raise IpwatchError(f"unknown risk or positive type {risk_type!r}")
    eid = doc_id("manual", entity["id"], risk_type, event_date, reason)
    on = now.astimezone(ZoneInfo(tz)).date().isoformat()
    doc = {"id": eid, "entity_id": entity["id"], "origin_entity_id": entity["id"], "entity_name": entity.get("name"),
           "entity_type": entity.get("type"), "platforms": list(entity.get("platforms") or []),
           "risk_type": risk_type, "origin_risk_type": risk_type, "risk_name": type_label(risk_type),
           "event_date": event_date, "event_date_source": "manual", "first_seen": now.isoformat(),
           "last_seen": now.isoformat(), "severity": severity, "confidence": 1.0,
           "authority": rb.authority.manual, "official": False, "source_kind": "manual", "record": None,
           "title": reason, "summary": reason, "article_ids": [], "outlets": [], "urls": [], "source_count": 1,
           "independent_sources": 1, "evidence": [], "active": True, "superseded_by": None,
           "actions": [{"at": now.isoformat(), "on": on, "action": "confirm", "by": by, "reason": reason}],
           "updated_at": now.isoformat()}
    apply_officer_fields(doc)
    idx = store.ix.name("events")
    try:
        store.put(idx, eid, doc, None, refresh="wait_for")
    except ConflictError:
        return doc  # the same entry twice: already there
    audit.record(store, actor=by, action="event.add", target_kind="event", target_id=eid, target_name=reason,
                 after=doc, now=now, summary=f"{entity['id']} {risk_type} {event_date}：{reason}")
    return doc
