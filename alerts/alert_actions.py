"""Officers handle surge and grade-change alerts: acknowledge (seen, being followed up) and close
(handled, with a note). Each move is stored on the alert (`handling`, who, when, a `history`) under
optimistic concurrency and recorded in the audit trail, from the CLI and the console alike.

Self-inspection findings have their own life (`alerts.findings`: rectifying by a deadline, closed,
dismissed); duties theirs (`alerts.duty_actions`). A closed surge leaves the active list; if coverage
still surges at the next measurement, a new surge alert is raised (the storm is back, not forgotten).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from ipwatch import audit
from ipwatch.clock import iso
from ipwatch.errors import ConflictError, IpwatchError
from ipwatch.store import Store

log = logging.getLogger(__name__)

KINDS = ("surge", "grade_change")
ALLOWED = {None: ("acknowledged", "closed"), "acknowledged": ("closed",), "closed": ()}
HANDLING_ZH = {None: "待处理", "acknowledged": "已确认，跟进中", "closed": "已关闭"}


class AlertActionError(IpwatchError):
    pass


def handle(store: Store, alert_id: str, to: str, actor: str, now: datetime, note: str | None = None) -> dict[str, Any]:
    """Acknowledge or close a surge or grade-change alert; returns the stored alert."""
    if to not in ("acknowledged", "closed"):
        raise AlertActionError(f"unknown move {to!r} (acknowledged or closed)")
    index = store.ix.name("alerts")
    prev: dict[str, Any] = {}

    def change(cur: dict[str, Any] | None) -> dict[str, Any]:
        if cur is None:
            raise AlertActionError(f"alert {alert_id!r} not found")
        if cur.get("kind") not in KINDS:
            raise AlertActionError(f"a {cur.get('kind')} alert is handled on its own page, not acknowledged here")
        prev.clear()
        prev.update(cur)
        state = cur.get("handling")
        if to not in ALLOWED.get(state, ()):
            raise AlertActionError(f"alert {alert_id[:10]} is {HANDLING_ZH.get(state, state)}; it cannot become {to}")
        new = {**cur, "handling": to, "updated_at": iso(now),
               "history": [*cur.get("history", []), audit.history_entry(now, actor, state, to, note or "")]}
        if to == "acknowledged":
            new.update(acknowledged_by=actor, acknowledged_at=iso(now))
        else:
            new.update(closed_by=actor, closed_at=iso(now), close_note=note or "", status="resolved",
                       resolved_at=cur.get("resolved_at") or iso(now))
        return new

    try:
        v = store.update(index, alert_id, change, refresh=True)
    except ConflictError as exc:
        raise AlertActionError(str(exc)) from None
    doc = v.source if v else {}
    log.info("alert %s -> %s by %s", alert_id[:10], to, actor)
    audit.record(store, actor=actor, action=f"alert.{to}", target_kind="alert", target_id=alert_id,
                 target_name=doc.get("title"), before=prev, after=doc, now=now,
                 summary=f"{HANDLING_ZH[to]}" + (f"：{note}" if note else ""))
    return doc
