"""Briefings and the annual dossier, read as a person would: the demo's data (run once, with the keyword
stand-in for the model), a weekly briefing and a dossier rendered to PDF, turned into text (pdftotext)
and pages (pdftoppm), their figures checked against direct Elasticsearch queries; the evaluation record
and its alert; the daemon's scheduled briefing reaching the demo's sink; email attachments."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from ipwatch.context import AppContext

TZ = "Asia/Shanghai"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing (bootstrap.sh)")


@pytest.fixture(scope="module")
def demo(stand_in_demo: tuple) -> Any:
    """The session's demo run with the keyword stand-in (tests/conftest.py): its summary, an app on its
    data and its base folder."""
    summary, _, app, tmp = stand_in_demo
    return summary, app, tmp


def _today(app: AppContext) -> date:
    return app.now().astimezone(ZoneInfo(TZ)).date()


def _range(first: date, last: date) -> dict[str, str]:
    z = ZoneInfo(TZ)
    return {"gte": datetime.combine(first, datetime.min.time(), z).isoformat(),
            "lt": datetime.combine(last + timedelta(days=1), datetime.min.time(), z).isoformat()}


def _count(app: AppContext, logical: str, *flt: dict[str, Any]) -> int:
    st = app.store
    st.refresh()
    return st.es.count(index=st.ix.name(logical), query={"bool": {"filter": list(flt)}})["count"]


def _pdf_text(pdf: Path, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _pdf_images(pdf: Path) -> int:
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return sum(1 for line in out.splitlines()[2:] if line.split()[2:3] == ["image"])


def _pages(pdf: Path, tmp: Path) -> list[Path]:
    stem = tmp / pdf.stem
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(stem)], check=True)
    return sorted(tmp.glob(f"{pdf.stem}-*.png"))


def test_weekly_briefing_figures_are_the_stored_facts(demo: Any) -> None:
    """Headline figures against direct queries: articles published in the 7 days, negative ones, events
    first seen, active duties and the overdue ones (due before today), the demo's top story."""
    from reports import build

    summary, app, _ = demo
    today = _today(app)
    r = build.briefing(app, "week", today)
    c = r["headline"]["current"]
    week = {"range": {"published_at": _range(today - timedelta(days=6), today)}}
    assert c["articles"] == _count(app, "articles", week) == summary["articles"] >= 10
    assert c["negative"] == _count(app, "articles", week, {"term": {"analysis.sentiment": "negative"}}) >= 3
    assert c["negative_share"] == round(c["negative"] / _count(app, "articles", week,
                                                                {"term": {"analysis.status": "done"}}), 4)
    assert c["new_events"] == _count(app, "events", {"term": {"active": True}},
                                     {"range": {"first_seen": _range(today - timedelta(days=6), today)}}) >= 3
    active = {"terms": {"state": ["open", "acknowledged"]}}
    assert c["open_duties"] == _count(app, "duties", active) == len(summary["duties"]) >= 2
    assert c["overdue_duties"] == _count(app, "duties", active, {"range": {"due": {"lt": str(today)}}})
    assert r["headline"]["previous"]["articles"] == 0         # the scenario is all within the week
    top = r["stories"][0]
    stored = app.store.search(app.store.ix.name("events"), size=1, query={"bool": {"filter": [
        {"term": {"entity_id": "hx-patent"}}, {"term": {"risk_type": r["stories"][0]["risk_type"]}}]}})
    assert top["entity"] == "北京华信知识产权代理有限公司" and top["reports"] >= 3
    assert top["quote"] == (stored["hits"]["hits"][0]["_source"].get("quote") or "")   # the evidence sentence
    assert top["heat"] == top["reports"] + top["reposts"]
    ntop = next(s for s in r["sections"] if s["id"] == "ntop")
    assert any(g["entity_name"] == "北京华信知识产权代理有限公司" for g in ntop["grade_changes"])
    assert {d["matter"] for d in ntop["open"]} == {"负责人变动"}


