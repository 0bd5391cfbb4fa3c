"""The console's working pages beyond the core (issue 18, second part), against the demo's data:
notification messages that link to their console page, officers' corrections of an analysis flowing
to events, ratings and the training export, surge and grade-change alerts acknowledged and closed,
and the watchlist page (browse, import with the CLI's checks, export guarded against formulas)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from alerts.messages import console_link, render
from tests.console_support import CONSOLE_URL, csrf_of, sign_in


@pytest.fixture(scope="module")
def flask_app(console_demo: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    import shutil

    from ipwatch.shell.console.app import create_app
    from tests.console_support import ROOT

    app_ctx = console_demo.app()
    # the watchlist import writes watchlist.yaml: give this module its own copy of config/
    cfg = tmp_path_factory.mktemp("console-config")
    shutil.copytree(ROOT / "config", cfg, dirs_exist_ok=True)
    app_ctx.settings.config_dir = cfg
    app = create_app(app_ctx)
    app.config["TESTING"] = True
    return app


def client(flask_app: Any, user: str) -> Any:
    c = flask_app.test_client()
    assert sign_in(c, user).status_code == 302
    return c


# --- 1. messages link to the console ---------------------------------------------------------------

def test_a_duty_message_links_to_the_duty_page_which_answers(flask_app: Any, console_demo: Any) -> None:
    sent = [m for m in console_demo.summary["notifications"] if m["kind"] == "duty" and m.get("duty_id")]
    assert sent, console_demo.summary["notifications"]
    m = sent[0]
    url = f"{CONSOLE_URL}/duties/{m['duty_id']}"
    assert f"在控制台处理：{url}" in m["text"]               # what the local sink received
    duty = console_demo.hits("duties", query={"term": {"id": m["duty_id"]}})[0]
    c = flask_app.test_client()
    path = url[len(CONSOLE_URL):]
    assert c.get(path).status_code == 302                   # a link needs an account …
    page = client(flask_app, "viewer1").get(path)           # … and answers with that duty's page
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and duty["entity_name"] in html and duty["title"][:20] in html
    others = [x for x in console_demo.summary["notifications"] if x["kind"] in ("surge", "grade_change")]
    assert all(f"{CONSOLE_URL}/alerts/" in x["text"] for x in others)


def test_no_link_without_a_console_address() -> None:
    n = {"key": "k" * 40, "kind": "duty", "duty_id": "abc", "entity_id": "e1", "entity_name": "某平台"}
    assert console_link(n, None) is None
    assert "控制台" not in render(n)["text"]
    assert console_link(n, "https://risk.example/") == "https://risk.example/duties/abc"
    assert console_link({"kind": "briefing", "console_path": "/briefings/b.pdf"}, "https://r.example") == \
        "https://r.example/briefings/b.pdf"
    linked = render({**n, "console_url": "https://risk.example/duties/abc"})
    assert "https://risk.example/duties/abc" in linked["text"] and 'href="https://risk.example/duties/abc"' in linked["html"]


# --- 2. corrections --------------------------------------------------------------------------------

def _single_report_deduction(demo: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A counted deduction of a rating whose event rests on one article (not ml-patent: test_console's)."""
    for r in demo.hits("ratings", size=200):
        if r["entity_id"] == "ml-patent":
            continue
        for c in r.get("contributions") or []:
            if not c.get("counted", True) or float(c.get("points") or 0) >= 0:
                continue
            ev = demo.hits("events", query={"term": {"id": c["event_id"]}})
            if ev and ev[0].get("active", True) and len(ev[0].get("article_ids") or []) == 1 and \
                    ev[0].get("status", "new") == "new":
                return r, ev[0]
    pytest.fail("the demo has no single-report event with a deduction")


def test_not_a_matter_removes_the_event_re_rates_and_is_exported(flask_app: Any, console_demo: Any,
                                                                 tmp_path: Path) -> None:
    rating, ev = _single_report_deduction(console_demo)
    aid, code = ev["article_ids"][0], ev["risk_type"]
    c = client(flask_app, "officer1")
    page = c.get(f"/articles/{aid}").get_data(as_text=True)
    assert f'id="not-matter-{code}"' in page
    viewer = client(flask_app, "viewer1")
    assert 'id="correct"' not in viewer.get(f"/articles/{aid}").get_data(as_text=True)
    r = c.post(f"/articles/{aid}/correct", data={"csrf_token": csrf_of(page), "kind": "not_matter",
                                                  "risk_type": code, "reason": "报道所述为他人，非本主体事项"})
    assert r.status_code == 302
    after_ev = console_demo.hits("events", query={"term": {"id": ev["id"]}})[0]
    assert after_ev["active"] is False                         # its only report left it
    after = console_demo.hits("ratings", query={"term": {"entity_id": rating["entity_id"]}})[0]
    assert after["score"] > rating["score"] and ev["id"] not in (after.get("event_ids") or [])
    html = c.get(f"/articles/{aid}").get_data(as_text=True)
    assert 'id="corrections"' in html and "officer1" in html
    trail = console_demo.hits("audit", query={"term": {"target_id": aid}})
    assert [(t["actor"], t["via"], t["action"]) for t in trail] == [("officer1", "console", "analysis.corrected")]
    out = tmp_path / "corr.jsonl"
    res = console_demo.cli("corrections", "export", "-o", str(out))
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    art = console_demo.hits("articles", query={"ids": {"values": [aid]}})[0]
    row = next(x for x in rows if x["source"] == art["url"])
    assert row["found_by"] == "officer" and row["text"] == art["text"] and len(row["uid"]) == 16
    assert code not in [m["code"] for m in row["matters"]] and row["not_matters"] == [code]
    for m in row["matters"]:
        if "evidence" in m:
            s, e = m["evidence"]
            assert 0 <= s < e <= len(row["text"])
    # a refused correction is shown, not a 500, and changes nothing
    r = c.post(f"/articles/{aid}/correct", data={"csrf_token": csrf_of(page), "kind": "not_matter",
                                                  "risk_type": "no_such_code"}, follow_redirects=True)
    assert "未执行" in r.get_data(as_text=True)


