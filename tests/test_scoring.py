"""Scoring against the real Elasticsearch: events from analyses, merging, official precedence,
officer corrections, stored ratings and history, as-of rebuilds, incremental and concurrent re-rating."""

from __future__ import annotations

import threading
from pathlib import Path
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from click.testing import CliRunner

from ipwatch.context import AppContext
from ipwatch.store import Store, doc_id
from ipwatch.watchlist import Watchlist
from scoring.rerate import rate_as_of, rerate
from scoring.sync import update_events

NOW = datetime(2024, 7, 1, 2, 0, tzinfo=timezone.utc)     # 2024-07-01 10:00 in Asia/Shanghai
UNIT_USCC = "91110108551385051J"

WATCHLIST = Watchlist.model_validate({"entities": [
    {"id": "unit-a", "type": "operating_unit", "name": "甲运营有限公司", "uscc": UNIT_USCC},
    {"id": "plat-a", "type": "platform", "name": "甲知识产权运营平台", "category": "交易服务",
     "operating_unit": "unit-a"},
    {"id": "plat-b", "type": "platform", "name": "乙知识产权运营平台", "category": "金融服务"},
    {"id": "inst-1", "type": "institution", "kind": "patent_agency", "name": "一号专利代理事务所",
     "resides_on": ["plat-a"]},
    {"id": "inst-2", "type": "institution", "kind": "law_firm", "name": "二号律师事务所", "resides_on": ["plat-b"]},
    {"id": "inst-3", "type": "institution", "kind": "appraiser", "name": "三号资产评估公司",
     "cooperates_with": ["plat-a"]},
]})


@pytest.fixture
def app(settings, store: Store) -> AppContext:
    a = AppContext(settings=settings)
    a.__dict__["store"] = store
    a.__dict__["watchlist"] = WATCHLIST
    return a


_seq = [0]


def article(store: Store, url: str, subject: str | None, types: list[str], event_date: str, *,
            outlet: str = "新浪", domain: str = "sina.com.cn", severity: float = 0.5, score: float = 0.8,
            source_type: str = "news", record: dict | None = None, duplicate_of: str | None = None,
            published: str | None = None, title: str = "某机构被处罚") -> str:
    _seq[0] += 1
    aid = doc_id(url)
    pub = published or f"{event_date}T12:00:00+08:00"
    analyzed = (NOW + timedelta(seconds=_seq[0])).isoformat()
    store.write([{"_index": store.ix.article_index(datetime.fromisoformat(pub)), "_id": aid, "_source": {
        "id": aid, "url": url, "canonical_url": url, "source": "test", "source_type": source_type,
        "title": title, "text": title, "published_at": pub, "outlet": outlet, "outlet_domain": domain,
        "duplicate_of": duplicate_of, "record": record,
        "analysis": {"status": "done", "model": "test", "analyzed_at": analyzed, "risk_types": types,
                     "risk_scores": {t: score for t in types}, "subject": subject, "event_date": event_date,
                     "event_date_source": "text", "severity": severity}}}])
    return aid


def events_of(store: Store, entity: str | None = None, active: bool | None = True) -> list[dict[str, Any]]:
    store.refresh()
    flt: list[dict] = []
    if entity:
        flt.append({"term": {"entity_history": entity}})
    if active is not None:
        flt.append({"term": {"active": active}})
    return [h["_source"] for h in store.search(store.ix.name("events"), query={"bool": {"filter": flt}},
                                               size=1000, sort=[{"event_date": "asc"}])["hits"]["hits"]]


def stored(store: Store, entity: str) -> dict[str, Any]:
    got = store.get(store.ix.name("ratings"), entity)
    assert got is not None, f"no rating for {entity}"
    return got.source


def history(store: Store, entity: str) -> list[dict[str, Any]]:
    store.refresh()
    return [h["_source"] for h in store.search(store.ix.name("rating-history"), query={"term": {"entity_id": entity}},
                                               size=100, sort=[{"rated_at": "asc"}, {"score": "desc"}])["hits"]["hits"]]


