"""The reporting failing as a credit record: when a duty's week passes without a report, or the report
came late, the platform and its operating unit each get a `late_report` event (scoring counts it by
`conduct_types` in config/scoring.yaml). A report on time or a dismissed duty voids it. The schemes
ipwatch follows do not deduct for the reportable change itself; they deduct for not reporting it.

One event per (duty, entity), deterministic id; written only when its content changes, so the
daemon's incremental re-rating picks it up once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from ipwatch.clock import iso, parse
from alerts.messages import risk_label
from ipwatch.store import Store, doc_id
from scoring.rulebook import type_label

CODE = "late_report"
ACTIVE = ("open", "acknowledged")  # duties.ACTIVE (duties imports this module)


def failing(duty: dict[str, Any], now: datetime) -> str | None:
    """'missing' (the week passed, no report yet), 'late' (reported after the due day) or None."""
    due_at = parse(duty.get("due_at"))
    if duty.get("state") in ACTIVE and due_at is not None and now > due_at:
        return "missing"
    if duty.get("state") == "reported" and duty.get("reported_late"):
        return "late"
    return None


def _entities(duty: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    """(id, name, type) of the platform and, when it is another entity, the one whose matter it is."""
    out = [(duty["platform_id"], duty.get("platform_name"), "platform")]
    if duty.get("entity_id") and duty["entity_id"] != duty["platform_id"]:
        out.append((duty["entity_id"], duty.get("entity_name"), duty.get("entity_type")))
    return out


def sync(store: Store, duty: dict[str, Any], now: datetime) -> int:
    """Bring the duty's late-report events in line with its state; returns how many changed."""
    why = failing(duty, now)
    first_late = (date.fromisoformat(duty["due"]) + timedelta(days=1)).isoformat()
    index = store.ix.name("events")
    changed = 0
    for eid_ent, name, etype in _entities(duty):
        eid = doc_id("conduct", CODE, duty["id"], eid_ent)
        cur = store.get(index, eid)
        cur_src = cur.source if cur else None
        if why is None:
            if cur_src and cur_src.get("active") is not False:
                reason = "已按期报送" if duty.get("state") == "reported" else "报送义务已撤销"
                store.index(index, eid, {**cur_src, "active": False, "void_reason": reason, "updated_at": iso(now)})
                changed += 1
            continue
        what = "未在期限内报送" if why == "missing" else f"逾期报送（{duty.get('report_date')}）"
        title = (f"{duty.get('platform_name') or duty['platform_id']}{what}重大事项：{duty.get('entity_name') or ''}"
                 f"{risk_label(duty.get('risk_type'))}，截止日 {duty['due']}")
        doc = {"id": eid, "entity_id": eid_ent, "origin_entity_id": eid_ent, "entity_history": [eid_ent], "entity_name": name,
               "entity_type": etype, "platforms": [duty["platform_id"]], "risk_type": CODE, "origin_risk_type": CODE,
               "risk_name": type_label(CODE), "event_date": first_late, "event_date_source": "duty",
               "first_seen": iso(now), "last_seen": iso(now), "severity": 0.5, "confidence": 1.0, "authority": 1.0,
               "official": False, "source_kind": "duty", "record": None, "title": title, "summary": title,
               "duty_id": duty["id"], "article_ids": list(duty.get("article_ids") or []), "outlets": [],
               "urls": list(duty.get("urls") or []), "source_count": 1, "independent_sources": 1, "evidence": [],
               "active": True, "superseded_by": None, "status": "confirmed", "updated_at": iso(now)}
        if cur_src and all(cur_src.get(k) == doc[k] for k in ("title", "event_date", "active", "entity_id")):
            continue
        if cur_src:
            doc["first_seen"] = cur_src.get("first_seen", doc["first_seen"])
        store.index(index, eid, doc)
        changed += 1
    if changed:
        store.refresh(index)
    return changed
