"""Texts in traditional characters (Hong Kong filings, Hong Kong, Macau and Taiwan news): read as simplified, quoted
and pointed at as crawled (nlp/hanzi.py)."""

from __future__ import annotations

import pytest

from nlp.hanzi import simplified
from tests.matters_support import analyzer, needs_head  # noqa: F401 - analyzer is a fixture


def test_a_traditional_text_is_read_in_simplified_characters_of_the_same_length():
    text = "本公司董事會宣佈，張某某先生因個人工作安排辭任本公司執行董事及董事會主席職務。"
    read = simplified(text)
    assert read == "本公司董事会宣布，张某某先生因个人工作安排辞任本公司执行董事及董事会主席职务。"
    assert len(read) == len(text)


@pytest.mark.parametrize("text", ["独立董事沈重英申请辞职", "乾照光电(300102)股东拟减持", "恒顺众昇迟迟不披露",
                                  "某知识产权运营中心主任王某某调任市市场监管局副局长"])
def test_a_simplified_text_with_a_name_that_looks_traditional_is_left_as_it_is(text):
    """OpenCC would make 沈重 沉重 and 乾照 干照: the names would no longer match the watchlist."""
    assert simplified(text) == text


@needs_head
def test_a_hong_kong_style_report_of_a_watched_centres_manager_resigning_is_read_and_quoted_as_crawled(analyzer):
    """Before stop 54 such a text was read as nothing: no matter, no watched name (the watchlist is simplified)."""
    text = ("據悉，橫琴國際知識產權交易中心有限公司總經理陳某某因個人原因已辭任，由副總經理林某某暫代其職務。"
            "該中心舉辦的知識產權交易對接會如期舉行。")
    res = analyzer.analyze([{"id": "hk1", "title": "", "text": text}])[0]
    found = [m for m in res["matters"] if m["code"] == "leadership_change"]
    assert found and found[0]["status"] == "occurred", res["matters"]
    s, e = found[0]["span"]
    assert text[s:e] == found[0]["evidence"] and "辭任" in found[0]["evidence"]
    assert "leadership_change" in res["risk_types"]
    assert "横琴国际知识产权交易中心有限公司" in [e["name"] for e in res["entities"]]


@needs_head
def test_a_traditional_text_that_states_no_matter_raises_none(analyzer):
    text = "本公司董事會謹此提醒股東及潛在投資者於買賣本公司股份時務請審慎行事。本公司業務營運一切正常。"
    res = analyzer.analyze([{"id": "hk2", "title": "", "text": text}])[0]
    assert res["risk_types"] == [], res["matters"]
