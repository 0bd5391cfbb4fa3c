"""The Elasticsearch store against a real node: templates, idempotency, concurrency, spool."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest

from ipwatch.errors import ConflictError
from ipwatch.settings import load_settings
from ipwatch.store import Store, doc_id
from ipwatch.store.text import segment

from tests.conftest import ROOT, drop_prefix, es_ctl


def test_setup_reports_created_then_unchanged(settings) -> None:
    st = Store(settings)
    try:
        first = dict(st.setup())
        assert first[f"index template {settings.es.index_prefix}-articles"] == "created"
        assert first[f"index {settings.es.index_prefix}-duties"] == "created"
        second = st.setup()
        assert {status for _, status in second} == {"unchanged"}
    finally:
        drop_prefix(st)


def test_articles_go_to_monthly_indices_behind_alias(store: Store) -> None:
    ix = store.ix
    docs = [("https://a.example/1", datetime(2024, 5, 3, tzinfo=timezone.utc), "北京某专利代理机构被罚款"),
            ("https://a.example/2", datetime(2024, 6, 9, tzinfo=timezone.utc), "知识产权运营平台召开会议")]
    store.write({"_index": ix.article_index(when), "_id": doc_id(url),
                 "_source": {"url": url, "title": title, "title_seg": segment(title),
                             "published_at": when.isoformat()}} for url, when, title in docs)
    store.refresh()
    assert store.es.indices.exists(index=ix.article_index(docs[0][1]))
    assert store.es.indices.exists(index=ix.article_index(docs[1][1]))
    hits = store.search(ix.name("articles"), query={"match": {"title_seg": "罚款"}})["hits"]["hits"]
    assert [h["_source"]["url"] for h in hits] == ["https://a.example/1"]
    agg = store.search(ix.name("articles"), size=0,
                       aggs={"t": {"terms": {"field": "title.keyword"}}})["aggregations"]["t"]["buckets"]
    assert len(agg) == 2


def test_retried_write_never_duplicates(store: Store) -> None:
    index = store.ix.name("events")
    action = {"_index": index, "_id": doc_id("hx-patent", "administrative_penalty", "2024-05-03"),
              "_source": {"entity_id": "hx-patent", "risk_type": "administrative_penalty"}}
    for _ in range(3):
        assert store.write([action]).written == 1
    store.refresh(index)
    assert store.es.count(index=index)["count"] == 1


def test_mapping_error_is_reported_not_retried(store: Store) -> None:
    index = store.ix.name("events")
    res = store.write([{"_index": index, "_id": "x", "_source": {"event_date": "not a date"}},
                       {"_index": index, "_id": "y", "_source": {"event_date": "2024-01-02"}}])
    assert res.written == 1 and len(res.failed) == 1 and res.failed[0]["_id"] == "x"


def test_optimistic_concurrency_detects_lost_update(store: Store) -> None:
    index = store.ix.name("ratings")
    store.put(index, "e1", {"entity_id": "e1", "score": 100.0}, None)
    a = store.get(index, "e1")
    b = store.get(index, "e1")
    store.put(index, "e1", {**a.source, "score": 90.0}, a)
    with pytest.raises(ConflictError):
        store.put(index, "e1", {**b.source, "score": 80.0}, b)
    with pytest.raises(ConflictError):
        store.put(index, "e1", {"entity_id": "e1"}, None)  # create when it exists


def test_concurrent_updates_lose_nothing(store: Store) -> None:
    index = store.ix.name("duties")
    store.put(index, "d1", {"id": "d1", "reminders_sent": []}, None)

    def add(tag: str) -> None:
        for i in range(10):
            store.update(index, "d1", lambda d: {**d, "reminders_sent": [*d["reminders_sent"], f"{tag}{i}"]})

    threads = [threading.Thread(target=add, args=(t,)) for t in "abc"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sent = store.get(index, "d1").source["reminders_sent"]
    assert sorted(sent) == sorted(f"{t}{i}" for t in "abc" for i in range(10))


@pytest.fixture
def second_node():
    """A second real node on its own port, which this test may stop without disturbing others."""
    port = "9250"
    es_ctl("start", port)
    yield f"http://127.0.0.1:{port}"
    es_ctl("stop", port)


def test_spool_survives_server_stop_and_replays_in_order(second_node, tmp_path) -> None:
    env = {"IPWATCH_ES__URL": second_node, "IPWATCH_ES__INDEX_PREFIX": "spooltest",
           "IPWATCH_SPOOL__DIR": str(tmp_path / "spool"), "IPWATCH_ES__REQUEST_TIMEOUT": "3"}
    settings = load_settings(ROOT / "config", env=env)
    store = Store(settings)
    store.es.options(ignore_status=404).indices.delete(index="spooltest-*")
    store.setup()
    index = store.ix.name("events")
    assert store.write([{"_index": index, "_id": "before", "_source": {"title": "写入于停机前"}}]).written == 1

    es_ctl("stop", "9250")
    r1 = store.write([{"_index": index, "_id": f"down-{i}", "_source": {"title": f"停机期间 {i}", "severity": 0.1}}
                      for i in range(50)])
    # the same id written twice while down: the later version must win after replay
    r2 = store.write([{"_index": index, "_id": "down-0", "_source": {"title": "停机期间 0 修订", "severity": 0.9}}])
    assert (r1.spooled, r2.spooled) == (50, 1)
    assert store.spool.count() == 51
    # a fresh process (new Store) sees the same spool on disk
    store2 = Store(load_settings(ROOT / "config", env=env))
    assert store2.spool.count() == 51

    es_ctl("start", "9250")
    assert store2.replay_spool() == 51
    assert store2.spool.count() == 0
    store2.refresh()
    assert store2.es.count(index=index)["count"] == 51
    assert store2.get(index, "down-0").source["severity"] == 0.9
    # replaying again (e.g. after a crash mid-replay) changes nothing
    assert store2.replay_spool() == 0
    store2.es.options(ignore_status=404).indices.delete(index="spooltest-*")


def test_a_write_refused_on_replay_goes_to_the_dead_letter_file_and_can_be_requeued(store: Store) -> None:
    index = store.ix.name("events")
    store.spool.append([{"_index": index, "_id": "bad", "_source": {"title": "坏字段", "severity": "很高"}},
                        {"_index": index, "_id": "good", "_source": {"title": "正常", "severity": 0.4}}])
    assert store.replay_spool() == 1                     # the good one; the bad one is not "replayed"
    dead = store.spool.dead_letters()
    assert [(d["action"]["_id"], d["status"]) for d in dead] == [("bad", 400)]
    assert "severity" in str(dead[0]["error"])
    assert store.spool.count() == 0
    assert store.spool.requeue_dead() == 1 and store.spool.dead_letters() == []
    assert store.spool.count() == 1                      # back in the queue for after the fix


def test_a_full_spool_refuses_the_write_and_reports_it(settings, tmp_path) -> None:
    down = settings.model_copy(update={"es": settings.es.model_copy(update={"url": "http://127.0.0.1:9",
                                                                            "max_retries": 0, "request_timeout": 1.0}),
                                       "spool": settings.spool.model_copy(update={"max_bytes": 200})})
    st = Store(down)
    r = st.write([{"_index": "x", "_id": str(i), "_source": {"text": "长文" * 50}} for i in range(3)])
    assert r.spooled == 0 and r.written == 0
    assert [f["status"] for f in r.failed] == ["spool_full"] * 3 and "spool.max_bytes" in r.failed[0]["error"]
    assert st.spool.count() == 0


def test_retention_deletes_whole_months_past_the_limit_and_nothing_else(store: Store) -> None:
    from datetime import datetime, timezone

    from ipwatch.store.retention import apply_retention

    for month in ("2019-01-15", "2023-11-30", "2023-12-01", "2026-11-02"):
        when = datetime.fromisoformat(month)
        store.write([{"_index": store.ix.article_index(when), "_id": month, "_source": {"title": month}}])
    store.index(store.ix.name("events"), "e1", {"title": "2019 年的处罚事件"})
    now = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)              # cut-off: 2023-12-01 (1095 days)
    r = apply_retention(store, 1095, now)
    assert r["deleted"] == [store.ix.monthly("articles", datetime(2019, 1, 1)),
                            store.ix.monthly("articles", datetime(2023, 11, 1))]
    store.refresh()
    left = {h["_id"] for h in store.scan(store.ix.name("articles"))}
    assert left == {"2023-12-01", "2026-11-02"}
    assert store.get(store.ix.name("events"), "e1") is not None       # the record stays
    assert r["ilm"] in ("applied", "unavailable")
    assert apply_retention(store, 0, now)["deleted_indices"] == 0      # 0 keeps everything
