"""The major-matter reporting duty (重大事项报告): opened from a reportable risk event for every platform
it concerns, with its due date from alerts/deadline.py (one week from the day the matter occurred).
`occurred_on` is the event date the text states; when the report only gave its publish date, the
duty says so (`occurred_on_source: published`); when the report carried no date at all, the duty
counts from the day ipwatch first saw it, flagged "date to be confirmed" (`first_seen`); a later
report with a date replaces either. A surge-opened duty uses the day the surge was detected
(`detected`). Officers move it on with alerts/duty_actions.py.

States: open → acknowledged → reported (report date, reference) | dismissed (reason, who);
an open duty may go straight to reported or dismissed. Every transition is appended to
`history` with time and actor. The `_id` is sha1(platform, event id), so new evidence of the same
event attaches to the duty it already has.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from alerts import conduct
from ipwatch.clock import iso, parse
from alerts.deadline import deadline, due_date, local_today, reporting_period
from alerts.duty_actions import ACTIVE, DutyError, history_entry, transition
from alerts.duty_messages import notification, resolved_notification
from alerts.outbox import enqueue
from alerts.routing import AlertsConfig, DutyConfig
from ipwatch.store import Store, doc_id
from ipwatch.watchlist import PLATFORM_LIKE, EntityType, Watchlist

log = logging.getLogger("alerts.duties")



def duty_id(platform_id: str, event_id: str) -> str:
    return doc_id("duty", platform_id, event_id)


def _date(v: Any) -> date | None:
    if not v:
        return None
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


# --- events → duties -------------------------------------------------------------------------------
def duty_platforms(wl: Watchlist, ev: dict[str, Any]) -> list[tuple[str, str]]:
    """(platform id, name) a major matter of this event's subject must be reported by."""
    ent = wl.get(ev.get("entity_id") or "")
    etype = ent.type.value if ent else ev.get("entity_type")
    if etype in {t.value for t in PLATFORM_LIKE}:
        return [(ev["entity_id"], ent.name if ent else ev.get("entity_name") or ev["entity_id"])]
    if etype == EntityType.operating_unit.value:
        return [(p.id, p.name) for p in wl.platform_of_unit(ev["entity_id"])]
    return []


def _union(a: list[Any] | None, b: list[Any] | None) -> list[Any]:
    out = list(a or [])
    out += [x for x in (b or []) if x not in out]
    return out


UNCERTAIN_LABELS = {"in_recognised_list": "是否列入156号功能性平台名单", "operating_unit": "运营单位",
                    "category": "平台类别", "region": "所在地区", "uscc": "统一社会信用代码", "name": "名称"}


def unconfirmed(wl: Watchlist, *entity_ids: str | None) -> list[str]:
    """The watchlist facts a duty or alert about these entities relies on that no public source has
    confirmed (`uncertain` in the watchlist), readable: they travel with every message."""
    out = []
    for eid in entity_ids:
        e = wl.get(eid or "")
        if e is None:
            continue
        for f in e.uncertain:
            item = f"{e.name}：{UNCERTAIN_LABELS.get(f, f)}未经公开资料确认"
            if item not in out:
                out.append(item)
    return out


def unconfirmed_fact(wl: Watchlist, *entity_ids: str | None) -> list[tuple[str, str]]:
    """The message fact naming what is unconfirmed (none when everything is)."""
    items = unconfirmed(wl, *entity_ids)
    return [("待确认", "；".join(items))] if items else []


def _new_duty(cfg: DutyConfig, did: str, ev: dict[str, Any], platform: tuple[str, str], occurred: date,
              source: str, now: datetime, unconfirmed_facts: list[str] | None = None) -> dict[str, Any]:
    due = due_date(occurred, cfg)
    dl = deadline(due, cfg)
    overdue = now > dl
    urgent = not overdue and (dl - now) <= timedelta(days=cfg.near_days)
    today = local_today(now, cfg)
    # reminders already due are covered by the opening message
    sent = [f"d-{d}" for d in cfg.reminders_days_before if today >= due - timedelta(days=d)]
    late = overdue or urgent
    found_after = (today - occurred).days
    late_by = (today - due).days if overdue else 0
    return {
        "id": did, "event_id": ev["id"], "entity_id": ev.get("entity_id"), "entity_name": ev.get("entity_name"),
        "entity_type": ev.get("entity_type"), "platform_id": platform[0], "platform_name": platform[1],
        "risk_type": ev.get("risk_type"), "title": ev.get("title"), "quote": ev.get("quote"),
        "reportable_because": cfg.major_matters.get(ev.get("risk_type") or ""),
        "unconfirmed": list(unconfirmed_facts or []),
        "severity": ev.get("severity"),
        "origin": ev.get("origin", "event"), "alert_id": ev.get("alert_id"),
        "occurred_on": occurred.isoformat(), "occurred_on_source": source, "period_days": cfg.period_days,
        "due": due.isoformat(), "due_at": iso(dl), "state": "open", "urgent": urgent, "overdue": overdue,
        "found_late": late, "found_days_after": found_after, "late_by_days": late_by,
        "opened_at": iso(now), "reminders_sent": sent, "escalated_at": None,
        "report_date": None, "report_ref": None, "dismiss_reason": None,
        "article_ids": list(ev.get("article_ids") or []), "urls": list(ev.get("urls") or []),
        "history": [history_entry(now, "system", None, "open",
                          f"发现时已逾期 {late_by} 天（事项发生于 {occurred}，{found_after} 天后发现）" if overdue
                          else "发现时临近截止" if urgent else "")],
        "updated_at": iso(now),
    }


