"""Grade-change alerts: a rating that moved between grades (rating history, written by scoring) tells
the risk officers of every platform the entity resides on or operates, with the events behind it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from alerts import duties, outbox
from alerts.routing import AlertsConfig
from ipwatch.clock import iso
from ipwatch.store import Cursor, Store, doc_id
from ipwatch.taxonomy import risk_label
from ipwatch.watchlist import EntityType, Watchlist


def from_history(store: Store, cfg: AlertsConfig, wl: Watchlist, now: datetime) -> dict[str, int]:
    counts = {"grade_changes": 0}
    index = store.ix.name("rating-history")
    store.refresh(index)
    cursor = Cursor(store, "alerts-cursor-ratings", timedelta(seconds=cfg.cursor_overlap_seconds))
    hits, newest = cursor.read(index, "rated_at")
    for h in hits:
        counts["grade_changes"] += grade_change(store, cfg, wl, h, now)
    cursor.advance(newest, now)
    return counts


def is_change(r: dict[str, Any]) -> bool:
    """Whether a rating-history row moved between grades (what a grade-change alert is for)."""
    changed = r.get("previous_grade") is not None and r.get("grade") != r.get("previous_grade")
    if r.get("grade_changed") is not None:
        changed = bool(r["grade_changed"]) and r.get("previous_grade") is not None
    return changed


def grade_change(store: Store, cfg: AlertsConfig, wl: Watchlist, h: dict[str, Any], now: datetime) -> int:
    """The alert and notification of one rating-history hit (`_id`, `_source`), if its grade changed.
    Idempotent: a deterministic alert id, the notification recorded once (1: the alert is new)."""
    alerts_ix = store.ix.name("alerts")
    r = h["_source"]
    if not is_change(r):
        return 0
    aid = doc_id("grade", h["_id"])
    existed = store.get(alerts_ix, aid) is not None
    ent = wl.get(r["entity_id"])
    platforms = ent.platforms if ent is not None and ent.type == EntityType.institution else \
        wl.duty_platforms(r["entity_id"])
    platforms = platforms or list(r.get("platforms") or [])
    if r.get("direction") in ("up", "down"):
        down = r["direction"] == "down"
    else:
        down = r.get("score") is not None and r.get("previous_score") is not None and \
            r["score"] < r["previous_score"]
    sev = 0.7 if down else 0.3
    name = r.get("entity_name") or (ent.name if ent else r["entity_id"])
    title = f"{name} 信用等级由 {r['previous_grade']} {'下调' if down else '调整'}为 {r['grade']}"
    doc = {"id": aid, "kind": "grade_change", "entity_id": r["entity_id"], "entity_name": name,
           "entity_type": ent.type.value if ent else None, "platforms": platforms, "severity": sev,
           "status": "active", "title": title, "message": title, "event_ids": r.get("event_ids") or [],
           "grade": r["grade"], "previous_grade": r["previous_grade"], "created_at": iso(now),
           "updated_at": iso(now), "resolved_at": None}
    if not existed:
        store.index(alerts_ix, aid, doc)
    links = _event_links(store, r.get("event_ids") or [])
    facts = [("等级", f"{r['previous_grade']} → {r['grade']}"),
             ("分数", f"{r.get('previous_score')} → {r.get('score')}"), ("评级日期", str(r.get("as_of") or ""))]
    if r.get("summary"):
        facts.append(("原因", str(r["summary"])[:300]))
    facts += duties.unconfirmed_fact(wl, r["entity_id"], *platforms)
    outbox.enqueue(store, cfg, {
        "key": doc_id("grade", aid), "kind": "grade_change", "state": "firing", "alert_id": aid,
        "entity_id": r["entity_id"], "entity_name": name, "entity_type": doc["entity_type"], "platforms": platforms,
        "platform_names": [wl.get(p).name if wl.get(p) else p for p in platforms], "severity": sev,
        "summary": title + "。请入驻/合作平台的风险负责人关注。", "facts": facts, "links": links,
        "ref": aid[:10]}, now)   # idempotent: a re-run after a crash records what was missing
    return 0 if existed else 1


def _event_links(store: Store, event_ids: list[str]) -> list[dict[str, str]]:
    if not event_ids:
        return []
    r = store.search(store.ix.name("events"), size=len(event_ids), query={"ids": {"values": event_ids}},
                     source=["title", "urls", "risk_type"])
    out = []
    for h in r["hits"]["hits"]:
        for u in (h["_source"].get("urls") or [])[:2]:
            out.append({"url": u, "title": f"{risk_label(h['_source'].get('risk_type'))} {h['_source'].get('title') or ''}"})
    return out


