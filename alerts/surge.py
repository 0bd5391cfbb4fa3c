"""Major public opinion (重大舆情): volume, negative share and outlet authority jump above the
entity's own baseline.

For every watched entity, over the last `window_hours` (the window) against the preceding
`baseline_days` cut into windows of the same length (the baseline), an alert fires when all hold:

* volume (reports naming the entity, reposts included) >= `min_volume`, >= `volume_ratio` x the
  baseline mean (at least `baseline_floor`) and >= mean + `volume_z` x standard deviation —
  so an entity that is always in the news at that level raises nothing;
* the negative share (reports negative about the entity / volume) >= `min_negative_share` and
  >= the baseline share + `negative_share_delta`;
* it has reach: either the authority-weighted volume (each report weighted by its outlet's
  authority from `outlet_authority`, default `default_authority`) >= `authority_ratio` x its
  baseline mean with at least one report from an outlet with authority >= `min_top_authority`, or
  it spreads like a social-media storm: >= `social_min_outlets` different outlets or accounts and
  >= `social_min_volume` reports (a storm on Weibo or WeChat has no authoritative outlet, and
  counts all the same).

The duty a surge opens counts from the first negative report of the storm, not the day it was
detected.

One alert per episode: while the condition keeps holding the alert stays active; after
`resolve_after_hours` without it the alert is resolved and a "resolved" message goes out.
Everything is computed by one aggregation request (terms x date_histogram/filters).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from ipwatch.clock import iso, parse
from alerts.duties import apply_event, unconfirmed_fact
from alerts.outbox import enqueue
from alerts.routing import AlertsConfig
from ipwatch.store import Store, doc_id
from ipwatch.watchlist import PLATFORM_LIKE, EntityType, Watchlist

log = logging.getLogger("alerts.surge")


def entity_platforms(wl: Watchlist, entity_id: str) -> list[str]:
    """The platforms a surge about this entity concerns: its duty platforms, else those it is on."""
    e = wl.get(entity_id)
    if e is None:
        return []
    return wl.duty_platforms(entity_id) or e.platforms


def seen_between(gte_ms: int | None, lt_ms: int | None) -> dict[str, Any]:
    """Reports published in [gte, lt) — or, for a page that gave no date, first fetched then: an
    undated forum thread still counts in a storm, at the time it was seen."""
    bounds = {k: v for k, v in (("gte", gte_ms), ("lt", lt_ms)) if v is not None} | {"format": "epoch_millis"}
    return {"bool": {"minimum_should_match": 1, "should": [
        {"range": {"published_at": bounds}},
        {"bool": {"must_not": {"exists": {"field": "published_at"}}, "filter": {"range": {"fetched_at": bounds}}}}]}}


def measure(store: Store, cfg: AlertsConfig, wl: Watchlist, now: datetime,
            authority: Callable[[str | None], float] | None = None) -> dict[str, dict[str, Any]]:
    """Window and baseline figures per entity that appeared in the period."""
    s = cfg.surge
    authority = authority or s.authority
    win_ms = int(s.window_hours * 3600 * 1000)
    nb = max(1, math.ceil(s.baseline_days * 24 / s.window_hours))
    now_ms = int(now.timestamp() * 1000)
    start_ms, cur_ms = now_ms - win_ms * (nb + 1), now_ms - win_ms
    ids = [e.id for e in wl.entities][: s.max_entities]
    rng, cur, base = seen_between(start_ms, now_ms), seen_between(cur_ms, None), seen_between(None, cur_ms)

    def hist(field: str) -> dict[str, Any]:
        return {"date_histogram": {"field": field, "fixed_interval": f"{win_ms}ms", "offset": f"{now_ms % win_ms}ms",
                                   "min_doc_count": 0, "extended_bounds": {"min": start_ms, "max": now_ms - 1}}}

    aggs = {
        "vol": {"terms": {"field": "analysis.entity_ids", "size": len(ids) or 1, "include": ids}, "aggs": {
            "hist": hist("published_at"),
            "undated": {"filter": {"bool": {"must_not": {"exists": {"field": "published_at"}}}},
                        "aggs": {"hist": hist("fetched_at")}},
            "cur": {"filter": cur, "aggs": {"outlets": {"terms": {"field": "outlet_domain", "size": 100}},
                                            "spread": {"cardinality": {"field": "outlet"}}}},
            "base": {"filter": base, "aggs": {"outlets": {"terms": {"field": "outlet_domain", "size": 300}}}},
        }},
        "neg": {"terms": {"field": "analysis.negative_entity_ids", "size": len(ids) or 1, "include": ids}, "aggs": {
            "cur": {"filter": cur}, "base": {"filter": base}}},
    }
    r = store.search(store.ix.name("articles"), size=0, query={"bool": {"filter": [rng]}}, aggs=aggs)
    aggs_r = r.get("aggregations") or {}
    neg = {b["key"]: (b["cur"]["doc_count"], b["base"]["doc_count"]) for b in aggs_r.get("neg", {}).get("buckets", [])}
    out: dict[str, dict[str, Any]] = {}
    for b in aggs_r.get("vol", {}).get("buckets", []):
        counts = [0] * nb
        for hb in [*b["hist"]["buckets"], *b["undated"]["hist"]["buckets"]]:
            i = (hb["key"] - start_ms) // win_ms
            if 0 <= i < nb:
                counts[int(i)] += hb["doc_count"]
        vol_cur, vol_base = b["cur"]["doc_count"], b["base"]["doc_count"]
        mean = sum(counts) / nb
        std = math.sqrt(sum((c - mean) ** 2 for c in counts) / nb)

        def reach(agg: dict[str, Any], total: int) -> tuple[float, float]:
            known = sum(o["doc_count"] for o in agg["outlets"]["buckets"])
            auths = [authority(o["key"]) for o in agg["outlets"]["buckets"]]
            val = sum(o["doc_count"] * a for o, a in zip(agg["outlets"]["buckets"], auths, strict=True))
            val += (total - known) * s.default_authority
            return val, max(auths, default=s.default_authority if total else 0.0)

        reach_cur, top_cur = reach(b["cur"], vol_cur)
        reach_base, _ = reach(b["base"], vol_base)
        n_cur, n_base = neg.get(b["key"], (0, 0))
        out[b["key"]] = {
            "volume": vol_cur, "baseline_mean": round(mean, 3), "baseline_std": round(std, 3),
            "negative": n_cur, "negative_share": round(n_cur / vol_cur, 3) if vol_cur else 0.0,
            "baseline_negative_share": round(n_base / vol_base, 3) if vol_base else 0.0,
            "reach": round(reach_cur, 3), "baseline_reach": round(reach_base / nb, 3), "top_authority": top_cur,
            "spread": int(b["cur"].get("spread", {}).get("value") or 0),
        }
    return out


def is_surge(m: dict[str, Any], cfg: AlertsConfig) -> bool:
    s = cfg.surge
    base = max(m["baseline_mean"], s.baseline_floor)
    return (m["volume"] >= s.min_volume and m["volume"] >= s.volume_ratio * base
            and m["volume"] >= m["baseline_mean"] + s.volume_z * m["baseline_std"]
            and m["negative_share"] >= s.min_negative_share
            and m["negative_share"] >= m["baseline_negative_share"] + s.negative_share_delta
            and storm_kind(m, cfg) is not None)


def storm_kind(m: dict[str, Any], cfg: AlertsConfig) -> str | None:
    """'authoritative' (weighted reach and one weighty outlet), 'social' (wide spread, many reports) or None."""
    s = cfg.surge
    if (m["reach"] >= s.authority_ratio * max(m["baseline_reach"], s.baseline_floor * s.default_authority)
            and m["top_authority"] >= s.min_top_authority):
        return "authoritative"
    if m.get("spread", 0) >= s.social_min_outlets and m["volume"] >= s.social_min_volume:
        return "social"
    return None


def first_report(store: Store, entity_id: str, since: datetime, now: datetime) -> str | None:
    """published_at of the storm's first negative report about the entity in the window."""
    r = store.search(store.ix.name("articles"), size=1, query={"bool": {"filter": [
        {"term": {"analysis.negative_entity_ids": entity_id}},
        {"range": {"published_at": {"gte": iso(since), "lt": iso(now)}}}]}},
        sort=[{"published_at": "asc"}], source=["published_at"])
    hits = r["hits"]["hits"]
    return hits[0]["_source"].get("published_at") if hits else None


