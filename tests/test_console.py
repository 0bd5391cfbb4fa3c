"""The web console, server side, against the real Elasticsearch holding the demo's data: sign-in, roles,
CSRF, the log-in rate limit, the audit trail (console and CLI), escaping of a hostile article, and the
draft 重大事项报告."""

from __future__ import annotations

from typing import Any

import pytest

from ipwatch.store import doc_id
from tests.console_support import PASSWORD, csrf_of, sign_in


@pytest.fixture(scope="module")
def flask_app(console_demo: Any) -> Any:
    from ipwatch.shell.console.app import create_app

    app = create_app(console_demo.app())
    app.config["TESTING"] = True
    return app


def client(flask_app: Any, user: str | None = None) -> Any:
    c = flask_app.test_client()
    if user:
        r = sign_in(c, user)
        assert r.status_code == 302, r.get_data(as_text=True)[:500]
    return c


def _late_duty(demo: Any) -> dict[str, Any]:
    """The demo's other duty (not the one the browser test handles)."""
    duties = demo.hits("duties", size=10, sort=[{"due": "asc"}])
    other = [d for d in duties if d["entity_id"] != "unit-huazhi"] or duties
    return other[0]


def test_every_page_needs_an_account(flask_app: Any) -> None:
    c = client(flask_app)
    for path in ("/", "/duties", "/events", "/entities", "/articles", "/alerts", "/audit", "/users"):
        r = c.get(path)
        assert r.status_code == 302 and "/login" in r.headers["Location"], path
    assert c.post("/duties/x/acknowledge").status_code == 400      # no CSRF token: refused before anything
    assert c.get("/login").status_code == 200
    assert c.get("/livez").status_code in (302, 404)                # probes belong to the daemon's server


def test_a_wrong_password_and_a_disabled_account_cannot_sign_in(flask_app: Any, console_demo: Any) -> None:
    c = flask_app.test_client()
    r = sign_in(c, "officer1", "not-the-password")
    assert r.status_code == 401 and "用户名或密码错误" in r.get_data(as_text=True)
    assert sign_in(c, "nobody-here").status_code == 401
    r = console_demo.cli("users", "add", "leaver", "--role", "officer", "--password-stdin", stdin=PASSWORD + "\n")
    assert r.returncode == 0, r.stderr
    signed = client(flask_app, "leaver")
    assert signed.get("/").status_code == 200
    assert console_demo.cli("users", "disable", "leaver", "--by", "admin-cli").returncode == 0
    assert signed.get("/").status_code == 302                      # its open session ended
    assert sign_in(flask_app.test_client(), "leaver").status_code == 401
    listed = console_demo.cli("users", "list").stdout
    assert "leaver" in listed and "disabled" in listed


def test_log_in_is_rate_limited(flask_app: Any) -> None:
    c = flask_app.test_client()
    limiter = flask_app.extensions["login_limiter"]
    limiter.succeeded(["user:viewer1", "addr:127.0.0.1"])         # earlier tests' failures
    for _ in range(limiter.max):
        assert sign_in(c, "viewer1", "wrong-password-x").status_code == 401
    r = sign_in(c, "viewer1")                                      # even the right password waits now
    assert r.status_code == 429 and "登录失败次数过多" in r.get_data(as_text=True)
    limiter.succeeded(["user:viewer1", "addr:127.0.0.1"])         # (the window would pass; the test does not wait)


def test_a_viewer_reads_but_cannot_act(flask_app: Any, console_demo: Any) -> None:
    duty = _late_duty(console_demo)
    c = client(flask_app, "viewer1")
    page = c.get(f"/duties/{duty['id']}").get_data(as_text=True)
    assert duty["entity_name"] in page and 'id="ack"' not in page
    tok = csrf_of(page)
    r = c.post(f"/duties/{duty['id']}/acknowledge", data={"csrf_token": tok})
    assert r.status_code == 403
    assert c.get("/users").status_code == 403                      # accounts are the admin's
    after = console_demo.hits("duties", query={"term": {"id": duty["id"]}})[0]
    assert after["state"] == duty["state"]


def test_a_forged_form_is_refused_and_changes_nothing(flask_app: Any, console_demo: Any) -> None:
    duty = _late_duty(console_demo)
    c = client(flask_app, "officer1")
    for data in ({}, {"csrf_token": "forged"}):
        r = c.post(f"/duties/{duty['id']}/dismiss", data={**data, "reason": "跨站伪造"})
        assert r.status_code == 400 and "CSRF" in r.get_data(as_text=True)
    other = flask_app.test_client()                                # another browser's token is not ours
    tok = csrf_of(other.get("/login").get_data(as_text=True))
    assert c.post(f"/duties/{duty['id']}/dismiss", data={"csrf_token": tok, "reason": "x"}).status_code == 400
    after = console_demo.hits("duties", query={"term": {"id": duty["id"]}})[0]
    assert after["state"] == duty["state"] and not after.get("dismiss_reason")


