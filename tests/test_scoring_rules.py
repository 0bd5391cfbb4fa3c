"""The rulebook and the pure parts of scoring: clustering, caps, expiry, hard rules, as-of replay."""

from __future__ import annotations

import itertools
from datetime import datetime, timezone
import random
from pathlib import Path

import pytest

from ipwatch.errors import ConfigError
from scoring.events import Report, build_event, cluster, event_id
from scoring.rating import EntityRef, explain, rate
from scoring.rulebook import load_rulebook

from tests.conftest import ROOT

RB = load_rulebook(ROOT / "config" / "scoring.yaml")


def ev(eid: str, typ: str, day: str, *, entity: str = "inst-1", severity: float = 0.5, confidence: float = 1.0,
       authority: float = 1.0, official: bool = True, actions: list | None = None) -> dict:
    return {"id": eid, "entity_id": entity, "origin_entity_id": entity, "risk_type": typ, "origin_risk_type": typ,
            "event_date": day, "severity": severity, "confidence": confidence, "authority": authority,
            "official": official, "active": True, "actions": actions or [], "source_count": 1}


def test_shipped_rulebook_is_valid_and_covers_the_taxonomy() -> None:
    from ipwatch.taxonomy import RISK_TYPES

    assert set(RB.risk_types) == set(RISK_TYPES)
    assert [g.grade for g in RB.grades] == ["A+", "A", "B", "C", "D"]
    assert RB.grade_of(100) == "A+" and RB.grade_of(89.99) == "B" and RB.grade_of(0) == "D"


