"""What a briefing and a dossier say: the figures of reports/figures.py, the charts of reports/charts.py
and the evaluation record, gathered into one dict the HTML template reads.

Briefing (舆情简报): headline figures against the previous period, volume and sentiment trends, the top
stories, then per platform: its grade, residents' grade changes, duties, self-inspection findings.
Dossier (年度档案): a platform's year — major matters and whether each was reported within its week,
duties late or missed, public opinion by month, residents' credit distribution at the start and the
end of the year (scoring's `rate_as_of`, the code the ratings use), findings and the evaluation record.
"""

from __future__ import annotations

import base64
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from alerts.deadline import days_left
from alerts.duty_actions import ACTIVE
from ipwatch.clock import local_date
from ipwatch.context import AppContext
from ipwatch.errors import IpwatchError
from ipwatch.taxonomy import risk_label
from ipwatch.watchlist import PLATFORM_LIKE
from reports import charts, evaluation
from reports import figures as F
from scoring.rerate import rate_as_of
from scoring.rulebook import rulebook_of

STATE_ZH = {"open": "待处理", "acknowledged": "已确认", "reported": "已报送", "dismissed": "已撤销"}
FINDING_ZH = {"open": "待整改", "rectifying": "整改中", "closed": "已整改", "dismissed": "已撤销"}
SENTIMENT_ZH = {"negative": "负面", "neutral": "中性", "positive": "正面"}


class ReportError(IpwatchError):
    pass


def png_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _platform_scope(app: AppContext, platform: str | None) -> F.Scope:
    try:
        scope = F.scope_of(app.watchlist, platform)
    except KeyError:
        raise ReportError(f"unknown platform {platform!r} (see `ipwatch watchlist list --type platform`)") from None
    if platform is not None:
        p = app.watchlist.get(platform)
        if p is None or p.type not in PLATFORM_LIKE:
            raise ReportError(f"{platform!r} is not a platform or centre (it is a {p.type.value if p else '?'})")
    return scope


def _day(v: str | None, tz: str) -> str:
    if not v:
        return "—"
    from ipwatch.clock import parse

    dt = parse(v)
    return str(local_date(dt, tz)) if dt and len(v) > 10 else v[:10]


def _duty_row(d: dict[str, Any], now: datetime, tz: str) -> dict[str, Any]:
    active = d.get("state") in ACTIVE
    left = days_left(d, now)
    if d.get("state") == "reported":
        verdict = "逾期报送" if d.get("reported_late") else "按期报送"
    elif d.get("state") == "dismissed":
        verdict = "已撤销"
    elif active and left < 0:
        verdict = f"已逾期 {int(-left) + (0 if float(-left).is_integer() else 1)} 天，未报送"
    else:
        verdict = f"待报送（剩 {max(left, 0):.1f} 天）"
    return {"platform": d.get("platform_name") or d.get("platform_id"), "entity": d.get("entity_name") or "",
            "matter": risk_label(d.get("risk_type")), "occurred": (d.get("occurred_on") or "")[:10],
            "due": (d.get("due") or "")[:10], "state": STATE_ZH.get(d.get("state") or "", d.get("state")),
            "report_date": (d.get("report_date") or "")[:10] or "—", "ref": d.get("report_ref") or "",
            "verdict": verdict, "late": verdict.startswith(("逾期", "已逾期")), "quote": d.get("quote") or "",
            "found_days_after": d.get("found_days_after")}


def _finding_row(f: dict[str, Any], tz: str) -> dict[str, Any]:
    last = (f.get("history") or [{}])[-1]
    return {"entity": f.get("entity_name") or "", "title": f.get("title") or "", "found": _day(f.get("created_at"), tz),
            "state": FINDING_ZH.get(f.get("finding_state") or "open", f.get("finding_state")),
            "rectify_by": (f.get("rectify_by") or "")[:10] or "—", "verified_by": f.get("verified_by") or "",
            "note": last.get("note") or f.get("note") or ""}


def _delta(cur: float | int | None, prev: float | int | None, pct: bool = False) -> str:
    if cur is None or prev is None:
        return "—"
    d = cur - prev
    if pct:
        return f"{d * 100:+.1f} 个百分点" if d else "持平"
    return f"{d:+d}" if d else "持平"


