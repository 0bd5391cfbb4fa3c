"""The one-week major-matter reporting duty against the real Elasticsearch and local receivers: the rule,
the lifecycle (open → reminders → escalation → ack → report), new evidence, the backfill cut-off, a
report without a date, a matter found late, and the reporting failing as a credit record."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from click.testing import CliRunner

from alerts import jobs
from ipwatch.clock import ManualClock, iso
from alerts.deadline import deadline, due_date
from alerts.duties import duty_id
from alerts.duty_actions import transition
from alerts.routing import AlertsConfig, load_alerts_config
from ipwatch.context import AppContext

from tests.alerts_support import *  # noqa: F403 - the shared receivers, fixtures and helpers


# --- the rule ------------------------------------------------------------------------------------
def test_due_is_occurrence_plus_seven_days_end_of_day_shanghai() -> None:
    cfg = AlertsConfig().duty
    assert due_date(date(2026, 3, 2), cfg) == date(2026, 3, 9)
    dl = deadline(date(2026, 3, 9), cfg)
    assert dl.astimezone(SH).date() == date(2026, 3, 9) and dl.astimezone(SH).hour == 23
    assert dl.astimezone(timezone.utc) == datetime(2026, 3, 9, 15, 59, 59, 999000, tzinfo=timezone.utc)
    assert due_date(date(2026, 3, 2), AlertsConfig.model_validate({"duty": {"period_days": 5}}).duty) == date(2026, 3, 7)


# --- the duty lifecycle, end to end ------------------------------------------------------------
def test_duty_walks_through_reminders_escalation_ack_and_report(app: AppContext, rx: Receiver) -> None:
    store = app.store
    ev = put_event(store, event_date="2026-03-02", quote="阿尔法运营管理有限公司因合同纠纷被客户起诉至海淀区法院")
    clock = ManualClock(local(2026, 3, 3))
    app.clock = clock                                   # the CLI and the jobs read it
    counts = tick(app, clock.now())
    assert counts["duties_opened"] == 1 and counts["sent"] == 1
    did = duty_id("p-alpha", ev["id"])
    d = get_duty(store, did)
    assert (d["state"], d["due"], d["platform_id"], d["occurred_on_source"]) == ("open", "2026-03-09", "p-alpha", "text")
    assert not d["urgent"] and not d["overdue"]
    [msg] = rx.on("hook")
    text = msg["body"]["text"]
    assert "重大事项报告提醒" in msg["body"]["title"] and "阿尔法运营管理有限公司" in text and "诉讼" in text
    assert "2026-03-09" in text and "https://news.example/a1" in text and "阿尔法知识产权运营平台" in text
    assert "依据" in text and "被客户起诉至海淀区法院" in text     # the sentence that states the matter
    assert "诉讼: named in 156号" in text                            # why it is reported

    def kinds() -> list[tuple[str, str]]:
        return [(r["channel"], r["body"]["notification"]["kind"]) for r in rx.accepted]

    tick(app, clock.set(local(2026, 3, 5)))          # 4 days left: nothing yet
    assert len(rx.accepted) == 1
    tick(app, clock.set(local(2026, 3, 6, 9)))       # 3 days before due
    tick(app, clock.set(local(2026, 3, 6, 18)))      # same day again: no repeat
    assert kinds()[1:] == [("hook", "duty_reminder")]
    assert "距报送截止还有 3 天" in rx.accepted[-1]["body"]["text"]
    tick(app, clock.set(local(2026, 3, 8)))          # 1 day before
    tick(app, clock.set(local(2026, 3, 9, 8)))       # the due day
    assert "今天是报送截止日" in rx.accepted[-1]["body"]["text"]
    assert len(rx.on("boss")) == 0
    tick(app, clock.set(local(2026, 3, 10, 0, ) + timedelta(minutes=1)))   # overdue: escalated to the supervisor
    assert [r["body"]["notification"]["kind"] for r in rx.on("boss")] == ["duty_overdue"]
    assert rx.on("boss")[0]["body"]["title"].startswith("【已逾期】")
    tick(app, clock.set(local(2026, 3, 10, 20)))     # within the repeat period: nothing
    assert len(rx.on("boss")) == 1
    tick(app, clock.set(local(2026, 3, 11, 2)))      # a day later: escalated again
    assert len(rx.on("boss")) == 2
    d = get_duty(store, did)
    assert d["overdue"] and d["escalated_at"] and set(d["reminders_sent"]) >= {"d-3", "d-1", "d-0", "overdue-0", "overdue-1"}

    runner = CliRunner()
    res = runner.invoke(_duties(), [], obj=app)
    assert res.exit_code == 0, res.output
    assert did[:10] in res.output and "OVERDUE" in res.output and "2026-03-09" in res.output
    res = runner.invoke(_duties(), ["ack", did[:8], "--by", "张三"], obj=app)
    assert res.exit_code == 0, res.output
    res = runner.invoke(_duties(), ["ack", did[:8], "--by", "张三"], obj=app)
    assert res.exit_code != 0 and "cannot become acknowledged" in str(res.exception or res.output)
    res = runner.invoke(_duties(), ["report", did[:8], "--ref", "运营函〔2026〕12号", "--date", "2026-03-11",
                                 "--by", "李四"], obj=app)
    assert res.exit_code == 0, res.output
    assert "late" in res.output
    tick(app, clock.set(local(2026, 3, 12)))
    d = get_duty(store, did)
    assert d["state"] == "reported" and d["report_ref"] == "运营函〔2026〕12号" and d["report_date"] == "2026-03-11"
    assert [(h["actor"], h["from"], h["to"]) for h in d["history"] if h["from"] != h["to"]] == [
        ("system", None, "open"), ("张三", "open", "acknowledged"), ("李四", "acknowledged", "reported")]
    resolved = rx.on("hook")[-1]
    assert resolved["body"]["notification"]["state"] == "resolved" and "【已解除】" in resolved["body"]["title"]
    assert "运营函〔2026〕12号" in resolved["body"]["text"]
    assert len(rx.on("boss")) == 2                                  # nothing after the report
    res = runner.invoke(_duties(), ["show", did], obj=app)
    assert res.exit_code == 0 and "张三" in res.output and "https://news.example/a1" in res.output
    assert "依据「阿尔法运营管理有限公司因合同纠纷被客户起诉至海淀区法院」" in res.output
    res = runner.invoke(_duties(), [], obj=app)
    assert did[:10] not in res.output
    res = runner.invoke(_duties(), ["--all"], obj=app)
    assert did[:10] in res.output and "reported" in res.output
    res = runner.invoke(_alerts(), ["list", "--all"], obj=app)
    assert res.exit_code == 0 and "duty" in res.output and "resolved" in res.output
    assert Counter(r["key"] for r in rx.accepted).most_common(1)[0][1] == 1   # never twice


def _duties() -> Any:     # the commands `ipwatch duties` and `ipwatch alerts`
    from alerts.cli import duties

    return duties


def _alerts() -> Any:
    from alerts.cli import alerts

    return alerts


def test_new_evidence_attaches_merged_event_joins_and_rejection_dismisses(app: AppContext, rx: Receiver) -> None:
    store = app.store
    now = local(2026, 3, 3)
    ev = put_event(store, id="ev-1", event_date="2026-03-02", risk_type="administrative_penalty",
                   entity_id="p-beta", entity_name="贝塔知识产权金融平台", entity_type="platform")
    tick(app, now)
    did = duty_id("p-beta", "ev-1")
    n_out = len(outbox_docs(store))
    put_event(store, **{**ev, "article_ids": ["a1", "a2"], "urls": ev["urls"] + ["https://news.example/a2"],
                        "updated_at": iso(datetime.now(timezone.utc))})
    counts = tick(app, now + timedelta(hours=1))
    assert counts["duties_attached"] == 1 and counts["duties_opened"] == 0
    d = get_duty(store, did)
    assert d["article_ids"] == ["a1", "a2"] and "https://news.example/a2" in d["urls"]
    assert "新增 1 条报道" in d["history"][-1]["note"]
    # scoring merged ev-1 into ev-2 (same reports + one more): still one duty
    put_event(store, **{**ev, "active": False, "superseded_by": "ev-2", "updated_at": iso(datetime.now(timezone.utc))})
    put_event(store, **{**ev, "id": "ev-2", "article_ids": ["a1", "a2", "a3"], "updated_at": iso(datetime.now(timezone.utc))})
    counts = tick(app, now + timedelta(hours=2))
    assert counts["duties_opened"] == 0
    store.refresh()
    assert store.es.count(index=store.ix.name("duties"))["count"] == 1
    assert get_duty(store, did)["related_event_ids"] == ["ev-2"]
    assert len(outbox_docs(store)) == n_out            # no new notification for evidence
    # the successor is rejected by an officer: the duty is dismissed by the system, with a resolved message
    put_event(store, **{**ev, "id": "ev-2", "status": "rejected", "status_reason": "同名企业误识别",
                        "updated_at": iso(datetime.now(timezone.utc))})
    counts = tick(app, now + timedelta(hours=3))
    d = get_duty(store, did)
    assert counts["duties_dismissed"] == 1 and d["state"] == "dismissed" and d["dismissed_by"] == "system"
    assert "同名企业误识别" in d["dismiss_reason"]
    assert rx.on("hook")[-1]["body"]["notification"]["state"] == "resolved"
    # re-running changes nothing
    before = len(rx.accepted)
    tick(app, now + timedelta(hours=4))
    assert len(rx.accepted) == before


def test_a_backfill_cutoff_leaves_older_matters_out_and_the_retired_window_is_refused(app: AppContext,
                                                                                     rx: Receiver) -> None:
    from alerts.routing import AlertsConfig

    cfg = jobs.get_config(app).model_copy(deep=True)
    cfg.duty.backfill_cutoff = date(2026, 1, 1)
    app.provide(load_alerts_config, cfg)
    put_event(app.store, id="before", event_date="2025-12-20")
    put_event(app.store, id="after", event_date="2026-01-05", risk_type="equity_change")
    counts = tick(app, local(2026, 3, 20))
    assert counts["before_cutoff"] == 1 and counts["duties_opened"] == 1
    with pytest.raises(ValueError, match="backfill_cutoff"):
        AlertsConfig.model_validate({"duty": {"ignore_older_than_days": 60}})


def test_the_reportable_list_has_a_reason_for_each_matter_and_covers_the_notices_etc(app: AppContext,
                                                                                   rx: Receiver) -> None:
    from alerts.routing import AlertsConfig

    put_event(app.store, id="bk", event_date="2026-03-18", risk_type="bankruptcy_closure")
    put_event(app.store, id="fraud", event_date="2026-03-18", risk_type="fraud")
    counts = tick(app, local(2026, 3, 20))
    assert counts["duties_opened"] == 1                      # bankruptcy: under 等; fraud alone is not a matter
    d = get_duty(app.store, duty_id("p-alpha", "bk"))
    assert "等" in d["reportable_because"]
    with pytest.raises(ValueError, match="reason"):
        AlertsConfig.model_validate({"duty": {"major_matters": ["litigation"]}})
    with pytest.raises(ValueError, match="unknown risk code"):
        AlertsConfig.model_validate({"duty": {"major_matters": {"lawsuit": "诉讼"}}})


def test_a_report_without_any_date_counts_from_first_sighting_flagged(app: AppContext, rx: Receiver) -> None:
    """The page gave no date: the duty says 发生日期待确认 and counts from the day it was first seen;
    a later report that dates the matter replaces that date."""
    store = app.store
    put_event(store, id="undated", event_date="2026-03-18", event_date_source="first_seen", risk_type="restructuring",
              entity_id="p-beta", entity_name="贝塔知识产权金融平台", entity_type="platform",
              first_seen="2026-03-18T09:00:00+08:00")
    tick(app, local(2026, 3, 20))
    d = get_duty(store, duty_id("p-beta", "undated"))
    assert (d["occurred_on"], d["occurred_on_source"], d["due"]) == ("2026-03-18", "first_seen", "2026-03-25")
    msg = next(r for r in rx.on("hook") if r["body"]["notification"]["duty_id"] == d["id"])
    assert "发生日期待确认" in msg["body"]["text"] and "首次发现日期" in msg["body"]["text"]
    put_event(store, id="undated", event_date="2026-03-16", event_date_source="text", risk_type="restructuring",
              entity_id="p-beta", entity_name="贝塔知识产权金融平台", entity_type="platform",
              first_seen="2026-03-18T09:00:00+08:00", article_ids=["a1", "a2"])
    tick(app, local(2026, 3, 20, 11))
    d = get_duty(store, duty_id("p-beta", "undated"))
    assert (d["occurred_on"], d["occurred_on_source"], d["due"]) == ("2026-03-16", "text", "2026-03-23")


def test_found_late_is_raised_at_once_and_publish_date_is_flagged(app: AppContext, rx: Receiver) -> None:
    store = app.store
    now = local(2026, 3, 20)
    put_event(store, id="late", event_date="2026-03-10", risk_type="leadership_change")       # due 03-17: overdue
    put_event(store, id="near", event_date="2026-03-14", risk_type="equity_change",          # due 03-21: urgent
              entity_id="p-beta", entity_name="贝塔知识产权金融平台", entity_type="platform")
    put_event(store, id="pub", event_date="2026-03-19", event_date_source="published", risk_type="restructuring",
              entity_id="p-beta", entity_name="贝塔知识产权金融平台", entity_type="platform")
    put_event(store, id="inst", entity_id="i-agency", entity_type="institution")              # not a platform matter
    put_event(store, id="old", event_date="2025-10-01", risk_type="equity_change")           # found months late
    counts = tick(app, now)
    assert counts["duties_opened"] == 4 and counts["before_cutoff"] == 0
    old = get_duty(store, duty_id("p-alpha", "old"))       # a matter found late is reported late, never dropped
    assert old["overdue"] and old["late_by_days"] == 163 and old["found_days_after"] == 170
    assert "发现时已逾期 163 天" in old["history"][0]["note"]
    old_msg = next(r for r in rx.on("hook") if r["body"]["notification"]["duty_id"] == old["id"])
    assert old_msg["body"]["title"].startswith("【已逾期】") and "170 天后才发现" in old_msg["body"]["text"]
    assert "补报" in old_msg["body"]["text"]
    late = get_duty(store, duty_id("p-alpha", "late"))
    near = get_duty(store, duty_id("p-beta", "near"))
    pub = get_duty(store, duty_id("p-beta", "pub"))
    assert late["overdue"] and late["found_late"] and late["escalated_at"]
    assert near["urgent"] and not near["overdue"]
    assert pub["occurred_on_source"] == "published" and not pub["urgent"]
    titles = {r["body"]["notification"]["duty_id"]: r["body"]["title"] for r in rx.on("hook")
              if r["body"]["notification"]["kind"] == "duty"}
    assert titles[late["id"]].startswith("【已逾期】") and titles[near["id"]].startswith("【紧急】")
    assert sorted(r["body"]["notification"]["duty_id"] for r in rx.on("boss")) == sorted([late["id"], old["id"]])
    # (the overdue ones are escalated at once)
    pub_msg = next(r for r in rx.on("hook") if r["body"]["notification"]["duty_id"] == pub["id"])
    assert "仅有报道发布日期" in pub_msg["body"]["text"]
    # what the duty relies on that no public source confirmed travels with it
    assert "贝塔知识产权金融平台：是否列入156号功能性平台名单未经公开资料确认" in pub_msg["body"]["text"]
    assert pub["unconfirmed"] and not late["unconfirmed"]
    # no reminder right after opening: the opening message covers the days already reached
    assert not any(r["body"]["notification"]["kind"] == "duty_reminder" for r in rx.accepted)
    # dismissing needs a reason; then the duty is closed with who and why, and a resolved message goes out
    app.clock = ManualClock(now)
    res = CliRunner().invoke(_duties(), ["dismiss", pub["id"][:10]], obj=app)
    assert res.exit_code != 0 and "--reason" in res.output
    res = CliRunner().invoke(_duties(), ["dismiss", pub["id"][:10], "--reason", "非依托单位事项", "--by", "王五"], obj=app)
    assert res.exit_code == 0, res.output
    tick(app, now)
    pub = get_duty(store, pub["id"])
    assert (pub["state"], pub["dismissed_by"], pub["dismiss_reason"]) == ("dismissed", "王五", "非依托单位事项")
    last = rx.on("hook")[-1]["body"]
    assert last["notification"]["state"] == "resolved" and "非依托单位事项" in last["text"]


# --- the reporting failing as a credit record --------------------------------------------------------
def test_a_routine_change_costs_nothing_but_an_unreported_one_costs_the_unit_and_platform(app: AppContext,
                                                                                        rx: Receiver) -> None:
    from scoring.rerate import rerate

    store = app.store
    ev = put_event(store, id="lc", event_date="2026-03-02", risk_type="leadership_change", confidence=1.0,
                   severity=0.5)
    put_event(store, id="lc2", event_date="2026-03-03", risk_type="leadership_change", confidence=1.0, severity=0.5,
              entity_id="p-beta", entity_name="贝塔知识产权金融平台", entity_type="platform")
    tick(app, local(2026, 3, 3))
    rerate(app, local(2026, 3, 3), entity_ids=["u-alpha", "p-alpha"])

    def rating(eid: str) -> dict[str, Any]:
        return store.get(store.ix.name("ratings"), eid).source

    assert (rating("u-alpha")["score"], rating("u-alpha")["grade"]) == (100.0, "A+")   # the change itself: 0 points
    # the week passes without a report: a late-report record on the unit and on the platform
    tick(app, local(2026, 3, 10, 9))
    rerate(app, local(2026, 3, 10, 9), entity_ids=["u-alpha", "p-alpha"])
    unit = rating("u-alpha")
    assert unit["score"] == 90.0 and unit["grade"] == "A"
    [c] = [c for c in unit["contributions"] if c["risk_type"] == "late_report"]
    assert c["event_date"] == "2026-03-10" and c["points"] == -10.0
    assert any(c["risk_type"] == "late_report" for c in rating("p-alpha")["contributions"])
    # recorded as reported on time after all (the report was filed offline): the record is voided
    did = duty_id("p-alpha", ev["id"])
    transition(store, jobs.get_config(app), did, "reported", "张三", local(2026, 3, 11), report_date=date(2026, 3, 8),
               report_ref="运营函〔2026〕3号")
    rerate(app, local(2026, 3, 11), entity_ids=["u-alpha", "p-alpha"])
    assert rating("u-alpha")["score"] == 100.0
    # the other platform reports late: the record stays, with the report date in its title
    did2 = duty_id("p-beta", "lc2")
    transition(store, jobs.get_config(app), did2, "reported", "李四", local(2026, 3, 12), report_date=date(2026, 3, 12),
               report_ref="运营函〔2026〕4号")
    rerate(app, local(2026, 3, 12), entity_ids=["p-beta"])
    beta = rating("p-beta")
    assert beta["own_score"] == 90.0 and beta["score"] < 100    # a platform's score also weighs its residents
    [late] = [store.get(store.ix.name("events"), c["event_id"]).source for c in beta["contributions"]
              if c["risk_type"] == "late_report"]
    assert "逾期报送（2026-03-12）" in late["title"]
