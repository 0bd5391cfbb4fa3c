"""The texts of duty messages: opened, reminder, overdue and resolved, with the facts an officer needs
(the quoted sentence, the occurrence date and where it came from, the time left, the commands to run)."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from alerts.deadline import days_left
from alerts.routing import AlertsConfig
from ipwatch.store import doc_id

DUTY_SEVERITY = 0.7


SOURCE_NOTE = {"text": "报道所述发生日期", "published": "仅有报道发布日期，按发布日期计算，请核实实际发生日期",
               "detected": "舆情监测发现日期", "first_report": "舆情首篇负面报道日期",
               "first_seen": "发生日期待确认：报道未载明日期，暂按首次发现日期计算，请核实实际发生日期"}


def notification(duty: dict[str, Any], kind: str, key_parts: tuple[Any, ...], now: datetime,
                 state: str = "firing", summary: str = "", tz: str = "Asia/Shanghai") -> dict[str, Any]:
    left = days_left(duty, now)
    remaining = f"已逾期 {math.ceil(-left)} 天" if left < 0 else f"剩余 {left:.1f} 天"
    facts = [("事件", duty.get("title") or "")] + ([("依据", f"「{duty['quote']}」")] if duty.get("quote") else []) + [
             ("发生日期", f"{duty['occurred_on']}（{SOURCE_NOTE.get(duty.get('occurred_on_source') or '', '')}）"),
             ("报送时限", f"发生之日起 {duty.get('period_days', 7)} 日内"
                      + (f"（{duty['reportable_because']}）" if duty.get("reportable_because") else "")),
             ("剩余时间", remaining), ("状态", {"open": "待处理", "acknowledged": "已确认，待报送",
                                          "reported": "已报送", "dismissed": "已撤销"}[duty["state"]])]
    if duty.get("report_ref"):
        facts.append(("报送", f"{duty.get('report_date')} 文号 {duty['report_ref']}"))
    if duty.get("unconfirmed"):
        facts.append(("待确认", "；".join(duty["unconfirmed"])))
    if duty.get("dismiss_reason"):
        facts.append(("撤销原因", duty["dismiss_reason"]))
    short = duty["id"][:10]
    action = "" if state == "resolved" else \
        (f"平台须于发生之日起一周内按程序报送有关情况。报送后请登记：ipwatch duties report {short} "
         f"--ref 文号 --date 报送日期；确认：ipwatch duties ack {short}")
    return {"key": doc_id(*key_parts), "kind": kind, "state": state, "duty_id": duty["id"],
            "alert_id": doc_id("alert", "duty", duty["id"]), "ref": short,
            "entity_id": duty.get("entity_id"), "entity_name": duty.get("entity_name"),
            "entity_type": duty.get("entity_type"), "platforms": [duty["platform_id"]],
            "platform_names": [duty.get("platform_name") or duty["platform_id"]],
            "risk_type": duty.get("risk_type"),
            "severity": 1.0 if duty.get("overdue") or duty.get("urgent") else
            max(DUTY_SEVERITY, float(duty.get("severity") or 0)),
            "urgent": bool(duty.get("urgent")) and state == "firing", "overdue": bool(duty.get("overdue")) and
            state == "firing", "due": duty["due"], "timezone": tz, "summary": summary, "facts": facts,
            "links": [{"url": u, "title": u} for u in duty.get("urls") or []], "action": action}


def resolved_notification(cfg: AlertsConfig, duty: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The "resolved" message of a reported or dismissed duty (keyed by its history length, so a
    later reopen and close sends a new one)."""
    actor = (duty.get("history") or [{}])[-1].get("actor")
    summary = (f"平台已于 {duty.get('report_date')} 报送（文号 {duty.get('report_ref')}）。" if duty["state"] == "reported"
               else f"报告事项已撤销：{duty.get('dismiss_reason')}（{actor}）。")
    return notification(duty, "duty", ("duty", duty["id"], "resolved", len(duty.get("history", []))), now,
                        state="resolved", summary=summary, tz=cfg.duty.timezone)
