"""The shipped model end to end: per-entity sentiment, subject, risk types, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipwatch.shell.cli import cli
from ipwatch.watchlist import load_watchlist

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "ipwatch-zh-risk"

pytestmark = pytest.mark.skipif(not (MODEL / "config.json").exists(), reason="shipped model missing")

PENALTY = {
    "id": "penalty-1",
    "title": "北京华信知识产权代理有限公司被罚款20万元",
    "text": ("北京市市场监督管理局行政处罚决定书（京市监处罚〔2023〕1186号）。当事人：北京华信知识产权代理有限公司。"
             "经查，当事人在代理专利申请业务中以“保证授权”为名进行虚假宣传，收取服务费共计38万元。"
             "上述费用通过当事人在华兴银行股份有限公司开立的对公账户收取，华兴银行股份有限公司已按规定配合调查。"
             "依据《中华人民共和国反不正当竞争法》，本局决定对当事人罚款人民币20万元。"),
    "published_at": "2023-09-08T10:00:00+08:00",
}


@pytest.fixture(scope="module")
def analyzer():
    from nlp.analyzer import Analyzer

    return Analyzer(MODEL, load_watchlist(ROOT / "config" / "watchlist.yaml"), batch_size=16)


def by_id(result):
    return {e["id"]: e for e in result["entities"]}


def test_penalty_notice_punished_party_negative_bank_bystander(analyzer):
    res = analyzer.analyze([PENALTY])[0]
    ents = by_id(res)
    assert set(ents) == {"hx-patent", "hx-bank"}
    assert res["subject"] == "hx-patent"
    assert ents["hx-patent"]["role"] == "subject" and ents["hx-patent"]["sentiment"] == "negative"
    assert ents["hx-bank"]["role"] == "mentioned" and ents["hx-bank"]["sentiment"] != "negative"
    assert ents["hx-patent"]["negative_score"] > ents["hx-bank"]["negative_score"]
    assert res["negative_entity_ids"] == ["hx-patent"]
    assert res["sentiment"] == "negative"
    assert "administrative_penalty" in res["risk_types"][:2]
    assert res["severity"] >= 0.4
    # spans point into `text`; the title mention is reported apart
    text = PENALTY["text"]
    assert all(text[s:e] in ("北京华信知识产权代理有限公司",) for s, e in ents["hx-patent"]["spans"])
    assert ents["hx-patent"]["title_spans"] == [[0, 14]]


RELATION_CASES = [
    # (text, the party, the platform named only as where it resides / what it runs)
    ("华信代理被罚敲响警钟：“包过”承诺不可信\n北京华信知识产权代理有限公司因“专利授权包过”虚假广告被罚20万元，"
     "再次暴露出部分代理机构违规招揽业务、损害委托人利益的问题。专利代理行业的信用体系建设仍需加强。"
     "入驻国家知识产权运营公共服务平台的服务机构，更应当依法诚信执业，平台也应把行政处罚、投诉和诉讼等信息及时纳入信用评价。",
     "hx-patent", "ntop"),
    ("国家知识产权运营公共服务平台运营单位华智众创换帅\n华智众创（北京）投资管理有限责任公司完成法定代表人变更，"
     "原法定代表人张明卸任，由李华接任法定代表人、执行董事兼总经理。华智众创作为国家知识产权运营公共服务平台的运营单位，"
     "近年来承担了平台交易撮合、项目路演等工作。", "unit-huazhi", "ntop"),
]


@pytest.mark.parametrize("text,party,platform", RELATION_CASES, ids=["resident-fined", "operator-changes-head"])
def test_platform_named_as_residence_or_operator_is_not_the_party(analyzer, text, party, platform):
    """A platform named only as where an agency resides (or as what a company operates) must not be
    negative nor the subject: that would open the platform's own one-week duty for another's matter."""
    title, body = text.split("\n", 1)
    res = analyzer.analyze([{"id": "x", "title": title, "text": body, "published_at": "2026-11-24T10:00:00+08:00"}])[0]
    ents = by_id(res)
    assert res["subject"] == party
    assert ents[platform]["role"] == "mentioned" and ents[platform]["sentiment"] != "negative"
    assert platform not in res["negative_entity_ids"]


RISK_CASES = [
    ("litigation", "华兴银行股份有限公司诉湖北信远融资担保有限公司保证合同纠纷一案，武汉市中级人民法院近日作出一审判决，"
                   "判令湖北信远融资担保有限公司承担连带清偿责任，支付借款本息1260万元。"),
    ("leadership_change", "工商登记信息显示，青岛天成知识产权代理有限公司于9月4日发生变更，法定代表人由张某变更为李某某，"
                          "原总经理张某同时卸任。"),
    ("unauthorized_branch", "国家知识产权运营公共服务平台发布声明：郑州明理专利代理事务所（普通合伙）未经授权，"
                            "擅自以本平台名义在多地设立工作站并对外收费，该工作站不是本平台的分支机构，请公众注意甄别。"),
    ("ip_misconduct", "国家知识产权局通报，青岛天成知识产权代理有限公司代理非正常专利申请326件，"
                      "并以不正当手段招揽业务，该机构已被列入重点监管名单。"),
    ("dishonest_debtor", "中国执行信息公开网显示，深圳中诚资产评估有限公司被列为失信被执行人，执行标的85万元，"
                         "其法定代表人已被限制高消费。"),
]


@pytest.mark.parametrize("code,text", RISK_CASES, ids=[c for c, _ in RISK_CASES])
def test_risk_types_on_realistic_texts(analyzer, code, text):
    res = analyzer.analyze([{"id": code, "title": "", "text": text, "published_at": "2023-09-08T09:00:00+08:00"}])[0]
    assert code in res["risk_types"][:2], res["risk_scores"]
    assert res["risk_scores"][code] >= 0.5


def test_change_of_legal_representative_is_not_an_equity_change(analyzer):
    """A new legal representative is a leadership change; without any equity wording it must not
    also open an equity-change duty (nlp/cues.py vocabulary check)."""
    text = ("企业信用信息公示系统显示，华智众创（北京）投资管理有限责任公司近日发生工商变更，法定代表人由张明变更为李华，"
            "同时公司董事和监事也有调整。华智众创是国家知识产权运营公共服务平台的运营单位。")
    res = analyzer.analyze([{"id": "rep", "title": "华智众创（北京）投资管理有限责任公司法定代表人变更", "text": text,
                             "published_at": "2026-11-24T10:00:00+08:00"}])[0]
    assert res["risk_types"] == ["leadership_change"], res["risk_scores"]
    shares = text.replace("同时公司董事和监事也有调整", "原股东张明将所持60%股权转让给李华")
    res = analyzer.analyze([{"id": "rep2", "title": "", "text": shares}])[0]
    assert {"leadership_change", "equity_change"} <= set(res["risk_types"]), res["risk_scores"]


def test_neutral_news_has_no_risk_and_no_negative_entity(analyzer):
    res = analyzer.analyze([{
        "id": "n1", "title": "知识产权质押融资对接会举行",
        "text": "9月6日，华兴银行股份有限公司与中国（南方）知识产权运营中心联合举办知识产权质押融资对接会，"
                "二十余家科技型企业参加，双方介绍了专利权质押贷款产品和办理流程。",
        "published_at": "2023-09-08T09:00:00+08:00"}])[0]
    assert res["risk_types"] == []
    assert res["negative_entity_ids"] == []
    assert res["sentiment"] != "negative"
    assert res["severity"] < 0.2
    assert (res["event_date"], res["event_date_source"]) == ("2023-09-06", "text")


def test_batch_results_keep_order_and_schema(analyzer):
    arts = [{"id": f"x{i}", "title": "", "text": t} for i, (_, t) in enumerate(RISK_CASES)] + [PENALTY]
    out = analyzer.analyze(arts)
    assert [r["id"] for r in out] == [a["id"] for a in arts]
    for r in out:
        assert set(r) >= {"sentiment", "sentiment_scores", "risk_types", "risk_scores", "entities", "subject",
                          "event_date", "event_date_source", "severity"}
        assert abs(sum(r["sentiment_scores"].values()) - 1) < 1e-3
        assert r["risk_types"] == sorted(r["risk_types"], key=lambda c: -r["risk_scores"][c])
    assert out[0]["event_date_source"] == "unknown" and out[0]["event_date"] is None  # no date at all


def test_cli_skips_malformed_lines_and_reports_them(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join([
        json.dumps(PENALTY, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "无编号"}, ensure_ascii=False),
        json.dumps({"id": "late", "text": "昨日，湖北信远融资担保有限公司被约谈。", "published_at": "2023-09-08"},
                   ensure_ascii=False),
        json.dumps({"id": "bad-date", "text": "某公司", "published_at": "yesterday-ish"}),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = CliRunner().invoke(cli, ["analyze", "--input", str(inp), "--output", str(out)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "line 2" in r.output and "line 3" in r.output and "line 5" in r.output
    assert "skipped 3 malformed line(s)" in r.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in rows] == ["penalty-1", "late"]
    assert rows[1]["event_date"] == "2023-09-07" and rows[1]["event_date_source"] == "text"
    assert rows[1]["subject"] == "xy-guarantee"


def test_cli_watchlist_csv_replaces_configured_watchlist(tmp_path):
    csv = tmp_path / "wl.csv"
    csv.write_text("id,name,aliases\nacme-ip,北京艾克美知识产权代理有限公司,艾克美代理\n", encoding="utf-8")
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "1", "title": "", "text": "艾克美代理因虚假宣传被罚款10万元，华兴银行股份有限公司未受影响。"},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = CliRunner().invoke(cli, ["analyze", "--input", str(inp), "--output", str(out), "--watchlist", str(csv)],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    row = json.loads(out.read_text(encoding="utf-8"))
    assert [e["id"] for e in row["entities"]] == ["acme-ip"]      # the configured 华兴银行 is not watched now
    assert row["entities"][0]["spans"] == [[0, 5]]
    assert row["subject"] == "acme-ip"


@pytest.mark.parametrize("text,sentiment", [
    ("又被套牢了，这公司业绩一塌糊涂还天天画饼，明天开盘必须割肉走人，再也不碰了", "negative"),
    ("利好终于落地，订单翻倍，明天大概率涨停，坚定持有不动摇", "positive"),
])
def test_forum_posts_are_read_by_the_posts_expert(analyzer, text, sentiment):
    """Short investor-forum posts go through the register gate to the sentiment expert fitted on posts
    alone; a formal notice stays with the general expert."""
    register = analyzer.model.lexical_probs([text, PENALTY["title"] + "\n" + PENALTY["text"]])["register"]
    assert float(register[0]) >= 0.5 and float(register[1]) < 0.5, register
    res = analyzer.analyze([{"id": "post", "title": "", "text": text}])[0]
    assert res["sentiment"] == sentiment, res["sentiment_scores"]


def test_subject_ranker_prefers_the_specific_name():
    """With equal model scores, the candidate whose name is part of another's (小资 in 小资钱包) is not
    the subject; a checkpoint without a ranker falls back to the negative score."""
    from nlp import subject

    ranker = json.loads((MODEL / "config.json").read_text(encoding="utf-8"))["subject_ranker"]
    assert ranker["features"] == list(subject.FEATURES)
    text = "小资钱包涉嫌非法集资被立案侦查，小资钱包的出借人已报案。"
    short = subject.example_features(text, "小资", ["小资钱包"], 0.8, 0.5)
    full = subject.example_features(text, "小资钱包", ["小资"], 0.8, 0.5)
    assert subject.score(ranker, full) > subject.score(ranker, short)
    assert subject.score(None, subject.example_features(text, "小资钱包", [], 0.9, 0.1)) > \
        subject.score(None, subject.example_features(text, "小资", [], 0.8, 0.9))


def test_a_party_like_name_alone_does_not_make_good_news_negative(analyzer):
    """The name prior (nlp/names.py) only weighs candidates of one text against each other: a long
    official name that looks like the parties of negative news gets no push when it is the only one named."""
    res = analyzer.analyze([{"id": "report", "title": "横琴国际知识产权交易中心有限公司发布年度报告",
                             "text": "横琴国际知识产权交易中心有限公司发布2023年度运营报告，全年完成知识产权交易额12亿元，同比增长15%。"}])[0]
    ent = by_id(res)["unit-hengqin"]
    assert ent["sentiment"] != "negative", ent