def test_fifty_reposts_are_one_event_and_one_penalty(app: AppContext, store: Store) -> None:
    first = article(store, "https://news.example/p/0", "inst-1", ["administrative_penalty"], "2024-06-03",
                    outlet="人民日报", domain="people.com.cn")
    for i in range(1, 50):
        article(store, f"https://news.example/p/{i}", "inst-1", ["administrative_penalty"],
                f"2024-06-{3 + i % 10:02d}", outlet=f"自媒体{i}", domain="mp.weixin.qq.com",
                duplicate_of=first if i % 2 else None)
    article(store, "https://news.example/later", "inst-1", ["administrative_penalty"], "2024-06-28",
            outlet="新浪", domain="sina.com.cn")                            # 15 days after the chain: another event
    res = update_events(app, NOW)
    assert res["articles"] == 51 and res["events_created"] == 2
    evs = events_of(store, "inst-1")
    assert [e["source_count"] for e in evs] == [50, 1]
    assert len(evs[0]["outlets"]) == 50 and evs[0]["authority"] == 0.9      # the most authoritative report counts
    r = stored(store, "inst-1")
    assert len([c for c in r["contributions"] if c["points"]]) == 2
    assert r["score"] == pytest.approx(100 - 15 * 0.9 * 0.8 - 15 * 0.7 * 0.8, abs=0.01)
    # the same articles again: nothing changes, nothing is re-written
    again = update_events(app, NOW + timedelta(minutes=1))
    assert again["events_created"] == again["events_updated"] == again["events_superseded"] == 0
    assert "ratings_written" not in again
    assert events_of(store, "inst-1") == evs


def test_events_do_not_depend_on_arrival_order(app: AppContext, store: Store) -> None:
    from scoring.events import cluster, event_id, reports_from_article
    from scoring.rulebook import rulebook_of

    specs = [(f"https://o.example/{i}", "inst-2", ["litigation"], d) for i, d in enumerate(
        ["2024-05-01", "2024-05-12", "2024-05-20", "2024-08-30", "2024-05-25", "2024-09-09"])]
    for s in specs[::-1][:3]:                                       # half of them, newest first...
        article(store, *s)
    assert update_events(app, NOW, batch=2)["articles"] == 3        # in pages of two, cursor kept in `state`
    for s in specs[::-1][3:]:                                       # ...then the rest
        article(store, *s)
    update_events(app, NOW + timedelta(hours=1))
    got = sorted((e["id"], tuple(e["article_ids"])) for e in events_of(store, "inst-2"))
    # what all the articles give when clustered at once
    rb = rulebook_of(app)
    arts = [h["_source"] for h in store.search(store.ix.name("articles"), size=100)["hits"]["hits"]]
    reports = [r for a in arts for r in reports_from_article(a, rb)]
    want = sorted((event_id("inst-2", "litigation", m), tuple(r.article_id for r in m)) for m in cluster(reports, rb))
    assert got == want and [len(ids) for _, ids in got] in ([4, 2], [2, 4])
    # the first run made an event anchored on a later report; it is kept, merged into the final one
    merged = events_of(store, "inst-2", active=False)
    assert merged and all(m["superseded_by"] in {g[0] for g in got} for m in merged)


