"""The alert kinds beside duties: 重大舆情 surges (authoritative and social storms), grade changes sent to
the platforms an institution resides on, and self-inspection findings with their rectification."""

from __future__ import annotations

from datetime import timedelta

from click.testing import CliRunner

from alerts import jobs
from ipwatch.clock import ManualClock, iso
from ipwatch.context import AppContext
from ipwatch.job import run_job
from ipwatch.store import doc_id

from tests.alerts_support import *  # noqa: F403 - the shared receivers, fixtures and helpers


# --- the other alert kinds -----------------------------------------------------------------------
def test_a_storm_on_social_media_counts_and_its_duty_runs_from_the_first_post(app: AppContext, rx: Receiver) -> None:
    store = app.store
    now = local(2026, 3, 20, 12)
    for day in range(1, 15):
        write_articles(store, "p-beta", now - timedelta(days=day), 1, 0, "blog.example", f"quiet{day}")
    first = now - timedelta(days=1, hours=-2)           # the storm began yesterday 14:00, inside the 24 h window
    actions = []
    for i in range(18):                                  # 18 Weibo accounts, no authoritative outlet
        t = first + timedelta(minutes=40 * i)
        aid = doc_id("weibo", i)
        undated = i % 3 == 2                             # a third gave no date: counted when first fetched
        actions.append({"_index": store.ix.article_index(t), "_id": aid, "_source": {
            "id": aid, "url": f"https://weibo.com/{i}", "title": f"贝塔平台 {i}",
            "published_at": None if undated else t.isoformat(), "fetched_at": t.isoformat(),
            "published_at_source": "none" if undated else "page",
            "outlet": f"微博@用户{i}", "outlet_domain": "weibo.com", "source_type": "news", "duplicate_of": None,
            "analysis": {"status": "done", "entity_ids": ["p-beta"], "negative_entity_ids": ["p-beta"] if i < 15 else [],
                         "sentiment": "negative"}}})
    store.write(actions)
    store.refresh()
    c = run_job(jobs.evaluate, app, now)
    assert c["surges"] == 1 and c["surge_duties"] == 1, c
    store.refresh()
    alert = next(h["_source"] for h in store.scan(store.ix.name("alerts"), {"term": {"kind": "surge"}}))
    assert alert["storm"] == "social" and alert["metrics"]["spread"] == 18
    duty = next(h["_source"] for h in store.scan(store.ix.name("duties")))
    assert duty["occurred_on"] == "2026-03-19" and duty["occurred_on_source"] == "first_report"
    assert duty["due"] == "2026-03-26"


def test_major_public_opinion_surge_against_own_baseline(app: AppContext, rx: Receiver) -> None:
    store = app.store
    now = local(2026, 3, 20, 12)
    for day in range(1, 15):                       # quiet baseline: 1 report a day
        write_articles(store, "i-agency", now - timedelta(days=day), 1, 0, "blog.example", f"base{day}")
        write_articles(store, "i-busy", now - timedelta(days=day), 20, 12, "people.com.cn", f"busy{day}")
        write_articles(store, "p-alpha", now - timedelta(days=day), 1, 0, "blog.example", f"pa{day}")
    write_articles(store, "i-agency", now, 12, 9, "people.com.cn", "storm")       # surge, negative, authoritative
    write_articles(store, "i-busy", now, 22, 13, "people.com.cn", "busynow")      # always in the news: no alert
    write_articles(store, "p-alpha", now, 6, 4, "people.com.cn", "pstorm")        # a platform: alert + duty
    write_articles(store, "p-beta", now, 9, 8, "blog.example", "rumour")          # only low-authority outlets
    store.refresh()
    c = run_job(jobs.evaluate, app, now)
    assert c["surges"] == 2 and c["surge_duties"] == 1, c
    run_job(jobs.dispatch, app, now)
    surge_msgs = [r for r in rx.accepted if kind_of(r) == "surge"]
    assert {(r["channel"], entity_of(r)) for r in surge_msgs} == {
        ("hook", "i-agency"), ("dingtalk", "i-agency"), ("hook", "p-alpha"), ("dingtalk", "p-alpha")}
    m = next(r for r in surge_msgs if entity_of(r) == "i-agency" and r["channel"] == "hook")
    assert "重大舆情预警" in m["body"]["title"] and "负面占比" in m["body"]["text"] and "people.com.cn" in m["body"]["text"]
    duty = [r for r in rx.accepted if kind_of(r) == "duty"]
    assert len(duty) == 1 and duty[0]["body"]["notification"]["risk_type"] == "major_public_opinion"
    assert "舆情首篇负面报道日期" in duty[0]["body"]["text"]          # counted from the storm's first report
    # still surging an hour later: same episode, no new message
    c = run_job(jobs.evaluate, app, now + timedelta(hours=1))
    assert c["surges"] == 0 and c["surges_ongoing"] == 2
    # a major-public-opinion event for the same platform from scoring joins the surge's duty
    put_event(store, id="mpo", entity_id="p-alpha", entity_type="platform", risk_type="major_public_opinion",
              event_date=now.date().isoformat(), article_ids=["x"])
    c = run_job(jobs.evaluate, app, now + timedelta(hours=1))
    assert c["duties_opened"] == 0 and c["duties_attached"] == 1
    # quiet for a day: resolved
    c = run_job(jobs.evaluate, app, now + timedelta(hours=26))
    assert c["surges_resolved"] == 2
    run_job(jobs.dispatch, app, now + timedelta(hours=26))
    assert sum(1 for r in rx.accepted if "【已解除】" in body_text(r) and kind_of(r) == "surge") == 4


