"""Self-inspection (compliance) findings: reports that a platform set up a branch, carved a seal or did
business beyond its remit (notice section 四), from analysed articles (`from_articles`) and from risk
events of the compliance types (`for_event`). Each opens a finding with a rectification deadline
(alerts/findings.py) and one notification.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime, timedelta
from typing import Any

from alerts import duties, findings, outbox
from alerts.routing import AlertsConfig
from ipwatch.clock import iso
from ipwatch.names import NameIndex
from ipwatch.store import Cursor, Store, doc_id
from ipwatch.taxonomy import risk_label
from ipwatch.watchlist import PLATFORM_LIKE, EntityType, Watchlist
from nlp.compliance import compile_patterns, find_clause


def open_finding(store: Store, cfg: AlertsConfig, wl: Watchlist, now: datetime, aid: str, platform_id: str,
                      label: str, rule: str, evidence: list[dict[str, str]], source: dict[str, Any]) -> bool:
    index = store.ix.name("alerts")
    existed = store.get(index, aid) is not None
    p = wl.get(platform_id)
    name = p.name if p else platform_id
    title = f"{name}：疑似{label}"
    doc = {"id": aid, "kind": "compliance", "rule": rule, "entity_id": platform_id, "entity_name": name,
           "entity_type": p.type.value if p else "platform", "platforms": [platform_id],
           "risk_type": source.get("risk_type"), "severity": 0.6, "status": "active", "title": title,
           "message": source.get("quote") or title, "event_ids": source.get("event_ids") or [],
           "article_ids": source.get("article_ids") or [], "urls": [e["url"] for e in evidence],
           "created_at": iso(now), "updated_at": iso(now), "resolved_at": None,
           # a finding with a life: open -> rectifying (deadline) -> closed / dismissed (alerts/findings.py)
           **findings.new_fields(cfg, now, rule, source.get("quote"), p.region if p else None)}
    if not existed:
        store.index(index, aid, doc)
    else:
        doc = {**doc, **store.get(index, aid).source}
    facts = [("自查事项", label)]
    if source.get("quote"):
        facts.append(("原文", source["quote"][:200]))
    if doc.get("cross_region") is not None or doc.get("places"):
        facts.append(("跨区域", ("是：" if doc.get("cross_region") else "否：" if doc.get("cross_region") is False
                                else "") + (doc.get("note") or "")))
    facts.append(("整改期限", f"{doc['rectify_by']}（登记整改：ipwatch findings rectify {aid[:10]} --until 日期）"))
    facts += duties.unconfirmed_fact(wl, platform_id)
    outbox.enqueue(store, cfg, {
        "key": doc_id("compliance", aid), "kind": "compliance", "state": "firing", "alert_id": aid,
        "entity_id": platform_id, "entity_name": name, "entity_type": doc["entity_type"], "platforms": [platform_id],
        "platform_names": [name], "risk_type": source.get("risk_type"), "severity": 0.6, "ref": aid[:10],
        "summary": f"发现报道称{name}{label}。平台为非法人、非实体机构，不得刻制公章、跨区域设立分支机构或超范围开展"
                   f"市场化业务，请核实并按要求自查整改。", "facts": facts, "links": evidence}, now)
    return not existed  # the message is (re-)recorded either way: a no-op when it already was


def from_articles(store: Store, cfg: AlertsConfig, wl: Watchlist, now: datetime) -> dict[str, int]:
    counts = {"compliance_articles": 0, "compliance": 0}
    if not cfg.compliance.enabled or not cfg.compliance.rules:
        return counts
    extra = article_filters(cfg, wl)
    if not extra:
        return counts
    cursor = Cursor(store, "alerts-cursor-compliance", timedelta(seconds=cfg.cursor_overlap_seconds))
    store.refresh(store.ix.name("articles"))
    hits, newest = cursor.read(store.ix.name("articles"), "analysis.analyzed_at", extra)
    prep = prepare(cfg, wl)
    for h in hits:
        counts["compliance_articles"] += 1
        counts["compliance"] += article_findings(store, cfg, wl, h, now, prep=prep)
    cursor.advance(newest, now)
    return counts


def _watched(wl: Watchlist) -> list[str]:
    """The entities self-inspection findings are about: platforms, centres and operating units."""
    return [e.id for e in wl.entities if e.type in PLATFORM_LIKE or e.type == EntityType.operating_unit]


def article_filters(cfg: AlertsConfig, wl: Watchlist) -> list[dict[str, Any]]:
    """The filters of the analysed articles that may hold a finding ([]: none can)."""
    ids = _watched(wl)
    if not cfg.compliance.enabled or not cfg.compliance.rules or not ids:
        return []
    phrases = sorted({p for r in cfg.compliance.rules for p in r.phrases})
    should = [{"match_phrase": {f: ph}} for ph in phrases for f in ("title", "text")]
    return [{"term": {"analysis.status": "done"}}, {"terms": {"analysis.entity_ids": ids}},
            {"bool": {"should": should, "minimum_should_match": 1}}]


def prepare(cfg: AlertsConfig, wl: Watchlist) -> tuple[set[str], list[Any], NameIndex]:
    """What reading articles for findings needs, built once per run: the watched ids, the compiled rules,
    the name index."""
    return set(_watched(wl)), [(r, compile_patterns(r.patterns)) for r in cfg.compliance.rules], NameIndex(wl)


def article_findings(store: Store, cfg: AlertsConfig, wl: Watchlist, h: dict[str, Any], now: datetime,
                     guard: Callable[[str], AbstractContextManager[Any]] | None = None,
                     prep: tuple[set[str], list[Any], NameIndex] | None = None) -> int:
    """The findings one analysed article (a hit: `_id`, `_source`) holds; how many are new. `guard(aid)`
    (a worker's lease on the finding) is held around each finding's write."""
    ids, compiled, names = prep or prepare(cfg, wl)
    n = 0
    a = h["_source"]
    text = f"{a.get('title') or ''}。{a.get('text') or ''}"
    canonical = a.get("duplicate_of") or h["_id"]
    for eid in (a.get("analysis") or {}).get("entity_ids") or []:
        ent = wl.get(eid)
        if ent is None or eid not in ids:
            continue
        for pid in wl.duty_platforms(eid):
            for rule, pats in compiled:
                quote = find_clause(text, names, eid, pats)
                if not quote:
                    continue
                aid = doc_id("compliance", pid, rule.name, canonical)
                ev = [{"url": a["url"], "title": f"{a.get('outlet') or ''} {a.get('title') or a['url']}".strip()}] \
                    if a.get("url") else []
                with guard(aid) if guard else nullcontext():
                    n += open_finding(store, cfg, wl, now, aid, pid, rule.label, rule.name, ev,
                                      {"quote": quote, "article_ids": [h["_id"]]})
    return n


def for_event(store: Store, cfg: AlertsConfig, wl: Watchlist, ev: dict[str, Any], now: datetime) -> int:
    """A finding per duty platform for a risk event of a compliance type (config `compliance.event_risk_types`)."""
    if not cfg.compliance.enabled or ev.get("risk_type") not in cfg.compliance.event_risk_types \
            or ev.get("status") == "rejected":
        return 0
    n = 0
    for pid in wl.duty_platforms(ev.get("entity_id") or ""):
        aid = doc_id("compliance", pid, "event", ev["id"])
        links = [{"url": u, "title": ev.get("title") or u} for u in ev.get("urls") or []]
        n += open_finding(store, cfg, wl, now, aid, pid, risk_label(ev["risk_type"]), "event", links,
                          {"risk_type": ev["risk_type"], "quote": ev.get("quote") or ev.get("title"),
                           "event_ids": [ev["id"]], "article_ids": ev.get("article_ids")})
    return n
