"""What risk officers do with a duty: acknowledge it, record the report (date and reference) or
dismiss it with a reason; every move is appended to its history with time and actor, and a reported
or dismissed duty sends its "resolved" message and settles the late-report conduct record."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from alerts import conduct
from alerts.deadline import local_today
from alerts.duty_messages import resolved_notification
from alerts.outbox import enqueue
from alerts.routing import AlertsConfig
from ipwatch import audit
from ipwatch.audit import history_entry
from ipwatch.clock import iso
from ipwatch.errors import ConflictError, IpwatchError
from ipwatch.store import Store, doc_id

log = logging.getLogger("alerts.duties")

STATES = ("open", "acknowledged", "reported", "dismissed")
ACTIVE = ("open", "acknowledged")
ALLOWED = {"open": {"acknowledged", "reported", "dismissed"},
           "acknowledged": {"reported", "dismissed"},
           "reported": set(), "dismissed": {"open"}}


class DutyError(IpwatchError):
    """A duty command that cannot be done (unknown id, wrong state, missing reference)."""




def resolve_id(store: Store, ident: str) -> str:
    return store.resolve_id(store.ix.name("duties"), ident, what="duty", error=DutyError)


def transition(store: Store, cfg: AlertsConfig, ident: str, to: str, actor: str, now: datetime, *,
               reason: str | None = None, report_date: date | None = None, report_ref: str | None = None,
               note: str | None = None) -> dict[str, Any]:
    """Move a duty to `to`, recording time and actor; the resolved message goes out for
    reported/dismissed. Raises DutyError for an unknown id or a move the states do not allow."""
    if to not in STATES:
        raise DutyError(f"unknown state {to!r}")
    if to == "reported" and not report_ref:
        raise DutyError("a report needs its reference (--ref, e.g. the document number)")
    if to == "dismissed" and not reason:
        raise DutyError("dismissing a duty needs a reason (--reason)")
    index = store.ix.name("duties")
    did = resolve_id(store, ident)
    prev: dict[str, Any] = {}

    def change(cur: dict[str, Any] | None) -> dict[str, Any] | None:
        if cur is None:
            raise DutyError(f"duty {ident!r} not found")
        if to not in ALLOWED[cur["state"]]:
            raise DutyError(f"duty {did[:10]} is {cur['state']}; it cannot become {to}")
        prev.clear()
        prev.update(cur)
        new = dict(cur)
        new["state"] = to
        text = note or ""
        if to == "reported":
            rd = report_date or local_today(now, cfg.duty)
            new.update(report_date=rd.isoformat(), report_ref=report_ref, reported_by=actor)
            late = rd > date.fromisoformat(cur["due"])
            new["reported_late"] = late
            text = text or f"报送日期 {rd}，文号 {report_ref}" + ("（逾期报送）" if late else "")
        elif to == "dismissed":
            new.update(dismiss_reason=reason, dismissed_by=actor)
            text = text or reason or ""
        elif to == "acknowledged":
            new["acknowledged_by"] = actor
        new["history"] = [*cur.get("history", []), history_entry(now, actor, cur["state"], to, text)]
        new["updated_at"] = iso(now)
        return new

    try:
        v = store.update(index, did, change, refresh=True)
    except ConflictError as exc:
        raise DutyError(str(exc)) from None
    duty = v.source if v else {}
    log.info("duty %s: %s -> %s by %s", did[:10], prev.get("state"), to, actor)
    last = (duty.get("history") or [{}])[-1]
    audit.record(store, actor=actor, action=f"duty.{to}", target_kind="duty", target_id=did,
                 target_name=duty.get("title"), before=prev, after=duty, now=now,
                 summary=f"{prev.get('state')} → {to}" + (f"：{last.get('note')}" if last.get("note") else ""))
    conduct.sync(store, duty, now)  # reported late keeps the record, on time or dismissed voids it
    if to in ("reported", "dismissed"):
        _resolve_alert(store, doc_id("alert", "duty", did), now)
        enqueue(store, cfg, resolved_notification(cfg, duty, now), now)
    return duty


def _resolve_alert(store: Store, alert_id: str, now: datetime) -> None:
    def change(cur: dict[str, Any] | None) -> dict[str, Any] | None:
        if cur is None or cur.get("status") == "resolved":
            return None
        return {**cur, "status": "resolved", "resolved_at": iso(now), "updated_at": iso(now)}
    store.update(store.ix.name("alerts"), alert_id, change, refresh=True)


def list_duties(store: Store, include_closed: bool = False, size: int = 500) -> list[dict[str, Any]]:
    index = store.ix.name("duties")
    store.refresh(index)
    q = {"match_all": {}} if include_closed else {"terms": {"state": list(ACTIVE)}}
    r = store.search(index, query=q, size=size, sort=[{"due": "asc"}, {"opened_at": "asc"}])
    return [h["_source"] for h in r["hits"]["hits"]]