def test_grade_change_alerts_the_platforms_the_institution_resides_on(app: AppContext, rx: Receiver) -> None:
    store = app.store
    ix = store.ix.name("rating-history")
    now = local(2026, 3, 20)
    store.write([
        {"_index": ix, "_id": "h1", "_source": {"entity_id": "i-agency", "entity_name": "甲乙专利代理有限公司",
                                                 "grade": "C", "previous_grade": "B", "score": 62, "previous_score": 78,
                                                 "as_of": "2026-03-20", "rated_at": iso(now), "event_ids": ["e9"]}},
        {"_index": ix, "_id": "h2", "_source": {"entity_id": "i-busy", "entity_name": "热门银行股份有限公司",
                                                 "grade": "A", "previous_grade": None, "score": 95,
                                                 "previous_score": None, "as_of": "2026-03-20", "rated_at": iso(now)}},
    ])
    put_event(store, id="e9", entity_id="i-agency", entity_type="institution", risk_type="dishonest_debtor",
              title="甲乙专利代理有限公司被列为失信被执行人", urls=["https://court.example/e9"])
    c = tick(app, now)
    assert c["grade_changes"] == 1
    msgs = [r for r in rx.accepted if kind_of(r) == "grade_change"]
    assert {r["channel"] for r in msgs} == {"hook", "dingtalk"}            # the p-alpha route
    assert all("B → C" in body_text(r) and "https://court.example/e9" in body_text(r) for r in msgs)
    assert next(r for r in msgs if r["channel"] == "hook")["body"]["notification"]["platforms"] == ["p-alpha"]
    assert tick(app, now + timedelta(hours=1)).get("grade_changes") == 0   # cursor + deterministic ids


