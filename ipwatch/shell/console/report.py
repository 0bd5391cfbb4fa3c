"""The draft 重大事项报告 of a duty, built only from stored facts (who, what, when it occurred, the
sentence that states it, the sources): plain text an officer copies or downloads and completes."""

from __future__ import annotations

from datetime import date
from typing import Any

from ipwatch.taxonomy import risk_label

TYPE_ZH = {"platform": "平台", "regional_centre": "区域中心", "industry_centre": "产业中心",
           "operating_unit": "运营单位", "institution": "入驻/合作机构"}
DATE_NOTE = {"text": "报道所述日期", "published": "据报道发布日期", "first_report": "据首篇报道日期",
             "detected": "系统发现日期", "first_seen": "发生日期待确认（系统首次发现日期）"}


def draft_report(duty: dict[str, Any], articles: list[dict[str, Any]], today: date) -> str:
    what = risk_label(duty.get("risk_type"))
    entity = duty.get("entity_name") or duty.get("entity_id") or ""
    platform = duty.get("platform_name") or duty.get("platform_id") or ""
    lines = [f"关于{entity}{what}的重大事项报告（草稿）", "",
             "（主送单位）：", "",
             (f"根据国知发运函字〔2023〕156号关于运营单位重大事项一周内报告的要求，"
              f"现将{platform}运营单位相关重大事项报告如下。"), "",
             "一、基本情况",
             f"　　报告平台：{platform}",
             f"　　事项主体：{entity}（{TYPE_ZH.get(duty.get('entity_type') or '', duty.get('entity_type') or '')}）",
             f"　　事项类型：{what}",
             f"　　发生日期：{duty.get('occurred_on') or '待确认'}（{DATE_NOTE.get(duty.get('occurred_on_source') or '', '')}）",
             f"　　报告期限：{duty.get('due')}（自发生之日起{duty.get('period_days') or 7}日内）", "",
             "二、事项内容",
             f"　　{duty.get('title') or ''}。"]
    if duty.get("quote"):
        lines.append(f"　　据公开报道：「{duty['quote']}」")
    if duty.get("reportable_because"):
        lines.append(f"　　报告依据：{duty['reportable_because']}")
    lines += ["", "三、信息来源"]
    if not articles:
        lines += [f"　　{i}. {u}" for i, u in enumerate(duty.get("urls") or [], 1)]
    for i, a in enumerate(articles, 1):
        when = str(a.get("published_at") or "")[:10] or "日期不详"
        lines.append(f"　　{i}. {a.get('outlet') or '来源不详'}，{when}，《{a.get('title') or ''}》，{a.get('url') or ''}")
    if duty.get("unconfirmed"):
        lines += ["", "四、待核实事项（报送前请核实）"] + [f"　　· {u}" for u in duty["unconfirmed"]]
    lines += ["", "五、影响评估及应对措施", "　　（请填写）", "",
              "　　联系人：　　　　　联系电话：", "",
              f"{platform}", f"{today.year}年{today.month}月{today.day}日", ""]
    return "\n".join(lines)