@pytest.mark.parametrize("change, message", [
    (lambda d: d["risk_types"].update(bogus={"points": 1, "cap": 1, "valid_days": 1}), "unknown code(s) bogus"),
    (lambda d: d["grades"].reverse(), "best first"),
    (lambda d: d["hard_rules"].append({"risk_type": "fraud", "max_grade": "E"}), "hard_rules[3].max_grade"),
    (lambda d: d["risk_types"]["fraud"].update(points=-1), "risk_types.fraud.points"),
])
def test_a_wrong_rulebook_names_the_key(tmp_path: Path, change, message: str) -> None:
    import yaml

    data = yaml.safe_load((ROOT / "config" / "scoring.yaml").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "scoring.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_rulebook(path)
    assert message in str(err.value) and "scoring.yaml" in str(err.value)


def test_points_scale_with_severity_confidence_and_authority() -> None:
    r = rate("inst-1", [ev("e1", "administrative_penalty", "2024-03-01", severity=0.5)], RB, "2024-06-30")
    assert r.score == 85 and r.grade == "B"            # 15 points × 1.0 × 1 × 1
    r = rate("inst-1", [ev("e1", "administrative_penalty", "2024-03-01", severity=1.0, confidence=0.8,
                           authority=0.5, official=False)], RB, "2024-06-30")
    assert r.contributions[0].points == pytest.approx(-15 * 1.5 * 0.8 * 0.5)


def test_per_type_cap_and_explanation() -> None:
    evs = [ev(f"e{i}", "administrative_penalty", f"2024-0{i}-01") for i in range(1, 6)]  # 5 × 15 = 75 > cap 40
    r = rate("inst-1", evs, RB, "2024-06-30")
    assert r.score == 60
    assert sum(c.points for c in r.contributions) == -40
    assert sorted(c.points for c in r.contributions) == [-15, -15, -10, 0, 0]
    assert sum(c.capped for c in r.contributions) == 3
    text = explain(r, RB)
    assert "capped at 40" in text and "2024-01-01" in text and "2024-12-31" in text  # expiry shown (2024 is a leap year)


def test_deductions_expire_after_their_validity_period() -> None:
    evs = [ev("e1", "administrative_penalty", "2024-01-10")]
    assert rate("inst-1", evs, RB, "2024-01-09").score == 100          # not yet happened
    assert rate("inst-1", evs, RB, "2024-01-10").score == 85
    assert rate("inst-1", evs, RB, "2025-01-08").score == 85
    r = rate("inst-1", evs, RB, "2025-01-09")                          # 365 days later: repaired
    assert r.score == 100 and r.grade == "A+" and r.contributions == []
    assert rate("inst-1", evs, RB, "2024-06-01").next_change == "2025-01-09"


def test_dishonest_debtor_caps_the_grade_at_d_while_listed() -> None:
    evs = [ev("e1", "dishonest_debtor", "2024-01-10", severity=0.0)]   # 40 × 0.5 = 20 points: score 80 = B
    r = rate("inst-1", evs, RB, "2024-02-01")
    assert r.score == 80 and r.grade == "D"
    assert any("失信被执行人" in c for c in r.caps)
    after = rate("inst-1", evs, RB, "2026-01-10")                      # listing period (730 days) over
    assert after.grade == "A+" and after.caps == []


def test_low_confidence_hard_rule_does_not_apply() -> None:
    evs = [ev("e1", "dishonest_debtor", "2024-01-10", severity=0.0, confidence=0.5, official=False)]
    r = rate("inst-1", evs, RB, "2024-02-01")
    assert r.score == 90 and r.grade == "A" and r.caps == []


def test_positive_records_offset_but_never_exceed_max() -> None:
    evs = [ev("e1", "administrative_penalty", "2024-03-01"), ev("p1", "award", "2024-04-01"),
           ev("p2", "award", "2024-05-01"), ev("p3", "award", "2024-05-02")]
    r = rate("inst-1", evs, RB, "2024-06-30")
    assert r.score == 85 + 6                                            # awards capped at 6
    assert rate("inst-1", evs[1:], RB, "2024-06-30").score == 100


def test_officer_actions_replay_as_of_their_date() -> None:
    acts = [{"at": "2024-05-01T10:00:00+08:00", "on": "2024-05-01", "action": "reject", "by": "li",
             "reason": "wrong company"}]
    evs = [ev("e1", "administrative_penalty", "2024-03-01", confidence=0.7, actions=acts)]
    assert rate("inst-1", evs, RB, "2024-04-30").score < 100           # before the rejection it counted
    assert rate("inst-1", evs, RB, "2024-05-01").score == 100
    moved = [{"at": "2024-05-01T10:00:00+08:00", "on": "2024-05-01", "action": "correct", "by": "li",
              "reason": "subject was its sister firm", "entity_id": "inst-2", "risk_type": "litigation"}]
    evs = [ev("e1", "administrative_penalty", "2024-03-01", actions=moved)]
    assert rate("inst-1", evs, RB, "2024-04-30").score == 85
    assert rate("inst-1", evs, RB, "2024-05-02").score == 100
    r2 = rate("inst-2", evs, RB, "2024-05-02")
    assert r2.score == 95 and r2.contributions[0].risk_type == "litigation"


def test_rating_is_deterministic_whatever_the_event_order() -> None:
    rnd = random.Random(7)
    types = list(RB.risk_types)
    evs = [ev(f"e{i}", rnd.choice(types), f"2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
              severity=rnd.random(), confidence=rnd.random(), authority=rnd.random()) for i in range(40)]
    first = rate("inst-1", evs, RB, "2024-12-31")
    for _ in range(5):
        rnd.shuffle(evs)
        again = rate("inst-1", evs, RB, "2024-12-31")
        assert again.signature == first.signature and again.to_doc() == first.to_doc()


def test_platform_combines_own_events_residents_and_operating_unit() -> None:
    plat = EntityRef("plat-a", "平台A", "platform", operating_unit="unit-a")
    r = rate(plat, [ev("e1", "major_public_opinion", "2024-05-01", entity="plat-a")], RB, "2024-06-01",
             residents=[("inst-1", 40.0, 1.0), ("inst-2", 100.0, 1.0), ("inst-3", 100.0, 0.5)],
             operating_unit=("unit-a", 100.0))
    own = 100 - 8
    res = (40 + 100 + 50) / 2.5
    assert r.own_score == own
    assert r.score == pytest.approx((0.6 * own + 0.3 * res + 0.1 * 100), abs=0.01)
    assert r.components["worst_residents"][0] == {"entity_id": "inst-1", "score": 40.0}


def rep(aid: str, day: str, *, official: bool = False, decision: str | None = None, dup: str | None = None,
        published: str | None = None, conf: float = 0.7) -> Report:
    return Report(article_id=aid, subject="inst-1", risk_type="administrative_penalty", event_date=day,
                  event_date_source="text", published=published or day + "T09:00:00+08:00", severity=0.5,
                  confidence=1.0 if official else conf, authority=1.0 if official else 0.7, official=official,
                  decision_key=decision, outlet="o-" + aid, url="https://x/" + aid, title="t " + aid,
                  duplicate_of=dup, record={"decision_no": decision} if official else None)


def test_clustering_does_not_depend_on_arrival_order() -> None:
    reports = [rep("a1", "2024-03-01"), rep("a2", "2024-03-10"), rep("a3", "2024-03-20"),   # chain ≤ 14 days
               rep("b1", "2024-06-01"), rep("b2", "2024-09-01", dup="b1"),                 # near-duplicate
               rep("c1", "2024-11-01"), rep("r1", "2024-11-20", official=True, decision="京知罚〔2024〕7号"),
               rep("r2", "2024-11-25", official=True, decision="京知罚〔2024〕9号"), rep("c2", "2024-12-20")]

    def shape(rs):
        return sorted((event_id("inst-1", "administrative_penalty", m), tuple(r.article_id for r in m))
                      for m in cluster(rs, RB))

    expected = shape(reports)
    for perm in itertools.islice(itertools.permutations(reports), 0, 200, 7):
        assert shape(list(perm)) == expected
    groups = {ids for _, ids in expected}
    assert ("a1", "a2", "a3") in groups and ("b1", "b2") in groups
    assert ("c1", "r1") in groups            # news joins the nearest official record...
    assert ("c2", "r2") in groups            # ...and two decisions stay two events
    assert len(groups) == 4


def test_official_record_sets_date_and_confidence_of_the_merged_event() -> None:
    members = [rep("n1", "2024-11-28", conf=0.55), rep("r1", "2024-11-20", official=True, decision="X-1")]
    d = build_event("inst-1", "administrative_penalty", members, None)
    assert d["official"] and d["confidence"] == 1.0 and d["event_date"] == "2024-11-20"
    assert d["event_date_source"] == "record" and d["record"] == {"decision_no": "X-1"}
    assert d["source_count"] == 2 and d["article_ids"] == ["n1", "r1"]


def test_a_penalty_weighs_by_its_kind_and_counts_for_its_publicity_period() -> None:
    def with_kind(eid: str, kind: str | None) -> dict:
        return {**ev(eid, "administrative_penalty", "2024-03-01"), "penalty_kind": kind}

    scores = {k: rate("inst-1", [with_kind("e", k)], RB, "2024-04-01").score
              for k in ("warning", "fine", "confiscation", "suspension", "revocation")}
    assert scores == {"warning": 92.5, "fine": 85.0, "confiscation": 80.5, "suspension": 76.0, "revocation": 70.0}
    assert rate("inst-1", [with_kind("e", None)], RB, "2024-04-01").score == 85.0   # no kind named: a fine's weight
    # a warning stops counting after its three months, a revocation counts three years
    assert rate("inst-1", [with_kind("e", "warning")], RB, "2024-06-01").score == 100.0
    assert rate("inst-1", [with_kind("e", "revocation")], RB, "2026-12-01").score == 70.0
    assert rate("inst-1", [with_kind("e", "revocation")], RB, "2027-03-02").score == 100.0
    r = rate("inst-1", [with_kind("e", "suspension")], RB, "2024-04-01")
    assert "penalty kind suspension (×1.6, counts 730 days)" in r.contributions[0].explained()


@pytest.mark.parametrize("texts,kind", [
    (["北京市市场监督管理局决定对当事人罚款人民币20万元"], "fine"),
    (["给予警告，并处没收违法所得3万元"], "confiscation"),
    (["责令停止承接新的专利代理业务六个月"], "suspension"),
    (["当事人在代理业务中虚假宣传"], None),
    (["国家知识产权局决定吊销其专利代理机构执业许可证"], "revocation"),
    (["予以通报批评"], "warning"),
])
def test_the_most_severe_kind_named_wins(texts: list[str], kind: str | None) -> None:
    found = RB.penalty_kind(*texts)
    assert (found.kind if found else None) == kind


def test_a_reportable_change_costs_nothing_and_every_rule_names_its_source() -> None:
    r = rate("unit-1", [ev("e1", "leadership_change", "2024-03-01", entity="unit-1"),
                        ev("e2", "equity_change", "2024-03-02", entity="unit-1")], RB, "2024-03-10")
    assert (r.score, r.grade) == (100.0, "A+") and {c.risk_type for c in r.contributions} == {"leadership_change",
                                                                                           "equity_change"}
    for name, rule in [*RB.risk_types.items(), *RB.positive_types.items(), *RB.conduct_types.items()]:
        assert rule.source.strip(), name
    assert all(k.source.strip() for k in RB.penalty_kinds)


def test_a_repaired_record_stops_counting_from_its_repair_date_and_an_objection_is_shown_until_settled() -> None:
    def act(on: str, action: str, reason: str = "x") -> dict:
        return {"at": f"{on}T10:00:00+08:00", "on": on, "action": action, "by": "张三", "reason": reason}

    repaired = ev("e1", "administrative_penalty", "2024-03-01",
                  actions=[act("2024-06-01", "repair", "信用修复决定书 2024-06-01")])
    assert rate("inst-1", [repaired], RB, "2024-05-31").score == 85.0      # a rating rebuilt for before the repair
    assert rate("inst-1", [repaired], RB, "2024-06-01").score == 100.0
    objected = ev("e2", "administrative_penalty", "2024-03-01", actions=[act("2024-04-01", "object", "当事人提出异议")])
    r = rate("inst-1", [objected], RB, "2024-04-10")
    assert r.score == 85.0 and "异议处理中 since 2024-04-01 (当事人提出异议)" in r.contributions[0].explained()
    upheld = {**objected, "actions": [*objected["actions"], act("2024-05-01", "reject", "异议成立")]}
    assert rate("inst-1", [upheld], RB, "2024-05-02").score == 100.0
    dismissed = {**objected, "actions": [*objected["actions"], act("2024-05-01", "confirm", "异议不成立")]}
    r = rate("inst-1", [dismissed], RB, "2024-05-02")
    assert r.score == 85.0 and "异议处理中" not in r.contributions[0].explained()


def test_a_new_rulebook_explains_each_grade_it_changes() -> None:
    from scoring.repository import history_doc

    old = RB.model_copy(deep=True)
    old.risk_types["leadership_change"].points, old.risk_types["leadership_change"].cap = 2.0, 6.0
    old.__dict__.pop("fingerprint", None)
    old.version = "2026.1"
    events = [ev("e1", "leadership_change", "2024-03-01", entity="unit-1")]
    before = rate("unit-1", events, old, "2024-03-10")
    after = rate("unit-1", events, RB, "2024-03-10")
    assert (before.grade, after.grade) == ("A", "A+")
    prev = {**before.to_doc(), "rulebook_version": old.fingerprint}
    h = history_doc(RB, after, prev, datetime(2024, 3, 10, tzinfo=timezone.utc), "full")
    assert h["grade_changed"] and "A → A+" in h["summary"]
    assert f"rulebook {old.fingerprint} → {RB.fingerprint}: leadership_change 2024-03-01 -2 → +0" in h["summary"]