def test_official_record_takes_precedence_over_news(app: AppContext, store: Store) -> None:
    article(store, "https://weibo.example/1", "unit-a", ["administrative_penalty"], "2024-06-10",
            outlet="微博", domain="weibo.com", score=0.6, severity=0.9)
    update_events(app, NOW)
    news_event = events_of(store, "unit-a")[0]
    assert not news_event["official"] and news_event["confidence"] == 0.6
    # the penalty publicity: no subject from NLP, found by the party's credit code
    rec = {"decision_no": "京知罚〔2024〕12号", "party": "甲运营有限公司", "party_uscc": UNIT_USCC,
           "authority": "北京市知识产权局", "decision_date": "2024-06-05", "penalty": "罚款", "amount_yuan": 50000,
           "record_type": "administrative_penalty"}
    article(store, "https://zscqj.beijing.gov.cn/cf/12", None, [], "2024-06-05", source_type="official",
            record=rec, outlet="北京市知识产权局", domain="zscqj.beijing.gov.cn", severity=0.5,
            published="2024-06-12T09:00:00+08:00")
    update_events(app, NOW + timedelta(hours=1))
    active = events_of(store, "unit-a")
    assert len(active) == 1
    ev = active[0]
    assert ev["official"] and ev["confidence"] == 1.0 and ev["authority"] == 1.0
    assert ev["event_date"] == "2024-06-05" and ev["record"]["decision_no"] == "京知罚〔2024〕12号"
    assert ev["source_count"] == 2
    old = events_of(store, "unit-a", active=False)
    assert [o["id"] for o in old] == [news_event["id"]] and old[0]["superseded_by"] == ev["id"]   # kept
    r = stored(store, "unit-a")
    assert r["score"] == 85.0 and [c["event_id"] for c in r["contributions"]] == [ev["id"]]
    # its platform combines it: own 100, unit 85, residents inst-1 (100, weight 1) and inst-3 (100, 0.5)
    p = stored(store, "plat-a")
    assert p["components"]["operating_unit_score"] == 85.0
    assert p["score"] == pytest.approx((0.6 * 100 + 0.3 * 100 + 0.1 * 85) / 1.0, abs=0.01)


