"""Self-inspection findings (branches, seals, remit) with a life: open -> rectifying (by a deadline)
-> closed (verified by whom) or dismissed (why).

156号 forbids cross-region sub-platforms, sub-centres and workstations set up without approval, seals
in the platform's name and business beyond its remit; a problem found is rectified (整改) by a date
(domain.md). A finding is a `compliance` alert with `finding_state`, `rectify_by` and a `history`;
the alert stays active until the finding is closed or dismissed. A finding past its deadline gets
one 【整改逾期】 message. For branches, the places named beside the branch are checked against the
platform's region (`cross_region`).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import jieba

from ipwatch import audit
from ipwatch.clock import iso
from alerts.outbox import enqueue
from alerts.routing import AlertsConfig
from ipwatch.errors import ConflictError, IpwatchError
from ipwatch.store import Store, doc_id

log = logging.getLogger(__name__)

STATES = ("open", "rectifying", "closed", "dismissed")
ALLOWED = {"open": ("rectifying", "closed", "dismissed"), "rectifying": ("closed", "dismissed", "rectifying"),
           "closed": ("open",), "dismissed": ("open",)}
_NATIONAL = ("中国", "全国", "国家", "我国", "境内")


class FindingError(IpwatchError):
    pass


def places(text: str) -> list[str]:
    """Place names in a sentence (jieba's `ns`), in order, without the national ones; adjacent ones are
    one place (北京 + 海淀 -> 北京海淀: a district of the city before it)."""
    import jieba.posseg     # here, not at the top: its tables take 0.7 s to load, and every CLI command paid it

    out: list[str] = []
    glued = False
    for w in jieba.posseg.cut(text or ""):
        if w.flag == "ns" and w.word not in _NATIONAL:
            if glued and out:
                out[-1] += w.word
            elif w.word not in out:
                out.append(w.word)
            glued = True
        else:
            glued = False
    return out


def cross_region(quote: str, region: str | None) -> dict[str, Any]:
    """Whether the branch the quote describes lies outside the platform's region."""
    found = places(quote)
    if not region:
        return {"places": found, "cross_region": None, "note": "平台所在地区未确认，无法判断是否跨区域"}
    parts = [w for w in jieba.cut(region) if len(w) >= 2] or [region]
    home = [p for p in found if p in region or region in p or any(part in p for part in parts)]
    away = [p for p in found if p not in home]
    if away:
        return {"places": found, "cross_region": True, "note": f"设在{'、'.join(away)}，不在平台所在地区（{region}）"}
    if found:
        return {"places": found, "cross_region": False, "note": f"在平台所在地区（{region}）内，请核实是否经批准"}
    return {"places": [], "cross_region": None, "note": "报道未写明地点，请核实是否跨区域"}


def new_fields(cfg: AlertsConfig, now: datetime, rule: str, quote: str | None, region: str | None) -> dict[str, Any]:
    """The finding part of a new compliance alert."""
    today = now.astimezone(ZoneInfo(cfg.duty.timezone)).date()
    out: dict[str, Any] = {"finding_state": "open", "rectify_by": (today + timedelta(days=cfg.compliance.rectify_days)).isoformat(),
                           "history": [audit.history_entry(now, "system", None, "open")],
                           "verified_by": None, "dismiss_reason": None, "rectify_overdue_sent": False}
    if rule in ("branch", "event"):
        out.update(cross_region(quote or "", region))
    return out


def resolve_id(store: Store, ident: str) -> str:
    return store.resolve_id(store.ix.name("alerts"), ident, what="finding", error=FindingError,
                            match={"kind": "compliance"}, hint=" (see `ipwatch findings list`)")


def transition(store: Store, cfg: AlertsConfig, ident: str, to: str, actor: str, now: datetime, *,
               rectify_by: date | None = None, note: str | None = None, reason: str | None = None) -> dict[str, Any]:
    """Move a finding to `to` (who and why in its history). Rectifying needs a deadline (or keeps the
    one it has), closing needs who verified it (`actor`), dismissing a reason."""
    if to not in STATES:
        raise FindingError(f"unknown state {to!r} (one of {', '.join(STATES)})")
    if to == "dismissed" and not reason:
        raise FindingError("dismissing a finding needs a reason (--reason)")
    today = now.astimezone(ZoneInfo(cfg.duty.timezone)).date()
    if rectify_by is not None and rectify_by < today:
        raise FindingError(f"the rectification deadline {rectify_by} is in the past (today is {today})")
    index = store.ix.name("alerts")
    fid = resolve_id(store, ident)
    prev: dict[str, Any] = {}

    def change(cur: dict[str, Any] | None) -> dict[str, Any] | None:
        if cur is None:
            raise FindingError(f"finding {ident!r} not found")
        prev.clear()
        prev.update(cur)
        state = cur.get("finding_state") or "open"
        if to not in ALLOWED[state]:
            raise FindingError(f"finding {fid[:10]} is {state}; it cannot become {to}")
        new = dict(cur)
        new["finding_state"] = to
        text = note or ""
        if to == "rectifying":
            new["rectify_by"] = (rectify_by or date.fromisoformat(cur["rectify_by"])).isoformat()
            new["rectify_overdue_sent"] = False if rectify_by else cur.get("rectify_overdue_sent", False)
            text = text or f"整改中，期限 {new['rectify_by']}"
        elif to == "closed":
            new["verified_by"] = actor
            text = text or "整改完成，已核实"
        elif to == "dismissed":
            new["dismiss_reason"] = reason
            text = text or reason or ""
        new["status"] = "resolved" if to in ("closed", "dismissed") else "active"
        new["resolved_at"] = iso(now) if to in ("closed", "dismissed") else None
        new["history"] = [*cur.get("history", []), audit.history_entry(now, actor, state, to, text)]
        new["updated_at"] = iso(now)
        return new

    try:
        v = store.update(index, fid, change, refresh=True)
    except ConflictError as exc:
        raise FindingError(str(exc)) from None
    log.info("finding %s -> %s by %s", fid[:10], to, actor)
    doc = v.source if v else {}
    last = (doc.get("history") or [{}])[-1]
    audit.record(store, actor=actor, action=f"finding.{to}", target_kind="finding", target_id=fid,
                 target_name=doc.get("title"), before=prev, after=doc, now=now,
                 summary=f"{prev.get('finding_state') or 'open'} → {to}" + (f"：{last.get('note')}" if last.get("note") else ""))
    return doc


def check(store: Store, cfg: AlertsConfig, now: datetime) -> dict[str, int]:
    """Findings past their rectification deadline get one 【整改逾期】 message each."""
    counts = {"rectify_overdue": 0}
    index = store.ix.name("alerts")
    store.refresh(index)
    today = now.astimezone(ZoneInfo(cfg.duty.timezone)).date().isoformat()
    q = {"bool": {"filter": [{"term": {"kind": "compliance"}}, {"terms": {"finding_state": ["open", "rectifying"]}},
                             {"range": {"rectify_by": {"lt": today}}}, {"term": {"rectify_overdue_sent": False}}]}}
    for hit in store.scan(index, q):
        f = hit["_source"]
        summary = (f"{f.get('entity_name')}：自查问题「{f.get('title')}」整改期限 {f['rectify_by']} 已过，"
                   f"尚未登记整改完成。请核实整改情况：ipwatch findings close {f['id'][:10]} --by 核实人")
        enqueue(store, cfg, {
            "key": doc_id("finding", f["id"], "overdue", f["rectify_by"]), "kind": "compliance", "state": "firing",
            "alert_id": f["id"], "entity_id": f.get("entity_id"), "entity_name": f.get("entity_name"),
            "entity_type": f.get("entity_type"), "platforms": f.get("platforms") or [],
            "platform_names": [f.get("entity_name") or ""], "risk_type": f.get("risk_type"), "severity": 0.8,
            "ref": f["id"][:10], "overdue": True, "summary": summary,
            "facts": [("自查事项", f.get("title") or ""), ("整改期限", f["rectify_by"]),
                      ("状态", {"open": "待整改", "rectifying": "整改中"}[f["finding_state"]])],
            "links": [{"url": u, "title": u} for u in f.get("urls") or []]}, now)
        store.update(index, f["id"], lambda cur: {**cur, "rectify_overdue_sent": True, "updated_at": iso(now)}
                     if cur else None, refresh=True)
        counts["rectify_overdue"] += 1
    return counts
