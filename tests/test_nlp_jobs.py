"""nlp.jobs.analyze_pending against the real Elasticsearch."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipwatch.context import AppContext
from ipwatch.store import doc_id
from ipwatch.store.text import segment
from ipwatch.taxonomy import CODES

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not (ROOT / "models" / "ipwatch-zh-risk" / "config.json").exists(),
                                reason="shipped model missing")


def article(url: str, title: str, text: str, published: str, analysis: dict) -> dict:
    return {"id": doc_id(url), "url": url, "canonical_url": url, "source": "test", "source_type": "news",
            "title": title, "title_seg": segment(title), "text": text, "text_seg": segment(text),
            "published_at": published, "published_at_source": "page", "fetched_at": published,
            "outlet": "测试网", "query_entity": None, "duplicate_of": None, "analysis": analysis}


def test_analyze_pending_fills_analysis_and_is_idempotent(store, settings):
    from datetime import datetime

    from nlp.jobs import analyze_pending

    docs = [
        article("https://news.example/1", "华信代理被罚",
                "9月5日，北京市市场监督管理局对北京华信知识产权代理有限公司作出行政处罚，罚款20万元。",
                "2023-09-08T10:00:00+08:00", {"status": "pending"}),
        article("https://news.example/2", "对接会举行", "华兴银行股份有限公司举办知识产权质押融资对接会。",
                "2023-10-02T10:00:00+08:00", {"status": "pending"}),
        article("https://news.example/3", "旧文", "已经分析过的文章。", "2023-09-01T10:00:00+08:00",
                {"status": "done", "model": "earlier", "sentiment": "neutral"}),
    ]
    store.write([{"_index": store.ix.article_index(datetime.fromisoformat(d["published_at"])), "_id": d["id"],
                  "_source": d} for d in docs])
    store.refresh()
    app = AppContext(settings=settings)

    counts = analyze_pending(app)
    assert counts["analyzed"] == 2 and counts["written"] == 2 and counts["failed"] == 0
    store.refresh()
    got = {h["_id"]: h for h in store.scan(store.ix.name("articles"))}
    first = got[docs[0]["id"]]
    assert first["_index"] == store.ix.article_index(datetime(2023, 9, 1))
    a = first["_source"]["analysis"]
    assert a["status"] == "done" and a["subject"] == "hx-patent"
    assert a["entity_ids"] == ["hx-patent"] and a["negative_entity_ids"] == ["hx-patent"]
    assert set(a["risk_scores"]) == set(CODES) and set(a["risk_types"]) <= set(CODES)
    assert a["sentiment"] in ("negative", "neutral", "positive") and 0 <= a["severity"] <= 1
    assert a["event_date"] == "2023-09-05" and a["event_date_source"] == "text"
    assert first["_source"]["title_seg"] == docs[0]["title_seg"]      # the rest of the article is kept
    assert got[docs[1]["id"]]["_index"] == store.ix.article_index(datetime(2023, 10, 1))
    assert got[docs[2]["id"]]["_source"]["analysis"]["model"] == "earlier"   # not pending: untouched

    again = analyze_pending(app)
    assert again["analyzed"] == 0 and again["written"] == 0
    store.refresh()
    assert store.search(store.ix.name("articles"), size=0, track_total_hits=True)["hits"]["total"]["value"] == 3