def _evidence(store: Store, entity_id: str, since: datetime, now: datetime) -> list[dict[str, Any]]:
    r = store.search(store.ix.name("articles"), size=8, query={"bool": {"filter": [
        {"term": {"analysis.negative_entity_ids": entity_id}},
        seen_between(int(since.timestamp() * 1000), int(now.timestamp() * 1000))]}},
        sort=[{"published_at": {"order": "desc", "missing": "_last"}}], source=["url", "title", "outlet", "id"])
    return [h["_source"] | {"id": h["_id"]} for h in r["hits"]["hits"]]


def evaluate(store: Store, cfg: AlertsConfig, wl: Watchlist, now: datetime,
             authority: Callable[[str | None], float] | None = None) -> dict[str, int]:
    counts = {"surges": 0, "surges_ongoing": 0, "surges_resolved": 0, "surge_duties": 0}
    if not cfg.surge.enabled:
        return counts
    alerts_ix = store.ix.name("alerts")
    store.refresh(alerts_ix)
    active = {h["_source"]["entity_id"]: h["_source"] for h in store.scan(alerts_ix, {"bool": {"filter": [
        {"term": {"kind": "surge"}}, {"term": {"status": "active"}}]}})}
    figures = measure(store, cfg, wl, now, authority)
    window_start = now - timedelta(hours=cfg.surge.window_hours)
    for entity_id, m in figures.items():
        if not is_surge(m, cfg):
            continue
        ent = wl.get(entity_id)
        alert = active.get(entity_id)
        if alert is not None:
            alert = {**alert, "last_hit_at": iso(now), "metrics": m, "updated_at": iso(now),
                     "peak_volume": max(int(alert.get("peak_volume") or 0), m["volume"])}
            store.index(alerts_ix, alert["id"], alert)
            enqueue(store, cfg, surge_notification(alert, wl, [], "firing", cfg), now)   # no-op unless lost in a crash
            counts["surges_ongoing"] += 1
            continue
        evidence = _evidence(store, entity_id, window_start, now)
        aid = doc_id("surge", entity_id, iso(now))
        sev = min(1.0, 0.5 + 0.5 * m["negative_share"] * min(1.0, m["top_authority"]))
        platforms = entity_platforms(wl, entity_id)
        title = (f"{ent.name if ent else entity_id} {cfg.surge.window_hours:g} 小时内报道 {m['volume']} 篇"
                 f"（基线 {m['baseline_mean']:.1f}），负面占比 {m['negative_share']:.0%}")
        alert = {"id": aid, "kind": "surge", "entity_id": entity_id, "entity_name": ent.name if ent else entity_id,
                 "entity_type": ent.type.value if ent else None, "platforms": platforms,
                 "risk_type": "major_public_opinion", "severity": round(sev, 3), "status": "active", "title": title,
                 "message": title, "created_at": iso(now), "updated_at": iso(now), "last_hit_at": iso(now),
                 "resolved_at": None, "metrics": m, "peak_volume": m["volume"], "storm": storm_kind(m, cfg),
                 "article_ids": [e["id"] for e in evidence], "urls": [e.get("url") for e in evidence if e.get("url")]}
        store.index(alerts_ix, aid, alert)
        active[entity_id] = alert
        counts["surges"] += 1
        enqueue(store, cfg, surge_notification(alert, wl, evidence, "firing", cfg), now)
        if ent is not None and (ent.type in PLATFORM_LIKE or ent.type == EntityType.operating_unit):
            first = parse(first_report(store, entity_id, window_start, now))
            # the matter occurred when the storm began: its first report (else the day it was detected)
            ev = {"id": f"surge:{aid}", "entity_id": entity_id, "entity_name": ent.name, "entity_type": ent.type.value,
                  "risk_type": "major_public_opinion", "event_date": (first or now).astimezone(
                      _tz(cfg)).date().isoformat(), "event_date_source": "first_report" if first else "detected",
                  "status": "new",
                  "severity": sev, "title": title, "article_ids": alert["article_ids"], "urls": alert["urls"],
                  "origin": "surge", "alert_id": aid}
            c = apply_event(store, cfg, wl, ev, now)
            counts["surge_duties"] += c["opened"]
            if c["opened"]:
                alert["duty_id"] = doc_id("duty", platforms[0], ev["id"]) if platforms else None
    for entity_id, alert in active.items():
        if alert.get("status") != "active":
            continue
        last = parse(alert.get("last_hit_at")) or now
        if now - last >= timedelta(hours=cfg.surge.resolve_after_hours):
            alert = {**alert, "status": "resolved", "resolved_at": iso(now), "updated_at": iso(now)}
            store.index(alerts_ix, alert["id"], alert)
            enqueue(store, cfg, surge_notification(alert, wl, [], "resolved", cfg), now)
            counts["surges_resolved"] += 1
    return counts


