"""Entity matching (no model): spans, longest match, short and shared aliases; event dates; severity."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipwatch.watchlist import Watchlist, load_watchlist
from nlp.dates import event_date
from nlp.entities import EntityMatcher
from nlp.severity import severity

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def matcher() -> EntityMatcher:
    return EntityMatcher(load_watchlist(ROOT / "config" / "watchlist.yaml"))


def ids(hits):
    return [h.id for h in hits]


def test_full_name_spans_and_alias(matcher):
    text = "北京正聚源通鼎信用管理有限公司涉嫌诈骗。记者了解到，正聚源已停止营业。"
    hits = matcher.find(text)
    assert ids(hits) == ["zjy-credit"]
    spans = hits[0].spans
    assert [text[s:e] for s, e in spans] == ["北京正聚源通鼎信用管理有限公司", "正聚源"]
    # the alias inside the full name is not reported a second time
    assert len(spans) == 2


def test_longest_match_between_entities(matcher):
    # the operating unit's name contains the platform's alias; the longer name wins
    text = "横琴国际知识产权交易中心有限公司法定代表人变更。"
    assert ids(matcher.find(text)) == ["unit-hengqin"]
    text = "国家知识产权运营公共服务平台高校运营（武汉）试点平台发布年报。"
    assert ids(matcher.find(text)) == ["wuhan-university"]


@pytest.mark.parametrize("text,expected", [
    ("山西知识产权金融服务平台近日被曝存在违规收费问题，多名企业投诉。", []),        # a provincial platform
    ("浙江省知识产权金融服务平台正式上线。", []),
    ("汇桔知识产权金融服务平台发布公告。", []),                              # a company's own platform
    ("知识产权金融服务平台近日被曝存在违规收费问题。", ["ip-finance-service"]),
    ("记者从知识产权金融服务平台获悉，平台已完成整改。", ["ip-finance-service"]),
    ("该知识产权金融服务平台上线三年。", ["ip-finance-service"]),
    ("珠海横琴国际知识产权交易中心发布年度报告。", ["hengqin-finance"]),      # a place in its own region
    ("旗下子公司北京华信知识产权代理有限公司被罚款。", ["hx-patent"]),         # a noun before a legal name
])
def test_a_watched_name_inside_another_organisations_name_is_not_a_mention(matcher, text, expected):
    assert ids(matcher.find(text)) == expected


@pytest.mark.parametrize("text", [
    "北京资易贷旗下的借贷平台小资钱包涉嫌非法集资，请关注。",
    "P2P平台小资钱包转型助贷机构。",
    "资易贷旗下小资钱包平台的出借人报案。",
])
def test_a_category_word_before_a_name_is_an_apposition_not_a_longer_name(text):
    wl = Watchlist(entities=[{"id": "xz", "name": "小资钱包", "type": "institution", "kind": "other"}])
    assert ids(EntityMatcher(wl).find(text)) == ["xz"]


def test_the_longer_name_check_can_be_turned_off_to_measure_it():
    wl = load_watchlist(ROOT / "config" / "watchlist.yaml")
    text = "山西知识产权金融服务平台近日被曝存在违规收费问题。"
    assert ids(EntityMatcher(wl, nested_check=False).find(text)) == ["ip-finance-service"]
    assert ids(EntityMatcher(wl).find(text)) == []


def test_short_alias_needs_word_boundaries():
    wl = Watchlist.model_validate({"entities": [
        {"id": "hz", "type": "institution", "kind": "other", "name": "华智知识产权运营有限公司", "aliases": ["华智"]}]})
    m = EntityMatcher(wl)
    assert m.find("中华智慧产业园举办活动") == []
    hit = m.find("华智发布公告称，公司经营正常。")
    assert ids(hit) == ["hz"] and hit[0].spans == [[0, 2]]


def test_shared_alias_goes_to_the_entity_with_support():
    wl = Watchlist.model_validate({"entities": [
        {"id": "kd-law", "type": "institution", "kind": "law_firm", "name": "上海科达律师事务所",
         "aliases": ["科达"], "region": "上海"},
        {"id": "kd-tech", "type": "institution", "kind": "tech_transfer", "name": "深圳科达技术转移有限公司",
         "aliases": ["科达"], "region": "深圳"}]})
    m = EntityMatcher(wl)
    assert ids(m.find("深圳市场监管局通报，科达未按规定公示年报。")) == ["kd-tech"]
    assert ids(m.find("上海科达律师事务所回应称，科达将依法维权。")) == ["kd-law"]
    assert m.find("科达表示将积极配合调查。") == []   # no support: not guessed


def test_thousands_of_entities_are_matched_quickly():
    import time

    ents = [{"id": f"e{i:05d}", "type": "institution", "kind": "other", "name": f"测试{i:05d}号知识产权服务有限公司"}
            for i in range(5000)]
    m = EntityMatcher(Watchlist.model_validate({"entities": ents}))
    text = "测试04321号知识产权服务有限公司被罚款，测试00007号知识产权服务有限公司未受影响。" * 20
    t0 = time.perf_counter()
    hits = m.find(text)
    assert ids(hits) == ["e04321", "e00007"]
    assert time.perf_counter() - t0 < 1.0


@pytest.mark.parametrize("text,published,expected", [
    ("9月5日，某代理机构被罚款。", "2023-09-08T10:00:00+08:00", ("2023-09-05", "text")),
    ("昨日，某平台负责人变更。", "2023-09-08T10:00:00+08:00", ("2023-09-07", "text")),
    ("上周五，该中心被约谈。", "2023-09-08T10:00:00+08:00", ("2023-09-01", "text")),      # 2023-09-08 is a Friday
    ("日前，该中心被约谈。", "2023-09-08T10:00:00+08:00", ("2023-09-08", "published")),
    ("2023年9月5日，法院作出判决。", "2023-09-20T08:00:00+08:00", ("2023-09-05", "text")),
    ("该公司发布公告。", "2023-09-08T23:30:00+00:00", ("2023-09-09", "published")),     # China time
    ("12月30日，该公司被立案。", "2024-01-03T09:00:00+08:00", ("2023-12-30", "text")),    # last year
    ("九月五日，某机构被罚。", "2023-09-08", ("2023-09-05", "text")),
    # years as the People's Daily and official texts write them: full-width digits, Chinese numerals
    ("１９９７年１２月３０日，该公司被立案。", "1998-01-05", ("1997-12-30", "text")),
    ("一九九七年十二月三十日，该公司被立案。", "1998-01-05", ("1997-12-30", "text")),
    ("二〇二三年九月五日，法院作出判决。", "2023-09-20", ("2023-09-05", "text")),
    # Taiwan's Republic years (read as the publish day before stop 54); a 3-digit number inside a longer one is none
    ("金管会于113年3月15日对某银行核处罚锾。", "2024-03-20", ("2024-03-15", "text")),
    ("民国113年3月15日，某银行遭金管会裁罚。", "2024-03-20", ("2024-03-15", "text")),
    ("编号2113年3月15日之前有效。", "2024-03-20", ("2024-03-20", "published")),
    # a founding, birth or hiring date dates no matter (it was the event date before stop 55)
    ("成立于2019年3月5日的某公司于2026年11月20日被罚款3万元。", "2026-12-01", ("2026-11-20", "text")),
    ("张某，1970年5月生，2018年3月1日加入公司，2026年11月28日辞去总经理职务。", "2026-12-01", ("2026-11-28", "text")),
    ("某中心于2026年11月2日设立分中心。", "2026-12-01", ("2026-11-02", "text")),
])
def test_event_dates(text, published, expected):
    assert event_date(text, published) == expected


def test_severity_grows_with_type_amount_and_wording():
    low = severity({"leadership_change": 0.9}, ["leadership_change"], 0.5, 0.6, True, "法定代表人变更")
    fine = severity({"administrative_penalty": 0.9}, ["administrative_penalty"], 0.9, 0.9, True, "罚款5万元")
    big = severity({"administrative_penalty": 0.9}, ["administrative_penalty"], 0.9, 0.9, True, "罚款2亿元")
    fraud = severity({"fraud": 0.95}, ["fraud"], 0.95, 0.95, True, "涉嫌非法集资，已立案侦查")
    assert 0 < low < fine < big <= 1
    assert fraud > fine
    assert severity({}, [], 0.1, None, False, "举办培训") == 0.0


def test_lexical_context_features_tell_candidates_apart_and_leave_documents_alone():
    """The lexical head's context n-grams (nlp.model.lexical_vectorizer): a document without entity
    marks gets exactly the plain character n-grams, so sentiment and risk features do not change; in
    an entity text, the punished party and the bystander get different features from the same words."""
    from nlp.model import OTHER, TARGET, lexical_vectorizer

    plain, ctx = lexical_vectorizer(1 << 12), lexical_vectorizer(1 << 12, 12)
    doc = "北京华信知识产权代理有限公司被罚款20万元，华兴银行已配合调查。"
    assert (plain.transform([doc]) != ctx.transform([doc])).nnz == 0
    punished = f"{TARGET}被罚款20万元，{OTHER}已配合调查。"
    bystander = f"{OTHER}被罚款20万元，{TARGET}已配合调查。"
    extra = [ctx.transform([t]) - plain.transform([t]) for t in (punished, bystander)]
    # 1-3-grams of the windows: 12 characters right of [TGT] (33), 12 left of [OTH] (33), 6 right of it (15)
    assert extra[0].sum() == 33 + 33 + 15
    assert (extra[0] != extra[1]).nnz > 0  # "[TGT]被罚款" is not "[OTH]被罚款"


def test_defining_wording_lifts_a_reportable_event_to_the_threshold():
    """`法定代表人由A变更为B` is a leadership change by the taxonomy's own words: the duty must not hinge
    on the model's score, while an actual-controller change stays the model's call."""
    from nlp.cues import risk_with_cues
    from ipwatch.taxonomy import CODES

    low = {c: 0.01 for c in CODES}
    out = risk_with_cues(low, "工商变更：法定代表人由张明变更为李华。", threshold=0.45)
    assert out["leadership_change"] >= 0.45
    assert max(v for c, v in out.items() if c != "leadership_change") < 0.45
    out = risk_with_cues(low, "企查查显示，该公司实际控制人由张某变更为李某。", threshold=0.45)
    assert out["leadership_change"] < 0.45
    assert risk_with_cues(low, "工商变更：法定代表人由张明变更为李华。")["leadership_change"] < 0.45  # no threshold