def _related_mpo(store: Store, platform_id: str, occurred: date, cfg: DutyConfig) -> str | None:
    """An active major-public-opinion duty of the platform for (about) the same days, if any."""
    lo, hi = occurred - reporting_period(cfg), occurred + reporting_period(cfg)
    r = store.search(store.ix.name("duties"), size=1, query={"bool": {"filter": [
        {"term": {"platform_id": platform_id}}, {"term": {"risk_type": "major_public_opinion"}},
        {"terms": {"state": list(ACTIVE)}},
        {"range": {"occurred_on": {"gte": lo.isoformat(), "lte": hi.isoformat()}}}]}},
        sort=[{"opened_at": "asc"}])
    hits = r["hits"]["hits"]
    return hits[0]["_id"] if hits else None


def find_duty(store: Store, platform_id: str, ev: dict[str, Any]) -> str | None:
    """The duty this event belongs to: its own deterministic id, or a duty of the same platform and
    matter that already holds this event (merged events) or any of its reports."""
    index = store.ix.name("duties")
    did = duty_id(platform_id, ev["id"])
    if store.get(index, did) is not None:
        return did
    should: list[dict[str, Any]] = [{"term": {"related_event_ids": ev["id"]}}, {"term": {"event_id": ev["id"]}}]
    if ev.get("article_ids"):
        should.append({"bool": {"filter": [{"term": {"risk_type": ev.get("risk_type")}},
                                           {"terms": {"article_ids": list(ev["article_ids"])}}]}})
    r = store.search(index, size=1, sort=[{"opened_at": "asc"}], source=False, query={"bool": {
        "filter": [{"term": {"platform_id": platform_id}}], "should": should, "minimum_should_match": 1}})
    hits = r["hits"]["hits"]
    return hits[0]["_id"] if hits else None