@needs_poppler
def test_weekly_briefing_pdf_reads_with_its_figures_chinese_text_and_charts(demo: Any, tmp_path: Path) -> None:
    from ipwatch.shell.cli import cli

    summary, app, _ = demo
    pdf = tmp_path / "brief.pdf"
    res = CliRunner().invoke(cli, ["brief", "--period", "week", "--format", "pdf", "-o", str(pdf),
                                   "--prefix", app.store.ix.prefix], obj=None, catch_exceptions=False,
                             env={"IPWATCH_ES__URL": app.settings.es.url})
    assert res.exit_code == 0, res.output
    text = _pdf_text(pdf)
    for heading in ("舆情简报（周报）", "核心指标", "舆情走势", "重点舆情", "分平台情况", "国家知识产权运营公共服务平台",
                    "北京华信知识产权代理有限公司", "热度", "按期报送", "自查问题与整改"):
        assert heading in text, heading
    rows = " ".join(_pdf_text(pdf, layout=True).split())          # the headline table, row by row
    assert f"报道量（篇） {summary['articles']} 0 +{summary['articles']}" in rows
    assert "□" not in text and "\ufffd" not in text
    assert _pdf_images(pdf) >= 2                        # the volume and the sentiment charts
    pages = _pages(pdf, tmp_path)
    assert pages and all(p.stat().st_size > 10_000 for p in pages)
    html = tmp_path / "brief.html"
    res = CliRunner().invoke(cli, ["brief", "-o", str(html), "--prefix", app.store.ix.prefix],
                             env={"IPWATCH_ES__URL": app.settings.es.url})
    assert res.exit_code == 0, res.output
    body = html.read_text(encoding="utf-8")
    assert body.count('<img src="data:image/png;base64,') == 2 and "&lt;" not in body.split("<body>")[0]


@needs_poppler
def test_dossier_and_the_evaluation_record(demo: Any, tmp_path: Path) -> None:
    """Two failed years: the alert says the title is to be withdrawn, and so does the dossier, with the
    year's matters, public opinion by month and the residents' credit distribution."""
    from ipwatch.shell.cli import cli
    from reports import build

    from alerts.routing import AlertsConfig, load_alerts_config
    from alerts import outbox
    from ipwatch.shell.localsite import AlertSink

    _, app, _ = demo
    year = _today(app).year
    sink = AlertSink()
    cfg = AlertsConfig.model_validate({"channels": {"sink": {"type": "webhook", "url": f"{sink.url}/hook"}},
                                       "routes": [{"name": "all", "match": {}, "channels": ["sink"]}]})
    app.provide(load_alerts_config, cfg)
    env = {"IPWATCH_ES__URL": app.settings.es.url}
    runner = CliRunner()
    from reports.evaluation import record

    first = record(app.store, cfg, app.watchlist, "ntop", year - 1, "fail", "年度考核未达标", "officer", app.now())
    assert first["standing"]["status"] == "at_risk"
    res = runner.invoke(cli, ["evaluation", "list", "ntop", "--prefix", app.store.ix.prefix], env=env)
    assert res.exit_code == 0 and "不合格" in res.output and "存在风险" in res.output, res.output
    assert record(app.store, cfg, app.watchlist, "ntop", year, "fail", "", "officer", app.now()
                  )["standing"]["status"] == "withdraw"
    st = app.store
    st.refresh()
    alerts = [h["_source"] for h in st.search(st.ix.name("alerts"), size=10,
                                              query={"term": {"kind": "evaluation"}})["hits"]["hits"]]
    assert {a["rule"] for a in alerts} == {"at_risk", "withdraw"}
    assert _count(app, "outbox", {"term": {"kind": "evaluation"}}, {"term": {"channel": "sink"}}) == 2
    outbox.dispatch(st, cfg, app.now())
    sink.close()
    assert sorted(m["title"] for m in sink.received if "绩效评价" in m["title"]) == [
        f"【撤销称号】国家知识产权运营公共服务平台：{year} 年度绩效评价不合格，连续两年不合格，应撤销平台称号",
        f"【绩效风险】国家知识产权运营公共服务平台：{year - 1} 年度绩效评价不合格，再有一年不合格将被撤销平台称号"]
    r = build.dossier(app, "ntop", year)
    ntop = app.watchlist.get("ntop")
    residents = [e.id for e in app.watchlist.entities if "ntop" in e.resides_on + e.cooperates_with]
    assert r["standing"]["status"] == "withdraw"
    assert sum(m["total"] for m in r["months"]) == r["articles"]["articles"] == _count(
        app, "articles", {"terms": {"analysis.entity_ids": ["ntop", ntop.operating_unit, *residents]}},
        {"range": {"published_at": _range(date(year, 1, 1), date(year, 12, 31))}})
    assert sum(r["dist_start"]) == sum(r["dist_end"]) == r["residents"] >= 1
    pdf = tmp_path / "dossier.pdf"
    res = runner.invoke(cli, ["dossier", "ntop", "--year", str(year), "--format", "pdf", "-o", str(pdf),
                              "--prefix", app.store.ix.prefix], env=env)
    assert res.exit_code == 0, res.output
    text = "".join(_pdf_text(pdf).split())        # table cells wrap: compare without white space
    for heading in (f"国家知识产权运营公共服务平台{year}年度档案", "重大事项及报送情况", "负责人变动", "逐月舆情",
                    "入驻机构信用分布", "绩效评价记录", "连续两年不合格，应撤销平台称号", "年度考核未达标"):
        assert heading in text, heading
    assert _pdf_images(pdf) >= 2 and _pages(pdf, tmp_path)
    res = runner.invoke(cli, ["dossier", "no-such-platform", "--prefix", app.store.ix.prefix], env=env)
    assert res.exit_code != 0