def headline_rows(h: dict[str, Any]) -> list[dict[str, str]]:
    c, p = h["current"], h["previous"]

    def share(v: float | None) -> str:
        return "—" if v is None else f"{v * 100:.1f}%"
    return [
        {"label": "报道量（篇）", "cur": str(c["articles"]), "prev": str(p["articles"]),
         "delta": _delta(c["articles"], p["articles"])},
        {"label": "负面占比", "cur": share(c["negative_share"]), "prev": share(p["negative_share"]),
         "delta": _delta(c["negative_share"], p["negative_share"], pct=True)},
        {"label": "负面报道（篇）", "cur": str(c["negative"]), "prev": str(p["negative"]),
         "delta": _delta(c["negative"], p["negative"])},
        {"label": "新增风险事件（件）", "cur": str(c["new_events"]), "prev": str(p["new_events"]),
         "delta": _delta(c["new_events"], p["new_events"])},
        {"label": "未结报告义务（件）", "cur": str(c["open_duties"]), "prev": str(p["open_duties"]),
         "delta": _delta(c["open_duties"], p["open_duties"])},
        {"label": "其中已逾期（件）", "cur": str(c["overdue_duties"]), "prev": str(p["overdue_duties"]),
         "delta": _delta(c["overdue_duties"], p["overdue_duties"])},
    ]


def _story_row(e: dict[str, Any], tz: str) -> dict[str, Any]:
    return {"entity": e.get("entity_name") or e.get("entity_id"), "risk_type": e.get("risk_type"),
            "matter": risk_label(e.get("risk_type")),
            "title": e.get("title") or "", "outlets": "、".join((e.get("outlets") or [])[:6]) or "—",
            "reports": e["reports"], "reposts": e["reposts"], "heat": e["heat"],
            "first_seen": _day(e.get("first_seen"), tz), "last_seen": _day(e.get("last_seen"), tz),
            "quote": e.get("quote") or "", "url": (e.get("urls") or [""])[0]}


def _platform_ids(app: AppContext, scope: F.Scope, duties: list[dict[str, Any]],
                  changes: list[dict[str, Any]], stories: list[dict[str, Any]]) -> list[str]:
    """The platforms a briefing gives a section: the chosen one, else every platform with something to say."""
    if scope.platform_id:
        return [scope.platform_id]
    wl = app.watchlist
    ids: list[str] = []
    for d in duties:
        ids.append(d.get("platform_id") or "")
    for x in [*changes, *stories]:
        e = wl.get(x.get("entity_id") or "")
        if e is not None and e.type in PLATFORM_LIKE:
            ids.append(e.id)
        ids.extend(x.get("platforms") or [])
        if e is not None and e.operating_unit is None:
            ids.extend(p.id for p in wl.platform_of_unit(e.id))
    known = [e.id for e in wl.entities if e.type in PLATFORM_LIKE]
    return [i for i in known if i in set(ids)]


def briefing(app: AppContext, kind: str, as_of: date, platform: str | None = None,
             now: datetime | None = None) -> dict[str, Any]:
    """Everything a briefing shows, as plain values for the template."""
    if kind not in F.KINDS:
        raise ReportError(f"unknown period {kind!r} (day, week or month)")
    now = now or app.now()
    tz = app.settings.timezone
    store = app.store
    store.refresh()
    scope = _platform_scope(app, platform)
    period = F.period_of(kind, as_of)
    duties = F.all_duties(store, scope)
    head = F.headline(store, period, tz, scope, now, duties)
    trend_period = period if kind != "day" else F.Period("week", as_of - timedelta(days=6), as_of)
    rows = F.daily_volume(store, trend_period, tz, scope)
    top = F.stories(store, period, tz, scope)
    changes = F.grade_changes(store, period, tz, scope)
    outcomes = F.duty_outcomes(duties, period, tz, now)
    found = F.findings(store, period, tz, scope)
    sections = []
    for pid in _platform_ids(app, scope, [*outcomes["open"], *outcomes["on_time"], *outcomes["late"]], changes, top):
        ps = F.scope_of(app.watchlist, pid)
        mine = set(ps.entity_ids or [])
        rating = F.current_ratings(store, [pid]).get(pid) or {}
        sections.append({
            "id": pid, "name": ps.platform_name, "grade": rating.get("grade") or "—", "score": rating.get("score"),
            "residents": len(ps.resident_ids),
            "grade_changes": [{**g, "when": _day(g.get("rated_at"), tz)} for g in changes if g.get("entity_id") in mine],
            "on_time": [_duty_row(d, now, tz) for d in outcomes["on_time"] if d.get("platform_id") == pid],
            "late": [_duty_row(d, now, tz) for d in outcomes["late"] if d.get("platform_id") == pid],
            "open": [_duty_row(d, now, tz) for d in outcomes["open"] if d.get("platform_id") == pid],
            "findings": [_finding_row(f, tz) for f in found
                         if f.get("entity_id") in mine or pid in (f.get("platforms") or [])],
        })
    c = head["current"]
    share = "—" if c["negative_share"] is None else f"{c['negative_share'] * 100:.1f}%"
    return {
        "type": "briefing", "kind": kind, "kind_zh": F.KIND_ZH[kind], "title": f"舆情简报（{F.KIND_ZH[kind]}）",
        "scope": scope.platform_name, "platform_id": scope.platform_id, "period": period.label,
        "previous": period.previous().label, "as_of": as_of.isoformat(), "generated": _stamp(now, tz),
        "headline": head, "headline_rows": headline_rows(head),
        "summary": (f"{period.label}，{scope.platform_name}相关报道 {c['articles']} 篇，负面 {c['negative']} 篇"
                    f"（占 {share}），"
                    f"新增风险事件 {c['new_events']} 件；未结重大事项报告义务 {c['open_duties']} 件，"
                    f"其中已逾期 {c['overdue_duties']} 件。"),
        "charts": [{"title": "报道量趋势", "src": png_uri(charts.volume_chart(rows, f"每日报道量（按情感，{trend_period.label}）"))},
                   {"title": "负面占比趋势", "src": png_uri(charts.sentiment_chart(rows, "每日负面报道占比"))}],
        "trend": rows, "stories": [_story_row(e, tz) for e in top], "sections": sections,
        "duty_totals": {k: len(v) for k, v in outcomes.items()},
    }


