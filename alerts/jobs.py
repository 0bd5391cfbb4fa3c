"""Alert jobs the daemon schedules (docs/contracts.md). Each is idempotent and resumable:
documents have deterministic ids, cursors in the `state` index only move forward after the work
they cover is done, and they are re-read with an overlap (`cursor_overlap_seconds`).

* `evaluate(app, now)`: risk events → reporting duties and compliance alerts; rating changes →
  grade-change alerts; analysed articles → self-inspection (compliance) hits; major public
  opinion surges.
* `check_duties(app, now)`: reminders before the due date, escalation once overdue.
* `dispatch(app, now)`: sends what the outbox holds.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Any

from alerts import duties, findings, outbox, surge
from alerts.clock import SystemClock, aware, iso, parse
from alerts.messages import risk_label
from alerts.routing import AlertsConfig
from ipwatch.store import Store, doc_id
from ipwatch.watchlist import PLATFORM_LIKE, EntityType, Watchlist

log = logging.getLogger("alerts.jobs")


def get_config(app: Any) -> AlertsConfig:
    """The validated alerts.yaml (cached on the app; tests may set `app.alerts_config`)."""
    cfg = getattr(app, "alerts_config", None)
    if cfg is None:
        from ipwatch.appconfig import load_domain_file

        cfg = load_domain_file(app.settings, "alerts.yaml")
        app.alerts_config = cfg
    return cfg


def _authority(app: Any, cfg: AlertsConfig):  # type: ignore[no-untyped-def]
    """Outlet authority: alerts.yaml `surge.outlet_authority` first, then the scoring rulebook's
    source classes (when scoring is installed), then `surge.default_authority`. Cached on the app."""
    cached = getattr(app, "_alerts_authority", None)
    if cached is not None and cached[0] is cfg:
        return cached[1]
    fn = _make_authority(app, cfg)
    app._alerts_authority = (cfg, fn)
    return fn


def _make_authority(app: Any, cfg: AlertsConfig):  # type: ignore[no-untyped-def]
    s = cfg.surge
    try:
        from scoring.rulebook import app_rulebook

        rb_auth = app_rulebook(app).authority
    except Exception:  # noqa: BLE001 - scoring absent or its file invalid: alerts.yaml alone
        return s.authority

    def of(domain: str | None) -> float:
        d = (domain or "").lower().strip(".")
        probe = d
        while probe:
            if probe in s.outlet_authority:
                return s.outlet_authority[probe]
            probe = probe.partition(".")[2]
        a = rb_auth.of(None, None, d) if d else rb_auth.default
        return a if a != rb_auth.default else s.default_authority
    return of


def _now(now: datetime | None, app: Any = None) -> datetime:
    if now is not None:
        return aware(now)
    return (getattr(app, "clock", None) or SystemClock()).now()


# --- cursors ---------------------------------------------------------------------------------------
def _cursor(store: Store, name: str) -> str | None:
    v = store.get(store.ix.name("state"), f"alerts-cursor-{name}")
    return (v.source.get("data") or {}).get("value") if v else None


def _save_cursor(store: Store, name: str, value: str | None, now: datetime, old: str | None = None) -> None:
    if value and value != old:
        store.index(store.ix.name("state"), f"alerts-cursor-{name}",
                    {"id": f"alerts-cursor-{name}", "kind": "cursor", "updated_at": iso(now), "data": {"value": value}})


def _since(cursor: str | None, cfg: AlertsConfig) -> str | None:
    c = parse(cursor)
    return iso(c - timedelta(seconds=cfg.cursor_overlap_seconds)) if c else None


def _scan_since(store: Store, index: str, field: str, since: str | None,
                extra: list[dict[str, Any]] | None = None) -> tuple[list[dict[str, Any]], str | None]:
    filters = list(extra or [])
    if since:
        filters.append({"range": {field: {"gte": since}}})
    hits = list(store.scan(index, {"bool": {"filter": filters}} if filters else None))
    newest = None
    for h in hits:
        v = _get(h["_source"], field)
        if v and (newest is None or (parse(v) or datetime.min) > (parse(newest) or datetime.min)):
            newest = v
    return hits, newest


def _get(doc: dict[str, Any], dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(doc, dict):
            return None
        doc = doc.get(part)  # type: ignore[assignment]
    return doc


def _later(a: str | None, b: str | None) -> str | None:
    if not a or not b:
        return a or b
    return a if (parse(a) or datetime.min) >= (parse(b) or datetime.min) else b


# --- compliance (notice section 四: 自查自纠) --------------------------------------------------------
SENTENCE = re.compile(r"[^。！？!?\n；;，,]+")   # clauses: the platform must be the subject of the hit


def _compliance_alert(store: Store, cfg: AlertsConfig, wl: Watchlist, now: datetime, aid: str, platform_id: str,
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


def compliance_from_articles(store: Store, cfg: AlertsConfig, wl: Watchlist, now: datetime) -> dict[str, int]:
    counts = {"compliance_articles": 0, "compliance": 0}
    if not cfg.compliance.enabled or not cfg.compliance.rules:
        return counts
    ids = [e.id for e in wl.entities if e.type in PLATFORM_LIKE or e.type == EntityType.operating_unit]
    if not ids:
        return counts
    phrases = sorted({p for r in cfg.compliance.rules for p in r.phrases})
    should = [{"match_phrase": {f: ph}} for ph in phrases for f in ("title", "text")]
    extra = [{"term": {"analysis.status": "done"}}, {"terms": {"analysis.entity_ids": ids}},
             {"bool": {"should": should, "minimum_should_match": 1}}]
    cursor = _cursor(store, "compliance")
    store.refresh(store.ix.name("articles"))
    hits, newest = _scan_since(store, store.ix.name("articles"), "analysis.analyzed_at", _since(cursor, cfg), extra)
    compiled = [(r, [re.compile(p) for p in r.patterns]) for r in cfg.compliance.rules]
    for h in hits:
        a = h["_source"]
        counts["compliance_articles"] += 1
        text = f"{a.get('title') or ''}。{a.get('text') or ''}"
        canonical = a.get("duplicate_of") or h["_id"]
        for eid in (a.get("analysis") or {}).get("entity_ids") or []:
            ent = wl.get(eid)
            if ent is None or eid not in ids:
                continue
            for pid in wl.duty_platforms(eid):
                for rule, pats in compiled:
                    quote = next((s.group(0).strip() for s in SENTENCE.finditer(text)
                                  if any(n in s.group(0) for n in ent.names) and any(p.search(s.group(0)) for p in pats)),
                                 None)
                    if not quote:
                        continue
                    aid = doc_id("compliance", pid, rule.name, canonical)
                    ev = [{"url": a["url"], "title": f"{a.get('outlet') or ''} {a.get('title') or a['url']}".strip()}] \
                        if a.get("url") else []
                    if _compliance_alert(store, cfg, wl, now, aid, pid, rule.label, rule.name, ev,
                                         {"quote": quote, "article_ids": [h["_id"]]}):
                        counts["compliance"] += 1
    _save_cursor(store, "compliance", _later(cursor, newest), now, cursor)
    return counts


# --- rating changes --------------------------------------------------------------------------------
def grade_changes(store: Store, cfg: AlertsConfig, wl: Watchlist, now: datetime) -> dict[str, int]:
    counts = {"grade_changes": 0}
    index = store.ix.name("rating-history")
    store.refresh(index)
    cursor = _cursor(store, "ratings")
    hits, newest = _scan_since(store, index, "rated_at", _since(cursor, cfg))
    alerts_ix = store.ix.name("alerts")
    for h in hits:
        r = h["_source"]
        changed = r.get("previous_grade") is not None and r.get("grade") != r.get("previous_grade")
        if r.get("grade_changed") is not None:
            changed = bool(r["grade_changed"]) and r.get("previous_grade") is not None
        if not changed:
            continue
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
        counts["grade_changes"] += 0 if existed else 1
    _save_cursor(store, "ratings", _later(cursor, newest), now, cursor)
    return counts


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


# --- risk events -------------------------------------------------------------------------------------
def from_events(store: Store, cfg: AlertsConfig, wl: Watchlist, now: datetime) -> dict[str, int]:
    counts = {"events": 0, "duties_opened": 0, "duties_attached": 0, "duties_dismissed": 0, "before_cutoff": 0,
              "compliance": 0}
    index = store.ix.name("events")
    store.refresh(f"{index},{store.ix.name('duties')}")
    cursor = _cursor(store, "events")
    hits, newest = _scan_since(store, index, "updated_at", _since(cursor, cfg))
    hits.sort(key=lambda h: h["_source"].get("updated_at") or "")
    for h in hits:
        ev = {**h["_source"], "id": h["_source"].get("id") or h["_id"]}
        counts["events"] += 1
        c = duties.apply_event(store, cfg, wl, ev, now)
        counts["duties_opened"] += c["opened"]
        counts["duties_attached"] += c["attached"]
        counts["duties_dismissed"] += c["dismissed"]
        counts["before_cutoff"] += c["before_cutoff"]
        if ev.get("risk_type") in cfg.compliance.event_risk_types and cfg.compliance.enabled:
            for pid in wl.duty_platforms(ev.get("entity_id") or ""):
                aid = doc_id("compliance", pid, "event", ev["id"])
                if ev.get("status") == "rejected":
                    continue
                links = [{"url": u, "title": ev.get("title") or u} for u in ev.get("urls") or []]
                if _compliance_alert(store, cfg, wl, now, aid, pid, risk_label(ev["risk_type"]), "event", links,
                                     {"risk_type": ev["risk_type"], "quote": ev.get("quote") or ev.get("title"),
                                      "event_ids": [ev["id"]], "article_ids": ev.get("article_ids")}):
                    counts["compliance"] += 1
    _save_cursor(store, "events", _later(cursor, newest), now, cursor)
    return counts


# --- the three jobs ----------------------------------------------------------------------------------
def evaluate(app: Any, now: datetime | None = None) -> dict[str, int]:
    now = _now(now, app)
    cfg, store, wl = get_config(app), app.store, app.watchlist
    counts: dict[str, int] = {}
    counts.update(from_events(store, cfg, wl, now))
    counts.update(grade_changes(store, cfg, wl, now))
    counts.update({k: counts.get(k, 0) + v for k, v in compliance_from_articles(store, cfg, wl, now).items()})
    last = getattr(app, "_alerts_last_surge", None)
    if last is None or abs((now - last).total_seconds()) >= cfg.surge.every_seconds:
        counts.update(surge.evaluate(store, cfg, wl, now, authority=_authority(app, cfg)))
        app._alerts_last_surge = now
    if cfg.outbox.dispatch_after_evaluate:
        for k, v in outbox.dispatch(store, cfg, now).items():
            counts[k] = counts.get(k, 0) + v
    return counts


def check_duties(app: Any, now: datetime | None = None) -> dict[str, int]:
    """Duty reminders and escalation, and self-inspection findings past their rectification deadline."""
    now = _now(now, app)
    return {**duties.check_all(app.store, get_config(app), now), **findings.check(app.store, get_config(app), now)}


def dispatch(app: Any, now: datetime | None = None) -> dict[str, int]:
    return outbox.dispatch(app.store, get_config(app), _now(now, app))


def run_once(app: Any, now: datetime | None = None) -> dict[str, int]:
    """evaluate + check_duties + dispatch, in that order (what `ipwatch alerts run` does)."""
    now = _now(now, app)
    out: dict[str, int] = {}
    for job in (evaluate, check_duties, dispatch):
        for k, v in job(app, now).items():
            out[k] = out.get(k, 0) + v
    return out