def apply_event(store: Store, cfg: AlertsConfig, wl: Watchlist, ev: dict[str, Any], now: datetime) -> dict[str, int]:
    """Open, update or (event rejected or void) dismiss the duties an event implies. Idempotent.

    An event merged into another (`active: false` with `superseded_by`) changes nothing: its
    successor holds the same reports and attaches to the same duty."""
    counts = {"opened": 0, "attached": 0, "dismissed": 0, "unchanged": 0, "before_cutoff": 0}
    dcfg = cfg.duty
    if ev.get("risk_type") not in dcfg.major_matters:
        return counts
    ent = wl.get(ev.get("entity_id") or "")
    if ent is not None:     # the watchlist's full name and type win over what the event carries
        ev = {**ev, "entity_name": ent.name, "entity_type": ent.type.value}
    if ev.get("active") is False and ev.get("superseded_by"):
        counts["unchanged"] += 1
        return counts
    void = ev.get("status") == "rejected" or ev.get("active") is False
    if float(ev.get("confidence") if ev.get("confidence") is not None else 1) < dcfg.min_confidence and not void:
        return counts
    occurred = _date(ev.get("event_date"))
    source = ev.get("event_date_source") or "text"
    if occurred is None:
        occurred, source = _date(ev.get("first_seen")) or local_today(now, dcfg), "published"
    index = store.ix.name("duties")      # duty writes refresh, so searches below see them
    for platform in duty_platforms(wl, ev):
        if void:
            found = find_duty(store, platform[0], ev)
            why = ev.get("status_reason") or ev.get("void_reason") or "rejected"
            try:
                if found is None:
                    raise DutyError("no duty")
                transition(store, cfg, found, "dismissed", "system", now, reason=f"事件经核实不成立或已失效（{why}）")
                counts["dismissed"] += 1
            except DutyError:
                counts["unchanged"] += 1
            continue
        did = find_duty(store, platform[0], ev)
        if did is None and dcfg.backfill_cutoff is not None and occurred < dcfg.backfill_cutoff:
            counts["before_cutoff"] += 1   # the deployment chose to leave its history out (config check says so)
            continue
        if did is None and ev.get("risk_type") == "major_public_opinion":
            did = _related_mpo(store, platform[0], occurred, dcfg)
        did = did or duty_id(platform[0], ev["id"])
        result = {"action": "unchanged"}

        def change(cur: dict[str, Any] | None) -> dict[str, Any] | None:
            result["action"] = "unchanged"
            if cur is None:
                result["action"] = "opened"
                return _new_duty(dcfg, did, ev, platform, occurred, source, now,
                                 unconfirmed(wl, platform[0], ev.get("entity_id")))
            new = dict(cur)
            notes = []
            added = [a for a in ev.get("article_ids") or [] if a not in (cur.get("article_ids") or [])]
            if added:
                new["article_ids"] = _union(cur.get("article_ids"), ev.get("article_ids"))
                new["urls"] = _union(cur.get("urls"), ev.get("urls"))
                notes.append(f"新增 {len(added)} 条报道")
            if cur.get("event_id") != ev["id"] and ev["id"] not in (cur.get("related_event_ids") or []):
                new["related_event_ids"] = _union(cur.get("related_event_ids"), [ev["id"]])
                notes.append(f"关联事件 {ev['id']}")
            if cur["state"] in ACTIVE and cur.get("event_id") == ev["id"] and \
                    (occurred.isoformat() != cur["occurred_on"] or source != cur.get("occurred_on_source")) and \
                    (ev.get("status") == "corrected" or
                     (cur.get("occurred_on_source") in ("published", "first_seen") and source in ("text", "published")
                      and source != cur.get("occurred_on_source"))):
                due = due_date(occurred, dcfg)
                new.update(occurred_on=occurred.isoformat(), occurred_on_source=source, due=due.isoformat(),
                           due_at=iso(deadline(due, dcfg)), overdue=now > deadline(due, dcfg))
                notes.append(f"发生日期更正为 {occurred}，截止日 {due}")
            if cur["state"] == "dismissed" and cur.get("dismissed_by") == "system" and \
                    (cur.get("event_id") == ev["id"] or ev["id"] in (cur.get("related_event_ids") or [])):
                new["state"], new["dismiss_reason"], new["dismissed_by"] = "open", None, None
                new["history"] = [*cur.get("history", []), history_entry(now, "system", "dismissed", "open", "事件恢复有效")]
                result["action"] = "reopened"
            if not notes and result["action"] != "reopened":
                return None
            if notes:
                new["history"] = [*new.get("history", []), history_entry(now, "system", cur["state"], new["state"],
                                                                 "；".join(notes))]
            new["updated_at"] = iso(now)
            result["action"] = result["action"] if result["action"] == "reopened" else "attached"
            return new

        v = store.update(index, did, change, refresh=True)
        duty = v.source if v else None
        if result["action"] in ("opened", "reopened") and duty:
            counts["opened"] += 1
            _on_opened(store, cfg, duty, now, reopened=result["action"] == "reopened")
            check_one(store, cfg, duty, now)
        else:
            counts["attached" if result["action"] == "attached" else "unchanged"] += 1
            if duty and duty["state"] in ACTIVE and not any(h.get("from") == "dismissed" for h in duty.get("history", [])):
                # a crash right after the duty was written: its opening message is recorded now (no-op if it was)
                enqueue(store, cfg, _opened_notification(cfg, duty, now, False), now)
    return counts


# --- notifications -----------------------------------------------------------------------------
def _opened_notification(cfg: AlertsConfig, duty: dict[str, Any], now: datetime, reopened: bool) -> dict[str, Any]:
    summary = (f"{duty.get('entity_name')}发生{_label(duty)}，平台「{duty.get('platform_name')}」须在 {duty['due']} 前报送。")
    if duty.get("late_by_days"):
        summary = (f"{duty.get('entity_name')}发生{_label(duty)}（{duty['occurred_on']}），{duty.get('found_days_after')} 天后"
                   f"才发现，已超过报送期限 {duty['late_by_days']} 天：平台「{duty.get('platform_name')}」应尽快补报并说明迟报原因。")
    return notification(duty, "duty", ("duty", duty["id"], "opened", len(duty.get("history", [])) if reopened else 0),
                        now, summary=summary, tz=cfg.duty.timezone)