def _tz(cfg: AlertsConfig):  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    return ZoneInfo(cfg.duty.timezone)


def surge_notification(alert: dict[str, Any], wl: Watchlist, evidence: list[dict[str, Any]], state: str,
                       cfg: AlertsConfig) -> dict[str, Any]:
    m = alert.get("metrics") or {}
    names = [(wl.get(p).name if wl.get(p) else p) for p in alert.get("platforms") or []]
    facts = [("报道量", f"{m.get('volume')} 篇 / {cfg.surge.window_hours:g} 小时（基线均值 {m.get('baseline_mean')}）"),
             ("负面占比", f"{m.get('negative_share', 0):.0%}（基线 {m.get('baseline_negative_share', 0):.0%}）"),
             ("权威加权声量", f"{m.get('reach')}（基线 {m.get('baseline_reach')}）")]
    if alert.get("storm") == "social":
        facts.append(("传播", f"社交媒体扩散：{m.get('spread')} 个不同账号/来源"))
    facts += unconfirmed_fact(wl, alert["entity_id"], *(alert.get("platforms") or []))
    if state == "resolved":
        summary = f"{alert['entity_name']} 的报道量已回落 {cfg.surge.resolve_after_hours:g} 小时，重大舆情预警解除。"
    else:
        summary = alert["title"]
    links = [{"url": e["url"], "title": f"{e.get('outlet') or ''} {e.get('title') or e['url']}".strip()}
             for e in evidence if e.get("url")] or [{"url": u, "title": u} for u in alert.get("urls") or []]
    return {"key": doc_id("surge", alert["id"], state), "kind": "surge", "state": state, "alert_id": alert["id"],
            "entity_id": alert["entity_id"], "entity_name": alert["entity_name"],
            "entity_type": alert.get("entity_type"), "platforms": alert.get("platforms") or [],
            "platform_names": names, "risk_type": "major_public_opinion", "severity": alert["severity"],
            "summary": summary, "facts": facts, "links": links, "ref": alert["id"][:10]}