def test_an_officer_acts_and_the_audit_trail_keeps_console_and_cli_alike(flask_app: Any, console_demo: Any) -> None:
    duty = _late_duty(console_demo)
    c = client(flask_app, "officer1")
    page = c.get(f"/duties/{duty['id']}").get_data(as_text=True)
    r = c.post(f"/duties/{duty['id']}/acknowledge", data={"csrf_token": csrf_of(page), "note": "准备材料"})
    assert r.status_code == 302
    after = console_demo.hits("duties", query={"term": {"id": duty["id"]}})[0]
    assert after["state"] == "acknowledged" and after["acknowledged_by"] == "officer1"
    # the CLI's move lands in the same trail, marked as made through the CLI
    r = console_demo.cli("duties", "dismiss", duty["id"][:12], "--reason", "重复识别", "--by", "zhang.cli")
    assert r.returncode == 0, r.stderr
    trail = console_demo.hits("audit", query={"term": {"target_id": duty["id"]}}, sort=[{"at": "asc"}])
    assert [(t["actor"], t["via"], t["action"]) for t in trail] == [
        ("officer1", "console", "duty.acknowledged"), ("zhang.cli", "cli", "duty.dismissed")]
    assert trail[0]["before"]["state"] == "open" and trail[0]["after"]["state"] == "acknowledged"
    assert trail[1]["after"]["dismiss_reason"] == "重复识别"
    page = c.get(f"/audit?target={duty['id']}").get_data(as_text=True)
    assert "zhang.cli" in page and "duty.acknowledged" in page


def test_rejecting_an_event_re_rates_its_entity(flask_app: Any, console_demo: Any) -> None:
    ev = next(e for e in console_demo.hits("events", size=50, query={"term": {"entity_id": "ml-patent"}})
              if e.get("active", True))
    before = console_demo.hits("ratings", query={"term": {"entity_id": "ml-patent"}})[0]
    c = client(flask_app, "officer1")
    tok = csrf_of(c.get(f"/events/{ev['id']}").get_data(as_text=True))
    assert c.post(f"/events/{ev['id']}/reject", data={"csrf_token": tok}).status_code == 302   # no reason
    assert console_demo.hits("events", query={"term": {"id": ev["id"]}})[0].get("status", "new") == "new"
    c.post(f"/events/{ev['id']}/reject", data={"csrf_token": tok, "reason": "同名机构，非本主体"})
    assert console_demo.hits("events", query={"term": {"id": ev["id"]}})[0]["status"] == "rejected"
    after = console_demo.hits("ratings", query={"term": {"entity_id": "ml-patent"}})[0]
    assert after["score"] > before["score"] and ev["id"] not in after.get("event_ids", [])
    page = c.get("/entities/ml-patent").get_data(as_text=True)
    assert f'<span id="score">{after["score"]}</span>' in page


HOSTILE_TITLE = '<script>alert("t")</script>华信<img src=x onerror=alert(1)>'
HOSTILE_TEXT = ('<script>document.title="pwned"</script><a href="javascript:alert(2)">点我</a>'
                '<iframe src="//evil.example"></iframe>' + "长" * 300_000)


def test_a_hostile_article_renders_inert(flask_app: Any, console_demo: Any) -> None:
    app = console_demo.app()
    st = app.store
    aid = doc_id("hostile")
    st.es.index(index=st.ix.article_index(__import__("datetime").date.today()), id=aid, refresh=True, document={
        "id": aid, "url": "javascript:alert(3)", "title": HOSTILE_TITLE, "text": HOSTILE_TEXT,
        "title_seg": "华信", "text_seg": "华信", "outlet": '"><script>alert(4)</script>',
        "published_at": None, "analysis": {"status": "done", "sentiment": "negative",
                                           "entities": [{"id": "hx-patent", "name": "<b>x</b>", "role": "subject"}],
                                           "entity_ids": ["hx-patent"], "risk_types": ["fraud"]}})
    c = client(flask_app, "viewer1")
    for path in (f"/articles/{aid}", "/articles?q=华信", "/entities/hx-patent"):
        r = c.get(path)
        html = r.get_data(as_text=True)
        assert r.status_code == 200, path
        assert "<script>alert" not in html and "<img src=x" not in html and "<iframe" not in html, path
        assert 'href="javascript:' not in html and "<b>x</b>" not in html, path
        assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    html = c.get(f"/articles/{aid}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in html
    assert len(html) < 60_000 and "仅显示前 20000 字" in html      # oversized text is cut


def test_the_draft_report_states_the_facts(flask_app: Any, console_demo: Any) -> None:
    duty = next(d for d in console_demo.hits("duties", size=10) if d["entity_id"] == "unit-huazhi")
    c = client(flask_app, "viewer1")
    r = c.get(f"/duties/{duty['id']}/draft.txt")
    text = r.get_data(as_text=True)
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    assert duty["entity_name"] in text and duty["platform_name"] in text and duty["occurred_on"] in text
    assert "负责人变动" in text and duty["quote"] in text and "三、信息来源" in text
    assert all(u in text for u in duty["urls"])