def _on_opened(store: Store, cfg: AlertsConfig, duty: dict[str, Any], now: datetime, reopened: bool = False) -> None:
    n = _opened_notification(cfg, duty, now, reopened)
    store.index(store.ix.name("alerts"), n["alert_id"], {
        "id": n["alert_id"], "kind": "duty", "entity_id": duty.get("entity_id"),
        "entity_name": duty.get("entity_name"), "platforms": [duty["platform_id"]], "risk_type": duty.get("risk_type"),
        "severity": n["severity"], "status": "active", "title": n["summary"], "message": n["summary"],
        "event_ids": [duty["event_id"]], "duty_id": duty["id"], "created_at": duty["opened_at"],
        "updated_at": iso(now), "resolved_at": None})
    enqueue(store, cfg, n, now)


def _label(duty: dict[str, Any]) -> str:
    from alerts.messages import risk_label

    return risk_label(duty.get("risk_type"))


# --- reminders and escalation ----------------------------------------------------------------------
def check_one(store: Store, cfg: AlertsConfig, duty: dict[str, Any], now: datetime) -> dict[str, int]:
    counts = {"reminders": 0, "escalations": 0}
    if duty["state"] not in ACTIVE:
        return counts
    conduct.sync(store, duty, now)  # past its week unreported: a late-report record on platform and unit
    dcfg = cfg.duty
    due = date.fromisoformat(duty["due"])
    dl = parse(duty["due_at"]) or deadline(due, dcfg)
    today = local_today(now, dcfg)
    sent = list(duty.get("reminders_sent") or [])
    marks: list[str] = []
    notes: list[str] = []
    if now > dl:
        n_rep = 0
        if dcfg.escalation_repeat_hours > 0:
            n_rep = int((now - dl).total_seconds() // (dcfg.escalation_repeat_hours * 3600))
        key = f"overdue-{n_rep}"
        if key not in sent:
            d = {**duty, "overdue": True}
            enqueue(store, cfg, notification(d, "duty_overdue", ("duty", duty["id"], key), now, tz=dcfg.timezone,
                                             summary=f"重大事项报告已超过截止日 {duty['due']}，尚未登记报送，已升级提醒。"),
                    now)
            marks.append(key)
            notes.append("逾期升级" if n_rep == 0 else f"逾期升级（第 {n_rep + 1} 次）")
            counts["escalations"] += 1
    else:
        due_offsets = [d for d in dcfg.reminders_days_before
                       if today >= due - timedelta(days=d) and f"d-{d}" not in sent]
        if due_offsets:
            d = min(due_offsets)
            when = "今天是报送截止日" if d == 0 else f"距报送截止还有 {d} 天"
            enqueue(store, cfg, notification(duty, "duty_reminder", ("duty", duty["id"], f"d-{d}"), now,
                                             tz=dcfg.timezone, summary=f"{when}（{duty['due']}）。"), now)
            marks += [f"d-{x}" for x in due_offsets]
            notes.append(f"提醒：{when}")
            counts["reminders"] += 1
    if marks:
        def change(cur: dict[str, Any] | None) -> dict[str, Any] | None:
            if cur is None:
                return None
            new = dict(cur)
            new["reminders_sent"] = _union(cur.get("reminders_sent"), marks)
            if now > dl:
                new["overdue"] = True
                new["escalated_at"] = new.get("escalated_at") or iso(now)
            new["history"] = [*cur.get("history", []), history_entry(now, "system", cur["state"], cur["state"], "；".join(notes))]
            new["updated_at"] = iso(now)
            return new
        store.update(store.ix.name("duties"), duty["id"], change, refresh=True)
    return counts


def check_all(store: Store, cfg: AlertsConfig, now: datetime) -> dict[str, int]:
    counts = {"checked": 0, "reminders": 0, "escalations": 0}
    index = store.ix.name("duties")
    store.refresh(index)
    for hit in store.scan(index, {"terms": {"state": list(ACTIVE)}}):
        c = check_one(store, cfg, hit["_source"], now)
        counts["checked"] += 1
        counts["reminders"] += c["reminders"]
        counts["escalations"] += c["escalations"]
    # closed in the last two days: make sure the resolved message was recorded (a crash between the
    # state change and the outbox write would otherwise lose it); a no-op when it was
    recent = iso(now - timedelta(days=2))
    for hit in store.scan(index, {"bool": {"filter": [{"terms": {"state": ["reported", "dismissed"]}},
                                                      {"range": {"updated_at": {"gte": recent}}}]}}):
        enqueue(store, cfg, resolved_notification(cfg, hit["_source"], now), now)
    return counts