# --- 3. surge and grade-change alerts --------------------------------------------------------------

def test_an_alert_is_acknowledged_then_closed_with_audit(flask_app: Any, console_demo: Any) -> None:
    alerts = console_demo.hits("alerts", size=100, query={"bool": {"filter": [
        {"terms": {"kind": ["surge", "grade_change"]}}, {"term": {"status": "active"}}]}})
    assert alerts, "the demo raises surge or grade-change alerts"
    a = alerts[0]
    c = client(flask_app, "officer1")
    page = c.get(f"/alerts/{a['id']}").get_data(as_text=True)
    assert 'id="alert-ack"' in page and a["entity_name"] in page
    tok = csrf_of(page)
    assert client(flask_app, "viewer1").post(f"/alerts/{a['id']}/acknowledged",
                                             data={"csrf_token": tok}).status_code in (400, 403)
    assert c.post(f"/alerts/{a['id']}/acknowledged", data={"csrf_token": tok, "note": "已联系平台"}).status_code == 302
    got = console_demo.hits("alerts", query={"term": {"id": a["id"]}})[0]
    assert got["handling"] == "acknowledged" and got["acknowledged_by"] == "officer1" and got["status"] == "active"
    listed = c.get(f"/alerts?kind={a['kind']}").get_data(as_text=True)
    assert "已确认 officer1" in listed
    assert c.post(f"/alerts/{a['id']}/closed", data={"csrf_token": tok, "note": "平台已说明"}).status_code == 302
    got = console_demo.hits("alerts", query={"term": {"id": a["id"]}})[0]
    assert got["handling"] == "closed" and got["status"] == "resolved" and got["close_note"] == "平台已说明"
    r = c.post(f"/alerts/{a['id']}/acknowledged", data={"csrf_token": tok}, follow_redirects=True)
    assert "未执行" in r.get_data(as_text=True)                 # a closed alert is not acknowledged again
    trail = console_demo.hits("audit", query={"term": {"target_id": a["id"]}}, sort=[{"at": "asc"}])
    assert [(t["action"], t["via"]) for t in trail] == [("alert.acknowledged", "console"), ("alert.closed", "console")]


def test_a_findings_rectification_deadline_is_shown(flask_app: Any, console_demo: Any) -> None:
    from alerts.compliance import open_finding
    from alerts.routing import load_alerts_config

    # the demo's news names no branch of a watched platform: a finding is opened here the way the
    # compliance check opens one from an article (alerts/compliance.py)
    app = console_demo.app()
    open_finding(app.store, app.service(load_alerts_config), app.watchlist, app.now(), "finding-console-test", "ntop",
                 "未经批准设立分支机构", "branch", [], {"quote": "国家知识产权运营公共服务平台在杭州设立分中心", "article_ids": []})
    found = console_demo.hits("alerts", size=20, query={"term": {"kind": "compliance"}})
    assert found, "the finding was not stored"
    f = found[0]
    assert f["rectify_by"]
    c = client(flask_app, "viewer1")
    assert f["rectify_by"] in c.get(f"/alerts/{f['id']}").get_data(as_text=True)
    assert f["rectify_by"] in c.get("/alerts?kind=compliance&status=").get_data(as_text=True)


# --- 4. the watchlist page -------------------------------------------------------------------------

def test_the_watchlist_is_browsed_exported_guarded_and_imported(flask_app: Any, console_demo: Any) -> None:
    admin = client(flask_app, "admin1")
    page = admin.get("/watchlist?q=华").get_data(as_text=True)
    assert 'id="watchlist"' in page and 'id="import"' in page
    assert 'id="import"' not in client(flask_app, "officer1").get("/watchlist").get_data(as_text=True)
    exported = admin.get("/watchlist.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert rows and {"id", "name", "type"} <= set(rows[0])
    tok = csrf_of(page)
    bad = "id,type,name,kind\nnew-inst,institution,新机构,other\nevil,institution,=HYPERLINK(\"x\"),other\n"
    r = admin.post("/watchlist/import", data={"csrf_token": tok, "csv": (io.BytesIO(bad.encode()), "bad.csv")},
                   content_type="multipart/form-data")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "line 3 (id evil) column name" in html and "未写入任何内容" in html
    assert "new-inst" not in admin.get("/watchlist.csv").get_data(as_text=True)   # nothing imported
    good = "id,type,name,kind,aliases\nnew-inst,institution,新华知识产权事务所,other,新华知产|'=别名\n"
    r = admin.post("/watchlist/import", data={"csrf_token": tok, "csv": (io.BytesIO(good.encode()), "good.csv")},
                   content_type="multipart/form-data", follow_redirects=True)
    assert "已导入 1 个主体" in r.get_data(as_text=True)
    out = admin.get("/watchlist.csv").get_data(as_text=True)
    assert "new-inst" in out and "'=别名" in out                 # the formula-like alias stays guarded
    assert "新华知识产权事务所" in admin.get("/watchlist?q=new-inst").get_data(as_text=True)
    trail = console_demo.hits("audit", query={"term": {"action": "watchlist.import"}})
    assert [t["actor"] for t in trail] == ["admin1"]