def test_self_inspection_hits_raise_compliance_alerts(app: AppContext, rx: Receiver) -> None:
    store = app.store
    now = local(2026, 3, 20)
    docs = [("c1", "阿尔法平台在杭州设立分中心并举行揭牌仪式", ["p-alpha"]),
            ("c2", "记者发现合同上加盖了贝塔知识产权金融平台公章。", ["p-beta"]),
            ("c3", "阿尔法平台召开年度工作会议，另据报道某高校成立专利工作站。", ["p-alpha"]),   # not about the platform
            ("c4", "贝塔平台以平台名义开展融资担保收费业务", ["p-beta"])]
    store.write([{"_index": store.ix.article_index(now), "_id": i, "_source": {
        "id": i, "url": f"https://news.example/{i}", "title": t, "text": t, "published_at": now.isoformat(),
        "outlet": "示例网", "duplicate_of": None,
        "analysis": {"status": "done", "analyzed_at": iso(now), "entity_ids": ents}}} for i, t, ents in docs])
    put_event(store, id="ub", entity_id="p-beta", entity_type="platform", risk_type="unauthorized_branch",
              title="贝塔平台在外省设立工作站", urls=["https://news.example/ub"])
    store.refresh()
    c = tick(app, now)
    store.refresh()
    rules = sorted((h["_source"]["rule"], h["_source"]["message"])
                   for h in store.scan(store.ix.name("alerts"), {"term": {"kind": "compliance"}}))
    assert [r for r, _ in rules] == ["beyond_remit", "branch", "event", "seal"], rules
    assert c["compliance"] == 4, c
    alpha = [r for r in rx.accepted if entity_of(r) == "p-alpha"]
    assert {r["channel"] for r in alpha} == {"hook", "dingtalk"} and all("跨区域设立分平台" in body_text(r) for r in alpha)
    assert tick(app, now + timedelta(minutes=5)).get("compliance") == 0


def test_a_finding_is_rectified_by_a_deadline_and_closed_by_who_verified_it(app: AppContext, rx: Receiver) -> None:
    from alerts.cli import findings as findings_cmd

    store = app.store
    now = local(2026, 3, 20)
    docs = [("b1", "阿尔法平台在杭州设立分中心并举行揭牌仪式"), ("b2", "阿尔法平台在北京海淀设立工作站并揭牌")]
    store.write([{"_index": store.ix.article_index(now), "_id": i, "_source": {
        "id": i, "url": f"https://news.example/{i}", "title": t, "text": t, "published_at": now.isoformat(),
        "outlet": "示例网", "duplicate_of": None,
        "analysis": {"status": "done", "analyzed_at": iso(now), "entity_ids": ["p-alpha"]}}} for i, t in docs])
    store.refresh()
    tick(app, now)
    store.refresh()
    found = {h["_source"]["message"]: h["_source"] for h in store.scan(store.ix.name("alerts"),
                                                                       {"term": {"kind": "compliance"}})}
    away, home = found["阿尔法平台在杭州设立分中心并举行揭牌仪式"], found["阿尔法平台在北京海淀设立工作站并揭牌"]
    assert away["finding_state"] == "open" and away["rectify_by"] == "2026-04-19"     # 30 days by default
    assert away["cross_region"] is True and "杭州" in away["note"]
    assert home["cross_region"] is False and "核实是否经批准" in home["note"]
    msg = next(r for r in rx.on("hook") if "杭州" in body_text(r))
    assert "整改期限" in body_text(msg) and "2026-04-19" in body_text(msg)
    app.clock = ManualClock(now + timedelta(days=1))
    runner = CliRunner()
    out = runner.invoke(findings_cmd, ["rectify", away["id"][:10], "--until", "2026-04-30", "--by", "王五"], obj=app)
    assert out.exit_code == 0 and "rectify by 2026-04-30" in out.output, out.output
    out = runner.invoke(findings_cmd, ["close", away["id"][:10], "--by", "赵六", "--note", "分中心已撤销"], obj=app)
    assert out.exit_code == 0 and "closed" in out.output, out.output
    closed = store.get(store.ix.name("alerts"), away["id"]).source
    assert closed["verified_by"] == "赵六" and closed["status"] == "resolved"
    out = runner.invoke(findings_cmd, ["dismiss", home["id"][:10]], obj=app)
    assert out.exit_code != 0 and "--reason" in out.output
    # the other one is left open past its deadline: one overdue message, not two
    tick(app, local(2026, 4, 21))
    tick(app, local(2026, 4, 22))
    overdue = [r for r in rx.on("hook") if "整改期限 2026-04-19 已过" in body_text(r)]
    assert len({r["body"]["notification"]["key"] for r in overdue}) == 1
    listed = runner.invoke(findings_cmd, ["list", "--all"], obj=app).output
    assert "closed" in listed and "跨区域" in listed
    shown = runner.invoke(findings_cmd, ["show", away["id"][:10]], obj=app).output
    assert "王五" in shown and "赵六" in shown and "rectifying -> closed" in shown and "分中心已撤销" in shown
