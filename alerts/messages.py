"""Chinese notification texts: one title, plain text, Markdown (chat robots) and HTML (email).

A notification is a plain dict (see `alerts.outbox.enqueue`): kind, state (firing|resolved),
entity, platforms, risk type, severity, facts (label, value) pairs, evidence links and, for
duties, the due date. With the console's address configured (settings `console.base_url`) every
message links to the console page of what it announces (`console_link`): a duty to its duty page,
a surge, grade change, finding or evaluation to its alert page, a briefing to its file."""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

from ipwatch.taxonomy import risk_label

KIND_LABELS = {
    "duty": "重大事项报告提醒", "duty_reminder": "重大事项报告即将到期", "duty_overdue": "重大事项报告已逾期",
    "surge": "重大舆情预警", "grade_change": "信用等级变动", "compliance": "自查合规预警",
    "evaluation": "绩效评价预警", "briefing": "舆情简报",
}
MAX_LINKS = 8


def console_path(n: dict[str, Any]) -> str | None:
    """The console page of what a notification announces (a composer may name it: `console_path`)."""
    if n.get("console_path"):
        return str(n["console_path"])
    kind = n.get("kind")
    if kind in ("duty", "duty_reminder", "duty_overdue") and n.get("duty_id"):
        return f"/duties/{quote(str(n['duty_id']), safe='')}"
    if n.get("event_id"):
        return f"/events/{quote(str(n['event_id']), safe='')}"
    if n.get("alert_id"):
        return f"/alerts/{quote(str(n['alert_id']), safe='')}"
    return None


def console_link(n: dict[str, Any], base_url: str | None) -> str | None:
    """{base_url}{page} when the console's address is set, else None (no link)."""
    path = console_path(n) if base_url else None
    return f"{str(base_url).rstrip('/')}{path}" if path else None


def severity_label(sev: float | None) -> str:
    s = float(sev or 0)
    return "高" if s >= 0.7 else "中" if s >= 0.4 else "低"


def title(n: dict[str, Any]) -> str:
    if n.get("title"):                          # a report names itself (reports/jobs.py)
        return str(n["title"])
    tag = "【已解除】" if n.get("state") == "resolved" else \
        "【已逾期】" if n.get("overdue") else "【紧急】" if n.get("urgent") else ""
    return f"{tag}{KIND_LABELS.get(n['kind'], n['kind'])}：{n.get('entity_name') or n.get('entity_id')}" + \
        (f" {risk_label(n.get('risk_type'))}" if n.get("risk_type") else "")


def _facts(n: dict[str, Any]) -> list[tuple[str, str]]:
    if n.get("kind") == "briefing":             # a briefing's facts are its headline figures
        return [(str(k), str(v)) for k, v in n.get("facts") or []]
    facts: list[tuple[str, str]] = [("对象", f"{n.get('entity_name') or ''}（{n.get('entity_id')}）")]
    if n.get("platform_names"):
        facts.append(("平台", "、".join(n["platform_names"])))
    if n.get("risk_type"):
        facts.append(("事项", risk_label(n["risk_type"])))
    facts.append(("严重程度", severity_label(n.get("severity"))))
    facts.extend((str(k), str(v)) for k, v in n.get("facts") or [])
    if n.get("due"):
        facts.append(("报送截止", f"{n['due']} 24:00（{n.get('timezone') or 'Asia/Shanghai'}）"))
    return facts


def _links(n: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for item in (n.get("links") or [])[:MAX_LINKS]:
        if isinstance(item, dict):
            out.append((item.get("title") or item["url"], item["url"]))
        else:
            out.append((str(item), str(item)))
    return out


def render(n: dict[str, Any]) -> dict[str, str]:
    """title, text, markdown and html of a notification."""
    t = title(n)
    facts, links = _facts(n), _links(n)
    lead = n.get("summary") or ""
    text_lines = [t, ""] + ([lead, ""] if lead else []) + [f"{k}：{v}" for k, v in facts]
    plain_facts = list(text_lines[1:])          # for channels that render the links themselves
    md_lines = [f"### {t}", ""] + ([lead, ""] if lead else []) + [f"- **{k}**：{v}" for k, v in facts]
    if links:
        text_lines += ["", "相关报道："] + [f"- {a} {u}" for a, u in links]
        md_lines += ["", "**相关报道：**"] + [f"- [{a}]({u})" for a, u in links]
    if n.get("action"):
        text_lines += ["", n["action"]]
        md_lines += ["", n["action"]]
    if n.get("console_url"):
        text_lines.append(f"在控制台处理：{n['console_url']}")
        md_lines.append(f"[在控制台处理]({n['console_url']})")
        plain_facts += ["", f"在控制台处理：{n['console_url']}"]
    if n.get("dashboard_url"):
        text_lines.append(f"详情：{n['dashboard_url']}")
        md_lines.append(f"[查看详情]({n['dashboard_url']})")
    text_lines.append(f"（ipwatch 编号 {n.get('ref') or n.get('key', '')[:12]}）")
    md_lines.append(f"（ipwatch 编号 {n.get('ref') or n.get('key', '')[:12]}）")
    e = html.escape
    rows = "".join(f"<tr><th align=left>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in facts)
    link_html = "".join(f'<li><a href="{e(u)}">{e(a)}</a></li>' for a, u in links)
    body = (f"<html><body><h3>{e(t)}</h3>" + (f"<p>{e(lead)}</p>" if lead else "") +
            f"<table>{rows}</table>" + (f"<p>相关报道：</p><ul>{link_html}</ul>" if links else "") +
            (f"<p>{e(n['action'])}</p>" if n.get("action") else "") +
            (f'<p><a href="{e(n["console_url"])}">在控制台处理</a></p>' if n.get("console_url") else "") +
            (f'<p><a href="{e(n["dashboard_url"])}">查看详情</a></p>' if n.get("dashboard_url") else "") +
            f"<p style=\"color:#888\">ipwatch 编号 {e(n.get('ref') or n.get('key', '')[:12])}</p></body></html>")
    if n.get("action"):
        plain_facts += ["", n["action"]]
    return {"title": t, "text": "\n".join(text_lines), "markdown": "\n".join(md_lines), "html": body,
            "plain": "\n".join(plain_facts), "attachments": list(n.get("attachments") or []),
            "links": [{"title": a, "url": u} for a, u in links], "console_url": n.get("console_url")}