def _stamp(now: datetime, tz: str) -> str:
    from zoneinfo import ZoneInfo

    return now.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def dossier(app: AppContext, platform: str, year: int, now: datetime | None = None) -> dict[str, Any]:
    """A platform's year for its performance evaluation."""
    now = now or app.now()
    tz = app.settings.timezone
    store = app.store
    store.refresh()
    scope = _platform_scope(app, platform)
    today = local_date(now, tz)
    if year > today.year:
        raise ReportError(f"{year} has not begun yet")
    ypd = F.period_of("year", date(year, 1, 1))
    end = min(ypd.end, today)
    duties = [d for d in F.all_duties(store, scope) if (d.get("occurred_on") or "")[:4] == str(year)]
    rows = [_duty_row(d, now, tz) for d in duties]
    months = F.daily_volume(store, ypd, tz, scope, by="month")
    rb = rulebook_of(app)
    grades = [g.grade for g in rb.grades]
    residents = scope.resident_ids
    start_r = rate_as_of(app, ypd.start, residents, rb) if residents else {}
    end_r = rate_as_of(app, end, residents, rb) if residents else {}
    dist_a = Counter(r.grade for r in start_r.values())
    dist_b = Counter(r.grade for r in end_r.values())
    moved = [{"entity": end_r[i].entity_name, "before": start_r[i].grade, "after": end_r[i].grade,
              "score_before": start_r[i].score, "score_after": end_r[i].score,
              "direction": "下降" if rb.grade_rank(end_r[i].grade) > rb.grade_rank(start_r[i].grade) else "上升"}
             for i in residents if i in start_r and i in end_r and start_r[i].grade != end_r[i].grade]
    own = rate_as_of(app, end, [platform], rb).get(platform)
    recs = evaluation.records(store, platform)
    st = evaluation.standing(recs, year)
    found = F.findings(store, ypd, tz, scope)
    counts = F.article_counts(store, ypd, tz, scope)
    p = app.watchlist.get(platform)
    unit = app.watchlist.get(p.operating_unit) if p and p.operating_unit else None
    return {
        "type": "dossier", "title": f"{scope.platform_name} {year} 年度档案", "scope": scope.platform_name,
        "platform_id": platform, "year": year, "period": f"{ypd.start} 至 {end}", "generated": _stamp(now, tz),
        "operating_unit": unit.name if unit else "未确认", "grade": own.grade if own else "—",
        "score": own.score if own else None, "residents": len(residents),
        "matters": rows, "late_or_missed": [r for r in rows if r["late"]],
        "on_time": sum(1 for r in rows if r["verdict"] == "按期报送"),
        "articles": counts, "negative_share": F.negative_share(counts), "months": months,
        "charts": [{"title": "逐月舆情", "src": png_uri(charts.volume_chart(months, f"{year} 年逐月报道量（按情感）"))},
                   {"title": "信用分布", "src": png_uri(charts.grades_chart(
                       grades, dist_a, dist_b, f"年初（{ypd.start}）", f"年末（{end}）"))}],
        "grades": grades, "dist_start": [dist_a.get(g, 0) for g in grades], "dist_end": [dist_b.get(g, 0) for g in grades],
        "grade_moves": moved, "findings": [_finding_row(f, tz) for f in found],
        "evaluations": [{**r, "result_zh": evaluation.RESULT_ZH.get(r["result"], r["result"])} for r in recs],
        "standing": st,
    }