def test_correction_rerates_old_and_new_subject_and_keeps_everything(app: AppContext, store: Store) -> None:
    from scoring.cli import events as events_cmd, rating as rating_cmd

    now = datetime.now(timezone.utc)                  # officer actions happen today (the CLI uses the clock)
    article(store, "https://a.example/x", "inst-1", ["fraud"], (now - timedelta(days=5)).date().isoformat(),
            outlet="新华社", domain="news.cn", score=0.9, severity=1.0)
    rerate(app, now)
    update_events(app, now)
    ev = events_of(store, "inst-1")[0]
    before = stored(store, "inst-1")
    assert before["grade"] == "D" and stored(store, "inst-2")["grade"] == "A+"
    runner = CliRunner()
    out = runner.invoke(events_cmd, ["correct", ev["id"][:10], "--entity", "inst-2", "--type", "litigation",
                                     "--reason", "报道主体为二号律所", "--by", "wang"], obj=app, catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert "corrected (inst-2 / litigation)" in out.output
    assert stored(store, "inst-1")["grade"] == "A+"
    r2 = stored(store, "inst-2")
    assert r2["score"] == pytest.approx(100 - 5 * 1.5 * 1.0 * 0.9, abs=0.01)   # officer: confidence 1
    h1 = history(store, "inst-1")
    assert h1[-1]["previous_grade"] == "D" and h1[-1]["grade"] == "A+" and h1[-1]["grade_changed"]
    assert h1[-1]["direction"] == "up" and h1[-1]["removed_event_ids"] == [ev["id"]]
    plat_b = history(store, "plat-b")
    assert plat_b and plat_b[-1]["trigger"] == "officer"                       # the new subject's platform too
    # the corrected event stays, with its origin and the officer log
    got = store.get(store.ix.name("events"), ev["id"]).source
    assert got["corrected_from"] == {"entity_id": "inst-1", "risk_type": "fraud"}
    assert got["actions"][0]["by"] == "wang" and got["status"] == "corrected"
    # re-processing the article later keeps the correction
    update_events(app, now + timedelta(hours=2))
    assert store.get(store.ix.name("events"), ev["id"]).source["entity_id"] == "inst-2"
    # reject: kept with its reason, no longer counts
    out = runner.invoke(events_cmd, ["reject", ev["id"], "--reason", "旧闻重发", "--by", "li"], obj=app,
                        catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert stored(store, "inst-2")["score"] == 100
    got = store.get(store.ix.name("events"), ev["id"]).source
    assert got["status"] == "rejected" and got["status_reason"] == "旧闻重发" and len(got["actions"]) == 2
    listed = runner.invoke(events_cmd, ["list", "--entity", "inst-2", "--status", "rejected"], obj=app)
    assert ev["id"][:12] in listed.output
    shown = runner.invoke(rating_cmd, ["inst-1"], obj=app, catch_exceptions=False)
    assert "grade A+" in shown.output and "D → A+" in shown.output


def test_as_of_rebuilds_the_past_whenever_it_runs(app: AppContext, store: Store) -> None:
    from scoring.cli import events as events_cmd, rate as rate_cmd, rating as rating_cmd

    article(store, "https://a.example/dd", "inst-3", ["dishonest_debtor"], "2024-03-01", source_type="official",
            record={"decision_no": "(2024)京0108执123号", "record_type": "dishonest_debtor",
                    "decision_date": "2024-03-01"}, severity=0.0)
    update_events(app, NOW)
    out = CliRunner().invoke(rating_cmd, ["inst-3"], obj=app, catch_exceptions=False)
    text = out.output
    assert "grade D" in text and "score 80" in text                         # hard rule: D although 80 points
    assert "失信被执行 (dishonest_debtor)" in text and "2024-03-01" in text and "-20.00" in text
    assert "2026-03-01" in text                                            # 730 days: when it stops counting
    assert "at most D until 2026-03-01" in text
    later = CliRunner().invoke(rating_cmd, ["inst-3", "--as-of", "2026-03-01"], obj=app, catch_exceptions=False)
    assert "grade A+" in later.output and "无扣分事项" in later.output     # the listing has run out

    article(store, "https://a.example/r1", "inst-1", ["regulatory_action"], "2024-02-01", score=0.9)
    article(store, "https://a.example/r2", "inst-1", ["litigation"], "2024-05-01", score=0.9)
    update_events(app, NOW)
    past = rate_as_of(app, datetime(2024, 3, 31).date())
    assert past["inst-1"].score == pytest.approx(100 - 10 * 0.9 * 0.7, abs=0.01)
    # later facts (a new event after that date, a rejection made today) do not change that past
    ev = [e for e in events_of(store, "inst-1") if e["risk_type"] == "regulatory_action"][0]
    CliRunner().invoke(events_cmd, ["reject", ev["id"], "--reason", "误报"], obj=app, catch_exceptions=False)
    article(store, "https://a.example/r3", "inst-1", ["fraud"], "2024-06-01", score=0.9)
    update_events(app, NOW + timedelta(days=1))
    again = rate_as_of(app, datetime(2024, 3, 31).date())
    assert again["inst-1"].to_doc() == past["inst-1"].to_doc()
    assert {k: v.signature for k, v in again.items()} == {k: v.signature for k, v in past.items()}
    out = CliRunner().invoke(rate_cmd, ["--as-of", "2024-03-31"], obj=app, catch_exceptions=False)
    assert "inst-1" in out.output and "nothing written" in out.output


def test_incremental_rerate_touches_only_the_entity_and_its_platforms(app: AppContext, store: Store) -> None:
    full = rerate(app, NOW)
    assert full["mode"] == "full" and full["entities"] == 6 and full["written"] == 6
    assert rerate(app, NOW)["written"] == 0                                  # nothing changed: nothing written
    article(store, "https://a.example/i3", "inst-3", ["major_public_opinion"], "2024-06-25", score=0.9)
    res = update_events(app, NOW)
    assert res["entities_touched"] == 1 and res["ratings_written"] == 2     # inst-3 and plat-a (cooperates)
    assert stored(store, "plat-a")["components"]["residents_count"] == 2
    assert stored(store, "plat-b")["rated_at"] == NOW.isoformat()           # untouched since the full run
    # the incremental result (residents aggregated from stored ratings) equals a rebuild from scratch
    rebuilt = rate_as_of(app, NOW.date())
    for eid in ("inst-3", "plat-a", "plat-b"):
        assert stored(store, eid)["signature"] == rebuilt[eid].signature


def test_concurrent_rerates_never_lose_an_update(app: AppContext, store: Store) -> None:
    rerate(app, NOW)
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            article(store, f"https://c.example/{i}", "inst-1", ["litigation"], f"2024-0{1 + i % 6}-0{1 + i // 6}",
                    score=0.9)
            update_events(app, NOW + timedelta(seconds=i), rerate_after=False)
            rerate(app, NOW + timedelta(seconds=i), entity_ids=["inst-1"])
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    rerate(app, NOW + timedelta(minutes=1), entity_ids=["inst-1"])
    evs = events_of(store, "inst-1")
    r = stored(store, "inst-1")
    assert sorted(r["event_ids"]) == sorted(e["id"] for e in evs)
    assert len(evs) == 6 and r["score"] == pytest.approx(100 - 6 * 5 * 0.9 * 0.7, abs=0.01)
    # the history is one unbroken chain: each change starts from the previous one
    hs = history(store, "inst-1")
    scores = {(h["previous_score"], h["score"]) for h in hs}
    chain = [h for h in hs if h["previous_score"] is not None]
    assert all(any(p["score"] == h["previous_score"] for p in hs) for h in chain), scores


def test_a_run_with_an_older_view_does_not_void_a_newer_event(app: AppContext, store: Store) -> None:
    """Two event runs overlap: the slower one read the articles before the third was analysed, the
    faster one has already made the third article's event. The slower run must re-read, not void it."""
    from scoring.events import sync_group
    from scoring.sync import _group_reports
    from scoring.rulebook import rulebook_of

    rb = rulebook_of(app)
    for i in (1, 2):
        article(store, f"https://v.example/{i}", "inst-1", ["litigation"], f"2024-0{i}-05", score=0.9)
    store.refresh()
    stale = _group_reports(store, rb, {"inst-1"}, set(), {})[("inst-1", "litigation")]
    article(store, "https://v.example/3", "inst-1", ["litigation"], "2024-03-05", score=0.9)
    update_events(app, NOW, rerate_after=False)                      # the faster run: three events
    assert len(events_of(store, "inst-1")) == 3

    def fresh() -> list:
        store.refresh()
        return _group_reports(store, rb, {"inst-1"}, set(), {})[("inst-1", "litigation")]

    res = sync_group(store, rb, "inst-1", "litigation", stale, None, NOW, reload=fresh)
    assert res.superseded == 0
    assert len(events_of(store, "inst-1")) == 3


def test_objection_and_repair_are_recorded_states_with_their_history(app: AppContext, store: Store) -> None:
    from scoring.cli import events as events_cmd, rating as rating_cmd

    # the officer commands rate as of today, so the penalty is recent
    today = datetime.now(timezone.utc).date()
    pen_day, repair_day = (today - timedelta(days=40)).isoformat(), (today - timedelta(days=10)).isoformat()
    article(store, "https://a.example/pen", "inst-1", ["administrative_penalty"], pen_day, score=0.9)
    update_events(app, datetime.now(timezone.utc))
    ev = [e for e in events_of(store, "inst-1") if e["risk_type"] == "administrative_penalty"][0]
    runner = CliRunner()
    out = runner.invoke(events_cmd, ["object", ev["id"][:10], "--reason", "当事人提出异议：处罚对象有误", "--by", "zhao"],
                        obj=app, catch_exceptions=False)
    assert out.exit_code == 0 and "异议处理中 since" in out.output, out.output
    shown = runner.invoke(events_cmd, ["show", ev["id"]], obj=app, catch_exceptions=False).output
    assert "objection   异议处理中" in shown and "处罚对象有误" in shown
    assert stored(store, "inst-1")["score"] < 100                             # still counts while it is settled
    out = runner.invoke(events_cmd, ["repair", ev["id"], "--reason", "信用修复决定书（京信修〔2024〕8号）",
                                     "--date", repair_day, "--by", "zhao"], obj=app, catch_exceptions=False)
    assert out.exit_code == 0 and ": repaired" in out.output, out.output
    assert stored(store, "inst-1")["score"] == 100
    got = store.get(store.ix.name("events"), ev["id"]).source
    assert [a["action"] for a in got["actions"]] == ["object", "repair"] and got["objection"] is None
    day_before = (today - timedelta(days=11)).isoformat()
    before = runner.invoke(rating_cmd, ["inst-1", "--as-of", day_before], obj=app, catch_exceptions=False)
    assert "行政处罚" in before.output                                          # the past still had it
    bad = runner.invoke(events_cmd, ["repair", ev["id"], "--reason", "x", "--date", "2999-01-01"], obj=app)
    assert bad.exit_code != 0 and "in the future" in str(bad.exception or bad.output)


def test_official_grades_are_imported_beside_ipwatchs_and_disagreements_flagged(app: AppContext, store: Store,
                                                                                tmp_path: Path) -> None:
    from scoring.cli import official_grades as official_cmd, rating as rating_cmd
    from scoring.rerate import rerate

    rerate(app, datetime.now(timezone.utc))
    runner = CliRunner()
    bad = tmp_path / "bad.csv"
    bad.write_text("entity,grade,as_of,source\ninst-1,B,2025-12-31,国家知识产权局专利代理信用评价\n"
                   "nobody,E,2025-13-01,\n", encoding="utf-8")
    out = runner.invoke(official_cmd, ["import", str(bad)], obj=app)
    assert out.exit_code != 0
    msg = str(out.exception)
    assert "line 3" in msg and "'nobody'" in msg and "'E'" in msg and "not a date" in msg and "source is empty" in msg
    store.refresh(store.ix.name("official-grades"))
    assert store.search(store.ix.name("official-grades"), size=0, track_total_hits=True)["hits"]["total"]["value"] == 0
    good = tmp_path / "good.csv"
    good.write_text(f"entity,grade,as_of,source\ninst-1,B,2025-12-31,国家知识产权局专利代理信用评价\n"
                    f"{UNIT_USCC},A,2025-12-31,平台年度评价\n", encoding="utf-8")
    out = runner.invoke(official_cmd, ["import", str(good), "--by", "zhao"], obj=app, catch_exceptions=False)
    assert out.exit_code == 0 and "imported 2 official grade(s)" in out.output, out.output
    assert "⚠ inst-1" in out.output and "unit-a" not in out.output      # ipwatch A+ vs B; A+ and A agree
    shown = runner.invoke(rating_cmd, ["inst-1"], obj=app, catch_exceptions=False).output
    assert "official grade B (国家知识产权局专利代理信用评价, as of 2025-12-31)" in shown and "differs" in shown
    shown = runner.invoke(rating_cmd, ["unit-a"], obj=app, catch_exceptions=False).output
    assert "official grade A" in shown and "agrees with ipwatch" in shown


# --- issue 17: `ipwatch rate` with Elasticsearch down, or a mistyped entity -------------------------
def test_rate_with_elasticsearch_down_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    import socket

    from tests.test_config import run_cli

    with socket.socket() as s:          # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = run_cli("rate", "-q", env={"IPWATCH_ES__URL": f"http://elastic:hunter2@127.0.0.1:{port}",
                                   "IPWATCH_ES__MAX_RETRIES": "0", "IPWATCH_SPOOL__DIR": str(tmp_path / "spool")})
    assert r.returncode == 2, r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: Elasticsearch at http://127.0.0.1:{port} is not reachable"), last
    assert "hunter2" not in r.stderr
    assert not any(line.startswith("Traceback") for line in r.stderr.splitlines())   # only inside JSON log lines


def test_rate_refuses_an_unknown_entity_and_suggests_close_ids(es_url: str) -> None:
    from tests.test_config import run_cli

    r = run_cli("rate", "-q", "--entity", "hx-bnak", "--entity", "ntop",
                env={"IPWATCH_ES__URL": es_url, "IPWATCH_ES__INDEX_PREFIX": "test-typo-never-created"})
    assert r.returncode == 2, r.stdout + r.stderr
    assert "unknown entity 'hx-bnak' (did you mean hx-bank?)" in r.stderr and "nothing rated" in r.stderr
    assert "rated" not in r.stdout