def test_the_daemon_sends_the_weekly_briefing_through_the_demo_sink(demo: Any) -> None:
    """The demo runs the daemon's `brief:week` job and delivers it: the local sink got the briefing,
    with its link and the document's name; the document is a PDF in reports.dir."""
    from ipwatch.shell.jobs import pipeline

    summary, app, tmp = demo
    got = [n for n in summary["notifications"] if n["kind"] == "briefing"]
    assert len(got) == 1 and got[0]["title"].startswith("舆情简报（周报）：全部平台"), summary["notifications"]
    ob = [h["_source"] for h in app.store.search(app.store.ix.name("outbox"), size=5,
                                                 query={"term": {"kind": "briefing"}})["hits"]["hits"]]
    assert len(ob) == 1 and ob[0]["status"] == "sent"
    [att] = ob[0]["payload"]["message"]["attachments"]
    assert Path(att["path"]).read_bytes()[:5] == b"%PDF-" and att["content_type"] == "application/pdf"
    jobs = {j.name: j for j in pipeline(app)[0]}
    assert jobs["brief:week"].cron == app.settings.reports.weekly_cron == "0 8 * * 1"
    app.settings.reports.weekly_cron = None
    assert "brief:week" not in {j.name for j in pipeline(app)[0]}
    app.settings.reports.weekly_cron = "0 8 * * 1"


def test_email_attaches_the_document_and_chat_gets_the_link(tmp_path: Path) -> None:
    from alerts.channels.smtp import build_email
    from alerts.messages import render
    from alerts.routing import EmailChannel
    from reports.jobs import notification

    pdf = tmp_path / "briefing-week-2026-11-30.pdf"
    pdf.write_bytes(b"%PDF-1.7 test")
    report = {"kind": "week", "period": "2026-11-24 至 2026-11-30", "platform_id": None, "title": "舆情简报（周报）",
              "scope": "全部平台", "summary": "本周报道 3 篇。", "as_of": "2026-11-30", "stories": [],
              "headline_rows": [{"label": "报道量（篇）", "cur": "3", "prev": "1", "delta": "+2"}]}
    m = render(notification(report, pdf, "pdf", "https://reports.example/ipwatch"))
    assert "https://reports.example/ipwatch/briefing-week-2026-11-30.pdf" in m["markdown"]
    assert "报道量（篇）" in m["markdown"] and "严重程度" not in m["markdown"]
    cfg = EmailChannel(type="email", host="127.0.0.1", **{"from": "ipwatch@example.org"}, to=["officer@example.org"])
    msg = message_from_bytes(build_email(cfg, m, "k1").as_bytes(), policy=policy.default)
    [att] = list(msg.iter_attachments())
    assert att.get_filename() == pdf.name and att.get_content() == b"%PDF-1.7 test"


def test_a_missing_cjk_font_is_named_not_drawn_as_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    from reports import charts

    monkeypatch.setattr(charts, "_font", [])
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("No Such CJK Font",))
    monkeypatch.setattr(charts, "_FILE_HINTS", ("no-such-font-file",))
    with pytest.raises(charts.MissingFont, match="fonts-noto-cjk"):
        charts.volume_chart([{"day": "2026-11-30", "negative": 1}])
